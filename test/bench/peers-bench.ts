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
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { median } from './render-bench.ts';
import { verdictLine } from './verdicts.ts';

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
  /**
   * CPU ms per chart, per path: each path draws the 12 charts in a row, paths rotating, median of the
   * rounds. Ours and the Node peers: this process (all its threads); the browser: its processes plus this
   * one (playwright, base64). Less sensitive than wall time to other work on a shared machine.
   */
  cpuPerChartMs: Partial<Record<Path, number>>;
  cpuRounds: number;
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

const TICKS_PER_SECOND = 100; // USER_HZ of /proc/<pid>/stat on Linux

/** CPU ms (user + system, all threads) of a process and all its descendants, from /proc (10 ms ticks). */
function treeCpuMs(root: number): number {
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(entry), Number(fields[1]));
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  for (const [pid, t] of ticks) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) {
        total += t;
        break;
      }
    }
  }
  return (total * 1000) / TICKS_PER_SECOND;
}

function processCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
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
  // CPU time: each path draws all the charts in a row (the browser's /proc ticks are 10 ms), paths rotating.
  const cpuRounds = Math.max(2, Math.ceil(options.rounds / 2));
  const cpu = new Map<Path, number[]>(paths.map((p) => [p, []]));
  for (let round = 0; round < cpuRounds; round++) {
    for (let k = 0; k < paths.length; k++) {
      const path = paths[(k + round) % paths.length]!;
      // chromium is a child of this process: the tree holds both
      const cpuNow = () => (path === 'browser' ? treeCpuMs(process.pid) : processCpuMs());
      const before = cpuNow();
      for (const chart of built) await draw[path](chart);
      cpu.get(path)!.push((cpuNow() - before) / built.length);
    }
    options.log(`  CPU round ${round + 1}/${cpuRounds}`);
  }
  await browser?.close();
  const cpuPerChartMs: Partial<Record<Path, number>> = {};
  for (const [path, values] of cpu) cpuPerChartMs[path] = median(values);

  const perChartMs: Partial<Record<Path, number>> = {};
  for (const [path, perChart] of samples) perChartMs[path] = perChart.reduce((acc, s) => acc + median(s), 0) / built.length;
  return {
    charts: built.length,
    rounds: options.rounds,
    perChartMs,
    cpuPerChartMs,
    cpuRounds,
    ...(starts.length > 0 ? { browserStartMs: median(starts), browserStarts: starts.length } : {}),
    ...(browserMissing === undefined ? {} : { browserMissing }),
    pngBytes,
  };
}

/** The side-by-side table: ms per chart, and ours divided by each peer (below 1: ours is faster). */
export function formatPeersBench(f: PeersBenchFigures): string {
  const ours = f.perChartMs.ours!;
  const oursCpu = f.cpuPerChartMs.ours!;
  const rows: [string, number | undefined, number | undefined][] = [
    ['port-emissions: framed SVG + PNG 2x (scenegraph on canvas)', ours, oursCpu],
    ['port-emissions: same SVG, PNG 2x by resvg from the SVG', f.perChartMs.oursResvg, f.cpuPerChartMs.oursResvg],
    ['vega-lite + vega toSVG + sharp (librsvg) PNG 2x, no frame', f.perChartMs.vegaSharp, f.cpuPerChartMs.vegaSharp],
  ];
  if (f.perChartMs.browser !== undefined) {
    rows.push(['vega-embed in chromium, start-up excluded', f.perChartMs.browser, f.cpuPerChartMs.browser]);
    rows.push([`vega-embed in chromium, start-up ${f.browserStartMs!.toFixed(0)} ms / ${f.charts}`, f.perChartMs.browser + f.browserStartMs! / f.charts, undefined]);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = [
    `${''.padEnd(width)}  wall/chart  ours/this    CPU/chart  ours/this`,
    ...rows.map(([label, ms, cpuMs], index) => {
      if (ms === undefined) return `${label.padEnd(width)}  not run`;
      const ratio = (a: number, b: number) => (index === 0 ? '' : (a / b).toFixed(2)).padStart(9);
      const cpuCells = cpuMs === undefined ? '' : `  ${`${cpuMs.toFixed(1)} ms`.padStart(11)}  ${ratio(oursCpu, cpuMs)}`;
      return `${label.padEnd(width)}  ${`${ms.toFixed(1)} ms`.padStart(10)}  ${ratio(ours, ms)}${cpuCells}`;
    }),
  ];
  const bytes = Object.entries(f.pngBytes)
    .map(([path, n]) => `${path} ${(n / 1e6).toFixed(2)} MB`)
    .join(', ');
  return [
    `wall: ms per chart (median per chart over ${f.rounds} rounds, interleaved chart by chart, mean over ${f.charts} charts); target: ours / each peer < 1`,
    `CPU: ms per chart (each path's ${f.charts} charts in a row, paths rotating, median of ${f.cpuRounds} rounds; browser = its processes + this one)`,
    ...lines,
    ...(f.browserMissing ? [`browser not measured: ${f.browserMissing}`] : []),
    ...(f.browserStarts ? [`browser start-up: median of ${f.browserStarts} launches (launch + page + vega, vega-lite, vega-embed scripts from node_modules)`] : []),
    `PNG bytes for the ${f.charts} charts: ${bytes}`,
    ...peerVerdicts(f),
  ].join('\n');
}

/** Each peer target, met or not, with the reason measured in this project and the next lever. */
function peerVerdicts(f: PeersBenchFigures): string[] {
  const ours = f.perChartMs.ours!;
  const out = [];
  if (f.perChartMs.vegaSharp !== undefined) {
    out.push(
      verdictLine(
        'ours / (vega-lite + vega toSVG + sharp) < 1',
        ours < f.perChartMs.vegaSharp,
        'sharp parses the SVG and rasterises it with librsvg; ours draws the scenegraph on a canvas, so a loss means the canvas draw or our PNG encoding ran slower in this run',
        'compress the PNG in a worker thread while the next chart is laid out',
      ),
    );
  }
  if (f.perChartMs.browser !== undefined) {
    const reason =
      "the browser encodes PNG natively from the canvas's pixel memory (zlib 3, Sub filter) in its own processes; @napi-rs/canvas offers only skia's default encoder (zlib 6, every filter), so we copy the pixels out and compress them in this process; text drawing is not the difference (the same time with all text removed)";
    const lever = 'PNG compression in worker threads beside the layout, and an on-disk cache of rendered charts so a report redraws only charts whose data changed';
    out.push(verdictLine('ours / browser (start-up excluded) < 1', ours < f.perChartMs.browser, reason, lever));
    out.push(verdictLine('ours / browser (start-up over the 12 charts) < 1', ours < f.perChartMs.browser + f.browserStartMs! / f.charts, reason, lever));
  }
  return out;
}
