/**
 * Spec-level tests of every chart on a SYNTHETIC dataset (test/charts/synthetic.ts): the spec is asserted
 * as data (marks, rows, colours), and the narratives against figures computed by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { buildChart, CHART_IDS, CHARTS, chartById } from '../../src/charts/catalogue.ts';
import { KNOWN_COLORS, NEUTRAL, OKABE_ITO, paletteFor } from '../../src/charts/theme.ts';
import { colorsOf, dataRows, layersOf, markTypes, rowsOf } from './spec-helpers.ts';
import { chartDataset, POLA_DPM } from './synthetic.ts';
import { usageErrorOf } from '../helpers/errors.ts';

const dataset = chartDataset();
const PORT_A = 'Port A (synthetic)';
const PORT_B = 'Port B (synthetic)';

const usageError = usageErrorOf;

describe('catalogue', () => {
  it('lists the twelve chart ids, each buildable on the synthetic data without error', () => {
    expect(CHART_IDS).toEqual([
      'reductions', 'targets', 'emissions', 'intensity', 'throughput', 'category-shares', 'category-dumbbell',
      'decomposition', 'projection', 'ogv-2030', 'coop-timeline', 'reconciliation',
    ]);
    for (const chart of CHARTS) {
      const built = chart.build(dataset, {});
      expect(built.id).toBe(chart.id);
      expect(built.missing).toBeUndefined();
      expect(built.narrative.length).toBeGreaterThan(20);
      expect(built.frame.sourceRefs).toEqual(['SYNTHETIC_CHARTS']);
      expect(JSON.stringify(built.spec)).not.toContain('"url"');
      expect((built.spec as { title?: unknown }).title).toBeUndefined();
    }
  });

  it('refuses an unknown id with exit code 2, the list of ids and the closest one', () => {
    const error = usageError(() => chartById('reductoins'));
    expect(error.message).toBe(`unknown chart 'reductoins': the charts are ${CHART_IDS.join(', ')}`);
    expect(error.hint).toBe('did you mean reductions?');
  });

  it('refuses a filter the chart does not take, and a code the dataset lacks', () => {
    expect(usageError(() => buildChart('coop-timeline', dataset, { pollutant: 'NOx' })).message).toBe(
      'chart coop-timeline does not take the option pollutant; it takes the options category, from and to',
    );
    expect(usageError(() => buildChart('reductions', dataset, { port: 'POLC' })).message).toContain("unknown port 'POLC'");
    expect(usageError(() => buildChart('reductions', dataset, { baseline: 'CAAP_1999' })).message).toContain("unknown baseline 'CAAP_1999'");
    expect(usageError(() => buildChart('emissions', dataset, { from: 2010, to: 2005 })).message).toBe('the option from (2010) is after the option to (2005)');
  });

  it('builds identical specs twice (deterministic order)', () => {
    for (const id of CHART_IDS) expect(JSON.stringify(buildChart(id, dataset, {}))).toBe(JSON.stringify(buildChart(id, dataset, {})));
  });
});

describe('colours', () => {
  it('keeps each port, pollutant and category colour the same in every chart', () => {
    const portColors = ['reductions', 'intensity', 'throughput', 'targets'].map((id) => colorsOf(buildChart(id, dataset, {})));
    for (const colors of portColors) {
      expect(colors.get(PORT_A)).toBe(KNOWN_COLORS.port.POLA);
      if (colors.has(PORT_B)) expect(colors.get(PORT_B)).toBe(KNOWN_COLORS.port.POLB);
    }
    const categoryColors = ['emissions', 'category-shares', 'category-dumbbell'].map((id) => colorsOf(buildChart(id, dataset, {})));
    for (const colors of categoryColors) {
      expect(colors.get('Ocean-going vessels')).toBe(KNOWN_COLORS.category.ocean_going_vessels);
      expect(colors.get('Heavy-duty vehicles')).toBe(KNOWN_COLORS.category.heavy_duty_vehicles);
    }
    // A code without a fixed colour takes the first fallback colour no fixed category of the codelist uses.
    expect(paletteFor(dataset).color('category', 'shore_power_test')).toBe(OKABE_ITO.bluishGreen);
  });
});

describe('reductions', () => {
  const chart = buildChart('reductions', dataset, {});

  it('draws target rules with their labels, a line and points per port, and the latest value at each line end', () => {
    const marks = markTypes(chart);
    expect(marks.filter((m) => m !== 'text')).toEqual(['rule', 'line', 'point']);
    expect(marks.at(-1)).toBe('text');
    expect(new Set(rowsOf(chart).map((r) => r.panel))).toEqual(new Set(['Diesel particulate matter (DPM)', 'Nitrogen oxides (NOx)']));
  });

  it('computes from tonnages where they exist and takes the published figure otherwise', () => {
    const a = rowsOf(chart).filter((r) => r.layer === 'point' && r.port === PORT_A && r.panel === 'Diesel particulate matter (DPM)');
    // 2010: 500 t against 1000 t in 2005 = 50% below; 2012 has no tonnage: the published -60%.
    expect(a.find((r) => r.year === 2010)).toMatchObject({ reduction_pct: 50, evidence: 'computed from tonnages' });
    expect(a.find((r) => r.year === 2012)).toMatchObject({ reduction_pct: 60, evidence: 'published figure' });
    // 2009 is published as -45% but the tonnage (600 t, 40% below) wins.
    expect(a.find((r) => r.year === 2009)).toMatchObject({ reduction_pct: 40, evidence: 'computed from tonnages' });
  });

  it('labels each target with the year met, and flags conflicting values', () => {
    const labels = rowsOf(chart).filter((r) => r.layer === 'label' || r.layer === 'label-left').map((r) => r.label);
    // DPM 40% by 2009: Port A reached 40% in 2009 (600 t); Port B's only figure is the published -80% of 2012.
    expect(labels).toContain('2009: 40% · met POLA 2009, POLB 2012');
    // NOx 20% and 25% are one target published twice: 15,000 t vs 20,000 t = 25% below in 2010.
    expect(labels).toContain('2012: 20/25%* · met 2010');
    expect(chart.frame.notes).toContain('* Conflicting published values of one target, drawn as one line at the strictest and listed in its label: NOx 2012 20/25%.');
    // The two published values (5 points apart) stay two lines: only values within 3 points merge.
    const noxRules = rowsOf(chart).filter((r) => r.layer === 'rule' && r.panel === 'Nitrogen oxides (NOx)').map((r) => r.target_pct);
    expect(noxRules).toEqual([25, 20]);
  });

  it('writes the latest value at the end of each line, in its port colour', () => {
    const ends = rowsOf(chart).filter((r) => r.layer === 'end');
    // Port A DPM: the published -60% of 2012; Port B DPM: the published -80% of 2012; Port A NOx: 30% below in 2012.
    expect(ends.filter((r) => r.panel === 'Diesel particulate matter (DPM)').map((r) => [r.port, r.end_label])).toEqual([
      [PORT_A, '60%'],
      [PORT_B, '80%'],
    ]);
    expect(ends.filter((r) => r.panel === 'Nitrogen oxides (NOx)').map((r) => [r.port, r.end_label])).toContainEqual([PORT_A, '30%']);
    // Two labels of one panel never overlap: at least 12 px apart vertically where they share a column.
    for (const panel of new Set(ends.map((r) => r.panel))) {
      const own = ends.filter((r) => r.panel === panel);
      for (const a of own) for (const b of own) if (a !== b && a.year === b.year) expect(Math.abs((a.end_y as number) - (b.end_y as number))).toBeGreaterThanOrEqual(12);
    }
  });

  it('states the finding in its title, and falls back to the description when the data holds none', () => {
    expect(chart.frame.title).toBe('Port A (synthetic) DPM is 60% below 2005 in 2012; its Synthetic Standards target met');
    const empty = buildChart('reductions', chartDataset((r) => {
      r.emissions = [];
      r.indicators = [];
    }), {});
    expect(empty.missing).toBeDefined();
    expect(empty.frame.title).toBe('Emissions reductions against the 2005 baseline');
  });

  it('says it in words from the same figures', () => {
    expect(chart.narrative).toBe(
      'Port A (synthetic) DPM was 60% below the 2005 baseline in 2012 (published) and Port B (synthetic) DPM 80% below in 2012 (published). ' +
        'The 2009 Synthetic Standards target of 40%: Port A (synthetic) met since 2009; Port B (synthetic) met since 2012. ' +
        'Port A (synthetic): NOx 30% below in 2012.',
    );
  });

  it('applies the pollutant, port and year filters', () => {
    const nox = buildChart('reductions', dataset, { pollutant: 'NOx' });
    expect(new Set(rowsOf(nox).map((r) => r.panel))).toEqual(new Set(['Nitrogen oxides (NOx)']));
    const years = buildChart('reductions', dataset, { port: 'POLA', from: 2007, to: 2009 });
    const points = rowsOf(years).filter((r) => r.layer === 'point');
    expect(new Set(points.map((r) => r.year))).toEqual(new Set([2007, 2008, 2009]));
    expect(new Set(points.map((r) => r.port))).toEqual(new Set([PORT_A]));
  });

  it('gives the deck the picture when it has several pollutant panels, and says why', () => {
    expect(chart.native).toBeUndefined();
    expect(chart.pictureReason).toBe('PowerPoint cannot draw one panel per pollutant (DPM, NOx) in one chart, so the slide shows the picture.');
  });

  it('gives the deck one pollutant as lines over years spaced by value, in port colours, with its target line', () => {
    const dpm = buildChart('reductions', dataset, { pollutant: 'DPM' });
    expect(dpm.native?.type).toBe('scatter');
    expect(dpm.native?.xValues).toEqual([2005, 2006, 2007, 2008, 2009, 2010, 2012]);
    expect(dpm.native?.series.map((s) => s.name)).toEqual([PORT_A, PORT_B, '2009 target 40% · met POLA 2009, POLB 2012']);
    // % below the baseline, as the picture's axis: the chart data holds pct_change -60 for 60% below.
    expect(dpm.native?.series[0]?.values).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(dpm.native?.series[2]).toMatchObject({ reference: true, values: [40, null, null, null, null, null, 40] });
    expect(dpm.native).toMatchObject({ percent: true, yMin: 0, yMax: 80, yAxisTitle: '% below 2005' });
  });
});

describe('emissions', () => {
  const chart = buildChart('emissions', dataset, {});

  it('stacks the categories where they exist and draws the port total otherwise', () => {
    const stacks = rowsOf(chart).filter((r) => r.layer === 'stack');
    expect(stacks.filter((r) => r.port === PORT_A).map((r) => r.category)).toEqual(Array(6).fill('All sources'));
    expect(stacks.filter((r) => r.port === PORT_B && r.year === 2010).map((r) => [r.category, r.tons])).toEqual([
      ['Ocean-going vessels', 240],
      ['Cargo-handling equipment', 30],
      ['Heavy-duty vehicles', 30],
    ]);
    expect(colorsOf(chart).get('All sources')).toBe(NEUTRAL.total);
  });

  it('says which data would stack the ports without categories', () => {
    expect(chart.gap).toBe(
      "stacking Port A (synthetic) by source category: tons by source category for each inventory year (the ports' annual inventory tables); import them with `port-emissions import-table`",
    );
    // 500 t against 1000 t = 50% less; Port B's three categories: 300 t against 1000 t = 70% less.
    expect(chart.narrative).toBe(
      'Port A (synthetic): 500 tons of DPM in 2010, 50% less than the 1,000 tons of 2005 (same release). ' +
        'Port B (synthetic): 300 tons of DPM in 2010 (the sum of the 3 source categories ocean-going vessels, cargo-handling equipment and heavy-duty vehicles reported, a partial sum; no published port total), 70% less than the 1,000 tons the same categories made in 2005 (same release).',
    );
  });

  it('shows the pollutant asked for', () => {
    const nox = buildChart('emissions', dataset, { pollutant: 'NOx' });
    expect(new Set(rowsOf(nox).map((r) => r.port))).toEqual(new Set([PORT_A]));
    expect(nox.frame.title).toBe('Port A (synthetic) NOx fell 25% from 2005 to 2010');
    // One year only: no change to state, the descriptive title.
    expect(buildChart('emissions', dataset, { pollutant: 'NOx', from: 2010, to: 2010 }).frame.title).toBe('NOx emissions by port, 2010-2010');
  });
});

describe('intensity', () => {
  const chart = buildChart('intensity', dataset, {});

  it('indexes tons and tons per 10,000 TEU to the baseline', () => {
    const a2010 = rowsOf(chart).filter((r) => r.port === PORT_A && r.year === 2010 && r.panel === 'Diesel particulate matter (DPM)' && r.layer !== 'end');
    // tons 500/1000 = 50; intensity (500/1.25M)/(1000/1M) = 0.4 -> 40.
    expect(a2010.map((r) => [r.measure, r.index])).toEqual([
      ['tons', 50],
      ['tons per 10,000 TEU', 40],
    ]);
    // The same figures end the two lines of 2010, the last year.
    const ends = rowsOf(chart).filter((r) => r.layer === 'end' && r.port === PORT_A && r.panel === 'Diesel particulate matter (DPM)');
    expect(ends.map((r) => [r.measure, r.end_label])).toEqual([
      ['tons', '50'],
      ['tons per 10,000 TEU', '40'],
    ]);
    expect(chart.narrative).toBe(
      'Port A (synthetic) DPM fell to 50 in tons and 40 in tons per 10,000 TEU by 2010 (2005 = 100), as throughput grew 25% (1.00 million to 1.25 million TEU).',
    );
  });
});

describe('throughput', () => {
  it('marks rounded figures and says the change in words', () => {
    const chart = buildChart('throughput', dataset, {});
    expect(rowsOf(chart).find((r) => r.port === PORT_B && r.year === '2005')).toMatchObject({ teu_millions: 0.9, precision: 'rounded' });
    // 1,250,000 / 1,000,000 = +25%; 1,000,000 / 900,000 = +11.1%.
    expect(chart.narrative).toBe(
      'Port A (synthetic) handled 1.25 million TEU in 2010, 25% more than in 2005 (1.00 million) and Port B (synthetic) handled 1.00 million TEU in 2010, 11% more than in 2005 (900,000, rounded).',
    );
    const onlyB = buildChart('throughput', dataset, { port: 'POLB' });
    expect(new Set(rowsOf(onlyB).map((r) => r.port))).toEqual(new Set([PORT_B]));
  });
});

describe('targets', () => {
  const chart = buildChart('targets', dataset, {});

  it('draws achieved bars, target ticks and flags conflicting values', () => {
    expect(markTypes(chart)).toEqual(['bar', 'text', 'tick']);
    const ticks = rowsOf(chart).filter((r) => r.layer === 'target');
    expect(ticks.map((r) => [r.target, r.target_pct, r.conflicting])).toEqual([
      ['DPM 2009: 40%', 40, false],
      ['NOx 2012: 20%*', 20, true],
      ['NOx 2012: 25%*', 25, true],
    ]);
    const bar = rowsOf(chart).find((r) => r.layer === 'bar' && r.target === 'DPM 2009: 40%' && r.port === PORT_A);
    expect(bar).toMatchObject({ achieved_pct: 60, status: '60% in 2012 · met 2009' });
  });

  it('says it in words', () => {
    expect(chart.narrative).toBe('All 4 port-target pairs with figures are met. The 2012 Synthetic Standards targets: NOx (20/25%) met in 2010 by Port A (synthetic).');
  });
});

describe('source categories', () => {
  it('category-shares: shares of the sum of the categories reported', () => {
    const chart = buildChart('category-shares', dataset, {});
    // 2010: 240 of 300 t = 80%; 2005: 600 of 1000 t = 60%.
    // Each bar is marked as a partial sum: its 100% is the sum of the categories, not a port total.
    expect(rowsOf(chart).find((r) => r.bar === `${PORT_B} 2010 (partial sum)` && r.category === 'Ocean-going vessels')).toMatchObject({ share_pct: 80, label: '80%' });
    expect(chart.narrative).toBe(
      "In 2010, Ocean-going vessels made up 80% of Port B (synthetic)'s DPM (of the 300 tons the reported categories sum to: a partial sum, not the port total), up from 60% in 2005.",
    );
    expect(chart.gap).toContain('shares for Port A (synthetic)');
    expect(chart.native).toMatchObject({ type: 'stackedBar', percent: true, categories: [`${PORT_B} 2005 (partial sum)`, `${PORT_B} 2010 (partial sum)`] });
    expect(chart.frame.subtitle).toBe('Share of DPM by source category, as % of the sum of the 3 categories listed (no published port total), by port and inventory year');
  });

  it('category-dumbbell: baseline and latest tons per category, with the change', () => {
    const chart = buildChart('category-dumbbell', dataset, {});
    const segments = rowsOf(chart).filter((r) => r.layer === 'segment');
    // Heavy-duty vehicles 300 -> 30 t = -90%; cargo-handling 100 -> 30 = -70%; ocean-going 600 -> 240 = -60%.
    expect(segments.map((r) => r.label)).toEqual(['600 → 240 t (−60%)', '100 → 30 t (−70%)', '300 → 30 t (−90%)']);
    expect(chart.narrative).toBe(
      'Port B (synthetic) DPM from 2005 to 2010, by category (largest cut first): Heavy-duty vehicles 90%, Cargo-handling equipment 70% and Ocean-going vessels 60% lower.',
    );
  });
});

describe('decomposition', () => {
  it('draws a waterfall whose effects add up to the total change', () => {
    const chart = buildChart('decomposition', dataset, { pollutant: 'DPM' });
    const bars = rowsOf(chart);
    expect(bars.map((r) => r.effect)).toEqual(['Throughput', 'Intensity', 'Total']);
    // LMDI: L(500, 1000) = -500/ln(0.5) = 721.35; activity 721.35 ln 1.25 = +160.96; intensity 721.35 ln 0.4 = -660.96.
    expect(bars[0]).toMatchObject({ start: 0, label: '+161' });
    expect(bars[1]!.start).toBeCloseTo(160.96, 1);
    expect(bars[1]!.end).toBeCloseTo(-500, 6);
    expect(bars[2]).toMatchObject({ start: 0, end: -500, label: '−500' });
    expect(chart.narrative).toBe('Port A (synthetic) DPM changed by −500 tons a year from 2005 to 2010: higher throughput +161 and tons per TEU −661.');
    expect(chart.gap).toContain('the structure (category mix) effect');
  });
});

describe('projection', () => {
  it('projects the series that runs latest to 2035 with the trend and its points', () => {
    const chart = buildChart('projection', dataset, { pollutant: 'DPM' });
    const rows = rowsOf(chart);
    // The published figures (2009-2012) run later than the tonnages (2005-2010): -45, -50, -60% as an index.
    expect(rows.filter((r) => r.layer === 'point').map((r) => [r.year, r.value])).toEqual([
      [2009, 55],
      [2010, 50],
      [2012, 40],
    ]);
    expect(Math.max(...rows.filter((r) => r.layer === 'projection').map((r) => r.year as number))).toBe(2035);
    // Three points give no interval for the slope: no band is drawn. The 2009 target (40% below) is a past
    // year: a reference line at index 100 - 40 = 60.
    expect(markTypes(chart)).toEqual(['rule', 'text', 'line', 'line', 'point', 'text']);
    expect(rows.filter((r) => r.layer === 'target_rule').map((r) => [r.value, r.label])).toEqual([[60, '2009 target: 60 (40% below)']]);
    expect(chart.narrative).toMatch(/^On the trend of its published figures \(2009-2012\), Port A \(synthetic\) DPM would be about \d+% below 2005 in 2030; the latest published figure is 60% \(2012\)\.$/);
  });

  it('fits the tonnages when --to ends the window before the published figures have three points', () => {
    const chart = buildChart('projection', dataset, { pollutant: 'DPM', to: 2010 });
    expect(markTypes(chart)).toEqual(['area', 'rule', 'text', 'line', 'line', 'point', 'text']);
    expect(rowsOf(chart).filter((r) => r.layer === 'point').map((r) => r.value)).toEqual([...POLA_DPM]);
    // The 2009 target in tons: the series' 2005 value 1000 t x (1 - 40%) = 600 t.
    expect(rowsOf(chart).filter((r) => r.layer === 'target_rule').map((r) => [r.value, r.label])).toEqual([[600, '2009 target: 600 t']]);
    expect(chart.narrative).toMatch(/^On its 2005-2010 trend, Port A \(synthetic\) DPM would be about \d+ tons in 2030 \(95% interval \d+-\d+\)\.$/);
  });
});

describe('ogv-2030', () => {
  it('sets the category projection beside the basin path and the carrying capacity', () => {
    const chart = buildChart('ogv-2030', dataset, {});
    const rows = rowsOf(chart);
    expect(rows.filter((r) => r.layer === 'path').map((r) => [r.year, r.value])).toEqual([
      [2018, 300],
      [2030, 200],
    ]);
    expect(rows.find((r) => r.layer === 'category')).toMatchObject({ year: 2030, value: 30 });
    // 30 t/day x 365 = 10,950 t/year, said as about 11,000; 200 - 60 = 140; 30 / 60 = 50%.
    expect(chart.narrative).toBe(
      'Ocean-going vessels are projected to emit 30 tons per day of NOx in the Test Basin in 2030 (about 11,000 a year), 20% of mobile-source NOx. ' +
        "The basin's NOx goes from 300 tons per day in 2018 to 200 in 2030 on the baseline projections, still 140 above the 60 tons per day carrying capacity. " +
        'Ocean-going vessels alone would be 50% of that capacity.',
    );
  });
});

describe('ogv-2030 documents', () => {
  it("names each document's line by the name its title starts with, the same in the picture's legend and the deck's series", () => {
    const twoDocuments = chartDataset((r) => {
      r.sources = [
        ...r.sources,
        { source_ref: 'SYN_PLAN', title: "Synthetic Air District, final plan 'not real' (test)", url: '', publisher_type: 'test', evidence: 'test/charts/synthetic.ts', confidence: 'D', confidence_note: '' },
      ];
      const [inventory, projection] = r.regional!;
      r.regional = [...r.regional!, { ...inventory!, value: 310, source_ref: ['SYN_PLAN'] }, { ...projection!, value: 180, source_ref: ['SYN_PLAN'] }];
    });
    const chart = buildChart('ogv-2030', twoDocuments, {});
    const dashed = layersOf(chart).find((layer) => (layer['encoding'] as Record<string, unknown> | undefined)?.['strokeDash'] !== undefined)!;
    const strokeDash = (dashed['encoding'] as Record<string, { scale: { domain: string[]; range: number[][] } }>)['strokeDash']!;
    const names = ['Air basin NOx: Synthetic values generated by the chart tests', 'Air basin NOx: Synthetic Air District'];
    expect(strokeDash.scale.domain).toEqual(names);
    expect(new Set(strokeDash.scale.range.slice(0, 2).map(String)).size).toBe(2);
    expect(chart.native!.series.slice(0, 2).map((s) => [s.name, s.dash])).toEqual([
      [names[0], undefined],
      [names[1], 'dash'],
    ]);
    const lines = rowsOf(chart).filter((r) => r.layer === 'path').map((r) => [r['document'], r.year, r.value]);
    expect(lines.sort((a, b) => Number(a[1]) - Number(b[1]) || String(a[0]).localeCompare(String(b[0])))).toEqual([
      [names[1], 2018, 310],
      [names[0], 2018, 300],
      [names[1], 2030, 180],
      [names[0], 2030, 200],
    ]);
  });
  it('draws documents of one name (an article and its mirror) as one deck line where their figures agree, apart where they differ', () => {
    const mirrored = (value: number) =>
      chartDataset((r) => {
        r.sources = [...r.sources, { ...r.sources[0]!, source_ref: 'SYN_MIRROR', title: 'Synthetic values generated by the chart tests, a mirror' }];
        r.regional = [...r.regional!, { ...r.regional![0]!, value, source_ref: ['SYN_MIRROR'] }];
      });
    const agreeing = buildChart('ogv-2030', mirrored(300), {}).native!.series.filter((s) => s.name.startsWith('Air basin'));
    expect(agreeing.map((s) => [s.name, s.values])).toEqual([['Air basin NOx: Synthetic values generated by the chart tests', [300, 200]]]);
    const differing = buildChart('ogv-2030', mirrored(305), {}).native!.series.filter((s) => s.name.startsWith('Air basin'));
    expect(differing.map((s) => [s.name, s.values])).toEqual([
      ['Air basin NOx: Synthetic values generated by the chart tests (SYNTHETIC_CHARTS)', [300, 200]],
      ['Air basin NOx: Synthetic values generated by the chart tests (SYN_MIRROR)', [305, null]],
    ]);
  });
});

describe('coop-timeline', () => {
  it('places each phase in the rows of the categories it covers', () => {
    const chart = buildChart('coop-timeline', dataset, {});
    const phases = rowsOf(chart).filter((r) => r.layer === 'phase');
    expect(phases.map((r) => [r.lane, r.label])).toEqual([
      ['Cargo-handling equipment', 'Phase 1 · Dec 2027'],
      ['Heavy-duty vehicles', 'Phase 1 · Dec 2027'],
      ['Harbor craft', 'Phase 2 · Dec 2028'],
    ]);
    expect(phases[0]!.date).toBe(Date.UTC(2027, 11, 31));
    expect(chart.narrative).toBe(
      'The agreement was approved by the Synthetic Board (7 Nov 2025). Plans are due in 2 phases: Phase 1 (Cargo-handling equipment and Heavy-duty vehicles) by 31 Dec 2027 and Phase 2 (Harbor craft) by 31 Dec 2028.',
    );
  });
});

describe('reconciliation', () => {
  it('sets each published change beside the recomputed one, coloured by status', () => {
    const chart = buildChart('reconciliation', dataset, {});
    const labels = rowsOf(chart).filter((r) => r.layer === 'label').map((r) => [r.row, r.label]);
    // 2009: 600/1000 = -40% against the published -45% (differs by 5 points); 2010: -50% against -50% (agrees).
    expect(labels).toEqual([
      ['POLA 2009 DPM vs 2005', '-45% vs -40.0% (+5.0 pts)'],
      ['POLA 2010 DPM vs 2005', '-50% vs -50.0% (+0.0 pts)'],
    ]);
    expect(chart.narrative).toMatch(/^Of 2 published percent changes that can be recomputed from the tonnages, 1 agrees within the published rounding and 1 differs\. The largest gap is POLA 2009 DPM vs 2005: -45% published, -40\.0% recomputed \(.+\)\.$/);
    expect(dataRows(chart).length).toBeGreaterThan(2);
  });
});

describe('missing data', () => {
  it('says which data would fill a chart the dataset cannot draw', () => {
    const empty = chartDataset((r) => {
      r.milestones = [];
      r.regional = [];
      r.emissions = [];
      r.indicators = [];
      r.throughput = [];
      r.targets = [];
    });
    for (const id of CHART_IDS) {
      const chart = buildChart(id, empty, {});
      expect(chart.missing, id).toBeDefined();
      expect(chart.narrative).toContain('not in the data');
      expect(chart.data.columns.length).toBeGreaterThan(0);
    }
    expect(buildChart('emissions', empty, {}).missing).toBe(
      "emissions tons by port: port-wide tons per year for each inventory year (the ports' annual emissions inventories); import them with `port-emissions import-table`",
    );
    expect(buildChart('coop-timeline', empty, {}).missing).toBe('the agreement time line: dated milestones of an agreement in the dataset\'s milestones table');
  });

  it('names the filters in the notice', () => {
    // Port A has port totals only: no shares by category.
    expect(buildChart('category-shares', dataset, { port: 'POLA', from: 2005, to: 2010 }).missing).toBe(
      "source-category shares for Port A (synthetic), 2005-2010: tons by source category for each inventory year (the ports' annual inventory tables); import them with `port-emissions import-table`",
    );
  });
});
