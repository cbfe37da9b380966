/**
 * Chart benchmark (figures only, nothing asserted): every chart of the catalogue, built from the embedded
 * San Pedro Bay dataset (real data; only the time is measured here), timed round by round and interleaved:
 *   floor          vega-lite compile + vega View + toSVG of the chart's own spec, vega's defaults
 *   floor+metrics  the same with the bundled-font metrics installed in vega
 *   SVG            renderChart: renderSvg (fonts forced, ids prefixed) + frame (title, notes, sources, meta)
 *   PNG            chartPng of that SVG at scale 2 (resvg)
 * Medians per chart. Also the render helper's own micro-benchmark (test/bench/render-bench.ts) on the same
 * specs, for the one-off font parse and resvg's per-PNG font database, and a count of the font files read.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { floorSvg, median } from './render-bench.ts';
import { fileURLToPath } from 'node:url';

export interface ChartTiming {
  id: string;
  buildMs: number;
  floorMs: number;
  floorMetricsMs: number;
  svgMs: number;
  pngMs: number;
  notice: boolean;
}

export interface ChartsBenchFigures {
  dataset: string;
  rounds: number;
  charts: ChartTiming[];
  totals: { floorMs: number; floorMetricsMs: number; svgMs: number; pngMs: number };
  overheadVsFloorPct: number;
  overheadVsMetricsFloorPct: number;
  /** TTF files read by this process while every chart was laid out and drawn (layout metrics). */
  fontFileReads: { file: string; count: number }[];
  renderBench: Awaited<ReturnType<typeof import('./render-bench.ts').benchRender>>;
}

/** Counts reads of .ttf files through fs.readFileSync (ES module imports see the patched function). */
function countFontReads(): Map<string, number> {
  const counts = new Map<string, number>();
  const original = fs.readFileSync;
  fs.readFileSync = function (this: unknown, ...args: Parameters<typeof fs.readFileSync>) {
    const path = String(args[0]);
    if (path.endsWith('.ttf')) counts.set(path, (counts.get(path) ?? 0) + 1);
    return original.apply(this, args);
  } as typeof fs.readFileSync;
  syncBuiltinESMExports();
  return counts;
}

/** Times every catalogue chart on the embedded dataset; `rounds` measured after two warm-up rounds. */
export async function benchCharts(options: { rounds: number; log: (line: string) => void }): Promise<ChartsBenchFigures> {
  const reads = countFontReads();
  // Imported after the counter is installed, so that no font file is read unseen.
  const { loadDataset } = await import('../../src/ingest/load.ts');
  const { CHARTS, buildChart } = await import('../../src/charts/catalogue.ts');
  const { renderChart, chartPng } = await import('../../src/charts/render-chart.ts');
  const { installVegaTextMetrics, uninstallVegaTextMetrics } = await import('../../src/render/index.ts');
  const { benchRender } = await import('./render-bench.ts');

  const dir = fileURLToPath(new URL('../../datasets/san-pedro-bay/', import.meta.url));
  const dataset = await loadDataset(dir);
  const built = CHARTS.map((chart) => {
    const start = performance.now();
    const result = buildChart(chart.id, dataset);
    return { chart: result, buildMs: performance.now() - start };
  });
  const drawn = built.filter((b) => b.chart.missing === undefined);
  options.log(`  ${built.length} charts on ${dataset.name}; render-bench.ts on their specs`);
  const renderBench = await benchRender(
    drawn.map((b) => b.chart.spec),
    Math.max(2, Math.round(options.rounds / 3)),
  );

  const samples = new Map<string, { floor: number[]; floorMetrics: number[]; svg: number[]; png: number[] }>();
  for (let round = -2; round < options.rounds; round++) {
    for (const { chart } of built) {
      let floor = 0;
      let floorMetrics = 0;
      if (chart.missing === undefined) {
        uninstallVegaTextMetrics();
        let start = performance.now();
        await floorSvg(chart.spec);
        floor = performance.now() - start;
        installVegaTextMetrics();
        start = performance.now();
        await floorSvg(chart.spec);
        floorMetrics = performance.now() - start;
      }
      let start = performance.now();
      const { svg } = await renderChart(chart, dataset);
      const svgMs = performance.now() - start;
      start = performance.now();
      await chartPng(svg, 2);
      const pngMs = performance.now() - start;
      if (round < 0) continue;
      const s = samples.get(chart.id) ?? { floor: [], floorMetrics: [], svg: [], png: [] };
      s.floor.push(floor);
      s.floorMetrics.push(floorMetrics);
      s.svg.push(svgMs);
      s.png.push(pngMs);
      samples.set(chart.id, s);
    }
    if (round >= 0) options.log(`  round ${round + 1}/${options.rounds}`);
  }

  const charts: ChartTiming[] = built.map(({ chart, buildMs }) => {
    const s = samples.get(chart.id)!;
    return { id: chart.id, buildMs, floorMs: median(s.floor), floorMetricsMs: median(s.floorMetrics), svgMs: median(s.svg), pngMs: median(s.png), notice: chart.missing !== undefined };
  });
  const drawnTimings = charts.filter((c) => !c.notice);
  const sum = (key: keyof Omit<ChartTiming, 'id' | 'notice'>) => drawnTimings.reduce((acc, c) => acc + c[key], 0);
  const totals = { floorMs: sum('floorMs'), floorMetricsMs: sum('floorMetricsMs'), svgMs: sum('svgMs'), pngMs: sum('pngMs') };
  return {
    dataset: dataset.name,
    rounds: options.rounds,
    charts,
    totals,
    overheadVsFloorPct: ((totals.svgMs - totals.floorMs) / totals.floorMs) * 100,
    overheadVsMetricsFloorPct: ((totals.svgMs - totals.floorMetricsMs) / totals.floorMetricsMs) * 100,
    fontFileReads: [...reads].map(([file, count]) => ({ file: file.split('/').pop()!, count })),
    renderBench,
  };
}

/** A text table of the figures. */
export function formatChartsBench(f: ChartsBenchFigures): string {
  const ms = (v: number) => v.toFixed(1);
  const header = ['chart', 'build', 'floor', 'floor+metrics', 'SVG', 'SVG vs floor', 'PNG 2x'];
  const rows = f.charts.map((c) =>
    c.notice
      ? [c.id, ms(c.buildMs), '-', '-', ms(c.svgMs), 'notice', ms(c.pngMs)]
      : [c.id, ms(c.buildMs), ms(c.floorMs), ms(c.floorMetricsMs), ms(c.svgMs), `${(((c.svgMs - c.floorMs) / c.floorMs) * 100).toFixed(0)} %`, ms(c.pngMs)],
  );
  rows.push(['all drawn charts', '', ms(f.totals.floorMs), ms(f.totals.floorMetricsMs), ms(f.totals.svgMs), `${f.overheadVsFloorPct.toFixed(1)} %`, ms(f.totals.pngMs)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const rb = f.renderBench;
  return [
    `median ms per chart over ${f.rounds} rounds, dataset ${f.dataset} (build = analysis + spec, once)`,
    line(header),
    ...rows.map(line),
    '',
    `frame + determinism overhead over the raw floor: ${f.overheadVsFloorPct.toFixed(1)} % (target < 20 %); over the floor with our font metrics: ${f.overheadVsMetricsFloorPct.toFixed(1)} %`,
    `fonts: ${f.fontFileReads.map((r) => `${r.file} read ${r.count}x`).join(', ') || 'no TTF read by this process (already cached)'} for all layout; parse once ${rb.fontParseMs.toFixed(1)} ms; resvg font database per PNG ${rb.pngFontDbMs.toFixed(2)} ms`,
    `render-bench.ts on the same specs (its own frame): floor ${ms(rb.floorMs)}, floor+metrics ${ms(rb.floorWithFontMs)}, renderSvg+frameSvg ${ms(rb.renderAndFrameMs)} (${rb.overheadVsFloorPct.toFixed(1)} % over floor), PNG 2x ${ms(rb.png2xMs)} ms median per chart`,
  ].join('\n');
}
