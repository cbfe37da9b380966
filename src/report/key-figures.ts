/**
 * The key figures a report and its deck open with: 3-6 numbers a board reads first (a port's reduction of a
 * pollutant against the baseline in its latest year, a target met), each with its year, baseline, port and
 * source, and the chart it comes from. Chosen from the data, or listed in the report definition.
 */
import { resolveBaseline } from '../analysis/common.ts';
import { baselineFor } from '../analysis/baselines.ts';
import { targetProgress } from '../analysis/targets.ts';
import { rowsOf, type TargetProgressRow } from '../analysis/types.ts';
import { reductionRecords, type ReductionRecord } from '../analysis/chart-data/reductions.ts';
import { listWords } from '../charts/common.ts';
import type { ChartFilters } from '../charts/types.ts';
import { PortEmissionsError } from '../errors.ts';
import type { Dataset } from '../ingest/dataset.ts';
import type { RegionalRecord } from '../schema/records.ts';
import type { DeckKeyFigure } from './deck.ts';
import type { KeyFigureRequest } from './definition.ts';

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

/** The inputs of {@link keyFigures}: which charts the report shows, with their filters. */
export interface KeyFigureContext {
  /** Catalogue chart ids in the report, with the filters each was built with (first of an id wins). */
  charts: readonly { chartId: string; filters: ChartFilters }[];
  /** Key figures the definition lists; when absent they are chosen from the data. */
  requested?: readonly KeyFigureRequest[];
}

function percentText(value: number, signed: boolean): string {
  const magnitude = Math.abs(value);
  const digits = magnitude >= 10 ? 0 : 1;
  const text = magnitude.toFixed(digits).replace(/\.0$/, '');
  // A reduction is signed: "−90%" below the baseline, "+12%" above it.
  return `${signed ? (value < 0 ? '\u2212' : value > 0 ? '+' : '') : ''}${text}%`;
}


function sourcesByGrade(dataset: Dataset, refs: readonly string[]): string[] {
  const grade = (ref: string) => dataset.codelists.sources.get(ref)?.confidence ?? 'Z';
  return [...new Set(refs)].sort((a, b) => (grade(a) < grade(b) ? -1 : grade(a) > grade(b) ? 1 : 0));
}

function baselineText(dataset: Dataset, baselineId: string, port: string): string {
  const year = resolveBaseline(dataset, baselineId, port).year;
  return year === undefined ? (dataset.records.baselines.find((b) => b.baseline_id === baselineId)?.label ?? baselineId) : `${year} baseline`;
}

/** A published share (a regional record of basis `share` in a percent unit) as a key figure. */
function shareFigure(dataset: Dataset, record: RegionalRecord): KeyFigure {
  const item = record.item.replace(/^share of\s+/i, '');
  return {
    kind: 'share',
    value: percentText(record.value, false),
    pct: record.value,
    label: `Share of ${item}`,
    port: record.region,
    portLabel: record.region,
    pollutant: record.pollutant ?? '',
    year: record.year!,
    baseline: '',
    note: `published share${record.qualifier === 'exact' ? '' : `, ${record.qualifier}`}`,
    sourceRefs: sourcesByGrade(dataset, record.source_ref),
    chartId: KEY_FIGURE_CHART.share,
  };
}

/** Published shares in percent with a year and a pollutant, newest year first (ties in data order). */
function shareRecords(dataset: Dataset): RegionalRecord[] {
  const percent = (unit: string) => dataset.codelists.units.get(unit)?.quantity === 'percent';
  return dataset.records.regional
    .filter((r) => r.basis === 'share' && r.year !== undefined && r.pollutant !== undefined && percent(r.unit))
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.year! - a.r.year! || a.i - b.i)
    .map(({ r }) => r);
}

/** % below the baseline of a point of the reductions chart data (whose pct_change is negative below it). */
function belowBaseline(point: ReductionRecord): number {
  return 0 - point.pct_change;
}

/** A reduction as a key figure; of one source category (`category`) or of the port total. */
function reductionFigure(dataset: Dataset, point: ReductionRecord, baselineId: string, category?: string): KeyFigure {
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

function pointsFor(dataset: Dataset, filters: ChartFilters): { points: ReductionRecord[]; baselineId: string } {
  const baselineId = baselineFor(dataset, filters);
  const points = reductionRecords(dataset, filters, baselineId, filters.category ?? 'all').filter(
    (p) => isMemberPort(dataset, p.port) && (filters.from === undefined || p.year >= filters.from) && (filters.to === undefined || p.year <= filters.to),
  );
  return { points, baselineId };
}

/** Each port's latest point per pollutant. */
function latestPoints(points: readonly ReductionRecord[]): ReductionRecord[] {
  const latest = new Map<string, ReductionRecord>();
  for (const point of points) {
    const key = `${point.port}\u0000${point.pollutant}`;
    const held = latest.get(key);
    if (held === undefined || point.year > held.year) latest.set(key, point);
  }
  return [...latest.values()];
}

/** Targets met by every member port they were evaluated for, one group of rows per target. */
function metTargets(dataset: Dataset, baselineId: string): TargetProgressRow[][] {
  const rows = rowsOf<TargetProgressRow>(targetProgress(dataset)).filter(
    (row) => row.kind === 'reduction_vs_baseline' && row.baseline_id === baselineId && !row.conflicting && isMemberPort(dataset, row.port),
  );
  const byTarget = new Map<string, TargetProgressRow[]>();
  for (const row of rows) byTarget.set(row.target_id, [...(byTarget.get(row.target_id) ?? []), row]);
  return [...byTarget.values()].filter(
    (group) => group.every((row) => row.met === true && row.first_year_met !== null && row.target_pct !== null) && group[0]!.pollutant !== null,
  );
}

function codeOrder(codes: Iterable<string>): (code: string) => number {
  const order = new Map([...codes].map((code, i) => [code, i]));
  return (code) => order.get(code) ?? Number.MAX_SAFE_INTEGER;
}

/**
 * The figures chosen from the data. Reductions from the same points the reductions chart plots (tonnage
 * reductions, else the published percentage; member ports only): first every pollutant of the port and year
 * with the newest figure (up to three), then each other port's first pollutant (codelist order) in its
 * newest year (without the reductions chart but with the category chart: the three largest cuts by source
 * category of the newest port, pollutant and year); then, when the report shows the targets chart, the latest target met by every port it applies
 * to; then, when it shows the regional chart, the newest published share (percent, with a pollutant). At most
 * {@link MAX_KEY_FIGURES}.
 */
function chosenFigures(dataset: Dataset, context: KeyFigureContext): KeyFigure[] {
  const figures: KeyFigure[] = [];
  const reductions = context.charts.find((chart) => chart.chartId === KEY_FIGURE_CHART.reduction);
  const portOrder = codeOrder(dataset.codelists.ports.keys());
  const pollutantOrder = codeOrder(dataset.codelists.pollutants.keys());
  let baselineId: string | undefined;
  if (reductions !== undefined) {
    const found = pointsFor(dataset, reductions.filters);
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
  const categories = context.charts.find((chart) => chart.chartId === KEY_FIGURE_CHART.category);
  if (figures.length === 0 && categories !== undefined) {
    const base = baselineFor(dataset, categories.filters);
    const codes = [...dataset.codelists.sourceCategories.values()]
      .filter((c) => c.parent === undefined && c.code !== PORT_TOTAL && (categories.filters.category === undefined || c.code === categories.filters.category))
      .map((c) => c.code);
    const latest = codes
      .flatMap((code) => latestPoints(pointsFor(dataset, { ...categories.filters, category: code }).points).map((point) => ({ point, code })))
      .sort(
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
  const targets = context.charts.find((chart) => chart.chartId === KEY_FIGURE_CHART.target);
  if (targets !== undefined) {
    const met = metTargets(dataset, targets.filters.baseline ?? baselineId ?? baselineFor(dataset, targets.filters)).sort(
      (a, b) => (b[0]!.target_year ?? 0) - (a[0]!.target_year ?? 0) || pollutantOrder(a[0]!.pollutant!) - pollutantOrder(b[0]!.pollutant!),
    );
    const best = met.find((group) => group.length > 1) ?? met[0];
    if (best !== undefined) others.push(targetFigure(dataset, best));
  }
  if (context.charts.some((chart) => chart.chartId === KEY_FIGURE_CHART.share)) {
    const share = shareRecords(dataset)[0];
    if (share !== undefined) others.push(shareFigure(dataset, share));
  }
  figures.length = Math.min(figures.length, MAX_KEY_FIGURES - others.length);
  figures.push(...others);
  return figures.slice(0, MAX_KEY_FIGURES);
}

/** The figures a definition lists, each found in the data or reported with what is missing. */
function requestedFigures(dataset: Dataset, context: KeyFigureContext, requested: readonly KeyFigureRequest[]): { figures: KeyFigure[]; missing: string[] } {
  const figures: KeyFigure[] = [];
  const missing: string[] = [];
  const filtersOf = (chartId: string) => context.charts.find((chart) => chart.chartId === chartId)?.filters ?? {};
  requested.forEach((request, i) => {
    if (request.kind === 'reduction') {
      const filters = { ...filtersOf(KEY_FIGURE_CHART.reduction), ...(request.baseline === undefined ? {} : { baseline: request.baseline }) };
      const { points, baselineId } = pointsFor(dataset, { ...filters, port: request.port, pollutant: request.pollutant });
      const candidates = points.filter((p) => request.year === undefined || p.year === request.year).sort((a, b) => b.year - a.year);
      if (candidates[0] === undefined) missing.push(`keyFigures[${i}]: no ${request.pollutant} reduction of ${request.port} against ${baselineId}${request.year === undefined ? '' : ` in ${request.year}`}`);
      else figures.push(reductionFigure(dataset, candidates[0], baselineId));
    } else {
      const rows = rowsOf<TargetProgressRow>(targetProgress(dataset)).filter(
        (row) => row.target_id === request.target && isMemberPort(dataset, row.port) && row.met === true && row.first_year_met !== null && row.target_pct !== null,
      );
      if (rows.length === 0 || rows[0]!.pollutant === null) missing.push(`keyFigures[${i}]: target ${request.target} is not met by any port in the data`);
      else figures.push(targetFigure(dataset, rows));
    }
  });
  return { figures, missing };
}

/**
 * The report's key figures, in the order they are shown: the definition's `keyFigures` when it lists them,
 * else chosen from the data (see chosenFigures). Only figures whose chart the report shows are chosen, so
 * every one links to its figure. Pure: the same dataset and context give the same figures.
 *
 * @returns The figures and, for requested ones the data cannot give, what is missing (one line each).
 */
export function keyFigures(dataset: Dataset, context: KeyFigureContext): { figures: KeyFigure[]; missing: string[] } {
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
 * The key figures of a report: {@link keyFigures} for the charts the report shows (with the filters each is
 * built with) and the definition's own list, each linked to its figure.
 *
 * @throws PortEmissionsError (exit code 1) naming the definition's `keyFigures[i]` the data cannot give.
 */
export function reportKeyFigures(
  dataset: Dataset,
  charts: readonly { chartId: string; filters: ChartFilters; key: string; number: number }[],
  requested: readonly KeyFigureRequest[] | undefined,
  file: string,
): ReportKeyFigure[] {
  const { figures, missing } = keyFigures(dataset, { charts, ...(requested === undefined ? {} : { requested }) });
  if (missing.length > 0) {
    throw new PortEmissionsError(`the report definition names key figures the dataset ${dataset.name} does not have`, {
      exitCode: 1,
      location: { file },
      details: missing.map((line) => {
        const [column, message] = line.split(': ');
        return { file, column: column!, message: message! };
      }),
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
    const ref = figure.sourceRefs[0];
    const grade = ref === undefined ? undefined : dataset.codelists.sources.get(ref)?.confidence;
    const first = ref === undefined ? '' : `[${ref}]${grade === undefined ? '' : ` (confidence ${grade})`}`;
    const count = figure.sourceRefs.length;
    return {
      value: figure.value,
      label: figure.label,
      context: keyFigureContext(figure),
      source: count === 0 ? '' : count === 1 ? `Source: ${first}` : `${count} sources, first: ${first}`,
    };
  });
}
