/**
 * The key figures a report and deck open with, on SYNTHETIC datasets (test/helpers/synthetic-dataset.ts:
 * made-up values shaped like the San Pedro Bay data; POLA DPM 891 t in 2005 and 185 t in 2012).
 */
import { describe, expect, it } from 'vitest';
import { PortEmissionsError, formatIssue } from '../../src/errors.ts';
import { renderReportHtml, type ReportPage } from '../../src/report/html.ts';
import { deckKeyFigures, keyFigures, reportKeyFigures, type ReportKeyFigure } from '../../src/report/key-figures.ts';
import { buildChart } from '../../src/charts/catalogue.ts';
import type { ChartFilters } from '../../src/charts/types.ts';
import type { Dataset } from '../../src/ingest/dataset.ts';
import { em, regional, sanPedroLike, syntheticDataset, target } from '../helpers/synthetic-dataset.ts';

/** The charts a report built, as the report passes them: each chart's id and its built chart (its chart data). */
function built(dataset: Dataset, ...charts: (string | [string, ChartFilters])[]) {
  return charts.map((chart) => {
    const [chartId, filters] = typeof chart === 'string' ? [chart, {}] : chart;
    return { chartId, built: buildChart(chartId, dataset, filters) };
  });
}

describe('keyFigures chosen from the data', () => {
  it("takes each port's latest reduction against the baseline, newest port first, the figures a reader can check by hand", () => {
    const { figures, missing } = keyFigures(sanPedroLike(), { charts: built(sanPedroLike(), 'reductions') });
    expect(missing).toEqual([]);
    // POLA DPM 185 t in 2012 against 891 t in 2005: -79.2%; POLB 200 t against 1000 t: -80%.
    expect(figures.map((f) => [f.port, f.pollutant, f.year, f.value, f.label, f.note])).toEqual([
      ['POLA', 'DPM', 2012, '\u221279%', 'Diesel particulate matter (DPM) below the 2005 baseline', 'computed from the published tonnages'],
      ['POLB', 'DPM', 2012, '\u221280%', 'Diesel particulate matter (DPM) below the 2005 baseline', 'computed from the published tonnages'],
    ]);
    expect(figures[0]!.pct).toBeCloseTo(((185 - 891) / 891) * 100, 6);
    expect(figures[0]).toMatchObject({ portLabel: 'Port of Los Angeles (synthetic)', baseline: '2005 baseline', sourceRefs: ['SYNTHETIC_TEST'], chartId: 'reductions' });
  });

  it('adds a target met by every port it applies to, when the report shows the targets chart', () => {
    const dataset = sanPedroLike({ targets: [target('SYN_DPM_2012', ['SPB'], 'DPM', 2012, 70)] });
    const { figures } = keyFigures(dataset, { charts: built(dataset, 'reductions', 'targets') });
    expect(figures).toHaveLength(3);
    expect(figures[2]).toMatchObject({
      kind: 'target',
      value: '70%',
      label: 'Diesel particulate matter target for 2012, below the 2005 baseline: met',
      portLabel: 'Port of Los Angeles (synthetic) and Port of Long Beach (synthetic)',
      chartId: 'targets',
    });
    // A target not yet met is no key figure.
    const unmet = sanPedroLike({ targets: [target('SYN_DPM_2012', ['SPB'], 'DPM', 2012, 95)] });
    expect(keyFigures(unmet, { charts: built(unmet, 'reductions', 'targets') }).figures.map((f) => f.kind)).toEqual(['reduction', 'reduction']);
  });

  it('adds the newest published share the regional chart shows (percent, with a pollutant)', () => {
    // SYNTHETIC: ships' NOx in a basin, projected for 2030, and the shares said of them.
    const dataset = sanPedroLike({
      regional: [
        regional('Synthetic basin ocean-going vessels', 2030, 'NOx', 40, 'tons_per_day'),
        regional('Synthetic basin ocean-going vessels', 2018, 'share of mobile-source NOx', 15, 'percent', { basis: 'share' }),
        regional('Synthetic basin ocean-going vessels', 2030, 'share of mobile-source NOx (projected)', 20, 'percent', { basis: 'share', qualifier: 'approximate' }),
        regional('Synthetic other basin', 2035, 'share of mobile-source NOx', 30, 'percent', { basis: 'share' }),
      ],
    });
    const charts = built(dataset, 'reductions', 'ogv-2030');
    const { figures } = keyFigures(dataset, { charts });
    expect(figures.map((f) => f.kind)).toEqual(['reduction', 'reduction', 'share']);
    expect(figures[2]).toMatchObject({ value: '20%', label: 'Share of mobile-source NOx (projected)', portLabel: 'Synthetic basin ocean-going vessels', year: 2030, note: 'published share, approximate' });
    // The figure is one the chart shows: the other basin's newer share is not in it, so it is no key figure.
    expect(charts[1]!.built.chartData!.records).toContainEqual(expect.objectContaining({ region: 'Synthetic basin ocean-going vessels', year: 2030, value: 20 }));
    expect(charts[1]!.built.chartData!.records).not.toContainEqual(expect.objectContaining({ region: 'Synthetic other basin' }));
  });

  it('without the reductions chart, takes the largest cuts by source category from the category chart', () => {
    // SYNTHETIC Long Beach categories: ships 500 -> 100 t (-80%), harbor craft 100 -> 40 t (-60%), trucks 50 -> 45 t (-10%), locomotives 20 -> 19 t (-5%).
    const cat = (source_category: string, year: number, value: number) => em('POLB', year, 'DPM', value, { source_category });
    const dataset = syntheticDataset({
      emissions: [
        cat('ocean_going_vessels', 2005, 500), cat('ocean_going_vessels', 2012, 100),
        cat('harbor_craft', 2005, 100), cat('harbor_craft', 2012, 40),
        cat('heavy_duty_vehicles', 2005, 50), cat('heavy_duty_vehicles', 2012, 45),
        cat('locomotives', 2005, 20), cat('locomotives', 2012, 19),
      ],
    });
    const { figures } = keyFigures(dataset, { charts: built(dataset, 'category-dumbbell') });
    expect(figures.map((f) => [f.kind, f.value, f.label, f.year, f.chartId])).toEqual([
      ['category', '\u221280%', 'Ocean-going vessels: DPM below the 2005 baseline', 2012, 'category-dumbbell'],
      ['category', '\u221260%', 'Harbor craft: DPM below the 2005 baseline', 2012, 'category-dumbbell'],
      ['category', '\u221210%', 'Heavy-duty vehicles: DPM below the 2005 baseline', 2012, 'category-dumbbell'],
    ]);
    // With the reductions chart in the report, its figures lead instead.
    expect(keyFigures(sanPedroLike(), { charts: built(sanPedroLike(), 'reductions', 'category-dumbbell') }).figures.map((f) => f.kind)).toEqual(['reduction', 'reduction']);
  });

  it('are read from the chart data the report built, never computed again from the dataset', () => {
    const dataset = sanPedroLike();
    const [chart] = built(dataset, 'reductions');
    const data = chart!.built.chartData!;
    // Every figure is a point the chart plots, at the same full precision.
    for (const figure of keyFigures(dataset, { charts: [chart!] }).figures) {
      expect(data.records).toContainEqual(expect.objectContaining({ port: figure.port, pollutant: figure.pollutant, year: figure.year, pct_change: figure.pct }));
    }
    // A chart whose data says otherwise gives other figures: the key figures follow the chart.
    const halved = { ...data, records: data.records.map((record) => ({ ...record, pct_change: -50 })) };
    expect(keyFigures(dataset, { charts: [{ chartId: 'reductions', built: { chartData: halved } }] }).figures.map((f) => f.value)).toEqual(['\u221250%', '\u221250%']);
    // A chart built without chart data (a synthetic engine's) gives no figure.
    expect(keyFigures(dataset, { charts: [{ chartId: 'reductions', built: {} }] }).figures).toEqual([]);
  });

  it('chooses nothing from a chart the report does not show', () => {
    expect(keyFigures(sanPedroLike(), { charts: built(sanPedroLike(), 'throughput') }).figures).toEqual([]);
  });

  it("follows the reductions chart's filters (its port, its years)", () => {
    const { figures } = keyFigures(sanPedroLike(), { charts: built(sanPedroLike(), ['reductions', { port: 'POLB', to: 2010 }]) });
    expect(figures.map((f) => [f.port, f.year, f.value])).toEqual([['POLB', 2007, '\u221220%']]);
  });
});

describe('keyFigures listed in the definition', () => {
  it('shows the ones named, in their order', () => {
    const requested = [
      { kind: 'reduction' as const, port: 'POLB', pollutant: 'DPM', year: 2007 },
      { kind: 'reduction' as const, port: 'POLA', pollutant: 'DPM' },
    ];
    const { figures } = keyFigures(sanPedroLike(), { charts: [], requested });
    expect(figures.map((f) => [f.port, f.year, f.value])).toEqual([
      ['POLB', 2007, '\u221220%'],
      ['POLA', 2012, '\u221279%'],
    ]);
  });

  it('refuses a figure the data cannot give, naming its place in the definition', () => {
    const requested = [
      { kind: 'reduction' as const, port: 'POLA', pollutant: 'DPM' },
      { kind: 'reduction' as const, port: 'POLA', pollutant: 'NOx' },
      { kind: 'target' as const, target: 'NO_SUCH_TARGET' },
    ];
    let error: unknown;
    try {
      reportKeyFigures(sanPedroLike(), [], requested, 'reports/x.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PortEmissionsError);
    expect((error as PortEmissionsError).details.map(formatIssue)).toEqual([
      'reports/x.json:keyFigures[1]: no NOx reduction of POLA against CAAP_2005',
      'reports/x.json:keyFigures[2]: target NO_SUCH_TARGET is not met by any port in the data',
    ]);
  });
});

describe('key figures on the page and the slide', () => {
  const figures: ReportKeyFigure[] = reportKeyFigures(sanPedroLike(), built(sanPedroLike(), 'reductions').map((chart) => ({ ...chart, key: 'reductions', number: 1 })), undefined, 'x');

  it('open the report: values in large type, linked to their figure and source, escaped', () => {
    const page: ReportPage = {
      title: 'SYNTHETIC',
      keyFigures: [...figures, { ...figures[0]!, label: '<script>alert(1)</script>', figureKey: undefined }],
      summary: [{ text: 'SYNTHETIC finding.', figureKey: 'reductions', number: 1 }],
      gaps: [],
      sections: [],
      sources: [{ ref: 'SYNTHETIC_TEST', title: 'Synthetic test source', url: '', publisherType: '', confidence: 'D', figures: [1] }],
      meta: { toolVersion: '0', datasetName: 'd', datasetTitle: 'D', datasetHash: 'f', definitionFile: '', baseline: '', generated: '2024-01-01T00:00:00Z', generatedBasis: 'test' },
      fontCss: '',
    };
    const html = renderReportHtml(page);
    const block = html.slice(html.indexOf('<section class="key-figures"'), html.indexOf('</section>', html.indexOf('<section class="key-figures"')));
    expect(html.indexOf('<section class="key-figures"')).toBeLessThan(html.indexOf('<section class="summary"'));
    expect(block).toContain('<a class="kf-link" href="#fig-reductions"><span class="kf-value">\u221279%</span><span class="kf-label">Diesel particulate matter (DPM) below the 2005 baseline</span></a>');
    expect(block).toContain('<span class="kf-context">Port of Los Angeles (synthetic), 2012, computed from the published tonnages <a class="ref" href="#fig-reductions">Figure 1</a></span>');
    expect(block).toContain('<a href="#src-SYNTHETIC_TEST">Synthetic test source</a>');
    expect(block).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(block).not.toContain('<script>');
    expect(html).toContain('<h2 id="summary-title">Key findings</h2>');
  });

  it('become the cards of the key-findings slide', () => {
    expect(deckKeyFigures(sanPedroLike(), figures)[0]).toEqual({
      value: '\u221279%',
      label: 'Diesel particulate matter (DPM) below the 2005 baseline',
      context: 'Port of Los Angeles (synthetic), 2012, computed from the published tonnages',
      source: 'Source: [SYNTHETIC_TEST] (confidence D)',
    });
  });
});
