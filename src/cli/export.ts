/**
 * `export`: per-chart bundles (SVG, PNG @2x/@3x, CSV, XLSX, JSON, README) for one chart or every chart of a
 * report definition. Thin: options, dataset, the library's writeExport, progress on stderr, the folder on stdout.
 */
import { resolve } from 'node:path';
import { usageError } from '../errors.ts';
import type { ChartFilters } from '../charts/types.ts';
import { loadDataset } from '../ingest/load.ts';
import { closestCode } from '../ingest/suggest.ts';
import { chartRequests, writeExport, type ChartRequest } from '../report/board-pack.ts';
import { catalogueEngine, type ChartEngine } from '../report/build.ts';
import { BUNDLE_FORMATS, parseBundleFormats } from '../report/bundle.ts';
import { assertNotProtectedFolder } from '../report/output-guard.ts';
import type { Dataset } from '../ingest/dataset.ts';
import { FILTER_OPTIONS, datasetDir, parseCommandArgs, yearOption } from './common.ts';
import { chartProgress, displayPath, loadReportAndDataset, sourceDateEpoch } from './report-options.ts';
import type { CliCommand, CliIO } from './io.ts';

const USAGE = `Usage: port-emissions export ID [filters] [--formats LIST] [--data DIR] [--out DIR] [--quiet]
       port-emissions export --report FILE [--formats LIST] [--data DIR] [--out DIR] [--quiet]

Writes, for one chart (ID) or every chart of a report definition (--report), a bundle in <out>/<chart>/:
the chart as SVG and as PNG at 2x and 3x, the data behind it as CSV and XLSX (text cells starting with
= + - @ are neutralised), a JSON sidecar (title, units, baseline, release, sources, dataset hash, tool
version, filters) and a README with the citation; plus <out>/manifest.json listing what was written.
The export folder is built aside and swapped in whole: a run that fails leaves the previous export as it
was, and a run that succeeds replaces it (bundles of charts not in this run are gone).

  ID                a chart id ('port-emissions chart --list' lists them); or:
  --report FILE     every chart of a report definition, e.g. reports/caap-progress.json
  --formats LIST    comma-separated, any of ${BUNDLE_FORMATS.join(', ')} (default: all); README.md is always written
  --data DIR        dataset folder (default: the definition's dataset, else the embedded San Pedro Bay data)
  --out DIR         export folder (default: reports/out/export); must be new, empty or a previous export
  --quiet           no progress output
  -h, --help        this help

Filters (with ID only, those 'port-emissions chart --list' shows for it; a report definition carries its own):
  --port P          a port code, or a combined code (e.g. SPB_combined)
  --pollutant X     a pollutant code (e.g. DPM, NOx, SOx)
  --category C      a source category code, or all (port totals)
  --baseline ID     a baseline id of the dataset (default: the port's own, else the dataset's default_baseline)
  --from Y --to Y   first and last year shown

Dates inside the XLSX files are the dataset's own date, so identical inputs give identical files; set
SOURCE_DATE_EPOCH (seconds since 1970) to stamp another date.

Exit codes: 0 written; 1 data error (invalid dataset or definition, a chart that cannot be built, a file
that cannot be written); 2 usage error (unknown option, chart id or format, a filter the chart does not
take or a code the dataset lacks, --out naming a folder that is not an export, bad SOURCE_DATE_EPOCH).

Examples:
  port-emissions export reductions --port POLA --pollutant DPM --formats svg,png,csv
  port-emissions export --report reports/caap-progress.json --out board/exports
`;

const FILTER_NAMES = ['port', 'pollutant', 'category', 'baseline', 'from', 'to'] as const;

/** What the command needs from outside; tests pass a synthetic chart engine. */
export interface ExportCommandDeps {
  engine?: () => Promise<ChartEngine>;
}

/** The `export` command, with its chart engine injectable. */
export function createExportCommand(deps: ExportCommandDeps = {}): CliCommand {
  return {
    name: 'export',
    summary: 'per-chart bundles: SVG, PNG, CSV, XLSX, JSON',
    usage: USAGE,
    async run(args: string[], io: CliIO) {
      const { values, positionals } = parseCommandArgs(
        args,
        {
          ...FILTER_OPTIONS,
          report: { type: 'string' },
          formats: { type: 'string' },
          data: { type: 'string' },
          out: { type: 'string' },
          quiet: { type: 'boolean', default: false },
          help: { type: 'boolean', short: 'h', default: false },
        },
        true,
      );
      if (values.help) {
        io.stdout(USAGE);
        return 0;
      }
      if (positionals.length > 1) {
        throw usageError(`export takes one chart id, found ${positionals.length}: ${positionals.join(' ')}`, 'export several charts with --report FILE');
      }
      const id = positionals[0];
      if (id !== undefined && values.report !== undefined) {
        throw usageError(`give a chart id or --report, not both (found '${id}' and --report ${values.report})`);
      }
      const formats = parseBundleFormats(values.formats ?? BUNDLE_FORMATS.join(','));
      const from = yearOption('from', values.from);
      const to = yearOption('to', values.to);
      const filters: ChartFilters = {
        ...(values.port === undefined ? {} : { port: values.port }),
        ...(values.pollutant === undefined ? {} : { pollutant: values.pollutant }),
        ...(values.category === undefined ? {} : { category: values.category }),
        ...(values.baseline === undefined ? {} : { baseline: values.baseline }),
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
      };
      const date = sourceDateEpoch(io);
      const engine = await (deps.engine ?? catalogueEngine)();
      if (id === undefined && values.report === undefined) {
        throw usageError('export needs a chart id or --report FILE', `chart ids: ${engine.chartIds.join(', ')}`);
      }
      if (values.report !== undefined) {
        const used = FILTER_NAMES.filter((name) => values[name] !== undefined);
        if (used.length > 0) {
          throw usageError(
            `--${used[0]} applies to a single chart id; with --report each chart's filters come from the definition`,
            'edit the filters in the report definition, or export one chart by its id',
          );
        }
      }
      if (id !== undefined && !engine.chartIds.includes(id)) {
        const near = closestCode(id, engine.chartIds);
        throw usageError(
          `unknown chart id '${id}'`,
          `${near === undefined ? '' : `did you mean '${near}'? `}chart ids: ${engine.chartIds.join(', ')}`,
        );
      }

      let dataset: Dataset;
      let requests: ChartRequest[];
      if (id !== undefined) {
        dataset = await loadDataset(datasetDir(values.data, io));
        // Filters the chart does not take and codes the dataset lacks are the chart builder's usage errors.
        requests = [{ key: id, chartId: id, filters }];
      } else {
        const loaded = await loadReportAndDataset(values, io, engine);
        dataset = loaded.dataset;
        requests = chartRequests(loaded.loaded.definition, loaded.file, engine);
      }

      const outOption = values.out ?? 'reports/out/export';
      const out = resolve(io.cwd, outOption);
      assertNotProtectedFolder(out, outOption, { cwd: io.cwd, ...(io.env.HOME ? { home: io.env.HOME } : {}) });
      const progress = chartProgress(io, requests.length, values.quiet);
      const written = await writeExport(
        out,
        requests,
        dataset,
        formats,
        { engine, ...(date === undefined ? {} : { date }), onProgress: (key) => progress.tick(key) },
        displayPath(out, io),
      );
      progress.done(`${written.charts.length} bundle${written.charts.length === 1 ? '' : 's'}`);
      io.stdout(`${displayPath(written.dir, io)}\n`);
      return 0;
    },
  };
}

/** `export`: per-chart bundles for one chart or a whole report. */
export const command: CliCommand = createExportCommand();
