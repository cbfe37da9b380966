/**
 * Chart `emissions`: tons per year of one pollutant by port (one panel each), stacked by source category
 * where the dataset has categories, with the published port total marked where both exist.
 */
import { defaultBaselineId } from '../analysis/baselines.ts';
import { releaseComparator, unique } from '../analysis/common.ts';
import { reductionsVsBaseline } from '../analysis/reductions.ts';
import { rowsOf, type ReductionRow } from '../analysis/types.ts';
import type { Dataset } from '../ingest/dataset.ts';
import {
  checkChartFilters,
  dataTable,
  formatPct,
  formatTons,
  inRange,
  listWords,
  missingChart,
  panelWidth,
  releaseWords,
  sourceRefsOf,
  vegaLite,
  yearsWords,
  layersWithData,
  filterWords,
  type Row,
} from './common.ts';
import { chartMsg } from './messages.ts';
import { CHART_SIZE, FONT_SIZE, NEUTRAL, paletteFor } from './theme.ts';
import type { BuiltChart, ChartDefinition, ChartFilters, NativeChartData } from './types.ts';
import { unitNotes, unitWordsOf } from '../schema/units.ts';

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
  /** `stack` segments make the bar; a `total` is the published port total drawn as a tick over a stack. */
  role: 'stack' | 'total';
  source_ref: string[];
}

/** Tonnages do not depend on a baseline: the port's or dataset's serves to list them, else any declared. */
function tonnageBaseline(dataset: Dataset, port: string | undefined): { baseline?: string } {
  const baseline = defaultBaselineId(dataset, port) ?? dataset.records.baselines[0]?.baseline_id;
  return baseline === undefined ? {} : { baseline };
}

/** Segments of every port and year: the latest release per port, year and category. */
export function emissionsSegments(dataset: Dataset, filters: ChartFilters, pollutant: string): EmissionsSegment[] {
  const compare = releaseComparator(dataset);
  const rows = rowsOf<ReductionRow>(reductionsVsBaseline(dataset, { pollutant, port: filters.port, category: filters.category, ...tonnageBaseline(dataset, filters.port) }))
    .filter((r) => r.value !== null && inRange(r.year, filters));
  const latest = new Map<string, ReductionRow>();
  for (const r of rows) {
    const key = `${r.port}\u0000${r.year}\u0000${r.source_category}`;
    const held = latest.get(key);
    if (!held || compare(r.release, held.release) > 0) latest.set(key, r);
  }
  const parentOf = (code: string) => dataset.codelists.sourceCategories.get(code)?.parent;
  const byBar = new Map<string, ReductionRow[]>();
  for (const r of latest.values()) {
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
    const make = (r: ReductionRow, role: EmissionsSegment['role']): EmissionsSegment => ({
      port: r.port,
      year: r.year,
      source_category: r.source_category,
      pollutant: r.pollutant,
      tons: r.value!,
      unit: r.unit,
      release: r.release,
      qualifier: r.qualifier,
      role,
      source_ref: r.source_ref,
    });
    if (stack.length > 0) {
      segments.push(...stack.map((r) => make(r, 'stack')));
      if (total) segments.push(make(total, 'total'));
    } else if (total) {
      segments.push(make(total, 'stack'));
    }
  }
  return segments;
}

function build(dataset: Dataset, filters: ChartFilters): BuiltChart {
  checkChartFilters(emissions, dataset, filters);
  const palette = paletteFor(dataset);
  const portCodes = [...dataset.codelists.ports.keys()];
  const categoryCodes = [...dataset.codelists.sourceCategories.keys()];
  const pollutantCodes = [...dataset.codelists.pollutants.keys()];
  const isMember = (port: string) => dataset.codelists.ports.get(port)?.kind !== 'combined' || filters.port === port;
  const tonnages = dataset.records.emissions.filter((e) => e.metric === 'absolute' && e.basis === 'inventory' && isMember(e.port));
  const pollutant = filters.pollutant ?? pollutantCodes.find((c) => tonnages.some((e) => e.pollutant === c));
  const columns = ['port', 'port_label', 'year', 'source_category', 'category_label', 'pollutant', 'tons', 'unit', 'role', 'qualifier', 'release', 'source_ref'];
  const years = yearsWords(filters);
  const frameBase = {
    title: `${pollutant ?? 'Emissions'} emissions by port${years === '' ? '' : `, ${years}`}`,
    subtitle: `${unitWordsOf(dataset.codelists.units, tonnages.find((e) => e.pollutant === pollutant)?.unit).title}${pollutant === undefined ? '' : ` of ${pollutant} (${palette.label('pollutant', pollutant)})`}, stacked by source category where the dataset has categories`,
    baseline: '',
  };
  const segments = pollutant === undefined ? [] : emissionsSegments(dataset, filters, pollutant).filter((s) => isMember(s.port));
  if (segments.length === 0) {
    return missingChart('emissions', { ...frameBase, notes: [], sourceRefs: [], release: '' }, chartMsg.missingTons(`${pollutant ?? 'emissions'} tons by port${filterWords(dataset, { ...filters, pollutant: undefined })}`), dataTable(columns, []));
  }
  const ports = portCodes.filter((c) => segments.some((s) => s.port === c));
  const rank = (list: readonly string[]) => new Map(list.map((c, i) => [c, i]));
  const portRank = rank(portCodes);
  const categoryRank = rank(categoryCodes);
  segments.sort(
    (a, b) =>
      portRank.get(a.port)! - portRank.get(b.port)! ||
      a.year - b.year ||
      (a.role === b.role ? 0 : a.role === 'stack' ? -1 : 1) ||
      categoryRank.get(a.source_category)! - categoryRank.get(b.source_category)!,
  );
  const stacks = segments.filter((s) => s.role === 'stack');
  const categories = categoryCodes.filter((c) => stacks.some((s) => s.source_category === c));
  const unit = unitWordsOf(dataset.codelists.units, segments[0]!.unit).rate;

  const barTop = new Map<string, number>();
  for (const s of stacks) barTop.set(`${s.port}\u0000${s.year}`, (barTop.get(`${s.port}\u0000${s.year}`) ?? 0) + s.tons);
  const values: Row[] = [
    ...segments.map((s) => ({
      layer: s.role,
      port: palette.label('port', s.port),
      year: String(s.year),
      category: palette.label('category', s.source_category),
      tons: s.tons,
      order: categoryRank.get(s.source_category) ?? 0,
    })),
    ...[...barTop].map(([key, top]) => {
      const [port, year] = key.split('\u0000') as [string, string];
      return { layer: 'label', port: palette.label('port', port), year, tons: top, text: formatTons(top) };
    }),
    ...segments
      .filter((s) => s.role === 'total')
      .map((s) => ({ layer: 'label', port: palette.label('port', s.port), year: String(s.year), tons: s.tons, text: `total ${formatTons(s.tons)}` })),
  ];
  const allYears = unique(segments.map((s) => s.year)).sort((a, b) => a - b).map(String);
  const width = panelWidth(ports.length, { spacing: 28 });
  const categoryLabels = categories.map((c) => palette.label('category', c));
  const spec = vegaLite({
    data: { values },
    facet: { column: { field: 'port', type: 'nominal', title: null, sort: ports.map((p) => palette.label('port', p)) } },
    spacing: 28,
    resolve: { scale: { x: 'independent' } },
    spec: {
      width,
      height: CHART_SIZE.height - 80,
      layer: layersWithData(values, [
        {
          transform: [{ filter: { field: 'layer', equal: 'stack' } }],
          mark: { type: 'bar', stroke: '#ffffff', strokeWidth: 0.5 },
          encoding: {
            x: { field: 'year', type: 'ordinal', title: null, sort: allYears, axis: { labelAngle: 0, labelOverlap: 'greedy' } },
            y: { field: 'tons', type: 'quantitative', stack: 'zero', title: unit, axis: { format: ',d' } },
            color: {
              field: 'category',
              type: 'nominal',
              title: null,
              sort: categoryLabels,
              scale: { domain: categoryLabels, range: categories.map((c) => palette.color('category', c)) },
              legend: { orient: 'top' },
            },
            order: { field: 'order', type: 'quantitative' },
          },
        },
        {
          transform: [{ filter: { field: 'layer', equal: 'total' } }],
          mark: { type: 'tick', color: NEUTRAL.text, thickness: 2.5, bandSize: 18 },
          encoding: { x: { field: 'year', type: 'ordinal', sort: allYears }, y: { field: 'tons', type: 'quantitative' } },
        },
        {
          transform: [{ filter: { field: 'layer', equal: 'label' } }],
          mark: { type: 'text', baseline: 'bottom', dy: -3, fontSize: FONT_SIZE.small, color: NEUTRAL.text },
          encoding: { x: { field: 'year', type: 'ordinal', sort: allYears }, y: { field: 'tons', type: 'quantitative' }, text: { field: 'text', type: 'nominal' } },
        },
      ]),
    },
  });

  const notes: string[] = [];
  if (segments.some((s) => s.role === 'total')) {
    notes.push('Black ticks: the published port total where the categories reported do not make it up (they can come from another release: each inventory restates earlier years).');
  }
  const releasesByPort = ports.map((p) => unique(segments.filter((s) => s.port === p).map((s) => s.release)));
  if (releasesByPort.some((r) => r.length > 1)) notes.push(chartMsg.releaseRestates);
  notes.push(...unitNotes(dataset.codelists.units, segments[0]!.unit));
  const withoutCategories = ports.filter((p) => !stacks.some((s) => s.port === p && s.source_category !== 'all'));
  const gap =
    filters.category !== undefined || withoutCategories.length === 0
      ? undefined
      : chartMsg.missingTonsByCategory(`stacking ${listWords(withoutCategories.map((p) => palette.label('port', p)))} by source category`);
  if (gap !== undefined) notes.push(`Not in the data: ${gap}.`);

  return {
    id: 'emissions',
    spec,
    frame: { ...frameBase, notes, sourceRefs: sourceRefsOf(segments), release: releaseWords(dataset, segments.map((s) => s.release)) },
    narrative: narrativeOf(dataset, segments, ports, pollutant!),
    data: dataTable(
      columns,
      segments.map((s) => ({ ...s, port_label: palette.label('port', s.port), category_label: palette.label('category', s.source_category) })),
    ),
    ...(gap === undefined ? {} : { gap }),
    native: nativeOf(dataset, segments, ports, categories, unit),
  };
}

/**
 * One sentence per port: the published port total of the latest year where there is one (never the sum of
 * the categories that happen to be published, which may not make it up), the categories the data covers,
 * and the change since the first year where both years are the same measure from the same release.
 */
function narrativeOf(dataset: Dataset, segments: readonly EmissionsSegment[], ports: readonly string[], pollutant: string): string {
  const palette = paletteFor(dataset);
  const sentences: string[] = [];
  for (const port of ports.slice(0, 3)) {
    const own = segments.filter((s) => s.port === port);
    const mass = unitWordsOf(dataset.codelists.units, own[0]?.unit).mass;
    const years = unique(own.map((s) => s.year)).sort((a, b) => a - b);
    const last = years.at(-1)!;
    const first = years[0]!;
    const inYear = (year: number) => own.filter((s) => s.year === year);
    const totalOf = (year: number) => inYear(year).find((s) => s.source_category === 'all');
    const categoriesOf = (year: number) => inYear(year).filter((s) => s.source_category !== 'all' && s.role === 'stack');
    const sum = (year: number) => categoriesOf(year).reduce((t, s) => t + s.tons, 0);
    const value = (year: number) => totalOf(year)?.tons ?? sum(year);
    const releaseOf = (list: readonly EmissionsSegment[]) => unique(list.map((s) => s.release)).join('+');
    const codesOf = (year: number) => categoriesOf(year).map((s) => s.source_category).join(';');
    const labels = categoriesOf(last).map((s) => palette.label('category', s.source_category).toLowerCase());
    const covered = labels.length === 0 ? '' : `${labels.length === 1 ? 'source category' : `${labels.length} source categories`} ${listWords(labels)}`;
    let sentence = `${palette.label('port', port)}: ${formatTons(value(last))} ${mass} of ${pollutant} in ${last}`;
    if (totalOf(last) && labels.length > 0) {
      const rest = value(last) - sum(last);
      sentence += ` (the published port total; the ${covered} make up ${formatTons(sum(last))}${rest > 0 ? `, ${formatTons(rest)} is not broken down by category` : ''})`;
    } else if (labels.length > 0) {
      sentence += ` (the sum of the ${covered} reported; no published port total)`;
    }
    const firstTotal = totalOf(first);
    const lastTotal = totalOf(last);
    if (first !== last && firstTotal && lastTotal && firstTotal.release === lastTotal.release && firstTotal.tons !== 0) {
      const change = ((lastTotal.tons - firstTotal.tons) / firstTotal.tons) * 100;
      sentence += `, ${formatPct(Math.abs(change))} ${change <= 0 ? 'less' : 'more'} than the ${formatTons(firstTotal.tons)} ${mass} of ${first} (same release)`;
    } else if (first !== last && !lastTotal && codesOf(first) === codesOf(last) && releaseOf(categoriesOf(first)) === releaseOf(categoriesOf(last)) && sum(first) !== 0) {
      const change = ((sum(last) - sum(first)) / sum(first)) * 100;
      sentence += `, ${formatPct(Math.abs(change))} ${change <= 0 ? 'less' : 'more'} than the ${formatTons(sum(first))} ${mass} the same categories made in ${first} (same release)`;
    } else if (first !== last) {
      sentence += ` (${formatTons(value(first))} ${mass} in ${first}, ${releaseOf(inYear(first)) === releaseOf(inYear(last)) ? (firstTotal ? 'the port total' : 'from other categories') : 'from another release'})`;
    }
    sentences.push(`${sentence}.`);
  }
  return sentences.join(' ');
}

function nativeOf(dataset: Dataset, segments: readonly EmissionsSegment[], ports: readonly string[], categories: readonly string[], unit: string): NativeChartData {
  const palette = paletteFor(dataset);
  const years = unique(segments.map((s) => s.year)).sort((a, b) => a - b);
  const stacks = segments.filter((s) => s.role === 'stack');
  if (ports.length === 1) {
    return {
      type: 'stackedBar',
      categories: years.map(String),
      series: categories.map((c) => ({
        name: palette.label('category', c),
        values: years.map((y) => stacks.find((s) => s.year === y && s.source_category === c)?.tons ?? null),
        color: palette.color('category', c),
      })),
      yAxisTitle: unit,
    };
  }
  return {
    type: 'bar',
    categories: years.map(String),
    series: ports.map((p) => ({
      name: palette.label('port', p),
      values: years.map((y) => {
        const own = stacks.filter((s) => s.port === p && s.year === y);
        return own.length === 0 ? null : own.reduce((t, s) => t + s.tons, 0);
      }),
      color: palette.color('port', p),
    })),
    yAxisTitle: `${unit} (sum of the categories reported)`,
  };
}

/** The `emissions` chart definition. */
export const emissions: ChartDefinition = {
  id: 'emissions',
  description:
    'Tons per year of one pollutant (default: the first with tonnages) by port, one panel each, stacked by source category where the dataset has categories; the published port total as a tick where the categories do not make it up',
  filters: ['port', 'pollutant', 'category', 'from', 'to'],
  build,
};
