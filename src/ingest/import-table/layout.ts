/**
 * Reads a published table in any of the layouts inventories are printed in, into long-format records:
 * one axis along the header row, one down the first column, each of them years, source categories or
 * pollutants (detected from what the cells name), and whatever neither axis gives from the options
 * (a pollutant, a year, a source category). A "% change" column beside year columns becomes published
 * indicators. Values are tonnages (emissions records) or published percent changes (indicator records).
 */
import { basename } from 'node:path';
import { compareCodePoints } from '../../compare.ts';
import { PortEmissionsError, type DataIssue } from '../../errors.ts';
import {
  emissionsSchema,
  indicatorSchema,
  type EmissionsBasis,
  type EmissionsMetric,
  type EmissionsRecord,
  type IndicatorMetric,
  type IndicatorRecord,
} from '../../schema/records.ts';
import { YEAR_MAX, YEAR_MIN } from '../../schema/fields.ts';
import type { Codelists } from '../dataset.ts';
import { codeHint, NameMatcher } from '../suggest.ts';
import { isChangeHeader, parsePublishedNumber, stripFootnote, yearOf } from './cells.ts';
import type { Grid } from './grid.ts';

/** What the table's numbers are: tonnages, or published percent changes. */
export type TableValues = 'tons' | 'pct_change';
/** What an axis of the table runs over. */
export type Axis = 'year' | 'category' | 'pollutant';

export interface ImportTableOptions {
  port: string;
  /** The pollutant, where no axis of the table is pollutants (a code, label or alias). */
  pollutant?: string;
  /** Unit of the values: required for tonnages; percent changes default to the dataset's percent unit. */
  unit?: string;
  release: string;
  sourceRef: string[];
  /** For tonnages (default `absolute`; a declared normalisation code for tonnages per activity). */
  metric?: EmissionsMetric | (string & {});
  basis?: EmissionsBasis;
  /** Tonnages (default) or percent changes. */
  values?: TableValues;
  /** The year, where no axis of the table is years (a table of one inventory year). */
  year?: number;
  /** The source category, where no axis is categories (default `all`, the port total). */
  category?: string;
  /** For percent-change tables: what the changes are relative to (a baseline id or a year). */
  relativeTo?: string;
  /** For percent changes: of what (default `absolute`: tonnage; `per_10000_teu` for intensity changes...). */
  indicatorMetric?: IndicatorMetric | (string & {});
  /** The baseline in effect: a change column from its year is recorded relative to its id. */
  baseline?: { id: string; year: number };
  /** Release and source codes this import adds to the dataset (importing into it), accepted as declared. */
  adds?: { release?: boolean; sources?: readonly string[] };
}

/** A group (a year, and a pollutant) whose categories do not fit the published total. */
export interface TotalMismatch {
  year: number;
  pollutant: string;
  /** Line (CSV) or sheet row (XLSX) of the total cell, and its column where the total is a column. */
  line: number;
  column?: string;
  categories_sum: number;
  total: number;
  difference: number;
  tolerance: number;
  /** `differs`: every category is published and they miss the total; `exceeds`: known categories exceed it. */
  kind: 'differs' | 'exceeds';
}

/** Where the categories are not all published: the part of the total they leave, and why. */
export interface TotalRemainder {
  year: number;
  pollutant: string;
  total: number;
  categories_sum: number;
  remainder: number;
  /** Category codes of the table whose cells are not published for this year. */
  not_published: string[];
  /** Top-level category codes of the dataset the table does not list. */
  not_listed: string[];
}

export interface ImportedTable {
  records: EmissionsRecord[];
  indicators: IndicatorRecord[];
  mismatches: TotalMismatch[];
  remainders: TotalRemainder[];
  years: number[];
  /** Source-category codes of the table (without the total), in table order. */
  categories: string[];
  pollutants: string[];
  /** Cells marked not published (NA, n/a, -, —, blank), never read as zero. */
  notPublished: number;
  /** Which axis runs along the header row and which down the first column. */
  layout: { columns: Axis; rows: Axis };
}

/** Labels that mark the total row or column of a published table. */
const TOTAL_LABELS = ['total', 'totals', 'all sources', 'total emissions', 'grand total', 'all', 'port total', 'port-wide total'];

const AXIS_WORDS: Record<Axis, string> = { year: 'years', category: 'source categories', pollutant: 'pollutants' };
const AXIS_WORD: Record<Axis, string> = { year: 'year', category: 'source category', pollutant: 'pollutant' };

interface Coordinate {
  axis: Axis;
  value: string | number;
  isTotal?: boolean;
}

/** The code a number cell is read against: its coordinates and where it is. */
interface Cell {
  year: number;
  category: string;
  pollutant: string;
  line: number;
  column: string;
}

/**
 * Converts a grid read from a published table (see ./grid.ts) into long-format records. Codes are checked
 * against the dataset's codelists; labels may be codes, labels or aliases (matched ignoring case, hyphens,
 * spaces and punctuation). Throws a PortEmissionsError listing every problem with its line and column.
 */
export function importGrid(grid: Grid, options: ImportTableOptions, codelists: Codelists): ImportedTable {
  const { file } = grid;
  const issues: DataIssue[] = [];
  const categoryMatcher = new NameMatcher('source category', codelists.sourceCategories.values(), TOTAL_LABELS.map((name) => ({ name, code: 'all' })));
  const pollutantMatcher = new NameMatcher('pollutant', codelists.pollutants.values());
  const values: TableValues = options.values ?? 'tons';

  // Options first: they name codes the dataset must declare (unless this import adds them).
  checkOption(options.port, codelists.ports, 'port', 'port', issues, file);
  const fixedPollutant = options.pollutant === undefined ? undefined : resolveOption(options.pollutant, pollutantMatcher, 'pollutant', issues, file);
  const fixedCategory = options.category === undefined ? undefined : resolveOption(options.category, categoryMatcher, 'category', issues, file);
  const percentUnit = [...codelists.units.values()].find((u) => u.quantity === 'percent')?.code;
  const unit = options.unit ?? (values === 'pct_change' ? percentUnit : undefined);
  if (unit === undefined) issues.push({ file: '', column: 'unit', message: values === 'pct_change' ? 'the dataset declares no percent unit' : 'no unit for the tonnages', expected: 'a unit code the dataset declares (codelists/units.csv)' });
  else checkOption(unit, codelists.units, 'unit', 'unit', issues, file);
  if (unit !== undefined && codelists.units.has(unit)) {
    const quantity = codelists.units.get(unit)!.quantity;
    if (values === 'tons' && quantity !== 'mass' && quantity !== 'mass_rate') issues.push({ file: '', column: 'unit', message: `unit ${unit} is not a mass or mass rate`, found: unit, expected: 'a tonnage unit such as ton_per_year', hint: 'a table of percent changes is read with the option values set to pct_change' });
    if (values === 'pct_change' && quantity !== 'percent') issues.push({ file: '', column: 'unit', message: `unit ${unit} is not a percent unit`, found: unit, expected: `a percent unit${percentUnit ? ` such as ${percentUnit}` : ''}` });
  }
  if (!options.adds?.release) checkOption(options.release, codelists.releases, 'release', 'release', issues, file);
  for (const ref of options.sourceRef) if (!options.adds?.sources?.includes(ref)) checkOption(ref, codelists.sources, 'source_ref', 'sourceRef', issues, file);
  if (options.sourceRef.length === 0) issues.push({ file: '', column: 'sourceRef', message: `no source_ref for ${file}`, expected: 'one or more source_ref codes the dataset declares' });
  if (values === 'pct_change' && !options.relativeTo) issues.push({ file: '', column: 'relativeTo', message: 'a table of percent changes needs what they are relative to', expected: 'a baseline id of the dataset or a four-digit year' });
  if (issues.length > 0) throw new PortEmissionsError(`${file}: ${issues.length} option${issues.length === 1 ? '' : 's'} to fix for this table`, { exitCode: 2, details: issues });

  const [head, ...body] = grid.rows;
  if (!head) throw new PortEmissionsError(`${file}: the table is empty`, { location: { file, line: 1 }, hint: 'expected a header row: a label column, then one column per year, source category or pollutant' });
  const columnName = (i: number, fallback?: string) => grid.columnName?.(i) ?? (fallback !== undefined && fallback.trim() !== '' ? fallback.trim() : `column ${i + 1}`);
  const rows = body.filter((row) => !row.cells.every((cell) => cell.trim() === ''));

  // Which axis is which: the kind most header cells (and most first-column cells) name.
  const classify = (cell: string): Axis[] => {
    const kinds: Axis[] = [];
    const y = yearOf(cell);
    if (y !== undefined) kinds.push('year');
    const label = stripFootnote(cell).text;
    if (categoryMatcher.match(label)) kinds.push('category');
    if (pollutantMatcher.match(label)) kinds.push('pollutant');
    return kinds;
  };
  const pick = (cells: string[], exclude?: Axis): Axis | undefined => {
    const counts: Record<Axis, number> = { year: 0, category: 0, pollutant: 0 };
    for (const cell of cells) for (const kind of classify(cell)) counts[kind]++;
    const order: Axis[] = (['year', 'category', 'pollutant'] as const).filter((a) => a !== exclude);
    const best = order.reduce<Axis | undefined>((acc, a) => (counts[a] > 0 && (acc === undefined || counts[a] > counts[acc]) ? a : acc), undefined);
    return best;
  };
  const headerCells = head.cells.slice(1);
  const dataHeaders = headerCells.filter((cell) => !isChangeHeader(cell) && cell.trim() !== '');
  const columnsAxis = pick(dataHeaders);
  if (columnsAxis === undefined) {
    throw new PortEmissionsError(`${file}: the header row names no year, source category or pollutant of the dataset`, {
      location: { file, line: head.line },
      details: [{ file, line: head.line, message: 'header row is not a label column followed by years, source categories or pollutants', found: head.cells.join(','), expected: 'e.g. Source category,2005,2010 or Year,Ocean-going vessels,Trucks,Total or Source category,DPM,NOx,SOx' }],
    });
  }
  const rowsAxis = pick(rows.map((row) => row.cells[0] ?? ''), columnsAxis) ?? (columnsAxis === 'category' ? 'year' : 'category');

  const coordinate = (axis: Axis, cell: string): Coordinate | { problem: DataIssue } => {
    const label = stripFootnote(cell).text;
    if (axis === 'year') {
      const y = yearOf(cell);
      if (y === undefined) return { problem: { message: 'not a year', found: cell, expected: 'a four-digit year such as 2005 (optionally CY2005)', file } };
      if (y < YEAR_MIN || y > YEAR_MAX) return { problem: { message: 'year out of range', found: cell, expected: `a year from ${YEAR_MIN} to ${YEAR_MAX}`, file } };
      return { axis, value: y };
    }
    const matcher = axis === 'category' ? categoryMatcher : pollutantMatcher;
    const match = matcher.match(label);
    if (!match) {
      const hint = matcher.closestHint(label);
      return { problem: { message: `unknown ${matcher.what}`, found: cell, expected: `${matcher.expected()}${axis === 'category' ? ', or Total' : ''}`, file, ...(hint ? { hint } : {}) } };
    }
    return { axis, value: match.code, ...(axis === 'category' && match.code === 'all' ? { isTotal: true } : {}) };
  };

  // Header: one coordinate (or a change column) per column.
  const columns: ({ kind: 'data'; at: Coordinate } | { kind: 'change'; from?: number; to?: number } | { kind: 'skip' })[] = [];
  const seenColumns = new Map<string, number>();
  headerCells.forEach((cell, i) => {
    const col = columnName(i + 1, cell);
    if (cell.trim() === '') {
      columns.push({ kind: 'skip' });
      return;
    }
    if (isChangeHeader(cell)) {
      const span = /(\d{4})\D+(\d{4})/.exec(cell);
      columns.push({ kind: 'change', ...(span ? { from: Number(span[1]), to: Number(span[2]) } : {}) });
      return;
    }
    const at = coordinate(columnsAxis, cell);
    if ('problem' in at) {
      const where = grid.columnName?.(i + 1) ?? `column ${i + 2}`;
      issues.push({ ...at.problem, line: head.line, column: where, message: at.problem.message === 'not a year' ? 'header cell is not a year' : at.problem.message });
      columns.push({ kind: 'skip' });
      return;
    }
    const key = String(at.value);
    if (seenColumns.has(key)) issues.push({ file, line: head.line, column: col, message: `${AXIS_WORD[columnsAxis]} appears twice in the header (first in column ${seenColumns.get(key)! + 2})`, found: cell });
    else seenColumns.set(key, i);
    columns.push({ kind: 'data', at });
  });
  const yearColumns = columns.flatMap((c) => (c.kind === 'data' && c.at.axis === 'year' ? [c.at.value as number] : []));
  if (columns.some((c) => c.kind === 'change') && columnsAxis !== 'year') {
    issues.push({ file, line: head.line, message: 'a change column needs year columns beside it', found: head.cells.join(','), expected: 'years across the header, e.g. Source category,2005,2018,% change' });
  }

  // What neither axis gives comes from the options.
  const axes = new Set<Axis>([columnsAxis, rowsAxis]);
  if (!axes.has('year') && options.year === undefined) issues.push({ file: '', column: 'year', message: `the table has no year axis (${AXIS_WORDS[rowsAxis]} down, ${AXIS_WORDS[columnsAxis]} across)`, expected: 'the inventory year of the table, e.g. 2018' });
  if (!axes.has('pollutant') && fixedPollutant === undefined) issues.push({ file: '', column: 'pollutant', message: `the table has no pollutant axis (${AXIS_WORDS[rowsAxis]} down, ${AXIS_WORDS[columnsAxis]} across)`, expected: 'the pollutant of the table, e.g. NOx' });
  if (issues.length > 0) throw new PortEmissionsError(`${file}: ${issues.length} problem${issues.length === 1 ? '' : 's'} in the header or options`, { details: issues });

  const records: EmissionsRecord[] = [];
  const indicators: IndicatorRecord[] = [];
  const rowCodes: string[] = [];
  const seenRows = new Map<string, number>();
  let notPublished = 0;
  // Sum check material, per year and pollutant: the categories' numbers, the ones not published, the total.
  type Part = { code: string; value: number; decimals: number };
  const groups = new Map<string, { year: number; pollutant: string; parts: Part[]; missing: string[]; total?: Part & { line: number; column: string } }>();
  const group = (year: number, pollutant: string) => {
    const key = `${year}\u0000${pollutant}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { year, pollutant, parts: [], missing: [] }));
    return g;
  };
  const note = (footnote: string) => `imported from ${basename(file.replace(/\[.*\]$/, ''))}${footnote ? `; published with footnote mark '${footnote}'` : ''}`;

  for (const { cells, line } of rows) {
    const labelColumn = grid.columnName?.(0) ?? (head.cells[0]?.trim() || 'column 1');
    if (cells.length > head.cells.length && cells.slice(head.cells.length).some((c) => c.trim() !== '')) {
      issues.push({ file, line, message: `row has ${cells.length} cells, the header has ${head.cells.length}`, found: cells.join(','), expected: 'one cell per header column', hint: 'quote values written with a thousands comma, e.g. "1,234"' });
      continue;
    }
    const at = coordinate(rowsAxis, cells[0] ?? '');
    if ('problem' in at) {
      issues.push({ ...at.problem, line, column: labelColumn });
      continue;
    }
    const rowKey = String(at.value);
    if (seenRows.has(rowKey)) {
      issues.push({ file, line, column: labelColumn, message: `${AXIS_WORD[rowsAxis]} appears twice (first at line ${seenRows.get(rowKey)})`, found: cells[0] ?? '' });
      continue;
    }
    seenRows.set(rowKey, line);
    if (rowsAxis === 'category' && !at.isTotal) rowCodes.push(rowKey);

    columns.forEach((column, i) => {
      const raw = cells[i + 1] ?? '';
      const col = columnName(i + 1, head.cells[i + 1]);
      if (column.kind === 'skip') return;
      const coords = (extra: Coordinate | undefined): Cell => {
        const all = [at, ...(extra ? [extra] : [])];
        const get = (axis: Axis) => all.find((c) => c.axis === axis)?.value;
        return {
          year: (get('year') as number | undefined) ?? options.year!,
          category: (get('category') as string | undefined) ?? fixedCategory ?? 'all',
          pollutant: (get('pollutant') as string | undefined) ?? fixedPollutant!,
          line,
          column: col,
        };
      };
      if (column.kind === 'change') {
        const parsed = parsePublishedNumber(raw, { percent: true });
        if (parsed === 'no_data') return;
        if (parsed === undefined) {
          issues.push({ file, line, column: col, message: 'not a percent change', found: raw, expected: 'a number such as -45, -45% or 12.5 (NA, n/a, - or blank when not published)' });
          return;
        }
        const from = column.from ?? Math.min(...yearColumns);
        const to = column.to ?? Math.max(...yearColumns);
        const c = coords(undefined);
        const relativeTo = options.baseline && options.baseline.year === from ? options.baseline.id : String(from);
        pushIndicator(c.category, c.pollutant, to, relativeTo, 'absolute', parsed.value, parsed.footnote, c);
        return;
      }
      const c = coords(column.at);
      const parsed = parsePublishedNumber(raw, { percent: values === 'pct_change' });
      const isTotal = c.category === 'all';
      if (parsed === 'no_data') {
        notPublished++;
        if (values === 'tons' && !isTotal) group(c.year, c.pollutant).missing.push(c.category);
        return;
      }
      if (values === 'pct_change') {
        if (parsed === undefined) {
          issues.push({ file, line, column: col, message: 'not a percent change', found: raw, expected: 'a number such as -45, -45% or 12.5 (NA, n/a, - or blank when not published)' });
          return;
        }
        pushIndicator(c.category, c.pollutant, c.year, options.relativeTo!, options.indicatorMetric ?? 'absolute', parsed.value, parsed.footnote, c);
        return;
      }
      if (parsed === undefined || parsed.value < 0 || !Number.isFinite(parsed.value)) {
        issues.push({ file, line, column: col, message: 'not a tonnage', found: raw, expected: 'a number >= 0 such as 1,234 or 891* (NA, n/a, -, — or blank when not published)' });
        return;
      }
      const g = group(c.year, c.pollutant);
      if (isTotal) g.total = { code: 'all', ...parsed, line, column: col };
      else g.parts.push({ code: c.category, ...parsed });
      const row = {
        port: options.port,
        year: String(c.year),
        source_category: c.category,
        pollutant: c.pollutant,
        metric: options.metric ?? 'absolute',
        value: String(parsed.value),
        unit: unit!,
        qualifier: '',
        release: options.release,
        basis: options.basis ?? 'inventory',
        baseline: '',
        note: note(parsed.footnote),
        source_ref: options.sourceRef.join(';'),
      };
      // The checks above should leave nothing for the schema to refuse; if it does, say where, never throw a ZodError.
      const checked = emissionsSchema.safeParse(row);
      if (checked.success) records.push(checked.data);
      else for (const issue of checked.error.issues) issues.push({ file, line, column: col, message: `cannot import this cell: ${String(issue.path[0] ?? '')} ${issue.message}`, found: raw });
    });
  }
  if (columnsAxis === 'category') for (const c of columns) if (c.kind === 'data' && !c.at.isTotal) rowCodes.push(String(c.at.value));
  if (issues.length > 0) throw new PortEmissionsError(`${file}: ${issues.length} problem${issues.length === 1 ? '' : 's'} in the table`, { details: issues });

  function pushIndicator(category: string, pollutant: string, year: number, relativeTo: string, metric: string, value: number, footnote: string, at: Cell): void {
    const row = {
      port: options.port,
      year: String(year),
      source_category: category,
      pollutant,
      indicator: 'pct_change',
      metric,
      relative_to: relativeTo,
      value: String(value),
      unit: percentUnit ?? unit ?? '',
      qualifier: '',
      release: options.release,
      note: note(footnote),
      source_ref: options.sourceRef.join(';'),
    };
    const checked = indicatorSchema.safeParse(row);
    if (checked.success) indicators.push(checked.data);
    else for (const issue of checked.error.issues) issues.push({ file, line: at.line, column: at.column, message: `cannot import this cell: ${String(issue.path[0] ?? '')} ${issue.message}`, found: String(value) });
  }

  const { mismatches, remainders } = checkTotals([...groups.values()], codelists, rowCodes);
  const order = (a: { year: number; pollutant: string; source_category: string }, b: typeof a) =>
    a.year - b.year || compareCodePoints(a.pollutant, b.pollutant) || compareCodePoints(a.source_category, b.source_category);
  records.sort(order);
  indicators.sort(order);
  const years = [...new Set([...records, ...indicators].map((r) => r.year))].sort((a, b) => a - b);
  const pollutants = [...new Set([...records, ...indicators].map((r) => r.pollutant))];
  return { records, indicators, mismatches, remainders, years, categories: rowCodes, pollutants, notPublished, layout: { columns: columnsAxis, rows: rowsAxis } };
}

/**
 * The sum check. Published tables round each cell, so categories may miss the total by up to half a unit of
 * the last shown digit per cell (the categories' and the total's own). A cell not published is unknown, not
 * zero, and a table may list only some categories: then the categories may not exceed the total, and what
 * they leave is reported as a remainder. Only a table listing every top-level category of the dataset, each
 * published, must add up to its total. A sub-category whose parent the table lists is inside its parent.
 */
function checkTotals(
  groups: { year: number; pollutant: string; parts: { code: string; value: number; decimals: number }[]; missing: string[]; total?: { value: number; decimals: number; line: number; column: string } }[],
  codelists: Codelists,
  listed: readonly string[],
): { mismatches: TotalMismatch[]; remainders: TotalRemainder[] } {
  const topLevel = [...codelists.sourceCategories.values()].filter((c) => c.code !== 'all' && !c.parent).map((c) => c.code);
  const notListed = topLevel.filter((code) => !listed.includes(code));
  const mismatches: TotalMismatch[] = [];
  const remainders: TotalRemainder[] = [];
  for (const g of groups.sort((a, b) => a.year - b.year || compareCodePoints(a.pollutant, b.pollutant))) {
    if (!g.total) continue;
    const parts = g.parts.filter((p) => !listed.includes(codelists.sourceCategories.get(p.code)?.parent ?? ''));
    if (parts.length === 0 && g.missing.length === 0) continue;
    const sum = parts.reduce((acc, part) => acc + part.value, 0);
    const tolerance = [...parts, g.total].reduce((acc, part) => acc + 0.5 * 10 ** -part.decimals, 0);
    const difference = sum - g.total.value;
    const complete = g.missing.length === 0 && notListed.length === 0;
    const base = { year: g.year, pollutant: g.pollutant, line: g.total.line, column: g.total.column, categories_sum: round(sum), total: g.total.value, difference: round(difference), tolerance: round(tolerance) };
    if (complete) {
      if (Math.abs(difference) > tolerance + 1e-9) mismatches.push({ ...base, kind: 'differs' });
    } else if (difference > tolerance + 1e-9) {
      mismatches.push({ ...base, kind: 'exceeds' });
    } else if (-difference > tolerance + 1e-9) {
      remainders.push({ year: g.year, pollutant: g.pollutant, total: g.total.value, categories_sum: round(sum), remainder: round(-difference), not_published: [...g.missing], not_listed: notListed });
    }
  }
  return { mismatches, remainders };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function checkOption(code: string, list: ReadonlyMap<string, unknown>, what: string, option: keyof ImportTableOptions, issues: DataIssue[], file: string): void {
  if (list.has(code)) return;
  const hint = codeHint(code, [...list.keys()]);
  issues.push({ file: '', column: option, message: `unknown ${what} for ${file}`, found: code, expected: `a ${what} code the dataset declares`, ...(hint ? { hint } : {}) });
}

/** An option naming a category or pollutant: its code, label or alias -> the code. */
function resolveOption(name: string, matcher: NameMatcher, option: keyof ImportTableOptions, issues: DataIssue[], file: string): string | undefined {
  const match = matcher.match(name);
  if (match) return match.code;
  const hint = matcher.closestHint(name);
  issues.push({ file: '', column: option, message: `unknown ${matcher.what} for ${file}`, found: name, expected: matcher.expected(), ...(hint ? { hint } : {}) });
  return undefined;
}
