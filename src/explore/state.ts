/**
 * The explore page's state: which measure (and so which catalogue chart) and which filters, as it lives
 * in the URL fragment (`#measure=pct&port=POLA&pollutant=DPM`), so a link reopens the same view. Pure: no
 * DOM, usable and tested in Node.
 */
import { CHARTS } from '../charts/index.ts';
import type { ChartFilters } from '../charts/index.ts';
import type { Dataset } from '../ingest/dataset.ts';

/** What the chart measures; each is one chart of the catalogue. */
export type Measure = 'tons' | 'pct' | 'intensity' | 'share';

/** The measures, in the order the page offers them, with the catalogue chart that draws each. */
export const MEASURES: readonly { id: Measure; chartId: string; label: string }[] = [
  { id: 'tons', chartId: 'emissions', label: 'Tons per year' },
  { id: 'pct', chartId: 'reductions', label: '% against the baseline' },
  { id: 'intensity', chartId: 'intensity', label: 'Per activity unit' },
  { id: 'share', chartId: 'category-shares', label: 'Share of the total' },
];

/** The page's state: a measure and the filters; an absent filter is the chart's default. */
export interface ExploreState {
  measure: Measure;
  port?: string;
  /**
   * Two or more ports to compare (the chart's figures of those ports only); set instead of `port`. In the
   * fragment as `ports=POLA,POLB`, in the dataset's order.
   */
  ports?: string[];
  /** The normalisation of the per-activity-unit measure (a code the dataset declares); absent: its default. */
  per?: string;
  pollutant?: string;
  category?: string;
  baseline?: string;
  from?: number;
  to?: number;
}

/** The order of the keys in a fragment. */
const KEYS = ['measure', 'port', 'ports', 'per', 'pollutant', 'category', 'baseline', 'from', 'to'] as const;

/** One choice of a control: its code and the label people read. */
export interface Choice {
  code: string;
  label: string;
}

/** What the dataset offers each control. */
export interface ExploreChoices {
  ports: Choice[];
  pollutants: Choice[];
  categories: Choice[];
  baselines: Choice[];
  years: number[];
  /** The normalisations the dataset declares (codelists/normalisations.csv), labels as declared. */
  normalisations: Choice[];
}

/**
 * The choices of every control from a dataset: its ports (combined ports marked), pollutants, source
 * categories (sub-categories indented by their parent), baselines (the first record's label per id) and
 * every year with an emissions record or an indicator, ascending.
 */
export function exploreChoices(dataset: Dataset): ExploreChoices {
  const ports = dataset.records.ports.map((p) => ({ code: p.code, label: p.kind === 'combined' ? `${p.label} (combined)` : p.label }));
  const pollutants = dataset.records.pollutants.map((p) => ({ code: p.code, label: p.label === p.code ? p.code : `${p.label} (${p.code})` }));
  const categories = dataset.records.source_categories
    .filter((c) => c.code !== 'all')
    .map((c) => ({ code: c.code, label: c.parent ? `${c.label} (part of ${dataset.codelists.sourceCategories.get(c.parent)?.label ?? c.parent})` : c.label }));
  const baselines: Choice[] = [];
  for (const b of dataset.records.baselines) {
    if (!baselines.some((c) => c.code === b.baseline_id)) baselines.push({ code: b.baseline_id, label: b.label });
  }
  const years = [...new Set([...dataset.records.emissions.map((e) => e.year), ...dataset.records.indicators.map((i) => i.year)])].sort((a, b) => a - b);
  const normalisations = dataset.records.normalisations.map((n) => ({ code: n.code, label: n.label }));
  return { ports, pollutants, categories, baselines, years, normalisations };
}

/** The charts that draw a chosen set of ports side by side (the share chart draws one port at a time). */
export const COMPARES_PORTS: readonly string[] = ['emissions', 'reductions', 'intensity'];

/** The catalogue chart a measure is drawn with. */
export function chartIdOf(measure: Measure): string {
  return MEASURES.find((m) => m.id === measure)!.chartId;
}

/** The filters the state's chart takes (others are left out: e.g. the tons chart has no baseline). */
export function chartFiltersOf(state: ExploreState): { chartId: string; filters: ChartFilters; ignored: (keyof ChartFilters | 'ports' | 'per')[] } {
  const chartId = chartIdOf(state.measure);
  const taken = CHARTS.find((c) => c.id === chartId)!.filters;
  const filters: ChartFilters = {};
  const ignored: (keyof ChartFilters | 'ports' | 'per')[] = [];
  if (state.ports !== undefined && !COMPARES_PORTS.includes(chartId)) ignored.push('ports');
  if (state.per !== undefined && chartId !== 'intensity') ignored.push('per');
  for (const key of ['port', 'pollutant', 'category', 'baseline', 'from', 'to'] as const) {
    const value = state[key];
    if (value === undefined) continue;
    if (!taken.includes(key)) {
      ignored.push(key);
      continue;
    }
    (filters as Record<string, unknown>)[key] = value;
  }
  return { chartId, filters, ignored };
}

/** The URL fragment of a state, keys in a fixed order: `#measure=pct&port=POLA`. */
export function fragmentOf(state: ExploreState): string {
  const parts: string[] = [];
  for (const key of KEYS) {
    const value = state[key];
    if (value === undefined) continue;
    parts.push(`${key}=${Array.isArray(value) ? value.map((v) => encodeURIComponent(String(v))).join(',') : encodeURIComponent(String(value))}`);
  }
  return `#${parts.join('&')}`;
}

/** A state read from a fragment, and what of the fragment was not used (for a notice on the page). */
export interface ParsedFragment {
  state: ExploreState;
  /** One sentence per value that was dropped, e.g. "port XYZ is not in this dataset". */
  dropped: string[];
}

/**
 * Reads a URL fragment (with or without `#`) against the dataset's choices. Unknown keys, codes the dataset
 * lacks, years it has no data for and a `from` after `to` are dropped and said; the rest is kept. An empty
 * fragment gives the default state (tons, every filter at the chart's default).
 */
export function parseFragment(fragment: string, choices: ExploreChoices): ParsedFragment {
  const state: ExploreState = { measure: 'tons' };
  const dropped: string[] = [];
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (text.trim() === '') return { state, dropped };
  const lists: Record<'port' | 'pollutant' | 'category' | 'baseline', Choice[]> = {
    port: choices.ports,
    pollutant: choices.pollutants,
    category: [{ code: 'all', label: 'all' }, ...choices.categories],
    baseline: choices.baselines,
  };
  for (const part of text.split('&')) {
    if (part === '') continue;
    const at = part.indexOf('=');
    const key = decodeSafe(at < 0 ? part : part.slice(0, at));
    const value = decodeSafe(at < 0 ? '' : part.slice(at + 1));
    if (key === 'measure') {
      const measure = MEASURES.find((m) => m.id === value);
      if (measure) state.measure = measure.id;
      else dropped.push(`measure "${value}" is not one of ${MEASURES.map((m) => m.id).join(', ')}`);
    } else if (key === 'port' || key === 'pollutant' || key === 'category' || key === 'baseline') {
      if (lists[key].some((c) => c.code === value)) state[key] = value;
      else dropped.push(`${key} "${value}" is not in this dataset`);
    } else if (key === 'ports') {
      const codes = value.split(',').filter((c) => c !== '');
      const unknown = codes.filter((c) => !choices.ports.some((p) => p.code === c));
      if (unknown.length > 0) dropped.push(`ports ${unknown.map((c) => `"${c}"`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in this dataset`);
      // In the dataset's order, each once: the same choice gives the same fragment.
      const known = choices.ports.map((p) => p.code).filter((c) => codes.includes(c));
      if (known.length === 1) state.port = known[0]!;
      else if (known.length > 1) state.ports = known;
    } else if (key === 'per') {
      if (choices.normalisations.some((n) => n.code === value)) state.per = value;
      else dropped.push(`normalisation "${value}" is not declared by this dataset`);
    } else if (key === 'from' || key === 'to') {
      const year = Number(value);
      if (/^\d{4}$/.test(value) && choices.years.includes(year)) state[key] = year;
      else dropped.push(`${key} "${value}" is not a year of this dataset`);
    } else {
      dropped.push(`"${key}" is not a setting of this page`);
    }
  }
  if (state.ports !== undefined && state.port !== undefined) delete state.port;
  if (state.from !== undefined && state.to !== undefined && state.from > state.to) {
    dropped.push(`from ${state.from} is after to ${state.to}`);
    delete state.from;
    delete state.to;
  }
  return { state, dropped };
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
