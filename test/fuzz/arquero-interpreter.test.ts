/**
 * arquero's verbs with the explore page's interpreters (under a policy that forbids code generation) give
 * what arquero itself gives, on random small tables: the battery of arquero-battery.ts (joins, lookup,
 * rollups, derive, filter, orderby, windows, fold, pivot, impute, ...) run in both ways, errors included.
 * The tables are SYNTHETIC, drawn by fast-check (the seed: test/helpers/fast-check-seed.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VERBS, type BatteryTable } from '../analysis/arquero-battery.ts';
import { batteryResults } from '../helpers/no-codegen.ts';
import { fuzzParams, fuzzTimeout } from './arbitraries.ts';

const row = fc.record({
  g: fc.constantFrom('a', 'b', 'c', null),
  k: fc.integer({ min: 0, max: 3 }),
  x: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -10, max: 10, noNaN: true }), fc.constantFrom(null, NaN, 0, -0)),
  y: fc.integer({ min: -3, max: 9 }),
  s: fc.constantFrom('', 'p', 'P', 'q r', 'é', 'e', 'z1'),
});

const table = fc.array(row, { maxLength: 8 }).map(
  (rows): BatteryTable => ({ g: rows.map((r) => r.g), k: rows.map((r) => r.k), x: rows.map((r) => r.x), y: rows.map((r) => r.y), s: rows.map((r) => r.s) }),
);

describe('arquero with the interpreters, against arquero, on random tables', () => {
  it(
    'gives the same rows and errors for every verb of the battery',
    () => {
      const { seed } = fc.readConfigureGlobal();
      const tables = fc.sample(table, { ...fuzzParams(40), ...(seed === undefined ? {} : { seed }) });
      // One process for each way of running, all the tables at once: a process per table would be slow.
      const expected = batteryResults('plain', tables);
      const actual = batteryResults('interpreted', tables);
      for (const [i, columns] of tables.entries()) {
        for (const verb of Object.keys(VERBS)) {
          expect(actual[i]![verb], `${verb} on ${JSON.stringify(columns, (_k, v: unknown) => (Number.isNaN(v) ? 'NaN' : v))}`).toEqual(expected[i]![verb]);
        }
      }
    },
    fuzzTimeout(60_000),
  );
});
