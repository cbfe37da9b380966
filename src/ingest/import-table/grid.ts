/**
 * A published table as a grid of text cells, each with the place an analyst finds it by: for CSV the line
 * an editor shows, for XLSX the sheet row and the column letter. Both readers give the same grid, so every
 * layout reader works on either.
 */
import { readFile } from 'node:fs/promises';
import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { fsErrorReason, PortEmissionsError } from '../../errors.ts';
import { CsvLines } from '../csv-lines.ts';

/** One row of the grid: its cells and its line (CSV) or sheet row number (XLSX). */
export interface GridRow {
  cells: string[];
  line: number;
}

/** A table read from a file. `file` names it in messages (`book.xlsx[Sheet1]` for a sheet). */
export interface Grid {
  file: string;
  rows: GridRow[];
  /** The column name a message gives for the i-th cell of a row (0-based): a letter for XLSX, else undefined. */
  columnName?: (index: number) => string;
}

/** Reads CSV text into a grid; lines as an editor numbers them (CRLF, LF or a lone CR ends one). */
export function csvGrid(text: string, file: string): Grid {
  const bytes = Buffer.from(text, 'utf8');
  const lines = new CsvLines({ bom: true });
  lines.feed(bytes);
  const recordLines: number[] = [];
  try {
    const records: string[][] = parse(bytes, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      // Each record is numbered as csv-parse completes it, so an error is located after the records before it.
      on_record: (record, info) => {
        recordLines.push(lines.recordLine(info));
        return record;
      },
    });
    return { file, rows: records.map((cells, i) => ({ cells, line: recordLines[i]! })) };
  } catch (error) {
    const line = error instanceof CsvError ? lines.locateError(error) : undefined;
    throw new PortEmissionsError(`${file}: not a readable CSV table: ${(error as Error).message}`, { location: { file, ...(line === undefined ? {} : { line }) } });
  }
}

/** A cell range such as `B3:F12` (1-based rows and columns, inclusive). */
export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Column letters -> 1-based number (`A` = 1, `AA` = 27). */
function columnNumber(letters: string): number {
  return [...letters.toUpperCase()].reduce((n, c) => n * 26 + (c.charCodeAt(0) - 64), 0);
}

/** 1-based column number -> letters. */
export function columnLetters(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** Parses `B3:F12` (or `B3:F`, open to the last row). Throws a usage error at the option `range` otherwise. */
export function parseRange(text: string): CellRange {
  const match = /^([A-Za-z]{1,3})(\d+):([A-Za-z]{1,3})(\d*)$/.exec(text.trim());
  if (!match) throw new PortEmissionsError(`not a cell range; found "${text}"`, { exitCode: 2, location: { column: 'range' }, hint: 'expected a range such as B3:F12 (top-left:bottom-right), or B3:F to read to the last row' });
  const range = { left: columnNumber(match[1]!), top: Number(match[2]), right: columnNumber(match[3]!), bottom: match[4] === '' ? Number.MAX_SAFE_INTEGER : Number(match[4]) };
  if (range.right < range.left || range.bottom < range.top || range.top < 1) throw new PortEmissionsError(`the range is empty or reversed; found "${text}"`, { exitCode: 2, location: { column: 'range' }, hint: 'give the top-left cell first, e.g. B3:F12' });
  return range;
}

/** The text of an exceljs cell value: numbers as written in full, rich text joined, a formula's result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return value.result === undefined ? '' : cellText(value.result as ExcelJS.CellValue);
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return String(value.error);
  }
  return '';
}

/**
 * Reads one sheet of an XLSX workbook into a grid: `sheet` by name (default: the first), `range` to read a
 * block of it (a title, notes or a second table beside it left out). Rows are numbered as the sheet numbers
 * them; wholly empty rows are skipped, as in CSV.
 */
export async function xlsxGrid(path: string, file: string, options: { sheet?: string; range?: string } = {}): Promise<Grid> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(path);
  } catch (error) {
    throw new PortEmissionsError(`${file}: not a readable XLSX workbook: ${(error as Error).message}`, { location: { file } });
  }
  const names = workbook.worksheets.map((ws) => ws.name);
  const sheet = options.sheet === undefined ? workbook.worksheets[0] : workbook.getWorksheet(options.sheet);
  if (!sheet) {
    throw new PortEmissionsError(options.sheet === undefined ? `${file}: the workbook has no sheets` : `no sheet named "${options.sheet}" in ${file}`, {
      exitCode: 2,
      ...(options.sheet === undefined ? {} : { location: { column: 'sheet' } }),
      hint: `the sheets are ${names.map((n) => JSON.stringify(n)).join(', ')}`,
    });
  }
  const range = options.range === undefined ? undefined : parseRange(options.range);
  const left = range?.left ?? 1;
  const right = range?.right ?? sheet.columnCount;
  const rows: GridRow[] = [];
  const last = Math.min(range?.bottom ?? sheet.rowCount, sheet.rowCount);
  for (let r = range?.top ?? 1; r <= last; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = left; c <= right; c++) cells.push(cellText(row.getCell(c).value));
    if (cells.every((cell) => cell.trim() === '')) continue;
    rows.push({ cells, line: r });
  }
  return { file: `${file}[${sheet.name}]`, rows, columnName: (index) => columnLetters(left + index) };
}

/** Reads a CSV or XLSX file (by its extension) into a grid. */
export async function readGrid(path: string, file: string, options: { sheet?: string; range?: string } = {}): Promise<Grid> {
  if (/\.xlsx$/i.test(path)) return xlsxGrid(path, file, options);
  if (options.sheet !== undefined || options.range !== undefined) {
    throw new PortEmissionsError(`only an XLSX workbook has sheets and cell ranges; ${file} is read as CSV`, { exitCode: 2, location: { column: options.sheet !== undefined ? 'sheet' : 'range' }, hint: 'cut the table out of the CSV file, or import the workbook it came from' });
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new PortEmissionsError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : fsErrorReason(error)}`, { exitCode: 2 });
  }
  return csvGrid(text, file);
}
