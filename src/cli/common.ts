import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolve } from 'node:path';
import { amendError, PortEmissionsError, usageError, type DataIssue, type ErrorLocation } from '../errors.ts';
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

/** A plain-text table of rows, columns in the given order, numbers right-aligned. */
export function formatTable(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  if (rows.length === 0) return '(no rows)\n';
  const cells = rows.map((row) => columns.map((column) => formatCell(row[column])));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((line) => line[i]!.length)));
  const numeric = columns.map((column) => rows.every((row) => row[column] === null || row[column] === undefined || typeof row[column] === 'number'));
  const render = (line: readonly string[]) =>
    line.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [render(columns), render(widths.map((w) => '-'.repeat(w))), ...cells.map(render)].join('\n') + '\n';
}

/** Prints rows as JSON (an array of records) or as a table. */
export function printRows(io: CliIO, rows: readonly Record<string, unknown>[], columns: readonly string[], json: boolean): void {
  if (json) io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
  else io.stdout(formatTable(rows, columns));
}

/** The flag of a library option: `port` -> `--port`, `sourceRef` -> `--source-ref`, `baselineYear` -> `--baseline-year`. */
export function optionFlag(option: string): string {
  return `--${option.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** "each option named is the flag of the same name (--port, --from); sourceRef is --source-ref". */
function flagsHint(options: readonly string[]): string {
  const same = options.filter((option) => optionFlag(option) === `--${option}`).map(optionFlag);
  const other = options.filter((option) => optionFlag(option) !== `--${option}`).map((option) => `${option} is ${optionFlag(option)}`);
  return [same.length === 0 ? '' : `each option named is the flag of the same name (${same.join(', ')})`, other.join(', ')].filter((part) => part !== '').join('; ');
}

function flagPlace<T extends ErrorLocation | DataIssue>(place: T): T {
  if (place.option === undefined) return place;
  const { option, ...rest } = place;
  return { ...rest, file: optionFlag(option) } as T;
}

/**
 * A library error as the CLI prints it. The library names its option fields (`the option from`, a place
 * `option sourceRef`); the CLI names its flags: a place at an option (the error's, each issue's) becomes the
 * flag (`--source-ref: ...`), and a usage error without such a place or a hint of its own (its words name
 * the options) gets a hint naming the flags of `options` (the options the command passes on). Any other
 * error is returned as it is.
 */
export function withFlags(error: unknown, options: readonly string[]): unknown {
  if (!(error instanceof PortEmissionsError)) return error;
  const placed = error.location?.option !== undefined || error.details.some((issue) => issue.option !== undefined);
  const hint = error.hint ?? (error.exitCode === 2 && !placed ? flagsHint(options) : undefined);
  if (!placed && hint === error.hint) return error;
  return amendError(error, { location: error.location === undefined ? undefined : flagPlace(error.location), details: error.details.map(flagPlace), hint });
}
