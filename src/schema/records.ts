import { z } from 'zod';
import {
  code,
  codeList,
  finiteNumber,
  isoDate,
  nonNegativeNumber,
  optional,
  qualifier,
  requiredText,
  shortText,
  sourceRefs,
  TEXT_LIMITS,
  text,
  title,
  year,
} from './fields.ts';

/**
 * Record schemas of a dataset's resources: long, tidy rows, one observation each. Types are inferred from
 * the schemas, so the validator and the type checker agree. Codes (port, pollutant, unit...) are checked
 * against the dataset's own codelists by the loader, after each row has passed its schema.
 */

/** What an emissions value is: a tonnage, a tonnage per 10,000 TEU, or tons reduced since a baseline. */
export const emissionsMetric = z.enum(['absolute', 'per_10000_teu', 'reduction_since_baseline', 'program_reduction']);
export type EmissionsMetric = z.infer<typeof emissionsMetric>;

/** Where an emissions value comes from: an inventory, a projection, or a programme's reported reduction. */
export const emissionsBasis = z.enum(['inventory', 'projection', 'program_reduction']);
export type EmissionsBasis = z.infer<typeof emissionsBasis>;

export const emissionsSchema = z.object({
  port: code,
  year,
  source_category: code,
  pollutant: code,
  /** One of {@link emissionsMetric}, or a normalisation code the dataset declares (checked by the loader). */
  metric: z.union([emissionsMetric, code]),
  value: nonNegativeNumber,
  unit: code,
  qualifier: z.preprocess((v) => (v === '' ? 'exact' : v), qualifier),
  release: code,
  basis: emissionsBasis,
  /** For metric reduction_since_baseline: the baseline id the reduction is measured from. */
  baseline: optional(code),
  note: text,
  source_ref: sourceRefs,
});
export type EmissionsRecord = z.infer<typeof emissionsSchema>;

/** What a published percent change is of: tonnage, tonnage per 10,000 TEU, per container, per engine... */
export const indicatorMetric = z.enum(['absolute', 'per_10000_teu', 'per_container', 'per_engine', 'fleet_emission_rate']);
export type IndicatorMetric = z.infer<typeof indicatorMetric>;

/**
 * A published figure that is not a tonnage, e.g. "DPM -90% vs 2005". `relative_to` is a baseline id
 * (CAAP_2005...), `prior_year`, a four-digit year, or `unstated` when the source does not say.
 */
export const indicatorSchema = z.object({
  port: code,
  year,
  source_category: code,
  pollutant: code,
  indicator: z.enum(['pct_change']),
  /** One of {@link indicatorMetric}, or a normalisation code the dataset declares (checked by the loader). */
  metric: z.union([indicatorMetric, code]),
  relative_to: z.string().trim().max(TEXT_LIMITS.code, `at most ${TEXT_LIMITS.code} characters`).regex(/^([A-Za-z][A-Za-z0-9_]*|\d{4})$/, 'a baseline id, prior_year, a year, or unstated'),
  value: finiteNumber,
  unit: code,
  qualifier: z.preprocess((v) => (v === '' ? 'exact' : v), qualifier),
  release: optional(code),
  note: text,
  source_ref: sourceRefs,
});
export type IndicatorRecord = z.infer<typeof indicatorSchema>;

/** How exact a throughput figure is. */
export const teuPrecision = z.enum(['exact', 'rounded', 'derived', 'partial_year']);
export type TeuPrecision = z.infer<typeof teuPrecision>;

export const throughputSchema = z.object({
  port: code,
  year,
  /** The activity figure: TEU, or the measure `measure` names (column kept as `teu` for older datasets). */
  teu: nonNegativeNumber,
  precision: teuPrecision,
  /** The period the figure covers: a calendar year, or a partial year such as jan_nov. */
  period: z.enum(['calendar_year', 'jan_nov']),
  note: text,
  source_ref: sourceRefs,
  /** What is counted (a normalisation's `measure`): empty or absent = TEU. Optional column. */
  measure: optional(code),
});
export type ThroughputRecord = z.infer<typeof throughputSchema>;

/** A named baseline: the year (per port where the ports differ) that reductions are measured from. */
export const baselineSchema = z.object({
  baseline_id: code,
  label: requiredText,
  /** The port this baseline year applies to, or `all`. */
  port: code,
  year,
  programme: requiredText,
  note: text,
  source_ref: sourceRefs,
});
export type BaselineRecord = z.infer<typeof baselineSchema>;

/** What a target asks for. */
export const targetKind = z.enum([
  'reduction_vs_baseline',
  'reduction_vs_projection',
  'fleet_share',
  'mode_share',
  'emissions_cap',
  'cost',
  'regulation',
]);
export type TargetKind = z.infer<typeof targetKind>;

/**
 * A published target. Conflicting published values of one target share a `conflict_group` and are kept side
 * by side; the analysis evaluates each and flags the conflict.
 */
export const targetSchema = z.object({
  target_id: code,
  programme: requiredText,
  scope: requiredText,
  /** Ports the target applies to (`;`-separated codes); the combined code where it applies to both. */
  ports: codeList,
  pollutant: optional(code),
  /** What is targeted, in the source's words, where it is not a pollutant tonnage. */
  item: shortText,
  target_year: optional(year),
  /** The target's period in words where it is not a single year (e.g. "2014-2020 annually"). */
  period: shortText,
  baseline_id: optional(code),
  kind: targetKind,
  value: optional(finiteNumber),
  value_max: optional(finiteNumber),
  unit: optional(code),
  conflict_group: optional(code),
  note: text,
  source_ref: sourceRefs,
});
export type TargetRecord = z.infer<typeof targetSchema>;

/** Regional context and projections (South Coast Air Basin inventories, shares, carrying capacity). */
export const regionalSchema = z.object({
  region: requiredText,
  year: optional(year),
  /** The period in words where the source gives no single year (e.g. "c.2005"). */
  period: shortText,
  item: requiredText,
  pollutant: optional(code),
  value: finiteNumber,
  unit: code,
  qualifier: z.preprocess((v) => (v === '' ? 'exact' : v), qualifier),
  basis: z.enum(['inventory', 'projection', 'planning_target', 'share']),
  note: text,
  source_ref: sourceRefs,
});
export type RegionalRecord = z.infer<typeof regionalSchema>;

/** A dated milestone of an agreement or programme (approvals, plan deadlines). */
export const milestoneSchema = z.object({
  milestone_id: code,
  agreement: requiredText,
  date: isoDate,
  /** Whether the date is exact or stands for a month or season the source gives. */
  date_precision: z.enum(['day', 'month', 'season']),
  kind: code,
  scope: requiredText,
  phase: optional(z.string().trim().regex(/^\d{1,6}$/, 'a phase number').transform(Number)),
  source_categories: codeList,
  detail: text,
  source_ref: sourceRefs,
});
export type MilestoneRecord = z.infer<typeof milestoneSchema>;

/** Confidence grades: A table/open data, B the port's or regulator's own text, C press quoting it, D derived. */
export const confidenceGrade = z.enum(['A', 'B', 'C', 'D']);
export type ConfidenceGrade = z.infer<typeof confidenceGrade>;

export const sourceSchema = z.object({
  source_ref: code,
  title,
  url: text,
  publisher_type: text,
  evidence: text,
  confidence: confidenceGrade,
  /** The collector's own words on confidence, kept verbatim. */
  confidence_note: text,
});
export type SourceRecord = z.infer<typeof sourceSchema>;
