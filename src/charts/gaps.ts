/**
 * The gap notes of a chart: the frame note that says what data the dataset lacks. Written here once for the
 * chart picture, the report and the deck, which leave these notes out where they list gaps of their own.
 */
import { gapWords } from '../analysis/chart-data/messages.ts';
import type { BuiltChart } from './types.ts';

/** The note a chart's frame carries for data the dataset lacks (a gap in words): "Not in the data: <gap>." */
export function gapNote(gap: string): string {
  return `Not in the data: ${gap}${gap.endsWith('.') ? '' : '.'}`;
}

/**
 * The gap notes of a chart ({@link gapNote}): one per gap of its chart data; for a chart built without chart
 * data, of its `gap`. The report's appendix and the deck's notes list gaps, so other views leave these out.
 */
export function gapNotes(chart: Pick<BuiltChart, 'chartData' | 'gap'>): string[] {
  return chartGaps(chart).map(gapNote);
}

/** A chart's gaps in words: its chart data's gaps; for a chart built without chart data, its `gap`. */
export function chartGaps(chart: Pick<BuiltChart, 'chartData' | 'gap'>): string[] {
  return chart.chartData?.gaps.map(gapWords) ?? (chart.gap === undefined ? [] : [chart.gap]);
}
