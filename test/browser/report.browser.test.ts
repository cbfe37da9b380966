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

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = resolve('test/out');
const tmp = mkdtempSync(join(tmpdir(), 'report-browser-'));
let htmlPath = '';
let chartCount = 0;

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
  if (!existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  const loaded = await loadReportDefinition('reports/caap-progress.json');
  const dataset = await loadDataset(EMBEDDED_DATASET_DIR);
  const written = await writeReport(loaded.definition, dataset, { out: join(tmp, 'out'), name: loaded.name, definitionFile: 'reports/caap-progress.json', pngScales: [] });
  htmlPath = written.htmlPath;
  chartCount = written.report.charts.length;
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
      // One chart per page: at least a page per chart, plus the summary, sources and about pages.
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
      expect(pages.length).toBeGreaterThanOrEqual(chartCount + 2);
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
