/**
 * A starting dataset for a port: the folder `port-emissions init DIR` writes. It holds no figures, only the
 * words a dataset needs before the first published table comes in: the port, the usual source categories and
 * pollutants with the names inventories print them under (aliases), the units of the port's tonnages, the
 * port's baseline (the dataset's default), empty data files, a README that walks the analyst from here to a
 * report, and a report definition that works on it.
 */
import { access, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { PortEmissionsError, usageError } from '../errors.ts';
import type { MassUnit } from '../schema/codelists.ts';
import { code as codeField, YEAR_MAX, YEAR_MIN } from '../schema/fields.ts';
import { RESOURCE_KINDS, RESOURCE_NAMES, resourceFields, type ResourceName } from '../schema/resources.ts';
import { validateDataset } from './load.ts';

export interface InitOptions {
  /** Port code as the dataset will spell it (letters, digits, _ . + -), e.g. PORT_X. */
  code: string;
  /** The port's name, e.g. "Port of X". */
  name: string;
  /** The year the port measures reductions from. */
  baselineYear: number;
  /** The programme or plan that sets the baseline (words for the baselines codelist). */
  programme?: string;
  /** The mass the port's tons are: metric tonnes, short tons, or tons of unstated kind (default). */
  mass?: MassUnit;
  /** Where the baseline is published, cited for the baseline row (else a placeholder the README says to replace). */
  baselineSource?: { title: string; url?: string };
  /** Other names the port goes by in tables. */
  aliases?: string[];
}

export interface InitResult {
  dir: string;
  files: string[];
  baselineId: string;
  unit: string;
}

/** The usual source categories of a port inventory, with the names tables print them under. */
export const USUAL_SOURCE_CATEGORIES: Record<string, string>[] = [
  { code: 'all', label: 'All port-related sources', parent: '', note: 'port-wide total', aliases: 'Total;Totals;All sources;Total emissions;Grand total;Port total' },
  { code: 'ocean_going_vessels', label: 'Ocean-going vessels', parent: '', note: '', aliases: 'OGV;OGVs;Ocean going vessels;Ships;Vessels;Marine vessels;Seagoing vessels' },
  { code: 'harbor_craft', label: 'Harbor craft', parent: '', note: '', aliases: 'Harbour craft;Commercial harbor craft;Commercial harbour craft;CHC;Tugs and harbor craft' },
  { code: 'cargo_handling_equipment', label: 'Cargo-handling equipment', parent: '', note: '', aliases: 'Cargo handling equipment;CHE;Terminal equipment' },
  { code: 'locomotives', label: 'Locomotives (rail)', parent: '', note: '', aliases: 'Locomotives;Rail;Railroad;Rail locomotives' },
  { code: 'heavy_duty_vehicles', label: 'Heavy-duty vehicles (trucks)', parent: '', note: '', aliases: 'Trucks;Heavy-duty vehicles;Heavy duty vehicles;HDV;HDVs;Heavy-duty trucks;Drayage trucks;Road vehicles' },
];

/** The pollutants port inventories report, with the names tables print them under. */
export const USUAL_POLLUTANTS: Record<string, string>[] = [
  { code: 'DPM', label: 'Diesel particulate matter', group: 'toxic', note: '', aliases: 'Diesel PM' },
  { code: 'PM10', label: 'Particulate matter up to 10 micrometres (PM10)', group: 'criteria', note: '', aliases: 'PM 10;PM-10' },
  { code: 'PM2.5', label: 'Fine particulate matter up to 2.5 micrometres (PM2.5)', group: 'criteria', note: '', aliases: 'PM 2.5;PM-2.5;Fine particulate matter' },
  { code: 'NOx', label: 'Nitrogen oxides', group: 'criteria', note: '', aliases: 'Oxides of nitrogen' },
  { code: 'SOx', label: 'Sulfur oxides', group: 'criteria', note: '', aliases: 'Sulphur oxides;Oxides of sulfur;Oxides of sulphur' },
  { code: 'CO', label: 'Carbon monoxide', group: 'criteria', note: '', aliases: '' },
  { code: 'VOC', label: 'Volatile organic compounds', group: 'criteria', note: '', aliases: 'ROG;Reactive organic gases' },
  { code: 'CO2', label: 'Carbon dioxide', group: 'ghg', note: '', aliases: '' },
  { code: 'GHG_CO2e', label: 'Greenhouse gases as CO2-equivalent', group: 'ghg', note: '', aliases: 'CO2e;CO2-equivalent;CO2 equivalent' },
];

/** Unit codes and words for each kind of ton. */
const MASS_UNITS: Record<'metric_tonne' | 'short_ton' | 'ton_unspecified', { rate: string; total: string; words: string; note: string }> = {
  metric_tonne: { rate: 'tonne_per_year', total: 'tonne', words: 'tonnes', note: 'metric tonnes (1,000 kg)' },
  short_ton: { rate: 'short_ton_per_year', total: 'short_ton', words: 'short tons', note: 'US short tons (2,000 lb)' },
  ton_unspecified: { rate: 'ton_per_year', total: 'ton', words: 'tons', note: 'the sources do not say short or metric tons' },
};

/** The aliases `init` gives a code (source category or pollutant), `;`-separated; empty for another code. */
export function usualAliases(code: string): string {
  return [...USUAL_SOURCE_CATEGORIES, ...USUAL_POLLUTANTS].find((row) => row.code === code)?.aliases ?? '';
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csv(name: ResourceName, rows: readonly Record<string, string>[]): string {
  const fields = resourceFields(name);
  return [fields.join(','), ...rows.map((row) => fields.map((f) => csvCell(row[f] ?? '')).join(','))].join('\n') + '\n';
}

const CODELISTS: readonly ResourceName[] = ['ports', 'source_categories', 'pollutants', 'units', 'sources', 'releases', 'normalisations', 'baselines'];
const pathOf = (name: ResourceName) => `${CODELISTS.includes(name) ? 'codelists' : 'data'}/${name}.csv`;

/** A usage error (exit code 2) at one of the options of {@link initDataset}, which the message goes on to describe. */
function optionError(option: keyof InitOptions, message: string, hint?: string): PortEmissionsError {
  return new PortEmissionsError(message, { exitCode: 2, location: { column: option }, ...(hint === undefined ? {} : { hint }) });
}

/**
 * Writes a starting dataset for a port into `dir` (which must not exist or be empty), validates it, and
 * returns what it wrote. The folder is built beside `dir` and renamed into place, so a failed run leaves
 * nothing behind.
 *
 * @throws PortEmissionsError (exit 2) for a bad option or a folder that holds files already.
 */
export async function initDataset(dir: string, options: InitOptions): Promise<InitResult> {
  const target = resolve(dir);
  if (!codeField.safeParse(options.code).success) throw optionError('code', `must be a code of letters, digits, _ . + - (no spaces); found '${options.code}'`, 'e.g. PORT_X');
  if (options.name.trim() === '') throw optionError('name', 'must not be empty', 'e.g. "Port of X"');
  if (!Number.isInteger(options.baselineYear) || options.baselineYear < YEAR_MIN || options.baselineYear > YEAR_MAX) {
    throw optionError('baselineYear', `must be a year from ${YEAR_MIN} to ${YEAR_MAX}; found '${options.baselineYear}'`);
  }
  const mass = options.mass ?? 'ton_unspecified';
  if (!(mass in MASS_UNITS)) throw optionError('mass', `must be metric_tonne, short_ton or ton_unspecified; found '${mass}'`);
  try {
    const entries = await readdir(target);
    if (entries.length > 0) throw usageError(`${target} is not empty`, 'init writes a new dataset; name a new or empty folder');
  } catch (error) {
    if (error instanceof PortEmissionsError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new PortEmissionsError(`cannot use ${target}: ${(error as Error).message}`, { exitCode: 2 });
  }

  const port = options.code;
  const units = MASS_UNITS[mass as keyof typeof MASS_UNITS];
  const baselineId = `${port}_${options.baselineYear}`;
  const baselineRef = options.baselineSource ? `${port}_BASELINE_SOURCE` : `${port}_BASELINE_DECLARED`;
  const name = `${port.toLowerCase().replace(/[^a-z0-9_.-]/g, '-')}-emissions`;
  const resources: Record<ResourceName, Record<string, string>[]> = {
    ports: [{ code: port, label: options.name.trim(), kind: 'port', members: '', note: '', baseline: '', aliases: (options.aliases ?? []).join(';') }],
    source_categories: USUAL_SOURCE_CATEGORIES,
    pollutants: USUAL_POLLUTANTS,
    units: [
      { code: units.rate, label: `${units.words} per year`, quantity: 'mass_rate', mass, per: 'year', note: units.note },
      { code: units.total, label: units.words, quantity: 'mass', mass, per: '', note: `a one-off total such as ${units.words} reduced; ${units.note}` },
      { code: 'percent', label: 'percent', quantity: 'percent', mass: '', per: '', note: 'percent changes: negative = reduction' },
      { code: 'TEU', label: 'twenty-foot equivalent units', quantity: 'teu', mass: '', per: '', note: 'container throughput' },
    ],
    sources: [
      options.baselineSource
        ? { source_ref: baselineRef, title: options.baselineSource.title, url: options.baselineSource.url ?? '', publisher_type: '', evidence: `the baseline year ${options.baselineYear}`, confidence: 'B', confidence_note: 'given to port-emissions init' }
        : {
            source_ref: baselineRef,
            title: `Baseline year ${options.baselineYear} as declared with port-emissions init (replace with the plan or inventory that sets it)`,
            url: '',
            publisher_type: 'analyst',
            evidence: `port-emissions init, baseline year ${options.baselineYear}`,
            confidence: 'D',
            confidence_note: 'not a published source: cite the document that sets the baseline',
          },
    ],
    releases: [],
    normalisations: [
      { code: 'per_10000_teu', label: 'per 10,000 TEU', measure: 'TEU', per: '10000', note: 'container throughput (throughput rows without a measure)' },
      { code: 'per_10000_cargo_tons', label: 'per 10,000 tons of cargo', measure: 'cargo_tons', per: '10000', note: 'throughput rows with measure cargo_tons' },
      { code: 'per_vessel_call', label: 'per vessel call', measure: 'vessel_calls', per: '1', note: 'throughput rows with measure vessel_calls' },
    ],
    baselines: [{ baseline_id: baselineId, label: `${options.baselineYear} baseline`, port: 'all', year: String(options.baselineYear), programme: options.programme?.trim() || `${options.name.trim()} emissions baseline`, note: '', source_ref: baselineRef }],
    emissions: [],
    indicators: [],
    throughput: [],
    targets: [],
    regional: [],
    milestones: [],
  };
  const descriptor = {
    profile: 'tabular-data-package',
    name,
    title: `${options.name.trim()} air emissions: published figures with their sources`,
    description: `Air-emissions figures of ${options.name.trim()} as published, each row citing its source. Started with port-emissions init; see README.md.`,
    version: '0.1.0',
    default_baseline: baselineId,
    default_normalisation: 'per_10000_teu',
    licenses: [{ name: 'ODC-BY-1.0', path: 'https://opendatacommons.org/licenses/by/1-0/', title: 'Open Data Commons Attribution License v1.0' }],
    sources: [{ title: 'Each row cites one source of codelists/sources.csv', path: 'codelists/sources.csv' }],
    resources: RESOURCE_NAMES.map((resource) => ({
      profile: 'tabular-data-resource',
      name: resource,
      path: pathOf(resource),
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      schema: { fields: resourceFields(resource).map((field) => ({ name: field })), primaryKey: [...RESOURCE_KINDS[resource].key] },
    })),
  };
  const files = new Map<string, string>();
  files.set('datapackage.json', `${JSON.stringify(descriptor, null, 2)}\n`);
  for (const resource of RESOURCE_NAMES) files.set(pathOf(resource), csv(resource, resources[resource]));
  files.set('README.md', readme(options, port, baselineId, units.rate, basename(target)));
  files.set('report.json', `${JSON.stringify(reportDefinition(options.name.trim(), options.baselineYear), null, 2)}\n`);

  await mkdir(dirname(target), { recursive: true });
  const staging = `${target}.init-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  try {
    for (const [path, text] of files) {
      await mkdir(dirname(join(staging, path)), { recursive: true });
      await writeFile(join(staging, path), text);
    }
    const result = await validateDataset(staging);
    if (!result.ok) throw new PortEmissionsError('the starting dataset does not validate (a bug in init)', { details: result.issues });
    if (await exists(target)) await rm(target, { recursive: true });
    await rename(staging, target);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { dir: target, files: [...files.keys()], baselineId, unit: units.rate };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** A report that works on a port's inventory tables: change since the baseline, tons by category, checks. */
function reportDefinition(name: string, baselineYear: number): object {
  return {
    title: `${name}: air emissions since ${baselineYear}`,
    subtitle: `Published inventory figures of ${name} against the ${baselineYear} baseline`,
    dataset: '.',
    sections: [
      {
        id: 'progress',
        title: `Change since ${baselineYear}`,
        intro: `How far each pollutant's emissions are from the ${baselineYear} baseline, from the same inventory edition.`,
        charts: [{ id: 'reductions' }, { id: 'emissions' }],
      },
      {
        id: 'categories',
        title: 'Emissions by source category',
        intro: "Each source category's share of the port total, and its emissions in the baseline year beside the latest year.",
        charts: [{ id: 'category-shares' }, { id: 'category-dumbbell' }],
      },
      {
        id: 'checks',
        title: 'Checking the published figures',
        intro: 'Every published percentage beside the same figure recomputed from the tonnages, where the data allow it.',
        charts: [{ id: 'reconciliation' }],
      },
    ],
  };
}

function readme(options: InitOptions, port: string, baselineId: string, unit: string, folder: string): string {
  return `# ${options.name.trim()}: air-emissions dataset

Started with \`port-emissions init\`. It holds no figures yet: only the port (\`${port}\`), the usual source
categories and pollutants (with the names inventories print them under, in the \`aliases\` columns), units
(\`${unit}\` for the port's tonnages), and the ${options.baselineYear} baseline (\`${baselineId}\`), which
\`datapackage.json\` declares as the dataset's \`default_baseline\`. Every figure you add cites its source.

## From a published table to a report

1. **Cite the baseline.** \`codelists/sources.csv\` has a placeholder row for the baseline year
   (${options.baselineSource ? 'you gave its source' : 'grade D: replace its title and url with the plan or inventory that sets the baseline, and its grade'}).
2. **Bring in each published table** (CSV, or the XLSX it came in) straight into this folder:

   \`\`\`sh
   port-emissions import-table table-3.csv --into ${folder} --port ${port} --unit ${unit} \\
     --pollutant NOx --release ${port}_EI_2023 --source-ref ${port}_EI_2023_T3 \\
     --source-title "${options.name.trim()} 2023 emissions inventory, Table 3" --source-url https://... --source-date 2024-06
   \`\`\`

   Source categories x years, years x categories, categories x pollutants (one year: \`--year\`), percent-change
   tables (\`--values pct_change\`) and a "% change" column are all read; NA, n/a, - and blank cells are "not
   published", never zero. The release and the source are registered from the command line; the dataset is
   validated before anything is written.
3. **Check** the dataset: \`port-emissions validate --data ${folder}\`.
4. **Analyse**: \`port-emissions reductions --data ${folder}\`, \`categories\`, \`decompose --from ${options.baselineYear} --to 2023\` ...
   (reductions are measured from \`${baselineId}\` unless \`--baseline\` names another baseline of \`codelists/baselines.csv\`).
5. **Report**: \`port-emissions report --report ${folder}/report.json\` (HTML) and \`port-emissions deck --report ${folder}/report.json\`
   (PowerPoint). Edit \`report.json\` to choose the charts.

Labels a table prints that match no code, label or alias are refused with the closest match: add the
table's wording to the \`aliases\` column of \`codelists/source_categories.csv\` or \`codelists/pollutants.csv\`.
`;
}
