/**
 * The chart catalogue's contract (written by the lead; the charts and report stages build on it).
 * A chart builder is pure: analysis tables in, a Vega-Lite spec (plain data) and its frame out. It never
 * reads files and never renders.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Dataset } from '../ingest/dataset.ts';

/** Filters a chart (and the CLI `chart` command, and a report definition) may set. */
export interface ChartFilters {
  port?: string;
  pollutant?: string;
  category?: string;
  baseline?: string;
  from?: number;
  to?: number;
}

/** What a chart says about where it comes from, drawn inside the SVG/PNG so a pasted chart keeps it. */
export interface ChartFrame {
  title: string;
  subtitle: string;
  notes: string[];
  /** source_ref codes of the data behind the chart; the renderer turns them into the source line. */
  sourceRefs: string[];
  /** Data release(s) the chart shows, in words. */
  release: string;
  /** Baseline in words (e.g. "CAAP 2005 baseline"), or '' when the chart has none. */
  baseline: string;
}

/** A chart the PowerPoint deck can rebuild natively (editable) instead of pasting a picture. */
export interface NativeChartData {
  type: 'line' | 'bar' | 'stackedBar';
  categories: string[];
  series: { name: string; values: (number | null)[]; color?: string }[];
  yAxisTitle?: string;
  xAxisTitle?: string;
  percent?: boolean;
}

/** A built chart: spec, frame, narrative (also the alt text), and the data table behind it. */
export interface BuiltChart {
  id: string;
  spec: TopLevelSpec;
  frame: ChartFrame;
  /** One to three sentences computed from the same analysis, e.g. "POLA DPM is 90% below 2005 in 2024". */
  narrative: string;
  /** The data behind the chart, as shown in the report's table and exported as CSV/XLSX. */
  data: { columns: string[]; rows: Record<string, unknown>[] };
  /** Set when the dataset lacks the series: what data would fill it. The chart then renders a notice. */
  missing?: string;
  /**
   * Set when the chart is drawn but part of its series is not in the dataset (e.g. tons by category for
   * some ports): what data would fill it. The frame's notes say it too.
   */
  gap?: string;
  native?: NativeChartData;
}

/** A catalogue entry. */
export interface ChartDefinition {
  id: string;
  /** What the chart shows and which filters it uses, for --help and the README. */
  description: string;
  filters: (keyof ChartFilters)[];
  build(dataset: Dataset, filters: ChartFilters): BuiltChart;
}
