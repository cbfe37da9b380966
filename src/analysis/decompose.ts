/**
 * Additive LMDI decomposition of a change in emissions between two years into activity (TEU), intensity
 * (tons per TEU) and, where source categories exist, structure (the category mix) effects.
 */
import { usageError } from '../errors.ts';
import { CATEGORY_SUM_TOLERANCE } from '../ingest/checks.ts';
import type { Dataset } from '../ingest/dataset.ts';
import type { EmissionsRecord } from '../schema/records.ts';
import { checkFilters, chooseTeu, codelistOrder, inventoryTonnages, resolveBaseline, toTable, unitsComparable } from './common.ts';
import { chooseRelease, type CandidateTier } from './releases.ts';
import { msg } from './messages.ts';
import { baselineFor } from './baselines.ts';
import { DECOMPOSITION_ROW, type AnalysisTable, type DecompositionRow } from './types.ts';

/** Options of {@link decomposeChange}. */
export interface DecomposeOptions {
  port: string;
  pollutant: string;
  /** First year (default: the baseline year for the port). */
  from?: number;
  /** Second year (default: the latest year of a release that also holds `from`). */
  to?: number;
  /** Release of the tonnages (default: the latest release holding both years). */
  release?: string;
  /** Baseline giving the default `from` (default: the port's own, else the dataset's; not needed with `from`). */
  baseline?: string;
}

/** Column order of the table (its row schema: DECOMPOSITION_ROW in ./types.ts). */
export const DECOMPOSITION_COLUMNS = DECOMPOSITION_ROW.columns;

/** Logarithmic mean L(a, b) = (a - b) / (ln a - ln b), with L(a, a) = a. Defined for a, b > 0. */
export function logMean(a: number, b: number): number {
  if (a === b) return a;
  // Nearly equal values: ln(a/b) through log1p stays accurate where ln a - ln b would cancel (even to 0/0);
  // far apart, ln(a/b) is accurate and log1p near -1 would not be.
  const x = (a - b) / b;
  return (a - b) / (Math.abs(x) < 0.5 ? Math.log1p(x) : Math.log(a / b));
}

/** Effects of an additive LMDI decomposition (tons). */
export interface LmdiEffects {
  activity: number;
  intensity: number;
  /** Null without categories. */
  structure: number | null;
  total: number;
}

/**
 * Additive LMDI-I (Ang 2004). Without categories, E = A x I: activity = L(E1, E0) ln(A1/A0), intensity =
 * L(E1, E0) ln(I1/I0). With categories, E = sum_i A x I x s_i where s_i is category i's share of the
 * reported categories and I = E/A (the categories carry no activity of their own, so the structure effect
 * measures shifts in the category mix of emissions): each effect sums L(E_i1, E_i0) ln(ratio) over the
 * categories. A category zero in one year takes the analytical limit of Ang & Liu (2007): its whole change
 * is structure (L(x, d) ln(s/d) -> x as d -> 0, the other terms -> 0). Totals and TEU must be positive.
 * The effects sum to E1 - E0 (up to floating-point rounding).
 */
export function lmdi(
  e0: number,
  e1: number,
  a0: number,
  a1: number,
  categories?: { share0: number; share1: number }[],
): LmdiEffects {
  const i0 = e0 / a0;
  const i1 = e1 / a1;
  const total = e1 - e0;
  if (!categories) {
    const w = logMean(e1, e0);
    return { activity: w * Math.log(a1 / a0), intensity: w * Math.log(i1 / i0), structure: null, total };
  }
  let activity = 0;
  let intensity = 0;
  let structure = 0;
  for (const { share0, share1 } of categories) {
    const c0 = e0 * share0;
    const c1 = e1 * share1;
    if (c0 === 0 && c1 === 0) continue;
    if (c0 === 0 || c1 === 0) {
      structure += c1 - c0;
      continue;
    }
    const w = logMean(c1, c0);
    activity += w * Math.log(a1 / a0);
    intensity += w * Math.log(i1 / i0);
    structure += w * Math.log(share1 / share0);
  }
  return { activity, intensity, structure, total };
}

interface YearTons {
  total: number;
  /** Category code -> tons (top-level within the release: sub-categories whose parent is reported are left out). */
  categories: Map<string, number>;
  unit: string;
  fromAll: boolean;
}

/** Port total (the `all` row, else the sum of categories) and categories of one release and year. */
function yearTons(dataset: Dataset, rows: readonly EmissionsRecord[]): YearTons | undefined {
  const all = rows.find((r) => r.source_category === 'all');
  const cats = rows.filter((r) => r.source_category !== 'all');
  const codes = new Set(cats.map((r) => r.source_category));
  const unit = all?.unit ?? cats[0]?.unit;
  if (unit === undefined) return undefined;
  const order = codelistOrder(dataset);
  const top = cats
    .filter((r) => !codes.has(dataset.codelists.sourceCategories.get(r.source_category)?.parent ?? '') && unitsComparable(dataset, r.unit, unit))
    .sort((a, b) => order.category(a.source_category, b.source_category));
  const categories = new Map(top.map((r) => [r.source_category, r.value]));
  const sum = [...categories.values()].reduce((s, v) => s + v, 0);
  return { total: all ? all.value : sum, categories, unit, fromAll: all !== undefined };
}

/** A release holding a port's tons of both years, with those tons; or why there is none. */
type BothYears = { release: string; to: number; y0: YearTons; y1: YearTons } | { reason: string };

/** What one release offers a decomposition from `from`: its second year, and whether it holds the port total in both. */
interface ReleaseSpan {
  release: string;
  to: number;
  total: boolean;
}

/**
 * The candidate set of a decomposition, in the tiers of the one release rule (analysis/releases.ts): the
 * releases holding the port total in both years, else those holding categories of both years; within a
 * tier, the latest second year any of them holds, then the latest release.
 */
export const DECOMPOSE_CANDIDATES: readonly CandidateTier<ReleaseSpan>[] = [
  { words: 'releases holding the port total of both years', holds: (s) => s.total },
  { words: 'releases holding both years', holds: () => true },
];

/** The candidate set in words, for the chart's release notes. */
export const DECOMPOSE_CANDIDATE_WORDS = 'releases holding both years (those with the port total first)';

/** Each release's span from `from`: its second year (the wanted one, else the latest, port total first). */
function releaseSpans(own: readonly EmissionsRecord[], from: number, wantTo: number | undefined): ReleaseSpan[] {
  const spans: ReleaseSpan[] = [];
  for (const release of new Set(own.filter((r) => r.year === from).map((r) => r.release))) {
    const rows = own.filter((r) => r.release === release);
    const hasTotal = (year: number) => rows.some((r) => r.year === year && r.source_category === 'all');
    const years = [...new Set(rows.filter((r) => r.year > from).map((r) => r.year))];
    const to = years.filter((y) => wantTo === undefined || y === wantTo).sort((a, b) => (hasTotal(b) ? 1 : 0) - (hasTotal(a) ? 1 : 0) || b - a)[0];
    if (to !== undefined) spans.push({ release, to, total: hasTotal(from) && hasTotal(to) });
  }
  return spans;
}

/** The one release rule over the spans: the first tier holding any, its latest second year, its latest release. */
function chooseSpan(dataset: Dataset, spans: readonly ReleaseSpan[]): ReleaseSpan | undefined {
  for (const tier of DECOMPOSE_CANDIDATES) {
    const held = spans.filter(tier.holds);
    if (held.length === 0) continue;
    const to = Math.max(...held.map((s) => s.to));
    return chooseRelease(dataset, held.filter((s) => s.to === to), [tier])?.row;
  }
  return undefined;
}

/** For one real port and a given or open second year: the release and the tons of both years, or why not. */
function releaseOfBothYears(
  dataset: Dataset,
  tonnages: readonly EmissionsRecord[],
  want: { port: string; pollutant: string; from: number; to: number | undefined; release: string | undefined },
): BothYears {
  const { from } = want;
  const own = tonnages.filter((r) => r.port === want.port && (want.release === undefined || r.release === want.release));
  const best = chooseSpan(dataset, releaseSpans(own, from, want.to));
  if (!best) return { reason: msg.decomposeNoRelease(want.port, want.pollutant, from, want.to) };
  const y0 = yearTons(dataset, own.filter((r) => r.release === best.release && r.year === from));
  const y1 = yearTons(dataset, own.filter((r) => r.release === best.release && r.year === best.to));
  if (!y0 || !y1 || !unitsComparable(dataset, y0.unit, y1.unit)) return { reason: msg.decomposeNoRelease(want.port, want.pollutant, from, want.to) };
  return { release: best.release, to: best.to, y0, y1 };
}

/** A combined port's tons of both years: its members' summed, each from its own release (no structure effect). */
function combinedBothYears(
  dataset: Dataset,
  tonnages: readonly EmissionsRecord[],
  members: readonly string[],
  want: { port: string; pollutant: string; from: number; to: number | undefined; release: string | undefined },
): BothYears {
  const pick = (m: string, to: number | undefined) => releaseOfBothYears(dataset, tonnages, { ...want, port: m, to });
  // Without a second year, the latest year every member reports (with the first) in some release.
  let to = want.to;
  if (to === undefined) {
    const candidates = [...new Set(tonnages.filter((r) => members.includes(r.port) && r.year > want.from).map((r) => r.year))].sort((a, b) => b - a);
    to = candidates.find((y) => members.every((m) => !('reason' in pick(m, y))));
  }
  const parts = members.map((m) => pick(m, to));
  const failed = parts.filter((p): p is { reason: string } => 'reason' in p);
  if (failed.length > 0) return { reason: failed.map((f) => f.reason).join('; ') };
  const ok = parts as Exclude<BothYears, { reason: string }>[];
  if (!ok.every((p) => unitsComparable(dataset, p.y0.unit, ok[0]!.y0.unit))) return { reason: msg.decomposeMembersDiffer(want.port) };
  const sum = (key: 'y0' | 'y1'): YearTons => ({ total: ok.reduce((s, p) => s + p[key].total, 0), categories: new Map(), unit: ok[0]!.y0.unit, fromAll: ok.every((p) => p[key].fromAll) });
  return { release: ok.map((p) => p.release).join('+'), to: ok[0]!.to, y0: sum('y0'), y1: sum('y1') };
}

/**
 * Each category's share of the two years' sums, for the structure effect: the categories must be reported in
 * both years and make up the port total (within {@link CATEGORY_SUM_TOLERANCE}); else why not.
 */
function categoryShares(y0: YearTons, y1: YearTons, from: number, to: number, release: string): { shares: { share0: number; share1: number }[] } | { reason: string } {
  const sum0 = [...y0.categories.values()].reduce((s, v) => s + v, 0);
  const sum1 = [...y1.categories.values()].reduce((s, v) => s + v, 0);
  if (y0.categories.size === 0 || y1.categories.size === 0 || sum0 <= 0 || sum1 <= 0) return { reason: msg.decomposeNoCategories(release) };
  const gaps = (
    [
      [from, sum0, y0],
      [to, sum1, y1],
    ] as const
  ).filter(([, sum, y]) => y.fromAll && Math.abs(sum - y.total) > CATEGORY_SUM_TOLERANCE * y.total);
  if (gaps.length > 0) return { reason: gaps.map(([year, sum, y]) => msg.decomposeCoverage(year, sum, y.total)).join('; ') };
  const codes = [...new Set([...y0.categories.keys(), ...y1.categories.keys()])];
  return { shares: codes.map((c) => ({ share0: (y0.categories.get(c) ?? 0) / sum0, share1: (y1.categories.get(c) ?? 0) / sum1 })) };
}

/**
 * The change in a port's tonnage of one pollutant between two years, decomposed by additive LMDI into
 * `activity` (TEU), `intensity` (tons per TEU) and `structure` (source-category mix) effects, plus `total`
 * (= E_to - E_from); the effects sum to the total (within floating-point rounding, about 1e-12 relative).
 *
 * Tonnages: absolute inventory values of one release holding both years (the given release; else the one
 * release rule over {@link DECOMPOSE_CANDIDATES}: releases with the port total in both years first, then the
 * latest second year, then the latest release). Without
 * an `all` row the total is the sum of the categories reported, and the total row's `reason` says so. A
 * combined port sums its members (each picked the same way, for the latest second year they all report;
 * no structure effect). TEU: as for intensity (`chooseTeu`); `approximate` when either is not exact. Structure needs
 * categories in both years that make up the total (no `all` row, or categories within 0.5% of it); else its
 * value is null with a reason. Zero values: a category zero in one year is handled by the analytical limit
 * (see {@link lmdi}); a zero total or TEU is refused (values null with a reason), as the logarithmic mean
 * is undefined there. Rows in the order activity, intensity, structure, total.
 *
 * @throws PortEmissionsError (exit code 2) for unknown or missing port/pollutant, unknown release or
 *   baseline, from >= to, or no `from` when the baseline has no year for the port.
 */
export function decomposeChange(dataset: Dataset, options: DecomposeOptions): AnalysisTable<DecompositionRow> {
  const from = firstYear(dataset, options);
  const { port, pollutant } = options;
  const tonnages = inventoryTonnages(dataset).filter((r) => r.pollutant === pollutant);
  const info = dataset.codelists.ports.get(port);
  const combined = info?.kind === 'combined' && info.members.length > 0 && !tonnages.some((r) => r.port === port);
  const want = { port, pollutant, from, to: options.to, release: options.release };
  const tons = combined ? combinedBothYears(dataset, tonnages, info.members, want) : releaseOfBothYears(dataset, tonnages, want);
  const frame = { port, pollutant, from };
  if ('reason' in tons) return effectRows(frame, { to: options.to ?? null, unit: '', release: null, approximate: false }, {}, allReasons(tons.reason));
  return decomposeTons(dataset, frame, tons, combined);
}

/** Checks the options and gives the first year: the option, else the baseline year for the port. */
function firstYear(dataset: Dataset, options: DecomposeOptions): number {
  if (!options.port) throw usageError(msg.decomposeNeeds('a port (the option port)'));
  if (!options.pollutant) throw usageError(msg.decomposeNeeds('a pollutant (the option pollutant)'));
  checkFilters(dataset, { port: options.port, pollutant: options.pollutant, release: options.release });
  // Given both years, no baseline is needed; a named one is still checked.
  const baselineId = options.from === undefined || options.baseline !== undefined ? baselineFor(dataset, options) : undefined;
  if (options.from !== undefined && options.to !== undefined && options.from >= options.to) {
    throw usageError(msg.decomposeYears(options.from, options.to));
  }
  const resolved = baselineId === undefined ? undefined : resolveBaseline(dataset, baselineId, options.port);
  const from = options.from ?? resolved?.year;
  if (from === undefined) throw usageError(msg.decomposeNoFrom(resolved?.reason ?? ''), 'give the first year (the option from)');
  return from;
}

type Effect = DecompositionRow['effect'];
const EFFECTS = ['activity', 'intensity', 'structure', 'total'] as const satisfies readonly Effect[];

/** The same reason for every effect. */
function allReasons(reason: string): Partial<Record<Effect, string>> {
  return { activity: reason, intensity: reason, structure: reason, total: reason };
}

/** The four rows of a decomposition, in the order activity, intensity, structure, total. */
function effectRows(
  frame: { port: string; pollutant: string; from: number },
  span: { to: number | null; unit: string; release: string | null; approximate: boolean },
  values: Partial<Record<Effect, number | null>>,
  reasons: Partial<Record<Effect, string>>,
): AnalysisTable<DecompositionRow> {
  const rows: DecompositionRow[] = EFFECTS.map((effect) => ({
    port: frame.port,
    pollutant: frame.pollutant,
    from_year: frame.from,
    // With no later year found, to_year repeats from_year and the reason says so.
    to_year: span.to ?? frame.from,
    effect,
    value: values[effect] ?? null,
    unit: span.unit,
    reason: reasons[effect] ?? '',
    release: span.release,
    approximate: span.approximate,
  }));
  return toTable(rows, DECOMPOSITION_ROW);
}

/** The effects of the tons of both years: TEU of both years, the structure when categories allow, LMDI. */
function decomposeTons(dataset: Dataset, frame: { port: string; pollutant: string; from: number }, tons: Exclude<BothYears, { reason: string }>, combined: boolean): AnalysisTable<DecompositionRow> {
  const { from } = frame;
  const { release, to, y0, y1 } = tons;
  const totalNote = [[from, y0] as const, [to, y1] as const]
    .filter(([, y]) => !y.fromAll)
    .map(([year, y]) => (y.categories.size > 0 ? msg.decomposeSumOfCategories(year, [...y.categories.keys()]) : msg.decomposeSumOfMembers(year)))
    .join('; ');
  const total = y1.total - y0.total;
  const teu0 = chooseTeu(dataset, frame.port, from);
  const teu1 = chooseTeu(dataset, frame.port, to);
  const span = { to, unit: y0.unit, release, approximate: ('teu' in teu0 && teu0.approximate) || ('teu' in teu1 && teu1.approximate) };
  const refusal = !('teu' in teu0)
    ? msg.notComputable(teu0.reason)
    : !('teu' in teu1)
      ? msg.notComputable(teu1.reason)
      : teu0.teu <= 0 || teu1.teu <= 0
        ? msg.decomposeZero('TEU', teu0.teu <= 0 ? from : to)
        : y0.total <= 0 || y1.total <= 0
          ? msg.decomposeZero('tons', y0.total <= 0 ? from : to)
          : undefined;
  if (refusal !== undefined || !('teu' in teu0) || !('teu' in teu1)) return effectRows(frame, span, { total }, { ...allReasons(refusal ?? ''), total: totalNote });
  // Structure: categories in both years that make up the total (never for a combined port's member sums).
  const structure = combined ? { reason: msg.decomposeCombinedStructure(frame.port) } : categoryShares(y0, y1, from, to, release);
  const effects = lmdi(y0.total, y1.total, teu0.teu, teu1.teu, 'shares' in structure ? structure.shares : undefined);
  const values: Record<Effect, number | null> = { activity: effects.activity, intensity: effects.intensity, structure: effects.structure, total };
  const reasons: Partial<Record<Effect, string>> = { structure: 'reason' in structure ? structure.reason : '', total: totalNote };
  // Tonnages near the limits of a double (e.g. 5e-324 beside 1e15) make the logarithms overflow: such an
  // effect is not computable, said so, never NaN or Infinity.
  for (const effect of EFFECTS) {
    if (values[effect] !== null && !Number.isFinite(values[effect])) {
      values[effect] = null;
      reasons[effect] = msg.notComputable(msg.decomposeOverflow(from, to));
    }
  }
  return effectRows(frame, span, values, reasons);
}
