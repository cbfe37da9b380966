import { z } from 'zod';

/**
 * Field parsers shared by the record schemas. CSV cells arrive as strings; each parser turns a cell into a
 * typed value or reports what it expected, in words an analyst can act on.
 */

/** Years a port inventory can plausibly speak of (historical records to long-range plans). */
export const YEAR_MIN = 1900;
export const YEAR_MAX = 2100;

/**
 * Longest value each kind of text may hold, in characters (UTF-16 code units, as a spreadsheet counts them).
 * Far above what real data needs (the San Pedro Bay dataset's longest label is 158 characters, its longest
 * source title 283, its longest note 341) and far below what breaks an output: a chart title wraps to a
 * few lines, not 122,000 px; a report stays within its size budget; an XLSX cell stays under Excel's
 * 32,767-character limit.
 */
export const TEXT_LIMITS = {
  /** codes (port, pollutant, source_ref...): also each part of a `;`-separated list */
  code: 100,
  /** labels and short names: codelist labels, programme, agreement, scope, region, item, period */
  label: 200,
  /** titles: a source's title, a dataset's title */
  title: 1_000,
  /** notes and other free text: note, detail, evidence, url, descriptions */
  note: 2_000,
} as const;

/** Characters of a code list cell (`;`-separated codes) at most. */
export const CODE_LIST_MAX = 1_000;

/**
 * Characters no output can carry: C0 controls except tab, LF and CR (a quoted CSV field may hold a line
 * break), DEL, C1 controls, U+FFFE and U+FFFF, and UTF-16 surrogates without their pair. XML 1.0 forbids
 * most of them (an SVG holding one is read by no XML parser) and a terminal obeys the rest.
 */
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const CHARACTER_NAMES: Record<number, string> = { 0: 'NUL', 0x0b: 'vertical tab', 0x0c: 'form feed', 0x1b: 'escape', 0x7f: 'DEL', 0xfffe: 'non-character', 0xffff: 'non-character' };

/** `U+000B (vertical tab)`: a character named for a message. */
function characterName(c: number): string {
  const hex = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = CHARACTER_NAMES[c] ?? (c >= 0xd800 && c <= 0xdfff ? 'unpaired surrogate' : c >= 0x80 && c <= 0x9f ? 'C1 control character' : 'control character');
  return `${hex} (${name})`;
}

/**
 * Why `value` cannot be drawn or printed, or undefined when it can: the first forbidden character and where
 * it is (1-based character position), or the length against `max`.
 */
export function textProblem(value: string, max: number): string | undefined {
  const match = FORBIDDEN_CHARACTER.exec(value);
  if (match) return `text without control characters (found ${characterName(match[0].charCodeAt(0))} at character ${match.index + 1})`;
  if (value.length > max) return `at most ${max.toLocaleString('en-US')} characters (this value has ${value.length.toLocaleString('en-US')})`;
  return undefined;
}

/**
 * Names a code or a label cannot be: the property names of every JavaScript object (`constructor`,
 * `toString`, `hasOwnProperty`...). The chart renderer (vega) reads such a value in a sort order or a colour
 * domain as one of its own operators and fails ("Operator not defined"), so a port labelled `constructor`
 * would pass validate and break every chart that lists ports.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Why `value` cannot be a code or a label (a reserved name), or undefined. */
export function reservedNameProblem(value: string): string | undefined {
  return RESERVED_NAMES.has(value) ? `a name other than a JavaScript built-in (${value} is one; the chart renderer cannot draw it)` : undefined;
}

/** A trimmed string whose problem (a message saying what was expected) `problem` finds, or none. */
function checkedString(problem: (value: string) => string | undefined, nonEmpty = false) {
  const trimmed = z.string().trim();
  return (nonEmpty ? trimmed.min(1, 'a non-empty value') : trimmed).superRefine((value, ctx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: 'custom', message });
  });
}

/** Trimmed text of at most `max` characters, without characters no output can carry; may be empty. */
export function boundedText(max: number) {
  return checkedString((value) => textProblem(value, max));
}

/** Required text of at most `max` characters (see boundedText), not a reserved name (RESERVED_NAMES). */
export function requiredBoundedText(max: number) {
  return checkedString((value) => textProblem(value, max) ?? reservedNameProblem(value), true);
}

/** A code as the data spells it: letters, digits and `_ . + -`, no spaces, at most TEXT_LIMITS.code characters. */
export const code = z
  .string()
  .trim()
  .min(1, 'a code (e.g. NOx, ocean_going_vessels)')
  .max(TEXT_LIMITS.code, `a code of at most ${TEXT_LIMITS.code} characters`)
  .regex(/^[A-Za-z0-9_.+\-]+$/, 'a code of letters, digits, _ . + - (no spaces)')
  .refine((value) => !RESERVED_NAMES.has(value), 'a code other than a JavaScript built-in name (constructor, toString, valueOf...): the chart renderer cannot draw it');

/** Free text (notes, details), trimmed; may be empty; at most TEXT_LIMITS.note characters. */
export const text = boundedText(TEXT_LIMITS.note);

/** Short text (a period in words, an item), trimmed; may be empty; at most TEXT_LIMITS.label characters. */
export const shortText = boundedText(TEXT_LIMITS.label);

/** A required label or short name, at most TEXT_LIMITS.label characters. */
export const requiredText = requiredBoundedText(TEXT_LIMITS.label);

/** A required title (a source's), at most TEXT_LIMITS.title characters. */
export const title = requiredBoundedText(TEXT_LIMITS.title);

/** An empty cell becomes undefined. */
export function optional<T extends z.ZodTypeAny>(schema: T) {
  return z.preprocess((value) => (value === '' || value === undefined || value === null ? undefined : value), schema.optional());
}

/**
 * The largest magnitude a number may have: 10^15. Below 2^53 (about 9 x 10^15) a double holds every whole
 * number, so sums of a million such values stay exact to the ton and finite, and no percent change or
 * intensity computed from them overflows to Infinity. No port inventory comes near it.
 */
export const MAX_MAGNITUDE = 1e15;

/**
 * The smallest magnitude a number other than 0 may have: 10^-6 (a gram, in tons; no inventory publishes more
 * than six decimals). With MAX_MAGNITUDE it bounds every ratio the analyses take (a percent change, an
 * intensity, an index, a share) well inside a double: 5e-324 t beside 1e15 t overflowed them to Infinity
 * (found by the render fuzz property).
 */
export const MIN_MAGNITUDE = 1e-6;

/**
 * A finite decimal number written plainly (`1234`, `-0.5`, `1e3`); no thousands separators; at most
 * MAX_MAGNITUDE in size, and 0 or at least MIN_MAGNITUDE.
 */
export const finiteNumber = z
  .string()
  .trim()
  .min(1, 'a number')
  .refine((s) => /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s), 'a plain decimal number (no thousands separators, no text)')
  .transform((s) => Number(s))
  .refine((n) => Number.isFinite(n), { message: 'a finite number', abort: true })
  .refine((n) => Math.abs(n) <= MAX_MAGNITUDE, 'a number of at most 1e15 in size (1,000,000,000,000,000)')
  .refine((n) => n === 0 || Math.abs(n) >= MIN_MAGNITUDE, 'a number of at least 0.000001 in size, or 0 (published figures carry at most six decimals)');

/** A finite number that is zero or more (tonnages, TEU). */
export const nonNegativeNumber = finiteNumber.refine((n) => n >= 0, 'a number >= 0');

/** A calendar year between YEAR_MIN and YEAR_MAX. */
export const year = z
  .string()
  .trim()
  .regex(/^\d{4}$/, 'a four-digit year')
  .transform((s) => Number(s))
  .refine((n) => n >= YEAR_MIN && n <= YEAR_MAX, `a year from ${YEAR_MIN} to ${YEAR_MAX}`);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Why `value` is not a date of the calendar, or undefined when it is: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`
 * (as `precision` allows) with a year from YEAR_MIN to YEAR_MAX, a month 1-12 and a day within its month
 * (29 February only in leap years). Checked here rather than by `Date`, which rolls 2027-02-30 over to
 * 2 March and reads 2099-99 as nothing.
 */
export function calendarDateProblem(value: string, precision: 'day' | 'any'): string | undefined {
  const shape = precision === 'day' ? 'a date as YYYY-MM-DD' : 'a year, YYYY-MM or YYYY-MM-DD';
  const match = (precision === 'day' ? /^(\d{4})-(\d{2})-(\d{2})$/ : /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/).exec(value);
  if (!match) return shape;
  const y = Number(match[1]);
  if (y < YEAR_MIN || y > YEAR_MAX) return `a real calendar date (year from ${YEAR_MIN} to ${YEAR_MAX})`;
  if (match[2] === undefined) return undefined;
  const m = Number(match[2]);
  if (m < 1 || m > 12) return 'a real calendar date (month 01 to 12)';
  if (match[3] === undefined) return undefined;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!;
  const d = Number(match[3]);
  if (d < 1 || d > days) return `a real calendar date (day 01 to ${days} in ${match[1]}-${match[2]})`;
  return undefined;
}

function calendarDate(precision: 'day' | 'any') {
  return checkedString((value) => calendarDateProblem(value, precision));
}

/** An ISO date (YYYY-MM-DD) that exists in the calendar. */
export const isoDate = calendarDate('day');

/** A year, a month (YYYY-MM) or a day (YYYY-MM-DD) that exists in the calendar. */
export const partialDate = calendarDate('any');

/** A `;`-separated list of codes (empty cell -> empty list). */
export const codeList = z
  .string()
  .trim()
  .max(CODE_LIST_MAX, `at most ${CODE_LIST_MAX} characters of ;-separated codes`)
  .transform((s) => (s === '' ? [] : s.split(';').map((part) => part.trim())))
  .pipe(z.array(code));

/** One or more source references separated by `;`. */
export const sourceRefs = z
  .string()
  .trim()
  .min(1, 'one or more source_ref codes separated by ;')
  .max(CODE_LIST_MAX, `at most ${CODE_LIST_MAX} characters of ;-separated codes`)
  .transform((s) => s.split(';').map((part) => part.trim()).filter((part) => part !== ''))
  .pipe(z.array(code).min(1, 'at least one source_ref'));

/** How exact a published figure is. */
export const qualifier = z.enum(['exact', 'approximate', 'lower_bound', 'upper_bound']);
export type Qualifier = z.infer<typeof qualifier>;
