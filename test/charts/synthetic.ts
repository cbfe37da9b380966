/**
 * SYNTHETIC datasets for the chart tests, built in code with assembleDataset(). Not real data: the values
 * are round numbers chosen so that every figure a chart prints can be checked by hand in the test.
 */
import { assembleDataset, type Dataset, type DatasetRecords } from '../../src/ingest/dataset.ts';
import type { Pollutant, Port, Release, SourceCategory, Unit } from '../../src/schema/codelists.ts';
import type { EmissionsRecord, IndicatorRecord, MilestoneRecord, RegionalRecord, TargetRecord, ThroughputRecord } from '../../src/schema/records.ts';

/** The one source every synthetic row cites. */
export const SOURCE = 'SYNTHETIC_CHARTS';
const refs = [SOURCE];

export const PORTS: Port[] = [
  { code: 'POLA', label: 'Port A (synthetic)', kind: 'port', members: [], note: '' },
  { code: 'POLB', label: 'Port B (synthetic)', kind: 'port', members: [], note: '' },
  { code: 'SPB', label: 'Ports A+B (synthetic)', kind: 'combined', members: ['POLA', 'POLB'], note: '' },
];

export const CATEGORIES: SourceCategory[] = [
  { code: 'all', label: 'All sources', parent: undefined, note: '' },
  { code: 'ocean_going_vessels', label: 'Ocean-going vessels', parent: undefined, note: '' },
  { code: 'harbor_craft', label: 'Harbor craft', parent: undefined, note: '' },
  { code: 'cargo_handling_equipment', label: 'Cargo-handling equipment', parent: undefined, note: '' },
  { code: 'locomotives', label: 'Locomotives', parent: undefined, note: '' },
  { code: 'heavy_duty_vehicles', label: 'Heavy-duty vehicles', parent: undefined, note: '' },
  { code: 'shore_power_test', label: 'Shore power (a code without a fixed colour)', parent: undefined, note: '' },
];

export const POLLUTANTS: Pollutant[] = [
  { code: 'DPM', label: 'Diesel particulate matter', group: 'toxic', note: '' },
  { code: 'NOx', label: 'Nitrogen oxides', group: 'criteria', note: '' },
];

export const UNITS: Unit[] = [
  { code: 'ton_per_year', label: 'tons per year', quantity: 'mass_rate', mass: 'ton_unspecified', per: 'year', note: '' },
  { code: 'ton_per_day', label: 'tons per day', quantity: 'mass_rate', mass: 'ton_unspecified', per: 'day', note: '' },
  { code: 'percent', label: 'percent', quantity: 'percent', mass: undefined, per: undefined, note: '' },
];

export const RELEASES: Release[] = [
  { release_id: 'A_EI', label: 'Port A inventory 2005-2010 (synthetic): test values', port: 'POLA', published: '2011', note: '', source_ref: refs },
  { release_id: 'B_EI', label: 'Port B inventory by category (synthetic)', port: 'POLB', published: '2011', note: '', source_ref: refs },
];

const tons = (port: string, year: number, pollutant: string, value: number, extra: Partial<EmissionsRecord> = {}): EmissionsRecord => ({
  port,
  year,
  source_category: 'all',
  pollutant,
  metric: 'absolute',
  value,
  unit: 'ton_per_year',
  qualifier: 'exact',
  release: port === 'POLB' ? 'B_EI' : 'A_EI',
  basis: 'inventory',
  baseline: undefined,
  note: '',
  source_ref: refs,
  ...extra,
});

const published = (port: string, year: number, pollutant: string, value: number): IndicatorRecord => ({
  port,
  year,
  source_category: 'all',
  pollutant,
  indicator: 'pct_change',
  metric: 'absolute',
  relative_to: 'CAAP_2005',
  value,
  unit: 'percent',
  qualifier: 'exact',
  release: undefined,
  note: '',
  source_ref: refs,
});

const teu = (port: string, year: number, value: number, precision: ThroughputRecord['precision'] = 'exact'): ThroughputRecord => ({
  port,
  year,
  teu: value,
  precision,
  period: 'calendar_year',
  note: '',
  source_ref: refs,
});

const target = (target_id: string, pollutant: string, target_year: number, value: number, conflict_group?: string): TargetRecord => ({
  target_id,
  programme: 'Synthetic Standards (test)',
  scope: 'synthetic',
  ports: ['SPB'],
  pollutant,
  item: '',
  target_year,
  period: '',
  baseline_id: 'CAAP_2005',
  kind: 'reduction_vs_baseline',
  value,
  value_max: undefined,
  unit: 'percent',
  conflict_group,
  note: '',
  source_ref: refs,
});

const regional = (region: string, year: number, item: string, value: number, unit: string, basis: RegionalRecord['basis']): RegionalRecord => ({
  region,
  year,
  period: '',
  item,
  pollutant: 'NOx',
  value,
  unit,
  qualifier: 'exact',
  basis,
  note: '',
  source_ref: refs,
});

const milestone = (milestone_id: string, date: string, kind: string, phase: number | undefined, source_categories: string[]): MilestoneRecord => ({
  milestone_id,
  agreement: 'Synthetic Agreement',
  date,
  date_precision: 'day',
  kind,
  scope: phase === undefined ? 'Synthetic Board' : 'both ports',
  phase,
  source_categories,
  detail: '',
  source_ref: refs,
});

/** POLA DPM tons 2005-2010: 1000 down by 100 a year (so 2010 is 50% below 2005). */
export const POLA_DPM = [1000, 900, 800, 700, 600, 500] as const;

/** The synthetic records every chart test starts from. */
export function chartRecords(): Partial<DatasetRecords> & Pick<DatasetRecords, 'ports' | 'source_categories' | 'pollutants' | 'units' | 'sources' | 'emissions'> {
  return {
    ports: PORTS,
    source_categories: CATEGORIES,
    pollutants: POLLUTANTS,
    units: UNITS,
    releases: RELEASES,
    baselines: [{ baseline_id: 'CAAP_2005', label: 'Synthetic 2005 baseline', port: 'all', year: 2005, programme: 'test', note: '', source_ref: refs }],
    sources: [
      {
        source_ref: SOURCE,
        title: 'Synthetic values generated by the chart tests (not real data)',
        url: '',
        publisher_type: 'test',
        evidence: 'test/charts/synthetic.ts',
        confidence: 'D',
        confidence_note: '',
      },
    ],
    emissions: [
      ...POLA_DPM.map((v, i) => tons('POLA', 2005 + i, 'DPM', v)),
      ...[20000, 19000, 18000, 17000, 16000, 15000].map((v, i) => tons('POLA', 2005 + i, 'NOx', v)),
      tons('POLB', 2005, 'DPM', 600, { source_category: 'ocean_going_vessels' }),
      tons('POLB', 2005, 'DPM', 300, { source_category: 'heavy_duty_vehicles' }),
      tons('POLB', 2005, 'DPM', 100, { source_category: 'cargo_handling_equipment' }),
      tons('POLB', 2010, 'DPM', 240, { source_category: 'ocean_going_vessels' }),
      tons('POLB', 2010, 'DPM', 30, { source_category: 'heavy_duty_vehicles' }),
      tons('POLB', 2010, 'DPM', 30, { source_category: 'cargo_handling_equipment' }),
    ],
    indicators: [
      published('POLA', 2009, 'DPM', -45),
      published('POLA', 2010, 'DPM', -50),
      published('POLA', 2012, 'DPM', -60),
      published('POLB', 2012, 'DPM', -80),
      published('POLA', 2012, 'NOx', -30),
    ],
    throughput: [
      ...[1_000_000, 1_050_000, 1_100_000, 1_150_000, 1_200_000, 1_250_000].map((v, i) => teu('POLA', 2005 + i, v)),
      teu('POLB', 2005, 900_000, 'rounded'),
      teu('POLB', 2010, 1_000_000),
    ],
    targets: [target('STD_2009_DPM', 'DPM', 2009, 40), target('STD_2012_NOx', 'NOx', 2012, 20, 'STD_2012_NOx'), target('STD_2012_NOx_25', 'NOx', 2012, 25, 'STD_2012_NOx')],
    regional: [
      regional('Test Basin', 2018, 'NOx total', 300, 'ton_per_day', 'inventory'),
      regional('Test Basin', 2030, 'NOx total baseline', 200, 'ton_per_day', 'projection'),
      regional('Test Basin', 2037, 'NOx carrying capacity', 60, 'ton_per_day', 'planning_target'),
      regional('Test Basin ocean-going vessels', 2030, 'NOx (projected)', 30, 'ton_per_day', 'projection'),
      regional('Test Basin ocean-going vessels', 2030, 'share of mobile-source NOx (projected)', 20, 'percent', 'share'),
    ],
    milestones: [
      milestone('APPROVE', '2025-11-07', 'approval', undefined, []),
      milestone('PHASE1', '2027-12-31', 'plan_due', 1, ['cargo_handling_equipment', 'heavy_duty_vehicles']),
      milestone('PHASE2', '2028-12-31', 'plan_due', 2, ['harbor_craft']),
    ],
  };
}

/** A SYNTHETIC dataset for the chart tests; `change` edits the records first. */
export function chartDataset(change: (records: ReturnType<typeof chartRecords>) => void = () => {}): Dataset {
  const records = chartRecords();
  change(records);
  return assembleDataset({ name: 'synthetic-charts', title: 'SYNTHETIC chart test dataset (not real data)', hash: '0123456789abcdef0123', defaultBaseline: 'CAAP_2005' }, records);
}
