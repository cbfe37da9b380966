/**
 * Progress to every published target: achieved reduction, first year met, the average annual reduction
 * still required and the historical rate.
 */
import type { Dataset } from '../ingest/dataset.ts';
import type { IndicatorRecord, TargetRecord } from '../schema/records.ts';
import { chain, codelistOrder, compareText, resolveBaseline, scopedToPort, unique } from './common.ts';
import { latestReleasePerKey } from './releases.ts';
import { msg } from './messages.ts';
import { reductionRows } from './reductions.ts';
import { TARGET_ROW, toTable, type AnalysisTable, type ReductionRow, type TargetProgressRow } from './types.ts';

/** Options of {@link targetProgress}. */
export interface TargetOptions {
  /** Only evidence from this year or earlier (default: all years). */
  asOf?: number;
  /** Only targets that apply to this port (directly, or as a member of a combined target port). */
  port?: string;
  /** Only targets of this pollutant. */
  pollutant?: string;
}

/** Column order of the table (its row schema: TARGET_ROW in ./types.ts). */
export const TARGET_COLUMNS = TARGET_ROW.columns;

/** One year of evidence: the reduction achieved (percent, positive = below baseline) and where it comes from. */
interface Evidence {
  year: number;
  achieved: number;
  evidence: 'reduction_from_tons' | 'published_indicator';
  value: number | null;
  /** The release of the tonnages, or of the published figure where the dataset names it. */
  release: string | null;
  source_ref: string[];
}

/**
 * Average annual reduction (percent) that takes a series from `fromAchieved` to `toAchieved` (both percent
 * reductions from the same baseline) in `years` years, compounding: 1 - ((1 - to)/(1 - from))^(1/years).
 * A negative result is an average annual increase.
 */
export function compoundAnnualReduction(fromAchieved: number, toAchieved: number, years: number): number {
  if (toAchieved >= 100) return 100;
  return (1 - ((1 - toAchieved / 100) / (1 - fromAchieved / 100)) ** (1 / years)) * 100;
}

/** Ports a target is evaluated for: each listed port; a combined port's members first, then the combined. */
function targetPorts(dataset: Dataset, target: TargetRecord): string[] {
  const out: string[] = [];
  for (const code of target.ports) {
    const port = dataset.codelists.ports.get(code);
    if (port?.kind === 'combined') out.push(...port.members);
    out.push(code);
  }
  return unique(out);
}

/** Tonnage evidence: per year, the latest release's reduction against the target's baseline (the one release rule). */
function tonnageEvidence(dataset: Dataset, rows: readonly ReductionRow[]): Map<number, Evidence> {
  const latest = latestReleasePerKey(dataset, rows.filter((row) => row.pct_change !== null && row.value !== null), (row) => String(row.year));
  return new Map(
    latest.map((row) => [row.year, { year: row.year, achieved: 0 - row.pct_change!, evidence: 'reduction_from_tons', value: row.value, release: row.release, source_ref: row.source_ref }]),
  );
}

/**
 * Published-indicator evidence: percent changes of the port total, metric absolute, relative to the
 * target's baseline (its id, or its year for this port). Where several published figures give the same
 * year, the smallest reduction is used: a target counts as met only when every figure says so.
 */
function indicatorEvidence(indicators: readonly IndicatorRecord[]): Map<number, Evidence> {
  const byYear = new Map<number, Evidence>();
  for (const ind of indicators) {
    const achieved = 0 - ind.value; // 0 - x, not -x: no -0 in the output
    const held = byYear.get(ind.year);
    if (!held || achieved < held.achieved || (achieved === held.achieved && compareText(ind.source_ref.join(';'), held.source_ref.join(';')) < 0)) {
      byYear.set(ind.year, { year: ind.year, achieved, evidence: 'published_indicator', value: null, release: ind.release ?? null, source_ref: ind.source_ref });
    }
  }
  return byYear;
}

function emptyRow(target: TargetRecord, port: string, conflicting: boolean): TargetProgressRow {
  return {
    target_id: target.target_id,
    programme: target.programme,
    port,
    pollutant: target.pollutant ?? null,
    target_year: target.target_year ?? null,
    baseline_id: target.baseline_id ?? null,
    target_pct: target.value ?? null,
    latest_year: null,
    latest_value: null,
    achieved_pct: null,
    met: null,
    first_year_met: null,
    required_annual_pct: null,
    historical_annual_pct: null,
    on_track: null,
    conflict_group: target.conflict_group ?? null,
    conflicting,
    evidence: '',
    reason: '',
    source_ref: [...target.source_ref],
    kind: target.kind,
    baseline_year: null,
    met_by_target_year: null,
    release: null,
  };
}

/** Why a target is not evaluated as a pollutant reduction, or undefined when it is. */
function notComputable(target: TargetRecord): string | undefined {
  const what = target.item !== '' ? target.item : target.pollutant ?? target.target_id;
  if (target.kind !== 'reduction_vs_baseline') return msg.targetKindNotComputable(target.kind, what);
  if (target.pollutant === undefined) return msg.targetNoPollutant(what);
  if (target.baseline_id === undefined) return msg.targetNoBaseline();
  if (target.value === undefined) return msg.targetNoValue();
  return undefined;
}

/**
 * A port's evidence of one pollutant's reduction against a baseline, by year up to `asOf`: the port-total
 * tonnage (latest release where several), else the published indicator.
 */
function evidenceSeries(
  dataset: Dataset,
  reductions: readonly ReductionRow[],
  want: { port: string; pollutant: string; baselineId: string; baselineYear: number; asOf: number },
): Evidence[] {
  const { port, pollutant, baselineId, baselineYear, asOf } = want;
  const tons = tonnageEvidence(
    dataset,
    reductions.filter((r) => r.port === port && r.pollutant === pollutant && r.source_category === 'all' && r.year <= asOf),
  );
  const published = indicatorEvidence(
    dataset.records.indicators.filter(
      (i) =>
        i.port === port &&
        i.pollutant === pollutant &&
        i.source_category === 'all' &&
        i.metric === 'absolute' &&
        (i.relative_to === baselineId || i.relative_to === String(baselineYear)) &&
        i.year <= asOf,
    ),
  );
  const years = unique([...tons.keys(), ...published.keys()]).sort((a, b) => a - b);
  return years.map((y) => tons.get(y) ?? published.get(y)!);
}

/**
 * Fills a progress row from its evidence (at least one year): the latest achievement, whether and when the
 * target was met, the annual rates and whether it is on track. Returns the reasons for what stays empty.
 */
function judgeProgress(row: TargetProgressRow, series: readonly Evidence[], target: TargetRecord, baselineYear: number): string[] {
  const goal = target.value!;
  const years = series.map((e) => e.year);
  const latest = series.at(-1)!;
  row.latest_year = latest.year;
  row.latest_value = latest.value;
  row.achieved_pct = latest.achieved;
  row.evidence = latest.evidence;
  row.release = latest.release;
  row.source_ref = unique([...target.source_ref, ...latest.source_ref]);
  row.met = latest.achieved >= goal;
  row.first_year_met = series.find((e) => e.achieved >= goal)?.year ?? null;
  const reasons: string[] = [];
  const targetYear = target.target_year;
  if (targetYear !== undefined) {
    // Strict: "not met by the target year" needs evidence for that very year.
    if (row.first_year_met !== null && row.first_year_met <= targetYear) row.met_by_target_year = true;
    else if (years.includes(targetYear)) row.met_by_target_year = false;
    else if (latest.year >= targetYear) reasons.push(msg.targetYearNoEvidence(targetYear));
  }
  if (latest.year > baselineYear) {
    row.historical_annual_pct = compoundAnnualReduction(0, latest.achieved, latest.year - baselineYear);
  } else {
    reasons.push(msg.targetNoHistory(latest.year));
  }
  if (row.met) {
    row.on_track = true;
  } else if (targetYear === undefined) {
    reasons.push(msg.targetNoYear());
  } else if (targetYear <= latest.year) {
    row.on_track = false;
    reasons.push(msg.targetYearPassed(targetYear, latest.year));
  } else {
    row.required_annual_pct = compoundAnnualReduction(latest.achieved, goal, targetYear - latest.year);
    if (row.historical_annual_pct !== null) row.on_track = row.historical_annual_pct >= row.required_annual_pct;
  }
  return reasons;
}

/**
 * Progress to every target of the dataset, one row per target and port (a target of a combined port such
 * as SPB is evaluated for each member and for the combined where computable).
 *
 * For reduction targets with a pollutant: `achieved_pct` (positive = below baseline) at the latest year of
 * evidence up to `asOf`; per year the evidence is the port-total tonnage against the baseline from the same
 * release (latest release where several), else a published indicator relative to the target's baseline
 * (`evidence` says which; several published figures for a year: the smallest reduction). `met` compares the
 * latest achievement with the target; `first_year_met` is the first year of evidence at or above it;
 * `met_by_target_year` whether that was by the target year (null while the target year has no evidence and
 * it has not been met). `required_annual_pct` is the compound average annual reduction needed from the
 * latest year to the target year, 1 - ((1 - target)/(1 - achieved))^(1/years) (null when met or when the
 * target year is not after the latest year); `historical_annual_pct` the compound average from the baseline
 * year to the latest; `on_track` whether the historical rate reaches the target by its year (true when met,
 * false when the year passed unmet). Published values of one target that conflict (same `conflict_group`)
 * are each evaluated and flagged `conflicting`. Targets that are not pollutant reductions get a row with a
 * reason and null figures. Rows are sorted by target_id, then port in codelist order.
 *
 * @throws PortEmissionsError (exit code 2) for an unknown port or pollutant.
 */
export function targetProgress(dataset: Dataset, options: TargetOptions = {}): AnalysisTable<TargetProgressRow> {
  dataset = scopedToPort(dataset, options.port); // the rows of other ports cannot change this port's
  const conflicts = conflictGroupSizes(dataset.records.targets);
  // A combined port's note (combinedStopsNotes) needs its members' rows: compute them too, drop them at the end.
  const reach = options.port === undefined ? undefined : new Set([options.port, ...(dataset.codelists.ports.get(options.port)?.members ?? [])]);
  const rows: TargetProgressRow[] = [];
  const perPort = new Set<TargetProgressRow>();
  for (const target of dataset.records.targets) {
    if (options.pollutant !== undefined && target.pollutant !== options.pollutant) continue;
    const ports = targetPorts(dataset, target);
    if (options.port !== undefined && !ports.includes(options.port)) continue;
    const conflicting = target.conflict_group !== undefined && (conflicts.get(target.conflict_group) ?? 0) > 1;
    const refusal = notComputable(target);
    if (refusal !== undefined) {
      rows.push({ ...emptyRow(target, target.ports.join(';'), conflicting), reason: refusal });
      continue;
    }
    for (const port of ports) {
      if (reach !== undefined && !reach.has(port)) continue;
      const row = portProgress(dataset, reductionRows(dataset, target.baseline_id!), target, port, { conflicting, asOf: options.asOf });
      rows.push(row);
      perPort.add(row);
    }
  }
  combinedStopsNotes(dataset, rows);
  const kept = options.port === undefined ? rows : rows.filter((row) => !perPort.has(row) || row.port === options.port);
  const order = codelistOrder(dataset);
  kept.sort(chain<TargetProgressRow>((a, b) => compareText(a.target_id, b.target_id), (a, b) => order.port(a.port, b.port)));
  return toTable(kept, TARGET_ROW);
}

/** How many targets share each conflict group (published values of one target that disagree). */
function conflictGroupSizes(targets: readonly TargetRecord[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const t of targets) if (t.conflict_group) sizes.set(t.conflict_group, (sizes.get(t.conflict_group) ?? 0) + 1);
  return sizes;
}

/**
 * Progress to a computable reduction target (pollutant, baseline and value given) for one port: the
 * baseline year, the evidence up to `asOf` and the judgement of it, or the reason there is none.
 */
function portProgress(
  dataset: Dataset,
  reductions: readonly ReductionRow[],
  target: TargetRecord,
  port: string,
  context: { conflicting: boolean; asOf: number | undefined },
): TargetProgressRow {
  const row = emptyRow(target, port, context.conflicting);
  const pollutant = target.pollutant!;
  const baselineId = target.baseline_id!;
  const resolved = resolveBaseline(dataset, baselineId, port);
  if (resolved.year === undefined) return { ...row, reason: resolved.reason };
  const baselineYear = resolved.year;
  row.baseline_year = baselineYear;
  const asOf = context.asOf ?? Number.POSITIVE_INFINITY;
  const series = evidenceSeries(dataset, reductions, { port, pollutant, baselineId, baselineYear, asOf });
  if (series.length === 0) return { ...row, reason: msg.targetNoEvidence(port, pollutant, baselineId, context.asOf) };
  const reasons = judgeProgress(row, series, target, baselineYear);
  if (context.conflicting) reasons.push(msg.targetConflict(target.conflict_group!));
  row.reason = reasons.join('; ');
  return row;
}

/**
 * A combined port's evidence often stops where its members' published figures go on: adds to each combined
 * port's row a note naming the members whose evidence runs later (in place).
 */
function combinedStopsNotes(dataset: Dataset, rows: TargetProgressRow[]): void {
  for (const row of rows) {
    const members = dataset.codelists.ports.get(row.port)?.members ?? [];
    if (row.latest_year === null || members.length === 0) continue;
    const later = rows
      .filter((m) => m.target_id === row.target_id && members.includes(m.port) && m.latest_year !== null && m.latest_year > row.latest_year!)
      .map((m) => `${m.port} ${m.latest_year}`);
    if (later.length > 0) row.reason = [row.reason, msg.targetCombinedStops(row.port, row.latest_year, later)].filter((r) => r !== '').join('; ');
  }
}
