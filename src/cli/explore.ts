/**
 * `explore`: the interactive explore page, one self-contained HTML file. Thin: options, dataset, the
 * library's writeExplorePage, the path and size on stdout.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { usageError } from '../errors.ts';
import { writeExplorePage, formatBytes, EXPLORE_SIZE_BUDGET } from '../explore/page.ts';
import { loadDataset } from '../ingest/load.ts';
import { datasetDir, parseCommandArgs } from './common.ts';
import type { CliCommand, CliIO } from './io.ts';
import { displayPath } from './report-options.ts';

/** Where `explore` writes by default, relative to the working directory (git-ignored). */
export const DEFAULT_EXPLORE_FILE = 'reports/out/explore.html';

const USAGE = `Usage: port-emissions explore [--data DIR] [--out FILE]

Writes one self-contained HTML page in which to compare ports (one, any set of them, combined ports too),
pollutants, source categories, baselines and years, as tons, % against the baseline, tons per activity unit
(per 10,000 TEU, or another normalisation the dataset declares) or share of the total.
Each view is a chart of the catalogue (the same chart, title, notes and sources as the report), with a
tooltip on every mark (value and unit, year, release, published or computed, source and grade), also
reached by the arrow keys; the view
lives in the page's address (#measure=pct&port=POLA&pollutant=DPM), so a link reopens it; "Download" gives
the framed SVG, a PNG and the data as CSV (the figures 'port-emissions export' writes for those filters).
The page needs no network: the chart code, vega and the dataset are inside it, and its
Content-Security-Policy forbids every load. Size budget: ${formatBytes(EXPLORE_SIZE_BUDGET)}.

  --data DIR        dataset folder (default: the embedded San Pedro Bay dataset)
  --out FILE        the page to write (default: ${DEFAULT_EXPLORE_FILE}); written atomically
  -h, --help        this help

Exit codes: 0 written; 1 data error (invalid dataset, a page over its size budget, a file that cannot be
written); 2 usage error (unknown option).

Example:
  port-emissions explore --out explore.html
`;

/** The `explore` command. */
export const command: CliCommand = {
  name: 'explore',
  summary: 'write the interactive explore page (one offline HTML file)',
  usage: USAGE,
  async run(args: string[], io: CliIO) {
    const { values } = parseCommandArgs(args, {
      data: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    const out = resolve(io.cwd, values.out ?? DEFAULT_EXPLORE_FILE);
    const dataset = await loadDataset(datasetDir(values.data, io));
    try {
      await mkdir(dirname(out), { recursive: true });
    } catch (error) {
      throw usageError(`cannot create the folder of --out ${out}: ${(error as Error).message}`);
    }
    const page = await writeExplorePage(dataset, out);
    io.stdout(`${displayPath(out, io)}\n`);
    io.stderr(`explore page: ${formatBytes(page.bytes)} of a ${formatBytes(page.budget)} budget\n`);
    return 0;
  },
};
