import { Resvg } from '@resvg/resvg-js';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { PortEmissionsError } from '../errors.ts';
import { FONT_FAMILY, fontFiles } from './fonts.ts';
import type * as vega from 'vega';
import type { FrameLayout } from './frame.ts';
import { encodePng } from './png-encode.ts';
import { sceneRaster } from './scene-png.ts';
import { textToPaths } from './text-to-paths.ts';

export interface PngOptions {
  /** Pixels per SVG px: 2 for screens and slides, 3 for print. */
  scale: number;
}

/** PNG bytes with the size in pixels they were drawn at (so no reader has to parse the PNG's header for it). */
export interface PngPicture {
  data: Buffer;
  width: number;
  height: number;
}

/** A rendered bitmap: straight RGBA, 4 bytes per pixel, rows top to bottom. */
export interface Raster {
  width: number;
  height: number;
  pixels: Buffer;
}

const MAX_SCALE = 16;

/**
 * Largest PNG side in pixels. resvg aborts the whole process (a Rust panic, no exception) when asked for a
 * bitmap it cannot allocate, e.g. for a chart that vega stretched to 10^17 px to hold a bar far outside its
 * axis; so a larger drawing is refused here, with words, before resvg sees it.
 */
export const MAX_PNG_SIDE = 32_767;

/** Refuses a picture of more than MAX_PNG_SIDE pixels a side at `scale` (resvg or a canvas cannot allocate it). */
function checkDrawable(width: number, height: number, scale: number): void {
  if (width * scale > MAX_PNG_SIDE || height * scale > MAX_PNG_SIDE) {
    throw new PortEmissionsError(
      `Cannot rasterise the chart SVG: it is ${width} x ${height} px, more than ${MAX_PNG_SIDE.toLocaleString('en-US')} px a side at scale ${scale}`,
      { hint: 'a value far outside the range the chart shows, or a very long text, stretched the drawing; check the figures behind the chart' },
    );
  }
}

/** The root `<svg>`'s width and height in px (NaN where absent or not a plain number). */
function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const size = (name: string) => Number(new RegExp(`\\s${name}="([^"]*)"`).exec(root)?.[1] ?? NaN);
  return { width: size('width'), height: size('height') };
}

let fontOptions: ResvgRenderOptions['font'] | undefined;

/** Throws a usage error (exit code 2) at the option `scale` unless it is a number above 0 and at most 16. */
export function validScale(scale: number): void {
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0 || scale > MAX_SCALE) {
    throw new PortEmissionsError(`Invalid PNG scale ${String(scale)}; expected a number above 0 and at most ${MAX_SCALE}.`, {
      exitCode: 2,
      location: { column: 'scale' },
      hint: 'a scale of 2 for screens and slides, 3 for print',
    });
  }
}

function resvgOptions(scale: number): ResvgRenderOptions {
  validScale(scale);
  // Only the bundled faces: a system font would draw at widths the layout was not measured with.
  fontOptions ??= { loadSystemFonts: false, fontFiles: fontFiles(), defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY };
  return { font: fontOptions, fitTo: { mode: 'zoom', value: scale }, logLevel: 'off' };
}

function rendered(svg: string, scale: number) {
  try {
    // resvg shapes every character of <text> anew (about 50 µs each); cached glyph outlines draw the same
    // pixels in a fraction of the time. Text in forms textToPaths does not reproduce stays text.
    const options = resvgOptions(scale);
    const { width, height } = svgSize(svg);
    checkDrawable(width, height, scale);
    return new Resvg(textToPaths(svg), options).render();
  } catch (cause) {
    if (cause instanceof PortEmissionsError) throw cause;
    throw new PortEmissionsError(`Cannot rasterise the chart SVG: ${cause instanceof Error ? cause.message : String(cause)}.`, {
      cause,
    });
  }
}

/**
 * PNG bytes of an SVG drawn by resvg at `scale` pixels per SVG px (a 400 x 300 SVG at scale 2 gives an
 * 800 x 600 PNG), with the bundled fonts only and no system fonts. Deterministic: identical input gives
 * identical bytes. Text set in the bundled font is drawn from cached glyph outlines (textToPaths) with the
 * same advances, kerning and ligatures resvg would use. The PNG records its density (96 x scale dpi), so
 * office software places it at the chart's drawn size.
 */
export function svgToPng(svg: string, options: PngOptions): Buffer {
  return svgToPngPicture(svg, options).data;
}

/** As {@link svgToPng}, with the picture's width and height in pixels. */
export function svgToPngPicture(svg: string, options: PngOptions): PngPicture {
  return pngPicture(svgToRaster(svg, options), options.scale);
}

function pngPicture(raster: Raster, scale: number): PngPicture {
  return { data: encodePng(raster, scale), width: raster.width, height: raster.height };
}

/** The RGBA pixels resvg draws for an SVG at `scale` (as svgToPng, without PNG encoding). */
export function svgToRaster(svg: string, options: PngOptions): Raster {
  const image = rendered(svg, options.scale);
  return { width: image.width, height: image.height, pixels: image.pixels };
}

/**
 * PNG bytes (with their size in pixels) of a framed chart drawn from the vega scenegraph its SVG was written
 * from (sceneRaster: a skia canvas, no SVG parse) at `scale` pixels per px; undefined where the canvas
 * package cannot load.
 *
 * @throws PortEmissionsError (exit code 2) for a scale that is not above 0 and at most 16.
 */
export async function scenePng(view: vega.View, layout: FrameLayout, scale: number): Promise<PngPicture | undefined> {
  validScale(scale);
  checkDrawable(layout.width, layout.height, scale);
  const raster = await sceneRaster(view, layout, scale);
  return raster === undefined ? undefined : pngPicture(raster, scale);
}
