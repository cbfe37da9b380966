/**
 * The hand-written activity row check (ActivityLineScanner) against the zod schema it stands in for: it
 * accepts only rows the schema accepts, with the same values, and it does accept the common valid rows.
 * SYNTHETIC rows.
 */
import { RESERVED_NAMES } from '../../src/schema/fields.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ActivityLineScanner, activityKeyHash } from '../../src/ingest/fast-rows.ts';
import { ACTIVITY_FIELDS, activitySchema } from '../../src/schema/activity.ts';
import { cell, fuzzParams, hostile, numberText } from './arbitraries.ts';

// A valid code: not a reserved name (`constructor`..., which the schema and the scanner refuse).
const codeArb = fc.stringMatching(/^[A-Za-z0-9_.+\-]{1,12}$/).filter((c) => !RESERVED_NAMES.has(c));
const yearArb = fc.integer({ min: 1900, max: 2100 }).map(String);
/** Plain decimals as an inventory writes them: 0 to 15 digits before and after the point. */
const valueArb = fc.oneof(
  fc.tuple(fc.stringMatching(/^\d{1,10}$/), fc.stringMatching(/^\d{0,5}$/)).map(([i, f]) => (f === '' ? i : `${i}.${f}`)),
  fc.double({ min: 0, max: 1e15, noNaN: true }).map(String).filter((s) => !s.includes('e')),
);
const refsArb = fc.array(codeArb, { minLength: 1, maxLength: 3 }).map((refs) => refs.join(';'));

/** A valid activity row's ten cells. */
const validCells = fc.tuple(codeArb, yearArb, codeArb, fc.oneof(codeArb, fc.constant('')), codeArb, codeArb, valueArb, codeArb, codeArb, refsArb);

/** A cell that is sometimes valid, sometimes slightly off (spaces, signs, separators), sometimes hostile. */
const anyCell = (valid: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 1, arbitrary: valid.map((v) => ` ${v}`) },
    { weight: 1, arbitrary: valid.map((v) => `${v} `) },
    { weight: 1, arbitrary: numberText },
    { weight: 1, arbitrary: hostile },
    { weight: 1, arbitrary: cell },
    { weight: 1, arbitrary: fc.constantFrom('', ';', 'a;', ';a', 'a;;b', 'a; b', '-0', '+1', '1e3', '0x10', '1900', '2101', '0999', '١٩٩٩') },
  );

const CELL_ARBS = [codeArb, yearArb, codeArb, codeArb, codeArb, codeArb, valueArb, codeArb, codeArb, refsArb];

/** A valid row with one to three cells replaced by near misses or junk. */
const mixedCells = fc
  .tuple(validCells, fc.array(fc.nat({ max: 9 }), { minLength: 1, maxLength: 3 }))
  .chain(([cells, edits]) =>
    fc.tuple(fc.constant(cells as string[]), fc.tuple(...edits.map((at) => fc.tuple(fc.constant(at), anyCell(CELL_ARBS[at]!))))),
  )
  .map(([cells, edits]) => {
    const copy = [...cells];
    for (const [at, value] of edits) copy[at] = value;
    return copy;
  });

describe('ActivityLineScanner = activitySchema on the rows it accepts', () => {
  const scanner = new ActivityLineScanner();

  const check = (cells: readonly string[], mustAccept: boolean) => {
    const line = cells.join(',');
    // Scan inside a longer buffer, as the reader does (the line is a window of its chunk).
    const bytes = Buffer.from(`x\n${line}\ny`, 'utf8');
    const accepted = scanner.scan(bytes, 2, bytes.length - 2);
    if (mustAccept) expect(accepted).toBe(true);
    if (!accepted) return;
    const parts = line.split(',');
    expect(parts).toHaveLength(ACTIVITY_FIELDS.length);
    const parsed = activitySchema.safeParse(Object.fromEntries(ACTIVITY_FIELDS.map((field, i) => [field, parts[i]])));
    expect(parsed.success).toBe(true);
    const row = parsed.data!;
    expect(scanner.year).toBe(row.year);
    expect(Object.is(scanner.value, row.value)).toBe(true);
    expect(scanner.hash).toBe(activityKeyHash(row.port, String(row.year), row.source_category, row.pollutant, row.unit, row.release));
    for (let i = 0; i < ACTIVITY_FIELDS.length; i++) {
      expect(bytes.toString('utf8', scanner.bounds[i]!, scanner.bounds[i + 1]! - 1)).toBe(parts[i]);
    }
  };

  it('accepts every plain valid row, with the schema\'s values', () => {
    fc.assert(fc.property(validCells, (cells) => check(cells, true)), fuzzParams(5000));
  });

  it('never accepts a row the schema rejects, nor reads a value differently', () => {
    fc.assert(fc.property(mixedCells, (cells) => check(cells, false)), fuzzParams(20000));
  });

  it('never accepts random text', () => {
    fc.assert(fc.property(fc.array(cell, { maxLength: 12 }), (cells) => check(cells, false)), fuzzParams(5000));
  });

  it('reads a decimal of up to 15 digits exactly as Number does', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,15}$/), fc.nat({ max: 16 }), (digits, at) => {
        const point = Math.min(at, digits.length);
        const value = `${digits.slice(0, point)}.${digits.slice(point)}`.replace(/^\.$/, '0');
        check(['P', '2005', 'T', '', 'c', 'NOx', value, 'u', 'r', 'S'], true);
        expect(scanner.value).toBe(Number(value));
      }),
      fuzzParams(5000),
    );
  });
});
