/**
 * Reconciliation: every published indicator (a percent change) and every published "tons reduced since the
 * baseline" beside the same figure recomputed from the tonnages, and the restatement diff between two
 * releases of the same series.
 */
import { usageError } from '../errors.ts';
import type { Dataset } from '../ingest/dataset.ts';
import { codeHint } from '../ingest/suggest.ts';
import type { EmissionsRecord, IndicatorRecord } from '../schema/records.ts';
import { convertMass, convertRate } from '../schema/units.ts';
import {
  scopedToPort,
  chain,
  checkFilters,
  chooseTeu,
  codelistOrder,
  compareText,
  inventoryTonnages,
  passes,
  pctChange,
  resolveBaseline,
  toTable,
  unique,
  unitsComparable,
  type SeriesFilters,
} from './common.ts';
import { fmt, msg } from './messages.ts';
import { chooseRelease, releaseOrder, type CandidateTier } from './releases.ts';
import { RECONCILE_ROW, RESTATEMENT_ROW, type AnalysisTable, type ReconcileRow, type ReconcileStatus, type RestatementRow } from './types.ts';
import { normalisationFor, normalisationOf } from './normalisations.ts';
import type { Normalisation } from '../schema/codelists.ts';

/** Options of {@link reconcileIndicators}: filters on the indicators. */
export type ReconcileOptions = Omit<SeriesFilters, 'release'>;

/** Column order of the table (its row schema: RECONCILE_ROW in ./types.ts). */
export const RECONCILE_COLUMNS = RECONCILE_ROW.columns;

/** Column order of the table (its row schema: RESTATEMENT_ROW in ./types.ts). */
export const RESTATEMENT_COLUMNS = RESTATEMENT_ROW.columns;

/**
 * Half a unit of the published figure's last digit: 0.5 points for a whole number (-79), 0.05 for one
 * decimal (-41.7). The figure was rounded to that digit, so anything within the band may be the same
 * figure. A CSV value "-19.0" parses to -19 and so gets the whole-number band.
 */
export function publishedTolerance(value: number): number {
  const text = String(Math.abs(value));
  const exponent = /e-(\d+)$/.exec(text);
  const mantissa = text.replace(/e.*$/, '');
  const dot = mantissa.indexOf('.');
  const decimals = (dot < 0 ? 0 : mantissa.length - dot - 1) + (exponent ? Number(exponent[1]) : 0);
  return 0.5 * 10 ** -decimals;
}

/** Tonnages of one series for a year and a reference year, from one release. */
interface Pair {
  release: string;
  value: number;
  reference: number;
  /** Unit of both tonnages; for a combined port, the members' units joined with '+' when they differ. */
  unit: string;
  source_ref: string[];
}

type Lookup = Map<string, EmissionsRecord[]>;

const seriesKey = (port: string, category: string, pollutant: string, year: number) => `${port}\u0000${category}\u0000${pollutant}\u0000${year}`;

/**
 * Pairs (value, reference) from the releases holding both years. A combined port sums its members, each from
 * the release the one release rule picks among those holding both years.
 */
function pairsFor(dataset: Dataset, lookup: Lookup, port: string, category: string, pollutant: string, year: number, reference: number): Pair[] | { reason: string } {
  const info = dataset.codelists.ports.get(port);
  if (info?.kind === 'combined' && info.members.length > 0) {
    const members = info.members.map((m) => pairsFor(dataset, lookup, m, category, pollutant, year, reference));
    const missing = info.members.filter((_, i) => !Array.isArray(members[i]));
    if (missing.length > 0) return { reason: members.filter((m): m is { reason: string } => !Array.isArray(m)).map((m) => m.reason).join('; ') };
    const picks = (members as Pair[][]).map((m) => chooseRelease(dataset, m)!.row);
    const first = picks[0]!.unit;
    return [
      {
        release: picks.map((p) => p.release).join('+'),
        value: picks.reduce((s, p) => s + p.value, 0),
        reference: picks.reduce((s, p) => s + p.reference, 0),
        unit: picks.every((p) => unitsComparable(dataset, p.unit, first)) ? first : picks.map((p) => p.unit).join('+'),
        source_ref: unique(picks.flatMap((p) => p.source_ref)),
      },
    ];
  }
  const atYear = lookup.get(seriesKey(port, category, pollutant, year)) ?? [];
  const atReference = lookup.get(seriesKey(port, category, pollutant, reference)) ?? [];
  const missing = [...(atReference.length === 0 ? [reference] : []), ...(atYear.length === 0 ? [year] : [])].sort((a, b) => a - b);
  if (missing.length > 0) return { reason: msg.reconcileNoTons(port, pollutant, category, unique(missing)) };
  const pairs: Pair[] = [];
  for (const a of atYear) {
    const b = atReference.find((r) => r.release === a.release);
    if (b && unitsComparable(dataset, a.unit, b.unit)) pairs.push({ release: a.release, value: a.value, reference: b.value, unit: a.unit, source_ref: unique([...a.source_ref, ...b.source_ref]) });
  }
  if (pairs.length === 0) return { reason: msg.reconcileNoCommonRelease(port, pollutant, category, year, reference) };
  return pairs;
}

/** A figure recomputed from one release's pair. */
interface Computed<R> {
  release: string;
  pair: Pair;
  result: R;
}

/** The release the comparison uses, and the ones the causes name. */
interface ComparedRelease<R> {
  chosen: Computed<R>;
  /** Whether the chosen release is the published figure's own. */
  own: boolean;
  /** The latest release holding both years (the one a reader would recompute from). */
  latest: Computed<R>;
  /** The latest release whose figure agrees with the published one, if any. */
  agreeing: Computed<R> | undefined;
}

/**
 * Recomputes a published figure from the tonnages of each release holding its year and reference year, and
 * picks the release to compare with ({@link compareWith}); or why none can be recomputed (no such release,
 * else the latest release's reason). `agrees` is the tolerance test of the figure:
 * half a unit of its last digit ({@link publishedTolerance}).
 */
function recomputeAndCompare<R extends { value: number }>(
  dataset: Dataset,
  lookup: Lookup,
  figure: { port: string; source_category: string; pollutant: string; year: number; value: number; release?: string | undefined },
  reference: number,
  recomputeFrom: (pair: Pair) => R | { reason: string },
): (ComparedRelease<R> & { agrees: (value: number) => boolean }) | { reason: string } {
  const pairs = pairsFor(dataset, lookup, figure.port, figure.source_category, figure.pollutant, figure.year, reference);
  if (!Array.isArray(pairs)) return pairs;
  const published = figure.value;
  const release = figure.release;
  const results = pairs.map((pair) => ({ release: pair.release, pair, result: recomputeFrom(pair) }));
  const computed = results.filter((r): r is Computed<R> => 'value' in r.result);
  if (computed.length === 0) return { reason: (chooseRelease(dataset, results)!.row.result as { reason: string }).reason };
  const tolerance = publishedTolerance(published);
  const agrees = (value: number) => Math.abs(value - published) <= tolerance + 1e-9;
  return { ...compareWith(dataset, computed, release, (c) => agrees(c.result.value)), agrees };
}

/** The comparison in the row: the figure recomputed, its release and the status; the status returned. */
function placeComputed(row: ReconcileRow, compared: ComparedRelease<{ value: number }> & { agrees: (value: number) => boolean }): ReconcileStatus {
  row.computed = compared.chosen.result.value;
  row.computed_release = compared.chosen.release;
  row.status = compared.agrees(compared.chosen.result.value) ? 'agrees' : 'differs';
  return row.status;
}

/** The last tier of the reconciliation's candidate set, and the one the latest figure comes from. */
const BOTH_YEARS: CandidateTier<Computed<unknown>> = { words: 'releases holding both years', holds: () => true };

/**
 * The release a published figure is compared with: the one release rule (analysis/releases.ts) over the
 * candidate set of a reconciliation, in tiers: the published figure's own release (a combined release
 * holding it), else the releases whose tonnages give the published figure, else every release holding
 * both years.
 */
function compareWith<R>(dataset: Dataset, computed: readonly Computed<R>[], release: string | undefined, agrees: (c: Computed<R>) => boolean): ComparedRelease<R> {
  const ownTier: CandidateTier<Computed<R>> = { words: "the published figure's own release", holds: (c) => release !== undefined && c.release.split('+').includes(release) };
  const agreeTier: CandidateTier<Computed<R>> = { words: 'releases whose tonnages give the published figure', holds: agrees };
  const chosen = chooseRelease(dataset, computed, [ownTier, agreeTier, BOTH_YEARS])!;
  return {
    chosen: chosen.row,
    own: chosen.tier === ownTier.words,
    latest: chooseRelease(dataset, computed)!.row,
    agreeing: chooseRelease(dataset, computed, [agreeTier])?.row,
  };
}

/** The reference year of an indicator, or why there is none. */
function referenceYear(dataset: Dataset, indicator: IndicatorRecord): number | { reason: string } {
  const relative = indicator.relative_to;
  if (relative === 'unstated') return { reason: msg.reconcileUnstated() };
  if (relative === 'prior_year') return indicator.year - 1;
  if (/^\d{4}$/.test(relative)) return Number(relative);
  if (!dataset.records.baselines.some((b) => b.baseline_id === relative)) return { reason: msg.reconcileUnknownRelative(relative) };
  const resolved = resolveBaseline(dataset, relative, indicator.port);
  return resolved.year ?? { reason: msg.notComputable(resolved.reason) };
}

/** Percent change of the pair, absolute (no normalisation) or per the normalisation's measure; or why not computable. */
function recompute(dataset: Dataset, pair: Pair, per: Normalisation | undefined, port: string, year: number, reference: number): { value: number; approximateTeu: string[] } | { reason: string } {
  if (per === undefined) {
    const value = pctChange(pair.value, pair.reference);
    return value === null ? { reason: msg.notComputable(msg.baselineZero(reference)) } : { value, approximateTeu: [] };
  }
  const teuYear = chooseTeu(dataset, port, year, per.measure);
  const teuReference = chooseTeu(dataset, port, reference, per.measure);
  if (!('teu' in teuYear)) return { reason: msg.notComputable(teuYear.reason) };
  if (!('teu' in teuReference)) return { reason: msg.notComputable(teuReference.reason) };
  if (teuYear.teu === 0 || teuReference.teu === 0 || pair.reference === 0) return { reason: msg.reconcileZeroTeu(port) };
  const approximateTeu = [teuYear, teuReference]
    .map((t, i) => (t.approximate ? `${i === 0 ? year : reference} ${per.measure} ${t.teu} is ${t.precision}` : ''))
    .filter((t) => t !== '');
  return { value: ((pair.value / teuYear.teu / (pair.reference / teuReference.teu)) - 1) * 100, approximateTeu };
}

/**
 * Each published indicator (a percent change) beside the same figure recomputed from the inventory
 * tonnages: relative to a baseline (its year for the port), to the prior year, or to a stated year, from
 * one release holding both years; per 10,000 TEU with the chosen TEU figures (see `chooseTeu`). And each
 * published "tons reduced since the baseline" (an emissions row with metric `reduction_since_baseline`)
 * beside the baseline-year tonnage minus the row's-year tonnage, same port, pollutant and category, the
 * baseline year given by the row's `baseline` (CAAP_2005 -> 2005), from one release holding both years;
 * the tonnages must be annual (per year) in the published figure's mass unit (or one convertible to it).
 *
 * `status`: `agrees` when |computed - published| <= the tolerance (half a unit of the published figure's
 * last digit, {@link publishedTolerance}: 0.5 points for -79%, 0.5 t for 706 t); `differs` with the likely
 * cause(s) in `cause` (per-TEU vs absolute, rounded TEU, rounded tonnages, restated reference year, a
 * different release, an approximate figure); `not_computable` with what is missing (metric per container
 * or per engine, relative to an unstated year, no baseline, tonnages or TEU absent, units that cannot be
 * compared). Release choice: the one release rule (analysis/releases.ts) over the candidate set of a
 * reconciliation: the figure's own release when the dataset holds its tonnages; else the releases whose
 * tonnages give the published figure (when the latest does not, `cause` notes it); else every release
 * holding both years.
 * A percent change has `unit` as published (`percent`), `difference_pts` = computed - published and
 * `tolerance_pts`, and null `difference_t` / `tolerance_t`; tons reduced the reverse (`unit` `ton`,
 * `difference_t`, `tolerance_t` in tons). Rows are sorted by port, pollutant, category, year, metric,
 * relative_to and source_ref.
 *
 * @throws PortEmissionsError (exit code 2) for an unknown port, pollutant or category.
 */
export function reconcileIndicators(dataset: Dataset, options: ReconcileOptions = {}): AnalysisTable<ReconcileRow> {
  checkFilters(dataset, options);
  dataset = scopedToPort(dataset, options.port); // the rows of other ports cannot change this port's
  const lookup: Lookup = new Map();
  for (const r of inventoryTonnages(dataset)) {
    const key = seriesKey(r.port, r.source_category, r.pollutant, r.year);
    lookup.set(key, [...(lookup.get(key) ?? []), r]);
  }
  const rows: ReconcileRow[] = [];
  for (const indicator of dataset.records.indicators) {
    if (passes({ ...indicator, release: null }, options)) rows.push(reconcileIndicator(dataset, lookup, indicator));
  }
  for (const record of dataset.records.emissions) {
    if (record.metric !== 'reduction_since_baseline' || !passes({ ...record, release: null }, options)) continue;
    rows.push(reconcileTonsReduced(dataset, lookup, record));
  }
  const order = codelistOrder(dataset);
  rows.sort(
    chain<ReconcileRow>(
      (a, b) => order.port(a.port, b.port),
      (a, b) => order.pollutant(a.pollutant, b.pollutant),
      (a, b) => order.category(a.source_category, b.source_category),
      (a, b) => a.year - b.year,
      (a, b) => compareText(a.metric, b.metric),
      (a, b) => compareText(a.relative_to, b.relative_to),
      (a, b) => compareText(a.source_ref.join(';'), b.source_ref.join(';')),
    ),
  );
  return toTable(rows, RECONCILE_ROW);
}

/** One published percent change beside the same figure recomputed; see {@link reconcileIndicators}. */
function reconcileIndicator(dataset: Dataset, lookup: Lookup, indicator: IndicatorRecord): ReconcileRow {
  const tolerance = publishedTolerance(indicator.value);
  const row = pendingRow(indicator, indicator.relative_to, indicator.release ?? null);
  row.tolerance_pts = tolerance;
  const metric = indicator.metric;
  // A change per an activity measure the dataset declares (per 10,000 TEU, per 10,000 tons of cargo...) is recomputable.
  const per = metric === 'absolute' ? undefined : normalisationOf(dataset, metric);
  if (metric !== 'absolute' && per === undefined) {
    row.cause = msg.reconcileMetric(metric);
    return row;
  }
  const reference = referenceYear(dataset, indicator);
  if (typeof reference !== 'number') {
    row.cause = reference.reason;
    return row;
  }
  const compared = recomputeAndCompare(dataset, lookup, indicator, reference, (pair) => recompute(dataset, pair, per, indicator.port, indicator.year, reference));
  if ('reason' in compared) {
    row.cause = compared.reason;
    return row;
  }
  const { chosen, own, latest, agreeing, agrees } = compared;
  const status = placeComputed(row, compared);
  row.difference_pts = chosen.result.value - indicator.value;
  if (status === 'agrees') {
    if (chosen !== latest && !own) row.cause = msg.reconcileAgreesWithEarlier(chosen.release, latest.release, latest.result.value);
    return row;
  }

  // Likely causes, most specific first.
  const causes: string[] = [];
  const other = per === undefined ? normalisationFor(dataset) : undefined;
  const alternative = recompute(dataset, chosen.pair, other, indicator.port, indicator.year, reference);
  if ('value' in alternative && agrees(alternative.value)) causes.push(msg.reconcilePerTeu(other ?? per!, other === undefined, alternative.value));
  if (chosen.result.approximateTeu.length > 0) causes.push(msg.reconcileRoundedTeu(chosen.result.approximateTeu));
  if (metric === 'absolute') {
    const range = roundedTonnageRange(chosen.pair);
    if (range && indicator.value >= range[0] - tolerance && indicator.value <= range[1] + tolerance) {
      causes.push(msg.reconcileRoundedTons(chosen.pair.value, chosen.pair.reference, range[0], range[1]));
    }
  }
  causes.push(...sourceCauses(dataset, lookup, indicator, reference, { own, chosen, agreeing }));
  row.cause = causes.length > 0 ? causes.join('; ') : msg.reconcileUnexplained();
  return row;
}

/** A published figure's row before anything is recomputed: `not_computable`, no cause yet, no tolerance. */
function pendingRow(
  figure: Pick<IndicatorRecord, 'port' | 'year' | 'source_category' | 'pollutant' | 'value' | 'unit' | 'source_ref'> & { metric: ReconcileRow['metric'] },
  relativeTo: string,
  release: string | null,
): ReconcileRow {
  return {
    port: figure.port,
    year: figure.year,
    source_category: figure.source_category,
    pollutant: figure.pollutant,
    metric: figure.metric,
    relative_to: relativeTo,
    published: figure.value,
    computed: null,
    difference_pts: null,
    status: 'not_computable',
    cause: '',
    source_ref: [...figure.source_ref],
    release,
    computed_release: null,
    tolerance_pts: null,
    unit: figure.unit,
    difference_t: null,
    tolerance_t: null,
  };
}

/** The causes of a `differs` that lie in the sources: restated values, the release, a qualified figure. */
function sourceCauses(
  dataset: Dataset,
  lookup: Lookup,
  figure: Pick<IndicatorRecord, 'port' | 'source_category' | 'pollutant' | 'year'> & { release?: string | undefined; qualifier: unknown },
  reference: number,
  compared: Pick<ComparedRelease<unknown>, 'own' | 'chosen' | 'agreeing'>,
): string[] {
  const release = releaseCause(figure.release, compared.own, compared.chosen.release, compared.agreeing?.release);
  return [
    restatedValues(dataset, lookup, figure, reference),
    release,
    figure.qualifier !== 'exact' ? msg.reconcileQualifier(String(figure.qualifier)) : undefined,
  ].filter((c): c is string => c !== undefined);
}

/**
 * The release part of a `differs` cause: another release agrees; or the figure's own release, whose
 * tonnages the dataset does not hold; or the source names no release.
 */
function releaseCause(release: string | undefined, fromOwn: boolean, computedRelease: string, agreeing: string | undefined): string | undefined {
  if (agreeing !== undefined) return msg.reconcileOtherReleaseAgrees(agreeing);
  if (release === undefined) return msg.reconcileReleaseUnnamed(computedRelease);
  return fromOwn ? undefined : msg.reconcileDifferentRelease(release, computedRelease);
}

/**
 * Tons reduced from the pair (reference-year minus year tonnage) in the published unit's mass, with the
 * mass factor applied; or why not. The difference of two annual tonnages is the yearly reduction the
 * ports publish as "tons reduced since 2005", so only per-year tonnages are used, never an annualised day.
 */
function tonsReduced(dataset: Dataset, pair: Pair, publishedUnit: string): { value: number; factor: number } | { reason: string } {
  const published = dataset.codelists.units.get(publishedUnit);
  const tonnage = dataset.codelists.units.get(pair.unit);
  const annual = tonnage?.quantity === 'mass_rate' && tonnage.per === 'year';
  const tons = published?.quantity === 'mass' || (published?.quantity === 'mass_rate' && published.per === 'year');
  if (!annual || !tons || !published.mass || !tonnage.mass) return { reason: msg.reconcileTonsUnits(publishedUnit, pair.unit) };
  let factor: number;
  try {
    factor = convertMass(1, tonnage.mass, published.mass);
  } catch {
    return { reason: msg.reconcileTonsUnits(publishedUnit, pair.unit) };
  }
  return { value: (pair.reference - pair.value) * factor, factor };
}

/** One published "tons reduced since the baseline" beside the same figure recomputed; see {@link reconcileIndicators}. */
function reconcileTonsReduced(dataset: Dataset, lookup: Lookup, record: EmissionsRecord): ReconcileRow {
  const tolerance = publishedTolerance(record.value);
  const row = pendingRow(record, record.baseline ?? '', record.release);
  row.tolerance_t = tolerance;
  if (record.baseline === undefined) {
    row.cause = msg.reconcileNoBaseline();
    return row;
  }
  const resolved = resolveBaseline(dataset, record.baseline, record.port);
  if (resolved.year === undefined) {
    row.cause = msg.notComputable(resolved.reason);
    return row;
  }
  const reference = resolved.year;
  // The same band as for a percent change: the published figure was rounded to its last digit.
  const compared = recomputeAndCompare(dataset, lookup, record, reference, (pair) => tonsReduced(dataset, pair, record.unit));
  if ('reason' in compared) {
    row.cause = compared.reason;
    return row;
  }
  const { chosen, own, latest, agreeing } = compared;
  const status = placeComputed(row, compared);
  row.difference_t = chosen.result.value - record.value;
  if (status === 'agrees') {
    if (chosen !== latest && !own) row.cause = msg.reconcileAgreesWithEarlier(chosen.release, latest.release, latest.result.value, 't');
    return row;
  }

  const causes: string[] = [];
  const { pair, result } = chosen;
  const tv = publishedTolerance(pair.value);
  const tr = publishedTolerance(pair.reference);
  const low = (pair.reference - tr - (pair.value + tv)) * result.factor;
  const high = (pair.reference + tr - Math.max(0, pair.value - tv)) * result.factor;
  if (record.value >= low - tolerance && record.value <= high + tolerance) causes.push(msg.reconcileRoundedTonsReduced(pair.value, pair.reference, low, high));
  causes.push(...sourceCauses(dataset, lookup, record, reference, { own, chosen, agreeing }));
  row.cause = causes.length > 0 ? causes.join('; ') : msg.reconcileTonsUnexplained();
  return row;
}

/**
 * The range of the absolute % change when both tonnages are taken as rounded to their last digit (891 as
 * 890.5 to 891.5): small tonnages such as 3 t move the percentage by whole points.
 */
function roundedTonnageRange(pair: Pair): [number, number] | undefined {
  const tv = publishedTolerance(pair.value);
  const tr = publishedTolerance(pair.reference);
  if (pair.reference - tr <= 0) return undefined;
  const low = pctChange(Math.max(0, pair.value - tv), pair.reference + tr);
  const high = pctChange(pair.value + tv, pair.reference - tr);
  // A change too large for a double (pctChange gives null) has no range to explain a figure with.
  if (low === null || high === null) return undefined;
  return [low, high];
}

/** "restated 2005 value: 891 in A, 850 in B" when releases disagree on the reference or the year. */
function restatedValues(
  dataset: Dataset,
  lookup: Lookup,
  indicator: Pick<IndicatorRecord, 'port' | 'source_category' | 'pollutant' | 'year'>,
  reference: number,
): string | undefined {
  const compare = releaseOrder(dataset);
  const info = dataset.codelists.ports.get(indicator.port);
  const ports = info?.kind === 'combined' ? info.members : [indicator.port];
  const parts: string[] = [];
  for (const port of ports) {
    for (const year of [reference, indicator.year]) {
      const rows = [...(lookup.get(seriesKey(port, indicator.source_category, indicator.pollutant, year)) ?? [])].sort((a, b) => compare(a.release, b.release));
      if (unique(rows.map((r) => r.value)).length > 1) {
        parts.push(msg.reconcileRestated(ports.length > 1 ? port : '', year, year === reference && reference !== indicator.year, rows.map((r) => `${fmt(r.value, 3)} in ${r.release}`)));
      }
    }
  }
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** Options of {@link restatementDiff}. */
export interface RestatementOptions extends Omit<SeriesFilters, 'release'> {
  releaseA: string;
  releaseB: string;
}

/**
 * What changed between two releases: every emissions value (any metric and basis) of release A and of
 * release B, matched on port, year, source category, pollutant and metric. `status` is `restated` when the
 * values differ, `unchanged` when equal, `only_in_a` / `only_in_b` when one release lacks the row. `change`
 * = B - A (in A's unit; B is converted when the units differ and a conversion is defined, else null with a
 * reason) and `pct_change` its percent of A. Rows sorted by port, pollutant, category, metric and year.
 *
 * @throws PortEmissionsError (exit code 2) for an unknown release, port, pollutant or category.
 */
export function restatementDiff(dataset: Dataset, options: RestatementOptions): AnalysisTable<RestatementRow> {
  const releases = [...dataset.codelists.releases.keys()];
  for (const release of [options.releaseA, options.releaseB]) {
    if (!releases.includes(release)) throw usageError(msg.releaseUnknownForDiff(release, releases), codeHint(release, releases));
  }
  checkFilters(dataset, options);
  const key = (r: EmissionsRecord) => `${r.port}\u0000${r.year}\u0000${r.source_category}\u0000${r.pollutant}\u0000${r.metric}`;
  const inA = new Map(dataset.records.emissions.filter((r) => r.release === options.releaseA).map((r) => [key(r), r]));
  const inB = new Map(dataset.records.emissions.filter((r) => r.release === options.releaseB).map((r) => [key(r), r]));
  const rows: RestatementRow[] = [];
  for (const k of unique([...inA.keys(), ...inB.keys()])) {
    const a = inA.get(k);
    const b = inB.get(k);
    const base = (a ?? b)!;
    if (!passes({ ...base, release: null }, options)) continue;
    const row: RestatementRow = {
      port: base.port,
      year: base.year,
      source_category: base.source_category,
      pollutant: base.pollutant,
      metric: base.metric,
      release_a: options.releaseA,
      release_b: options.releaseB,
      value_a: a?.value ?? null,
      value_b: b?.value ?? null,
      change: null,
      pct_change: null,
      status: a && b ? 'unchanged' : a ? 'only_in_a' : 'only_in_b',
      unit: base.unit,
      reason: '',
    };
    rows.push(row);
    if (!a || !b) continue;
    let valueB = b.value;
    if (a.unit !== b.unit && !unitsComparable(dataset, a.unit, b.unit)) {
      const ua = dataset.codelists.units.get(a.unit);
      const ub = dataset.codelists.units.get(b.unit);
      try {
        if (!ua || !ub) throw new Error('unit not declared');
        valueB = convertRate(b.value, ub, ua).value;
      } catch {
        row.status = 'restated';
        row.reason = msg.restatementUnits(a.unit, b.unit);
        continue;
      }
    }
    row.change = valueB - a.value;
    row.pct_change = pctChange(valueB, a.value);
    if (row.pct_change === null && row.change !== 0) row.reason = msg.baselineZero(a.year);
    row.status = row.change === 0 ? 'unchanged' : 'restated';
  }
  const order = codelistOrder(dataset);
  rows.sort(
    chain<RestatementRow>(
      (a, b) => order.port(a.port, b.port),
      (a, b) => order.pollutant(a.pollutant, b.pollutant),
      (a, b) => order.category(a.source_category, b.source_category),
      (a, b) => compareText(a.metric, b.metric),
      (a, b) => a.year - b.year,
    ),
  );
  return toTable(rows, RESTATEMENT_ROW);
}
