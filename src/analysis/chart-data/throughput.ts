/**
 * Chart data of `throughput`: container throughput (TEU) by port and year, the calendar-year figure the
 * analyses use, or a partial-year figure (marked) where no calendar-year one exists.
 */
import type { Dataset } from '../../ingest/dataset.ts';
import { chooseTeu, unique } from '../common.ts';
import { chartData, filterWords, inRange, seriesOf } from './common.ts';
import { fillMsg } from './messages.ts';
import type { ChartColumn, ChartData, ChartOptions } from './types.ts';

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
export function throughputBars(dataset: Dataset, options: ChartOptions): ThroughputBar[] {
  const bars: ThroughputBar[] = [];
  const ports = [...dataset.codelists.ports.values()].filter((p) => (options.port === undefined ? p.kind !== 'combined' : p.code === options.port));
  for (const port of ports) {
    const rows = dataset.records.throughput.filter((t) => t.port === port.code && inRange(t.year, options));
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


export const THROUGHPUT_CHART_COLUMNS: ChartColumn[] = [
  { name: 'port', description: 'port code', unit: '' },
  { name: 'year', description: 'calendar year', unit: '' },
  { name: 'teu', description: 'container throughput', unit: 'TEU', decimals: 0 },
  { name: 'precision', description: 'exact, derived, rounded or partial_year', unit: '' },
  { name: 'period', description: 'period the figure covers', unit: '' },
  { name: 'basis', description: 'how the figure was chosen among several', unit: '' },
  { name: 'source_ref', description: 'sources of the figure', unit: '' },
];

/**
 * The data of the `throughput` chart: one figure per port and year ({@link throughputBars}), in TEU, drawn
 * in million TEU; partial-year figures listed in `partialYears`.
 */
export function throughputChartData(dataset: Dataset, options: ChartOptions): ChartData<ThroughputBar> {
  const records = throughputBars(dataset, options);
  return chartData({
    chartId: 'throughput',
    options,
    records,
    columns: THROUGHPUT_CHART_COLUMNS,
    measure: { field: 'teu', unit: 'TEU', axis: { title: 'million TEU', unit: 'million TEU', factor: 1e-6, decimals: 3, percent: false } },
    series: seriesOf(dataset, records.filter((b) => b.precision !== 'partial_year'), 'port', { code: (b) => b.port, year: (b) => b.year, value: (b) => b.teu }),
    missing: records.length === 0 ? { missing: `TEU by port and year${filterWords(dataset, options)}`, fill: fillMsg.teu } : null,
    partialYears: unique(records.filter((b) => b.precision === 'partial_year').map((b) => b.year)).sort((a, b) => a - b),
  });
}
