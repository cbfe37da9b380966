import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { PortEmissionsError, fsErrorReason, type DataIssue } from '../errors.ts';
import { emissionsSchema, type EmissionsBasis, type EmissionsMetric, type EmissionsRecord } from '../schema/records.ts';
import { YEAR_MAX, YEAR_MIN } from '../schema/fields.ts';
import { resourceFields } from '../schema/resources.ts';
import { CsvLines } from './csv-lines.ts';
import type { Codelists } from './dataset.ts';
import { codeHint } from './suggest.ts';
import { compareCodePoints } from '../compare.ts';

/**
 * Converts a table laid out as the ports publish it (one row per source category, one column per year,
 * values like `1,234`, footnote marks like `891*` or `891 a`, a Total row, blank cells for no data) into
 * long-format emissions records, and checks that the categories add up to the Total row within rounding.
 */
export interface ImportTableOptions {
  port: string;
  pollutant: string;
  unit: string;
  release: string;
  sourceRef: string[];
  metric?: EmissionsMetric;
  basis?: EmissionsBasis;
}

/** A year whose categories do not add up to its Total row within the published rounding. */
export interface TotalMismatch {
  year: number;
  line: number;
  categories_sum: number;
  total: number;
  difference: number;
  tolerance: number;
}

export interface ImportedTable {
  records: EmissionsRecord[];
  mismatches: TotalMismatch[];
  years: number[];
  categories: string[];
}

/** Labels that mark the Total row of a published table. */
const TOTAL_LABELS = new Set(['total', 'totals', 'all sources', 'total emissions', 'grand total', 'all']);
/** Cells that mean "no data" in published tables. */
const NO_DATA = new Set(['', '-', '--', '—', '–', 'n/a', 'na', 'n.a.', '..', 'nd']);

/** Strips footnote marks from a label or value: `891*`, `891 a`, `891†`, `Trucks¹`, `Harbor craft (b)`. */
export function stripFootnote(cell: string): { text: string; footnote: string } {
  const match = /^(.*?)(?:\s*(?:[*†‡§¶#]+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\([a-z]\)|\s[a-z])|(?<=\d)[a-z])$/u.exec(cell.trim());
  if (!match || match[1] === undefined || match[1] === '') return { text: cell.trim(), footnote: '' };
  return { text: match[1].trim(), footnote: cell.trim().slice(match[1].length).trim() };
}

/** Parses a published number: thousands separators, footnote marks, surrounding spaces. */
export function parsePublishedNumber(cell: string): { value: number; decimals: number; footnote: string } | 'no_data' | undefined {
  if (NO_DATA.has(cell.trim().toLowerCase())) return 'no_data';
  const { text, footnote } = stripFootnote(cell);
  if (NO_DATA.has(text.toLowerCase())) return 'no_data';
  if (!/^-?\d{1,3}(,\d{3})+(\.\d+)?$|^-?\d+(\.\d+)?$/.test(text)) return undefined;
  const plain = text.replaceAll(',', '');
  const decimals = plain.includes('.') ? plain.length - plain.indexOf('.') - 1 : 0;
  return { value: Number(plain), decimals, footnote };
}

/**
 * Parses the text of a published-layout table. `file` is used in messages. Codes are checked against the
 * dataset's codelists: category labels may be codes or labels (case-insensitive); footnote marks are kept
 * in each record's note. Throws a PortEmissionsError listing every problem with line and column.
 */
export function importPublishedTable(text: string, file: string, options: ImportTableOptions, codelists: Codelists): ImportedTable {
  const issues: DataIssue[] = [];
  checkCode(options.port, codelists.ports, 'port', '--port', issues, file);
  checkCode(options.pollutant, codelists.pollutants, 'pollutant', '--pollutant', issues, file);
  checkCode(options.unit, codelists.units, 'unit', '--unit', issues, file);
  checkCode(options.release, codelists.releases, 'release', '--release', issues, file);
  for (const ref of options.sourceRef) checkCode(ref, codelists.sources, 'source_ref', '--source-ref', issues, file);
  if (options.sourceRef.length === 0) issues.push({ file: '--source-ref', message: `no source_ref for ${file}`, expected: 'one or more source_ref codes the dataset declares, separated by ;' });
  if (issues.length > 0) throw new PortEmissionsError(`import-table: ${issues.length} option${issues.length === 1 ? '' : 's'} name codes the dataset does not declare`, { exitCode: 2, details: issues });

  // Lines as an editor numbers them (CRLF, LF or a lone CR ends one), not csv-parse's count.
  const bytes = Buffer.from(text, 'utf8');
  const lines = new CsvLines({ bom: true });
  lines.feed(bytes);
  const recordLines: number[] = [];
  let table: { record: string[]; line: number }[];
  try {
    const records = parse(bytes, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      // Each record is numbered as csv-parse completes it, so an error is located after the records before it.
      on_record: (record, info) => {
        recordLines.push(lines.recordLine(info));
        return record;
      },
    });
    table = records.map((record, i) => ({ record, line: recordLines[i]! }));
  } catch (error) {
    const line = error instanceof CsvError ? lines.locateError(error) : undefined;
    throw new PortEmissionsError(`${file}: not a readable CSV table: ${(error as Error).message}`, { location: { file, ...(line === undefined ? {} : { line }) } });
  }
  const [head, ...body] = table;
  if (!head) throw new PortEmissionsError(`${file}: the table is empty`, { location: { file, line: 1 }, hint: 'expected a header row: a label column, then one column per year' });

  const years: number[] = [];
  head.record.slice(1).forEach((cell, i) => {
    const { text: yearText } = stripFootnote(cell);
    const match = /^(?:CY\s*)?(\d{4})$/i.exec(yearText);
    if (!match) issues.push({ file, line: head.line, column: `column ${i + 2}`, message: 'header cell is not a year', found: cell, expected: 'a four-digit year such as 2005 (optionally CY2005)' });
    else if (Number(match[1]) < YEAR_MIN || Number(match[1]) > YEAR_MAX) issues.push({ file, line: head.line, column: `column ${i + 2}`, message: 'year out of range', found: cell, expected: `a year from ${YEAR_MIN} to ${YEAR_MAX}` });
    else years.push(Number(match[1]));
  });
  if (years.length === 0 && issues.length === 0) issues.push({ file, line: head.line, message: 'no year columns', found: head.record.join(','), expected: 'a label column followed by one column per year' });
  const duplicateYear = years.find((y, i) => years.indexOf(y) !== i);
  if (duplicateYear !== undefined) issues.push({ file, line: head.line, column: String(duplicateYear), message: 'year appears twice in the header', found: String(duplicateYear) });
  if (issues.length > 0) throw new PortEmissionsError(`${file}: the header row is not label, year, year, ...`, { details: issues });

  const labelToCode = new Map<string, string>();
  for (const category of codelists.sourceCategories.values()) {
    labelToCode.set(category.code.toLowerCase(), category.code);
    labelToCode.set(category.label.toLowerCase(), category.code);
  }
  const records: EmissionsRecord[] = [];
  const byYear = new Map<number, { parts: { value: number; decimals: number }[]; total?: { value: number; decimals: number; line: number } }>();
  const categories: string[] = [];
  const seen = new Map<string, number>();
  for (const { record, line } of body) {
    if (record.every((cell) => cell.trim() === '')) continue;
    if (record.length > head.record.length) {
      issues.push({ file, line, message: `row has ${record.length} cells, the header has ${head.record.length}`, found: record.join(','), expected: 'one cell per year column', hint: 'quote values written with a thousands comma, e.g. "1,234"' });
      continue;
    }
    const { text: label } = stripFootnote(record[0] ?? '');
    const isTotal = TOTAL_LABELS.has(label.toLowerCase());
    const category = isTotal ? 'all' : labelToCode.get(label.toLowerCase());
    if (category === undefined) {
      const hint = codeHint(label, [...codelists.sourceCategories.values()].map((c) => c.label)) ?? codeHint(label, [...codelists.sourceCategories.keys()]);
      issues.push({ file, line, column: head.record[0] || 'column 1', message: 'unknown source category', found: record[0] ?? '', expected: 'a source category code or label of the dataset, or Total', ...(hint ? { hint } : {}) });
      continue;
    }
    if (seen.has(category)) {
      issues.push({ file, line, column: head.record[0] || 'column 1', message: `source category appears twice (first at line ${seen.get(category)})`, found: record[0] ?? '' });
      continue;
    }
    seen.set(category, line);
    if (!isTotal) categories.push(category);
    years.forEach((year, i) => {
      const cell = record[i + 1] ?? '';
      const parsed = parsePublishedNumber(cell);
      if (parsed === 'no_data') return;
      if (parsed === undefined || parsed.value < 0 || !Number.isFinite(parsed.value)) {
        issues.push({ file, line, column: String(year), message: 'not a tonnage', found: cell, expected: 'a number >= 0 such as 1,234 or 891* (blank or - for no data)' });
        return;
      }
      const group = byYear.get(year) ?? { parts: [] };
      byYear.set(year, group);
      if (isTotal) group.total = { ...parsed, line };
      else group.parts.push(parsed);
      const row = {
        port: options.port,
        year: String(year),
        source_category: category,
        pollutant: options.pollutant,
        metric: options.metric ?? 'absolute',
        value: String(parsed.value),
        unit: options.unit,
        qualifier: '',
        release: options.release,
        basis: options.basis ?? 'inventory',
        baseline: '',
        note: `imported from ${basename(file)}${parsed.footnote ? `; published with footnote mark '${parsed.footnote}'` : ''}`,
        source_ref: options.sourceRef.join(';'),
      };
      // The checks above should leave nothing for the schema to refuse; if it does, say where, never throw a ZodError.
      const checked = emissionsSchema.safeParse(row);
      if (checked.success) records.push(checked.data);
      else for (const issue of checked.error.issues) issues.push({ file, line, column: String(year), message: `cannot import this cell: ${String(issue.path[0] ?? '')} ${issue.message}`, found: cell });
    });
  }
  if (issues.length > 0) throw new PortEmissionsError(`${file}: ${issues.length} problem${issues.length === 1 ? '' : 's'} in the table`, { details: issues });

  // Published tables round each cell; the categories may miss the total by up to half a unit of the last
  // shown digit per cell (the categories' and the total's own).
  const mismatches: TotalMismatch[] = [];
  for (const year of years) {
    const group = byYear.get(year);
    if (!group?.total || group.parts.length === 0) continue;
    const sum = group.parts.reduce((acc, part) => acc + part.value, 0);
    const tolerance = [...group.parts, group.total].reduce((acc, part) => acc + 0.5 * 10 ** -part.decimals, 0);
    const difference = sum - group.total.value;
    if (Math.abs(difference) > tolerance + 1e-9) {
      mismatches.push({ year, line: group.total.line, categories_sum: round(sum), total: group.total.value, difference: round(difference), tolerance: round(tolerance) });
    }
  }
  records.sort((a, b) => a.year - b.year || compareCodePoints(a.source_category, b.source_category));
  return { records, mismatches, years, categories };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function checkCode(code: string, list: ReadonlyMap<string, unknown>, what: string, option: string, issues: DataIssue[], file: string): void {
  if (list.has(code)) return;
  const hint = codeHint(code, [...list.keys()]);
  issues.push({ file: option, message: `unknown ${what} for ${file}`, found: code, expected: `a ${what} the dataset declares`, ...(hint ? { hint } : {}) });
}

/** Reads a published-layout table file and converts it (see {@link importPublishedTable}). */
export async function importPublishedTableFile(path: string, options: ImportTableOptions, codelists: Codelists): Promise<ImportedTable> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new PortEmissionsError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : fsErrorReason(error)}`, { exitCode: 2 });
  }
  return importPublishedTable(text, path, options, codelists);
}

/** Long-format emissions records as CSV text with the emissions resource header. */
export function emissionsCsv(records: readonly EmissionsRecord[]): string {
  const fields = resourceFields('emissions');
  const cell = (value: unknown) => {
    const text = Array.isArray(value) ? value.join(';') : value === undefined || value === null ? '' : String(value);
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const exactQualifier = (record: EmissionsRecord) => (record.qualifier === 'exact' ? '' : record.qualifier);
  return [fields.join(','), ...records.map((r) => fields.map((f) => cell(f === 'qualifier' ? exactQualifier(r) : r[f as keyof EmissionsRecord])).join(','))].join('\n') + '\n';
}

/**
 * The inverse of the import: long-format records of one port, pollutant and release laid out as the ports
 * publish them (categories x years, thousands separators, a Total row for `all`). Used for round-trip tests
 * and to show an analyst what a release looks like in the familiar layout.
 */
export function publishedLayout(records: readonly EmissionsRecord[], labels: ReadonlyMap<string, { label: string }>): string {
  const years = [...new Set(records.map((r) => r.year))].sort((a, b) => a - b);
  const categories = [...new Set(records.map((r) => r.source_category))].sort((a, b) => (a === 'all' ? 1 : b === 'all' ? -1 : compareCodePoints(a, b)));
  const format = (value: number) => {
    const [int, frac] = String(value).split('.');
    return `${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}`;
  };
  const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const lines = [['Source category', ...years.map(String)].join(',')];
  for (const category of categories) {
    const label = category === 'all' ? 'Total' : (labels.get(category)?.label ?? category);
    const cells = years.map((year) => {
      const record = records.find((r) => r.year === year && r.source_category === category);
      return record ? quote(format(record.value)) : '';
    });
    lines.push([quote(label), ...cells].join(','));
  }
  return lines.join('\n') + '\n';
}
