/**
 * Chart data of `emissions`: tons per year of one pollutant by port, by source category where the dataset has
 * categories (stacked), with the published port total where the categories do not make it up.
 */
import type { Dataset } from '../../ingest/dataset.ts';
import { defaultBaselineId } from '../baselines.ts';
import { unique } from '../common.ts';
import { reductionsVsBaseline } from '../reductions.ts';
import { rowsOf, type ReductionRow } from '../types.ts';
import { chartData, chooseReleasePerKey, filterWords, inRange, releaseChoices, seriesOf } from './common.ts';
import type { ReleasePick } from '../releases.ts';
import { fillMsg } from './messages.ts';
import type { ChartColumn, ChartData, ChartOptions } from './types.ts';
import { unitWordsOf } from '../../schema/units.ts';
import { FIGURE_MARK, qualifierMark, REMAINDER, type FigureMark } from './marks.ts';

/** One bar segment: a port's tons of one source category (or its total) in one year. */
export interface EmissionsSegment {
  port: string;
  year: number;
  source_category: string;
  pollutant: string;
  tons: number;
  unit: string;
  release: string;
  qualifier: string;
  /**
   * `stack` segments make the bar; a `remainder` is the part of the published total the categories reported
   * do not make up (total minus their sum, drawn on top as "not broken down"); a `total` is the published port
   * total itself, drawn as a tick and label over the bar.
   */
  role: 'stack' | 'remainder' | 'total';
  /** How the figure stands to the published one ('' as published; 'derived', 'partial sum', 'approximate'...). */
  mark: FigureMark;
  source_ref: string[];
}

const ROLE_ORDER: Record<EmissionsSegment['role'], number> = { stack: 0, remainder: 1, total: 2 };

/** Tonnages do not depend on a baseline: the port's or dataset's serves to list them, else any declared. */
function tonnageBaseline(dataset: Dataset, port: string | undefined): { baseline?: string } {
  const baseline = defaultBaselineId(dataset, port) ?? dataset.records.baselines[0]?.baseline_id;
  return baseline === undefined ? {} : { baseline };
}

/** The tonnage of every port, year and category, each from its release by the one release rule. */
function tonnagePicks(dataset: Dataset, options: ChartOptions, pollutant: string): ReleasePick<ReductionRow>[] {
  const rows = rowsOf(reductionsVsBaseline(dataset, { pollutant, port: options.port, category: options.category, ...tonnageBaseline(dataset, options.port) }))
    .filter((r) => r.value !== null && inRange(r.year, options));
  return chooseReleasePerKey(dataset, rows, (r) => `${r.port}\u0000${r.year}\u0000${r.source_category}`);
}

/** Segments of every port and year: the latest release per port, year and category (the one release rule). */
export function emissionsSegments(dataset: Dataset, options: ChartOptions, pollutant: string): EmissionsSegment[] {
  return segmentsOf(dataset, tonnagePicks(dataset, options, pollutant).map((p) => p.row));
}

/** The bar segments of the chosen tonnages: categories stacked, the remainder of the published total, the total. */
function segmentsOf(dataset: Dataset, latest: readonly ReductionRow[]): EmissionsSegment[] {
  const parentOf = (code: string) => dataset.codelists.sourceCategories.get(code)?.parent;
  const byBar = new Map<string, ReductionRow[]>();
  for (const r of latest) {
    const key = `${r.port}\u0000${r.year}`;
    byBar.set(key, [...(byBar.get(key) ?? []), r]);
  }
  const segments: EmissionsSegment[] = [];
  for (const group of byBar.values()) {
    const categories = group.filter((r) => r.source_category !== 'all');
    const codes = new Set(categories.map((r) => r.source_category));
    // A sub-category whose parent is reported is already inside its parent's bar.
    const stack = categories.filter((r) => !codes.has(parentOf(r.source_category) ?? ''));
    const total = group.find((r) => r.source_category === 'all');
    const make = (r: ReductionRow, role: EmissionsSegment['role'], mark: FigureMark = qualifierMark(r.qualifier)): EmissionsSegment => ({
      port: r.port,
      year: r.year,
      source_category: r.source_category,
      pollutant: r.pollutant,
      tons: r.value!,
      unit: r.unit,
      release: r.release,
      qualifier: r.qualifier,
      role,
      mark,
      source_ref: r.source_ref,
    });
    if (stack.length > 0) {
      // Without a published total the bar is a sum of the categories reported, never the port total.
      segments.push(...stack.map((r) => make(r, 'stack', total ? qualifierMark(r.qualifier) : FIGURE_MARK.partialSum)));
      if (total) {
        const rest = total.value! - stack.reduce((t, r) => t + r.value!, 0);
        // The part of the total the categories do not make up, up to the total (tolerance: float sums).
        if (rest > 1e-9 * Math.abs(total.value!)) {
          segments.push({ ...make(total, 'remainder', FIGURE_MARK.derived), source_category: REMAINDER.code, tons: rest, source_ref: unique([...total.source_ref, ...stack.flatMap((r) => r.source_ref)]) });
        }
        segments.push(make(total, 'total'));
      }
    } else if (total) {
      segments.push(make(total, 'stack'));
    }
  }
  return segments;
}


export const EMISSIONS_CHART_COLUMNS: ChartColumn[] = [
  { name: 'port', description: 'port code', unit: '' },
  { name: 'year', description: 'inventory year', unit: '' },
  { name: 'source_category', description: 'source category code (all: the port total)', unit: '' },
  { name: 'pollutant', description: 'pollutant code', unit: '' },
  { name: 'tons', description: 'tons per year', unit: 't/yr', decimals: 1 },
  { name: 'unit', description: 'unit code of the tons', unit: '' },
  { name: 'role', description: 'stack: a category of the bar; remainder: the published total minus the categories reported (not broken down); total: the published port total', unit: '' },
  { name: 'qualifier', description: 'the figure as published (exact, approximate, ...)', unit: '' },
  { name: 'mark', description: "how the figure stands to the published one: '' as published; derived (computed by the tool); partial sum (sum of the categories reported, no published total); approximate", unit: '' },
  { name: 'release', description: 'data release of the figure', unit: '' },
  { name: 'source_ref', description: 'sources of the figure', unit: '' },
];

/** The chart data of `emissions`. */
export interface EmissionsChartData extends ChartData<EmissionsSegment> {
  /** The pollutant shown (the option, else the first with tonnages); undefined when the dataset has none. */
  pollutant: string | undefined;
  /** Source categories stacked, in codelist order ('all' where a port has no categories). */
  categories: string[];
  /** The unit's label ("short tons per year"). */
  unitLabel: string;
  /** Whether any bar's categories do not make up its published total (the remainder is drawn, a tick marks the total). */
  partialSums: boolean;
  /** Whether any bar is a sum of categories without a published total (marked `partial sum`). */
  sumsWithoutTotal: boolean;
}

/**
 * The data of the `emissions` chart: the segments of every port (members only, unless a combined port is
 * asked for) and year, ordered by port, year, stack before total, category.
 */
export function emissionsChartData(dataset: Dataset, options: ChartOptions): EmissionsChartData {
  const portCodes = [...dataset.codelists.ports.keys()];
  const categoryCodes = [...dataset.codelists.sourceCategories.keys()];
  const pollutantCodes = [...dataset.codelists.pollutants.keys()];
  const isMember = (port: string) => dataset.codelists.ports.get(port)?.kind !== 'combined' || options.port === port;
  const tonnages = dataset.records.emissions.filter((e) => e.metric === 'absolute' && e.basis === 'inventory' && isMember(e.port));
  const pollutant = options.pollutant ?? pollutantCodes.find((c) => tonnages.some((e) => e.pollutant === c));
  const picks = pollutant === undefined ? [] : tonnagePicks(dataset, options, pollutant).filter((p) => isMember(p.row.port));
  const segments = segmentsOf(dataset, picks.map((p) => p.row));
  const rank = (list: readonly string[]) => new Map(list.map((c, i) => [c, i]));
  const portRank = rank(portCodes);
  const categoryRank = rank(categoryCodes);
  segments.sort(
    (a, b) =>
      portRank.get(a.port)! - portRank.get(b.port)! ||
      a.year - b.year ||
      ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
      (categoryRank.get(a.source_category) ?? categoryRank.size) - (categoryRank.get(b.source_category) ?? categoryRank.size),
  );
  const stacks = segments.filter((s) => s.role === 'stack');
  // The releases of the figures drawn (a sub-category whose parent is reported is not).
  const segmentKey = (r: { port: string; year: number; source_category: string }) => `${r.port}\u0000${r.year}\u0000${r.source_category}`;
  const drawn = new Set(segments.map(segmentKey));
  const ports = portCodes.filter((c) => segments.some((s) => s.port === c));
  const withoutCategories = ports.filter((p) => !stacks.some((s) => s.port === p && s.source_category !== 'all'));
  const portLabels = withoutCategories.map((p) => dataset.codelists.ports.get(p)?.label ?? p);
  const unit = segments[0]?.unit ?? '';
  const words = portLabels.length <= 1 ? portLabels.join('') : `${portLabels.slice(0, -1).join(', ')} and ${portLabels.at(-1)}`;
  return chartData({
    chartId: 'emissions',
    options,
    records: segments,
    columns: EMISSIONS_CHART_COLUMNS,
    measure: { field: 'tons', unit: dataset.codelists.units.get(unit)?.label ?? unit, axis: { title: dataset.codelists.units.get(unit)?.label ?? unit, unit: 't', factor: 1, decimals: 0, percent: false } },
    series: seriesOf(dataset, stacks, 'category', { code: (s) => s.source_category, year: (s) => s.year, value: (s) => s.tons }),
    panels: ports.length === 0 ? [''] : ports,
    releases: releaseChoices(dataset, picks.filter((p) => drawn.has(segmentKey(p.row)))),
    gaps: options.category !== undefined || withoutCategories.length === 0 ? [] : [{ missing: `stacking ${words} by source category`, fill: fillMsg.tonsByCategory }],
    missing: segments.length === 0 ? { missing: `${pollutant ?? 'emissions'} tons by port${filterWords(dataset, { ...options, pollutant: undefined })}`, fill: fillMsg.tons } : null,
    pollutant,
    categories: categoryCodes.filter((c) => stacks.some((s) => s.source_category === c)),
    unitLabel: unitWordsOf(dataset.codelists.units, unit).rate,
    partialSums: segments.some((s) => s.role === 'total'),
    sumsWithoutTotal: segments.some((s) => s.mark === FIGURE_MARK.partialSum),
  });
}
