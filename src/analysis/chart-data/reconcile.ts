/**
 * Chart data of `reconciliation`: every published percent change beside the same change recomputed from the
 * tonnages, with its status; published tons reduced since a baseline kept apart (they are not percentages).
 */
import type { Dataset } from '../../ingest/dataset.ts';
import { unique } from '../common.ts';
import { reconcileIndicators } from '../reconcile.ts';
import { rowsOf, type ReconcileRow } from '../types.ts';
import { defaultBaselineId } from '../baselines.ts';
import { chartData, filterWords, publishedReleasesOf, releaseChoices, sourceRefsOf } from './common.ts';
import { fillMsg } from './messages.ts';
import type { ChartColumn, ChartData, ChartOptions } from './types.ts';

export const RECONCILE_CHART_COLUMNS: ChartColumn[] = [
  { name: 'port', description: 'port code', unit: '' },
  { name: 'year', description: 'year of the figure', unit: '' },
  { name: 'source_category', description: 'source category code', unit: '' },
  { name: 'pollutant', description: 'pollutant code', unit: '' },
  { name: 'metric', description: 'absolute, or per 10,000 TEU', unit: '' },
  { name: 'relative_to', description: 'what the change is relative to (a baseline or a year)', unit: '' },
  { name: 'unit', description: 'unit of the published figure', unit: '' },
  { name: 'published', description: 'the figure as published (a % change: negative = lower)', unit: '%' },
  { name: 'computed', description: 'the same change recomputed from the tonnages (negative = lower)', unit: '%', decimals: 1, sign: 'pct_change' },
  { name: 'difference_pts', description: 'published minus recomputed', unit: 'percentage points', decimals: 1 },
  { name: 'tolerance_pts', description: "half a unit of the published figure's last digit", unit: 'percentage points' },
  { name: 'difference_t', description: 'published minus recomputed tons reduced', unit: 't', decimals: 1 },
  { name: 'tolerance_t', description: "half a unit of the published tons' last digit", unit: 't' },
  { name: 'status', description: 'agrees, differs or not_computable', unit: '' },
  { name: 'cause', description: 'the likely cause of a difference', unit: '' },
  { name: 'release', description: 'release of the published figure', unit: '' },
  { name: 'computed_release', description: 'release of the tonnages recomputed from', unit: '' },
  { name: 'source_ref', description: 'sources of the published figure', unit: '' },
];

/** The chart data of `reconciliation`. */
export interface ReconcileChartData extends ChartData<ReconcileRow> {
  /** Percent changes drawn (computable), in the chart's order: baseline changes first, then by port, pollutant, year. */
  shown: ReconcileRow[];
  /** Published tons reduced since a baseline (not plotted on the percent axis). */
  tons: ReconcileRow[];
  /** Percent changes not computable from the tonnages. */
  notComputable: number;
  /** Statuses drawn (each has its colour), in legend order. */
  statuses: ('agrees' | 'differs')[];
}

/**
 * The data of the `reconciliation` chart: the `baseline` option keeps only changes against that baseline (its
 * id or its year).
 */
export function reconcileChartData(dataset: Dataset, options: ChartOptions): ReconcileChartData {
  const all = rowsOf(reconcileIndicators(dataset, { port: options.port, pollutant: options.pollutant, category: options.category, from: options.from, to: options.to }));
  const baselineYears = options.baseline === undefined ? undefined : unique(dataset.records.baselines.filter((b) => b.baseline_id === options.baseline).map((b) => String(b.year)));
  const wanted = (r: ReconcileRow) => baselineYears === undefined || r.relative_to === options.baseline || baselineYears.includes(r.relative_to);
  // Tons reduced are not percentages: they never go on the percent axis.
  const inTons = (r: ReconcileRow) => r.tolerance_pts === null;
  const shown = all.filter((r) => !inTons(r) && r.status !== 'not_computable' && r.computed !== null && wanted(r));
  const tons = all.filter((r) => inTons(r) && wanted(r));
  // Changes against the baseline in use first, then other baselines and years, prior-year changes last.
  const baselineId = options.baseline ?? defaultBaselineId(dataset, options.port);
  shown.sort(
    (a, b) =>
      Number(a.relative_to === 'prior_year') - Number(b.relative_to === 'prior_year') ||
      Number(a.relative_to !== baselineId) - Number(b.relative_to !== baselineId) ||
      (a.port < b.port ? -1 : a.port > b.port ? 1 : 0) ||
      (a.pollutant < b.pollutant ? -1 : a.pollutant > b.pollutant ? 1 : 0) ||
      a.year - b.year ||
      (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0) ||
      a.published - b.published,
  );
  const tonsComputed = tons.filter((r) => r.computed !== null);
  return chartData({
    chartId: 'reconciliation',
    options,
    records: all.filter(wanted),
    columns: RECONCILE_CHART_COLUMNS,
    measure: { field: 'computed', unit: '% change (negative = lower than the reference)', axis: { title: '% change (negative = reduction)', unit: '%', factor: 1, decimals: 2, percent: true } },
    releases: releaseChoices(dataset, [...shown, ...tonsComputed].map((r) => r.computed_release)),
    releaseExtra: 'published percentages',
    publishedReleases: publishedReleasesOf(all.filter(wanted).map((r) => r.release)),
    missing: shown.length === 0 ? { missing: `a reconciliation${filterWords(dataset, options)}`, fill: fillMsg.reconcile } : null,
    sourceRefs: sourceRefsOf([...shown, ...tonsComputed]),
    shown,
    tons,
    notComputable: all.filter((r) => !inTons(r) && r.status === 'not_computable' && wanted(r)).length,
    statuses: (['agrees', 'differs'] as const).filter((st) => shown.some((r) => r.status === st)),
  });
}
