import * as vega from 'vega';
import { textWidth } from './fonts.ts';

/** The fields of a vega text scenegraph item that decide its width. */
interface TextItem {
  text?: unknown;
  fontSize?: number | string | null;
  fontWeight?: string | number | null;
  limit?: number | string | null;
  ellipsis?: string | null;
  dir?: string | null;
}

type WidthFunction = (item: TextItem, text: unknown) => number;
type BoundFunction = (bounds: unknown, item: TextItem, mode?: unknown) => unknown;

// vega-typings does not declare these vega-scenegraph exports; they are plain mutable objects.
const scenegraph = vega as unknown as {
  textMetrics: { width: WidthFunction };
  Marks: { text: { bound: BoundFunction } };
};

function fontSizeOf(item: TextItem): number {
  // vega's default text size when the item has none
  return item.fontSize != null ? +item.fontSize || 0 : 11;
}

/**
 * vega's own truncation (vega-scenegraph text.js `truncate`), with our widths: the label vega will draw for
 * a text item that has a `limit`. Kept step for step identical so the bounds we report are the bounds of
 * the string the SVG renderer emits.
 */
function truncatedText(item: TextItem, text: string, width: (s: string) => number): string {
  let limit = Number(item.limit);
  if (width(text) < limit) return text;
  const ellipsis = item.ellipsis || '\u2026';
  let lo = 0;
  let hi = text.length;
  limit -= width(ellipsis);
  if (item.dir === 'rtl') {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (width(text.slice(mid)) > limit) lo = mid + 1;
      else hi = mid;
    }
    return ellipsis + text.slice(lo);
  }
  while (lo < hi) {
    const mid = 1 + ((lo + hi) >>> 1);
    if (width(text.slice(0, mid)) < limit) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo) + ellipsis;
}

let boundsDepth = 0;

/**
 * Width vega asks for. vega calls `textMetrics.width` from two places that need different answers:
 * its truncation search passes slices that must be measured as they are, and the text mark's bounds pass
 * the whole line, which must be measured as drawn (trimmed, then truncated to `limit`). vega tells the two
 * apart only for its built-in canvas measure, so we mark the bounds calls ourselves (see boundText).
 */
const itemWidth: WidthFunction = (item, text) => {
  const size = fontSizeOf(item);
  if (size <= 0) return 0;
  let line = text == null ? '' : String(text);
  if (boundsDepth > 0) {
    line = line.trim();
    const limit = Number(item.limit);
    if (limit > 0 && line.length > 0) {
      line = truncatedText(item, line, (s) => textWidth(s, size, item.fontWeight));
    }
  }
  return textWidth(line, size, item.fontWeight);
};

let original: { width: WidthFunction; bound: BoundFunction } | undefined;

/**
 * Makes vega measure text with the bundled font (fonts.ts textWidth) instead of its no-canvas estimate
 * (0.8 x font size per character, which over-truncates labels and mis-sizes titles and legends).
 * Affects every vega View in this process; idempotent. Call before parsing a spec; renderSvg does.
 */
export function installVegaTextMetrics(): void {
  if (original !== undefined) return;
  const textMark = scenegraph.Marks.text;
  const bound = textMark.bound;
  original = { width: scenegraph.textMetrics.width, bound };
  scenegraph.textMetrics.width = itemWidth;
  textMark.bound = function boundText(bounds, item, mode) {
    boundsDepth += 1;
    try {
      return bound(bounds, item, mode);
    } finally {
      boundsDepth -= 1;
    }
  };
}

/**
 * Restores vega's own text measurement (its estimate, as no canvas is installed). For benchmarks that
 * measure the plain vega floor; rendering code never needs it.
 */
export function uninstallVegaTextMetrics(): void {
  if (original === undefined) return;
  scenegraph.textMetrics.width = original.width;
  scenegraph.Marks.text.bound = original.bound;
  original = undefined;
}

/** Whether installVegaTextMetrics is in effect. */
export function vegaTextMetricsInstalled(): boolean {
  return original !== undefined;
}
