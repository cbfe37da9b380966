/**
 * Options and helpers shared by the commands that build from a report definition (`report`, `deck`,
 * `export`): the default definition, SOURCE_DATE_EPOCH, progress on stderr, and loading definition + dataset.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { usageError } from '../errors.ts';
import { packagePath } from '../package-root.ts';
import type { Dataset } from '../ingest/dataset.ts';
import { loadDataset } from '../ingest/load.ts';
import { checkDefinition, type ChartEngine } from '../report/build.ts';
import { loadReportDefinition, type LoadedReportDefinition } from '../report/definition.ts';
import { createProgress, type Progress } from '../report/progress.ts';
import { EMBEDDED_DATASET_DIR } from './common.ts';
import type { CliIO } from './io.ts';

/** The options of the commands that build a whole report definition (`report`, `deck`). */
export const REPORT_COMMAND_OPTIONS = {
  report: { type: 'string' },
  data: { type: 'string' },
  out: { type: 'string' },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

/** What a report-building command needs from outside; tests pass a synthetic chart engine. */
export interface ReportCommandDeps {
  engine?: () => Promise<ChartEngine>;
}

/** The definition `report`, `deck` and `export --report` build by default: CAAP progress. */
export const DEFAULT_REPORT_DEFINITION = packagePath('reports', 'caap-progress.json');

/** How a path is shown to the user: relative to the working directory when inside it. */
export function displayPath(path: string, io: CliIO): string {
  const rel = relative(io.cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/**
 * SOURCE_DATE_EPOCH (reproducible-builds.org) as a date, or undefined when unset, as the report command
 * reads it.
 *
 * @throws PortEmissionsError (exit code 2) when it is not whole seconds.
 */
export function sourceDateEpoch(io: CliIO): Date | undefined {
  const value = io.env.SOURCE_DATE_EPOCH;
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,12}$/.test(value)) {
    throw usageError(`SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01, found '${value}'`, "unset it to use the dataset's own date");
  }
  return new Date(Number(value) * 1000);
}

/** A progress reporter writing to the command's stderr, honouring --quiet, the terminal and NO_COLOR. */
export function chartProgress(io: CliIO, total: number, quiet: boolean, label = 'charts'): Progress {
  return createProgress({
    total,
    label,
    // The bar's own \r and colour codes must reach the terminal; the reporter makes its labels safe itself.
    stream: { write: (chunk: string) => (io.raw ?? io).stderr(chunk), isTTY: io.isTTY },
    quiet,
    isTTY: io.isTTY,
    env: io.env,
  });
}

/**
 * Reads `--report` (default reports/caap-progress.json) and the dataset it uses: `--data` first, else the
 * definition's own `dataset`, else the embedded one; and checks the definition against the dataset.
 */
export async function loadReportAndDataset(
  values: { report?: string | undefined; data?: string | undefined },
  io: CliIO,
  engine: ChartEngine,
): Promise<{ loaded: LoadedReportDefinition; dataset: Dataset; file: string }> {
  const path = values.report === undefined ? DEFAULT_REPORT_DEFINITION : resolve(io.cwd, values.report);
  const file = values.report ?? displayPath(path, io);
  const loaded = await loadReportDefinition(path, file);
  const dir = values.data !== undefined ? resolve(io.cwd, values.data) : (loaded.datasetDir ?? EMBEDDED_DATASET_DIR);
  const dataset = await loadDataset(dir);
  checkDefinition(loaded.definition, dataset, engine.chartIds, file, engine);
  return { loaded, dataset, file };
}
