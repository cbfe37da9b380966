/**
 * The chart catalogue: every chart id the report, the deck, the export and the CLI can ask for.
 */
import { PortEmissionsError } from '../errors.ts';
import type { Dataset } from '../ingest/dataset.ts';
import { closestCode } from '../ingest/suggest.ts';
import { categoryDumbbell } from './category-dumbbell.ts';
import { categoryShares } from './category-shares.ts';
import { coopTimeline } from './coop-timeline.ts';
import { decomposition } from './decomposition.ts';
import { emissions } from './emissions.ts';
import { intensity } from './intensity.ts';
import { checkChartFilters } from './common.ts';
import { chartMsg } from './messages.ts';
import { ogv2030 } from './ogv-2030.ts';
import { projection } from './projection.ts';
import { reconciliation } from './reconciliation.ts';
import { reductions } from './reductions.ts';
import { targets } from './targets.ts';
import { throughput } from './throughput.ts';
import type { BuiltChart, ChartDefinition, ChartFilters } from './types.ts';

/** Every chart, in the order a report on CAAP progress would show them. */
export const CHARTS: readonly ChartDefinition[] = [
  reductions,
  targets,
  emissions,
  intensity,
  throughput,
  categoryShares,
  categoryDumbbell,
  decomposition,
  projection,
  ogv2030,
  coopTimeline,
  reconciliation,
];

/** The ids of every chart, in catalogue order. */
export const CHART_IDS: readonly string[] = CHARTS.map((chart) => chart.id);

/**
 * The catalogue entry of a chart id.
 *
 * @throws PortEmissionsError (exit code 2) for an unknown id, listing the ids and suggesting the closest.
 */
export function chartById(id: string): ChartDefinition {
  const chart = CHARTS.find((c) => c.id === id);
  if (chart) return chart;
  const near = closestCode(id, CHART_IDS);
  throw new PortEmissionsError(chartMsg.unknownChart(id, CHART_IDS), {
    exitCode: 2,
    ...(near === undefined ? {} : { hint: `did you mean ${near}?` }),
  });
}

/**
 * Builds a chart from a dataset: the Vega-Lite spec (plain data), its frame, narrative, data table and,
 * for line and bar charts, the data of an editable deck chart. A chart whose series the dataset lacks
 * comes back with `missing` set (what data would fill it), never as an error.
 *
 * @throws PortEmissionsError (exit code 2) for an unknown id, a filter the chart does not take, or an
 *   unknown code in a filter.
 */
export function buildChart(id: string, dataset: Dataset, filters: ChartFilters = {}): BuiltChart {
  const chart = chartById(id);
  checkChartFilters(chart, dataset, filters);
  return chart.build(dataset, filters);
}
