/**
 * Chart `emissions`: tons per year of one pollutant by port (one panel each), stacked by source category
 * where the dataset has categories, with the published port total marked where both exist.
 */
import { emissionsChartData, type EmissionsChartData, type EmissionsSegment } from '../analysis/chart-data/emissions.ts';
import { unique } from '../analysis/common.ts';
import type { Dataset } from '../ingest/dataset.ts';
import {
  changeWords,
  formatTons,
  listWords,
  frameSources,
  missingChart,
  recordsTable,
  panelWidth,
  releaseWords,
  vegaLite,
  yearsWords,
  layersWithData,
  type Row,
} from './common.ts';
import { chartMsg, gapWords } from './messages.ts';
import { CHART_SIZE, FONT_SIZE, NEUTRAL, paletteFor } from './theme.ts';
import type { BuiltChart, ChartDefinition, NativeChartData } from './types.ts';
import { unitNotes, unitWordsOf } from '../schema/units.ts';

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

  const barTop = new Map<string, number>();
  for (const s of stacks) barTop.set(`${s.port}\u0000${s.year}`, (barTop.get(`${s.port}\u0000${s.year}`) ?? 0) + s.tons);
  const values: Row[] = [
    ...segments.map((s) => ({
      layer: s.role,
      port: palette.label('port', s.port),
      year: String(s.year),
      category: palette.label('category', s.source_category),
      tons: s.tons,
      order: categoryRank.get(s.source_category) ?? 0,
    })),
    ...[...barTop].map(([key, top]) => {
      const [port, year] = key.split('\u0000') as [string, string];
      return { layer: 'label', port: palette.label('port', port), year, tons: top, text: formatTons(top) };
    }),
    ...segments
      .filter((s) => s.role === 'total')
      .map((s) => ({ layer: 'label', port: palette.label('port', s.port), year: String(s.year), tons: s.tons, text: `total ${formatTons(s.tons)}` })),
  ];
  const allYears = unique(segments.map((s) => s.year)).sort((a, b) => a - b).map(String);
  const width = panelWidth(ports.length, { spacing: 28 });
  const categoryLabels = categories.map((c) => palette.label('category', c));
  const spec = vegaLite({
    data: { values },
    facet: { column: { field: 'port', type: 'nominal', title: null, sort: ports.map((p) => palette.label('port', p)) } },
    spacing: 28,
    resolve: { scale: { x: 'independent' } },
    spec: {
      width,
      height: CHART_SIZE.height - 80,
      layer: layersWithData(values, [
        {
          transform: [{ filter: { field: 'layer', equal: 'stack' } }],
          mark: { type: 'bar', stroke: '#ffffff', strokeWidth: 0.5 },
          encoding: {
            x: { field: 'year', type: 'ordinal', title: null, sort: allYears, axis: { labelAngle: 0, labelOverlap: 'greedy' } },
            y: { field: 'tons', type: 'quantitative', stack: 'zero', title: unit, axis: { format: ',d' } },
            color: {
              field: 'category',
              type: 'nominal',
              title: null,
              sort: categoryLabels,
              scale: { domain: categoryLabels, range: categories.map((c) => palette.color('category', c)) },
              legend: { orient: 'top' },
            },
            order: { field: 'order', type: 'quantitative' },
          },
        },
        {
          transform: [{ filter: { field: 'layer', equal: 'total' } }],
          mark: { type: 'tick', color: NEUTRAL.text, thickness: 2.5, bandSize: 18 },
          encoding: { x: { field: 'year', type: 'ordinal', sort: allYears }, y: { field: 'tons', type: 'quantitative' } },
        },
        {
          transform: [{ filter: { field: 'layer', equal: 'label' } }],
          mark: { type: 'text', baseline: 'bottom', dy: -3, fontSize: FONT_SIZE.small, color: NEUTRAL.text },
          encoding: { x: { field: 'year', type: 'ordinal', sort: allYears }, y: { field: 'tons', type: 'quantitative' }, text: { field: 'text', type: 'nominal' } },
        },
      ]),
    },
  });

  const notes: string[] = [];
  if (data.partialSums) {
    notes.push('Black ticks: the published port total where the categories reported do not make it up (they can come from another release: each inventory restates earlier years).');
  }
  const releasesByPort = ports.map((p) => unique(segments.filter((s) => s.port === p).map((s) => s.release)));
  if (releasesByPort.some((r) => r.length > 1)) notes.push(chartMsg.releaseRestates);
  notes.push(...unitNotes(dataset.codelists.units, segments[0]!.unit));
  const gap = data.gaps.length === 0 ? undefined : gapWords(data.gaps[0]!);
  if (gap !== undefined) notes.push(`Not in the data: ${gap}.`);

  return {
    id: 'emissions',
    spec,
    frame: { ...frameBase, notes, ...frameSources(dataset, data) },
    narrative: narrativeOf(dataset, segments, ports, pollutant!),
    data: table,
    chartData: data,
    ...(gap === undefined ? {} : { gap }),
    // Native stacked bars hold one port's categories only; the picture also draws port totals and several ports.
    ...(ports.length === 1 && segments.every((s) => s.role === 'stack')
      ? { native: nativeOf(dataset, segments, ports, categories, unit) }
      : { pictureReason: 'PowerPoint cannot set stacked categories of several ports, or port totals, beside each other in one chart, so the slide shows the picture.' }),
  };
}

/**
 * One sentence per port: the published port total of the latest year where there is one (never the sum of
 * the categories that happen to be published, which may not make it up), the categories the data covers,
 * and the change since the first year where both years are the same measure from the same release.
 */
function narrativeOf(dataset: Dataset, segments: readonly EmissionsSegment[], ports: readonly string[], pollutant: string): string {
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
      sentence += ` (the published port total; the ${covered} make up ${formatTons(sum(last))}${rest > 0 ? `, ${formatTons(rest)} is not broken down by category` : ''})`;
    } else if (labels.length > 0) {
      sentence += ` (the sum of the ${covered} reported; no published port total)`;
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
  return sentences.join(' ');
}

function nativeOf(dataset: Dataset, segments: readonly EmissionsSegment[], ports: readonly string[], categories: readonly string[], unit: string): NativeChartData {
  const palette = paletteFor(dataset);
  const years = unique(segments.map((s) => s.year)).sort((a, b) => a - b);
  const stacks = segments.filter((s) => s.role === 'stack');
  if (ports.length === 1) {
    return {
      type: 'stackedBar',
      categories: years.map(String),
      series: categories.map((c) => ({
        name: palette.label('category', c),
        values: years.map((y) => stacks.find((s) => s.year === y && s.source_category === c)?.tons ?? null),
        color: palette.color('category', c),
      })),
      yAxisTitle: unit,
    };
  }
  return {
    type: 'bar',
    categories: years.map(String),
    series: ports.map((p) => ({
      name: palette.label('port', p),
      values: years.map((y) => {
        const own = stacks.filter((s) => s.port === p && s.year === y);
        return own.length === 0 ? null : own.reduce((t, s) => t + s.tons, 0);
      }),
      color: palette.color('port', p),
    })),
    yAxisTitle: `${unit} (sum of the categories reported)`,
  };
}

/** The `emissions` chart definition. */
export const emissions: ChartDefinition = {
  id: 'emissions',
  description:
    'Tons per year of one pollutant (default: the first with tonnages) by port, one panel each, stacked by source category where the dataset has categories; the published port total as a tick where the categories do not make it up',
  filters: ['port', 'pollutant', 'category', 'from', 'to'],
  build: (dataset, filters) => emissionsChart(emissionsChartData(dataset, filters), dataset),
};
