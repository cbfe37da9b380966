/**
 * Honest comparisons (issue 11, item 5): where the source categories do not make up the published total, the
 * remainder is drawn as its own "not broken down" part up to the total, shares are of the published total,
 * partial sums are marked as such, and years sit on a time axis by value. The dataset of the first tests is
 * SYNTHETIC (test/charts/synthetic.ts, extended here in code): Port B publishes a port total beside its three
 * categories in each year, larger than their sum. The titles are checked on the embedded dataset.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { EmissionsChartData } from '../../src/analysis/chart-data/emissions.ts';
import type { CategoryChartData } from '../../src/analysis/chart-data/categories.ts';
import { buildChart } from '../../src/charts/catalogue.ts';
import { EMBEDDED_DATASET_DIR } from '../../src/cli/common.ts';
import type { Dataset } from '../../src/ingest/dataset.ts';
import { loadDataset } from '../../src/ingest/load.ts';
import { toCsv } from '../../src/report/tabular.ts';
import { layersOf, rowsOf } from './spec-helpers.ts';
import { chartDataset } from './synthetic.ts';

/** Synthetic: Port B's published totals, 1250 t in 2005 and 400 t in 2010, against categories of 1000 t and 300 t. */
const TOTALS = { 2005: 1250, 2010: 400 } as const;

function withTotals(): Dataset {
  return chartDataset((records) => {
    const category = records.emissions.find((e) => e.port === 'POLB' && e.pollutant === 'DPM' && e.source_category !== 'all')!;
    for (const [year, value] of Object.entries(TOTALS)) records.emissions.push({ ...category, year: Number(year), source_category: 'all', value });
  });
}

describe('categories that do not make up the published total (synthetic dataset)', () => {
  const dataset = withTotals();

  it('emissions: draws the remainder, total minus the categories, as its own "not broken down" part up to the total', () => {
    const chart = buildChart('emissions', dataset, { port: 'POLB' });
    const parts = rowsOf(chart).filter((r) => r.layer === 'stack');
    for (const [year, total] of Object.entries(TOTALS)) {
      const own = parts.filter((r) => r.year === Number(year));
      const rest = own.find((r) => r.category === 'not broken down');
      expect(rest).toMatchObject({ tons: total - (year === '2005' ? 1000 : 300), mark: 'derived' });
      // The bar reaches the published total, no more.
      expect(own.reduce((t, r) => t + (r.tons as number), 0)).toBe(total);
    }
    expect(rowsOf(chart).filter((r) => r.layer === 'label').map((r) => r.text)).toEqual(['total 1,250', 'total 400']);
    // 2005 and 2010 are not consecutive: a deck bar chart would space them evenly, so the slide shows the picture.
    expect(chart.native).toBeUndefined();
    expect(chart.pictureReason).toMatch(/not consecutive/);
    // One year: the deck's editable chart has the same part, as its own grey series.
    const one = buildChart('emissions', dataset, { port: 'POLB', from: 2010, to: 2010 });
    expect(one.native?.series.map((s) => [s.name, s.values])).toEqual([
      ['Ocean-going vessels', [240]],
      ['Cargo-handling equipment', [30]],
      ['Heavy-duty vehicles', [30]],
      ['not broken down', [100]],
    ]);
    // The export carries it, marked derived.
    const csv = toCsv(chart.data.rows, chart.data.columns);
    expect(csv).toContain('not_broken_down');
    const data = chart.chartData as EmissionsChartData;
    expect(data.records.filter((r) => r.role === 'remainder').map((r) => [r.year, r.tons, r.mark])).toEqual([
      [2005, 250, 'derived'],
      [2010, 100, 'derived'],
    ]);
  });

  it('category-shares: shares are of the published total and add up to 100 with the remainder', () => {
    const chart = buildChart('category-shares', dataset, { port: 'POLB' });
    const data = chart.chartData as CategoryChartData;
    expect(data.shareBasis).toBe('published_total');
    for (const [year, total] of Object.entries(TOTALS)) {
      const own = data.records.filter((r) => r.year === Number(year));
      expect(own.every((r) => r.total === total)).toBe(true);
      expect(own.find((r) => r.role === 'remainder')).toMatchObject({ source_category: 'not_broken_down', value: total - (year === '2005' ? 1000 : 300), mark: 'derived' });
      expect(own.reduce((t, r) => t + r.share_pct!, 0)).toBeCloseTo(100, 9);
    }
    // 2010: ocean-going vessels 240 of the published 400 t = 60% (not 80% of the 300 t the categories sum to).
    expect(rowsOf(chart).find((r) => r.bar === 'Port B (synthetic) 2010' && r.category === 'Ocean-going vessels')).toMatchObject({ share_pct: 60 });
    expect(rowsOf(chart).find((r) => r.bar === 'Port B (synthetic) 2010' && r.category === 'not broken down')).toMatchObject({ share_pct: 25 });
    expect(chart.frame.subtitle).toContain('as % of the published port total (grey: not broken down by category)');
    expect(chart.frame.title).toBe('Ocean-going vessels: 60% of Port B (synthetic) DPM, 2010');
    expect(chart.native?.series.find((s) => s.name === 'not broken down')?.values).toEqual([20, 25]);
  });

  it('emissions: years sit on a time axis by value (quantitative x, bars of a fixed width)', () => {
    const chart = buildChart('emissions', dataset, {});
    for (const layer of layersOf(chart)) {
      const x = (layer.encoding as { x: { type: string; field: string } }).x;
      expect(x).toMatchObject({ field: 'year', type: 'quantitative' });
    }
    const bars = layersOf(chart).filter((l) => (l.mark as { type: string }).type === 'bar');
    expect(bars.every((l) => typeof (l.mark as { width?: unknown }).width === 'number')).toBe(true);
  });
});

describe('titles state the finding (embedded dataset)', () => {
  let dataset: Dataset;
  beforeAll(async () => {
    dataset = await loadDataset(EMBEDDED_DATASET_DIR);
  });

  it('says what the data supports, never calling a sum of categories the port total', () => {
    expect(buildChart('emissions', dataset, {}).frame.title).toBe('Port of Los Angeles DPM fell 79% from 2005 to 2012');
    expect(buildChart('emissions', dataset, { port: 'POLB' }).frame.title).toBe('Port of Long Beach DPM fell 91% from 2005 to 2018 across the 3 categories reported');
    expect(buildChart('category-shares', dataset, {}).frame.title).toBe('Ocean-going vessels: 86% of the 3 reported categories of Port of Long Beach DPM, 2018');
    expect(buildChart('category-dumbbell', dataset, {}).frame.title).toBe('Port of Long Beach DPM fell 90-97% from 2005 to 2018 in each of the 3 categories reported');
  });

  it('marks the Long Beach bars without a published total as partial sums in the picture, the deck and the export', () => {
    const chart = buildChart('emissions', dataset, {});
    const marked = (chart.chartData as EmissionsChartData).records.filter((r) => r.mark === 'partial sum');
    expect(marked.map((r) => [r.port, r.year])).toEqual([
      ['POLB', 2018],
      ['POLB', 2018],
      ['POLB', 2018],
    ]);
    expect(rowsOf(chart).filter((r) => r.layer === 'label' && String(r.text).includes('(partial sum)')).map((r) => r.year)).toEqual([2018]);
    expect(chart.data.rows.filter((r) => r.mark === 'partial sum').length).toBe(3);
    const shares = buildChart('category-shares', dataset, {});
    expect(shares.native?.categories).toEqual(['Port of Long Beach 2005 (partial sum)', 'Port of Long Beach 2018 (partial sum)']);
  });
});
