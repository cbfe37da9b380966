import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseTeu } from '../../src/analysis/common.ts';
import { intensityPer10000Teu } from '../../src/analysis/intensity.ts';
import { rowsOf, type IntensityRow } from '../../src/analysis/types.ts';
import { em, sanPedroLike, syntheticDataset, teu } from '../helpers/synthetic-dataset.ts';

// Synthetic datasets; TEU values are test inputs.
const throughput = [
  teu('POLA', 2005, 7_500_000, 'rounded', { source_ref: ['A_SOURCE'] }),
  teu('POLA', 2005, 7_480_000, 'rounded', { source_ref: ['B_SOURCE'] }),
  teu('POLA', 2012, 8_077_714),
  teu('POLA', 2010, 7_831_902),
  teu('POLA', 2010, 7_800_000, 'rounded'),
  teu('POLA', 2011, 7_200_000, 'exact', { period: 'jan_nov', precision: 'partial_year' }),
  teu('POLB', 2005, 6_709_818),
  teu('POLB', 2007, 7_310_000, 'rounded'),
  teu('POLB', 2012, 6_040_000, 'derived'),
  teu('POLB', 2012, 6_000_000, 'rounded'),
];
const rows = (ds = sanPedroLike({ throughput }), options = {}) => rowsOf(intensityPer10000Teu(ds, options));
const find = (list: IntensityRow[], port: string, year: number, release = port === 'POLB' ? 'POLB_EI_2012' : port === 'SPB' ? 'POLA_OPEN_2013+POLB_EI_2012' : 'POLA_OPEN_2013') =>
  list.find((r) => r.port === port && r.year === year && r.release === release)!;

describe('intensityPer10000Teu', () => {
  it('computes POLA 2012 DPM tons per 10,000 TEU and indexes it to 2005', () => {
    const row = find(rows(), 'POLA', 2012);
    expect(row.teu).toBe(8_077_714);
    expect(row.intensity).toBeCloseTo((185 / 8_077_714) * 10_000, 12);
    // 2005: two rounded figures; 7,480,000 has more significant digits than 7,500,000.
    expect(row.baseline_teu).toBe(7_480_000);
    expect(row.baseline_intensity).toBeCloseTo((891 / 7_480_000) * 10_000, 12);
    expect(row.intensity_index).toBeCloseTo(((185 / 8_077_714) / (891 / 7_480_000)) * 100, 9);
    expect(row.tons_index).toBeCloseTo((185 / 891) * 100, 9);
    expect(row.approximate).toBe(true);
    expect(row.reason).toBe('');
  });

  it('indexes the baseline year to 100 for both tons and intensity', () => {
    const row = find(rows(), 'POLA', 2005);
    expect(row.tons_index).toBe(100);
    expect(row.intensity_index).toBe(100);
  });

  it('prefers exact over derived over rounded TEU', () => {
    const ds = sanPedroLike({ throughput });
    expect(chooseTeu(ds, 'POLA', 2010)).toMatchObject({ teu: 7_831_902, precision: 'exact', approximate: false });
    expect(chooseTeu(ds, 'POLB', 2012)).toMatchObject({ teu: 6_040_000, precision: 'derived', approximate: true });
  });

  it('never uses a partial-year TEU figure, and says so', () => {
    const ds = sanPedroLike({ throughput });
    const row = find(rows(ds), 'POLA', 2011);
    expect(row.teu).toBeNull();
    expect(row.intensity).toBeNull();
    expect(row.tons_index).toBeCloseTo((259 / 891) * 100, 9);
    expect(row.reason).toBe('no calendar-year TEU for POLA 2011 (only a partial-year figure, not used)');
  });

  it('sums member TEU for a combined port, approximate when a member is', () => {
    const row = find(rows(), 'SPB', 2007);
    expect(row.tons).toBe(627 + 800);
    expect(row.teu).toBeNull();
    expect(row.reason).toBe('no TEU figure for SPB 2007');
    const ds = sanPedroLike({ throughput: [...throughput, teu('POLA', 2007, 8_400_000, 'rounded')] });
    const ok = find(rows(ds), 'SPB', 2007);
    expect(ok.teu).toBe(8_400_000 + 7_310_000);
    expect(ok.baseline_teu).toBe(7_480_000 + 6_709_818);
    expect(ok.approximate).toBe(true);
    expect(ok.intensity_index).toBeCloseTo((((627 + 800) / 15_710_000) / ((891 + 1000) / 14_189_818)) * 100, 9);
  });

  it('gives the reductions reason when there is no baseline in the release', () => {
    const row = find(rows(), 'POLA', 2008, 'POLA_EI_2008');
    expect(row.intensity_index).toBeNull();
    expect(row.reason).toBe('no TEU figure for POLA 2008');
    const ds = syntheticDataset({ emissions: [em('POLA', 2010, 'NOx', 5)], throughput });
    expect(find(rows(ds), 'POLA', 2010).reason).toBe(
      'no index: release POLA_OPEN_2013 has no NOx port total value for 2005, the CAAP_2005 baseline year',
    );
  });

  it('property: intensity x TEU / 10,000 = tons', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 2005, max: 2030 }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.integer({ min: 1, max: 2e7 })), { minLength: 1, maxLength: 10 }),
        (points) => {
          const seen = new Set<number>();
          const unique = points.filter(([y]) => !seen.has(y) && seen.add(y));
          const ds = syntheticDataset({
            emissions: unique.map(([y, v]) => em('POLA', y, 'NOx', v)),
            throughput: unique.map(([y, , t]) => teu('POLA', y, t)),
          });
          for (const row of rows(ds, { port: 'POLA' })) {
            expect((row.intensity! * row.teu!) / 10_000).toBeCloseTo(row.tons, 6);
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});
