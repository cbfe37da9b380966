#!/usr/bin/env -S npx tsx
/**
 * port-emissions command line. Thin: parses arguments, calls the library, prints; each command is loaded
 * lazily from its own module. Exit codes: 0 ok, 1 data errors, 2 usage errors.
 */
import { pathToFileURL } from 'node:url';
import { PortEmissionsError, formatIssue } from '../errors.ts';
import { processIO, type CliCommand, type CliIO } from './io.ts';

/** Command name -> module loader. Each module exports `command: CliCommand`. */
export const COMMANDS: Record<string, () => Promise<{ command: CliCommand }>> = {
  validate: () => import('./validate.ts'),
  'import-table': () => import('./import-table.ts'),
  reductions: () => import('./analyses.ts').then((m) => ({ command: m.reductionsCommand })),
  intensity: () => import('./analyses.ts').then((m) => ({ command: m.intensityCommand })),
  targets: () => import('./analyses.ts').then((m) => ({ command: m.targetsCommand })),
  reconcile: () => import('./analyses.ts').then((m) => ({ command: m.reconcileCommand })),
  project: () => import('./analyses.ts').then((m) => ({ command: m.projectCommand })),
  categories: () => import('./analyses.ts').then((m) => ({ command: m.categoriesCommand })),
  decompose: () => import('./analyses.ts').then((m) => ({ command: m.decomposeCommand })),
  report: () => import('./report.ts'),
  chart: () => import('./chart.ts'),
  deck: () => import('./deck.ts'),
  export: () => import('./export.ts'),
  explore: () => import('./explore.ts'),
};

const HELP = `port-emissions: port air-emissions inventories and trend analysis

Usage: port-emissions <command> [options]

Commands:
  validate       check a dataset (Data Package) row by row
  import-table   convert a published table (categories x years) to the long format
  reductions     % change against a named baseline
  intensity      tons per 10,000 TEU, indexed to the baseline
  targets        progress to every target
  reconcile      published indicators vs the same figures recomputed from tonnages
  project        trend projection to 2030/2035 and OGV 2030 context
  categories     source-category shares, ranks and Cooperative Agreement phases
  decompose      LMDI decomposition of a change into activity, intensity, structure
  report         build the self-contained HTML trend report
  chart          render one chart as SVG or PNG
  deck           build a PowerPoint board deck
  export         per-chart bundles: SVG, PNG, CSV, XLSX, JSON
  explore        write the interactive explore page (one offline HTML file)

Run 'port-emissions <command> --help' for a command's options and an example.
Exit codes: 0 ok, 1 data error, 2 usage error.
`;

/** Runs the CLI with the given arguments; returns the exit code. Errors become messages, never stack traces. */
export async function runCli(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    const { TOOL_VERSION } = await import('../version.ts');
    io.stdout(`${TOOL_VERSION}\n`);
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr(`port-emissions: unknown command '${name}'. Run 'port-emissions --help' for the list.\n`);
    return 2;
  }
  try {
    const { command } = await load();
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, io);
  }
}

/** Prints an error for a person and returns its exit code. */
export function reportError(error: unknown, io: CliIO): number {
  if (error instanceof PortEmissionsError) {
    for (const issue of error.details) io.stderr(`${formatIssue(issue)}\n`);
    const where = error.location
      ? [error.location.file, error.location.line, error.location.column].filter((p) => p !== undefined).join(':')
      : '';
    io.stderr(`port-emissions: ${where ? `${where}: ` : ''}${error.message}\n`);
    if (error.hint) io.stderr(`hint: ${error.hint}\n`);
    return error.exitCode;
  }
  if (error instanceof Error && 'code' in error && error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    io.stderr(`port-emissions: ${error.message}\n`);
    return 2;
  }
  if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    io.stderr(`port-emissions: ${error.message}\n`);
    return 2;
  }
  // Anything else is a bug in port-emissions, not bad input: say so with the stack.
  io.stderr(`port-emissions: internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 70;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
