import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { defaultBaselineId } from '../analysis/baselines.ts';
import { normalisationOf } from '../analysis/normalisations.ts';
import { resolveBaseline } from '../analysis/common.ts';
import { fileSystemError, formatIssue, usageError } from '../errors.ts';
import { csvLines, emissionsCsv, importIntoDataset, importPublishedTableFile, indicatorsCsv, type ImportedTable, type TableValues } from '../ingest/import-table.ts';
import { loadDataset } from '../ingest/load.ts';
import { writeFileAtomic } from '../report/atomic.ts';
import { code as codeField } from '../schema/fields.ts';
import { emissionsBasis, emissionsMetric, indicatorMetric } from '../schema/records.ts';
import { datasetDir, errorInFlags, parseCommandArgs, yearOption } from './common.ts';
import type { CliCommand } from './io.ts';

const USAGE = `Usage: port-emissions import-table FILE --port P --release R --source-ref S [--unit U] [--pollutant X]
                                   [--year Y] [--category C] [--values tons|pct_change] [--relative-to B]
                                   [--metric M] [--basis B] [--sheet NAME] [--range B3:F12]
                                   [--data DIR] [--out DIR | --into DIR] [--allow-mismatch] [--json]
                                   [--source-title T --source-url U --source-date D --confidence A|B|C]

Converts a table laid out as inventories publish it into the dataset's long format. FILE is CSV, or an
XLSX workbook (--sheet: the sheet, default the first; --range: the block holding the table, e.g. B3:F12).

Layouts (found from what the header row and the first column name):
  source categories x years      Source category,2005,2018   (the usual one)
  years x source categories      Year,Ocean-going vessels,Trucks,Total
  source categories x pollutants Source category,DPM,NOx,SOx  (one year: --year)
  pollutants x source categories Pollutant,Ocean-going vessels,Harbor craft  (one year: --year)
Whatever no axis gives comes from --pollutant, --year and --category (default: all, the port total).
A "% change" column beside the year columns becomes published indicators (change from the first to the
last year column, relative to the baseline when the first year is its year).
--values pct_change reads a table of percent changes into indicators (--relative-to: a baseline id or a
year; default the port's own, else the dataset's default baseline; --metric absolute, per_10000_teu, ...).

Cells: 1,234 and 891* (footnote marks 891 a, 300¹, (b) are kept in the note); NA, n/a, -, — and blank are
"not published", never zero. Labels may be the codelist's codes, labels or aliases (case, hyphens, spaces and
punctuation ignored). Sum check: a table listing every top-level category, each published, must add up to
its Total within the published rounding; otherwise the categories may not exceed the Total, and what they
leave of it is reported. A year that fails is an error (exit 1, nothing written) unless --allow-mismatch.

Output: without --out or --into the long CSV goes to stdout. --out DIR writes
DIR/<port>_<pollutant>_<release>.emissions.csv (and .indicators.csv). --into DIR writes straight into the
dataset in DIR: appends the rows, registers the release (when new: labelled from --source-title or
--release-title, published on --source-date) and the source (when new: --source-title, --source-url,
--confidence, default A: a value read in a published table), validates the whole dataset and writes
nothing if that fails.

Example:
  port-emissions import-table dpm-by-category.csv --port POLB --pollutant DPM --unit ton_per_year \\
    --release POLB_EI_2018_MARPRO --source-ref MARPRO_2019_09_P43 --out my-dataset/imports
  port-emissions import-table inventory.xlsx --sheet "Table 3" --range A4:F11 --year 2023 --port PORT_X \\
    --unit tonne_per_year --release PORT_X_EI_2023 --source-ref PORT_X_EI_2023_T3 --into my-port \\
    --source-title "Port X 2023 emissions inventory, Table 3" --source-url https://example.org/ei2023.pdf \\
    --source-date 2024-06
`;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What was read, in words: "7 emissions rows and 2 indicator rows (source categories down, years across; 1 cell not published)". */
function describe(imported: ImportedTable): string {
  const words = { year: 'years', category: 'source categories', pollutant: 'pollutants' };
  const parts = [plural(imported.records.length, 'emissions row')];
  if (imported.indicators.length > 0) parts.push(plural(imported.indicators.length, 'indicator row'));
  const shape = `${words[imported.layout.rows]} down, ${words[imported.layout.columns]} across`;
  const missing = imported.notPublished > 0 ? `; ${plural(imported.notPublished, 'cell')} not published` : '';
  return `${parts.join(' and ')} (${shape}${missing})`;
}

export const command: CliCommand = {
  name: 'import-table',
  summary: 'convert a published table (CSV or XLSX, any usual layout) to the long format, or into a dataset',
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
        values: { type: 'string', default: 'tons' },
        'relative-to': { type: 'string' },
        year: { type: 'string' },
        category: { type: 'string' },
        sheet: { type: 'string' },
        range: { type: 'string' },
        data: { type: 'string' },
        out: { type: 'string' },
        into: { type: 'string' },
        'source-title': { type: 'string' },
        'source-url': { type: 'string' },
        'source-date': { type: 'string' },
        'release-title': { type: 'string' },
        confidence: { type: 'string', default: 'A' },
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
    const kind = values.values as TableValues;
    if (kind !== 'tons' && kind !== 'pct_change') throw usageError(`--values must be tons or pct_change; found '${values.values}'`);
    const missing = (['port', 'release', 'source-ref', ...(kind === 'tons' ? (['unit'] as const) : [])] as const).filter((name) => !values[name]);
    if (missing.length > 0) throw usageError(`missing ${missing.map((m) => `--${m}`).join(', ')}`, 'port-emissions import-table --help shows an example');
    if (values.out && values.into) throw usageError('--out and --into both given', 'use --out DIR for a file of rows to check, or --into DIR to add them to the dataset in DIR');
    const basis = emissionsBasis.safeParse(values.basis);
    if (!basis.success) throw usageError(`--basis must be one of ${emissionsBasis.options.join(', ')}; found '${values.basis}'`);
    for (const option of ['release', 'port'] as const) {
      if (!codeField.safeParse(values[option]).success) throw usageError(`--${option} must be a code of letters, digits, _ . + - (no spaces); found '${values[option]}'`);
    }
    const year = yearOption('year', values.year);
    const sourceRef = values['source-ref']!.split(';').map((s) => s.trim()).filter(Boolean);

    const dir = datasetDir(values.into ?? values.data, io);
    const dataset = await loadDataset(dir);
    const port = values.port!;
    // --metric: a built-in metric, or a normalisation the dataset declares (per_10000_cargo_tons...).
    const builtIn: readonly string[] = kind === 'tons' ? emissionsMetric.options : indicatorMetric.options;
    const declared = dataset.records.normalisations.map((n) => n.code).filter((c) => !builtIn.includes(c));
    if (!builtIn.includes(values.metric!) && normalisationOf(dataset, values.metric!) === undefined) {
      throw usageError(`--metric must be one of ${[...builtIn, ...declared].join(', ')}; found '${values.metric}'`, 'a normalisation is declared in codelists/normalisations.csv');
    }
    const metric = { data: values.metric! };
    // The baseline in effect names change columns and percent tables: asked for, else the port's, else the dataset's.
    const relativeTo = values['relative-to'] ?? defaultBaselineId(dataset, port);
    const baselineId = relativeTo !== undefined && !/^\d{4}$/.test(relativeTo) ? relativeTo : defaultBaselineId(dataset, port);
    if (values['relative-to'] !== undefined && !/^\d{4}$/.test(values['relative-to']) && !dataset.records.baselines.some((b) => b.baseline_id === values['relative-to'])) {
      throw usageError(`--relative-to: unknown baseline '${values['relative-to']}'`, `a baseline id of the dataset (${[...new Set(dataset.records.baselines.map((b) => b.baseline_id))].join(', ') || 'none declared'}) or a four-digit year`);
    }
    const baselineYear = baselineId === undefined ? undefined : resolveBaseline(dataset, baselineId, port).year;

    // With --into, a release or source the dataset does not declare yet is registered from the options.
    const newRelease = values.into !== undefined && !dataset.codelists.releases.has(values.release!);
    const newSources = values.into !== undefined ? sourceRef.filter((ref) => !dataset.codelists.sources.has(ref)) : [];
    if (newSources.length > 1) throw usageError(`--into registers one new source at a time; ${newSources.join(', ')} are not declared`, 'declare the others in codelists/sources.csv first');
    if ((newRelease || newSources.length > 0) && !values['source-title']) {
      throw usageError(`--source-title is needed to register ${[newRelease ? `release ${values.release}` : '', newSources.length > 0 ? `source ${newSources[0]}` : ''].filter(Boolean).join(' and ')} in ${dir}`, 'give the publication\'s title, and --source-url and --source-date where known');
    }
    const date = values['source-date'];
    if (date !== undefined && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(date)) throw usageError(`--source-date must be YYYY, YYYY-MM or YYYY-MM-DD; found '${date}'`);
    if (!['A', 'B', 'C'].includes(values.confidence!)) throw usageError(`--confidence must be A (a value read in a published table), B (the port's or regulator's own release) or C (press quoting it); found '${values.confidence}'`);

    // The library names its options (sourceRef, range); this command's messages name the flags.
    const imported = await importPublishedTableFile(
      resolve(io.cwd, file),
      {
        port,
        ...(values.pollutant === undefined ? {} : { pollutant: values.pollutant }),
        ...(values.unit === undefined ? {} : { unit: values.unit }),
        release: values.release!,
        sourceRef,
        values: kind,
        ...(kind === 'tons' ? { metric: metric.data } : { indicatorMetric: metric.data }),
        basis: basis.data,
        ...(year === undefined ? {} : { year }),
        ...(values.category === undefined ? {} : { category: values.category }),
        ...(relativeTo === undefined ? {} : { relativeTo }),
        ...(baselineId !== undefined && baselineYear !== undefined ? { baseline: { id: baselineId, year: baselineYear } } : {}),
        adds: { release: newRelease, sources: newSources },
      },
      dataset.codelists,
      { file, ...(values.sheet === undefined ? {} : { sheet: values.sheet }), ...(values.range === undefined ? {} : { range: values.range }) },
    ).catch((error: unknown) => {
      throw errorInFlags(error);
    });
    for (const m of imported.mismatches) {
      const message =
        m.kind === 'differs'
          ? `${m.pollutant} ${m.year}: categories add up to ${m.categories_sum}, the Total says ${m.total} (difference ${m.difference}, rounding allows ${m.tolerance})`
          : `${m.pollutant} ${m.year}: the categories published add up to ${m.categories_sum}, more than the Total of ${m.total} (by ${m.difference}, rounding allows ${m.tolerance})`;
      io.stderr(`${formatIssue({ file, line: m.line, column: m.column ?? String(m.year), message })}\n`);
    }
    for (const r of imported.remainders) {
      const why = [r.not_published.length > 0 ? `not published: ${r.not_published.join(', ')}` : '', r.not_listed.length > 0 ? `not in the table: ${r.not_listed.join(', ')}` : ''].filter(Boolean).join('; ');
      io.stderr(`${file}: ${r.pollutant} ${r.year}: the categories published add up to ${r.categories_sum} of the Total's ${r.total}; ${r.remainder} is not broken down (${why})\n`);
    }
    if (imported.mismatches.length > 0 && !values['allow-mismatch']) {
      io.stderr(`port-emissions: ${plural(imported.mismatches.length, 'year')} do not add up; nothing written (check the table, or pass --allow-mismatch to import it as published)\n`);
      return 1;
    }

    if (values.into !== undefined) {
      const result = await importIntoDataset(
        imported,
        {
          dir,
          ...(newRelease
            ? { release: { release_id: values.release!, label: values['release-title'] ?? values['source-title']!, port, published: date ?? '', note: `registered by import-table from ${file}`, source_ref: sourceRef.join(';') } }
            : {}),
          ...(newSources.length > 0
            ? { source: { source_ref: newSources[0]!, title: values['source-title']!, url: values['source-url'] ?? '', publisher_type: '', evidence: `table imported with port-emissions import-table from ${file}`, confidence: values.confidence!, confidence_note: '' } }
            : {}),
        },
        (name, fields) => csvLines(fields, name === 'emissions' ? imported.records : imported.indicators),
      );
      const registered = [result.releaseAdded ? `release ${values.release}` : '', result.sourceAdded ? `source ${newSources[0]}` : ''].filter(Boolean);
      if (values.json) io.stdout(`${JSON.stringify({ dir, files: result.files, emissions: result.emissions, indicators: result.indicators, registered, mismatches: imported.mismatches, remainders: imported.remainders }, null, 2)}\n`);
      else io.stdout(`added ${describe(imported)} to ${dir} (${result.files.join(', ')})${registered.length > 0 ? `; registered ${registered.join(' and ')}` : ''}; the dataset validates\n`);
      return 0;
    }
    if (values.out) {
      const base = join(resolve(io.cwd, values.out), `${port}_${imported.pollutants.length === 1 ? imported.pollutants[0] : 'pollutants'}_${values.release}`);
      try {
        await mkdir(resolve(io.cwd, values.out), { recursive: true });
      } catch (error) {
        throw fileSystemError('create the --out folder', values.out, error);
      }
      const paths: string[] = [];
      if (imported.records.length > 0) {
        await writeFileAtomic(`${base}.emissions.csv`, emissionsCsv(imported.records));
        paths.push(`${base}.emissions.csv`);
      }
      if (imported.indicators.length > 0) {
        await writeFileAtomic(`${base}.indicators.csv`, indicatorsCsv(imported.indicators));
        paths.push(`${base}.indicators.csv`);
      }
      if (values.json) io.stdout(`${JSON.stringify({ paths, rows: imported.records.length, indicators: imported.indicators.length, years: imported.years, categories: imported.categories, pollutants: imported.pollutants, not_published: imported.notPublished, mismatches: imported.mismatches, remainders: imported.remainders }, null, 2)}\n`);
      else io.stdout(`wrote ${describe(imported)} to ${paths.join(' and ')}\n`);
      return 0;
    }
    if (values.json) {
      io.stdout(`${JSON.stringify({ emissions: imported.records, indicators: imported.indicators }, null, 2)}\n`);
    } else if (imported.records.length > 0) {
      // CSV into a pipe or a file is data, passed on unescaped; on a terminal it is shown safe like all text.
      (io.stdoutIsTTY === true ? io : (io.raw ?? io)).stdout(emissionsCsv(imported.records));
      if (imported.indicators.length > 0) io.stderr(`port-emissions: ${plural(imported.indicators.length, 'indicator row')} not shown on stdout (the emissions rows are); write both with --out DIR or --into DIR\n`);
    } else {
      (io.stdoutIsTTY === true ? io : (io.raw ?? io)).stdout(indicatorsCsv(imported.indicators));
    }
    return 0;
  },
};
