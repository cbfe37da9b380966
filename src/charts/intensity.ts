/**
 * Chart `intensity`: tons and tons per 10,000 TEU, both indexed to the baseline year = 100, by pollutant
 * (one panel each) and port; points whose TEU is rounded or derived are hollow (approximate).
 */
import { intensityChartData, type IntensityChartData } from '../analysis/chart-data/intensity.ts';
import { unique } from '../analysis/common.ts';
import type { IntensityRow } from '../analysis/types.ts';
import type { Dataset } from '../ingest/dataset.ts';
import {
  belowAboveWords,
  findingTitle,
  formatMillions,
  formatNumber,
  formatPct,
  frameSources,
  missingChart,
  recordsTable,
  panelWidth,
  vegaLite,
  yearTicks,
  roundTo,
  spreadApart,
  type Row,
  narration,
} from './common.ts';
import { chartMsg, gapWords } from './messages.ts';
import { CHART_SIZE, FONT_SIZE, NEUTRAL, paletteFor, solidHollowScale } from './theme.ts';
import type { BuiltChart, ChartDefinition } from './types.ts';
import { normalisationFor } from '../analysis/normalisations.ts';
import { unitWordsOf } from '../schema/units.ts';

export { intensitySeries } from '../analysis/chart-data/intensity.ts';


/** The intensity chart (spec, frame, narrative, data; the deck uses the picture) drawn from its chart data. */
export function intensityChart(data: IntensityChartData, dataset: Dataset): BuiltChart {
  const palette = paletteFor(dataset);
  const category = data.options.category ?? 'all';
  const baseline = data.baseline!;
  const indexWords = `${baseline.year ?? 'baseline'} = 100`;
  // The dataset's normalisation (per 10,000 TEU unless it declares another) and its activity measure.
  const per = normalisationFor(dataset);
  const mass = unitWordsOf(dataset.codelists.units, data.records[0]?.unit).mass;
  const measures = [mass, `${mass} ${per.label}`] as const;
  const frameBase = {
    title: findingTitle(intensityFinding(dataset, data), per.measure === 'TEU' ? 'Emissions and emissions per container moved' : `Emissions and emissions ${per.label}`),
    subtitle: `${mass.charAt(0).toUpperCase()}${mass.slice(1)} and ${mass} ${per.label}, both indexed to ${indexWords}${category === 'all' ? '' : `, ${palette.label('category', category)}`}`,
    baseline: baseline.words,
  };
  const table = recordsTable(data, dataset);
  if (data.missing !== null) {
    return { ...missingChart('intensity', { ...frameBase, notes: [], sourceRefs: [], release: '' }, gapWords(data.missing), table), chartData: data };
  }
  const shown = data.records;
  const pollutants = data.panels;
  const ports = [...dataset.codelists.ports.keys()].filter((c) => shown.some((r) => r.port === c));

  const panelOf = (code: string) => {
    const label = palette.label('pollutant', code);
    return pollutants.length <= 3 && label !== code ? `${label} (${code})` : code;
  };
  const values: Row[] = shown.flatMap((r) => {
    const base = { panel: panelOf(r.pollutant), port: palette.label('port', r.port), year: r.year };
    const out: Row[] = [{ ...base, measure: measures[0], index: round(r.tons_index!), precision: `exact ${per.measure}` }];
    // A null keeps the gap visible: the line breaks where the TEU is missing instead of bridging it.
    out.push({ ...base, measure: measures[1], index: r.intensity_index === null ? null : round(r.intensity_index), precision: r.approximate ? `rounded or derived ${per.measure}` : `exact ${per.measure}` });
    return out;
  });
  const years = shown.map((r) => r.year);
  const minYear = Math.min(...years);
  const maxYear = Math.max(...years);
  const portLabels = ports.map((p) => palette.label('port', p));
  const colorScale = { domain: portLabels, range: ports.map((p) => palette.color('port', p)) };
  const x = { field: 'year', type: 'quantitative', title: null, scale: { domain: [minYear, maxYear], nice: false, zero: false }, axis: { format: 'd', values: yearTicks(minYear, maxYear) } };
  // The axis top fixed (a multiple of 20) so that the line-end labels can be placed by pixel.
  const top = Math.max(20, Math.ceil(Math.max(...values.map((v) => (typeof v.index === 'number' ? v.index : 0))) / 20) * 20);
  const y = { field: 'index', type: 'quantitative', title: `Index, ${indexWords}`, scale: { domain: [0, top], nice: false } };
  // Room right of each panel for the line-end labels.
  const spacing = 34;
  const width = panelWidth(pollutants.length, { spacing });
  const height = CHART_SIZE.height - 110;
  // The latest index at the end of each line that reaches the last year (the legend names the others),
  // labels of one panel moved apart where two would overlap.
  const ends: Row[] = [];
  for (const pollutant of pollutants) {
    const last = values.filter((v) => v.panel === panelOf(pollutant) && v.year === maxYear && typeof v.index === 'number');
    const ys = spreadApart(last.map((v) => (height * (top - (v.index as number))) / top), 12, 'down');
    last.forEach((v, i) => ends.push({ layer: 'end', panel: v.panel!, port: v.port!, measure: v.measure!, year: maxYear, end_y: roundTo(ys[i]!, 1), end_label: formatNumber(v.index as number, 0) }));
  }
  const spec = vegaLite({
    data: { values: [...values, ...ends] },
    facet: { column: { field: 'panel', type: 'nominal', title: null, sort: pollutants.map(panelOf) } },
    spacing,
    resolve: { scale: { y: 'shared' } },
    spec: {
      width,
      height,
      layer: [
        { mark: { type: 'rule', color: NEUTRAL.light, strokeWidth: 1 }, encoding: { y: { datum: 100 } } },
        {
          transform: [{ filter: "datum.layer !== 'end'" }],
          mark: { type: 'line', strokeWidth: 2, invalid: 'break-paths-show-domains' },
          encoding: {
            x,
            y,
            color: { field: 'port', type: 'nominal', title: null, scale: colorScale, legend: { orient: 'top' } },
            strokeDash: { field: 'measure', type: 'nominal', title: null, scale: { domain: [...measures], range: [[1, 0], [6, 3]] }, legend: { orient: 'bottom', symbolStrokeColor: NEUTRAL.text, symbolType: 'stroke', symbolSize: 300 } },
            detail: { field: 'measure', type: 'nominal' },
            order: { field: 'year', type: 'quantitative' },
          },
        },
        {
          transform: [{ filter: "isValid(datum.index) && datum.layer !== 'end'" }],
          mark: { type: 'point', filled: true, size: 44, opacity: 1 },
          encoding: {
            x,
            y,
            color: { field: 'port', type: 'nominal', title: null, scale: colorScale },
            shape: {
              field: 'precision',
              type: 'nominal',
              title: null,
              scale: solidHollowScale(`exact ${per.measure}`, `rounded or derived ${per.measure}`),
              legend: { orient: 'bottom', symbolFillColor: NEUTRAL.text, symbolStrokeColor: NEUTRAL.text, symbolOpacity: 1 },
            },
          },
        },
        {
          transform: [{ filter: { field: 'layer', equal: 'end' } }],
          mark: { type: 'text', align: 'left', baseline: 'middle', dx: 6, fontSize: FONT_SIZE.small, fontWeight: 'bold' },
          encoding: { x, y: { field: 'end_y', type: 'quantitative', scale: null }, color: { field: 'port', type: 'nominal', title: null, scale: colorScale }, text: { field: 'end_label', type: 'nominal' } },
        },
      ],
    },
  });
  const notes = [
    `Solid lines: ${mass}; dashed lines: ${mass} ${per.label}${per.measure === 'TEU' ? ' (container throughput)' : ''}; both 100 in the baseline year, from the same release.`,
    chartMsg.approximateIntensity,
  ];
  if (data.leftOut.length > 0) notes.push(`Not shown (choose one with the pollutant option): ${data.leftOut.join(', ')}.`);
  const gaps = data.noIntensity;
  if (gaps.length > 0) notes.push(`No intensity: ${gaps.slice(0, 4).join('; ')}${gaps.length > 4 ? '; ...' : ''}.`);
  return {
    id: 'intensity',
    spec,
    frame: {
      ...frameBase,
      notes,
      ...frameSources(dataset, data),
    },
    ...narration(narrativeOf(dataset, shown, ports, pollutants)),
    data: table,
    chartData: data,
    pictureReason: `PowerPoint cannot draw the picture’s panels (${mass} and ${mass} ${per.label}, indexed) with their hollow approximate points in one chart, so the slide shows the picture.`,
  };
}

function round(value: number): number {
  return roundTo(value, 2);
}

/**
 * The finding of the chart, from its data: the first member port's latest emissions per unit of activity of
 * the first pollutant against the baseline year, with the change in activity, e.g. "Port of Los Angeles DPM
 * per 10,000 TEU is 81% below 2005 in 2012, as throughput grew 8%". Null without an index past the baseline.
 */
export function intensityFinding(dataset: Dataset, data: IntensityChartData): string | null {
  if (data.missing !== null) return null;
  const palette = paletteFor(dataset);
  const per = normalisationFor(dataset);
  const main = data.panels[0];
  const ports = [...dataset.codelists.ports.keys()].filter((c) => data.records.some((r) => r.port === c));
  const members = ports.filter((p) => dataset.codelists.ports.get(p)?.kind !== 'combined');
  for (const port of members.length > 0 ? members : ports) {
    const last = data.records.filter((r) => r.port === port && r.pollutant === main && r.intensity_index !== null).at(-1);
    if (!last || last.baseline_year === null || last.year === last.baseline_year) continue;
    const teuChange = last.teu !== null && last.baseline_teu !== null ? ((last.teu - last.baseline_teu) / last.baseline_teu) * 100 : null;
    // "about" where a TEU figure behind the index is rounded or derived.
    const about = last.approximate ? 'about ' : '';
    const activity = teuChange === null ? '' : `, as throughput ${teuChange >= 0 ? 'grew' : 'fell'} ${about}${formatPct(Math.abs(teuChange))}`;
    return `${palette.label('port', port)} ${main} ${per.label} is ${about}${belowAboveWords(last.intensity_index! - 100)} ${last.baseline_year} in ${last.year}${activity}`;
  }
  return null;
}

function narrativeOf(dataset: Dataset, rows: readonly IntensityRow[], ports: readonly string[], pollutants: readonly string[]): string[] {
  const palette = paletteFor(dataset);
  const per = normalisationFor(dataset);
  const mass = unitWordsOf(dataset.codelists.units, rows[0]?.unit).mass;
  const main = pollutants[0]!;
  const sentences: string[] = [];
  const members = ports.filter((p) => dataset.codelists.ports.get(p)?.kind !== 'combined');
  for (const port of (members.length > 0 ? members : ports).slice(0, 2)) {
    const own = rows.filter((r) => r.port === port && r.pollutant === main && r.intensity_index !== null);
    const last = own.at(-1);
    if (!last || last.baseline_year === null || last.year === last.baseline_year) continue;
    const teuChange = last.teu !== null && last.baseline_teu !== null ? ((last.teu - last.baseline_teu) / last.baseline_teu) * 100 : null;
    let sentence =
      `${palette.label('port', port)} ${main} fell to ${formatNumber(last.tons_index!, 0)} in ${mass} and ${formatNumber(last.intensity_index!, 0)} in ${mass} ${per.label} ` +
      `by ${last.year} (${last.baseline_year} = 100)`;
    if (teuChange !== null) {
      sentence += `, as throughput ${teuChange >= 0 ? 'grew' : 'fell'} ${formatPct(Math.abs(teuChange))} (${formatMillions(last.baseline_teu!)} to ${formatMillions(last.teu!)} ${per.measure}${last.approximate ? ', a rounded or derived figure' : ''})`;
    }
    sentences.push(`${sentence}.`);
  }
  return sentences;
}

/** The `intensity` chart definition. */
export const intensity: ChartDefinition = {
  id: 'intensity',
  description:
    'Tons and tons per 10,000 TEU, both indexed to the baseline year = 100 (default: the port\'s or the dataset\'s baseline), by pollutant (one panel each) and port; hollow points where a TEU figure is rounded or derived',
  filters: ['port', 'pollutant', 'category', 'baseline', 'from', 'to'],
  build: (dataset, filters) => intensityChart(intensityChartData(dataset, filters), dataset),
};
