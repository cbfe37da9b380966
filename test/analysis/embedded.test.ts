import { beforeAll, describe, expect, it } from 'vitest';
import {
  decomposeChange,
  intensityPer10000Teu,
  projectSeries,
  reconcileIndicators,
  reductionsVsBaseline,
  regionalContext,
  rowsOf,
  sourceCategoryShares,
  targetProgress,
} from '../../src/analysis/index.ts';
import { EMBEDDED_DATASET_DIR } from '../../src/cli/common.ts';
import { assembleDataset, type Dataset } from '../../src/ingest/dataset.ts';
import { loadDataset } from '../../src/ingest/load.ts';

// The analyses on the embedded San Pedro Bay dataset: figures an analyst can check against the published
// ones (research notes: derived_validation_checks.csv recomputes the same percentages by hand).
let dataset: Dataset;
beforeAll(async () => {
  dataset = await loadDataset(EMBEDDED_DATASET_DIR);
});

describe('the analyses on the embedded dataset', () => {
  it('reductions match the hand checks: POLA 2010 DPM -68.9%, NOx -50.2%, SOx -75.1%; POLB 2007 DPM -20.8%', () => {
    const rows = rowsOf(reductionsVsBaseline(dataset, { from: 2007, to: 2010 }));
    const pct = (port: string, year: number, pollutant: string) => rows.find((r) => r.port === port && r.year === year && r.pollutant === pollutant && r.source_category === 'all')!.pct_change!;
    expect(pct('POLA', 2010, 'DPM')).toBeCloseTo(((277 - 891) / 891) * 100, 9);
    expect(pct('POLA', 2010, 'NOx')).toBeCloseTo(((8138 - 16331) / 16331) * 100, 9);
    expect(pct('POLA', 2010, 'SOx')).toBeCloseTo(((1320 - 5306) / 5306) * 100, 9);
    expect(pct('POLB', 2007, 'DPM')).toBeCloseTo(((824 - 1040) / 1040) * 100, 9);
    // San Pedro Bay combined where both ports report DPM: 2007, (627 + 824) vs (891 + 1040).
    expect(pct('SPB_combined', 2007, 'DPM')).toBeCloseTo(((627 + 824 - 891 - 1040) / 1931) * 100, 9);
  });

  it('reconcile: POLA 2012 agrees with the report card for DPM, NOx and SOx; 2008 DPM differs', () => {
    const rows = rowsOf(reconcileIndicators(dataset, { port: 'POLA', from: 2008, to: 2012 }));
    const row = (year: number, pollutant: string) => rows.find((r) => r.year === year && r.pollutant === pollutant && r.relative_to === 'CAAP_2005' && r.metric === 'absolute')!;
    expect(['DPM', 'NOx', 'SOx'].map((p) => row(2012, p).status)).toEqual(['agrees', 'agrees', 'agrees']);
    expect(row(2012, 'DPM').difference_pts!).toBeCloseTo(-0.24, 2);
    expect(row(2008, 'DPM')).toMatchObject({ status: 'differs', published: -19 });
    expect(row(2008, 'DPM').computed!).toBeCloseTo(-22.11, 2);
    expect(row(2008, 'DPM').cause).toContain('different release');
  });

  it('intensity: POLA 2010 DPM per 10,000 TEU against 2005 as the research computed it, marked approximate', () => {
    const row = rowsOf(intensityPer10000Teu(dataset, { port: 'POLA', pollutant: 'DPM' })).find((r) => r.year === 2010)!;
    expect(row.teu).toBe(7_831_902);
    expect(row.approximate).toBe(true);
    expect(row.intensity!).toBeCloseTo((277 / 7_831_902) * 10_000, 12);
    expect(row.intensity_index!).toBeCloseTo((277 / 7_831_902 / (891 / row.baseline_teu!)) * 100, 9);
  });

  it('targets: every target has a row; SOx 2023 conflicts flagged; GHG vs 1990 says what is missing', () => {
    const rows = rowsOf(targetProgress(dataset));
    expect(new Set(rows.map((r) => r.target_id))).toEqual(new Set(dataset.records.targets.map((t) => t.target_id)));
    expect(rows.filter((r) => r.conflict_group === 'SPBS_2023_SOx' && r.port === 'POLA').map((r) => r.conflicting)).toEqual([true, true, true]);
    const pola2014 = rows.find((r) => r.target_id === 'SPBS_2014_DPM' && r.port === 'POLA')!;
    expect(pola2014).toMatchObject({ met: true, first_year_met: 2012, met_by_target_year: true });
    expect(rows.find((r) => r.target_id === 'CAAP2017_GHG_2030' && r.port === 'POLA')!.reason).toContain('GHG_1990');
    for (const row of rows) for (const v of Object.values(row)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
  });

  it('project: the published POLA DPM index is projected below the 2005 level with an interval', () => {
    const rows = rowsOf(projectSeries(dataset, { port: 'POLA', pollutant: 'DPM', series: 'published_index', to: [2030] }));
    const p = rows.find((r) => r.kind === 'projection')!;
    expect(p.value).toBeLessThan(100);
    expect(p.lower!).toBeLessThanOrEqual(p.value);
    expect(p.upper!).toBeGreaterThanOrEqual(p.value);
    expect(p.method).toContain('Theil-Sen');
  });

  it('regional context: OGV 2030 32.6 tons/day = 11,899 tons/year; basin 2037 NOx 124 tons/day above the carrying capacity', () => {
    const rows = rowsOf(regionalContext(dataset, { pollutant: 'NOx' }));
    expect(rows.find((r) => r.item === 'NOx (projected)')!.tons_per_year!).toBeCloseTo(11_899, 9);
    expect(rows.find((r) => r.year === 2037 && r.value === 184)).toMatchObject({ planning_target: 60, above_target: 124 });
  });

  it('categories: POLB 2018 ships 86.3% of the three categories reported, phase 3 (2029-12-31)', () => {
    const row = rowsOf(sourceCategoryShares(dataset, { port: 'POLB', to: 2018, from: 2018 })).find((r) => r.source_category === 'ocean_going_vessels')!;
    expect(row.share_pct!).toBeCloseTo((63 / 73) * 100, 9);
    expect(row).toMatchObject({ phase: 3, phase_deadline: '2029-12-31', total_basis: 'sum_of_categories' });
  });

  it('decompose: POLA 2005-2012 DPM effects sum to -706 t', () => {
    const rows = rowsOf(decomposeChange(dataset, { port: 'POLA', pollutant: 'DPM' }));
    const sum = rows.filter((r) => r.effect !== 'total').reduce((s, r) => s + (r.value ?? 0), 0);
    expect(rows.find((r) => r.effect === 'total')!.value).toBe(-706);
    expect(Math.abs(sum + 706)).toBeLessThanOrEqual(706e-9);
  });

  it('does not depend on the order of the data rows: reversed resources give byte-identical tables', () => {
    const { records } = dataset;
    const reversed = assembleDataset(
      { name: dataset.name, title: dataset.title, ...(dataset.defaultBaseline ? { defaultBaseline: dataset.defaultBaseline } : {}) },
      {
        ...records,
        emissions: [...records.emissions].reverse(),
        indicators: [...records.indicators].reverse(),
        throughput: [...records.throughput].reverse(),
        targets: [...records.targets].reverse(),
        regional: [...records.regional].reverse(),
        milestones: [...records.milestones].reverse(),
        baselines: [...records.baselines].reverse(),
      },
    );
    const all = (ds: Dataset) =>
      JSON.stringify([
        reductionsVsBaseline(ds).objects(),
        intensityPer10000Teu(ds).objects(),
        targetProgress(ds).objects(),
        reconcileIndicators(ds).objects(),
        projectSeries(ds).objects(),
        regionalContext(ds).objects(),
        sourceCategoryShares(ds).objects(),
        decomposeChange(ds, { port: 'POLA', pollutant: 'NOx' }).objects(),
      ]);
    expect(all(reversed)).toBe(all(dataset));
  });
});
