/**
 * How `validate` and loading for analysis scale with a dataset's size, each in a child process of its own so
 * that its peak RSS is its own:
 *   tsx test/bench/validate-size.ts [rows ...]      (default: 1000000)
 * Generates the SYNTHETIC large dataset (test/helpers/large-dataset.ts) in a temporary folder, runs
 * `port-emissions validate` on it (COMMANDS=validate,reductions also loads it for analysis) and prints rows,
 * wall time and peak RSS. Figures go into the README by hand; no test asserts them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLargeDataset } from '../helpers/large-dataset.ts';

const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

const sizes = process.argv.slice(2).map(Number);
for (const rows of sizes.length > 0 ? sizes : [1_000_000]) {
  const dir = await mkdtemp(join(tmpdir(), 'pe-validate-size-'));
  try {
    const { totalRows, emissionsBytes } = await writeLargeDataset(dir, rows);
    for (const command of process.env.COMMANDS?.split(',') ?? ['validate']) {
      const run = spawnSync('/usr/bin/time', ['-f', '%e s %M kB', TSX, CLI, command, '--data', dir], { encoding: 'utf8', maxBuffer: 1 << 26 });
      const timing = run.stderr.trim().split('\n').at(-1);
      const first = (run.stderr.split('\n').find((line) => line.startsWith('port-emissions:') || line.includes('too many rows')) ?? run.stdout.split('\n').find((line) => line.startsWith('resources:')) ?? '').slice(0, 200);
      console.log(`${command} ${rows.toLocaleString('en-US')} emissions rows (${(emissionsBytes / 1e6).toFixed(0)} MB, ${totalRows.toLocaleString('en-US')} rows in all): exit ${run.status}, ${timing}; ${first}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
