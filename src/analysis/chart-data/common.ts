/**
 * Helpers every chart-data function shares: the one baseline resolution, the one release rule, sources,
 * series summaries and the ChartData envelope.
 */
import { compareCodePoints } from '../../compare.ts';
import type { Dataset } from '../../ingest/dataset.ts';
import { unique } from '../common.ts';
import { baselineFor } from '../baselines.ts';
import { HOLDING_IT, RELEASE_RULE, releaseOrder, releaseReasons, type ReleasePick } from '../releases.ts';
import type { ChartBaseline, ChartColumn, ChartData, ChartOptions, ChartSeries, ReleaseChoice } from './types.ts';

/** The one release rule (analysis/releases.ts) every chart-data function picks its figures' releases with. */
export { RELEASE_RULE, chooseReleasePerKey, latestReleasePerKey } from '../releases.ts';

/**
 * The baseline id a chart is measured against: the option, else the port's or the dataset's declared default
 * (baselineFor). The one call site of every chart.
 */
export function resolveChartBaseline(dataset: Dataset, options: ChartOptions): string {
  return baselineFor(dataset, options);
}

/** A baseline in words: its label, with the year(s) it resolves to when the label does not say them. */
export function baselineWords(dataset: Dataset, baselineId: string): string {
  const rows = dataset.records.baselines.filter((b) => b.baseline_id === baselineId);
  if (rows.length === 0) return baselineId;
  const label = rows[0]!.label;
  const years = unique(rows.map((b) => b.year)).sort((a, b) => a - b);
  return years.every((y) => label.includes(String(y))) ? label : `${label} (${years.join(', ')})`;
}

/** The single year of a baseline when all its rows agree, else undefined. */
export function baselineYear(dataset: Dataset, baselineId: string): number | undefined {
  const years = unique(dataset.records.baselines.filter((b) => b.baseline_id === baselineId).map((b) => b.year));
  return years.length === 1 ? years[0] : undefined;
}

/** The chart's baseline: id, words and its one year (null when ports' baselines differ). */
export function chartBaseline(dataset: Dataset, baselineId: string): ChartBaseline {
  return { id: baselineId, words: baselineWords(dataset, baselineId), year: baselineYear(dataset, baselineId) ?? null };
}

/** A figure's release as the rule chose it: the pick, or a release with the candidate set it was chosen from. */
export type ReleaseFigure = Pick<ReleasePick<unknown>, 'release' | 'considered' | 'tier'>;

/**
 * The releases behind figures, oldest first, each with why the rule chose it (analysis/releases.ts); combined
 * releases ("A+B") count as their parts. `figures` are the rule's picks, or bare release codes of figures an
 * analysis picked from the candidate set `tier` (in words, e.g. "releases holding both years").
 */
export function releaseChoices(dataset: Dataset, figures: Iterable<ReleaseFigure | string | null | undefined>, tier = HOLDING_IT): ReleaseChoice[] {
  const picks = [...figures].flatMap((f): ReleaseFigure[] =>
    f === null || f === undefined || f === '' ? [] : typeof f === 'string' ? [{ release: f, considered: [f], tier }] : [f],
  );
  const reasons = releaseReasons(picks);
  const ids = [...reasons.keys()].sort(releaseOrder(dataset));
  return ids.map((release) => ({ release, label: dataset.codelists.releases.get(release)?.label ?? release, why: reasons.get(release)! }));
}

/** The distinct source_ref codes of rows, in order of first appearance. */
export function sourceRefsOf(rows: readonly { source_ref?: readonly string[] | string | null }[]): string[] {
  const refs: string[] = [];
  for (const row of rows) {
    const value = row.source_ref;
    if (value === undefined || value === null) continue;
    refs.push(...(typeof value === 'string' ? value.split(';').map((s) => s.trim()) : value));
  }
  return unique(refs.filter((r) => r !== ''));
}

/** Whether a year lies within the options' from/to. */
export function inRange(year: number | null, options: ChartOptions): boolean {
  if (year === null) return true;
  return (options.from === undefined || year >= options.from) && (options.to === undefined || year <= options.to);
}

export { targetApplies } from '../common.ts';

/** A code's label in its codelist (port, pollutant, source category), or the code itself. */
export function codeLabel(dataset: Dataset, dimension: ChartSeries['dimension'], code: string): string {
  if (dimension === 'port') return dataset.codelists.ports.get(code)?.label ?? code;
  if (dimension === 'pollutant') return dataset.codelists.pollutants.get(code)?.label ?? code;
  if (dimension === 'category') return dataset.codelists.sourceCategories.get(code)?.label ?? code;
  return code;
}

/**
 * The series of records: one per distinct (panel, code), in the order given by `codes`, each with its latest
 * point (largest year) of `value`.
 */
export function seriesOf<R>(
  dataset: Dataset,
  records: readonly R[],
  dimension: ChartSeries['dimension'],
  pick: { code: (r: R) => string; panel?: (r: R) => string; year: (r: R) => number | null; value: (r: R) => number | null },
): ChartSeries[] {
  const byKey = new Map<string, ChartSeries>();
  for (const record of records) {
    const code = pick.code(record);
    const panel = pick.panel?.(record) ?? '';
    const key = panel === '' ? code : `${panel}/${code}`;
    let series = byKey.get(key);
    if (series === undefined) {
      series = { key, dimension, code, label: codeLabel(dataset, dimension, code), panel, latest: null };
      byKey.set(key, series);
    }
    const year = pick.year(record);
    const value = pick.value(record);
    if (year !== null && value !== null && (series.latest === null || year >= series.latest.year)) series.latest = { year, value };
  }
  return [...byKey.values()];
}

/**
 * The check of records where they leave the analysis stage: every figure column (one with display decimals)
 * holds a finite number or nothing, and every column is a field the records' type knows (a typo in a column
 * list would otherwise export an empty column).
 *
 * @throws Error naming the chart, record and column: a defect of the chart data, not of the input.
 */
export function checkRecords(chartId: string, columns: readonly ChartColumn[], records: readonly object[]): void {
  records.forEach((record, i) => {
    const row = record as Record<string, unknown>;
    for (const column of columns) {
      const value = row[column.name];
      if (column.decimals !== undefined && value !== null && value !== undefined && !(typeof value === 'number' && Number.isFinite(value))) {
        throw new Error(`chart data ${chartId}: record ${i} holds ${String(value)} in the figure column ${column.name}; a finite number or null was expected`);
      }
    }
  });
  if (records.length > 0) {
    const known = new Set(records.flatMap((record) => Object.keys(record)));
    const unknown = columns.filter((column) => !known.has(column.name)).map((column) => column.name);
    if (unknown.length > 0) throw new Error(`chart data ${chartId}: no record has the column(s) ${unknown.join(', ')}`);
  }
}

/** A ChartData with the given fields and empty defaults for the rest. */
export function chartData<R extends object, X extends object = object>(
  fields: Pick<ChartData<R>, 'chartId' | 'options' | 'records' | 'columns'> & Partial<ChartData<R>> & X,
): ChartData<R> & X {
  checkRecords(fields.chartId, fields.columns, fields.records);
  return {
    measure: null,
    series: [],
    panels: [''],
    references: [],
    releases: [],
    releaseRule: RELEASE_RULE,
    releaseExtra: '',
    publishedReleases: [],
    baseline: null,
    gaps: [],
    missing: null,
    partialYears: [],
    sourceRefs: sourceRefsOf(fields.records as readonly { source_ref?: readonly string[] | string | null }[]),
    ...fields,
  };
}

/** The options in words for a subtitle ("2005-2012"), or '' without years. */
export function yearsWords(options: ChartOptions): string {
  if (options.from !== undefined && options.to !== undefined) return `${options.from}-${options.to}`;
  if (options.from !== undefined) return `from ${options.from}`;
  if (options.to !== undefined) return `to ${options.to}`;
  return '';
}

/** The options a chart was asked for, in words for a notice: " for Port of Los Angeles, NOx, 2008-2012". */
export function filterWords(dataset: Dataset, options: ChartOptions): string {
  const parts = [
    options.port === undefined ? '' : (dataset.codelists.ports.get(options.port)?.label ?? options.port),
    options.pollutant ?? '',
    options.category === undefined || options.category === 'all' ? '' : (dataset.codelists.sourceCategories.get(options.category)?.label ?? options.category),
    yearsWords(options),
  ].filter((p) => p !== '');
  return parts.length === 0 ? '' : ` for ${parts.join(', ')}`;
}

/**
 * The chart data as plain JSON (what `port-emissions chart ID --json` prints): the fields every chart data
 * has, records at full precision. Chart-specific working fields are left out; everything they hold is in
 * the records, references and gaps.
 */
export function chartDataJson(data: ChartData<object>): Record<string, unknown> {
  return {
    chartId: data.chartId,
    options: data.options,
    columns: data.columns,
    measure: data.measure,
    records: data.records,
    series: data.series,
    panels: data.panels,
    references: data.references,
    releases: data.releases,
    releaseRule: data.releaseRule,
    releaseExtra: data.releaseExtra,
    publishedReleases: data.publishedReleases,
    baseline: data.baseline,
    gaps: data.gaps,
    missing: data.missing,
    partialYears: data.partialYears,
    sourceRefs: data.sourceRefs,
  };
}

/** The distinct releases of published figures ("A+B" counts as A and B), in code-point order. */
export function publishedReleasesOf(releases: Iterable<string | null | undefined>): string[] {
  const ids = new Set<string>();
  for (const value of releases) for (const id of (value ?? '').split('+')) if (id.trim() !== '') ids.add(id.trim());
  return [...ids].sort(compareCodePoints);
}
