/**
 * `deck`: every chart of a report definition as a PowerPoint board deck. Thin: options, dataset, the library's
 * buildBoardDeck, an atomic write, progress on stderr, the path on stdout.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { fileSystemError, usageError } from '../errors.ts';
import { writeFileAtomic } from '../report/atomic.ts';
import { buildBoardDeck, chartRequests } from '../report/board-pack.ts';
import { catalogueEngine } from '../report/build.ts';
import type { Progress } from '../report/progress.ts';
import { parseCommandArgs } from './common.ts';
import type { CliCommand } from './io.ts';
import { chartProgress, displayPath, loadReportAndDataset, REPORT_COMMAND_OPTIONS, sourceDateEpoch, type ReportCommandDeps } from './report-options.ts';

const USAGE = `Usage: port-emissions deck [--report FILE] [--data DIR] [--out FILE.pptx] [--quiet]

Builds a PowerPoint deck for a board pack from a report definition: a title slide; one slide per chart,
drawn as a native, editable PowerPoint chart where the chart type allows (line, bar, stacked bar) and as a
high-resolution picture otherwise, with its title, source line, release and baseline; speaker notes with the
chart's narrative and citations; a closing slide listing every source cited. The file is written whole or
not at all. Progress goes to stderr (a bar on a terminal, one line per chart otherwise); the path to stdout.

  --report FILE     report definition (default: reports/caap-progress.json; also reports/source-categories.json)
  --data DIR        dataset folder (default: the definition's dataset, else the embedded San Pedro Bay data)
  --out FILE.pptx   where to write the deck (default: reports/out/<report name>.pptx)
  --quiet           no progress output
  -h, --help        this help

The document date is the dataset's own date (its newest release), so identical inputs give identical
files; set SOURCE_DATE_EPOCH (seconds since 1970) to stamp another date.

Exit codes: 0 written; 1 data error (invalid dataset or definition, a chart that cannot be built, a file
that cannot be written); 2 usage error (unknown option, unreadable --report, --out not ending in .pptx,
bad SOURCE_DATE_EPOCH). NO_COLOR turns colour off in the progress bar.

Examples:
  port-emissions deck
  port-emissions deck --report reports/source-categories.json --out board/categories.pptx
`;

/** What the command needs from outside; tests pass a synthetic chart engine. */
export type DeckCommandDeps = ReportCommandDeps;

/** The `deck` command, with its chart engine injectable. */
export function createDeckCommand(deps: DeckCommandDeps = {}): CliCommand {
  return {
    name: 'deck',
    summary: 'build a PowerPoint board deck',
    usage: USAGE,
    async run(args, io) {
      const { values } = parseCommandArgs(args, REPORT_COMMAND_OPTIONS);
      if (values.help) {
        io.stdout(USAGE);
        return 0;
      }
      if (values.out !== undefined && extname(values.out).toLowerCase() !== '.pptx') {
        throw usageError(`--out must name a .pptx file, found '${values.out}'`, 'e.g. --out board/caap-2024.pptx');
      }
      const date = sourceDateEpoch(io);
      const engine = await (deps.engine ?? catalogueEngine)();
      const { loaded, dataset, file } = await loadReportAndDataset(values, io, engine);
      const requests = chartRequests(loaded.definition, file, engine);
      const out = values.out === undefined ? resolve(io.cwd, 'reports', 'out', `${loaded.name}.pptx`) : resolve(io.cwd, values.out);

      const progress = chartProgress(io, requests.length, values.quiet);
      const deck = await buildBoardDeck(requests, dataset, {
        engine,
        title: loaded.definition.title,
        ...(loaded.definition.subtitle === undefined ? {} : { subtitle: loaded.definition.subtitle }),
        ...(loaded.definition.keyFigures === undefined ? {} : { keyFigures: loaded.definition.keyFigures }),
        ...(date === undefined ? {} : { date }),
        onProgress: (key) => progress.tick(key),
      });
      try {
        await mkdir(dirname(out), { recursive: true });
      } catch (error) {
        throw fileSystemError('create the folder of', displayPath(dirname(out), io), error, 'choose a writable place with --out');
      }
      await writeFileAtomic(out, deck);
      progress.done(`${requests.length} chart${requests.length === 1 ? '' : 's'} in the deck`);
      io.stdout(`${displayPath(out, io)}\n`);
      return 0;
    },
  };
}

/** `deck`: a PowerPoint board deck from a report definition. */
export const command: CliCommand = createDeckCommand();
