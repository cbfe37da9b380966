/**
 * Chart `decomposition`: the change in a port's emissions between two years split by additive LMDI into
 * activity (TEU), intensity (tons per TEU) and structure (category mix) effects, as a waterfall ending in
 * the total change; one panel per pollutant.
 */
import { inventoryTonnages, unique } from '../analysis/common.ts';
import { decomposeChange } from '../analysis/decompose.ts';
import { rowsOf, type DecompositionRow } from '../analysis/types.ts';
import { PortEmissionsError } from '../errors.ts';
import type { Dataset } from '../ingest/dataset.ts';
import {
  baselineWords,
  checkChartFilters,
  dataTable,
  baselineFor,
  formatNumber,
  formatTons,
  listWords,
  missingChart,
  panelWidth,
  releaseWords,
  vegaLite,
  roundTo,
  filterWords,
  type Row,
} from './common.ts';
import { chartMsg } from './messages.ts';
import { CHART_SIZE, EFFECT_COLORS, FONT_SIZE, NEUTRAL, paletteFor } from './theme.ts';
import type { BuiltChart, ChartDefinition, ChartFilters, NativeChartData } from './types.ts';
import { unitWordsOf } from '../schema/units.ts';

const EFFECT_WORDS: Record<DecompositionRow['effect'], string> = {
  activity: 'Throughput',
  intensity: 'Intensity',
  structure: 'Category mix',
  total: 'Total',
};
const EFFECTS = ['activity', 'intensity', 'structure', 'total'] as const;
const MAX_PANELS = 3;

/** The decompositions shown: per pollutant of the chosen port, where the total change is computable. */
export function decompositionRows(dataset: Dataset, filters: ChartFilters): DecompositionRow[][] {
  const tonnages = inventoryTonnages(dataset);
  const portCodes = filters.port !== undefined ? [filters.port] : [...dataset.codelists.ports.values()].filter((p) => p.kind !== 'combined').map((p) => p.code);
  const pollutantCodes = filters.pollutant !== undefined ? [filters.pollutant] : [...dataset.codelists.pollutants.keys()];
  for (const port of portCodes) {
    const panels: DecompositionRow[][] = [];
    for (const pollutant of pollutantCodes) {
      const members = dataset.codelists.ports.get(port)?.members ?? [];
      if (!tonnages.some((t) => t.pollutant === pollutant && (t.port === port || members.includes(t.port)))) continue;
      let rows: DecompositionRow[];
      try {
        rows = rowsOf<DecompositionRow>(
          decomposeChange(dataset, { port, pollutant, ...(filters.from === undefined || filters.baseline !== undefined ? { baseline: baselineFor(dataset, filters) } : {}), ...(filters.from === undefined ? {} : { from: filters.from }), ...(filters.to === undefined ? {} : { to: filters.to }) }),
        );
      } catch (error) {
        // A default port or pollutant the decomposition cannot start from is skipped; the user's own choice is reported.
        if (error instanceof PortEmissionsError && filters.port === undefined && filters.pollutant === undefined) continue;
        throw error;
      }
      if (rows.some((r) => r.effect === 'total' && r.value !== null && r.to_year !== r.from_year) && rows.some((r) => r.effect === 'activity' && r.value !== null)) panels.push(rows);
      if (panels.length === MAX_PANELS) break;
    }
    if (panels.length > 0) return panels;
  }
  return [];
}

function build(dataset: Dataset, filters: ChartFilters): BuiltChart {
  checkChartFilters(decomposition, dataset, filters);
  const palette = paletteFor(dataset);
  const panels = decompositionRows(dataset, filters);
  const frameBase = {
    title: 'What drove the change in emissions',
    subtitle: 'Change in tons per year between two years, split by additive LMDI into throughput (TEU), intensity (tons per TEU) and, where categories exist, category-mix effects',
    baseline: filters.from !== undefined && filters.baseline === undefined ? '' : baselineWords(dataset, baselineFor(dataset, filters)),
  };
  const columns = ['port', 'port_label', 'pollutant', 'from_year', 'to_year', 'effect', 'value', 'unit', 'approximate', 'release', 'reason'];
  if (panels.length === 0) {
    return missingChart('decomposition', { ...frameBase, notes: [], sourceRefs: [], release: '' }, chartMsg.missingDecomposition(`a decomposition of the change${filterWords(dataset, filters)}`), dataTable(columns, []));
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
  const gap = structureReasons.length > 0 ? chartMsg.missingTonsByCategory('the structure (category mix) effect') : undefined;
  if (structureReasons.length > 0) notes.push(`${structureReasons.map((r) => r[0]!.toUpperCase() + r.slice(1)).join('; ')}.`);
  const totalNotes = unique(all.filter((r) => r.effect === 'total' && r.reason !== '').map((r) => r.reason));
  notes.push(...totalNotes.map((n) => `${n[0]!.toUpperCase()}${n.slice(1)}.`));
  return {
    id: 'decomposition',
    spec,
    frame: {
      ...frameBase,
      title: `${palette.label('port', port)}: ${frameBase.title[0]!.toLowerCase()}${frameBase.title.slice(1)}`,
      notes,
      sourceRefs: sourceRefsOfDecomposition(dataset, all),
      release: releaseWords(dataset, all.map((r) => r.release)),
    },
    narrative: narrativeOf(dataset, panels),
    data: dataTable(columns, all.map((r) => ({ ...r, port_label: palette.label('port', r.port) }))),
    ...(gap === undefined ? {} : { gap }),
    native: nativeOf(panels, panelLabel, unit),
  };
}

function round(value: number): number {
  return roundTo(value, 3);
}

/** The sources of the tonnages and TEU figures behind the decompositions. */
function sourceRefsOfDecomposition(dataset: Dataset, rows: readonly DecompositionRow[]): string[] {
  const refs: string[] = [];
  for (const key of unique(rows.map((r) => `${r.port}\u0000${r.pollutant}\u0000${r.from_year}\u0000${r.to_year}\u0000${r.release ?? ''}`))) {
    const [port, pollutant, from, to, release] = key.split('\u0000') as [string, string, string, string, string];
    const releases = release.split('+');
    const members = dataset.codelists.ports.get(port)?.members ?? [];
    const ports = [port, ...members];
    for (const e of dataset.records.emissions) {
      if (ports.includes(e.port) && e.pollutant === pollutant && releases.includes(e.release) && (e.year === Number(from) || e.year === Number(to))) refs.push(...e.source_ref);
    }
    for (const t of dataset.records.throughput) {
      if (ports.includes(t.port) && (t.year === Number(from) || t.year === Number(to))) refs.push(...t.source_ref);
    }
  }
  return unique(refs);
}

function narrativeOf(dataset: Dataset, panels: readonly DecompositionRow[][]): string {
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
  return sentences.join(' ');
}

function nativeOf(panels: readonly DecompositionRow[][], panelLabel: (rows: readonly DecompositionRow[]) => string, unit: string): NativeChartData | undefined {
  if (panels.length !== 1) return undefined;
  const rows = panels[0]!;
  const shown = EFFECTS.filter((e) => rows.some((r) => r.effect === e && r.value !== null));
  return {
    type: 'bar',
    categories: shown.map((e) => EFFECT_WORDS[e]),
    series: [{ name: panelLabel(rows), values: shown.map((e) => Number(formatNumber(rows.find((r) => r.effect === e)!.value!, 1).replace(/,/g, ''))), color: EFFECT_COLORS.total }],
    yAxisTitle: `change, ${unit}`,
  };
}

/** The `decomposition` chart definition. */
export const decomposition: ChartDefinition = {
  id: 'decomposition',
  description:
    "Waterfall of the change in a port's tons between two years (default: the baseline year and the latest of the same release): activity (TEU), intensity (tons per TEU) and structure (category mix) effects by additive LMDI, then the total; one panel per pollutant",
  filters: ['port', 'pollutant', 'baseline', 'from', 'to'],
  build,
};
