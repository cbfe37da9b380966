/**
 * Suite benchmark (figures only, nothing asserted): 1,000 charts, 50 SYNTHETIC ports x 20 charts, each
 * built, drawn as SVG, rasterised as PNG (scale 2) and written to a temporary folder, end to end, with one
 * worker thread per core (quick: 10 ports). Each port is its own dataset, as each port authority's Data
 * Package would be. Also how long building the same charts takes when all 50 ports share one dataset.
 */
import { availableParallelism } from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerInput, WorkerOutput } from './worker.ts';
import { verdictLine } from './verdicts.ts';

export interface SuiteBenchFigures {
  ports: number;
  charts: number;
  workers: number;
  wallMs: number;
  /** CPU time of the whole process (every thread: both workers, zlib, skia) over the run, ms. */
  cpuMs: number;
  /** Sum over the workers of each stage's time, ms. */
  stages: WorkerOutput['ms'];
  notices: number;
  warnings: number;
  svgBytes: number;
  pngBytes: number;
  workerBusyMs: number[];
  /** Building the 20 charts of one port from a one-port dataset and from the 50-port dataset, ms. */
  buildScaling: { onePortMs: number; allPortsMs: number; datasetPorts: number };
}

// Worker threads do not inherit tsx's loader: each registers it before importing the TypeScript worker.
const WORKER_BOOT = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(new URL('./worker.ts', import.meta.url).href)});`;

function runWorker(input: WorkerInput): Promise<WorkerOutput> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(WORKER_BOOT)}`), { workerData: input });
    worker.once('message', (message: WorkerOutput) => resolve(message));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`suite worker exited with ${code}`));
    });
  });
}

/** Draws ports x 20 charts across one worker per core; returns wall time and per-stage sums. */
export async function benchSuite(options: { quick: boolean; log: (line: string) => void }): Promise<SuiteBenchFigures> {
  const ports = options.quick ? 10 : 50;
  const workers = availableParallelism();
  const outDir = await mkdtemp(join(tmpdir(), 'pe-bench-suite-'));
  try {
    const shares: number[][] = Array.from({ length: workers }, () => []);
    for (let p = 1; p <= ports; p++) shares[(p - 1) % workers]!.push(p);
    options.log(`  ${ports} ports x 20 charts on ${workers} worker threads`);
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const outputs = await Promise.all(shares.map((share) => runWorker({ ports: share, datasetPorts: 1, outDir })));
    const wallMs = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    const cpuMs = (cpu.user + cpu.system) / 1000;

    const stages = { dataset: 0, build: 0, svg: 0, png: 0, write: 0 };
    for (const o of outputs) for (const key of Object.keys(stages) as (keyof typeof stages)[]) stages[key] += o.ms[key];
    const total = (key: 'charts' | 'notices' | 'warnings' | 'svgBytes' | 'pngBytes') => outputs.reduce((acc, o) => acc + o[key], 0);

    // Build scaling: one port's charts from a small and from a large shared dataset.
    const { buildChart } = await import('../../src/charts/catalogue.ts');
    const { portChartJobs, syntheticPort, syntheticPortsDataset } = await import('./synthetic-ports.ts');
    const timeBuilds = (dataset: ReturnType<typeof syntheticPortsDataset>) => {
      for (const job of portChartJobs(syntheticPort(1))) buildChart(job.id, dataset, job.filters); // warm-up
      const t = performance.now();
      for (const job of portChartJobs(syntheticPort(2))) buildChart(job.id, dataset, job.filters);
      return performance.now() - t;
    };
    const onePortMs = timeBuilds(syntheticPortsDataset(2));
    const allPortsMs = timeBuilds(syntheticPortsDataset(50));

    return {
      ports,
      charts: total('charts'),
      workers,
      wallMs,
      cpuMs,
      stages,
      notices: total('notices'),
      warnings: total('warnings'),
      svgBytes: total('svgBytes'),
      pngBytes: total('pngBytes'),
      workerBusyMs: outputs.map((o) => o.busyMs),
      buildScaling: { onePortMs, allPortsMs, datasetPorts: 50 },
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** A text summary of the figures. */
export function formatSuiteBench(f: SuiteBenchFigures): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const cpu = Object.values(f.stages).reduce((a, b) => a + b, 0);
  const share = (ms: number) => `${s(ms)} (${((ms / cpu) * 100).toFixed(0)} %)`;
  return [
    `${f.charts} charts (${f.ports} synthetic ports x 20, SVG + PNG 2x, written to disk) on ${f.workers} worker threads: ${s(f.wallMs)} wall (target < 30 s for 1,000 on 2 cores)`,
    `  CPU time of the run (all threads): ${s(f.cpuMs)}, ${(f.cpuMs / f.charts).toFixed(1)} ms a chart; on ${f.workers} idle cores at the same CPU cost: ${s(f.cpuMs / f.workers)} (contention on a busy machine inflates CPU time too)`,
    `  ${(f.charts / (f.wallMs / 1000)).toFixed(1)} charts/s; workers busy ${f.workerBusyMs.map(s).join(', ')}; notices ${f.notices}, vega warnings ${f.warnings}`,
    `  time in workers by stage: build ${share(f.stages.build)}, SVG ${share(f.stages.svg)}, PNG (canvas draw + encode) ${share(f.stages.png)}, write ${share(f.stages.write)}, datasets ${share(f.stages.dataset)}`,
    `  output ${(f.svgBytes / 1e6).toFixed(1)} MB SVG, ${(f.pngBytes / 1e6).toFixed(1)} MB PNG`,
    `  building one port's 20 charts: ${f.buildScaling.onePortMs.toFixed(0)} ms from a 2-port dataset, ${f.buildScaling.allPortsMs.toFixed(0)} ms from the ${f.buildScaling.datasetPorts}-port dataset (a port filter scopes the dataset before the analyses)`,
    verdictLine(
      `${f.charts} charts in < ${((30_000 * f.charts) / 1000 / 1000).toFixed(1)} s wall (30 s for 1,000)`,
      f.wallMs < (30_000 * f.charts) / 1000,
      `the largest stage is ${largestStage(f)}; the CPU time of the run on ${f.workers} idle cores would be ${s(f.cpuMs / f.workers)}`,
      'a cache of rendered charts keyed by spec, font and version (reusing vega-lite compiles saves only ~3%: 82 of 120 suite specs share a shape), and PNGs only where an output needs them',
    ),
  ].join('\n');
}

/** The stage that took most worker time, with its share. */
function largestStage(f: SuiteBenchFigures): string {
  const entries = Object.entries(f.stages);
  const total = entries.reduce((a, [, ms]) => a + ms, 0);
  const [name, ms] = entries.sort((a, b) => b[1] - a[1])[0]!;
  return `${name} (${((ms / total) * 100).toFixed(0)}% of worker time)`;
}
