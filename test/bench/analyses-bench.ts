/**
 * Analysis benchmark (figures only, nothing asserted): each analysis table computed from a loaded dataset,
 * without charts or rendering, on the embedded San Pedro Bay dataset (real data; only the time is measured)
 * and on the SYNTHETIC many-port dataset of the suite benchmark (test/bench/synthetic-ports.ts). Several
 * analyses state their joins, rollups and derived columns with arquero verbs, which compile each
 * expression when a verb runs; these figures show what a call costs, compile included: first on a dataset
 * object seen for the first time, then again on it (the reduction rows are computed once per dataset and
 * baseline). Medians per call.
 */
import { sourceCategoryShares } from '../../src/analysis/categories.ts';
import { decomposeChange } from '../../src/analysis/decompose.ts';
import { intensityPer10000Teu } from '../../src/analysis/intensity.ts';
import { projectSeries } from '../../src/analysis/project.ts';
import { reconcileIndicators } from '../../src/analysis/reconcile.ts';
import { reductionsVsBaseline } from '../../src/analysis/reductions.ts';
import { targetProgress } from '../../src/analysis/targets.ts';
import { rowsOf, type AnalysisTable } from '../../src/analysis/types.ts';
import { EMBEDDED_DATASET_DIR } from '../../src/cli/common.ts';
import type { Dataset } from '../../src/ingest/dataset.ts';
import { loadDataset } from '../../src/ingest/load.ts';
import { median } from './render-bench.ts';
import { syntheticPort, syntheticPortsDataset } from './synthetic-ports.ts';

/** One analysis on one dataset: the median time of a call and the rows it gives. */
export interface AnalysisTiming {
  dataset: string;
  analysis: string;
  rows: number;
  /** A call on a dataset seen for the first time (nothing computed yet). */
  firstMs: number;
  /** The same call again on the same dataset (the reduction rows other analyses build on are kept per dataset). */
  againMs: number;
}

export interface AnalysesBenchFigures {
  rounds: number;
  timings: AnalysisTiming[];
}

type Analysis = [name: string, run: (dataset: Dataset) => AnalysisTable<object>];

function analysesOf(port: string, pollutant: string): Analysis[] {
  return [
    ['reductions (all ports)', (d) => reductionsVsBaseline(d)],
    ['reductions (one port)', (d) => reductionsVsBaseline(d, { port })],
    ['intensity (all ports)', (d) => intensityPer10000Teu(d)],
    ['categories (all ports)', (d) => sourceCategoryShares(d)],
    ['targets', (d) => targetProgress(d)],
    ['reconcile', (d) => reconcileIndicators(d)],
    ['projection', (d) => projectSeries(d)],
    ['decompose (one port)', (d) => decomposeChange(d, { port, pollutant })],
  ];
}

function time(dataset: Dataset, [name, run]: Analysis, rounds: number, label: string): AnalysisTiming {
  const rows = rowsOf(run(dataset)).length; // warm-up, and the row count
  const first: number[] = [];
  const again: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const fresh = { ...dataset }; // a new dataset object: nothing kept from earlier calls
    let start = performance.now();
    run(fresh);
    first.push(performance.now() - start);
    start = performance.now();
    run(fresh);
    again.push(performance.now() - start);
  }
  return { dataset: label, analysis: name, rows, firstMs: median(first), againMs: median(again) };
}

/** Times every analysis on the embedded dataset and on `ports` synthetic ports. */
export async function benchAnalyses(options: { rounds: number; ports: number; log: (line: string) => void }): Promise<AnalysesBenchFigures> {
  const embedded = await loadDataset(EMBEDDED_DATASET_DIR);
  const synthetic = syntheticPortsDataset(options.ports);
  const timings: AnalysisTiming[] = [];
  for (const [dataset, label, port, pollutant] of [
    [embedded, 'embedded', 'POLA', 'DPM'],
    [synthetic, `${options.ports} synthetic ports`, syntheticPort(1), 'NOx'],
  ] as const) {
    options.log(`  ${label}`);
    for (const analysis of analysesOf(port, pollutant)) timings.push(time(dataset, analysis, options.rounds, label));
  }
  return { rounds: options.rounds, timings };
}

export function formatAnalysesBench(f: AnalysesBenchFigures): string {
  const lines = [
    `  median of ${f.rounds} rounds (after one warm-up call), ms per call: first on a dataset, then again on it`,
    `  ${'dataset'.padEnd(20)} ${'analysis'.padEnd(24)} ${'rows'.padStart(11)} ${'first'.padStart(9)} ${'again'.padStart(9)}`,
  ];
  for (const t of f.timings) {
    lines.push(`  ${t.dataset.padEnd(20)} ${t.analysis.padEnd(24)} ${String(t.rows).padStart(6)} rows ${t.firstMs.toFixed(2).padStart(9)} ${t.againMs.toFixed(2).padStart(9)}`);
  }
  return lines.join('\n');
}
