import { z } from 'zod';
import { code, optional, partialDate, requiredText, sourceRefs, text } from './fields.ts';

/**
 * Codelists are declared by each dataset (codelists/*.csv), never hard-coded, so another port is described
 * without code changes. The tool only knows the *kinds* of things (a port, a source category, a pollutant,
 * a unit), and for units the physical meaning needed to convert.
 */

/**
 * Other names a code goes by in published tables (`;`-separated words, e.g. "Ships;Ocean going vessels").
 * An optional column (absent or empty: no aliases). Matching ignores case, hyphens, extra spaces and
 * punctuation (see `matchKey` in src/schema/aliases.ts).
 */
export const aliases = optional(text.transform((s) => s.split(';').map((a) => a.trim()).filter((a) => a !== '')));

/** A port, or a named combination of ports (e.g. two neighbouring ports reported together). */
export const portSchema = z.object({
  code,
  label: requiredText,
  kind: z.enum(['port', 'combined']),
  /** For `combined`: the member port codes, `;`-separated. */
  members: text.transform((s) => (s === '' ? [] : s.split(';').map((m) => m.trim()))),
  note: text,
  /**
   * The port's own default baseline (a baseline_id), where it measures from another year than the dataset's
   * default (e.g. a port whose plan counts from 2006). Optional column; empty = the dataset's default.
   */
  baseline: optional(code),
  aliases,
});
export type Port = z.infer<typeof portSchema>;

/** A source category (ships, harbor craft, cargo-handling equipment, rail, trucks...), or `all`. */
export const sourceCategorySchema = z.object({
  code,
  label: requiredText,
  /** The broader category this one is part of (e.g. at-berth OGV -> ocean_going_vessels); empty for top level. */
  parent: optional(code),
  note: text,
  aliases,
});
export type SourceCategory = z.infer<typeof sourceCategorySchema>;

/** A pollutant or pollutant aggregate as the sources name it. */
export const pollutantSchema = z.object({
  code,
  label: requiredText,
  group: z.enum(['criteria', 'toxic', 'ghg', 'aggregate']),
  note: text,
  aliases,
});
export type Pollutant = z.infer<typeof pollutantSchema>;

/** Mass units the tool can convert between; `ton_unspecified` is a ton whose kind the source does not state. */
export const massUnit = z.enum(['short_ton', 'metric_tonne', 'pound', 'kilogram', 'ton_unspecified']);
export type MassUnit = z.infer<typeof massUnit>;

/** A unit: what it measures and, for masses, which mass and over which period. */
export const unitSchema = z.object({
  code,
  label: requiredText,
  quantity: z.enum(['mass', 'mass_rate', 'percent', 'teu', 'count', 'currency']),
  mass: optional(massUnit),
  per: optional(z.enum(['year', 'day'])),
  note: text,
});
export type Unit = z.infer<typeof unitSchema>;

/**
 * A normalisation a dataset declares: the metric code its figures name (e.g. `per_10000_teu`,
 * `per_10000_cargo_tons`), the activity measure it divides by (the `measure` of throughput rows: TEU, cargo
 * tons, vessel calls...) and per how many units of it. The intensity analysis, its chart and the
 * reconciliation use whichever a figure names.
 */
export const normalisationSchema = z.object({
  code,
  /** Words after the mass: "per 10,000 TEU", "per 10,000 tons of cargo". */
  label: requiredText,
  /** The activity measure (throughput `measure`) divided by. */
  measure: code,
  /** Units of the measure per which the figure is expressed (10000 for per 10,000 TEU). */
  per: z.string().trim().regex(/^\d+(\.\d+)?$/, 'a positive number such as 10000').transform(Number).refine((n) => n > 0, 'a number > 0'),
  note: text,
});
export type Normalisation = z.infer<typeof normalisationSchema>;

/** A data release: the inventory edition or publication a value comes from. */
export const releaseSchema = z.object({
  release_id: code,
  label: requiredText,
  port: code,
  /** Year the release was published, where known. */
  published: optional(partialDate),
  note: text,
  source_ref: sourceRefs,
});
export type Release = z.infer<typeof releaseSchema>;
