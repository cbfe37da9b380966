import { PortEmissionsError } from '../errors.ts';
import { FONT_FAMILY, textWidth } from './fonts.ts';
import { assertIdPrefix, escapeXml } from './xml.ts';

/** The words around a chart. Plain strings: the frame knows nothing of what the chart shows. */
export interface SvgFrame {
  /** Bold heading. */
  title: string;
  subtitle?: string;
  /** Footnotes, each starting on its own line and wrapped to the frame width. */
  notes?: string[];
  /** Citations of the data; drawn as "Source: ..." (unless it already starts with "Source:"/"Sources:"). */
  source?: string;
  /** Provenance line, e.g. "Release: 2024 · Baseline: 2005 · port-emissions 0.1.0". */
  meta?: string;
  /** Alt text for the whole picture (the SVG `<desc>`). Defaults to the title and subtitle. */
  description?: string;
}

export interface FrameOptions {
  /** Prefix for the frame's own ids (`<prefix>-frame-title`, `<prefix>-frame-desc`). */
  idPrefix: string;
  /** Space around everything, in px. Default 16. */
  padding?: number;
  /** Smallest total width in px, so the words of a very narrow chart still have room. Default 360. */
  minWidth?: number;
}

/** Font size (px), weight and colour of each kind of frame text. Colours keep >= 4.5:1 contrast on white. */
export const FRAME_TEXT = {
  title: { size: 16, weight: 'bold', color: '#1a1a1a' },
  subtitle: { size: 12.5, weight: 'normal', color: '#404040' },
  note: { size: 11, weight: 'normal', color: '#333333' },
  source: { size: 10.5, weight: 'normal', color: '#404040' },
  meta: { size: 10, weight: 'normal', color: '#595959' },
} as const;

type TextStyle = (typeof FRAME_TEXT)[keyof typeof FRAME_TEXT];

const LINE_HEIGHT = 1.3;
// Baseline below the top of a line box: DejaVu's ascender is 0.93 em; the rest of the box is leading.
const BASELINE = 1.0;
const GAP = 10;
const FOOTER_GAP = 3;

/** A number as the SVG will carry it: at most 2 decimals, no trailing zeros, no "-0". */
function num(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/**
 * `text` broken into lines no wider than `maxWidth` px in the bundled font: greedy by words (runs of
 * whitespace collapse), explicit newlines kept, a word longer than a line broken between characters.
 * Empty or blank text gives no lines.
 */
export function wrapText(text: string, maxWidth: number, fontSizePx: number, fontWeight?: string | number): string[] {
  const lines: string[] = [];
  const width = (s: string): number => textWidth(s, fontSizePx, fontWeight);
  for (const paragraph of String(text).split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w.length > 0)) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (width(candidate) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line !== '') lines.push(line);
      line = '';
      if (width(word) <= maxWidth) {
        line = word;
        continue;
      }
      for (const char of word) {
        if (line !== '' && width(line + char) > maxWidth) {
          lines.push(line);
          line = '';
        }
        line += char;
      }
    }
    if (line !== '') lines.push(line);
  }
  return lines;
}

function parseLength(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*([0-9]*\.?[0-9]+(?:e[-+]?[0-9]+)?)\s*(px)?\s*$/i.exec(value);
  return match ? Number(match[1]) : undefined;
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return match ? (match[1] ?? match[2]) : undefined;
}

/** The root `<svg ...>` of a document and its size in px (from width/height, else the viewBox). */
function rootOf(svg: string): { before: number; tag: string; width: number; height: number } {
  const start = svg.search(/<svg[\s>]/);
  const end = start >= 0 ? svg.indexOf('>', start) : -1;
  if (start < 0 || end < 0) {
    throw new PortEmissionsError('The chart to frame is not an SVG document (no <svg> element).', {
      hint: 'Pass the output of renderSvg.',
    });
  }
  const tag = svg.slice(start, end + 1);
  const viewBox = attribute(tag, 'viewBox')
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  const width = parseLength(attribute(tag, 'width')) ?? viewBox?.[2];
  const height = parseLength(attribute(tag, 'height')) ?? viewBox?.[3];
  if (width === undefined || height === undefined || !Number.isFinite(width) || !Number.isFinite(height)) {
    throw new PortEmissionsError('The chart to frame has no size (no width/height or viewBox on its <svg>).', {
      hint: 'Pass the output of renderSvg.',
    });
  }
  return { before: start, tag, width, height };
}

/** Width and height in px of an SVG document's root element. */
export function svgSize(svg: string): { width: number; height: number } {
  const { width, height } = rootOf(svg);
  return { width, height };
}

/**
 * The inner chart as a child <svg> at (x, y): prolog, doctype and leading comments dropped. It does not clip
 * (overflow visible): vega sizes its SVG to hold every mark, so the clip only ever trimmed anti-aliased
 * edge pixels, and resvg draws a clipped viewport through an extra layer, 40% of a chart's PNG time at 2x.
 */
function nestedSvg(svg: string, x: number, y: number): { markup: string; width: number; height: number } {
  const root = rootOf(svg);
  const positioned = root.tag
    .replace(/\s(?:x|y|overflow)\s*=\s*(?:"[^"]*"|'[^']*')/g, '')
    .replace(/^<svg/, `<svg x="${num(x)}" y="${num(y)}" overflow="visible"`);
  const rest = svg.slice(root.before + root.tag.length).trimEnd();
  return { markup: positioned + rest, width: root.width, height: root.height };
}

interface Block {
  lines: string[];
  style: TextStyle;
}

/** One line of frame text, placed: its baseline starts at (x, y) in px of the framed picture. */
export interface FrameLine {
  x: number;
  y: number;
  text: string;
  size: number;
  bold: boolean;
  color: string;
}

/**
 * Where everything of a framed chart goes, in px: the outer size, the chart's top-left corner and every
 * line of words (header lines first, `headerLines` of them, then the footer), each already wrapped to the
 * frame width with the bundled font's metrics. The one layout both the SVG (frameSvg) and the PNG drawn
 * from vega's scenegraph (chart-png.ts) are made from, so the two put every word in the same place.
 */
export interface FrameLayout {
  width: number;
  height: number;
  chartX: number;
  chartY: number;
  lines: FrameLine[];
  headerLines: number;
}

/** The layout of a frame around a chart of `chartWidth` x `chartHeight` px (see frameSvg). */
export function frameLayout(chartWidth: number, chartHeight: number, frame: SvgFrame, options: Omit<FrameOptions, 'idPrefix'>): FrameLayout {
  const padding = options.padding ?? 16;
  if (!(padding >= 0) || !Number.isFinite(padding)) {
    throw new PortEmissionsError(`Invalid frame padding ${String(padding)}; expected a number of px >= 0.`, { exitCode: 2 });
  }
  const contentWidth = Math.max(chartWidth, (options.minWidth ?? 360) - 2 * padding);
  const width = contentWidth + 2 * padding;

  const block = (text: string | undefined, style: TextStyle): Block[] =>
    text === undefined ? [] : [{ lines: wrapText(text, contentWidth, style.size, style.weight), style }];
  const source = frame.source === undefined || /^\s*sources?:/i.test(frame.source) ? frame.source : `Source: ${frame.source}`;
  const header = [...block(frame.title, FRAME_TEXT.title), ...block(frame.subtitle, FRAME_TEXT.subtitle)].filter(
    (b) => b.lines.length > 0,
  );
  const footer = [
    ...(frame.notes ?? []).flatMap((note) => block(note, FRAME_TEXT.note)),
    ...block(source, FRAME_TEXT.source),
    ...block(frame.meta, FRAME_TEXT.meta),
  ].filter((b) => b.lines.length > 0);

  const lines: FrameLine[] = [];
  let y = padding;
  const place = (blocks: Block[], gapBetween: number): void => {
    blocks.forEach((b, index) => {
      if (index > 0) y += gapBetween;
      const lineHeight = b.style.size * LINE_HEIGHT;
      for (const text of b.lines) {
        lines.push({ x: padding, y: y + b.style.size * BASELINE, text, size: b.style.size, bold: b.style.weight === 'bold', color: b.style.color });
        y += lineHeight;
      }
    });
  };

  place(header, 2);
  const headerLines = lines.length;
  if (header.length > 0) y += GAP;
  // A whole-pixel offset keeps vega's half-pixel hairlines crisp in the PNG.
  y = Math.ceil(y);
  const chartY = y;
  y += chartHeight;
  if (footer.length > 0) y += GAP;
  place(footer, FOOTER_GAP);
  return { width: Math.ceil(width), height: Math.ceil(y + padding), chartX: padding, chartY, lines, headerLines };
}

/**
 * Wraps a chart SVG in an outer SVG that carries its words: a header (bold title, subtitle), the chart,
 * and a footer (notes, "Source: ..." line, meta line), every text wrapped to the frame width with the
 * bundled font's metrics. The outer SVG has role="img", a <title> and a <desc> (the description, alt
 * text), explicit width, height and viewBox in px, a white background, and all its text in FONT_FAMILY.
 * Every string is XML-escaped. The chart is nested unchanged as a child <svg> positioned by x/y, unclipped.
 */
export function frameSvg(innerSvg: string, frame: SvgFrame, options: FrameOptions): string {
  assertIdPrefix(options.idPrefix);
  const { width: chartWidth, height: chartHeight } = svgSize(innerSvg);
  return framedSvg(innerSvg, frameLayout(chartWidth, chartHeight, frame, options), frame, options.idPrefix);
}

/** The framed SVG of a layout made by frameLayout for `innerSvg`. */
export function framedSvg(innerSvg: string, layout: FrameLayout, frame: SvgFrame, idPrefix: string): string {
  assertIdPrefix(idPrefix);
  const texts = layout.lines.map(
    (line) =>
      `<text x="${num(line.x)}" y="${num(line.y)}" font-family="${FONT_FAMILY}" ` +
      `font-size="${num(line.size)}"${line.bold ? ' font-weight="bold"' : ''} fill="${line.color}">${escapeXml(line.text)}</text>`,
  );
  const chart = nestedSvg(innerSvg, layout.chartX, layout.chartY);
  const { width: outerWidth, height } = layout;
  const titleId = `${idPrefix}-frame-title`;
  const descId = `${idPrefix}-frame-desc`;
  const description = frame.description ?? [frame.title, frame.subtitle].filter((s) => s !== undefined && s.trim() !== '').join('. ');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${outerWidth}" height="${height}" viewBox="0 0 ${outerWidth} ${height}" ` +
      `role="img" aria-labelledby="${titleId}" aria-describedby="${descId}" font-family="${FONT_FAMILY}">`,
    `<title id="${titleId}">${escapeXml(frame.title)}</title>`,
    `<desc id="${descId}">${escapeXml(description)}</desc>`,
    `<rect width="${outerWidth}" height="${height}" fill="#ffffff"/>`,
    ...texts.slice(0, layout.headerLines),
    chart.markup,
    ...texts.slice(layout.headerLines),
    '</svg>',
    '',
  ].join('\n');
}
