/**
 * Source categories: each category's share of the port total, its rank, its change since the baseline and
 * the Cooperative Agreement phase (and deadline) that covers it.
 */
import type { Dataset } from '../ingest/dataset.ts';
import type { MilestoneRecord } from '../schema/records.ts';
import { chain, checkFilters, codelistOrder, compareText, passes, scopedToPort, unique, unitsComparable } from './common.ts';
import { msg } from './messages.ts';
import { baselineFor } from './baselines.ts';
import { reductionRows, type ReductionOptions } from './reductions.ts';
import { CATEGORY_ROW, toTable, type AnalysisTable, type CategoryRow, type ReductionRow } from './types.ts';

/** Options of {@link sourceCategoryShares}: the reductions' options (baseline for the change since baseline). */
export type CategoryOptions = ReductionOptions;

/** Column order of the table (its row schema: CATEGORY_ROW in ./types.ts). */
export const CATEGORY_COLUMNS = CATEGORY_ROW.columns;

/** The phase covering a category: the earliest phase listing it or one of its parent categories. */
export interface PhaseCover {
  phase: number;
  deadline: string;
  milestone_id: string;
}

/**
 * Phases of dated milestones (those with a phase number) that cover a source category, earliest phase
 * first (then earliest date). A milestone listing a parent category (e.g. ocean_going_vessels) covers its
 * sub-categories too.
 */
export function phasesCovering(dataset: Dataset, category: string): PhaseCover[] {
  const lineage: string[] = [];
  for (let code: string | undefined = category; code !== undefined && !lineage.includes(code); code = dataset.codelists.sourceCategories.get(code)?.parent) lineage.push(code);
  return dataset.records.milestones
    .filter((m): m is MilestoneRecord & { phase: number } => m.phase !== undefined && m.source_categories.some((c) => lineage.includes(c)))
    .sort(chain((a, b) => a.phase - b.phase, (a, b) => compareText(a.date, b.date), (a, b) => compareText(a.milestone_id, b.milestone_id)))
    .map((m) => ({ phase: m.phase, deadline: m.date, milestone_id: m.milestone_id }));
}

/**
 * Every source category's tonnage (absolute inventory, any port including combined ones) as a share of the
 * port total of the same port, year, pollutant and release. The total is the port's `all` row of that
 * release (`total_basis: 'all_row'`), or, when the release has none, the sum of the categories it reports
 * (`sum_of_categories`; sub-categories whose parent is reported are not added twice), and `reason` then says
 * that unreported categories are missing from it. `rank` is 1 for the largest among categories of the same
 * level (same parent); equal values share a rank. `pct_change_vs_baseline` is the category's change since
 * the baseline year in the same release (see {@link reductionsVsBaseline}). `phase` and `phase_deadline`
 * come from the milestones (see {@link phasesCovering}); a category in two phases lists the first and
 * `phase_note` names the others. Rows sorted by port, pollutant, release, year, then rank.
 *
 * @throws PortEmissionsError (exit code 2) for unknown codes or baseline.
 */
export function sourceCategoryShares(dataset: Dataset, options: CategoryOptions = {}): AnalysisTable<CategoryRow> {
  checkFilters(dataset, options);
  const baselineId = baselineFor(dataset, options);
  dataset = scopedToPort(dataset, options.port); // the rows of other ports cannot change this port's
  const order = codelistOrder(dataset);
  const tonnages = reductionRows(dataset, baselineId).filter((r): r is Tonnage => r.value !== null);
  const rows = portTotalGroups(dataset, tonnages).flatMap((group) => {
    const total = groupTotal(dataset, group);
    return group.categories.filter((c) => passes(c, options)).map((c) => categoryRow(dataset, c, group, total));
  });
  rows.sort(
    chain<CategoryRow>(
      (a, b) => order.port(a.port, b.port),
      (a, b) => order.pollutant(a.pollutant, b.pollutant),
      (a, b) => order.release(a.release, b.release),
      (a, b) => a.year - b.year,
      (a, b) => a.rank - b.rank,
      (a, b) => order.category(a.source_category, b.source_category),
    ),
  );
  return toTable(rows, CATEGORY_ROW);
}

/** A reductions row with its tonnage. */
type Tonnage = ReductionRow & { value: number };

/** The rows of one port, year, pollutant and release: the categories (codelist order) and the `all` row. */
interface PortTotalGroup {
  categories: Tonnage[];
  total?: Tonnage;
}

/**
 * Tonnages grouped by port, year, pollutant and release (first-seen order), each group's categories in
 * codelist order so that sums and messages do not depend on the order of the data rows. Groups without a
 * category are left out.
 */
function portTotalGroups(dataset: Dataset, tonnages: readonly Tonnage[]): PortTotalGroup[] {
  const groups = new Map<string, PortTotalGroup>();
  for (const r of tonnages) {
    const key = `${r.port}\u0000${r.year}\u0000${r.pollutant}\u0000${r.release}`;
    const group = groups.get(key) ?? { categories: [] };
    if (r.source_category === 'all') group.total = r;
    else group.categories.push(r);
    groups.set(key, group);
  }
  const order = codelistOrder(dataset);
  const kept = [...groups.values()].filter((g) => g.categories.length > 0);
  for (const group of kept) group.categories.sort((a, b) => order.category(a.source_category, b.source_category));
  return kept;
}

/** A group's total and its basis: the `all` row where its unit is comparable, else the sum of the top-level categories. */
interface GroupTotal {
  value: number;
  /** The `all` row used, or undefined for a sum of categories. */
  allRow: Tonnage | undefined;
  /** For a sum: which categories it adds up (unreported ones are missing from it); empty for the `all` row. */
  note: string;
}

function groupTotal(dataset: Dataset, { categories, total }: PortTotalGroup): GroupTotal {
  const unit = categories[0]!.unit;
  if (total !== undefined && unitsComparable(dataset, total.unit, unit)) return { value: total.value, allRow: total, note: '' };
  const codes = new Set(categories.map((c) => c.source_category));
  // Sub-categories whose parent is reported are in the parent's tonnage already.
  const topLevel = categories.filter((c) => unitsComparable(dataset, c.unit, unit) && !codes.has(parentOf(dataset, c.source_category)));
  return { value: topLevel.reduce((s, c) => s + c.value, 0), allRow: undefined, note: msg.categoriesSumTotal(topLevel.map((c) => c.source_category)) };
}

function parentOf(dataset: Dataset, code: string): string {
  return dataset.codelists.sourceCategories.get(code)?.parent ?? '';
}

/**
 * One category's row: its share of the group's total, its rank among the categories of its level (same
 * parent; equal values share a rank), its change since the baseline and the phase that covers it.
 */
function categoryRow(dataset: Dataset, c: Tonnage, { categories }: PortTotalGroup, total: GroupTotal): CategoryRow {
  const phases = phasesCovering(dataset, c.source_category);
  const reasons = [total.note];
  let share: number | null = null;
  if (!unitsComparable(dataset, c.unit, categories[0]!.unit) || (total.allRow !== undefined && !unitsComparable(dataset, c.unit, total.allRow.unit))) reasons.push(msg.categoriesUnit(c.unit));
  else if (total.value === 0) reasons.push(msg.categoriesTotalZero());
  else {
    const computed = (c.value / total.value) * 100;
    // A total near the smallest double (5e-324) overflows the share: undefined, with the reason.
    if (Number.isFinite(computed)) share = computed;
    else reasons.push(msg.categoriesShareOverflow());
  }
  if (c.pct_change === null) reasons.push(c.reason);
  if (phases.length === 0 && dataset.records.milestones.some((m) => m.phase !== undefined)) reasons.push(msg.categoriesNoPhase(c.source_category));
  const peers = categories.filter((p) => parentOf(dataset, p.source_category) === parentOf(dataset, c.source_category));
  return {
    port: c.port,
    year: c.year,
    source_category: c.source_category,
    pollutant: c.pollutant,
    value: c.value,
    total: total.value,
    share_pct: share,
    rank: 1 + peers.filter((p) => p.value > c.value).length,
    baseline_value: c.baseline_value,
    pct_change_vs_baseline: c.pct_change,
    phase: phases[0]?.phase ?? null,
    phase_deadline: phases[0]?.deadline ?? null,
    reason: reasons.filter((r) => r !== '').join('; '),
    source_ref: unique([...c.source_ref, ...(total.allRow?.source_ref ?? [])]),
    release: c.release,
    unit: c.unit,
    total_basis: total.allRow !== undefined ? 'all_row' : 'sum_of_categories',
    baseline_year: c.baseline_year,
    phase_note: phases.length > 1 ? msg.categoriesOtherPhases(phases.slice(1).map((p) => `phase ${p.phase} (${p.deadline})`)) : '',
  };
}
