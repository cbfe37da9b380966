import ExcelJS from 'exceljs';
import JSZip from 'jszip';

/** A row of a data download: column name -> value (number, string, boolean, null, Date, ...). */
export type TabularRow = Record<string, unknown>;

/** One worksheet of an XLSX download. */
export interface XlsxSheet {
  /** Sheet tab name; characters Excel forbids (`\ / ? * [ ] :`) become `_`, cut to 31 characters. */
  name: string;
  rows: TabularRow[];
  /** Column order; default: every key in order of first appearance across `rows`. */
  columns?: string[];
  /** Notes and citations, one per line, written below the table after one empty row. */
  notes?: string[];
}

export interface XlsxOptions {
  /**
   * The date written as created/modified in docProps/core.xml and (from 1980 on, the earliest a zip can
   * hold) as every zip entry's timestamp. Default: 1970-01-01T00:00:00Z, so the same data gives the same bytes.
   */
  date?: Date;
  /** Written as creator and last-modified-by; default `port-emissions`. */
  creator?: string;
}

export interface CsvOptions {
  /** Start with a UTF-8 byte-order mark, which Excel needs to read non-ASCII text (µg/m³) correctly. */
  bom?: boolean;
}

// OWASP "CSV injection": a cell whose text starts with one of these can be evaluated as a formula by a
// spreadsheet (=, +, -, @) or smuggle one in after a tab or carriage return.
const FORMULA_START = /^[=+\-@\t\r]/;

// XML 1.0 cannot carry these characters at all; exceljs would write them and Excel would refuse the file.
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const EPOCH = new Date(Date.UTC(1970, 0, 1));
const ZIP_MIN_DATE = Date.UTC(1980, 0, 1);

/** `text` without the characters XML 1.0 cannot carry (C0 controls other than tab/LF/CR, lone surrogates). */
export function stripXmlInvalid(text: string): string {
  return text.replace(XML_INVALID, '');
}

/**
 * Makes a cell safe to open in a spreadsheet: a string starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return gets a leading `'`, so Excel, LibreOffice and Google Sheets show it as text instead of
 * evaluating it. Anything that is not a string is returned unchanged (a negative number stays a number;
 * the string `"-1+2"` becomes `"'-1+2"`).
 */
export function neutraliseCell<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * A number as a plain decimal string, never in exponent notation: `1e-7` -> `0.0000001`, `1.5e21` ->
 * `1500000000000000000000`. The digits are JavaScript's shortest round-trip digits, so parsing the result
 * gives back the same number. `-0` -> `0`. Non-finite numbers -> `''`.
 */
export function plainDecimal(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Object.is(value, -0)) return '0';
  const text = String(value);
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (match === null) return text;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponent);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Column order: the given list, or every key in order of first appearance (deterministic for given rows). */
export function columnsOf(rows: readonly TabularRow[], columns?: readonly string[]): string[] {
  if (columns !== undefined) return [...columns];
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

/** The text a value shows as in a CSV cell, before neutralisation and quoting. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return plainDecimal(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  return JSON.stringify(value) ?? '';
}

// A spreadsheet may split a CSV line on a comma, a semicolon (Excel where `;` is the list separator) or a tab,
// whatever the file's own separator: a formula character right after one of those starts a cell too.
// Spaces before the formula character are skipped over, as some spreadsheets do.
const FORMULA_AFTER_SEPARATOR = /(^|[,;\t])(\s*)(?=[=+\-@])/g;

/**
 * Makes a CSV cell's text safe in any spreadsheet, whichever separator it splits on: {@link neutraliseCell}
 * at the start, and a `'` after every `,`, `;` or tab (and after leading spaces) that is followed by `=`, `+`,
 * `-` or `@`:
 * `CAAP;=cmd|' /C calc'!A0` becomes `CAAP;'=cmd|' /C calc'!A0`.
 */
export function neutraliseCsvText(text: string): string {
  return String(neutraliseCell(text)).replace(FORMULA_AFTER_SEPARATOR, "$1$2'");
}

function csvField(value: unknown): string {
  const raw = cellText(value);
  // Only text is neutralised: a negative number written by us is data, not a formula.
  const text = typeof value === 'number' || typeof value === 'bigint' ? raw : neutraliseCsvText(raw);
  // Quote anything a spreadsheet might split on (comma, semicolon, tab) as well as quotes and line breaks.
  return /[",;\t\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Rows as CSV text (RFC 4180): a header row, then one line per row; every line ends in CRLF (the RFC's line
 * break, which Excel and csv-parse both read); a field containing `"`, `,`, `;`, a tab, CR or LF is quoted
 * with `"` and inner quotes doubled. Numbers are plain decimals (no exponent), `null`/`undefined` and non-finite numbers
 * are empty, booleans `true`/`false`, dates ISO 8601, objects JSON. Every string, header included, goes
 * through {@link neutraliseCsvText} (formula guard at the start and after every separator). No rows and no columns give `''`.
 */
export function toCsv(rows: readonly TabularRow[], columns?: readonly string[], options: CsvOptions = {}): string {
  const header = columnsOf(rows, columns);
  if (header.length === 0) return '';
  const lines = [header.map(csvField).join(',')];
  for (const row of rows) lines.push(header.map((column) => csvField(row[column])).join(','));
  return `${options.bom === true ? '\ufeff' : ''}${lines.join('\r\n')}\r\n`;
}

/** The value a cell holds in XLSX: numbers as numbers, text neutralised and stripped of XML-invalid characters. */
function xlsxValue(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : null;
  if (typeof value === 'boolean') return value;
  const text = stripXmlInvalid(cellText(value));
  return text === '' ? null : (neutraliseCell(text) as string);
}

/** Sheet names as Excel accepts them: no forbidden characters, 1-31 characters, unique ignoring case. */
function sheetNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((raw, index) => {
    let base = stripXmlInvalid(raw).replace(/[\\/?*[\]:]/g, '_').replace(/^'+|'+$/g, '').trim();
    if (base === '' || base.toLowerCase() === 'history') base = `Sheet${index + 1}`;
    base = base.slice(0, 31);
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n += 1) name = `${base.slice(0, 31 - `-${n}`.length)}-${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}

/**
 * An XLSX workbook (exceljs), one worksheet per entry: a bold header row frozen in place with a filter,
 * numbers stored as numbers, every string through {@link neutraliseCell}, `null`/`undefined`/non-finite as
 * empty cells, then one empty row and the `notes` in column A (italic).
 *
 * Deterministic: docProps/core.xml carries `options.date` (default 1970-01-01T00:00:00Z) as created and
 * modified and no print date, and the archive is rewritten with that date (at least 1980-01-01) on every
 * entry, so the same input gives the same bytes.
 */
export async function toXlsx(sheets: readonly XlsxSheet[], options: XlsxOptions = {}): Promise<Buffer> {
  const date = options.date ?? EPOCH;
  const creator = options.creator ?? 'port-emissions';
  const workbook = new ExcelJS.Workbook();
  workbook.creator = creator;
  workbook.lastModifiedBy = creator;
  workbook.created = date;
  workbook.modified = date;

  const names = sheetNames(sheets.map((sheet) => sheet.name));
  sheets.forEach((sheet, index) => {
    const columns = columnsOf(sheet.rows, sheet.columns);
    const worksheet = workbook.addWorksheet(names[index], {
      views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
    });
    const header = worksheet.addRow(columns.map((column) => xlsxValue(column)));
    header.font = { bold: true };
    const widths = columns.map((column) => column.length);
    for (const row of sheet.rows) {
      const values = columns.map((column) => xlsxValue(row[column]));
      worksheet.addRow(values);
      values.forEach((value, i) => {
        const length = value === null ? 0 : typeof value === 'number' ? plainDecimal(value).length : String(value).length;
        widths[i] = Math.max(widths[i] ?? 0, length);
      });
    }
    widths.forEach((width, i) => {
      worksheet.getColumn(i + 1).width = Math.min(60, Math.max(8, width + 2));
    });
    if (columns.length > 0) {
      worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: sheet.rows.length + 1, column: columns.length } };
    }
    const notes = sheet.notes ?? [];
    if (notes.length > 0) {
      worksheet.addRow([]);
      for (const note of notes) {
        const row = worksheet.addRow([xlsxValue(note)]);
        row.font = { italic: true };
      }
    }
  });

  const written = (await workbook.xlsx.writeBuffer()) as unknown as Uint8Array;
  return normaliseZip(written, { date });
}

export interface NormaliseZipOptions {
  /** Timestamp for every entry; dates before 1980-01-01 (the zip format's first day) are written as that day. */
  date: Date;
  /** The name an entry gets in the output (`names`: every file name in the input); default unchanged. */
  rename?: (name: string, names: readonly string[]) => string;
  /**
   * Rewrites an entry's bytes (e.g. to pin a date inside a document); `name` and `names` are output names.
   * Return the bytes unchanged otherwise.
   */
  rewrite?: (name: string, data: Uint8Array, names: ReadonlySet<string>) => Uint8Array | Promise<Uint8Array>;
}

const CONTENT_TYPES = '[Content_Types].xml';

/**
 * Rewrites a zip archive (XLSX, PPTX) so it depends only on its contents: entries sorted by name with
 * `[Content_Types].xml` first, folder entries dropped (Office packages do not need them), every entry stamped
 * with one fixed date, DEFLATE level 6. Used because exceljs and pptxgenjs (through JSZip) stamp each entry
 * with the current time and add some entries in the order asynchronous work finishes.
 */
export async function normaliseZip(archive: Uint8Array, options: NormaliseZipOptions): Promise<Buffer> {
  const date = new Date(Math.max(options.date.getTime(), ZIP_MIN_DATE));
  const source = await JSZip.loadAsync(archive);
  const files = Object.values(source.files).filter((entry) => !entry.dir);
  const inputNames = files.map((entry) => entry.name);
  const renamed = files.map((entry) => ({
    entry,
    name: options.rename === undefined ? entry.name : options.rename(entry.name, inputNames),
  }));
  renamed.sort((a, b) => {
    if (a.name === CONTENT_TYPES || b.name === CONTENT_TYPES) return a.name === CONTENT_TYPES ? -1 : 1;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
  const names = new Set(renamed.map((item) => item.name));
  if (names.size !== renamed.length) throw new Error('normaliseZip: two entries were renamed to the same name');
  const target = new JSZip();
  for (const { entry, name } of renamed) {
    let data = await entry.async('uint8array');
    if (options.rewrite !== undefined) data = await options.rewrite(name, data, names);
    target.file(name, data, { date, createFolders: false, binary: true });
  }
  return target.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 6 },
    platform: 'DOS',
  });
}
