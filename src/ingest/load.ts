import { createHash, type Hash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { PortEmissionsError, type DataIssue } from '../errors.ts';
import { emissionsMetric, indicatorMetric } from '../schema/records.ts';
import { RESOURCE_KINDS, RESOURCE_NAMES, type CodelistName, type ResourceName } from '../schema/resources.ts';
import { CODELIST_RESOURCES, codelistKey, datasetChecker, type LocatedResources } from './checks.ts';
import { FileSpill } from './spill.ts';
import { assembleDataset, type Dataset, type DatasetRecords } from './dataset.ts';
import { DESCRIPTOR_FILE, readDescriptor } from './descriptor.ts';
import { codeHint } from './suggest.ts';
import { readResource, type LocatedRow } from './read-resource.ts';

/** How many problems a validation lists in all before it stops listing (it still counts them). */
export const MAX_ISSUES = 200;

/**
 * Rows of one resource loaded for analysis at most. Analysis holds every row as an object and in an
 * arquero table (about 1 KB a row with both); `validate` keeps no row and reads a file of any size.
 * Beyond this the load stops with a problem naming the file and its row count, not an out-of-memory crash.
 */
export const MAX_LOADED_ROWS = 1_000_000;

/**
 * Distinct keys each keyed check (unique keys, category sums) keeps in memory (about 36 bytes a key, 60 for
 * a category group); the records of further keys go to temporary files and are checked partition by
 * partition after the last row (FileSpill), so `validate`'s memory does not grow with the file.
 */
export const CHECK_MEMORY_KEYS = 250_000;

/** What a dataset holds, for `validate`'s summary. */
export interface DatasetSummary {
  name: string;
  title: string;
  hash: string;
  resources: { name: string; path: string; rows: number }[];
  rows: number;
  ports: string[];
  years: { min: number; max: number } | null;
  pollutants: string[];
  categories: string[];
  releases: string[];
}

export interface ValidationResult {
  ok: boolean;
  issues: DataIssue[];
  /** Problems beyond the listing caps, counted only. */
  unlisted: number;
  /** The dataset, when it was loaded for analysis (loadDataset) and is valid; `validate` keeps no rows. */
  dataset?: Dataset;
  summary?: DatasetSummary;
}

export interface LoadOptions {
  /** Progress while reading large resources: resource name and rows read so far. */
  onProgress?: (resource: string, rows: number) => void;
  /** Called once every row is read, before the checks that compare rows with each other finish. */
  onFinalChecks?: () => void;
  /** Rows of one resource loadDataset keeps at most (default MAX_LOADED_ROWS). */
  maxRows?: number;
  /** Distinct keys a keyed check keeps in memory before it spills to temporary files (default CHECK_MEMORY_KEYS). */
  memoryKeys?: number;
  /** Folder for the spill's temporary files (default: the system's temporary folder). */
  spillDir?: string;
}

/**
 * Reads and validates the dataset (Data Package) in `dir`: the descriptor, every resource streamed and
 * checked row by row, then the dataset-level checks (codes, unique keys, units, category sums, baselines,
 * category tree, combined ports). Keeps no row of the record resources (emissions, indicators...): each is
 * checked as it is read and dropped, so memory stays flat (the checks' compact state is described in
 * checks.ts) and a file of any size is validated. Returns every problem found (up to MAX_ISSUES) and, when
 * valid, a summary with the rows read; never throws for bad content.
 */
export async function validateDataset(dir: string, options: LoadOptions = {}): Promise<ValidationResult> {
  return readDataset(dir, options, false);
}

/**
 * Loads the dataset in `dir` for analysis, or throws a PortEmissionsError (exit code 1) whose details list
 * every problem with file, line and column. A resource of more than `maxRows` rows (MAX_LOADED_ROWS) is
 * such a problem.
 */
export async function loadDataset(dir: string, options: LoadOptions = {}): Promise<Dataset> {
  const result = await readDataset(dir, options, true);
  if (!result.ok || !result.dataset) {
    const count = result.issues.length + result.unlisted;
    throw new PortEmissionsError(`dataset ${dir} is not valid: ${count} problem${count === 1 ? '' : 's'}${result.unlisted > 0 ? ` (${result.unlisted} not listed)` : ''}`, {
      details: result.issues,
      hint: "fix the lines above; 'port-emissions validate --data DIR' lists them again",
    });
  }
  return result.dataset;
}

/** The facts of validate's summary, gathered row by row. */
class SummaryFacts {
  readonly ports = new Set<string>();
  readonly pollutants = new Set<string>();
  readonly categories = new Set<string>();
  readonly releases = new Set<string>();
  years: { min: number; max: number } | null = null;

  add(name: ResourceName, row: Record<string, unknown>): void {
    if (name !== 'emissions' && name !== 'indicators' && name !== 'throughput') return;
    this.ports.add(String(row.port));
    const year = row.year as number;
    this.years = this.years === null ? { min: year, max: year } : { min: Math.min(this.years.min, year), max: Math.max(this.years.max, year) };
    if (name === 'throughput') return;
    this.pollutants.add(String(row.pollutant));
    this.categories.add(String(row.source_category));
    if (name === 'emissions') this.releases.add(String(row.release));
  }
}

async function readDataset(dir: string, options: LoadOptions, keep: boolean): Promise<ValidationResult> {
  const root = resolve(dir);
  let read;
  try {
    read = await readDescriptor(root);
  } catch (error) {
    if (error instanceof PortEmissionsError) {
      const issues = error.details.length > 0 ? [...error.details] : [{ file: error.location?.file ?? 'datapackage.json', message: error.message, ...(error.hint ? { hint: error.hint } : {}) }];
      return { ok: false, issues, unlisted: 0 };
    }
    throw error;
  }
  const { descriptor, paths } = read;
  const maxRows = options.maxRows ?? MAX_LOADED_ROWS;
  const issues: DataIssue[] = [];
  let unlisted = 0;
  const add = (found: readonly DataIssue[]) => {
    for (const issue of found) {
      if (issues.length < MAX_ISSUES) issues.push(issue);
      else unlisted++;
    }
  };
  const files = new Map<ResourceName, string>();
  /** The columns each file has: the descriptor's fields, checked against the record (optional columns may be left out). */
  const columns = new Map<ResourceName, string[]>();
  for (const resource of descriptor.resources) {
    const path = paths.get(resource.name as ResourceName);
    if (!path) continue;
    files.set(resource.name as ResourceName, relative(root, path) || resource.path);
    columns.set(resource.name as ResourceName, resource.schema.fields.map((field) => field.name));
  }
  const counts = new Map<ResourceName, number>();
  const kept: Partial<Record<ResourceName, unknown[]>> = {};
  const facts = new SummaryFacts();

  /** Streams one resource; `onRow` sees each valid row (and, when loading, it is kept). */
  const stream = async (
    name: ResourceName,
    hash: Hash | undefined,
    onRow: (line: number, row: Record<string, unknown>) => readonly DataIssue[],
    onInvalidRow?: (line: number, raw: Readonly<Record<string, string>>) => void,
  ): Promise<void> => {
    const file = files.get(name)!;
    // Codelists are kept by validate too: they are small, or the dataset is not one to check row by row.
    const capped = keep || CODELIST_RESOURCES.includes(name);
    let rows = 0;
    const result = await readResource({
      path: paths.get(name)!,
      file,
      schema: RESOURCE_KINDS[name].schema,
      fields: columns.get(name)!,
      ...(hash ? { hash } : {}),
      ...(options.onProgress ? { onProgress: (n: number) => options.onProgress!(name, n) } : {}),
      onRow: (line, row) => {
        rows++;
        if (capped && rows > maxRows) return [];
        if (keep) (kept[name] ??= []).push(row);
        return onRow(line, row as Record<string, unknown>);
      },
      ...(onInvalidRow ? { onInvalidRow } : {}),
    });
    add(result.issues);
    unlisted += result.unlisted;
    counts.set(name, rows);
    if (capped && rows > maxRows) {
      add([{ file, message: `too many rows to load for analysis: ${rows.toLocaleString('en-US')} rows, at most ${maxRows.toLocaleString('en-US')} a resource`, hint: "'port-emissions validate' checks a file of any size; split the file (e.g. by release), or aggregate activity rows with readActivityFile" }]);
    }
  };

  // The codelists first: every other row is checked against them. They are small and kept.
  const codelists: LocatedResources = { rows: {}, files: Object.fromEntries(files), invalid: {} };
  for (const name of CODELIST_RESOURCES) {
    if (!files.has(name)) continue;
    const rows: LocatedRow<Record<string, unknown>>[] = (codelists.rows[name] = []);
    const invalid = (codelists.invalid![name as CodelistName] = new Set<string>());
    await stream(
      name,
      undefined,
      (line, row) => {
        rows.push({ line, row });
        return [];
      },
      (_, raw) => invalid.add(String(raw[codelistKey(name as CodelistName)] ?? '').trim()),
    );
  }
  const checker = datasetChecker(codelists, {
    keys: options.memoryKeys ?? CHECK_MEMORY_KEYS,
    spill: () => new FileSpill(options.spillDir ? { tmp: options.spillDir } : {}),
  });
  try {
    for (const name of CODELIST_RESOURCES) for (const { line, row } of codelists.rows[name] ?? []) add(checker.row(name, line, row));
    // A baselines file with bad rows already has its problems listed; its ids are then incomplete.
    if (!issues.some((issue) => issue.file === files.get('baselines'))) add(defaultBaselineIssues(descriptor.default_baseline, codelists));
    const metrics = metricCheck(descriptor.default_normalisation, codelists);
    add(metrics.defaultIssues);

    // Then every resource in descriptor order, hashed in that order (the hash does not depend on how it is
    // read); the codelists' bytes are read again for the hash, the other resources checked as they stream.
    const hash = createHash('sha256');
    hash.update(read.bytes);
    for (const resource of descriptor.resources) {
      const name = resource.name as ResourceName;
      if (!files.has(name)) continue;
      if (CODELIST_RESOURCES.includes(name)) {
        try {
          hash.update(await readFile(paths.get(name)!));
        } catch {
          // unreadable: reported when it was read
        }
        continue;
      }
      await stream(name, hash, (line, row) => {
        facts.add(name, row);
        return [...metrics.row(name, line, row), ...checker.row(name, line, row)];
      });
    }
    options.onFinalChecks?.();
    add(checker.end());
    unlisted += checker.unlisted();
    if (issues.length > 0 || unlisted > 0) return { ok: false, issues, unlisted };

    const resources = descriptor.resources
      .filter((resource) => files.has(resource.name as ResourceName))
      .map((resource) => ({ name: resource.name, path: files.get(resource.name as ResourceName)!, rows: counts.get(resource.name as ResourceName) ?? 0 }));
    const digest = hash.digest('hex');
    const summary = summarize(descriptor.name, descriptor.title, digest, resources, facts);
    if (!keep) return { ok: true, issues: [], unlisted: 0, summary };
    for (const name of CODELIST_RESOURCES) kept[name] = (codelists.rows[name] ?? []).map((r) => r.row);
    const records = Object.fromEntries(RESOURCE_NAMES.map((name) => [name, kept[name] ?? []])) as unknown as DatasetRecords;
    const dataset = assembleDataset(
      { name: descriptor.name, title: descriptor.title, dir: root, hash: digest, ...(descriptor.default_baseline ? { defaultBaseline: descriptor.default_baseline } : {}), ...(descriptor.default_normalisation ? { defaultNormalisation: descriptor.default_normalisation } : {}) },
      records,
    );
    return { ok: true, issues: [], unlisted: 0, dataset, summary };
  } finally {
    checker.close();
  }
}

/** The datapackage.json `default_baseline` must name a baseline the baselines resource declares. */
function defaultBaselineIssues(id: string | undefined, located: LocatedResources): DataIssue[] {
  if (id === undefined || !located.rows.baselines) return [];
  const ids = [...new Set(located.rows.baselines.map(({ row }) => String(row.baseline_id)))].sort();
  if (ids.includes(id)) return [];
  const hint = codeHint(id, ids);
  return [{ file: DESCRIPTOR_FILE, column: 'default_baseline', message: 'default baseline is not declared', found: id, expected: `a baseline_id of ${located.files.baselines ?? 'baselines'}${ids.length > 0 ? ` (${ids.join(', ')})` : ''}`, ...(hint ? { hint } : {}) }];
}

/**
 * A metric that is not one of the built-in ones must be a normalisation the dataset declares (checked row by
 * row); so must the datapackage.json `default_normalisation`. `per_10000_teu` is built in for datasets without
 * the codelist.
 */
function metricCheck(defaultCode: string | undefined, located: LocatedResources) {
  const declared = new Set((located.rows.normalisations ?? []).map(({ row }) => String(row.code)));
  const builtIn: Partial<Record<ResourceName, readonly string[]>> = { emissions: emissionsMetric.options, indicators: indicatorMetric.options };
  const file = located.files.normalisations ?? 'codelists/normalisations.csv';
  const defaultIssues: DataIssue[] = [];
  if (defaultCode !== undefined && !declared.has(defaultCode) && defaultCode !== 'per_10000_teu') {
    defaultIssues.push({ file: DESCRIPTOR_FILE, column: 'default_normalisation', message: 'default normalisation is not declared', found: defaultCode, expected: `a code of ${file}${declared.size > 0 ? ` (${[...declared].join(', ')})` : ''}` });
  }
  return {
    defaultIssues,
    row(name: ResourceName, line: number, row: Record<string, unknown>): DataIssue[] {
      const known = builtIn[name];
      if (known === undefined) return [];
      const metric = String(row.metric);
      if (known.includes(metric) || declared.has(metric)) return [];
      const hint = codeHint(metric, [...known, ...declared]);
      return [{ file: located.files[name] ?? name, line, column: 'metric', message: 'unknown metric', found: metric, expected: `one of ${known.join(', ')}, or a normalisation code declared in ${file}`, ...(hint ? { hint } : {}) }];
    },
  };
}

function summarize(name: string, title: string, hash: string, resources: DatasetSummary['resources'], facts: SummaryFacts): DatasetSummary {
  const sorted = (values: Iterable<string>) => [...values].sort();
  return {
    name,
    title,
    hash,
    resources,
    rows: resources.reduce((acc, r) => acc + r.rows, 0),
    ports: sorted(facts.ports),
    years: facts.years,
    pollutants: sorted(facts.pollutants),
    categories: sorted(facts.categories),
    releases: sorted(facts.releases),
  };
}
