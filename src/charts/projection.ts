/**
 * Chart `projection`: observed tons, the Theil-Sen trend through them, its projection with the interval
 * band, and the targets of the projected years; one panel per pollutant of one port. Where later published
 * percentages exist, the chart says how far the trend departs from them.
 */
import { projectionChartData, type Departure, type ProjectedSeries, type ProjectionChartData } from '../analysis/chart-data/projection.ts';
import { unique } from '../analysis/common.ts';
import type { ProjectionRow } from '../analysis/types.ts';
import type { Dataset } from '../ingest/dataset.ts';
import {
  formatPct,
  findingTitle,
  formatTons,
  frameSources,
  missingChart,
  recordsTable,
  panelWidth,
  vegaLite,
  yearTicks,
  layersWithData,
  roundTo,
  type Row,
  narration,
} from './common.ts';
import { onYearAxis } from './deck-view.ts';
import { chartMsg, gapWords } from './messages.ts';
import { CHART_SIZE, FONT_SIZE, NEUTRAL, paletteFor } from './theme.ts';
import type { BuiltChart, ChartDefinition, NativeChartData } from './types.ts';
import { unitNotes, unitWordsOf } from '../schema/units.ts';

export { PROJECTION_HORIZON, projectedSeries, type ProjectedSeries } from '../analysis/chart-data/projection.ts';

/** The projection chart (spec, frame, narrative, data, deck chart) drawn from its chart data. */
export function projectionChart(data: ProjectionChartData, dataset: Dataset): BuiltChart {
  const palette = paletteFor(dataset);
  const series = data.projected;
  const index = data.index;
  const base = data.baseline!.year ?? undefined;
  const words = unitWordsOf(dataset.codelists.units, series[0]?.rows.find((r) => r.kind === 'observed')?.unit);
  const frameBase = {
    title: findingTitle(projectionFinding(dataset, data), 'Where the trend leads: projection to 2035'),
    // The targets are named only where the chart data places some (the same rows draw the diamonds).
    subtitle: index
      ? `Published % below ${base ?? 'the baseline'} as an index (${base ?? 'baseline'} = 100): figures as published (dots), robust trend (line), projection (dashed) with the 95% interval of the slope (band)${targetsDrawn(series) ? ', targets of those years (diamonds)' : ''}`
      : `${words.title} observed (dots), robust trend (line), its projection (dashed) with the 95% interval of the slope (band)${targetsDrawn(series) ? ', and the targets of those years (diamonds)' : ''}`,
    baseline: index ? data.baseline!.words : '',
  };
  const table = recordsTable(data, dataset);
  if (data.missing !== null) {
    return { ...missingChart('projection', { ...frameBase, notes: [], sourceRefs: [], release: '' }, gapWords(data.missing), table), chartData: data };
  }
  const port = series[0]!.port;
  const color = palette.color('port', port);
  const panelOf = (s: ProjectedSeries) => {
    const label = palette.label('pollutant', s.pollutant);
    return series.length <= 2 && label !== s.pollutant ? `${label} (${s.pollutant})` : s.pollutant;
  };
  const targetLabel = (r: ProjectionRow) =>
    index ? `${r.year} target: ${formatTons(r.target_value!)} (${formatPct(100 - r.target_value!)} below)` : `${r.year} target: ${formatTons(r.target_value!)} t`;
  const values: Row[] = series.flatMap((s) => {
    const panel = panelOf(s);
    const lastFit = s.rows.filter((r) => r.kind === 'fit').at(-1);
    const out: Row[] = [];
    for (const r of s.rows) {
      const v = { panel, year: r.year, value: round(r.value), lower: r.lower === null ? null : round(r.lower), upper: r.upper === null ? null : round(r.upper) };
      if (r.kind === 'observed') out.push({ ...v, layer: 'point', what: 'observed', label: '' });
      // A band only where the interval exists (too few points give none).
      const band = r.lower !== null && r.upper !== null ? [{ ...v, layer: 'band' }] : [];
      if (r.kind === 'fit') out.push({ ...v, layer: 'fit' }, ...band);
      if (r.kind === 'projection') out.push({ ...v, layer: 'projection' }, ...band);
      if (r.kind === 'projection' && r.target_value !== null) {
        out.push({ panel, layer: 'point', what: 'target', year: r.year, value: round(r.target_value), label: targetLabel(r) });
      }
    }
    if (lastFit) out.push({ panel, layer: 'projection', year: lastFit.year, value: round(lastFit.value), lower: null, upper: null });
    // Reference lines of past targets; labels of close lines alternate above and below.
    const top = Math.max(...s.rows.map((r) => Math.max(r.value, r.upper ?? 0)));
    let previous: number | undefined;
    for (const t of [...s.pastTargets].sort((a, b) => b.target_value! - a.target_value!)) {
      // A gap of 8% of the panel fits a label (12 px of about 270) between two lines.
      const above = previous === undefined || previous - t.target_value! > top * 0.08;
      previous = t.target_value!;
      // The label sits half a line above or below its line (in data units of this panel's own scale).
      const offset = top * 0.03;
      out.push({ panel, layer: 'target_rule', value: round(t.target_value!), label: targetLabel(t), label_at: round(t.target_value! + (above ? offset : -offset)) });
    }
    return out;
  });
  const years = series.flatMap((s) => s.rows.map((r) => r.year));
  const minYear = Math.min(...years);
  const maxYear = Math.max(...years);
  const x = { field: 'year', type: 'quantitative', title: null, scale: { domain: [minYear, maxYear], nice: false, zero: false }, axis: { format: 'd', values: yearTicks(minYear, maxYear) } };
  const y = { field: 'value', type: 'quantitative', title: index ? `index, ${base ?? 'baseline'} = 100` : words.rate, scale: { zero: true }, axis: { format: ',d' } };
  const layerOf = (name: string) => [{ filter: { field: 'layer', equal: name } }];
  const width = panelWidth(series.length, { spacing: 30, axis: 70 * series.length });
  const spec = vegaLite({
    data: { values },
    facet: { column: { field: 'panel', type: 'nominal', title: null, sort: series.map(panelOf) } },
    spacing: 30,
    resolve: { scale: { y: 'independent' } },
    spec: {
      width,
      height: CHART_SIZE.height - 70,
      layer: layersWithData(values, [
        { transform: layerOf('band'), mark: { type: 'area', color, opacity: 0.16 }, encoding: { x, y: { ...y, field: 'lower' }, y2: { field: 'upper' } } },
        { transform: layerOf('target_rule'), mark: { type: 'rule', color: NEUTRAL.muted, strokeDash: [5, 4], strokeWidth: 1.2 }, encoding: { y } },
        {
          transform: layerOf('target_rule'),
          mark: { type: 'text', align: 'right', baseline: 'middle', x: width - 2, fontSize: FONT_SIZE.small, color: NEUTRAL.text },
          encoding: { y: { ...y, field: 'label_at' }, text: { field: 'label', type: 'nominal' } },
        },
        { transform: layerOf('fit'), mark: { type: 'line', color, strokeWidth: 2 }, encoding: { x, y, order: { field: 'year', type: 'quantitative' } } },
        { transform: layerOf('projection'), mark: { type: 'line', color, strokeWidth: 2, strokeDash: [6, 4] }, encoding: { x, y, order: { field: 'year', type: 'quantitative' } } },
        {
          transform: layerOf('point'),
          mark: { type: 'point', filled: true, color: NEUTRAL.text, opacity: 1 },
          encoding: {
            x,
            y,
            shape: { field: 'what', type: 'nominal', scale: { domain: ['observed', 'target'], range: ['circle', 'diamond'] }, legend: null },
            size: { field: 'what', type: 'ordinal', sort: ['observed', 'target'], scale: { domain: ['observed', 'target'], range: [40, 100] }, legend: null },
          },
        },
        {
          transform: layerOf('point'),
          mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 6, dy: -4, fontSize: FONT_SIZE.small, color: NEUTRAL.text },
          encoding: { x, y, text: { field: 'label', type: 'nominal' } },
        },
      ]),
    },
  });

  const checks = data.departures;
  const notes = methodNotes(series);
  for (const c of checks) {
    notes.push(
      `${c.pollutant}: the trend implies ${formatPct(c.trendPct)} below ${c.baselineYear} by ${c.year}; the ${c.evidence} figure for ${c.year} is ${formatPct(c.actualPct)}${c.trendPct > c.actualPct + 2 ? ': reductions slowed after the last tonnage year, so the projection overstates later declines' : ''}.`,
    );
  }
  const targetReasons = unique(series.flatMap((s) => s.rows.filter((r) => r.kind === 'projection' && r.reason !== '').map((r) => r.reason)));
  notes.push(...targetReasons.slice(0, 2).map((r) => `Targets: ${r}.`));
  if (series.some((s) => s.pastTargets.length > 0)) notes.push('Dashed lines: targets of years already observed, for reference.');
  if (!series.some((s) => s.rows.some((r) => r.target_value !== null))) notes.push('No reduction target falls in the projected years for these series.');
  if (!index) notes.push(...unitNotes(dataset.codelists.units, series[0]?.rows.find((r) => r.kind === 'observed')?.unit));
  return {
    id: 'projection',
    spec,
    frame: {
      ...frameBase,
      // A finding names its port; the descriptive title gets the port in front.
      title: projectionFinding(dataset, data) !== null ? frameBase.title : `${palette.label('port', port)}: ${frameBase.title[0]!.toLowerCase()}${frameBase.title.slice(1)}`,
      notes,
      ...frameSources(dataset, data),
    },
    ...narration(narrativeOf(dataset, series, checks, base)),
    data: table,
    chartData: data,
    ...(targetsDrawn(series) || series.some((s) => s.pastTargets.length > 0)
      ? { pictureReason: `The picture marks the targets (${[targetsDrawn(series) ? 'diamonds on the projection' : '', series.some((s) => s.pastTargets.length > 0) ? 'dashed lines of past targets' : ''].filter((w) => w !== '').join(' and ')}), which an editable PowerPoint chart of these series cannot, so the slide shows the picture.` }
      : nativeView(nativeOf(series, minYear, maxYear, y.title))),
  };
}

/**
 * The method in one note: the first series' description in full, and for the others only their slopes
 * (the method is the same; the full text of each is in the data table's `method` column).
 */
function methodNotes(series: readonly ProjectedSeries[]): string[] {
  const methods = series.map((s) => ({ pollutant: s.pollutant, trend: s.trend, text: s.rows.find((r) => r.method !== '')?.method ?? '' })).filter((m) => m.text !== '');
  if (methods.length === 0) return [];
  const [first, ...rest] = methods;
  const notes = [`Method (${first!.pollutant}): ${first!.text}.`];
  // Slopes in % a year with an interval read the same for every series; others are given in full.
  const compact = rest.every((m) => m.trend !== null && m.trend.scale === 'log' && m.trend.slopeLower !== null && m.trend.slopeUpper !== null);
  if (rest.length > 0 && compact) {
    const pct = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));
    notes.push(
      `Same method for ${rest
        .map(({ pollutant, trend }) => `${pollutant}: ${pct(trend!.slopePerYear)}% per year (${pct(trend!.level * 100)}% interval ${pct(trend!.slopeLower!)} to ${pct(trend!.slopeUpper!)}%)`)
        .join('; ')}.`,
    );
  } else {
    notes.push(...rest.map((m) => `Method (${m.pollutant}): ${m.text}.`));
  }
  return notes;
}

function round(value: number): number {
  return roundTo(value, 3);
}

/**
 * The finding of the chart, from its first projected series: where the trend of the observed figures leads
 * in 2030 (else the last projected year), and whether the last target it reaches is met on the trend, e.g.
 * "On its 2008-2024 trend, Port of Los Angeles DPM would be about 95% below 2005 in 2030". Null without a
 * projection.
 */
export function projectionFinding(dataset: Dataset, data: ProjectionChartData): string | null {
  if (data.missing !== null) return null;
  const s = data.projected[0];
  if (s === undefined) return null;
  const palette = paletteFor(dataset);
  const observed = s.rows.filter((r) => r.kind === 'observed');
  const at = s.rows.find((r) => r.kind === 'projection' && r.year === 2030) ?? s.rows.filter((r) => r.kind === 'projection').at(-1);
  if (at === undefined || observed.length === 0) return null;
  const base = data.baseline?.year ?? null;
  const mass = unitWordsOf(dataset.codelists.units, observed[0]?.unit).mass;
  const value = s.series === 'published_index' ? `${formatPct(100 - at.value)} below ${base ?? 'the baseline'}` : `${formatTons(at.value)} ${mass}`;
  const head = `On its ${observed[0]!.year}-${observed.at(-1)!.year} trend, ${palette.label('port', s.port)} ${s.pollutant} would be about ${value} in ${at.year}`;
  const target = s.rows.filter((r) => r.kind === 'projection' && r.target_value !== null && r.gap !== null).at(-1);
  return target === undefined ? head : `${head}; its ${target.year} target ${target.gap! <= 0 ? 'met' : 'not met'} on the trend`;
}

function narrativeOf(dataset: Dataset, series: readonly ProjectedSeries[], checks: readonly Departure[], base: number | undefined): string[] {
  const palette = paletteFor(dataset);
  const s = series[0]!;
  const index = s.series === 'published_index';
  const observed = s.rows.filter((r) => r.kind === 'observed');
  const at2030 = s.rows.find((r) => r.kind === 'projection' && r.year === 2030) ?? s.rows.filter((r) => r.kind === 'projection').at(-1);
  const sentences: string[] = [];
  const span = `${observed[0]!.year}-${observed.at(-1)!.year}`;
  const mass = unitWordsOf(dataset.codelists.units, observed[0]?.unit).mass;
  if (at2030 && index) {
    const interval = at2030.lower !== null && at2030.upper !== null ? ` (95% interval ${formatPct(100 - at2030.upper)}-${formatPct(100 - at2030.lower)})` : '';
    sentences.push(
      `On the trend of its published figures (${span}), ${palette.label('port', s.port)} ${s.pollutant} would be about ${formatPct(100 - at2030.value)} below ${base ?? 'the baseline'} in ${at2030.year}${interval}; the latest published figure is ${formatPct(100 - observed.at(-1)!.value)} (${observed.at(-1)!.year}).`,
    );
  } else if (at2030) {
    const interval = at2030.lower !== null && at2030.upper !== null ? ` (95% interval ${formatTons(at2030.lower)}-${formatTons(at2030.upper)})` : '';
    sentences.push(`On its ${span} trend, ${palette.label('port', s.port)} ${s.pollutant} would be about ${formatTons(at2030.value)} ${mass} in ${at2030.year}${interval}.`);
  }
  const target = s.rows.filter((r) => r.kind === 'projection' && r.target_value !== null && r.gap !== null).at(-1);
  if (target) {
    const unit = index ? ` (${formatPct(100 - target.target_value!)} below)` : ` ${mass}`;
    sentences.push(
      `The ${target.year} target (${formatTons(target.target_value!)}${unit}) is ${target.gap! <= 0 ? 'met' : 'not met'} on the trend.`,
    );
  }
  const check = checks.find((c) => c.pollutant === s.pollutant);
  if (check && check.trendPct > check.actualPct + 2) {
    sentences.push(`The ${check.evidence} figure for ${check.year} (${formatPct(check.actualPct)} below ${check.baselineYear}) is short of the trend's ${formatPct(check.trendPct)}: the decline slowed, so read the projection as an upper bound on the pace.`);
  }
  return sentences;
}

function nativeOf(series: readonly ProjectedSeries[], minYear: number, maxYear: number, yAxisTitle: string): NativeChartData | undefined {
  if (series.length !== 1) return undefined;
  const s = series[0]!;
  const years = Array.from({ length: maxYear - minYear + 1 }, (_, i) => minYear + i);
  const pick = (kinds: readonly ProjectionRow['kind'][], field: 'value' | 'lower' | 'upper') => (y: number) => {
    const r = s.rows.find((row) => kinds.includes(row.kind) && row.year === y);
    const v = r?.[field];
    return v === undefined || v === null ? null : round(v);
  };
  return {
    type: 'line',
    categories: years.map(String),
    series: [
      { name: 'observed', values: years.map(pick(['observed'], 'value')), color: NEUTRAL.text },
      { name: 'trend and projection', values: years.map(pick(['fit', 'projection'], 'value')) },
      { name: 'lower (95%)', values: years.map(pick(['fit', 'projection'], 'lower')), color: NEUTRAL.light },
      { name: 'upper (95%)', values: years.map(pick(['fit', 'projection'], 'upper')), color: NEUTRAL.light },
    ],
    yAxisTitle,
  };
}

/** Whether the chart marks targets of projected years (diamonds). */
function targetsDrawn(series: readonly ProjectedSeries[]): boolean {
  return series.some((s) => s.rows.some((r) => r.kind === 'projection' && r.target_value !== null));
}

/** The deck's chart on a year axis spaced by value, or the picture when the chart has several panels. */
function nativeView(native: NativeChartData | undefined): { native: NativeChartData } | { pictureReason: string } {
  if (native === undefined) return { pictureReason: 'PowerPoint cannot draw one panel per pollutant in one chart, so the slide shows the picture.' };
  // The editable chart draws the interval's ends as lines, not a band.
  return {
    native: {
      ...onYearAxis(native),
      subtitle: `${native.yAxisTitle ?? 'Figures'}: observed, robust trend and its projection, with the 95% interval of the slope (lower and upper lines)`,
    },
  };
}

/** The `projection` chart definition. */
export const projection: ChartDefinition = {
  id: 'projection',
  description:
    'Observed tons, a Theil-Sen trend (on ln tons) and its projection to 2035 with the 95% slope interval, and the targets of the projected years; one panel per pollutant of one port (the options from and to bound the observed years the trend is fitted to)',
  filters: ['port', 'pollutant', 'category', 'baseline', 'from', 'to'],
  build: (dataset, filters) => projectionChart(projectionChartData(dataset, filters), dataset),
};
