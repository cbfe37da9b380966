import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { formatIssue, PortEmissionsError } from '../../src/errors.ts';
import { buildReport, catalogueEngine, chartKeys, checkDefinition, datasetDate, reportChartFilters, writeReport } from '../../src/report/build.ts';
import type { ReportDefinition } from '../../src/report/definition.ts';
import { nodeAtomicFs } from '../../src/report/atomic.ts';
import { milestone, syntheticDataset } from '../helpers/synthetic-dataset.ts';
import { HOSTILE, hostileDataset, stubEngine, SYNTHETIC_DEFINITION, TEST_NOW } from '../golden/report/synthetic-report.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'report-build-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function definitionWith(charts: ReportDefinition['sections'][number]['charts'], extra: Partial<ReportDefinition> = {}): ReportDefinition {
  return { title: 'SYNTHETIC', sections: [{ id: 's', title: 'S', charts }], ...extra };
}

/** Every file under a folder, relative, sorted: to see that nothing else (a temporary file) is left behind. */
function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('chartKeys', () => {
  it('uses the chart id, made unique by its filters when a chart appears twice', () => {
    expect(chartKeys(SYNTHETIC_DEFINITION)).toEqual(['stub-trend-nox', 'stub-trend-pola-dpm', 'stub-gap', 'stub-hostile']);
    expect(chartKeys(definitionWith([{ id: 'a' }, { id: 'a' }, { id: 'a', filters: { port: 'POLA' } }]))).toEqual(['a', 'a-2', 'a-pola']);
  });
});

describe('reportChartFilters', () => {
  it("passes the definition's baseline only to charts that take one, and a chart's own baseline wins", () => {
    const engine = stubEngine();
    const definition = definitionWith([], { baseline: 'CAAP_2005' });
    expect(reportChartFilters(definition, { id: 'stub-trend', filters: { port: 'POLA' } }, engine)).toEqual({ baseline: 'CAAP_2005', port: 'POLA' });
    expect(reportChartFilters(definition, { id: 'stub-trend', filters: { baseline: 'GHG_1990' } }, engine)).toEqual({ baseline: 'GHG_1990' });
    expect(reportChartFilters(definition, { id: 'stub-gap' }, engine)).toEqual({});
  });
});

describe('checkDefinition', () => {
  it('reports unknown chart ids, filters a chart does not take and codes the dataset lacks, with their JSON paths', () => {
    const definition = definitionWith(
      [{ id: 'stub-trnd' }, { id: 'stub-trend', filters: { port: 'POLX', pollutant: 'nox', category: 'evil' } }, { id: 'stub-hostile', filters: { port: 'POLA' } }],
      { baseline: 'CAAP_2050' },
    );
    const engine = stubEngine();
    let error: unknown;
    try {
      checkDefinition(definition, hostileDataset(), engine.chartIds, 'reports/x.json', engine);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PortEmissionsError);
    const e = error as PortEmissionsError;
    expect(e.exitCode).toBe(1);
    expect(e.message).toBe('the report definition does not fit the dataset synthetic-hostile (6 problems)');
    expect(e.details.map(formatIssue)).toEqual([
      'reports/x.json:baseline: unknown baseline for this dataset; found "CAAP_2050"; expected one of CAAP_2005, CAAP_2001, GHG_1990 (did you mean "CAAP_2005"?)',
      'reports/x.json:sections[0].charts[0].id: unknown chart id; found "stub-trnd"; expected one of stub-trend, stub-gap, stub-hostile (did you mean "stub-trend"?)',
      'reports/x.json:sections[0].charts[1].filters.category: chart stub-trend takes no "category" filter; found "evil"; expected only port, pollutant, baseline',
      'reports/x.json:sections[0].charts[1].filters.port: unknown port for this dataset; found "POLX"; expected one of POLA, POLB, SPB (did you mean "POLA"?)',
      'reports/x.json:sections[0].charts[1].filters.pollutant: unknown pollutant for this dataset; found "nox"; expected one of DPM, NOx, SOx, GHG (did you mean "NOx"?)',
      'reports/x.json:sections[0].charts[2].filters.port: chart stub-hostile takes no "port" filter; found "POLA"; expected no filters',
    ]);
  });
});

describe('datasetDate', () => {
  it('is the newest release date, a month counting as its first day', () => {
    expect(datasetDate(hostileDataset())).toEqual({ date: new Date('2013-07-01T00:00:00Z'), basis: 'the newest release date in the dataset' });
  });
  it('is never earlier than a step the dataset records as taken (an approval), but ignores deadlines still to come', () => {
    // SYNTHETIC: releases published up to July 2013, an approval on 20 November 2025, a plan due in 2027.
    const dataset = syntheticDataset({ milestones: [milestone('SYN_APPROVAL', '2025-11-20', undefined, []), milestone('SYN_PLAN', '2027-12-31', 1, ['trucks'])] });
    expect(datasetDate(dataset)).toEqual({ date: new Date('2025-11-20T00:00:00Z'), basis: 'the newest dated step the dataset records (SYN_APPROVAL)' });
    const onlyDeadline = syntheticDataset({ milestones: [milestone('SYN_PLAN', '2027-12-31', 1, ['trucks'])] });
    expect(datasetDate(onlyDeadline).date.toISOString()).toBe('2013-07-01T00:00:00.000Z');
  });
  it('falls back to the end of the newest inventory year, then to 1970', () => {
    const noReleases = syntheticDataset({ releases: [], throughput: [{ port: 'POLA', year: 2019, teu: 1, precision: 'exact', period: 'calendar_year', note: '', source_ref: ['SYNTHETIC_TEST'] }] });
    expect(datasetDate(noReleases).date.toISOString()).toBe('2019-12-31T00:00:00.000Z');
    expect(datasetDate(syntheticDataset({ releases: [] })).date.toISOString()).toBe('1970-01-01T00:00:00.000Z');
  });
});

describe('buildReport', () => {
  it('is deterministic: the same inputs give the same bytes, and the date comes from the dataset, not the clock', async () => {
    const a = await buildReport(SYNTHETIC_DEFINITION, hostileDataset(), { engine: stubEngine() });
    const b = await buildReport(SYNTHETIC_DEFINITION, hostileDataset(), { engine: stubEngine() });
    expect(a.html).toBe(b.html);
    expect(a.generated).toBe('2013-07-01T00:00:00Z');
    expect(a.html).toContain('(the newest release date in the dataset)');
  });

  it('renders the charts in order with prefixed ids and reports progress per chart', async () => {
    const engine = stubEngine();
    const events: string[] = [];
    const report = await buildReport(SYNTHETIC_DEFINITION, hostileDataset(), { engine, onProgress: (e) => events.push(`${e.stage} ${e.done}/${e.total} ${e.chart}`) });
    expect(engine.rendered).toEqual(['chart-stub-trend-nox', 'chart-stub-trend-pola-dpm', 'chart-stub-gap', 'chart-stub-hostile']);
    expect(events).toEqual(['svg 1/4 stub-trend-nox', 'svg 2/4 stub-trend-pola-dpm', 'svg 3/4 stub-gap', 'svg 4/4 stub-hostile']);
    expect(report.charts.map((c) => [c.id, c.chartId, c.filters])).toEqual([
      ['stub-trend-nox', 'stub-trend', { baseline: 'CAAP_2005', pollutant: 'NOx' }],
      ['stub-trend-pola-dpm', 'stub-trend', { baseline: 'CAAP_2005', pollutant: 'DPM', port: 'POLA' }],
      ['stub-gap', 'stub-gap', { category: 'evil' }],
      ['stub-hostile', 'stub-hostile', {}],
    ]);
    expect(report.charts[1]!.built.frame.title).toBe('SYNTHETIC DPM, title set by the definition');
  });

  it('matches the golden HTML of the synthetic report (font data elided)', async () => {
    const { html } = await buildReport(SYNTHETIC_DEFINITION, hostileDataset(), { engine: stubEngine(), now: TEST_NOW, definitionFile: 'reports/synthetic.json' });
    expectGoldenHtml('synthetic-report', html);
  });
});

describe('buildReport with the real chart catalogue', () => {
  it('escapes hostile dataset strings inside the rendered SVG charts too', async () => {
    const definition = definitionWith([
      { id: 'emissions', filters: { port: 'POLA', pollutant: 'DPM' } },
      { id: 'category-shares', filters: { port: 'POLA', pollutant: 'DPM' } },
      { id: 'category-dumbbell', filters: { port: 'POLA', pollutant: 'DPM' } },
    ]);
    const report = await buildReport(definition, hostileDataset(), { engine: await catalogueEngine() });
    const svgs = report.charts.map((chart) => chart.svg).join('\n');
    expect(svgs).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    for (const text of [report.html, svgs]) {
      expect(text).not.toContain(HOSTILE.script);
      expect(text).not.toContain(HOSTILE.img);
      expect(text).not.toMatch(/<script/i);
      expect(text).not.toMatch(/<img/i);
    }
    expect(report.html.match(/<\/style>/g)).toHaveLength(1);
  });
});

/**
 * Golden HTML, after the SVG harness in test/helpers/golden.ts: the embedded font (2 MB of base64) is elided;
 * a mismatch writes `<name>-changed.html` beside the golden for review; a missing golden is created locally
 * and fails in CI.
 */
function expectGoldenHtml(name: string, html: string): void {
  const normal = html.replace(/data:font\/ttf;base64,[A-Za-z0-9+/=]+/g, 'data:font/ttf;base64,(font elided)');
  const golden = join(REPO, 'test/golden/report', `${name}.html`);
  const changed = join(REPO, 'test/golden/report', `${name}-changed.html`);
  if (!existsSync(golden)) {
    if (process.env.CI) throw new Error(`golden ${golden} is missing: run the test locally, review the file and commit it`);
    writeFileSync(golden, normal);
    return;
  }
  const expected = readFileSync(golden, 'utf8');
  if (expected === normal || process.env.UPDATE_GOLDEN === '1') {
    if (expected !== normal) writeFileSync(golden, normal);
    rmSync(changed, { force: true });
    return;
  }
  writeFileSync(changed, normal);
  const a = expected.split('\n');
  const b = normal.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  throw new Error(`the report HTML differs from ${golden} at line ${line + 1}; review ${changed} (diff it) and move it over the golden if intended`);
}

describe('writeReport', () => {
  it('writes the HTML and each chart as SVG and PNG', async () => {
    const out = join(tmp, 'ok');
    const written = await writeReport(SYNTHETIC_DEFINITION, hostileDataset(), { engine: stubEngine(), out, name: 'synthetic' });
    expect(written.htmlPath).toBe(join(out, 'synthetic.html'));
    expect(listing(out)).toEqual([
      'charts',
      'charts/stub-gap.svg',
      'charts/stub-gap@2x.png',
      'charts/stub-hostile.svg',
      'charts/stub-hostile@2x.png',
      'charts/stub-trend-nox.svg',
      'charts/stub-trend-nox@2x.png',
      'charts/stub-trend-pola-dpm.svg',
      'charts/stub-trend-pola-dpm@2x.png',
      'synthetic.html',
    ]);
    expect(readFileSync(join(out, 'synthetic.html'), 'utf8')).toBe(written.report.html);
    expect(readFileSync(join(out, 'charts/stub-gap.svg'), 'utf8')).toBe(written.report.charts[2]!.svg);
    expect(written.files.at(-1)).toBe(written.htmlPath);
  });

  it('leaves the previous report intact when a chart fails (injected), writing nothing', async () => {
    const out = join(tmp, 'chart-fails');
    await writeReport(SYNTHETIC_DEFINITION, hostileDataset(), { engine: stubEngine(), out, name: 'synthetic' });
    const before = listing(out).map((f) => [f, f.includes('.') ? readFileSync(join(out, f), 'utf8') : '']);
    const failing = writeReport(SYNTHETIC_DEFINITION, hostileDataset(), { engine: stubEngine({ failOn: 'stub-gap' }), now: TEST_NOW, out, name: 'synthetic' });
    await expect(failing).rejects.toThrow('injected failure rendering stub-gap');
    expect(listing(out).map((f) => [f, f.includes('.') ? readFileSync(join(out, f), 'utf8') : ''])).toEqual(before);
  });

  it('leaves no half-written file when the file system fails midway (injected), and the previous HTML intact', async () => {
    const out = join(tmp, 'write-fails');
    await writeReport(SYNTHETIC_DEFINITION, hostileDataset(), { engine: stubEngine(), out, name: 'synthetic' });
    const previous = readFileSync(join(out, 'synthetic.html'), 'utf8');
    let writes = 0;
    const failing = writeReport(SYNTHETIC_DEFINITION, hostileDataset(), {
      engine: stubEngine(),
      now: TEST_NOW,
      out,
      name: 'synthetic',
      fs: {
        ...nodeAtomicFs,
        writeFile: async (path, data) => {
          writes += 1;
          if (writes === 3) throw Object.assign(new Error('no space left on device (injected)'), { code: 'ENOSPC' });
          await nodeAtomicFs.writeFile(path, data);
        },
      },
    });
    await expect(failing).rejects.toThrow('the disk is full (ENOSPC)');
    expect(readFileSync(join(out, 'synthetic.html'), 'utf8')).toBe(previous);
    expect(listing(out).filter((f) => f.split('/').at(-1)!.startsWith('.'))).toEqual([]);
  });

  it('reports a real write failure as a PortEmissionsError and keeps the previous HTML', async () => {
    const out = join(tmp, 'real-failure');
    await writeReport(SYNTHETIC_DEFINITION, hostileDataset(), { engine: stubEngine(), out, name: 'synthetic' });
    const previous = readFileSync(join(out, 'synthetic.html'), 'utf8');
    // A folder where a chart file should go: the rename onto it fails.
    rmSync(join(out, 'charts/stub-gap.svg'));
    mkdirSync(join(out, 'charts/stub-gap.svg'));
    const failing = writeReport(SYNTHETIC_DEFINITION, hostileDataset(), { engine: stubEngine(), now: TEST_NOW, out, name: 'synthetic' });
    await expect(failing).rejects.toBeInstanceOf(PortEmissionsError);
    expect(readFileSync(join(out, 'synthetic.html'), 'utf8')).toBe(previous);
    expect(listing(out).filter((f) => f.split('/').at(-1)!.startsWith('.'))).toEqual([]);
  });

  it('refuses a report name that cannot name a file (usage error)', async () => {
    const failing = writeReport(SYNTHETIC_DEFINITION, hostileDataset(), { engine: stubEngine(), out: tmp, name: '../x' });
    await expect(failing).rejects.toMatchObject({ exitCode: 2 });
  });
});
