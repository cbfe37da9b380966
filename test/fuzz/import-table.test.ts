/**
 * importPublishedTable on generated tables: valid published-layout tables import and round-trip through
 * publishedLayout; corrupted ones (random text, hostile cells, huge numbers, unicode, truncation) either
 * import or fail with a PortEmissionsError whose every detail says where (file, and line for a row), never
 * with another exception. Pure and fast, so thousands of runs. SYNTHETIC tables.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortEmissionsError, formatIssue } from '../../src/errors.ts';
import type { Dataset } from '../../src/ingest/dataset.ts';
import { importPublishedTable, publishedLayout, type ImportedTable, type ImportTableOptions } from '../../src/ingest/import-table.ts';
import { loadDataset } from '../../src/ingest/load.ts';
import { writeMiniDataset } from '../helpers/mini-dataset.ts';
import { cell, csvText, fuzzParams, hostile, leakedPlaceholders, numberText } from './arbitraries.ts';

const OPTIONS: ImportTableOptions = { port: 'PORT_A', pollutant: 'DPM', unit: 'ton_per_year', release: 'SYN_2011', sourceRef: ['SYNTHETIC_TEST'] };

let dataset: Dataset;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pe-fuzz-import-'));
  dataset = await loadDataset(await writeMiniDataset(dir));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Category labels as a table may spell them (label or code, any case) with their codes. */
const CATEGORIES: readonly [string, string][] = [
  ['Ships', 'ships'],
  ['Trucks', 'trucks'],
  ['Ships at berth', 'ships_at_berth'],
];

function thousands(value: number): string {
  const [int, frac] = String(value).split('.');
  return `${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac === undefined ? '' : `.${frac}`}`;
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A valid table: some categories x some years, integer tonnages (some blank), a Total row that adds up. */
const validTable = fc
  .record({
    categories: fc.subarray([...CATEGORIES], { minLength: 1 }),
    years: fc.uniqueArray(fc.integer({ min: 1990, max: 2030 }), { minLength: 1, maxLength: 6 }),
    cells: fc.array(fc.array(fc.option(fc.integer({ min: 0, max: 2_000_000 }), { freq: 5 }), { minLength: 6, maxLength: 6 }), { minLength: 3, maxLength: 3 }),
    footnotes: fc.array(fc.constantFrom('', '', '', '*', ' a', '†', '¹'), { minLength: 6, maxLength: 6 }),
    upper: fc.boolean(),
    eol: fc.constantFrom('\n', '\r\n'),
  })
  .map(({ categories, years, cells, footnotes, upper, eol }) => {
    const lines = [['Source category', ...years.map(String)].join(',')];
    const expected = new Map<string, number>();
    const totals = years.map(() => 0);
    const present = years.map(() => false);
    // A sub-category is inside its parent: the Total adds it only when the parent is not in the table.
    const inParent = (code: string) => code === 'ships_at_berth' && categories.some(([, c]) => c === 'ships');
    categories.forEach(([label, code], row) => {
      const values = years.map((year, col) => {
        const value = cells[row]![col];
        if (value === null || value === undefined) return '';
        expected.set(`${year}/${code}`, value);
        if (!inParent(code)) totals[col]! += value;
        present[col] = true;
        return quote(`${thousands(value)}${footnotes[col]}`);
      });
      lines.push([upper ? label.toUpperCase() : label, ...values].join(','));
    });
    lines.push(['Total', ...years.map((year, col) => (present[col] ? quote(thousands(totals[col]!)) : ''))].join(','));
    years.forEach((year, col) => present[col] && expected.set(`${year}/all`, totals[col]!));
    return { text: lines.join(eol) + eol, expected };
  });

/** A valid table with a few cells replaced, or lines cut short, or random text instead. */
const corruptTable = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(validTable, fc.array(fc.tuple(fc.nat(), fc.nat(), fc.oneof(hostile, numberText, cell)), { minLength: 1, maxLength: 3 }))
      .map(([{ text }, edits]) => {
        const lines = text.split('\n').map((line) => line.split(','));
        for (const [r, c, value] of edits) {
          const row = lines[r % lines.length]!;
          row[c % row.length] = value;
        }
        return lines.map((row) => row.join(',')).join('\n');
      }),
  },
  { weight: 1, arbitrary: fc.tuple(validTable, fc.nat()).map(([{ text }, at]) => text.slice(0, at % (text.length + 1))) },
  { weight: 2, arbitrary: csvText },
  { weight: 1, arbitrary: fc.string({ maxLength: 300, unit: 'binary' }) },
);

/** Options as a user could pass them: valid, or with codes the dataset lacks, or an empty source list. */
const options: fc.Arbitrary<ImportTableOptions> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(OPTIONS) },
  { weight: 1, arbitrary: fc.record({ port: fc.oneof(fc.constant('PORT_A'), hostile), pollutant: fc.constantFrom('DPM', 'dpm', 'NOx'), unit: fc.constant('ton_per_year'), release: fc.constant('SYN_2011'), sourceRef: fc.constantFrom<string[][]>(['SYNTHETIC_TEST'], [], ['SYNTHETIC_TEST', 'NOPE']) }) },
);

function outcome(text: string, opts: ImportTableOptions): ImportedTable | PortEmissionsError {
  try {
    return importPublishedTable(text, 'fuzz.csv', opts, dataset.codelists);
  } catch (error) {
    if (error instanceof PortEmissionsError) return error;
    throw error;
  }
}

describe('importPublishedTable on generated tables', () => {
  it('imports every valid table, with its values, and round-trips it through publishedLayout', () => {
    fc.assert(
      fc.property(validTable, ({ text, expected }) => {
        const result = importPublishedTable(text, 'fuzz.csv', OPTIONS, dataset.codelists);
        expect(result.mismatches).toEqual([]);
        expect(new Map(result.records.map((r) => [`${r.year}/${r.source_category}`, r.value]))).toEqual(expected);
        if (result.records.length === 0) return; // an all-blank table has nothing to lay out again
        const again = importPublishedTable(publishedLayout(result.records, dataset.codelists.sourceCategories), 'again.csv', OPTIONS, dataset.codelists);
        expect(again.records.map((r) => [r.year, r.source_category, r.value])).toEqual(result.records.map((r) => [r.year, r.source_category, r.value]));
      }),
      fuzzParams(2000),
    );
  });

  it('never throws anything but a located PortEmissionsError on corrupted tables and options', () => {
    fc.assert(
      fc.property(corruptTable, options, (text, opts) => {
        const result = outcome(text, opts);
        if (result instanceof PortEmissionsError) {
          const inputs = [text, JSON.stringify(opts)];
          expect(leakedPlaceholders(result.message, ...inputs)).toEqual([]);
          for (const detail of result.details) {
            // Located: in the table (its file), or at the option at fault (a column without a file).
            expect(detail.file.length > 0 || (detail.column ?? '').length > 0).toBe(true);
            expect(leakedPlaceholders(formatIssue(detail), ...inputs)).toEqual([]);
            // A problem in the table (not in an option) says which line.
            if (detail.file === 'fuzz.csv') expect(detail.line).toBeGreaterThanOrEqual(1);
          }
          if (result.details.length === 0) expect(result.location?.file ?? result.message).toContain('fuzz.csv');
        } else {
          for (const record of result.records) {
            expect(Number.isFinite(record.value) && record.value >= 0).toBe(true);
            expect(record.source_ref.length).toBeGreaterThan(0);
          }
        }
      }),
      fuzzParams(4000),
    );
  });
});

describe('regressions found by fuzzing importPublishedTable', () => {
  const details = (text: string, opts: ImportTableOptions = OPTIONS) => {
    const result = outcome(text, opts);
    if (!(result instanceof PortEmissionsError)) throw new Error('expected a PortEmissionsError');
    return result.details.map(formatIssue);
  };

  it('a tonnage too large for a number is "not a tonnage", not a ZodError', () => {
    expect(details(`Source category,1990\nTrucks,${'9'.repeat(400)}\n`)).toEqual([
      // The message quotes the first 200 characters of what was found and says how many more there were.
      `fuzz.csv:2:1990: not a tonnage; found "${'9'.repeat(200)}... (200 more characters)"; expected a number >= 0 such as 1,234 or 891* (NA, n/a, -, — or blank when not published)`,
    ]);
  });

  it('a header year outside 1900-2100 is named, not a ZodError', () => {
    expect(details('Source category,0001,2150\nShips,1,2\n')).toEqual([
      'fuzz.csv:1:column 2: year out of range; found "0001"; expected a year from 1900 to 2100',
      'fuzz.csv:1:column 3: year out of range; found "2150"; expected a year from 1900 to 2100',
    ]);
  });

  it('an empty sourceRef list is a usage problem at that option, not a ZodError', () => {
    expect(details('Source category,2005\nShips,1\n', { ...OPTIONS, sourceRef: [] })).toEqual([
      'sourceRef: no source_ref for fuzz.csv; expected one or more source_ref codes the dataset declares',
    ]);
  });
});
