/**
 * Titles that state the finding (issue 11, item 2) and labels on the data (item 3), on the embedded San Pedro
 * Bay dataset: the exact titles an analyst can check against the data, the merged reference lines and the
 * line-end labels of the reductions chart, the merged rows of the targets chart, the fallback to the
 * descriptive title on a synthetic dataset with nothing to state, and a report definition's own title.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildChart } from '../../src/charts/catalogue.ts';
import { belowAboveWords, countWords, findingTitle, spreadApart } from '../../src/charts/common.ts';
import { mergedTargets } from '../../src/charts/reductions.ts';
import { EMBEDDED_DATASET_DIR } from '../../src/cli/common.ts';
import type { Dataset } from '../../src/ingest/dataset.ts';
import { loadDataset } from '../../src/ingest/load.ts';
import { buildReport, catalogueEngine } from '../../src/report/build.ts';
import { parseReportDefinition } from '../../src/report/definition.ts';
import type { ReductionsChartData } from '../../src/analysis/chart-data/reductions.ts';
import { rowsOf } from './spec-helpers.ts';
import { chartDataset } from './synthetic.ts';

let dataset: Dataset;
beforeAll(async () => {
  dataset = await loadDataset(EMBEDDED_DATASET_DIR);
});

describe('titles state the finding, computed from the chart data', () => {
  it('on the embedded dataset, each title says what the data shows', () => {
    const titles = Object.fromEntries(
      ['reductions', 'targets', 'intensity', 'throughput', 'projection', 'ogv-2030', 'coop-timeline', 'reconciliation', 'decomposition'].map((id) => [id, buildChart(id, dataset, {}).frame.title]),
    );
    expect(titles).toEqual({
      // POLA DPM 2024: published -90% against 2005; the DPM targets of 2014 (72%) and 2023 (77%) met by POLA in 2012.
      reductions: 'Port of Los Angeles DPM is 90% below 2005 in 2024; both San Pedro Bay Standards targets met',
      // 16 port-target pairs, all met; the three published SOx 2023 values (92/93/96%) are one target.
      targets: 'Both ports have met all 6 targets with figures',
      // POLA DPM per 10,000 TEU indexed to 2005: 19 in 2012 (TEU of 2005 rounded: "about").
      intensity: 'Port of Los Angeles DPM per 10,000 TEU is about 81% below 2005 in 2012, as throughput grew about 8%',
      // 8.63 million TEU in 2023 against 7.48 million (rounded) in 2005.
      throughput: 'Port of Los Angeles handled 8.63 million TEU in 2023, about 15% more than in 2005',
      projection: 'On its 2008-2024 trend, Port of Los Angeles DPM would be about 95% below 2005 in 2030',
      // 32.6 / 60 tons per day = 54%.
      'ogv-2030': 'Ocean-going vessels are projected at 32.6 tons per day of NOx in 2030, 54% of the 60 tons per day carrying capacity',
      'coop-timeline': 'Agreement approved by 20 Nov 2025; plans due in 3 phases, the last by 31 Dec 2029',
      reconciliation: '13 of 30 published % changes match the tonnages within rounding; 17 differ, by up to 13.8 points',
      decomposition: 'Port of Los Angeles DPM fell by 706 tons a year from 2005 to 2012, mostly from lower tons per TEU',
    });
  });

  it('the reductions title follows the figures: another pollutant, another port', () => {
    expect(buildChart('reductions', dataset, { pollutant: 'NOx' }).frame.title).toBe('Port of Los Angeles NOx is 73% below 2005 in 2024; both San Pedro Bay Standards targets met');
    expect(buildChart('reductions', dataset, { port: 'POLB', pollutant: 'SOx' }).frame.title).toBe(
      // Two targets: 2014 (93%) and 2023 (one target published as 92, 93 or 96%).
      'Port of Long Beach SOx is 98% below 2005 in 2023; both San Pedro Bay Standards targets met',
    );
  });

  it('falls back to the descriptive title where the data holds no finding (synthetic dataset emptied)', () => {
    const empty = chartDataset((r) => {
      r.emissions = [];
      r.indicators = [];
      r.throughput = [];
      r.targets = [];
      r.milestones = [];
      r.regional = [];
    });
    const titles = Object.fromEntries(['reductions', 'targets', 'throughput', 'reconciliation', 'coop-timeline'].map((id) => [id, buildChart(id, empty, {}).frame.title]));
    expect(titles).toEqual({
      reductions: 'Emissions reductions against the 2005 baseline',
      targets: 'Progress to the emissions targets',
      throughput: 'Container throughput by port',
      reconciliation: 'Do the published percentages add up?',
      'coop-timeline': expect.stringMatching(/: steps and deadlines$/),
    });
  });

  it('phrases changes and counts one way', () => {
    expect([belowAboveWords(-90), belowAboveWords(12.5), belowAboveWords(-4.54), belowAboveWords(0)]).toEqual(['90% below', '13% above', '4.5% below', 'unchanged from']);
    expect([countWords(1), countWords(2), countWords(5)]).toEqual(['its', 'both', 'all 5']);
    expect(findingTitle(null, 'Descriptive')).toBe('Descriptive');
    expect(findingTitle('on its trend, X', 'Descriptive')).toBe('On its trend, X');
  });

  it("a report definition's title replaces the finding", async () => {
    const definition = parseReportDefinition(
      { title: 'SYNTHETIC override test', sections: [{ id: 's', title: 'S', charts: [{ id: 'reductions', filters: { pollutant: 'DPM' } }, { id: 'reductions', filters: { pollutant: 'NOx' }, title: 'Our NOx, in our words' }] }] },
      'override.json',
    );
    const report = await buildReport(definition, dataset, { engine: await catalogueEngine() });
    expect(report.charts.map((c) => c.built.frame.title)).toEqual(['Port of Los Angeles DPM is 90% below 2005 in 2024; both San Pedro Bay Standards targets met', 'Our NOx, in our words']);
    expect(report.charts[1]!.svg).toContain('Our NOx, in our words');
    expect(report.html).toContain('Our NOx, in our words');
  });
});

describe('targets title counts in words', () => {
  it('says "both" of two targets and names the port of one', () => {
    expect(buildChart('targets', dataset, { pollutant: 'SOx' }).frame.title).toBe('Both ports have met both targets with figures');
    expect(buildChart('targets', dataset, { port: 'POLA' }).frame.title).toBe('Port of Los Angeles has met all 6 targets with figures');
  });
});

describe('labels on the data: reductions', () => {
  it('merges the SOx reference lines within 3 points into one rule with one label, keeping the conflict visible', () => {
    const chart = buildChart('reductions', dataset, {});
    const rows = rowsOf(chart);
    const sox = 'Sulfur oxides (SOx)';
    // 2014: 93%; 2023: 92, 93 or 96% as published (a conflict): four values within 4 points, one rule at 96.
    expect(rows.filter((r) => r.layer === 'rule' && r.panel === sox).map((r) => r.target_pct)).toEqual([96]);
    const labels = rows.filter((r) => (r.layer === 'label' || r.layer === 'label-left') && r.panel === sox).map((r) => r.label);
    expect(labels).toEqual(['2014: 93%, 2023: 92/93/96%* · met 2014']);
    expect(chart.frame.notes.join(' ')).toContain('SOx 2023 92/93/96%');
    // DPM 72% and 77% are 5 points apart: two rules, two labels.
    expect(rows.filter((r) => r.layer === 'rule' && r.panel === 'Diesel particulate matter (DPM)').map((r) => r.target_pct)).toEqual([77, 72]);
  });

  it('labels each line end with its latest value, nudged apart where two would overlap', () => {
    const chart = buildChart('reductions', dataset, {});
    const ends = rowsOf(chart).filter((r) => r.layer === 'end');
    const byPanel = (panel: string) => ends.filter((r) => r.panel === panel).map((r) => [r.port, r.year, r.end_label]);
    // POLA DPM 90% (2024), POLB 92% (2023, labelled at the panel's right edge with POLA), the combined ports' 25% (2007).
    expect(byPanel('Diesel particulate matter (DPM)')).toEqual([
      ['Port of Los Angeles', 2024, '90%'],
      ['Port of Long Beach', 2024, '92%'],
      ['San Pedro Bay ports combined (Los Angeles + Long Beach)', 2007, '25%'],
    ]);
    expect(byPanel('Sulfur oxides (SOx)')).toEqual([
      ['Port of Los Angeles', 2024, '98%'],
      ['Port of Long Beach', 2024, '98%'],
    ]);
    // Both SOx labels read 98%: they are 12 px apart, not on top of each other.
    const [a, b] = ends.filter((r) => r.panel === 'Sulfur oxides (SOx)').map((r) => r.end_y as number);
    expect(Math.abs(a! - b!)).toBeGreaterThanOrEqual(12);
  });

  it('spreads labels apart deterministically, keeping their order', () => {
    expect(spreadApart([50, 52, 100], 12, 'down')).toEqual([50, 62, 100]);
    expect(spreadApart([50, 52, 100], 12, 'up')).toEqual([40, 52, 100]);
    const data = buildChart('reductions', dataset, {}).chartData as unknown as ReductionsChartData;
    expect(mergedTargets(data.targetLines.filter((l) => l.pollutant === 'NOx')).map((m) => m.value)).toEqual([59, 22]);
  });
});

describe('labels on the data: intensity', () => {
  it('labels the lines that reach the last year with their latest index, apart from each other', () => {
    const ends = rowsOf(buildChart('intensity', dataset, {})).filter((r) => r.layer === 'end');
    // POLA DPM 2012: tons index 21, tons per 10,000 TEU 19 (2005 = 100); the 2007-only lines keep the legend.
    expect(ends.filter((r) => r.panel === 'Diesel particulate matter (DPM)').map((r) => [r.port, r.measure, r.year, r.end_label])).toEqual([
      ['Port of Los Angeles', 'tons', 2012, '21'],
      ['Port of Los Angeles', 'tons per 10,000 TEU', 2012, '19'],
    ]);
    for (const panel of new Set(ends.map((r) => r.panel))) {
      const ys = ends.filter((r) => r.panel === panel).map((r) => r.end_y as number);
      expect(Math.abs(ys[0]! - ys[1]!)).toBeGreaterThanOrEqual(12);
    }
  });
});

describe('targets: rows that say the same are one row', () => {
  it('draws the four SOx targets, all "98% · met 2014" for both ports, as one row with a tick per value', () => {
    const chart = buildChart('targets', dataset, {});
    const rows = rowsOf(chart);
    const targets = [...new Set(rows.filter((r) => r.layer === 'bar').map((r) => r.target))];
    expect(targets).toEqual(['DPM 2014: 72%', 'DPM 2023: 77%', 'NOx 2014: 22%', 'NOx 2023: 59%', 'SOx 2014: 93%, 2023: 92/93/96%*']);
    expect(rows.filter((r) => r.layer === 'target' && r.target === 'SOx 2014: 93%, 2023: 92/93/96%*').map((r) => r.target_pct)).toEqual([93, 92, 96]);
    expect(chart.native!.categories).toEqual(targets);
    // Every target stays in the data table.
    expect(chart.data.rows.filter((r) => r.pollutant === 'SOx').length).toBeGreaterThanOrEqual(8);
  });
});
