/**
 * The analysis commands: reductions, intensity, targets, reconcile, project, categories, decompose. Thin:
 * parse the options, load the dataset, call the library, print a table or JSON (`--json`: an array of the
 * analysis rows, every field). Unknown codes are usage errors raised by the library, with the valid codes.
 */
import { usageError } from '../errors.ts';
import { decomposeChange } from '../analysis/decompose.ts';
import { intensityPer10000Teu } from '../analysis/intensity.ts';
import { projectSeries, regionalContext } from '../analysis/project.ts';
import { reconcileIndicators, restatementDiff } from '../analysis/reconcile.ts';
import { reductionsVsBaseline } from '../analysis/reductions.ts';
import { sourceCategoryShares } from '../analysis/categories.ts';
import { targetProgress } from '../analysis/targets.ts';
import { rowsOf, type AnalysisTable, type DecompositionRow, type ProjectionRow } from '../analysis/types.ts';
import { checkFilters, combinedPorts, inventoryTonnages, unique } from '../analysis/common.ts';
import type { Dataset } from '../ingest/dataset.ts';
import { loadDataset } from '../ingest/load.ts';
import { DATA_OPTIONS, FILTER_OPTIONS, datasetDir, formatTable, parseCommandArgs, printRows, yearOption } from './common.ts';
import type { CliCommand, CliIO } from './io.ts';

const DATA_HELP = `  --data DIR        dataset folder (default: the embedded San Pedro Bay dataset)
  --json            print every field of every row as a JSON array
  -h, --help        this help`;

const FILTER_HELP = `  --port P          a port code, or a combined code (e.g. SPB_combined)
  --pollutant X     a pollutant code (e.g. DPM, NOx, SOx)
  --category C      a source category code, or all (port totals)
  --from Y --to Y   first and last year of the rows shown`;

async function load(values: { data?: string | undefined }, io: CliIO): Promise<Dataset> {
  return loadDataset(datasetDir(values.data, io));
}

function years(values: { from?: string | undefined; to?: string | undefined }): { from?: number; to?: number } {
  const from = yearOption('from', values.from);
  const to = yearOption('to', values.to);
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

/** Drops undefined values so the library's defaults apply. */
function defined<T extends Record<string, unknown>>(object: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

/** Prints an analysis table's rows (checked against its row schema): the columns given, or every field as JSON. */
function print<T extends object>(io: CliIO, table: AnalysisTable<T>, columns: readonly (keyof T & string)[], json: boolean): void {
  printRows(io, rowsOf(table), columns, json);
}

const REDUCTIONS_USAGE = `Usage: port-emissions reductions [--data DIR] [--port P] [--pollutant X] [--category C]
                                [--baseline ID] [--release R] [--from Y --to Y] [--json]

Percent change of every inventory tonnage against a named baseline (default: the port's own, else the dataset's), per port and for
combined ports where every member reports. The baseline value comes from the same release as the value
(inventories restate earlier years); where it cannot, the reason column says why.

${DATA_HELP}
${FILTER_HELP}
  --baseline ID     a baseline id of the dataset (default: the port's own, else the dataset's default_baseline)
  --release R       only rows of this release

Example:
  port-emissions reductions --port POLA --pollutant DPM
`;

/** `reductions`: % change against a named baseline. */
export const reductionsCommand: CliCommand = {
  name: 'reductions',
  summary: '% change against a named baseline',
  usage: REDUCTIONS_USAGE,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { ...DATA_OPTIONS, ...FILTER_OPTIONS, release: { type: 'string' } });
    if (values.help) return help(io, REDUCTIONS_USAGE);
    const range = years(values);
    const dataset = await load(values, io);
    const table = reductionsVsBaseline(dataset, defined({ port: values.port, pollutant: values.pollutant, category: values.category, baseline: values.baseline, release: values.release, ...range }));
    print(io, table, ['port', 'year', 'source_category', 'pollutant', 'release', 'value', 'baseline_year', 'baseline_value', 'pct_change', 'reason'], values.json);
    return 0;
  },
};

const INTENSITY_USAGE = `Usage: port-emissions intensity [--data DIR] [--port P] [--pollutant X] [--category C]
                               [--baseline ID] [--per CODE] [--release R] [--from Y --to Y] [--json]

Tons per 10,000 TEU (or per the activity measure of another normalisation the dataset declares, e.g.
per_10000_cargo_tons) for every inventory tonnage, with tons and intensity indexed to the baseline year
(= 100). TEU: one calendar-year figure per port and year, exact > derived > rounded; 'approximate' marks
a rounded or derived TEU (this year's or the baseline's).

${DATA_HELP}
${FILTER_HELP}
  --baseline ID     the baseline of the indices (default: the port's own, else the dataset's default_baseline)
  --per CODE        a normalisation of codelists/normalisations.csv (default: the dataset's
                    default_normalisation, else per_10000_teu); 'teu' is then that measure's figure
  --release R       only rows of this release

Example:
  port-emissions intensity --port POLA --pollutant NOx --from 2009
`;

/** `intensity`: tons per 10,000 TEU, indexed to the baseline. */
export const intensityCommand: CliCommand = {
  name: 'intensity',
  summary: 'tons per 10,000 TEU, indexed to the baseline',
  usage: INTENSITY_USAGE,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { ...DATA_OPTIONS, ...FILTER_OPTIONS, release: { type: 'string' }, per: { type: 'string' } });
    if (values.help) return help(io, INTENSITY_USAGE);
    const range = years(values);
    const dataset = await load(values, io);
    const table = intensityPer10000Teu(dataset, defined({ port: values.port, pollutant: values.pollutant, category: values.category, baseline: values.baseline, release: values.release, normalisation: values.per, ...range }));
    print(io, table, ['port', 'year', 'source_category', 'pollutant', 'tons', 'teu', 'teu_precision', 'intensity', 'intensity_index', 'tons_index', 'approximate', 'reason'], values.json);
    return 0;
  },
};

const TARGETS_USAGE = `Usage: port-emissions targets [--data DIR] [--port P] [--pollutant X] [--as-of Y] [--json]

Progress to every target of the dataset: the reduction achieved at the latest year of evidence (tonnages,
else published % figures), whether and when it was met, the average annual reduction still required and
the historical rate. Conflicting published values of one target are each evaluated and flagged.

${DATA_HELP}
  --port P          only targets that apply to this port
  --pollutant X     only targets of this pollutant
  --as-of Y         only evidence up to this year

Example:
  port-emissions targets --pollutant SOx
`;

/** `targets`: progress to every target. */
export const targetsCommand: CliCommand = {
  name: 'targets',
  summary: 'progress to every target',
  usage: TARGETS_USAGE,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { ...DATA_OPTIONS, port: { type: 'string' }, pollutant: { type: 'string' }, 'as-of': { type: 'string' } });
    if (values.help) return help(io, TARGETS_USAGE);
    const asOf = yearOption('as-of', values['as-of']);
    const dataset = await load(values, io);
    checkFilters(dataset, defined({ port: values.port, pollutant: values.pollutant }));
    const table = targetProgress(dataset, defined({ port: values.port, pollutant: values.pollutant, asOf }));
    print(
      io,
      table,
      ['target_id', 'port', 'pollutant', 'target_year', 'target_pct', 'latest_year', 'achieved_pct', 'met', 'first_year_met', 'required_annual_pct', 'historical_annual_pct', 'on_track', 'conflicting', 'evidence', 'reason'],
      values.json,
    );
    return 0;
  },
};

const RECONCILE_USAGE = `Usage: port-emissions reconcile [--data DIR] [--port P] [--pollutant X] [--category C] [--from Y --to Y]
                               [--status agrees|differs|not_computable] [--json]
       port-emissions reconcile --release-a A --release-b B [--port P] [--pollutant X] [--category C] [--json]

Every published % figure, and every published "tons reduced since the baseline" (baseline-year minus
that year's tonnage), beside the same figure recomputed from the tonnages: agrees (within half a unit of
the published figure's last digit: 0.5 points for -79%, 0.5 t for 706 t), differs (with the likely cause:
restated baseline, different release, per-TEU vs absolute, rounded TEU or tonnages) or not_computable
(with what is missing). The difference is in points (difference_pts) for a % figure, in tons
(difference_t) for tons reduced; unit says which the published and computed figures are in.
With --release-a and --release-b: what changed between two releases of the same series (restatement).

${DATA_HELP}
${FILTER_HELP}
  --status S        only rows with this status
  --release-a A     first release of a restatement diff
  --release-b B     second release of a restatement diff

Examples:
  port-emissions reconcile --port POLA --pollutant DPM
  port-emissions reconcile --release-a POLB_EI_2007_PRESSTELEGRAM --release-b POLB_EI_2018_MARPRO
`;

const STATUSES = ['agrees', 'differs', 'not_computable'] as const;

/** `reconcile`: published indicators vs the same figures recomputed; or a restatement diff. */
export const reconcileCommand: CliCommand = {
  name: 'reconcile',
  summary: 'published indicators vs the same figures recomputed from tonnages',
  usage: RECONCILE_USAGE,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      ...DATA_OPTIONS,
      ...FILTER_OPTIONS,
      status: { type: 'string' },
      'release-a': { type: 'string' },
      'release-b': { type: 'string' },
    });
    if (values.help) return help(io, RECONCILE_USAGE);
    if (values.baseline !== undefined) throw usageError('reconcile takes no --baseline: each indicator names what it is relative to', 'run the command with --help for its options');
    const range = years(values);
    const status = values.status;
    if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) {
      throw usageError(`--status expects one of ${STATUSES.join(', ')}, found '${status}'`);
    }
    const releaseA = values['release-a'];
    const releaseB = values['release-b'];
    if ((releaseA === undefined) !== (releaseB === undefined)) throw usageError('a restatement diff needs both --release-a and --release-b');
    const dataset = await load(values, io);
    const filters = defined({ port: values.port, pollutant: values.pollutant, category: values.category, ...range });
    if (releaseA !== undefined && releaseB !== undefined) {
      const table = restatementDiff(dataset, { releaseA, releaseB, ...filters });
      print(io, table, ['port', 'year', 'source_category', 'pollutant', 'metric', 'value_a', 'value_b', 'change', 'pct_change', 'status', 'reason'], values.json);
      return 0;
    }
    const rows = rowsOf(reconcileIndicators(dataset, filters)).filter((r) => status === undefined || r.status === status);
    printRows(io, rows, ['port', 'year', 'source_category', 'pollutant', 'metric', 'relative_to', 'unit', 'published', 'computed', 'difference_pts', 'difference_t', 'status', 'cause'], values.json);
    return 0;
  },
};

const PROJECT_USAGE = `Usage: port-emissions project [--data DIR] [--port P] [--pollutant X] [--category C]
                             [--to 2030,2035] [--from Y] [--until Y] [--scale log|linear] [--level 0.95]
                             [--series tons|index|both] [--baseline ID] [--json]
       port-emissions project --regional [--pollutant X] [--category C] [--json]

A Theil-Sen trend per series (a median of pairwise slopes: robust to the 2020-2021 swing), projected to
the years of --to with a rank-based (Sen) interval, and the gap to the target of that year. Series: the
inventory tonnages, and the published % vs baseline as an index (baseline = 100). The table shows the
projections and the method of each fit; --json gives every row (observed, fit, projection).
With --regional: the regional context (tons/day figures annualised x365 in the source's ton, the basin
NOx path against the carrying capacity) beside the ports' figures for a source category (default
ocean_going_vessels).

${DATA_HELP}
  --port P          a port or combined code
  --pollutant X     a pollutant code
  --category C      a source category code, or all
  --to Y[,Y...]     years to project to (default 2030,2035)
  --from Y          first observed year used in the fit
  --until Y         last observed year used in the fit
  --scale S         log (default: a constant % per year) or linear
  --level L         interval level for the slope (default 0.95)
  --series S        tons, index or both (default both)
  --baseline ID     baseline of the index series (default: the port's own, else the dataset's default_baseline)
  --regional        the regional context instead of projections

Examples:
  port-emissions project --port POLA --pollutant NOx --to 2030
  port-emissions project --regional --pollutant NOx
`;

/** `project`: trend projections, or the regional context. */
export const projectCommand: CliCommand = {
  name: 'project',
  summary: 'trend projection to 2030/2035 and OGV 2030 context',
  usage: PROJECT_USAGE,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      ...DATA_OPTIONS,
      ...FILTER_OPTIONS,
      until: { type: 'string' },
      scale: { type: 'string' },
      level: { type: 'string' },
      series: { type: 'string' },
      regional: { type: 'boolean', default: false },
    });
    if (values.help) return help(io, PROJECT_USAGE);
    const horizon = values.to === undefined ? undefined : values.to.split(',').map((y) => yearOption('to', y.trim())!);
    const from = yearOption('from', values.from);
    const until = yearOption('until', values.until);
    if (values.scale !== undefined && values.scale !== 'log' && values.scale !== 'linear') throw usageError(`--scale expects log or linear, found '${values.scale}'`);
    const level = values.level === undefined ? undefined : Number(values.level);
    if (level !== undefined && !(level > 0 && level < 1)) throw usageError(`--level expects a number between 0 and 1 (e.g. 0.95), found '${values.level}'`);
    const seriesNames = { tons: 'tons', index: 'published_index', both: 'both' } as const;
    if (values.series !== undefined && !(values.series in seriesNames)) throw usageError(`--series expects tons, index or both, found '${values.series}'`);
    const series = values.series === undefined ? undefined : seriesNames[values.series as keyof typeof seriesNames];
    const dataset = await load(values, io);
    if (values.regional) {
      const table = regionalContext(dataset, defined({ pollutant: values.pollutant, category: values.category }));
      print(io, table, ['scope', 'region', 'year', 'item', 'pollutant', 'value', 'unit', 'tons_per_year', 'planning_target', 'above_target', 'conversion'], values.json);
      return 0;
    }
    const table = projectSeries(
      dataset,
      defined({ port: values.port, pollutant: values.pollutant, category: values.category, to: horizon, from, until, scale: values.scale as 'log' | 'linear' | undefined, level, series, baseline: values.baseline }),
    );
    const rows = rowsOf(table);
    if (values.json) {
      io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    const key = (r: ProjectionRow) => `${r.port} ${r.pollutant} ${r.source_category} ${r.series}`;
    io.stdout(formatTable(rows.filter((r) => r.kind === 'projection'), ['port', 'pollutant', 'source_category', 'series', 'year', 'value', 'lower', 'upper', 'unit', 'target_id', 'target_value', 'gap', 'reason']));
    const methods = unique(rows.filter((r) => r.method !== '').map((r) => `  ${key(r)}: ${r.method}`));
    if (methods.length > 0) io.stdout(`\nMethod:\n${methods.join('\n')}\n`);
    const skipped = unique(rows.filter((r) => r.kind === 'observed' && r.method === '' && r.reason !== '').map((r) => `  ${key(r)}: ${r.reason}`));
    if (skipped.length > 0) io.stdout(`\nNot projected:\n${skipped.join('\n')}\n`);
    return 0;
  },
};

const CATEGORIES_USAGE = `Usage: port-emissions categories [--data DIR] [--port P] [--pollutant X] [--category C]
                                [--baseline ID] [--release R] [--from Y --to Y] [--json]

Each source category's share of the port total (the release's 'all' row, else the sum of the categories
reported: total_basis says which), its rank, its change since the baseline, and, where the dataset has
milestones of an agreement, the phase and deadline that covers it.

${DATA_HELP}
${FILTER_HELP}
  --baseline ID     baseline of the change (default: the port's own, else the dataset's default_baseline)
  --release R       only rows of this release

Example:
  port-emissions categories --port POLB --pollutant DPM
`;

/** `categories`: source-category shares, ranks and phases. */
export const categoriesCommand: CliCommand = {
  name: 'categories',
  summary: 'source-category shares, ranks and agreement phases (where the dataset has milestones)',
  usage: CATEGORIES_USAGE,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { ...DATA_OPTIONS, ...FILTER_OPTIONS, release: { type: 'string' } });
    if (values.help) return help(io, CATEGORIES_USAGE);
    const range = years(values);
    const dataset = await load(values, io);
    const table = sourceCategoryShares(dataset, defined({ port: values.port, pollutant: values.pollutant, category: values.category, baseline: values.baseline, release: values.release, ...range }));
    print(io, table, ['port', 'year', 'source_category', 'pollutant', 'value', 'total', 'total_basis', 'share_pct', 'rank', 'pct_change_vs_baseline', 'phase', 'phase_deadline', 'phase_note'], values.json);
    return 0;
  },
};

const DECOMPOSE_USAGE = `Usage: port-emissions decompose [--data DIR] [--port P] [--pollutant X] [--from Y] [--to Y]
                               [--baseline ID] [--release R] [--json]

The change in tons between two years split by additive LMDI into activity (TEU), intensity (tons per
TEU) and, where source categories make up the total, structure effects; the effects add up to the total.
Without --port or --pollutant, every port and pollutant with tonnages. --from defaults to the baseline
year, --to to the latest year of a release holding both.

${DATA_HELP}
  --port P          a port or combined code
  --pollutant X     a pollutant code
  --from Y --to Y   the two years
  --baseline ID     baseline giving the default --from (not needed with --from and --to)
  --release R       the release of the tonnages

Example:
  port-emissions decompose --port POLA --pollutant DPM --from 2005 --to 2012
`;

/** `decompose`: LMDI decomposition of a change. */
export const decomposeCommand: CliCommand = {
  name: 'decompose',
  summary: 'LMDI decomposition of a change into activity, intensity, structure',
  usage: DECOMPOSE_USAGE,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { ...DATA_OPTIONS, ...FILTER_OPTIONS, release: { type: 'string' } });
    if (values.help) return help(io, DECOMPOSE_USAGE);
    if (values.category !== undefined) throw usageError('decompose takes no --category: it decomposes port totals (structure comes from the categories)', 'run the command with --help for its options');
    const range = years(values);
    const dataset = await load(values, io);
    checkFilters(dataset, defined({ port: values.port, pollutant: values.pollutant, release: values.release }));
    const tonnages = inventoryTonnages(dataset);
    const combined = new Map(combinedPorts(dataset).map((p) => [p.code, p.members]));
    const ports = values.port !== undefined ? [values.port] : unique([...tonnages.map((r) => r.port), ...combined.keys()]).filter((p) => tonnages.some((r) => r.port === p || (combined.get(p) ?? []).includes(r.port)));
    const rows: DecompositionRow[] = [];
    for (const port of [...dataset.codelists.ports.keys()].filter((p) => ports.includes(p))) {
      const members = combined.get(port);
      const pollutants =
        values.pollutant !== undefined
          ? [values.pollutant]
          : [...dataset.codelists.pollutants.keys()].filter((x) => tonnages.some((r) => r.pollutant === x && (r.port === port || (members ?? []).includes(r.port))));
      for (const pollutant of pollutants) {
        rows.push(...rowsOf(decomposeChange(dataset, defined({ port, pollutant, from: range.from, to: range.to, baseline: values.baseline, release: values.release }))));
      }
    }
    const columns = ['port', 'pollutant', 'from_year', 'to_year', 'effect', 'value', 'unit', 'release', 'approximate', 'reason'] as const;
    const everything = values.port !== undefined && values.pollutant !== undefined;
    if (values.json || everything) {
      printRows(io, rows, columns, values.json);
      return 0;
    }
    // Over every port and pollutant, the table keeps what was decomposed and lists the rest below it.
    const failed = new Set(rows.filter((r) => r.effect === 'total' && r.value === null).map((r) => `${r.port} ${r.pollutant}`));
    io.stdout(formatTable(rows.filter((r) => !failed.has(`${r.port} ${r.pollutant}`)), columns));
    const skipped = rows.filter((r) => r.effect === 'total' && r.value === null).map((r) => `  ${r.port} ${r.pollutant}: ${r.reason}`);
    if (skipped.length > 0) io.stdout(`\nNot decomposed:\n${skipped.join('\n')}\n`);
    return 0;
  },
};

function help(io: CliIO, usage: string): number {
  io.stdout(usage);
  return 0;
}
