/**
 * Chart data of `intensity`: tons and tons per 10,000 TEU of each port and pollutant, both indexed to the
 * baseline year = 100.
 */
import type { Dataset } from '../../ingest/dataset.ts';
import { unique } from '../common.ts';
import { intensityPer10000Teu } from '../intensity.ts';
import { rowsOf, type IntensityRow } from '../types.ts';
import type { ReleasePick } from '../releases.ts';
import { chartBaseline, chartData, chooseReleasePerKey, filterWords, inRange, releaseChoices, resolveChartBaseline, seriesOf, sourceRefsOf } from './common.ts';
import { fillMsg } from './messages.ts';
import type { ChartColumn, ChartData, ChartOptions } from './types.ts';
import { normalisationFor } from '../normalisations.ts';
import { unitWordsOf } from '../../schema/units.ts';

/** Pollutant panels drawn side by side at most. */
export const MAX_INTENSITY_PANELS = 4;

/** Intensity rows with an index, one release per port, pollutant and year (the one release rule). */
export function intensitySeries(dataset: Dataset, options: ChartOptions, baselineId: string, category: string): IntensityRow[] {
  return [...intensityPicks(dataset, options, baselineId, category).keys()];
}

/** The chosen rows (in the analysis' order), each with its pick by the one release rule. */
function intensityPicks(dataset: Dataset, options: ChartOptions, baselineId: string, category: string): Map<IntensityRow, ReleasePick<IntensityRow>> {
  const rows = rowsOf(
    intensityPer10000Teu(dataset, { baseline: baselineId, category, port: options.port, pollutant: options.pollutant, from: options.from, to: options.to }),
  ).filter((r) => r.tons_index !== null && inRange(r.year, options));
  const picks = new Map(chooseReleasePerKey(dataset, rows, (r) => `${r.port}\u0000${r.pollutant}\u0000${r.year}`).map((p) => [p.row, p]));
  return new Map(rows.flatMap((r) => (picks.has(r) ? [[r, picks.get(r)!] as const] : [])));
}

export const INTENSITY_CHART_COLUMNS: ChartColumn[] = [
  { name: 'port', description: 'port code', unit: '' },
  { name: 'pollutant', description: 'pollutant code', unit: '' },
  { name: 'year', description: 'inventory year', unit: '' },
  { name: 'tons', description: 'tons per year', unit: 't/yr', decimals: 1 },
  { name: 'teu', description: 'container throughput', unit: 'TEU' },
  { name: 'teu_precision', description: 'exact, derived or rounded', unit: '' },
  { name: 'intensity', description: 'tons per 10,000 TEU', unit: 't per 10,000 TEU', decimals: 3 },
  { name: 'tons_index', description: 'tons indexed to the baseline year = 100', unit: 'index', decimals: 1 },
  { name: 'intensity_index', description: 'tons per 10,000 TEU indexed to the baseline year = 100', unit: 'index', decimals: 1 },
  { name: 'approximate', description: "whether this year's or the baseline's TEU is rounded or derived", unit: '' },
  { name: 'baseline_year', description: 'baseline year of the indices', unit: '' },
  { name: 'baseline_teu', description: 'TEU of the baseline year', unit: 'TEU' },
  { name: 'release', description: 'data release of the tons', unit: '' },
  { name: 'reason', description: 'why the intensity is missing', unit: '' },
  { name: 'source_ref', description: 'sources of the tons', unit: '' },
  { name: 'teu_source_ref', description: 'sources of the TEU', unit: '' },
];

/** The chart data of `intensity`. */
export interface IntensityChartData extends ChartData<IntensityRow> {
  /** Pollutants with data left out (more than fit in panels). */
  leftOut: string[];
  /** "POLA 2008: <reason>" for the years of a drawn series that have no intensity. */
  noIntensity: string[];
}

/**
 * The data of the `intensity` chart: series with an index beyond the baseline year, at most
 * {@link MAX_INTENSITY_PANELS} pollutants, ordered by pollutant, port and year.
 */
export function intensityChartData(dataset: Dataset, options: ChartOptions): IntensityChartData {
  const baselineId = resolveChartBaseline(dataset, options);
  const category = options.category ?? 'all';
  const picks = intensityPicks(dataset, options, baselineId, category);
  const all = [...picks.keys()];
  // A series needs an index beyond its baseline year to say anything.
  const keyOf = (r: IntensityRow) => `${r.port}\u0000${r.pollutant}`;
  const useful = new Set(all.filter((r) => r.baseline_year !== null && r.year !== r.baseline_year && r.intensity_index !== null).map(keyOf));
  const rows = all.filter((r) => useful.has(keyOf(r)));
  const pollutantCodes = [...dataset.codelists.pollutants.keys()];
  const portCodes = [...dataset.codelists.ports.keys()];
  const pollutantsAll = pollutantCodes.filter((c) => rows.some((r) => r.pollutant === c));
  const pollutants = pollutantsAll.slice(0, MAX_INTENSITY_PANELS);
  const shown = rows.filter((r) => pollutants.includes(r.pollutant));
  const portRank = new Map(portCodes.map((c, i) => [c, i]));
  const pollutantRank = new Map(pollutantCodes.map((c, i) => [c, i]));
  shown.sort((a, b) => pollutantRank.get(a.pollutant)! - pollutantRank.get(b.pollutant)! || portRank.get(a.port)! - portRank.get(b.port)! || a.year - b.year);
  const baseline = chartBaseline(dataset, baselineId);
  return chartData({
    chartId: 'intensity',
    options,
    records: shown,
    columns: INTENSITY_CHART_COLUMNS,
    measure: { field: 'intensity_index', unit: 'index', axis: { title: `Index, ${baseline.year ?? 'baseline'} = 100`, unit: 'index', factor: 1, decimals: 2, percent: false } },
    series: seriesOf(dataset, shown, 'port', { code: (r) => r.port, panel: (r) => r.pollutant, year: (r) => r.year, value: (r) => r.intensity_index }),
    panels: pollutants.length === 0 ? [''] : pollutants,
    releases: releaseChoices(dataset, shown.map((r) => picks.get(r)!)),
    baseline,
    missing: shown.length === 0 ? { missing: `${unitWordsOf(dataset.codelists.units, all[0]?.unit).mass} ${normalisationFor(dataset).label} indexed to the baseline${filterWords(dataset, options)}`, fill: fillMsg.intensity } : null,
    sourceRefs: unique([...sourceRefsOf(shown), ...shown.flatMap((r) => r.teu_source_ref)]),
    leftOut: pollutantsAll.slice(MAX_INTENSITY_PANELS),
    noIntensity: unique(all.filter((r) => useful.has(keyOf(r)) && r.intensity_index === null && r.reason !== '').map((r) => `${r.port} ${r.year}: ${r.reason}`)),
  });
}
