/**
 * Chart data of `reductions`: each port's change from a baseline by pollutant and year, computed from
 * tonnages where the dataset has them, else the percentage as published; the reduction targets as reference
 * lines with the year each port met them.
 */
import type { Dataset } from '../../ingest/dataset.ts';
import type { TargetRecord } from '../../schema/records.ts';
import { chain, compareText, resolveBaseline, unique } from '../common.ts';
import { reconcileIndicators } from '../reconcile.ts';
import { reductionsVsBaseline } from '../reductions.ts';
import { targetProgress } from '../targets.ts';
import { rowsOf, type ReconcileRow, type ReductionRow, type TargetProgressRow } from '../types.ts';
import {
  chartBaseline,
  chartData,
  chooseReleasePerKey,
  inRange,
  publishedReleasesOf,
  releaseChoices,
  resolveChartBaseline,
  seriesOf,
  sourceRefsOf,
  targetApplies,
} from './common.ts';
import { fillMsg } from './messages.ts';
import { WITH_BASELINE_YEAR, type ReleasePick } from '../releases.ts';
import type { ChartColumn, ChartData, ChartOptions, ReferenceLine } from './types.ts';

/** How a point of the chart was obtained. */
export type ReductionEvidence = 'computed from tonnages' | 'published';

/** One point: a port's change of one pollutant in one year from the baseline. */
export interface ReductionRecord {
  port: string;
  pollutant: string;
  year: number;
  /** % change from the baseline; negative = lower than the baseline (-79.2 is 79.2% below). */
  pct_change: number;
  evidence: ReductionEvidence;
  /** Release of the tonnages, or of the published figure where the dataset names it. */
  release: string;
  /** Every published value for that year, where several sources give one (e.g. "-87; -86"). */
  published_values: string;
  source_ref: string[];
}

/** A target line: one target (or a group of conflicting published values of one target). */
export interface TargetLine {
  pollutant: string;
  target_ids: string[];
  target_year: number | null;
  /** % below the baseline the target asks for (each published value of the group), ascending. */
  values: number[];
  conflicting: boolean;
  /** Port -> first year met (null: not met), for the strictest value of the group. */
  met: Map<string, number | null>;
  programme: string;
}

/** The chart data of `reductions`, with its target lines. */
export interface ReductionsChartData extends ChartData<ReductionRecord> {
  targetLines: TargetLine[];
  /** Pollutants with data left out (more than fit in panels); the `pollutant` option shows one. */
  leftOut: string[];
}

/** Panels (pollutants) drawn side by side at most. */
export const MAX_REDUCTION_PANELS = 4;

export const REDUCTION_CHART_COLUMNS: ChartColumn[] = [
  { name: 'port', description: 'port code', unit: '' },
  { name: 'pollutant', description: 'pollutant code', unit: '' },
  { name: 'year', description: 'inventory year', unit: '' },
  { name: 'pct_change', description: '% change from the baseline (negative = lower than the baseline)', unit: '%', decimals: 1, sign: 'pct_change' },
  { name: 'evidence', description: 'computed from tonnages, or published', unit: '' },
  { name: 'release', description: 'data release of the figure', unit: '' },
  { name: 'published_values', description: 'every published value for the year where sources differ', unit: '%' },
  { name: 'source_ref', description: 'sources of the figure', unit: '' },
];

const key = (port: string, pollutant: string, year: number) => `${port}\u0000${pollutant}\u0000${year}`;

/**
 * Tonnage reductions, one per port, pollutant and year, by the one release rule over the releases holding the
 * year and the baseline year (a reduction needs both from one release).
 */
function tonnagePicks(dataset: Dataset, options: ChartOptions, baselineId: string, category: string): ReleasePick<ReductionRow>[] {
  const tons = rowsOf(
    reductionsVsBaseline(dataset, { baseline: baselineId, category, port: options.port, pollutant: options.pollutant, from: options.from, to: options.to }),
  );
  return chooseReleasePerKey(dataset, tons, (r) => key(r.port, r.pollutant, r.year), [{ words: WITH_BASELINE_YEAR, holds: (r) => r.pct_change !== null && r.value !== null }]);
}

function tonnagePoint(r: ReductionRow): ReductionRecord {
  return {
    port: r.port,
    pollutant: r.pollutant,
    year: r.year,
    pct_change: r.pct_change!,
    evidence: 'computed from tonnages',
    release: r.release,
    published_values: '',
    source_ref: r.source_ref,
  };
}

/** Published % changes against the baseline (its id or its year for the port), largest change first. */
function publishedChanges(dataset: Dataset, options: ChartOptions, baselineId: string, category: string): ReconcileRow[] {
  const baselineYears = new Map<string, string>();
  const relativeOk = (row: ReconcileRow): boolean => {
    if (row.relative_to === baselineId) return true;
    let year = baselineYears.get(row.port);
    if (year === undefined) {
      const resolved = resolveBaseline(dataset, baselineId, row.port);
      baselineYears.set(row.port, (year = resolved.year === undefined ? '' : String(resolved.year)));
    }
    return year !== '' && row.relative_to === year;
  };
  return rowsOf(reconcileIndicators(dataset, { port: options.port, pollutant: options.pollutant, category, from: options.from, to: options.to }))
    .filter((r) => r.metric === 'absolute' && relativeOk(r))
    .sort(chain<ReconcileRow>((a, b) => b.published - a.published, (a, b) => compareText(a.source_ref.join(';'), b.source_ref.join(';'))));
}

/**
 * The points: tonnage reductions (latest release per year), else the published percentage (the smallest
 * reduction, so a target counts as met only when every published figure says so).
 */
export function reductionRecords(dataset: Dataset, options: ChartOptions, baselineId: string, category: string): ReductionRecord[] {
  return reductionPoints(dataset, options, baselineId, category).records;
}

/** {@link reductionRecords} with the release pick of each point computed from tonnages, by key. */
function reductionPoints(dataset: Dataset, options: ChartOptions, baselineId: string, category: string): { records: ReductionRecord[]; picks: Map<string, ReleasePick<ReductionRow>> } {
  const picks = new Map(tonnagePicks(dataset, options, baselineId, category).map((p) => [key(p.row.port, p.row.pollutant, p.row.year), p]));
  const points = new Map([...picks].map(([k, p]) => [k, tonnagePoint(p.row)]));
  const published = publishedChanges(dataset, options, baselineId, category);
  const seen = new Map<string, ReconcileRow[]>();
  for (const r of published) {
    const k = key(r.port, r.pollutant, r.year);
    seen.set(k, [...(seen.get(k) ?? []), r]);
    if (points.has(k)) continue;
    points.set(k, {
      port: r.port,
      pollutant: r.pollutant,
      year: r.year,
      pct_change: r.published,
      evidence: 'published',
      release: r.release ?? '',
      published_values: '',
      source_ref: [...r.source_ref],
    });
  }
  for (const [k, rows] of seen) {
    const point = points.get(k);
    if (point === undefined || point.evidence !== 'published') continue;
    const distinct = unique(rows.map((r) => r.published)).sort((a, b) => a - b);
    if (distinct.length > 1) point.published_values = distinct.map(String).join('; ');
    point.source_ref = unique(rows.flatMap((r) => r.source_ref));
  }
  return { records: [...points.values()], picks };
}

/** A programme name without its parenthesis ("San Pedro Bay Standards (2010 CAAP Update)" -> "San Pedro Bay Standards"). */
export function programmeName(programme: string): string {
  return programme.replace(/\s*\([^)]*\)/g, '').replace(/:.*$/, '').trim();
}

/** The reduction targets of the pollutants for the ports, grouped where published values conflict. */
function reductionTargets(dataset: Dataset, baselineId: string, pollutants: readonly string[], ports: readonly string[]): TargetRecord[][] {
  const targets = dataset.records.targets.filter(
    (t) =>
      t.kind === 'reduction_vs_baseline' &&
      t.baseline_id === baselineId &&
      t.pollutant !== undefined &&
      pollutants.includes(t.pollutant) &&
      t.value !== undefined &&
      ports.some((p) => targetApplies(dataset, t, p)),
  );
  const groups = new Map<string, TargetRecord[]>();
  for (const t of targets) {
    const k = `${t.pollutant}\u0000${t.conflict_group ?? t.target_id}`;
    groups.set(k, [...(groups.get(k) ?? []), t]);
  }
  return [...groups.values()];
}

/** Per port, the first year it met the target (null: not met since the target year), from targetProgress. */
function metByPort(progress: readonly TargetProgressRow[], target: TargetRecord, ports: readonly string[]): Map<string, number | null> {
  const met = new Map<string, number | null>();
  for (const port of ports) {
    const row = progress.find((p) => p.target_id === target.target_id && p.port === port);
    if (!row || row.achieved_pct === null) continue;
    // "Not met" is said only with evidence from the target year on; older evidence says nothing about it.
    if (row.first_year_met !== null) met.set(port, row.first_year_met);
    else if (row.latest_year !== null && target.target_year !== undefined && row.latest_year >= target.target_year) met.set(port, null);
  }
  return met;
}

function targetLines(dataset: Dataset, baselineId: string, pollutants: readonly string[], ports: readonly string[], asOf: number | undefined): TargetLine[] {
  const groups = reductionTargets(dataset, baselineId, pollutants, ports);
  if (groups.length === 0) return [];
  // One port: its rows alone (the same rows, without every other port's analysis).
  const progress = rowsOf(targetProgress(dataset, { ...(ports.length === 1 ? { port: ports[0]! } : {}), ...(asOf === undefined ? {} : { asOf }) }));
  return groups.map((group) => {
    const strictest = [...group].sort((a, b) => b.value! - a.value!)[0]!;
    return {
      pollutant: strictest.pollutant!,
      target_ids: group.map((t) => t.target_id),
      target_year: strictest.target_year ?? null,
      values: unique(group.map((t) => t.value!)).sort((a, b) => a - b),
      conflicting: group.length > 1,
      met: metByPort(progress, strictest, ports),
      programme: strictest.programme,
    };
  });
}

/** "met 2012" when every port met it the same year, else "met POLA 2012, POLB 2010; not met POLB". */
export function metWords(met: ReadonlyMap<string, number | null>): string {
  const entries = [...met];
  if (entries.length === 0) return '';
  const years = unique(entries.map(([, y]) => y));
  if (years.length === 1) return years[0] === null ? 'not met' : `met ${years[0]}`;
  const metParts = entries.filter(([, y]) => y !== null).map(([p, y]) => `${p} ${y}`);
  const notMet = entries.filter(([, y]) => y === null).map(([p]) => p);
  return [metParts.length > 0 ? `met ${metParts.join(', ')}` : '', notMet.length > 0 ? `not met ${notMet.join(', ')}` : ''].filter((s) => s !== '').join('; ');
}

/** The target line's label, e.g. "2023 target 77% · met 2012" or "2023 target 92/93/96%* · met 2014". */
export function targetLineLabel(line: TargetLine): string {
  const when = line.target_year === null ? 'target' : `${line.target_year} target`;
  const values = `${line.values.map(String).join('/')}%`;
  const conflict = line.conflicting ? '*' : '';
  const met = metWords(line.met);
  return `${when} ${values}${conflict}${met === '' ? '' : ` · ${met}`}`;
}

/** The pollutants drawn: those with data (and a target unless one is asked for), in codelist order. */
function shownPollutants(dataset: Dataset, records: readonly ReductionRecord[], options: ChartOptions, baselineId: string): string[] {
  const withData = [...dataset.codelists.pollutants.keys()].filter((c) => records.some((p) => p.pollutant === c));
  const targeted = new Set(
    dataset.records.targets.filter((t) => t.kind === 'reduction_vs_baseline' && t.baseline_id === baselineId && t.pollutant !== undefined).map((t) => t.pollutant!),
  );
  const pollutants = options.pollutant !== undefined ? withData : withData.filter((c) => targeted.has(c));
  return pollutants.length === 0 ? withData : pollutants;
}

function referenceLinesOf(dataset: Dataset, lines: readonly TargetLine[]): ReferenceLine[] {
  return lines.flatMap((line) =>
    line.values.map((value) => ({
      kind: 'target' as const,
      panel: line.pollutant,
      value,
      values: [...line.values],
      label: targetLineLabel(line),
      year: line.target_year,
      sourceRefs: sourceRefsOf(dataset.records.targets.filter((t) => line.target_ids.includes(t.target_id))),
    })),
  );
}

/**
 * The data of the `reductions` chart: per pollutant panel (those with a target, at most
 * {@link MAX_REDUCTION_PANELS}) and port, the % change from the baseline by year, and the targets of the
 * whole-port rows (category `all`) as reference lines in "% below the baseline".
 */
export function reductionsChartData(dataset: Dataset, options: ChartOptions): ReductionsChartData {
  const baselineId = resolveChartBaseline(dataset, options);
  const baseline = chartBaseline(dataset, baselineId);
  const category = options.category ?? 'all';
  const points = reductionPoints(dataset, options, baselineId, category);
  const all = points.records.filter((p) => inRange(p.year, options));
  const candidates = shownPollutants(dataset, all, options, baselineId);
  const pollutants = candidates.slice(0, MAX_REDUCTION_PANELS);
  const pollutantCodes = [...dataset.codelists.pollutants.keys()];
  const portCodes = [...dataset.codelists.ports.keys()];
  const records = all
    .filter((p) => pollutants.includes(p.pollutant))
    .sort(
      chain<ReductionRecord>(
        (a, b) => pollutantCodes.indexOf(a.pollutant) - pollutantCodes.indexOf(b.pollutant),
        (a, b) => portCodes.indexOf(a.port) - portCodes.indexOf(b.port),
        (a, b) => a.year - b.year,
      ),
    );
  const ports = portCodes.filter((c) => records.some((p) => p.port === c));
  const lines = category === 'all' && records.length > 0 ? targetLines(dataset, baselineId, pollutants, ports, options.to) : [];
  const references = referenceLinesOf(dataset, lines);
  const publishedCount = unique(records.filter((p) => p.evidence === 'published').flatMap((p) => p.source_ref)).length;
  return chartData({
    chartId: 'reductions',
    options,
    records,
    columns: REDUCTION_CHART_COLUMNS,
    measure: {
      field: 'pct_change',
      unit: '% change from the baseline',
      axis: { title: `% below ${baseline.year ?? 'baseline'}`, unit: '%', factor: -1, decimals: 1, percent: true },
    },
    series: seriesOf(dataset, records, 'port', { code: (r) => r.port, panel: (r) => r.pollutant, year: (r) => r.year, value: (r) => r.pct_change }),
    panels: records.length === 0 ? [''] : pollutants,
    references,
    releases: releaseChoices(dataset, records.filter((p) => p.evidence === 'computed from tonnages').map((p) => points.picks.get(key(p.port, p.pollutant, p.year))!)),
    releaseExtra: publishedCount > 0 ? `published percentages (${publishedCount} ${publishedCount === 1 ? 'source' : 'sources'})` : '',
    publishedReleases: publishedReleasesOf(records.filter((p) => p.evidence === 'published').map((p) => p.release)),
    baseline,
    missing:
      records.length === 0
        ? { missing: `a reduction against ${baseline.words}`, fill: `${fillMsg.tons}, or published % changes against ${baseline.words}` }
        : null,
    sourceRefs: unique([...sourceRefsOf(records), ...references.flatMap((r) => r.sourceRefs)]),
    targetLines: lines,
    leftOut: candidates.slice(MAX_REDUCTION_PANELS),
  });
}
