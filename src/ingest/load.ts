import { createHash } from 'node:crypto';
import { relative, resolve } from 'node:path';
import { PortEmissionsError, type DataIssue } from '../errors.ts';
import { RESOURCE_KINDS, RESOURCE_NAMES, type ResourceName } from '../schema/resources.ts';
import { DATASET_CHECKS, type LocatedResources } from './checks.ts';
import { assembleDataset, type Dataset, type DatasetRecords } from './dataset.ts';
import { DESCRIPTOR_FILE, readDescriptor } from './descriptor.ts';
import { codeHint } from './suggest.ts';
import { emissionsMetric, indicatorMetric } from '../schema/records.ts';
import { readResource, type LocatedRow } from './read-resource.ts';

/** How many problems a validation lists in all before it stops listing (it still counts them). */
export const MAX_ISSUES = 200;

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
  dataset?: Dataset;
  summary?: DatasetSummary;
}

export interface LoadOptions {
  /** Progress while reading large resources: resource name and rows read so far. */
  onProgress?: (resource: string, rows: number) => void;
}

/**
 * Reads and validates the dataset (Data Package) in `dir`: the descriptor, every resource streamed and
 * checked row by row, then the dataset-level checks (codes, unique keys, units, category sums, baselines).
 * Returns every problem found (up to MAX_ISSUES), never throwing for bad content.
 */
export async function validateDataset(dir: string, options: LoadOptions = {}): Promise<ValidationResult> {
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
  const hash = createHash('sha256');
  hash.update(read.bytes);
  const issues: DataIssue[] = [];
  let unlisted = 0;
  const located: LocatedResources = { rows: {}, files: {} };
  const counts: DatasetSummary['resources'] = [];
  for (const resource of descriptor.resources) {
    const name = resource.name as ResourceName;
    const path = paths.get(name);
    if (!path) continue;
    const file = relative(root, path) || resource.path;
    located.files[name] = file;
    const result = await readResource({
      path,
      file,
      schema: RESOURCE_KINDS[name].schema,
      // The descriptor's fields were checked against the record (optional columns may be left out).
      fields: resource.schema.fields.map((field) => field.name),
      hash,
      ...(options.onProgress ? { onProgress: (rows: number) => options.onProgress!(name, rows) } : {}),
    });
    located.rows[name] = result.rows as LocatedRow<Record<string, unknown>>[];
    issues.push(...result.issues);
    unlisted += result.unlisted;
    counts.push({ name, path: file, rows: result.rows.length });
  }
  // Dataset-level checks only make sense on files that parsed; they run on the rows that passed.
  for (const check of DATASET_CHECKS) issues.push(...check(located));
  // A baselines file with bad rows already has its problems listed; its ids are then incomplete.
  if (!issues.some((issue) => issue.file === located.files.baselines)) issues.push(...defaultBaselineIssues(descriptor.default_baseline, located));
  issues.push(...normalisationIssues(descriptor.default_normalisation, located));
  if (issues.length > MAX_ISSUES) {
    unlisted += issues.length - MAX_ISSUES;
    issues.length = MAX_ISSUES;
  }
  if (issues.length > 0 || unlisted > 0) return { ok: false, issues, unlisted };

  const records = Object.fromEntries(
    RESOURCE_NAMES.map((name) => [name, (located.rows[name] ?? []).map((r) => r.row)]),
  ) as unknown as DatasetRecords;
  const dataset = assembleDataset(
    { name: descriptor.name, title: descriptor.title, dir: root, hash: hash.digest('hex'), ...(descriptor.default_baseline ? { defaultBaseline: descriptor.default_baseline } : {}), ...(descriptor.default_normalisation ? { defaultNormalisation: descriptor.default_normalisation } : {}) },
    records,
  );
  return { ok: true, issues: [], unlisted: 0, dataset, summary: summarize(dataset, counts) };
}

/**
 * Loads the dataset in `dir`, or throws a PortEmissionsError (exit code 1) whose details list every problem
 * with file, line and column.
 */
export async function loadDataset(dir: string, options: LoadOptions = {}): Promise<Dataset> {
  const result = await validateDataset(dir, options);
  if (!result.ok || !result.dataset) {
    const count = result.issues.length + result.unlisted;
    throw new PortEmissionsError(`dataset ${dir} is not valid: ${count} problem${count === 1 ? '' : 's'}${result.unlisted > 0 ? ` (${result.unlisted} not listed)` : ''}`, {
      details: result.issues,
      hint: "fix the lines above; 'port-emissions validate --data DIR' lists them again",
    });
  }
  return result.dataset;
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
 * A metric that is not one of the built-in ones must be a normalisation the dataset declares; so must the
 * datapackage.json `default_normalisation`. `per_10000_teu` is built in for datasets without the codelist.
 */
function normalisationIssues(defaultCode: string | undefined, located: LocatedResources): DataIssue[] {
  const declared = new Set((located.rows.normalisations ?? []).map(({ row }) => String(row.code)));
  const builtIn: Record<'emissions' | 'indicators', readonly string[]> = { emissions: emissionsMetric.options, indicators: indicatorMetric.options };
  const file = located.files.normalisations ?? 'codelists/normalisations.csv';
  const issues: DataIssue[] = [];
  for (const name of ['emissions', 'indicators'] as const) {
    for (const { line, row } of located.rows[name] ?? []) {
      const metric = String(row.metric);
      if (builtIn[name].includes(metric) || declared.has(metric)) continue;
      const hint = codeHint(metric, [...builtIn[name], ...declared]);
      issues.push({ file: located.files[name] ?? name, line, column: 'metric', message: 'unknown metric', found: metric, expected: `one of ${builtIn[name].join(', ')}, or a normalisation code declared in ${file}`, ...(hint ? { hint } : {}) });
    }
  }
  if (defaultCode !== undefined && !declared.has(defaultCode) && defaultCode !== 'per_10000_teu') {
    issues.push({ file: DESCRIPTOR_FILE, column: 'default_normalisation', message: 'default normalisation is not declared', found: defaultCode, expected: `a code of ${file}${declared.size > 0 ? ` (${[...declared].join(', ')})` : ''}` });
  }
  return issues;
}

function summarize(dataset: Dataset, resources: DatasetSummary['resources']): DatasetSummary {
  const { emissions, indicators, throughput } = dataset.records;
  const years = [...emissions, ...indicators, ...throughput].map((row) => row.year);
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
  return {
    name: dataset.name,
    title: dataset.title,
    hash: dataset.hash,
    resources,
    rows: resources.reduce((acc, r) => acc + r.rows, 0),
    ports: sorted([...emissions, ...indicators, ...throughput].map((row) => row.port)),
    years: years.length === 0 ? null : { min: years.reduce((a, b) => Math.min(a, b)), max: years.reduce((a, b) => Math.max(a, b)) },
    pollutants: sorted([...emissions, ...indicators].map((row) => row.pollutant)),
    categories: sorted([...emissions, ...indicators].map((row) => row.source_category)),
    releases: sorted(emissions.map((row) => row.release)),
  };
}
