/**
 * Render micro-benchmark (not a test: speed is never asserted). For each Vega-Lite spec it times, per
 * chart, in the same process and interleaved round by round:
 *   floor        vega-lite compile + new vega.View + toSVG, vega's default setup (no canvas: width estimate)
 *   floor+font   the same with our font metrics installed in vega
 *   renderSvg    our renderSvg (fonts forced, ids prefixed) + frameSvg (title, notes, source, meta)
 *   png 2x       svgToPng of the framed SVG at scale 2 (resvg)
 * Run: `npx tsx test/bench/render-bench.ts [rounds]`. SYNTHETIC charts only.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { cpus } from 'node:os';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import {
  FONT_FAMILY,
  fontFiles,
  frameSvg,
  installVegaTextMetrics,
  renderSvg,
  svgToPng,
  textWidth,
  uninstallVegaTextMetrics,
} from '../../src/render/index.ts';
import { syntheticBarSpec, syntheticDefsSpec, syntheticLabelSpec } from '../render/synthetic.ts';

export interface RenderBenchFigures {
  charts: number;
  rounds: number;
  /** One-off cost of parsing the bundled TTF for metrics (first textWidth), ms. */
  fontParseMs: number;
  /** Median ms per chart. */
  floorMs: number;
  floorWithFontMs: number;
  renderAndFrameMs: number;
  png2xMs: number;
  /** (renderAndFrame - floor) / floor, in %. */
  overheadVsFloorPct: number;
  /** (renderAndFrame - floorWithFont) / floorWithFont, in %: the cost of frame, ids and font forcing alone. */
  overheadVsFontFloorPct: number;
  /** resvg loads the font files into a fresh font database for every PNG: its share of png2x, ms. */
  pngFontDbMs: number;
}

/** Median of a list of timings. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The raw floor: vega-lite compile + vega View + toSVG, nothing of ours. */
export async function floorSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const FRAME = {
  title: 'Synthetic benchmark chart',
  subtitle: 'Made-up values',
  notes: ['A synthetic note long enough to wrap onto a second line when the chart is narrow, as real notes do.'],
  source: 'Synthetic data',
  meta: 'Release: synthetic · Baseline: none · port-emissions 0.1.0',
};

async function timed<T>(run: () => Promise<T> | T): Promise<[number, T]> {
  const start = performance.now();
  const value = await run();
  return [performance.now() - start, value];
}

/**
 * Times `rounds` rounds over `specs` (see the module comment) and returns median figures per chart.
 * Leaves our font metrics installed in vega, as renderSvg would.
 */
export async function benchRender(specs: readonly TopLevelSpec[], rounds: number): Promise<RenderBenchFigures> {
  const [fontParseMs] = await timed(() => textWidth('x', 10));
  const floor: number[] = [];
  const floorFont: number[] = [];
  const ours: number[] = [];
  const png: number[] = [];

  const round = async (record: boolean): Promise<void> => {
    for (const [i, spec] of specs.entries()) {
      uninstallVegaTextMetrics();
      const [f] = await timed(() => floorSvg(spec));
      installVegaTextMetrics();
      const [ff] = await timed(() => floorSvg(spec));
      const [r, framed] = await timed(async () =>
        frameSvg(await renderSvg(spec, { idPrefix: `bench-${i}` }), FRAME, { idPrefix: `bench-${i}` }),
      );
      const [p] = await timed(() => svgToPng(framed, { scale: 2 }));
      if (record) {
        floor.push(f);
        floorFont.push(ff);
        ours.push(r);
        png.push(p);
      }
    }
  };
  for (let w = 0; w < 3; w++) await round(false);
  for (let r = 0; r < rounds; r++) await round(true);

  // resvg cannot share a font database between renders: time a blank render with and without the fonts.
  const blank = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>';
  const fontDb: number[] = [];
  const withFontFiles = { loadSystemFonts: false, fontFiles: fontFiles(), defaultFontFamily: FONT_FAMILY };
  for (let r = 0; r < Math.max(rounds, 10); r++) {
    const [withFonts] = await timed(() => new Resvg(blank, { font: withFontFiles, fitTo: { mode: 'zoom', value: 2 } }).render());
    const [without] = await timed(() => new Resvg(blank, { font: { loadSystemFonts: false }, fitTo: { mode: 'zoom', value: 2 } }).render());
    fontDb.push(withFonts - without);
  }

  const floorMs = median(floor);
  const floorWithFontMs = median(floorFont);
  const renderAndFrameMs = median(ours);
  return {
    charts: specs.length,
    rounds,
    fontParseMs,
    floorMs,
    floorWithFontMs,
    renderAndFrameMs,
    png2xMs: median(png),
    overheadVsFloorPct: ((renderAndFrameMs - floorMs) / floorMs) * 100,
    overheadVsFontFloorPct: ((renderAndFrameMs - floorWithFontMs) / floorWithFontMs) * 100,
    pngFontDbMs: median(fontDb),
  };
}

/** The synthetic specs the benchmark uses when run directly. */
export function benchSpecs(): TopLevelSpec[] {
  return [
    syntheticBarSpec(),
    syntheticDefsSpec(),
    syntheticLabelSpec(['Harbor craft (synthetic)', 'Ocean-going vessels (synthetic)', 'Cargo handling equipment (synthetic)', 'Rail (synthetic)', 'Heavy-duty vehicles (synthetic)']),
  ];
}

/** A small text table of the figures. */
export function formatRenderBench(f: RenderBenchFigures): string {
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  const rows: [string, string][] = [
    ['charts x rounds', `${f.charts} x ${f.rounds} (median per chart)`],
    ['font parse (once)', ms(f.fontParseMs)],
    ['floor: vega-lite compile + View + toSVG', ms(f.floorMs)],
    ['floor with bundled-font metrics', ms(f.floorWithFontMs)],
    ['renderSvg + frameSvg', ms(f.renderAndFrameMs)],
    ['  overhead vs floor', `${f.overheadVsFloorPct.toFixed(1)} %`],
    ['  overhead vs floor with metrics', `${f.overheadVsFontFloorPct.toFixed(1)} %`],
    ['svgToPng 2x', ms(f.png2xMs)],
    ['  of which resvg font database', ms(f.pngFontDbMs)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rounds = Number(process.argv[2] ?? 30);
  const figures = await benchRender(benchSpecs(), rounds);
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`render benchmark: node ${process.version}, ${cpus().length} x ${cpu}, font ${FONT_FAMILY}`);
  console.log(formatRenderBench(figures));
}
