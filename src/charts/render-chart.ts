/**
 * A built chart drawn as one framed SVG (title, subtitle, notes, source line, provenance line around the
 * chart) and, from it, a PNG. The chart stage's only contact with the render stage.
 */
import type { Dataset } from '../ingest/dataset.ts';
import type * as vega from 'vega';
import { frameLayout, framedSvg, FRAME_TEXT, svgSize, wrapText, type FrameLayout } from '../render/frame.ts';
import { FONT_FAMILY } from '../render/fonts.ts';
import { scenePng, svgToPngPicture, type PngPicture } from '../render/png.ts';
import { renderScene } from '../render/svg.ts';
import { escapeXml } from '../render/xml.ts';
import { TOOL_VERSION } from '../version.ts';
import { gapNotes } from './gaps.ts';
import { listWords } from './common.ts';
import { citedSources, documentName, gradeSummary, sourcesByGrade, withGrade, type CitedSource } from './sources.ts';
import { CHART_SIZE, NEUTRAL } from './theme.ts';
import type { BuiltChart } from './types.ts';

/** Options of {@link renderChart}. */
export interface RenderChartOptions {
  /** Prefix of every id in the SVG (default: the chart id). */
  idPrefix?: string;
  /** The provenance line under the source line (default: release, baseline, dataset and tool version). */
  meta?: string;
}

/** A rendered chart: the framed SVG, the warnings vega or vega-lite gave while drawing it, and the notes it shows. */
export interface RenderedChart {
  svg: string;
  warnings: string[];
  /** The frame's notes drawn on the picture ({@link pictureNotes}); the others belong in the appendix and notes. */
  notes: string[];
}

/** Lines of notes a chart picture carries at most; the rest go to the data table, the appendix and the notes. */
export const PICTURE_NOTE_LINES = 2;

/** Width in px the frame wraps its footer to, for a chart `width` px wide (the frame's own minimum kept). */
function footerWidth(width: number): number {
  return Math.max(width, 360 - 32);
}

function fitsOneLine(text: string, width: number): boolean {
  return wrapText(text, footerWidth(width), FRAME_TEXT.source.size).length <= 1;
}


/**
 * Every release a chart shows: its chart data's releases (the computed figures') and the releases of the
 * published figures beside them. A chart built without chart data names none.
 */
export function chartReleases(chart: Pick<BuiltChart, 'chartData'>): string[] {
  const data = chart.chartData;
  return data === undefined ? [] : [...new Set([...data.releases.map((choice) => choice.release), ...data.publishedReleases])];
}

/**
 * The ports whose inventories (data releases) the chart shows, by label in codelist order (a combined port
 * stands for its members), the documents those releases cite among `refs`, and how many releases they are.
 */
function inventoryPublishers(dataset: Dataset, releaseIds: readonly string[], refs: readonly string[]): { labels: string[]; refs: Set<string>; releases: number } {
  const cited = new Set(refs);
  const shown = new Set(releaseIds);
  let releases = 0;
  const ports = new Set<string>();
  const covered = new Set<string>();
  for (const release of dataset.records.releases) {
    if (!shown.has(release.release_id)) continue;
    const hits = release.source_ref.filter((ref) => cited.has(ref));
    if (hits.length === 0) continue;
    releases += 1;
    hits.forEach((ref) => covered.add(ref));
    const port = dataset.codelists.ports.get(release.port);
    for (const code of port !== undefined && port.kind === 'combined' && port.members.length > 0 ? port.members : [release.port]) ports.add(code);
  }
  const order = [...dataset.codelists.ports.keys()];
  const rank = (code: string) => (order.includes(code) ? order.indexOf(code) : order.length);
  const labels = [...ports].sort((a, b) => rank(a) - rank(b)).map((code) => dataset.codelists.ports.get(code)?.label ?? code);
  return { labels, refs: covered, releases };
}

/** At most this many document names in a chart's source line (else only the count). */
const MAX_NAMED_DOCUMENTS = 3;

/**
 * The one "Source: ..." line at the foot of a chart, never longer than one line at `width` px (default the
 * catalogue's chart width): the publishers named where the data says who they are (the ports whose
 * inventories, the release ids in `releases`, the chart shows), then how many documents, which the data lists with titles and
 * confidence grades ("Sources: Port of Los Angeles and Port of Long Beach inventories and other documents;
 * 35 documents, listed in the data"). A single source is named by its title and grade when that fits; up to
 * three documents (or documents of up to three names) by the names their titles start with ("Sources: South
 * Coast AQMD web page and Port of Los Angeles news release; 2 documents, listed in the data").
 * `moreNotes` (notes the picture leaves out) are counted in the same line.
 */
export function chartSourceLine(
  dataset: Dataset,
  refs: readonly string[],
  options: { width?: number; moreNotes?: number; releases?: readonly string[] } = {},
): string {
  const width = options.width ?? CHART_SIZE.width;
  const unique = [...new Set(refs)];
  const notes = options.moreNotes === undefined || options.moreNotes <= 0 ? '' : ` and ${options.moreNotes} more note${options.moreNotes === 1 ? '' : 's'}`;
  const count = unique.length === 0 ? (notes === '' ? '' : `; ${notes.slice(5)} in the data`) : `; ${unique.length} document${unique.length === 1 ? '' : 's'}${notes}, listed in the data`;
  const candidates: string[] = [];
  if (unique.length === 0) candidates.push(`Source: none cited${count}`);
  const single = unique.length === 1 ? citedSources(dataset, unique)[0]! : undefined;
  if (single !== undefined && single.confidence !== '') {
    candidates.push(`Source: ${withGrade(single.title, single)}${notes === '' ? '' : `;${notes.replace(' and', '')} in the data`}`);
  }
  const publishers = inventoryPublishers(dataset, options.releases ?? [], unique);
  if (publishers.labels.length > 0) {
    const others = publishers.refs.size < unique.length ? ' and other documents' : '';
    candidates.push(`Source${unique.length === 1 ? '' : 's'}: ${listWords(publishers.labels)} ${publishers.releases === 1 ? 'inventory' : 'inventories'}${others}${count}`);
  }
  // A few documents: named by the names their titles start with (publishers, mostly), best graded first.
  const names = [...new Set(sourcesByGrade(dataset, unique).map((ref) => documentName(dataset, ref)))];
  if (unique.length > 1 && names.length <= MAX_NAMED_DOCUMENTS) candidates.push(`Sources: ${listWords(names)}${count}`);
  candidates.push(`Source${unique.length === 1 ? '' : 's'}: ${count.slice(2)}`);
  return candidates.find((line) => fitsOneLine(line, width)) ?? candidates.at(-1)!;
}

/**
 * The notes a chart picture shows: in the chart's order, each note that still fits in
 * {@link PICTURE_NOTE_LINES} wrapped lines at `width` px, leaving out its gap notes ({@link gapNotes}: the
 * report's appendix and the deck notes list gaps). Every note stays in the chart's frame data.
 */
export function pictureNotes(chart: Pick<BuiltChart, 'frame' | 'gap' | 'chartData'>, width: number = CHART_SIZE.width): string[] {
  const gaps = gapNotes(chart);
  let left = PICTURE_NOTE_LINES;
  const shown: string[] = [];
  for (const note of chart.frame.notes) {
    if (note.trim() === '' || gaps.includes(note)) continue;
    const lines = wrapText(note, footerWidth(width), FRAME_TEXT.note.size).length;
    if (lines > left) continue;
    shown.push(note);
    left -= lines;
  }
  return shown;
}

/** Sources cited in full (title and grade) up to this many; beyond it, codes and grades. */
const FULL_TITLES = 3;

/**
 * The citation of a set of sources (a tooltip's, a table's): for up to three sources their titles with the
 * confidence grade ("POLA press release ... (B)"); for more, every source code with its grade, so each code
 * can be looked up in the dataset's sources list. A chart picture's foot uses {@link chartSourceLine}.
 */
export function sourceLine(dataset: Dataset, refs: readonly string[]): string {
  if (refs.length === 0) return 'Source: none cited';
  const sources = refs.map((ref) => citedSources(dataset, [ref])[0]!);
  const grade = (source: CitedSource) => (source.confidence === '' ? '' : ` (${source.confidence})`);
  if (refs.length <= FULL_TITLES) {
    const parts = sources.map((source) => (source.confidence === '' ? source.ref : `${source.title}${grade(source)}`));
    return `Source${refs.length > 1 ? 's' : ''}: ${parts.join('; ')}`;
  }
  const parts = sources.map((source) => `${source.ref}${grade(source)}`);
  return `Sources: ${refs.length} documents (confidence ${gradeSummary(sources)}; titles in the dataset's sources list): ${parts.join('; ')}`;
}

/** The provenance line: "Release: ... · Baseline: ... · Dataset <name> <hash12> · port-emissions <version>". */
export function metaLine(chart: BuiltChart, dataset: Dataset): string {
  return [
    chart.frame.release === '' ? '' : `Release: ${chart.frame.release}`,
    chart.frame.baseline === '' ? '' : `Baseline: ${chart.frame.baseline}`,
    `Dataset ${dataset.name} ${dataset.hash.slice(0, 12)}`,
    `port-emissions ${TOOL_VERSION}`,
  ]
    .filter((part) => part !== '')
    .join(' · ');
}

/** The notice drawn in place of a chart whose series the dataset lacks. */
function noticeSvg(missing: string): string {
  const width = CHART_SIZE.width;
  const pad = 16;
  const size = FRAME_TEXT.subtitle.size;
  const lines = wrapText(missing, width - 2 * pad - 8, size);
  const lineHeight = size * 1.35;
  const height = Math.ceil(pad * 2 + 20 + lines.length * lineHeight);
  const text = lines
    .map((line, i) => `<text x="${pad + 8}" y="${(pad + 20 + size + i * lineHeight).toFixed(1)}" font-family="${FONT_FAMILY}" font-size="${size}" fill="${NEUTRAL.text}">${escapeXml(line)}</text>`)
    .join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" fill="#fff6e0" stroke="#c98a00"/>`,
    `<rect x="0" y="0" width="5" height="${height}" fill="#c98a00"/>`,
    `<text x="${pad + 8}" y="${pad + 14}" font-family="${FONT_FAMILY}" font-size="14" font-weight="bold" fill="${NEUTRAL.text}">Not in the data</text>`,
    text,
    '</svg>',
  ].join('\n');
}

/** A chart drawn by renderChart: the scenegraph of its SVG and where the frame put it. */
interface Drawn {
  view: vega.View;
  layout: FrameLayout;
}

/**
 * The charts this process drew most recently, by their exact SVG, so that chartPng draws a chart's PNG from
 * the scenegraph its SVG was written from instead of parsing the SVG. Bounded: a report renders all its
 * SVGs before its PNGs, so this is the most charts a report gets scenegraph PNGs for. Which charts are
 * remembered depends only on the order of calls, so the same run gives the same bytes.
 */
const REMEMBERED = 256;
const drawn = new Map<string, Drawn>();

function remember(svg: string, entry: Drawn): void {
  drawn.delete(svg);
  drawn.set(svg, entry);
  if (drawn.size > REMEMBERED) drawn.delete(drawn.keys().next().value!);
}

/**
 * Draws a built chart as one self-contained SVG: the Vega-Lite spec rendered with the bundled font (or, for
 * a chart whose data is missing, a notice saying what data would fill it), framed with its title,
 * subtitle, notes, the source line (titles or codes of the sources with their confidence grades) and the
 * provenance line; the narrative is the SVG's description (alt text). Every id starts with `idPrefix`
 * (default the chart id). Identical input gives identical bytes.
 */
export async function renderChart(chart: BuiltChart, dataset: Dataset, options: RenderChartOptions = {}): Promise<RenderedChart> {
  const idPrefix = options.idPrefix ?? chart.id;
  const warnings: string[] = [];
  const scene = chart.missing === undefined ? await renderScene(chart.spec, { idPrefix, onWarning: (m) => warnings.push(m) }) : undefined;
  const inner = scene?.svg ?? noticeSvg(chart.missing!);
  const { width, height } = svgSize(inner);
  const notes = pictureNotes(chart, width);
  const words = {
    title: chart.frame.title,
    subtitle: chart.frame.subtitle,
    notes,
    source: chartSourceLine(dataset, chart.frame.sourceRefs, { width, releases: chartReleases(chart), moreNotes: chart.frame.notes.filter((note) => note.trim() !== '').length - notes.length }),
    meta: options.meta ?? metaLine(chart, dataset),
    description: chart.narrative,
  };
  const layout = frameLayout(width, height, words, {});
  const svg = framedSvg(inner, layout, words, idPrefix);
  if (scene !== undefined) remember(svg, { view: scene.view, layout });
  return { svg, warnings, notes };
}

/**
 * PNG bytes of a rendered chart at `scale` pixels per SVG px (2 for slides and screens, 3 for print). A
 * chart renderChart drew in this process (one of the last 256) is drawn from its vega scenegraph on a
 * skia canvas with the bundled font; any other SVG (or every one where the canvas package is missing) is
 * rasterised by resvg (svgToPng). Both give the same picture to within anti-aliasing, with text at the
 * widths the layout measured; each is deterministic.
 */
export async function chartPng(svg: string, scale: number): Promise<Buffer> {
  return (await chartPicture(svg, scale)).data;
}

/** As {@link chartPng}, with the picture's width and height in pixels as the renderer drew it. */
export async function chartPicture(svg: string, scale: number): Promise<PngPicture> {
  const entry = drawn.get(svg);
  const png = entry === undefined ? undefined : await scenePng(entry.view, entry.layout, scale);
  return png ?? svgToPngPicture(svg, { scale });
}
