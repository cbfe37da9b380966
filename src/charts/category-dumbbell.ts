/**
 * Chart `category-dumbbell`: each source category's tons in the baseline year (ring) and the latest year
 * (disc) of the same release, joined by a line, with the % change.
 */
import { unique } from '../analysis/common.ts';
import { categoryDumbbellChartData, type CategoryChartData, type CategoryChartRow as CategoryRow } from '../analysis/chart-data/categories.ts';

import type { Dataset } from '../ingest/dataset.ts';
import {
  formatPct,
  formatTons,
  listWords,
  frameSources,
  missingChart,
  recordsTable,
  vegaLite,
  layersWithData,
  type Row,
  narration,
} from './common.ts';
import { chartMsg, gapWords } from './messages.ts';
import { gapNote } from './gaps.ts';
import { CHART_SIZE, FONT_SIZE, NEUTRAL, paletteFor, solidHollowScale } from './theme.ts';
import type { BuiltChart, ChartDefinition, NativeChartData } from './types.ts';
import { unitNotes, unitWordsOf } from '../schema/units.ts';

export { dumbbellRows } from '../analysis/chart-data/categories.ts';

/**
 * The title stating the finding of the first port: how its categories changed from the baseline year to the
 * latest (the range of the cuts when all fell, the largest cut otherwise); the fallback when none is supported.
 */
export function categoryDumbbellTitle(dataset: Dataset, data: CategoryChartData, fallback: string): string {
  if (data.missing !== null || data.pollutant === undefined) return fallback;
  const palette = paletteFor(dataset);
  const port = data.records[0]?.port;
  const own = data.records.filter((r) => r.port === port && r.pct_change_vs_baseline !== null);
  if (port === undefined || own.length === 0) return fallback;
  const years = unique(own.map((r) => `${r.baseline_year} to ${r.year}`));
  const when = years.length === 1 ? ` from ${years[0]}` : '';
  const cuts = own.map((r) => -r.pct_change_vs_baseline!).sort((a, b) => a - b);
  const subject = `${palette.label('port', port)} ${data.pollutant}`;
  if (own.length > 1 && cuts[0]! > 0) {
    const range = formatPct(cuts[0]!) === formatPct(cuts.at(-1)!) ? formatPct(cuts[0]!) : `${formatPct(cuts[0]!).replace('%', '')}-${formatPct(cuts.at(-1)!)}`;
    return `${subject} fell ${range}${when} in each of the ${own.length} categories reported`;
  }
  const largest = [...own].sort((a, b) => a.pct_change_vs_baseline! - b.pct_change_vs_baseline!)[0]!;
  if (largest.pct_change_vs_baseline! >= 0) return fallback;
  return `${subject}: ${palette.label('category', largest.source_category)} fell most, ${formatPct(-largest.pct_change_vs_baseline!)}${when}`;
}

/** The category-dumbbell chart (spec, frame, narrative, data, deck chart) drawn from its chart data. */
export function categoryDumbbellChart(data: CategoryChartData, dataset: Dataset): BuiltChart {
  const palette = paletteFor(dataset);
  const { pollutant } = data;
  const rows = data.records;
  const frameBase = {
    title: `${pollutant ?? 'Emissions'} by source category: baseline and latest year`,
    subtitle: `${unitWordsOf(dataset.codelists.units, rows[0]?.unit).title} in the baseline year (ring) and the latest inventory year (disc) of the same release, with the change`,
    baseline: data.baseline!.words,
  };
  const table = recordsTable(data, dataset);
  if (data.missing !== null) {
    return { ...missingChart('category-dumbbell', { ...frameBase, notes: [], sourceRefs: [], release: '' }, gapWords(data.missing), table), chartData: data };
  }
  const portCodes = [...dataset.codelists.ports.keys()];
  const ports = portCodes.filter((p) => rows.some((r) => r.port === p));
  const rowLabel = (r: CategoryRow) =>
    ports.length > 1 ? `${palette.label('port', r.port)}: ${palette.label('category', r.source_category)}` : palette.label('category', r.source_category);
  const labels = rows.map(rowLabel);
  const categories = data.categories;
  const colorScale = { domain: categories.map((c) => palette.label('category', c)), range: categories.map((c) => palette.color('category', c)) };
  const baseYears = unique(rows.map((r) => r.baseline_year));
  const lastYears = unique(rows.map((r) => r.year));
  const whenBase = baseYears.length === 1 ? `${baseYears[0]} (baseline)` : 'baseline year';
  const whenLast = lastYears.length === 1 ? String(lastYears[0]) : 'latest year';
  const values: Row[] = rows.flatMap((r) => {
    const common = { row: rowLabel(r), category: palette.label('category', r.source_category) };
    return [
      { ...common, layer: 'point', when: whenBase, tons: r.baseline_value },
      { ...common, layer: 'point', when: whenLast, tons: r.value },
      {
        ...common,
        layer: 'segment',
        from: r.baseline_value,
        to: r.value,
        label: `${formatTons(r.baseline_value!)} → ${formatTons(r.value)} t (${r.pct_change_vs_baseline! <= 0 ? '−' : '+'}${formatPct(Math.abs(r.pct_change_vs_baseline!))})`,
        label_at: Math.max(r.baseline_value!, r.value),
      },
    ];
  });
  const unit = unitWordsOf(dataset.codelists.units, rows[0]!.unit).rate;
  const y = { field: 'row', type: 'nominal', title: null, sort: labels, scale: { domain: labels }, axis: { labelLimit: 260, domain: false } };
  const max = Math.max(...rows.map((r) => Math.max(r.value, r.baseline_value!)));
  const x = { type: 'quantitative', title: unit, scale: { domain: [0, max * 1.3] }, axis: { format: ',d', grid: true, tickCount: 8 } };
  const spec = vegaLite({
    data: { values },
    width: CHART_SIZE.width - 260,
    height: Math.min(CHART_SIZE.height - 60, 30 + rows.length * 48),
    layer: layersWithData(values, [
      {
        transform: [{ filter: { field: 'layer', equal: 'segment' } }],
        mark: { type: 'rule', strokeWidth: 3 },
        encoding: { y, x: { ...x, field: 'from' }, x2: { field: 'to' }, color: { field: 'category', type: 'nominal', scale: colorScale, legend: null } },
      },
      {
        transform: [{ filter: { field: 'layer', equal: 'point' } }],
        mark: { type: 'point', filled: true, size: 140, opacity: 1 },
        encoding: {
          y,
          x: { ...x, field: 'tons' },
          color: { field: 'category', type: 'nominal', scale: colorScale, legend: null },
          shape: { field: 'when', type: 'nominal', title: null, scale: solidHollowScale(whenLast, whenBase), legend: { orient: 'top', symbolFillColor: NEUTRAL.text, symbolStrokeColor: NEUTRAL.text, symbolOpacity: 1 } },
        },
      },
      {
        transform: [{ filter: { field: 'layer', equal: 'segment' } }],
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 12, fontSize: FONT_SIZE.annotation, color: NEUTRAL.text },
        encoding: { y, x: { ...x, field: 'label_at' }, text: { field: 'label', type: 'nominal' } },
      },
    ]),
  });
  const notes = ['Both values of a category come from the same release (each inventory restates its baseline year).', ...unitNotes(dataset.codelists.units, rows[0]!.unit)];
  const gap = data.gaps.length === 0 ? undefined : gapWords(data.gaps[0]!);
  if (gap !== undefined) notes.push(gapNote(gap));
  const title = categoryDumbbellTitle(dataset, data, ports.length === 1 ? `${palette.label('port', ports[0]!)}: ${frameBase.title}` : frameBase.title);
  return {
    id: 'category-dumbbell',
    spec,
    frame: { ...frameBase, title, notes, ...frameSources(dataset, data) },
    ...narration(narrativeOf(dataset, rows, pollutant!)),
    data: table,
    chartData: data,
    ...(gap === undefined ? {} : { gap }),
    native: nativeOf(dataset, rows, labels, whenBase, whenLast, rowLabel),
  };
}

function narrativeOf(dataset: Dataset, rows: readonly CategoryRow[], pollutant: string): string[] {
  const palette = paletteFor(dataset);
  const sentences: string[] = [];
  for (const port of unique(rows.map((r) => r.port)).slice(0, 2)) {
    const own = rows.filter((r) => r.port === port).sort((a, b) => a.pct_change_vs_baseline! - b.pct_change_vs_baseline!);
    const parts = own.map((r) => `${palette.label('category', r.source_category)} ${formatPct(Math.abs(r.pct_change_vs_baseline!))}`);
    const first = own[0]!;
    sentences.push(
      `${palette.label('port', port)} ${pollutant} from ${first.baseline_year} to ${first.year}, by category (largest cut first): ${listWords(parts)} ${own.every((r) => r.pct_change_vs_baseline! <= 0) ? 'lower' : 'change'}.`,
    );
  }
  return sentences;
}

function nativeOf(dataset: Dataset, rows: readonly CategoryRow[], labels: readonly string[], whenBase: string, whenLast: string, rowLabel: (r: CategoryRow) => string): NativeChartData {
  // The picture labels each category with its change: the editable chart's category labels carry it too.
  const change = (l: string) => {
    const pct = rows.find((r) => rowLabel(r) === l)?.pct_change_vs_baseline;
    return pct === undefined || pct === null ? '' : ` (${pct <= 0 ? '−' : '+'}${formatPct(Math.abs(pct))})`;
  };
  return {
    type: 'bar',
    categories: labels.map((l) => `${l}${change(l)}`),
    series: [
      { name: whenBase, values: labels.map((l) => rows.find((r) => rowLabel(r) === l)?.baseline_value ?? null), color: NEUTRAL.light },
      { name: whenLast, values: labels.map((l) => rows.find((r) => rowLabel(r) === l)?.value ?? null), color: NEUTRAL.total },
    ],
    yAxisTitle: unitWordsOf(dataset.codelists.units, rows[0]!.unit).rate,
    numberFormat: '#,##0',
    subtitle: `${unitWordsOf(dataset.codelists.units, rows[0]!.unit).title} in the baseline year (light bar) and the latest inventory year (dark bar) of the same release, with the change`,
  };
}

/** The `category-dumbbell` chart definition. */
export const categoryDumbbell: ChartDefinition = {
  id: 'category-dumbbell',
  description:
    "Each source category's tons in the baseline year and in the latest year of the same release (dumbbell), with the % change, for one pollutant",
  filters: ['port', 'pollutant', 'category', 'baseline', 'from', 'to'],
  build: (dataset, filters) => categoryDumbbellChart(categoryDumbbellChartData(dataset, filters), dataset),
};
