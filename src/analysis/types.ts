/**
 * Row types of the analysis result tables: the contract between the analysis stage and the charts, report
 * and CLI. Every analysis returns an arquero table whose rows have exactly these fields, in the order and
 * of the types its row schema (`REDUCTION_ROW`, ...) declares; {@link rowsOf} gives the rows back, checked
 * against that schema. Percentages are in percent points (-79.2 means 79.2% below). Where a figure cannot
 * be computed the value is null and `reason` says why, in words for an analyst.
 */
import { table, type ColumnTable } from 'arquero';

/** Status words shared by results. */
export type ReconcileStatus = 'agrees' | 'differs' | 'not_computable';

/** 1. Reductions against a named baseline. `port` may be a combined code (e.g. SPB) computed from members. */
export interface ReductionRow {
  port: string;
  year: number;
  source_category: string;
  pollutant: string;
  unit: string;
  release: string;
  baseline_id: string;
  baseline_year: number | null;
  /**
   * Tons (in `unit`). Null only for a combined port whose members do not all report the year, category and
   * pollutant in the same unit (`reason` says which member is missing).
   */
  value: number | null;
  baseline_value: number | null;
  change: number | null;
  pct_change: number | null;
  /** Why baseline_value / pct_change are null; empty when computed. */
  reason: string;
  source_ref: string[];
  /** The value's qualifier as published (exact, approximate, lower_bound, upper_bound). Added by the analysis stage. */
  qualifier: string;
}

/** Columns and column types of the reductions table. */
export const REDUCTION_ROW = rowSchema<ReductionRow>('reductions', {
  port: 'string', year: 'number', source_category: 'string', pollutant: 'string', unit: 'string', release: 'string',
  baseline_id: 'string', baseline_year: 'number|null', value: 'number|null', baseline_value: 'number|null',
  change: 'number|null', pct_change: 'number|null', reason: 'string', source_ref: 'string[]', qualifier: 'string',
});

/** 2. Intensity: tons per 10,000 TEU. */
export interface IntensityRow {
  port: string;
  year: number;
  source_category: string;
  pollutant: string;
  unit: string;
  release: string;
  tons: number;
  teu: number | null;
  teu_precision: string | null;
  /** tons / teu * 10,000. */
  intensity: number | null;
  /** Intensity indexed to the baseline year's intensity = 100. */
  intensity_index: number | null;
  /** Absolute tons indexed to the baseline = 100. */
  tons_index: number | null;
  /** True when the TEU (this year's or the baseline's) is rounded or derived. */
  approximate: boolean;
  baseline_id: string;
  reason: string;
  source_ref: string[];
  /** Baseline year used for the indices (port-specific baseline row wins over `all`). */
  baseline_year: number | null;
  /** The baseline year's TEU and intensity behind the index, where found. */
  baseline_teu: number | null;
  baseline_intensity: number | null;
  /** source_ref of the TEU figure chosen for this year. */
  teu_source_ref: string[];
  /**
   * The normalisation (codelists/normalisations.csv) the intensity is expressed in, e.g. per_10000_teu; `teu`,
   * `baseline_teu` and `teu_precision` are then that normalisation's activity measure (TEU, cargo tons...).
   */
  normalisation: string;
}

/** Columns and column types of the intensity table. */
export const INTENSITY_ROW = rowSchema<IntensityRow>('intensity', {
  port: 'string', year: 'number', source_category: 'string', pollutant: 'string', unit: 'string', release: 'string',
  tons: 'number', teu: 'number|null', teu_precision: 'string|null', intensity: 'number|null', intensity_index: 'number|null',
  tons_index: 'number|null', approximate: 'boolean', baseline_id: 'string', reason: 'string', source_ref: 'string[]',
  baseline_year: 'number|null', baseline_teu: 'number|null', baseline_intensity: 'number|null', teu_source_ref: 'string[]',
  normalisation: 'string',
});

/** 3. Progress to each target. */
export interface TargetProgressRow {
  target_id: string;
  programme: string;
  port: string;
  pollutant: string | null;
  target_year: number | null;
  baseline_id: string | null;
  target_pct: number | null;
  latest_year: number | null;
  latest_value: number | null;
  /** Reduction achieved vs baseline, percent (positive = below baseline, as targets are phrased). */
  achieved_pct: number | null;
  met: boolean | null;
  first_year_met: number | null;
  /** Average annual % reduction needed from latest_year to target_year to reach the target; null when met or past. */
  required_annual_pct: number | null;
  historical_annual_pct: number | null;
  /** Whether continuing the historical rate reaches the target by its year. */
  on_track: boolean | null;
  conflict_group: string | null;
  /** True when other published values of the same target exist. */
  conflicting: boolean;
  /** `reduction_from_tons` or `published_indicator`: how achieved_pct was obtained. */
  evidence: string;
  reason: string;
  source_ref: string[];
  /** The target's kind (reduction_vs_baseline, fleet_share, ...). */
  kind: string;
  /** Baseline year for this port, where resolved. */
  baseline_year: number | null;
  /** Whether the target was reached in or before its year (first_year_met <= target_year); null while it is open. */
  met_by_target_year: boolean | null;
  /** The release of the latest evidence: of the tonnages (A+B for a combined port's sum), or of the published figure where the dataset names it. */
  release: string | null;
}

/** Columns and column types of the targets table. */
export const TARGET_ROW = rowSchema<TargetProgressRow>('targets', {
  target_id: 'string', programme: 'string', port: 'string', pollutant: 'string|null', target_year: 'number|null',
  baseline_id: 'string|null', target_pct: 'number|null', latest_year: 'number|null', latest_value: 'number|null',
  achieved_pct: 'number|null', met: 'boolean|null', first_year_met: 'number|null', required_annual_pct: 'number|null',
  historical_annual_pct: 'number|null', on_track: 'boolean|null', conflict_group: 'string|null', conflicting: 'boolean',
  evidence: 'string', reason: 'string', source_ref: 'string[]', kind: 'string', baseline_year: 'number|null',
  met_by_target_year: 'boolean|null', release: 'string|null',
});

/**
 * 4a. Reconciliation of a published figure with the same figure recomputed from tonnages: a published percent
 * change (an indicator; `published`, `computed` in percent, the difference in points) or published tons
 * reduced since a baseline (an emissions row with metric `reduction_since_baseline`; in tons, the difference
 * in tons). Exactly one of `difference_pts` / `difference_t` applies to a row, and the same for the tolerances.
 */
export interface ReconcileRow {
  port: string;
  year: number;
  source_category: string;
  pollutant: string;
  metric: string;
  /** What the figure is relative to: a baseline id, prior_year or a year (for tons reduced: the row's baseline). */
  relative_to: string;
  /** The published figure, in `unit`. */
  published: number;
  /** The same figure recomputed from the tonnages, in `unit`. */
  computed: number | null;
  /** computed - published in percentage points; null for a figure in tons. */
  difference_pts: number | null;
  status: ReconcileStatus;
  /** Likely cause when `differs`; what is missing when `not_computable`. */
  cause: string;
  source_ref: string[];
  /** The figure's own release, where the dataset names it. */
  release: string | null;
  /** The release whose tonnages the figure was recomputed from. */
  computed_release: string | null;
  /** Half a unit of the published figure's last digit (0.5 for -79, 0.05 for -41.7): the agreement band, in points; null for a figure in tons. */
  tolerance_pts: number | null;
  /** Unit of `published` and `computed` as the dataset spells it (`percent` for a percent change, `ton` for tons reduced). */
  unit: string;
  /** computed - published in tons (in `unit`); null for a percent change. */
  difference_t: number | null;
  /** Half a unit of the published figure's last digit (0.5 t for 706 t): the agreement band, in tons; null for a percent change. */
  tolerance_t: number | null;
}

/** Columns and column types of the reconcile table. */
export const RECONCILE_ROW = rowSchema<ReconcileRow>('reconcile', {
  port: 'string', year: 'number', source_category: 'string', pollutant: 'string', metric: 'string', relative_to: 'string',
  published: 'number', computed: 'number|null', difference_pts: 'number|null', status: 'string', cause: 'string',
  source_ref: 'string[]', release: 'string|null', computed_release: 'string|null', tolerance_pts: 'number|null',
  unit: 'string', difference_t: 'number|null', tolerance_t: 'number|null',
});

/** 4b. Restatement: what changed between two releases of the same series. */
export interface RestatementRow {
  port: string;
  year: number;
  source_category: string;
  pollutant: string;
  metric: string;
  release_a: string;
  release_b: string;
  value_a: number | null;
  value_b: number | null;
  change: number | null;
  pct_change: number | null;
  status: 'restated' | 'unchanged' | 'only_in_a' | 'only_in_b';
  /** Unit of the values (release A's where both exist). */
  unit: string;
  /** Why change is null, e.g. units that cannot be compared; empty otherwise. */
  reason: string;
}

/** Columns and column types of the restatement table. */
export const RESTATEMENT_ROW = rowSchema<RestatementRow>('restatement', {
  port: 'string', year: 'number', source_category: 'string', pollutant: 'string', metric: 'string', release_a: 'string',
  release_b: 'string', value_a: 'number|null', value_b: 'number|null', change: 'number|null', pct_change: 'number|null',
  status: 'string', unit: 'string', reason: 'string',
});

/** 5a. Projection of a series to a future year with an interval. */
export interface ProjectionRow {
  port: string;
  source_category: string;
  pollutant: string;
  unit: string;
  /** `observed` rows carry the data; `fit` rows the trend line; `projection` rows the future years. */
  kind: 'observed' | 'fit' | 'projection';
  year: number;
  value: number;
  lower: number | null;
  upper: number | null;
  method: string;
  /** Target value (tons) for that year where a target exists, and the gap projection - target. */
  target_id: string | null;
  target_value: number | null;
  gap: number | null;
  /**
   * The release the series comes from (one release per series: releases restate earlier years); empty for a
   * published-index series, whose figures each come from their own publication.
   */
  release: string;
  /** Why there is no fit or projection (e.g. fewer than 3 points), or why a target could not be placed. */
  reason: string;
  /**
   * `tons`: inventory tonnages (unit as published). `published_index`: the published "% vs baseline" figures
   * as an index (baseline = 100, unit `index_baseline_100`), e.g. -90% is 10.
   */
  series: 'tons' | 'published_index';
  /** For a published-index series, the baseline it is indexed to; null for tons. */
  baseline_id: string | null;
}

/** Columns and column types of the projection table. */
export const PROJECTION_ROW = rowSchema<ProjectionRow>('projection', {
  port: 'string', source_category: 'string', pollutant: 'string', unit: 'string', kind: 'string', year: 'number',
  value: 'number', lower: 'number|null', upper: 'number|null', method: 'string', target_id: 'string|null',
  target_value: 'number|null', gap: 'number|null', release: 'string', reason: 'string', series: 'string',
  baseline_id: 'string|null',
});

/** 5b. OGV 2030 and basin NOx context. */
export interface RegionalContextRow {
  region: string;
  year: number | null;
  item: string;
  pollutant: string | null;
  value: number;
  unit: string;
  /** The same value in tons per year where a conversion is defined, with how it was converted. */
  tons_per_year: number | null;
  conversion: string;
  basis: string;
  source_ref: string[];
  /** The period in words where the source gives no single year. */
  period: string;
  /** The planning target (e.g. carrying capacity) of the same region and pollutant, in this row's unit. */
  planning_target: number | null;
  /** value - planning_target, in this row's unit (positive = above the target). */
  above_target: number | null;
  /** What the row is beside: `regional` for the source's figure, `port` for a port's own inventory figure. */
  scope: 'regional' | 'port';
}

/** Columns and column types of the regional context table. */
export const REGIONAL_ROW = rowSchema<RegionalContextRow>('regional context', {
  region: 'string', year: 'number|null', item: 'string', pollutant: 'string|null', value: 'number', unit: 'string',
  tons_per_year: 'number|null', conversion: 'string', basis: 'string', source_ref: 'string[]', period: 'string',
  planning_target: 'number|null', above_target: 'number|null', scope: 'string',
});

/** 6. Source categories: share, rank, change since baseline, Cooperative Agreement phase. */
export interface CategoryRow {
  port: string;
  year: number;
  source_category: string;
  pollutant: string;
  value: number;
  total: number | null;
  share_pct: number | null;
  rank: number;
  baseline_value: number | null;
  pct_change_vs_baseline: number | null;
  phase: number | null;
  phase_deadline: string | null;
  reason: string;
  source_ref: string[];
  release: string;
  unit: string;
  /** `all_row`: the total is the port's published total; `sum_of_categories`: the sum of the categories reported. */
  total_basis: 'all_row' | 'sum_of_categories';
  baseline_year: number | null;
  /** Other phases that also cover the category (a category in two phases lists the first in `phase`). */
  phase_note: string;
}

/** Columns and column types of the source categories table. */
export const CATEGORY_ROW = rowSchema<CategoryRow>('source categories', {
  port: 'string', year: 'number', source_category: 'string', pollutant: 'string', value: 'number', total: 'number|null',
  share_pct: 'number|null', rank: 'number', baseline_value: 'number|null', pct_change_vs_baseline: 'number|null',
  phase: 'number|null', phase_deadline: 'string|null', reason: 'string', source_ref: 'string[]', release: 'string',
  unit: 'string', total_basis: 'string', baseline_year: 'number|null', phase_note: 'string',
});

/** 7. Additive LMDI decomposition of a change between two years. */
export interface DecompositionRow {
  port: string;
  pollutant: string;
  from_year: number;
  to_year: number;
  /** `activity`, `intensity`, `structure`, or `total`. */
  effect: 'activity' | 'intensity' | 'structure' | 'total';
  /** Tons (in `unit`); null with a reason when the effect cannot be computed. */
  value: number | null;
  unit: string;
  reason: string;
  /** Release of the tonnages decomposed. */
  release: string | null;
  /** True when a TEU figure used is rounded or derived. */
  approximate: boolean;
}

/** Columns and column types of the decomposition table. */
export const DECOMPOSITION_ROW = rowSchema<DecompositionRow>('decomposition', {
  port: 'string', pollutant: 'string', from_year: 'number', to_year: 'number', effect: 'string', value: 'number|null',
  unit: 'string', reason: 'string', release: 'string|null', approximate: 'boolean',
});

/** The type of one column of an analysis table, as checked at run time. */
export type ColumnType = 'string' | 'number' | 'boolean' | 'string[]' | 'string|null' | 'number|null' | 'boolean|null';

/** The column type a row field of type V must be declared with (never when V has no column type). */
type ColumnTypeOf<V> = [V] extends [string]
  ? 'string'
  : [V] extends [number]
    ? 'number'
    : [V] extends [boolean]
      ? 'boolean'
      : [V] extends [readonly string[]]
        ? 'string[]'
        : [V] extends [string | null]
          ? 'string|null'
          : [V] extends [number | null]
            ? 'number|null'
            : [V] extends [boolean | null]
              ? 'boolean|null'
              : never;

/** One column type per field of a row type: the compiler checks that it matches the interface. */
export type ColumnTypes<T> = { readonly [K in keyof T]-?: ColumnTypeOf<T[K]> };

/**
 * The schema of an analysis table: the analysis that builds it (named in errors), its columns in order and
 * each column's type. Built with {@link rowSchema} from the row interface, so a field added to the interface
 * without a column (or with the wrong type) does not compile.
 */
export interface RowSchema<T> {
  readonly analysis: string;
  readonly columns: readonly (keyof T & string)[];
  readonly types: ColumnTypes<T>;
}

/** A row schema: the columns are the keys of `types`, in the order written. */
export function rowSchema<T>(analysis: string, types: ColumnTypes<T>): RowSchema<T> {
  return { analysis, columns: Object.keys(types) as (keyof T & string)[], types };
}

declare const ROW_TYPE: unique symbol;

/**
 * An arquero table built by an analysis, typed by its rows (a compile-time mark only), so that
 * {@link rowsOf} knows the row type without a cast. Any arquero verb on it gives a plain ColumnTable.
 */
export type AnalysisTable<T> = ColumnTable & { readonly [ROW_TYPE]?: T };

/** The schema each analysis table was built with (see toTable). */
const schemaOfTable = new WeakMap<ColumnTable, RowSchema<unknown>>();

/**
 * Builds an analysis table from typed rows: exactly the schema's columns, in its order (columns exist even
 * when there are no rows, so a consumer can rely on the shape). The table remembers its schema, which
 * {@link rowsOf} checks it against.
 */
export function toTable<T extends object>(rows: readonly T[], schema: RowSchema<T>): AnalysisTable<T> {
  const data: Record<string, unknown[]> = {};
  for (const column of schema.columns) data[column] = rows.map((row) => row[column]);
  const built = table(data, [...schema.columns]);
  schemaOfTable.set(built, schema as unknown as RowSchema<unknown>);
  return built as AnalysisTable<T>;
}

/**
 * A table whose columns or values differ from its analysis's row schema: a defect of the analysis (or of
 * code that rebuilt its table), never of the input data. Names the analysis, the column and, for a value,
 * the row.
 */
export class AnalysisTableError extends Error {
  /** The analysis whose table it is; undefined for a table no analysis built. */
  readonly analysis: string | undefined;
  readonly column: string | undefined;

  constructor(analysis: string | undefined, column: string | undefined, detail: string) {
    super(`${analysis === undefined ? 'a table' : `the ${analysis} table`} ${column === undefined ? '' : `column '${column}' `}${detail}`);
    this.name = 'AnalysisTableError';
    this.analysis = analysis;
    this.column = column;
  }
}

function valueFits(value: unknown, type: ColumnType): boolean {
  if (value === null && type.endsWith('|null')) return true;
  switch (type) {
    case 'string':
    case 'string|null':
      return typeof value === 'string';
    case 'number':
    case 'number|null':
      // No analysis gives NaN or Infinity: a figure that cannot be computed is null with its reason.
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
    case 'boolean|null':
      return typeof value === 'boolean';
    case 'string[]':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
  }
}

function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (Array.isArray(value)) return `an array (${JSON.stringify(value).slice(0, 60)})`;
  if (typeof value === 'number') return `number ${value}`;
  return `${typeof value} ${JSON.stringify(value)?.slice(0, 60) ?? String(value)}`;
}

/**
 * The typed rows of an analysis table, checked where the table crosses into another stage (charts,
 * report, CLI, a notebook): its columns must be exactly the schema's, in order, and every value of the
 * schema's column type (a string, a finite number, a boolean, an array of strings, or null where the type
 * allows it). The schema is the one the analysis built the table with, or `schema` for a table derived from
 * it with arquero verbs (which forget it). The row type comes from the table's type: no cast.
 *
 * @throws AnalysisTableError naming the analysis, the column and the first offending row: a defect of the
 *   analysis, not of the input.
 */
export function rowsOf<T>(source: AnalysisTable<T>, schema?: RowSchema<T>): T[] {
  const expected = schema ?? (schemaOfTable.get(source) as RowSchema<T> | undefined);
  if (expected === undefined) {
    throw new AnalysisTableError(undefined, undefined, 'that no analysis built cannot be checked: pass the row schema its rows must have (e.g. REDUCTION_ROW)');
  }
  const names = source.columnNames();
  const columns: readonly string[] = expected.columns;
  const missing = columns.filter((c) => !names.includes(c));
  if (missing.length > 0) throw new AnalysisTableError(expected.analysis, missing[0], `is missing (columns found: ${names.join(', ')})`);
  const extra = names.filter((n) => !columns.includes(n));
  if (extra.length > 0) throw new AnalysisTableError(expected.analysis, extra[0], 'is not in its row type');
  const moved = columns.findIndex((c, i) => names[i] !== c);
  if (moved >= 0) throw new AnalysisTableError(expected.analysis, columns[moved], `is at position ${names.indexOf(columns[moved]!) + 1}, expected ${moved + 1}`);
  const types = expected.types as Readonly<Record<string, ColumnType>>;
  const values = columns.map((column) => {
    const array = source.array(column) as ArrayLike<unknown>;
    const type = types[column]!;
    for (let i = 0; i < array.length; i++) {
      if (!valueFits(array[i], type)) throw new AnalysisTableError(expected.analysis, column, `holds ${describeValue(array[i])} in row ${i + 1}, expected ${type}`);
    }
    return array;
  });
  // Rows built from the columns, not with table.objects(): arquero generates that code with the Function
  // constructor, which the explore page's Content-Security-Policy forbids (see test/analysis/no-codegen.test.ts).
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < source.numRows(); i++) {
    const row: Record<string, unknown> = {};
    columns.forEach((column, j) => (row[column] = values[j]![i]));
    rows.push(row);
  }
  return rows as T[];
}
