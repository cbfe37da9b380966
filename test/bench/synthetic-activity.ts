/**
 * SYNTHETIC activity-level emissions files (port x terminal x vessel call x source category x pollutant)
 * for the large-file test and the ingest benchmark. Every value is invented by a formula below; the
 * ports are SYN_P01..SYN_Pnn and the source is SYNTHETIC_ACTIVITY. Not real data.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { ACTIVITY_FIELDS } from '../../src/schema/activity.ts';

const CATEGORIES = ['ocean_going_vessels', 'harbor_craft', 'cargo_handling_equipment', 'heavy_duty_vehicles', 'locomotives'] as const;
const POLLUTANTS = ['NOx', 'DPM', 'SOx', 'CO2e'] as const;

/** The cells of synthetic row `i` (0-based) of a file with `ports` ports. */
export function syntheticActivityRow(i: number, ports: number): string[] {
  const category = CATEGORIES[(i >> 2) % CATEGORIES.length]!;
  // Thousandths of a ton from a multiplicative hash: spread out, reproducible, exact as an integer.
  const milli = (Math.imul(i, 2654435761) >>> 0) % 100000;
  return [
    `SYN_P${String((i % ports) + 1).padStart(2, '0')}`,
    String(2005 + ((i >> 3) % 19)),
    `SYN_T${(i >> 2) % 12}`,
    category === 'cargo_handling_equipment' ? '' : `SYN_VC${1_000_000 + (i >> 2)}`,
    category,
    POLLUTANTS[i % POLLUTANTS.length]!,
    (milli / 1000).toFixed(3),
    'tons_per_year',
    'SYN_ACTIVITY_2024',
    'SYNTHETIC_ACTIVITY',
  ];
}

export interface SyntheticActivityOptions {
  rows: number;
  ports?: number;
  /** Cells to replace, by 0-based row index (to put a known error at a known line: row i is line i + 2). */
  corrupt?: ReadonlyMap<number, Partial<Record<(typeof ACTIVITY_FIELDS)[number], string>>>;
  /** Text appended after the last row (e.g. a broken line). */
  tail?: string;
  /** Compute the expected totals (thousandths, exact) while writing; costs memory per key only. */
  expected?: boolean;
}

export interface SyntheticActivityFile {
  bytes: number;
  /** key `port|year|category|pollutant` -> [sum of thousandths, rows], for the rows not corrupted. */
  totals: Map<string, [number, number]>;
}

/**
 * Writes a synthetic activity CSV of `rows` rows to `path` (streamed, ~100 bytes a row) and returns its
 * size and, when asked, the exact totals of its uncorrupted rows.
 */
export async function writeSyntheticActivity(path: string, options: SyntheticActivityOptions): Promise<SyntheticActivityFile> {
  const ports = options.ports ?? 50;
  const out = createWriteStream(path);
  const totals = new Map<string, [number, number]>();
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`${ACTIVITY_FIELDS.join(',')}\n`);
  let batch: string[] = [];
  for (let i = 0; i < options.rows; i++) {
    const cells = syntheticActivityRow(i, ports);
    const corrupt = options.corrupt?.get(i);
    if (corrupt) {
      for (const [field, value] of Object.entries(corrupt)) cells[ACTIVITY_FIELDS.indexOf(field as (typeof ACTIVITY_FIELDS)[number])] = value;
    } else if (options.expected) {
      const key = `${cells[0]}|${cells[1]}|${cells[4]}|${cells[5]}`;
      const total = totals.get(key) ?? [0, 0];
      total[0] += Math.round(Number(cells[6]) * 1000);
      total[1] += 1;
      totals.set(key, total);
    }
    batch.push(cells.join(','));
    if (batch.length === 10_000) {
      await write(`${batch.join('\n')}\n`);
      batch = [];
    }
  }
  if (batch.length > 0) await write(`${batch.join('\n')}\n`);
  if (options.tail) await write(options.tail);
  out.end();
  await once(out, 'finish');
  return { bytes, totals };
}
