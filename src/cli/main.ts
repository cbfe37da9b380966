#!/usr/bin/env -S npx tsx
/**
 * port-emissions command line. Thin: parses arguments, calls the library, prints; each command is loaded
 * lazily from its own module. Exit codes: 0 ok, 1 data or output errors, 2 usage errors, 70 internal errors.
 */
import { pathToFileURL } from 'node:url';
import { PortEmissionsError, formatIssue, fsErrorCode, fsErrorReason } from '../errors.ts';
import { cutForMessage } from '../terminal-safe.ts';
import { processIO, terminalSafeIO, type CliCommand, type CliIO } from './io.ts';
import { errorInFlags } from './common.ts';

/** Command name -> module loader. Each module exports `command: CliCommand`. */
export const COMMANDS: Record<string, () => Promise<{ command: CliCommand }>> = {
  init: () => import('./init.ts'),
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
  init           write a starting dataset for a port
  import-table   convert a published table (CSV or XLSX, any usual layout), or add it to a dataset
  reductions     % change against a named baseline
  intensity      tons per 10,000 TEU, indexed to the baseline
  targets        progress to every target
  reconcile      published indicators vs the same figures recomputed from tonnages
  project        trend projection to 2030/2035 and OGV 2030 context
  categories     source-category shares, ranks and agreement phases (where the dataset has milestones)
  decompose      LMDI decomposition of a change into activity, intensity, structure
  report         build the self-contained HTML trend report
  chart          render one chart as SVG or PNG
  deck           build a PowerPoint board deck
  export         per-chart bundles: SVG, PNG, CSV, XLSX, JSON
  explore        write the interactive explore page (one offline HTML file)

Run 'port-emissions <command> --help' for a command's options and an example.
Exit codes: 0 ok, 1 data or output error, 2 usage error, 70 internal error (a bug: please report it).
`;

/** Runs the CLI with the given arguments; returns the exit code. Errors become messages, never stack traces. */
export async function runCli(argv: string[], processStreams: CliIO = processIO()): Promise<number> {
  const io = terminalSafeIO(processStreams);
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
    // The library's usage errors name option fields; the command line says its flags.
    return reportError(errorInFlags(error), io);
  }
}

/** Exit code of a failure that is a bug in port-emissions, not bad input (sysexits' EX_SOFTWARE). */
export const EXIT_INTERNAL = 70;

/** The first stack frame inside port-emissions' own code, as `src/...ts:line:column`, to locate a bug in one line. */
function bugLocation(error: Error): string | undefined {
  for (const line of (error.stack ?? '').split('\n').slice(1)) {
    if (line.includes('node_modules')) continue;
    const match = /(?:\(|at )(?:file:\/\/)?([^()]*?[/\\]src[/\\][^():]+:\d+:\d+)\)?\s*$/.exec(line);
    if (!match) continue;
    const path = match[1]!.replace(/\\/g, '/');
    return path.slice(path.lastIndexOf('/src/') + 1);
  }
  return undefined;
}

/**
 * Prints an error for a person and returns its exit code: every failure is one line (plus one line per data
 * issue and a hint), never a stack trace. A PortEmissionsError exits with its own code (1 data, 2 usage); a
 * file-system error that escaped is told in plain words (exit 1); anything else is a bug, told in one line
 * with where it happened (exit 70), the stack only with PORT_EMISSIONS_DEBUG=1.
 */
export function reportError(error: unknown, io: CliIO): number {
  if (error instanceof PortEmissionsError) {
    for (const issue of error.details) io.stderr(`${formatIssue(issue)}\n`);
    const where = error.location
      ? [error.location.file, error.location.line, error.location.column].filter((p) => p !== undefined).join(':')
      : '';
    // A message that names its file already ("Cannot write out/x.svg: ...") is not prefixed with it again.
    const named = error.location?.file !== undefined && error.location.line === undefined && error.message.includes(error.location.file);
    io.stderr(`port-emissions: ${where && !named ? `${where}: ` : ''}${cutForMessage(error.message, 2000)}\n`);
    if (error.hint) io.stderr(`hint: ${error.hint}\n`);
    return error.exitCode;
  }
  if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    io.stderr(`port-emissions: ${error.message}\n`);
    return 2;
  }
  if (fsErrorCode(error) !== undefined) {
    const { path, syscall } = error as NodeJS.ErrnoException;
    io.stderr(`port-emissions: ${path === undefined ? '' : `${path}: `}${syscall === undefined ? '' : `${syscall} failed: `}${fsErrorReason(error)}\n`);
    return 1;
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    io.stderr('port-emissions: an input is nested too deeply to process (the call stack ran out)\n');
    io.stderr('hint: a report definition or data file with thousands of nested levels; flatten it\n');
    return 1;
  }
  // Anything else is a bug in port-emissions, not bad input: one line saying where, the stack on request.
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const at = error instanceof Error ? bugLocation(error) : undefined;
  io.stderr(`port-emissions: internal error (please report it): ${cutForMessage(message.split('\n')[0] ?? '', 500)}${at ? ` at ${at}` : ''}\n`);
  if (io.env.PORT_EMISSIONS_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return EXIT_INTERNAL;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // Output piped into a reader that stops early (`| head`) is not a failure; any other stream error is one
  // line, like every failure.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') process.stderr.write(`port-emissions: cannot write to the standard output: ${fsErrorReason(error)}\n`);
    process.exit(error.code === 'EPIPE' ? 0 : 1);
  });
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
