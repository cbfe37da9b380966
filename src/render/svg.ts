import * as vega from 'vega';
import type { Spec as VegaSpec, LoggerInterface } from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { PortEmissionsError } from '../errors.ts';
import { FONT_FAMILY } from './fonts.ts';
import { installVegaTextMetrics } from './metrics.ts';
import { assertIdPrefix } from './xml.ts';

/** A chart as either a Vega-Lite or a Vega specification (plain data). */
export type ChartSpec = TopLevelSpec | VegaSpec;

export interface RenderSvgOptions {
  /**
   * Prefix for every id in the SVG (clip paths, gradients) and every reference to one, so that many charts
   * can share one HTML page. Letters, digits, `_`, `-`, `.`; starting with a letter or `_`.
   */
  idPrefix: string;
  /**
   * Receives Vega-Lite and Vega warnings (e.g. a dropped encoding). Without it they go to the console,
   * as vega does by default.
   */
  onWarning?: (message: string) => void;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether a chart spec is Vega-Lite (rather than Vega): by its `$schema` when it has one, else by shape
 * (Vega has a `marks` array and no `mark`/composition keys).
 */
export function isVegaLiteSpec(spec: ChartSpec): spec is TopLevelSpec {
  const schema = (spec as { $schema?: unknown }).$schema;
  if (typeof schema === 'string') {
    if (schema.includes('/vega-lite/')) return true;
    if (schema.includes('/vega/')) return false;
  }
  const keys = spec as Record<string, unknown>;
  const vegaLiteKeys = ['mark', 'layer', 'facet', 'repeat', 'concat', 'hconcat', 'vconcat', 'spec'];
  if (vegaLiteKeys.some((key) => key in keys)) return true;
  return !Array.isArray(keys.marks);
}

/** A copy of a config in which every font family setting (`font`, `labelFont`, `titleFont`, ...) is FONT_FAMILY. */
function forceFontFamilies(value: Json): Json {
  if (Array.isArray(value)) return value.map(forceFontFamilies);
  if (!isObject(value)) return value;
  const copy: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    copy[key] = key === 'font' || key.endsWith('Font') ? FONT_FAMILY : forceFontFamilies(child);
  }
  return copy;
}

/** `base` with `extra` merged in, objects recursively; `extra` wins. Neither argument is modified. */
function mergeConfig(base: JsonObject, extra: JsonObject): JsonObject {
  const merged: JsonObject = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const existing = merged[key];
    merged[key] = isObject(existing) && isObject(value) ? mergeConfig(existing, value) : value;
  }
  return merged;
}

// Vega has no single `font` setting: each text-bearing element has its own.
const VEGA_FONT_CONFIG: JsonObject = {
  text: { font: FONT_FAMILY },
  title: { font: FONT_FAMILY, subtitleFont: FONT_FAMILY },
  axis: { labelFont: FONT_FAMILY, titleFont: FONT_FAMILY },
  legend: { labelFont: FONT_FAMILY, titleFont: FONT_FAMILY },
  style: {
    'guide-label': { font: FONT_FAMILY },
    'guide-title': { font: FONT_FAMILY },
    'group-title': { font: FONT_FAMILY },
    'group-subtitle': { font: FONT_FAMILY },
  },
};

function withVegaFonts(spec: VegaSpec): VegaSpec {
  const config = isObject(spec.config) ? (forceFontFamilies(spec.config as JsonObject) as JsonObject) : {};
  return { ...spec, config: mergeConfig(config, VEGA_FONT_CONFIG) } as VegaSpec;
}

function warningLogger(onWarning: (message: string) => void): LoggerInterface {
  let level = vega.Warn;
  const text = (args: readonly unknown[]): string => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: readonly unknown[]) {
      if (level >= vega.Error) onWarning(`error: ${text(args)}`);
      return logger;
    },
    warn(...args: readonly unknown[]) {
      if (level >= vega.Warn) onWarning(text(args));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger as unknown as LoggerInterface;
}

/**
 * Compiles a Vega-Lite spec to Vega with every font family set to FONT_FAMILY. The caller's config is
 * kept (merged, not replaced); only its font family settings are overridden, because the layout is
 * measured with the bundled font and any other family would draw at other widths. The input is not
 * modified.
 */
export function compileVegaLite(spec: TopLevelSpec, options: { onWarning?: (message: string) => void } = {}): VegaSpec {
  const callerConfig = isObject(spec.config) ? (forceFontFamilies(spec.config as unknown as JsonObject) as JsonObject) : {};
  const config = mergeConfig(callerConfig, { font: FONT_FAMILY });
  const input = { ...spec, config } as TopLevelSpec;
  const compiled = options.onWarning ? compile(input, { logger: warningLogger(options.onWarning) }) : compile(input);
  return withVegaFonts(compiled.spec as VegaSpec);
}

/**
 * The Vega spec a chart spec renders as: Vega-Lite is compiled (compileVegaLite), Vega gets the same
 * font settings. The input is not modified.
 */
export function toVegaSpec(spec: ChartSpec, options: { onWarning?: (message: string) => void } = {}): VegaSpec {
  return isVegaLiteSpec(spec) ? compileVegaLite(spec, options) : withVegaFonts(spec as VegaSpec);
}

// Charts carry their data inline; a spec must never make the renderer read a file or the network.
// vega swallows loader failures (it logs them and draws no data), so refusals are recorded and raised after.
function inlineOnlyLoader(): { loader: vega.Loader; refused: string[] } {
  const loader = vega.loader();
  const refused: string[] = [];
  const refuse = async (uri: string): Promise<never> => {
    refused.push(uri);
    throw new Error(`refused to load ${uri}`);
  };
  loader.sanitize = refuse;
  loader.load = refuse;
  loader.http = refuse;
  loader.file = refuse;
  return { loader, refused };
}

/**
 * Rewrites ids and references inside the markup of tags only (vega escapes `<` and `>` everywhere else, so
 * a tag is exactly `<...>`): ids become `<prefix>-<kind><n>` numbered in order of definition, which does
 * not depend on vega's process-wide counters; every font-family becomes FONT_FAMILY (a mark's own `font`
 * would otherwise name a face that is not bundled).
 */
function rewriteTags(svg: string, idPrefix: string): string {
  const ids = new Map<string, string>();
  const perKind = new Map<string, number>();
  for (const tag of svg.match(/<[^>]*>/g) ?? []) {
    const match = /\sid="([^"]*)"/.exec(tag);
    if (match === null || ids.has(match[1]!)) continue;
    const kind = match[1]!.replace(/[_\d]+$/, '') || 'id';
    const n = (perKind.get(kind) ?? 0) + 1;
    perKind.set(kind, n);
    ids.set(match[1]!, `${idPrefix}-${kind}${n}`);
  }
  const renamed = (id: string): string | undefined => ids.get(id);
  return svg.replace(/<[^>]*>/g, (tag) =>
    tag
      .replace(/(\sid=")([^"]*)(")/g, (all, open: string, id: string, close: string) => {
        const to = renamed(id);
        return to === undefined ? all : open + to + close;
      })
      .replace(/url\(#([^)]*)\)/g, (all, id: string) => {
        const to = renamed(id);
        return to === undefined ? all : `url(#${to})`;
      })
      .replace(/(\s(?:xlink:)?href=")#([^"]*)(")/g, (all, open: string, id: string, close: string) => {
        const to = renamed(id);
        return to === undefined ? all : `${open}#${to}${close}`;
      })
      .replace(/(\sfont-family=")[^"]*(")/g, `$1${FONT_FAMILY}$2`),
  );
}

/** A chart laid out by vega: its SVG and the (finalized) view whose scenegraph the SVG was written from. */
export interface RenderedScene {
  svg: string;
  /** Draws the same scenegraph on a canvas (sceneRaster in scene-png.ts), so a PNG needs no SVG parse. */
  view: vega.View;
}

/**
 * renderSvg, also returning the vega view the SVG was written from, so that a PNG of exactly this layout can
 * be drawn from its scenegraph. The view is finalized (no timers or listeners) but keeps its scenegraph.
 */
export async function renderScene(spec: ChartSpec, options: RenderSvgOptions): Promise<RenderedScene> {
  assertIdPrefix(options.idPrefix);
  installVegaTextMetrics();
  const warn = options.onWarning ? { onWarning: options.onWarning } : {};
  let runtime: ReturnType<typeof vega.parse>;
  try {
    runtime = vega.parse(toVegaSpec(spec, warn));
  } catch (cause) {
    throw new PortEmissionsError(`Invalid chart spec: ${cause instanceof Error ? cause.message : String(cause)}`, {
      hint: 'Check the spec against the Vega-Lite (or Vega) schema.',
      cause,
    });
  }
  vega.resetSVGDefIds();
  const { loader, refused } = inlineOnlyLoader();
  const view = new vega.View(runtime, {
    renderer: 'none',
    loader,
    ...(options.onWarning ? { logger: warningLogger(options.onWarning) } : {}),
  });
  try {
    const svg = await view.toSVG();
    if (refused.length > 0) {
      throw new PortEmissionsError(`A chart spec asked to load "${refused[0]}"; chart data must be inline.`, {
        hint: 'Put the rows in the spec (data.values) instead of a url.',
      });
    }
    return { svg: rewriteTags(svg, options.idPrefix), view };
  } finally {
    view.finalize();
  }
}

/**
 * Renders a Vega-Lite or Vega spec to an SVG string in Node, without a browser or canvas: text is laid out
 * with the bundled font's metrics (installVegaTextMetrics) and every text element uses FONT_FAMILY.
 * Every id and `url(#id)`/`href="#id"` reference is prefixed with `options.idPrefix`. Identical input gives
 * byte-identical output, in one process or across processes. Data must be inline: a spec that loads a
 * URL or file fails with a PortEmissionsError, as does a spec Vega-Lite or Vega cannot compile. The spec
 * passed in is not modified.
 */
export async function renderSvg(spec: ChartSpec, options: RenderSvgOptions): Promise<string> {
  return (await renderScene(spec, options)).svg;
}
