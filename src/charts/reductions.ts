/**
 * Chart `reductions`, a view of its chart data (analysis/chart-data/reductions.ts): % below a baseline by
 * pollutant (one panel each) and port over the years, computed from tonnages where the dataset has them and
 * otherwise the percentage as published, with the reduction targets drawn as lines and the year each was met.
 */
import {
  MAX_REDUCTION_PANELS,
  programmeName,
  reductionsChartData,
  metWords,
  targetLineLabel,
  type ReductionRecord,
  type ReductionsChartData,
  type TargetLine,
} from '../analysis/chart-data/reductions.ts';
import { unique } from '../analysis/common.ts';
import type { Dataset } from '../ingest/dataset.ts';
import {
  belowAboveWords,
  countWords,
  findingTitle,
  formatPct,
  layersWithData,
  listWords,
  frameSources,
  missingChart,
  recordsTable,
  panelWidth,
  roundTo,
  spreadApart,
  filterWords,
  vegaLite,
  yearTicks,
  type Row,
  narration,
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

function narrativeOf(dataset: Dataset, points: readonly ReductionRecord[], pollutants: readonly string[], ports: readonly string[], lines: readonly TargetLine[], baselineText: string): string[] {
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
  return sentences.slice(0, 3);
}

/** The words the frame uses for the baseline: "the 2005 baseline", else "the <label>". */
function baselineText(data: ReductionsChartData): string {
  const baseline = data.baseline!;
  return baseline.year === null ? `the ${baseline.words}` : `the ${baseline.year} baseline`;
}

/**
 * The finding of the chart in one sentence, from its data: the first port's (a member port before a
 * combined one) latest change of the first pollutant, and how many of that pollutant's targets the port has
 * met, e.g. "Port of Los Angeles DPM is 90% below 2005 in 2024; both San Pedro Bay Standards targets met".
 * Null when the chart has no point to state.
 */
export function reductionsFinding(data: ReductionsChartData, dataset: Dataset): string | null {
  if (data.missing !== null || data.baseline === null) return null;
  const palette = paletteFor(dataset);
  const pollutant = data.panels[0];
  if (pollutant === undefined || pollutant === '') return null;
  const own = data.series.filter((s) => s.panel === pollutant && s.latest !== null);
  const member = own.filter((s) => dataset.codelists.ports.get(s.code)?.kind !== 'combined');
  const first = (member.length > 0 ? member : own)[0];
  if (first === undefined) return null;
  const latest = first.latest!;
  const against = data.baseline.year === null ? `the ${data.baseline.words}` : String(data.baseline.year);
  const head = `${palette.label('port', first.code)} ${pollutant} is ${belowAboveWords(latest.value)} ${against} in ${latest.year}`;
  const lines = data.targetLines.filter((l) => l.pollutant === pollutant && l.met.has(first.code));
  if (lines.length === 0) return head;
  const met = lines.filter((l) => l.met.get(first.code) !== null).length;
  const programmes = unique(lines.map((l) => programmeName(l.programme)));
  const what = `${programmes.length === 1 ? `${programmes[0]} ` : ''}${lines.length === 1 ? 'target' : 'targets'}`;
  const status = met === lines.length ? `${countWords(lines.length)} ${what} met` : met === 0 ? `${lines.length === 1 ? 'its' : 'no'} ${what} ${lines.length === 1 ? 'not met' : 'met'}` : `${met} of ${lines.length} ${what} met`;
  return `${head}; ${status}`;
}

/** The reductions chart (spec, frame, narrative, data, deck chart) drawn from its chart data. */
export function reductionsChart(data: ReductionsChartData, dataset: Dataset): BuiltChart {
  const palette = paletteFor(dataset);
  const category = data.options.category ?? 'all';
  const baseline = data.baseline!;
  const categoryText = category === 'all' ? '' : `, ${palette.label('category', category)}`;
  const frameBase = {
    title: findingTitle(reductionsFinding(data, dataset), `Emissions reductions against ${baselineText(data)}`),
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
    notes.push('* ' + chartMsg.conflictingTargetsMerged(conflicts.map((l) => `${l.pollutant} ${l.target_year ?? ''} ${l.values.join('/')}%`.replace('  ', ' ')).join(', ')));
  }
  if (lines.length > 0) notes.push(`Dashed lines: ${unique(lines.map((l) => programmeName(l.programme))).join(', ')} targets (lines within ${MERGE_POINTS} points drawn as one, at the strictest); "met" is the first year a port's figure reached the strictest value.`);
  if (data.leftOut.length > 0) notes.push(`Not shown (choose one with the pollutant option): ${data.leftOut.join(', ')}.`);


  return {
    id: 'reductions',
    spec,
    frame: {
      ...frameBase,
      notes,
      ...frameSources(dataset, data),
    },
    ...narration(narrativeOf(dataset, points, pollutants, ports, lines, baselineText(data))),
    data: table,
    ...deckView(data, palette, ports),
    chartData: data,
  };
}

function portIndex(dataset: Dataset, code: string): number {
  return [...dataset.codelists.ports.keys()].indexOf(code);
}

/** Where things go in every panel: panel labels, the plot's size, and the pixel of a year and of a value. */
interface PanelGeometry {
  pollutantLabel: (code: string) => string;
  panels: string[];
  plotHeight: number;
  /** Bottom of the y axis (% below the baseline), a multiple of 10 at or under 0. */
  yLow: number;
  minYear: number;
  maxYear: number;
  width: number;
  spacing: number;
  /** Pixel of a value on the panel's y axis (domain [yLow, 100], not niced), for labels placed by pixel. */
  pixel: (value: number) => number;
  xPixel: (year: number) => number;
}

function panelGeometry(data: ReductionsChartData, palette: ChartPalette): PanelGeometry {
  const points = data.records;
  const pollutants = data.panels;
  const pollutantLabel = (code: string) => {
    const label = palette.label('pollutant', code);
    return pollutants.length <= 3 && label !== code ? `${label} (${code})` : code;
  };
  const plotHeight = CHART_SIZE.height - 90;
  const yLow = Math.floor(Math.min(0, ...points.map(below)) / 10) * 10;
  const years = points.map((p) => p.year);
  const minYear = Math.min(...years);
  const maxYear = Math.max(...years);
  const panels = pollutants.map(pollutantLabel);
  // Room between panels for the line-end labels right of each panel.
  const spacing = 40;
  const width = panelWidth(panels.length, { spacing });
  return {
    pollutantLabel,
    panels,
    plotHeight,
    yLow,
    minYear,
    maxYear,
    width,
    spacing,
    pixel: (value) => (plotHeight * (100 - value)) / (100 - yLow),
    xPixel: (year) => (maxYear === minYear ? width : (width * (year - minYear)) / (maxYear - minYear)),
  };
}

/** The plotted points: one row per port, pollutant and year, in % below the baseline. */
function pointRowsOf(data: ReductionsChartData, palette: ChartPalette, geometry: PanelGeometry): Row[] {
  return data.records.map((p) => ({
    layer: 'point',
    panel: geometry.pollutantLabel(p.pollutant),
    port: palette.label('port', p.port),
    year: p.year,
    reduction_pct: roundTo(below(p), 2),
    evidence: p.evidence === 'published' ? 'published figure' : p.evidence,
  }));
}

/**
 * One panel's target rules and their labels: each label sits on its line, at the right end if the data
 * leaves room there, else the left.
 */
function targetRowsOf(data: ReductionsChartData, pollutant: string, geometry: PanelGeometry): Row[] {
  const panel = geometry.pollutantLabel(pollutant);
  const merged = mergedTargets(data.targetLines.filter((l) => l.pollutant === pollutant));
  const ends = data.series.filter((s) => s.panel === pollutant && s.latest !== null);
  const polylines = ends.map((s) =>
    data.records
      .filter((p) => p.pollutant === pollutant && p.port === s.code)
      .sort((a, b) => a.year - b.year)
      .map((p) => ({ x: geometry.xPixel(p.year), y: geometry.pixel(below(p)) })),
  );
  const sides = labelSides(merged.map((m) => ({ value: m.value, px: geometry.pixel(m.value) })), ends.map((s) => 0 - s.latest!.value));
  const placed = placeTargetLabels(
    merged.map((m, i) => ({ y: geometry.pixel(m.value), side: sides[i]!, width: textWidth(m.label, FONT_SIZE.small) })),
    polylines,
    geometry.width,
  );
  return [
    ...merged.map((m): Row => ({ layer: 'rule', panel, target_pct: m.value })),
    ...merged.map((m, i): Row => ({ layer: placed[i]!.end === 'right' ? 'label' : 'label-left', panel, key_y: roundTo(placed[i]!.y, 1), label: m.label })),
  ];
}

/**
 * One panel's line-end labels: each line's latest value at its end (at the panel's right edge when it ends
 * within two years of it), moved apart where two would overlap.
 */
function endRowsOf(data: ReductionsChartData, pollutant: string, palette: ChartPalette, geometry: PanelGeometry): Row[] {
  const panel = geometry.pollutantLabel(pollutant);
  const ends = data.series.filter((s) => s.panel === pollutant && s.latest !== null);
  const endX = ends.map((s) => (geometry.maxYear - s.latest!.year <= 2 ? geometry.maxYear : s.latest!.year));
  const endYs = ends.map((s) => geometry.pixel(0 - s.latest!.value));
  for (const column of unique(endX)) {
    const at = endX.flatMap((x, i) => (x === column ? [i] : []));
    const spread = spreadApart(at.map((i) => endYs[i]!), LABEL_GAP, 'down');
    at.forEach((i, k) => (endYs[i] = spread[k]!));
  }
  return ends.map((s, i) => ({ layer: 'end', panel, port: palette.label('port', s.code), year: endX[i]!, end_y: roundTo(endYs[i]!, 1), end_label: formatPct(0 - s.latest!.value) }));
}

/** The layers of a panel: target rules and labels, the port lines and points (hollow: published), line ends. */
function panelLayers(width: number, x: object, y: object, color: object): Record<string, unknown>[] {
  const layerOf = (name: string) => [{ filter: { field: 'layer', equal: name } }];
  return [
    {
      transform: layerOf('rule'),
      mark: { type: 'rule', strokeDash: [5, 4], strokeWidth: 1.2, color: NEUTRAL.muted },
      encoding: { y: { field: 'target_pct', type: 'quantitative' } },
    },
    {
      transform: layerOf('label'),
      mark: { type: 'text', align: 'right', baseline: 'middle', dx: -2, fontSize: FONT_SIZE.small, color: NEUTRAL.text, limit: width - 4 },
      encoding: { x: { value: width }, y: { field: 'key_y', type: 'quantitative', scale: null }, text: { field: 'label', type: 'nominal' } },
    },
    {
      transform: layerOf('label-left'),
      mark: { type: 'text', align: 'left', baseline: 'middle', dx: 2, fontSize: FONT_SIZE.small, color: NEUTRAL.text, limit: width - 4 },
      encoding: { x: { value: 0 }, y: { field: 'key_y', type: 'quantitative', scale: null }, text: { field: 'label', type: 'nominal' } },
    },
    {
      transform: layerOf('point'),
      mark: { type: 'line', strokeWidth: 2 },
      encoding: { x, y, color, detail: { field: 'port', type: 'nominal' }, order: { field: 'year', type: 'quantitative' } },
    },
    {
      transform: layerOf('point'),
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
    {
      transform: layerOf('end'),
      mark: { type: 'text', align: 'left', baseline: 'middle', dx: 6, fontSize: FONT_SIZE.annotation, fontWeight: 'bold' },
      encoding: { x, y: { field: 'end_y', type: 'quantitative', scale: null }, color, text: { field: 'end_label', type: 'nominal' } },
    },
  ];
}

/** The Vega-Lite spec: one panel per pollutant, the ports' % below the baseline by year, targets as dashed rules. */
function reductionsSpec(data: ReductionsChartData, palette: ChartPalette, ports: readonly string[]): ReturnType<typeof vegaLite> {
  const geometry = panelGeometry(data, palette);
  const { minYear, maxYear, width } = geometry;
  const year = data.baseline!.year ?? undefined;
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
    scale: { domain: [geometry.yLow, 100], nice: false },
    axis: { tickCount: 6 },
  };
  const color = { field: 'port', type: 'nominal', title: null, scale: { domain: ports.map((p) => palette.label('port', p)), range: ports.map((p) => palette.color('port', p)) }, legend: { orient: 'top' } };
  const values = [
    ...pointRowsOf(data, palette, geometry),
    ...data.panels.flatMap((pollutant) => targetRowsOf(data, pollutant, geometry)),
    ...data.panels.flatMap((pollutant) => endRowsOf(data, pollutant, palette, geometry)),
  ];
  return vegaLite({
    data: { values },
    facet: { column: { field: 'panel', type: 'nominal', title: null, sort: geometry.panels, header: { labelFontSize: FONT_SIZE.header } } },
    spacing: geometry.spacing,
    resolve: { scale: { y: 'shared', x: 'shared' } },
    spec: { width, height: geometry.plotHeight, layer: layersWithData(values, panelLayers(width, x, y, color)) },
  });
}

/** Pixels between two labels' baselines so that they do not overlap (the small font's height and a gap). */
const LABEL_GAP = 12;

/** Pixels from a target line to the middle of its label. */
const LABEL_OFFSET = 7;

/**
 * The side of its line each target label (top first) goes: below when every line's latest value is above the
 * line (the data leaves room under it), else above; of two lines too close for a label between them, the
 * upper label goes above and the lower one below.
 */
export function labelSides(lines: readonly { value: number; px: number }[], latest: readonly number[]): ('above' | 'below')[] {
  const sides = lines.map((l) => (latest.length > 0 && latest.every((v) => v > l.value) ? 'below' : 'above') as 'above' | 'below');
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]!.px - lines[i - 1]!.px >= 2 * LABEL_OFFSET + 2) continue;
    sides[i - 1] = 'above';
    sides[i] = 'below';
  }
  return sides;
}

/** The width of a text in pixels, at most: 0.55 em a character (the bundled sans serif is narrower). */
function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.55;
}

/**
 * Where each target label (top first) goes: at the right end of its line on its preferred side, else the
 * other side, else the left end: of the places clear of the labels already placed and of the other target
 * lines, the first one covering the least of the data. `y` is the middle of the label in pixels.
 */
export function placeTargetLabels(
  labels: readonly { y: number; side: 'above' | 'below'; width: number }[],
  polylines: readonly (readonly { x: number; y: number }[])[],
  width: number,
): { y: number; end: 'left' | 'right' }[] {
  const boxes: { x0: number; x1: number; y0: number; y1: number }[] = [];
  const half = LABEL_GAP / 2;
  // How much of the data a box covers: sample points (every 2 px along each segment) inside it.
  const dataHits = (box: { x0: number; x1: number; y0: number; y1: number }) => {
    let hits = 0;
    for (const line of polylines) {
      line.forEach((p, i) => {
        const q = line[i + 1] ?? p;
        for (let x = Math.max(box.x0 - 4, Math.min(p.x, q.x)); x <= Math.min(box.x1 + 4, Math.max(p.x, q.x)); x += 2) {
          const y = q.x === p.x ? p.y : p.y + ((q.y - p.y) * (x - p.x)) / (q.x - p.x);
          if (y >= box.y0 - 4 && y <= box.y1 + 4) hits += 1;
        }
      });
    }
    return hits;
  };
  // A label never sits on another target line of the panel.
  const crossesRule = (box: { y0: number; y1: number }) => labels.some((l) => l.y > box.y0 && l.y < box.y1);
  const overlaps = (box: { x0: number; x1: number; y0: number; y1: number }) => boxes.some((b) => b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1);
  return labels.map((label) => {
    const other = label.side === 'above' ? 'below' : 'above';
    const candidates = (['right', 'left'] as const).flatMap((end) => [label.side, other].map((side) => ({ end, y: label.y + (side === 'above' ? -LABEL_OFFSET : LABEL_OFFSET) })));
    const boxOf = (c: { end: 'left' | 'right'; y: number }) =>
      c.end === 'right' ? { x0: width - 2 - label.width, x1: width - 2, y0: c.y - half, y1: c.y + half } : { x0: 2, x1: 2 + label.width, y0: c.y - half, y1: c.y + half };
    // The first candidate with the fewest data hits among those clear of labels and lines (ties: the order).
    const clearOf = candidates.filter((c) => !overlaps(boxOf(c)) && !crossesRule(boxOf(c)));
    const pool = clearOf.length > 0 ? clearOf : candidates;
    const scores = pool.map((c) => dataHits(boxOf(c)));
    const clear = pool[scores.indexOf(Math.min(...scores))]!;
    boxes.push(boxOf(clear));
    return { y: clear.y, end: clear.end };
  });
}

/** A target line's label in the picture: "2023: 77% · met 2012" (dashed lines are targets, the note says). */
function pictureLabel(line: TargetLine): string {
  const met = metWords(line.met);
  return `${pictureValues(line)}${met === '' ? '' : ` · ${met}`}`;
}

function pictureValues(line: TargetLine): string {
  return `${line.target_year === null ? '' : `${line.target_year}: `}${line.values.join('/')}%${line.conflicting ? '*' : ''}`;
}

/** Reference lines of one panel closer than this (percentage points) are drawn as one line with one label. */
export const MERGE_POINTS = 3;

/** A drawn target line: one rule at `value` (the strictest of the merged values) and its one label. */
interface MergedTarget {
  value: number;
  values: number[];
  label: string;
}

/**
 * The target lines of one panel as drawn: values within {@link MERGE_POINTS} of each other (a target's
 * conflicting published values, or targets of different years that nearly coincide) become one rule at the
 * strictest value with one label listing them ("2014 93%, 2023 92/93/96%* · met 2014"), top first.
 */
export function mergedTargets(lines: readonly TargetLine[]): MergedTarget[] {
  const items = lines.flatMap((line) => line.values.map((value) => ({ line, value }))).sort((a, b) => a.value - b.value);
  const clusters: { line: TargetLine; value: number }[][] = [];
  for (const item of items) {
    const last = clusters.at(-1);
    if (last !== undefined && item.value - last.at(-1)!.value <= MERGE_POINTS) last.push(item);
    else clusters.push([item]);
  }
  return clusters.reverse().map((cluster) => {
    const own = unique(cluster.map((c) => c.line)).sort((a, b) => (a.target_year ?? 0) - (b.target_year ?? 0));
    const values = unique(cluster.map((c) => c.value)).sort((a, b) => a - b);
    if (own.length === 1) return { value: values.at(-1)!, values, label: pictureLabel(own[0]!) };
    const mets = unique(own.map((l) => metWords(l.met)));
    const label = mets.length === 1 ? `${own.map(pictureValues).join(', ')}${mets[0] === '' ? '' : ` · ${mets[0]}`}` : own.map(pictureLabel).join('; ');
    return { value: values.at(-1)!, values, label };
  });
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
