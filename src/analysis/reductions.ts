/**
 * Reductions against a named baseline: each inventory tonnage beside the same series' baseline-year value
 * from the same release.
 */
import { escape, from, op } from 'arquero';
import type { Dataset } from '../ingest/dataset.ts';
import type { EmissionsRecord } from '../schema/records.ts';
import {
  scopedToPort,
  seriesFields,
  seriesYearOrder,
  checkFilters,
  codelistOrder,
  combinedPorts,
  inventoryTonnages,
  passes,
  pctChange,
  pctChangeReason,
  resolveBaseline,
  unique,
  unitsComparable,
  type SeriesFields,
  type SeriesFilters,
} from './common.ts';
import { baselineFor } from './baselines.ts';
import { msg } from './messages.ts';
import { chooseRelease, HOLDING_IT, WITH_BASELINE_YEAR } from './releases.ts';
import { REDUCTION_ROW, rowSchema, rowsOf, toTable, type AnalysisTable, type ReductionRow } from './types.ts';

/** Options of {@link reductionsVsBaseline}. */
export interface ReductionOptions extends SeriesFilters {
  /** Baseline id from the dataset's baselines (default: the port's own, else the dataset's; see `baselineFor`). */
  baseline?: string;
}

/** Column order of the table (its row schema: REDUCTION_ROW in ./types.ts). */
export const REDUCTION_COLUMNS = REDUCTION_ROW.columns;

function combineQualifiers(qualifiers: string[]): string {
  const distinct = unique(qualifiers);
  if (distinct.length === 1) return distinct[0]!;
  const rest = distinct.filter((q) => q !== 'exact');
  return rest.length === 1 && (rest[0] === 'lower_bound' || rest[0] === 'upper_bound') ? rest[0] : 'approximate';
}

/** A tonnage beside its port's baseline year and the same series' tonnage in that year of the same release (null where none). */
interface BaselineLookupRow extends SeriesFields {
  value: number;
  source_ref: string[];
  qualifier: string;
  baseline_year: number | null;
  /** Why the port has no baseline year (empty when it has one). */
  baseline_reason: string;
  baseline_value: number | null;
  baseline_unit: string | null;
  baseline_source_ref: string[];
  /** Every release holding the series in the baseline year (named when this release lacks it). */
  baseline_releases: string[];
  /** Whether the baseline was found in a unit comparable with the value's. */
  comparable: boolean;
  change: number | null;
  pct_change: number | null;
}

const BASELINE_LOOKUP_ROW = rowSchema<BaselineLookupRow>('reductions (baseline look-up)', {
  port: 'string', year: 'number', source_category: 'string', pollutant: 'string', unit: 'string', release: 'string', value: 'number',
  source_ref: 'string[]', qualifier: 'string', baseline_year: 'number|null', baseline_reason: 'string', baseline_value: 'number|null',
  baseline_unit: 'string|null', baseline_source_ref: 'string[]', baseline_releases: 'string[]', comparable: 'boolean',
  change: 'number|null', pct_change: 'number|null',
});

/** The columns that name one series in one release. */
const SERIES_IN_RELEASE = ['port', 'source_category', 'pollutant', 'release'] as const;

/**
 * The tonnages joined with their baselines, as a table: each port's baseline year (looked up by port), the
 * tonnage of the same series in that year from the same release (looked up by series, release and year),
 * the releases that do hold that year (a rollup, for the reason), then change and percent change derived
 * where the units compare. Row order is the tonnages'.
 */
function baselineLookup(dataset: Dataset, baselineId: string, tonnages: readonly EmissionsRecord[]): BaselineLookupRow[] {
  if (tonnages.length === 0) return [];
  const tons = from(
    tonnages.map((r) => ({ ...seriesFields(r), value: r.value, source_ref: [...r.source_ref], qualifier: String(r.qualifier) })),
  );
  const baselineYears = from(
    unique(tonnages.map((r) => r.port)).map((port) => {
      const resolved = resolveBaseline(dataset, baselineId, port);
      return { port, baseline_year: resolved.year ?? null, baseline_reason: resolved.reason ?? '' };
    }),
  );
  const baselineTons = tons.select({ ...renameSame(SERIES_IN_RELEASE), year: 'baseline_year', value: 'baseline_value', unit: 'baseline_unit', source_ref: 'baseline_source_ref' });
  const releasesHolding = tons
    .groupby('port', 'source_category', 'pollutant', 'year')
    .rollup({ baseline_releases: op.array_agg('release') })
    .rename({ year: 'baseline_year' });
  const joined = tons
    .lookup(baselineYears, 'port', 'baseline_year', 'baseline_reason')
    .lookup(baselineTons, sameKeys([...SERIES_IN_RELEASE, 'baseline_year']), 'baseline_value', 'baseline_unit', 'baseline_source_ref')
    .lookup(releasesHolding, sameKeys(['port', 'source_category', 'pollutant', 'baseline_year']), 'baseline_releases')
    .derive({
      // A look-up without a match gives undefined: no baseline.
      baseline_value: 'd => d.baseline_value ?? null',
      baseline_unit: 'd => d.baseline_unit ?? null',
      baseline_source_ref: 'd => d.baseline_source_ref ?? []',
      baseline_releases: 'd => d.baseline_releases ?? []',
    })
    .derive({ comparable: escape((d: BaselineLookupRow) => d.baseline_unit !== null && unitsComparable(dataset, d.baseline_unit, d.unit)) })
    .derive({
      change: 'd => d.comparable ? d.value - d.baseline_value : null',
      pct_change: escape((d: BaselineLookupRow) => (d.comparable ? pctChange(d.value, d.baseline_value!) : null)),
    });
  return rowsOf(joined, BASELINE_LOOKUP_ROW);
}

/** Join keys with the same column names in both tables. */
function sameKeys(columns: string[]): [string[], string[]] {
  return [columns, columns];
}

/** A select() argument that keeps these columns under their names. */
function renameSame(columns: readonly string[]): Record<string, string> {
  return Object.fromEntries(columns.map((c) => [c, c]));
}

/**
 * Reduction rows of the given tonnages: each joined with the same series' tonnage in the port's baseline
 * year from the same release ({@link baselineLookup}), or the reason there is none.
 */
function memberRows(dataset: Dataset, baselineId: string, tonnages: readonly EmissionsRecord[]): ReductionRow[] {
  return baselineLookup(dataset, baselineId, tonnages).map((r) => {
    const row: ReductionRow = {
      ...seriesFields(r),
      baseline_id: baselineId,
      baseline_year: r.baseline_year,
      value: r.value,
      baseline_value: null,
      change: null,
      pct_change: null,
      reason: '',
      source_ref: r.source_ref,
      qualifier: r.qualifier,
    };
    if (r.baseline_year === null) row.reason = r.baseline_reason;
    else if (r.baseline_value === null) {
      row.reason = msg.baselineMissingInRelease(r.release, r.pollutant, r.source_category, r.baseline_year, baselineId, [...r.baseline_releases].sort());
    } else if (!r.comparable) row.reason = msg.unitsDiffer(r.unit, r.baseline_unit!, r.baseline_year);
    else {
      row.baseline_value = r.baseline_value;
      row.change = r.change;
      row.pct_change = r.pct_change;
      if (row.pct_change === null) row.reason = pctChangeReason(r.baseline_value, r.baseline_year);
      row.source_ref = unique([...r.source_ref, ...r.baseline_source_ref]);
    }
    return row;
  });
}

/** A combined port's figure: one year, category and pollutant. */
interface CombinedFigure {
  year: number;
  source_category: string;
  pollutant: string;
}

/** The release rule per member: the releases holding the year and the baseline year, else any. */
const MEMBER_TIERS = [
  { words: WITH_BASELINE_YEAR, holds: (c: ReductionRow) => c.pct_change !== null || c.baseline_value !== null },
  { words: HOLDING_IT, holds: () => true },
];

/**
 * Each combined figure its members report (first-seen order), with every member's row by the one release
 * rule (analysis/releases.ts), undefined for a member that does not report it.
 */
function memberPicks(dataset: Dataset, members: readonly string[], rows: readonly ReductionRow[]): { figure: CombinedFigure; picks: (ReductionRow | undefined)[] }[] {
  const byMemberFigure = new Map<string, ReductionRow[]>();
  const figures = new Map<string, CombinedFigure>();
  for (const row of rows) {
    if (!members.includes(row.port)) continue;
    const key = `${row.year}\u0000${row.source_category}\u0000${row.pollutant}`;
    if (!figures.has(key)) figures.set(key, { year: row.year, source_category: row.source_category, pollutant: row.pollutant });
    const memberKey = `${row.port}\u0000${key}`;
    byMemberFigure.set(memberKey, [...(byMemberFigure.get(memberKey) ?? []), row]);
  }
  return [...figures].map(([key, figure]) => ({
    figure,
    picks: members.map((m) => chooseRelease(dataset, byMemberFigure.get(`${m}\u0000${key}`) ?? [], MEMBER_TIERS)?.row),
  }));
}

/**
 * One combined row: the members' values summed where every member reports the figure in a comparable unit,
 * their baselines summed where every member has one, each at its own baseline year; else null figures and the reason.
 */
function combinedRow(
  dataset: Dataset,
  combined: { code: string; members: readonly string[] },
  baseline: { id: string; year: number | null },
  { figure, picks }: { figure: CombinedFigure; picks: (ReductionRow | undefined)[] },
): ReductionRow {
  const { year, source_category, pollutant } = figure;
  const present = picks.filter((p): p is ReductionRow => p !== undefined);
  const row: ReductionRow = {
    port: combined.code,
    year,
    source_category,
    pollutant,
    unit: present[0]!.unit,
    release: present.map((p) => p.release).join('+'),
    baseline_id: baseline.id,
    baseline_year: baseline.year,
    value: null,
    baseline_value: null,
    change: null,
    pct_change: null,
    reason: '',
    source_ref: unique(present.flatMap((p) => p.source_ref)),
    qualifier: combineQualifiers(present.map((p) => p.qualifier)),
  };
  const missing = combined.members.filter((_, i) => picks[i] === undefined);
  if (missing.length > 0) return { ...row, reason: msg.combinedMemberMissing(combined.code, missing, pollutant, source_category, year) };
  if (!present.every((p) => unitsComparable(dataset, p.unit, present[0]!.unit))) {
    return { ...row, reason: msg.combinedUnitsDiffer(combined.code, present.map((p) => `${p.port} ${p.unit}`)) };
  }
  row.value = present.reduce((s, p) => s + (p.value ?? 0), 0);
  const noBaseline = present.filter((p) => p.baseline_value === null);
  if (noBaseline.length > 0) return { ...row, reason: msg.combinedBaselineMissing(combined.code, noBaseline.map((p) => `${p.port}: ${p.reason}`)) };
  row.baseline_value = present.reduce((s, p) => s + (p.baseline_value ?? 0), 0);
  row.change = row.value - row.baseline_value;
  row.pct_change = pctChange(row.value, row.baseline_value);
  const years = unique(present.map((p) => p.baseline_year));
  row.baseline_year = years.length === 1 ? years[0]! : null;
  if (row.baseline_year === null) row.reason = msg.combinedBaselineYearsDiffer(present.map((p) => `${p.port} ${p.baseline_year}`));
  else if (row.pct_change === null) row.reason = pctChangeReason(row.baseline_value, row.baseline_year);
  return row;
}

/**
 * Rows of the combined ports (e.g. SPB = POLA + POLB): per year, category and pollutant its members report,
 * each member's row by the one release rule ({@link memberPicks}), summed ({@link combinedRow}). Where a
 * member is missing the row is kept with null value and a reason.
 */
function combinedRows(dataset: Dataset, baselineId: string, members: readonly ReductionRow[]): ReductionRow[] {
  return combinedPorts(dataset).flatMap((combined) => {
    const baseline = { id: baselineId, year: resolveBaseline(dataset, baselineId, combined.code).year ?? null };
    return memberPicks(dataset, combined.members, members).map((figure) => combinedRow(dataset, combined, baseline, figure));
  });
}

/** Reduction rows computed per dataset and baseline (a dataset is never changed once loaded). */
const computedRows = new WeakMap<Dataset, Map<string, readonly ReductionRow[]>>();

/**
 * Rows of {@link reductionsVsBaseline} as typed objects, unfiltered by the options' codes and years
 * apart from the baseline choice (other analyses build on them). Computed once per dataset and baseline:
 * the rows are frozen and shared by every caller.
 */
export function reductionRows(dataset: Dataset, baselineId: string): readonly ReductionRow[] {
  let byBaseline = computedRows.get(dataset);
  if (!byBaseline) computedRows.set(dataset, (byBaseline = new Map()));
  let rows = byBaseline.get(baselineId);
  if (!rows) byBaseline.set(baselineId, (rows = Object.freeze(computeReductionRows(dataset, baselineId).map(freezeRow))));
  return rows;
}

function freezeRow(row: ReductionRow): ReductionRow {
  Object.freeze(row.source_ref);
  return Object.freeze(row);
}

function computeReductionRows(dataset: Dataset, baselineId: string): ReductionRow[] {
  const members = memberRows(dataset, baselineId, inventoryTonnages(dataset).filter((r) => dataset.codelists.ports.get(r.port)?.kind !== 'combined'));
  const combinedOwn = memberRows(dataset, baselineId, inventoryTonnages(dataset).filter((r) => dataset.codelists.ports.get(r.port)?.kind === 'combined'));
  const computed = combinedRows(dataset, baselineId, members);
  // A combined port's own published rows (rare) are kept as they are, beside the sums of its members.
  return [...members, ...combinedOwn, ...computed.filter((c) => !combinedOwn.some((o) => o.port === c.port && o.year === c.year && o.pollutant === c.pollutant && o.source_category === c.source_category && o.release === c.release))];
}

/**
 * Percent change of every absolute inventory tonnage against a named baseline (default: the port's own, else
 * the dataset's default baseline; see `baselineFor`), per port
 * and for each combined port (codelist kind `combined`) where all members report the same year, pollutant,
 * source category and a comparable unit.
 *
 * The baseline year is resolved per port (a port's own baseline row wins over `all`). The baseline value
 * always comes from the same release as the value: inventories restate earlier years, so mixing releases
 * would mix methods. When that release lacks the baseline year, `baseline_value` and `pct_change` are null
 * and `reason` says so (naming the releases that do have it). Percentages are percent points of the baseline:
 * -79.2 means 79.2% below. Rows are sorted by port, pollutant, source category (codelist order), year and release
 * (oldest first), so a year's restated values sit together.
 *
 * @throws PortEmissionsError (exit code 2) for an unknown baseline, port, pollutant, category or release.
 */
export function reductionsVsBaseline(dataset: Dataset, options: ReductionOptions = {}): AnalysisTable<ReductionRow> {
  checkFilters(dataset, options);
  const baselineId = baselineFor(dataset, options);
  dataset = scopedToPort(dataset, options.port); // the rows of other ports cannot change this port's
  const order = codelistOrder(dataset);
  const rows = reductionRows(dataset, baselineId)
    .filter((r) => passes(r, options))
    .sort(
      seriesYearOrder<ReductionRow>(order),
    );
  return toTable(rows, REDUCTION_ROW);
}
