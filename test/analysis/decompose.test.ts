import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decomposeChange, lmdi, logMean } from '../../src/analysis/decompose.ts';
import { rowsOf, type DecompositionRow } from '../../src/analysis/types.ts';
import { PortEmissionsError } from '../../src/errors.ts';
import { em, RELEASES, sanPedroLike, syntheticDataset, teu } from '../helpers/synthetic-dataset.ts';

// Synthetic datasets; expectations computed by hand with the LMDI formulas.
const throughput = [teu('POLA', 2005, 7_480_000, 'rounded'), teu('POLA', 2012, 8_077_714), teu('POLB', 2005, 6_709_818), teu('POLB', 2012, 6_040_000, 'rounded')];
const effects = (rows: DecompositionRow[]) => Object.fromEntries(rows.map((r) => [r.effect, r.value]));
const run = (ds: ReturnType<typeof syntheticDataset>, options: Parameters<typeof decomposeChange>[1]) => rowsOf(decomposeChange(ds, options));
const sumOfEffects = (rows: DecompositionRow[]) => rows.filter((r) => r.effect !== 'total').reduce((s, r) => s + (r.value ?? 0), 0);

describe('logMean', () => {
  it('is (a - b) / (ln a - ln b), and a when a = b', () => {
    expect(logMean(185, 891)).toBeCloseTo((185 - 891) / (Math.log(185) - Math.log(891)), 12);
    expect(logMean(5, 5)).toBe(5);
  });
});

describe('decomposeChange', () => {
  it('splits POLA DPM 2005-2012 into activity and intensity that add up to -706 t', () => {
    const rows = run(sanPedroLike({ throughput }), { port: 'POLA', pollutant: 'DPM', from: 2005, to: 2012 });
    const w = (185 - 891) / (Math.log(185) - Math.log(891));
    const activity = w * Math.log(8_077_714 / 7_480_000);
    const intensity = w * Math.log(185 / 8_077_714 / (891 / 7_480_000));
    const e = effects(rows);
    expect(e.activity).toBeCloseTo(activity, 9); // about +34.5 t: more containers
    expect(e.intensity).toBeCloseTo(intensity, 9); // about -740.5 t: less per container
    expect(e.total).toBe(185 - 891);
    expect(e.structure).toBeNull();
    expect(Math.abs(sumOfEffects(rows) - e.total!)).toBeLessThanOrEqual(1e-9 * Math.abs(e.total!));
    expect(rows.map((r) => r.effect)).toEqual(['activity', 'intensity', 'structure', 'total']);
    expect(rows[0]).toMatchObject({ release: 'POLA_OPEN_2013', approximate: true, unit: 'tons_per_year', from_year: 2005, to_year: 2012 });
    expect(rows[2]!.reason).toBe('no structure effect: release POLA_OPEN_2013 has no source categories for both years');
  });

  it('defaults from to the baseline year and to to the latest year of a release holding both', () => {
    const rows = run(sanPedroLike({ throughput }), { port: 'POLA', pollutant: 'DPM' });
    expect([rows[0]!.from_year, rows[0]!.to_year]).toEqual([2005, 2012]);
  });

  it('adds a structure effect from source categories, and the three effects sum to the change', () => {
    const cat = (year: number, category: string, value: number) => em('POLB', year, 'DPM', value, { source_category: category });
    const ds = syntheticDataset({
      throughput,
      emissions: [
        em('POLB', 2005, 'DPM', 857), cat(2005, 'ocean_going_vessels', 605), cat(2005, 'heavy_duty_vehicles', 205), cat(2005, 'cargo_handling_equipment', 47),
        em('POLB', 2012, 'DPM', 73), cat(2012, 'ocean_going_vessels', 63), cat(2012, 'heavy_duty_vehicles', 7), cat(2012, 'cargo_handling_equipment', 3),
      ],
    });
    const rows = run(ds, { port: 'POLB', pollutant: 'DPM', from: 2005, to: 2012 });
    const e = effects(rows);
    expect(e.structure).not.toBeNull();
    // By hand: each category weighted by L(E_i1, E_i0), times ln(share_1 / share_0); the categories make up the total.
    const pairs: [number, number][] = [[605, 63], [205, 7], [47, 3]];
    const structure = pairs.reduce((s, [a, b]) => s + logMean(b, a) * Math.log((b / 73) / (a / 857)), 0);
    const activity = pairs.reduce((s, [a, b]) => s + logMean(b, a) * Math.log(6_040_000 / 6_709_818), 0);
    expect(e.structure).toBeCloseTo(structure, 9); // about -10 t: the mix shifted toward ships, whose tons fell least slowly
    expect(e.activity).toBeCloseTo(activity, 9);
    expect(e.total).toBe(73 - 857);
    expect(Math.abs(sumOfEffects(rows) - e.total!)).toBeLessThanOrEqual(1e-9 * Math.abs(e.total!));
  });

  it('prefers a release with port totals, and says when a total is a sum of categories', () => {
    const ds = syntheticDataset({
      releases: [...RELEASES, { release_id: 'POLB_BY_CATEGORY', label: 'by category', port: 'POLB', published: '2019', note: '', source_ref: ['SYNTHETIC_TEST'] }],
      throughput: [...throughput, teu('POLB', 2007, 7_310_000, 'rounded'), teu('POLB', 2018, 8_091_023, 'derived')],
      emissions: [
        em('POLB', 2005, 'DPM', 1040), em('POLB', 2007, 'DPM', 824),
        em('POLB', 2005, 'DPM', 605, { source_category: 'ocean_going_vessels', release: 'POLB_BY_CATEGORY' }),
        em('POLB', 2005, 'DPM', 205, { source_category: 'heavy_duty_vehicles', release: 'POLB_BY_CATEGORY' }),
        em('POLB', 2018, 'DPM', 63, { source_category: 'ocean_going_vessels', release: 'POLB_BY_CATEGORY' }),
        em('POLB', 2018, 'DPM', 7, { source_category: 'heavy_duty_vehicles', release: 'POLB_BY_CATEGORY' }),
      ],
    });
    const byDefault = run(ds, { port: 'POLB', pollutant: 'DPM' });
    expect(byDefault[3]).toMatchObject({ to_year: 2007, value: 824 - 1040, release: 'POLB_EI_2012', reason: '' });
    const categories = run(ds, { port: 'POLB', pollutant: 'DPM', to: 2018 });
    expect(categories[3]).toMatchObject({ value: 70 - 810, release: 'POLB_BY_CATEGORY' });
    expect(categories[3]!.reason).toBe(
      'the 2005 total is the sum of the 2 categories reported (ocean_going_vessels, heavy_duty_vehicles), not a published port total; the 2018 total is the sum of the 2 categories reported (ocean_going_vessels, heavy_duty_vehicles), not a published port total',
    );
    expect(Math.abs(sumOfEffects(categories) - (70 - 810))).toBeLessThanOrEqual(1e-9 * 740);
  });

  it('a category zero in one year: its whole change goes to structure (Ang & Liu 2007 limit)', () => {
    const result = lmdi(100, 120, 10, 12, [
      { share0: 1, share1: 0.75 },
      { share0: 0, share1: 0.25 },
    ]);
    // Category 2: 0 -> 30 t, all structure. Category 1: 100 -> 90 t with the usual weights.
    const w = logMean(90, 100);
    expect(result.activity).toBeCloseTo(w * Math.log(1.2), 12);
    expect(result.intensity).toBeCloseTo(w * Math.log(1), 12);
    expect(result.structure).toBeCloseTo(30 + w * Math.log(0.75), 12);
    expect(result.activity + result.intensity + result.structure!).toBeCloseTo(20, 9);
  });

  it('property: the effects always sum to the total change (1e-9 relative)', () => {
    const positive = fc.double({ min: 0.01, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(positive, positive, positive, positive, fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 })), { minLength: 1, maxLength: 6 }), (e0, e1, a0, a1, raw) => {
        const s0 = raw.reduce((s, [x]) => s + x, 0);
        const s1 = raw.reduce((s, [, y]) => s + y, 0);
        fc.pre(s0 > 0 && s1 > 0);
        const cats = raw.map(([x, y]) => ({ share0: x / s0, share1: y / s1 }));
        for (const r of [lmdi(e0, e1, a0, a1), lmdi(e0, e1, a0, a1, cats)]) {
          const sum = r.activity + r.intensity + (r.structure ?? 0);
          expect(Math.abs(sum - r.total)).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(r.total), e0, e1));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('no structure when the categories do not make up the published total', () => {
    const ds = syntheticDataset({
      throughput,
      emissions: [em('POLB', 2005, 'DPM', 1040), em('POLB', 2005, 'DPM', 605, { source_category: 'ocean_going_vessels' }), em('POLB', 2012, 'DPM', 100), em('POLB', 2012, 'DPM', 63, { source_category: 'ocean_going_vessels' })],
    });
    const rows = run(ds, { port: 'POLB', pollutant: 'DPM', from: 2005, to: 2012 });
    expect(effects(rows).structure).toBeNull();
    expect(rows[2]!.reason).toBe(
      'no structure effect: the categories reported for 2005 sum to 605 of a total of 1040; no structure effect: the categories reported for 2012 sum to 63 of a total of 100',
    );
    expect(Math.abs(sumOfEffects(rows) - (100 - 1040))).toBeLessThanOrEqual(1e-9 * 940);
  });

  it('refuses zero tons or missing TEU with a reason, still giving the total', () => {
    const zero = run(syntheticDataset({ throughput, emissions: [em('POLA', 2005, 'SOx', 0), em('POLA', 2012, 'SOx', 10)] }), { port: 'POLA', pollutant: 'SOx', from: 2005, to: 2012 });
    expect(effects(zero)).toEqual({ activity: null, intensity: null, structure: null, total: 10 });
    expect(zero[0]!.reason).toBe('not computable: tons in 2005 is 0; the logarithmic mean is undefined there (refused rather than substituting a small value)');
    const noTeu = run(sanPedroLike(), { port: 'POLA', pollutant: 'DPM', from: 2005, to: 2012 });
    expect(noTeu[0]!.reason).toBe('not computable: no TEU figure for POLA 2005');
    expect(effects(noTeu).total).toBe(-706);
    const noData = run(sanPedroLike({ throughput }), { port: 'POLA', pollutant: 'NOx', from: 2005, to: 2012 });
    expect(noData[3]!).toMatchObject({ value: null, reason: 'no release holds POLA NOx tonnages for 2005 and 2012' });
  });

  it('sums the members of a combined port', () => {
    const rows = run(sanPedroLike({ throughput }), { port: 'SPB', pollutant: 'DPM', from: 2005, to: 2012 });
    const e = effects(rows);
    expect(e.total).toBe(185 + 200 - 891 - 1000);
    expect(rows[0]!.release).toBe('POLA_OPEN_2013+POLB_EI_2012');
    const w = logMean(385, 1891);
    expect(e.activity).toBeCloseTo(w * Math.log((8_077_714 + 6_040_000) / (7_480_000 + 6_709_818)), 9);
    expect(rows[2]!.reason).toBe('no structure effect for SPB: its members\' categories come from different releases');
  });

  it('usage errors for missing options and reversed years', () => {
    const ds = sanPedroLike({ throughput });
    expect(() => decomposeChange(ds, { port: 'POLA', pollutant: 'DPM', from: 2012, to: 2005 })).toThrow('the option from (2012) must be before the option to (2005)');
    expect(() => decomposeChange(ds, { port: '', pollutant: 'DPM' })).toThrow(PortEmissionsError);
    expect(() => decomposeChange(ds, { port: 'POLA', pollutant: 'DPX' })).toThrow("unknown pollutant 'DPX'");
  });
});
