/**
 * Chart `category-shares`: each source category's share of the port total, one 100% bar per port and
 * year, for one pollutant.
 */
import { unique } from '../analysis/common.ts';
import { categorySharesChartData, type CategoryChartData, type CategoryChartRow as CategoryRow } from '../analysis/chart-data/categories.ts';

import type { Dataset } from '../ingest/dataset.ts';
import {
  formatPct,
  formatTons,
  listWords,
  frameSources,
  missingChart,
  recordsTable,
  vegaLite,
  roundTo,
  type Row,
  narration,
} from './common.ts';
import { chartMsg, gapWords } from './messages.ts';
import { gapNote } from './gaps.ts';
import { CHART_SIZE, FONT_SIZE, NEUTRAL, paletteFor } from './theme.ts';
import { FIGURE_MARK, markedText, REMAINDER } from '../analysis/chart-data/marks.ts';
import type { BuiltChart, ChartDefinition, NativeChartData } from './types.ts';
import { unitWordsOf } from '../schema/units.ts';

export { categoryRows } from '../analysis/chart-data/categories.ts';

/**
 * "Port of Long Beach 2018": the label of one bar, marked "(partial sum)" where its 100% is the sum of the
 * categories reported (no published total): the one marking of the chart's figures.
 */
function barLabel(dataset: Dataset, row: CategoryRow): string {
  return markedText(`${paletteFor(dataset).label('port', row.port)} ${row.year}`, row.mark === FIGURE_MARK.partialSum ? row.mark : '');
}

/** What 100% is, from the chart data's `shareBasis`: the axis title and the subtitle's words. */
function basisWords(data: CategoryChartData): { axis: string; subtitle: string } {
  if (data.records.length === 0) return { axis: '% of the total', subtitle: 'the total' };
  const count = data.categories.length;
  const listed = `the ${count === 1 ? 'category' : `${count} categories`} listed`;
  if (data.shareBasis === 'published_total') return { axis: '% of the published port total', subtitle: 'the published port total (grey: not broken down by category)' };
  if (data.shareBasis === 'sum_of_categories') return { axis: `% of the sum of ${listed}`, subtitle: `the sum of ${listed} (no published port total)` };
  return { axis: '% of the port total, or of the sum of the categories (partial sum)', subtitle: `the published port total where there is one (grey: not broken down), else the sum of ${listed} (marked partial sum)` };
}

/** The title stating the finding: the largest category's share in the first port's latest year, said of its basis. */
export function categorySharesTitle(dataset: Dataset, data: CategoryChartData, fallback: string): string {
  if (data.missing !== null || data.pollutant === undefined) return fallback;
  const palette = paletteFor(dataset);
  const rows = data.records.filter((r) => r.role === 'category' && r.share_pct !== null);
  const port = rows[0]?.port;
  if (port === undefined) return fallback;
  const own = rows.filter((r) => r.port === port);
  const last = Math.max(...own.map((r) => r.year));
  const inYear = own.filter((r) => r.year === last);
  const top = [...inYear].sort((a, b) => b.share_pct! - a.share_pct!)[0]!;
  const of = top.total_basis === 'sum_of_categories' ? `the ${inYear.length === 1 ? 'one reported category' : `${inYear.length} reported categories`} of ` : '';
  return `${palette.label('category', top.source_category)}: ${formatPct(top.share_pct!)} of ${of}${palette.label('port', port)} ${data.pollutant}, ${last}`;
}

/** Room for the bar labels (px), marks included. */
const LABEL_WIDTH = 320;

/** The category-shares chart (spec, frame, narrative, data, deck chart) drawn from its chart data. */
export function categorySharesChart(data: CategoryChartData, dataset: Dataset): BuiltChart {
  const palette = paletteFor(dataset);
  const { pollutant } = data;
  const rows = data.records;
  const frameBase = {
    title: `Where ${pollutant ?? 'the emissions'} ${pollutant === undefined ? 'come' : 'comes'} from: source-category shares`,
    subtitle: `Share of ${pollutant ?? 'the emissions'} by source category, as % of ${basisWords(data).subtitle}, by port and inventory year`,
    baseline: '',
  };
  const table = recordsTable(data, dataset);
  if (data.missing !== null) {
    return { ...missingChart('category-shares', { ...frameBase, notes: [], sourceRefs: [], release: '' }, gapWords(data.missing), table), chartData: data };
  }
  const categoryCodes = [...dataset.codelists.sourceCategories.keys()];
  const bars = unique(rows.map((r) => barLabel(dataset, r)));
  const categories = data.categories;
  const remainderDrawn = rows.some((r) => r.role === 'remainder');
  const categoryLabels = [...categories.map((c) => palette.label('category', c)), ...(remainderDrawn ? [REMAINDER.label] : [])];
  const categoryColors = [...categories.map((c) => palette.color('category', c)), ...(remainderDrawn ? [NEUTRAL.light] : [])];
  const partLabel = (r: CategoryRow) => (r.role === 'remainder' ? REMAINDER.label : palette.label('category', r.source_category));
  const values: Row[] = rows
    .filter((r) => r.share_pct !== null)
    .map((r) => ({
      bar: barLabel(dataset, r),
      // The bar's year as a field of its own: the bar label may carry a mark after it ("2018 (partial sum)").
      year: r.year,
      category: partLabel(r),
      order: r.role === 'remainder' ? categoryCodes.length : categoryCodes.indexOf(r.source_category),
      share_pct: roundTo(r.share_pct!, 1),
      label: r.share_pct! >= 6 ? formatPct(r.share_pct!) : '',
    }));
  const height = Math.min(CHART_SIZE.height - 60, 40 + bars.length * 46);
  const y = { field: 'bar', type: 'nominal', title: null, sort: bars, scale: { domain: bars, paddingInner: 0.3 }, axis: { labelLimit: LABEL_WIDTH - 20 } };
  const x = { field: 'share_pct', type: 'quantitative', stack: 'zero', title: basisWords(data).axis, scale: { domain: [0, 100] }, axis: { values: [0, 25, 50, 75, 100] } };
  const spec = vegaLite({
    data: { values },
    width: CHART_SIZE.width - LABEL_WIDTH,
    height,
    layer: [
      {
        mark: { type: 'bar', stroke: '#ffffff', strokeWidth: 1 },
        encoding: {
          y,
          x,
          color: { field: 'category', type: 'nominal', title: null, sort: categoryLabels, scale: { domain: categoryLabels, range: categoryColors }, legend: { orient: 'top' } },
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
  if (data.shareBasis === 'mixed') notes.push(chartMsg.sumOfCategories);
  if (unique(rows.map((r) => r.release)).length > 1) notes.push(chartMsg.releaseRestates);
  const gap = data.gaps.length === 0 ? undefined : gapWords(data.gaps[0]!);
  if (gap !== undefined) notes.push(gapNote(gap));
  return {
    id: 'category-shares',
    spec,
    frame: { ...frameBase, title: categorySharesTitle(dataset, data, frameBase.title), notes, ...frameSources(dataset, data) },
    ...narration(narrativeOf(dataset, rows, pollutant!)),
    data: table,
    chartData: data,
    ...(gap === undefined ? {} : { gap }),
    native: nativeOf(dataset, data, bars),
  };
}

function narrativeOf(dataset: Dataset, rows: readonly CategoryRow[], pollutant: string): string[] {
  const palette = paletteFor(dataset);
  const sentences: string[] = [];
  for (const port of unique(rows.map((r) => r.port)).slice(0, 2)) {
    const own = rows.filter((r) => r.port === port);
    const last = Math.max(...own.map((r) => r.year));
    const first = Math.min(...own.map((r) => r.year));
    const top = own.filter((r) => r.year === last && r.role === 'category' && r.share_pct !== null).sort((a, b) => b.share_pct! - a.share_pct!)[0];
    if (!top) continue;
    const rest = own.find((r) => r.year === last && r.role === 'remainder');
    let sentence = `In ${last}, ${palette.label('category', top.source_category)} made up ${formatPct(top.share_pct!)} of ${palette.label('port', port)}'s ${pollutant}`;
    const mass = unitWordsOf(dataset.codelists.units, top.unit).mass;
    sentence +=
      top.total_basis === 'sum_of_categories'
        ? ` (of the ${formatTons(top.total!)} ${mass} the reported categories sum to: a ${FIGURE_MARK.partialSum}, not the port total)`
        : ` (of the published total, ${formatTons(top.total!)} ${mass}${rest === undefined || rest.share_pct === null ? '' : `; ${formatPct(rest.share_pct)} is ${REMAINDER.label} by category (${FIGURE_MARK.derived})`})`;
    const before = own.find((r) => r.year === first && r.source_category === top.source_category && r.share_pct !== null);
    if (before && first !== last) sentence += `, ${before.share_pct! <= top.share_pct! ? 'up' : 'down'} from ${formatPct(before.share_pct!)} in ${first}`;
    sentences.push(`${sentence}.`);
  }
  return sentences;
}

function nativeOf(dataset: Dataset, data: CategoryChartData, bars: readonly string[]): NativeChartData {
  const palette = paletteFor(dataset);
  const rows = data.records;
  const share = (b: string, match: (r: CategoryRow) => boolean) => {
    const r = rows.find((row) => barLabel(dataset, row) === b && match(row));
    return r === undefined || r.share_pct === null ? null : roundTo(r.share_pct, 1);
  };
  const remainder = rows.some((r) => r.role === 'remainder');
  return {
    type: 'stackedBar',
    categories: [...bars],
    series: [
      ...data.categories.map((c) => ({
        name: palette.label('category', c),
        values: bars.map((b) => share(b, (r) => r.role === 'category' && r.source_category === c)),
        color: palette.color('category', c),
      })),
      ...(remainder ? [{ name: REMAINDER.label, values: bars.map((b) => share(b, (r) => r.role === 'remainder')), color: NEUTRAL.light }] : []),
    ],
    yAxisTitle: basisWords(data).axis,
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
