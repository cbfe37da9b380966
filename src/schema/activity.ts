import { z } from 'zod';
import { code, nonNegativeNumber, optional, sourceRefs, year } from './fields.ts';

/**
 * Activity-level emissions: the long-format rows an inventory is built from, one per port x terminal x
 * vessel call x source category x pollutant. Files of these run to millions of rows, so the reader
 * (src/ingest/activity.ts) streams them and keeps only their totals; this schema is the reference for what a
 * valid row is, and its messages are the ones a bad row gets.
 */
export const activitySchema = z.object({
  port: code,
  year,
  /** The terminal (berth, pier) the activity took place at. */
  terminal: code,
  /** The vessel call the activity belongs to; empty for activity not tied to a call (e.g. yard equipment). */
  vessel_call: optional(code),
  source_category: code,
  pollutant: code,
  /** Emissions of the row, in `unit`; zero or more. */
  value: nonNegativeNumber,
  unit: code,
  release: code,
  source_ref: sourceRefs,
});
export type ActivityRecord = z.infer<typeof activitySchema>;

/** The CSV header of an activity file, in order. */
export const ACTIVITY_FIELDS = Object.keys(activitySchema.shape) as (keyof ActivityRecord)[];
