/**
 * Chart data of `projection`: observed figures of one port, the Theil-Sen trend through them and its
 * projection to 2035 with the interval of the slope, the targets of the projected years, and how far the
 * trend departs from later reduction figures.
 */
import type { Dataset } from '../../ingest/dataset.ts';
import { unique } from '../common.ts';
import { fitTrend, MAX_PROJECTION_YEARS, MIN_TREND_POINTS, projectSeries, TREND_CANDIDATE_WORDS, type TrendDescription } from '../project.ts';
import { rowsOf, type ProjectionRow } from '../types.ts';
import { baselineYear, chartBaseline, chartData, filterWords, publishedReleasesOf, releaseChoices, resolveChartBaseline, targetApplies } from './common.ts';
import { fillMsg } from './messages.ts';
import { reductionRecords, type ReductionRecord } from './reductions.ts';
import type { ChartColumn, ChartData, ChartOptions } from './types.ts';
import { unitWordsOf } from '../../schema/units.ts';

/** Last year every projection reaches. */
export const PROJECTION_HORIZON = 2035;
/** Pollutant panels drawn at most. */
export const MAX_PROJECTION_PANELS = 3;

/** A projected series of one port, pollutant, category and kind (tons or published index). */
export interface ProjectedSeries {
  port: string;
  pollutant: string;
  source_category: string;
  series: ProjectionRow['series'];
  rows: ProjectionRow[];
  /**
   * Targets of years up to the last observation, placed by the same analysis (target_value in the series'
   * unit): drawn as reference lines, since the trend is not projected back to them.
   */
  pastTargets: ProjectionRow[];
  /** The trend through the observed rows, as the analysis fitted it; null with too few points. */
  trend: TrendDescription | null;
}

/**
 * The series shown: for the port (the filter's, else the first in codelist order with a trend), up to three
 * pollutants with a trend (or the filter's). One kind for the whole chart: the published figures as an
 * index (baseline = 100) where they run later than the tonnages (the recent years are only published as
 * percentages), else the tonnages. Each is projected every year from the year after its last observation to
 * 2035, so the band is smooth and every target year in between is placed.
 */
export function projectedSeries(dataset: Dataset, options: ChartOptions): ProjectedSeries[] {
  const category = options.category ?? 'all';
  const baseline = resolveChartBaseline(dataset, options);
  const window = { port: options.port, pollutant: options.pollutant, category, from: options.from, until: options.to, baseline };
  const first = rowsOf(projectSeries(dataset, window));
  const fitted = first.filter((r) => r.kind === 'fit');
  const portCodes = [...dataset.codelists.ports.keys()];
  const pollutantCodes = [...dataset.codelists.pollutants.keys()];
  const port = portCodes.find((p) => fitted.some((r) => r.port === p));
  if (port === undefined) return [];
  const lastYear = (pollutant: string, kind: ProjectionRow['series']) =>
    Math.max(-Infinity, ...first.filter((r) => r.port === port && r.pollutant === pollutant && r.series === kind && r.kind === 'observed').map((r) => r.year));
  const hasFit = (pollutant: string, kind: ProjectionRow['series']) => fitted.some((r) => r.port === port && r.pollutant === pollutant && r.series === kind);
  const candidates = pollutantCodes.filter((c) => fitted.some((r) => r.port === port && r.pollutant === c));
  const indexIsLater = candidates.some((c) => hasFit(c, 'published_index') && (!hasFit(c, 'tons') || lastYear(c, 'published_index') > lastYear(c, 'tons')));
  const kind: ProjectionRow['series'] = indexIsLater ? 'published_index' : 'tons';
  const pollutants = candidates.filter((c) => hasFit(c, kind)).slice(0, MAX_PROJECTION_PANELS);
  return pollutants.map((pollutant) => {
    const last = lastYear(pollutant, kind);
    const firstObserved = Math.min(...first.filter((r) => r.port === port && r.pollutant === pollutant && r.series === kind && r.kind === 'observed').map((r) => r.year));
    // Within the projection horizon (MAX_PROJECTION_YEARS past the last observation, none before the first).
    const end = Math.max(firstObserved, Math.min(PROJECTION_HORIZON, last + MAX_PROJECTION_YEARS));
    const years = Array.from({ length: Math.max(0, end - last) }, (_, i) => last + 1 + i);
    const rows = rowsOf(projectSeries(dataset, { ...window, port, pollutant, series: kind, to: years.length > 0 ? years : [end] }));
    const targetYears = unique(
      dataset.records.targets
        .filter(
          (t) =>
            t.kind === 'reduction_vs_baseline' &&
            t.pollutant === pollutant &&
            t.target_year !== undefined &&
            t.target_year <= last &&
            t.target_year >= firstObserved &&
            (kind === 'tons' || t.baseline_id === baseline) &&
            targetApplies(dataset, t, port),
        )
        .map((t) => t.target_year!),
    ).sort((a, b) => a - b);
    const pastTargets =
      targetYears.length === 0 || category !== 'all'
        ? []
        : rowsOf(projectSeries(dataset, { ...window, port, pollutant, series: kind, to: targetYears })).filter(
            (r) => r.kind === 'projection' && r.target_value !== null,
          );
    return { port, pollutant, source_category: category, series: kind, rows, pastTargets, trend: trendOf(rows, kind) };
  });
}

/** The trend of a series' observed rows, fitted as projectSeries fits it (its description, not its text). */
function trendOf(rows: readonly ProjectionRow[], kind: ProjectionRow['series']): TrendDescription | null {
  const points = rows.filter((r) => r.kind === 'observed').map((r) => ({ x: r.year, y: r.value }));
  if (points.length < MIN_TREND_POINTS || !rows.some((r) => r.kind === 'fit')) return null;
  return fitTrend(points, { quantity: kind === 'tons' ? 'tons' : 'index' }).description;
}

/** How far the trend is from a later reduction figure (published or computed) of the same series. */
export interface Departure {
  pollutant: string;
  year: number;
  baselineYear: number;
  trendPct: number;
  actualPct: number;
  evidence: string;
}

export function departure(dataset: Dataset, s: ProjectedSeries, baselineId: string): Departure | undefined {
  const observed = s.rows.filter((r) => r.kind === 'observed');
  const base = baselineYear(dataset, baselineId);
  const baseRow = observed.find((r) => r.year === base);
  if (base === undefined || !baseRow) return undefined;
  const lastObserved = Math.max(...observed.map((r) => r.year));
  const later = reductionRecords(dataset, { port: s.port, pollutant: s.pollutant }, baselineId, s.source_category)
    .filter((p: ReductionRecord) => p.port === s.port && p.pollutant === s.pollutant && p.year > lastObserved)
    .sort((a, b) => b.year - a.year)[0];
  if (!later) return undefined;
  const projected = s.rows.find((r) => r.kind === 'projection' && r.year === later.year);
  if (!projected) return undefined;
  return {
    pollutant: s.pollutant,
    year: later.year,
    baselineYear: base,
    trendPct: (1 - projected.value / baseRow.value) * 100,
    actualPct: 0 - later.pct_change,
    evidence: later.evidence === 'published' ? 'published' : 'computed',
  };
}

export function sourceRefsOfSeries(dataset: Dataset, series: readonly ProjectedSeries[], baselineId: string): string[] {
  const refs: string[] = [];
  for (const s of series) {
    if (s.series === 'published_index') {
      const observed = new Set(s.rows.filter((r) => r.kind === 'observed').map((r) => r.year));
      const year = baselineYear(dataset, baselineId);
      for (const i of dataset.records.indicators) {
        if (i.port === s.port && i.pollutant === s.pollutant && i.source_category === s.source_category && i.metric === 'absolute' && observed.has(i.year) && (i.relative_to === baselineId || i.relative_to === String(year))) refs.push(...i.source_ref);
      }
    } else {
      const releases = unique(s.rows.flatMap((r) => r.release.split('+')));
      const members = dataset.codelists.ports.get(s.port)?.members ?? [];
      for (const e of dataset.records.emissions) {
        if ((e.port === s.port || members.includes(e.port)) && e.pollutant === s.pollutant && e.source_category === s.source_category && releases.includes(e.release)) refs.push(...e.source_ref);
      }
    }
    const targets = unique([...s.rows, ...s.pastTargets].map((r) => r.target_id).filter((t): t is string => t !== null));
    for (const t of dataset.records.targets) if (targets.includes(t.target_id)) refs.push(...t.source_ref);
  }
  return unique(refs);
}

export const PROJECTION_CHART_COLUMNS: ChartColumn[] = [
  { name: 'port', description: 'port code', unit: '' },
  { name: 'source_category', description: 'source category code', unit: '' },
  { name: 'pollutant', description: 'pollutant code', unit: '' },
  { name: 'series', description: 'tons, or the published % change as an index (baseline = 100)', unit: '' },
  { name: 'kind', description: 'observed, fit (the trend) or projection', unit: '' },
  { name: 'year', description: 'year', unit: '' },
  { name: 'value', description: 'tons per year, or the index', unit: 'see unit', decimals: 1 },
  { name: 'unit', description: 'unit code of the value', unit: '' },
  { name: 'lower', description: 'lower end of the 95% interval of the slope', unit: 'see unit', decimals: 1 },
  { name: 'upper', description: 'upper end of the 95% interval of the slope', unit: 'see unit', decimals: 1 },
  { name: 'target_id', description: 'target of the year', unit: '' },
  { name: 'target_value', description: 'the target in the unit of the value', unit: 'see unit', decimals: 1 },
  { name: 'gap', description: 'projection minus target (positive = above the target)', unit: 'see unit', decimals: 1 },
  { name: 'release', description: 'data release of the series', unit: '' },
  { name: 'baseline_id', description: 'baseline of an index series', unit: '' },
  { name: 'method', description: 'how the trend was fitted', unit: '' },
  { name: 'reason', description: 'why there is no fit, projection or target', unit: '' },
];

/** The chart data of `projection`. */
export interface ProjectionChartData extends ChartData<ProjectionRow> {
  projected: ProjectedSeries[];
  /** How far each tons series' trend is from a later reduction figure. */
  departures: Departure[];
  /** Whether the series are the published figures as an index (else tons). */
  index: boolean;
}

/** The data of the `projection` chart ({@link projectedSeries}). */
export function projectionChartData(dataset: Dataset, options: ChartOptions): ProjectionChartData {
  const baselineId = resolveChartBaseline(dataset, options);
  const projected = projectedSeries(dataset, options);
  const index = projected[0]?.series === 'published_index';
  const records = projected.flatMap((s) => s.rows);
  const base = baselineYear(dataset, baselineId);
  return chartData({
    chartId: 'projection',
    options,
    records,
    columns: PROJECTION_CHART_COLUMNS,
    measure: {
      field: 'value',
      unit: index ? `index, ${base ?? 'baseline'} = 100` : (dataset.codelists.units.get(records[0]?.unit ?? '')?.label ?? records[0]?.unit ?? ''),
      axis: { title: index ? `Index, ${base ?? 'baseline'} = 100` : unitWordsOf(dataset.codelists.units, records[0]?.unit).rate, unit: index ? 'index' : 't', factor: 1, decimals: 3, percent: false },
    },
    panels: projected.length === 0 ? [''] : projected.map((s) => s.pollutant),
    releases: index ? [] : releaseChoices(dataset, projected.map((s) => s.rows[0]?.release), TREND_CANDIDATE_WORDS),
    releaseExtra: index ? "published percentages (each against its own edition's baseline)" : '',
    publishedReleases: index ? publishedReleasesOf(records.map((r) => r.release)) : [],
    baseline: chartBaseline(dataset, baselineId),
    missing: projected.length === 0 ? { missing: `a trend projection${filterWords(dataset, options)}`, fill: fillMsg.projection(MIN_TREND_POINTS) } : null,
    sourceRefs: sourceRefsOfSeries(dataset, projected, baselineId),
    projected,
    departures: index ? [] : projected.map((s) => departure(dataset, s, baselineId)).filter((c): c is Departure => c !== undefined),
    index,
  });
}
