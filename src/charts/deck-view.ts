/**
 * Views of chart data for the deck's editable charts, shared by the chart modules: lines over a year axis
 * spaced by value (a PowerPoint scatter chart), bars over categories, reference lines as series, value axes
 * fitted to the figures. Colours come from the chart's palette, so a slide matches its picture.
 */
import { unique } from '../analysis/common.ts';
import { NEUTRAL } from './theme.ts';
import type { NativeChartData } from './types.ts';

/** A reference line's colour on a slide: the picture's muted grey. */
const REFERENCE_COLOR = NEUTRAL.muted.replace(/^#/, '').toUpperCase();

/** A deck colour from a palette colour: 6 hex digits, upper case, no `#`. */
export function deckColor(color: string): string {
  return color.replace(/^#/, '').toUpperCase();
}

/** What {@link deckScatter} draws. */
export interface ScatterInput<R> {
  records: readonly R[];
  year: (record: R) => number;
  /** The figure as plotted (axis units, display precision). */
  value: (record: R) => number | null;
  series: readonly { name: string; color: string; has: (record: R) => boolean }[];
  /** Horizontal reference lines across the years shown, in axis units. */
  references?: readonly { name: string; value: number }[];
  yAxisTitle: string;
  percent?: boolean;
  numberFormat?: string;
}

/**
 * Lines over a value axis of years: each series' figures at their years (null where it has none, joined
 * across), the reference lines from the first to the last year. Years are spaced by value, as in the picture.
 */
export function deckScatter<R>(input: ScatterInput<R>): NativeChartData {
  const years = unique(input.records.map(input.year)).sort((a, b) => a - b);
  const series: NativeChartData['series'] = input.series.map((s) => ({
    name: s.name,
    color: deckColor(s.color),
    values: years.map((y) => {
      const record = input.records.find((r) => s.has(r) && input.year(r) === y);
      return record === undefined ? null : input.value(record);
    }),
  }));
  for (const ref of input.references ?? []) {
    series.push({
      name: ref.name,
      color: REFERENCE_COLOR,
      reference: true,
      values: years.map((y, i) => (i === 0 || i === years.length - 1 ? ref.value : null)),
    });
  }
  return {
    type: 'scatter',
    categories: years.map(String),
    xValues: years,
    series,
    yAxisTitle: input.yAxisTitle,
    ...(input.percent === true ? { percent: true } : {}),
    ...(input.numberFormat === undefined ? {} : { numberFormat: input.numberFormat }),
  };
}

/** A round step for an axis spanning `span`: 1, 2 or 5 times a power of ten, about five steps. */
function niceStep(span: number): number {
  const raw = Math.max(span, 1e-9) / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const scaled = raw / power;
  return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power;
}

/**
 * A value axis fitted to the figures and reference lines of a native chart, on round steps; a percent axis
 * never runs past `cap` (100: nothing is more than 100% below) nor below 0 unless a figure is.
 */
export function fittedPercentAxis(native: NativeChartData, cap?: number): { yMin: number; yMax: number } {
  const values = native.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const lo = Math.min(0, ...values);
  const hi = Math.max(...values);
  const step = niceStep(hi - lo);
  const yMin = Math.floor(lo / step) * step;
  let yMax = Math.ceil(hi / step) * step;
  if (yMax === hi && cap === undefined) yMax += step;
  if (cap !== undefined) yMax = Math.min(cap, yMax);
  return { yMin, yMax: yMax <= yMin ? yMin + step : yMax };
}

/**
 * A line chart over year categories as lines over a year axis spaced by value (a scatter chart), its colours
 * in deck form; `reference` names the series that are reference lines.
 */
export function onYearAxis(native: NativeChartData, reference: readonly string[] = []): NativeChartData {
  return {
    ...native,
    type: 'scatter',
    xValues: native.categories.map(Number),
    series: native.series.map((s) => {
      const isReference = reference.includes(s.name);
      // A reference line runs from the first to the last year; points between would read as figures.
      const first = s.values.findIndex((v) => v !== null);
      const last = s.values.length - 1 - [...s.values].reverse().findIndex((v) => v !== null);
      return {
        ...s,
        values: isReference ? s.values.map((v, i) => (i === first || i === last ? v : null)) : s.values,
        ...(s.color === undefined ? {} : { color: deckColor(s.color) }),
        ...(isReference ? { reference: true } : {}),
      };
    }),
  };
}
