/**
 * Golden SVGs of every chart on the embedded San Pedro Bay dataset (test/golden/charts/<id>.svg): a changed
 * picture is a reviewed change. See test/helpers/golden.ts for how a mismatch is reported.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildChart, CHART_IDS } from '../../src/charts/catalogue.ts';
import { renderChart } from '../../src/charts/render-chart.ts';
import { EMBEDDED_DATASET_DIR } from '../../src/cli/common.ts';
import type { Dataset } from '../../src/ingest/dataset.ts';
import { loadDataset } from '../../src/ingest/load.ts';
import { svgToRaster } from '../../src/render/png.ts';
import { expectGolden } from '../helpers/golden.ts';

let dataset: Dataset;

beforeAll(async () => {
  dataset = await loadDataset(EMBEDDED_DATASET_DIR);
});

describe('charts on the embedded dataset', () => {
  for (const id of CHART_IDS) {
    it(`${id} matches its golden SVG`, async () => {
      const chart = buildChart(id, dataset, {});
      // The embedded data fills every chart (partly, where `gap` says so).
      expect(chart.missing).toBeUndefined();
      const { svg, warnings } = await renderChart(chart, dataset);
      expect(warnings).toEqual([]);
      expectGolden(id, svg, 'test/golden/charts');
    });
  }

  it('draws nothing outside the vega viewport, so the frame need not clip it (clipped and unclipped PNGs agree)', async () => {
    for (const id of CHART_IDS) {
      const { svg } = await renderChart(buildChart(id, dataset, {}), dataset);
      expect(svg).toContain(' overflow="visible" ');
      const clipped = svg.replace(' overflow="visible" ', ' overflow="hidden" ');
      const [a, b] = [svgToRaster(svg, { scale: 1 }), svgToRaster(clipped, { scale: 1 })];
      let differing = 0;
      for (let i = 0; i < a.pixels.length; i += 4) if (a.pixels.readUInt32BE(i) !== b.pixels.readUInt32BE(i)) differing++;
      // at most the anti-aliased half pixel of a stroke on the viewport's edge
      expect({ id, differing: differing < 100 }).toEqual({ id, differing: true });
    }
  });

  it('says the headline figures as published', () => {
    const reductions = buildChart('reductions', dataset, {});
    expect(reductions.narrative).toContain('Port of Los Angeles DPM was 90% below the 2005 baseline in 2024 (published)');
    expect(reductions.narrative).toContain('The 2023 San Pedro Bay Standards target of 77% has been met since 2012 by both ports.');
    const ogv = buildChart('ogv-2030', dataset, {});
    expect(ogv.narrative).toContain('32.6 tons per day of NOx');
    const timeline = buildChart('coop-timeline', dataset, {});
    expect(timeline.narrative).toContain('Phase 1 (Cargo-handling equipment and Heavy-duty vehicles (trucks)) by 31 Dec 2027');
  });
});
