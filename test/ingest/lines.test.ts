/**
 * Line numbers as an analyst's editor shows them: a CRLF, an LF or a lone CR ends one line, inside a quoted
 * field too, in every CSV reader (the Data Package loader, the activity reader, import-table). csv-parse
 * counts a CRLF it does not take as the record delimiter as two lines; these cases would each be numbered
 * one line too far per such CRLF if its count leaked through. SYNTHETIC rows (the mini synthetic dataset's).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIssue, PortEmissionsError } from '../../src/errors.ts';
import { readActivityFile } from '../../src/ingest/activity.ts';
import { CsvLines } from '../../src/ingest/csv-lines.ts';
import type { Dataset } from '../../src/ingest/dataset.ts';
import { streamCsvRecords } from '../../src/ingest/fast-rows.ts';
import { importPublishedTable } from '../../src/ingest/import-table.ts';
import { loadDataset, validateDataset } from '../../src/ingest/load.ts';
import { ACTIVITY_FIELDS } from '../../src/schema/activity.ts';
import { csvBytes, fuzzParams } from '../fuzz/arbitraries.ts';
import { MINI_CSV, writeMiniDataset } from '../helpers/mini-dataset.ts';

let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pe-lines-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const [EMISSIONS_HEADER, ...EMISSIONS_ROWS] = MINI_CSV.emissions.trimEnd().split('\n');
/** Mini emissions row i with its note (the 12th field) replaced by `note`, as written (quote it yourself). */
const withNote = (i: number, note: string) => EMISSIONS_ROWS[i]!.replace(',synthetic,', `,${note},`);
const year1850 = (i: number) => EMISSIONS_ROWS[i]!.replace(/,(2005|2010),/, ',1850,');

async function loaderIssues(emissions: string): Promise<string[]> {
  const dataset = await writeMiniDataset(join(dir, `dataset-${n++}`), { emissions });
  return (await validateDataset(dataset)).issues.map(formatIssue);
}

describe('the Data Package loader numbers lines physically', () => {
  it('counts a quoted CRLF, LF and lone CR once each, and blank lines, before a bad row (LF file)', async () => {
    const text = [
      EMISSIONS_HEADER, //                     line 1
      withNote(0, '"crlf\r\nnote"'), //        lines 2-3
      withNote(1, '"lf\nnote"'), //            lines 4-5
      withNote(2, '"cr\rnote"'), //            lines 6-7
      '', //                                   line 8
      '   ', //                                line 9 (spaces only: skipped)
      year1850(3), //                          line 10
      EMISSIONS_ROWS[4], //                    line 11
      withNote(5, '"two\r\n\r\nCRLFs"'), //    lines 12-14
      year1850(4), //                          line 15
    ].join('\n');
    expect(await loaderIssues(`${text}\n`)).toEqual([
      'data/emissions.csv:10:year: invalid value; found "1850"; expected a year from 1900 to 2100',
      'data/emissions.csv:15:year: invalid value; found "1850"; expected a year from 1900 to 2100',
    ]);
  });

  it('does the same in a CRLF file with a BOM, blank lines and quoted CRLFs', async () => {
    const text = [
      EMISSIONS_HEADER, //                     line 1
      '', //                                   line 2
      withNote(0, '"crlf\r\nnote"'), //        lines 3-4
      '', //                                   line 5
      '', //                                   line 6
      withNote(1, '"lone\nlf and\rcr"'), //    lines 7-9
      year1850(3), //                          line 10
    ].join('\r\n');
    expect(await loaderIssues(`\uFEFF${text}\r\n\r\n`)).toEqual(['data/emissions.csv:10:year: invalid value; found "1850"; expected a year from 1900 to 2100']);
  });

  it('names the physical line of a CSV syntax error after such rows, in the issue and in its message', async () => {
    const text = [
      EMISSIONS_HEADER, //                     line 1
      withNote(0, '"a\r\nb"'), //              lines 2-3
      '', //                                   line 4
      withNote(1, '"c\r\nd"'), //              lines 5-6
      withNote(2, 'synth"etic'), //            line 7
    ].join('\n');
    expect(await loaderIssues(`${text}\n`)).toEqual([
      'data/emissions.csv:7: CSV syntax: a quote is found on field 11 at line 7, value is "synth" (check quotes: a quoted field must end with a quote before the next comma)',
    ]);
    // A quote left open: csv-parse stops at the end of the file, line 7 of 7.
    const open = [EMISSIONS_HEADER, withNote(0, '"a\r\nb"'), withNote(1, '"open'), EMISSIONS_ROWS[2], EMISSIONS_ROWS[3]].join('\r\n');
    expect(await loaderIssues(`${open}\r\n`)).toEqual([
      'data/emissions.csv:6: CSV syntax: Quote Not Closed: the parsing is finished with an opening quote at line 6 (check quotes: a quoted field must end with a quote before the next comma)',
    ]);
  });

  it('gives dataset-level checks the physical lines of the rows they compare', async () => {
    const text = [EMISSIONS_HEADER, withNote(0, '"x\r\ny"'), ...EMISSIONS_ROWS.slice(1), EMISSIONS_ROWS[3]!.replace(',500,', ',501,')].join('\n');
    const issues = await loaderIssues(`${text}\n`);
    expect(issues).toHaveLength(1);
    // The repeated row is line 9 (the header, a row on lines 2-3, five more rows); the first one is line 6.
    expect(issues[0]).toMatch(/^data\/emissions\.csv:9:.*duplicate key: same .* as line 6;/);
  });
});

describe('the activity reader numbers lines as the loader does', () => {
  const HEADER = ACTIVITY_FIELDS.join(',');
  const row = (overrides: Partial<Record<(typeof ACTIVITY_FIELDS)[number], string>> = {}) => {
    const base = { port: 'PORT_A', year: '2005', terminal: 'T1', vessel_call: 'VC1', source_category: 'ships', pollutant: 'NOx', value: '1.5', unit: 'ton_per_year', release: 'SYN_2011', source_ref: 'SYNTHETIC_TEST', ...overrides };
    return ACTIVITY_FIELDS.map((field) => base[field]).join(',');
  };
  const read = async (text: string) => {
    const path = join(dir, `activity-${n++}.csv`);
    await writeFile(path, text);
    return readActivityFile(path, { file: 'activity.csv' });
  };

  it('after the fast path hands over to csv-parse at a quoted CRLF', async () => {
    const text = [
      HEADER, //                                         line 1
      row(), //                                          line 2 (fast path)
      '', //                                             line 3
      row({ vessel_call: '"VC\r\n1"' }), //              lines 4-5: hand-over
      row({ terminal: '"T\r1"' }), //                    lines 6-7
      row({ year: '1850' }), //                          line 8
      row({ terminal: 'T"1' }), //                       line 9
    ].join('\n');
    const result = await read(`${text}\n`);
    expect(result.parser).toBe('csv-parse');
    expect(result.issues.map(formatIssue)).toEqual([
      'activity.csv:5:vessel_call: invalid value; found "VC\\r\\n1"; expected a code of letters, digits, _ . + - (no spaces)',
      'activity.csv:7:terminal: invalid value; found "T\\r1"; expected a code of letters, digits, _ . + - (no spaces)',
      'activity.csv:8:year: invalid value; found "1850"; expected a year from 1900 to 2100',
      'activity.csv:9: CSV syntax: a quote is found on field 2 at line 9, value is "T" (check quotes: a quoted field must end with a quote before the next comma)',
    ]);
  });

  it('from the first byte, with a BOM, CRLF line ends and blank lines', async () => {
    // A quote on the header line sends the whole file to csv-parse, from its first byte.
    const text = ['\uFEFF"port"' + HEADER.slice(4), row({ terminal: '"T\r\n1"' }), '', '', row({ year: '1850' })].join('\r\n');
    const result = await read(`${text}\r\n`);
    expect(result.issues.map(formatIssue)).toEqual([
      'activity.csv:3:terminal: invalid value; found "T\\r\\n1"; expected a code of letters, digits, _ . + - (no spaces)',
      'activity.csv:6:year: invalid value; found "1850"; expected a year from 1900 to 2100',
    ]);
  });
});

describe('import-table numbers lines physically', () => {
  let dataset: Dataset;
  beforeAll(async () => {
    dataset = await loadDataset(await writeMiniDataset(join(dir, 'import-dataset')));
  });
  const OPTIONS = { port: 'PORT_A', pollutant: 'DPM', unit: 'ton_per_year', release: 'SYN_2011', sourceRef: ['SYNTHETIC_TEST'] };
  const problems = (text: string) => {
    try {
      importPublishedTable(text, 't.csv', OPTIONS, dataset.codelists);
    } catch (error) {
      if (!(error instanceof PortEmissionsError)) throw error;
      return { message: error.message, line: error.location?.line, details: error.details.map(formatIssue) };
    }
    throw new Error('imported without a problem');
  };

  it('names the line of each bad row after a label with a quoted CRLF and blank lines', () => {
    const text = 'Source category,2005,2010\r\n"Ships\r\n(ocean-going)",1,2\r\n\r\nTrucks,3,x\r\nTotal,4,2\r\n';
    expect(problems(text).details).toEqual([
      't.csv:3:Source category: unknown source category; found "Ships\\r\\n(ocean-going)"; expected a source category of the dataset: codes all, ships, trucks, ships_at_berth; labels "All sources", "Ships", "Trucks", "Ships at berth", or Total',
      't.csv:5:2010: not a tonnage; found "x"; expected a number >= 0 such as 1,234 or 891* (NA, n/a, -, — or blank when not published)',
    ]);
  });

  it('locates a CSV syntax error on its physical line', () => {
    const text = 'Source category,2005\n"Ships\r\nand craft",1\nTru"cks,3\n';
    expect(problems(text)).toMatchObject({ line: 4, message: expect.stringContaining('at line 4,') });
  });
});

describe('streamCsvRecords line numbers', () => {
  it("numbers physical lines unless asked for csv-parse's own count", async () => {
    const path = join(dir, 'split.csv');
    await writeFile(path, 'a,b\n"x\r\ny",1\nz,2\n');
    const lines = async (lineNumbers?: 'physical' | 'csv-parse') => {
      const seen: number[] = [];
      await streamCsvRecords(path, { onRecord: (_, line) => void seen.push(line), ...(lineNumbers ? { lineNumbers } : {}) });
      return seen;
    };
    expect(await lines()).toEqual([1, 3, 4]);
    expect(await lines('physical')).toEqual([1, 3, 4]);
    expect(await lines('csv-parse')).toEqual([1, 4, 5]);
  });

  it('numbers physically after a hand-over mid-file as csv-parse over the whole file numbers physically', async () => {
    let k = 0;
    await fc.assert(
      fc.asyncProperty(csvBytes, fc.integer({ min: 1, max: 64 }), async (bytes, highWaterMark) => {
        const path = join(dir, `handover-${k++ % 4}.csv`);
        await writeFile(path, bytes);
        const whole = await numbered([bytes]);
        const lines: number[] = [];
        let error: number | undefined;
        try {
          await streamCsvRecords(path, { highWaterMark, lineNumbers: 'physical', onRecord: (_, line) => void lines.push(line) });
        } catch (thrown) {
          error = (thrown as CsvError).lines as number;
        }
        expect(lines).toEqual(whole.lines);
        expect(error).toBe(whole.error);
      }),
      fuzzParams(300),
    );
  });
});

/** csv-parse over `chunks` with a CsvLines fed the same chunks: each record's line, and the error's. */
async function numbered(chunks: Buffer[]): Promise<{ lines: number[]; csvParse: number[]; error?: number; csvParseError?: number; message?: string }> {
  const counter = new CsvLines({ bom: true });
  const input = Readable.from(chunks, { objectMode: false });
  input.on('data', (chunk: Buffer) => counter.feed(chunk));
  const parser = input.pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true, trim: false }));
  const out: Awaited<ReturnType<typeof numbered>> = { lines: [], csvParse: [] };
  await new Promise<void>((resolve) => {
    parser.on('data', (item: { info: { bytes: number; lines: number; empty_lines: number } }) => {
      out.lines.push(counter.recordLine(item.info));
      out.csvParse.push(item.info.lines);
    });
    parser.on('error', (error: CsvError) => {
      out.csvParseError = error.lines as number;
      out.error = counter.locateError(error);
      out.message = error.message;
      resolve();
    });
    parser.on('end', resolve);
  });
  return out;
}

const split = (bytes: Buffer, size: number) => Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));

describe('CsvLines', () => {
  it('numbers UTF-16LE files (csv-parse reads them after their byte order mark) by character', async () => {
    const text = 'h,x\r\n"a\r\nb",1\r\n\r\nc,"2"\r\nd,"e\r\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    for (const size of [1, 3, 64]) {
      const result = await numbered(split(bytes, size));
      expect(result.lines).toEqual([1, 3, 5]);
      expect(result.error).toBe(6);
      expect(result.message).toContain('at line 6');
    }
  });

  it('counts a CRLF split across two reads once', async () => {
    const bytes = Buffer.from('h\n"a\r\nb"\nc,"\r\n\r\n');
    for (const size of [1, 2, 5]) expect(await numbered(split(bytes, size))).toMatchObject({ lines: [1, 3], error: 5 });
  });

  it("agrees with csv-parse wherever csv-parse's count is physical: files without a CRLF", async () => {
    const noCrlf = csvBytes.filter((bytes) => !bytes.includes('\r\n') && !(bytes[0] === 0xff && bytes[1] === 0xfe));
    await fc.assert(
      fc.asyncProperty(noCrlf, fc.integer({ min: 1, max: 9 }), async (bytes, size) => {
        const result = await numbered(split(bytes, size));
        expect(result.lines).toEqual(result.csvParse);
        expect(result.error).toBe(result.csvParseError);
      }),
      fuzzParams(300),
    );
  });
});
