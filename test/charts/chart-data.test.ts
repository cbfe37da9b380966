/**
 * One figure set per chart: for every catalogue chart, and every chart of every shipped report definition,
 * on the embedded dataset, the figures of the Vega-Lite spec, of the deck's editable chart and of the export
 * CSV are the same figures, the ones of the chart data; and what a subtitle says about an encoding comes
 * from the chart data fields that draw it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gapWords } from '../../src/analysis/chart-data/messages.ts';
import { roundTo } from '../../src/charts/common.ts';
import { buildChart, CHART_IDS, CHARTS } from '../../src/charts/catalogue.ts';
import type { BuiltChart, ChartFilters } from '../../src/charts/types.ts';
import { EMBEDDED_DATASET_DIR } from '../../src/cli/common.ts';
import type { Dataset } from '../../src/ingest/dataset.ts';
import { loadDataset } from '../../src/ingest/load.ts';
import { chartBundle, chartRequests, chartSlide } from '../../src/report/board-pack.ts';
import { sidecarRows } from '../../src/report/bundle.ts';
import { parseReportDefinition } from '../../src/report/definition.ts';
import { toCsv } from '../../src/report/tabular.ts';

let dataset: Dataset;
beforeAll(async () => {
  dataset = await loadDataset(EMBEDDED_DATASET_DIR);
});

/** Every number anywhere in a value (spec rows, nested). */
function numbersIn(value: unknown, out: number[] = []): number[] {
  if (typeof value === 'number' && Number.isFinite(value)) out.push(value);
  else if (Array.isArray(value)) for (const item of value) numbersIn(item, out);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) numbersIn(item, out);
  return out;
}

/** The numeric cells of a CSV text (a quoted text cell split at its commas adds only harmless candidates). */
function csvNumbers(csv: string): number[] {
  return csv
    .split(/\r?\n/)
    .slice(1)
    .flatMap((line) => line.split(','))
    .filter((cell) => /^-?\d+(\.\d+)?(e-?\d+)?$/.test(cell))
    .map(Number);
}

/** The charts to check: each catalogue chart with its defaults, then each chart of each shipped report. */
function cases(): { name: string; id: string; filters: ChartFilters }[] {
  const list = CHART_IDS.map((id) => ({ name: `${id} (defaults)`, id, filters: {} }));
  const engine = { chartFilters: (id: string) => CHARTS.find((c) => c.id === id)?.filters ?? [] };
  for (const file of readdirSync('reports').filter((f) => f.endsWith('.json')).sort()) {
    const definition = parseReportDefinition(JSON.parse(readFileSync(join('reports', file), 'utf8')), file);
    for (const request of chartRequests(definition, file, engine)) list.push({ name: `${file}: ${request.key}`, id: request.chartId, filters: request.filters });
  }
  return list;
}

function checkSameFigures(chart: BuiltChart): void {
  const data = chart.chartData!;
  expect(data.chartId).toBe(chart.id);
  // The chart's `gap` (the report's list of gaps, the deck notes, the export sidecar) is its chart data's.
  expect(chart.gap).toBe(data.gaps[0] === undefined ? undefined : gapWords(data.gaps[0]));
  // The table (the export's CSV/XLSX) is the chart data's records: each figure at display precision beside
  // its full precision, named `<column>` and `<column>_full`.
  expect(chart.data.rows.length).toBe(data.records.length);
  for (const column of data.columns.filter((c) => c.decimals !== undefined)) {
    for (const [i, row] of chart.data.rows.entries()) {
      const full = (data.records[i] as Record<string, unknown>)[column.name];
      expect(row[`${column.name}_full`]).toBe(full ?? null);
      if (typeof full === 'number') expect(row[column.name]).toBe(roundTo(full, column.decimals!));
    }
  }
  const native = chart.native;
  if (native === undefined) {
    // No editable chart: the slide shows the picture and says why (or the chart is a notice).
    expect(chart.pictureReason !== undefined || chart.missing !== undefined).toBe(true);
    return;
  }
  const axis = data.measure!.axis;
  const round = (value: number) => roundTo(value, axis.decimals);
  const fields = [data.measure!.field, ...(data.measure!.alsoPlotted ?? [])];
  const fromRecords = new Set(
    data.records
      .flatMap((r) => fields.map((f) => (r as Record<string, unknown>)[f]))
      .filter((v): v is number => typeof v === 'number')
      .map((v) => round(v * axis.factor)),
  );
  const fromCsv = new Set(csvNumbers(toCsv(chart.data.rows, chart.data.columns)).map((v) => round(v * axis.factor)));
  const fromSpec = new Set(numbersIn((chart.spec as { data?: unknown }).data).map(round));
  const references = new Set(data.references.map((r) => round(r.value)));
  for (const series of native.series) {
    for (const value of series.values) {
      if (value === null) continue;
      if (series.reference === true) {
        expect(references.has(round(value)), `${series.name}: ${value} is a reference line of the chart data`).toBe(true);
        continue;
      }
      expect(fromRecords.has(round(value)), `${series.name}: ${value} is a figure of the chart data`).toBe(true);
      expect(fromCsv.has(round(value)), `${series.name}: ${value} is in the export CSV`).toBe(true);
      expect(fromSpec.has(round(value)), `${series.name}: ${value} is in the spec's data`).toBe(true);
    }
  }
}

describe('one figure set per chart', () => {
  for (const c of cases()) {
    it(`${c.name}: the spec, the deck chart and the export CSV show the chart data's figures`, () => {
      checkSameFigures(buildChart(c.id, dataset, c.filters));
    });
  }

  it('draws time on a time axis in the deck: years spaced by value wherever the deck chart has years', () => {
    for (const c of cases()) {
      const native = buildChart(c.id, dataset, c.filters).native;
      if (native === undefined || native.type !== 'line') continue;
      throw new Error(`${c.name}: a line chart over categories spaces its years evenly`);
    }
    const ogv = buildChart('ogv-2030', dataset, {}).native!;
    expect(ogv.type).toBe('scatter');
    expect(ogv.xValues).toEqual([...ogv.xValues!].sort((a, b) => a - b));
  });
});

describe('claims about encodings come from the chart data', () => {
  it('emissions says "stacked" exactly when the chart data stacks categories', () => {
    for (const filters of [{}, { category: 'all' }, { pollutant: 'NOx' }]) {
      const chart = buildChart('emissions', dataset, filters);
      const data = chart.chartData as unknown as { categories: string[] };
      expect(chart.frame.subtitle.includes('stacked')).toBe(data.categories.some((c) => c !== 'all'));
    }
  });

  it('reconciliation names the colours of the statuses drawn, and only those', () => {
    const chart = buildChart('reconciliation', dataset, {});
    const statuses = (chart.chartData as unknown as { statuses: string[] }).statuses;
    expect(chart.frame.subtitle.includes('green')).toBe(statuses.includes('agrees'));
    expect(chart.frame.subtitle.includes('vermillion')).toBe(statuses.includes('differs'));
  });

  it('reductions: the deck draws the targets of its pollutant, in the picture port colours, on an axis saying "% below"', () => {
    const chart = buildChart('reductions', dataset, { pollutant: 'DPM' });
    const data = chart.chartData!;
    const native = chart.native!;
    expect(native.series.filter((s) => s.reference === true).map((s) => s.name)).toEqual(data.references.map((r) => r.label));
    expect(native.yAxisTitle).toMatch(/^% below /);
    expect(native.yMax).toBeLessThanOrEqual(100);
    const spec = JSON.stringify(chart.spec).toLowerCase();
    for (const series of native.series.filter((s) => s.reference !== true)) expect(spec).toContain(`"#${series.color!.toLowerCase()}"`);
  });

  it('the export says which release each figure set comes from and why, and the published figures\' releases', async () => {
    const chart = buildChart('reductions', dataset, { pollutant: 'DPM' });
    const { sidecar } = await chartBundle(chart, '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>', dataset, new Set(['csv'] as const));
    expect(sidecar.releases).toEqual(chart.chartData!.releases);
    expect(chart.chartData!.releases.length).toBeGreaterThan(0);
    expect(sidecar.publishedReleases).toEqual(chart.chartData!.publishedReleases);
    // The XLSX "About" sheet: one row per release with its reason.
    const rows = sidecarRows(sidecar).filter((r) => r.field === 'releases');
    expect(rows.map((r) => r.value)).toEqual(chart.chartData!.releases.map((r) => `${r.release} — ${r.label} — ${r.why}`));
  });

  it('the slide keeps which series are reference lines (the deck draws them dashed)', async () => {
    const chart = buildChart('reductions', dataset, { pollutant: 'DPM' });
    const slide = await chartSlide({ built: chart, svg: '' }, dataset, () => {
      throw new Error('an editable chart needs no picture');
    });
    expect(slide.native!.series.map((s) => s.reference === true)).toEqual(chart.native!.series.map((s) => s.reference === true));
    expect(slide.native!.series.some((s) => s.reference === true)).toBe(true);
  });

  it('throughput: the deck marks a partial year as the picture does, and uses the picture where bars are rounded or derived', () => {
    const all = buildChart('throughput', dataset, {});
    expect(all.chartData!.records.some((r) => ['rounded', 'derived'].includes((r as { precision: string }).precision))).toBe(true);
    expect(all.native).toBeUndefined();
    expect(all.pictureReason).toMatch(/rounded and derived/);
    const exact = buildChart('throughput', dataset, { port: 'POLA', from: 2018 });
    const records = exact.chartData!.records as { precision: string }[];
    expect(records.every((r) => r.precision === 'exact' || r.precision === 'partial_year')).toBe(true);
    for (const year of exact.chartData!.partialYears) expect(exact.native!.categories).toContain(`${year} (partial year)`);
    expect(exact.chartData!.partialYears.length).toBeGreaterThan(0);
    expect(exact.native!.numberFormat).toBe('#,##0.0');
    expect(exact.native!.yAxisTitle).toBe('million TEU');
  });
});

describe('chart data at the stage boundary', () => {
  it('refuses a figure that is not a finite number, and a column no record has', async () => {
    const { checkRecords } = await import('../../src/analysis/chart-data/common.ts');
    const column = { name: 'pct_change', description: 'synthetic', unit: '%', decimals: 1 };
    expect(() => checkRecords('synthetic', [column], [{ pct_change: Number.NaN }])).toThrow(
      'chart data synthetic: record 0 holds NaN in the figure column pct_change; a finite number or null was expected',
    );
    expect(() => checkRecords('synthetic', [column], [{ pct_chang: 1 }])).toThrow('chart data synthetic: no record has the column(s) pct_change');
    expect(() => checkRecords('synthetic', [column], [{ pct_change: null }, { pct_change: -79.2 }])).not.toThrow();
  });
});
