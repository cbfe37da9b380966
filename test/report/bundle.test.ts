import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PortEmissionsError } from '../../src/errors.ts';
import {
  BUNDLE_FORMATS,
  parseBundleFormats,
  sidecarRows,
  writeChartBundle,
  type ChartBundle,
} from '../../src/report/bundle.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'pe-bundle-'));
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(root, { recursive: true, force: true });
});

const PNG_2X = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 2]);
const PNG_3X = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 3]);

/** A synthetic bundle: the figures are invented for the test and describe no real port. */
function syntheticBundle(): ChartBundle {
  return {
    id: 'synthetic-intensity',
    svg: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&lt;synthetic&gt;</text></svg>',
    png: [
      { scale: 3, data: PNG_3X },
      { scale: 2, data: PNG_2X },
    ],
    rows: [
      { year: 2005, port: 'Synthetic A', intensity: 0.125, note: 'baseline' },
      { year: 2023, port: 'Synthetic A', intensity: -0.0000004, note: '=cmd|"/c calc"!A1' },
    ],
    columns: ['year', 'port', 'intensity', 'note'],
    sidecar: {
      title: 'Synthetic intensity',
      units: 'tons per 10,000 TEU',
      baseline: 2005,
      release: 'test-1',
      sources: [{ ref: 'S1', title: 'Synthetic generator', url: 'https://example.org/s1' }],
      datasetHash: 'sha256:0000',
      toolVersion: '0.0.0-test',
    },
    readme: '# Synthetic intensity\n\nSynthetic test data. Cite as: synthetic generator [S1].',
  };
}

describe('writeChartBundle', () => {
  it('writes every format into dir/<id>/ and each reads back', async () => {
    const bundle = syntheticBundle();
    const written = await writeChartBundle(root, bundle, new Set(BUNDLE_FORMATS));
    const folder = join(root, 'synthetic-intensity');
    const names = [
      'synthetic-intensity.svg',
      'synthetic-intensity@2x.png',
      'synthetic-intensity@3x.png',
      'synthetic-intensity.csv',
      'synthetic-intensity.xlsx',
      'synthetic-intensity.json',
      'README.md',
    ];
    expect(written).toEqual(names.map((name) => join(folder, name)));
    expect((await readdir(folder)).sort()).toEqual([...names].sort());
    expect(await readdir(root)).toEqual(['synthetic-intensity']);

    expect(await readFile(join(folder, names[0]!), 'utf8')).toBe(bundle.svg);
    expect(new Uint8Array(await readFile(join(folder, names[1]!)))).toEqual(PNG_2X);
    expect(new Uint8Array(await readFile(join(folder, names[2]!)))).toEqual(PNG_3X);

    const csv = parse(await readFile(join(folder, names[3]!), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(csv).toEqual([
      { year: '2005', port: 'Synthetic A', intensity: '0.125', note: 'baseline' },
      { year: '2023', port: 'Synthetic A', intensity: '-0.0000004', note: `'=cmd|"/c calc"!A1` },
    ]);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(join(folder, names[4]!))) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('synthetic-intensity')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'year', 'port', 'intensity', 'note']);
    expect(sheet.getCell('C3').value).toBe(-0.0000004);
    expect(sheet.getCell('C3').type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getCell('D3').value).toBe(`'=cmd|"/c calc"!A1`);
    // The table alone on its sheet; what it is on the About sheet, one field per row.
    expect(sheet.rowCount).toBe(3);
    const about = workbook.getWorksheet('About')!;
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((row) => [about.getCell(row, 1).value, about.getCell(row, 2).value])).toEqual([
      ['field', 'value'],
      ['title', 'Synthetic intensity'],
      ['units', 'tons per 10,000 TEU'],
      ['baseline', '2005'],
      ['release', 'test-1'],
      ['sources', 'S1 — Synthetic generator — https://example.org/s1'],
      ['datasetHash', 'sha256:0000'],
      ['toolVersion', '0.0.0-test'],
    ]);

    expect(JSON.parse(await readFile(join(folder, names[5]!), 'utf8'))).toEqual(bundle.sidecar);
    expect(await readFile(join(folder, 'README.md'), 'utf8')).toBe(`${bundle.readme}\n`);
  });

  it('writes only the requested formats, README always, and uses given XLSX notes', async () => {
    const bundle = { ...syntheticBundle(), notes: ['Synthetic note [S1]'] };
    const written = await writeChartBundle(root, bundle, new Set(['xlsx', 'json'] as const));
    expect(written.map((path) => path.slice(root.length + 1))).toEqual([
      join('synthetic-intensity', 'synthetic-intensity.xlsx'),
      join('synthetic-intensity', 'synthetic-intensity.json'),
      join('synthetic-intensity', 'README.md'),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(written[0]!)) as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.rowCount).toBe(3);
    expect(workbook.getWorksheet('About')!.getCell('B2').value).toBe('Synthetic note [S1]');
    expect(workbook.getWorksheet('About')!.getCell('A3').value).toBe(null);
  });

  it('replaces a previous bundle whole: formats not asked for this time are gone', async () => {
    await writeChartBundle(root, syntheticBundle(), new Set(BUNDLE_FORMATS));
    await writeChartBundle(root, syntheticBundle(), new Set(['csv'] as const));
    expect((await readdir(join(root, 'synthetic-intensity'))).sort()).toEqual(['README.md', 'synthetic-intensity.csv']);
  });

  it('keeps the previous bundle when the new one cannot be written, naming what is missing', async () => {
    await writeChartBundle(root, syntheticBundle(), new Set(['svg', 'csv'] as const));
    const folder = join(root, 'synthetic-intensity');
    const before = await readFile(join(folder, 'synthetic-intensity.csv'));

    const broken = syntheticBundle();
    delete broken.rows;
    const error = await writeChartBundle(root, broken, new Set(['svg', 'csv'] as const)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortEmissionsError);
    expect((error as PortEmissionsError).message).toBe(
      'Chart synthetic-intensity: format csv was asked for but the bundle has no data rows',
    );
    expect((await readFile(join(folder, 'synthetic-intensity.csv'))).equals(before)).toBe(true);
    expect(await readdir(root)).toEqual(['synthetic-intensity']);
  });

  it('refuses an id that would escape or misname the folder (exit code 2)', async () => {
    for (const id of ['../evil', 'a/b', '', '.hidden', 'with space']) {
      const error = await writeChartBundle(root, { ...syntheticBundle(), id }, new Set(['json'] as const)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PortEmissionsError);
      expect((error as PortEmissionsError).exitCode).toBe(2);
      expect((error as PortEmissionsError).message).toBe(`Chart id "${id}" cannot name an export folder`);
    }
    expect(await readdir(root)).toEqual([]);
  });

  it('refuses repeated or non-positive PNG scales', async () => {
    const twice = { ...syntheticBundle(), png: [{ scale: 2, data: PNG_2X }, { scale: 2, data: PNG_3X }] };
    await expect(writeChartBundle(root, twice, new Set(['png'] as const))).rejects.toThrow('Chart synthetic-intensity: two PNGs at scale 2');
    const zero = { ...syntheticBundle(), png: [{ scale: 0, data: PNG_2X }] };
    await expect(writeChartBundle(root, zero, new Set(['png'] as const))).rejects.toThrow('PNG scale 0 is not a positive number');
  });

  it('gives byte-identical files at different times', async () => {
    vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z'), toFake: ['Date'] });
    const first = await writeChartBundle(join(root, 'a'), syntheticBundle(), new Set(BUNDLE_FORMATS));
    vi.setSystemTime(new Date('2035-07-07T07:07:07Z'));
    const second = await writeChartBundle(join(root, 'b'), syntheticBundle(), new Set(BUNDLE_FORMATS));
    vi.useRealTimers();
    for (const [i, path] of first.entries()) {
      expect((await readFile(path)).equals(await readFile(second[i]!)), path).toBe(true);
    }
  });

  it('writes into a folder that does not exist yet, next to files already there', async () => {
    const dir = join(root, 'exports', 'deep');
    await writeChartBundle(dir, syntheticBundle(), new Set(['json'] as const));
    await writeFile(join(dir, 'other.txt'), 'kept');
    await writeChartBundle(dir, { ...syntheticBundle(), id: 'second' }, new Set(['json'] as const));
    expect((await readdir(dir)).sort()).toEqual(['other.txt', 'second', 'synthetic-intensity']);
  });
});

describe('parseBundleFormats', () => {
  it('reads a comma list, ignoring case, spaces and repeats', () => {
    expect([...parseBundleFormats('SVG, png,csv,png')]).toEqual(['svg', 'png', 'csv']);
  });

  it('names an unknown format as a usage error', () => {
    const error = (() => {
      try {
        parseBundleFormats('svg,pdf');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(PortEmissionsError);
    expect((error as PortEmissionsError).exitCode).toBe(2);
    expect((error as PortEmissionsError).message).toBe('Unknown format "pdf" in --formats');
    expect((error as PortEmissionsError).hint).toBe('use any of svg, png, csv, xlsx, json, separated by commas');
    expect(() => parseBundleFormats(' , ')).toThrow('--formats names no format');
  });
});

describe('sidecarRows', () => {
  it('turns the sidecar into rows of the About sheet, skipping empty values', () => {
    expect(
      sidecarRows({ title: 'T', missing: null, flags: [true, 'x'], sources: [{ ref: 'S1', title: 'A', url: '' }], nested: { a: 1 } }),
    ).toEqual([
      { field: 'title', value: 'T' },
      { field: 'flags', value: 'true' },
      { field: 'flags', value: 'x' },
      { field: 'sources', value: 'S1 — A' },
      { field: 'nested', value: '1' },
    ]);
  });
});
