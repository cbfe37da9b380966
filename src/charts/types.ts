/**
 * The chart catalogue's contract (written by the lead; the charts and report stages build on it).
 * A chart builder is pure: analysis tables in, a Vega-Lite spec (plain data) and its frame out. It never
 * reads files and never renders.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ChartData, ChartOptions } from '../analysis/chart-data/types.ts';
import type { Dataset } from '../ingest/dataset.ts';

/** Filters a chart (and the CLI `chart` command, and a report definition) may set: the chart's options. */
export type ChartFilters = ChartOptions;

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

/**
 * A chart the PowerPoint deck can rebuild natively (editable) instead of pasting a picture: the same figures,
 * colours and reference lines as the picture. `scatter` draws lines over a value axis of years (`xValues`),
 * so years are spaced by value as in the picture; `line`, `bar` and `stackedBar` space their categories
 * evenly and are used only where the picture does too.
 */
/** PowerPoint's preset line dashes the deck uses (DrawingML `prstDash`). */
export type DeckDash = 'dash' | 'sysDot' | 'lgDashDot';

export interface NativeChartData {
  type: 'line' | 'bar' | 'stackedBar' | 'scatter';
  categories: string[];
  /** scatter only: the x value of each category (a year), ascending. */
  xValues?: number[];
  /**
   * `reference`: a target or capacity line (drawn thin and grey, labelled in the legend). `dash`: the line's
   * dash as PowerPoint names it, where the picture tells lines apart by dash (absent: solid).
   */
  series: { name: string; values: (number | null)[]; color?: string; reference?: boolean; dash?: DeckDash }[];
  yAxisTitle?: string;
  xAxisTitle?: string;
  percent?: boolean;
  /** Excel number format of the value axis, e.g. `#,##0` (thousands separators) or `0\\%`. */
  numberFormat?: string;
  /** Value axis range, fitted to the data and reference lines; absent: PowerPoint's own. */
  yMin?: number;
  yMax?: number;
  /**
   * The slide's subtitle where the editable chart encodes something differently from the picture (e.g. the
   * target as a bar, not a tick), from the same chart data; absent: the frame's subtitle holds.
   */
  subtitle?: string;
}

/** A built chart: spec, frame, narrative (also the alt text), and the data table behind it. */
export interface BuiltChart {
  id: string;
  spec: TopLevelSpec;
  frame: ChartFrame;
  /** One to three sentences computed from the same analysis, e.g. "POLA DPM is 90% below 2005 in 2024". */
  narrative: string;
  /** The narrative's sentences, in order (`narrative` is them joined by spaces): the report's key findings take the first. */
  sentences: readonly string[];
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
  /** Why the deck uses the picture rather than an editable chart (the slide's notes say it). */
  pictureReason?: string;
  /** The chart's data: every figure the spec, narrative, deck chart and data table show. */
  chartData?: ChartData<object>;
}

/** A catalogue entry. */
export interface ChartDefinition {
  id: string;
  /** What the chart shows and which filters it uses, for --help and the README. */
  description: string;
  filters: (keyof ChartFilters)[];
  build(dataset: Dataset, filters: ChartFilters): BuiltChart;
}
