import { describe, expect, it } from 'vitest';
import { fitTrend, projectSeries, regionalContext, trendValue } from '../../src/analysis/project.ts';
import { normalQuantile, theilSen } from '../../src/analysis/trend.ts';
import { rowsOf } from '../../src/analysis/types.ts';
import { PortEmissionsError } from '../../src/errors.ts';
import { em, ind, POLA_DPM, regional, sanPedroLike, syntheticDataset, target } from '../helpers/synthetic-dataset.ts';

// Synthetic series; expected values computed by hand in each test.
describe('theilSen', () => {
  it('recovers an exact line, with a zero-width interval', () => {
    const fit = theilSen([1, 2, 3, 4, 5, 6].map((x) => ({ x, y: 3 * x + 2 })));
    expect(fit.slope).toBe(3);
    expect(fit.intercept).toBe(2);
    expect(fit.slopeLower).toBe(3);
    expect(fit.slopeUpper).toBe(3);
  });

  it('is not moved by a 2020 dip and a 2021 spike (ordinary least squares would be)', () => {
    const points = Array.from({ length: 12 }, (_, i) => ({ x: 2010 + i, y: 1000 - 50 * i }));
    points[10]!.y *= 0.6; // 2020
    points[11]!.y *= 1.8; // 2021
    // 45 of the 66 pairwise slopes avoid 2020-2021 and are exactly -50: the median is -50.
    expect(theilSen(points).slope).toBe(-50);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const mx = mean(points.map((p) => p.x));
    const my = mean(points.map((p) => p.y));
    const ols = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
    expect(Math.abs(ols + 50)).toBeGreaterThan(5);
  });

  it('takes the Sen interval at ranks (N - C)/2 and (N + C)/2 + 1', () => {
    // 8 points, distinct slopes: N = 28, Var S = 8*7*21/18 = 65.333, C = 1.95996 * 8.0829 = 15.842,
    // ranks 6.079 and 22.921 of the ordered slopes.
    const ys = [10, 12, 11, 15, 14, 19, 17, 23];
    const points = ys.map((y, i) => ({ x: i, y }));
    const slopes: number[] = [];
    for (let i = 0; i < 8; i++) for (let j = i + 1; j < 8; j++) slopes.push((ys[j]! - ys[i]!) / (j - i));
    slopes.sort((a, b) => a - b);
    const c = 1.959963985 * Math.sqrt((8 * 7 * 21) / 18);
    const lo = (28 - c) / 2;
    const hi = (28 + c) / 2 + 1;
    const at = (r: number) => slopes[Math.floor(r) - 1]! + (r - Math.floor(r)) * (slopes[Math.floor(r)]! - slopes[Math.floor(r) - 1]!);
    const fit = theilSen(points);
    expect(lo).toBeCloseTo(6.079, 3);
    expect(hi).toBeCloseTo(22.921, 3);
    expect(fit.slopeLower).toBeCloseTo(at(lo), 6);
    expect(fit.slopeUpper).toBeCloseTo(at(hi), 6);
    expect(fit.pairs).toBe(28);
  });

  it('gives no interval when there are too few points for the level', () => {
    const fit = theilSen([{ x: 1, y: 1 }, { x: 2, y: 3 }, { x: 3, y: 4 }]);
    expect(fit.slope).toBe(1.5);
    expect(fit.slopeLower).toBeNull();
  });

  it('normalQuantile(0.975) = 1.959964', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
  });
});

describe('projectSeries', () => {
  const dataset = sanPedroLike({
    targets: [
      target('DPM_2030_80', ['SPB'], 'DPM', 2030, 80),
      target('DPM_2030_85', ['SPB'], 'DPM', 2030, 85, { conflict_group: 'DPM_2030' }),
    ],
  });
  const rows = (options = {}) => rowsOf(projectSeries(dataset, options));

  it('fits ln(tons) by Theil-Sen and projects to 2030 and 2035 with an interval', () => {
    const pola = rows({ port: 'POLA', pollutant: 'DPM' });
    expect(pola.filter((r) => r.kind === 'observed').map((r) => r.year)).toEqual([2005, 2006, 2007, 2008, 2009, 2010, 2011, 2012]);
    expect(pola.every((r) => r.release === 'POLA_OPEN_2013')).toBe(true);
    const points = Object.entries(POLA_DPM).map(([x, y]) => ({ x: Number(x), y }));
    const trend = fitTrend(points);
    const p2030 = pola.find((r) => r.kind === 'projection' && r.year === 2030)!;
    expect(p2030.value).toBeCloseTo(trendValue(trend, 2030).value, 9);
    expect(p2030.value).toBeCloseTo(Math.exp(trend.fit.intercept + trend.fit.slope * 2030), 9);
    expect(p2030.lower!).toBeLessThan(p2030.value);
    expect(p2030.upper!).toBeGreaterThan(p2030.value);
    expect(p2030.method).toMatch(/^Theil-Sen on ln\(tons\) \(a constant % change per year\): median of 28 pairwise slopes from 8 points, 2005-2012: -\d+\.\d% per year; 95% rank-based \(Sen\) interval/);
    expect(pola.filter((r) => r.kind === 'projection').map((r) => r.year)).toEqual([2030, 2035]);
  });

  it('uses the release with the most years for a series', () => {
    expect(rows({ port: 'POLA' }).some((r) => r.release === 'POLA_EI_2008')).toBe(false);
  });

  it('places the strictest target of the year and the gap, naming the others', () => {
    const p2030 = rows({ port: 'POLA' }).find((r) => r.kind === 'projection' && r.year === 2030)!;
    expect(p2030.target_id).toBe('DPM_2030_85');
    expect(p2030.target_value).toBeCloseTo(891 * 0.15, 9);
    expect(p2030.gap).toBeCloseTo(p2030.value - 891 * 0.15, 9);
    expect(p2030.reason).toBe('strictest target used; also published: DPM_2030_80 (80%)');
    const spb = rows({ port: 'SPB' }).find((r) => r.kind === 'projection' && r.year === 2030)!;
    expect(spb.target_value).toBeCloseTo(1891 * 0.15, 9);
    expect(spb.release).toBe('POLA_OPEN_2013+POLB_EI_2012');
  });

  it('gives no projection for fewer than 3 points, and says why', () => {
    const ds = syntheticDataset({ emissions: [em('POLA', 2005, 'NOx', 10), em('POLA', 2010, 'NOx', 8)] });
    const list = rowsOf(projectSeries(ds, { port: 'POLA' }));
    expect(list.map((r) => r.kind)).toEqual(['observed', 'observed']);
    expect(list[0]!.reason).toBe('2 points: a trend needs at least 3; no projection');
  });

  it('linear scale floors projections at 0', () => {
    const p2035 = rows({ port: 'POLA', scale: 'linear' }).find((r) => r.kind === 'projection' && r.year === 2035)!;
    expect(p2035.value).toBe(0);
    expect(p2035.method).toMatch(/^Theil-Sen on tons \(projections below 0 shown as 0\)/);
  });

  it('fits only the years asked for', () => {
    expect(rows({ port: 'POLA', from: 2008 }).find((r) => r.kind === 'projection')!.method).toContain('from 5 points, 2008-2012');
  });

  it('projects the published % vs baseline as an index, untroubled by a 2020-2021 swing', () => {
    // Index 20 x 0.95^(year - 2013): a steady 5% a year, except a 2020 dip and a 2021 spike.
    const index = (year: number) => 20 * 0.95 ** (year - 2013) * (year === 2020 ? 0.8 : year === 2021 ? 1.6 : 1);
    const years = Array.from({ length: 12 }, (_, i) => 2013 + i);
    const ds = sanPedroLike({
      indicators: [
        ...years.map((y) => ind('POLA', y, 'DPM', index(y) - 100, 'CAAP_2005')),
        ind('POLA', 2017, 'DPM', index(2017) - 100 + 1, 'CAAP_2005', { source_ref: ['OTHER'] }),
        ind('POLA', 2017, 'DPM', index(2017) - 100 - 1, 'CAAP_2005', { source_ref: ['THIRD'] }),
      ],
      targets: [target('DPM_2030_95', ['SPB'], 'DPM', 2030, 95)],
    });
    const list = rowsOf(projectSeries(ds, { port: 'POLA', series: 'published_index' }));
    expect(list.every((r) => r.series === 'published_index' && r.unit === 'index_baseline_100' && r.baseline_id === 'CAAP_2005' && r.release === '')).toBe(true);
    // Three figures for 2017: their median.
    expect(list.find((r) => r.kind === 'observed' && r.year === 2017)!.value).toBeCloseTo(index(2017), 9);
    const p2030 = list.find((r) => r.kind === 'projection' && r.year === 2030)!;
    expect(p2030.method).toContain('2013-2024: -5.0% per year');
    expect(p2030.method).toContain("the published % vs CAAP_2005 as an index (baseline = 100); each year as published then, against that edition's own restated baseline");
    expect(p2030.value).toBeCloseTo(20 * 0.95 ** 17, 6);
    expect(p2030.target_id).toBe('DPM_2030_95');
    expect(p2030.target_value).toBe(5);
    expect(p2030.gap).toBeCloseTo(20 * 0.95 ** 17 - 5, 6);
  });

  it('refuses an unknown method', () => {
    expect(() => projectSeries(dataset, { method: 'ols' as 'theil-sen' })).toThrow(PortEmissionsError);
  });
});

describe('regionalContext', () => {
  const dataset = syntheticDataset({
    emissions: [em('POLB', 2005, 'NOx', 900, { source_category: 'ocean_going_vessels' })],
    regional: [
      regional('South Coast Air Basin ocean-going vessels', 2030, 'NOx (projected)', 32.6, 'tons_per_day'),
      regional('South Coast Air Basin', 2018, 'NOx total', 351, 'tons_per_day', { basis: 'inventory' }),
      regional('South Coast Air Basin', 2037, 'NOx baseline projection', 184, 'tons_per_day'),
      regional('South Coast Air Basin', 2037, 'NOx carrying capacity', 60, 'tons_per_day', { basis: 'planning_target' }),
      regional('South Coast Air Basin ocean-going vessels', 2030, 'share of mobile-source NOx', 20, 'percent', { basis: 'share' }),
    ],
  });
  const rows = rowsOf(regionalContext(dataset));

  it('converts the OGV 2030 32.6 tons/day to 11,899 tons/year in the source\'s ton', () => {
    const ogv = rows.find((r) => r.item === 'NOx (projected)')!;
    expect(ogv.tons_per_year).toBeCloseTo(32.6 * 365, 9);
    expect(ogv.conversion).toBe("per day -> per year (x365, an annualised day); ton type unstated: the result stays in the source's ton");
  });

  it('sets the basin NOx path against the carrying capacity', () => {
    const y2037 = rows.find((r) => r.item === 'NOx baseline projection')!;
    expect(y2037.planning_target).toBe(60);
    expect(y2037.above_target).toBe(124);
    expect(rows.find((r) => r.year === 2018)!.above_target).toBe(291);
  });

  it('puts the ports\' OGV figures beside them, and says a share is not a mass', () => {
    const port = rows.find((r) => r.scope === 'port')!;
    expect(port).toMatchObject({ region: 'Port of Long Beach (synthetic)', value: 900, tons_per_year: 900, conversion: "no conversion; ton type unstated: the result stays in the source's ton" });
    expect(rows.find((r) => r.unit === 'percent')!.conversion).toBe('a share, not a mass');
    expect(rows.find((r) => r.unit === 'percent')!.tons_per_year).toBeNull();
  });
});
