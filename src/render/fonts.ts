import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import opentype from 'opentype.js';
import type { Font, KerningLookup } from 'opentype.js';
import { PortEmissionsError } from '../errors.ts';
import { subsetFont } from './font-subset.ts';
import { FONT_FAMILY, isBold } from './font-weight.ts';

/**
 * The one font family every chart uses, in SVG, PNG and the HTML report. It is bundled (npm
 * `dejavu-fonts-ttf`) so that the widths vega lays out with are the widths resvg and the browser draw.
 */
export { FONT_FAMILY, isBold };

type Weight = 'regular' | 'bold';

const FILE_NAMES: Record<Weight, string> = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
};

let fontDir: string | undefined;

function fontDirectory(): string {
  if (fontDir === undefined) {
    try {
      const require = createRequire(import.meta.url);
      fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    } catch (cause) {
      throw new PortEmissionsError('The bundled chart font (npm package dejavu-fonts-ttf) is not installed.', {
        hint: 'Run `npm install` in the port-emissions folder.',
        cause,
      });
    }
  }
  return fontDir;
}

/**
 * Absolute paths of the bundled TTF files, regular then bold: the fonts resvg loads for PNG output.
 */
export function fontFiles(): string[] {
  const dir = fontDirectory();
  return [join(dir, FILE_NAMES.regular), join(dir, FILE_NAMES.bold)];
}

/** Glyph advance and kerning data for one face, read from the TTF once. */
export interface FaceMetrics {
  font: Font;
  unitsPerEm: number;
  kerning: KerningLookup[] | undefined;
  /** code point -> [glyph index, advance in font units] */
  glyphs: Map<number, readonly [number, number]>;
  /** (left glyph << 16 | right glyph) -> kerning in font units */
  pairs: Map<number, number>;
  /** string -> width in font units (size-independent, so one cache serves every font size) */
  widths: Map<string, number>;
}

const faces: Partial<Record<Weight, FaceMetrics>> = {};
const fileBytes: Partial<Record<Weight, Buffer>> = {};

function fontBytes(weight: Weight): Buffer {
  let bytes = fileBytes[weight];
  if (bytes === undefined) {
    const path = join(fontDirectory(), FILE_NAMES[weight]);
    try {
      bytes = readFileSync(path);
    } catch (cause) {
      throw new PortEmissionsError(`Cannot read the bundled chart font ${path}.`, {
        hint: 'Reinstall dependencies with `npm install`.',
        cause,
      });
    }
    fileBytes[weight] = bytes;
  }
  return bytes;
}

function face(weight: Weight): FaceMetrics {
  let metrics = faces[weight];
  if (metrics === undefined) {
    const bytes = fontBytes(weight);
    const font = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    // DejaVu keeps its kerning in GPOS; resvg (rustybuzz) and browsers apply it, so we must too.
    const kerning = font.position?.getKerningTables('latn') ?? font.position?.getKerningTables('DFLT');
    metrics = { font, unitsPerEm: font.unitsPerEm, kerning, glyphs: new Map(), pairs: new Map(), widths: new Map() };
    faces[weight] = metrics;
  }
  return metrics;
}

/**
 * The parsed bundled face (regular or bold), parsed once per process and shared by text measurement and the
 * PNG path's glyph outlines, so both use the same glyphs, advances and kerning.
 */
export function parsedFace(bold: boolean): FaceMetrics {
  return face(bold ? 'bold' : 'regular');
}

/** Glyph index and advance (font units) of a code point, cached per face. */
export function glyphOf(metrics: FaceMetrics, codePoint: number): readonly [number, number] {
  let glyph = metrics.glyphs.get(codePoint);
  if (glyph === undefined) {
    const g = metrics.font.charToGlyph(String.fromCodePoint(codePoint));
    glyph = [g.index, g.advanceWidth ?? 0];
    metrics.glyphs.set(codePoint, glyph);
  }
  return glyph;
}

/** Pair kerning (font units) between two glyph indices, cached per face. */
export function kerningOf(metrics: FaceMetrics, left: number, right: number): number {
  const key = left * 65536 + right;
  let value = metrics.pairs.get(key);
  if (value === undefined) {
    value = metrics.kerning
      ? metrics.font.position!.getKerningValue(metrics.kerning, left, right)
      : (metrics.font.kerningPairs[`${left},${right}`] ?? 0);
    metrics.pairs.set(key, value);
  }
  return value;
}

// Bounded so that a long-running process rendering many datasets does not grow without limit.
const WIDTH_CACHE_LIMIT = 20_000;

/**
 * DejaVu Sans's Latin ligatures (regular and bold), each drawn by the glyph of its presentation form, longest
 * first. Browsers, resvg (rustybuzz) and skia apply them by default (GSUB liga), so text is measured with them.
 */
export const LIGATURES: ReadonlyArray<readonly [string, number]> = [
  ['ffl', 0xfb04],
  ['ffi', 0xfb03],
  ['fl', 0xfb02],
  ['fi', 0xfb01],
  ['ff', 0xfb00],
];

function widthInUnits(metrics: FaceMetrics, text: string): number {
  let units = metrics.widths.get(text);
  if (units === undefined) {
    units = 0;
    let previous = -1;
    for (let at = 0; at < text.length; ) {
      let codePoint = text.codePointAt(at)!;
      let consumed = codePoint > 0xffff ? 2 : 1;
      if (codePoint === 0x66) {
        const ligature = LIGATURES.find(([sequence]) => text.startsWith(sequence, at));
        if (ligature !== undefined) [consumed, codePoint] = [ligature[0].length, ligature[1]];
      }
      at += consumed;
      const [index, advance] = glyphOf(metrics, codePoint);
      if (previous >= 0) units += kerningOf(metrics, previous, index);
      units += advance;
      previous = index;
    }
    if (metrics.widths.size >= WIDTH_CACHE_LIMIT) metrics.widths.clear();
    metrics.widths.set(text, units);
  }
  return units;
}

/**
 * Width in pixels of `text` set in the bundled font at `fontSizePx`, from the TTF's glyph advances plus
 * its GPOS pair kerning and its ff/fi/fl/ffi/ffl ligatures (what browsers, resvg and skia draw). Text is measured as given: no trimming, no
 * line breaking. Characters the font lacks count with the width of its missing-glyph box.
 */
export function textWidth(text: string, fontSizePx: number, fontWeight?: string | number | null): number {
  if (text.length === 0 || !(fontSizePx > 0)) return 0;
  const metrics = face(isBold(fontWeight) ? 'bold' : 'regular');
  return (widthInUnits(metrics, text) * fontSizePx) / metrics.unitsPerEm;
}

let fontFace: string | undefined;

function faceRule(weight: Weight, cssWeight: number, bytes: Buffer): string {
  return (
    `@font-face{font-family:'${FONT_FAMILY}';font-style:normal;font-weight:${cssWeight};` +
    `src:url(data:font/ttf;base64,${bytes.toString('base64')}) format('truetype');}`
  );
}

/**
 * A CSS `@font-face` block declaring FONT_FAMILY regular (400) and bold (700) with the TTF files embedded
 * as base64 data URLs, so the HTML report draws the same glyphs the charts were measured with and needs
 * no network.
 *
 * Without `text`: the whole fonts, about 1.95 MB of CSS, built once and cached. With `text`: each face cut
 * down (subsetFont, HarfBuzz hb-subset) to the characters of `text`, every kept glyph with its advance,
 * kerning and ligatures unchanged, so a page whose every character is in `text` lays out exactly as with
 * the whole font, in a few tens of kB; the same text gives the same bytes.
 */
export function fontFaceCss(text?: string): string {
  if (text !== undefined) {
    const codePoints = new Set<number>();
    for (const char of text) codePoints.add(char.codePointAt(0)!);
    const rule = (weight: Weight, cssWeight: number): string => faceRule(weight, cssWeight, subsetFont(fontBytes(weight), codePoints));
    return `${rule('regular', 400)}\n${rule('bold', 700)}\n`;
  }
  fontFace ??= `${faceRule('regular', 400, fontBytes('regular'))}\n${faceRule('bold', 700, fontBytes('bold'))}\n`;
  return fontFace;
}
