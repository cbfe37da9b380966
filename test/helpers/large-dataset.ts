/**
 * A large SYNTHETIC dataset for the size tests and measurements: the mini dataset (test/helpers/mini-dataset.ts)
 * with 100 more invented ports (SYN_P000..SYN_P099), as many invented releases as the rows need, and an
 * emissions file of exactly `rows` rows written by a stream (never held whole in memory). Every value is a
 * formula (a total of 1000 t split 600/400 between two categories); nothing here is real data.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { resourceFields } from '../../src/schema/resources.ts';
import { MINI_CSV, miniPath, writeMiniDataset } from './mini-dataset.ts';

const PORTS = Array.from({ length: 100 }, (_, i) => `SYN_P${String(i).padStart(3, '0')}`);
const YEARS = Array.from({ length: 201 }, (_, i) => 1900 + i);
const POLLUTANTS = ['NOx', 'DPM'];
/** The category rows of one port, year, pollutant and release: the total and its two parts. */
const CATEGORIES: [string, string][] = [
  ['all', '1000'],
  ['ships', '600'],
  ['trucks', '400'],
];
const ROWS_PER_RELEASE = PORTS.length * YEARS.length * POLLUTANTS.length * CATEGORIES.length;

/**
 * Writes the dataset into `dir` with an emissions file of `rows` data rows (each key unique, every check
 * passing). Returns the number of rows of the whole dataset, as `validate` counts them.
 */
export async function writeLargeDataset(dir: string, rows: number): Promise<{ totalRows: number; emissionsBytes: number }> {
  const releases = Math.max(1, Math.ceil(rows / ROWS_PER_RELEASE));
  const releaseIds = Array.from({ length: releases }, (_, i) => `SYN_R${String(i).padStart(4, '0')}`);
  const ports = MINI_CSV.ports + PORTS.map((code) => `${code},Synthetic port ${code},port,,synthetic`).join('\n') + '\n';
  const releaseCsv = MINI_CSV.releases + releaseIds.map((id) => `${id},Synthetic release ${id},PORT_A,2011,synthetic,SYNTHETIC_TEST`).join('\n') + '\n';
  await writeMiniDataset(dir, { ports, releases: releaseCsv, emissions: `${resourceFields('emissions').join(',')}\n` });
  const out = createWriteStream(join(dir, miniPath('emissions')), { flags: 'a' });
  let bytes = 0;
  let chunk = '';
  let written = 0;
  outer: for (const release of releaseIds) {
    for (const port of PORTS) {
      for (const year of YEARS) {
        for (const pollutant of POLLUTANTS) {
          for (const [category, value] of CATEGORIES) {
            if (written === rows) break outer;
            chunk += `${port},${year},${category},${pollutant},absolute,${value},ton_per_year,,${release},inventory,,synthetic,SYNTHETIC_TEST\n`;
            written++;
            if (chunk.length > 1 << 20) {
              bytes += Buffer.byteLength(chunk);
              if (!out.write(chunk)) await once(out, 'drain');
              chunk = '';
            }
          }
        }
      }
    }
  }
  bytes += Buffer.byteLength(chunk);
  out.end(chunk);
  await once(out, 'finish');
  const mini = Object.entries(MINI_CSV).filter(([name]) => !['ports', 'releases', 'emissions'].includes(name));
  const miniRows = mini.reduce((acc, [, csv]) => acc + csv.trimEnd().split('\n').length - 1, 0);
  const totalRows = miniRows + ports.trimEnd().split('\n').length - 1 + releaseCsv.trimEnd().split('\n').length - 1 + rows;
  return { totalRows, emissionsBytes: bytes };
}
