/**
 * The chart theme: a colour-blind-safe palette (Okabe & Ito), one stable colour per port, pollutant and
 * source category in every chart, the Vega-Lite config every chart carries, and the slide-sized defaults.
 */
import type { Dataset } from '../ingest/dataset.ts';
import { FONT_FAMILY } from '../render/fonts.ts';

/** Okabe & Ito's eight colours, distinguishable with the common colour-vision deficiencies. */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/** Neutral greys for totals, baselines and context (not data categories). */
export const NEUTRAL = {
  text: '#1a1a1a',
  muted: '#595959',
  axis: '#737373',
  grid: '#e5e5e5',
  light: '#bfbfbf',
  total: '#595959',
} as const;

/** Fixed colours of the codes the San Pedro Bay data uses; other codes get one by codelist order. */
export const KNOWN_COLORS = {
  port: {
    POLA: OKABE_ITO.blue,
    POLB: OKABE_ITO.orange,
    SPB_combined: OKABE_ITO.black,
    SPB: OKABE_ITO.black,
  },
  pollutant: {
    DPM: OKABE_ITO.vermillion,
    NOx: OKABE_ITO.bluishGreen,
    SOx: OKABE_ITO.reddishPurple,
    'PM2.5': OKABE_ITO.blue,
    PM10: OKABE_ITO.skyBlue,
    GHG: OKABE_ITO.black,
    CO2: NEUTRAL.muted,
  },
  category: {
    all: NEUTRAL.total,
    ocean_going_vessels: OKABE_ITO.blue,
    harbor_craft: OKABE_ITO.skyBlue,
    cargo_handling_equipment: OKABE_ITO.orange,
    locomotives: OKABE_ITO.reddishPurple,
    heavy_duty_vehicles: OKABE_ITO.vermillion,
  },
} as const satisfies Record<string, Record<string, string>>;

/** Colours handed out, in this order, to codes without a fixed colour. Yellow last: it is faint on white. */
const FALLBACK_ORDER: readonly string[] = [
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.vermillion,
  OKABE_ITO.orange,
  OKABE_ITO.blue,
  OKABE_ITO.black,
  NEUTRAL.muted,
  OKABE_ITO.yellow,
];

/** Colours of the reconciliation statuses (and any agree/differ reading). */
export const STATUS_COLORS = {
  agrees: OKABE_ITO.bluishGreen,
  differs: OKABE_ITO.vermillion,
  not_computable: NEUTRAL.light,
} as const;

/** Colours of the decomposition effects. Increases and decreases are told apart by sign, not colour. */
export const EFFECT_COLORS = {
  activity: OKABE_ITO.skyBlue,
  intensity: OKABE_ITO.bluishGreen,
  structure: OKABE_ITO.reddishPurple,
  total: NEUTRAL.total,
} as const;

/** The dimensions whose codes keep one colour everywhere. */
export type ColorDimension = 'port' | 'pollutant' | 'category';

/**
 * Colours of every code of a codelist: codes of the fixed map keep their colour; the others, in codelist
 * order, take the fallback colours not already used by a fixed code of the same codelist, then cycle
 * through all fallback colours. Depends only on the codelist, so a code has the same colour in every
 * chart whatever the chart shows.
 */
export function assignColors(codes: readonly string[], known: Readonly<Record<string, string>>): Map<string, string> {
  const colors = new Map<string, string>();
  const used = new Set<string>();
  for (const code of codes) {
    const fixed = known[code];
    if (fixed !== undefined) {
      colors.set(code, fixed);
      used.add(fixed);
    }
  }
  const free = FALLBACK_ORDER.filter((c) => !used.has(c));
  let next = 0;
  for (const code of codes) {
    if (colors.has(code)) continue;
    const color = next < free.length ? free[next]! : FALLBACK_ORDER[(next - free.length) % FALLBACK_ORDER.length]!;
    colors.set(code, color);
    next++;
  }
  return colors;
}

/** A dataset's colours and people-facing labels per dimension. */
export interface ChartPalette {
  /** Colour of a code; a code missing from the codelist gets a neutral grey. */
  color(dimension: ColorDimension, code: string): string;
  /** The codelist label of a code, made unique within its codelist (the code is appended to repeats). */
  label(dimension: ColorDimension, code: string): string;
}

const palettes = new WeakMap<Dataset, ChartPalette>();

function uniqueLabels(entries: readonly { code: string; label: string }[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const e of entries) count.set(e.label, (count.get(e.label) ?? 0) + 1);
  return new Map(entries.map((e) => [e.code, (count.get(e.label) ?? 0) > 1 ? `${e.label} (${e.code})` : e.label]));
}

/** The palette of a dataset (computed once per dataset). */
export function paletteFor(dataset: Dataset): ChartPalette {
  const cached = palettes.get(dataset);
  if (cached) return cached;
  const lists: Record<ColorDimension, { code: string; label: string }[]> = {
    port: dataset.records.ports.map((p) => ({ code: p.code, label: p.label })),
    pollutant: dataset.records.pollutants.map((p) => ({ code: p.code, label: p.label })),
    category: dataset.records.source_categories.map((c) => ({ code: c.code, label: c.label })),
  };
  const colors = {
    port: assignColors(lists.port.map((e) => e.code), KNOWN_COLORS.port),
    pollutant: assignColors(lists.pollutant.map((e) => e.code), KNOWN_COLORS.pollutant),
    category: assignColors(lists.category.map((e) => e.code), KNOWN_COLORS.category),
  };
  const labels = { port: uniqueLabels(lists.port), pollutant: uniqueLabels(lists.pollutant), category: uniqueLabels(lists.category) };
  const palette: ChartPalette = {
    color: (dimension, code) => colors[dimension].get(code) ?? NEUTRAL.light,
    label: (dimension, code) => labels[dimension].get(code) ?? code,
  };
  palettes.set(dataset, palette);
  return palette;
}

/**
 * Size of the chart area (axes and legends included) for a 16:9 board slide: with the frame's title,
 * notes and source lines around it, the framed picture is about 960 px wide and 560 px high.
 */
export const CHART_SIZE = { width: 928, height: 340 } as const;

/** Font sizes (px) used inside charts, readable on a projected slide. */
export const FONT_SIZE = { label: 12, title: 12, header: 13, annotation: 11, small: 10 } as const;

/**
 * The Vega-Lite config every chart carries: the bundled font, slide-readable sizes, light grid, no chart
 * title (the frame draws titles), no per-mark ARIA text (the frame's description is the alt text).
 */
export function vegaLiteConfig(): Record<string, unknown> {
  return {
    font: FONT_FAMILY,
    background: '#ffffff',
    padding: 4,
    aria: false,
    view: { stroke: null },
    axis: {
      labelFontSize: FONT_SIZE.label,
      titleFontSize: FONT_SIZE.title,
      titleFontWeight: 'normal',
      titleColor: NEUTRAL.text,
      labelColor: NEUTRAL.text,
      domainColor: NEUTRAL.axis,
      tickColor: NEUTRAL.axis,
      gridColor: NEUTRAL.grid,
      titlePadding: 8,
    },
    axisX: { grid: false, labelAngle: 0, labelOverlap: true },
    axisY: { grid: true, domain: false, ticks: false, labelPadding: 6 },
    axisBand: { grid: false, domain: true, ticks: false },
    legend: {
      orient: 'top',
      direction: 'horizontal',
      labelFontSize: FONT_SIZE.label,
      titleFontSize: FONT_SIZE.title,
      titleFontWeight: 'normal',
      titleColor: NEUTRAL.text,
      labelColor: NEUTRAL.text,
      labelLimit: 360,
      symbolSize: 90,
      symbolStrokeWidth: 2,
      columnPadding: 14,
      layout: { top: { margin: 28 }, bottom: { margin: 28 } },
    },
    header: {
      labelFontSize: FONT_SIZE.header,
      labelFontWeight: 'bold',
      labelColor: NEUTRAL.text,
      titleFontSize: FONT_SIZE.title,
      titleFontWeight: 'normal',
      labelLimit: 300,
    },
    line: { strokeWidth: 2 },
    point: { size: 50, filled: true },
    rule: { color: NEUTRAL.text },
    text: { fontSize: FONT_SIZE.annotation, color: NEUTRAL.text },
    bar: { binSpacing: 2 },
  };
}

/**
 * A ring (a disc with a hole) as a Vega symbol path in the unit square: the hollow point of published or
 * approximate figures. A shape rather than a fill opacity, so that Vega-Lite draws it in the legend too.
 */
export const RING_SHAPE = 'M -1 0 A 1 1 0 1 0 1 0 A 1 1 0 1 0 -1 0 Z M -0.52 0 A 0.52 0.52 0 1 1 0.52 0 A 0.52 0.52 0 1 1 -0.52 0 Z';

/** Shape scale for a two-valued "solid vs hollow" field: the first value a disc, the second a ring. */
export function solidHollowScale(solid: string, hollow: string): { domain: string[]; range: string[] } {
  return { domain: [solid, hollow], range: ['circle', RING_SHAPE] };
}
