/**
 * The key figures a report and its deck open with: 3-6 numbers a board reads first (a port's reduction of a
 * pollutant against the baseline in its latest year, a target met), each with its year, baseline, port and
 * source, and the chart it comes from. A view of the chart data of the charts the report built: each figure
 * is a record one of those charts plots, chosen, never computed again. Chosen from the data, or listed in the
 * report definition.
 */
import { resolveBaseline } from '../analysis/common.ts';
import { baselineFor } from '../analysis/baselines.ts';
import type { TargetProgressRow, RegionalContextRow } from '../analysis/types.ts';
import { reductionsChartData, type ReductionRecord } from '../analysis/chart-data/reductions.ts';
import { targetsChartData } from '../analysis/chart-data/targets.ts';
import type { CategoryChartRow } from '../analysis/chart-data/categories.ts';
import type { ChartData } from '../analysis/chart-data/types.ts';
import { formatPct, listWords } from '../charts/common.ts';
import type { BuiltChart } from '../charts/types.ts';
import { PortEmissionsError } from '../errors.ts';
import type { Dataset } from '../ingest/dataset.ts';
import type { DeckKeyFigure } from './deck.ts';
import type { KeyFigureRequest } from './definition.ts';
import { citedSources, sourcesByGrade, withGrade } from '../charts/sources.ts';

/** The most key figures a report opens with (a definition lists at most as many). */
export const MAX_KEY_FIGURES = 6;

/** The catalogue chart each kind of key figure is read from (and links to). */
export const KEY_FIGURE_CHART = { reduction: 'reductions', category: 'category-dumbbell', target: 'targets', share: 'ogv-2030' } as const;

/** The source category that stands for a port's total in every dataset (the analyses' default). */
const PORT_TOTAL = 'all';

/** One key figure, everything the headline block and the key-findings slide show. */
export interface KeyFigure {
  kind: keyof typeof KEY_FIGURE_CHART;
  /** The number as printed large: "−90%" (a reduction), "77%" (a target's value), "20%" (a published share). */
  value: string;
  /** The figure itself, unrounded: percent change against the baseline (reduction), the target's or the share's percent. */
  pct: number;
  /** What the number is: "DPM below the 2005 baseline" / "DPM target for 2023 met". */
  label: string;
  /** Port code and label ("Port of Los Angeles"; for a target met by several ports, their labels joined). */
  port: string;
  portLabel: string;
  pollutant: string;
  /** The year the figure is for (a reduction's inventory year; a target's first year met). */
  year: number;
  /** The baseline in words, e.g. "2005 baseline". */
  baseline: string;
  /** One short phrase on the evidence: "published", "computed from tonnages", "met since 2012". */
  note: string;
  /** source_ref codes behind the figure, best confidence grade first. */
  sourceRefs: string[];
  /** The catalogue chart the figure is read from; the report links to its figure. */
  chartId: string;
}

/** A figure the definition lists that the data cannot give: its place in the definition and why. */
export interface MissingKeyFigure {
  /** `keyFigures[1]`. */
  column: string;
  message: string;
}

/** A chart the report built: its catalogue id and the chart data its picture, table and slide show. */
export interface KeyFigureChart {
  chartId: string;
  built: Pick<BuiltChart, 'chartData'>;
}

/** The inputs of {@link keyFigures}: the charts the report built (first of an id wins). */
export interface KeyFigureContext {
  charts: readonly KeyFigureChart[];
  /** Key figures the definition lists; when absent they are chosen from the data. */
  requested?: readonly KeyFigureRequest[];
}

/** A percentage as the charts write it (formatPct); a reduction signed: "−90%" below the baseline, "+12%" above it. */
function percentText(value: number, signed: boolean): string {
  return `${signed ? (value < 0 ? '\u2212' : value > 0 ? '+' : '') : ''}${formatPct(Math.abs(value))}`;
}

/**
 * The chart data of the report's first chart `chartId`, with its records checked to carry the fields a key
 * figure reads (`fields`): a chart data of another shape is a defect of the chart stage, said here.
 */
function chartRecords<R extends object>(
  charts: readonly KeyFigureChart[],
  chartId: string,
  fields: readonly (keyof R & string)[],
): { data: ChartData<object>; records: R[] } | undefined {
  const data = charts.find((chart) => chart.chartId === chartId)?.built.chartData;
  return data === undefined ? undefined : checkedChartRecords<R>(data, chartId, fields);
}

function checkedChartRecords<R extends object>(data: ChartData<object>, chartId: string, fields: readonly (keyof R & string)[]): { data: ChartData<object>; records: R[] } {
  const bad = data.chartId !== chartId ? data : data.records.find((record) => fields.some((field) => !(field in record)));
  if (bad !== undefined) {
    throw new Error(`chart data of ${chartId}: ${bad === data ? `built for chart ${data.chartId}` : `a record lacks one of ${fields.join(', ')}`}`);
  }
  return { data, records: data.records as R[] };
}

const REDUCTION_FIELDS = ['port', 'pollutant', 'year', 'pct_change', 'evidence', 'source_ref'] as const satisfies readonly (keyof ReductionRecord)[];
const CATEGORY_FIELDS = ['port', 'pollutant', 'year', 'source_category', 'role', 'pct_change_vs_baseline', 'source_ref'] as const satisfies readonly (keyof CategoryChartRow)[];
const TARGET_FIELDS = [
  'target_id', 'programme', 'port', 'pollutant', 'target_year', 'baseline_id', 'target_pct', 'met', 'first_year_met', 'conflicting', 'kind', 'source_ref',
] as const satisfies readonly (keyof TargetProgressRow)[];
const SHARE_FIELDS = ['region', 'year', 'item', 'pollutant', 'value', 'unit', 'basis', 'scope', 'source_ref'] as const satisfies readonly (keyof RegionalContextRow)[];

function baselineText(dataset: Dataset, baselineId: string, port: string): string {
  const year = resolveBaseline(dataset, baselineId, port).year;
  return year === undefined ? (dataset.records.baselines.find((b) => b.baseline_id === baselineId)?.label ?? baselineId) : `${year} baseline`;
}

/** A published share the regional chart shows (a `share` row in a percent unit) as a key figure. */
function shareFigure(dataset: Dataset, row: RegionalContextRow): KeyFigure {
  const item = row.item.replace(/^share of\s+/i, '');
  // The qualifier (exact, approximate) is the published record's; the chart's row carries the rest.
  const qualifier = dataset.records.regional.find((r) => r.basis === 'share' && r.region === row.region && r.item === row.item && r.year === row.year && r.value === row.value)?.qualifier ?? 'exact';
  return {
    kind: 'share',
    value: percentText(row.value, false),
    pct: row.value,
    label: `Share of ${item}`,
    port: row.region,
    portLabel: row.region,
    pollutant: row.pollutant ?? '',
    year: row.year!,
    baseline: '',
    note: `published share${qualifier === 'exact' ? '' : `, ${qualifier}`}`,
    sourceRefs: sourcesByGrade(dataset, row.source_ref),
    chartId: KEY_FIGURE_CHART.share,
  };
}

/** The shares the regional chart shows in percent with a year and a pollutant, newest year first (ties in chart order). */
function shareRows(dataset: Dataset, rows: readonly RegionalContextRow[]): RegionalContextRow[] {
  const percent = (unit: string) => dataset.codelists.units.get(unit)?.quantity === 'percent';
  return rows
    .filter((r) => r.basis === 'share' && r.scope === 'regional' && r.year !== null && r.pollutant !== null && percent(r.unit))
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.year! - a.r.year! || a.i - b.i)
    .map(({ r }) => r);
}

/** A point of a chart: a port's % change of one pollutant (of one source category, or the port total) in one year. */
interface ChangePoint {
  port: string;
  pollutant: string;
  year: number;
  /** % change from the baseline; negative = lower than the baseline. */
  pct_change: number;
  evidence: ReductionRecord['evidence'];
  source_ref: string[];
}

/** % below the baseline of a point (whose pct_change is negative below it). */
function belowBaseline(point: ChangePoint): number {
  return 0 - point.pct_change;
}

/** A reduction as a key figure; of one source category (`category`) or of the port total. */
function reductionFigure(dataset: Dataset, point: ChangePoint, baselineId: string, category?: string): KeyFigure {
  const pollutant = dataset.codelists.pollutants.get(point.pollutant)?.label ?? point.pollutant;
  const baseline = baselineText(dataset, baselineId, point.port);
  const below = belowBaseline(point) >= 0;
  // A category's figure names the category first and the pollutant by its code ("Harbor craft: DPM below ...").
  const what = category === undefined ? '' : `${dataset.codelists.sourceCategories.get(category)?.label ?? category}: `;
  const pollutantWords = category !== undefined ? point.pollutant : point.pollutant === pollutant ? pollutant : `${pollutant} (${point.pollutant})`;
  return {
    kind: category === undefined ? 'reduction' : 'category',
    value: percentText(-belowBaseline(point), true),
    pct: -belowBaseline(point),
    label: `${what}${pollutantWords} ${below ? 'below' : 'above'} the ${baseline}`,
    port: point.port,
    portLabel: dataset.codelists.ports.get(point.port)?.label ?? point.port,
    pollutant: point.pollutant,
    year: point.year,
    baseline,
    note: point.evidence === 'published' ? 'as published' : 'computed from the published tonnages',
    sourceRefs: sourcesByGrade(dataset, point.source_ref),
    chartId: category === undefined ? KEY_FIGURE_CHART.reduction : KEY_FIGURE_CHART.category,
  };
}

function targetFigure(dataset: Dataset, rows: readonly TargetProgressRow[]): KeyFigure {
  const first = rows[0]!;
  const pollutantCode = first.pollutant ?? '';
  const pollutant = dataset.codelists.pollutants.get(pollutantCode)?.label ?? pollutantCode;
  const since = Math.max(...rows.map((row) => row.first_year_met!));
  const ports = rows.map((row) => dataset.codelists.ports.get(row.port)?.label ?? row.port);
  return {
    kind: 'target',
    value: percentText(first.target_pct!, false),
    pct: first.target_pct!,
    label: `${pollutant} target${first.target_year === null ? '' : ` for ${first.target_year}`}, below the ${first.baseline_id === null ? 'baseline' : baselineText(dataset, first.baseline_id, first.port)}: met`,
    port: rows.map((row) => row.port).join('+'),
    portLabel: listWords(ports),
    pollutant: pollutantCode,
    year: since,
    baseline: first.baseline_id === null ? '' : baselineText(dataset, first.baseline_id, first.port),
    note: `${first.programme}; met ${rows.length > 1 ? 'by each port ' : ''}since ${since}`,
    sourceRefs: sourcesByGrade(dataset, rows.flatMap((row) => row.source_ref)),
    chartId: KEY_FIGURE_CHART.target,
  };
}

/** Member ports only: a combined port's figures are sums of its members', which the headline already shows. */
function isMemberPort(dataset: Dataset, port: string): boolean {
  return dataset.codelists.ports.get(port)?.kind !== 'combined';
}

/** The reductions chart's points of member ports, and the baseline it measures against. */
function reductionPoints(dataset: Dataset, data: ChartData<object>, records: readonly ReductionRecord[]): { points: ReductionRecord[]; baselineId: string } {
  return { points: records.filter((p) => isMemberPort(dataset, p.port)), baselineId: data.baseline?.id ?? baselineFor(dataset, data.options) };
}

/** Each port's latest point per pollutant. */
function latestPoints<P extends ChangePoint>(points: readonly P[]): P[] {
  const latest = new Map<string, P>();
  for (const point of points) {
    const key = `${point.port}\u0000${point.pollutant}`;
    const held = latest.get(key);
    if (held === undefined || point.year > held.year) latest.set(key, point);
  }
  return [...latest.values()];
}

/** Rows of targets against `baselineId` met by every member port they were evaluated for, one group per target. */
function metTargets(dataset: Dataset, rows: readonly TargetProgressRow[], baselineId: string): TargetProgressRow[][] {
  const byTarget = new Map<string, TargetProgressRow[]>();
  for (const row of rows) {
    if (row.kind !== 'reduction_vs_baseline' || row.baseline_id !== baselineId || row.conflicting || !isMemberPort(dataset, row.port)) continue;
    byTarget.set(row.target_id, [...(byTarget.get(row.target_id) ?? []), row]);
  }
  return [...byTarget.values()].filter(
    (group) => group.every((row) => row.met === true && row.first_year_met !== null && row.target_pct !== null) && group[0]!.pollutant !== null,
  );
}

function codeOrder(codes: Iterable<string>): (code: string) => number {
  const order = new Map([...codes].map((code, i) => [code, i]));
  return (code) => order.get(code) ?? Number.MAX_SAFE_INTEGER;
}

/** The category chart's rows of top-level source categories (member ports, with a change from the baseline) as points. */
function categoryPoints(dataset: Dataset, rows: readonly CategoryChartRow[]): { point: ChangePoint; code: string }[] {
  return rows
    .filter(
      (r) =>
        r.role === 'category' &&
        r.pct_change_vs_baseline !== null &&
        r.source_category !== PORT_TOTAL &&
        dataset.codelists.sourceCategories.get(r.source_category)?.parent === undefined &&
        isMemberPort(dataset, r.port),
    )
    .map((r) => ({
      point: { port: r.port, pollutant: r.pollutant, year: r.year, pct_change: r.pct_change_vs_baseline!, evidence: 'computed from tonnages' as const, source_ref: r.source_ref },
      code: r.source_category,
    }));
}

/**
 * The figures chosen from the charts' data. Reductions from the points the reductions chart plots (member
 * ports): first every pollutant of the port and year with the newest figure (up to three), then each other
 * port's first pollutant (codelist order) in its newest year (without the reductions chart but with the
 * category chart: the three largest cuts by source category of the newest port, pollutant and year it
 * draws); then, when the report shows the targets chart, the latest target it shows met by every port it
 * applies to; then, when it shows the regional chart, the newest published share it shows (percent, with a
 * pollutant). At most {@link MAX_KEY_FIGURES}.
 */
function chosenFigures(dataset: Dataset, context: KeyFigureContext): KeyFigure[] {
  const figures: KeyFigure[] = [];
  const portOrder = codeOrder(dataset.codelists.ports.keys());
  const pollutantOrder = codeOrder(dataset.codelists.pollutants.keys());
  const reductions = chartRecords<ReductionRecord>(context.charts, KEY_FIGURE_CHART.reduction, REDUCTION_FIELDS);
  let baselineId: string | undefined;
  if (reductions !== undefined) {
    const found = reductionPoints(dataset, reductions.data, reductions.records);
    baselineId = found.baselineId;
    const latest = latestPoints(found.points).sort(
      (a, b) => b.year - a.year || portOrder(a.port) - portOrder(b.port) || pollutantOrder(a.pollutant) - pollutantOrder(b.pollutant),
    );
    const lead = latest[0];
    if (lead !== undefined) {
      const leadPoints = latest.filter((p) => p.port === lead.port && p.year === lead.year).slice(0, 3);
      const others = [...new Set(latest.map((p) => p.port))]
        .filter((port) => port !== lead.port)
        .map((port) => latest.filter((p) => p.port === port).sort((a, b) => pollutantOrder(a.pollutant) - pollutantOrder(b.pollutant))[0]!);
      for (const point of [...leadPoints, ...others]) figures.push(reductionFigure(dataset, point, found.baselineId));
    }
  }
  // Without the reductions chart, a category chart gives the largest cuts by source category instead.
  const categories = chartRecords<CategoryChartRow>(context.charts, KEY_FIGURE_CHART.category, CATEGORY_FIELDS);
  if (figures.length === 0 && categories !== undefined) {
    const base = categories.data.baseline?.id ?? baselineFor(dataset, categories.data.options);
    const latest = categoryPoints(dataset, categories.records).sort(
      (a, b) =>
        b.point.year - a.point.year ||
        portOrder(a.point.port) - portOrder(b.point.port) ||
        pollutantOrder(a.point.pollutant) - pollutantOrder(b.point.pollutant) ||
        belowBaseline(b.point) - belowBaseline(a.point),
    );
    const lead = latest[0]?.point;
    const group = latest.filter(({ point }) => point.port === lead?.port && point.pollutant === lead.pollutant && point.year === lead.year).slice(0, 3);
    for (const { point, code } of group) figures.push(reductionFigure(dataset, point, base, code));
  }
  // One figure each of the other kinds, after the reductions; the reductions give way so they fit.
  const others: KeyFigure[] = [];
  const targets = chartRecords<TargetProgressRow>(context.charts, KEY_FIGURE_CHART.target, TARGET_FIELDS);
  if (targets !== undefined) {
    const met = metTargets(dataset, targets.records, baselineId ?? baselineFor(dataset, targets.data.options)).sort(
      (a, b) => (b[0]!.target_year ?? 0) - (a[0]!.target_year ?? 0) || pollutantOrder(a[0]!.pollutant!) - pollutantOrder(b[0]!.pollutant!),
    );
    const best = met.find((group) => group.length > 1) ?? met[0];
    if (best !== undefined) others.push(targetFigure(dataset, best));
  }
  const regional = chartRecords<RegionalContextRow>(context.charts, KEY_FIGURE_CHART.share, SHARE_FIELDS);
  if (regional !== undefined) {
    const share = shareRows(dataset, regional.records)[0];
    if (share !== undefined) others.push(shareFigure(dataset, share));
  }
  figures.length = Math.min(figures.length, MAX_KEY_FIGURES - others.length);
  figures.push(...others);
  return figures.slice(0, MAX_KEY_FIGURES);
}

/**
 * The figures a definition lists, each found in the data or reported with what is missing. A figure is read
 * from the report's chart where that chart plots it (its reductions chart against the same baseline, its
 * targets chart); else from the chart data of the figure's own options (the reductions chart of that port,
 * pollutant and baseline; the targets chart of the whole dataset).
 */
function requestedFigures(dataset: Dataset, context: KeyFigureContext, requested: readonly KeyFigureRequest[]): { figures: KeyFigure[]; missing: MissingKeyFigure[] } {
  const figures: KeyFigure[] = [];
  const missing: MissingKeyFigure[] = [];
  const shown = chartRecords<ReductionRecord>(context.charts, KEY_FIGURE_CHART.reduction, REDUCTION_FIELDS);
  let targets: { records: TargetProgressRow[] } | undefined;
  const targetRows = () =>
    (targets ??=
      chartRecords<TargetProgressRow>(context.charts, KEY_FIGURE_CHART.target, TARGET_FIELDS) ??
      checkedChartRecords<TargetProgressRow>(targetsChartData(dataset, {}), KEY_FIGURE_CHART.target, TARGET_FIELDS)).records;
  requested.forEach((request, i) => {
    if (request.kind === 'reduction') {
      const asked = (p: ReductionRecord) => p.port === request.port && p.pollutant === request.pollutant && (request.year === undefined || p.year === request.year);
      const options = { ...shown?.data.options, ...(request.baseline === undefined ? {} : { baseline: request.baseline }) };
      const inReport = shown !== undefined && (request.baseline === undefined || request.baseline === shown.data.baseline?.id) && shown.records.some(asked) ? shown : undefined;
      const source = inReport ?? checkedChartRecords<ReductionRecord>(reductionsChartData(dataset, { ...options, port: request.port, pollutant: request.pollutant }), KEY_FIGURE_CHART.reduction, REDUCTION_FIELDS);
      const { points, baselineId } = reductionPoints(dataset, source.data, source.records);
      const candidates = points.filter(asked).sort((a, b) => b.year - a.year);
      if (candidates[0] === undefined) missing.push({ column: `keyFigures[${i}]`, message: `no ${request.pollutant} reduction of ${request.port} against ${baselineId}${request.year === undefined ? '' : ` in ${request.year}`}` });
      else figures.push(reductionFigure(dataset, candidates[0], baselineId));
    } else {
      const rows = targetRows().filter(
        (row) => row.target_id === request.target && isMemberPort(dataset, row.port) && row.met === true && row.first_year_met !== null && row.target_pct !== null,
      );
      if (rows.length === 0 || rows[0]!.pollutant === null) missing.push({ column: `keyFigures[${i}]`, message: `target ${request.target} is not met by any port in the data` });
      else figures.push(targetFigure(dataset, rows));
    }
  });
  return { figures, missing };
}

/**
 * The report's key figures, in the order they are shown: the definition's `keyFigures` when it lists them,
 * else chosen from the charts' data (see chosenFigures). Only figures whose chart the report shows are
 * chosen, so every one links to its figure. Pure: the same dataset and charts give the same figures.
 *
 * @returns The figures and, for requested ones the data cannot give, what is missing (one entry each).
 */
export function keyFigures(dataset: Dataset, context: KeyFigureContext): { figures: KeyFigure[]; missing: MissingKeyFigure[] } {
  if (context.requested !== undefined && context.requested.length > 0) return requestedFigures(dataset, context, context.requested);
  return { figures: chosenFigures(dataset, context), missing: [] };
}

/** "Port of Los Angeles, 2024, against the 2005 baseline": the figure's context in one line. */
export function keyFigureContext(figure: KeyFigure): string {
  if (figure.kind === 'target') return `${figure.portLabel}; ${figure.note}`;
  return `${figure.portLabel}, ${figure.year}, ${figure.note}`;
}

/** A key figure placed in a report: linked to the first figure built from its chart, when the report has one. */
export interface ReportKeyFigure extends KeyFigure {
  /** Key of the report figure it links to (`#fig-<key>`), or undefined when the report lacks that chart. */
  figureKey?: string;
  /** That figure's number. */
  figureNumber?: number;
}

/**
 * The key figures of a report: {@link keyFigures} of the charts the report built and the definition's own
 * list, each linked to its figure.
 *
 * @throws PortEmissionsError (exit code 1) naming the definition's `keyFigures[i]` the data cannot give.
 */
export function reportKeyFigures(
  dataset: Dataset,
  charts: readonly (KeyFigureChart & { key: string; number: number })[],
  requested: readonly KeyFigureRequest[] | undefined,
  file: string,
): ReportKeyFigure[] {
  const { figures, missing } = keyFigures(dataset, { charts, ...(requested === undefined ? {} : { requested }) });
  if (missing.length > 0) {
    throw new PortEmissionsError(`the report definition names key figures the dataset ${dataset.name} does not have`, {
      exitCode: 1,
      location: { file },
      details: missing.map((gap) => ({ file, ...gap })),
      hint: "'port-emissions reductions' and 'port-emissions targets' list what the data holds",
    });
  }
  return figures.map((figure) => {
    const chart = charts.find((c) => c.chartId === figure.chartId);
    return chart === undefined ? figure : { ...figure, figureKey: chart.key, figureNumber: chart.number };
  });
}

/** The key figures as the deck's key-findings slide shows them: the source by code and grade, the full entry on the sources slides. */
export function deckKeyFigures(dataset: Dataset, figures: readonly KeyFigure[]): DeckKeyFigure[] {
  return figures.map((figure) => {
    const source = citedSources(dataset, figure.sourceRefs.slice(0, 1))[0];
    const first = source === undefined ? '' : withGrade(`[${source.ref}]`, source);
    const count = figure.sourceRefs.length;
    return {
      value: figure.value,
      label: figure.label,
      context: keyFigureContext(figure),
      source: count === 0 ? '' : count === 1 ? `Source: ${first}` : `${count} sources, first: ${first}`,
    };
  });
}
