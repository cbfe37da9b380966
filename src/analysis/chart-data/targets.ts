/**
 * Chart data of `targets`: progress to every target the dataset can evaluate: the reduction each port
 * achieved by its latest year with a figure, against the target.
 */
import type { Dataset } from '../../ingest/dataset.ts';
import { unique } from '../common.ts';
import { targetProgress } from '../targets.ts';
import { rowsOf, type TargetProgressRow } from '../types.ts';
import { WITH_BASELINE_YEAR } from '../releases.ts';
import { baselineWords, chartData, filterWords, publishedReleasesOf, releaseChoices, seriesOf, sourceRefsOf } from './common.ts';
import { fillMsg } from './messages.ts';
import type { ChartColumn, ChartData, ChartOptions } from './types.ts';

export const TARGET_CHART_COLUMNS: ChartColumn[] = [
  { name: 'target_id', description: 'target code', unit: '' },
  { name: 'programme', description: 'programme that set the target', unit: '' },
  { name: 'port', description: 'port code', unit: '' },
  { name: 'pollutant', description: 'pollutant code', unit: '' },
  { name: 'target_year', description: 'year the target is due', unit: '' },
  { name: 'target_pct', description: "% below the target's baseline the target asks for", unit: '%' },
  { name: 'latest_year', description: 'latest year with a figure', unit: '' },
  { name: 'achieved_pct', description: "% below the target's baseline achieved by the latest year (positive = lower)", unit: '%', decimals: 1 },
  { name: 'met', description: 'whether the target is met', unit: '' },
  { name: 'first_year_met', description: 'first year at or above the target', unit: '' },
  { name: 'required_annual_pct', description: '% a year still needed to meet it in time', unit: '%/yr', decimals: 1 },
  { name: 'historical_annual_pct', description: '% a year achieved so far', unit: '%/yr', decimals: 1 },
  { name: 'on_track', description: 'whether the pace so far meets it in time', unit: '' },
  { name: 'conflicting', description: 'whether sources publish different values of the target', unit: '' },
  { name: 'conflict_group', description: 'group of conflicting values of one target', unit: '' },
  { name: 'evidence', description: 'computed from tonnages, or published', unit: '' },
  { name: 'release', description: "data release of the latest figure: the tonnages', or the published figure's where the dataset names it", unit: '' },
  { name: 'reason', description: 'why a figure is missing', unit: '' },
  { name: 'source_ref', description: 'sources of the figure', unit: '' },
];

/** The chart data of `targets`: every target row (the table), and the rows charted. */
export interface TargetsChartData extends ChartData<TargetProgressRow> {
  /** Rows drawn: evaluated, without combined ports whose evidence is older than every member's. */
  shown: TargetProgressRow[];
  /** Combined-port rows left out as stale. */
  leftOut: TargetProgressRow[];
  /** One row per target drawn, ordered by pollutant (codelist), year, value. */
  targetRows: TargetProgressRow[];
  /** Targets that cannot be charted (the table gives each reason). */
  notCharted: string[];
}

/** The data of the `targets` chart (targetProgress as of the `to` option). */
export function targetsChartData(dataset: Dataset, options: ChartOptions): TargetsChartData {
  const all = rowsOf(targetProgress(dataset, { port: options.port, pollutant: options.pollutant, ...(options.to === undefined ? {} : { asOf: options.to }) }));
  const evaluated = all.filter((r) => r.achieved_pct !== null && r.target_pct !== null);
  // A combined port whose latest evidence is older than every member's says nothing about today: leave it out.
  const leftOut: TargetProgressRow[] = [];
  const shown = evaluated.filter((r) => {
    const info = dataset.codelists.ports.get(r.port);
    if (info?.kind !== 'combined' || options.port === r.port) return true;
    const members = evaluated.filter((m) => m.target_id === r.target_id && info.members.includes(m.port));
    const stale = members.length > 0 && members.every((m) => (m.latest_year ?? 0) > (r.latest_year ?? 0));
    if (stale) leftOut.push(r);
    return !stale;
  });
  const pollutantCodes = [...dataset.codelists.pollutants.keys()];
  const targetRows = unique(shown.map((r) => r.target_id))
    .map((id) => shown.find((r) => r.target_id === id)!)
    .sort(
      (a, b) =>
        pollutantCodes.indexOf(a.pollutant ?? '') - pollutantCodes.indexOf(b.pollutant ?? '') ||
        (a.target_year ?? 0) - (b.target_year ?? 0) ||
        (a.target_pct ?? 0) - (b.target_pct ?? 0),
    );
  const charted = new Set(shown.map((r) => r.target_id));
  const baselines = unique(shown.map((r) => r.baseline_id).filter((b): b is string => b !== null));
  return chartData({
    chartId: 'targets',
    options,
    records: all,
    columns: TARGET_CHART_COLUMNS,
    measure: { field: 'achieved_pct', unit: "% below the target's baseline", axis: { title: '% below the baseline', unit: '%', factor: 1, decimals: 1, percent: true } },
    series: seriesOf(dataset, shown, 'port', { code: (r) => r.port, year: (r) => r.latest_year, value: (r) => r.achieved_pct }),
    references: targetRows.map((r) => ({
      kind: 'target' as const,
      panel: r.target_id,
      value: r.target_pct!,
      values: [r.target_pct!],
      label: `${r.pollutant ?? r.target_id} ${r.target_year ?? ''}: ${r.target_pct}%`,
      year: r.target_year,
      sourceRefs: sourceRefsOf(dataset.records.targets.filter((t) => t.target_id === r.target_id)),
    })),
    // The release of each bar's figure: the tonnages' (by the one rule), or the published figure's own.
    releases: releaseChoices(dataset, shown.filter((r) => r.evidence === 'reduction_from_tons').map((r) => r.release), WITH_BASELINE_YEAR),
    releaseExtra: shown.some((r) => r.evidence === 'published_indicator') ? 'published percentages' : '',
    publishedReleases: publishedReleasesOf(shown.filter((r) => r.evidence === 'published_indicator').map((r) => r.release)),
    baseline: baselines.length === 1 ? { id: baselines[0]!, words: baselineWords(dataset, baselines[0]!), year: null } : null,
    missing: shown.length === 0 ? { missing: `progress to targets${filterWords(dataset, options)}`, fill: fillMsg.targets } : null,
    sourceRefs: sourceRefsOf(shown),
    shown,
    leftOut,
    targetRows,
    notCharted: unique(all.map((r) => r.target_id)).filter((id) => !charted.has(id)),
  });
}
