/**
 * Chart data of `category-shares` and `category-dumbbell`: tons of one pollutant by source category of each
 * port and year (with each category's share of the total), and per category its baseline and latest year of
 * the same release.
 */
import type { Dataset } from '../../ingest/dataset.ts';
import { CATEGORY_COLUMNS, sourceCategoryShares } from '../categories.ts';
import { checkedRows, type CategoryRow } from '../types.ts';
import { chartBaseline, chartData, codeLabel, filterWords, inRange, releaseChoices, resolveChartBaseline, seriesOf } from './common.ts';
import { fillMsg } from './messages.ts';
import type { ChartColumn, ChartData, ChartOptions } from './types.ts';

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
  { name: 'rank', description: 'rank of the category by tons', unit: '' },
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
  const all = checkedRows<CategoryRow>(
    sourceCategoryShares(dataset, { baseline: resolveChartBaseline(dataset, options), port: options.port, pollutant: options.pollutant, category: options.category }),
    CATEGORY_COLUMNS,
  ).filter((r) => inRange(r.year, options));
  const pollutant = options.pollutant ?? [...dataset.codelists.pollutants.keys()].find((c) => all.some((r) => r.pollutant === c));
  const rows = all.filter((r) => r.pollutant === pollutant);
  const parentOf = (code: string) => dataset.codelists.sourceCategories.get(code)?.parent ?? '';
  const present = new Set(rows.map((r) => `${r.port}\u0000${r.year}\u0000${r.release}\u0000${r.source_category}`));
  return { pollutant, rows: rows.filter((r) => !present.has(`${r.port}\u0000${r.year}\u0000${r.release}\u0000${parentOf(r.source_category)}`)) };
}

/** Per port and category, the latest row that has a baseline value (a later year than the baseline). */
export function dumbbellRows(rows: readonly CategoryRow[]): CategoryRow[] {
  const latest = new Map<string, CategoryRow>();
  for (const r of rows) {
    if (r.baseline_value === null || r.baseline_year === null || r.year <= r.baseline_year) continue;
    const key = `${r.port}\u0000${r.source_category}`;
    const held = latest.get(key);
    if (!held || r.year > held.year) latest.set(key, r);
  }
  return rows.filter((r) => latest.get(`${r.port}\u0000${r.source_category}`) === r);
}

/** The chart data of a category chart. */
export interface CategoryChartData extends ChartData<CategoryRow> {
  pollutant: string | undefined;
  /** Source categories drawn, in codelist order. */
  categories: string[];
  /** Whether any share is of the sum of the categories reported rather than a published total. */
  partialSums: boolean;
}

/** Member ports (or the one asked for) without category rows, in words: what the gap is about. */
function portsWithout(dataset: Dataset, options: ChartOptions, withRows: readonly string[]): string {
  const others = [...dataset.codelists.ports.keys()].filter(
    (p) => dataset.codelists.ports.get(p)?.kind !== 'combined' && !withRows.includes(p) && (options.port === undefined || options.port === p),
  );
  const labels = others.map((p) => codeLabel(dataset, 'port', p));
  return labels.length <= 1 ? labels.join('') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

function categoryChartData(dataset: Dataset, options: ChartOptions, chartId: string, rows: CategoryRow[], pollutant: string | undefined, sort: (a: CategoryRow, b: CategoryRow) => number): CategoryChartData {
  rows.sort(sort);
  const categoryCodes = [...dataset.codelists.sourceCategories.keys()];
  return chartData({
    chartId,
    options,
    records: rows,
    columns: CATEGORY_CHART_COLUMNS,
    series: seriesOf(dataset, rows, 'category', { code: (r) => r.source_category, year: (r) => r.year, value: (r) => r.value }),
    releases: releaseChoices(dataset, rows.map((r) => r.release)),
    pollutant,
    categories: categoryCodes.filter((c) => rows.some((r) => r.source_category === c)),
    partialSums: rows.some((r) => r.total_basis === 'sum_of_categories'),
  });
}

/** The data of the `category-shares` chart: every category row, ordered by port, year and category. */
export function categorySharesChartData(dataset: Dataset, options: ChartOptions): CategoryChartData {
  const { pollutant, rows } = categoryRows(dataset, options);
  const portCodes = [...dataset.codelists.ports.keys()];
  const categoryCodes = [...dataset.codelists.sourceCategories.keys()];
  const data = categoryChartData(dataset, options, 'category-shares', rows, pollutant, (a, b) =>
    portCodes.indexOf(a.port) - portCodes.indexOf(b.port) || a.year - b.year || categoryCodes.indexOf(a.source_category) - categoryCodes.indexOf(b.source_category),
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
  const rows = dumbbellRows(all);
  const data = categoryChartData(dataset, options, 'category-dumbbell', rows, pollutant, (a, b) =>
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
