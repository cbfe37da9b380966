/**
 * Report definitions: which charts a report shows, in which sections, with which filters. A definition is a
 * JSON file under `reports/` validated here; the report, deck and export commands all read it.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { PortEmissionsError, fsErrorReason, type DataIssue } from '../errors.ts';
import type { ChartFilters } from '../charts/types.ts';

const code = z
  .string()
  .regex(/^[A-Za-z0-9_.+\-]+$/, 'a code as the dataset spells it (letters, digits, _ . + -), e.g. POLA, NOx');

const year = z.number().int('a whole year').min(1900, 'a year from 1900 to 2100').max(2100, 'a year from 1900 to 2100');

/** Filters of one chart in a report; the same names as the CLI's filter options. */
export const chartFiltersSchema = z
  .object({
    port: code.optional(),
    pollutant: code.optional(),
    category: code.optional(),
    baseline: code.optional(),
    from: year.optional(),
    to: year.optional(),
  })
  .strict()
  .refine((f) => f.from === undefined || f.to === undefined || f.from <= f.to, {
    message: '"from" no later than "to"',
    path: ['to'],
  }) satisfies z.ZodType<ChartFilters>;

const text = z.string().trim().min(1, 'a non-empty string');

/** One chart of a section: a catalogue chart id, its filters, and optionally a title replacing the chart's own. */
export const reportChartSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a chart id such as "reductions" (lower case, digits, -)'),
    filters: chartFiltersSchema.optional(),
    title: text.optional(),
  })
  .strict();

/** A section of the report: a heading, an optional introduction, and its charts in order. */
export const reportSectionSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a section id such as "progress" (lower case, digits, -)'),
    title: text,
    intro: text.optional(),
    charts: z.array(reportChartSchema).min(1, 'at least one chart'),
  })
  .strict();

/**
 * A key figure the report opens with, named instead of chosen from the data: a port's reduction of a
 * pollutant against the baseline (its latest year, or the year given), or a target met.
 */
export const keyFigureSchema = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('reduction'), port: code, pollutant: code, year: year.optional(), baseline: code.optional() })
    .strict(),
  z.object({ kind: z.literal('target'), target: code }).strict(),
]);

/** A report definition, as written in `reports/*.json`. */
export const reportDefinitionSchema = z
  .object({
    /** Editors may point at a JSON schema; ignored here. */
    $schema: z.string().optional(),
    title: text,
    subtitle: text.optional(),
    /** Dataset folder, relative to the definition file; the embedded dataset when absent. */
    dataset: text.optional(),
    /** Baseline id every chart uses unless its own filters name another (default: the port's own, else the dataset's default_baseline). */
    baseline: code.optional(),
    sections: z.array(reportSectionSchema).min(1, 'at least one section'),
    /** The 3-6 key figures the report and deck open with; chosen from the data when absent. */
    keyFigures: z.array(keyFigureSchema).min(1, 'at least one key figure').max(6, 'at most 6 key figures').optional(),
  })
  .strict()
  .superRefine((definition, context) => {
    const seen = new Map<string, number>();
    definition.sections.forEach((section, index) => {
      const first = seen.get(section.id);
      if (first !== undefined) {
        context.addIssue({
          code: 'custom',
          path: ['sections', index, 'id'],
          message: `a section id not used before (sections[${first}] is already "${section.id}")`,
        });
      } else seen.set(section.id, index);
    });
  });

export type ReportChart = z.infer<typeof reportChartSchema>;
export type ReportSection = z.infer<typeof reportSectionSchema>;
export type ReportDefinition = z.infer<typeof reportDefinitionSchema>;
export type KeyFigureRequest = z.infer<typeof keyFigureSchema>;

/** A definition read from a file, with where it came from. */
export interface LoadedReportDefinition {
  definition: ReportDefinition;
  /** Absolute path of the definition file. */
  path: string;
  /** The report's name: the file name without `.json` (names the output `<name>.html`). */
  name: string;
  /** Absolute dataset folder the definition names, or undefined for the embedded dataset. */
  datasetDir: string | undefined;
}

/** `sections[0].charts[2].id` for a zod path. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out === '' ? '(top level)' : out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = typeof value === 'string' ? value : JSON.stringify(value);
  if (json === undefined) return String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const EXPECTED_TYPE: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  array: 'an array',
  object: 'an object',
  boolean: 'true or false',
};

function issueFor(file: string, raw: unknown, issue: z.core.$ZodIssue): DataIssue[] {
  const found = valueAt(raw, issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      file,
      column: jsonPath([...issue.path, key]),
      message: 'unknown property',
      found: key,
      expected: `only ${allowedKeys(issue.path).join(', ')}`,
      hint: closest(key, allowedKeys(issue.path)) ?? 'see reports/caap-progress.json for an example',
    }));
  }
  if (issue.code === 'invalid_type') {
    const expected = EXPECTED_TYPE[issue.expected] ?? issue.expected;
    return [{
      file,
      column: jsonPath(issue.path),
      message: found === undefined ? 'missing property' : `wrong type (${typeName(found)})`,
      ...(found === undefined ? {} : { found: describeFound(found) }),
      expected,
    }];
  }
  return [{
    file,
    column: jsonPath(issue.path),
    message: 'invalid value',
    found: describeFound(found),
    expected: issue.message,
  }];
}

function allowedKeys(path: readonly PropertyKey[]): string[] {
  const last = path.filter((part) => typeof part === 'string').at(-1);
  if (last === 'keyFigures') return [...new Set(keyFigureSchema.options.flatMap((option) => Object.keys(option.shape)))];
  const shape =
    last === undefined
      ? reportDefinitionSchema.shape
      : last === 'filters'
        ? chartFiltersSchema.shape
        : last === 'charts'
          ? reportChartSchema.shape
          : reportSectionSchema.shape;
  return Object.keys(shape).filter((key) => key !== '$schema');
}

/** "did you mean ...?" for a key within two edits of an allowed one. */
function closest(key: string, allowed: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    // Optimal string alignment: insertions, deletions, substitutions and swaps of neighbours ("form" -> "from").
    const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      for (let j = 1; j <= b.length; j++) {
        let d = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
        row[j] = d;
      }
      rows.push(row);
    }
    return rows[a.length]![b.length]!;
  };
  const best = allowed
    .map((candidate) => ({ candidate, d: distance(key.toLowerCase(), candidate.toLowerCase()) }))
    .filter(({ d }) => d <= 2)
    .sort((a, b) => a.d - b.d)[0];
  return best ? `did you mean "${best.candidate}"?` : undefined;
}

/**
 * Validates parsed JSON as a report definition.
 *
 * @param file The file name to put in messages.
 * @throws PortEmissionsError (exit code 1) listing every problem with its JSON path (e.g.
 *   `sections[0].charts[2].filters.form`), what was found and what was expected.
 */
export function parseReportDefinition(raw: unknown, file: string): ReportDefinition {
  const result = reportDefinitionSchema.safeParse(raw);
  if (result.success) return result.data;
  const details = result.error.issues.flatMap((issue) => issueFor(file, raw, issue));
  throw new PortEmissionsError(
    `the report definition is not valid (${details.length} problem${details.length === 1 ? '' : 's'})`,
    { exitCode: 1, location: { file }, details, hint: 'see reports/caap-progress.json for a valid definition' },
  );
}

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** How deeply a report definition may nest objects and arrays; the real ones need 6 levels. */
export const DEFINITION_DEPTH_LIMIT = 64;

/**
 * The offset of the first `{` or `[` nested deeper than `limit` in JSON text (strings skipped), or undefined.
 * Checked before parsing so that a definition nested thousands deep is an error with a place, not a stack
 * overflow in the parser or the schema.
 */
export function tooDeepOffset(text: string, limit: number = DEFINITION_DEPTH_LIMIT): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > limit) return i;
    } else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return undefined;
}

/**
 * Where JSON text first goes wrong and what was expected there. Only called after JSON.parse failed: Node's
 * own message does not always say where (e.g. "Unexpected token ','").
 */
export function jsonSyntaxError(text: string): { offset: number; expected: string } {
  let i = 0;
  const fail = (expected: string): never => {
    throw { offset: i, expected };
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail('a value (object, array, string, number, true, false or null)');
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('four hex digits after \\u');
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail('an escape such as \\" or \\n');
      } else if (text.charCodeAt(i) < 0x20) fail('a closing quote before the end of the line');
      i++;
    }
    if (i >= text.length) fail('a closing quote');
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail('a property name in double quotes');
        string();
        ws();
        if (text[i] !== ':') fail("':' after the property name");
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail("',' or '}' after the property value");
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail("',' or ']' after the array element");
      }
    } else if (c === '"') string();
    else if (c !== undefined && /[-0-9]/.test(c)) {
      const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
      if (!match) fail('a number');
      i += match![0].length;
    } else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else fail('a value (object, array, string, number, true, false or null)');
  };
  try {
    value();
    ws();
    if (i < text.length) fail('the end of the file after the top-level value');
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'offset' in error) return error as { offset: number; expected: string };
    throw error;
  }
  return { offset: text.length, expected: 'valid JSON' };
}

/**
 * How a report records the definition it was built from, the same whatever the working directory: its path
 * relative to the dataset folder when it lives inside it (`reports/board.json`), else its name within its own
 * folder (`caap-progress.json`). Always `/`-separated; never the working directory's view of it.
 */
export function definitionLabel(definitionPath: string, datasetDir?: string): string {
  const absolute = resolve(definitionPath);
  if (datasetDir !== undefined) {
    const inside = relative(resolve(datasetDir), absolute);
    if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)) return inside.split(sep).join('/');
  }
  return basename(absolute);
}

/**
 * Reads and validates a report definition file.
 *
 * @param path The definition's path; `display` is how messages name it (default: `path` as given).
 * @returns The definition, its absolute path, its name (file name without `.json`) and the dataset folder it
 *   names, resolved against the definition's own folder.
 * @throws PortEmissionsError: exit code 2 when the file cannot be read (a bad `--report`), exit code 1 when it
 *   is not JSON (with line and column) or not a valid definition (with JSON paths).
 */
export async function loadReportDefinition(path: string, display: string = path): Promise<LoadedReportDefinition> {
  const absolute = resolve(path);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : fsErrorReason(error);
    throw new PortEmissionsError(`cannot read the report definition: ${reason}`, {
      exitCode: 2,
      location: { file: display },
      hint: 'give a definition file with --report, e.g. --report reports/caap-progress.json',
    });
  }
  const body = text.replace(/^\uFEFF/, '');
  const deep = tooDeepOffset(body);
  if (deep !== undefined) {
    const where = lineColumn(body, deep);
    throw new PortEmissionsError(`nested more than ${DEFINITION_DEPTH_LIMIT} levels deep`, {
      exitCode: 1,
      location: { file: display, line: where.line, column: String(where.column) },
      hint: 'a report definition has sections, charts and filters, a few levels deep; see reports/caap-progress.json',
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    const { offset, expected } = jsonSyntaxError(body);
    const where = lineColumn(body, offset);
    const found = offset < body.length ? JSON.stringify(body[offset]) : 'the end of the file';
    throw new PortEmissionsError(`not valid JSON: found ${found} where ${expected} was expected`, {
      exitCode: 1,
      location: { file: display, line: where.line, column: String(where.column) },
      hint: 'a report definition is one JSON object; see reports/caap-progress.json',
    });
  }
  const definition = parseReportDefinition(raw, display);
  const name = basename(absolute, extname(absolute));
  return {
    definition,
    path: absolute,
    name,
    datasetDir: definition.dataset === undefined ? undefined : resolve(dirname(absolute), definition.dataset),
  };
}
