import { z } from 'zod';

/**
 * Field parsers shared by the record schemas. CSV cells arrive as strings; each parser turns a cell into a
 * typed value or reports what it expected, in words an analyst can act on.
 */

/** Years a port inventory can plausibly speak of (historical records to long-range plans). */
export const YEAR_MIN = 1900;
export const YEAR_MAX = 2100;

/** A code as the data spells it: letters, digits and `_ . + -`, no spaces. */
export const code = z
  .string()
  .trim()
  .min(1, 'a code (e.g. NOx, ocean_going_vessels)')
  .regex(/^[A-Za-z0-9_.+\-]+$/, 'a code of letters, digits, _ . + - (no spaces)');

/** Free text, trimmed; may be empty. */
export const text = z.string().trim();

/** Required free text. */
export const requiredText = z.string().trim().min(1, 'a non-empty value');

/** An empty cell becomes undefined. */
export function optional<T extends z.ZodTypeAny>(schema: T) {
  return z.preprocess((value) => (value === '' || value === undefined || value === null ? undefined : value), schema.optional());
}

/** A finite decimal number written plainly (`1234`, `-0.5`, `1e3`); no thousands separators. */
export const finiteNumber = z
  .string()
  .trim()
  .min(1, 'a number')
  .refine((s) => /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s), 'a plain decimal number (no thousands separators, no text)')
  .transform((s) => Number(s))
  .refine((n) => Number.isFinite(n), 'a finite number');

/** A finite number that is zero or more (tonnages, TEU). */
export const nonNegativeNumber = finiteNumber.refine((n) => n >= 0, 'a number >= 0');

/** A calendar year between YEAR_MIN and YEAR_MAX. */
export const year = z
  .string()
  .trim()
  .regex(/^\d{4}$/, 'a four-digit year')
  .transform((s) => Number(s))
  .refine((n) => n >= YEAR_MIN && n <= YEAR_MAX, `a year from ${YEAR_MIN} to ${YEAR_MAX}`);

/** An ISO date (YYYY-MM-DD) that exists in the calendar. */
export const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'a real calendar date');

/** A `;`-separated list of codes (empty cell -> empty list). */
export const codeList = z
  .string()
  .trim()
  .transform((s) => (s === '' ? [] : s.split(';').map((part) => part.trim())))
  .pipe(z.array(code));

/** One or more source references separated by `;`. */
export const sourceRefs = z
  .string()
  .trim()
  .min(1, 'one or more source_ref codes separated by ;')
  .transform((s) => s.split(';').map((part) => part.trim()).filter((part) => part !== ''))
  .pipe(z.array(code).min(1, 'at least one source_ref'));

/** How exact a published figure is. */
export const qualifier = z.enum(['exact', 'approximate', 'lower_bound', 'upper_bound']);
export type Qualifier = z.infer<typeof qualifier>;
