/**
 * Start-up of the command line, wall time of whole processes as a user starts them: the installed command
 * (`bin/port-emissions.js`, the JavaScript compiled at install into bin/build/) for `--help`, `validate` and
 * `report`, `npm run report` (npm's own start-up included), and for reference the TypeScript sources run
 * through tsx (what the launcher did before: transpiling on every run). Rounds are interleaved so load on
 * the machine falls on every command alike; medians and minimums are printed. Nothing is asserted.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { verdictLine } from './verdicts.ts';

interface Case {
  label: string;
  command: string;
  args: string[];
}

export interface StartupResult {
  label: string;
  median: number;
  min: number;
  /** median CPU time (user + system) of the process and its children, ms; undefined where /proc is missing */
  cpu: number | undefined;
  runs: number;
}

/** CPU time (ms) of the waited-for children of this process so far: cutime + cstime of /proc/self/stat (Linux). */
function childrenCpu(): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  // after "pid (comm) ", field 3 is state: cutime and cstime are fields 16 and 17, here at index 13 and 14
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export function benchStartup(options: { rounds: number; log: (line: string) => void }): StartupResult[] {
  const root = resolve('.');
  const out = mkdtempSync(join(tmpdir(), 'startup-bench-'));
  const node = process.execPath;
  const launcher = join(root, 'bin', 'port-emissions.js');
  const tsx = ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts')];
  const report = ['report', '--out', out, '--quiet'];
  const cases: Case[] = [
    { label: 'port-emissions --help', command: node, args: [launcher, '--help'] },
    { label: 'port-emissions validate', command: node, args: [launcher, 'validate'] },
    { label: 'port-emissions report (embedded dataset)', command: node, args: [launcher, ...report] },
    { label: 'npm run report', command: 'npm', args: ['run', '--silent', 'report', '--', '--out', out, '--quiet'] },
    { label: 'npx port-emissions --help (npx start-up included)', command: 'npx', args: ['--no-install', 'port-emissions', '--help'] },
    { label: 'reference: tsx src/cli/main.ts --help', command: node, args: [...tsx, '--help'] },
    { label: 'reference: tsx src/cli/main.ts validate', command: node, args: [...tsx, 'validate'] },
    { label: 'reference: tsx src/cli/main.ts report', command: node, args: [...tsx, ...report] },
  ];
  const times = new Map<string, number[]>(cases.map((c) => [c.label, []]));
  const cpus = new Map<string, number[]>(cases.map((c) => [c.label, []]));
  const once = (c: Case): number => {
    const cpuBefore = childrenCpu();
    const start = performance.now();
    const result = spawnSync(c.command, c.args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    const ms = performance.now() - start;
    const cpuAfter = childrenCpu();
    if (result.status !== 0) throw new Error(`${c.label} exited ${result.status}: ${result.stderr}`);
    if (cpuBefore !== undefined && cpuAfter !== undefined) cpus.get(c.label)!.push(cpuAfter - cpuBefore);
    return ms;
  };
  try {
    for (const c of cases) once(c); // warm-up: file cache, and a build if bin/build/ was stale
    for (const list of cpus.values()) list.length = 0;
    for (let round = 1; round <= options.rounds; round++) {
      options.log(`startup: round ${round}/${options.rounds}`);
      for (const c of cases) times.get(c.label)!.push(once(c));
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return cases.map((c) => {
    const wall = times.get(c.label)!;
    const cpu = cpus.get(c.label)!;
    return { label: c.label, median: median(wall), min: Math.min(...wall), cpu: cpu.length > 0 ? median(cpu) : undefined, runs: wall.length };
  });
}

export function formatStartupBench(results: StartupResult[]): string {
  const width = Math.max(...results.map((r) => r.label.length));
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const lines = results.map((r) => `  ${r.label.padEnd(width)}  wall median ${s(r.median)}  min ${s(r.min)}${r.cpu === undefined ? '' : `  cpu median ${s(r.cpu)}`}`);
  return [
    `  whole processes, ${results[0]?.runs ?? 0} interleaved rounds; wall time, and CPU time (user + system, children included), which load on the machine changes less`,
    '  targets: port-emissions --help < 0.3 s wall, npm run report < 2 s wall',
    ...lines,
    ...startupVerdicts(results),
  ].join('\n');
}

function startupVerdicts(results: StartupResult[]): string[] {
  const find = (label: string) => results.find((r) => r.label === label);
  const help = find('port-emissions --help');
  const report = find('npm run report');
  return [
    ...(help
      ? [verdictLine('port-emissions --help < 0.3 s wall', help.median < 300, "Node's own start-up is about 0.11 s of it and the entry chunk the rest; a busy machine adds the difference", 'nothing left in the CLI: measure on an idle machine')]
      : []),
    ...(report
      ? [
          verdictLine(
            'npm run report < 2 s wall',
            report.median < 2000,
            'loading the compiled modules costs about 0.25 s of CPU; drawing the charts (vega scenegraphs, canvas PNGs) and garbage collection take most of the rest, and npm itself about 0.3 s',
            'an on-disk cache of rendered charts (redraw only what changed) and PNGs drawn in worker threads while the HTML is assembled',
          ),
        ]
      : []),
  ];
}
