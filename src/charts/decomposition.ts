/**
 * Chart `decomposition`: the change in a port's emissions between two years split by additive LMDI into
 * activity (TEU), intensity (tons per TEU) and structure (category mix) effects, as a waterfall ending in
 * the total change; one panel per pollutant.
 */
import { decompositionChartData, type DecompositionChartData } from '../analysis/chart-data/decomposition.ts';
import { unique } from '../analysis/common.ts';
import type { DecompositionRow } from '../analysis/types.ts';
import type { Dataset } from '../ingest/dataset.ts';
import {
  findingTitle,
  formatTons,
  listWords,
  frameSources,
  missingChart,
  recordsTable,
  panelWidth,
  vegaLite,
  roundTo,
  type Row,
  narration,
} from './common.ts';
import { gapWords } from './messages.ts';
import { CHART_SIZE, EFFECT_COLORS, FONT_SIZE, NEUTRAL, paletteFor } from './theme.ts';
import type { BuiltChart, ChartDefinition } from './types.ts';
import { unitWordsOf } from '../schema/units.ts';

export { decompositionRows } from '../analysis/chart-data/decomposition.ts';

const EFFECT_WORDS: Record<DecompositionRow['effect'], string> = {
  activity: 'Throughput',
  intensity: 'Intensity',
  structure: 'Category mix',
  total: 'Total',
};
const EFFECTS = ['activity', 'intensity', 'structure', 'total'] as const;

/** The decomposition chart (spec, frame, narrative, data; the deck uses the picture) drawn from its chart data. */
export function decompositionChart(data: DecompositionChartData, dataset: Dataset): BuiltChart {
  const palette = paletteFor(dataset);
  const panels = data.decompositions;
  const frameBase = {
    title: findingTitle(data.missing === null ? decompositionFinding(dataset, data.decompositions) : null, 'What drove the change in emissions'),
    subtitle: 'Change in tons per year between two years, split by additive LMDI into throughput (TEU), intensity (tons per TEU) and, where categories exist, category-mix effects',
    baseline: data.baseline?.words ?? '',
  };
  const table = recordsTable(data, dataset);
  if (data.missing !== null) {
    return { ...missingChart('decomposition', { ...frameBase, notes: [], sourceRefs: [], release: '' }, gapWords(data.missing), table), chartData: data };
  }
  const all = panels.flat();
  const port = all[0]!.port;
  const panelLabel = (rows: readonly DecompositionRow[]) => `${rows[0]!.pollutant}, ${rows[0]!.from_year}-${rows[0]!.to_year}`;
  const effects = EFFECTS.filter((e) => all.some((r) => r.effect === e && r.value !== null));
  const effectOrder = effects.map((e) => EFFECT_WORDS[e]);
  const values: Row[] = panels.flatMap((rows) => {
    let running = 0;
    return EFFECTS.flatMap((effect) => {
      const row = rows.find((r) => r.effect === effect);
      if (!row || row.value === null) return [];
      const start = effect === 'total' ? 0 : running;
      const end = effect === 'total' ? row.value : running + row.value;
      if (effect !== 'total') running = end;
      return [
        {
          panel: panelLabel(rows),
          effect: EFFECT_WORDS[effect],
          start: round(start),
          end: round(end),
          label: `${row.value > 0 ? '+' : row.value < 0 ? '−' : ''}${formatTons(Math.abs(row.value))}`,
          label_at: round(row.value >= 0 ? Math.max(start, end) : Math.min(start, end)),
          up: row.value >= 0,
        },
      ];
    });
  });
  // Each panel has its own y axis (independent scales), so each needs its own room for one.
  const width = panelWidth(panels.length, { spacing: 30, axis: 70 * panels.length });
  const x = { field: 'effect', type: 'nominal', title: null, sort: effectOrder, scale: { domain: effectOrder }, axis: { labelAngle: 0, labelOverlap: false, labelFontSize: FONT_SIZE.annotation } };
  const unit = dataset.codelists.units.get(all[0]!.unit)?.label ?? all[0]!.unit;
  const spec = vegaLite({
    data: { values },
    facet: { column: { field: 'panel', type: 'nominal', title: null, sort: panels.map(panelLabel) } },
    spacing: 30,
    resolve: { scale: { y: 'independent' } },
    spec: {
      width,
      height: CHART_SIZE.height - 90,
      layer: [
        { mark: { type: 'rule', color: NEUTRAL.axis }, encoding: { y: { datum: 0, type: 'quantitative' } } },
        {
          mark: { type: 'bar', width: { band: 0.6 } },
          encoding: {
            x,
            y: { field: 'start', type: 'quantitative', title: null, axis: { format: ',d' } },
            y2: { field: 'end' },
            color: {
              field: 'effect',
              type: 'nominal',
              title: null,
              scale: { domain: effectOrder, range: effects.map((e) => EFFECT_COLORS[e]) },
              legend: null,
            },
          },
        },
        {
          transform: [{ filter: 'datum.up' }],
          mark: { type: 'text', baseline: 'bottom', dy: -3, fontSize: FONT_SIZE.annotation, color: NEUTRAL.text },
          encoding: { x, y: { field: 'label_at', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } },
        },
        {
          transform: [{ filter: '!datum.up' }],
          mark: { type: 'text', baseline: 'top', dy: 3, fontSize: FONT_SIZE.annotation, color: NEUTRAL.text },
          encoding: { x, y: { field: 'label_at', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } },
        },
      ],
    },
  });
  const notes = [
    'Each bar starts where the previous one ended; the effects add up exactly to the total change (additive LMDI, Ang 2004). Throughput: what the change in TEU alone would have done; intensity: what the change in tons per TEU did.',
  ];
  const approximate = all.some((r) => r.approximate);
  if (approximate) notes.push('Approximate: a TEU figure used is rounded or derived.');
  const structureReasons = unique(all.filter((r) => r.effect === 'structure' && r.value === null && r.reason !== '').map((r) => r.reason));
  const gap = data.gaps.length === 0 ? undefined : gapWords(data.gaps[0]!);
  if (structureReasons.length > 0) notes.push(`${structureReasons.map((r) => r[0]!.toUpperCase() + r.slice(1)).join('; ')}.`);
  const totalNotes = unique(all.filter((r) => r.effect === 'total' && r.reason !== '').map((r) => r.reason));
  notes.push(...totalNotes.map((n) => `${n[0]!.toUpperCase()}${n.slice(1)}.`));
  return {
    id: 'decomposition',
    spec,
    frame: {
      ...frameBase,
      // A finding names its port; the descriptive title gets the port in front.
      title: decompositionFinding(dataset, data.decompositions) !== null ? frameBase.title : `${palette.label('port', port)}: ${frameBase.title[0]!.toLowerCase()}${frameBase.title.slice(1)}`,
      notes,
      ...frameSources(dataset, data),
    },
    ...narration(narrativeOf(dataset, panels)),
    data: table,
    chartData: data,
    ...(gap === undefined ? {} : { gap }),
    pictureReason: 'The picture is a waterfall (each effect starts where the previous one ended), which PowerPoint’s editable column charts cannot draw, so the slide shows the picture.',
  };
}

function round(value: number): number {
  return roundTo(value, 3);
}

/**
 * The finding of the chart, from its first panel: the change in tons and the effect that drove most of it,
 * e.g. "Port of Los Angeles DPM fell by 706 tons a year from 2005 to 2012, mostly from lower tons per TEU".
 * Null without a total.
 */
export function decompositionFinding(dataset: Dataset, panels: readonly DecompositionRow[][]): string | null {
  const rows = panels[0];
  const total = rows?.find((r) => r.effect === 'total')?.value ?? null;
  if (rows === undefined || total === null) return null;
  const r = rows[0]!;
  const mass = unitWordsOf(dataset.codelists.units, r.unit).mass;
  const head = `${paletteFor(dataset).label('port', r.port)} ${r.pollutant} ${total < 0 ? 'fell' : 'rose'} by ${formatTons(Math.abs(total))} ${mass} a year from ${r.from_year} to ${r.to_year}`;
  const effects = rows.filter((e) => e.effect !== 'total' && e.value !== null).sort((a, b) => Math.abs(b.value!) - Math.abs(a.value!));
  const main = effects[0];
  if (main === undefined || Math.sign(main.value!) !== Math.sign(total)) return head;
  const others = effects.slice(1).reduce((sum, e) => sum + Math.abs(e.value!), 0);
  const words = { activity: `${main.value! >= 0 ? 'higher' : 'lower'} throughput`, intensity: `${main.value! >= 0 ? 'higher' : 'lower'} tons per TEU`, structure: 'the change in category mix', total: '' }[main.effect];
  return `${head}, ${Math.abs(main.value!) > others ? 'mostly from' : 'the largest part from'} ${words}`;
}

function narrativeOf(dataset: Dataset, panels: readonly DecompositionRow[][]): string[] {
  const palette = paletteFor(dataset);
  const sentences: string[] = [];
  for (const rows of panels.slice(0, 2)) {
    const get = (e: DecompositionRow['effect']) => rows.find((r) => r.effect === e)?.value ?? null;
    const total = get('total')!;
    const activity = get('activity');
    const intensity = get('intensity');
    const structure = get('structure');
    const r = rows[0]!;
    const signed = (v: number) => `${v >= 0 ? '+' : '−'}${formatTons(Math.abs(v))}`;
    const parts = [
      activity === null ? '' : `more or less throughput ${signed(activity)}`,
      intensity === null ? '' : `tons per TEU ${signed(intensity)}`,
      structure === null ? '' : `category mix ${signed(structure)}`,
    ].filter((p) => p !== '');
    sentences.push(
      `${palette.label('port', r.port)} ${r.pollutant} changed by ${signed(total)} ${unitWordsOf(dataset.codelists.units, r.unit).mass} a year from ${r.from_year} to ${r.to_year}: ${listWords(parts)}${r.approximate ? ' (approximate: a TEU figure is rounded or derived)' : ''}.`.replace(
        'more or less throughput',
        activity !== null && activity >= 0 ? 'higher throughput' : 'lower throughput',
      ),
    );
  }
  return sentences;
}

/** The `decomposition` chart definition. */
export const decomposition: ChartDefinition = {
  id: 'decomposition',
  description:
    "Waterfall of the change in a port's tons between two years (default: the baseline year and the latest of the same release): activity (TEU), intensity (tons per TEU) and structure (category mix) effects by additive LMDI, then the total; one panel per pollutant",
  filters: ['port', 'pollutant', 'baseline', 'from', 'to'],
  build: (dataset, filters) => decompositionChart(decompositionChartData(dataset, filters), dataset),
};
