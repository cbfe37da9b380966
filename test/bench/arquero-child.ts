/**
 * Run by arquero-bench.ts in a fresh process, with arquero as is or with the explore page's interpreters
 * (under --disallow-code-generation-from-strings): times a rollup and a derive over a SYNTHETIC 10,000-row
 * table, `rounds` times each, and prints the median milliseconds of each as JSON.
 */
import * as aq from 'arquero';

const { op } = aq;
const rounds = Number(process.argv[2] ?? 10);
const n = 10_000;
// SYNTHETIC: a deterministic table of 20 ports x 5 pollutants x 100 years of made-up tons.
const table = aq.table({
  port: Array.from({ length: n }, (_, i) => `P${i % 20}`),
  pollutant: Array.from({ length: n }, (_, i) => ['NOx', 'SOx', 'DPM', 'PM25', 'CO2'][Math.floor(i / 20) % 5]!),
  year: Array.from({ length: n }, (_, i) => 1950 + (Math.floor(i / 100) % 100)),
  tons: Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 10),
});

function median(run: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < rounds; ++i) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const rollup = median(() =>
  table.groupby('port', 'pollutant').rollup({ total: op.sum('tons'), mean: op.mean('tons'), peak: op.max('tons'), n: op.count() }).objects(),
);
const derive = median(() =>
  table
    .derive({ kt: (d: any) => d.tons / 1000, label: (d: any) => `${d.port} ${d.pollutant}`, band: (d: any) => (d.tons > 50 ? 'high' : d.tons > 10 ? 'mid' : 'low') })
    .filter((d: any) => d.year >= 2000)
    .objects(),
);
process.stdout.write(JSON.stringify({ rollup, derive }));
