/**
 * Chart `emissions`: tons per year of one pollutant by port (one panel each), stacked by source category
 * where the dataset has categories, with the published port total marked where both exist.
 */
import { emissionsChartData, type EmissionsChartData, type EmissionsSegment } from '../analysis/chart-data/emissions.ts';
import { unique } from '../analysis/common.ts';
import type { Dataset } from '../ingest/dataset.ts';
import {
  changeWords,
  formatPct,
  formatTons,
  listWords,
  frameSources,
  missingChart,
  recordsTable,
  panelWidth,
  vegaLite,
  yearsWords,
  layersWithData,
  type Row,
  narration,
} from './common.ts';
import { chartMsg, gapWords } from './messages.ts';
import { gapNote } from './gaps.ts';
import { FIGURE_MARK, markedText, REMAINDER } from '../analysis/chart-data/marks.ts';
import { CHART_SIZE, FONT_SIZE, NEUTRAL, paletteFor } from './theme.ts';
import type { BuiltChart, ChartDefinition, NativeChartData } from './types.ts';
import { unitNotes, unitWordsOf } from '../schema/units.ts';

/** Width of a bar in px: fixed, as the years sit on a time axis by value. */
const BAR_WIDTH = 16;

export { emissionsSegments, type EmissionsSegment } from '../analysis/chart-data/emissions.ts';

/** The emissions chart (spec, frame, narrative, data, deck chart) drawn from its chart data. */
export function emissionsChart(data: EmissionsChartData, dataset: Dataset): BuiltChart {
  const palette = paletteFor(dataset);
  const filters = data.options;
  const pollutant = data.pollutant;
  const categoryCodes = [...dataset.codelists.sourceCategories.keys()];
  const categoryRank = new Map(categoryCodes.map((c, i) => [c, i]));
  const years = yearsWords(filters);
  const stacked = data.categories.some((c) => c !== 'all');
  const frameBase = {
    title: `${pollutant ?? 'Emissions'} emissions by port${years === '' ? '' : `, ${years}`}`,
    // What the bars are, from the same fields that draw them.
    subtitle: `${unitWordsOf(dataset.codelists.units, data.records[0]?.unit).title}${pollutant === undefined ? '' : ` of ${pollutant} (${palette.label('pollutant', pollutant)})`}, ${stacked ? 'stacked by source category where the dataset has categories' : 'port totals'}`,
    baseline: '',
  };
  const table = recordsTable(data, dataset);
  if (data.missing !== null) {
    return { ...missingChart('emissions', { ...frameBase, notes: [], sourceRefs: [], release: '' }, gapWords(data.missing), table), chartData: data };
  }
  const segments = data.records;
  const ports = data.panels;
  const stacks = segments.filter((s) => s.role === 'stack');
  const categories = data.categories;
  const unit = data.unitLabel;

  // Each bar: its categories, the remainder of the published total they do not make up, the total itself.
  const barKey = (s: EmissionsSegment) => `${s.port}\u0000${s.year}`;
  const parts = segments.filter((s) => s.role !== 'total');
  const barTop = new Map<string, { port: string; year: number; top: number; mark: string; count: number }>();
  for (const s of parts) {
    const held = barTop.get(barKey(s)) ?? { port: s.port, year: s.year, top: 0, mark: '', count: 0 };
    barTop.set(barKey(s), { ...held, top: held.top + s.tons, mark: s.mark === FIGURE_MARK.partialSum || (held.mark === '' && s.role === 'stack') ? s.mark : held.mark, count: held.count + (s.role === 'stack' ? 1 : 0) });
  }
  const totals = new Map(segments.filter((s) => s.role === 'total').map((s) => [barKey(s), s]));
  const partLabel = (s: EmissionsSegment) => (s.role === 'remainder' ? REMAINDER.label : palette.label('category', s.source_category));
  const values: Row[] = [
    ...segments.map((s) => ({
      layer: s.role === 'total' ? 'total' : 'stack',
      port: palette.label('port', s.port),
      year: s.year,
      category: partLabel(s),
      tons: s.tons,
      order: s.role === 'remainder' ? categoryCodes.length : (categoryRank.get(s.source_category) ?? 0),
      mark: s.mark,
    })),
    ...[...barTop].map(([key, bar]) => {
      const total = totals.get(key);
      // One label per bar: the published total where there is one (the bar reaches it), else the bar's sum,
      // marked when it is a sum of categories without a published total.
      const tons = total === undefined ? bar.top : Math.max(total.tons, bar.top);
      const text = total !== undefined ? markedText(`total ${formatTons(total.tons)}`, total.mark) : markedText(formatTons(bar.top), bar.mark);
      return { layer: 'label', port: palette.label('port', bar.port), year: bar.year, tons, text };
    }),
  ];
  const width = panelWidth(ports.length, { spacing: 28 });
  const remainderDrawn = parts.some((s) => s.role === 'remainder');
  const categoryLabels = [...categories.map((c) => palette.label('category', c)), ...(remainderDrawn ? [REMAINDER.label] : [])];
  const categoryColors = [...categories.map((c) => palette.color('category', c)), ...(remainderDrawn ? [NEUTRAL.light] : [])];
  // Years on a time axis by value: 2005, 2007 and 2018 are spaced as the years are; bars have a fixed width.
  // One panel per port (concatenated, not faceted) so that each axis labels exactly its own years.
  const panel = (port: string, first: boolean) => {
    const label = palette.label('port', port);
    const own = unique(parts.filter((s) => s.port === port).map((s) => s.year)).sort((a, b) => a - b);
    const x = { field: 'year', type: 'quantitative', title: null, scale: { zero: false, nice: false, padding: 18 }, axis: { values: own, format: 'd', labelOverlap: 'greedy', grid: false } };
    const y = { field: 'tons', type: 'quantitative', title: first ? unit : null, axis: { format: ',d' } };
    return {
      width,
      height: CHART_SIZE.height - 80,
      title: { text: label, fontSize: FONT_SIZE.annotation + 1 },
      transform: [{ filter: { field: 'port', equal: label } }],
      layer: layersWithData(values.filter((v) => v.port === label), [
        {
          transform: [{ filter: { field: 'layer', equal: 'stack' } }],
          mark: { type: 'bar', width: BAR_WIDTH, stroke: '#ffffff', strokeWidth: 0.5 },
          encoding: {
            x,
            y: { ...y, stack: 'zero' },
            color: {
              field: 'category',
              type: 'nominal',
              title: null,
              sort: categoryLabels,
              scale: { domain: categoryLabels, range: categoryColors },
              legend: { orient: 'top' },
            },
            // A sum of categories without a published total is drawn lighter: it is not the port total.
            opacity: { condition: { test: `datum.mark === '${FIGURE_MARK.partialSum}'`, value: 0.45 }, value: 1 },
            order: { field: 'order', type: 'quantitative' },
          },
        },
        {
          transform: [{ filter: { field: 'layer', equal: 'total' } }],
          mark: { type: 'tick', orient: 'horizontal', color: NEUTRAL.text, thickness: 2.5, size: BAR_WIDTH + 8 },
          encoding: { x, y },
        },
        {
          transform: [{ filter: { field: 'layer', equal: 'label' } }],
          mark: { type: 'text', baseline: 'bottom', dy: -3, fontSize: FONT_SIZE.small, color: NEUTRAL.text },
          encoding: { x, y, text: { field: 'text', type: 'nominal' } },
        },
      ]),
    };
  };
  const spec = vegaLite({
    data: { values },
    hconcat: ports.map((p, i) => panel(p, i === 0)),
    spacing: 28,
    // One tons axis for every port, so bars compare across panels.
    resolve: { scale: { y: 'shared' } },
  });

  const notes: string[] = [];
  if (data.partialSums) {
    notes.push(`Grey: the part of the published port total (black tick) the categories reported do not make up, "${REMAINDER.label}"; the total can come from another release.`);
  }
  if (data.sumsWithoutTotal) notes.push('Lighter bars (partial sum): the sum of the categories reported where no port total is published; not the port total.');
  const releasesByPort = ports.map((p) => unique(segments.filter((s) => s.port === p).map((s) => s.release)));
  if (releasesByPort.some((r) => r.length > 1)) notes.push(chartMsg.releaseRestates);
  notes.push(...unitNotes(dataset.codelists.units, segments[0]!.unit));
  const gap = data.gaps.length === 0 ? undefined : gapWords(data.gaps[0]!);
  if (gap !== undefined) notes.push(gapNote(gap));

  return {
    id: 'emissions',
    spec,
    frame: { ...frameBase, title: emissionsTitle(dataset, data, frameBase.title), notes, ...frameSources(dataset, data) },
    ...narration(narrativeOf(dataset, segments, ports, pollutant!)),
    data: table,
    chartData: data,
    ...(gap === undefined ? {} : { gap }),
    // Native stacked bars hold one port's categories only; the picture also draws port totals and several ports.
    ...(ports.length === 1 && consecutive(unique(segments.map((s) => s.year)).sort((a, b) => a - b))
      ? { native: nativeOf(dataset, segments, categories, unit) }
      : { pictureReason: 'PowerPoint cannot set the bars of several ports side by side, or space years that are not consecutive by value, in one chart, so the slide shows the picture.' }),
  };
}

/**
 * One sentence per port: the published port total of the latest year where there is one (never the sum of
 * the categories that happen to be published, which may not make it up), the categories the data covers,
 * and the change since the first year where both years are the same measure from the same release.
 */
function narrativeOf(dataset: Dataset, segments: readonly EmissionsSegment[], ports: readonly string[], pollutant: string): string[] {
  const palette = paletteFor(dataset);
  const sentences: string[] = [];
  for (const port of ports.slice(0, 3)) {
    const own = segments.filter((s) => s.port === port);
    const mass = unitWordsOf(dataset.codelists.units, own[0]?.unit).mass;
    const years = unique(own.map((s) => s.year)).sort((a, b) => a - b);
    const last = years.at(-1)!;
    const first = years[0]!;
    const inYear = (year: number) => own.filter((s) => s.year === year);
    const totalOf = (year: number) => inYear(year).find((s) => s.source_category === 'all');
    const categoriesOf = (year: number) => inYear(year).filter((s) => s.source_category !== 'all' && s.role === 'stack');
    const sum = (year: number) => categoriesOf(year).reduce((t, s) => t + s.tons, 0);
    const value = (year: number) => totalOf(year)?.tons ?? sum(year);
    const releaseOf = (list: readonly EmissionsSegment[]) => unique(list.map((s) => s.release)).join('+');
    const codesOf = (year: number) => categoriesOf(year).map((s) => s.source_category).join(';');
    const labels = categoriesOf(last).map((s) => palette.label('category', s.source_category).toLowerCase());
    const covered = labels.length === 0 ? '' : `${labels.length === 1 ? 'source category' : `${labels.length} source categories`} ${listWords(labels)}`;
    let sentence = `${palette.label('port', port)}: ${formatTons(value(last))} ${mass} of ${pollutant} in ${last}`;
    if (totalOf(last) && labels.length > 0) {
      const rest = value(last) - sum(last);
      sentence += ` (the published port total; the ${covered} make up ${formatTons(sum(last))}${rest > 0 ? `, ${markedText(formatTons(rest), FIGURE_MARK.derived)} is ${REMAINDER.label} by category` : ''})`;
    } else if (labels.length > 0) {
      sentence += ` (the sum of the ${covered} reported, a ${FIGURE_MARK.partialSum}; no published port total)`;
    }
    const firstTotal = totalOf(first);
    const lastTotal = totalOf(last);
    if (first !== last && firstTotal && lastTotal && firstTotal.release === lastTotal.release && firstTotal.tons !== 0) {
      sentence += `, ${changeWords(firstTotal.tons, lastTotal.tons, `the ${formatTons(firstTotal.tons)} ${mass} of ${first}`, first)} (same release)`;
    } else if (first !== last && !lastTotal && codesOf(first) === codesOf(last) && releaseOf(categoriesOf(first)) === releaseOf(categoriesOf(last)) && sum(first) !== 0) {
      sentence += `, ${changeWords(sum(first), sum(last), `the ${formatTons(sum(first))} ${mass} the same categories made in ${first}`, first)} (same release)`;
    } else if (first !== last) {
      sentence += ` (${formatTons(value(first))} ${mass} in ${first}, ${releaseOf(inYear(first)) === releaseOf(inYear(last)) ? (firstTotal ? 'the port total' : 'from other categories') : 'from another release'})`;
    }
    sentences.push(`${sentence}.`);
  }
  return sentences;
}

/** Whether the years are consecutive: a deck bar chart spaces them evenly, as a time axis then does too. */
function consecutive(years: readonly number[]): boolean {
  return years.every((y, i) => i === 0 || y === years[i - 1]! + 1);
}

/** One port's bars as an editable stacked bar chart: categories, the "not broken down" remainder, marked years. */
function nativeOf(dataset: Dataset, segments: readonly EmissionsSegment[], categories: readonly string[], unit: string): NativeChartData {
  const palette = paletteFor(dataset);
  const years = unique(segments.map((s) => s.year)).sort((a, b) => a - b);
  const stacks = segments.filter((s) => s.role === 'stack');
  const remainders = segments.filter((s) => s.role === 'remainder');
  const markOf = (year: number) => (stacks.some((s) => s.year === year && s.mark === FIGURE_MARK.partialSum) ? FIGURE_MARK.partialSum : '');
  return {
    type: 'stackedBar',
    categories: years.map((y) => markedText(String(y), markOf(y))),
    series: [
      ...categories.map((c) => ({
        name: palette.label('category', c),
        values: years.map((y) => stacks.find((s) => s.year === y && s.source_category === c)?.tons ?? null),
        color: palette.color('category', c),
      })),
      ...(remainders.length === 0 ? [] : [{ name: REMAINDER.label, values: years.map((y) => remainders.find((s) => s.year === y)?.tons ?? null), color: NEUTRAL.light }]),
    ],
    yAxisTitle: unit,
  };
}

/**
 * The finding of one port's bars: the change from the first to the last year where both are the same measure
 * of the same release (published totals, or the same categories summed, said as such); null otherwise.
 */
function portFinding(dataset: Dataset, segments: readonly EmissionsSegment[], port: string, pollutant: string): string | null {
  const palette = paletteFor(dataset);
  const own = segments.filter((s) => s.port === port);
  const years = unique(own.map((s) => s.year)).sort((a, b) => a - b);
  const first = years[0]!;
  const last = years.at(-1)!;
  if (first === last) return null;
  const totalOf = (year: number) => own.find((s) => s.year === year && s.source_category === 'all');
  const categoriesOf = (year: number) => own.filter((s) => s.year === year && s.role === 'stack' && s.source_category !== 'all');
  const change = (from: number, to: number) => ((to - from) / from) * 100;
  const words = (pct: number) => `${pct <= 0 ? 'fell' : 'rose'} ${formatPct(Math.abs(pct))} from ${first} to ${last}`;
  const finite = (from: number, to: number) => from !== 0 && Number.isFinite(change(from, to));
  const [a, b] = [totalOf(first), totalOf(last)];
  if (a && b && a.release === b.release && finite(a.tons, b.tons)) return `${palette.label('port', port)} ${pollutant} ${words(change(a.tons, b.tons))}`;
  const [ca, cb] = [categoriesOf(first), categoriesOf(last)];
  const codes = (list: readonly EmissionsSegment[]) => list.map((s) => `${s.source_category}\u0000${s.release}`).join(';');
  const sum = (list: readonly EmissionsSegment[]) => list.reduce((t, s) => t + s.tons, 0);
  if (!b && ca.length > 0 && codes(ca) === codes(cb) && finite(sum(ca), sum(cb))) {
    return `${palette.label('port', port)} ${pollutant} ${words(change(sum(ca), sum(cb)))} across the ${ca.length === 1 ? 'one category' : `${ca.length} categories`} reported`;
  }
  return null;
}

/** The title stating the finding: each port's (while it reads as one line), else the descriptive title. */
export function emissionsTitle(dataset: Dataset, data: EmissionsChartData, fallback: string): string {
  if (data.missing !== null || data.pollutant === undefined) return fallback;
  const findings = data.panels.flatMap((p) => portFinding(dataset, data.records, p, data.pollutant!) ?? []);
  if (findings.length === 0) return fallback;
  const joined = findings.join('; ');
  return joined.length <= TITLE_MAX ? joined : findings[0]!;
}

/** Longest title of several findings (characters) before it keeps the first only. */
const TITLE_MAX = 100;

/** The `emissions` chart definition. */
export const emissions: ChartDefinition = {
  id: 'emissions',
  description:
    'Tons per year of one pollutant (default: the first with tonnages) by port, one panel each, stacked by source category where the dataset has categories; the published port total as a tick where the categories do not make it up',
  filters: ['port', 'pollutant', 'category', 'from', 'to'],
  build: (dataset, filters) => emissionsChart(emissionsChartData(dataset, filters), dataset),
};
