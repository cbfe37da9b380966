/**
 * Builds a report: definition + dataset -> built charts -> rendered SVGs -> one HTML page (pure, in memory),
 * and writes it with its chart files (SVG, PNG) so that a failed run never leaves a half-written file.
 */
import { join, relative, resolve, sep } from 'node:path';
import { amendError, PortEmissionsError, type DataIssue } from '../errors.ts';
import { chartGaps, gapNotes } from '../charts/gaps.ts';
import type { BuiltChart, ChartFilters } from '../charts/types.ts';
import type { Dataset } from '../ingest/dataset.ts';
import { fontFaceCss } from '../render/fonts.ts';
import type { PngPicture } from '../render/png.ts';
import { TOOL_VERSION } from '../version.ts';
import { writeFileSetAtomic, type AtomicFs } from './atomic.ts';
import { assertReportSize, reportParts } from './size-budget.ts';
import { citedSources } from '../charts/sources.ts';
import type { ReportChart, ReportDefinition } from './definition.ts';
import { renderReportHtml, type ReportFigure, type ReportPage, type ReportSource } from './html.ts';
import { reportKeyFigures } from './key-figures.ts';

/**
 * What the report needs from the chart stage. The default is the catalogue and renderer of `src/charts/`;
 * tests pass small synthetic engines.
 */
export interface ChartEngine {
  /** Every chart id the engine can build. */
  chartIds: readonly string[];
  /** The filters a chart takes; when absent every filter is passed on. */
  chartFilters?: (id: string) => readonly (keyof ChartFilters)[];
  buildChart(id: string, dataset: Dataset, filters: ChartFilters): BuiltChart;
  /** The chart as a framed SVG document whose ids all start with `idPrefix`. */
  renderChart(chart: BuiltChart, dataset: Dataset, options: { idPrefix: string }): Promise<{ svg: string; notes?: string[] }>;
  /** A PNG of a rendered SVG at `scale` times its size, with its size in pixels. */
  chartPng(svg: string, scale: number): PngPicture | Promise<PngPicture>;
}

let defaultEngine: Promise<ChartEngine> | undefined;

/** The chart catalogue and renderer of `src/charts/`, loaded once on first use. */
export function catalogueEngine(): Promise<ChartEngine> {
  defaultEngine ??= Promise.all([import('../charts/catalogue.ts'), import('../charts/render-chart.ts')]).then(
    ([catalogue, render]) => ({
      chartIds: catalogue.CHARTS.map((chart) => chart.id),
      chartFilters: (id) => catalogue.CHARTS.find((chart) => chart.id === id)?.filters ?? [],
      buildChart: (id, dataset, filters) => catalogue.buildChart(id, dataset, filters),
      renderChart: (chart, dataset, options) => render.renderChart(chart, dataset, options),
      chartPng: (svg, scale) => render.chartPicture(svg, scale),
    }),
  );
  return defaultEngine;
}

/** Progress of a build: one event per chart rendered (and, in writeReport, per chart's PNGs). */
export interface ReportProgressEvent {
  stage: 'svg' | 'png';
  /** Charts finished in this stage, counting this one. */
  done: number;
  total: number;
  /** The chart's key (file name) in this report. */
  chart: string;
}

export interface BuildReportOptions {
  /**
   * The timestamp printed as "generated". Default: the dataset's own date (see datasetDate), never the wall
   * clock, so the same inputs give the same bytes.
   */
  now?: Date;
  onProgress?: (event: ReportProgressEvent) => void;
  /** The definition file as the user named it, for messages and the report's metadata. */
  definitionFile?: string;
  /** Default: catalogueEngine(). */
  engine?: ChartEngine;
}

/** One chart of a built report. */
export interface ReportChartOutput {
  /** Unique key in this report; the chart's files are `charts/<id>.svg` and `charts/<id>@2x.png`. */
  id: string;
  /** The catalogue chart id. */
  chartId: string;
  filters: ChartFilters;
  svg: string;
  built: BuiltChart;
}

export interface BuiltReport {
  html: string;
  charts: ReportChartOutput[];
  /** The timestamp printed as "generated" (ISO 8601). */
  generated: string;
}

/** Milestone kinds that name a date still to come (a deadline, an expected step), not one that has passed. */
const PLANNED_MILESTONE = /(?:^|_)(?:due|expected|planned|deadline|target|scheduled)(?:_|$)/i;

/**
 * The dataset's own date, the default "generated" stamp of a report: the newest dated item it cites, that
 * is the newest publication date among its releases and the newest milestone that records a step taken (an
 * approval; a month alone counts as its first day, a year as 1 January); without any, 31 December of the
 * newest inventory year; without that, 1970-01-01. Projections and planned milestones (kinds such as
 * `plan_due`, `board_review_expected`) are not dates the data was known, so they do not count.
 */
export function datasetDate(dataset: Dataset): { date: Date; basis: string } {
  const day = (value: string) => (value.length === 4 ? `${value}-01-01` : value.length === 7 ? `${value}-01` : value);
  const dated = [
    ...dataset.records.releases
      .filter((release) => release.published !== undefined)
      .map((release) => ({ date: day(release.published!), basis: 'the newest release date in the dataset' })),
    ...dataset.records.milestones
      .filter((milestone) => !PLANNED_MILESTONE.test(milestone.kind))
      .map((milestone) => ({ date: day(milestone.date), basis: `the newest dated step the dataset records (${milestone.milestone_id})` })),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const newest = dated.at(-1);
  if (newest !== undefined) return { date: new Date(`${newest.date}T00:00:00Z`), basis: newest.basis };
  const years = [
    ...dataset.records.emissions.filter((row) => row.basis === 'inventory').map((row) => row.year),
    ...dataset.records.indicators.map((row) => row.year),
    ...dataset.records.throughput.map((row) => row.year),
  ];
  if (years.length > 0) {
    const year = years.reduce((a, b) => Math.max(a, b));
    return { date: new Date(`${year}-12-31T00:00:00Z`), basis: 'the end of the newest inventory year in the dataset' };
  }
  return { date: new Date(0), basis: 'no dated record in the dataset' };
}

/**
 * The filters one chart of a definition is built with: its own, plus the definition's `baseline` when the
 * chart takes a baseline and does not name its own.
 */
export function reportChartFilters(definition: ReportDefinition, entry: ReportChart, engine?: Pick<ChartEngine, 'chartFilters'>): ChartFilters {
  const takesBaseline = engine?.chartFilters === undefined || engine.chartFilters(entry.id).includes('baseline');
  return {
    ...(definition.baseline === undefined || !takesBaseline ? {} : { baseline: definition.baseline }),
    ...entry.filters,
  };
}

/** The keys (file names) of a definition's charts, in order: the chart id, made unique with its filters. */
export function chartKeys(definition: ReportDefinition): string[] {
  const entries = definition.sections.flatMap((section) => section.charts);
  const count = new Map<string, number>();
  for (const entry of entries) count.set(entry.id, (count.get(entry.id) ?? 0) + 1);
  const used = new Set<string>();
  return entries.map((entry) => {
    let key = entry.id;
    if ((count.get(entry.id) ?? 0) > 1) {
      const filters = entry.filters ?? {};
      const parts = [filters.port, filters.pollutant, filters.category, filters.baseline, filters.from, filters.to]
        .filter((part) => part !== undefined)
        .map((part) => String(part).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''));
      key = [entry.id, ...parts].filter((part) => part !== '').join('-');
    }
    let unique = key;
    for (let n = 2; used.has(unique); n++) unique = `${key}-${n}`;
    used.add(unique);
    return unique;
  });
}

function suggestion(value: string, candidates: readonly string[]): string | undefined {
  const lower = value.toLowerCase();
  const match = candidates.find((c) => c.toLowerCase() === lower) ?? candidates.find((c) => c.toLowerCase().startsWith(lower.slice(0, 3)));
  return match === undefined ? undefined : `did you mean "${match}"?`;
}

function listOf(values: readonly string[]): string {
  return values.length === 0 ? 'none in this dataset' : values.length > 12 ? `one of ${values.slice(0, 12).join(', ')}, ...` : `one of ${values.join(', ')}`;
}

/**
 * Checks a definition against the engine's chart ids (and, given the engine, the filters each chart takes)
 * and the dataset's codes (ports, pollutants, source categories, baselines), so a typo is reported with its place in the definition instead of as an empty chart.
 *
 * @throws PortEmissionsError (exit code 1) listing every problem with its JSON path.
 */
export function checkDefinition(
  definition: ReportDefinition,
  dataset: Dataset,
  chartIds: readonly string[],
  file = 'report definition',
  engine?: Pick<ChartEngine, 'chartFilters'>,
): void {
  const issues: DataIssue[] = [];
  const codes = {
    port: [...dataset.codelists.ports.keys()],
    pollutant: [...dataset.codelists.pollutants.keys()],
    category: [...dataset.codelists.sourceCategories.keys()],
    baseline: [...new Set(dataset.records.baselines.map((b) => b.baseline_id))],
  };
  const check = (kind: keyof typeof codes, value: string | undefined, path: string) => {
    if (value === undefined || codes[kind].includes(value)) return;
    const hint = suggestion(value, codes[kind]);
    issues.push({ file, column: path, message: `unknown ${kind} for this dataset`, found: value, expected: listOf(codes[kind]), ...(hint ? { hint } : {}) });
  };
  check('baseline', definition.baseline, 'baseline');
  definition.sections.forEach((section, s) => {
    section.charts.forEach((entry, c) => {
      const path = `sections[${s}].charts[${c}]`;
      if (!chartIds.includes(entry.id)) {
        const hint = suggestion(entry.id, chartIds);
        issues.push({ file, column: `${path}.id`, message: 'unknown chart id', found: entry.id, expected: listOf(chartIds), ...(hint ? { hint } : {}) });
      }
      const filters = entry.filters ?? {};
      const takes = chartIds.includes(entry.id) ? engine?.chartFilters?.(entry.id) : undefined;
      if (takes !== undefined) {
        for (const key of Object.keys(filters) as (keyof ChartFilters)[]) {
          if (!takes.includes(key)) {
            issues.push({
              file,
              column: `${path}.filters.${key}`,
              message: `chart ${entry.id} takes no "${key}" filter`,
              found: String(filters[key]),
              expected: takes.length === 0 ? 'no filters' : `only ${takes.join(', ')}`,
            });
          }
        }
      }
      check('port', filters.port, `${path}.filters.port`);
      check('pollutant', filters.pollutant, `${path}.filters.pollutant`);
      check('category', filters.category, `${path}.filters.category`);
      check('baseline', filters.baseline, `${path}.filters.baseline`);
    });
  });
  if (issues.length > 0) {
    throw new PortEmissionsError(`the report definition does not fit the dataset ${dataset.name} (${issues.length} problem${issues.length === 1 ? '' : 's'})`, {
      exitCode: 1,
      location: { file },
      details: issues,
      hint: "'port-emissions validate --data DIR' lists the dataset's codes; 'port-emissions chart --help' the chart ids",
    });
  }
}

/**
 * The report's data table of a chart: its figures at the chart's display precision (the `<column>_full`
 * columns of full precision are for the exports).
 */
function displayTable(built: BuiltChart): BuiltChart['data'] {
  const full = new Set((built.chartData?.columns ?? []).filter((c) => c.decimals !== undefined).map((c) => `${c.name}_full`));
  if (full.size === 0) return built.data;
  const columns = built.data.columns.filter((c) => !full.has(c));
  return { columns, rows: built.data.rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null]))) };
}

/**
 * A chart built by the engine; a PortEmissionsError without a place gets the place of the chart's request
 * (`location`, e.g. the definition file and `sections[0].charts[2]`) and `what` before its message.
 */
export function buildChartAt(
  engine: Pick<ChartEngine, 'buildChart'>,
  id: string,
  dataset: Dataset,
  filters: ChartFilters,
  location: { file?: string; column?: string },
  what = `chart ${id}`,
): BuiltChart {
  try {
    return engine.buildChart(id, dataset, filters);
  } catch (error) {
    if (error instanceof PortEmissionsError && error.location === undefined) throw amendError(error, { message: `${what}: ${error.message}`, location });
    throw error;
  }
}

/**
 * Builds a report in memory: checks the definition against the dataset, builds and renders every chart in
 * order (sequentially, so ids and output are deterministic), and lays out the HTML page. No file IO.
 *
 * @throws PortEmissionsError when the definition names unknown charts or codes, or a chart fails to build.
 */
export async function buildReport(definition: ReportDefinition, dataset: Dataset, options: BuildReportOptions = {}): Promise<BuiltReport> {
  const engine = options.engine ?? (await catalogueEngine());
  const file = options.definitionFile ?? '';
  checkDefinition(definition, dataset, engine.chartIds, file || 'report definition', engine);

  const keys = chartKeys(definition);
  const total = keys.length;
  const charts: ReportChartOutput[] = [];
  const sections: ReportPage['sections'] = [];
  let index = 0;
  for (const [s, section] of definition.sections.entries()) {
    const figures: ReportFigure[] = [];
    for (const [c, entry] of section.charts.entries()) {
      const key = keys[index]!;
      index += 1;
      const filters = reportChartFilters(definition, entry, engine);
      const column = `sections[${s}].charts[${c}]`;
      let built = buildChartAt(engine, entry.id, dataset, filters, { file: file || 'report definition', column }, `chart ${entry.id} (${column})`);
      if (entry.title !== undefined) built = { ...built, frame: { ...built.frame, title: entry.title } };
      const { svg, notes: shown = [] } = await engine.renderChart(built, dataset, { idPrefix: `chart-${key}` });
      charts.push({ id: key, chartId: entry.id, filters, svg, built });
      figures.push({
        key,
        chartId: entry.id,
        number: index,
        title: built.frame.title,
        svg,
        narrative: built.narrative,
        ...(built.missing ? { missing: built.missing } : {}),
        notes: built.frame.notes.filter((note) => !gapNotes(built).includes(note) && !shown.includes(note)),
        data: displayTable(built),
      });
      options.onProgress?.({ stage: 'svg', done: index, total, chart: key });
    }
    sections.push({ id: section.id, title: section.title, ...(section.intro ? { intro: section.intro } : {}), figures });
  }

  const figures = sections.flatMap((section) => section.figures);
  const stamp = options.now === undefined ? datasetDate(dataset) : { date: options.now, basis: 'set when the report was built' };
  const page: ReportPage = {
    title: definition.title,
    ...(definition.subtitle ? { subtitle: definition.subtitle } : {}),
    keyFigures: reportKeyFigures(dataset, charts.map((chart, i) => ({ ...chart, key: chart.id, number: i + 1 })), definition.keyFigures, file || 'report definition'),
    // A key finding is the first sentence of a chart's narrative, as the chart wrote it.
    summary: charts.flatMap(({ built }, i) => {
      const figure = figures[i]!;
      const finding = built.sentences[0];
      return figure.missing || finding === undefined ? [] : [{ text: finding, figureKey: figure.key, number: figure.number }];
    }),
    gaps: charts.flatMap((chart, i) => {
      const figure = figures[i]!;
      // The chart's own fields say what data would complete it (its chart data's gaps where it has chart data).
      const gaps = chartGaps(chart.built);
      const texts = [...(chart.built.missing ? [chart.built.missing] : []), ...gaps];
      return [...new Set(texts)].map((missing) => ({ title: figure.title, missing, figureKey: figure.key, number: figure.number }));
    }),
    sections,
    sources: usedSources(dataset, charts),
    meta: {
      toolVersion: TOOL_VERSION,
      datasetName: dataset.name,
      datasetTitle: dataset.title,
      datasetHash: dataset.hash,
      definitionFile: file,
      baseline: baselineInWords(definition, dataset, charts),
      generated: stamp.date.toISOString().replace('.000Z', 'Z'),
      generatedBasis: stamp.basis,
    },
    fontCss: fontFaceCss,
  };
  return { html: renderReportHtml(page), charts, generated: page.meta.generated };
}

/** The sources the report's charts cite, in order of first citation, with the figures citing each. */
function usedSources(dataset: Dataset, charts: readonly ReportChartOutput[]): ReportSource[] {
  const byRef = new Map<string, ReportSource>();
  charts.forEach((chart, i) => {
    for (const cited of citedSources(dataset, chart.built.frame.sourceRefs)) {
      let source = byRef.get(cited.ref);
      if (source === undefined) {
        source = { ref: cited.ref, title: cited.title, url: cited.url, publisherType: cited.publisherType, confidence: cited.confidence, figures: [] };
        byRef.set(cited.ref, source);
      }
      if (!source.figures.includes(i + 1)) source.figures.push(i + 1);
    }
  });
  return [...byRef.values()];
}

function baselineInWords(definition: ReportDefinition, dataset: Dataset, charts: readonly ReportChartOutput[]): string {
  if (definition.baseline !== undefined) {
    const record = dataset.records.baselines.find((b) => b.baseline_id === definition.baseline);
    return record?.label ?? definition.baseline;
  }
  return charts.map((chart) => chart.built.frame.baseline).find((words) => words.trim() !== '') ?? '';
}

export interface WriteReportOptions extends BuildReportOptions {
  /** Output folder; created if needed. */
  out: string;
  /** The report's name: the HTML is `<out>/<name>.html`. Letters, digits, `.`, `_`, `-`. */
  name: string;
  /** PNG scales written beside each SVG as `<id>@<scale>x.png`. Default [2]. */
  pngScales?: number[];
  /** The file-system steps of the write (see AtomicFs); default the real file system. Tests inject failures here. */
  fs?: AtomicFs;
}

export interface WrittenReport {
  /** Absolute path of the HTML file. */
  htmlPath: string;
  /** Absolute paths of every file written, HTML last. */
  files: string[];
  report: BuiltReport;
}

/**
 * Builds a report and writes `<out>/<name>.html` and, for each chart, `<out>/charts/<id>.svg` and
 * `<out>/charts/<id>@2x.png`.
 *
 * Everything is built in memory before the first write, so a failing chart or bad data leaves the previous
 * output untouched. Each file is written atomically (temporary file, then rename): a file is either the
 * previous one or the complete new one, never partial. The HTML, which needs none of the chart files, is
 * written last, so the report a reader opens is complete whenever it is new.
 *
 * @throws PortEmissionsError as buildReport, or when a file cannot be written (exit code 1).
 */
export async function writeReport(definition: ReportDefinition, dataset: Dataset, options: WriteReportOptions): Promise<WrittenReport> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(options.name)) {
    throw new PortEmissionsError(`a report name of letters, digits, ".", "_" and "-" is needed to name the output file; found "${options.name}"`, {
      exitCode: 2,
      hint: 'rename the definition file, e.g. reports/my-report.json',
    });
  }
  const engine = options.engine ?? (await catalogueEngine());
  const report = await buildReport(definition, dataset, { ...options, engine });
  assertReportSize(report.html, reportParts(report.charts, fontFaceCss()), options.definitionFile);
  const scales = options.pngScales ?? [2];
  const outputs: { path: string; data: string | Uint8Array }[] = [];
  const out = resolve(options.out);
  const chartsDir = join(out, 'charts');
  for (const [i, chart] of report.charts.entries()) {
    outputs.push({ path: join(chartsDir, `${chart.id}.svg`), data: chart.svg });
    for (const scale of scales) outputs.push({ path: join(chartsDir, `${chart.id}@${scale}x.png`), data: (await engine.chartPng(chart.svg, scale)).data });
    options.onProgress?.({ stage: 'png', done: i + 1, total: report.charts.length, chart: chart.id });
  }
  const htmlPath = join(out, `${options.name}.html`);
  outputs.push({ path: htmlPath, data: report.html });

  const setFiles = outputs.map((output) => ({ path: relative(out, output.path).split(sep).join('/'), data: output.data }));
  await writeFileSetAtomic(out, options.name, setFiles, options.fs === undefined ? {} : { fs: options.fs });
  return { htmlPath, files: outputs.map((o) => o.path), report };
}
