/**
 * Browser stand-in for src/render/fonts.ts inside the explore page's bundle. A page cannot read the TTF
 * files, so text is measured with the canvas (what vega itself does in a browser), in the same family
 * (FONT_FAMILY) and weight. Frame wrapping can therefore break a line at another word than the report's
 * Node rendering, where the browser's copy of the family differs from the bundled one; the words are the same.
 */
import { FONT_FAMILY, isBold } from '../../render/font-weight.ts';

export { FONT_FAMILY, isBold };

let context: CanvasRenderingContext2D | null | undefined;

function canvasContext(): CanvasRenderingContext2D | null {
  if (context === undefined) context = document.createElement('canvas').getContext('2d');
  return context;
}

/**
 * Width in px of `text` in FONT_FAMILY at `fontSizePx`, measured by the browser's canvas. Without a canvas
 * (never in a browser) it falls back to vega's own estimate, 0.8 of the size per character.
 */
export function textWidth(text: string, fontSizePx: number, fontWeight?: string | number | null): number {
  if (text.length === 0 || !(fontSizePx > 0)) return 0;
  const ctx = canvasContext();
  if (ctx === null) return 0.8 * fontSizePx * text.length;
  ctx.font = `${isBold(fontWeight) ? 'bold ' : ''}${fontSizePx}px "${FONT_FAMILY}", sans-serif`;
  return ctx.measureText(text).width;
}

function unavailable(name: string): never {
  throw new Error(`${name} reads the bundled font files, which a browser page cannot do`);
}

/** Not available in the browser (the page draws PNGs with the canvas). */
export function fontFiles(): string[] {
  return unavailable('fontFiles');
}

/** Not available in the browser (the page embeds no font). */
export function fontFaceCss(): string {
  return unavailable('fontFaceCss');
}
