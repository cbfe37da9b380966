/**
 * SYNTHETIC test datasets for the analysis tests, built in code with assembleDataset(). Not real data: the
 * codelists are shaped like the San Pedro Bay dataset's, and the values are test inputs. The few figures
 * that mirror published ones (POLA DPM 891 t in 2005 and 185 t in 2012, the 2008 DPM -19% figure) are there
 * so the hand-computed expectations in the tests match the examples of issue 3; every other value is made up.
 */
import { assembleDataset, type Dataset, type DatasetRecords } from '../../src/ingest/dataset.ts';
import type {
  BaselineRecord,
  EmissionsRecord,
  IndicatorRecord,
  MilestoneRecord,
  RegionalRecord,
  TargetRecord,
  ThroughputRecord,
} from '../../src/schema/records.ts';
import type { Pollutant, Port, Release, SourceCategory, Unit } from '../../src/schema/codelists.ts';

/** The one source every synthetic row cites. */
export const SYNTHETIC_SOURCE = 'SYNTHETIC_TEST';

const refs = [SYNTHETIC_SOURCE];

export const PORTS: Port[] = [
  { code: 'POLA', label: 'Port of Los Angeles (synthetic)', kind: 'port', members: [], note: '' },
  { code: 'POLB', label: 'Port of Long Beach (synthetic)', kind: 'port', members: [], note: '' },
  { code: 'SPB', label: 'San Pedro Bay ports (synthetic)', kind: 'combined', members: ['POLA', 'POLB'], note: '' },
];

export const CATEGORIES: SourceCategory[] = [
  { code: 'all', label: 'All sources', parent: undefined, note: '' },
  { code: 'ocean_going_vessels', label: 'Ocean-going vessels', parent: undefined, note: '' },
  { code: 'ogv_at_berth', label: 'OGV at berth', parent: 'ocean_going_vessels', note: '' },
  { code: 'harbor_craft', label: 'Harbor craft', parent: undefined, note: '' },
  { code: 'cargo_handling_equipment', label: 'Cargo-handling equipment', parent: undefined, note: '' },
  { code: 'locomotives', label: 'Locomotives', parent: undefined, note: '' },
  { code: 'heavy_duty_vehicles', label: 'Heavy-duty vehicles', parent: undefined, note: '' },
];

export const POLLUTANTS: Pollutant[] = [
  { code: 'DPM', label: 'Diesel particulate matter', group: 'toxic', note: '' },
  { code: 'NOx', label: 'Nitrogen oxides', group: 'criteria', note: '' },
  { code: 'SOx', label: 'Sulfur oxides', group: 'criteria', note: '' },
  { code: 'GHG', label: 'Greenhouse gases', group: 'ghg', note: '' },
];

export const UNITS: Unit[] = [
  { code: 'tons_per_year', label: 'tons per year', quantity: 'mass_rate', mass: 'ton_unspecified', per: 'year', note: '' },
  { code: 'tons_per_day', label: 'tons per day', quantity: 'mass_rate', mass: 'ton_unspecified', per: 'day', note: '' },
  { code: 'tonnes_per_year', label: 'metric tonnes per year', quantity: 'mass_rate', mass: 'metric_tonne', per: 'year', note: '' },
  { code: 'pct_change', label: 'percent change', quantity: 'percent', mass: undefined, per: undefined, note: '' },
  { code: 'pct_reduction', label: 'percent reduction', quantity: 'percent', mass: undefined, per: undefined, note: '' },
  { code: 'percent', label: 'percent', quantity: 'percent', mass: undefined, per: undefined, note: '' },
];

export const RELEASES: Release[] = [
  { release_id: 'POLA_EI_2008', label: 'POLA 2008 inventory (synthetic)', port: 'POLA', published: '2009-12', note: '', source_ref: refs },
  { release_id: 'POLA_OPEN_2013', label: 'POLA 2005-2012 open data (synthetic)', port: 'POLA', published: '2013', note: '', source_ref: refs },
  { release_id: 'POLB_EI_2012', label: 'POLB 2012 inventory (synthetic)', port: 'POLB', published: '2013-07', note: '', source_ref: refs },
];

export const BASELINES: BaselineRecord[] = [
  { baseline_id: 'CAAP_2005', label: 'CAAP 2005 baseline', port: 'all', year: 2005, programme: 'CAAP 2010 update', note: '', source_ref: refs },
  { baseline_id: 'CAAP_2001', label: 'CAAP 2001-02 baseline', port: 'POLA', year: 2001, programme: 'CAAP 2006', note: '', source_ref: refs },
  { baseline_id: 'CAAP_2001', label: 'CAAP 2001-02 baseline', port: 'POLB', year: 2002, programme: 'CAAP 2006', note: '', source_ref: refs },
  { baseline_id: 'GHG_1990', label: 'GHG 1990 baseline', port: 'all', year: 1990, programme: 'CAAP 2017 update', note: '', source_ref: refs },
];

/** An absolute inventory tonnage (tons per year, port total unless `extra` says otherwise). */
export function em(port: string, year: number, pollutant: string, value: number, extra: Partial<EmissionsRecord> = {}): EmissionsRecord {
  return {
    port,
    year,
    source_category: 'all',
    pollutant,
    metric: 'absolute',
    value,
    unit: 'tons_per_year',
    qualifier: 'exact',
    release: port === 'POLB' ? 'POLB_EI_2012' : 'POLA_OPEN_2013',
    basis: 'inventory',
    baseline: undefined,
    note: '',
    source_ref: refs,
    ...extra,
  };
}

/** A TEU figure (calendar year, exact unless told). */
export function teu(port: string, year: number, value: number, precision: ThroughputRecord['precision'] = 'exact', extra: Partial<ThroughputRecord> = {}): ThroughputRecord {
  return { port, year, teu: value, precision, period: 'calendar_year', note: '', source_ref: refs, ...extra };
}

/** A published percent change of the port total. */
export function ind(port: string, year: number, pollutant: string, value: number, relative_to: string, extra: Partial<IndicatorRecord> = {}): IndicatorRecord {
  return {
    port,
    year,
    source_category: 'all',
    pollutant,
    indicator: 'pct_change',
    metric: 'absolute',
    relative_to,
    value,
    unit: 'pct_change',
    qualifier: 'exact',
    release: undefined,
    note: '',
    source_ref: refs,
    ...extra,
  };
}

/** A reduction target against a baseline. */
export function target(target_id: string, ports: string[], pollutant: string | undefined, target_year: number | undefined, value: number | undefined, extra: Partial<TargetRecord> = {}): TargetRecord {
  return {
    target_id,
    programme: 'Synthetic programme',
    scope: 'synthetic scope',
    ports,
    pollutant,
    item: '',
    target_year,
    period: '',
    baseline_id: 'CAAP_2005',
    kind: 'reduction_vs_baseline',
    value,
    value_max: undefined,
    unit: 'pct_reduction',
    conflict_group: undefined,
    note: '',
    source_ref: refs,
    ...extra,
  };
}

/** A regional context figure. */
export function regional(region: string, year: number | undefined, item: string, value: number, unit: string, extra: Partial<RegionalRecord> = {}): RegionalRecord {
  return { region, year, period: '', item, pollutant: 'NOx', value, unit, qualifier: 'exact', basis: 'projection', note: '', source_ref: refs, ...extra };
}

/** A milestone of an agreement. */
export function milestone(milestone_id: string, date: string, phase: number | undefined, source_categories: string[]): MilestoneRecord {
  return {
    milestone_id,
    agreement: 'Synthetic agreement',
    date,
    date_precision: 'day',
    kind: phase === undefined ? 'approval' : 'plan_due',
    scope: 'synthetic',
    phase,
    source_categories,
    detail: '',
    source_ref: refs,
  };
}

/** A synthetic dataset from the default codelists and the given records. */
export function syntheticDataset(records: Partial<DatasetRecords> = {}): Dataset {
  return assembleDataset(
    { name: 'synthetic-test', title: 'SYNTHETIC test dataset (not real data)', defaultBaseline: 'CAAP_2005' },
    {
      ports: PORTS,
      source_categories: CATEGORIES,
      pollutants: POLLUTANTS,
      units: UNITS,
      releases: RELEASES,
      baselines: BASELINES,
      sources: [
        {
          source_ref: SYNTHETIC_SOURCE,
          title: 'Synthetic values generated by the test suite (not real data)',
          url: '',
          publisher_type: 'test',
          evidence: 'generated in test/helpers/synthetic-dataset.ts',
          confidence: 'D',
          confidence_note: '',
        },
      ],
      emissions: [],
      ...records,
    },
  );
}

/**
 * POLA DPM 2005-2012 port totals as test inputs (891 and 185 t as in the open-data table the issue cites;
 * the years between are test values), POLB DPM for some years, and a re-issued 2008 POLA release whose 2005
 * and 2008 values differ (a restatement).
 */
export const POLA_DPM: Record<number, number> = { 2005: 891, 2006: 947, 2007: 627, 2008: 694, 2009: 448, 2010: 277, 2011: 259, 2012: 185 };

/** A small San Pedro Bay-shaped synthetic dataset used by several test files. */
export function sanPedroLike(records: Partial<DatasetRecords> = {}): Dataset {
  const emissions: EmissionsRecord[] = [
    ...Object.entries(POLA_DPM).map(([year, value]) => em('POLA', Number(year), 'DPM', value)),
    em('POLA', 2005, 'DPM', 850, { release: 'POLA_EI_2008' }),
    em('POLA', 2008, 'DPM', 690, { release: 'POLA_EI_2008' }),
    em('POLB', 2005, 'DPM', 1000),
    em('POLB', 2007, 'DPM', 800),
    em('POLB', 2012, 'DPM', 200),
  ];
  return syntheticDataset({ emissions, ...records });
}
