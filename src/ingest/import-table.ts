/**
 * `import-table`: published tables (CSV or XLSX, in the layouts inventories are printed in) into the
 * long format of a dataset. The readers live in ./import-table/: cells.ts (numbers, footnotes, not-published
 * marks), grid.ts (CSV and XLSX to a grid of cells), layout.ts (axes, records, the sum check), into.ts
 * (writing straight into a dataset).
 */
import { compareCodePoints } from '../compare.ts';
import { resourceFields } from '../schema/resources.ts';
import type { EmissionsRecord, IndicatorRecord } from '../schema/records.ts';
import type { Codelists } from './dataset.ts';
import { csvGrid, readGrid } from './import-table/grid.ts';
import { importGrid, type ImportedTable, type ImportTableOptions } from './import-table/layout.ts';

export { isNotPublished, parsePublishedNumber, stripFootnote } from './import-table/cells.ts';
export { csvGrid, parseRange, readGrid, xlsxGrid, type Grid } from './import-table/grid.ts';
export { importGrid, type Axis, type ImportedTable, type ImportTableOptions, type TableValues, type TotalMismatch, type TotalRemainder } from './import-table/layout.ts';
export { importIntoDataset, type IntoOptions, type IntoResult } from './import-table/into.ts';

/**
 * Parses the text of a published table (CSV) and converts it (see {@link importGrid}). `file` is used in
 * messages. Throws a PortEmissionsError listing every problem with line and column.
 */
export function importPublishedTable(text: string, file: string, options: ImportTableOptions, codelists: Codelists): ImportedTable {
  return importGrid(csvGrid(text, file), options, codelists);
}

/** Reads a published table file, CSV or XLSX (`sheet`, `range` for a workbook), and converts it. */
export async function importPublishedTableFile(
  path: string,
  options: ImportTableOptions,
  codelists: Codelists,
  read: { sheet?: string; range?: string; file?: string } = {},
): Promise<ImportedTable> {
  const grid = await readGrid(path, read.file ?? path, read);
  return importGrid(grid, options, codelists);
}

/** One CSV cell: `;`-joined lists, empty for null, quoted when it holds a comma, quote or line break. */
function csvCell(value: unknown): string {
  const text = Array.isArray(value) ? value.join(';') : value === undefined || value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Records as CSV lines (no header) in the given column order; an `exact` qualifier is written empty. */
export function csvLines(fields: readonly string[], records: readonly object[]): string[] {
  return records.map((r) => fields.map((f) => csvCell(f === 'qualifier' && (r as Record<string, unknown>)[f] === 'exact' ? '' : (r as Record<string, unknown>)[f])).join(','));
}

/** Long-format emissions records as CSV text with the emissions resource header. */
export function emissionsCsv(records: readonly EmissionsRecord[]): string {
  const fields = resourceFields('emissions');
  return [fields.join(','), ...csvLines(fields, records)].join('\n') + '\n';
}

/** Indicator records as CSV text with the indicators resource header. */
export function indicatorsCsv(records: readonly IndicatorRecord[]): string {
  const fields = resourceFields('indicators');
  return [fields.join(','), ...csvLines(fields, records)].join('\n') + '\n';
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
