/**
 * `report`: the self-contained HTML trend report (the tool's main job). Thin: options, definition, dataset,
 * the library's writeReport, progress on stderr, the HTML's path on stdout.
 */
import { resolve } from 'node:path';
import { catalogueEngine, writeReport } from '../report/build.ts';
import { REPORT_SIZE_BUDGET } from '../report/html.ts';
import type { Progress } from '../report/progress.ts';
import { definitionLabel } from '../report/definition.ts';
import { parseCommandArgs } from './common.ts';
import { chartProgress, displayPath, loadReportAndDataset, REPORT_COMMAND_OPTIONS, sourceDateEpoch, type ReportCommandDeps } from './report-options.ts';

export type { ReportCommandDeps } from './report-options.ts';
import type { CliCommand } from './io.ts';


const USAGE = `Usage: port-emissions report [--report FILE] [--data DIR] [--out DIR] [--quiet]

Builds the HTML trend report of a report definition: one self-contained file (inline SVG charts that show
without JavaScript, a data table behind each chart, a summary from the charts' narratives, the sources with
their confidence grades, the dataset's sha256; no network access, prints landscape as a board-ready PDF),
plus every chart as SVG and PNG (2x). Nothing is written unless every chart builds; each file is replaced
whole. Progress goes to stderr (a bar on a terminal, one line per chart otherwise); the HTML's path to stdout.

  --report FILE   report definition (default: reports/caap-progress.json; also reports/source-categories.json)
  --data DIR      dataset folder (default: the definition's "dataset", else the embedded San Pedro Bay data)
  --out DIR       output folder (default: reports/out/): writes <out>/<report name>.html and <out>/charts/
  --quiet         no progress output
  -h, --help      this help

The "generated" date in the report is the dataset's own date (its newest release), so identical inputs
give identical files; set SOURCE_DATE_EPOCH (seconds since 1970) to stamp another date.

Exit codes: 0 written; 1 data error (invalid dataset or definition, a chart that cannot be built, a file
that cannot be written); 2 usage error (unknown option, unreadable --report, bad SOURCE_DATE_EPOCH).
NO_COLOR turns colour off in the progress bar.

Examples:
  port-emissions report
  port-emissions report --report reports/source-categories.json --out /tmp/board
`;


/** The `report` command, with its chart engine injectable. */
export function createReportCommand(deps: ReportCommandDeps = {}): CliCommand {
  return {
    name: 'report',
    summary: 'build the self-contained HTML trend report',
    usage: USAGE,
    async run(args, io) {
      const { values } = parseCommandArgs(args, REPORT_COMMAND_OPTIONS);
      if (values.help) {
        io.stdout(USAGE);
        return 0;
      }
      const now = sourceDateEpoch(io);
      const engine = await (deps.engine ?? catalogueEngine)();
      const { loaded, dataset } = await loadReportAndDataset(values, io, engine);
      const out = resolve(io.cwd, values.out ?? 'reports/out');

      const total = loaded.definition.sections.reduce((n, section) => n + section.charts.length, 0);
      const svgProgress = chartProgress(io, total, values.quiet);
      let pngProgress: Progress | undefined;
      const written = await writeReport(loaded.definition, dataset, {
        engine,
        out,
        name: loaded.name,
        // Recorded in the HTML: by name, so the same inputs give the same bytes from any working directory.
        definitionFile: definitionLabel(loaded.path, dataset.dir),
        ...(now === undefined ? {} : { now }),
        onProgress: (event) => {
          if (event.stage === 'svg') {
            svgProgress.tick(event.chart);
            if (event.done === event.total) svgProgress.done(`${total} chart${total === 1 ? '' : 's'} rendered`);
          } else {
            pngProgress ??= chartProgress(io, event.total, values.quiet, 'PNG');
            pngProgress.tick(event.chart);
          }
        },
      });
      svgProgress.done();
      const bytes = Buffer.byteLength(written.report.html);
      pngProgress?.done(`report ${(bytes / 1024 / 1024).toFixed(1)} MB (budget ${REPORT_SIZE_BUDGET / 1024 / 1024} MB), ${written.files.length - 1} chart files`);
      io.stdout(`${displayPath(written.htmlPath, io)}\n`);
      return 0;
    },
  };
}

/** `report`: the HTML trend report of a report definition. */
export const command: CliCommand = createReportCommand();
