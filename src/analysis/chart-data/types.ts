/**
 * Chart data: what a chart plots, as a typed value computed once from the dataset. The Vega-Lite spec, the
 * narrative, the deck's editable chart, the export tables and the CLI's --json are views of it; none of them
 * re-derives a figure or reads another stage's text.
 */

/** Options a chart takes (the CLI maps its flags to these; a report definition names them as `filters`). */
export interface ChartOptions {
  port?: string;
  pollutant?: string;
  category?: string;
  baseline?: string;
  from?: number;
  to?: number;
}

/**
 * How a percentage's sign reads. `pct_change`: the change from the baseline, negative = lower than the
 * baseline (-79.2 means 79.2% below). It is the one convention of every table, export and --json.
 */
export type SignConvention = 'pct_change';

/** A column of the chart's records, as the data table and the exports show it. */
export interface ChartColumn {
  /** Field of each record (and column name of the CSV/XLSX). */
  name: string;
  /** What the column holds, in words, with its unit where it has one. */
  description: string;
  /** Unit words ("t/yr", "%", "TEU") of a number column; '' for text. */
  unit: string;
  /**
   * Decimals the chart shows of a measured figure. Set on the columns that are figures: the exports then give
   * `<name>` at this precision and `<name>_full` at full precision, side by side.
   */
  decimals?: number;
  /** Set on a percentage column: how its sign reads. */
  sign?: SignConvention;
}

/** The plotted figure: which field, in which unit, and how the picture turns it into its axis. */
export interface ChartMeasure {
  /** Field of the records holding the figure (full precision). */
  field: string;
  /** Unit of the field, in words ("tons per year", "% change from the baseline", "TEU"). */
  unit: string;
  /**
   * The picture's axis: the figure times `factor`, in `unit`, shown with `decimals` decimals. E.g. reductions
   * plot -pct_change as "% below the 2005 baseline" (factor -1); throughput plots TEU in millions (1e-6).
   */
  axis: { title: string; unit: string; factor: number; decimals: number; percent: boolean };
  /** Other fields of the records drawn on the same axis (e.g. a dumbbell's baseline value). */
  alsoPlotted?: string[];
}

/** A series of the chart (a line, a bar colour): its code in its dimension, its label, its latest figure. */
export interface ChartSeries {
  /** Unique key of the series among the chart's series. */
  key: string;
  /** The dimension its colour comes from (one palette per dimension). */
  dimension: 'port' | 'pollutant' | 'category' | 'other';
  code: string;
  label: string;
  /** The panel it is drawn in, when the chart has panels (e.g. a pollutant code); '' otherwise. */
  panel: string;
  /** Its latest plotted point (the value in the measure's field), or null when it has none. */
  latest: { year: number; value: number } | null;
}

/** A reference line: a target or a capacity, drawn across a panel. */
export interface ReferenceLine {
  kind: 'target' | 'capacity' | 'total';
  /** The panel it belongs to ('' when the chart has one). */
  panel: string;
  /** Value in the measure's axis unit (as drawn). */
  value: number;
  /**
   * Every published value of the line when several coincide or conflict (e.g. 92, 93, 96); `value` is the
   * one drawn.
   */
  values: number[];
  /** Label as the picture writes it, e.g. "2023 target 77% · met 2012". */
  label: string;
  /** Year the target is due, or null. */
  year: number | null;
  sourceRefs: string[];
}

/** Something the chart would show but the dataset lacks: what is missing and what data would fill it. */
export interface DataGap {
  /** What is missing, in words ("tons by source category for Port of Long Beach 2008-2012"). */
  missing: string;
  /** What would fill it ("the inventory's table of tons by source category"); '' when the words say it. */
  fill: string;
}

/** The release a chart's figures come from, and why that one. */
export interface ReleaseChoice {
  release: string;
  /** The release's label from the dataset's codelist. */
  label: string;
  /** Why the one release rule chose it: its candidate set and the figures it gives (analysis/releases.ts). */
  why: string;
}

/** The baseline a chart is measured against. */
export interface ChartBaseline {
  id: string;
  /** Label with its year(s), e.g. "CAAP 2005 baseline". */
  words: string;
  /** The one year every port's baseline resolves to, or null when they differ. */
  year: number | null;
}

/**
 * The data of one chart. `R` is its record type; `records` are exactly the figures it plots (after the
 * options' filters and the chart's own selection), at full precision.
 */
export interface ChartData<R extends object = Record<string, unknown>> {
  chartId: string;
  options: ChartOptions;
  records: R[];
  /** The columns of the data table and exports, in order. */
  columns: ChartColumn[];
  /** The plotted figure; null for charts of dates or statuses only. */
  measure: ChartMeasure | null;
  /** The series drawn, in the order of the legend. */
  series: ChartSeries[];
  /** The panels drawn (codes), in order; one entry '' when the chart has a single panel. */
  panels: string[];
  references: ReferenceLine[];
  /** The releases behind the figures, oldest first, and the rule that chose them. */
  releases: ReleaseChoice[];
  releaseRule: string;
  /** Other origins of figures in words (e.g. "published percentages (3 sources)"), or ''. */
  releaseExtra: string;
  /**
   * The releases of the published figures drawn beside the computed ones (`releaseExtra`), where the dataset
   * names them, in code-point order: with `releases`, every release the chart shows (its source line names
   * their publishers).
   */
  publishedReleases: string[];
  baseline: ChartBaseline | null;
  /** Parts of the chart the dataset lacks (the chart is drawn without them). */
  gaps: DataGap[];
  /** Set when the dataset lacks the whole series: the chart is a notice saying what would fill it. */
  missing: DataGap | null;
  /** Years whose figure covers part of the year only (drawn and marked as such, never compared). */
  partialYears: number[];
  /** source_ref codes of every figure and reference line, in order of first appearance. */
  sourceRefs: string[];
}
