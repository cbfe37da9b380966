/**
 * Two SYNTHETIC ports (test/ports/synthetic-ports.ts: invented names and numbers), each taken from `init`
 * through `import-table --into`, `validate`, the analyses, `chart`, `report` and `deck`, as an analyst at
 * another port would: no code edited, no row invented. Figures asserted are ones an analyst can check by
 * hand from the tables.
 */
import { appendFile, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { initDataset } from '../../src/ingest/init.ts';
import { captureIO } from '../helpers/io.ts';
import { readZip } from '../helpers/zip.ts';
import { ALPHA_CARGO_ROWS, writeSyntheticPorts, type SyntheticPort } from './synthetic-ports.ts';

let root: string;
let ports: { alpha: SyntheticPort; beta: SyntheticPort };

async function cli(args: string[]) {
  const io = captureIO(root, { SOURCE_DATE_EPOCH: '1767225600' });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

async function json<T>(args: string[]): Promise<T> {
  const result = await cli([...args, '--json']);
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.out) as T;
}

/** The text of every slide of a deck. */
function slideText(pptx: Uint8Array): string {
  const zip = readZip(pptx);
  return zip.entries.map((e) => e.name).filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name)).map((name) => zip.text(name)).join('\n');
}

/** The report without its embedded fonts and pictures (base64 may spell anything). */
function textOf(html: string): string {
  return html.replace(/data:[^"')\s]+/g, '');
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pe-ports-'));
  ports = await writeSyntheticPorts(root);
  for (const port of [ports.alpha, ports.beta]) {
    const init = await cli(['init', port.dir, ...port.init]);
    expect(init.err).toBe('');
    expect(init.code).toBe(0);
  }
}, 60_000);
afterAll(() => rm(root, { recursive: true, force: true }));

describe('init', () => {
  it('writes a dataset that validates, with the port baseline as its default and a README and report', async () => {
    const result = await cli(['validate', '--data', 'alpha']);
    expect(result.code).toBe(0);
    const descriptor = JSON.parse(await readFile(join(root, 'alpha', 'datapackage.json'), 'utf8'));
    expect(descriptor.default_baseline).toBe('PORT_ALPHA_2006');
    expect((await readdir(join(root, 'alpha'))).sort()).toEqual(['README.md', 'codelists', 'data', 'datapackage.json', 'report.json']);
    expect(await readFile(join(root, 'alpha', 'README.md'), 'utf8')).toContain('port-emissions import-table table-3.csv --into alpha --port PORT_ALPHA --unit tonne_per_year');
    const units = await readFile(join(root, 'alpha', 'codelists', 'units.csv'), 'utf8');
    expect(units).toContain('tonne_per_year,tonnes per year,mass_rate,metric_tonne,year,');
  });

  it('refuses a folder that holds files, and a bad code, as usage errors', async () => {
    expect((await cli(['init', 'alpha', '--code', 'X', '--name', 'X', '--baseline-year', '2006'])).err).toContain('is not empty');
    const bad = await cli(['init', 'gamma', '--code', 'Port X', '--name', 'X', '--baseline-year', '2006']);
    expect(bad.code).toBe(2);
    // The CLI names its flag where the library names its option (initDataset's `code`).
    expect(bad.err).toContain("--code: must be a code of letters, digits, _ . + - (no spaces); found 'Port X'");
    await expect(initDataset(join(root, 'delta'), { code: 'Port X', name: 'X', baselineYear: 2006 })).rejects.toMatchObject({ location: { column: 'code' }, message: expect.not.stringContaining('--') });
    expect((await cli(['init', 'delta', '--code', 'X', '--name', ' ', '--baseline-year', '2006'])).err).toContain('port-emissions: --name: must not be empty');
  });
});

describe('Port Alpha (synthetic): 2006 baseline, metric tonnes, CSV tables with NA cells, a change column, a transposed table, cargo tons', () => {
  beforeAll(async () => {
    for (const { file, args } of ports.alpha.imports) {
      const result = await cli(['import-table', file, '--into', 'alpha', ...args]);
      expect(result.code, result.err).toBe(0);
    }
  }, 60_000);

  it('validates after the imports, with the release and sources registered', async () => {
    const summary = await json<{ ports: string[]; releases: string[]; years: { min: number; max: number } }>(['validate', '--data', 'alpha']);
    expect(summary.ports).toEqual(['PORT_ALPHA']);
    expect(summary.releases).toEqual(['ALPHA_EI_2020']);
    expect(summary.years).toEqual({ min: 2006, max: 2020 });
    const sources = await readFile(join(root, 'alpha', 'codelists', 'sources.csv'), 'utf8');
    expect(sources).toContain('ALPHA_EI_2020_T4,"Port Alpha 2020 inventory, Table 4 (SYNTHETIC)",https://example.org/synthetic');
  });

  it('measures from the dataset\'s own 2006 baseline without --baseline: NOx 2,050 t -> 1,100 t is -46.3%', async () => {
    const rows = await json<{ year: number; source_category: string; pollutant: string; pct_change: number | null; baseline_id: string }[]>(['reductions', '--data', 'alpha', '--pollutant', 'NOx', '--category', 'all']);
    expect(rows.map((r) => [r.year, r.baseline_id, r.pct_change === null ? null : Math.round(r.pct_change * 100) / 100])).toEqual([
      [2006, 'PORT_ALPHA_2006', 0],
      [2012, 'PORT_ALPHA_2006', -17.07],
      [2020, 'PORT_ALPHA_2006', -46.34],
    ]);
  });

  it('reads "not published" cells as missing, never zero: no cargo-handling NOx row for 2012', async () => {
    const rows = await json<{ year: number; source_category: string; value: number }[]>(['reductions', '--data', 'alpha', '--pollutant', 'NOx', '--category', 'cargo_handling_equipment']);
    expect(rows.map((r) => [r.year, r.value])).toEqual([
      [2006, 300],
      [2020, 150],
    ]);
  });

  it('keeps the "% change" column as published indicators, reconciled with the tonnages', async () => {
    const rows = await json<{ port: string; year: number; source_category: string; pollutant: string; published: number; status: string }[]>(['reconcile', '--data', 'alpha', '--pollutant', 'NOx']);
    const total = rows.find((r) => r.source_category === 'all')!;
    // -46 published; 1,100 / 2,050 - 1 = -46.3%: within half a unit of the last digit.
    expect([total.year, total.published, total.status]).toEqual([2020, -46, 'agrees']);
    // Five published changes: Trucks' change cell is blank (not published).
    expect(rows).toHaveLength(5);
  });

  it('decomposes between two given years without asking for a baseline', async () => {
    const result = await cli(['decompose', '--data', 'alpha', '--port', 'PORT_ALPHA', '--pollutant', 'DPM', '--from', '2006', '--to', '2020', '--json']);
    expect(result.code).toBe(0);
    const total = (JSON.parse(result.out) as { effect: string; value: number | null }[]).find((r) => r.effect === 'total')!;
    expect(total.value).toBeCloseTo(16.0 - 65.5, 6);
  });

  it('draws charts in tonnes, and takes --baseline on the charts measured from one', async () => {
    const reductions = await cli(['chart', 'reductions', '--data', 'alpha', '--baseline', 'PORT_ALPHA_2006', '--out', 'alpha-reductions.svg']);
    expect(reductions.code, reductions.err).toBe(0);
    expect(await readFile(join(root, 'alpha-reductions.svg'), 'utf8')).toContain('below the 2006 baseline');
    const result = await cli(['chart', 'emissions', '--data', 'alpha', '--pollutant', 'NOx', '--out', 'alpha-emissions.svg']);
    expect(result.code, result.err).toBe(0);
    const svg = await readFile(join(root, 'alpha-emissions.svg'), 'utf8');
    expect(svg).toContain('Tonnes per year of NOx');
    expect(svg).toContain('1,100 tonnes of NOx in 2020 (the published port total;');
    expect(svg).not.toContain('short or metric');
  });

  it('builds the report and the deck of its report.json, with nothing of San Pedro Bay in them', async () => {
    const report = await cli(['report', '--report', 'alpha/report.json', '--out', 'alpha-out']);
    expect(report.code, report.err).toBe(0);
    const html = textOf(await readFile(join(root, 'alpha-out', 'report.html'), 'utf8'));
    expect(html).toContain('Port Alpha (synthetic): air emissions since 2006');
    // DPM 65.5 t -> 16.0 t = -75.6%.
    expect(html).toContain('Port Alpha (synthetic) DPM was 76% below the 2006 baseline in 2020 (computed from tonnages)');
    for (const word of ['San Pedro', 'CAAP', 'Cooperative Agreement', 'Los Angeles', 'short or metric']) expect(html).not.toContain(word);
    const deck = await cli(['deck', '--report', 'alpha/report.json', '--out', 'alpha.pptx']);
    expect(deck.code, deck.err).toBe(0);
    const slides = slideText(await readFile(join(root, 'alpha.pptx')));
    expect(slides).toContain('Port Alpha (synthetic)');
    expect(slides).not.toContain('San Pedro');
  }, 120_000);

  it('expresses intensity per 10,000 tons of cargo, the normalisation a figure names, and reconciles it', async () => {
    await appendFile(join(root, 'alpha', 'data', 'throughput.csv'), `${ALPHA_CARGO_ROWS.join('\n')}\n`);
    const imported = await cli(['import-table', 'alpha-intensity.csv', '--into', 'alpha', '--port', 'PORT_ALPHA', '--values', 'pct_change', '--metric', 'per_10000_cargo_tons', '--year', '2020', '--release', 'ALPHA_EI_2020', '--source-ref', 'ALPHA_EI_2020_T4']);
    expect(imported.code, imported.err).toBe(0);
    const rows = await json<{ year: number; intensity: number | null; intensity_index: number | null; normalisation: string }[]>(['intensity', '--data', 'alpha', '--pollutant', 'NOx', '--category', 'all', '--per', 'per_10000_cargo_tons']);
    // 2,050 t / 2,000,000 t of cargo x 10,000 = 10.25; 1,100 / 2,500,000 x 10,000 = 4.4, index 42.9.
    expect(rows.filter((r) => r.intensity !== null).map((r) => [r.year, r.intensity, Math.round(r.intensity_index! * 10) / 10, r.normalisation])).toEqual([
      [2006, 10.25, 100, 'per_10000_cargo_tons'],
      [2020, 4.4, 42.9, 'per_10000_cargo_tons'],
    ]);
    const reconciled = await json<{ metric: string; published: number; computed: number; status: string }[]>(['reconcile', '--data', 'alpha', '--pollutant', 'NOx', '--category', 'all']);
    const perCargo = reconciled.find((r) => r.metric === 'per_10000_cargo_tons')!;
    expect([perCargo.published, Math.round(perCargo.computed * 100) / 100, perCargo.status]).toEqual([-57, -57.07, 'agrees']);
    const unknown = await cli(['intensity', '--data', 'alpha', '--per', 'per_container']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("unknown normalisation 'per_container': valid normalisations are per_10000_teu, per_10000_cargo_tons, per_vessel_call");
  });
});

describe('Port Beta (synthetic): 2005 baseline, short tons, an XLSX workbook of categories x pollutants, a table of percent changes', () => {
  beforeAll(async () => {
    for (const { file, args } of ports.beta.imports) {
      const result = await cli(['import-table', file, '--into', 'beta', ...args]);
      expect(result.code, result.err).toBe(0);
    }
  }, 60_000);

  it('reads each sheet\'s range as one inventory year: 2 years x 3 pollutants x 6 rows, less one not published', async () => {
    const summary = await json<{ pollutants: string[]; years: { min: number; max: number }; releases: string[] }>(['validate', '--data', 'beta']);
    expect(summary.pollutants).toEqual(['DPM', 'NOx', 'SOx']);
    expect(summary.years).toEqual({ min: 2005, max: 2022 });
    const emissions = (await readFile(join(root, 'beta', 'data', 'emissions.csv'), 'utf8')).trim().split('\n');
    expect(emissions).toHaveLength(1 + 2 * 3 * 6 - 1);
  });

  it('measures DPM from 2005 in short tons: 57 -> 14 is -75.4%', async () => {
    const rows = await json<{ year: number; pct_change: number | null; unit: string }[]>(['reductions', '--data', 'beta', '--pollutant', 'DPM', '--category', 'all']);
    expect(rows.map((r) => [r.year, r.unit, r.pct_change === null ? null : Math.round(r.pct_change * 10) / 10])).toEqual([
      [2005, 'short_ton_per_year', 0],
      [2022, 'short_ton_per_year', -75.4],
    ]);
  });

  it('keeps the published percent changes as indicators against the dataset baseline, each agreeing with the tonnages', async () => {
    const rows = await json<{ source_category: string; pollutant: string; relative_to: string; status: string }[]>(['reconcile', '--data', 'beta']);
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((r) => r.relative_to))).toEqual(new Set(['PORT_BETA_2005']));
    expect(rows.map((r) => r.status)).toEqual(Array(6).fill('agrees'));
  });

  it('builds the report and the deck in short tons', async () => {
    const report = await cli(['report', '--report', 'beta/report.json', '--out', 'beta-out']);
    expect(report.code, report.err).toBe(0);
    const html = textOf(await readFile(join(root, 'beta-out', 'report.html'), 'utf8'));
    expect(html).toContain('14 short tons of DPM in 2022');
    for (const word of ['San Pedro', 'CAAP', 'Cooperative Agreement', 'short or metric']) expect(html).not.toContain(word);
    const deck = await cli(['deck', '--report', 'beta/report.json', '--out', 'beta.pptx']);
    expect(deck.code, deck.err).toBe(0);
    expect(slideText(await readFile(join(root, 'beta.pptx')))).toContain('Port Beta (synthetic)');
  }, 120_000);
});
