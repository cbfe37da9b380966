/**
 * Chart data of `decomposition`: the change of a port's tons between two years split by additive LMDI into
 * activity (TEU), intensity (tons per TEU) and structure (category mix) effects; one panel per pollutant.
 */
import { PortEmissionsError } from '../../errors.ts';
import type { Dataset } from '../../ingest/dataset.ts';
import { inventoryTonnages, unique } from '../common.ts';
import { DECOMPOSE_CANDIDATE_WORDS, decomposeChange } from '../decompose.ts';
import { rowsOf, type DecompositionRow } from '../types.ts';
import { chartBaseline, chartData, filterWords, releaseChoices, resolveChartBaseline } from './common.ts';
import { fillMsg } from './messages.ts';
import type { ChartColumn, ChartData, ChartOptions } from './types.ts';

/** Pollutant panels drawn at most. */
export const MAX_DECOMPOSITION_PANELS = 3;

/** The decompositions shown: per pollutant of the chosen port, where the total change is computable. */
export function decompositionRows(dataset: Dataset, options: ChartOptions): DecompositionRow[][] {
  const tonnages = inventoryTonnages(dataset);
  const portCodes = options.port !== undefined ? [options.port] : [...dataset.codelists.ports.values()].filter((p) => p.kind !== 'combined').map((p) => p.code);
  const pollutantCodes = options.pollutant !== undefined ? [options.pollutant] : [...dataset.codelists.pollutants.keys()];
  for (const port of portCodes) {
    const panels: DecompositionRow[][] = [];
    for (const pollutant of pollutantCodes) {
      const members = dataset.codelists.ports.get(port)?.members ?? [];
      if (!tonnages.some((t) => t.pollutant === pollutant && (t.port === port || members.includes(t.port)))) continue;
      let rows: DecompositionRow[];
      try {
        rows = rowsOf(
          decomposeChange(dataset, { port, pollutant, ...(options.from === undefined || options.baseline !== undefined ? { baseline: resolveChartBaseline(dataset, options) } : {}), ...(options.from === undefined ? {} : { from: options.from }), ...(options.to === undefined ? {} : { to: options.to }) }),
        );
      } catch (error) {
        // A default port or pollutant the decomposition cannot start from is skipped; the user's own choice is reported.
        if (error instanceof PortEmissionsError && options.port === undefined && options.pollutant === undefined) continue;
        throw error;
      }
      if (rows.some((r) => r.effect === 'total' && r.value !== null && r.to_year !== r.from_year) && rows.some((r) => r.effect === 'activity' && r.value !== null)) panels.push(rows);
      if (panels.length === MAX_DECOMPOSITION_PANELS) break;
    }
    if (panels.length > 0) return panels;
  }
  return [];
}

/** The sources of the tonnages and TEU figures behind the decompositions. */
export function sourceRefsOfDecomposition(dataset: Dataset, rows: readonly DecompositionRow[]): string[] {
  const refs: string[] = [];
  for (const key of unique(rows.map((r) => `${r.port}\u0000${r.pollutant}\u0000${r.from_year}\u0000${r.to_year}\u0000${r.release ?? ''}`))) {
    const [port, pollutant, from, to, release] = key.split('\u0000') as [string, string, string, string, string];
    const releases = release.split('+');
    const members = dataset.codelists.ports.get(port)?.members ?? [];
    const ports = [port, ...members];
    for (const e of dataset.records.emissions) {
      if (ports.includes(e.port) && e.pollutant === pollutant && releases.includes(e.release) && (e.year === Number(from) || e.year === Number(to))) refs.push(...e.source_ref);
    }
    for (const t of dataset.records.throughput) {
      if (ports.includes(t.port) && (t.year === Number(from) || t.year === Number(to))) refs.push(...t.source_ref);
    }
  }
  return unique(refs);
}

export const DECOMPOSITION_CHART_COLUMNS: ChartColumn[] = [
  { name: 'port', description: 'port code', unit: '' },
  { name: 'pollutant', description: 'pollutant code', unit: '' },
  { name: 'from_year', description: 'first year', unit: '' },
  { name: 'to_year', description: 'second year', unit: '' },
  { name: 'effect', description: 'activity (TEU), intensity (tons per TEU), structure (category mix) or total', unit: '' },
  { name: 'value', description: 'change in tons per year due to the effect', unit: 't/yr', decimals: 1 },
  { name: 'unit', description: 'unit code of the change', unit: '' },
  { name: 'approximate', description: 'whether a TEU figure used is rounded or derived', unit: '' },
  { name: 'release', description: 'data release of the tons', unit: '' },
  { name: 'reason', description: 'why an effect is missing', unit: '' },
];

/** The chart data of `decomposition`. */
export interface DecompositionChartData extends ChartData<DecompositionRow> {
  /** One decomposition (rows of one pollutant) per panel. */
  decompositions: DecompositionRow[][];
}

/** The data of the `decomposition` chart ({@link decompositionRows}). */
export function decompositionChartData(dataset: Dataset, options: ChartOptions): DecompositionChartData {
  const panels = decompositionRows(dataset, options);
  const all = panels.flat();
  const structureReasons = all.filter((r) => r.effect === 'structure' && r.value === null && r.reason !== '');
  const unit = all[0]?.unit ?? '';
  return chartData({
    chartId: 'decomposition',
    options,
    records: all,
    columns: DECOMPOSITION_CHART_COLUMNS,
    measure: { field: 'value', unit: dataset.codelists.units.get(unit)?.label ?? unit, axis: { title: `change, ${dataset.codelists.units.get(unit)?.label ?? unit}`, unit: 't', factor: 1, decimals: 3, percent: false } },
    panels: panels.length === 0 ? [''] : panels.map((rows) => rows[0]!.pollutant),
    releases: releaseChoices(dataset, all.filter((r) => r.effect === 'total').map((r) => r.release), DECOMPOSE_CANDIDATE_WORDS),
    // Given both years, a decomposition needs no baseline.
    baseline: options.from !== undefined && options.baseline === undefined ? null : chartBaseline(dataset, resolveChartBaseline(dataset, options)),
    gaps: structureReasons.length > 0 ? [{ missing: 'the structure (category mix) effect', fill: fillMsg.tonsByCategory }] : [],
    missing: panels.length === 0 ? { missing: `a decomposition of the change${filterWords(dataset, options)}`, fill: fillMsg.decomposition } : null,
    sourceRefs: sourceRefsOfDecomposition(dataset, all),
    decompositions: panels,
  });
}
