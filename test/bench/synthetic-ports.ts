/**
 * A SYNTHETIC dataset of many ports for the suite benchmark, built in code with assembleDataset(): ports
 * SYN_P01..SYN_Pnn with tonnages by source category for three pollutants over 2005-2023, throughput,
 * published % changes, targets, regional context and milestones. Every figure comes from a formula
 * below; none is real. Also the 20 chart jobs drawn for each port (every chart that takes a port).
 */
import { assembleDataset, type Dataset } from '../../src/ingest/dataset.ts';
import type { ChartFilters } from '../../src/charts/types.ts';
import type { Pollutant, Port, Release, SourceCategory, Unit } from '../../src/schema/codelists.ts';
import type { EmissionsRecord, IndicatorRecord, MilestoneRecord, RegionalRecord, TargetRecord, ThroughputRecord } from '../../src/schema/records.ts';

const SOURCE = 'SYNTHETIC_SUITE';
const refs = [SOURCE];
const YEARS = Array.from({ length: 19 }, (_, i) => 2005 + i);

const CATEGORIES: SourceCategory[] = [
  { code: 'all', label: 'All sources', parent: undefined, note: '' },
  { code: 'ocean_going_vessels', label: 'Ocean-going vessels', parent: undefined, note: '' },
  { code: 'harbor_craft', label: 'Harbor craft', parent: undefined, note: '' },
  { code: 'cargo_handling_equipment', label: 'Cargo-handling equipment', parent: undefined, note: '' },
  { code: 'locomotives', label: 'Locomotives', parent: undefined, note: '' },
  { code: 'heavy_duty_vehicles', label: 'Heavy-duty vehicles', parent: undefined, note: '' },
];
/** Each category's share of a port's tons in 2005 and the yearly factor it declines by (invented). */
const CATEGORY_PROFILE: Record<string, [number, number]> = {
  ocean_going_vessels: [0.45, 0.94],
  harbor_craft: [0.15, 0.96],
  cargo_handling_equipment: [0.12, 0.9],
  locomotives: [0.1, 0.95],
  heavy_duty_vehicles: [0.18, 0.88],
};
const POLLUTANTS: Pollutant[] = [
  { code: 'NOx', label: 'Nitrogen oxides', group: 'criteria', note: '' },
  { code: 'DPM', label: 'Diesel particulate matter', group: 'toxic', note: '' },
  { code: 'SOx', label: 'Sulfur oxides', group: 'criteria', note: '' },
];
const POLLUTANT_SCALE: Record<string, number> = { NOx: 10_000, DPM: 600, SOx: 3_000 };
const UNITS: Unit[] = [
  { code: 'ton_per_year', label: 'tons per year', quantity: 'mass_rate', mass: 'ton_unspecified', per: 'year', note: '' },
  { code: 'ton_per_day', label: 'tons per day', quantity: 'mass_rate', mass: 'ton_unspecified', per: 'day', note: '' },
  { code: 'percent', label: 'percent', quantity: 'percent', mass: undefined, per: undefined, note: '' },
];

/** The code of synthetic port `i` (1-based). */
export function syntheticPort(i: number): string {
  return `SYN_P${String(i).padStart(2, '0')}`;
}

/**
 * A SYNTHETIC dataset of ports 1..`count` (see the module comment), or of port `only` alone (the same
 * figures it has among the others). Deterministic.
 */
export function syntheticPortsDataset(count: number, only?: number): Dataset {
  const numbers = only === undefined ? Array.from({ length: count }, (_, i) => i + 1) : [only];
  const codes = numbers.map(syntheticPort);
  const ports: Port[] = numbers.map((n) => ({ code: syntheticPort(n), label: `Synthetic port ${n}`, kind: 'port', members: [], note: 'synthetic' }));
  const releases: Release[] = codes.map((code) => ({ release_id: `${code}_EI`, label: `${code} inventory 2005-2023 (synthetic)`, port: code, published: '2024', note: '', source_ref: refs }));
  const emissions: EmissionsRecord[] = [];
  const throughput: ThroughputRecord[] = [];
  const indicators: IndicatorRecord[] = [];
  codes.forEach((port, i) => {
    const p = numbers[i]! - 1;
    const size = 1 + (p % 7) * 0.25;
    for (const year of YEARS) {
      const t = year - 2005;
      throughput.push({ port, year, teu: Math.round(1_000_000 * size * (1 + 0.03 * t - (year === 2009 ? 0.12 : 0))), precision: 'exact', period: 'calendar_year', note: '', source_ref: refs });
      for (const { code: pollutant } of POLLUTANTS) {
        let total = 0;
        for (const [category, [share, decline]] of Object.entries(CATEGORY_PROFILE)) {
          const value = Math.round(POLLUTANT_SCALE[pollutant]! * size * share * decline ** t * (1 + ((p + t) % 5) * 0.01));
          total += value;
          emissions.push(tons(port, year, category, pollutant, value));
        }
        emissions.push(tons(port, year, 'all', pollutant, total));
        if (year >= 2010 && year % 4 === 2) {
          const base = emissions.find((e) => e.port === port && e.year === 2005 && e.pollutant === pollutant && e.source_category === 'all')!.value;
          indicators.push({
            port,
            year,
            source_category: 'all',
            pollutant,
            indicator: 'pct_change',
            metric: 'absolute',
            relative_to: 'CAAP_2005',
            value: Math.round(((total - base) / base) * 100),
            unit: 'percent',
            qualifier: 'exact',
            release: undefined,
            note: '',
            source_ref: refs,
          });
        }
      }
    }
  });
  const target = (id: string, pollutant: string, year: number, value: number): TargetRecord => ({
    target_id: id,
    programme: 'Synthetic programme (benchmark)',
    scope: 'synthetic',
    ports: codes,
    pollutant,
    item: '',
    target_year: year,
    period: '',
    baseline_id: 'CAAP_2005',
    kind: 'reduction_vs_baseline',
    value,
    value_max: undefined,
    unit: 'percent',
    conflict_group: undefined,
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
  const milestone = (id: string, date: string, kind: string, phase: number | undefined, categories: string[]): MilestoneRecord => ({
    milestone_id: id,
    agreement: 'Synthetic agreement',
    date,
    date_precision: 'day',
    kind,
    scope: 'synthetic ports',
    phase,
    source_categories: categories,
    detail: '',
    source_ref: refs,
  });
  return assembleDataset(
    { name: 'synthetic-ports', title: `SYNTHETIC benchmark dataset: ${count} invented ports (not real data)`, hash: 'synthetic0000000000000000', defaultBaseline: 'CAAP_2005' },
    {
      ports,
      source_categories: CATEGORIES,
      pollutants: POLLUTANTS,
      units: UNITS,
      releases,
      sources: [{ source_ref: SOURCE, title: 'Synthetic values generated by test/bench/synthetic-ports.ts (not real data)', url: '', publisher_type: 'test', evidence: 'formula', confidence: 'D', confidence_note: '' }],
      baselines: [{ baseline_id: 'CAAP_2005', label: 'Synthetic 2005 baseline', port: 'all', year: 2005, programme: 'synthetic', note: '', source_ref: refs }],
      emissions,
      indicators,
      throughput,
      targets: [target('SYN_NOX_2023', 'NOx', 2023, 59), target('SYN_DPM_2020', 'DPM', 2020, 77), target('SYN_SOX_2014', 'SOx', 2014, 93)],
      regional: [
        regional('Synthetic basin', 2018, 'NOx total', 300, 'ton_per_day', 'inventory'),
        regional('Synthetic basin', 2030, 'NOx total baseline', 200, 'ton_per_day', 'projection'),
        regional('Synthetic basin', 2037, 'NOx carrying capacity', 60, 'ton_per_day', 'planning_target'),
        regional('Synthetic basin ocean-going vessels', 2030, 'NOx (projected)', 30, 'ton_per_day', 'projection'),
      ],
      milestones: [
        milestone('SYN_APPROVE', '2025-11-07', 'approval', undefined, []),
        milestone('SYN_PHASE1', '2027-12-31', 'plan_due', 1, ['cargo_handling_equipment', 'heavy_duty_vehicles']),
        milestone('SYN_PHASE2', '2028-12-31', 'plan_due', 2, ['harbor_craft']),
      ],
    },
  );
}

function tons(port: string, year: number, source_category: string, pollutant: string, value: number): EmissionsRecord {
  return {
    port,
    year,
    source_category,
    pollutant,
    metric: 'absolute',
    value,
    unit: 'ton_per_year',
    qualifier: 'exact',
    release: `${port}_EI`,
    basis: 'inventory',
    baseline: undefined,
    note: '',
    source_ref: refs,
  };
}

/** One chart to draw: a chart id with its filters. */
export interface ChartJob {
  id: string;
  filters: ChartFilters;
}

/** The 20 charts drawn for each port: every port-level chart, for the pollutants it is about. */
export function portChartJobs(port: string): ChartJob[] {
  const jobs: ChartJob[] = [];
  const add = (id: string, pollutants: (string | undefined)[]) => {
    for (const pollutant of pollutants) jobs.push({ id, filters: pollutant === undefined ? { port } : { port, pollutant } });
  };
  add('reductions', ['NOx', 'DPM', 'SOx']);
  add('emissions', ['NOx', 'DPM', 'SOx']);
  add('intensity', ['NOx', 'DPM']);
  add('category-shares', ['NOx', 'DPM']);
  add('category-dumbbell', ['NOx', 'DPM']);
  add('decomposition', ['NOx', 'DPM']);
  add('projection', ['NOx', 'DPM']);
  add('reconciliation', ['NOx', 'DPM']);
  add('targets', [undefined]);
  add('throughput', [undefined]);
  return jobs;
}
