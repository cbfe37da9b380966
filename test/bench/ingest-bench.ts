/**
 * Ingest benchmark (figures only, nothing asserted): SYNTHETIC activity files of 1M and 5M rows (quick:
 * 200k and 1M) generated into a temporary folder, each read by readActivityFile in a child process of its
 * own, so that the peak RSS printed is that read's alone. Beside it, on the smaller file, csv-parse alone
 * and the loader's csv-parse + zod reader, to show what the fast path is measured against.
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IngestChildResult } from './ingest-child.ts';
import { writeSyntheticActivity } from './synthetic-activity.ts';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./ingest-child.ts', import.meta.url));

export interface IngestBenchFigures {
  files: { rows: number; bytes: number; generateMs: number }[];
  runs: IngestChildResult[];
}

/** Runs one measurement in a fresh process (same loader flags as this one, i.e. tsx). */
function child(mode: string, path: string): Promise<IngestChildResult> {
  return new Promise((resolve, reject) => {
    const proc = fork(CHILD, [mode, path], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    let out = '';
    proc.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => {
      if (code !== 0) reject(new Error(`ingest child ${mode} exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()!) as IngestChildResult);
    });
  });
}

/** Generates the files and measures each reader; `log` receives progress lines. */
export async function benchIngest(options: { quick: boolean; log: (line: string) => void }): Promise<IngestBenchFigures> {
  const sizes = options.quick ? [200_000, 1_000_000] : [1_000_000, 5_000_000];
  const dir = await mkdtemp(join(tmpdir(), 'pe-bench-ingest-'));
  const figures: IngestBenchFigures = { files: [], runs: [] };
  try {
    for (const rows of sizes) {
      const path = join(dir, `activity-${rows}.csv`);
      const start = performance.now();
      const { bytes } = await writeSyntheticActivity(path, { rows });
      figures.files.push({ rows, bytes, generateMs: performance.now() - start });
      options.log(`  generated ${rows.toLocaleString('en-US')} rows (${(bytes / 1e6).toFixed(0)} MB)`);
      figures.runs.push(await child('activity', path));
      if (rows === sizes[0]) {
        figures.runs.push(await child('csv-parse', path));
        figures.runs.push(await child('zod', path));
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return figures;
}

/** A text table of the figures. */
export function formatIngestBench(f: IngestBenchFigures): string {
  const header = ['reader', 'rows', 'file', 'wall s', 'rows/s', 'rows/CPU-s', 'peak RSS', 'RSS before', 'parser'];
  const lines = f.runs.map((run) => {
    const file = f.files.find((x) => Math.abs(x.rows - run.rows) <= 1);
    const label = run.mode === 'activity' ? 'readActivityFile' : run.mode === 'csv-parse' ? 'csv-parse alone (no checks)' : 'readResource (csv-parse + zod, rows kept)';
    return [
      label,
      run.rows.toLocaleString('en-US'),
      file ? `${(file.bytes / 1e6).toFixed(0)} MB` : '',
      (run.wallMs / 1000).toFixed(2),
      Math.round(run.rows / (run.wallMs / 1000)).toLocaleString('en-US'),
      Math.round(run.rows / (run.cpuMs / 1000)).toLocaleString('en-US'),
      `${(run.maxRssKb / 1024).toFixed(0)} MB`,
      `${(run.baseMaxRssKb / 1024).toFixed(0)} MB`,
      run.parser,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [row(header), ...lines.map(row)].join('\n');
}
