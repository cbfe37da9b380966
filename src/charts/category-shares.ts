/**
 * Chart `category-shares`: each source category's share of the port total, one 100% bar per port and
 * year, for one pollutant.
 */
import { unique } from '../analysis/common.ts';
import { categorySharesChartData, type CategoryChartData } from '../analysis/chart-data/categories.ts';
import type { CategoryRow } from '../analysis/types.ts';
import type { Dataset } from '../ingest/dataset.ts';
import {
  formatPct,
  formatTons,
  listWords,
  frameSources,
  missingChart,
  recordsTable,
  releaseWords,
  vegaLite,
  roundTo,
  type Row,
} from './common.ts';
import { chartMsg, gapWords } from './messages.ts';
import { CHART_SIZE, FONT_SIZE, paletteFor } from './theme.ts';
import type { BuiltChart, ChartDefinition, NativeChartData } from './types.ts';
import { unitWordsOf } from '../schema/units.ts';

export { categoryRows } from '../analysis/chart-data/categories.ts';

/** "Port of Long Beach 2018": the label of one bar. */
function barLabel(dataset: Dataset, row: CategoryRow): string {
  return `${paletteFor(dataset).label('port', row.port)} ${row.year}`;
}

/** The category-shares chart (spec, frame, narrative, data, deck chart) drawn from its chart data. */
export function categorySharesChart(data: CategoryChartData, dataset: Dataset): BuiltChart {
  const palette = paletteFor(dataset);
  const { pollutant } = data;
  const rows = data.records;
  const frameBase = {
    title: `Where ${pollutant ?? 'the emissions'} ${pollutant === undefined ? 'come' : 'comes'} from: source-category shares`,
    subtitle: `Share of each source category in the total${pollutant === undefined ? '' : ` of ${pollutant}`}, by port and inventory year`,
    baseline: '',
  };
  const table = recordsTable(data, dataset);
  if (data.missing !== null) {
    return { ...missingChart('category-shares', { ...frameBase, notes: [], sourceRefs: [], release: '' }, gapWords(data.missing), table), chartData: data };
  }
  const categoryCodes = [...dataset.codelists.sourceCategories.keys()];
  const bars = unique(rows.map((r) => barLabel(dataset, r)));
  const categories = data.categories;
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
  if (data.partialSums) notes.push(chartMsg.sumOfCategories);
  if (unique(rows.map((r) => r.release)).length > 1) notes.push(chartMsg.releaseRestates);
  const gap = data.gaps.length === 0 ? undefined : gapWords(data.gaps[0]!);
  if (gap !== undefined) notes.push(`Not in the data: ${gap}.`);
  return {
    id: 'category-shares',
    spec,
    frame: { ...frameBase, notes, ...frameSources(dataset, data) },
    narrative: narrativeOf(dataset, rows, pollutant!),
    data: table,
    chartData: data,
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
    // Shares stack to 100%: the axis ends there, as the picture's.
    yMin: 0,
    yMax: 100,
  };
}

/** The `category-shares` chart definition. */
export const categoryShares: ChartDefinition = {
  id: 'category-shares',
  description:
    "Each source category's share of the total of one pollutant (default: the first with categories), one 100% bar per port and inventory year",
  filters: ['port', 'pollutant', 'category', 'baseline', 'from', 'to'],
  build: (dataset, filters) => categorySharesChart(categorySharesChartData(dataset, filters), dataset),
};
