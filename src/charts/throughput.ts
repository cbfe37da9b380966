/**
 * Chart `throughput`: container throughput (TEU) by port and year, one bar per port; rounded, derived and
 * partial-year figures drawn lighter and labelled as such.
 */
import { chooseTeu, unique } from '../analysis/common.ts';
import type { Dataset } from '../ingest/dataset.ts';
import {
  checkChartFilters,
  dataTable,
  formatMillions,
  formatPct,
  inRange,
  listWords,
  missingChart,
  sourceRefsOf,
  vegaLite,
  yearsWords,
  roundTo,
  filterWords,
  type Row,
} from './common.ts';
import { chartMsg } from './messages.ts';
import { CHART_SIZE, NEUTRAL, paletteFor } from './theme.ts';
import type { BuiltChart, ChartDefinition, ChartFilters, NativeChartData } from './types.ts';

/** How exact a bar is, in the words of the legend. */
const PRECISION_WORDS: Record<string, string> = {
  exact: 'exact',
  derived: 'derived',
  rounded: 'rounded',
  partial_year: 'partial year',
};

/** One bar: the TEU figure chosen for a port and year. */
export interface ThroughputBar {
  port: string;
  year: number;
  teu: number;
  /** exact, derived, rounded, or partial_year (only where no calendar-year figure exists). */
  precision: string;
  period: string;
  /** How the figure was chosen among several (e.g. "rounded (1 of 2 figures)"). */
  basis: string;
  source_ref: string[];
}

/**
 * The bars: per port (combined ports only when asked for) and year, the calendar-year TEU figure the
 * analyses use (exact > derived > rounded, see chooseTeu); a partial-year figure only where there is no
 * calendar-year one.
 */
export function throughputBars(dataset: Dataset, filters: ChartFilters): ThroughputBar[] {
  const bars: ThroughputBar[] = [];
  const ports = [...dataset.codelists.ports.values()].filter((p) => (filters.port === undefined ? p.kind !== 'combined' : p.code === filters.port));
  for (const port of ports) {
    const rows = dataset.records.throughput.filter((t) => t.port === port.code && inRange(t.year, filters));
    const years = unique(rows.map((t) => t.year)).sort((a, b) => a - b);
    for (const year of years) {
      const choice = chooseTeu(dataset, port.code, year);
      if ('teu' in choice) {
        bars.push({ port: port.code, year, teu: choice.teu, precision: choice.precision, period: 'calendar_year', basis: choice.basis, source_ref: choice.source_ref });
        continue;
      }
      const partial = rows.filter((t) => t.year === year && (t.period !== 'calendar_year' || t.precision === 'partial_year')).sort((a, b) => b.teu - a.teu)[0];
      if (partial) {
        bars.push({ port: port.code, year, teu: partial.teu, precision: 'partial_year', period: partial.period, basis: choice.reason, source_ref: partial.source_ref });
      }
    }
  }
  return bars;
}

function build(dataset: Dataset, filters: ChartFilters): BuiltChart {
  checkChartFilters(throughput, dataset, filters);
  const palette = paletteFor(dataset);
  const years = yearsWords(filters);
  const frameBase = {
    title: `Container throughput by port${years === '' ? '' : `, ${years}`}`,
    subtitle: 'Twenty-foot equivalent units (TEU) per calendar year; lighter bars are rounded, derived or partial-year figures',
    baseline: '',
  };
  const columns = ['port', 'port_label', 'year', 'teu', 'precision', 'period', 'basis', 'source_ref'];
  const bars = throughputBars(dataset, filters);
  if (bars.length === 0) {
    return missingChart('throughput', { ...frameBase, notes: [], sourceRefs: [], release: '' }, chartMsg.missingTeu(`TEU by port and year${filterWords(dataset, filters)}`), dataTable(columns, []));
  }
  const portCodes = [...dataset.codelists.ports.keys()];
  const ports = portCodes.filter((c) => bars.some((b) => b.port === c));
  const portLabels = ports.map((p) => palette.label('port', p));
  const allYears = unique(bars.map((b) => b.year)).sort((a, b) => a - b);
  const first = allYears[0]!;
  const last = allYears.at(-1)!;
  const yearDomain = Array.from({ length: last - first + 1 }, (_, i) => String(first + i));
  const precisions = ['exact', 'derived', 'rounded', 'partial_year'].filter((p) => bars.some((b) => b.precision === p));
  const values: Row[] = bars.map((b) => ({
    port: palette.label('port', b.port),
    year: String(b.year),
    teu_millions: roundTo(b.teu / 1_000_000, 3),
    precision: PRECISION_WORDS[b.precision] ?? b.precision,
  }));
  const opacity: Record<string, number> = { exact: 1, derived: 0.6, rounded: 0.45, partial_year: 0.25 };
  const spec = vegaLite({
    data: { values },
    width: CHART_SIZE.width - 80,
    height: CHART_SIZE.height - 90,
    mark: { type: 'bar', stroke: NEUTRAL.muted, strokeWidth: 0.4 },
    encoding: {
      x: { field: 'year', type: 'ordinal', title: null, sort: yearDomain, scale: { domain: yearDomain }, axis: { labelAngle: 0, labelOverlap: 'greedy' } },
      xOffset: { field: 'port', type: 'nominal', sort: portLabels, scale: { domain: portLabels } },
      y: { field: 'teu_millions', type: 'quantitative', title: 'million TEU', axis: { format: ',.1f' } },
      color: { field: 'port', type: 'nominal', title: null, scale: { domain: portLabels, range: ports.map((p) => palette.color('port', p)) }, legend: { orient: 'top' } },
      opacity: {
        field: 'precision',
        type: 'nominal',
        title: null,
        sort: precisions.map((p) => PRECISION_WORDS[p]),
        scale: { domain: precisions.map((p) => PRECISION_WORDS[p]), range: precisions.map((p) => opacity[p]) },
        legend: { orient: 'top', symbolType: 'square', symbolFillColor: NEUTRAL.text },
      },
    },
  });
  const notes = [
    'Where several figures exist for a year: exact over derived over rounded (see the data table). Derived figures are computed by the research from published ones.',
  ];
  if (bars.some((b) => b.precision === 'partial_year')) notes.push('Partial-year bars (e.g. January-November) are not comparable with full years; the analyses never use them.');
  const missingYears = ports.map((p) => ({ p, gaps: yearDomain.filter((y) => !bars.some((b) => b.port === p && String(b.year) === y)) })).filter((g) => g.gaps.length > 0);
  if (missingYears.length > 0) notes.push(`No figure in the dataset: ${missingYears.map((g) => `${g.p} ${compactYears(g.gaps.map(Number))}`).join('; ')}.`);
  return {
    id: 'throughput',
    spec,
    frame: { ...frameBase, notes, sourceRefs: sourceRefsOf(bars), release: 'port throughput statistics as published (see the sources)' },
    narrative: narrativeOf(dataset, bars, ports),
    data: dataTable(columns, bars.map((b) => ({ ...b, port_label: palette.label('port', b.port) }))),
    native: nativeOf(dataset, bars, ports, yearDomain),
  };
}

/** Years as ranges: "2008, 2013-2015". */
export function compactYears(years: readonly number[]): string {
  const sorted = [...years].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j;
  }
  return parts.join(', ');
}

function narrativeOf(dataset: Dataset, bars: readonly ThroughputBar[], ports: readonly string[]): string {
  const palette = paletteFor(dataset);
  const full = bars.filter((b) => b.precision !== 'partial_year');
  const parts: string[] = [];
  for (const port of ports) {
    const own = full.filter((b) => b.port === port);
    const last = own.at(-1);
    const first = own[0];
    if (!last || !first) continue;
    const approx = (b: ThroughputBar) => (b.precision === 'exact' ? '' : `, ${PRECISION_WORDS[b.precision]}`);
    let text = `${palette.label('port', port)} handled ${formatMillions(last.teu)} TEU in ${last.year}${approx(last)}`;
    if (first !== last) {
      const change = ((last.teu - first.teu) / first.teu) * 100;
      text += `, ${formatPct(Math.abs(change))} ${change >= 0 ? 'more' : 'less'} than in ${first.year} (${formatMillions(first.teu)}${approx(first)})`;
    }
    parts.push(text);
  }
  return parts.length === 0 ? '' : `${listWords(parts)}.`;
}

function nativeOf(dataset: Dataset, bars: readonly ThroughputBar[], ports: readonly string[], years: readonly string[]): NativeChartData {
  const palette = paletteFor(dataset);
  return {
    type: 'bar',
    categories: [...years],
    series: ports.map((p) => ({
      name: palette.label('port', p),
      values: years.map((y) => bars.find((b) => b.port === p && String(b.year) === y)?.teu ?? null),
      color: palette.color('port', p),
    })),
    yAxisTitle: 'TEU',
  };
}

/** The `throughput` chart definition. */
export const throughput: ChartDefinition = {
  id: 'throughput',
  description:
    'Container throughput (TEU) by port and year; the figure the analyses use where several exist (exact > derived > rounded), rounded, derived and partial-year figures drawn lighter',
  filters: ['port', 'from', 'to'],
  build,
};
