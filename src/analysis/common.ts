/**
 * Helpers shared by the analyses: option checks, baseline resolution, release order, the choice of TEU
 * figure and codelist ordering (toTable, re-exported from ./types.ts, builds the analysis tables). Nothing
 * here knows about one particular analysis.
 */
import { usageError } from '../errors.ts';
import type { Dataset } from '../ingest/dataset.ts';
import { codeHint } from '../ingest/suggest.ts';
import type { Port } from '../schema/codelists.ts';
import type { EmissionsRecord, TargetRecord, TeuPrecision, ThroughputRecord } from '../schema/records.ts';
import { sameUnit } from '../schema/units.ts';
import { msg } from './messages.ts';

/** Filters every analysis accepts. Years bound the rows returned, never the data looked up (baselines). */
export interface SeriesFilters {
  /** A port code, or a combined code (e.g. SPB) to see only the combined rows. */
  port?: string;
  pollutant?: string;
  /** A source category code, or `all` for port totals. */
  category?: string;
  /** First and last year of the rows returned (inclusive). */
  from?: number;
  to?: number;
  /** Only rows of this release (a combined row matches when one of its members' releases is this one). */
  release?: string;
}

function checkCode(kind: string, value: string | undefined, codes: readonly string[]): void {
  if (value === undefined || codes.includes(value)) return;
  const hint = codeHint(value, codes);
  throw usageError(msg.unknownCode(kind, value, codes), hint);
}

/**
 * Checks filter codes against the dataset's codelists; an unknown code is a usage error (exit code 2) that
 * lists the valid codes and suggests the closest.
 */
export function checkFilters(dataset: Dataset, filters: SeriesFilters): void {
  const { codelists } = dataset;
  checkCode('port', filters.port, [...codelists.ports.keys()]);
  checkCode('pollutant', filters.pollutant, [...codelists.pollutants.keys()]);
  const categories = [...codelists.sourceCategories.keys()];
  if (filters.category !== 'all') checkCode('source category', filters.category, categories);
  checkCode('release', filters.release, [...codelists.releases.keys()]);
  if (filters.from !== undefined && filters.to !== undefined && filters.from > filters.to) {
    throw usageError(msg.yearsReversed(filters.from, filters.to));
  }
}

const scopes = new WeakMap<Dataset, Map<string, Dataset>>();

/**
 * The dataset as a port filter sees it: the emissions, indicators and throughput rows of that port and, for
 * a combined port, of its members; codelists, baselines, targets, regional figures and milestones whole.
 * Every row an analysis gives for a port is computed from those rows alone (a combined port from its
 * members'), so scoping first gives the rows that filtering the whole result would, without computing every
 * other port: one port's 20 charts from a 50-port dataset no longer cost 50 ports' analyses. Only `records`
 * is scoped (the analyses read nothing else); the scoped dataset is kept per dataset and port. No port: the
 * dataset itself.
 */
export function scopedToPort(dataset: Dataset, port: string | undefined): Dataset {
  if (port === undefined) return dataset;
  let byPort = scopes.get(dataset);
  if (!byPort) scopes.set(dataset, (byPort = new Map()));
  let scoped = byPort.get(port);
  if (!scoped) {
    const info = dataset.codelists.ports.get(port);
    const reach = new Set([port, ...(info?.kind === 'combined' ? info.members : [])]);
    const { records } = dataset;
    scoped = {
      ...dataset,
      records: {
        ...records,
        emissions: records.emissions.filter((r) => reach.has(r.port)),
        indicators: records.indicators.filter((r) => reach.has(r.port)),
        throughput: records.throughput.filter((r) => reach.has(r.port)),
      },
    };
    byPort.set(port, scoped);
  }
  return scoped;
}

/** Checks that a baseline id is declared by the dataset (usage error otherwise). */
export function checkBaselineId(dataset: Dataset, baselineId: string): void {
  checkCode('baseline', baselineId, [...new Set(dataset.records.baselines.map((b) => b.baseline_id))].sort());
}

/** Whether a year lies within the filters' from/to. */
export function inYears(year: number, filters: SeriesFilters): boolean {
  return (filters.from === undefined || year >= filters.from) && (filters.to === undefined || year <= filters.to);
}

/** Whether a row passes the code filters (port, pollutant, category, release) and the years. */
export function passes(
  row: { port: string; pollutant: string | null; source_category: string; year: number | null; release?: string | null },
  filters: SeriesFilters,
): boolean {
  if (filters.port !== undefined && row.port !== filters.port) return false;
  if (filters.pollutant !== undefined && row.pollutant !== filters.pollutant) return false;
  if (filters.category !== undefined && row.source_category !== filters.category) return false;
  if (filters.release !== undefined && !(row.release ?? '').split('+').includes(filters.release)) return false;
  return row.year === null || inYears(row.year, filters);
}

/** A baseline year resolved for one port. */
export type ResolvedBaseline = { year: number; source_ref: string[]; reason?: undefined } | { year?: undefined; reason: string };

/**
 * The year of a named baseline for a port: the port's own baseline row wins over the `all` row. For a
 * combined port without a row of its own, its members' years are used when they agree.
 */
export function resolveBaseline(dataset: Dataset, baselineId: string, port: string): ResolvedBaseline {
  const rows = dataset.records.baselines.filter((b) => b.baseline_id === baselineId);
  if (rows.length === 0) return { reason: msg.baselineUnknown(baselineId) };
  const own = rows.find((b) => b.port === port) ?? rows.find((b) => b.port === 'all');
  if (own) return { year: own.year, source_ref: own.source_ref };
  const info = dataset.codelists.ports.get(port);
  if (info?.kind === 'combined' && info.members.length > 0) {
    const years = info.members.map((m) => resolveBaseline(dataset, baselineId, m));
    const first = years[0];
    if (first?.year !== undefined && years.every((y) => y.year === first.year)) {
      return { year: first.year, source_ref: unique(years.flatMap((y) => (y.year === undefined ? [] : y.source_ref))) };
    }
  }
  return { reason: msg.baselineNotForPort(baselineId, port) };
}

/** Absolute inventory tonnages: the only emissions rows reductions, trends and decompositions use. */
export function inventoryTonnages(dataset: Dataset): EmissionsRecord[] {
  return dataset.records.emissions.filter((e) => e.metric === 'absolute' && e.basis === 'inventory');
}

/**
 * Orders releases oldest first: by publication date (`published` in the releases codelist; a release
 * without one sorts first), then by codelist position, then by code. "Latest" means last in this order.
 */
export function releaseComparator(dataset: Dataset): (a: string, b: string) => number {
  const ids = [...dataset.codelists.releases.keys()];
  const position = new Map(ids.map((id, i) => [id, i]));
  return (a, b) => {
    const pa = dataset.codelists.releases.get(a)?.published ?? '';
    const pb = dataset.codelists.releases.get(b)?.published ?? '';
    if (pa !== pb) return pa < pb ? -1 : 1;
    const ia = position.get(a) ?? Number.MAX_SAFE_INTEGER;
    const ib = position.get(b) ?? Number.MAX_SAFE_INTEGER;
    if (ia !== ib) return ia - ib;
    return compareText(a, b);
  };
}

/** Locale-independent string comparison (so the order never depends on the machine). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Comparators that follow the codelists' order (the dataset's own), codes not listed last. */
export interface CodelistOrder {
  port(a: string, b: string): number;
  pollutant(a: string, b: string): number;
  category(a: string, b: string): number;
  release(a: string, b: string): number;
}

function byList(codes: Iterable<string>): (a: string, b: string) => number {
  const position = new Map([...codes].map((c, i) => [c, i]));
  return (a, b) => {
    const ia = position.get(a) ?? Number.MAX_SAFE_INTEGER;
    const ib = position.get(b) ?? Number.MAX_SAFE_INTEGER;
    return ia !== ib ? ia - ib : compareText(a, b);
  };
}

/** Codelist-order comparators for a dataset. `all` sorts before every source category. */
export function codelistOrder(dataset: Dataset): CodelistOrder {
  const category = byList(dataset.codelists.sourceCategories.keys());
  const releases = releaseComparator(dataset);
  return {
    port: byList(dataset.codelists.ports.keys()),
    pollutant: byList(dataset.codelists.pollutants.keys()),
    category: (a, b) => (a === b ? 0 : a === 'all' ? -1 : b === 'all' ? 1 : category(a, b)),
    release: (a, b) => {
      const pa = a.split('+');
      const pb = b.split('+');
      for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
        const c = releases(pa[i]!, pb[i]!);
        if (c !== 0) return c;
      }
      return pa.length - pb.length;
    },
  };
}

/** Rows of a series table in the order every analysis prints them: port, pollutant, category, year, release. */
export function seriesYearOrder<T extends { port: string; pollutant: string; source_category: string; year: number; release: string }>(
  order: CodelistOrder,
): (a: T, b: T) => number {
  return chain<T>(
    (a, b) => order.port(a.port, b.port),
    (a, b) => order.pollutant(a.pollutant, b.pollutant),
    (a, b) => order.category(a.source_category, b.source_category),
    (a, b) => a.year - b.year,
    (a, b) => order.release(a.release, b.release),
  );
}

/** Chains comparators: the first that tells two rows apart decides. */
export function chain<T>(...comparators: ((a: T, b: T) => number)[]): (a: T, b: T) => number {
  return (a, b) => {
    for (const compare of comparators) {
      const c = compare(a, b);
      if (c !== 0) return c;
    }
    return 0;
  };
}

/** Compares numbers with null last. */
export function compareNumber(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

/** Analysis tables are built with toTable, beside rowsOf that reads them back (./types.ts). */
export { toTable } from './types.ts';

/** The fields that name one figure of a tonnage series: port, year, source category, pollutant, unit, release. */
export type SeriesFields = Pick<EmissionsRecord, 'port' | 'year' | 'source_category' | 'pollutant' | 'unit' | 'release'>;

/** The series fields of a row (a tonnage, or a row computed from one), for the row of another analysis. */
export function seriesFields(row: SeriesFields): SeriesFields {
  return { port: row.port, year: row.year, source_category: row.source_category, pollutant: row.pollutant, unit: row.unit, release: row.release };
}

/** Distinct values, first appearance kept. */
export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/**
 * Percent change from base to value, or null when it cannot be computed: the base is 0, or the change
 * overflows to Infinity (a base near the smallest double under a large value). No caller ever sees NaN or
 * Infinity (see pctChangeReason for the words).
 */
export function pctChange(value: number, base: number): number | null {
  const change = ((value - base) / base) * 100;
  return base === 0 || !Number.isFinite(change) ? null : change;
}

/** Why pctChange gave null for this base year: a zero base, or an overflowing change. */
export function pctChangeReason(base: number, year: number): string {
  return base === 0 ? msg.baselineZero(year) : msg.baselineTooSmall(year);
}

/** Whether two unit codes of the dataset measure the same thing the same way (so values may be summed). */
export function unitsComparable(dataset: Dataset, a: string, b: string): boolean {
  if (a === b) return true;
  const ua = dataset.codelists.units.get(a);
  const ub = dataset.codelists.units.get(b);
  return ua !== undefined && ub !== undefined && sameUnit(ua, ub);
}

/** Combined ports (kind `combined` with members), in codelist order. */
export function combinedPorts(dataset: Dataset): Port[] {
  return dataset.records.ports.filter((p) => p.kind === 'combined' && p.members.length > 0);
}

/** Precision preference for TEU figures: exact first, then derived (computed from exact figures), then rounded. */
const PRECISION_RANK: Record<Exclude<TeuPrecision, 'partial_year'>, number> = { exact: 0, derived: 1, rounded: 2 };

/** The TEU figure chosen for a port and year, and why it is approximate. */
export interface TeuChoice {
  teu: number;
  /** exact, derived or rounded; for a sum of member ports, the least exact member's precision. */
  precision: TeuPrecision;
  approximate: boolean;
  source_ref: string[];
  /** How the figure was obtained, in words (e.g. "sum of POLA, POLB"). */
  basis: string;
}

function significantDigits(value: number): number {
  const digits = String(Math.abs(value)).replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return digits.length;
}

/**
 * The TEU figure (or the figure of another activity `measure`, e.g. cargo_tons) for a port and calendar year. Only calendar-year figures count (a partial-year figure is
 * never used). Among several: exact > derived > rounded; ties go to the figure given to more significant
 * digits (7,480,000 over 7,500,000: it carries more information), then to the smallest source_ref code, so
 * the choice never depends on row order. A combined port uses the sum of its members' figures when every
 * member has one (precision: the least exact member's), else its own figure.
 */
export function chooseTeu(dataset: Dataset, port: string, year: number, measure = 'TEU'): TeuChoice | { reason: string } {
  const info = dataset.codelists.ports.get(port);
  if (info?.kind === 'combined' && info.members.length > 0) {
    const members = info.members.map((m) => chooseTeu(dataset, m, year, measure));
    if (members.every((m): m is TeuChoice => 'teu' in m)) {
      const worst = members.reduce((w, m) => (PRECISION_RANK[m.precision as 'exact'] > PRECISION_RANK[w.precision as 'exact'] ? m : w));
      return {
        teu: members.reduce((s, m) => s + m.teu, 0),
        precision: worst.precision,
        approximate: members.some((m) => m.approximate),
        source_ref: unique(members.flatMap((m) => m.source_ref)),
        basis: msg.teuSum(info.members),
      };
    }
  }
  // Rows without a measure are TEU (the throughput resource before other measures could be declared).
  const candidates = dataset.records.throughput.filter((t) => t.port === port && t.year === year && (t.measure ?? 'TEU') === measure);
  const usable = candidates.filter((t): t is ThroughputRecord & { precision: 'exact' | 'derived' | 'rounded' } => t.period === 'calendar_year' && t.precision !== 'partial_year');
  if (usable.length === 0) {
    return { reason: candidates.length > 0 ? msg.teuPartialOnly(port, year) : measure === 'TEU' ? msg.teuMissing(port, year) : msg.activityMissing(measure, port, year) };
  }
  const best = [...usable].sort(
    chain(
      (a, b) => PRECISION_RANK[a.precision] - PRECISION_RANK[b.precision],
      (a, b) => significantDigits(b.teu) - significantDigits(a.teu),
      (a, b) => compareText(a.source_ref.join(';'), b.source_ref.join(';')),
    ),
  )[0]!;
  return {
    teu: best.teu,
    precision: best.precision,
    approximate: best.precision !== 'exact',
    source_ref: best.source_ref,
    basis: usable.length > 1 ? msg.teuChosen(best.precision, usable.length) : best.precision,
  };
}

/** Whether a target applies to a port: listed, or listed as a combined port the port belongs to. */
export function targetApplies(dataset: Dataset, target: TargetRecord, port: string): boolean {
  return target.ports.some((code) => code === port || (dataset.codelists.ports.get(code)?.members ?? []).includes(port));
}
