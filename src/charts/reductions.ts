/**
 * Chart `reductions`, a view of its chart data (analysis/chart-data/reductions.ts): % below a baseline by
 * pollutant (one panel each) and port over the years, computed from tonnages where the dataset has them and
 * otherwise the percentage as published, with the reduction targets drawn as lines and the year each was met.
 */
import {
  MAX_REDUCTION_PANELS,
  programmeName,
  reductionsChartData,
  targetLineLabel,
  type ReductionRecord,
  type ReductionsChartData,
  type TargetLine,
} from '../analysis/chart-data/reductions.ts';
import { unique } from '../analysis/common.ts';
import type { Dataset } from '../ingest/dataset.ts';
import {
  formatPct,
  layersWithData,
  listWords,
  frameSources,
  missingChart,
  recordsTable,
  panelWidth,
  releaseWords,
  roundTo,
  filterWords,
  vegaLite,
  yearTicks,
  type Row,
} from './common.ts';
import { deckScatter, fittedPercentAxis } from './deck-view.ts';
import { chartMsg, gapWords } from './messages.ts';
import { CHART_SIZE, FONT_SIZE, NEUTRAL, paletteFor, solidHollowScale, type ChartPalette } from './theme.ts';
import type { BuiltChart, ChartDefinition, ChartFilters, NativeChartData } from './types.ts';

export { programmeName, reductionRecords, type ReductionRecord } from '../analysis/chart-data/reductions.ts';

/** A point's reduction as the chart plots it: % below the baseline (positive = lower than the baseline). */
function below(p: ReductionRecord): number {
  return 0 - p.pct_change;
}

/** Whether every point of a port from `year` on is at or above `value` (met continuously since). */
function metSince(points: readonly ReductionRecord[], year: number, value: number): boolean {
  return points.filter((p) => p.year >= year).every((p) => below(p) >= value);
}

function narrativeOf(dataset: Dataset, points: readonly ReductionRecord[], pollutants: readonly string[], ports: readonly string[], lines: readonly TargetLine[], baselineText: string): string {
  const palette = paletteFor(dataset);
  const main = pollutants[0]!;
  const sentences: string[] = [];
  const latest = (port: string, pollutant: string) => points.filter((p) => p.port === port && p.pollutant === pollutant).sort((a, b) => b.year - a.year)[0];
  const describe = (p: ReductionRecord) => `${formatPct(Math.abs(p.pct_change))} ${p.pct_change <= 0 ? 'below' : 'above'}`;
  const memberPorts = ports.filter((p) => dataset.codelists.ports.get(p)?.kind !== 'combined');
  const shownPorts = (memberPorts.length > 0 ? memberPorts : ports).filter((p) => latest(p, main) !== undefined);
  const parts = shownPorts.map((port, i) => {
    const p = latest(port, main)!;
    const evidence = p.evidence === 'published' ? 'published' : 'computed from tonnages';
    return i === 0
      ? `${palette.label('port', port)} ${main} was ${describe(p)} ${baselineText} in ${p.year} (${evidence})`
      : `${palette.label('port', port)} ${main} ${describe(p)} in ${p.year} (${evidence})`;
  });
  if (parts.length > 0) sentences.push(`${listWords(parts)}.`);

  const mainLines = lines.filter((l) => l.pollutant === main).sort((a, b) => (b.target_year ?? 0) - (a.target_year ?? 0));
  const line = mainLines[0];
  if (line) {
    const value = line.values.at(-1)!;
    const name = `the ${line.target_year ?? ''} ${programmeName(line.programme)} target of ${line.values.map(String).join('/')}%`.replace('the  ', 'the ');
    const byPort = shownPorts.filter((p) => line.met.has(p)).map((port) => {
      const year = line.met.get(port) ?? null;
      const series = points.filter((p) => p.port === port && p.pollutant === main);
      if (year === null) return { port, words: 'not met' };
      return { port, words: metSince(series, year, value) ? `met since ${year}` : `first met in ${year}` };
    });
    const same = unique(byPort.map((b) => b.words));
    if (byPort.length > 0 && same.length === 1) {
      const who = byPort.length === 1 ? ` by ${palette.label('port', byPort[0]!.port)}` : byPort.length === 2 ? ' by both ports' : ' by every port shown';
      const verb = same[0] === 'not met' ? 'has not been met' : same[0]!.startsWith('met since') ? `has been ${same[0]}` : `was ${same[0]}`;
      sentences.push(`${name[0]!.toUpperCase()}${name.slice(1)} ${verb}${who}.`);
    } else if (byPort.length > 0) {
      sentences.push(`${name[0]!.toUpperCase()}${name.slice(1)}: ${byPort.map((b) => `${palette.label('port', b.port)} ${b.words}`).join('; ')}.`);
    }
  }

  const first = shownPorts[0];
  if (first !== undefined && pollutants.length > 1) {
    const others = pollutants.slice(1).map((pollutant) => ({ pollutant, p: latest(first, pollutant) })).filter((o) => o.p !== undefined);
    if (others.length > 0) {
      const years = unique(others.map((o) => o.p!.year));
      const text = others.map((o) => `${o.pollutant} ${describe(o.p!)}${years.length > 1 ? ` (${o.p!.year})` : ''}`);
      sentences.push(`${palette.label('port', first)}: ${listWords(text)}${years.length === 1 ? ` in ${years[0]}` : ''}.`);
    }
  }
  return sentences.slice(0, 3).join(' ');
}

/** The words the frame uses for the baseline: "the 2005 baseline", else "the <label>". */
function baselineText(data: ReductionsChartData): string {
  const baseline = data.baseline!;
  return baseline.year === null ? `the ${baseline.words}` : `the ${baseline.year} baseline`;
}

/** The reductions chart (spec, frame, narrative, data, deck chart) drawn from its chart data. */
export function reductionsChart(data: ReductionsChartData, dataset: Dataset): BuiltChart {
  const palette = paletteFor(dataset);
  const category = data.options.category ?? 'all';
  const baseline = data.baseline!;
  const categoryText = category === 'all' ? '' : `, ${palette.label('category', category)}`;
  const frameBase = {
    title: `Emissions reductions against ${baselineText(data)}`,
    subtitle: `% below ${baseline.words}${categoryText}, by pollutant and port`,
    baseline: baseline.words,
  };
  const table = recordsTable(data, dataset);
  if (data.missing !== null) {
    return { ...missingChart('reductions', { ...frameBase, notes: [], sourceRefs: [], release: '' }, gapWords({ ...data.missing, missing: data.missing.missing + filterWords(dataset, data.options) }), table), chartData: data };
  }
  const points = data.records;
  const pollutants = data.panels;
  const ports = unique(data.series.map((s) => s.code)).sort((a, b) => portIndex(dataset, a) - portIndex(dataset, b));
  const lines = data.targetLines;
  const spec = reductionsSpec(data, palette, ports);
  const notes: string[] = [chartMsg.publishedVsComputed];
  const conflicts = lines.filter((l) => l.conflicting);
  if (conflicts.length > 0) {
    notes.push('* ' + chartMsg.conflictingTargets(conflicts.map((l) => `${l.pollutant} ${l.target_year ?? ''} ${l.values.join('/')}%`.replace('  ', ' ')).join(', ')));
  }
  if (lines.length > 0) notes.push(`Dashed lines: ${unique(lines.map((l) => programmeName(l.programme))).join(', ')} targets; "met" is the first year a port's figure reached the strictest value.`);
  if (data.leftOut.length > 0) notes.push(`Not shown (choose one with the pollutant option): ${data.leftOut.join(', ')}.`);


  return {
    id: 'reductions',
    spec,
    frame: {
      ...frameBase,
      notes,
      ...frameSources(dataset, data),
    },
    narrative: narrativeOf(dataset, points, pollutants, ports, lines, baselineText(data)),
    data: table,
    ...deckView(data, palette, ports),
    chartData: data,
  };
}

function portIndex(dataset: Dataset, code: string): number {
  return [...dataset.codelists.ports.keys()].indexOf(code);
}

function reductionsSpec(data: ReductionsChartData, palette: ChartPalette, ports: readonly string[]): ReturnType<typeof vegaLite> {
  const points = data.records;
  const pollutants = data.panels;
  const lines = data.targetLines;
  const year = data.baseline!.year ?? undefined;
  const pollutantLabel = (code: string) => {
    const label = palette.label('pollutant', code);
    return pollutants.length <= 3 && label !== code ? `${label} (${code})` : code;
  };
  const pointRows: Row[] = points.map((p) => ({
    layer: 'point',
    panel: pollutantLabel(p.pollutant),
    port: palette.label('port', p.port),
    year: p.year,
    reduction_pct: roundTo(below(p), 2),
    evidence: p.evidence === 'published' ? 'published figure' : p.evidence,
  }));
  // The targets' key sits in the panel's lower right, where rising reductions leave room.
  const plotHeight = CHART_SIZE.height - 90;
  const lineRows: Row[] = [];
  for (const pollutant of pollutants) {
    const own = lines.filter((l) => l.pollutant === pollutant).sort((a, b) => Math.max(...b.values) - Math.max(...a.values));
    own.forEach((line, i) => {
      for (const value of line.values) lineRows.push({ layer: 'rule', panel: pollutantLabel(pollutant), target_pct: value });
      lineRows.push({ layer: 'label', panel: pollutantLabel(pollutant), key_y: plotHeight - 8 - (own.length - 1 - i) * 14, label: targetLineLabel(line) });
    });
  }
  const years = points.map((p) => p.year);
  const minYear = Math.min(...years);
  const maxYear = Math.max(...years);
  const yMin = Math.min(0, ...points.map(below));
  const portLabels = ports.map((p) => palette.label('port', p));
  const panels = pollutants.map(pollutantLabel);
  const spacing = 24;
  const width = panelWidth(panels.length, { spacing });
  const x = {
    field: 'year',
    type: 'quantitative',
    title: null,
    scale: { domain: [minYear, maxYear], nice: false, zero: false },
    axis: { format: 'd', values: yearTicks(minYear, maxYear) },
  };
  const y = {
    field: 'reduction_pct',
    type: 'quantitative',
    title: `% below ${year ?? 'baseline'}`,
    scale: { domain: [Math.floor(yMin / 10) * 10, 100], nice: false },
    axis: { tickCount: 6 },
  };
  const color = { field: 'port', type: 'nominal', title: null, scale: { domain: portLabels, range: ports.map((p) => palette.color('port', p)) }, legend: { orient: 'top' } };
  const values = [...pointRows, ...lineRows];
  const spec = vegaLite({
    data: { values },
    facet: { column: { field: 'panel', type: 'nominal', title: null, sort: panels, header: { labelFontSize: FONT_SIZE.header } } },
    spacing,
    resolve: { scale: { y: 'shared', x: 'shared' } },
    spec: {
      width,
      height: plotHeight,
      layer: layersWithData(values, [
        {
          transform: [{ filter: { field: 'layer', equal: 'rule' } }],
          mark: { type: 'rule', strokeDash: [5, 4], strokeWidth: 1.2, color: NEUTRAL.muted },
          encoding: { y: { field: 'target_pct', type: 'quantitative' } },
        },
        {
          transform: [{ filter: { field: 'layer', equal: 'label' } }],
          mark: { type: 'text', align: 'right', baseline: 'bottom', dx: -2, fontSize: FONT_SIZE.small, color: NEUTRAL.text, limit: width - 4 },
          encoding: { x: { value: width }, y: { field: 'key_y', type: 'quantitative', scale: null }, text: { field: 'label', type: 'nominal' } },
        },
        {
          transform: [{ filter: { field: 'layer', equal: 'point' } }],
          mark: { type: 'line', strokeWidth: 2 },
          encoding: { x, y, color, detail: { field: 'port', type: 'nominal' }, order: { field: 'year', type: 'quantitative' } },
        },
        {
          transform: [{ filter: { field: 'layer', equal: 'point' } }],
          mark: { type: 'point', filled: true, size: 52, opacity: 1 },
          encoding: {
            x,
            y,
            color,
            shape: {
              field: 'evidence',
              type: 'nominal',
              title: null,
              scale: solidHollowScale('computed from tonnages', 'published figure'),
              legend: { orient: 'bottom', symbolFillColor: NEUTRAL.text, symbolStrokeColor: NEUTRAL.text, symbolOpacity: 1 },
            },
          },
        },
      ]),
    },
  });

  return spec;
}

/**
 * The deck's editable chart: one pollutant panel as lines over a year axis (years spaced by value), in the
 * picture's port colours, with the targets as reference lines and a percent axis fitted to the data. Several
 * panels cannot be one PowerPoint chart: the slide then shows the picture.
 */
function deckView(data: ReductionsChartData, palette: ChartPalette, ports: readonly string[]): { native: NativeChartData } | { pictureReason: string } {
  if (data.panels.length > 1) return { pictureReason: `PowerPoint cannot draw one panel per pollutant (${data.panels.join(', ')}) in one chart, so the slide shows the picture.` };
  const seriesOrder = ports.filter((port) => data.records.some((p) => p.port === port));
  const native = deckScatter({
    records: data.records,
    year: (p) => p.year,
    value: (p) => roundTo(below(p), data.measure!.axis.decimals),
    series: seriesOrder.map((port) => ({ name: palette.label('port', port), color: palette.color('port', port), has: (p: ReductionRecord) => p.port === port })),
    references: data.references.map((r) => ({ name: r.label, value: r.value })),
    yAxisTitle: data.measure!.axis.title,
    percent: true,
  });
  return { native: { ...native, ...fittedPercentAxis(native, 100) } };
}

/** The `reductions` chart definition. */
export const reductions: ChartDefinition = {
  id: 'reductions',
  description:
    '% below a baseline (default: the port\'s or the dataset\'s baseline) by pollutant (one panel each) and port over the years: computed from tonnages where the dataset has them, else the published percentage (hollow points); reduction targets as dashed lines with the year each was met',
  filters: ['port', 'pollutant', 'category', 'baseline', 'from', 'to'],
  build: (dataset, filters) => reductionsChart(reductionsChartData(dataset, filters), dataset),
};
