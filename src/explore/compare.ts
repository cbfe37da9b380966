/**
 * The chart of an explore state, built by the catalogue's own code: buildChart for one port or every port;
 * for a chosen set of ports, the chart's data (ChartData) of every port narrowed to those ports' records and
 * series, drawn by the same view function (spec, frame, narrative, data table) the catalogue uses. The
 * per-activity-unit measure uses the normalisation the state names (one the dataset declares). Pure: no DOM.
 */
import { emissionsChartData } from '../analysis/chart-data/emissions.ts';
import { intensityChartData } from '../analysis/chart-data/intensity.ts';
import { reductionsChartData, type TargetLine } from '../analysis/chart-data/reductions.ts';
import type { ChartData, ChartOptions } from '../analysis/chart-data/types.ts';
import { emissionsChart } from '../charts/emissions.ts';
import { intensityChart } from '../charts/intensity.ts';
import { reductionsChart } from '../charts/reductions.ts';
import { buildChart, type BuiltChart } from '../charts/index.ts';
import { checkChartFilters } from '../charts/common.ts';
import { chartById } from '../charts/catalogue.ts';
import type { Dataset } from '../ingest/dataset.ts';
import { chartFiltersOf, type ExploreState } from './state.ts';

/** A chart's data and its view, for the charts the page draws. */
interface ChartViews<D extends ChartData<{ port: string }>> {
  data(dataset: Dataset, options: ChartOptions): D;
  view(data: D, dataset: Dataset): BuiltChart;
}

function views<D extends ChartData<{ port: string }>>(data: ChartViews<D>['data'], view: ChartViews<D>['view']): ChartViews<ChartData<{ port: string }>> {
  return { data, view } as unknown as ChartViews<ChartData<{ port: string }>>;
}

/** The charts that compare ports (the share chart draws one port: it takes `port`, not `ports`). */
const VIEWS: Record<string, ChartViews<ChartData<{ port: string }>>> = {
  emissions: views(emissionsChartData, emissionsChart),
  reductions: views(reductionsChartData, reductionsChart),
  intensity: views(intensityChartData, intensityChart),
};

/** The dataset the state's chart reads: the embedded one, its default normalisation the one the state names. */
export function datasetFor(dataset: Dataset, state: ExploreState): Dataset {
  return state.per === undefined || state.per === dataset.defaultNormalisation ? dataset : { ...dataset, defaultNormalisation: state.per };
}

/**
 * A chart's data narrowed to some ports: their records and series only, the source codes, releases and
 * pollutant panels of what is left (reference lines are the programme's, kept for the panels left). When no
 * record is left, the data says the figures of those ports are missing (the view draws a notice).
 */
export function narrowToPorts<D extends ChartData<{ port: string }>>(data: D, ports: readonly string[], portLabels: ReadonlyMap<string, string>): D {
  const labels = ports.map((p) => portLabels.get(p) ?? p);
  const others = [...portLabels].filter(([code]) => !ports.includes(code)).map(([, label]) => label);
  const records = data.records.filter((r) => ports.includes(r.port));
  const refs = new Set<string>();
  for (const r of records as unknown as Record<string, unknown>[]) {
    for (const field of ['source_ref', 'teu_source_ref']) {
      const value = r[field];
      if (Array.isArray(value)) for (const ref of value) refs.add(String(ref));
    }
  }
  // Panels are pollutants (reductions, intensity) or ports (emissions): those with a record left stay.
  const drawn = new Set(records.flatMap((r) => [r.port, String((r as unknown as { pollutant?: string }).pollutant)]));
  const panels = data.panels.length === 1 && data.panels[0] === '' ? data.panels : data.panels.filter((p) => drawn.has(p));
  const references = data.references.filter((line) => line.panel === '' || panels.includes(line.panel));
  for (const line of references) for (const ref of line.sourceRefs) refs.add(ref);
  const releases = new Set(records.map((r) => (r as unknown as { release?: string }).release));
  // Target lines (reductions) say which ports met them: only the ports compared, for the panels left.
  const lines = (data as unknown as { targetLines?: TargetLine[] }).targetLines;
  const targetLines =
    lines === undefined
      ? {}
      : { targetLines: lines.filter((l) => panels.includes(l.pollutant)).map((l) => ({ ...l, met: new Map([...l.met].filter(([port]) => ports.includes(port))) })) };
  // Years without an intensity (intensity) are "POLA 2008: <reason>": those of the ports compared.
  const gaps = (data as unknown as { noIntensity?: string[] }).noIntensity;
  const noIntensity = gaps === undefined ? {} : { noIntensity: gaps.filter((g) => ports.some((p) => g.startsWith(`${p} `))) };
  return {
    ...data,
    ...targetLines,
    ...noIntensity,
    options: { ...data.options },
    records,
    series: data.series.filter((s) => s.dimension !== 'port' || ports.includes(s.code)),
    panels: panels.length === 0 ? [''] : panels,
    references,
    releases: data.releases.filter((r) => releases.has(r.release)),
    sourceRefs: data.sourceRefs.filter((ref) => refs.has(ref)),
    // A gap naming ports (e.g. "stacking Port X and Port Y by source category") stays if it names one compared.
    gaps: data.gaps.filter((gap) => labels.some((label) => gap.missing.includes(label)) || !others.some((label) => gap.missing.includes(label))),
    missing: records.length === 0 ? (data.missing ?? { missing: `figures of ${labels.join(', ')}`, fill: '' }) : data.missing,
  };
}

/**
 * The chart the page draws for a state: buildChart for one port or every port; for a set of ports, the
 * chart's data narrowed to them and drawn by the chart's own view.
 *
 * @throws PortEmissionsError as buildChart does, for filters the dataset cannot serve.
 */
export function buildExploreChart(dataset: Dataset, state: ExploreState): BuiltChart {
  const { chartId, filters } = chartFiltersOf(state);
  const data = datasetFor(dataset, state);
  const chosen = VIEWS[chartId];
  if (state.ports === undefined || chosen === undefined) return buildChart(chartId, data, filters);
  checkChartFilters(chartById(chartId), data, filters);
  const portLabels = new Map([...data.codelists.ports].map(([code, port]) => [code, port.label]));
  return chosen.view(narrowToPorts(chosen.data(data, filters), state.ports, portLabels), data);
}

/**
 * The ports of a comparison the chart has no figure of (e.g. a combined port in the tons chart, which draws
 * member ports unless the combined port is the one chosen), so the page can say they are not drawn.
 */
export function portsNotDrawn(built: BuiltChart, state: ExploreState): string[] {
  if (state.ports === undefined || built.chartData === undefined) return [];
  const drawn = new Set((built.chartData.records as { port?: string }[]).map((r) => r.port));
  return state.ports.filter((p) => !drawn.has(p));
}
