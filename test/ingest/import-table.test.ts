import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PortEmissionsError, formatIssue } from '../../src/errors.ts';
import type { Dataset } from '../../src/ingest/dataset.ts';
import { emissionsCsv, importPublishedTable, importPublishedTableFile, parsePublishedNumber, publishedLayout, stripFootnote } from '../../src/ingest/import-table.ts';
import { loadDataset } from '../../src/ingest/load.ts';
import { runCli } from '../../src/cli/main.ts';
import { writeMiniDataset } from '../helpers/mini-dataset.ts';
import { captureIO } from '../helpers/io.ts';

// A SYNTHETIC table in the ports' published layout (invented numbers; codes from the mini synthetic dataset).
const TABLE = `Source category,2005,2010,2011
Ships,"1,234",891*,700 a
Trucks,400,300¹,
Total,"1,634","1,191",700
`;
const OPTIONS = { port: 'PORT_A', pollutant: 'DPM', unit: 'ton_per_year', release: 'SYN_2011', sourceRef: ['SYNTHETIC_TEST'] };

let dataset: Dataset;
let datasetDirPath: string;
beforeAll(async () => {
  datasetDirPath = await writeMiniDataset(await mkdtemp(join(tmpdir(), 'pe-import-')));
  dataset = await loadDataset(datasetDirPath);
});

describe('published numbers and footnotes', () => {
  it('reads thousands separators, footnote marks and blanks', () => {
    expect(parsePublishedNumber('1,234')).toEqual({ value: 1234, decimals: 0, footnote: '' });
    expect(parsePublishedNumber('891*')).toEqual({ value: 891, decimals: 0, footnote: '*' });
    expect(parsePublishedNumber('891 a')).toEqual({ value: 891, decimals: 0, footnote: 'a' });
    expect(parsePublishedNumber('12.5†')).toEqual({ value: 12.5, decimals: 1, footnote: '†' });
    expect(parsePublishedNumber('')).toBe('no_data');
    expect(parsePublishedNumber(' - ')).toBe('no_data');
    expect(parsePublishedNumber('n/a')).toBe('no_data');
    expect(parsePublishedNumber('abc')).toBeUndefined();
    expect(parsePublishedNumber('1,23')).toBeUndefined();
    expect(stripFootnote('Harbor craft (b)')).toEqual({ text: 'Harbor craft', footnote: '(b)' });
  });
});

describe('importPublishedTable', () => {
  it('converts categories x years into long records with the Total as `all`', () => {
    const result = importPublishedTable(TABLE, 'table.csv', OPTIONS, dataset.codelists);
    expect(result.years).toEqual([2005, 2010, 2011]);
    expect(result.categories).toEqual(['ships', 'trucks']);
    expect(result.mismatches).toEqual([]);
    const values = result.records.map((r) => `${r.year}/${r.source_category}=${r.value}`);
    expect(values).toEqual(['2005/all=1634', '2005/ships=1234', '2005/trucks=400', '2010/all=1191', '2010/ships=891', '2010/trucks=300', '2011/all=700', '2011/ships=700']);
    expect(result.records.find((r) => r.year === 2010 && r.source_category === 'ships')!.note).toBe("imported from table.csv; published with footnote mark '*'");
  });

  it('reports each year whose categories do not add up to the Total, within rounding', () => {
    const table = TABLE.replace('Total,"1,634","1,191",700', 'Total,"1,635","1,200",700');
    const result = importPublishedTable(table, 'table.csv', OPTIONS, dataset.codelists);
    // 2005: 1634 vs 1635 is within rounding (3 cells x 0.5); 2010: 1191 vs 1200 is not.
    expect(result.mismatches).toEqual([{ year: 2010, pollutant: 'DPM', line: 4, column: '2010', categories_sum: 1191, total: 1200, difference: -9, tolerance: 1.5, kind: 'differs' }]);
  });

  it('names file, line and column of every bad cell and unknown category', () => {
    const table = 'Category,2005,2010\nShips,twelve,5\nTrukcs,1,2\nShips,1,1\n';
    try {
      importPublishedTable(table, 'bad.csv', OPTIONS, dataset.codelists);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PortEmissionsError);
      expect((error as PortEmissionsError).details.map(formatIssue)).toEqual([
        'bad.csv:2:2005: not a tonnage; found "twelve"; expected a number >= 0 such as 1,234 or 891* (NA, n/a, -, — or blank when not published)',
        'bad.csv:3:Category: unknown source category; found "Trukcs"; expected a source category of the dataset: codes all, ships, trucks, ships_at_berth; labels "All sources", "Ships", "Trucks", "Ships at berth", or Total (closest source category: code trucks (label "Trucks"))',
        'bad.csv:4:Category: source category appears twice (first at line 2); found "Ships"',
      ]);
    }
  });

  it('rejects a header that is not years, and codes the dataset does not declare', () => {
    expect(() => importPublishedTable('Category,FY05\nShips,1\n', 'h.csv', OPTIONS, dataset.codelists)).toThrow('h.csv: the header row names no year, source category or pollutant of the dataset');
    try {
      importPublishedTable(TABLE, 't.csv', { ...OPTIONS, pollutant: 'Dmp' }, dataset.codelists);
      expect.unreachable();
    } catch (error) {
      expect((error as PortEmissionsError).exitCode).toBe(2);
      // A library call names the option it was given (the CLI names its flag instead).
      expect((error as PortEmissionsError).details[0]).toMatchObject({ file: '', column: 'pollutant' });
      expect(formatIssue((error as PortEmissionsError).details[0]!)).toBe('pollutant: unknown pollutant for t.csv; found "Dmp"; expected a pollutant of the dataset: codes NOx, DPM; labels "Nitrogen oxides", "Diesel particulate matter" (closest pollutant: code DPM (label "Diesel particulate matter"))');
    }
  });

  it('round-trips: long -> published layout -> long gives the same records', () => {
    const first = importPublishedTable(TABLE, 'table.csv', OPTIONS, dataset.codelists);
    const layout = publishedLayout(first.records, dataset.codelists.sourceCategories);
    expect(layout).toBe('Source category,2005,2010,2011\nShips,"1,234",891,700\nTrucks,400,300,\nTotal,"1,634","1,191",700\n');
    const second = importPublishedTable(layout, 'table.csv', OPTIONS, dataset.codelists);
    const strip = (rs: typeof first.records) => rs.map(({ note: _note, ...rest }) => rest);
    expect(strip(second.records)).toEqual(strip(first.records));
  });
});

describe('import-table command', () => {
  it('writes a long-format file that validates as the emissions resource of a dataset', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pe-import-cli-'));
    await writeFile(join(dir, 'table.csv'), TABLE);
    const io = captureIO(dir);
    const code = await runCli(['import-table', 'table.csv', '--port', 'PORT_A', '--pollutant', 'DPM', '--unit', 'ton_per_year', '--release', 'SYN_2011', '--source-ref', 'SYNTHETIC_TEST', '--data', datasetDirPath, '--out', 'out'], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const path = join(dir, 'out', 'PORT_A_DPM_SYN_2011.emissions.csv');
    expect(io.out()).toBe(`wrote 8 emissions rows (source categories down, years across; 1 cell not published) to ${path}\n`);
    const csv = await readFile(path, 'utf8');
    const records = importPublishedTable(TABLE, 'table.csv', OPTIONS, dataset.codelists).records;
    expect(csv).toBe(emissionsCsv(records));
    // The written file is a valid emissions resource: a copy of the mini dataset with it loads.
    const copy = await writeMiniDataset(join(dir, 'ds'), { emissions: csv });
    await expect(loadDataset(copy)).resolves.toBeDefined();
  });

  it('exits 1 and writes nothing when a year does not add up; 2 on missing options', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pe-import-cli-'));
    await writeFile(join(dir, 'table.csv'), TABLE.replace('"1,191"', '"1,500"'));
    const io = captureIO(dir);
    const args = ['import-table', 'table.csv', '--port', 'PORT_A', '--pollutant', 'DPM', '--unit', 'ton_per_year', '--release', 'SYN_2011', '--source-ref', 'SYNTHETIC_TEST', '--data', datasetDirPath, '--out', 'out'];
    expect(await runCli(args, io)).toBe(1);
    expect(io.err()).toContain('table.csv:4:2010: DPM 2010: categories add up to 1191, the Total says 1500 (difference -309, rounding allows 1.5)');
    await expect(readFile(join(dir, 'out', 'PORT_A_DPM_SYN_2011.emissions.csv'))).rejects.toThrow();
    const io2 = captureIO(dir);
    expect(await runCli(['import-table', 'table.csv', '--port', 'PORT_A'], io2)).toBe(2);
    expect(io2.err()).toContain('missing --release, --source-ref, --unit');
  });

  it('names its flags where the library names its options (pollutant, sourceRef, range)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pe-import-flags-'));
    await writeFile(join(dir, 'table.csv'), TABLE);
    const io = captureIO(dir);
    const args = ['import-table', 'table.csv', '--port', 'PORT_A', '--pollutant', 'Dmp', '--unit', 'ton_per_year', '--release', 'SYN_2011', '--source-ref', 'NO_SUCH_SOURCE', '--data', datasetDirPath];
    expect(await runCli(args, io)).toBe(2);
    expect(io.err()).toContain('--pollutant: unknown pollutant for table.csv; found "Dmp"');
    expect(io.err()).toContain('--source-ref: unknown source_ref for table.csv; found "NO_SUCH_SOURCE"');
    
    const io2 = captureIO(dir);
    const good = ['import-table', 'table.csv', '--port', 'PORT_A', '--pollutant', 'DPM', '--unit', 'ton_per_year', '--release', 'SYN_2011', '--source-ref', 'SYNTHETIC_TEST', '--data', datasetDirPath];
    expect(await runCli([...good, '--range', 'B3:D5'], io2)).toBe(2);
    expect(io2.err()).toContain('port-emissions: --range: only an XLSX workbook has sheets and cell ranges; table.csv is read as CSV');
  });
});

describe('the layouts inventories are published in (SYNTHETIC tables)', () => {
  const base = { port: 'PORT_A', unit: 'ton_per_year', release: 'SYN_2011', sourceRef: ['SYNTHETIC_TEST'] };
  const cells = (result: ReturnType<typeof importPublishedTable>) => result.records.map((r) => `${r.year}/${r.pollutant}/${r.source_category}=${r.value}`);

  it('reads years x categories (transposed) as categories x years', () => {
    const result = importPublishedTable('Year,Ships,Trucks,Total\n2005,"1,234",400,"1,634"\n2010,891*,300¹,"1,191"\n', 't.csv', { ...base, pollutant: 'DPM' }, dataset.codelists);
    expect(result.layout).toEqual({ rows: 'year', columns: 'category' });
    expect(cells(result)).toEqual(cells(importPublishedTable(TABLE.replace(/\n2011.*$/m, ''), 'table.csv', OPTIONS, dataset.codelists)).filter((c) => !c.startsWith('2011')));
    expect(result.mismatches).toEqual([]);
  });

  it('reads source categories x pollutants for one --year, matching labels by alias, case, hyphens and spaces', () => {
    const result = importPublishedTable('Source,NOX,Diesel particulate  matter\nSHIPS,600,12.5\ntrucks,400,2.5\nTOTAL,"1,000",15\n', 'p.csv', { ...base, year: 2018 }, dataset.codelists);
    expect(result.layout).toEqual({ rows: 'category', columns: 'pollutant' });
    expect(cells(result)).toEqual(['2018/DPM/all=15', '2018/DPM/ships=12.5', '2018/DPM/trucks=2.5', '2018/NOx/all=1000', '2018/NOx/ships=600', '2018/NOx/trucks=400']);
  });

  it('asks for the year a categories x pollutants table does not give, and the pollutant a categories x years table does not', () => {
    expect(() => importPublishedTable('Source,NOx\nShips,1\n', 'p.csv', base, dataset.codelists)).toThrow(/1 problem in the header or options/);
    try {
      importPublishedTable('Source,NOx\nShips,1\n', 'p.csv', base, dataset.codelists);
    } catch (error) {
      expect((error as PortEmissionsError).details.map(formatIssue)).toEqual([
        'year: the table has no year axis (source categories down, pollutants across); expected the inventory year of the table, e.g. 2018',
      ]);
    }
  });

  it('never reads NA, n/a, -, — or blank as zero; the sum check treats them as unknown and reports the remainder', () => {
    const result = importPublishedTable('Category,2005,2010\nShips,600,NA\nTrucks,—,n/a\nTotal,"1,000",900\n', 'm.csv', { ...base, pollutant: 'NOx' }, dataset.codelists);
    expect(result.records.map((r) => `${r.year}/${r.source_category}=${r.value}`)).toEqual(['2005/all=1000', '2005/ships=600', '2010/all=900']);
    expect(result.notPublished).toBe(3);
    expect(result.mismatches).toEqual([]);
    expect(result.remainders).toEqual([
      { year: 2005, pollutant: 'NOx', total: 1000, categories_sum: 600, remainder: 400, not_published: ['trucks'], not_listed: [] },
      { year: 2010, pollutant: 'NOx', total: 900, categories_sum: 0, remainder: 900, not_published: ['ships', 'trucks'], not_listed: [] },
    ]);
  });

  it('refuses published categories that exceed the total, even when some are not published', () => {
    const result = importPublishedTable('Category,2005\nShips,900\nTrucks,NA\nTotal,800\n', 'x.csv', { ...base, pollutant: 'NOx' }, dataset.codelists);
    expect(result.mismatches).toEqual([{ year: 2005, pollutant: 'NOx', line: 4, column: '2005', categories_sum: 900, total: 800, difference: 100, tolerance: 1, kind: 'exceeds' }]);
  });

  it('reads a percent-change table into indicators, with its metric and what it is relative to', () => {
    const result = importPublishedTable('Pollutant,Ships,Total\nNOx,-50%,−45.5\nDPM,n/a,-80\n', 'pct.csv', { ...base, unit: undefined, values: 'pct_change', year: 2010, relativeTo: 'BASE_2005', indicatorMetric: 'per_10000_teu' }, dataset.codelists);
    expect(result.records).toEqual([]);
    expect(result.indicators.map((r) => [r.year, r.pollutant, r.source_category, r.value, r.relative_to, r.metric, r.unit])).toEqual([
      [2010, 'DPM', 'all', -80, 'BASE_2005', 'per_10000_teu', 'percent'],
      [2010, 'NOx', 'all', -45.5, 'BASE_2005', 'per_10000_teu', 'percent'],
      [2010, 'NOx', 'ships', -50, 'BASE_2005', 'per_10000_teu', 'percent'],
    ]);
  });

  it('keeps a "% change" column beside the years as indicators from the first to the last year, named by the baseline of that year', () => {
    const result = importPublishedTable('Category,2005,2010,% change\nShips,600,300,-50\nTotal,"1,000",500,-50\n', 'c.csv', { ...base, pollutant: 'NOx', baseline: { id: 'BASE_2005', year: 2005 } }, dataset.codelists);
    expect(result.records).toHaveLength(4);
    expect(result.indicators.map((r) => [r.year, r.source_category, r.value, r.relative_to])).toEqual([
      [2010, 'all', -50, 'BASE_2005'],
      [2010, 'ships', -50, 'BASE_2005'],
    ]);
  });

  it('names codes, labels and aliases as what they are, with the closest match, for an unknown label', () => {
    try {
      importPublishedTable('Category,2005\nShipz and boats,1\n', 'u.csv', { ...base, pollutant: 'NOx' }, dataset.codelists);
      expect.unreachable();
    } catch (error) {
      expect((error as PortEmissionsError).details.map(formatIssue)).toEqual([
        'u.csv:2:Category: unknown source category; found "Shipz and boats"; expected a source category of the dataset: codes all, ships, trucks, ships_at_berth; labels "All sources", "Ships", "Trucks", "Ships at berth", or Total',
      ]);
    }
  });
});

describe('XLSX input (a SYNTHETIC workbook)', () => {
  it('reads a sheet by name and a range, naming cells by sheet, row and column letter', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pe-import-xlsx-'));
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Table 1');
    sheet.getCell('A1').value = 'Table 1. SYNTHETIC emissions (tons per year)';
    [['Source category', 2005, 2010], ['Ships', 1234, 'twelve'], ['Total', 1634, 1191]].forEach((row, i) => row.forEach((v, j) => (sheet.getRow(3 + i).getCell(2 + j).value = v)));
    await workbook.xlsx.writeFile(join(dir, 'book.xlsx'));
    try {
      await importPublishedTableFile(join(dir, 'book.xlsx'), OPTIONS, dataset.codelists, { sheet: 'Table 1', range: 'B3:D5', file: 'book.xlsx' });
      expect.unreachable();
    } catch (error) {
      expect((error as PortEmissionsError).details.map(formatIssue)).toEqual([
        'book.xlsx[Table 1]:4:D: not a tonnage; found "twelve"; expected a number >= 0 such as 1,234 or 891* (NA, n/a, -, — or blank when not published)',
      ]);
    }
    // A library call's error is at the option it names (`sheet`, `range`), never at a CLI flag.
    await expect(importPublishedTableFile(join(dir, 'book.xlsx'), OPTIONS, dataset.codelists, { sheet: 'Table 2' })).rejects.toMatchObject({ message: expect.stringMatching(/^no sheet named "Table 2"/), location: { column: 'sheet' } });
    await expect(importPublishedTableFile(join(dir, 'book.xlsx'), OPTIONS, dataset.codelists, { range: 'D5:B3' })).rejects.toMatchObject({ message: 'the range is empty or reversed; found "D5:B3"', location: { column: 'range' } });
  });
});

describe('import-table --into', () => {
  it('writes nothing when the dataset would not validate with the rows (a duplicate key)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pe-import-into-'));
    const data = await writeMiniDataset(join(dir, 'ds'));
    // PORT_A 2005 all NOx is already in the mini dataset under SYN_2011.
    await writeFile(join(dir, 'nox.csv'), 'Category,2005\nShips,600\nTrucks,400\nTotal,"1,000"\n');
    const before = await readFile(join(data, 'data', 'emissions.csv'), 'utf8');
    const io = captureIO(dir);
    const code = await runCli(['import-table', 'nox.csv', '--into', 'ds', '--port', 'PORT_A', '--pollutant', 'NOx', '--unit', 'ton_per_year', '--release', 'SYN_2011', '--source-ref', 'SYNTHETIC_TEST'], io);
    expect(code).toBe(1);
    expect(io.err()).toContain('the dataset would not validate with the imported rows');
    expect(io.err()).toContain('duplicate key');
    expect(await readFile(join(data, 'data', 'emissions.csv'), 'utf8')).toBe(before);
    expect((await readdir(dir)).sort()).toEqual(['ds', 'nox.csv']);
  });
});
