/**
 * Chart `category-shares`: each source category's share of the port total, one 100% bar per port and
 * year, for one pollutant.
 */
import { unique } from '../analysis/common.ts';
import { sourceCategoryShares } from '../analysis/categories.ts';
import { rowsOf, type CategoryRow } from '../analysis/types.ts';
import type { Dataset } from '../ingest/dataset.ts';
import {
  checkChartFilters,
  dataTable,
  baselineFor,
  formatPct,
  formatTons,
  inRange,
  listWords,
  missingChart,
  releaseWords,
  sourceRefsOf,
  vegaLite,
  roundTo,
  filterWords,
  type Row,
} from './common.ts';
import { chartMsg } from './messages.ts';
import { CHART_SIZE, FONT_SIZE, paletteFor } from './theme.ts';
import type { BuiltChart, ChartDefinition, ChartFilters, NativeChartData } from './types.ts';
import { unitWordsOf } from '../schema/units.ts';

/** Columns of the category charts' data. */
export const CATEGORY_CHART_COLUMNS = [
  'port', 'port_label', 'year', 'source_category', 'category_label', 'pollutant', 'value', 'unit', 'total', 'total_basis', 'share_pct', 'rank',
  'baseline_year', 'baseline_value', 'pct_change_vs_baseline', 'phase', 'phase_deadline', 'release', 'reason', 'source_ref',
];

/**
 * Category rows of one pollutant (the filter's, else the first in codelist order that has categories),
 * top-level categories only where a parent is reported, within the years.
 */
export function categoryRows(dataset: Dataset, filters: ChartFilters): { pollutant: string | undefined; rows: CategoryRow[] } {
  const all = rowsOf<CategoryRow>(
    sourceCategoryShares(dataset, { baseline: baselineFor(dataset, filters), port: filters.port, pollutant: filters.pollutant, category: filters.category }),
  ).filter((r) => inRange(r.year, filters));
  const pollutant = filters.pollutant ?? [...dataset.codelists.pollutants.keys()].find((c) => all.some((r) => r.pollutant === c));
  const rows = all.filter((r) => r.pollutant === pollutant);
  const parentOf = (code: string) => dataset.codelists.sourceCategories.get(code)?.parent ?? '';
  const present = new Set(rows.map((r) => `${r.port}\u0000${r.year}\u0000${r.release}\u0000${r.source_category}`));
  return { pollutant, rows: rows.filter((r) => !present.has(`${r.port}\u0000${r.year}\u0000${r.release}\u0000${parentOf(r.source_category)}`)) };
}

/** "Port of Long Beach 2018": the label of one bar. */
function barLabel(dataset: Dataset, row: CategoryRow): string {
  return `${paletteFor(dataset).label('port', row.port)} ${row.year}`;
}

function build(dataset: Dataset, filters: ChartFilters): BuiltChart {
  checkChartFilters(categoryShares, dataset, filters);
  const palette = paletteFor(dataset);
  const { pollutant, rows } = categoryRows(dataset, filters);
  const frameBase = {
    title: `Where ${pollutant ?? 'the emissions'} ${pollutant === undefined ? 'come' : 'comes'} from: source-category shares`,
    subtitle: `Share of each source category in the total${pollutant === undefined ? '' : ` of ${pollutant}`}, by port and inventory year`,
    baseline: '',
  };
  if (rows.length === 0) {
    return missingChart('category-shares', { ...frameBase, notes: [], sourceRefs: [], release: '' }, chartMsg.missingTonsByCategory(`source-category shares${filterWords(dataset, filters)}`), dataTable(CATEGORY_CHART_COLUMNS, []));
  }
  const portCodes = [...dataset.codelists.ports.keys()];
  const categoryCodes = [...dataset.codelists.sourceCategories.keys()];
  rows.sort(
    (a, b) =>
      portCodes.indexOf(a.port) - portCodes.indexOf(b.port) || a.year - b.year || categoryCodes.indexOf(a.source_category) - categoryCodes.indexOf(b.source_category),
  );
  const bars = unique(rows.map((r) => barLabel(dataset, r)));
  const categories = categoryCodes.filter((c) => rows.some((r) => r.source_category === c));
  const categoryLabels = categories.map((c) => palette.label('category', c));
  const values: Row[] = rows
    .filter((r) => r.share_pct !== null)
    .map((r) => ({
      bar: barLabel(dataset, r),
      category: palette.label('category', r.source_category),
      order: categoryCodes.indexOf(r.source_category),
      share_pct: roundTo(r.share_pct!, 1),
      label: r.share_pct! >= 6 ? formatPct(r.share_pct!) : '',
    }));
  const height = Math.min(CHART_SIZE.height - 60, 40 + bars.length * 46);
  const y = { field: 'bar', type: 'nominal', title: null, sort: bars, scale: { domain: bars, paddingInner: 0.3 }, axis: { labelLimit: 220 } };
  const x = { field: 'share_pct', type: 'quantitative', stack: 'zero', title: '% of the total', scale: { domain: [0, 100] }, axis: { values: [0, 25, 50, 75, 100] } };
  const spec = vegaLite({
    data: { values },
    width: CHART_SIZE.width - 240,
    height,
    layer: [
      {
        mark: { type: 'bar', stroke: '#ffffff', strokeWidth: 1 },
        encoding: {
          y,
          x,
          color: { field: 'category', type: 'nominal', title: null, sort: categoryLabels, scale: { domain: categoryLabels, range: categories.map((c) => palette.color('category', c)) }, legend: { orient: 'top' } },
          order: { field: 'order', type: 'quantitative' },
        },
      },
      {
        mark: { type: 'text', color: '#ffffff', fontSize: FONT_SIZE.annotation, fontWeight: 'bold' },
        encoding: { y, x: { ...x, bandPosition: 0.5 }, text: { field: 'label', type: 'nominal' }, order: { field: 'order', type: 'quantitative' } },
      },
    ],
  });
  const notes: string[] = [];
  if (rows.some((r) => r.total_basis === 'sum_of_categories')) notes.push(chartMsg.sumOfCategories);
  if (unique(rows.map((r) => r.release)).length > 1) notes.push(chartMsg.releaseRestates);
  const withCategories = unique(rows.map((r) => r.port));
  const others = portCodes.filter((p) => dataset.codelists.ports.get(p)?.kind !== 'combined' && !withCategories.includes(p) && (filters.port === undefined || filters.port === p));
  const gap = others.length === 0 ? undefined : chartMsg.missingTonsByCategory(`shares for ${listWords(others.map((p) => palette.label('port', p)))}`);
  if (gap !== undefined) notes.push(`Not in the data: ${gap}.`);
  return {
    id: 'category-shares',
    spec,
    frame: { ...frameBase, notes, sourceRefs: sourceRefsOf(rows), release: releaseWords(dataset, rows.map((r) => r.release)) },
    narrative: narrativeOf(dataset, rows, pollutant!),
    data: dataTable(CATEGORY_CHART_COLUMNS, rows.map((r) => ({ ...r, port_label: palette.label('port', r.port), category_label: palette.label('category', r.source_category) }))),
    ...(gap === undefined ? {} : { gap }),
    native: nativeOf(dataset, rows, bars, categories),
  };
}

function narrativeOf(dataset: Dataset, rows: readonly CategoryRow[], pollutant: string): string {
  const palette = paletteFor(dataset);
  const sentences: string[] = [];
  for (const port of unique(rows.map((r) => r.port)).slice(0, 2)) {
    const own = rows.filter((r) => r.port === port);
    const last = Math.max(...own.map((r) => r.year));
    const first = Math.min(...own.map((r) => r.year));
    const top = own.filter((r) => r.year === last && r.share_pct !== null).sort((a, b) => b.share_pct! - a.share_pct!)[0];
    if (!top) continue;
    let sentence = `In ${last}, ${palette.label('category', top.source_category)} made up ${formatPct(top.share_pct!)} of ${palette.label('port', port)}'s ${pollutant}`;
    const mass = unitWordsOf(dataset.codelists.units, top.unit).mass;
    sentence += top.total_basis === 'sum_of_categories' ? ` (of the ${formatTons(top.total!)} ${mass} the reported categories sum to)` : ` (${formatTons(top.total!)} ${mass})`;
    const before = own.find((r) => r.year === first && r.source_category === top.source_category && r.share_pct !== null);
    if (before && first !== last) sentence += `, ${before.share_pct! <= top.share_pct! ? 'up' : 'down'} from ${formatPct(before.share_pct!)} in ${first}`;
    sentences.push(`${sentence}.`);
  }
  return sentences.join(' ');
}

function nativeOf(dataset: Dataset, rows: readonly CategoryRow[], bars: readonly string[], categories: readonly string[]): NativeChartData {
  const palette = paletteFor(dataset);
  return {
    type: 'stackedBar',
    categories: [...bars],
    series: categories.map((c) => ({
      name: palette.label('category', c),
      values: bars.map((b) => {
        const r = rows.find((row) => barLabel(dataset, row) === b && row.source_category === c);
        return r === undefined || r.share_pct === null ? null : roundTo(r.share_pct, 1);
      }),
      color: palette.color('category', c),
    })),
    yAxisTitle: '% of the total',
    percent: true,
  };
}

/** The `category-shares` chart definition. */
export const categoryShares: ChartDefinition = {
  id: 'category-shares',
  description:
    "Each source category's share of the total of one pollutant (default: the first with categories), one 100% bar per port and inventory year",
  filters: ['port', 'pollutant', 'category', 'baseline', 'from', 'to'],
  build,
};
