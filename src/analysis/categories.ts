/**
 * Source categories: each category's share of the port total, its rank, its change since the baseline and
 * the Cooperative Agreement phase (and deadline) that covers it.
 */
import { desc, escape, op, type ColumnTable } from 'arquero';
import type { Dataset } from '../ingest/dataset.ts';
import type { MilestoneRecord } from '../schema/records.ts';
import { chain, checkFilters, codelistOrder, compareText, passes, scopedToPort, unique, unitsComparable } from './common.ts';
import { msg } from './messages.ts';
import { baselineFor } from './baselines.ts';
import { reductionRows, type ReductionOptions } from './reductions.ts';
import { CATEGORY_ROW, REDUCTION_ROW, rowSchema, rowsOf, toTable, type AnalysisTable, type CategoryRow, type ReductionRow } from './types.ts';

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
  const rows = categoryFigures(dataset, tonnages)
    .filter((c) => passes(c, options))
    .map((c) => categoryRow(dataset, c));
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

/** The columns naming a port total: one port, year, pollutant and release. */
const PORT_TOTAL = ['port', 'year', 'pollutant', 'release'];

/**
 * A category's tonnage with the figures of its port total: the `all` row of the same port, year, pollutant
 * and release (null where the release has none), the sum of the top-level categories, and its rank among the
 * categories of its level.
 */
interface CategoryFigures extends Tonnage {
  /** The parent category's code (empty for a top-level category). */
  parent: string;
  /** The unit of the group's first category (codelist order), which the total and shares are in. */
  group_unit: string;
  /** Whether the category counts in the sum of categories: reported in the group's unit, its parent not reported. */
  top: boolean;
  top_sum: number;
  top_codes: string[];
  all_value: number | null;
  all_unit: string | null;
  all_source_ref: string[];
  /** 1 for the largest among the categories of the same parent; equal values share a rank. */
  rank: number;
}

const CATEGORY_FIGURES_ROW = rowSchema<CategoryFigures>('categories (port totals)', {
  ...REDUCTION_ROW.types,
  value: 'number',
  parent: 'string', group_unit: 'string', top: 'boolean', top_sum: 'number', top_codes: 'string[]', all_value: 'number|null',
  all_unit: 'string|null', all_source_ref: 'string[]', rank: 'number',
});

/**
 * The categories' tonnages joined with their port totals: the sum of the top-level categories per port total
 * (a rollup, adding the categories in codelist order so that the sum does not depend on the order of the
 * data rows), the `all` row (a look-up), and each category's rank within its level (a window over the
 * categories of the same port total and parent, largest first). Port totals without a category are left out.
 */
function categoryFigures(dataset: Dataset, tonnages: readonly Tonnage[]): CategoryFigures[] {
  const order = codelistOrder(dataset);
  const categories = tonnages.filter((r) => r.source_category !== 'all').sort((a, b) => order.category(a.source_category, b.source_category));
  if (categories.length === 0) return [];
  const groupKey = (r: Tonnage) => `${r.port}\u0000${r.year}\u0000${r.pollutant}\u0000${r.release}`;
  const groups = new Map<string, { unit: string; codes: Set<string> }>();
  for (const r of categories) {
    const group = groups.get(groupKey(r)) ?? { unit: r.unit, codes: new Set<string>() };
    group.codes.add(r.source_category);
    groups.set(groupKey(r), group);
  }
  const cats = toTable(categories, REDUCTION_ROW).derive({
    parent: escape((d: Tonnage) => parentOf(dataset, d.source_category)),
    group_unit: escape((d: Tonnage) => groups.get(groupKey(d))!.unit),
    // Sub-categories whose parent is reported are in the parent's tonnage already.
    top: escape((d: Tonnage) => {
      const group = groups.get(groupKey(d))!;
      return unitsComparable(dataset, d.unit, group.unit) && !group.codes.has(parentOf(dataset, d.source_category));
    }),
  });
  const sums = cats.filter('d => d.top').groupby(PORT_TOTAL).rollup({ top_sum: op.sum('value'), top_codes: op.array_agg('source_category') });
  const allRows = toTable(tonnages.filter((r) => r.source_category === 'all'), REDUCTION_ROW)
    .select({ port: 'port', year: 'year', pollutant: 'pollutant', release: 'release', value: 'all_value', unit: 'all_unit', source_ref: 'all_source_ref' });
  const joined: ColumnTable = cats
    .lookup(sums, [PORT_TOTAL, PORT_TOTAL], 'top_sum', 'top_codes')
    .lookup(allRows, [PORT_TOTAL, PORT_TOTAL], 'all_value', 'all_unit', 'all_source_ref')
    .derive({
      // No top-level category in the group's unit: an empty sum. No `all` row: undefined from the look-up.
      top_sum: 'd => d.top_sum ?? 0',
      top_codes: 'd => d.top_codes ?? []',
      all_value: 'd => d.all_value ?? null',
      all_unit: 'd => d.all_unit ?? null',
      all_source_ref: 'd => d.all_source_ref ?? []',
    })
    .groupby([...PORT_TOTAL, 'parent'])
    .orderby(desc('value'))
    .derive({ rank: op.rank() })
    .ungroup()
    .unorder();
  return rowsOf(joined, CATEGORY_FIGURES_ROW);
}

function parentOf(dataset: Dataset, code: string): string {
  return dataset.codelists.sourceCategories.get(code)?.parent ?? '';
}

/** A port total and its basis: the `all` row where its unit is comparable, else the sum of the top-level categories. */
interface PortTotal {
  value: number;
  /** Whether the `all` row is the total. */
  allRow: boolean;
  /** For a sum: which categories it adds up (unreported ones are missing from it); empty for the `all` row. */
  note: string;
}

function portTotal(dataset: Dataset, c: CategoryFigures): PortTotal {
  if (c.all_value !== null && c.all_unit !== null && unitsComparable(dataset, c.all_unit, c.group_unit)) return { value: c.all_value, allRow: true, note: '' };
  return { value: c.top_sum, allRow: false, note: msg.categoriesSumTotal(c.top_codes) };
}

/**
 * One category's row: its share of the port total, its rank, its change since the baseline and the phase
 * that covers it.
 */
function categoryRow(dataset: Dataset, c: CategoryFigures): CategoryRow {
  const phases = phasesCovering(dataset, c.source_category);
  const total = portTotal(dataset, c);
  const reasons = [total.note];
  let share: number | null = null;
  if (!unitsComparable(dataset, c.unit, c.group_unit) || (total.allRow && !unitsComparable(dataset, c.unit, c.all_unit!))) reasons.push(msg.categoriesUnit(c.unit));
  else if (total.value === 0) reasons.push(msg.categoriesTotalZero());
  else {
    const computed = (c.value / total.value) * 100;
    // A total near the smallest double (5e-324) overflows the share: undefined, with the reason.
    if (Number.isFinite(computed)) share = computed;
    else reasons.push(msg.categoriesShareOverflow());
  }
  if (c.pct_change === null) reasons.push(c.reason);
  if (phases.length === 0 && dataset.records.milestones.some((m) => m.phase !== undefined)) reasons.push(msg.categoriesNoPhase(c.source_category));
  return {
    port: c.port,
    year: c.year,
    source_category: c.source_category,
    pollutant: c.pollutant,
    value: c.value,
    total: total.value,
    share_pct: share,
    rank: c.rank,
    baseline_value: c.baseline_value,
    pct_change_vs_baseline: c.pct_change,
    phase: phases[0]?.phase ?? null,
    phase_deadline: phases[0]?.deadline ?? null,
    reason: reasons.filter((r) => r !== '').join('; '),
    source_ref: unique([...c.source_ref, ...(total.allRow ? c.all_source_ref : [])]),
    release: c.release,
    unit: c.unit,
    total_basis: total.allRow ? 'all_row' : 'sum_of_categories',
    baseline_year: c.baseline_year,
    phase_note: phases.length > 1 ? msg.categoriesOtherPhases(phases.slice(1).map((p) => `phase ${p.phase} (${p.deadline})`)) : '',
  };
}
