/**
 * readActivityFile: totals an analyst can check by hand, every bad row reported with the loader's exact
 * words (the zod schema's), code checks against a dataset's codelists, the issue cap, odd files.
 * SYNTHETIC activity rows (invented ports, terminals, calls and tonnages).
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/errors.ts';
import { readActivityFile } from '../../src/ingest/activity.ts';
import type { Dataset } from '../../src/ingest/dataset.ts';
import { loadDataset } from '../../src/ingest/load.ts';
import { MAX_ISSUES_PER_FILE, readResource } from '../../src/ingest/read-resource.ts';
import { ACTIVITY_FIELDS, activitySchema } from '../../src/schema/activity.ts';
import { writeMiniDataset } from '../helpers/mini-dataset.ts';

const HEADER = ACTIVITY_FIELDS.join(',');
let dir: string;
let dataset: Dataset;
let n = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pe-activity-'));
  dataset = await loadDataset(await writeMiniDataset(join(dir, 'mini')));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function file(text: string): Promise<string> {
  const path = join(dir, `activity-${n++}.csv`);
  await writeFile(path, text);
  return path;
}

const row = (overrides: Partial<Record<(typeof ACTIVITY_FIELDS)[number], string>> = {}) => {
  const base = { port: 'PORT_A', year: '2005', terminal: 'T1', vessel_call: 'VC1', source_category: 'ships', pollutant: 'NOx', value: '1.5', unit: 'ton_per_year', release: 'SYN_2011', source_ref: 'SYNTHETIC_TEST', ...overrides };
  return ACTIVITY_FIELDS.map((field) => base[field]).join(',');
};

describe('readActivityFile', () => {
  it('sums rows into totals by port, year, category, pollutant, unit and release', async () => {
    const path = await file(
      [
        HEADER,
        row({ value: '1.5' }),
        row({ value: '2.25', vessel_call: 'VC2', terminal: 'T2' }),
        row({ value: '0.25', vessel_call: '' }),
        row({ value: '10', pollutant: 'DPM' }),
        row({ value: '4', year: '2010' }),
        row({ value: '7', port: 'PORT_B', release: 'SYN_B_2011' }),
        row({ value: '100', release: 'SYN_B_2011' }),
      ].join('\n') + '\n',
    );
    const result = await readActivityFile(path);
    expect(result.issues).toEqual([]);
    expect(result.rowCount).toBe(7);
    expect(result.validRows).toBe(7);
    expect(result.parser).toBe('fast');
    // 1.5 + 2.25 + 0.25 = 4 t NOx for PORT_A 2005 ships; a second release is a separate total, never added in.
    expect(result.totals.map((t) => `${t.port} ${t.year} ${t.source_category} ${t.pollutant} ${t.release} = ${t.value} (${t.rows})`)).toEqual([
      'PORT_A 2005 ships DPM SYN_2011 = 10 (1)',
      'PORT_A 2005 ships NOx SYN_2011 = 4 (3)',
      'PORT_A 2005 ships NOx SYN_B_2011 = 100 (1)',
      'PORT_A 2010 ships NOx SYN_2011 = 4 (1)',
      'PORT_B 2005 ships NOx SYN_B_2011 = 7 (1)',
    ]);
  });

  it('reports each bad row with line, column and the schema\'s words, the same as the loader', async () => {
    const bad = [
      row({ year: '1850' }),
      row({ year: '05' }),
      row({ value: '-1' }),
      row({ value: '"1,234"' }),
      row({ value: 'NaN' }),
      row({ value: '1e999' }),
      row({ value: '' }),
      row({ port: 'PORT A' }),
      row({ pollutant: '' }),
      row({ vessel_call: ' ' }),
      row({ source_ref: ';' }),
      row({ terminal: '=cmd|\' /C calc\'!A0' }),
      row({ source_category: '<script>' }),
      row({ unit: '../../etc/passwd' }),
      `${row()},extra`,
      row().split(',').slice(0, 4).join(','),
    ];
    const path = await file([HEADER, row(), ...bad, row({ value: ' 2 ', port: ' PORT_A ' })].join('\r\n') + '\r\n');
    const result = await readActivityFile(path, { file: 'activity.csv' });
    const reference = await readResource({ path, file: 'activity.csv', schema: activitySchema, fields: ACTIVITY_FIELDS });
    expect(result.issues).toEqual(reference.issues);
    const ragged = `expected 10 comma-separated fields (${HEADER}) (quote a value that contains a comma)`;
    const codeText = 'expected a code of letters, digits, _ . + - (no spaces)';
    expect(result.issues.map(formatIssue)).toEqual([
      'activity.csv:3:year: invalid value; found "1850"; expected a year from 1900 to 2100',
      'activity.csv:4:year: invalid value; found "05"; expected a four-digit year',
      'activity.csv:5:value: invalid value; found "-1"; expected a number >= 0',
      'activity.csv:6:value: invalid value; found "1,234"; expected a plain decimal number (no thousands separators, no text)',
      'activity.csv:7:value: invalid value; found "NaN"; expected a plain decimal number (no thousands separators, no text)',
      'activity.csv:8:value: invalid value; found "1e999"; expected a finite number',
      'activity.csv:9:value: invalid value; found ""; expected a number',
      'activity.csv:9:value: invalid value; found ""; expected a plain decimal number (no thousands separators, no text)',
      `activity.csv:10:port: invalid value; found "PORT A"; ${codeText}`,
      'activity.csv:11:pollutant: invalid value; found ""; expected a code (e.g. NOx, ocean_going_vessels)',
      `activity.csv:11:pollutant: invalid value; found ""; ${codeText}`,
      'activity.csv:12:vessel_call: invalid value; found " "; expected a code (e.g. NOx, ocean_going_vessels)',
      `activity.csv:12:vessel_call: invalid value; found " "; ${codeText}`,
      'activity.csv:13:source_ref: invalid value; found ";"; expected at least one source_ref',
      `activity.csv:14:terminal: invalid value; found "=cmd|' /C calc'!A0"; ${codeText}`,
      `activity.csv:15:source_category: invalid value; found "<script>"; ${codeText}`,
      `activity.csv:16:unit: invalid value; found "../../etc/passwd"; ${codeText}`,
      `activity.csv:17: row has 11 fields, the header has 10; found "${row()},extra"; ${ragged}`,
      `activity.csv:18: row has 4 fields, the header has 10; found "PORT_A,2005,T1,VC1"; ${ragged}`,
    ]);
    // The first row and the last (spaces trimmed, as the schema does) are valid: 1.5 + 2.
    expect(result.validRows).toBe(2);
    expect(result.totals).toEqual([{ port: 'PORT_A', year: 2005, source_category: 'ships', pollutant: 'NOx', unit: 'ton_per_year', release: 'SYN_2011', value: 3.5, rows: 2 }]);
  });

  it('checks codes against a dataset\'s codelists, with hints', async () => {
    const path = await file(
      [HEADER, row(), row({ port: 'PORT_Z' }), row({ pollutant: 'nox' }), row({ unit: 'percent' }), row({ source_ref: 'SYNTHETIC_TEST;NOPE' }), row({ source_category: 'all' }), row({ release: 'SYN_B_2011' })].join('\n') + '\n',
    );
    const result = await readActivityFile(path, { file: 'activity.csv', codelists: dataset.codelists });
    expect(result.issues.map(formatIssue)).toEqual([
      'activity.csv:3:port: unknown port code; found "PORT_Z"; expected a code declared in the dataset\'s ports (did you mean PORT_A?)',
      'activity.csv:4:pollutant: unknown pollutant code; found "nox"; expected a code declared in the dataset\'s pollutants (did you mean NOx?)',
      'activity.csv:5:unit: unit measures percent, not emissions; found "percent"; expected a unit of quantity mass_rate or mass',
      'activity.csv:6:source_ref: source_ref does not resolve in sources; found "NOPE"; expected a code declared in the dataset\'s sources (valid codes: SYNTHETIC_TEST)',
    ]);
    // `all` is a declared category; release SYN_B_2011 is declared (for port B, but a release is not tied to a port here).
    expect(result.validRows).toBe(3);
    expect(result.totals.map((t) => [t.source_category, t.release, t.value])).toEqual([
      ['all', 'SYN_2011', 1.5],
      ['ships', 'SYN_2011', 1.5],
      ['ships', 'SYN_B_2011', 1.5],
    ]);
  });

  it('refuses a value above 1e15, so that no total can pass the largest double (Infinity was found by fuzzing)', async () => {
    const result = await readActivityFile(await file([HEADER, row({ value: '1e308' }), row({ value: '1000000000000000' }), row({ value: '1000000000000001' })].join('\n')), { file: 'activity.csv' });
    expect(result.issues.map(formatIssue)).toEqual([
      'activity.csv:2:value: invalid value; found "1e308"; expected a number of at most 1e15 in size (1,000,000,000,000,000)',
      'activity.csv:4:value: invalid value; found "1000000000000001"; expected a number of at most 1e15 in size (1,000,000,000,000,000)',
    ]);
    expect(result.totals.map((t) => t.value)).toEqual([1e15]);
  });

  it('lists MAX_ISSUES_PER_FILE problems and counts the rest', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => row({ year: String(1800 + i) }));
    const result = await readActivityFile(await file([HEADER, ...rows].join('\n')));
    expect(result.issues).toHaveLength(MAX_ISSUES_PER_FILE);
    expect(result.unlisted).toBe(10);
    expect(result.rowCount).toBe(60);
    expect(result.totals).toEqual([]);
  });

  it('reads quoted fields, line breaks inside quotes, a BOM, CRLF and blank lines', async () => {
    const crlf = await file(`\uFEFF${HEADER}\r\n${row()}\r\n\r\n"PORT_A",2005,"T1","VC1",ships,NOx,"2.5",ton_per_year,SYN_2011,SYNTHETIC_TEST\r\n`);
    const a = await readActivityFile(crlf);
    expect([a.parser, a.rowCount, a.issues, a.totals[0]?.value]).toEqual(['fast', 2, [], 4]);
    const multiline = await file(`${HEADER}\n${row()}\n${row({ terminal: '"T\n1"' })}\n${row({ year: '1850' })}\n`);
    const b = await readActivityFile(multiline, { file: 'activity.csv' });
    expect(b.parser).toBe('csv-parse');
    expect(b.issues.map(formatIssue)).toEqual([
      'activity.csv:4:terminal: invalid value; found "T\\n1"; expected a code of letters, digits, _ . + - (no spaces)',
      'activity.csv:5:year: invalid value; found "1850"; expected a year from 1900 to 2100',
    ]);
  });

  it('reports a broken quote with its line, after the rows before it', async () => {
    const result = await readActivityFile(await file(`${HEADER}\n${row({ year: '1850' })}\n${row()}\n${row({ terminal: 'T"1' })}\n${row()}\n`), { file: 'activity.csv' });
    expect(result.issues.map(formatIssue)).toEqual([
      'activity.csv:2:year: invalid value; found "1850"; expected a year from 1900 to 2100',
      'activity.csv:4: CSV syntax: a quote is found on field 2 at line 4, value is "T" (check quotes: a quoted field must end with a quote before the next comma)',
    ]);
    expect(result.validRows).toBe(1);
  });

  it('says what is wrong with a missing, empty, folder, headerless or mis-headed file', async () => {
    const messages = async (path: string) => (await readActivityFile(path, { file: 'activity.csv' })).issues.map(formatIssue);
    expect(await messages(join(dir, 'nope.csv'))).toEqual(['activity.csv: file not found; expected an activity CSV file']);
    expect(await messages(await file(''))).toEqual([`activity.csv:1: file is empty; expected a header line: ${HEADER}`]);
    await mkdir(join(dir, 'folder.csv'));
    expect(await messages(join(dir, 'folder.csv'))).toEqual(['activity.csv: resource path is not a file; expected a CSV file']);
    expect(await messages(await file('\n\n'))).toEqual([`activity.csv:1: file has no header line; expected ${HEADER}`]);
    expect(await messages(await file(`${HEADER.replace('value', 'tons')}\n${row()}\n`))).toEqual([
      `activity.csv:1: header does not match (missing value; unexpected tons); found "${HEADER.replace('value', 'tons')}"; expected ${HEADER}`,
    ]);
    expect(await messages(await file(`${HEADER.replaceAll(',', ';')}\n`))).toEqual([
      `activity.csv:1: header is not comma-separated (looks ;-separated); found "${HEADER.replaceAll(',', ';')}"; expected ${HEADER} (port-emissions reads comma-separated CSV; re-save the file with commas)`,
    ]);
  });

  it('reports progress every progressEvery rows', async () => {
    const rows = Array.from({ length: 25 }, () => row());
    const seen: number[] = [];
    await readActivityFile(await file([HEADER, ...rows].join('\n')), { progressEvery: 10, onProgress: (count) => seen.push(count) });
    expect(seen).toEqual([10, 20]);
  });
});
