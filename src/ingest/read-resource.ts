import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Hash } from 'node:crypto';
import { CsvError } from 'csv-parse';
import type { z } from 'zod';
import type { DataIssue } from '../errors.ts';
import { streamCsvRecords } from './fast-rows.ts';

/** How many problems one file reports before it stops listing them (it still counts the rest). */
export const MAX_ISSUES_PER_FILE = 50;

/** A validated row and the line it ends on (the header is line 1; lines end at CRLF, LF or a lone CR). */
export interface LocatedRow<T> {
  line: number;
  row: T;
}

export interface ResourceReadResult<T> {
  rows: LocatedRow<T>[];
  issues: DataIssue[];
  /** Problems found beyond MAX_ISSUES_PER_FILE, counted but not listed. */
  unlisted: number;
  rowCount: number;
}

export interface ReadResourceOptions<S extends z.ZodObject> {
  /** Absolute path of the CSV. */
  path: string;
  /** Name used in messages (the path relative to the dataset folder). */
  file: string;
  schema: S;
  /** The exact header the file must have. */
  fields: readonly string[];
  /** Receives every byte read, for the dataset hash. */
  hash?: Hash;
  /** Called with the number of data rows read so far, every `progressEvery` rows. */
  onProgress?: (rows: number) => void;
  progressEvery?: number;
  /**
   * Receives each valid row as it is read, instead of `rows` keeping it (memory then stays flat however
   * large the file); returns the problems it finds in the row, listed with the file's own.
   */
  onRow?: (line: number, row: z.infer<S>) => readonly DataIssue[] | void;
  /** Receives each row that failed its schema (its cells by column), after its problems are reported. */
  onInvalidRow?: (line: number, raw: Readonly<Record<string, string>>) => void;
}

/**
 * Streams one CSV resource and validates every row against its zod schema. Handles a UTF-8 BOM, CRLF line
 * ends, quoted fields (with commas, quotes and line breaks inside) and blank lines; reports a wrong header,
 * a wrong delimiter, ragged rows and every invalid cell with its line and column, collecting up to
 * MAX_ISSUES_PER_FILE problems before giving up on the file. Lines are numbered as an editor numbers them
 * (a CRLF, LF or lone CR ends one line, inside quotes too); a row spanning lines has the line it ends on.
 * Never throws for bad content.
 */
export async function readResource<S extends z.ZodObject>(options: ReadResourceOptions<S>): Promise<ResourceReadResult<z.infer<S>>> {
  const { path, file, schema, fields } = options;
  const result: ResourceReadResult<z.infer<S>> = { rows: [], issues: [], unlisted: 0, rowCount: 0 };
  const report = (issue: DataIssue) => {
    if (result.issues.length < MAX_ISSUES_PER_FILE) result.issues.push(issue);
    else result.unlisted++;
  };

  const fileIssue = await unreadableFile(path, file, fields, 'the CSV file the datapackage.json names');
  if (fileIssue) {
    report(fileIssue);
    return result;
  }

  const every = options.progressEvery ?? 100_000;
  let header: string[] | undefined;
  const onRecord = (record: string[], line: number): boolean => {
    if (header === undefined) return headerAccepted(file, fields, (header = record.map((cell) => cell.trim())), report);
    result.rowCount++;
    if (options.onProgress && result.rowCount % every === 0) options.onProgress(result.rowCount);
    const raw = rowCells(file, fields, record, line, report);
    if (raw === undefined) return true;
    const parsed = schema.safeParse(raw);
    if (parsed.success) {
      if (options.onRow) {
        for (const issue of options.onRow(line, parsed.data as z.infer<S>) ?? []) report(issue);
      } else {
        result.rows.push({ line, row: parsed.data as z.infer<S> });
      }
    } else {
      for (const issue of parsed.error.issues) {
        const column = String(issue.path[0] ?? '');
        report({ file, line, column, message: 'invalid value', found: raw[column] ?? '', expected: expectedText(issue) });
      }
      options.onInvalidRow?.(line, raw);
    }
    return true;
  };
  try {
    // The line splitter of fast-rows.ts: csv-parse's records and physical line numbers, several times faster.
    await streamCsvRecords(path, { onRecord });
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      report({ file, ...(typeof line === 'number' ? { line } : {}), message: `CSV syntax: ${error.message.replace(/^Invalid [^:]*: /, '')}`, hint: 'check quotes: a quoted field must end with a quote before the next comma' });
    } else {
      report({ file, message: `cannot read file: ${(error as Error).message}` });
    }
  }
  if (options.hash) {
    try {
      for await (const chunk of createReadStream(path)) options.hash.update(chunk as Buffer);
    } catch (error) {
      report({ file, message: `cannot read file: ${(error as Error).message}` });
    }
  }
  if (header === undefined) report({ file, line: 1, message: 'file has no header line', expected: fields.join(',') });
  return result;
}

/** Whether the (trimmed) header is `fields`; else its problem is reported (and the reading should stop). */
export function headerAccepted(file: string, fields: readonly string[], header: readonly string[], report: (issue: DataIssue) => void): boolean {
  const problem = checkHeader(file, header, fields);
  if (problem !== undefined) report(problem);
  return problem === undefined;
}

/**
 * A data record's cells by column name; undefined for a line of spaces (skipped) or a row with another
 * number of fields than the header (reported).
 */
export function rowCells(file: string, fields: readonly string[], record: readonly string[], line: number, report: (issue: DataIssue) => void): Record<string, string> | undefined {
  if (record.length === 1 && record[0]!.trim() === '') return undefined; // a line of spaces
  if (record.length !== fields.length) {
    report({
      file,
      line,
      message: `row has ${record.length} field${record.length === 1 ? '' : 's'}, the header has ${fields.length}`,
      found: record.join(','),
      expected: `${fields.length} comma-separated fields (${fields.join(',')})`,
      hint: 'quote a value that contains a comma',
    });
    return undefined;
  }
  const raw: Record<string, string> = {};
  for (let i = 0; i < fields.length; i++) raw[fields[i]!] = record[i]!;
  return raw;
}

/**
 * Why a resource file cannot be read at all (missing, not a file, empty), or undefined when it can.
 * `missing` says what the file should have been, for the "file not found" message.
 */
export async function unreadableFile(path: string, file: string, fields: readonly string[], missing: string): Promise<DataIssue | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return { file, message: 'resource path is not a file', expected: 'a CSV file' };
    if (info.size === 0) return { file, line: 1, message: 'file is empty', expected: `a header line: ${fields.join(',')}` };
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { file, message: code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? 'error'})`, expected: missing };
  }
}

/** The problem with a file's header line (after trimming each name), or undefined when it is `fields`. */
export function checkHeader(file: string, header: readonly string[], fields: readonly string[]): DataIssue | undefined {
  if (header.join(',') === fields.join(',')) return undefined;
  if (header.length === 1 && /[;\t|]/.test(header[0]!)) {
    const delimiter = header[0]!.includes(';') ? ';' : header[0]!.includes('\t') ? 'tab' : '|';
    return { file, line: 1, column: '', message: `header is not comma-separated (looks ${delimiter}-separated)`, found: header[0]!, expected: fields.join(','), hint: 'port-emissions reads comma-separated CSV; re-save the file with commas' };
  }
  const missing = fields.filter((field) => !header.includes(field));
  const extra = header.filter((name) => !fields.includes(name));
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`missing ${missing.join(', ')}`);
  if (extra.length > 0) parts.push(`unexpected ${extra.join(', ')}`);
  if (parts.length === 0) parts.push('columns in a different order');
  return { file, line: 1, message: `header does not match (${parts.join('; ')})`, found: header.join(','), expected: fields.join(',') };
}

/** What a zod issue expected, in plain words (the `expected` of a row's DataIssue). */
export function expectedText(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value' && 'values' in issue) return `one of ${(issue.values as unknown[]).map(String).join(', ')}`;
  if (issue.code === 'invalid_type') return `a ${issue.expected}`;
  return issue.message;
}
