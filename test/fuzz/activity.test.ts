/**
 * The streaming activity reader (fast path + zod fallback) against the loader's reader (readResource with
 * the same zod schema, every row through zod): on generated activity files, valid and corrupted, both give
 * the same issues word for word, the same row count, and the same totals. SYNTHETIC files.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readActivityFile } from '../../src/ingest/activity.ts';
import { readResource } from '../../src/ingest/read-resource.ts';
import { ACTIVITY_FIELDS, activitySchema } from '../../src/schema/activity.ts';
import { cell, fuzzDir, fuzzParams, fuzzTimeout, hostile, numberText } from './arbitraries.ts';

const HEADER = ACTIVITY_FIELDS.join(',');

const port = fc.constantFrom('SYN_P01', 'SYN_P02', 'SYN_P03');
const validRow = fc
  .tuple(
    port,
    fc.integer({ min: 2004, max: 2008 }),
    fc.constantFrom('T1', 'T2', 'PIER_400'),
    fc.oneof(fc.constant(''), fc.integer({ min: 1, max: 9999 }).map((n) => `VC${n}`)),
    fc.constantFrom('ocean_going_vessels', 'harbor_craft', 'cargo_handling_equipment'),
    fc.constantFrom('NOx', 'DPM', 'SOx'),
    fc.oneof(fc.integer({ min: 0, max: 100000 }).map((n) => String(n / 8)), fc.double({ min: 0, max: 1e6, noNaN: true }).map(String)),
    fc.constantFrom('tons_per_year', 'tonnes_per_year'),
    fc.constantFrom('SYN_R1', 'SYN_R2'),
    fc.constantFrom('SYNTHETIC', 'SYNTHETIC;SYN_B'),
  )
  .map((cells) => cells.map(String));

/** A CSV rendering of one cell: as is, quoted (valid CSV), or padded with spaces. */
const rendered = (value: string) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant(value) },
    { weight: 1, arbitrary: fc.constant(`"${value.replaceAll('"', '""')}"`) },
    { weight: 1, arbitrary: fc.constant(` ${value} `) },
  );

/** Near misses per column (the edges of each rule), then junk of any kind. */
const NEAR_MISSES: readonly (readonly string[])[] = [
  ['', ' ', 'SYN P01', 'SYN_P01;', 'ＳＹＮ'],
  ['1850', '1899', '2101', '2150', '05', '20050', ' 2005', '2005.0', '+2005'],
  ['', 'T 1', 'T1,'],
  [' ', 'VC 1', 'VC1;VC2'],
  ['', 'all ', 'ocean going vessels'],
  ['', 'NO x', 'NOx\u00a0'],
  ['-1', '-0', '+1', '1e3', '1E-3', '1,234', 'NaN', 'Infinity', '1e309', '.', '1.', '.5', ' 1', '0x10', '9'.repeat(400)],
  ['', 'tons per year'],
  ['', 'SYN R1'],
  ['', ';', 'SYNTHETIC;', ';SYNTHETIC', 'SYNTHETIC;;SYN_B', 'SYNTHETIC; SYN_B', ' SYNTHETIC '],
];
const corruptCell = (at: number) => fc.oneof(fc.constantFrom(...NEAR_MISSES[at]!), hostile, numberText, cell);

const line = fc.oneof(
  { weight: 12, arbitrary: validRow.chain((cells) => fc.tuple(...cells.map(rendered)).map((c) => c.join(','))) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(validRow, fc.nat({ max: 9 }))
      .chain(([cells, at]) => fc.tuple(fc.constant(cells), fc.constant(at), corruptCell(at)))
      .map(([cells, at, bad]) => cells.map((c, i) => (i === at ? (/[",\r\n]/.test(bad) ? `"${bad.replaceAll('"', '""')}"` : bad) : c)).join(',')),
  },
  { weight: 1, arbitrary: validRow.map((cells) => cells.slice(0, 7).join(',')) },
  { weight: 1, arbitrary: validRow.map((cells) => [...cells, 'extra'].join(',')) },
  { weight: 1, arbitrary: fc.array(cell, { maxLength: 11 }).map((cells) => cells.join(',')) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '""', ',,,,,,,,,') },
);

const activityFile = fc
  .record({
    header: fc.oneof({ weight: 10, arbitrary: fc.constant(HEADER) }, { weight: 1, arbitrary: fc.constantFrom(` ${HEADER}`, HEADER.replace('value', 'tons'), HEADER.replaceAll(',', ';'), '') }),
    lines: fc.array(line, { maxLength: 60 }),
    repeat: fc.constantFrom(1, 1, 1, 4),
    eol: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
  })
  .map(({ header, lines, repeat, eol, bom }) => `${bom ? '\uFEFF' : ''}${[header, ...Array.from({ length: repeat }, () => lines).flat()].join(eol)}${eol}`);

describe('readActivityFile = readResource with the activity schema', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await fuzzDir('activity')));
  afterAll(() => cleanup());

  it('same issues, row count and totals on generated files', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(activityFile, fc.integer({ min: 7, max: 4096 }), async (text, highWaterMark) => {
        const path = join(dir, `a${n++ % 4}.csv`);
        await writeFile(path, text);
        const fast = await readActivityFile(path, { file: 'activity.csv', highWaterMark });
        const reference = await readResource({ path, file: 'activity.csv', schema: activitySchema, fields: ACTIVITY_FIELDS });
        expect(fast.issues).toEqual(reference.issues);
        expect(fast.unlisted).toBe(reference.unlisted);
        expect(fast.rowCount).toBe(reference.rowCount);
        expect(fast.validRows).toBe(reference.rows.length);
        const sums = new Map<string, number>();
        for (const { row } of reference.rows) {
          const key = [row.port, row.year, row.source_category, row.pollutant, row.unit, row.release].join('|');
          sums.set(key, (sums.get(key) ?? 0) + row.value);
        }
        expect(fast.totals.map((t) => [t.port, t.year, t.source_category, t.pollutant, t.unit, t.release].join('|')).sort()).toEqual([...sums.keys()].sort());
        for (const total of fast.totals) {
          const expected = sums.get([total.port, total.year, total.source_category, total.pollutant, total.unit, total.release].join('|'))!;
          if (Number.isFinite(expected)) expect(Math.abs(total.value - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
          else expect(total.value).toBe(expected);
        }
        for (const issue of fast.issues) {
          expect(issue.file).toBe('activity.csv');
          expect(issue.line).toBeGreaterThanOrEqual(1);
        }
      }),
      { ...fuzzParams(1000), timeout: 10_000 },
    );
  }, fuzzTimeout(60_000));
});
