import type { Font, Glyph } from 'opentype.js';
import { FONT_FAMILY, LIGATURES, parsedFace, glyphOf, isBold, kerningOf, type FaceMetrics } from './fonts.ts';
import { escapeXml } from './xml.ts';

// The parts of opentype.js glyphs this module needs beyond the metrics that opentype.d.ts declares.
interface OutlinedGlyph extends Glyph {
  getPath(x: number, y: number, fontSize: number): { toPathData(decimals?: number): string };
}

/** One face: the shared parsed font (fonts.ts) and the glyph outlines drawn from it, cached per process. */
interface Face {
  key: 'r' | 'b';
  metrics: FaceMetrics;
  /** glyph index -> path data in font units, y down, origin on the baseline ('' for no ink) */
  outlines: Map<number, string>;
}

const faces: Partial<Record<'r' | 'b', Face>> = {};

function face(bold: boolean): Face {
  const key = bold ? 'b' : 'r';
  let f = faces[key];
  if (f === undefined) {
    f = { key, metrics: parsedFace(bold), outlines: new Map() };
    faces[key] = f;
  }
  return f;
}

function outlineOf(f: Face, index: number): string {
  let d = f.outlines.get(index);
  if (d === undefined) {
    const glyph = (f.metrics.font as Font & { glyphs: { get(index: number): OutlinedGlyph } }).glyphs.get(index);
    d = glyph.getPath(0, 0, f.metrics.unitsPerEm).toPathData(2);
    f.outlines.set(index, d);
  }
  return d;
}

/**
 * Characters drawn one glyph each, left to right, with no shaping beyond pair kerning: Latin, Latin-1,
 * Latin Extended, spacing modifiers, Greek, general punctuation, super/subscripts, currency, letterlike
 * symbols, arrows and mathematical operators. Combining marks, invisible and bidi controls, soft hyphen,
 * and every other script (which need shaping) are left out, so their text stays text.
 */
function simpleCodePoint(c: number): boolean {
  return (
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0x2ff && c !== 0xad) ||
    (c >= 0x370 && c <= 0x3ff && c !== 0x37a) ||
    (c >= 0x2010 && c <= 0x2027) ||
    (c >= 0x2030 && c <= 0x205e) ||
    (c >= 0x2070 && c <= 0x20cf) ||
    (c >= 0x2100 && c <= 0x22ff)
  );
}

/** A glyph placed on a line: its index and its pen position in font units. */
export interface PlacedGlyph {
  index: number;
  x: number;
}

/**
 * The glyphs of `text` in the bundled face (bold when `fontWeight` selects it, as isBold), each at its pen
 * position in font units, with the width of the whole line in font units: advances plus GPOS pair
 * kerning, the metrics textWidth() measures with. Undefined when a character is outside the simply laid
 * out set or missing from the font.
 */
export function layoutLine(
  text: string,
  fontWeight?: string | number | null,
): { unitsPerEm: number; glyphs: PlacedGlyph[]; width: number } | undefined {
  const f = face(isBold(fontWeight));
  const glyphs: PlacedGlyph[] = [];
  let pen = 0;
  let previous = -1;
  for (let at = 0; at < text.length; ) {
    let codePoint = text.codePointAt(at)!;
    if (!simpleCodePoint(codePoint)) return undefined;
    let consumed = codePoint > 0xffff ? 2 : 1;
    if (codePoint === 0x66) {
      // The font's standard ligatures (GSUB liga, on by default in resvg's shaper): the longest match wins.
      const ligature = LIGATURES.find(([sequence]) => text.startsWith(sequence, at));
      if (ligature !== undefined) [consumed, codePoint] = [ligature[0].length, ligature[1]];
    }
    at += consumed;
    const [index, advance] = glyphOf(f.metrics, codePoint);
    if (index === 0) return undefined;
    if (previous >= 0) pen += kerningOf(f.metrics, previous, index);
    glyphs.push({ index, x: pen });
    pen += advance;
    previous = index;
  }
  return { unitsPerEm: f.metrics.unitsPerEm, glyphs, width: pen };
}

/** A number for the SVG: at most 4 decimals, no trailing zeros, no "-0". */
function num(value: number): string {
  const rounded = Math.round(value * 10000) / 10000;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

const ATTRIBUTE = /\s+([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;

/** Attributes of a start tag's inside (after the name), or undefined if it is not a plain list of them. */
function attributesOf(inside: string): Map<string, string> | undefined {
  const attributes = new Map<string, string>();
  ATTRIBUTE.lastIndex = 0;
  let position = 0;
  while (position < inside.length) {
    if (/^\s*\/?$/.test(inside.slice(position))) break;
    ATTRIBUTE.lastIndex = position;
    const match = ATTRIBUTE.exec(inside);
    if (match === null) return undefined;
    const value = decodeEntities(match[2] ?? match[3] ?? '');
    if (value === undefined || attributes.has(match[1]!)) return undefined;
    attributes.set(match[1]!, value);
    position = ATTRIBUTE.lastIndex;
  }
  return attributes;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML character data with its five predefined and numeric character references decoded; undefined for any other entity. */
function decodeEntities(text: string): string | undefined {
  if (!text.includes('&')) return text;
  let ok = true;
  const decoded = text.replace(/&([^;&\s]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) ok = false;
    else if (name in NAMED) return NAMED[name]!;
    else {
      const m = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(name);
      const code = m ? (m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2])) : NaN;
      if (Number.isInteger(code) && code > 0 && code <= 0x10ffff) return String.fromCodePoint(code);
      ok = false;
    }
    return whole;
  });
  return ok ? decoded : undefined;
}

/** A length in px (a bare number or `Npx`), or in em of `fontSize` when given; undefined for anything else (lists, %, other units). */
function length(value: string | undefined, fontSize?: number): number | undefined {
  if (value === undefined) return 0;
  const m = /^\s*([-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)\s*(px|em)?\s*$/.exec(value);
  if (m === null) return undefined;
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return undefined;
  if (m[2] === 'em') return fontSize === undefined ? undefined : n * fontSize;
  return n;
}

// Text attributes that change nothing in a raster (accessibility, events, classes with no stylesheet).
const INERT = new Set(['class', 'role', 'pointer-events', 'aria-hidden', 'aria-label', 'aria-roledescription', 'id', 'cursor']);
// Presentation attributes copied to the group that replaces the text; they mean the same on a <g> of glyphs.
// (Not clip-path, mask, filter or a url() paint: those can depend on the bounding box, which differs
// between a text's em box and its glyph outlines.)
const COPIED = ['fill', 'fill-opacity', 'opacity', 'visibility', 'display'] as const;
const HANDLED = new Set(['x', 'y', 'dx', 'dy', 'transform', 'text-anchor', 'font-family', 'font-size', 'font-weight', 'font-style', ...COPIED]);

function isOurFamily(value: string): boolean {
  const family = value.trim().replace(/^(["'])(.*)\1$/, '$2');
  return family === FONT_FAMILY;
}

// Attributes that, on any element other than <text>, could change how the text inside it is drawn.
const INHERITED_TEXT =
  /\s(?:font|font-(?:size|weight|style|variant|stretch|kerning|feature-settings|size-adjust)|letter-spacing|word-spacing|text-anchor|text-decoration|text-rendering|direction|writing-mode|unicode-bidi|dominant-baseline|alignment-baseline|baseline-shift|xml:space|white-space|stroke|stroke-width|paint-order|style)\s*=/;

/** Whether anything outside the <text> elements could change how they draw (stylesheets, inherited text properties, strokes, foreign fonts). */
function documentIsPlain(svg: string): boolean {
  if (/<style[\s>]/.test(svg) || /<!ENTITY/.test(svg) || svg.includes('<![CDATA[')) return false;
  const tag = /<([A-Za-z][-A-Za-z0-9_:.]*)((?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/g;
  for (let m = tag.exec(svg); m !== null; m = tag.exec(svg)) {
    if (m[1] === 'text') continue;
    const inside = m[2]!;
    if (INHERITED_TEXT.test(inside)) {
      // a stroke of "none" on a container draws nothing on its text either
      const stripped = inside.replace(/\sstroke\s*=\s*(?:"none"|'none')/g, '');
      if (INHERITED_TEXT.test(stripped)) {
        // shapes cannot contain text, so their own presentation attributes do not matter
        if (!/^(?:path|rect|line|circle|ellipse|polygon|polyline|image|stop|use)$/.test(m[1]!)) return false;
      }
    }
    const family = /\sfont-family\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(inside);
    if (family !== null && !isOurFamily(family[1] ?? family[2] ?? '')) return false;
  }
  return true;
}

/** Usage counts, for tests and benchmarks. */
export interface TextToPathsStats {
  /** <text> elements replaced by glyph outlines. */
  converted: number;
  /** <text> elements left for resvg to lay out (a form this module does not reproduce exactly). */
  kept: number;
}

/** Glyph outlines already written into the current document's <defs>, by face and glyph. */
type Used = Map<string, string>;

function convertText(inside: string, content: string, used: Used, prefix: string): string | undefined {
  const attributes = attributesOf(inside);
  if (attributes === undefined) return undefined;
  for (const name of attributes.keys()) {
    if (!HANDLED.has(name) && !INERT.has(name) && !name.startsWith('aria-') && !name.startsWith('data-')) return undefined;
  }
  const family = attributes.get('font-family');
  if (family === undefined || !isOurFamily(family)) return undefined;
  const fontSize = length(attributes.get('font-size'));
  if (attributes.get('font-size') === undefined || fontSize === undefined || !(fontSize >= 0)) return undefined;
  const weight = attributes.get('font-weight')?.trim();
  if (weight !== undefined && !/^(?:normal|bold|[1-9]00)$/.test(weight)) return undefined;
  const style = attributes.get('font-style')?.trim();
  if (style !== undefined && style !== 'normal') return undefined;
  const anchor = attributes.get('text-anchor')?.trim() ?? 'start';
  if (anchor !== 'start' && anchor !== 'middle' && anchor !== 'end') return undefined;
  const x = length(attributes.get('x'));
  const y = length(attributes.get('y'));
  const dx = length(attributes.get('dx'), fontSize);
  const dy = length(attributes.get('dy'), fontSize);
  if (x === undefined || y === undefined || dx === undefined || dy === undefined) return undefined;

  const decoded = decodeEntities(content);
  if (decoded === undefined) return undefined;
  // Default xml:space: newlines go, tabs become spaces, leading/trailing spaces go, runs of spaces collapse.
  const text = decoded.replace(/[\r\n]/g, '').replace(/\t/g, ' ').replace(/ +/g, ' ').trim();
  if (text === '') return '';
  const line = layoutLine(text, weight);
  if (line === undefined) return undefined;

  const scale = fontSize / line.unitsPerEm;
  const shift = anchor === 'start' ? 0 : anchor === 'middle' ? -line.width / 2 : -line.width;
  const f = face(isBold(weight));
  let group = '<g';
  for (const name of COPIED) {
    if (attributes.get(name)?.includes('url(')) return undefined;
  }
  for (const name of COPIED) {
    const value = attributes.get(name);
    if (value !== undefined) group += ` ${name}="${escapeXml(value)}"`;
  }
  const transform = attributes.get('transform');
  const place = `translate(${num(x + dx + shift * scale)},${num(y + dy)}) scale(${String(Number(scale.toPrecision(10)))})`;
  group += ` transform="${transform === undefined ? '' : `${escapeXml(transform)} `}${place}">`;
  for (const glyph of line.glyphs) {
    if (outlineOf(f, glyph.index) === '') continue;
    const key = `${f.key}${glyph.index}`;
    let id = used.get(key);
    if (id === undefined) {
      id = `${prefix}${key}`;
      used.set(key, id);
    }
    group += glyph.x === 0 ? `<use href="#${id}"/>` : `<use href="#${id}" x="${glyph.x}"/>`;
  }
  return `${group}</g>`;
}

const GLYPH_PREFIX = 'pe-glyph-';

/**
 * The SVG with each `<text>` element it can reproduce exactly replaced by the glyph outlines resvg would
 * have drawn: a `<g>` with the text's transform, fill and opacity holding one `<use>` per glyph, placed
 * with the bundled font's advances and pair kerning (the metrics the chart was laid out with) and the
 * text-anchor offset. Each glyph outline is written once, in a `<defs>` at the start of the document,
 * with ids starting `pe-glyph-`. Any `<text>` in another form (child elements, font styles or families
 * other than the bundled regular/bold, em-less units, characters that need shaping, a stroke, ...) is left
 * as it is for the rasteriser; so is every `<text>` when the document has a stylesheet or inherited text
 * properties. Deterministic. For rasterising only: the result has no selectable text.
 */
export function textToPaths(svg: string, stats?: TextToPathsStats): string {
  const count = (svg.match(/<text[\s>/]/g) ?? []).length;
  const keep = (): string => {
    if (stats) stats.kept += count;
    return svg;
  };
  if (count === 0) return svg;
  if (svg.includes(GLYPH_PREFIX) || !documentIsPlain(svg)) return keep();
  const root = /<svg(?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*\s*=\s*(?:"[^"]*"|'[^']*'))*\s*>/.exec(svg);
  if (root === null) return keep();

  const used: Used = new Map();
  let converted = 0;
  let clipDepth = 0;
  const out = svg.replace(
    /<text((?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*\s*=\s*(?:"[^"]*"|'[^']*'))*\s*)(?:\/>|>([^<]*)<\/text\s*>)|<(\/?)clipPath[\s>]/g,
    (whole, inside: string | undefined, content: string | undefined, closing: string | undefined) => {
      if (inside === undefined) {
        // <clipPath> may only hold shapes and text, not <g>: its text stays text.
        clipDepth += closing === '/' ? -1 : 1;
        return whole;
      }
      if (clipDepth > 0) return whole;
      const replaced = convertText(inside, content ?? '', used, GLYPH_PREFIX);
      if (replaced === undefined) return whole;
      converted++;
      return replaced;
    },
  );
  if (stats) {
    stats.converted += converted;
    stats.kept += count - converted;
  }
  if (used.size === 0) return out;
  let defs = '<defs>';
  for (const [key, id] of used) {
    const f = face(key.startsWith('b'));
    defs += `<path id="${id}" d="${outlineOf(f, Number(key.slice(1)))}"/>`;
  }
  defs += '</defs>';
  const at = root.index + root[0].length;
  return out.slice(0, at) + defs + out.slice(at);
}
