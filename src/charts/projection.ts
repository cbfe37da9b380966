/**
 * Chart `projection`: observed tons, the Theil-Sen trend through them, its projection with the interval
 * band, and the targets of the projected years; one panel per pollutant of one port. Where later published
 * percentages exist, the chart says how far the trend departs from them.
 */
import { unique } from '../analysis/common.ts';
import { projectSeries } from '../analysis/project.ts';
import { rowsOf, type ProjectionRow } from '../analysis/types.ts';
import type { Dataset } from '../ingest/dataset.ts';
import {
  baselineWords,
  baselineYear,
  checkChartFilters,
  dataTable,
  baselineFor,
  formatPct,
  formatTons,
  missingChart,
  panelWidth,
  releaseWords,
  vegaLite,
  yearTicks,
  layersWithData,
  roundTo,
  filterWords,
  type Row,
} from './common.ts';
import { chartMsg } from './messages.ts';
import { reductionPoints, type ReductionPoint } from './reductions.ts';
import { CHART_SIZE, FONT_SIZE, NEUTRAL, paletteFor } from './theme.ts';
import type { BuiltChart, ChartDefinition, ChartFilters, NativeChartData } from './types.ts';
import { unitNotes, unitWordsOf } from '../schema/units.ts';

/** Last year every projection reaches. */
export const PROJECTION_HORIZON = 2035;
const MAX_PANELS = 3;
const MIN_POINTS = 3;

/** A projected series of one port, pollutant, category and kind (tons or published index). */
export interface ProjectedSeries {
  port: string;
  pollutant: string;
  source_category: string;
  series: ProjectionRow['series'];
  rows: ProjectionRow[];
  /**
   * Targets of years up to the last observation, placed by the same analysis (target_value in the series'
   * unit): drawn as reference lines, since the trend is not projected back to them.
   */
  pastTargets: ProjectionRow[];
}

/**
 * The series shown: for the port (the filter's, else the first in codelist order with a trend), up to three
 * pollutants with a trend (or the filter's). One kind for the whole chart: the published figures as an
 * index (baseline = 100) where they run later than the tonnages (the recent years are only published as
 * percentages), else the tonnages. Each is projected every year from the year after its last observation to
 * 2035, so the band is smooth and every target year in between is placed.
 */
export function projectedSeries(dataset: Dataset, filters: ChartFilters): ProjectedSeries[] {
  const category = filters.category ?? 'all';
  const baseline = baselineFor(dataset, filters);
  const window = { port: filters.port, pollutant: filters.pollutant, category, from: filters.from, until: filters.to, baseline };
  const first = rowsOf<ProjectionRow>(projectSeries(dataset, window));
  const fitted = first.filter((r) => r.kind === 'fit');
  const portCodes = [...dataset.codelists.ports.keys()];
  const pollutantCodes = [...dataset.codelists.pollutants.keys()];
  const port = portCodes.find((p) => fitted.some((r) => r.port === p));
  if (port === undefined) return [];
  const lastYear = (pollutant: string, kind: ProjectionRow['series']) =>
    Math.max(-Infinity, ...first.filter((r) => r.port === port && r.pollutant === pollutant && r.series === kind && r.kind === 'observed').map((r) => r.year));
  const hasFit = (pollutant: string, kind: ProjectionRow['series']) => fitted.some((r) => r.port === port && r.pollutant === pollutant && r.series === kind);
  const candidates = pollutantCodes.filter((c) => fitted.some((r) => r.port === port && r.pollutant === c));
  const indexIsLater = candidates.some((c) => hasFit(c, 'published_index') && (!hasFit(c, 'tons') || lastYear(c, 'published_index') > lastYear(c, 'tons')));
  const kind: ProjectionRow['series'] = indexIsLater ? 'published_index' : 'tons';
  const pollutants = candidates.filter((c) => hasFit(c, kind)).slice(0, MAX_PANELS);
  return pollutants.map((pollutant) => {
    const last = lastYear(pollutant, kind);
    const years = Array.from({ length: Math.max(0, PROJECTION_HORIZON - last) }, (_, i) => last + 1 + i);
    const rows = rowsOf<ProjectionRow>(projectSeries(dataset, { ...window, port, pollutant, series: kind, to: years.length > 0 ? years : [PROJECTION_HORIZON] }));
    const targetYears = unique(
      dataset.records.targets
        .filter(
          (t) =>
            t.kind === 'reduction_vs_baseline' &&
            t.pollutant === pollutant &&
            t.target_year !== undefined &&
            t.target_year <= last &&
            (kind === 'tons' || t.baseline_id === baseline) &&
            t.ports.some((code) => code === port || (dataset.codelists.ports.get(code)?.members ?? []).includes(port)),
        )
        .map((t) => t.target_year!),
    ).sort((a, b) => a - b);
    const pastTargets =
      targetYears.length === 0 || category !== 'all'
        ? []
        : rowsOf<ProjectionRow>(projectSeries(dataset, { ...window, port, pollutant, series: kind, to: targetYears })).filter(
            (r) => r.kind === 'projection' && r.target_value !== null,
          );
    return { port, pollutant, source_category: category, series: kind, rows, pastTargets };
  });
}

function build(dataset: Dataset, filters: ChartFilters): BuiltChart {
  checkChartFilters(projection, dataset, filters);
  const palette = paletteFor(dataset);
  const baselineId = baselineFor(dataset, filters);
  const series = projectedSeries(dataset, filters);
  const index = series[0]?.series === 'published_index';
  const base = baselineYear(dataset, baselineId);
  const words = unitWordsOf(dataset.codelists.units, series[0]?.rows.find((r) => r.kind === 'observed')?.unit);
  const frameBase = {
    title: 'Where the trend leads: projection to 2035',
    subtitle: index
      ? `Published % below ${base ?? 'the baseline'} as an index (${base ?? 'baseline'} = 100): figures as published (dots), robust trend (line), projection (dashed) with the 95% interval of the slope (band), targets of those years (diamonds)`
      : `${words.title} observed (dots), robust trend (line), its projection (dashed) with the 95% interval of the slope (band), and the targets of those years (diamonds)`,
    baseline: index ? baselineWords(dataset, baselineId) : '',
  };
  const columns = ['port', 'source_category', 'pollutant', 'series', 'kind', 'year', 'value', 'unit', 'lower', 'upper', 'target_id', 'target_value', 'gap', 'release', 'baseline_id', 'method', 'reason'];
  if (series.length === 0) {
    return missingChart('projection', { ...frameBase, notes: [], sourceRefs: [], release: '' }, chartMsg.missingProjection(`a trend projection${filterWords(dataset, filters)}`, MIN_POINTS), dataTable(columns, []));
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
      const above = previous === undefined || previous - t.target_value! > top * 0.05;
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

  const checks = index ? [] : series.map((s) => departure(dataset, s, baselineId)).filter((c): c is Departure => c !== undefined);
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
      title: `${palette.label('port', port)}: ${frameBase.title[0]!.toLowerCase()}${frameBase.title.slice(1)}`,
      notes,
      sourceRefs: sourceRefsOfSeries(dataset, series, baselineId),
      release: index ? `published percentages (each against its own edition's baseline)` : releaseWords(dataset, series.flatMap((s) => s.rows.map((r) => r.release))),
    },
    narrative: narrativeOf(dataset, series, checks, base),
    data: dataTable(columns, series.flatMap((s) => s.rows)),
    native: nativeOf(series, minYear, maxYear, y.title),
  };
}

/** "-7.8% per year; 95% rank-based (Sen) interval for the slope -13.3 to -4.7% per year" in a method text. */
const SLOPE = /(-?\d+(?:\.\d+)?)% per year; (\d+(?:\.\d+)?)% rank-based \(Sen\) interval for the slope (-?\d+(?:\.\d+)?) to (-?\d+(?:\.\d+)?)% per year/;

/**
 * The method in one note: the first series' description in full, and for the others only their slopes
 * (the method is the same; the full text of each is in the data table's `method` column).
 */
function methodNotes(series: readonly ProjectedSeries[]): string[] {
  const methods = series.map((s) => ({ pollutant: s.pollutant, text: s.rows.find((r) => r.method !== '')?.method ?? '' })).filter((m) => m.text !== '');
  if (methods.length === 0) return [];
  const [first, ...rest] = methods;
  const notes = [`Method (${first!.pollutant}): ${first!.text}.`];
  const slopes = rest.map((m) => ({ m, match: SLOPE.exec(m.text) }));
  if (slopes.length > 0 && slopes.every((s) => s.match !== null)) {
    notes.push(
      `Same method for ${slopes.map(({ m, match }) => `${m.pollutant}: ${match![1]}% per year (${match![2]}% interval ${match![3]} to ${match![4]}%)`).join('; ')}.`,
    );
  } else {
    notes.push(...rest.map((m) => `Method (${m.pollutant}): ${m.text}.`));
  }
  return notes;
}

function round(value: number): number {
  return roundTo(value, 3);
}

/** How far the trend is from a later reduction figure (published or computed) of the same series. */
interface Departure {
  pollutant: string;
  year: number;
  baselineYear: number;
  trendPct: number;
  actualPct: number;
  evidence: string;
}

function departure(dataset: Dataset, s: ProjectedSeries, baselineId: string): Departure | undefined {
  const observed = s.rows.filter((r) => r.kind === 'observed');
  const base = baselineYear(dataset, baselineId);
  const baseRow = observed.find((r) => r.year === base);
  if (base === undefined || !baseRow) return undefined;
  const lastObserved = Math.max(...observed.map((r) => r.year));
  const later = reductionPoints(dataset, { port: s.port, pollutant: s.pollutant }, baselineId, s.source_category)
    .filter((p: ReductionPoint) => p.port === s.port && p.pollutant === s.pollutant && p.year > lastObserved)
    .sort((a, b) => b.year - a.year)[0];
  if (!later) return undefined;
  const projected = s.rows.find((r) => r.kind === 'projection' && r.year === later.year);
  if (!projected) return undefined;
  return {
    pollutant: s.pollutant,
    year: later.year,
    baselineYear: base,
    trendPct: (1 - projected.value / baseRow.value) * 100,
    actualPct: later.reduction_pct,
    evidence: later.evidence === 'published' ? 'published' : 'computed',
  };
}

function sourceRefsOfSeries(dataset: Dataset, series: readonly ProjectedSeries[], baselineId: string): string[] {
  const refs: string[] = [];
  for (const s of series) {
    if (s.series === 'published_index') {
      const observed = new Set(s.rows.filter((r) => r.kind === 'observed').map((r) => r.year));
      const year = baselineYear(dataset, baselineId);
      for (const i of dataset.records.indicators) {
        if (i.port === s.port && i.pollutant === s.pollutant && i.source_category === s.source_category && i.metric === 'absolute' && observed.has(i.year) && (i.relative_to === baselineId || i.relative_to === String(year))) refs.push(...i.source_ref);
      }
    } else {
      const releases = unique(s.rows.flatMap((r) => r.release.split('+')));
      const members = dataset.codelists.ports.get(s.port)?.members ?? [];
      for (const e of dataset.records.emissions) {
        if ((e.port === s.port || members.includes(e.port)) && e.pollutant === s.pollutant && e.source_category === s.source_category && releases.includes(e.release)) refs.push(...e.source_ref);
      }
    }
    const targets = unique([...s.rows, ...s.pastTargets].map((r) => r.target_id).filter((t): t is string => t !== null));
    for (const t of dataset.records.targets) if (targets.includes(t.target_id)) refs.push(...t.source_ref);
  }
  return unique(refs);
}

function narrativeOf(dataset: Dataset, series: readonly ProjectedSeries[], checks: readonly Departure[], base: number | undefined): string {
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
  return sentences.join(' ');
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

/** The `projection` chart definition. */
export const projection: ChartDefinition = {
  id: 'projection',
  description:
    'Observed tons, a Theil-Sen trend (on ln tons) and its projection to 2035 with the 95% slope interval, and the targets of the projected years; one panel per pollutant of one port (--from/--to bound the observed years the trend is fitted to)',
  filters: ['port', 'pollutant', 'category', 'baseline', 'from', 'to'],
  build,
};
