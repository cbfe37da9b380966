/**
 * Row types of the analysis result tables: the contract between the analysis stage and the charts, report
 * and CLI. Every analysis returns an arquero table whose rows have exactly these fields (`table.objects()`
 * gives them typed via the helpers below). Percentages are in percent points (-79.2 means 79.2% below).
 * Where a figure cannot be computed the value is null and `reason` says why, in words for an analyst.
 */
import type { ColumnTable } from 'arquero';

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
}

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

/** Typed rows of an analysis table. */
export function rowsOf<T>(table: ColumnTable): T[] {
  return table.objects() as unknown as T[];
}

/**
 * The rows of an analysis table, checked where the table crosses into another stage: its columns must be
 * exactly `columns`, the fields of the row type, in order (so a renamed or dropped column fails here, not as
 * an empty figure downstream).
 *
 * @throws Error naming the columns that differ: a defect of the analysis, not of the input.
 */
export function checkedRows<T>(table: ColumnTable, columns: readonly (keyof T & string)[]): T[] {
  const names = table.columnNames();
  if (names.length !== columns.length || names.some((name, i) => name !== columns[i])) {
    const missing = columns.filter((c) => !names.includes(c));
    const extra = names.filter((n) => !(columns as readonly string[]).includes(n));
    throw new Error(`analysis table: columns differ from the row type (missing: ${missing.join(', ') || 'none'}; extra: ${extra.join(', ') || 'none'}; or in another order)`);
  }
  return table.objects() as unknown as T[];
}
