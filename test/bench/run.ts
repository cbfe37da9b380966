/**
 * `npm run bench [-- --only ingest|analyses|charts|peers|suite|startup|arquero[,...]] [--quick]`: prints the performance figures of
 * port-emissions with the machine they were measured on. Speed is never asserted; every input is
 * SYNTHETIC (generated into a temporary folder) except the chart timings, which draw the embedded dataset, and
 * the analysis timings, which use both.
 */
import { arch, availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { benchAnalyses, formatAnalysesBench } from './analyses-bench.ts';
import { benchArquero, formatArqueroBench } from './arquero-bench.ts';
import { benchCharts, formatChartsBench } from './charts-bench.ts';
import { benchIngest, formatIngestBench } from './ingest-bench.ts';
import { benchPeers, formatPeersBench } from './peers-bench.ts';
import { benchSuite, formatSuiteBench } from './suite-bench.ts';
import { benchStartup, formatStartupBench } from './startup-bench.ts';

const PARTS = ['ingest', 'analyses', 'charts', 'peers', 'suite', 'startup', 'arquero'] as const;
type Part = (typeof PARTS)[number];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log('Usage: npm run bench -- [--only ingest|analyses|charts|peers|suite|startup|arquero[,...]] [--quick]');
  process.exit(0);
}
const only = values.only?.split(',').map((p) => p.trim()) ?? [...PARTS];
const unknown = only.filter((p) => !(PARTS as readonly string[]).includes(p));
if (unknown.length > 0) {
  console.error(`bench: unknown part ${unknown.join(', ')}; expected ${PARTS.join(', ')}`);
  process.exit(2);
}
const parts = PARTS.filter((p) => only.includes(p));
const quick = values.quick ?? false;
const log = (line: string) => console.error(line);

const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
console.log(`port-emissions benchmark${quick ? ' (quick)' : ''}: ${parts.join(', ')}`);
console.log(`machine: ${cpu}, ${cpus().length} cores (${availableParallelism()} usable), ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${platform()} ${release()} ${arch()}, node ${process.version}`);
console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other work on the machine slows the figures)`);

const started = performance.now();
const run: Record<Part, () => Promise<string>> = {
  ingest: async () => formatIngestBench(await benchIngest({ quick, log })),
  analyses: async () => formatAnalysesBench(await benchAnalyses({ rounds: quick ? 5 : 20, ports: quick ? 10 : 50, log })),
  charts: async () => formatChartsBench(await benchCharts({ rounds: quick ? 3 : 10, log })),
  peers: async () => formatPeersBench(await benchPeers({ rounds: quick ? 3 : 7, log })),
  suite: async () => formatSuiteBench(await benchSuite({ quick, log })),
  startup: async () => formatStartupBench(benchStartup({ rounds: quick ? 3 : 10, log })),
  arquero: async () => formatArqueroBench(benchArquero({ rounds: quick ? 3 : 15, log })),
};
const titles: Record<Part, string> = {
  ingest: 'a. ingest: synthetic activity files (port x terminal x vessel call x pollutant), one child process per read',
  analyses: 'a2. analyses: ms per analysis table, no charts, on the embedded dataset and on synthetic ports',
  charts: 'b. charts: ms per chart, SVG and PNG beside the vega-lite compile + vega toSVG floor, same run',
  peers: 'c. peers: the same 12 charts as SVG + PNG 2x by this tool, by vega + sharp, and by vega-embed in chromium, same run',
  suite: 'd. suite: synthetic ports x 20 charts end to end, one worker thread per core',
  startup: 'e. start-up: the command line, whole processes (bin/port-emissions.js runs the JavaScript compiled at install)',
  arquero: 'f. arquero on 10,000 SYNTHETIC rows: as Node runs it (Function) and as the explore page does (interpreter), median ms',
};
for (const part of parts) {
  log(`${part}...`);
  const text = await run[part]();
  console.log(`\n${titles[part]}\n${text}`);
}
console.log(`\nbench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
