/**
 * A suite-benchmark worker thread: for each SYNTHETIC port it is given, builds that port's dataset
 * (test/bench/synthetic-ports.ts), then builds, draws (SVG) and draws the PNG (scale 2) its 20 charts and
 * writes both files under `outDir/<port>/`. Posts one message with its counts and per-stage times.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { buildChart } from '../../src/charts/catalogue.ts';
import { chartPng, renderChart } from '../../src/charts/render-chart.ts';
import { portChartJobs, syntheticPort, syntheticPortsDataset } from './synthetic-ports.ts';

export interface WorkerInput {
  /** 1-based synthetic port numbers this worker draws. */
  ports: number[];
  /** Ports in the dataset each chart is built from: 1 (a dataset per port) or the whole set. */
  datasetPorts: number;
  outDir: string;
}

export interface WorkerOutput {
  charts: number;
  notices: number;
  warnings: number;
  svgBytes: number;
  pngBytes: number;
  /** png: chartPng, the scenegraph drawn on a canvas and encoded (what the CLI and the report do). */
  ms: { dataset: number; build: number; svg: number; png: number; write: number };
  /** From the worker's first line of code to its last chart, ms. */
  busyMs: number;
}

async function run(input: WorkerInput): Promise<WorkerOutput> {
  const begin = performance.now();
  const out: WorkerOutput = { charts: 0, notices: 0, warnings: 0, svgBytes: 0, pngBytes: 0, ms: { dataset: 0, build: 0, svg: 0, png: 0, write: 0 }, busyMs: 0 };
  let shared: ReturnType<typeof syntheticPortsDataset> | undefined;
  for (const portNumber of input.ports) {
    let t = performance.now();
    let dataset;
    if (input.datasetPorts === 1) {
      dataset = syntheticPortsDataset(1, portNumber);
    } else {
      shared ??= syntheticPortsDataset(input.datasetPorts);
      dataset = shared;
    }
    const port = syntheticPort(portNumber);
    const dir = join(input.outDir, port);
    await mkdir(dir, { recursive: true });
    out.ms.dataset += performance.now() - t;
    for (const job of portChartJobs(port)) {
      t = performance.now();
      const chart = buildChart(job.id, dataset, job.filters);
      out.ms.build += performance.now() - t;
      t = performance.now();
      const { svg, warnings } = await renderChart(chart, dataset, { idPrefix: `${port}-${job.id}` });
      out.ms.svg += performance.now() - t;
      t = performance.now();
      const png = await chartPng(svg, 2);
      out.ms.png += performance.now() - t;
      t = performance.now();
      const name = [job.id, job.filters.pollutant].filter(Boolean).join('-');
      await Promise.all([writeFile(join(dir, `${name}.svg`), svg), writeFile(join(dir, `${name}.png`), png)]);
      out.ms.write += performance.now() - t;
      out.charts++;
      if (chart.missing !== undefined) out.notices++;
      out.warnings += warnings.length;
      out.svgBytes += Buffer.byteLength(svg);
      out.pngBytes += png.length;
    }
  }
  out.busyMs = performance.now() - begin;
  return out;
}

if (parentPort && workerData) {
  parentPort.postMessage(await run(workerData as WorkerInput));
}
