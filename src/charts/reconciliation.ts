/**
 * Chart `reconciliation`: every published percent change that can be recomputed from the tonnages, the
 * published figure (ring) beside the recomputed one (disc coloured by status: agrees within the published
 * rounding, or differs), one row each. Published tons reduced since a baseline are reconciled too, but in
 * tons: they stay off the percent axis, and a note and the narrative give their count (the data table
 * holds every row).
 */
import { reconcileChartData, type ReconcileChartData } from '../analysis/chart-data/reconcile.ts';
import { unique } from '../analysis/common.ts';
import { normalisationOf } from '../analysis/normalisations.ts';
import type { ReconcileRow } from '../analysis/types.ts';
import type { Dataset } from '../ingest/dataset.ts';
import {
  findingTitle,
  formatNumber,
  formatPublished,
  frameSources,
  missingChart,
  recordsTable,
  vegaLite,
  layersWithData,
  roundTo,
  type Row,
  narration,
} from './common.ts';
import { gapWords } from './messages.ts';
import { CHART_SIZE, FONT_SIZE, NEUTRAL, STATUS_COLORS, paletteFor, solidHollowScale } from './theme.ts';
import type { BuiltChart, ChartDefinition } from './types.ts';

const STATUS_WORDS = { agrees: 'agrees (within the published rounding)', differs: 'differs', not_computable: 'not computable' } as const;

/** What a published change is relative to, in words: "vs 2005", "vs prior year". */
function relativeWords(dataset: Dataset, row: ReconcileRow): string {
  if (row.relative_to === 'prior_year') return 'vs prior year';
  if (/^\d{4}$/.test(row.relative_to)) return `vs ${row.relative_to}`;
  const years = unique(dataset.records.baselines.filter((b) => b.baseline_id === row.relative_to && (b.port === row.port || b.port === 'all')).map((b) => b.year));
  return years.length === 1 ? `vs ${years[0]}` : `vs ${row.relative_to}`;
}

/** The row label: "POLA 2012 DPM vs 2005", "... per 10,000 TEU" for intensity figures. */
function rowLabel(dataset: Dataset, row: ReconcileRow): string {
  const category = row.source_category === 'all' ? '' : ` ${paletteFor(dataset).label('category', row.source_category)}`;
  const metric = row.metric === 'absolute' ? '' : ` ${normalisationOf(dataset, row.metric)?.label ?? row.metric}`;
  return `${row.port} ${row.year} ${row.pollutant}${category}${metric} ${relativeWords(dataset, row)}`;
}

/** "green agrees within the published rounding, vermillion differs": the status colours drawn, in words. */
function statusColourWords(statuses: readonly ('agrees' | 'differs')[]): string {
  const words = { agrees: 'agrees within the published rounding', differs: 'differs' } as const;
  const colour = { agrees: 'green', differs: 'vermillion' } as const;
  return statuses.map((st) => `${colour[st]} ${words[st]}`).join(', ');
}

/** The reconciliation chart (spec, frame, narrative, data; the deck uses the picture) drawn from its chart data. */
export function reconcileChart(data: ReconcileChartData, dataset: Dataset): BuiltChart {
  const rows = data.shown;
  const tonsNote = tonsNoteOf(data.tons);
  const frameBase = {
    title: findingTitle(data.missing === null ? reconcileFinding(rows) : null, 'Do the published percentages add up?'),
    // The colours named are the statuses drawn, from the same field as the colour scale.
    subtitle: `Each published % change (ring) beside the same change recomputed here from the tonnages (disc)${data.statuses.length === 0 ? '' : `: ${statusColourWords(data.statuses)}`}`,
    baseline: '',
  };
  const table = recordsTable(data, dataset);
  if (data.missing !== null) {
    return {
      ...missingChart('reconciliation', { ...frameBase, notes: tonsNote === undefined ? [] : [tonsNote], sourceRefs: [], release: '' }, gapWords(data.missing), table),
      chartData: data,
    };
  }
  // The same label twice (two sources for one figure) gets its source code to stay a row of its own.
  const labels = rows.map((r) => rowLabel(dataset, r));
  const seen = new Map<string, number>();
  for (const l of labels) seen.set(l, (seen.get(l) ?? 0) + 1);
  const uniqueLabels = rows.map((r, i) => ((seen.get(labels[i]!) ?? 0) > 1 ? `${labels[i]} (${r.source_ref[0] ?? ''})` : labels[i]!));
  const statuses = data.statuses;
  const values: Row[] = rows.flatMap((r, i): Row[] => [
    { row: uniqueLabels[i]!, layer: 'segment', from: r.published, to: r.computed!, status: STATUS_WORDS[r.status] },
    { row: uniqueLabels[i]!, layer: 'point', which: 'published', value: r.published, status: STATUS_WORDS[r.status] },
    { row: uniqueLabels[i]!, layer: 'point', which: 'recomputed', value: roundTo(r.computed!, 2), status: STATUS_WORDS[r.status] },
    {
      row: uniqueLabels[i]!,
      layer: 'label',
      at: Math.max(r.published, r.computed!),
      label: `${formatPublished(r.published)}% vs ${formatNumber(r.computed!, 1)}% (${r.difference_pts! >= 0 ? '+' : '−'}${formatNumber(Math.abs(r.difference_pts!), 1)} pts)`,
    },
  ]);
  const min = Math.min(...rows.flatMap((r) => [r.published, r.computed!]));
  const max = Math.max(...rows.flatMap((r) => [r.published, r.computed!]));
  const span = max - min;
  const x = { type: 'quantitative', title: '% change (negative = reduction)', scale: { domain: [Math.floor((min - 2) / 10) * 10, Math.ceil((max + span * 0.45) / 10) * 10], nice: false } };
  const rowStep = Math.max(14, Math.min(24, Math.floor((CHART_SIZE.height + 120) / rows.length)));
  const y = { field: 'row', type: 'nominal', title: null, sort: uniqueLabels, scale: { domain: uniqueLabels }, axis: { labelLimit: 300, labelFontSize: FONT_SIZE.small } };
  const colorScale = { domain: statuses.map((s) => STATUS_WORDS[s]), range: statuses.map((s) => STATUS_COLORS[s]) };
  const layerOf = (name: string) => [{ filter: { field: 'layer', equal: name } }];
  const spec = vegaLite({
    data: { values },
    width: CHART_SIZE.width - 330,
    height: { step: rowStep },
    layer: layersWithData(values, [
      { mark: { type: 'rule', color: NEUTRAL.light }, encoding: { x: { datum: 0, type: 'quantitative' } } },
      {
        transform: layerOf('segment'),
        mark: { type: 'rule', strokeWidth: 2 },
        encoding: { y, x: { ...x, field: 'from' }, x2: { field: 'to' }, color: { field: 'status', type: 'nominal', title: null, scale: colorScale, legend: { orient: 'top', symbolType: 'circle' } } },
      },
      {
        transform: layerOf('point'),
        mark: { type: 'point', filled: true, size: 70, opacity: 1 },
        encoding: {
          y,
          x: { ...x, field: 'value' },
          color: { field: 'status', type: 'nominal', title: null, scale: colorScale, legend: { orient: 'top', symbolType: 'circle' } },
          shape: { field: 'which', type: 'nominal', title: null, scale: solidHollowScale('recomputed', 'published'), legend: { orient: 'top', symbolFillColor: NEUTRAL.text, symbolStrokeColor: NEUTRAL.text, symbolOpacity: 1 } },
        },
      },
      {
        transform: layerOf('label'),
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 10, fontSize: FONT_SIZE.small, color: NEUTRAL.text },
        encoding: { y, x: { ...x, field: 'at' }, text: { field: 'label', type: 'nominal' } },
      },
    ]),
  });
  const notCount = data.notComputable;
  const notes = [
    'Agrees: within half a unit of the published figure\'s last digit (it was rounded to that digit). Differs: the data table gives the likely cause (a restated baseline, another release, rounded TEU, per-TEU vs absolute).',
  ];
  if (notCount > 0) notes.push(`${notCount} other published change${notCount === 1 ? ' is' : 's are'} not computable from the dataset's tonnages (the data table says what is missing).`);
  if (tonsNote !== undefined) notes.push(tonsNote);
  const tonsComputed = data.tons.filter((r) => r.computed !== null);
  return {
    id: 'reconciliation',
    spec,
    frame: {
      ...frameBase,
      notes,
      ...frameSources(dataset, data),
    },
    ...narration([...narrativeOf(dataset, rows), tonsNarrativeOf(tonsComputed)]),
    data: table,
    chartData: data,
    // PowerPoint colours a bar series as one: the picture's colour of each change by its status cannot be kept.
    pictureReason: 'PowerPoint colours each bar series in one colour, so the picture’s colours by status (agrees, differs) need the picture.',
  };
}

/**
 * The finding of the chart, from the rows drawn: how many published % changes the tonnages reproduce within
 * the published rounding, and the largest gap, e.g. "13 of 30 published % changes match the tonnages within
 * rounding; 17 differ, by up to 13.8 points". Null without a row.
 */
export function reconcileFinding(rows: readonly ReconcileRow[]): string | null {
  if (rows.length === 0) return null;
  const agrees = rows.filter((r) => r.status === 'agrees').length;
  const differs = rows.filter((r) => r.status === 'differs' && r.difference_pts !== null);
  const head = `${agrees} of ${rows.length} published % changes ${agrees === 1 ? 'matches' : 'match'} the tonnages within rounding`;
  if (differs.length === 0) return head;
  const largest = Math.max(...differs.map((r) => Math.abs(r.difference_pts!)));
  return `${head}; ${differs.length} ${differs.length === 1 ? 'differs' : 'differ'}, by up to ${formatNumber(largest, 1)} points`;
}

function narrativeOf(dataset: Dataset, rows: readonly ReconcileRow[]): string[] {
  const agrees = rows.filter((r) => r.status === 'agrees').length;
  const differs = rows.filter((r) => r.status === 'differs');
  const sentences = [
    `Of ${rows.length} published percent changes that can be recomputed from the tonnages, ${agrees} ${agrees === 1 ? 'agrees' : 'agree'} within the published rounding and ${differs.length} ${differs.length === 1 ? 'differs' : 'differ'}.`,
  ];
  const worst = [...differs].sort((a, b) => Math.abs(b.difference_pts!) - Math.abs(a.difference_pts!))[0];
  if (worst) {
    const cause = worst.cause.split(';')[0]!.replace(/\s*\(.*$/, '');
    sentences.push(
      `The largest gap is ${rowLabel(dataset, worst)}: ${formatPublished(worst.published)}% published, ${formatNumber(worst.computed!, 1)}% recomputed (${cause}).`,
    );
  }
  return sentences;
}

/** The note on tons reduced ("Not plotted (tons, not %): 5 published figures ...; 3 agree ..."); undefined without any. */
function tonsNoteOf(rows: readonly ReconcileRow[]): string | undefined {
  if (rows.length === 0) return undefined;
  const count = (status: ReconcileRow['status']) => rows.filter((r) => r.status === status).length;
  const parts = [
    count('agrees') > 0 ? `${count('agrees')} agree${count('agrees') === 1 ? 's' : ''} within half a unit of the published last digit (0.5 t for whole tons)` : '',
    count('differs') > 0 ? `${count('differs')} differ${count('differs') === 1 ? 's' : ''}` : '',
    count('not_computable') > 0 ? `${count('not_computable')} ${count('not_computable') === 1 ? 'is' : 'are'} not computable` : '',
  ].filter((p) => p !== '');
  return `Not plotted (tons, not %): ${rows.length} published figure${rows.length === 1 ? '' : 's'} of tons reduced since the baseline, compared with the baseline-year tonnage minus that year's; ${parts.join(', ')} (see the data table).`;
}

/** The narrative sentence on tons reduced that could be recomputed; empty without any. */
function tonsNarrativeOf(rows: readonly ReconcileRow[]): string {
  if (rows.length === 0) return '';
  const agrees = rows.filter((r) => r.status === 'agrees').length;
  const differs = rows.length - agrees;
  const figures = rows.length === 1 ? 'figure' : 'figures';
  return `Of ${rows.length} published ${figures} of tons reduced since the baseline that can be recomputed (baseline-year tonnage minus that year's), ${agrees} ${agrees === 1 ? 'agrees' : 'agree'} within the published rounding and ${differs} ${differs === 1 ? 'differs' : 'differ'}.`;
}

/** The `reconciliation` chart definition. */
export const reconciliation: ChartDefinition = {
  id: 'reconciliation',
  description:
    'Every published % change that can be recomputed from the tonnages: published (ring) beside recomputed (disc), coloured agrees/differs; the option baseline keeps only the changes against that baseline',
  filters: ['port', 'pollutant', 'category', 'baseline', 'from', 'to'],
  build: (dataset, filters) => reconcileChart(reconcileChartData(dataset, filters), dataset),
};
