import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { neutraliseCell, neutraliseCsvText, plainDecimal, toCsv, toXlsx } from '../../src/report/tabular.ts';
import { readZip } from '../helpers/zip.ts';

// Synthetic rows for tests only: the figures are made up and belong to no real inventory.
const syntheticRows = [
  { port: 'POLA', year: 2005, pollutant: 'NOx', tons: 16000.5, change_pct: null, note: 'baseline' },
  { port: 'POLA', year: 2023, pollutant: 'NOx', tons: 7000.25, change_pct: -56.25, note: '=HYPERLINK("http://x")' },
  { port: 'POLB', year: 2023, pollutant: 'DPM', tons: 0.0000015, change_pct: -87, note: 'said "ok", then\nleft' },
];

describe('neutraliseCell', () => {
  it('prefixes strings that a spreadsheet would evaluate, and nothing else', () => {
    expect(neutraliseCell('=1+2')).toBe("'=1+2");
    expect(neutraliseCell('+1')).toBe("'+1");
    expect(neutraliseCell('-1+2')).toBe("'-1+2");
    expect(neutraliseCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseCell('\t=cmd')).toBe("'\t=cmd");
    expect(neutraliseCell('\r=cmd')).toBe("'\r=cmd");
    expect(neutraliseCell('NOx')).toBe('NOx');
    expect(neutraliseCell('a=b')).toBe('a=b');
    expect(neutraliseCell('')).toBe('');
    expect(neutraliseCell(-1)).toBe(-1);
    expect(neutraliseCell(null)).toBe(null);
    expect(neutraliseCell(true)).toBe(true);
  });
});

describe('plainDecimal', () => {
  it('never uses exponent notation', () => {
    expect(plainDecimal(1e-7)).toBe('0.0000001');
    expect(plainDecimal(-2.5e-8)).toBe('-0.000000025');
    expect(plainDecimal(1.5e21)).toBe('1500000000000000000000');
    expect(plainDecimal(123.456)).toBe('123.456');
    expect(plainDecimal(-0)).toBe('0');
    expect(plainDecimal(Number.NaN)).toBe('');
    expect(plainDecimal(Number.POSITIVE_INFINITY)).toBe('');
  });

  it('parses back to the same number (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const text = plainDecimal(value);
        expect(text).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Number(text)).toBe(Object.is(value, -0) ? 0 : value);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('toCsv', () => {
  it('writes a header, CRLF lines, RFC 4180 quoting and neutralised strings', () => {
    const csv = toCsv(syntheticRows);
    expect(csv).toBe(
      'port,year,pollutant,tons,change_pct,note\r\n' +
        'POLA,2005,NOx,16000.5,,baseline\r\n' +
        `POLA,2023,NOx,7000.25,-56.25,"'=HYPERLINK(""http://x"")"\r\n` +
        'POLB,2023,DPM,0.0000015,-87,"said ""ok"", then\nleft"\r\n',
    );
  });

  it('parses back with csv-parse to the same values (numbers as plain decimals)', () => {
    const records = parse(toCsv(syntheticRows), { columns: true }) as Record<string, string>[];
    expect(records).toEqual([
      { port: 'POLA', year: '2005', pollutant: 'NOx', tons: '16000.5', change_pct: '', note: 'baseline' },
      { port: 'POLA', year: '2023', pollutant: 'NOx', tons: '7000.25', change_pct: '-56.25', note: `'=HYPERLINK("http://x")` },
      { port: 'POLB', year: '2023', pollutant: 'DPM', tons: '0.0000015', change_pct: '-87', note: 'said "ok", then\nleft' },
    ]);
  });

  it('follows the given column order, leaving missing keys empty', () => {
    expect(toCsv([{ a: 1, b: 2 }, { b: 3, c: undefined }], ['c', 'b', 'zz'])).toBe('c,b,zz\r\n,2,\r\n,3,\r\n');
  });

  it('takes columns in order of first appearance across rows', () => {
    expect(toCsv([{ b: 1 }, { a: 2, b: 3 }])).toBe('b,a\r\n1,\r\n3,2\r\n');
  });

  it('writes booleans, dates, objects and non-finite numbers predictably', () => {
    const csv = toCsv([{ ok: true, at: new Date(Date.UTC(2024, 0, 2)), list: ['a', 1], bad: Number.NaN }]);
    expect(csv).toBe('ok,at,list,bad\r\ntrue,2024-01-02T00:00:00.000Z,"[""a"",1]",\r\n');
  });

  it('quotes a field holding ; or a tab and guards a formula after any separator (semicolon-locale Excel)', () => {
    const csv = toCsv([{ source: "CAAP;=cmd|' /C calc'!A0", note: 'a\t+1', range: '1, -2', plain: 'NOx;SOx' }]);
    expect(csv).toBe(`source,note,range,plain\r\n"CAAP;'=cmd|' /C calc'!A0","a\t'+1","1, '-2","NOx;SOx"\r\n`);
    // Whatever a spreadsheet splits a line on, no piece of it starts with a formula character.
    for (const separator of [',', ';', '\t']) {
      const pieces = csv.split('\r\n')[1]!.split(separator).map((piece) => piece.replace(/^[\s"]+/, ''));
      expect(pieces.filter((piece) => /^[=+\-@]/.test(piece)), separator).toEqual([]);
    }
  });

  it('no piece of any line starts with a formula character, whichever separator is used (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('=', '+', '-', '@', ',', ';', '\t', ' ', 'a') }), { minLength: 1, maxLength: 4 }), (values) => {
        const csv = toCsv([Object.fromEntries(values.map((value, i) => [`c${i}`, value]))]);
        for (const separator of [',', ';', '\t']) {
          for (const line of csv.split('\r\n')) {
            const pieces = line.split(separator).map((piece) => piece.replace(/^[\s"]+/, ''));
            expect(pieces.filter((piece) => /^[=+\-@]/.test(piece))).toEqual([]);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('neutralises the header too, and adds a BOM only on request', () => {
    expect(toCsv([{ '-x': 1 }])).toBe("'-x\r\n1\r\n");
    expect(toCsv([{ unit: 'µg/m³' }], undefined, { bom: true })).toBe('\ufeffunit\r\nµg/m³\r\n');
    expect(toCsv([])).toBe('');
  });

  it('round-trips arbitrary strings through csv-parse, neutralised (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 5 }), (values) => {
        const rows = values.map((value) => ({ v: value }));
        const parsed = parse(toCsv(rows), { columns: true, relax_column_count: false }) as { v: string }[];
        expect(parsed.map((row) => row.v)).toEqual(values.map((value) => neutraliseCsvText(value)));
      }),
      { numRuns: 500 },
    );
  });
});

async function readWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

describe('toXlsx', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stores numbers as numbers, neutralised text, a bold frozen header and the notes below', async () => {
    const buffer = await toXlsx([
      { name: 'emissions', rows: syntheticRows, notes: ['Synthetic test data.', '-not a formula'] },
    ]);
    const workbook = await readWorkbook(buffer);
    const sheet = workbook.getWorksheet('emissions')!;
    expect(sheet).toBeDefined();

    expect(sheet.getRow(1).values).toEqual([undefined, 'port', 'year', 'pollutant', 'tons', 'change_pct', 'note']);
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });

    expect(sheet.getCell('B2').type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getCell('B2').value).toBe(2005);
    expect(sheet.getCell('D4').value).toBe(0.0000015);
    expect(sheet.getCell('E3').value).toBe(-56.25);
    expect(sheet.getCell('E3').type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getCell('E2').type).toBe(ExcelJS.ValueType.Null);
    expect(sheet.getCell('F3').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('F3').value).toBe(`'=HYPERLINK("http://x")`);
    expect(sheet.getCell('F4').value).toBe('said "ok", then\nleft');

    // Rows 2-4 hold data, row 5 is empty, the notes follow.
    expect(sheet.getRow(5).cellCount).toBe(0);
    expect(sheet.getCell('A6').value).toBe('Synthetic test data.');
    expect(sheet.getCell('A6').font?.italic).toBe(true);
    expect(sheet.getCell('A7').value).toBe("'-not a formula");
  });

  it('never stores a formula cell, whatever the strings', async () => {
    const evil = ['=1+1', '+cmd|" /C calc"!A0', '-2+3', '@SUM(1,2)', '\t=1', '\r=1'];
    const buffer = await toXlsx([{ name: 'x', rows: evil.map((text) => ({ text })) }]);
    const sheetXml = readZip(buffer).text('xl/worksheets/sheet1.xml');
    expect(sheetXml).not.toContain('<f>');
    const sheet = (await readWorkbook(buffer)).getWorksheet('x')!;
    evil.forEach((text, i) => {
      const cell = sheet.getCell(i + 2, 1);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      // XML reading turns a bare CR into LF; the cell is still text with the guard in front.
      expect(cell.value).toBe(`'${text}`.replace('\r', '\n'));
    });
  });

  it('writes several sheets with names Excel accepts', async () => {
    const workbook = await readWorkbook(
      await toXlsx([
        { name: 'a/b:c', rows: [{ x: 1 }] },
        { name: 'A_B_C', rows: [{ x: 2 }] },
        { name: 'a-very-long-sheet-name-beyond-thirty-one-characters', rows: [] },
      ]),
    );
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'a_b_c',
      'A_B_C-2',
      'a-very-long-sheet-name-beyond-t',
    ]);
    expect(workbook.worksheets[1]!.getCell('A2').value).toBe(2);
  });

  it('drops characters XML cannot hold instead of writing a file Excel refuses', async () => {
    const sheet = (await readWorkbook(await toXlsx([{ name: 's', rows: [{ t: 'a\u0000b\u001bc' }] }]))).getWorksheet('s')!;
    expect(sheet.getCell('A2').value).toBe('abc');
  });

  it('gives the same bytes at different times, with the given date in the document properties', async () => {
    const sheets = [{ name: 'emissions', rows: syntheticRows, notes: ['Synthetic test data.'] }];
    vi.useFakeTimers({ now: new Date('2031-05-06T07:08:09Z'), toFake: ['Date'] });
    const first = await toXlsx(sheets);
    vi.setSystemTime(new Date('2032-10-11T12:13:14Z'));
    const second = await toXlsx(sheets);
    vi.useRealTimers();
    expect(first.equals(second)).toBe(true);

    const zip = readZip(first);
    expect(zip.text('docProps/core.xml')).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">1970-01-01T00:00:00Z</dcterms:created>');
    expect(zip.text('docProps/core.xml')).not.toContain('lastPrinted');
    expect(new Set(zip.entries.map((entry) => entry.modified.toISOString()))).toEqual(new Set(['1980-01-01T00:00:00.000Z']));

    const dated = readZip(await toXlsx(sheets, { date: new Date('2024-06-30T00:00:00Z') }));
    expect(dated.text('docProps/core.xml')).toContain('>2024-06-30T00:00:00Z</dcterms:modified>');
    expect(dated.entries[0]!.modified.toISOString()).toBe('2024-06-30T00:00:00.000Z');
  });
});
