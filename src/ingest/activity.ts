import { basename } from 'node:path';
import { CsvError } from 'csv-parse';
import type { DataIssue } from '../errors.ts';
import { ACTIVITY_FIELDS, activitySchema, type ActivityRecord } from '../schema/activity.ts';
import type { Codelists } from './dataset.ts';
import { ActivityLineScanner, activityKeyHash, streamCsvRecords } from './fast-rows.ts';
import { expectedText, headerAccepted, MAX_ISSUES_PER_FILE, rowCells, unreadableFile } from './read-resource.ts';
import { codeHint } from './suggest.ts';

/**
 * Activity-level files (port x terminal x vessel call x source category x pollutant, millions of rows)
 * are streamed, every row validated, and only their totals kept: memory stays flat as the file grows.
 */

/** Emissions of one port, year, source category, pollutant, unit and release: the sum of its activity rows. */
export interface ActivityTotal {
  port: string;
  year: number;
  source_category: string;
  pollutant: string;
  unit: string;
  /** Totals are kept per release, so that two editions of an inventory are never added together. */
  release: string;
  /** Sum of `value` over the rows, in `unit` (Infinity only if the sum passes the largest double). */
  value: number;
  /** Number of activity rows summed. */
  rows: number;
}

export interface ActivityReadResult {
  /** The file name used in messages. */
  file: string;
  /** Data rows read (lines after the header, blank lines excluded), valid or not. */
  rowCount: number;
  /** Rows that passed every check and are in the totals. */
  validRows: number;
  /** Problems, up to MAX_ISSUES_PER_FILE; rows with a problem are left out of the totals. */
  issues: DataIssue[];
  /** Problems beyond MAX_ISSUES_PER_FILE, counted but not listed. */
  unlisted: number;
  /** Totals by port, year, source category, pollutant, unit and release, sorted by those (codes by code unit order). */
  totals: ActivityTotal[];
  /** Which reader parsed the file: the fast line splitter throughout, or csv-parse (quoted line breaks, odd line ends). */
  parser: 'fast' | 'csv-parse';
}

export interface ReadActivityOptions {
  /** Name used in messages (default: the file's base name). */
  file?: string;
  /** When given, every code must be declared by the dataset and the unit must be a mass or mass rate. */
  codelists?: Codelists;
  /** Called with the number of data rows read so far, every `progressEvery` rows. */
  onProgress?: (rows: number) => void;
  progressEvery?: number;
  /** Bytes per read; for tests. */
  highWaterMark?: number;
}

const FIELD_COUNT = ACTIVITY_FIELDS.length;

interface Bucket {
  total: ActivityTotal;
  /** `port,source_category,pollutant,unit,release,` as bytes, to compare a line's key with in place. */
  key: Uint8Array;
  /** Neumaier compensation: a million additions keep the precision of one. */
  compensation: number;
  /** Code problems shared by every row of this bucket (unknown codes, a unit that is not a mass). */
  problems: CodeProblem[];
  /** The next bucket with the same key hash. */
  next: Bucket | undefined;
}

/** The key fields of a scanned line (port, category, pollutant, unit, release), each with its comma. */
const KEY_FIELDS = [0, 4, 5, 7, 8] as const;

/** Whether the key fields of the line in `bytes` (field bounds `b`) are `key`, compared byte by byte. */
function sameKey(key: Uint8Array, bytes: Uint8Array, b: Int32Array): boolean {
  let k = 0;
  for (const field of KEY_FIELDS) {
    // The field's bytes and then its comma: a shorter or longer field meets a comma out of step.
    const end = b[field + 1]!;
    for (let i = b[field]!; i < end; i++) if (key[k++] !== bytes[i]) return false;
  }
  return k === key.length;
}

interface CodeProblem {
  column: string;
  found: string;
  message: string;
  known: readonly string[];
  expected: string;
}

/**
 * Streams the activity CSV at `path` (header: {@link ACTIVITY_FIELDS}) and returns its row count, its
 * problems and its emissions totals by port/year/source_category/pollutant/unit/release. Every row is
 * validated: a problem names file, line (as an editor numbers lines; a row spanning lines has the line it
 * ends on) and column, with the same words as the loader's (`invalid value`, found, expected from the zod
 * schema), up to MAX_ISSUES_PER_FILE listed and the rest counted. No row is kept in memory. Never throws
 * for bad content; a wrong header stops the reading with one issue.
 *
 * Plain valid lines take a hand-written fast path (src/ingest/fast-rows.ts); any other line is parsed and
 * validated by the zod schema, so the messages are exactly the schema's.
 */
export async function readActivityFile(path: string, options: ReadActivityOptions = {}): Promise<ActivityReadResult> {
  const file = options.file ?? basename(path);
  const result: ActivityReadResult = { file, rowCount: 0, validRows: 0, issues: [], unlisted: 0, totals: [], parser: 'fast' };
  const report = (issue: DataIssue) => {
    if (result.issues.length < MAX_ISSUES_PER_FILE) result.issues.push(issue);
    else result.unlisted++;
  };
  const fields = ACTIVITY_FIELDS as readonly string[];

  const fileIssue = await unreadableFile(path, file, fields, 'an activity CSV file');
  if (fileIssue) {
    report(fileIssue);
    return result;
  }

  const buckets = new Map<number, Bucket>();
  const ordered: Bucket[] = [];
  const codes = options.codelists === undefined ? undefined : codeChecker(options.codelists);
  const refProblems = new Map<string, CodeProblem[]>();
  const every = options.progressEvery ?? 100_000;
  const onProgress = options.onProgress;
  const scanner = new ActivityLineScanner();
  let header: string[] | undefined;

  const newBucket = (hash: number, port: string, year: number, source_category: string, pollutant: string, unit: string, release: string): Bucket => {
    const total: ActivityTotal = { port, year, source_category, pollutant, unit, release, value: 0, rows: 0 };
    const key = Buffer.from([port, source_category, pollutant, unit, release].map((code) => `${code},`).join(''), 'latin1');
    const bucket: Bucket = { total, key, compensation: 0, problems: codes === undefined ? [] : codes.bucket(total), next: buckets.get(hash) };
    buckets.set(hash, bucket);
    ordered.push(bucket);
    return bucket;
  };
  /** The bucket of the line the scanner has just accepted, its key compared in place. */
  const lineBucket = (bytes: Buffer): Bucket => {
    const b = scanner.bounds;
    for (let bucket = buckets.get(scanner.hash); bucket !== undefined; bucket = bucket.next) {
      if (bucket.total.year === scanner.year && sameKey(bucket.key, bytes, b)) return bucket;
    }
    const field = (i: number) => bytes.toString('latin1', b[i]!, b[i + 1]! - 1);
    return newBucket(scanner.hash, field(0), scanner.year, field(4), field(5), field(7), field(8));
  };
  const rowBucket = (row: ActivityRecord): Bucket => {
    const hash = activityKeyHash(row.port, String(row.year), row.source_category, row.pollutant, row.unit, row.release);
    for (let bucket = buckets.get(hash); bucket !== undefined; bucket = bucket.next) {
      const t = bucket.total;
      if (t.year === row.year && t.port === row.port && t.source_category === row.source_category && t.pollutant === row.pollutant && t.unit === row.unit && t.release === row.release) return bucket;
    }
    return newBucket(hash, row.port, row.year, row.source_category, row.pollutant, row.unit, row.release);
  };
  const add = (bucket: Bucket, value: number) => {
    const total = bucket.total;
    const sum = total.value + value;
    bucket.compensation += Math.abs(total.value) >= Math.abs(value) ? total.value - sum + value : value - sum + total.value;
    total.value = sum;
    total.rows++;
    result.validRows++;
  };
  /** Reports the code problems of a row (line); true when it has none. */
  const codesOk = (bucket: Bucket, refs: string, line: number): boolean => {
    if (codes === undefined) return true;
    let problems = refProblems.get(refs);
    if (problems === undefined) {
      problems = codes.refs(refs);
      if (refProblems.size < 10_000) refProblems.set(refs, problems);
    }
    if (bucket.problems.length === 0 && problems.length === 0) return true;
    for (const problem of [...bucket.problems, ...problems]) {
      if (result.issues.length >= MAX_ISSUES_PER_FILE) {
        result.unlisted++; // no hint computed for a problem that is not listed
        continue;
      }
      const hint = codeHint(problem.found, problem.known);
      report({ file, line, column: problem.column, message: problem.message, found: problem.found, expected: problem.expected, ...(hint ? { hint } : {}) });
    }
    return false;
  };
  const counted = () => {
    result.rowCount++;
    if (onProgress !== undefined && result.rowCount % every === 0) onProgress(result.rowCount);
  };

  const onLine = (bytes: Buffer, start: number, end: number, line: number): boolean => {
    if (header === undefined || !scanner.scan(bytes, start, end)) return false;
    counted();
    const bucket = lineBucket(bytes);
    if (codes === undefined || codesOk(bucket, bytes.toString('latin1', scanner.bounds[9]!, end), line)) add(bucket, scanner.value);
    return true;
  };

  const onRecord = (record: string[], line: number): boolean => {
    if (header === undefined) return headerAccepted(file, fields, (header = record.map((cell) => cell.trim())), report);
    counted();
    const raw = rowCells(file, fields, record, line, report);
    if (raw === undefined) return true;
    const parsed = activitySchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = String(issue.path[0] ?? '');
        report({ file, line, column, message: 'invalid value', found: raw[column] ?? '', expected: expectedText(issue) });
      }
      return true;
    }
    const row = parsed.data;
    const bucket = rowBucket(row);
    if (codes === undefined || codesOk(bucket, row.source_ref.join(';'), line)) add(bucket, row.value);
    return true;
  };

  try {
    const read = await streamCsvRecords(path, { onRecord, onLine, ...(options.highWaterMark ? { highWaterMark: options.highWaterMark } : {}) });
    result.parser = read.parser;
  } catch (error) {
    if (error instanceof CsvError) {
      result.parser = 'csv-parse'; // only csv-parse throws these
      const line = (error as CsvError & { lines?: number }).lines;
      report({ file, ...(line === undefined ? {} : { line }), message: `CSV syntax: ${error.message.replace(/^Invalid [^:]*: /, '')}`, hint: 'check quotes: a quoted field must end with a quote before the next comma' });
    } else {
      report({ file, message: `cannot read file: ${(error as Error).message}` });
    }
  }
  if (header === undefined) report({ file, line: 1, message: 'file has no header line', expected: fields.join(',') });

  const totals: ActivityTotal[] = [];
  for (const bucket of ordered) {
    if (bucket.total.rows === 0) continue;
    // A sum past the largest double is Infinity, and its compensation NaN: keep the Infinity.
    const value = bucket.total.value + bucket.compensation;
    if (!Number.isNaN(value)) bucket.total.value = value;
    totals.push(bucket.total);
  }
  result.totals = totals.sort(compareTotals);
  return result;
}

function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareTotals(a: ActivityTotal, b: ActivityTotal): number {
  return (
    compareCodes(a.port, b.port) ||
    a.year - b.year ||
    compareCodes(a.source_category, b.source_category) ||
    compareCodes(a.pollutant, b.pollutant) ||
    compareCodes(a.unit, b.unit) ||
    compareCodes(a.release, b.release)
  );
}

/** Code checks against a dataset's codelists, per bucket (port, category, pollutant, unit, release) and per source_ref cell. */
function codeChecker(codelists: Codelists) {
  const problem = (column: string, found: string, list: ReadonlyMap<string, unknown>, what: string, plural: string): CodeProblem | undefined =>
    list.has(found)
      ? undefined
      : {
          column,
          found,
          message: column === 'source_ref' ? 'source_ref does not resolve in sources' : `unknown ${what} code`,
          known: [...list.keys()],
          expected: `a code declared in the dataset's ${plural}`,
        };
  return {
    bucket(total: ActivityTotal): CodeProblem[] {
      const problems = [
        problem('port', total.port, codelists.ports, 'port', 'ports'),
        problem('source_category', total.source_category, codelists.sourceCategories, 'source category', 'source categories'),
        problem('pollutant', total.pollutant, codelists.pollutants, 'pollutant', 'pollutants'),
        problem('unit', total.unit, codelists.units, 'unit', 'units'),
        problem('release', total.release, codelists.releases, 'release', 'releases'),
      ].filter((p): p is CodeProblem => p !== undefined);
      const unit = codelists.units.get(total.unit);
      if (unit !== undefined && unit.quantity !== 'mass' && unit.quantity !== 'mass_rate') {
        // Kept in column order: after an unknown port, category or pollutant, before an unknown release.
        problems.splice(problems.findIndex((p) => p.column === 'release') === -1 ? problems.length : problems.length - 1, 0, {
          column: 'unit',
          found: total.unit,
          message: `unit measures ${unit.quantity}, not emissions`,
          known: [],
          expected: 'a unit of quantity mass_rate or mass',
        });
      }
      return problems;
    },
    refs(cell: string): CodeProblem[] {
      return cell
        .split(';')
        .map((ref) => problem('source_ref', ref, codelists.sources, 'source', 'sources'))
        .filter((p): p is CodeProblem => p !== undefined);
    },
  };
}
