/**
 * `chart`: one chart of the catalogue as a framed SVG or PNG file. Thin: options, dataset, the chart
 * stage's buildChart and renderChart, an atomic write, the path on stdout.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, extname, relative, resolve } from 'node:path';
import { buildChart, CHARTS, chartById } from '../charts/catalogue.ts';
import { chartPng, renderChart } from '../charts/render-chart.ts';
import type { ChartFilters } from '../charts/types.ts';
import { fileSystemError, PortEmissionsError, usageError } from '../errors.ts';
import type { Dataset } from '../ingest/dataset.ts';
import { loadDataset } from '../ingest/load.ts';
import { writeFileAtomic } from '../report/atomic.ts';
import { chartDataJson } from '../analysis/chart-data/common.ts';
import { FILTER_OPTIONS, datasetDir, flagWords, parseCommandArgs, yearOption } from './common.ts';
import type { CliCommand, CliIO } from './io.ts';

/** Where `chart ID` writes by default, relative to the working directory (git-ignored). */
export const DEFAULT_CHART_DIR = 'reports/out/charts';

const FORMATS = ['svg', 'png'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `Usage: port-emissions chart ID [--format svg|png] [--scale N] [--data DIR] [filters] [--out FILE]
       port-emissions chart ID --json [--data DIR] [filters]
       port-emissions chart --list

Draws one chart of the catalogue as a framed picture: title, subtitle, notes, the sources with their
confidence grades, the release and baseline, the dataset hash and the tool version are part of the
picture, so a chart pasted alone into a slide still says where it comes from. Where the dataset lacks
the chart's data, the picture says which data would fill it.

  ID                a chart id (see --list)
  --list            print the chart ids, what each shows and the filters each takes
  --format F        svg or png (default: the --out file's extension, else svg)
  --scale N         PNG pixels per SVG px: 2 (default) for screens and slides, 3 for print
  --data DIR        dataset folder (default: the embedded San Pedro Bay dataset)
  --out FILE        file to write, .svg or .png (default: ${DEFAULT_CHART_DIR}/<ID>.<format>); written atomically
  --json            print the chart's data instead of drawing it: every figure at full precision with its
                    unit and sign convention (pct_change: negative = lower than the baseline), the release
                    rule and releases, the baseline, reference lines, data gaps and sources
  -h, --help        this help

Filters (each chart takes those --list shows):
  --port P          a port code, or a combined code (e.g. SPB_combined)
  --pollutant X     a pollutant code (e.g. DPM, NOx, SOx)
  --category C      a source category code, or all (port totals)
  --baseline ID     a baseline id of the dataset (default: the port's own, else the dataset's default_baseline)
  --from Y --to Y   first and last year

Exit codes: 0 written; 1 data error (invalid dataset, a file that cannot be written); 2 usage error
(unknown option or chart id, a filter the chart does not take, a code the dataset lacks).

Examples:
  port-emissions chart reductions
  port-emissions chart reductions --pollutant DPM --port POLA --format png --scale 3 --out dpm.png
  port-emissions chart emissions --pollutant NOx --from 2005 --to 2012
`;

/** The catalogue as text: id, filters, description (wrapped). */
export function catalogueText(): string {
  const width = Math.max(...CHARTS.map((c) => c.id.length));
  const lines: string[] = [];
  for (const chart of CHARTS) {
    const filters = chart.filters.length === 0 ? 'no filters' : chart.filters.map((f) => `--${f}`).join(' ');
    lines.push(`${chart.id.padEnd(width)}  ${filters}`);
    lines.push(...wrap(flagWords(chart.description), 96).map((l) => `${' '.repeat(width)}  ${l}`));
  }
  return `${lines.join('\n')}\n`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * The picture format: --format, else the --out file's extension (`dpm.png` is a PNG), else SVG. An --out
 * extension that is neither .svg nor .png, or that disagrees with --format, is a usage error: the file
 * would not be what its name says.
 */
function formatOption(value: string | undefined, out: string | undefined): Format {
  if (value !== undefined && !(FORMATS as readonly string[]).includes(value)) throw usageError(`--format expects svg or png, found '${value}'`);
  const extension = out === undefined ? undefined : extname(out).slice(1).toLowerCase();
  if (extension !== undefined && !(FORMATS as readonly string[]).includes(extension)) {
    throw usageError(`--out ${out}: chart writes .svg or .png files, found ${extension === '' ? 'no extension' : `'.${extension}'`}`, 'end the file name in .svg or .png');
  }
  if (value !== undefined && extension !== undefined && value !== extension) {
    throw usageError(`--out ${out} names a .${extension} file but --format is ${value}`, `drop --format, or end the file name in .${value}`);
  }
  return (value ?? extension ?? 'svg') as Format;
}

function scaleOption(value: string | undefined, format: Format): number {
  if (value === undefined) return 2;
  if (format !== 'png') throw usageError('--scale applies to --format png only');
  if (!/^\d+(\.\d+)?$/.test(value) || !(Number(value) > 0) || Number(value) > 16) {
    throw usageError(`--scale expects a number above 0 and at most 16, found '${value}'`, 'use 2 for screens and slides, 3 for print');
  }
  return Number(value);
}

/**
 * Runs a catalogue call (chartById, buildChart), whose usage errors name its options (`from`, `pollutant`;
 * main.ts says them as flags, see errorInFlags): a usage error without a hint gets one pointing at the
 * catalogue.
 */
function withCatalogueHint<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof PortEmissionsError) || error.exitCode !== 2 || error.hint !== undefined) throw error;
    throw new PortEmissionsError(error.message, {
      exitCode: 2,
      ...(error.location === undefined ? {} : { location: error.location }),
      details: error.details,
      hint: 'run `port-emissions chart --list` for the charts and the flags each takes',
      cause: error,
    });
  }
}

/** The `chart` command. */
export const command: CliCommand = {
  name: 'chart',
  summary: 'render one chart as SVG or PNG',
  usage: USAGE,
  async run(args: string[], io: CliIO) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        ...FILTER_OPTIONS,
        data: { type: 'string' },
        format: { type: 'string' },
        scale: { type: 'string' },
        out: { type: 'string' },
        list: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      true,
    );
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (values.list) {
      io.stdout(catalogueText());
      return 0;
    }
    if (positionals.length === 0) throw usageError('chart needs a chart id', 'run `port-emissions chart --list` for the ids');
    if (positionals.length > 1) throw usageError(`chart takes one chart id, found ${positionals.length}: ${positionals.join(' ')}`);
    const id = positionals[0]!;
    withCatalogueHint(() => chartById(id));
    const format = formatOption(values.format, values.out);
    const scale = scaleOption(values.scale, format);
    const filters: ChartFilters = {
      ...(values.port === undefined ? {} : { port: values.port }),
      ...(values.pollutant === undefined ? {} : { pollutant: values.pollutant }),
      ...(values.category === undefined ? {} : { category: values.category }),
      ...(values.baseline === undefined ? {} : { baseline: values.baseline }),
      ...(values.from === undefined ? {} : { from: yearOption('from', values.from) }),
      ...(values.to === undefined ? {} : { to: yearOption('to', values.to) }),
    };
    const dataset = await loadDataset(datasetDir(values.data, io));
    const built = withCatalogueHint(() => buildChart(id, dataset, filters));
    if (values.json) {
      io.stdout(`${JSON.stringify(chartDataJson(built.chartData!), null, 2)}\n`);
      return 0;
    }
    const out = resolve(io.cwd, values.out ?? `${DEFAULT_CHART_DIR}/${id}.${format}`);
    const { svg } = await renderChart(built, dataset);
    const bytes = format === 'svg' ? svg : await chartPng(svg, scale);
    try {
      await mkdir(dirname(out), { recursive: true });
    } catch (error) {
      throw fileSystemError('create the folder of --out', dirname(out), error);
    }
    await writeFileAtomic(out, bytes);
    const shown = relative(io.cwd, out);
    io.stdout(`${shown.startsWith('..') || shown === '' ? out : shown}\n`);
    if (built.missing !== undefined) io.stderr(`note: ${id}: not in the data: ${built.missing}\n`);
    return 0;
  },
};
