/**
 * Chart data of `category-shares` and `category-dumbbell`: tons of one pollutant by source category of each
 * port and year (with each category's share of the total), and per category its baseline and latest year of
 * the same release.
 */
import type { Dataset } from '../../ingest/dataset.ts';
import { sourceCategoryShares } from '../categories.ts';
import { rowsOf, type CategoryRow } from '../types.ts';
import { chartBaseline, chartData, chooseReleasePerKey, codeLabel, filterWords, inRange, releaseChoices, resolveChartBaseline, seriesOf, type ReleaseFigure } from './common.ts';
import { chooseRelease, WITH_BASELINE_YEAR, type ReleasePick } from '../releases.ts';
import { fillMsg } from './messages.ts';
import type { ChartColumn, ChartData, ChartOptions } from './types.ts';
import { FIGURE_MARK, REMAINDER, type FigureMark } from './marks.ts';

/** Columns of the category charts' data. */
export const CATEGORY_CHART_COLUMNS: ChartColumn[] = [
  { name: 'port', description: 'port code', unit: '' },
  { name: 'year', description: 'inventory year', unit: '' },
  { name: 'source_category', description: 'source category code', unit: '' },
  { name: 'pollutant', description: 'pollutant code', unit: '' },
  { name: 'value', description: 'tons per year of the category', unit: 't/yr', decimals: 1 },
  { name: 'unit', description: 'unit code of the tons', unit: '' },
  { name: 'total', description: 'the total the share is of', unit: 't/yr', decimals: 1 },
  { name: 'total_basis', description: 'published port total, or the sum of the categories reported', unit: '' },
  { name: 'share_pct', description: 'share of the total', unit: '%', decimals: 1 },
  { name: 'rank', description: 'rank of the category by tons (empty for the part not broken down)', unit: '' },
  { name: 'role', description: 'category: a source category reported; remainder: the published total minus the categories reported (not broken down)', unit: '' },
  { name: 'mark', description: "how the figure stands to the published one: '' as published; derived (computed by the tool); partial sum (the total is the sum of the categories reported, no published total)", unit: '' },
  { name: 'baseline_year', description: 'baseline year', unit: '' },
  { name: 'baseline_value', description: 'tons per year in the baseline year, same release', unit: 't/yr', decimals: 1 },
  { name: 'pct_change_vs_baseline', description: '% change from the baseline (negative = lower than the baseline)', unit: '%', decimals: 1, sign: 'pct_change' },
  { name: 'phase', description: 'phase of the Cooperative Agreement milestones covering the category', unit: '' },
  { name: 'phase_deadline', description: 'deadline of that phase', unit: '' },
  { name: 'release', description: 'data release of the tons', unit: '' },
  { name: 'reason', description: 'why a figure is missing', unit: '' },
  { name: 'source_ref', description: 'sources of the tons', unit: '' },
];

/**
 * Category rows of one pollutant (the option's, else the first in codelist order that has categories),
 * top-level categories only where a parent is reported, within the years.
 */
export function categoryRows(dataset: Dataset, options: ChartOptions): { pollutant: string | undefined; rows: CategoryRow[] } {
  const all = rowsOf(
    sourceCategoryShares(dataset, { baseline: resolveChartBaseline(dataset, options), port: options.port, pollutant: options.pollutant, category: options.category }),
  ).filter((r) => inRange(r.year, options));
  const pollutant = options.pollutant ?? [...dataset.codelists.pollutants.keys()].find((c) => all.some((r) => r.pollutant === c));
  const rows = all.filter((r) => r.pollutant === pollutant);
  const parentOf = (code: string) => dataset.codelists.sourceCategories.get(code)?.parent ?? '';
  const present = new Set(rows.map((r) => `${r.port}\u0000${r.year}\u0000${r.release}\u0000${r.source_category}`));
  return { pollutant, rows: rows.filter((r) => !present.has(`${r.port}\u0000${r.year}\u0000${r.release}\u0000${parentOf(r.source_category)}`)) };
}

/**
 * One bar per port and year: the rows of the release the one release rule picks for the bar (a share is of
 * one release's total, so a bar never mixes releases), with the pick.
 */
export function shareBars(dataset: Dataset, rows: readonly CategoryRow[]): { rows: CategoryRow[]; picks: ReleasePick<CategoryRow>[] } {
  const picks = chooseReleasePerKey(dataset, rows, (r) => `${r.port}\u0000${r.year}`);
  const chosen = new Set(picks.map((p) => `${p.row.port}\u0000${p.row.year}\u0000${p.row.release}`));
  return { rows: rows.filter((r) => chosen.has(`${r.port}\u0000${r.year}\u0000${r.release}`)), picks };
}

/**
 * Per port and category, the row of its latest year that has a baseline value (a later year than the
 * baseline), from the release the one release rule picks among the releases holding that year and the
 * baseline year; with the picks.
 */
export function dumbbellPicks(dataset: Dataset, rows: readonly CategoryRow[]): ReleasePick<CategoryRow>[] {
  const candidates = rows.filter((r) => r.baseline_value !== null && r.baseline_year !== null && r.year > r.baseline_year);
  const latestYear = new Map<string, number>();
  const keyOf = (r: CategoryRow) => `${r.port}\u0000${r.source_category}`;
  for (const r of candidates) latestYear.set(keyOf(r), Math.max(latestYear.get(keyOf(r)) ?? -Infinity, r.year));
  const picks: ReleasePick<CategoryRow>[] = [];
  for (const [key, year] of latestYear) {
    const pick = chooseRelease(dataset, candidates.filter((r) => keyOf(r) === key && r.year === year), [{ words: WITH_BASELINE_YEAR, holds: () => true }]);
    if (pick) picks.push(pick);
  }
  return picks;
}

/** The rows of {@link dumbbellPicks}, in the order given. */
export function dumbbellRows(dataset: Dataset, rows: readonly CategoryRow[]): CategoryRow[] {
  const chosen = new Set(dumbbellPicks(dataset, rows).map((p) => p.row));
  return rows.filter((r) => chosen.has(r));
}

/**
 * A row of a category chart: a category reported (`role: 'category'`), or the part of a published total the
 * categories reported do not make up (`remainder`, source category {@link REMAINDER}, no rank, `mark: derived`).
 * `mark` is `partial sum` on the rows whose total is the sum of the categories reported.
 */
export type CategoryChartRow = Omit<CategoryRow, 'rank'> & { rank: number | null; role: 'category' | 'remainder'; mark: FigureMark };

/** The chart data of a category chart. */
export interface CategoryChartData extends ChartData<CategoryChartRow> {
  pollutant: string | undefined;
  /** Source categories drawn, in codelist order. */
  categories: string[];
  /** Whether any share is of the sum of the categories reported rather than a published total. */
  partialSums: boolean;
  /** Whether every share is of a published total, of the sum of the categories reported, or some of each. */
  shareBasis: 'published_total' | 'sum_of_categories' | 'mixed';
}

/** Member ports (or the one asked for) without category rows, in words: what the gap is about. */
function portsWithout(dataset: Dataset, options: ChartOptions, withRows: readonly string[]): string {
  const others = [...dataset.codelists.ports.keys()].filter(
    (p) => dataset.codelists.ports.get(p)?.kind !== 'combined' && !withRows.includes(p) && (options.port === undefined || options.port === p),
  );
  const labels = others.map((p) => codeLabel(dataset, 'port', p));
  return labels.length <= 1 ? labels.join('') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

/** The category rows with their role and mark. */
function marked(rows: readonly CategoryRow[]): CategoryChartRow[] {
  return rows.map((r) => ({ ...r, role: 'category', mark: r.total_basis === 'sum_of_categories' ? FIGURE_MARK.partialSum : '' }));
}

/**
 * Per port, year and release with a published total the categories do not make up, the remainder row: the
 * total minus the categories, as its own part ("not broken down"), so the shares of a bar add up to 100.
 */
export function remainderRows(rows: readonly CategoryChartRow[]): CategoryChartRow[] {
  const bars = new Map<string, CategoryChartRow[]>();
  for (const r of rows) {
    if (r.total_basis !== 'all_row' || r.total === null || r.role !== 'category') continue;
    const key = `${r.port}\u0000${r.year}\u0000${r.release}`;
    bars.set(key, [...(bars.get(key) ?? []), r]);
  }
  const out: CategoryChartRow[] = [];
  for (const bar of bars.values()) {
    const first = bar[0]!;
    const total = first.total!;
    const rest = total - bar.reduce((t, r) => t + r.value, 0);
    if (!(rest > 1e-9 * Math.abs(total))) continue;
    out.push({
      ...first,
      source_category: REMAINDER.code,
      value: rest,
      share_pct: total === 0 || !Number.isFinite((rest / total) * 100) ? null : (rest / total) * 100,
      rank: null,
      baseline_value: null,
      pct_change_vs_baseline: null,
      baseline_year: null,
      phase: null,
      phase_deadline: null,
      phase_note: '',
      reason: 'the published total minus the categories reported',
      source_ref: [...new Set(bar.flatMap((r) => r.source_ref))],
      role: 'remainder',
      mark: FIGURE_MARK.derived,
    });
  }
  return out;
}

function categoryChartData(
  dataset: Dataset,
  options: ChartOptions,
  chartId: string,
  rows: CategoryChartRow[],
  picks: readonly ReleaseFigure[],
  pollutant: string | undefined,
  sort: (a: CategoryChartRow, b: CategoryChartRow) => number,
): CategoryChartData {
  rows.sort(sort);
  const categories = rows.filter((r) => r.role === 'category');
  const categoryCodes = [...dataset.codelists.sourceCategories.keys()];
  return chartData({
    chartId,
    options,
    records: rows,
    columns: CATEGORY_CHART_COLUMNS,
    series: seriesOf(dataset, categories, 'category', { code: (r) => r.source_category, year: (r) => r.year, value: (r) => r.value }),
    releases: releaseChoices(dataset, picks),
    pollutant,
    categories: categoryCodes.filter((c) => categories.some((r) => r.source_category === c)),
    partialSums: rows.some((r) => r.total_basis === 'sum_of_categories'),
    shareBasis: rows.every((r) => r.total_basis === 'all_row') ? 'published_total' : rows.every((r) => r.total_basis === 'sum_of_categories') ? 'sum_of_categories' : 'mixed',
  });
}

/** The data of the `category-shares` chart: every category row, ordered by port, year and category. */
export function categorySharesChartData(dataset: Dataset, options: ChartOptions): CategoryChartData {
  const { pollutant, rows: all } = categoryRows(dataset, options);
  const { rows, picks } = shareBars(dataset, all);
  const portCodes = [...dataset.codelists.ports.keys()];
  const categoryCodes = [...dataset.codelists.sourceCategories.keys()];
  const withRole = marked(rows);
  const rank = (r: CategoryChartRow) => (r.role === 'remainder' ? categoryCodes.length : categoryCodes.indexOf(r.source_category));
  const data = categoryChartData(dataset, options, 'category-shares', [...withRole, ...remainderRows(withRole)], picks, pollutant, (a, b) =>
    portCodes.indexOf(a.port) - portCodes.indexOf(b.port) || a.year - b.year || rank(a) - rank(b),
  );
  const without = portsWithout(dataset, options, [...new Set(rows.map((r) => r.port))]);
  return {
    ...data,
    measure: { field: 'share_pct', unit: '% of the total', axis: { title: '% of the total', unit: '%', factor: 1, decimals: 1, percent: true } },
    gaps: rows.length === 0 || without === '' ? [] : [{ missing: `shares for ${without}`, fill: fillMsg.tonsByCategory }],
    missing: rows.length === 0 ? { missing: `source-category shares${filterWords(dataset, options)}`, fill: fillMsg.tonsByCategory } : null,
  };
}

/** The data of the `category-dumbbell` chart: per port and category, its latest row with a baseline value. */
export function categoryDumbbellChartData(dataset: Dataset, options: ChartOptions): CategoryChartData {
  const { pollutant, rows: all } = categoryRows(dataset, options);
  const portCodes = [...dataset.codelists.ports.keys()];
  const categoryCodes = [...dataset.codelists.sourceCategories.keys()];
  const picks = dumbbellPicks(dataset, all);
  const chosen = new Set(picks.map((p) => p.row));
  const rows = marked(all.filter((r) => chosen.has(r)));
  const data = categoryChartData(dataset, options, 'category-dumbbell', rows, picks, pollutant, (a, b) =>
    portCodes.indexOf(a.port) - portCodes.indexOf(b.port) || categoryCodes.indexOf(a.source_category) - categoryCodes.indexOf(b.source_category),
  );
  const without = portsWithout(dataset, options, [...new Set(rows.map((r) => r.port))]);
  const unit = rows[0]?.unit ?? '';
  return {
    ...data,
    measure: { field: 'value', unit: dataset.codelists.units.get(unit)?.label ?? unit, axis: { title: dataset.codelists.units.get(unit)?.label ?? unit, unit: 't', factor: 1, decimals: 1, percent: false }, alsoPlotted: ['baseline_value'] },
    baseline: chartBaseline(dataset, resolveChartBaseline(dataset, options)),
    gaps: rows.length === 0 || without === '' ? [] : [{ missing: `the change by source category for ${without}`, fill: fillMsg.categories }],
    missing: rows.length === 0 ? { missing: `the change by source category since the baseline${filterWords(dataset, options)}`, fill: fillMsg.categories } : null,
  };
}
