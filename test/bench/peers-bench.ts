/**
 * Peers benchmark (figures only, nothing asserted): the 12 catalogue charts of the embedded dataset (real
 * data; only time is measured), each drawn as SVG + PNG at 2x by
 *   ours          renderChart (framed SVG, bundled-font metrics) + chartPng(svg, 2) (vega scenegraph on a
 *                 skia canvas, our PNG encoder)
 *   ours, resvg   the same SVG, PNG by resvg from the SVG (svgToPng): the path before the canvas one
 *   vega + sharp  vega-lite compile + vega View + toSVG (vega's own text estimate, no frame) + sharp
 *                 (librsvg) PNG at 2x: what a Node user without this tool would write
 *   browser       vega-embed in headless Debian chromium through playwright-core, one page:
 *                 view.toSVG() + view.toImageURL('png', 2) per chart, both brought back to Node (the PNG
 *                 decoded from its data URL); start-up (launch, page, scripts) timed apart
 * Interleaved chart by chart, the order of the paths rotating each round; medians per chart over the
 * rounds, summed over the charts and divided by 12. Scripts for the page come from node_modules: no network.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { median } from './render-bench.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

type Path = 'ours' | 'oursResvg' | 'vegaSharp' | 'browser';
const PATHS: readonly Path[] = ['ours', 'oursResvg', 'vegaSharp', 'browser'];

export interface PeersBenchFigures {
  charts: number;
  rounds: number;
  /** Mean over the charts of each chart's median ms, per path (undefined: path not run). */
  perChartMs: Partial<Record<Path, number>>;
  /** Browser start-up (launch + page + vega, vega-lite, vega-embed scripts), ms, median of its runs. */
  browserStartMs?: number;
  browserStarts?: number;
  /** Why the browser was not measured, when it was not. */
  browserMissing?: string;
  /** Bytes of one round's output per path, to show each made the same amount of picture. */
  pngBytes: Partial<Record<Path, number>>;
}

interface Browser {
  close(): Promise<void>;
  draw(spec: TopLevelSpec): Promise<{ svg: string; png: Buffer }>;
}

async function startBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  const require = createRequire(import.meta.url);
  // The package folder from its entry point (vega's exports map does not expose package.json).
  const script = (pkg: string, file: string) => {
    const entry = require.resolve(pkg);
    const marker = `/node_modules/${pkg}/`;
    return join(entry.slice(0, entry.lastIndexOf(marker) + marker.length), file);
  };
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
  const page = await browser.newPage();
  await page.setContent('<!doctype html><html><body><div id="chart"></div></body></html>');
  await page.addScriptTag({ path: script('vega', 'build/vega.min.js') });
  await page.addScriptTag({ path: script('vega-lite', 'build/vega-lite.min.js') });
  await page.addScriptTag({ path: script('vega-embed', 'build/vega-embed.min.js') });
  return {
    close: () => browser.close(),
    async draw(spec) {
      const [svg, url] = await page.evaluate(async (s) => {
        const embed = (globalThis as unknown as { vegaEmbed: (el: string, spec: unknown, opt: unknown) => Promise<{ view: vega.View; finalize(): void }> }).vegaEmbed;
        const result = await embed('#chart', s, { actions: false, renderer: 'none' });
        try {
          return [await result.view.toSVG(), await result.view.toImageURL('png', 2)] as const;
        } finally {
          result.finalize();
        }
      }, spec);
      return { svg, png: Buffer.from(url.slice(url.indexOf(',') + 1), 'base64') };
    },
  };
}

async function timeMs(run: () => Promise<unknown>): Promise<[number, unknown]> {
  const start = performance.now();
  const value = await run();
  return [performance.now() - start, value];
}

/** Times the paths above on the catalogue charts; the browser only where Debian chromium is installed. */
export async function benchPeers(options: { rounds: number; log: (line: string) => void }): Promise<PeersBenchFigures> {
  const { loadDataset } = await import('../../src/ingest/load.ts');
  const { CHARTS, buildChart } = await import('../../src/charts/catalogue.ts');
  const { renderChart, chartPng } = await import('../../src/charts/render-chart.ts');
  const { installVegaTextMetrics, svgToPng, uninstallVegaTextMetrics } = await import('../../src/render/index.ts');
  const sharp = (await import('sharp')).default;

  const dataset = await loadDataset(new URL('../../datasets/san-pedro-bay/', import.meta.url).pathname);
  const built = CHARTS.map((chart) => buildChart(chart.id, dataset)).filter((chart) => chart.missing === undefined);

  // vega-lite + vega as a Node user runs them without a canvas package: vega estimates text widths.
  const scenegraph = vega as unknown as { textMetrics: { canvas(use: boolean): void } };
  const vegaSharp = async (spec: TopLevelSpec): Promise<Buffer> => {
    uninstallVegaTextMetrics();
    scenegraph.textMetrics.canvas(false);
    try {
      const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
      const svg = await view.toSVG();
      view.finalize();
      return await sharp(Buffer.from(svg), { density: 72 * 2 }).png().toBuffer();
    } finally {
      scenegraph.textMetrics.canvas(true);
      installVegaTextMetrics();
    }
  };

  let browser: Browser | undefined;
  const starts: number[] = [];
  let browserMissing: string | undefined;
  const start = async (): Promise<void> => {
    const [ms, b] = await timeMs(startBrowser);
    starts.push(ms);
    browser = b as Browser;
  };
  if (!existsSync(CHROMIUM)) browserMissing = `${CHROMIUM} is not installed (apt-get install chromium)`;
  else {
    try {
      await start();
    } catch (error) {
      browserMissing = `chromium did not start: ${(error as Error).message.split('\n')[0]}`;
    }
  }
  const paths = PATHS.filter((p) => p !== 'browser' || browser !== undefined);
  const draw: Record<Path, (chart: (typeof built)[number]) => Promise<Buffer>> = {
    ours: async (chart) => chartPng((await renderChart(chart, dataset)).svg, 2),
    oursResvg: async (chart) => svgToPng((await renderChart(chart, dataset)).svg, { scale: 2 }),
    vegaSharp: (chart) => vegaSharp(chart.spec),
    browser: async (chart) => (await browser!.draw(chart.spec)).png,
  };

  const samples = new Map<Path, number[][]>(paths.map((p) => [p, built.map(() => [])]));
  const pngBytes: Partial<Record<Path, number>> = {};
  options.log(`  ${built.length} charts x ${options.rounds} rounds (+1 warm-up): ${paths.join(', ')}${browserMissing ? `; browser skipped: ${browserMissing}` : ''}`);
  for (let round = -1; round < options.rounds; round++) {
    // A fresh browser start-up in a few rounds, so its figure is a median too.
    if (browser !== undefined && round > 0 && round <= 2) {
      await browser.close();
      await start();
    }
    for (const [i, chart] of built.entries()) {
      for (let k = 0; k < paths.length; k++) {
        const path = paths[(k + i + Math.max(round, 0)) % paths.length]!;
        const [ms, png] = await timeMs(() => draw[path](chart));
        if (round < 0) continue;
        samples.get(path)![i]!.push(ms);
        if (round === 0) pngBytes[path] = (pngBytes[path] ?? 0) + (png as Buffer).length;
      }
    }
    if (round >= 0) options.log(`  round ${round + 1}/${options.rounds}`);
  }
  await browser?.close();

  const perChartMs: Partial<Record<Path, number>> = {};
  for (const [path, perChart] of samples) perChartMs[path] = perChart.reduce((acc, s) => acc + median(s), 0) / built.length;
  return {
    charts: built.length,
    rounds: options.rounds,
    perChartMs,
    ...(starts.length > 0 ? { browserStartMs: median(starts), browserStarts: starts.length } : {}),
    ...(browserMissing === undefined ? {} : { browserMissing }),
    pngBytes,
  };
}

/** The side-by-side table: ms per chart, and ours divided by each peer (below 1: ours is faster). */
export function formatPeersBench(f: PeersBenchFigures): string {
  const ours = f.perChartMs.ours!;
  const rows: [string, number | undefined][] = [
    ['port-emissions: framed SVG + PNG 2x (scenegraph on canvas)', ours],
    ['port-emissions: same SVG, PNG 2x by resvg from the SVG', f.perChartMs.oursResvg],
    ['vega-lite + vega toSVG + sharp (librsvg) PNG 2x, no frame', f.perChartMs.vegaSharp],
  ];
  if (f.perChartMs.browser !== undefined) {
    rows.push(['vega-embed in chromium, start-up excluded', f.perChartMs.browser]);
    rows.push([`vega-embed in chromium, start-up ${f.browserStartMs!.toFixed(0)} ms / ${f.charts}`, f.perChartMs.browser + f.browserStartMs! / f.charts]);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, ms], index) => {
    if (ms === undefined) return `${label.padEnd(width)}  not run`;
    const ratio = index === 0 ? '' : `  ours / this = ${(ours / ms).toFixed(2)}`;
    return `${label.padEnd(width)}  ${ms.toFixed(1).padStart(6)} ms${ratio}`;
  });
  const bytes = Object.entries(f.pngBytes)
    .map(([path, n]) => `${path} ${(n / 1e6).toFixed(2)} MB`)
    .join(', ');
  return [
    `ms per chart (median per chart over ${f.rounds} rounds, interleaved, mean over ${f.charts} charts); target: ours / each peer < 1`,
    ...lines,
    ...(f.browserMissing ? [`browser not measured: ${f.browserMissing}`] : []),
    ...(f.browserStarts ? [`browser start-up: median of ${f.browserStarts} launches (launch + page + vega, vega-lite, vega-embed scripts from node_modules)`] : []),
    `PNG bytes for the ${f.charts} charts: ${bytes}`,
  ].join('\n');
}
