import { chartData } from '../../src/analysis/chart-data/common.ts';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BuiltChart, ChartFilters } from '../../src/charts/types.ts';
import { createExportCommand } from '../../src/cli/export.ts';
import type { CliIO } from '../../src/cli/io.ts';
import { reportError, runCli } from '../../src/cli/main.ts';
import { PortEmissionsError } from '../../src/errors.ts';
import { frameSvg } from '../../src/render/frame.ts';
import { svgToPngPicture } from '../../src/render/png.ts';
import { renderSvg } from '../../src/render/svg.ts';
import type { ChartEngine } from '../../src/report/build.ts';
import { captureIO } from '../helpers/io.ts';
import { MINI_CSV, writeMiniDataset } from '../helpers/mini-dataset.ts';
import ExcelJS from 'exceljs';
import { buildChart } from '../../src/charts/catalogue.ts';
import { EMBEDDED_DATASET_DIR } from '../../src/cli/common.ts';
import { loadDataset } from '../../src/ingest/load.ts';
import { TOOL_VERSION } from '../../src/version.ts';

// SYNTHETIC charts over the synthetic mini dataset (test/helpers/mini-dataset.ts): no real figures.

function syntheticChart(id: string, filters: ChartFilters): BuiltChart {
  const port = filters.port ?? 'PORT_A';
  const rows = [
    { year: 2005, port, note: '=HYPERLINK("synthetic")', value: 1000 },
    { year: 2010, port, note: '-synthetic', value: -500 },
  ];
  return {
    id,
    spec: {
      width: 120,
      height: 60,
      data: { values: rows },
      mark: 'bar',
      encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'value', type: 'quantitative', title: 'synthetic tons' } },
    },
    frame: {
      title: `Synthetic ${id} for ${port}`,
      subtitle: '',
      notes: [],
      sourceRefs: ['SYNTHETIC_TEST'],
      release: 'SYN_2011',
      baseline: '',
    },
    narrative: `Synthetic narrative for ${id}.`,
    sentences: [`Synthetic narrative for ${id}.`],
    data: { columns: ['year', 'port', 'note', 'value'], rows },
    // The unit of the sidecar and README comes from the chart data, never from the spec.
    chartData: chartData({
      chartId: id,
      options: filters,
      records: rows,
      columns: ['year', 'port', 'note', 'value'].map((name) => ({ name, description: 'synthetic', unit: '' })),
      measure: { field: 'value', unit: 'synthetic tons', axis: { title: 'synthetic tons', unit: 't', factor: 1, decimals: 0, percent: false } },
    }),
  };
}

function syntheticEngine(failOn?: string): ChartEngine & { renders: string[] } {
  const renders: string[] = [];
  return {
    renders,
    chartIds: ['trend', 'picture', 'shares'],
    buildChart: (id, dataset, filters) => {
      if (id === failOn) throw new PortEmissionsError(`synthetic failure building ${id}`);
      return syntheticChart(id, filters);
    },
    renderChart: async (chart, dataset, { idPrefix }) => {
      renders.push(chart.id);
      return { svg: frameSvg(await renderSvg(chart.spec, { idPrefix }), { title: chart.frame.title, source: 'Synthetic test data' }, { idPrefix }) };
    },
    chartPng: (svg, scale) => svgToPngPicture(svg, { scale }),
  };
}

const DEFINITION = {
  title: 'Synthetic export',
  dataset: 'data',
  sections: [{ id: 'one', title: 'One', charts: [{ id: 'trend' }, { id: 'picture', filters: { port: 'PORT_B' } }, { id: 'shares' }] }],
};

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'pe-cli-export-'));
  await writeMiniDataset(join(root, 'data'));
  await writeFile(join(root, 'board.json'), JSON.stringify(DEFINITION));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs the export command with a synthetic engine, mapping errors to exit codes as the CLI does. */
async function exportCmd(args: string[], io: CliIO, engine: ChartEngine = syntheticEngine()): Promise<number> {
  try {
    return await createExportCommand({ engine: async () => engine }).run(args, io);
  } catch (error) {
    return reportError(error, io);
  }
}

async function tree(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[join(entry.parentPath, entry.name).slice(dir.length + 1)] = (await readFile(join(entry.parentPath, entry.name))).toString('base64');
  }
  return files;
}

describe('port-emissions export', () => {
  it('exports one chart with its filters into reports/out/export/<id>/', async () => {
    const io = captureIO(root);
    const code = await exportCmd(['trend', '--data', 'data', '--port', 'PORT_B', '--pollutant', 'NOx', '--from', '2005', '--formats', 'csv,json'], io);
    expect(io.err()).toBe('charts 1/1 trend\ncharts done: 1 bundle\n');
    expect(code).toBe(0);
    expect(io.out()).toBe(`${join('reports', 'out', 'export')}\n`);
    const out = join(root, 'reports', 'out', 'export');
    expect(Object.keys(await tree(out)).sort()).toEqual(['manifest.json', 'trend/README.md', 'trend/trend.csv', 'trend/trend.json']);
    const sidecar = JSON.parse(await readFile(join(out, 'trend', 'trend.json'), 'utf8')) as Record<string, unknown>;
    expect(sidecar).toMatchObject({
      id: 'trend',
      title: 'Synthetic trend for PORT_B',
      units: 'synthetic tons',
      release: 'SYN_2011',
      datasetName: 'mini-synthetic',
      filters: { port: 'PORT_B', pollutant: 'NOx', from: 2005 },
      sources: [{ ref: 'SYNTHETIC_TEST', title: 'Synthetic test data generated by test/helpers/mini-dataset.ts', url: '', confidence: 'D' }],
    });
    expect(sidecar.datasetHash).toMatch(/^[0-9a-f]{64}$/);
    expect(parse(await readFile(join(out, 'trend', 'trend.csv'), 'utf8'), { columns: true })).toEqual([
      { year: '2005', port: 'PORT_B', note: '\'=HYPERLINK("synthetic")', value: '1000' },
      { year: '2010', port: 'PORT_B', note: "'-synthetic", value: '-500' },
    ]);
  });

  it('exports every chart of a report definition, each built and drawn once', async () => {
    const engine = syntheticEngine();
    const io = captureIO(root);
    expect(await exportCmd(['--report', 'board.json', '--out', 'bundles'], io, engine)).toBe(0);
    expect(engine.renders).toEqual(['trend', 'picture', 'shares']);
    expect(io.err()).toBe('charts 1/3 trend\ncharts 2/3 picture\ncharts 3/3 shares\ncharts done: 3 bundles\n');
    expect(io.out()).toBe('bundles\n');
    expect((await readdir(join(root, 'bundles'))).sort()).toEqual(['manifest.json', 'picture', 'shares', 'trend']);
    expect((await readdir(join(root, 'bundles', 'picture'))).sort()).toEqual([
      'README.md', 'picture.csv', 'picture.json', 'picture.svg', 'picture.xlsx', 'picture@2x.png', 'picture@3x.png',
    ]);
    const svg = await readFile(join(root, 'bundles', 'picture', 'picture.svg'), 'utf8');
    expect(svg).toContain('>Synthetic picture for PORT_B</text>');
    expect(svg).toContain('>Source: Synthetic test data</text>');
  });

  it('keeps the previous export intact when a chart fails midway (exit 1)', async () => {
    expect(await exportCmd(['--report', 'board.json', '--out', 'bundles', '--quiet'], captureIO(root))).toBe(0);
    const before = await tree(join(root, 'bundles'));
    const io = captureIO(root);
    expect(await exportCmd(['--report', 'board.json', '--out', 'bundles', '--formats', 'csv'], io, syntheticEngine('shares'))).toBe(1);
    expect(io.err()).toBe(
      'charts 1/3 trend\ncharts 2/3 picture\nport-emissions: board.json:sections[0].charts[2]: chart shares: synthetic failure building shares\n',
    );
    expect(io.out()).toBe('');
    expect(await tree(join(root, 'bundles'))).toEqual(before);
    expect((await readdir(root)).sort()).toEqual(['board.json', 'bundles', 'data']);
  });

  it('exits 2 on an unknown format, listing the valid ones', async () => {
    const io = captureIO(root);
    expect(await runCli(['export', 'trend', '--formats', 'svg,pdf'], io)).toBe(2);
    expect(io.err()).toBe('port-emissions: Unknown format "pdf" in --formats\nhint: use any of svg, png, csv, xlsx, json, separated by commas\n');
  });

  it('exits 2 on an unknown chart id, listing the chart ids', async () => {
    const io = captureIO(root);
    expect(await exportCmd(['tren', '--data', 'data'], io)).toBe(2);
    expect(io.err()).toBe("port-emissions: unknown chart id 'tren'\nhint: did you mean 'trend'? chart ids: trend, picture, shares\n");
  });

  it('exits 2 on other usage errors', async () => {
    const cases: [string[], string][] = [
      [[], 'port-emissions: export needs a chart id or --report FILE\nhint: chart ids: trend, picture, shares\n'],
      [['trend', '--report', 'board.json'], "port-emissions: give a chart id or --report, not both (found 'trend' and --report board.json)\n"],
      [['trend', 'picture'], 'port-emissions: export takes one chart id, found 2: trend picture\nhint: export several charts with --report FILE\n'],
      [
        ['--report', 'board.json', '--port', 'PORT_A'],
        "port-emissions: --port applies to a single chart id; with --report each chart's filters come from the definition\n" +
          'hint: edit the filters in the report definition, or export one chart by its id\n',
      ],
      [['trend', '--from', '05'], "port-emissions: --from expects a four-digit year, found '05'\n"],
    ];
    for (const [args, message] of cases) {
      const io = captureIO(root);
      expect(await exportCmd(args, io), args.join(' ')).toBe(2);
      expect(io.err(), args.join(' ')).toBe(message);
    }
  });

  it('exits 2 rather than replace a folder that is not an export', async () => {
    await mkdir(join(root, 'mine'));
    await writeFile(join(root, 'mine', 'notes.txt'), 'synthetic user file');
    const io = captureIO(root);
    expect(await exportCmd(['trend', '--data', 'data', '--out', 'mine'], io)).toBe(2);
    expect(io.err()).toBe(
      'port-emissions: The folder mine holds files that are not a port-emissions export (no manifest.json)\n' +
        'hint: an export replaces its whole folder: choose a new or empty folder with --out\n',
    );
    expect(await readdir(join(root, 'mine'))).toEqual(['notes.txt']);
  });

  it('exits 1 on an invalid dataset given with --data', async () => {
    await writeMiniDataset(join(root, 'bad'), { emissions: MINI_CSV.emissions.replace(',1000,', ',a thousand,') });
    const io = captureIO(root);
    expect(await exportCmd(['trend', '--data', 'bad'], io)).toBe(1);
    expect(io.err()).toMatch(/^data\/emissions\.csv:2:value: /m);
    expect(io.out()).toBe('');
  });

  it('prints its help with examples through the CLI dispatcher', async () => {
    const io = captureIO(root);
    expect(await runCli(['export', '--help'], io)).toBe(0);
    expect(io.out()).toContain('Usage: port-emissions export ID [filters] [--formats LIST] [--data DIR] [--out DIR] [--quiet]');
    expect(io.out()).toContain('  port-emissions export reductions --port POLA --pollutant DPM --formats svg,png,csv\n');
    expect(io.out()).toContain('  port-emissions export --report reports/caap-progress.json --out board/exports\n');
  });
});

describe('port-emissions export on the embedded San Pedro Bay dataset', () => {
  it('exports one chart with filters; the CSV and XLSX read back as the chart data, formulas neutralised', async () => {
    const io = captureIO(root);
    expect(await runCli(['export', 'emissions', '--port', 'POLA', '--pollutant', 'NOx', '--formats', 'csv,xlsx,json', '--quiet'], io)).toBe(0);
    const dir = join(root, 'reports', 'out', 'export', 'emissions');
    const dataset = await loadDataset(EMBEDDED_DATASET_DIR);
    const built = buildChart('emissions', dataset, { port: 'POLA', pollutant: 'NOx' });
    expect(built.data.rows.length).toBeGreaterThan(0);

    const expected = built.data.rows.map((row) =>
      Object.fromEntries(
        built.data.columns.map((column) => {
          const value = row[column];
          if (value === null || value === undefined) return [column, ''];
          if (typeof value === 'string') return [column, /^[=+\-@\t\r]/.test(value) ? `'${value}` : value];
          return [column, String(value)];
        }),
      ),
    );
    const csv = parse(await readFile(join(dir, 'emissions.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(csv).toEqual(expected);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(join(dir, 'emissions.xlsx'))) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(built.data.columns);
    const first = built.data.rows[0]!;
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(
      built.data.columns.map((column) => (first[column] === null || first[column] === '' ? undefined : first[column])),
    );

    const sidecar = JSON.parse(await readFile(join(dir, 'emissions.json'), 'utf8')) as Record<string, unknown>;
    expect(sidecar).toMatchObject({
      id: 'emissions',
      title: built.frame.title,
      units: 'tons per year',
      release: built.frame.release,
      datasetName: dataset.name,
      datasetHash: dataset.hash,
      toolVersion: TOOL_VERSION,
      filters: { port: 'POLA', pollutant: 'NOx' },
    });
    expect((sidecar.sources as { ref: string }[]).map((source) => source.ref)).toEqual([...new Set(built.frame.sourceRefs)]);
  });

  it('exits 2 on a code the dataset lacks or a filter the chart does not take, writing nothing', async () => {
    let io = captureIO(root);
    expect(await runCli(['export', 'emissions', '--port', 'NOPE'], io)).toBe(2);
    expect(io.err()).toContain("unknown port 'NOPE'");
    expect(io.err()).toContain('POLA');

    io = captureIO(root);
    expect(await runCli(['export', 'throughput', '--pollutant', 'NOx', '--quiet'], io)).toBe(2);
    expect(io.err()).toContain('chart throughput does not take --pollutant');
    // The parent folder is made, but no export and no staging folder is left in it.
    expect(await readdir(join(root, 'reports', 'out'))).toEqual([]);
  });
});
