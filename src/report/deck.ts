import pptxgenjs from 'pptxgenjs';
import { PortEmissionsError } from '../errors.ts';
import { normaliseZip, stripXmlInvalid } from './tabular.ts';
import type { DeckDash } from '../charts/types.ts';

/** A chart drawn by PowerPoint itself, so it stays editable (data, colours, axes) in the deck. */
export interface NativeChart {
  /**
   * `line`; `bar` (clustered columns); `stackedBar` (stacked columns); `scatter`: lines over a value x axis
   * (`xValues`, e.g. years spaced by value), each series' points joined across the years it lacks.
   */
  type: 'line' | 'bar' | 'stackedBar' | 'scatter';
  /** Category axis labels, e.g. years as strings. */
  categories: string[];
  /** scatter: the x value of each category, ascending (same length as `categories`). */
  xValues?: number[];
  /**
   * One entry per series; `values` line up with `categories` (same length); `null` is a gap. `reference`:
   * a target or capacity line, drawn thin. `dash`: a dashed line (PowerPoint's preset name).
   */
  series: { name: string; values: (number | null)[]; color?: string /* hex without # */; reference?: boolean; dash?: DeckDash }[];
  yAxisTitle?: string;
  xAxisTitle?: string;
  /** Values are percentages as people read them (-62.3 means -62.3 %); the value axis shows a % sign. */
  percent?: boolean;
  /** Excel number format of the value axis (e.g. `#,##0`); default `#,##0` with a % sign when `percent`. */
  numberFormat?: string;
  /** Value axis range; absent: PowerPoint's own. */
  yMin?: number;
  yMax?: number;
}

/** One slide of the deck, carrying the chart frame (title, source, release, baseline). */
export interface ChartSlide {
  /** Chart id, e.g. `intensity`; names the chart or picture object on the slide. */
  id: string;
  title: string;
  subtitle?: string;
  /** Shown under the chart, e.g. `Source: Port of Los Angeles, Inventory of Air Emissions 2023 [1]`. */
  sourceLine: string;
  /** Shown under the source line: release, baseline, e.g. `Release 2024-09 · baseline 2005`. */
  frameLine: string;
  /** Speaker notes: the narrative sentence and citations. */
  notes: string;
  /** Native editable chart; when given, `png` is ignored. */
  native?: NativeChart;
  /** The rendered chart picture, used when there is no `native` chart. */
  png?: { data: Uint8Array; widthPx: number; heightPx: number };
}

/** One key figure of the key-findings slide. */
export interface DeckKeyFigure {
  /** The number, printed large, e.g. `−90%`. */
  value: string;
  /** What it is, e.g. `DPM below the 2005 baseline`. */
  label: string;
  /** Port, year and evidence, e.g. `Port of Los Angeles, 2024, as published`. */
  context: string;
  /** Where it comes from, one short line, e.g. `Source: [POLA_PR_2024] (confidence B)`. */
  source: string;
}

/** A board-pack deck: title slide, key findings, one slide per chart, closing sources slide(s). */
export interface DeckSpec {
  title: string;
  subtitle?: string;
  /** Small print on the title slide, e.g. dataset hash and tool version. */
  meta?: string;
  /** The key-findings slide after the title slide (3-6 figures); none when absent or empty. */
  keyFigures?: DeckKeyFigure[];
  slides: ChartSlide[];
  sources: { ref: string; title: string; url?: string; confidence?: string }[];
}

export interface DeckOptions {
  /**
   * Written as created and modified in the document properties (and, from 1980 on, as every zip entry's
   * timestamp). Default 1970-01-01T00:00:00Z, so the same spec gives the same bytes.
   */
  date?: Date;
  /** Author and company in the document properties; default `port-emissions`. */
  author?: string;
}

// 16:9 widescreen (PowerPoint's default slide size), in inches.
const SLIDE_W = 13.333;
const MARGIN = 0.5;
const CONTENT_W = SLIDE_W - 2 * MARGIN;
const FONT = 'Arial';
const INK = '1A1A1A';
const MUTED = '595959';
/** Sources on one closing slide (two columns, one line each) before a second slide is used; never more than two. */
export const SOURCES_PER_SLIDE = 40;
/** The most closing sources slides a deck has: beyond SOURCES_PER_SLIDE each, the type gets smaller. */
export const MAX_SOURCE_SLIDES = 2;
/** Characters of a source's title on the sources slide; the full title is in the slide's speaker notes. */
export const SOURCE_TITLE_CHARS = 48;
const ACCENT = '0B5394';
/** Okabe-Ito colour-blind-safe palette, cycled when a series has no colour of its own. */
const PALETTE = ['0072B2', 'E69F00', '009E73', 'D55E00', 'CC79A7', '56B4E9', 'F0E442', '000000'];
const EPOCH = new Date(Date.UTC(1970, 0, 1));

// pptxgenjs's types describe its CommonJS build (class under `default`) while Node loads its ES build (class
// as the default export); take whichever the runtime gives.
type PresentationClass = typeof pptxgenjs.default;
const Presentation: PresentationClass =
  (pptxgenjs as unknown as { default?: PresentationClass }).default ?? (pptxgenjs as unknown as PresentationClass);
type Pptx = InstanceType<PresentationClass>;
type Slide = ReturnType<Pptx['addSlide']>;
type ChartOptions = NonNullable<Parameters<Slide['addChart']>[2]>;
type TextRun = Extract<Parameters<Slide['addText']>[0], unknown[]>[number];

function text(value: string): string {
  return stripXmlInvalid(value);
}

function deckError(message: string, hint?: string): PortEmissionsError {
  return new PortEmissionsError(message, { exitCode: 1, ...(hint === undefined ? {} : { hint }) });
}

function checkNative(slide: ChartSlide, chart: NativeChart): void {
  if (chart.categories.length === 0 || chart.series.length === 0) {
    throw deckError(`Chart ${slide.id}: a native chart needs at least one category and one series`);
  }
  if (chart.type === 'scatter' && (chart.xValues === undefined || chart.xValues.length !== chart.categories.length || !chart.xValues.every(Number.isFinite))) {
    throw deckError(`Chart ${slide.id}: a scatter chart needs one finite x value per category`);
  }
  for (const series of chart.series) {
    if (series.values.length !== chart.categories.length) {
      throw deckError(
        `Chart ${slide.id}: series "${series.name}" has ${series.values.length} values for ${chart.categories.length} categories`,
        'give one value (or null) per category',
      );
    }
    if (series.color !== undefined && !/^[0-9A-Fa-f]{6}$/.test(series.color)) {
      throw deckError(`Chart ${slide.id}: series "${series.name}" colour "${series.color}" is not 6 hex digits`, 'write colours like 0072B2, without #');
    }
    for (const value of series.values) {
      if (value !== null && !Number.isFinite(value)) {
        throw deckError(`Chart ${slide.id}: series "${series.name}" holds ${String(value)}`, 'use null for a missing value');
      }
    }
  }
}

function addFrame(slide: Slide, chart: ChartSlide): { y: number; h: number } {
  // Empty strings are left out: pptxgenjs writes an empty text box that PowerPoint asks to repair.
  if (chart.title !== '') slide.addText(text(chart.title), {
    x: MARGIN, y: 0.3, w: CONTENT_W, h: 0.6,
    fontFace: FONT, fontSize: 26, bold: true, color: INK, valign: 'top', fit: 'shrink',
  });
  // A picture carries its own subtitle, notes, source line and provenance (the chart frame): the slide
  // repeats none of them, so the picture gets the height they took (it reads at about 1.4x the size).
  if (chart.native === undefined && chart.png !== undefined) return { y: 1.0, h: 7.2 - 1.0 };
  let top = 1.0;
  if (chart.subtitle !== undefined && chart.subtitle !== '') {
    slide.addText(text(chart.subtitle), {
      x: MARGIN, y: 0.9, w: CONTENT_W, h: 0.4, fontFace: FONT, fontSize: 14, color: MUTED, valign: 'top',
    });
    top = 1.4;
  }
  if (chart.sourceLine !== '') slide.addText(text(chart.sourceLine), {
    x: MARGIN, y: 6.5, w: CONTENT_W, h: 0.35, fontFace: FONT, fontSize: 10, color: INK, valign: 'top', fit: 'shrink',
  });
  if (chart.frameLine !== '') slide.addText(text(chart.frameLine), {
    x: MARGIN, y: 6.85, w: CONTENT_W, h: 0.35, fontFace: FONT, fontSize: 10, color: MUTED, valign: 'top', fit: 'shrink',
  });
  return { y: top, h: 6.4 - top };
}

function addNativeChart(pptx: Pptx, slide: Slide, chart: ChartSlide, native: NativeChart, box: { y: number; h: number }): void {
  const categories = native.categories.map(text);
  const scatter = native.type === 'scatter';
  const series = native.series.map((series) => ({ name: text(series.name), labels: categories, values: series.values }));
  // A scatter chart's first entry holds the x values of every series.
  const data = scatter ? [{ name: 'Year', labels: categories, values: native.xValues! }, ...series] : series;
  // Every series gets an explicit colour: pptxgenjs picks a random one for series beyond its palette.
  const colors = native.series.map((series, i) => (series.color ?? PALETTE[i % PALETTE.length]!).toUpperCase());
  const options: ChartOptions = {
    x: MARGIN, y: box.y, w: CONTENT_W, h: box.h,
    altText: text(chart.title),
    objectName: text(`chart ${chart.id}`),
    chartArea: { roundedCorners: false },
    chartColors: colors,
    // A scatter series is joined across the years it lacks (as the picture's lines are); a category chart
    // leaves a gap.
    displayBlanksAs: scatter ? 'span' : 'gap',
    showLegend: native.series.length > 1,
    legendPos: 'b',
    legendFontFace: FONT,
    legendFontSize: 11,
    catAxisLabelFontFace: FONT,
    catAxisLabelFontSize: 11,
    valAxisLabelFontFace: FONT,
    valAxisLabelFontSize: 11,
    valGridLine: { color: 'D9D9D9', size: 0.5 },
    catGridLine: { style: 'none' },
  };
  if (native.yAxisTitle !== undefined) {
    Object.assign(options, { showValAxisTitle: true, valAxisTitle: text(native.yAxisTitle), valAxisTitleFontSize: 12, valAxisTitleFontFace: FONT });
  }
  if (native.xAxisTitle !== undefined) {
    Object.assign(options, { showCatAxisTitle: true, catAxisTitle: text(native.xAxisTitle), catAxisTitleFontSize: 12, catAxisTitleFontFace: FONT });
  }
  // A literal % (escaped) rather than Excel's % format, which would multiply the values by 100.
  options.valAxisLabelFormatCode = native.numberFormat ?? (native.percent === true ? '#,##0\\%' : '#,##0');
  if (native.yMin !== undefined) options.valAxisMinVal = native.yMin;
  if (native.yMax !== undefined) options.valAxisMaxVal = native.yMax;
  if (scatter) {
    const xs = native.xValues!;
    // Round years at the ends and between labels, as the pictures' year axes.
    const step = yearStep(xs[0]!, xs.at(-1)!);
    Object.assign(options, {
      lineSize: 2,
      lineDataSymbol: 'circle',
      lineDataSymbolSize: 6,
      catAxisMinVal: Math.floor(xs[0]! / step) * step,
      catAxisMaxVal: Math.ceil(xs.at(-1)! / step) * step,
      catAxisMajorUnit: step,
      // The year axis along the bottom of the plot, not across it at 0 when figures go below 0.
      ...(native.yMin !== undefined && native.yMin < 0 ? { valAxisCrossesAt: native.yMin } : {}),
    });
    slide.addChart(pptx.ChartType.scatter, data, options);
  } else if (native.type === 'line') {
    Object.assign(options, { lineSize: 2, lineDataSymbol: 'circle', lineDataSymbolSize: 5 });
    slide.addChart(pptx.ChartType.line, data, options);
  } else {
    Object.assign(options, { barDir: 'col', barGrouping: native.type === 'stackedBar' ? 'stacked' : 'clustered', barGapWidthPct: 60 });
    if (native.type === 'stackedBar') options.barOverlapPct = 100;
    slide.addChart(pptx.ChartType.bar, data, options);
  }
}

/** Years between labels of a year axis from `min` to `max`: 1, 2, 5 or 10, as the pictures' axes. */
function yearStep(min: number, max: number): number {
  const span = max - min;
  return span <= 6 ? 1 : span <= 12 ? 2 : span <= 30 ? 5 : 10;
}

function addPicture(slide: Slide, chart: ChartSlide, png: NonNullable<ChartSlide['png']>, box: { y: number; h: number }): void {
  if (!(png.widthPx > 0 && png.heightPx > 0)) {
    throw deckError(`Chart ${chart.id}: picture size ${png.widthPx}x${png.heightPx} px is not positive`);
  }
  const scale = Math.min(CONTENT_W / png.widthPx, box.h / png.heightPx);
  const w = png.widthPx * scale;
  const h = png.heightPx * scale;
  slide.addImage({
    data: `image/png;base64,${Buffer.from(png.data).toString('base64')}`,
    x: MARGIN + (CONTENT_W - w) / 2,
    y: box.y + (box.h - h) / 2,
    w,
    h,
    altText: text(chart.title),
    objectName: text(`chart ${chart.id}`),
  });
}

/** A link is only made for web addresses; anything else (javascript:, file:) stays plain text. */
function isWebUrl(url: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(url);
}

/** A title cut to `max` characters at a word boundary, with an ellipsis when cut. */
export function shortTitle(title: string, max: number = SOURCE_TITLE_CHARS): string {
  const clean = title.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:(\-]+$/, '')}\u2026`;
}

/** One line of the sources slide: `[REF] short title (B)`, the grade explained at the foot of the slide. */
function sourceLineText(source: DeckSpec['sources'][number]): string {
  const confidence = source.confidence === undefined || source.confidence === '' ? '' : ` (${text(source.confidence)})`;
  return `[${text(source.ref)}] ${text(shortTitle(source.title))}${confidence}`;
}

/** The full entry, for the speaker notes: title, grade and address. */
function sourceNoteText(source: DeckSpec['sources'][number]): string {
  const confidence = source.confidence === undefined || source.confidence === '' ? '' : ` (confidence: ${source.confidence})`;
  return text(`[${source.ref}] ${source.title}${confidence}${source.url === undefined || source.url === '' ? '' : ` ${source.url}`}`);
}

/**
 * The closing sources: at most {@link MAX_SOURCE_SLIDES} slides, each two columns of one line per source
 * (code, title cut to {@link SOURCE_TITLE_CHARS} characters, grade; linked to its web address), the type
 * smaller as the list grows; every full title and address in the slide's speaker notes.
 */
function addSources(pptx: Pptx, sources: DeckSpec['sources']): void {
  const pages = Math.min(MAX_SOURCE_SLIDES, Math.max(1, Math.ceil(sources.length / SOURCES_PER_SLIDE)));
  const perPage = Math.max(1, Math.ceil(sources.length / pages));
  const rows = Math.ceil(perPage / 2);
  const boxHeight = 5.4;
  // 1.25 line spacing; from 9 pt down to 6 pt so that every row fits the box.
  const fontSize = Math.max(6, Math.min(9, Math.floor((boxHeight * 72) / (Math.max(rows, 1) * 1.25))));
  const columnW = (CONTENT_W - 0.3) / 2;
  for (let page = 0; page < pages; page += 1) {
    const slide = pptx.addSlide();
    slide.addText(pages === 1 ? 'Sources' : `Sources (${page + 1}/${pages})`, {
      x: MARGIN, y: 0.3, w: CONTENT_W, h: 0.6, fontFace: FONT, fontSize: 26, bold: true, color: INK, valign: 'top',
    });
    const chunk = sources.slice(page * perPage, (page + 1) * perPage);
    if (chunk.length === 0) {
      slide.addText('No sources were listed for these charts.', { x: MARGIN, y: 1.1, w: CONTENT_W, h: 0.5, fontFace: FONT, fontSize: 12, color: MUTED, valign: 'top' });
      continue;
    }
    const columns = [chunk.slice(0, rows), chunk.slice(rows)].filter((column) => column.length > 0);
    columns.forEach((column, c) => {
      // One run per paragraph: pptxgenjs writes a paragraph-properties element before every run, which is
      // only valid for the first run, and PowerPoint asks to repair a file with more.
      const runs: TextRun[] = column.map((source, i) => {
        const url = source.url === undefined ? '' : text(source.url);
        return {
          text: sourceLineText(source),
          options: { breakLine: i < column.length - 1, ...(isWebUrl(url) ? { hyperlink: { url } } : {}) },
        };
      });
      slide.addText(runs, {
        x: MARGIN + c * (columnW + 0.3), y: 1.05, w: columnW, h: boxHeight, fontFace: FONT, fontSize, color: INK, valign: 'top', lineSpacingMultiple: 1.05,
      });
    });
    slide.addText('Codes as in the dataset\'s sources list; (A)-(D): confidence grade. Full titles and addresses in this slide\'s notes, the report\'s appendix and the export README.', {
      x: MARGIN, y: 6.7, w: CONTENT_W, h: 0.4, fontFace: FONT, fontSize: 10, color: MUTED, valign: 'top',
    });
    slide.addNotes(chunk.map(sourceNoteText).join('\n'));
  }
}

/** The key-findings slide: up to six figures in large type, three to a row, each with its context and source. */
function addKeyFindings(pptx: Pptx, figures: readonly DeckKeyFigure[]): void {
  const slide = pptx.addSlide();
  slide.addText('Key findings', { x: MARGIN, y: 0.3, w: CONTENT_W, h: 0.6, fontFace: FONT, fontSize: 26, bold: true, color: INK, valign: 'top' });
  const shown = figures.slice(0, 6);
  const perRow = shown.length <= 4 && shown.length !== 3 ? 2 : 3;
  const gap = 0.3;
  const cardW = (CONTENT_W - gap * (perRow - 1)) / perRow;
  const rowsCount = Math.ceil(shown.length / perRow);
  const cardH = Math.min(2.7, (5.9 - gap * (rowsCount - 1)) / rowsCount);
  shown.forEach((figure, i) => {
    const x = MARGIN + (i % perRow) * (cardW + gap);
    const y = 1.1 + Math.floor(i / perRow) * (cardH + gap);
    slide.addShape(pptx.ShapeType.rect, { x, y, w: cardW, h: 0.06, fill: { color: ACCENT }, line: { color: ACCENT, width: 0 } });
    slide.addText(text(figure.value), { x, y: y + 0.1, w: cardW, h: 0.85, fontFace: FONT, fontSize: 44, bold: true, color: ACCENT, valign: 'top', fit: 'shrink' });
    slide.addText(text(figure.label), { x, y: y + 0.95, w: cardW, h: 0.55, fontFace: FONT, fontSize: 15, bold: true, color: INK, valign: 'top', fit: 'shrink' });
    if (figure.context !== '') slide.addText(text(figure.context), { x, y: y + 1.5, w: cardW, h: 0.55, fontFace: FONT, fontSize: 12, color: MUTED, valign: 'top', fit: 'shrink' });
    if (figure.source !== '') slide.addText(text(figure.source), { x, y: y + 2.05, w: cardW, h: Math.max(0.3, cardH - 2.1), fontFace: FONT, fontSize: 9, color: MUTED, valign: 'top', fit: 'shrink' });
  });
  slide.addNotes(shown.map((figure) => `${figure.value} ${figure.label}. ${figure.context}. ${figure.source}`).join('\n'));
}

/** ISO date without milliseconds, the form Office writes in docProps/core.xml. */
function w3cdtf(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function pinCoreDates(xml: string, date: Date): string {
  const stamp = w3cdtf(date);
  return xml
    .replace(/(<dcterms:created\b[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${stamp}$2`)
    .replace(/(<dcterms:modified\b[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${stamp}$2`);
}

const utf8 = new TextDecoder();
const encoder = new TextEncoder();

/** Chart numbers as pptxgenjs wrote them (a counter shared by every deck in the process) -> 1, 2, 3 ... */
function chartNumbering(names: readonly string[]): Map<string, string> {
  const numbers = names
    .map((name) => /^ppt\/charts\/chart(\d+)\.xml$/.exec(name)?.[1])
    .filter((n): n is string => n !== undefined)
    .sort((a, b) => Number(a) - Number(b));
  return new Map(numbers.map((n, i) => [n, String(i + 1)]));
}

function renumber(text: string, numbering: ReadonlyMap<string, string>): string {
  return text
    .replace(/(charts\/(?:_rels\/)?chart)(\d+)(\.xml)/g, (all, head: string, n: string, tail: string) => `${head}${numbering.get(n) ?? n}${tail}`)
    .replace(/(Microsoft_Excel_Worksheet)(\d+)(\.xlsx)/g, (all, head: string, n: string, tail: string) => `${head}${numbering.get(n) ?? n}${tail}`);
}

/** Drops content-type overrides for parts the package does not hold (pptxgenjs lists a slide master per slide). */
function pruneOverrides(xml: string, names: ReadonlySet<string>): string {
  return xml.replace(/<Override PartName="\/([^"]+)"[^>]*\/>/g, (override, part: string) => (names.has(part) ? override : ''));
}

/** How one series of an editable chart is drawn beyond what pptxgenjs sets for every series of the chart. */
interface SeriesLine {
  reference: boolean;
  dash: DeckDash | undefined;
}

/**
 * The series of a scatter chart drawn as the pictures draw them (pptxgenjs gives every series of a chart the
 * same line style): a reference series (target, capacity) as a thin dashed line without markers; a series
 * with a dash in that dash.
 */
function seriesLines(xml: string, lines: readonly SeriesLine[]): string {
  if (!lines.some((line) => line.reference || line.dash !== undefined) || !xml.includes('<c:scatterChart>')) return xml;
  return xml.replace(/<c:ser>[\s\S]*?<\/c:ser>/g, (ser) => {
    const line = lines[Number(/<c:idx val="(\d+)"\/>/.exec(ser)?.[1] ?? -1)];
    if (line === undefined) return ser;
    if (line.reference) {
      return ser
        .replace(/(<c:spPr>[\s\S]*?<a:ln w=")\d+(")/, '$112700$2')
        .replace(/(<c:spPr>[\s\S]*?<a:prstDash val=")solid(")/, '$1dash$2')
        .replace(/<c:symbol val="[a-z]+"\/>/, '<c:symbol val="none"/>');
    }
    return line.dash === undefined ? ser : ser.replace(/(<c:spPr>[\s\S]*?<a:prstDash val=")solid(")/, `$1${line.dash}$2`);
  });
}

/**
 * A scatter chart's x axis (years) labelled as plain integers ("2018", not "2,018"): pptxgenjs gives both
 * value axes of a scatter chart the y axis' number format; the x axis is the first value axis after the
 * plot.
 */
function yearAxisFormat(xml: string): string {
  return xml.replace(/(<\/c:scatterChart>\s*<c:valAx>[\s\S]*?<c:numFmt formatCode=")[^"]*(")/, '$10$2');
}

/**
 * Makes the written .pptx depend only on the spec: pptxgenjs stamps the current time into docProps/core.xml,
 * into each chart's embedded workbook and onto every zip entry, and numbers charts with a counter that keeps
 * growing across decks built in one process. Also drops empty chart points (`<c:v></c:v>`, how pptxgenjs
 * writes null), which PowerPoint reads as misplaced points; without them the point is missing and
 * `dispBlanksAs="gap"` leaves a gap.
 */
async function deterministicPptx(archive: Uint8Array, date: Date, lines: readonly (readonly SeriesLine[])[] = []): Promise<Buffer> {
  let numbering: Map<string, string> | undefined;
  return normaliseZip(archive, {
    date,
    rename: (name, names) => {
      numbering ??= chartNumbering(names);
      return /^ppt\/(charts|embeddings)\//.test(name) ? renumber(name, numbering) : name;
    },
    rewrite: async (name, data, names) => {
      if (name === 'docProps/core.xml') return encoder.encode(pinCoreDates(utf8.decode(data), date));
      if (name === '[Content_Types].xml') return encoder.encode(pruneOverrides(renumber(utf8.decode(data), numbering!), names));
      if (name.endsWith('.rels')) {
        // Internal targets only: an external hyperlink is the user's text and stays as written.
        const xml = utf8.decode(data).replace(/<Relationship\b[^>]*>/g, (rel) =>
          rel.includes('TargetMode="External"') ? rel : renumber(rel, numbering!),
        );
        return encoder.encode(xml);
      }
      if (/^ppt\/charts\/chart\d+\.xml$/.test(name)) {
        // Renamed already: chart<n>.xml is the n-th editable chart of the deck.
        const order = Number(/chart(\d+)\.xml$/.exec(name)![1]);
        const xml = yearAxisFormat(utf8.decode(data).replace(/<c:pt idx="\d+"><c:v><\/c:v><\/c:pt>/g, ''));
        return encoder.encode(seriesLines(xml, lines[order - 1] ?? []));
      }
      if (/^ppt\/embeddings\/.+\.xlsx$/.test(name)) {
        return normaliseZip(data, {
          date,
          rewrite: (inner, bytes) => {
            if (inner === 'docProps/core.xml') return encoder.encode(pinCoreDates(utf8.decode(bytes), date));
            // A null point is written as an empty value, which Excel rejects when the chart data is edited.
            if (inner.startsWith('xl/worksheets/')) {
              return encoder.encode(utf8.decode(bytes).replace(/<c r="([A-Z]+\d+)"><v><\/v><\/c>/g, '<c r="$1"/>'));
            }
            return bytes;
          },
        });
      }
      return data;
    },
  });
}

/**
 * A PowerPoint deck (16:9) for a board pack: a title slide (title, subtitle, meta); a key-findings slide
 * when `keyFigures` are given (up to six, value in large type, label, context, source); one slide per chart with
 * its title, subtitle, source line and frame line as text, the chart as a native editable PowerPoint chart
 * when `native` is given (line, clustered bar, stacked bar) or else the PNG scaled to fit with its aspect
 * ratio kept, and the notes as speaker notes; then the sources on one or two slides (two columns, short
 * titles with grades, web addresses linked, full entries in the speaker notes). Text is escaped by pptxgenjs; characters XML cannot carry are dropped.
 *
 * Deterministic: the same spec and `options.date` give the same bytes.
 *
 * @throws PortEmissionsError (exit code 1) when a chart slide has neither `native` nor `png`, a series length
 *   differs from the categories, a value is NaN/Infinity, a colour is not 6 hex digits, or a picture has no size.
 */
export async function buildDeck(spec: DeckSpec, options: DeckOptions = {}): Promise<Buffer> {
  const date = options.date ?? EPOCH;
  const author = text(options.author ?? 'port-emissions');
  for (const chart of spec.slides) {
    if (chart.native !== undefined) checkNative(chart, chart.native);
    else if (chart.png === undefined) throw deckError(`Chart ${chart.id}: the slide has neither a native chart nor a PNG`);
  }

  const pptx = new Presentation();
  pptx.layout = 'LAYOUT_WIDE';
  pptx.author = author;
  pptx.company = author;
  pptx.title = text(spec.title);
  pptx.subject = text(spec.subtitle ?? spec.title);
  pptx.revision = '1';

  const cover = pptx.addSlide();
  if (spec.title !== '') cover.addText(text(spec.title), {
    x: MARGIN, y: 2.2, w: CONTENT_W, h: 1.4, fontFace: FONT, fontSize: 36, bold: true, color: INK, valign: 'bottom', fit: 'shrink',
  });
  if (spec.subtitle !== undefined && spec.subtitle !== '') {
    cover.addText(text(spec.subtitle), {
      x: MARGIN, y: 3.7, w: CONTENT_W, h: 0.8, fontFace: FONT, fontSize: 20, color: MUTED, valign: 'top',
    });
  }
  if (spec.meta !== undefined && spec.meta !== '') {
    cover.addText(text(spec.meta), {
      x: MARGIN, y: 6.6, w: CONTENT_W, h: 0.5, fontFace: FONT, fontSize: 10, color: MUTED, valign: 'bottom',
    });
  }

  if (spec.keyFigures !== undefined && spec.keyFigures.length > 0) addKeyFindings(pptx, spec.keyFigures);

  for (const chart of spec.slides) {
    const slide = pptx.addSlide();
    const box = addFrame(slide, chart);
    if (chart.native !== undefined) addNativeChart(pptx, slide, chart, chart.native, box);
    else if (chart.png !== undefined) addPicture(slide, chart, chart.png, box);
    if (chart.notes !== '') slide.addNotes(text(chart.notes));
  }

  addSources(pptx, spec.sources);

  const written = (await pptx.write({ outputType: 'uint8array' })) as Uint8Array;
  // Per editable chart, in slide order (the order pptxgenjs numbers them), how each series is drawn.
  const lines = spec.slides
    .filter((slide) => slide.native !== undefined)
    .map((slide) => slide.native!.series.map((series) => ({ reference: series.reference === true, dash: series.dash })));
  return deterministicPptx(written, date, lines);
}
