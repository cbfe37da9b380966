import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileSystemError, formatIssue, usageError } from '../errors.ts';
import { emissionsCsv, importPublishedTableFile } from '../ingest/import-table.ts';
import { loadDataset } from '../ingest/load.ts';
import { writeFileAtomic } from '../report/atomic.ts';
import { emissionsMetric, emissionsBasis } from '../schema/records.ts';
import { datasetDir, parseCommandArgs } from './common.ts';
import type { CliCommand } from './io.ts';

const USAGE = `Usage: port-emissions import-table FILE --port P --pollutant X --unit U --release R --source-ref S
                                   [--metric absolute] [--basis inventory] [--data DIR] [--out DIR]
                                   [--allow-mismatch] [--json]

Converts a table laid out as the ports publish it (one row per source category, one column per year,
values such as 1,234, footnote marks such as 891* or 891 a, a Total row, blank cells for no data) into
the long emissions format, and checks that the categories add up to the Total row within rounding.
Codes are checked against the dataset's codelists (--data; default: the embedded dataset).

Without --out the CSV goes to stdout; with --out DIR it is written to DIR/<port>_<pollutant>_<release>.emissions.csv.
A year whose categories do not add up to its Total is an error (exit 1, nothing written) unless --allow-mismatch.

Example:
  port-emissions import-table dpm-by-category.csv --port POLB --pollutant DPM --unit ton_per_year \\
    --release POLB_EI_2018_MARPRO --source-ref MARPRO_2019_09_P43 --out my-dataset/imports
`;

export const command: CliCommand = {
  name: 'import-table',
  summary: 'convert a published categories-by-years table to the long format',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        port: { type: 'string' },
        pollutant: { type: 'string' },
        unit: { type: 'string' },
        release: { type: 'string' },
        'source-ref': { type: 'string' },
        metric: { type: 'string', default: 'absolute' },
        basis: { type: 'string', default: 'inventory' },
        data: { type: 'string' },
        out: { type: 'string' },
        'allow-mismatch': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      true,
    );
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) throw usageError(file ? `one table at a time; found ${positionals.length} files` : 'name the table file to import', 'port-emissions import-table --help');
    const missing = (['port', 'pollutant', 'unit', 'release', 'source-ref'] as const).filter((name) => !values[name]);
    if (missing.length > 0) throw usageError(`missing ${missing.map((m) => `--${m}`).join(', ')}`, 'port-emissions import-table --help shows an example');
    const metric = emissionsMetric.safeParse(values.metric);
    if (!metric.success) throw usageError(`--metric must be one of ${emissionsMetric.options.join(', ')}; found '${values.metric}'`);
    const basis = emissionsBasis.safeParse(values.basis);
    if (!basis.success) throw usageError(`--basis must be one of ${emissionsBasis.options.join(', ')}; found '${values.basis}'`);

    const dataset = await loadDataset(datasetDir(values.data, io));
    const options = {
      port: values.port!,
      pollutant: values.pollutant!,
      unit: values.unit!,
      release: values.release!,
      sourceRef: values['source-ref']!.split(';').map((s) => s.trim()).filter(Boolean),
      metric: metric.data,
      basis: basis.data,
    };
    const imported = await importPublishedTableFile(resolve(io.cwd, file), options, dataset.codelists);
    for (const m of imported.mismatches) {
      io.stderr(`${formatIssue({ file, line: m.line, column: String(m.year), message: `categories add up to ${m.categories_sum}, the Total row says ${m.total} (difference ${m.difference}, rounding allows ${m.tolerance})` })}\n`);
    }
    if (imported.mismatches.length > 0 && !values['allow-mismatch']) {
      io.stderr(`port-emissions: ${imported.mismatches.length} year${imported.mismatches.length === 1 ? '' : 's'} do not add up; nothing written (check the table, or pass --allow-mismatch to import it as published)\n`);
      return 1;
    }
    const csv = emissionsCsv(imported.records);
    if (values.out) {
      const path = join(resolve(io.cwd, values.out), `${options.port}_${options.pollutant}_${options.release}.emissions.csv`);
      try {
        await mkdir(dirname(path), { recursive: true });
      } catch (error) {
        throw fileSystemError('create the --out folder', values.out, error);
      }
      await writeFileAtomic(path, csv);
      if (values.json) io.stdout(`${JSON.stringify({ path, rows: imported.records.length, years: imported.years, categories: imported.categories, mismatches: imported.mismatches }, null, 2)}\n`);
      else io.stdout(`wrote ${imported.records.length} rows (${imported.years.length} years x ${imported.categories.length} categories + Total) to ${path}\n`);
    } else if (values.json) {
      io.stdout(`${JSON.stringify(imported.records, null, 2)}\n`);
    } else {
      // CSV into a pipe or a file is data, passed on unescaped; on a terminal it is shown safe like all text.
      (io.stdoutIsTTY === true ? io : (io.raw ?? io)).stdout(csv);
    }
    return 0;
  },
};
