/**
 * The explore page in a real browser (Debian chromium through playwright-core, headless, a fresh profile,
 * the page opened from file://): every control changes the chart as the catalogue builds it for those
 * filters, tooltips name value, year, release, published/computed and source, a link with a state in its
 * fragment reopens that view, the downloads carry the `export` command's figures and the chart's frame, and
 * through it all no console error and no network request. Screenshots for a person to look at go to
 * test/out/explore-*.png.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChart, renderChart } from '../../src/charts/index.ts';
import { EMBEDDED_DATASET_DIR } from '../../src/cli/common.ts';
import { runCli } from '../../src/cli/main.ts';
import { bundleForExplorePage } from '../../src/explore/bundle.ts';
import { EXPLORE_SIZE_BUDGET, writeExplorePage, type ExplorePage } from '../../src/explore/page.ts';
import { chartFiltersOf, fragmentOf, type ExploreState } from '../../src/explore/state.ts';
import { cellText } from '../../src/explore/tooltip.ts';
import { buildExploreChart } from '../../src/explore/compare.ts';
import { withSyntheticCargo, SYNTHETIC_CARGO } from './synthetic-cargo.ts';
import type { Dataset } from '../../src/ingest/dataset.ts';
import { loadDataset } from '../../src/ingest/load.ts';
import { toCsv } from '../../src/report/tabular.ts';
import { captureIO } from '../helpers/io.ts';
import { batteryResults } from '../helpers/no-codegen.ts';
import { FIXED_TABLES, VERBS } from '../analysis/arquero-battery.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = resolve('test/out');
const tmp = mkdtempSync(join(tmpdir(), 'explore-browser-'));
let dataset: Dataset;
let written: ExplorePage;
let url = '';
let context: BrowserContext;
let page: Page;
const problems: string[] = [];
const requests: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  dataset = await loadDataset(EMBEDDED_DATASET_DIR);
  const file = join(tmp, 'explore.html');
  written = await writeExplorePage(dataset, file);
  url = pathToFileURL(file).href;
  mkdirSync(OUT, { recursive: true });
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmp, 'profile-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => requests.push(request.url()));
  await open('');
});

afterAll(async () => {
  await context?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Opens the page with a fragment and waits until its script has drawn the view. */
async function open(fragment: string): Promise<void> {
  await page.goto(`${url}${fragment}`, { waitUntil: 'load' });
  await page.waitForSelector('html[data-ready="true"]');
}

/** What the page shows: chart id, title, narrative, the data table's cells, the fragment. */
async function shown(): Promise<{ chart: string; title: string; narrative: string; header: string[]; cells: string[][]; hash: string }> {
  return page.evaluate(() => ({
    chart: document.getElementById('figure')!.dataset.chart ?? '',
    title: document.getElementById('chart-title')!.textContent ?? '',
    narrative: document.getElementById('chart-narrative')!.textContent ?? '',
    header: [...document.querySelectorAll('#data-table thead th')].map((th) => th.textContent ?? ''),
    cells: [...document.querySelectorAll('#data-table tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    hash: location.hash,
  }));
}

/** What the catalogue builds in Node for a state, as the page's table would show it. */
function expected(state: ExploreState, from: Dataset = dataset) {
  const { chartId } = chartFiltersOf(state);
  const built = buildExploreChart(from, state);
  return {
    chart: chartId,
    title: built.frame.title,
    narrative: built.narrative,
    header: built.data.columns,
    cells: built.data.rows.map((row) => built.data.columns.map((column) => cellText(row[column]))),
    hash: fragmentOf(state),
  };
}

/** Chooses a value in a control (by keyboard focus and selection, as a person would) and waits for the view. */
async function choose(control: string, value: string): Promise<void> {
  const before = await page.evaluate(() => document.getElementById('announce')!.dataset.count ?? '0');
  await page.focus(`#control-${control}`);
  await page.selectOption(`#control-${control}`, value);
  await page.waitForFunction((count) => (document.getElementById('announce')!.dataset.count ?? '0') !== count, before);
}

function noProblems(): void {
  expect(problems).toEqual([]);
  expect(requests.filter((r) => !r.startsWith(url))).toEqual([]);
}

describe('the explore page in chromium', () => {
  it('opens offline within its size budget, under a policy that forbids loads, with no console error', async () => {
    expect(written.bytes).toBeLessThanOrEqual(EXPLORE_SIZE_BUDGET);
    expect(await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content'))).toBe(written.csp);
    expect(await shown()).toEqual(expected({ measure: 'tons' }));
    // the page tries a load the policy forbids: the browser refuses it (and says so in a violation event)
    const refused = await page.evaluate(
      () =>
        new Promise<string>((done) => {
          document.addEventListener('securitypolicyviolation', (event) => done(event.violatedDirective), { once: true });
          const img = document.createElement('img');
          img.src = 'https://example.org/pixel.png';
          document.body.append(img);
        }),
    );
    expect(refused).toBe('img-src');
    problems.length = 0; // the refusal itself is logged as an error, on purpose
    requests.length = 0;
    await open('');
    noProblems();
    await page.screenshot({ path: join(OUT, 'explore-tons.png'), fullPage: true });
  });

  it('follows every control: the chart, its title and its data are the catalogue\'s for those filters', async () => {
    await open('');
    const steps: [string, string, ExploreState][] = [
      ['measure', 'pct', { measure: 'pct' }],
      ['pollutant', 'NOx', { measure: 'pct', pollutant: 'NOx' }],
      ['port', 'POLB', { measure: 'pct', pollutant: 'NOx', port: 'POLB' }],
      ['port', 'SPB_combined', { measure: 'pct', pollutant: 'NOx', port: 'SPB_combined' }],
      ['baseline', 'CAAP_2001', { measure: 'pct', pollutant: 'NOx', port: 'SPB_combined', baseline: 'CAAP_2001' }],
      ['baseline', '', { measure: 'pct', pollutant: 'NOx', port: 'SPB_combined' }],
      ['port', 'POLA', { measure: 'pct', pollutant: 'NOx', port: 'POLA' }],
      ['from', '2008', { measure: 'pct', pollutant: 'NOx', port: 'POLA', from: 2008 }],
      ['to', '2012', { measure: 'pct', pollutant: 'NOx', port: 'POLA', from: 2008, to: 2012 }],
      ['measure', 'tons', { measure: 'tons', pollutant: 'NOx', port: 'POLA', from: 2008, to: 2012 }],
      ['port', '', { measure: 'tons', pollutant: 'NOx', from: 2008, to: 2012 }],
      ['from', '', { measure: 'tons', pollutant: 'NOx', to: 2012 }],
      ['to', '', { measure: 'tons', pollutant: 'NOx' }],
      ['pollutant', 'DPM', { measure: 'tons', pollutant: 'DPM' }],
      ['category', 'all', { measure: 'tons', pollutant: 'DPM', category: 'all' }],
      ['category', 'ocean_going_vessels', { measure: 'tons', pollutant: 'DPM', category: 'ocean_going_vessels' }],
      ['category', '', { measure: 'tons', pollutant: 'DPM' }],
      ['measure', 'share', { measure: 'share', pollutant: 'DPM' }],
      ['port', 'POLA', { measure: 'share', pollutant: 'DPM', port: 'POLA' }],
      ['measure', 'intensity', { measure: 'intensity', pollutant: 'DPM', port: 'POLA' }],
      ['port', '', { measure: 'intensity', pollutant: 'DPM' }],
    ];
    const titles = new Set<string>();
    let previous = await shown();
    let previousWant = previous;
    for (const [control, value, state] of steps) {
      await choose(control, value);
      const now = await shown();
      const want = expected(state);
      expect(now, `${control}=${value}`).toEqual(want);
      // the view changed: its title or its data (unless the catalogue draws the same chart for both states, e.g.
      // a `to` filter removed at the data's last year under a title that states the finding, not the filter)
      const same = (a: typeof now, b: typeof now) => a.title === b.title && JSON.stringify(a.cells) === JSON.stringify(b.cells);
      if (!same(want, previousWant)) expect(!same(now, previous), `${control}=${value} changed nothing`).toBe(true);
      // the live region announces the new title; the figure is described by the narrative
      expect(await page.textContent('#announce')).toBe(want.title);
      titles.add(now.title);
      previous = now;
      previousWant = want;
      if (control === 'measure') await page.screenshot({ path: join(OUT, `explore-${value}.png`), fullPage: true });
    }
    expect(titles.size).toBeGreaterThanOrEqual(6);
    // a filter the measure's chart does not take is shown as unused, not silently applied
    await choose('baseline', 'CAAP_2001');
    await choose('measure', 'tons');
    expect(await page.isVisible('#control-baseline-unused')).toBe(true);
    expect(await page.textContent('#notice')).toContain('Not used by this measure: baseline');
    expect((await shown()).hash).toBe('#measure=tons&pollutant=DPM&baseline=CAAP_2001');
    noProblems();
  });

  it('gives every kind of mark a tooltip: value with unit, year, release, published or computed, source with grade', async () => {
    const cases: [string, string][] = [
      ['#measure=tons&port=POLB&pollutant=DPM', '.mark-rect.role-mark path'],
      ['#measure=pct&port=POLA&pollutant=DPM', '.mark-symbol.role-mark path'],
      ['#measure=intensity&pollutant=DPM', '.mark-symbol.role-mark path'],
      ['#measure=share&pollutant=DPM', '.mark-rect.role-mark path'],
    ];
    for (const [fragment, selector] of cases) {
      await open(fragment);
      const marks = page.locator(`#chart ${selector}`);
      expect(await marks.count(), fragment).toBeGreaterThan(0);
      await marks.first().hover({ force: true });
      await page.waitForSelector('#tooltip:not([hidden])');
      const lines = await page.evaluate(() =>
        Object.fromEntries([...document.querySelectorAll('#tooltip dt')].map((dt) => [dt.textContent, dt.nextElementSibling!.textContent])),
      );
      expect(Object.keys(lines), fragment).toEqual(expect.arrayContaining(['Value', 'Year', 'Release', 'Figure', 'Source']));
      expect(lines.Value, fragment).toMatch(/\d/);
      expect(lines.Year, fragment).toMatch(/^\d{4}$/);
      expect(lines.Figure, fragment).toMatch(/^(published|computed)/);
      expect(lines.Source, fragment).toMatch(/\([ABCD]\)/);
      // the figure in the tooltip is a figure of the chart's data for that year
      const state = { measure: new URLSearchParams(fragment.slice(1)).get('measure'), pollutant: 'DPM' } as ExploreState;
      const port = new URLSearchParams(fragment.slice(1)).get('port');
      const built = buildChart(chartFiltersOf(state).chartId, dataset, { ...chartFiltersOf(state).filters, ...(port ? { port } : {}) });
      const years = built.data.rows.map((r) => String(r.year));
      expect(years, fragment).toContain(lines.Year);
      await page.mouse.move(2, 2);
      await page.waitForSelector('#tooltip', { state: 'hidden' });
    }
    // the reductions tooltip of a POLA DPM point says exactly what the data row says
    await open('#measure=pct&port=POLA&pollutant=DPM');
    const built = buildChart('reductions', dataset, { port: 'POLA', pollutant: 'DPM' });
    // the last point is hollow (a published figure): its ring, not its hole, is the mark
    const last = page.locator('#chart .mark-symbol.role-mark path').last();
    const box = (await last.boundingBox())!;
    await last.hover({ force: true, position: { x: 0.8, y: box.height / 2 } });
    await page.waitForSelector('#tooltip:not([hidden])');
    const value = await page.evaluate(() => [...document.querySelectorAll('#tooltip dt')].find((dt) => dt.textContent === 'Value')!.nextElementSibling!.textContent);
    const year = await page.evaluate(() => [...document.querySelectorAll('#tooltip dt')].find((dt) => dt.textContent === 'Year')!.nextElementSibling!.textContent);
    const row = built.data.rows.find((r) => String(r.year) === year)!;
    expect(value).toContain(`${new Intl.NumberFormat('en-US', { maximumFractionDigits: row.evidence === 'published' ? 20 : 2 }).format(Math.abs(Number(row.pct_change)))}% below`);
    noProblems();
  });

  it('reopens the view a link names in its fragment, and says which part of a link it could not use', async () => {
    const state: ExploreState = { measure: 'share', port: 'POLB', pollutant: 'NOx', from: 2005, to: 2018 };
    await open(fragmentOf(state));
    expect(await shown()).toEqual(expected(state));
    expect(await page.inputValue('#control-measure')).toBe('share');
    expect(await page.inputValue('#control-port')).toBe('POLB');
    expect(await page.getAttribute('#view-link', 'href')).toBe(fragmentOf(state));
    // following a link inside the page (hashchange) redraws too
    const next: ExploreState = { measure: 'pct', port: 'SPB_combined', pollutant: 'DPM' };
    const before = await page.evaluate(() => document.getElementById('announce')!.dataset.count ?? '0');
    await page.evaluate((hash) => {
      location.hash = hash;
    }, fragmentOf(next));
    await page.waitForFunction((count) => (document.getElementById('announce')!.dataset.count ?? '0') !== count, before);
    expect(await shown()).toEqual(expected(next));
    await open('#measure=pct&port=NOPE&pollutant=DPM');
    expect(await page.textContent('#notice')).toBe('The link\'s port "NOPE" is not in this dataset: left at the default.');
    expect(await shown()).toEqual(expected({ measure: 'pct', pollutant: 'DPM' }));
    noProblems();
  });

  it('downloads the view: CSV with the figures `export` writes, a framed SVG with the report\'s frame text, a PNG', async () => {
    const state: ExploreState = { measure: 'pct', port: 'POLA', pollutant: 'NOx', from: 2005, to: 2012 };
    await open(fragmentOf(state));
    const { chartId, filters } = chartFiltersOf(state);

    const csvDownload = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]).then(([d]) => d);
    expect(csvDownload.suggestedFilename()).toBe(`${chartId}.csv`);
    const csv = readFileSync(await csvDownload.path(), 'utf8');
    const io = captureIO(tmp);
    const args = ['export', chartId, '--port', 'POLA', '--pollutant', 'NOx', '--from', '2005', '--to', '2012', '--formats', 'csv', '--out', 'export', '--quiet'];
    expect(await runCli(args, io), io.err()).toBe(0);
    const exported = readFileSync(join(tmp, 'export', chartId, `${chartId}.csv`), 'utf8');
    expect(csv).toBe(exported);
    const built = buildChart(chartId, dataset, filters);
    expect(csv).toBe(toCsv(built.data.rows, built.data.columns));
    expect(csv.split('\r\n').length).toBeGreaterThan(3);

    const svgDownload = await Promise.all([page.waitForEvent('download'), page.click('#download-svg')]).then(([d]) => d);
    expect(svgDownload.suggestedFilename()).toBe(`${chartId}.svg`);
    const svg = readFileSync(await svgDownload.path(), 'utf8');
    const node = (await renderChart(built, dataset)).svg;
    // The frame's words are the report's: title, subtitle, notes, source and provenance lines (the browser
    // measures with its canvas, so a line may wrap at another word; the text is the same).
    expect(frameWords(svg)).toBe(frameWords(node));
    expect(svg).toContain(`<desc id="${chartId}-frame-desc">`);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+" height="\d+"/);

    const pngDownload = await Promise.all([page.waitForEvent('download'), page.click('#download-png')]).then(([d]) => d);
    expect(pngDownload.suggestedFilename()).toBe(`${chartId}@2x.png`);
    const png = readFileSync(await pngDownload.path());
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const width = Number(/^<svg[^>]*\swidth="(\d+)"/.exec(svg)![1]);
    expect(png.readUInt32BE(16)).toBe(width * 2);
    noProblems();
  });

  it('works from the keyboard: labelled controls in order, the narrative describing the chart', async () => {
    await open('');
    const controls = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLSelectElement>('#controls select')].filter((select) => select.offsetParent !== null).map((select) => ({
        id: select.id,
        label: document.querySelector(`label[for="${select.id}"]`)?.textContent ?? '',
      })),
    );
    expect(controls.map((c) => c.label)).toEqual(['Measure', 'Port', 'Pollutant', 'Source category', 'Baseline', 'From year', 'To year']);
    await page.focus('#control-measure');
    const order: string[] = [];
    for (let i = 0; i < 15; i++) {
      order.push(await page.evaluate(() => (document.activeElement instanceof HTMLInputElement ? `ports:${document.activeElement.value}` : document.activeElement?.id ?? '')));
      await page.keyboard.press('Tab');
    }
    const ids = controls.map((c) => c.id);
    // the port checkboxes follow the Port choice; the chart's points follow the controls
    expect(order).toEqual([...ids.slice(0, 2), 'ports:POLA', 'ports:POLB', 'ports:SPB_combined', ...ids.slice(2), 'points', 'download-svg', 'download-png', 'download-csv', 'view-link']);
    // change the measure with the keyboard alone
    const before = await page.evaluate(() => document.getElementById('announce')!.dataset.count ?? '0');
    await page.focus('#control-measure');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction((count) => (document.getElementById('announce')!.dataset.count ?? '0') !== count, before);
    expect((await shown()).chart).toBe('reductions');
    const described = await page.evaluate(() => {
      const figure = document.getElementById('figure')!;
      const svg = document.querySelector('#chart svg')!;
      return {
        figure: document.getElementById(figure.getAttribute('aria-describedby')!)!.textContent,
        svg: document.getElementById(svg.getAttribute('aria-describedby')!)!.textContent,
        label: document.getElementById(svg.getAttribute('aria-labelledby')!)!.textContent,
      };
    });
    const want = expected({ measure: 'pct' });
    expect(described).toEqual({ figure: want.narrative, svg: want.narrative, label: want.title });
    noProblems();
  });
});

describe('ports compared, the activity unit and the points by keyboard', () => {
  /** Ticks (or unticks) a port's checkbox from the keyboard (focus, Space) and waits for the view. */
  async function tick(port: string): Promise<void> {
    const before = await page.evaluate(() => document.getElementById('announce')!.dataset.count ?? '0');
    await page.focus(`#control-ports input[value="${port}"]`);
    await page.keyboard.press('Space');
    await page.waitForFunction((count) => (document.getElementById('announce')!.dataset.count ?? '0') !== count, before);
  }

  it('compares the ports ticked: the chart\'s data rows are exactly those ports\' rows, in the link too', async () => {
    await open('#measure=pct&pollutant=NOx');
    const legend = await page.evaluate(() => {
      const group = document.getElementById('control-ports')!;
      return { tag: group.tagName, legend: group.querySelector('legend')!.textContent, labels: [...group.querySelectorAll('label')].map((l) => l.textContent!.trim()) };
    });
    expect(legend).toEqual({ tag: 'FIELDSET', legend: 'Compare ports', labels: ['Port of Los Angeles', 'Port of Long Beach', expect.stringContaining('(combined)')] });
    await tick('POLA');
    expect(await shown()).toEqual(expected({ measure: 'pct', port: 'POLA', pollutant: 'NOx' }));
    await tick('POLB');
    const state: ExploreState = { measure: 'pct', ports: ['POLA', 'POLB'], pollutant: 'NOx' };
    const now = await shown();
    expect(now).toEqual(expected(state));
    expect(now.hash).toBe('#measure=pct&ports=POLA,POLB&pollutant=NOx');
    const portColumn = now.header.indexOf('port');
    expect(new Set(now.cells.map((row) => row[portColumn]))).toEqual(new Set(['POLA', 'POLB']));
    // the rows are those of the chart of every port, less the port not ticked
    const every = expected({ measure: 'pct', pollutant: 'NOx' });
    expect(now.cells).toEqual(every.cells.filter((row) => row[portColumn] !== 'SPB_combined'));
    expect(await page.inputValue('#control-port')).toBe('');
    await page.screenshot({ path: join(OUT, 'explore-ports.png'), fullPage: true });
    // a link with the ports reopens the comparison; another measure keeps it
    await open(fragmentOf(state));
    expect(await page.evaluate(() => [...document.querySelectorAll<HTMLInputElement>('#control-ports input:checked')].map((b) => b.value))).toEqual(['POLA', 'POLB']);
    await choose('measure', 'tons');
    expect(await shown()).toEqual(expected({ ...state, measure: 'tons' }));
    // choosing one Port replaces the comparison
    await choose('port', 'POLB');
    expect(await shown()).toEqual(expected({ measure: 'tons', port: 'POLB', pollutant: 'NOx' }));
    expect(await page.evaluate(() => [...document.querySelectorAll<HTMLInputElement>('#control-ports input:checked')].map((b) => b.value))).toEqual(['POLB']);
    // a port the chart has no figure of is said, not silently left out
    await open('#measure=tons&ports=POLA,SPB_combined&pollutant=DPM');
    expect(await page.textContent('#notice')).toMatch(/^No figures of San Pedro Bay .* in this chart for these filters: not drawn\.$/);
    noProblems();
  });

  it('offers the activity units the dataset declares (SYNTHETIC cargo tons) and draws the one chosen', async () => {
    // the embedded dataset declares one normalisation: no choice is offered
    await open('#measure=intensity');
    expect(await page.isVisible('#control-per')).toBe(false);
    expect(await page.evaluate(() => document.querySelector('#control-measure option[value="intensity"]')!.textContent)).toBe('Per activity unit (per 10,000 TEU)');
    const synthetic = withSyntheticCargo(dataset, 'POLA', 'DPM');
    const file = join(tmp, 'explore-cargo.html');
    await writeExplorePage(synthetic, file);
    const cargoUrl = pathToFileURL(file).href;
    await page.goto(`${cargoUrl}#measure=intensity&port=POLA&pollutant=DPM`, { waitUntil: 'load' });
    await page.waitForSelector('html[data-ready="true"]');
    expect(await page.isVisible('#control-per')).toBe(true);
    expect(await page.evaluate(() => [...document.querySelectorAll('#control-per option')].map((o) => o.textContent))).toEqual(['Dataset default (per 10,000 TEU)', SYNTHETIC_CARGO.label]);
    expect(await page.textContent('label[for="control-per"]')).toBe('Activity unit');
    const before = await page.evaluate(() => document.getElementById('announce')!.dataset.count ?? '0');
    await page.selectOption('#control-per', SYNTHETIC_CARGO.code);
    await page.waitForFunction((count) => (document.getElementById('announce')!.dataset.count ?? '0') !== count, before);
    const state: ExploreState = { measure: 'intensity', port: 'POLA', per: SYNTHETIC_CARGO.code, pollutant: 'DPM' };
    const now = await shown();
    expect(now).toEqual(expected(state, synthetic));
    expect(await page.textContent('#chart-subtitle')).toContain(SYNTHETIC_CARGO.label);
    const teu = expected({ ...state, per: undefined }, synthetic);
    expect(now.cells).not.toEqual(teu.cells);
    // the tooltips name the activity unit chosen, as the dataset declares it
    await page.focus('#points');
    const values: string[] = [];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('ArrowRight');
      values.push(await page.evaluate(() => [...document.querySelectorAll('#tooltip dt')].find((dt) => dt.textContent === 'Value')?.nextElementSibling?.textContent ?? ''));
    }
    expect(values.some((v) => v.includes(`tons ${SYNTHETIC_CARGO.label} (`) && v.includes('cargo tons'))).toBe(true);
    expect(values.join(' ')).not.toContain('TEU');
    await page.keyboard.press('Escape');
    await page.screenshot({ path: join(OUT, 'explore-cargo.png'), fullPage: true });
    expect(problems).toEqual([]);
    // the page loaded only itself
    expect(requests.filter((r) => !r.startsWith(url) && !r.startsWith(cargoUrl))).toEqual([]);
    requests.length = 0;
  });

  it('reaches every plotted figure by keyboard: arrow keys show its tooltip and say it in a live region', async () => {
    await open('#measure=pct&port=POLA&pollutant=DPM');
    await page.focus('#points');
    expect(await page.getAttribute('#points', 'aria-label')).toMatch(/arrow keys/);
    const read = () =>
      page.evaluate(() => ({
        lines: Object.fromEntries([...document.querySelectorAll('#tooltip dt')].map((dt) => [dt.textContent, dt.nextElementSibling!.textContent])),
        live: document.getElementById('point-live')!.textContent ?? '',
        visible: !document.getElementById('tooltip')!.hidden,
      }));
    const built = buildChart('reductions', dataset, { port: 'POLA', pollutant: 'DPM' });
    const years = built.data.rows.map((r) => String(r.year));
    const seen: string[] = [];
    let points = 0;
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('ArrowRight');
      const now = await read();
      expect(now.visible).toBe(true);
      // the live region says what the visible box shows
      for (const [label, value] of Object.entries(now.lines)) expect(now.live).toContain(`${label}: ${value}`);
      points = Number(/ of (\d+)\./.exec(now.live)![1]);
      if (now.lines.Year !== undefined && now.lines.Value !== undefined && /below|above/.test(now.lines.Value)) {
        expect(years).toContain(now.lines.Year);
        expect(now.lines.Source).toMatch(/\([ABCD]\)/);
        seen.push(now.lines.Year);
      }
    }
    // every point of the series was reached, in year order
    expect(points).toBeGreaterThanOrEqual(years.length);
    expect(new Set(seen)).toEqual(new Set(years));
    await page.screenshot({ path: join(OUT, 'explore-points.png'), fullPage: true });
    await page.keyboard.press('Home');
    expect((await read()).live).toMatch(/^Point 1 of /);
    // a ring marks the point on the chart, inside the chart's picture
    const ring = (await page.locator('#point-ring').boundingBox())!;
    const chart = (await page.locator('#chart svg').boundingBox())!;
    expect(ring.x + ring.width / 2).toBeGreaterThan(chart.x);
    expect(ring.x + ring.width / 2).toBeLessThan(chart.x + chart.width);
    expect(ring.y + ring.height / 2).toBeGreaterThan(chart.y);
    expect(ring.y + ring.height / 2).toBeLessThan(chart.y + chart.height);
    await page.keyboard.press('Escape');
    expect((await read()).visible).toBe(false);
    expect(await page.isVisible('#point-ring')).toBe(false);
    noProblems();
  });
});

describe('arquero in the page\'s bundle, under the page\'s policy', () => {
  it('runs every verb of the battery as arquero does in Node: the interpreters stand in for code generation', async () => {
    const { script } = await bundleForExplorePage(resolve('test/explore/arquero-page-entry.ts'));
    const hash = createHash('sha256').update(script, 'utf8').digest('base64');
    // The page's policy: its script by hash, nothing else, and no 'unsafe-eval'.
    const csp = `default-src 'none'; script-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`;
    const file = join(tmp, 'arquero.html');
    writeFileSync(file, `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"></head><body><pre id="out"></pre><script>${script}</script></body></html>`);
    const before = problems.length;
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.waitForSelector('html[data-ready="true"]');
    const actual = JSON.parse((await page.textContent('#out'))!) as Record<string, { ok?: unknown; error?: string }>[];
    const expected = batteryResults('plain', FIXED_TABLES);
    // The verbs that give rows in Node (the minifier rewrites the functions of those that fail, so a refused
    // closure may well run in the bundle; Node's no-codegen test compares the failures).
    let compared = 0;
    for (const [i, table] of expected.entries()) {
      for (const verb of Object.keys(VERBS)) {
        if (table[verb]!.ok === undefined) continue;
        expect(actual[i]![verb], `table ${i}, ${verb}`).toEqual(table[verb]);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(2 * (Object.keys(VERBS).length - 8));
    expect(problems.slice(before)).toEqual([]);
  });
});

/** The words of an SVG's frame (its own <text> elements, outside the nested chart), whitespace collapsed. */
function frameWords(svg: string): string {
  const nested = svg.indexOf('<svg', 1);
  const end = svg.lastIndexOf('</svg>', svg.length - 8);
  const frame = svg.slice(0, nested) + svg.slice(end);
  return [...frame.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(' ').replace(/\s+/g, ' ').trim();
}
