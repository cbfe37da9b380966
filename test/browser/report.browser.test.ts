/**
 * The built report in a real browser (Debian chromium through playwright-core, headless, a fresh profile):
 * no console errors, no network request, every chart drawn, and a full-page screenshot for a person to
 * look at (test/out/report.png) plus the print version (test/out/report-print.png, test/out/report.pdf).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/ingest/load.ts';
import { EMBEDDED_DATASET_DIR } from '../../src/cli/common.ts';
import { writeReport } from '../../src/report/build.ts';
import { loadReportDefinition } from '../../src/report/definition.ts';
import { reportKeyFigures } from '../../src/report/key-figures.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = resolve('test/out');
const tmp = mkdtempSync(join(tmpdir(), 'report-browser-'));
let htmlPath = '';
let chartCount = 0;
let keyFigures: { value: string; label: string }[] = [];

async function openContext(javaScriptEnabled: boolean): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmp, 'profile-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    javaScriptEnabled,
  });
}

beforeAll(async () => {
  // Never a skip: without the browser this test fails. `npm test` installs it first (test/setup/provision.mjs).
  if (!existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM}: run npm test (it installs Debian chromium), or node test/setup/provision.mjs chromium, or set CHROMIUM_PATH`);
  const loaded = await loadReportDefinition('reports/caap-progress.json');
  const dataset = await loadDataset(EMBEDDED_DATASET_DIR);
  const written = await writeReport(loaded.definition, dataset, { out: join(tmp, 'out'), name: loaded.name, definitionFile: 'reports/caap-progress.json', pngScales: [] });
  htmlPath = written.htmlPath;
  chartCount = written.report.charts.length;
  keyFigures = reportKeyFigures(
    dataset,
    written.report.charts.map((chart, i) => ({ ...chart, key: chart.id, number: i + 1 })),
    loaded.definition.keyFigures,
    'reports/caap-progress.json',
  );
  mkdirSync(OUT, { recursive: true });
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the CAAP progress report in chromium', () => {
  it('loads with no console error and no network request, and draws every chart', async () => {
    const context = await openContext(true);
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('request', (request) => requests.push(request.url()));
      const url = pathToFileURL(htmlPath).href;
      await page.goto(url, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));

      expect(problems).toEqual([]);
      expect(requests).toEqual([url]);

      const svgs = page.locator('figure.chart > .chart-svg > svg');
      expect(await svgs.count()).toBe(chartCount);
      for (let i = 0; i < chartCount; i++) {
        const svg = svgs.nth(i);
        await expect.poll(() => svg.isVisible()).toBe(true);
        const box = await svg.boundingBox();
        expect(box, `chart ${i + 1}`).not.toBeNull();
        expect(box!.width).toBeGreaterThan(200);
        expect(box!.height).toBeGreaterThan(100);
      }
      // The embedded font is the one drawing the text.
      expect(await page.evaluate(() => document.fonts.check("12px 'DejaVu Sans'"))).toBe(true);
      expect(await page.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded').length)).toBeGreaterThanOrEqual(1);

      await page.screenshot({ path: join(OUT, 'report.png'), fullPage: true });
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: join(OUT, 'report-print.png'), fullPage: true });
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      writeFileSync(join(OUT, 'report.pdf'), pdf);
      // One chart per page after the title page with the key figures and findings, then the appendix, in at
      // most 12 landscape pages.
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
      expect(pages.length).toBeGreaterThanOrEqual(chartCount + 2);
      expect(pages.length).toBeLessThanOrEqual(12);
      const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
      expect(Number(box![1])).toBeGreaterThan(Number(box![2]));
    } finally {
      await context.close();
    }
  });

  it('opens on the key figures: the first screen shows each figure, its value and what it is', async () => {
    const context = await openContext(false);
    try {
      const page = await context.newPage();
      await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
      const cards = page.locator('.key-figures .kf');
      const count = await cards.count();
      expect(count).toBe(keyFigures.length);
      expect(count).toBeGreaterThanOrEqual(3);
      expect(count).toBeLessThanOrEqual(6);
      for (let i = 0; i < count; i++) {
        const card = cards.nth(i);
        const value = card.locator('.kf-value');
        // Within the first screen (1280 x 900), in large type.
        const box = await value.boundingBox();
        expect(box, `key figure ${i + 1}`).not.toBeNull();
        expect(box!.y + box!.height).toBeLessThanOrEqual(900);
        expect(await value.evaluate((element) => parseFloat(getComputedStyle(element).fontSize))).toBeGreaterThanOrEqual(36);
        expect(await value.innerText()).toBe(keyFigures[i]!.value);
        expect(await card.locator('.kf-label').innerText()).toBe(keyFigures[i]!.label);
      }
      // On the embedded data: Los Angeles DPM 90% below the 2005 baseline in 2024, as the port published it.
      expect(await cards.nth(0).innerText()).toMatch(/^\u221290%\nDiesel particulate matter \(DPM\) below the 2005 baseline\nPort of Los Angeles, 2024/);
    } finally {
      await context.close();
    }
  });

  it('shows every chart with JavaScript off', async () => {
    const context = await openContext(false);
    try {
      const page = await context.newPage();
      await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
      const svgs = page.locator('figure.chart > .chart-svg > svg');
      expect(await svgs.count()).toBe(chartCount);
      for (let i = 0; i < chartCount; i++) {
        const box = await svgs.nth(i).boundingBox();
        expect(box!.width * box!.height).toBeGreaterThan(0);
      }
    } finally {
      await context.close();
    }
  });
});
