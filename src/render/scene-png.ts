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

type Surface = import('canvas').Canvas;

// One drawing surface per process, grown to the largest picture asked for and reused: a fresh canvas of a
// 2x chart (about 2.4 million pixels) costs 10-20 ms to allocate and clear on its first draw, more than
// the chart itself takes to draw.
let surface: Surface | undefined;
// Draws are queued: vega's canvas renderer awaits between setting up and drawing, and the surface is shared.
let queue: Promise<unknown> = Promise.resolve();

function surfaceOf(canvas: CanvasModule, width: number, height: number): Surface {
  if (surface === undefined || surface.width < width || surface.height < height) {
    surface = canvas.createCanvas(Math.max(width, surface?.width ?? 0), Math.max(height, surface?.height ?? 0));
  }
  return surface;
}

async function draw(canvas: CanvasModule, view: vega.View, layout: FrameLayout, scale: number): Promise<Raster> {
  const width = Math.ceil(layout.width * scale);
  const height = Math.ceil(layout.height * scale);
  const target = surfaceOf(canvas, width, height);
  const ctx = target.getContext('2d');
  ctx.setTransform(1, 0, 0, 1, 0, 0);
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
  ctx.save();
  try {
    await view.toCanvas(scale, { externalContext: ctx });
  } finally {
    ctx.restore();
  }
  // Every pixel is opaque (white below everything), so the canvas's premultiplied RGBA is straight RGBA.
  return { width, height, stride: target.width * 4, pixels: target.data() };
}

/**
 * The pixels of a framed chart drawn straight from vega's scenegraph at `scale` pixels per px: white
 * background, the frame's lines of words where `layout` puts them, then the chart (vega's canvas renderer
 * on the same scenegraph its SVG was written from) at the layout's chart corner. No SVG is parsed. Opaque
 * RGBA, rows `stride` bytes apart; deterministic for a given canvas version. Undefined when no canvas is
 * available.
 */
export async function sceneRaster(view: vega.View, layout: FrameLayout, scale: number): Promise<Raster | undefined> {
  const canvas = sceneCanvas();
  if (canvas === null) return undefined;
  const drawn = queue.then(() => draw(canvas, view, layout, scale));
  queue = drawn.catch(() => undefined);
  return drawn;
}
