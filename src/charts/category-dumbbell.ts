/**
 * Chart `category-dumbbell`: each source category's tons in the baseline year (ring) and the latest year
 * (disc) of the same release, joined by a line, with the % change.
 */
import { unique } from '../analysis/common.ts';
import type { CategoryRow } from '../analysis/types.ts';
import type { Dataset } from '../ingest/dataset.ts';
import { CATEGORY_CHART_COLUMNS, categoryRows } from './category-shares.ts';
import {
  baselineWords,
  checkChartFilters,
  dataTable,
  baselineFor,
  formatPct,
  formatTons,
  listWords,
  missingChart,
  releaseWords,
  sourceRefsOf,
  vegaLite,
  layersWithData,
  filterWords,
  type Row,
} from './common.ts';
import { chartMsg } from './messages.ts';
import { CHART_SIZE, FONT_SIZE, NEUTRAL, paletteFor, solidHollowScale } from './theme.ts';
import type { BuiltChart, ChartDefinition, ChartFilters, NativeChartData } from './types.ts';
import { unitNotes, unitWordsOf } from '../schema/units.ts';

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

function build(dataset: Dataset, filters: ChartFilters): BuiltChart {
  checkChartFilters(categoryDumbbell, dataset, filters);
  const palette = paletteFor(dataset);
  const baselineId = baselineFor(dataset, filters);
  const { pollutant, rows: all } = categoryRows(dataset, filters);
  const rows = dumbbellRows(all);
  const frameBase = {
    title: `${pollutant ?? 'Emissions'} by source category: baseline and latest year`,
    subtitle: `${unitWordsOf(dataset.codelists.units, rows[0]?.unit).title} in the baseline year (ring) and the latest inventory year (disc) of the same release, with the change`,
    baseline: baselineWords(dataset, baselineId),
  };
  if (rows.length === 0) {
    return missingChart(
      'category-dumbbell',
      { ...frameBase, notes: [], sourceRefs: [], release: '' },
      chartMsg.missingCategories(`the change by source category since the baseline${filterWords(dataset, filters)}`),
      dataTable(CATEGORY_CHART_COLUMNS, []),
    );
  }
  const portCodes = [...dataset.codelists.ports.keys()];
  const categoryCodes = [...dataset.codelists.sourceCategories.keys()];
  rows.sort((a, b) => portCodes.indexOf(a.port) - portCodes.indexOf(b.port) || categoryCodes.indexOf(a.source_category) - categoryCodes.indexOf(b.source_category));
  const ports = portCodes.filter((p) => rows.some((r) => r.port === p));
  const rowLabel = (r: CategoryRow) =>
    ports.length > 1 ? `${palette.label('port', r.port)}: ${palette.label('category', r.source_category)}` : palette.label('category', r.source_category);
  const labels = rows.map(rowLabel);
  const categories = categoryCodes.filter((c) => rows.some((r) => r.source_category === c));
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
  const others = portCodes.filter((p) => dataset.codelists.ports.get(p)?.kind !== 'combined' && !ports.includes(p) && (filters.port === undefined || filters.port === p));
  const gap = others.length === 0 ? undefined : chartMsg.missingCategories(`the change by source category for ${listWords(others.map((p) => palette.label('port', p)))}`);
  if (gap !== undefined) notes.push(`Not in the data: ${gap}.`);
  const title = ports.length === 1 ? `${palette.label('port', ports[0]!)}: ${frameBase.title}` : frameBase.title;
  return {
    id: 'category-dumbbell',
    spec,
    frame: { ...frameBase, title, notes, sourceRefs: sourceRefsOf(rows), release: releaseWords(dataset, rows.map((r) => r.release)) },
    narrative: narrativeOf(dataset, rows, pollutant!),
    data: dataTable(CATEGORY_CHART_COLUMNS, rows.map((r) => ({ ...r, port_label: palette.label('port', r.port), category_label: palette.label('category', r.source_category) }))),
    ...(gap === undefined ? {} : { gap }),
    native: nativeOf(dataset, rows, labels, whenBase, whenLast, rowLabel),
  };
}

function narrativeOf(dataset: Dataset, rows: readonly CategoryRow[], pollutant: string): string {
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
  return sentences.join(' ');
}

function nativeOf(dataset: Dataset, rows: readonly CategoryRow[], labels: readonly string[], whenBase: string, whenLast: string, rowLabel: (r: CategoryRow) => string): NativeChartData {
  return {
    type: 'bar',
    categories: [...labels],
    series: [
      { name: whenBase, values: labels.map((l) => rows.find((r) => rowLabel(r) === l)?.baseline_value ?? null), color: NEUTRAL.light },
      { name: whenLast, values: labels.map((l) => rows.find((r) => rowLabel(r) === l)?.value ?? null), color: NEUTRAL.total },
    ],
    yAxisTitle: unitWordsOf(dataset.codelists.units, rows[0]!.unit).rate,
  };
}

/** The `category-dumbbell` chart definition. */
export const categoryDumbbell: ChartDefinition = {
  id: 'category-dumbbell',
  description:
    "Each source category's tons in the baseline year and in the latest year of the same release (dumbbell), with the % change, for one pollutant",
  filters: ['port', 'pollutant', 'category', 'baseline', 'from', 'to'],
  build,
};
