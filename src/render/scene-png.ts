import { createRequire } from 'node:module';
import type * as vega from 'vega';
import { FONT_FAMILY, fontFiles } from './fonts.ts';
import type { FrameLayout } from './frame.ts';
import type { Raster } from './png.ts';

type CanvasModule = typeof import('canvas');

let canvasModule: CanvasModule | null | undefined;

/**
 * The canvas vega draws PNGs on in Node: npm `@napi-rs/canvas` (skia, prebuilt inside its npm package),
 * installed under the name `canvas`, which is the module vega looks for. The bundled font files are
 * registered under FONT_FAMILY, so the canvas draws the faces the layout was measured with and never a
 * system font of the same name. Null when the package cannot be loaded on this platform; PNGs are then
 * drawn from the SVG by resvg (png.ts).
 */
export function sceneCanvas(): CanvasModule | null {
  if (canvasModule === undefined) {
    try {
      const loaded = createRequire(import.meta.url)('canvas') as CanvasModule;
      for (const file of fontFiles()) loaded.GlobalFonts.registerFromPath(file, FONT_FAMILY);
      canvasModule = loaded;
    } catch {
      canvasModule = null;
    }
  }
  return canvasModule;
}

/** The CSS font shorthand of a frame line or text in the bundled font. */
export function canvasFont(sizePx: number, bold: boolean): string {
  return `${bold ? 'bold ' : ''}${sizePx}px "${FONT_FAMILY}"`;
}

/**
 * The pixels of a framed chart drawn straight from vega's scenegraph at `scale` pixels per px: white
 * background, the frame's lines of words where `layout` puts them, then the chart (vega's canvas renderer
 * on the same scenegraph its SVG was written from) at the layout's chart corner. No SVG is parsed. Opaque
 * RGBA; deterministic for a given canvas version. Undefined when no canvas is available.
 *
 * Each picture gets a canvas of its own size: one large surface reused for every chart cost more, since
 * reading its pixels back copies the whole surface (measured: 83 ms of CPU a chart against 60).
 */
export async function sceneRaster(view: vega.View, layout: FrameLayout, scale: number): Promise<Raster | undefined> {
  const canvas = sceneCanvas();
  if (canvas === null) return undefined;
  const width = Math.ceil(layout.width * scale);
  const height = Math.ceil(layout.height * scale);
  const surface = canvas.createCanvas(width, height);
  const ctx = surface.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  for (const line of layout.lines) {
    ctx.font = canvasFont(line.size, line.bold);
    ctx.fillStyle = line.color;
    ctx.fillText(line.text, line.x, line.y);
  }
  // vega scales the context by `scale` itself and translates to the view's origin.
  ctx.setTransform(1, 0, 0, 1, layout.chartX * scale, layout.chartY * scale);
  await view.toCanvas(scale, { externalContext: ctx });
  // Every pixel is opaque (white below everything), so the canvas's premultiplied RGBA is straight RGBA.
  return { width, height, pixels: surface.data() };
}
