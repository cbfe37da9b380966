import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolve } from 'node:path';
import { amendError, PortEmissionsError, usageError } from '../errors.ts';
import { packagePath } from '../package-root.ts';
import type { CliIO } from './io.ts';

/** Options shared by the analysis and output commands. */
export const DATA_OPTIONS = {
  data: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

/** Filter options shared by analyses and charts. */
export const FILTER_OPTIONS = {
  port: { type: 'string' },
  pollutant: { type: 'string' },
  category: { type: 'string' },
  baseline: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

/** Parses a command's arguments strictly; an unknown option is a usage error (exit 2) naming it. */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw usageError(error instanceof Error ? error.message.replace(/^TypeError[^:]*: /, '') : String(error), "run the command with --help for its options");
  }
}

/** The embedded San Pedro Bay dataset's folder. */
export const EMBEDDED_DATASET_DIR = packagePath('datasets', 'san-pedro-bay');

/** The dataset folder an option names, resolved against the working directory; the embedded one by default. */
export function datasetDir(option: string | undefined, io: CliIO): string {
  return option === undefined ? EMBEDDED_DATASET_DIR : resolve(io.cwd, option);
}

/** Parses a year option (`--from 2005`), or a usage error naming the option. */
export function yearOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}$/.test(value)) throw usageError(`--${name} expects a four-digit year, found '${value}'`);
  return Number(value);
}

/** Formats a cell for a terminal table: numbers to at most 2 decimals, arrays joined, null as '-'. */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'undefined'; // never NaN or Infinity: the row's reason says why
    return Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) >= 100 ? 1 : 2);
  }
  if (Array.isArray(value)) return value.join(';');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** A plain-text table of rows, columns (fields of the rows) in the given order, numbers right-aligned. */
export function formatTable<T extends object>(rows: readonly T[], columns: readonly (keyof T & string)[]): string {
  if (rows.length === 0) return '(no rows)\n';
  const cells = rows.map((row) => columns.map((column) => formatCell(row[column])));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((line) => line[i]!.length)));
  const numeric = columns.map((column) => rows.every((row) => row[column] === null || row[column] === undefined || typeof row[column] === 'number'));
  const render = (line: readonly string[]) =>
    line.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [render(columns), render(widths.map((w) => '-'.repeat(w))), ...cells.map(render)].join('\n') + '\n';
}

/** Prints rows as JSON (an array of records) or as a table. */
export function printRows<T extends object>(io: CliIO, rows: readonly T[], columns: readonly (keyof T & string)[], json: boolean): void {
  if (json) io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
  else io.stdout(formatTable(rows, columns));
}

/** The flag of a library option: `port` -> `--port`, `sourceRef` -> `--source-ref`, unless `flags` names another. */
export function optionFlag(option: string, flags: Readonly<Record<string, string>> = {}): string {
  return flags[option] ?? `--${option.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/**
 * Option words in CLI terms. Library messages (src/analysis, src/charts, src/render, src/ingest) name option
 * fields in words, as "the option NAME" or "the options A, B and C", never flags; the CLI says the flags
 * ({@link optionFlag}): "--NAME".
 */
export function flagWords(text: string, flags: Readonly<Record<string, string>> = {}): string {
  const flag = (name: string) => optionFlag(name, flags);
  return text
    .replace(/\bthe options ((?:[a-z][A-Za-z]*, )*[a-z][A-Za-z]*) and ([a-z][A-Za-z]*)\b/g, (_, list: string, last: string) => `${list.split(', ').map(flag).join(', ')} and ${flag(last)}`)
    .replace(/\bthe option ([a-z][A-Za-z]*)\b/g, (_, a: string) => flag(a));
}

/** Whether a place is at a library option: a column (an option field's name) without a file or line. */
function atOption(place: { file?: string; line?: number; column?: string }): place is { column: string } {
  return (place.file === undefined || place.file === '') && place.line === undefined && /^[a-z][A-Za-z]*$/.test(place.column ?? '');
}

/**
 * A usage error (exit code 2) in CLI terms: the one mapping from the library's option fields to the CLI's
 * flags. The library names the option at fault by its field, as the column of a place without a file (the
 * error's location, each issue's), and in words in its message and hint ({@link flagWords}); the CLI says the
 * flag instead (`--source-ref: unknown source_ref ...`, `--from (2010) is after --to (2005)`). A location at
 * an option the message already names as a flag is dropped (said once). An error placed in a file (a report
 * definition, a data file) keeps its words: they name that file's fields. Any other error is returned as it is.
 */
export function errorInFlags(error: unknown, flags: Readonly<Record<string, string>> = {}): unknown {
  if (!(error instanceof PortEmissionsError) || error.exitCode !== 2) return error;
  const inFile = error.location?.file !== undefined && error.location.file !== '';
  const message = inFile ? error.message : flagWords(error.message, flags);
  const hint = inFile || error.hint === undefined ? error.hint : flagWords(error.hint, flags);
  const flag = error.location !== undefined && atOption(error.location) ? optionFlag(error.location.column, flags) : undefined;
  const location = flag === undefined ? error.location : message.includes(flag) ? undefined : { column: flag };
  const details = error.details.map((issue) => (atOption(issue) ? { ...issue, column: optionFlag(issue.column, flags) } : issue));
  if (message === error.message && hint === error.hint && location === error.location && details.every((issue, i) => issue === error.details[i])) return error;
  return amendError(error, { message, location, details, hint });
}
