/**
 * The one release rule (src/analysis/releases.ts): every analysis and every chart-data function shows the
 * same figure from the same release. The dataset is SYNTHETIC, generated here: two releases of one port
 * that both hold 2005, 2008 and 2010 (the later one restating them), the older one also holding 2012.
 * Every value is a made-up test input.
 */
import { targetsChartData } from '../../src/analysis/chart-data/targets.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { categoryDumbbellChartData, categorySharesChartData } from '../../src/analysis/chart-data/categories.ts';
import { decompositionChartData } from '../../src/analysis/chart-data/decomposition.ts';
import { emissionsChartData } from '../../src/analysis/chart-data/emissions.ts';
import { intensityChartData } from '../../src/analysis/chart-data/intensity.ts';
import { projectionChartData } from '../../src/analysis/chart-data/projection.ts';
import { reconcileChartData } from '../../src/analysis/chart-data/reconcile.ts';
import { reductionsChartData } from '../../src/analysis/chart-data/reductions.ts';
import { decomposeChange } from '../../src/analysis/decompose.ts';
import { projectSeries } from '../../src/analysis/project.ts';
import { reconcileIndicators } from '../../src/analysis/reconcile.ts';
import { chooseRelease, chooseReleasePerKey, RELEASE_RULE } from '../../src/analysis/releases.ts';
import { targetProgress } from '../../src/analysis/targets.ts';
import { rowsOf, type DecompositionRow, type ProjectionRow, type ReconcileRow, type TargetProgressRow } from '../../src/analysis/types.ts';
import type { Release } from '../../src/schema/codelists.ts';
import type { EmissionsRecord } from '../../src/schema/records.ts';
import { em, ind, RELEASES, SYNTHETIC_SOURCE, syntheticDataset, target, teu } from '../helpers/synthetic-dataset.ts';

const OLDER = 'POLA_OPEN_2013'; // published 2013 (synthetic codelist)
const LATER = 'SYN_RESTATED_2014';
const restated: Release = { release_id: LATER, label: 'POLA restated inventory (synthetic)', port: 'POLA', published: '2014', note: '', source_ref: [SYNTHETIC_SOURCE] };

/** Port totals and two categories per release and year: [year, total, ogv, harbor craft]. */
const TONS: Record<string, [number, number, number | null, number | null][]> = {
  [OLDER]: [
    [2005, 900, 500, 400],
    [2008, 700, null, null],
    [2010, 500, 300, 200],
    [2012, 300, null, null],
  ],
  [LATER]: [
    [2005, 950, 520, 430],
    [2008, 720, null, null],
    [2010, 480, 280, 200],
  ],
};

function synthetic() {
  const emissions: EmissionsRecord[] = Object.entries(TONS).flatMap(([release, rows]) =>
    rows.flatMap(([year, total, ogv, hc]) => [
      em('POLA', year, 'DPM', total, { release }),
      ...(ogv === null ? [] : [em('POLA', year, 'DPM', ogv, { release, source_category: 'ocean_going_vessels' })]),
      ...(hc === null ? [] : [em('POLA', year, 'DPM', hc, { release, source_category: 'harbor_craft' })]),
    ]),
  );
  return syntheticDataset({
    releases: [...RELEASES, restated],
    emissions,
    throughput: [teu('POLA', 2005, 7_000_000), teu('POLA', 2008, 7_800_000), teu('POLA', 2010, 7_900_000), teu('POLA', 2012, 8_000_000)],
    // Agrees with neither release's -44.4 / -49.5: the comparison uses the latest release holding both years.
    indicators: [ind('POLA', 2010, 'DPM', -40, 'CAAP_2005')],
    targets: [target('T_SYN_50', ['POLA'], 'DPM', 2020, 50)],
  });
}

const options = { port: 'POLA', pollutant: 'DPM' };

describe('the one release rule', () => {
  const dataset = synthetic();

  it('picks the latest release by publication date among the rows holding a figure, and says why', () => {
    const rows = dataset.records.emissions.filter((e) => e.year === 2010 && e.source_category === 'all');
    const pick = chooseRelease(dataset, rows)!;
    expect(pick.release).toBe(LATER);
    expect(pick.why).toBe(`the latest of 2 releases holding it (over ${OLDER})`);
    const only = chooseRelease(dataset, dataset.records.emissions.filter((e) => e.year === 2012))!;
    expect(only.release).toBe(OLDER);
    expect(only.why).toBe('the only one of the releases holding it');
  });

  it('uses the first candidate tier that holds a row, whatever the later tiers hold', () => {
    const rows = dataset.records.emissions.filter((e) => e.year === 2010 && e.source_category === 'all');
    const pick = chooseRelease(dataset, rows, [
      { words: 'releases over 490 t', holds: (r) => r.value > 490 },
      { words: 'releases holding it', holds: () => true },
    ])!;
    expect(pick.release).toBe(OLDER);
    expect(pick.tier).toBe('releases over 490 t');
    expect(chooseReleasePerKey(dataset, dataset.records.emissions, (r) => `${r.year}\u0000${r.source_category}`).filter((p) => p.release === LATER)).toHaveLength(7);
  });

  it('every analysis and chart-data function shows a figure held by both releases from the later one', () => {
    const seen: Record<string, string | null> = {};
    const emissions = emissionsChartData(dataset, options);
    seen['emissions chart 2010'] = emissions.records.find((r) => r.year === 2010 && r.source_category === 'all')!.release;
    const reductions = reductionsChartData(dataset, options);
    seen['reductions chart 2010'] = reductions.records.find((r) => r.year === 2010)!.release;
    const intensity = intensityChartData(dataset, options);
    seen['intensity chart 2010'] = intensity.records.find((r) => r.year === 2010)!.release;
    const shares = categorySharesChartData(dataset, options).records.filter((r) => r.year === 2010);
    seen['category-shares chart 2010'] = [...new Set(shares.map((r) => r.release))].join(',');
    const dumbbell = categoryDumbbellChartData(dataset, options).records;
    expect(new Set(dumbbell.map((r) => r.year))).toEqual(new Set([2010]));
    seen['category-dumbbell chart 2010'] = [...new Set(dumbbell.map((r) => r.release))].join(',');
    const decomposition = rowsOf<DecompositionRow>(decomposeChange(dataset, { ...options, from: 2005, to: 2010 }));
    seen['decompose 2005-2010'] = decomposition[0]!.release;
    seen['decomposition chart 2005-2010'] = decompositionChartData(dataset, { ...options, from: 2005, to: 2010 }).records[0]!.release;
    const reconcile = rowsOf<ReconcileRow>(reconcileIndicators(dataset, options));
    seen['reconcile 2010 vs 2005'] = reconcile[0]!.computed_release;
    seen['reconciliation chart 2010 vs 2005'] = reconcileChartData(dataset, options).records[0]!.computed_release;
    const projection = rowsOf<ProjectionRow>(projectSeries(dataset, { ...options, category: 'all', series: 'tons', until: 2010 }));
    seen['project (fit to 2010)'] = projection[0]!.release;
    seen['projection chart (to 2010)'] = projectionChartData(dataset, { ...options, to: 2010 }).records.find((r) => r.series === 'tons')!.release;
    expect(Object.entries(seen).filter(([, release]) => release !== LATER)).toEqual([]);

    // The figures themselves are the later release's.
    expect(emissions.records.find((r) => r.year === 2010 && r.source_category === 'all')!.tons).toBe(480);
    expect(reductions.records.find((r) => r.year === 2010)!.pct_change).toBeCloseTo(((480 - 950) / 950) * 100, 10);
    expect(reconcile[0]!.computed).toBeCloseTo(((480 - 950) / 950) * 100, 10);
    const progress = rowsOf<TargetProgressRow>(targetProgress(dataset, { port: 'POLA', asOf: 2010 }));
    expect(progress.find((r) => r.target_id === 'T_SYN_50')).toMatchObject({ latest_year: 2010, latest_value: 480, release: LATER });
    // The targets chart data names that release, with the rule's reason.
    const targets = targetsChartData(dataset, { port: 'POLA', to: 2010 });
    expect(targets.records.find((r) => r.target_id === 'T_SYN_50')!.release).toBe(LATER);
    expect(targets.releases.map((r) => r.release)).toEqual([LATER]);
  });

  it('a figure only the older release holds comes from it, and the chart data says why each release was chosen', () => {
    const reductions = reductionsChartData(dataset, options);
    expect(reductions.records.find((r) => r.year === 2012)!.release).toBe(OLDER);
    expect(reductions.releaseRule).toBe(RELEASE_RULE);
    expect(reductions.releases.map((r) => [r.release, r.why])).toEqual([
      [OLDER, '1 figure, the latest of the releases holding the year and the baseline year'],
      [LATER, `3 figures, each the latest of the releases holding the year and the baseline year (chosen over ${OLDER})`],
    ]);
  });

  it('a trend comes from the latest release holding enough years, not from the one with the most years', () => {
    // The older release holds 4 years, the later one 3: enough for a trend, so the later one is used.
    const rows = rowsOf<ProjectionRow>(projectSeries(dataset, { ...options, category: 'all', series: 'tons' }));
    expect(new Set(rows.map((r) => r.release))).toEqual(new Set([LATER]));
    // With the window cut to two of the later release's years, only the older holds enough.
    const windowed = rowsOf<ProjectionRow>(projectSeries(dataset, { ...options, category: 'all', series: 'tons', from: 2008 }));
    expect(new Set(windowed.map((r) => r.release))).toEqual(new Set([OLDER]));
  });
});

describe('the one release rule over generated datasets (SYNTHETIC)', () => {
  const YEARS = [2005, 2007, 2009, 2011];
  const release = (id: string, published: string): Release => ({ release_id: id, label: `${id} (synthetic)`, port: 'POLA', published, note: '', source_ref: [SYNTHETIC_SOURCE] });
  const held = fc.subarray(YEARS, { minLength: 1 });
  const published = fc.constantFrom('2010', '2011-06', '2012', '2013-01', '');

  it('the emissions, reductions and intensity charts show each figure from the release the rule picks, whatever the dates and years held', () => {
    fc.assert(
      fc.property(held, held, published, published, fc.integer({ min: 100, max: 999 }), (yearsA, yearsB, dateA, dateB, seedValue) => {
        const releases = [release('SYN_A', dateA), release('SYN_B', dateB)];
        const emissions = [
          ...yearsA.map((y, i) => em('POLA', y, 'DPM', seedValue + i * 7, { release: 'SYN_A' })),
          ...yearsB.map((y, i) => em('POLA', y, 'DPM', seedValue + 3 + i * 11, { release: 'SYN_B' })),
        ];
        const dataset = syntheticDataset({ releases: [...RELEASES, ...releases], emissions, throughput: YEARS.map((y) => teu('POLA', y, 1_000_000 + y)) });
        const byYear = (rows: readonly { year: number; release: string }[]) => new Map(rows.map((r) => [r.year, r.release]));
        const expected = (holds: (e: EmissionsRecord) => boolean) =>
          new Map(chooseReleasePerKey(dataset, emissions.filter(holds), (e) => String(e.year)).map((p) => [p.row.year, p.release]));
        // A tonnage: every release holding it.
        expect(byYear(emissionsChartData(dataset, options).records)).toEqual(expected(() => true));
        // A change against 2005: the releases holding the year and 2005.
        const with2005 = new Set(emissions.filter((e) => e.year === 2005).map((e) => e.release));
        const changes = expected((e) => with2005.has(e.release));
        expect(byYear(reductionsChartData(dataset, options).records)).toEqual(changes);
        // The intensity chart draws only series with a year beyond the baseline; each figure it draws agrees.
        for (const r of intensityChartData(dataset, options).records) expect([r.year, r.release]).toEqual([r.year, changes.get(r.year)]);
      }),
      { numRuns: 60 },
    );
  });
});
