/**
 * Writing an imported table straight into a dataset: its rows appended to the emissions and indicators
 * files, and (when new) its release and source registered. The whole dataset is staged in a sibling folder,
 * validated there, and only then are the changed files moved in; a dataset that would not validate is left
 * as it was.
 */
import { appendFile, cp, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { PortEmissionsError } from '../../errors.ts';
import type { ResourceName } from '../../schema/resources.ts';
import { readDescriptor } from '../descriptor.ts';
import { validateDataset } from '../load.ts';
import type { ImportedTable } from './layout.ts';

/** A release to register: the publication the table comes from. */
export interface NewRelease {
  release_id: string;
  label: string;
  port: string;
  published: string;
  note: string;
  source_ref: string;
}

/** A source to register: the citation of the table. */
export interface NewSource {
  source_ref: string;
  title: string;
  url: string;
  publisher_type: string;
  evidence: string;
  confidence: string;
  confidence_note: string;
}

export interface IntoOptions {
  /** The dataset folder to write into. */
  dir: string;
  release?: NewRelease;
  source?: NewSource;
}

export interface IntoResult {
  /** Files changed, relative to the dataset folder. */
  files: string[];
  emissions: number;
  indicators: number;
  releaseAdded: boolean;
  sourceAdded: boolean;
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Appends the imported rows (and the new release and source) to the dataset in `options.dir`, validating the
 * whole dataset before anything is written. Throws a PortEmissionsError (nothing written) listing every
 * problem of the would-be dataset with file, line and column.
 */
export async function importIntoDataset(imported: ImportedTable, options: IntoOptions, lines: (name: 'emissions' | 'indicators', fields: readonly string[]) => string[]): Promise<IntoResult> {
  const dir = resolve(options.dir);
  const { descriptor, paths } = await readDescriptor(dir);
  const fieldsOf = (name: ResourceName) => descriptor.resources.find((r) => r.name === name)?.schema.fields.map((f) => f.name) ?? [];
  const additions = new Map<ResourceName, string[]>();
  if (imported.records.length > 0) additions.set('emissions', lines('emissions', fieldsOf('emissions')));
  if (imported.indicators.length > 0) {
    if (!paths.has('indicators')) {
      throw new PortEmissionsError(`the dataset in ${dir} has no indicators resource for the ${imported.indicators.length} percent changes of the table`, {
        hint: 'declare an indicators resource in datapackage.json (port-emissions init writes one), or import the table without its change column',
      });
    }
    additions.set('indicators', lines('indicators', fieldsOf('indicators')));
  }
  const row = (name: ResourceName, cells: Record<string, string>) => fieldsOf(name).map((f) => csvCell(cells[f] ?? '')).join(',');
  if (options.release) additions.set('releases', [row('releases', { ...options.release })]);
  if (options.source) additions.set('sources', [row('sources', { ...options.source })]);
  if (additions.size === 0) throw new PortEmissionsError('nothing to import: the table has no published values', { exitCode: 1 });

  const staging = await mkdtemp(join(dirname(dir), `.${basename(dir)}-import-`));
  try {
    await cp(dir, staging, { recursive: true });
    const changed: string[] = [];
    for (const [name, newLines] of additions) {
      const rel = relative(dir, paths.get(name)!);
      const target = join(staging, rel);
      const text = await readFile(target, 'utf8');
      await appendFile(target, `${text === '' || text.endsWith('\n') ? '' : '\n'}${newLines.join('\n')}\n`);
      changed.push(rel);
    }
    const result = await validateDataset(staging);
    if (!result.ok) {
      const count = result.issues.length + result.unlisted;
      throw new PortEmissionsError(`the dataset would not validate with the imported rows (${count} problem${count === 1 ? '' : 's'}); nothing written to ${dir}`, {
        details: result.issues,
        hint: 'fix the table or the options; the lines named are those the import would have written',
      });
    }
    // Each file is renamed into place (atomic per file, on the same file system as the dataset).
    for (const rel of changed) await rename(join(staging, rel), join(dir, rel));
    return { files: changed, emissions: imported.records.length, indicators: imported.indicators.length, releaseAdded: options.release !== undefined, sourceAdded: options.source !== undefined };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
