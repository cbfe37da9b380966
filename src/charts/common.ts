/**
 * Helpers shared by the chart builders: the spec envelope, number words, the release/baseline words of a
 * frame, the check of a chart's filters, and the "missing data" chart. Nothing here knows one chart.
 */
import type { TopLevelSpec } from 'vega-lite';
import { checkBaselineId, checkFilters } from '../analysis/common.ts';
import { baselineFor } from '../analysis/baselines.ts';
import { usageError } from '../errors.ts';
import type { Dataset } from '../ingest/dataset.ts';
import { chartMsg } from './messages.ts';
import type { ChartData, ReleaseChoice } from '../analysis/chart-data/types.ts';
import { CHART_SIZE, NEUTRAL, paletteFor, vegaLiteConfig } from './theme.ts';
import type { BuiltChart, ChartDefinition, ChartFilters, ChartFrame } from './types.ts';

export { baselineFor };
export { baselineWords, baselineYear, filterWords, inRange, sourceRefsOf, yearsWords } from '../analysis/chart-data/common.ts';

/** A cell of a chart's data: what the report table and the CSV/XLSX exports can hold. */
export type Cell = string | number | boolean | null;
/** A row of a chart's data (and of its spec's inline values). */
export type Row = Record<string, Cell>;

/** The Vega-Lite schema the specs follow. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * A complete Vega-Lite spec from its body: `$schema` first, the body, then the theme's config. The body
 * carries its data inline (`data.values`); it never names a url.
 */
export function vegaLite(body: Record<string, unknown>): TopLevelSpec {
  return { $schema: VEGA_LITE_SCHEMA, ...body, config: vegaLiteConfig() } as unknown as TopLevelSpec;
}

/** Digits grouped by thousands with commas, whatever the machine's locale. */
function groupDigits(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** What every formatter prints for a figure that cannot be computed (NaN, Infinity): never "NaN" or "Infinity". */
export const UNDEFINED_FIGURE = 'undefined';

/**
 * A number with `decimals` decimals and thousands separators ("16,331", "-0.5"), locale-independent; no
 * "-0". A value that is not a finite number prints as "undefined" (a caller says why: see changeWords).
 */
export function formatNumber(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return UNDEFINED_FIGURE;
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole, fraction] = fixed.split('.');
  const negative = value < 0 && Number(fixed) !== 0;
  return `${negative ? '-' : ''}${groupDigits(whole!)}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** A percentage as an analyst writes it: whole points from 10 up, one decimal below ("79%", "4.5%"). */
export function formatPct(value: number): string {
  if (!Number.isFinite(value)) return UNDEFINED_FIGURE;
  const abs = Math.abs(value);
  const text = abs >= 10 || Number.isInteger(value) ? formatNumber(value, 0) : formatNumber(value, 1).replace(/\.0$/, '');
  return `${text}%`;
}

/** Tons as an analyst writes them: whole tons from 10 up ("16,331"), one decimal below ("2.3"). */
export function formatTons(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 10 || Number.isInteger(value)) return formatNumber(value, 0);
  return formatNumber(value, abs >= 1 ? 1 : 2).replace(/\.?0+$/, '');
}

/**
 * The change from `from` (in year `fromYear`) to `to` in words: "12% less than {what}" / "12% more than
 * {what}" (`zero` says which word a change of 0 takes), or, when no percent change can be computed, "a
 * percent change since {fromYear} is undefined ({reason})".
 */
export function changeWords(from: number, to: number, what: string, fromYear: number, zero: 'less' | 'more' = 'less'): string {
  const change = ((to - from) / from) * 100;
  if (!Number.isFinite(change)) {
    const reason = from === 0 ? `the ${fromYear} figure is 0` : 'a figure is not a finite number';
    return `a percent change since ${fromYear} is ${UNDEFINED_FIGURE} (${reason})`;
  }
  return `${formatPct(Math.abs(change))} ${change < 0 || (change === 0 && zero === 'less') ? 'less' : 'more'} than ${what}`;
}

/** Millions with two decimals ("8.63 million"), or the whole number below a million. */
export function formatMillions(value: number): string {
  return Math.abs(value) >= 1_000_000 ? `${formatNumber(value / 1_000_000, 2)} million` : formatNumber(value, 0);
}

/** A cell value from anything an analysis row holds: lists joined with "; ", undefined as null. */
export function cell(value: unknown): Cell {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.join('; ');
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}

/** The data behind a chart: the given columns of each row, as cells. */
export function dataTable(columns: readonly string[], rows: readonly object[]): BuiltChart['data'] {
  return { columns: [...columns], rows: rows.map((row) => Object.fromEntries(columns.map((c) => [c, cell((row as Record<string, unknown>)[c])]))) };
}


/** A release label shortened for a frame line: up to its first ":" or ", ". */
export function shortReleaseLabel(label: string): string {
  const cut = label.search(/:|, /);
  return (cut > 0 ? label.slice(0, cut) : label).trim();
}

/**
 * The releases behind a chart in words, oldest first as the chart data gives them ("Port of Los Angeles
 * emissions ... 2005-2012; Port of Long Beach 2007 emissions inventory"). `extra` (e.g. "published
 * percentages") is appended.
 */
export function releaseWords(releases: readonly ReleaseChoice[], extra?: string): string {
  const words = releases.map((r) => shortReleaseLabel(r.label));
  if (extra !== undefined && extra !== '') words.push(extra);
  return words.join('; ');
}

const FILTER_KEYS: readonly (keyof ChartFilters)[] = ['port', 'pollutant', 'category', 'baseline', 'from', 'to'];

/**
 * Checks a chart's filters: a filter the chart does not take, an unknown code or baseline, or reversed
 * years is a usage error (exit code 2) that says what is valid.
 */
export function checkChartFilters(definition: Pick<ChartDefinition, 'id' | 'filters'>, dataset: Dataset, filters: ChartFilters): void {
  for (const key of FILTER_KEYS) {
    if (filters[key] !== undefined && !definition.filters.includes(key)) {
      throw usageError(chartMsg.filterNotTaken(definition.id, key, definition.filters));
    }
  }
  checkFilters(dataset, { port: filters.port, pollutant: filters.pollutant, category: filters.category, from: filters.from, to: filters.to });
  if (filters.baseline !== undefined) checkBaselineId(dataset, filters.baseline);
}



/**
 * A chart for which the dataset holds no series: the frame says what the chart would show, `missing` what
 * data would fill it, and the spec is a plain notice (so a user taking the spec elsewhere sees it too).
 */
export function missingChart(id: string, frame: ChartFrame, missing: string, data: BuiltChart['data']): BuiltChart {
  const notice = `Not in the data: ${missing}`;
  return {
    id,
    spec: vegaLite({
      width: CHART_SIZE.width,
      height: 80,
      data: { values: [{ notice }] },
      mark: { type: 'text', align: 'left', baseline: 'middle', color: NEUTRAL.muted, limit: CHART_SIZE.width - 20 },
      encoding: { text: { field: 'notice', type: 'nominal' }, x: { value: 10 }, y: { value: 40 } },
    }),
    frame,
    ...narration([`${frame.title}: not in the data.`, `${capitalise(missing)}.`]),
    data,
    missing,
  };
}

/** The text with its first letter in capitals. */
export function capitalise(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1);
}

/** A list in words: "a", "a and b", "a, b and c". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Rows sorted with the codelists' order of one key, for a Vega-Lite scale domain. */
export function orderedCodes(all: Iterable<string>, present: Iterable<string>): string[] {
  const wanted = new Set(present);
  return [...all].filter((c) => wanted.has(c));
}

/** A Vega-Lite colour scale for the given codes of one dimension, labelled for people. */
export function colorScale(domain: readonly string[], colors: readonly string[]): { domain: string[]; range: string[] } {
  return { domain: [...domain], range: [...colors] };
}

/** Year tick values for an axis from `min` to `max`: every 1, 2, 5 or 10 years, on round years. */
export function yearTicks(min: number, max: number): number[] {
  const span = max - min;
  const step = span <= 6 ? 1 : span <= 12 ? 2 : span <= 30 ? 5 : 10;
  const ticks: number[] = [];
  for (let y = Math.ceil(min / step) * step; y <= max; y += step) ticks.push(y);
  return ticks;
}

/** Width of each of `panels` side-by-side panels so that they, the y axis and the gaps fill the chart width. */
export function panelWidth(panels: number, options: { axis?: number; spacing?: number } = {}): number {
  const axis = options.axis ?? 90;
  const spacing = options.spacing ?? 24;
  return Math.floor((CHART_SIZE.width - axis - spacing * (panels - 1)) / Math.max(1, panels));
}

/** A published value as published (its own decimals kept), with thousands separators: "32.6", "16,331". */
export function formatPublished(value: number): string {
  if (!Number.isFinite(value)) return UNDEFINED_FIGURE;
  const text = String(Math.abs(value));
  if (/e/i.test(text)) return formatNumber(value, 2);
  const [whole, fraction] = text.split('.');
  return `${value < 0 ? '-' : ''}${groupDigits(whole!)}${fraction === undefined ? '' : `.${fraction}`}`;
}

/**
 * The layers that have rows to draw: a layer filtered on the `layer` field (`{ filter: { field: 'layer',
 * equal: X } }`) is dropped when no row has that layer, since an empty layer makes vega warn of an
 * infinite extent. Other layers are kept.
 */
export function layersWithData(values: readonly Row[], layers: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  return layers.filter((layer) => {
    const transforms = (layer.transform ?? []) as { filter?: unknown }[];
    const wanted = transforms
      .map((t) => t.filter)
      .find((f): f is { field: string; equal: string } => typeof f === 'object' && f !== null && (f as { field?: unknown }).field === 'layer');
    return wanted === undefined || values.some((v) => v.layer === wanted.equal);
  });
}

/** `value` rounded to `decimals` decimals, never -0 (a spec or table would print it as "-0"). */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  return rounded === 0 ? 0 : rounded;
}


/** Codes whose label the data table shows beside them (e.g. `port_label` after `port`). */
const LABELLED: Readonly<Record<string, 'port' | 'pollutant' | 'category'>> = { port: 'port', source_category: 'category' };

/**
 * The data table of a chart: its chart data's records in the chart data's columns, lists joined with "; ";
 * each figure column (one with display decimals) as `<name>` at the chart's display precision and
 * `<name>_full` at full precision; a port code followed by its label (`port_label`).
 */
export function recordsTable(data: ChartData<object>, dataset: Dataset): BuiltChart['data'] {
  const palette = paletteFor(dataset);
  const columns: string[] = [];
  for (const column of data.columns) {
    columns.push(column.name);
    if (LABELLED[column.name] !== undefined) columns.push(`${column.name}_label`);
    if (column.decimals !== undefined) columns.push(`${column.name}_full`);
  }
  const rows = data.records.map((record) => {
    const source = record as Record<string, unknown>;
    const row: Row = {};
    for (const column of data.columns) {
      const value = source[column.name];
      const dimension = LABELLED[column.name];
      if (column.decimals !== undefined && typeof value === 'number') {
        row[column.name] = roundTo(value, column.decimals);
        row[`${column.name}_full`] = value;
      } else {
        row[column.name] = cell(value);
        if (column.decimals !== undefined) row[`${column.name}_full`] = cell(value);
      }
      if (dimension !== undefined) row[`${column.name}_label`] = typeof value === 'string' ? palette.label(dimension, value) : null;
    }
    return row;
  });
  return { columns, rows };
}

/** A frame's source codes and release words from the chart data (its releases, then any other origin). */
export function frameSources(dataset: Dataset, data: ChartData<object>): { sourceRefs: string[]; release: string } {
  return { sourceRefs: data.sourceRefs, release: releaseWords(data.releases, data.releaseExtra) };
}

/**
 * A change from a reference in words, the one phrasing of every finding title: "90% below", "12% above",
 * "unchanged from" (`pctChange` negative = lower).
 */
export function belowAboveWords(pctChange: number): string {
  const text = formatPct(Math.abs(pctChange));
  if (text === '0%') return 'unchanged from';
  return `${text} ${pctChange < 0 ? 'below' : 'above'}`;
}

/** How many of a group in words: "its" (1), "both" (2), "all 3" (more). */
export function countWords(count: number): string {
  return count === 1 ? 'its' : count === 2 ? 'both' : `all ${count}`;
}

/** A title that states the finding when the data supports one, else the chart's descriptive title. */
export function findingTitle(finding: string | null, descriptive: string): string {
  return finding === null || finding.trim() === '' ? descriptive : capitalise(finding);
}

/**
 * Label positions (pixels, top = 0) moved apart so that any two are at least `gap` apart, keeping their
 * order: `up` moves the upper of two labels up (labels that sit above their line), `down` moves the lower
 * one down. Deterministic: the same positions in give the same positions out.
 */
export function spreadApart(positions: readonly number[], gap: number, direction: 'up' | 'down'): number[] {
  const order = positions.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i);
  const out = [...positions];
  if (direction === 'down') {
    let previous = -Infinity;
    for (const o of order) out[o.i] = previous = Math.max(o.y, previous + gap);
  } else {
    let next = Infinity;
    for (const o of [...order].reverse()) out[o.i] = next = Math.min(o.y, next - gap);
  }
  return out;
}

/** A chart's narrative from its sentences (empty ones left out): the sentences and the narrative they make. */
export function narration(sentences: readonly string[]): { sentences: string[]; narrative: string } {
  const kept = sentences.filter((sentence) => sentence.trim() !== '');
  return { sentences: kept, narrative: kept.join(' ') };
}
