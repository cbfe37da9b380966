/**
 * Chart `throughput`: container throughput (TEU) by port and year, one bar per port; rounded, derived and
 * partial-year figures drawn lighter and labelled as such.
 */
import { throughputChartData, type ThroughputBar } from '../analysis/chart-data/throughput.ts';
import type { ChartData } from '../analysis/chart-data/types.ts';
import { unique } from '../analysis/common.ts';
import type { Dataset } from '../ingest/dataset.ts';
import {
  findingTitle,
  formatMillions,
  changeWords,
  inRange,
  listWords,
  missingChart,
  recordsTable,
  vegaLite,
  yearsWords,
  roundTo,
  type Row,
  narration,
} from './common.ts';
import { deckColor } from './deck-view.ts';
import { gapWords } from './messages.ts';
import { CHART_SIZE, NEUTRAL, paletteFor } from './theme.ts';
import type { BuiltChart, ChartDefinition, NativeChartData } from './types.ts';

export { throughputBars, type ThroughputBar } from '../analysis/chart-data/throughput.ts';

/** How exact a bar is, in the words of the legend. */
const PRECISION_WORDS: Record<string, string> = {
  exact: 'exact',
  derived: 'derived',
  rounded: 'rounded',
  partial_year: 'partial year',
};

/** The throughput chart (spec, frame, narrative, data, deck chart) drawn from its chart data. */
export function throughputChart(data: ChartData<ThroughputBar>, dataset: Dataset): BuiltChart {
  const filters = data.options;
  const palette = paletteFor(dataset);
  const years = yearsWords(filters);
  const lighter = (['rounded', 'derived', 'partial_year'] as const).filter((p) => data.records.some((b) => b.precision === p));
  const frameBase = {
    title: findingTitle(throughputFinding(dataset, data), `Container throughput by port${years === '' ? '' : `, ${years}`}`),
    // The lighter bars named are those drawn, from the same field as the opacity.
    subtitle: `Twenty-foot equivalent units (TEU) per calendar year${lighter.length === 0 ? '' : `; lighter bars are ${lighterWords(lighter)} figures`}`,
    baseline: '',
  };
  const table = recordsTable(data, dataset);
  const bars = data.records;
  if (data.missing !== null) {
    return { ...missingChart('throughput', { ...frameBase, notes: [], sourceRefs: [], release: '' }, gapWords(data.missing), table), chartData: data };
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
    frame: { ...frameBase, notes, sourceRefs: data.sourceRefs, release: 'port throughput statistics as published (see the sources)' },
    ...narration(narrativeOf(dataset, bars, ports)),
    data: table,
    // A bar series has one shade in PowerPoint: the picture's lighter rounded and derived bars need the picture.
    ...(bars.some((b) => b.precision === 'rounded' || b.precision === 'derived')
      ? { pictureReason: 'PowerPoint draws each port’s bars in one shade, so the picture’s lighter rounded and derived figures need the picture.' }
      : { native: nativeOf(data, dataset, ports, yearDomain) }),
    chartData: data,
  };
}

/** "rounded, derived or partial-year": the kinds of lighter bars in words. */
function lighterWords(kinds: readonly ('rounded' | 'derived' | 'partial_year')[]): string {
  const words = kinds.map((k) => (k === 'partial_year' ? 'partial-year' : k));
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
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

/**
 * The finding of the chart, from its bars: the first port's latest full-year throughput and its change since
 * its first year ("about" where either figure is rounded or derived), e.g. "Port of Los Angeles handled 8.63
 * million TEU in 2023, about 15% more than in 2005". Null without a full-year bar.
 */
export function throughputFinding(dataset: Dataset, data: ChartData<ThroughputBar>): string | null {
  if (data.missing !== null) return null;
  const palette = paletteFor(dataset);
  const full = data.records.filter((b) => b.precision !== 'partial_year');
  const port = [...dataset.codelists.ports.keys()].find((c) => full.some((b) => b.port === c));
  if (port === undefined) return null;
  const own = full.filter((b) => b.port === port).sort((a, b) => a.year - b.year);
  const first = own[0]!;
  const last = own.at(-1)!;
  const head = `${palette.label('port', port)} handled ${formatMillions(last.teu)} TEU in ${last.year}`;
  if (first === last) return head;
  // "about" where either figure is rounded or derived (and a change can be computed).
  const about = (first.precision === 'exact' && last.precision === 'exact') || first.teu === 0 ? '' : 'about ';
  return `${head}, ${about}${changeWords(first.teu, last.teu, `in ${first.year}`, first.year, 'more')}`;
}

function narrativeOf(dataset: Dataset, bars: readonly ThroughputBar[], ports: readonly string[]): string[] {
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
      text += `, ${changeWords(first.teu, last.teu, `in ${first.year}`, first.year, 'more')} (${formatMillions(first.teu)}${approx(first)})`;
    }
    parts.push(text);
  }
  return parts.length === 0 ? [] : [`${listWords(parts)}.`];
}

/**
 * The deck's editable chart: the picture's bars (one per port and year, port colours, every year of the span)
 * in million TEU with thousands separators; a partial-year figure's year reads "(partial year)".
 */
function nativeOf(data: ChartData<ThroughputBar>, dataset: Dataset, ports: readonly string[], years: readonly string[]): NativeChartData {
  const palette = paletteFor(dataset);
  const axis = data.measure!.axis;
  return {
    type: 'bar',
    categories: years.map((y) => (data.partialYears.includes(Number(y)) ? `${y} (partial year)` : y)),
    series: ports.map((p) => ({
      name: palette.label('port', p),
      values: years.map((y) => {
        const bar = data.records.find((b) => b.port === p && String(b.year) === y);
        return bar === undefined ? null : roundTo(bar.teu * axis.factor, axis.decimals);
      }),
      color: deckColor(palette.color('port', p)),
    })),
    yAxisTitle: axis.title,
    numberFormat: '#,##0.0',
    subtitle: `Twenty-foot equivalent units (TEU) per calendar year${data.partialYears.length === 0 ? '' : '; a partial-year figure says so under its bar'}`,
  };
}

/** The `throughput` chart definition. */
export const throughput: ChartDefinition = {
  id: 'throughput',
  description:
    'Container throughput (TEU) by port and year; the figure the analyses use where several exist (exact > derived > rounded), rounded, derived and partial-year figures drawn lighter',
  filters: ['port', 'from', 'to'],
  build: (dataset, filters) => throughputChart(throughputChartData(dataset, filters), dataset),
};
