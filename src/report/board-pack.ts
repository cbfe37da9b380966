/**
 * Board pack and exports: built charts -> a PowerPoint deck (title slide, one slide per chart, sources) and
 * per-chart export bundles (SVG, PNG, CSV, XLSX, JSON, README). The glue between the chart stage and the
 * office primitives of deck.ts and bundle.ts; the CLI's `deck` and `export` commands call the functions here.
 */
import { join, resolve } from 'node:path';
import { PortEmissionsError } from '../errors.ts';
import type { BuiltChart, ChartFilters, NativeChartData } from '../charts/types.ts';
import type { Dataset } from '../ingest/dataset.ts';
import { svgToPngPicture, type PngPicture } from '../render/png.ts';
import { gapNote } from '../charts/gaps.ts';
import { TOOL_VERSION } from '../version.ts';
import { writeDirAtomic, writeFileAtomic, type AtomicFs } from './atomic.ts';
import { assertReplaceableExport } from './output-guard.ts';
import { buildChartAt, catalogueEngine, chartKeys, datasetDate, reportChartFilters, type ChartEngine } from './build.ts';
import { BUNDLE_FORMATS, writeChartBundle, type BundleFormat, type ChartBundle } from './bundle.ts';
import { buildDeck, type ChartSlide, type DeckSpec, type NativeChart } from './deck.ts';
import type { KeyFigureRequest, ReportDefinition } from './definition.ts';
import { deckKeyFigures, reportKeyFigures } from './key-figures.ts';
import { citedSources, gradeSummary, withGrade, type CitedSource } from '../charts/sources.ts';

export { citedSources, type CitedSource } from '../charts/sources.ts';

/** A chart built and rendered: the chart and its framed SVG document. */
export interface ChartForPack {
  built: BuiltChart;
  svg: string;
  /** Unique name of the chart in this run (slide object, export folder); default `built.id`. */
  key?: string;
  /** Filters the chart was built with, recorded in the export sidecar. */
  filters?: ChartFilters;
}

/** Draws a rendered SVG as PNG bytes at `scale` times its size, with the size in pixels it drew them at. */
export type PngRenderer = (svg: string, scale: number) => PngPicture | Promise<PngPicture>;

/** PNG scale of the picture on a slide: 3x, sharp when projected or printed full-page. */
export const DECK_PNG_SCALE = 3;
/** PNG scales of an export bundle: 2x for screens and slides, 3x for print. */
export const EXPORT_PNG_SCALES: readonly number[] = [2, 3];
/** Written at the top of an export folder; marks the folder as one `port-emissions export` may replace. */
export const EXPORT_MANIFEST = 'manifest.json';

/** The default rasteriser: resvg with the bundled fonts. */
export const defaultPng: PngRenderer = (svg, scale) => svgToPngPicture(svg, { scale });

/** `Title (confidence A)`, or the title alone when the grade is unknown. */
export function citationText(source: CitedSource): string {
  return withGrade(source.title, source);
}

/** Longest source line a slide shows with full titles: two lines of 10 pt across the slide. */
export const SLIDE_SOURCE_LINE_MAX = 220;

/** `29 documents (confidence 2 A, 9 B, 18 C)`: how many sources and how good, grades in order. */
export function sourceSummary(sources: readonly CitedSource[]): string {
  return `${sources.length} document${sources.length === 1 ? '' : 's'} (confidence ${gradeSummary(sources)})`;
}

/**
 * The slide's source line, as short as it must be to stay within `maxLength` characters (it sits under the
 * chart): the titles with grades (`Sources: Title A (confidence A); Title B (confidence C)`); else the codes
 * with grades, which the closing sources slides list with full titles (`Sources: POLA_PR_2024 (confidence B);
 * ...; titles on the sources slides`); else a count by grade (`Sources: 29 documents (confidence 2 A, 9 B,
 * 18 C), listed in the notes and on the sources slides`). '' when nothing is cited.
 */
export function slideSourceLine(sources: readonly CitedSource[], maxLength = SLIDE_SOURCE_LINE_MAX): string {
  if (sources.length === 0) return '';
  const head = sources.length === 1 ? 'Source' : 'Sources';
  const full = `${head}: ${sources.map(citationText).join('; ')}`;
  if (full.length <= maxLength) return full;
  const codes = sources.map((source) => withGrade(source.ref, source));
  const byCode = `${head}: ${codes.join('; ')}; titles on the sources slides`;
  if (byCode.length <= maxLength) return byCode;
  return `${head}: ${sourceSummary(sources)}, listed in the notes and on the sources slides`;
}

/** The slide's frame line: `Release: … · Baseline: …`, parts left out when the frame has none. */
export function frameLine(frame: BuiltChart['frame']): string {
  return [
    frame.release.trim() === '' ? '' : `Release: ${frame.release.trim()}`,
    frame.baseline.trim() === '' ? '' : `Baseline: ${frame.baseline.trim()}`,
  ]
    .filter((part) => part !== '')
    .join(' · ');
}

/**
 * What the dataset lacks for a chart, in words: `Missing data: …` (nothing drawn), `Gap in the data: …` (part
 * drawn), the gap left out when the frame's notes carry its gap note (gapNote).
 */
function dataGaps(built: BuiltChart): string[] {
  const lines: string[] = [];
  if (built.missing !== undefined && built.missing.trim() !== '') lines.push(`Missing data: ${built.missing.trim()}`);
  const gap = built.gap?.trim() ?? '';
  if (gap !== '' && !built.frame.notes.includes(gapNote(gap))) lines.push(`Gap in the data: ${gap}`);
  return lines;
}

/** The frame's notes, which a native chart on a slide does not draw. */
function frameNotes(built: BuiltChart): string[] {
  return built.frame.notes.map((note) => note.trim()).filter((note) => note !== '');
}

/**
 * Speaker notes: the narrative sentence, what data is missing or has gaps, the chart's notes, the release and
 * baseline, then one citation per line with its grade and address.
 */
export function speakerNotes(built: BuiltChart, sources: readonly CitedSource[]): string {
  const notes = frameNotes(built);
  const parts = [
    built.narrative.trim(),
    ...dataGaps(built),
    ...(notes.length === 0 ? [] : [notes.join('\n')]),
    ...(built.pictureReason === undefined || built.missing !== undefined ? [] : [`Picture, not an editable chart: ${built.pictureReason}`]),
  ];
  const frame = frameLine(built.frame);
  if (frame !== '') parts.push(frame);
  if (sources.length > 0) {
    parts.push(
      ['Sources:', ...sources.map((source) => `[${source.ref}] ${citationText(source)}${source.url === '' ? '' : ` ${source.url}`}`)].join('\n'),
    );
  }
  return parts.filter((part) => part !== '').join('\n\n');
}

/** A chart's native data as the deck takes it: colours without `#`, upper case. */
function nativeChart(native: NativeChartData): NativeChart {
  return {
    ...native,
    series: native.series.map((series) => ({
      name: series.name,
      values: [...series.values],
      ...(series.color === undefined ? {} : { color: series.color.replace(/^#/, '').toUpperCase() }),
      ...(series.reference === true ? { reference: true } : {}),
      ...(series.dash === undefined ? {} : { dash: series.dash }),
    })),
  };
}

/**
 * One chart's slide: title and subtitle from the frame, the source line (citations with confidence grades),
 * the frame line (release, baseline), speaker notes ({@link speakerNotes}), and the chart itself, native and
 * editable when `built.native` is set (and no data is `missing`), else the framed SVG as a PNG at
 * {@link DECK_PNG_SCALE}. The PNG is only drawn when needed.
 */
export async function chartSlide(chart: ChartForPack, dataset: Dataset, png: PngRenderer = defaultPng): Promise<ChartSlide> {
  const { built } = chart;
  const sources = citedSources(dataset, built.frame.sourceRefs);
  const slide: ChartSlide = {
    id: chart.key ?? built.id,
    title: built.frame.title,
    ...(built.frame.subtitle.trim() === '' ? {} : { subtitle: built.frame.subtitle }),
    sourceLine: slideSourceLine(sources),
    frameLine: frameLine(built.frame),
    notes: speakerNotes(built, sources),
  };
  // A chart whose data is missing shows the renderer's notice, never an empty native chart.
  if (built.native !== undefined && built.missing === undefined) {
    const { subtitle, ...native } = built.native;
    return { ...slide, ...(subtitle === undefined ? {} : { subtitle }), native: nativeChart(native) };
  }
  const picture = await png(chart.svg, DECK_PNG_SCALE);
  return { ...slide, png: { data: picture.data, widthPx: picture.width, heightPx: picture.height } };
}

/** Every source cited by the charts, in order of first citation. */
export function deckSources(dataset: Dataset, charts: readonly Pick<ChartForPack, 'built'>[]): DeckSpec['sources'] {
  return citedSources(dataset, charts.flatMap((chart) => chart.built.frame.sourceRefs)).map((source) => ({
    ref: source.ref,
    title: source.title,
    ...(source.url === '' ? {} : { url: source.url }),
    ...(source.confidence === '' ? {} : { confidence: source.confidence }),
  }));
}

/** The small print of the title slide: dataset, its hash, tool version. */
export function deckMeta(dataset: Dataset): string {
  return `Dataset: ${dataset.title} (${dataset.name}) · sha256 ${dataset.hash} · port-emissions ${TOOL_VERSION}`;
}

/** What a deck is made of: its title, the dataset, and the charts in slide order. */
export interface DeckInput {
  title: string;
  subtitle?: string;
  dataset: Dataset;
  charts: readonly ChartForPack[];
  /** Rasteriser for charts without a native form; default resvg ({@link defaultPng}). */
  png?: PngRenderer;
}

function deckSpec(input: Omit<DeckInput, 'png'>, slides: ChartSlide[]): DeckSpec {
  return {
    title: input.title,
    ...(input.subtitle === undefined ? {} : { subtitle: input.subtitle }),
    meta: deckMeta(input.dataset),
    slides,
    sources: deckSources(input.dataset, input.charts),
  };
}

/**
 * The deck for built charts: a title slide (title, subtitle, dataset and tool version), one slide per chart
 * ({@link chartSlide}) in the given order, and the closing sources slide(s) listing every cited source once.
 * Pass the result to {@link buildDeck}. Charts without a native form are drawn once, at 3x.
 */
export async function deckSpecFromCharts(input: DeckInput): Promise<DeckSpec> {
  const slides: ChartSlide[] = [];
  for (const chart of input.charts) slides.push(await chartSlide(chart, input.dataset, input.png));
  return deckSpec(input, slides);
}

/**
 * The units a chart's values are in: its chart data's measure unit; for a chart built without chart data (a
 * synthetic engine), a `unit`/`units` column's values (as the dataset's unit labels where it has them), else
 * its native chart's y-axis title, else ''.
 */
export function chartUnits(built: BuiltChart, dataset: Dataset): string {
  if (built.chartData?.measure) return built.chartData.measure.unit;
  const column = built.data.columns.find((name) => name === 'unit' || name === 'units');
  if (column !== undefined) {
    const units = [
      ...new Set(
        built.data.rows
          .map((row) => row[column])
          .filter((value): value is string => typeof value === 'string' && value.trim() !== '')
          .map((code) => dataset.codelists.units.get(code)?.label ?? code),
      ),
    ];
    if (units.length > 0) return units.join('; ');
  }
  return built.native?.yAxisTitle ?? '';
}

function filterText(filters: ChartFilters): string {
  const parts = Object.entries(filters)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name} ${String(value)}`);
  return parts.length === 0 ? 'none (the chart’s defaults)' : parts.join(', ');
}

/** Sources named in full in a citation up to this many; beyond, counted by grade (the README lists them). */
export const CITATION_FULL_SOURCES = 3;

/**
 * How to cite an exported chart: chart title, tool, dataset with its hash, release, and the sources (titles
 * with grades up to {@link CITATION_FULL_SOURCES}, else their count by grade).
 */
export function citationFor(built: BuiltChart, dataset: Dataset, sources: readonly CitedSource[]): string {
  const release = built.frame.release.trim() === '' ? '' : ` Data release: ${built.frame.release.trim()}.`;
  const cited =
    sources.length === 0
      ? ''
      : sources.length <= CITATION_FULL_SOURCES
        ? ` Sources: ${sources.map(citationText).join('; ')}.`
        : ` Sources: ${sourceSummary(sources)}, listed with the chart.`;
  return (
    `“${built.frame.title}”. Chart made with port-emissions ${TOOL_VERSION} from the dataset “${dataset.title}” ` +
    `(${dataset.name}, sha256 ${dataset.hash}).${release}${cited}`
  );
}

const FILE_NOTES: Record<BundleFormat, (id: string) => string> = {
  svg: (id) => `- \`${id}.svg\`: the chart as a vector picture, with its title, source line and release drawn in`,
  png: (id) => `- \`${id}@2x.png\`, \`${id}@3x.png\`: the same picture at 2x (screens, slides) and 3x (print)`,
  csv: (id) =>
    `- \`${id}.csv\`: the data behind the chart (UTF-8, comma-separated); text cells starting with = + - or @ ` +
    'carry a leading \' so spreadsheets show them instead of running them as formulas',
  xlsx: (id) => `- \`${id}.xlsx\`: the same data as a workbook; the chart’s details and sources on its About sheet`,
  json: (id) => `- \`${id}.json\`: title, units, baseline, release, sources, dataset hash, tool version and filters`,
};

function bundleReadme(
  id: string,
  built: BuiltChart,
  dataset: Dataset,
  sources: readonly CitedSource[],
  filters: ChartFilters,
  units: string,
  formats: ReadonlySet<BundleFormat>,
): string {
  const frame = built.frame;
  const lines = [`# ${frame.title}`, ''];
  if (frame.subtitle.trim() !== '') lines.push(frame.subtitle.trim(), '');
  if (built.narrative.trim() !== '') lines.push(built.narrative.trim(), '');
  for (const gap of dataGaps(built)) lines.push(gap, '');
  for (const note of frameNotes(built)) lines.push(`Note: ${note}`, '');
  lines.push('## Files', '');
  for (const format of BUNDLE_FORMATS) if (formats.has(format)) lines.push(FILE_NOTES[format](id));
  lines.push('- `README.md`: this file', '');
  lines.push('## What the chart shows', '');
  if (units !== '') lines.push(`- Units: ${units}`);
  if (frame.release.trim() !== '') lines.push(`- Release: ${frame.release.trim()}`);
  if (frame.baseline.trim() !== '') lines.push(`- Baseline: ${frame.baseline.trim()}`);
  lines.push(`- Filters: ${filterText(filters)}`);
  lines.push(`- Dataset: ${dataset.title} (${dataset.name}), sha256 ${dataset.hash}`);
  lines.push(`- Made with port-emissions ${TOOL_VERSION}, chart \`${built.id}\``, '');
  lines.push('## Sources', '');
  if (sources.length === 0) lines.push('No source is cited for this chart.');
  else lines.push('Each with the dataset\'s confidence grade, A (high) to D (low).', '');
  for (const source of sources) {
    lines.push(
      `- [${source.ref}] ${source.title}.${source.url === '' ? '' : ` ${source.url}.`}` +
        `${source.confidence === '' ? '' : ` Confidence ${source.confidence}.`}`,
    );
  }
  lines.push('', '## How to cite', '');
  lines.push('Keep the source line with the picture, and cite the chart as:', '');
  lines.push(`> ${citationFor(built, dataset, sources)}`, '');
  return lines.join('\n');
}

/** Options of {@link chartBundle}. */
export interface ChartBundleOptions {
  /** Folder and file name of the bundle; default the chart id. */
  key?: string;
  /** Filters the chart was built with, recorded in the sidecar and README. */
  filters?: ChartFilters;
  png?: PngRenderer;
}

/**
 * The export bundle of one chart, for {@link writeChartBundle}: the framed SVG, PNGs at 2x and 3x (drawn only
 * when `formats` has png), the data rows and columns (CSV/XLSX; neutralised by the writer), the JSON sidecar
 * `{ id, chartId, title, subtitle, units, baseline, release, releases (with why), publishedReleases, sources: [{ ref, title, url, confidence }],
 * datasetName, datasetHash, toolVersion, filters }` and a README with the files, the citation text and how to
 * cite.
 */
export async function chartBundle(
  built: BuiltChart,
  svg: string,
  dataset: Dataset,
  formats: ReadonlySet<BundleFormat>,
  options: ChartBundleOptions = {},
): Promise<ChartBundle> {
  const id = options.key ?? built.id;
  const filters = options.filters ?? {};
  const sources = citedSources(dataset, built.frame.sourceRefs);
  const units = chartUnits(built, dataset);
  const png = options.png ?? defaultPng;
  const pngs = formats.has('png')
    ? await Promise.all(EXPORT_PNG_SCALES.map(async (scale) => ({ scale, data: (await png(svg, scale)).data })))
    : undefined;
  const sidecar = {
    id,
    chartId: built.id,
    title: built.frame.title,
    subtitle: built.frame.subtitle,
    units,
    baseline: built.frame.baseline,
    release: built.frame.release,
    // Each release behind the figures and why the one rule chose it; the published figures' own releases.
    releases: built.chartData?.releases ?? [],
    publishedReleases: built.chartData?.publishedReleases ?? [],
    narrative: built.narrative,
    ...(built.missing === undefined ? {} : { missing: built.missing }),
    ...(built.gap === undefined ? {} : { gap: built.gap }),
    sources: sources.map((source) => ({ ref: source.ref, title: source.title, url: source.url, confidence: source.confidence })),
    datasetName: dataset.name,
    datasetTitle: dataset.title,
    datasetHash: dataset.hash,
    toolVersion: TOOL_VERSION,
    filters,
    citation: citationFor(built, dataset, sources),
  };
  return {
    id,
    svg,
    ...(pngs === undefined ? {} : { png: pngs }),
    rows: built.data.rows,
    columns: built.data.columns,
    sidecar,
    readme: bundleReadme(id, built, dataset, sources, filters, units, formats),
  };
}

// ----------------------------------------------------------------------------------------------------------
// Runs over many charts: the deck and export commands.

/** One chart to build: its key in this run, catalogue id, filters, and optionally a title of its own. */
export interface ChartRequest {
  key: string;
  chartId: string;
  filters: ChartFilters;
  title?: string;
  /** Where the request comes from, for messages (e.g. `sections[0].charts[2]` or `--port`). */
  location?: { file?: string; column?: string };
}

/**
 * The charts of a report definition in order, keyed and filtered as the HTML report does (chartKeys,
 * reportChartFilters): the chart id made unique by its filters; its own filters plus the definition's
 * baseline when the chart takes one (known from `engine.chartFilters`; without it, always).
 */
export function chartRequests(
  definition: ReportDefinition,
  file = 'report definition',
  engine?: Pick<ChartEngine, 'chartFilters'>,
): ChartRequest[] {
  const keys = chartKeys(definition);
  const requests: ChartRequest[] = [];
  definition.sections.forEach((section, s) => {
    section.charts.forEach((entry, c) => {
      requests.push({
        key: keys[requests.length]!,
        chartId: entry.id,
        filters: reportChartFilters(definition, entry, engine),
        ...(entry.title === undefined ? {} : { title: entry.title }),
        location: { file, column: `sections[${s}].charts[${c}]` },
      });
    });
  });
  return requests;
}

/** Progress of a run: called once per chart when all its work (build, render, pictures) is done. */
export type ChartProgress = (key: string, done: number, total: number) => void;

/** Options shared by {@link buildBoardDeck} and {@link writeExport}. */
export interface RunOptions {
  /** Chart catalogue and renderer; default the catalogue of `src/charts/`. Tests pass synthetic engines. */
  engine?: ChartEngine;
  onProgress?: ChartProgress;
}

async function renderRequest(engine: ChartEngine, request: ChartRequest, dataset: Dataset): Promise<ChartForPack> {
  let built =
    request.location === undefined
      ? engine.buildChart(request.chartId, dataset, request.filters)
      : buildChartAt(engine, request.chartId, dataset, request.filters, request.location);
  if (request.title !== undefined) built = { ...built, frame: { ...built.frame, title: request.title } };
  const { svg } = await engine.renderChart(built, dataset, { idPrefix: `chart-${request.key}` });
  return { built, svg, key: request.key, filters: request.filters };
}

/** Options of {@link buildBoardDeck}. */
export interface BoardDeckOptions extends RunOptions {
  title: string;
  subtitle?: string;
  /** Date in the document properties; default the dataset's own date (datasetDate), never the wall clock. */
  date?: Date;
  /** The definition's key figures for the key-findings slide; chosen from the data when absent. */
  keyFigures?: readonly KeyFigureRequest[];
}

/**
 * Builds, renders and lays out every requested chart as a PowerPoint deck ({@link deckSpecFromCharts},
 * {@link buildDeck}), one chart at a time, each drawn once; `onProgress` is called after each chart's slide
 * is ready. Same inputs give the same bytes.
 *
 * @throws PortEmissionsError when a chart fails to build (with the request's location) or the deck is invalid.
 */
export async function buildBoardDeck(requests: readonly ChartRequest[], dataset: Dataset, options: BoardDeckOptions): Promise<Buffer> {
  const engine = options.engine ?? (await catalogueEngine());
  const png: PngRenderer = (svg, scale) => engine.chartPng(svg, scale);
  const charts: ChartForPack[] = [];
  const slides: ChartSlide[] = [];
  for (const request of requests) {
    const chart = await renderRequest(engine, request, dataset);
    charts.push(chart);
    slides.push(await chartSlide(chart, dataset, png));
    options.onProgress?.(request.key, charts.length, requests.length);
  }
  const input = { title: options.title, ...(options.subtitle === undefined ? {} : { subtitle: options.subtitle }), dataset, charts };
  const built = requests.map((request, i) => ({ chartId: request.chartId, built: charts[i]!.built, key: request.key, number: i + 1 }));
  const figures = reportKeyFigures(dataset, built, options.keyFigures, requests[0]?.location?.file ?? 'report definition');
  return buildDeck({ ...deckSpec(input, slides), keyFigures: deckKeyFigures(dataset, figures) }, { date: options.date ?? datasetDate(dataset).date });
}

/** Options of {@link writeExport}. */
export interface ExportOptions extends RunOptions {
  /** Date pinned in XLSX document properties; default the dataset's own date. */
  date?: Date;
  /** The file-system steps of the writes (see AtomicFs); default the real file system. Tests inject failures here. */
  fs?: AtomicFs;
}

/** What {@link writeExport} wrote. */
export interface WrittenExport {
  /** Absolute export folder. */
  dir: string;
  /** Per chart: its key and the files of its bundle (absolute paths, after the swap). */
  charts: { key: string; files: string[] }[];
  /** Absolute path of the manifest. */
  manifest: string;
}

/**
 * Writes one export bundle per requested chart into `<out>/<key>/` ({@link chartBundle},
 * {@link writeChartBundle}) plus `<out>/manifest.json` (tool version, dataset, formats, and per chart its
 * id, filters and files). The whole folder is built beside `out` and swapped in at once (writeDirAtomic):
 * a failure at any chart leaves the previous export exactly as it was, and a successful run replaces it
 * whole. Each chart is built, rendered and drawn once.
 *
 * @param display How messages name `out` (default `out` as given).
 * @throws PortEmissionsError: exit code 2 when `out` is a non-empty folder without a manifest (not a previous
 *   export) or a file; exit code 1 when a chart fails to build or a file cannot be written.
 */
export async function writeExport(
  out: string,
  requests: readonly ChartRequest[],
  dataset: Dataset,
  formats: ReadonlySet<BundleFormat>,
  options: ExportOptions = {},
  display: string = out,
): Promise<WrittenExport> {
  const dir = resolve(out);
  await assertReplaceableExport(dir, display);
  const engine = options.engine ?? (await catalogueEngine());
  const png: PngRenderer = (svg, scale) => engine.chartPng(svg, scale);
  const date = options.date ?? datasetDate(dataset).date;
  const ordered = BUNDLE_FORMATS.filter((format) => formats.has(format));
  const charts: { key: string; chartId: string; title: string; filters: ChartFilters; files: string[] }[] = [];
  const atomic = options.fs === undefined ? {} : { fs: options.fs };
  await writeDirAtomic(dir, async (staging) => {
    for (const request of requests) {
      const chart = await renderRequest(engine, request, dataset);
      const bundle = await chartBundle(chart.built, chart.svg, dataset, formats, { key: request.key, filters: request.filters, png });
      const written = await writeChartBundle(staging, bundle, formats, { date, ...atomic });
      charts.push({
        key: request.key,
        chartId: request.chartId,
        title: chart.built.frame.title,
        filters: request.filters,
        files: written.map((path) => path.slice(staging.length + 1).split('\\').join('/')),
      });
      options.onProgress?.(request.key, charts.length, requests.length);
    }
    const manifest = {
      tool: 'port-emissions',
      toolVersion: TOOL_VERSION,
      dataset: { name: dataset.name, title: dataset.title, hash: dataset.hash },
      formats: ordered,
      charts,
    };
    await writeFileAtomic(join(staging, EXPORT_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, atomic);
  }, atomic);
  return {
    dir,
    charts: charts.map((chart) => ({ key: chart.key, files: chart.files.map((file) => join(dir, file)) })),
    manifest: join(dir, EXPORT_MANIFEST),
  };
}
