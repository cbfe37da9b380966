import { describe, expect, it } from 'vitest';
import { publishedTolerance, reconcileIndicators, restatementDiff } from '../../src/analysis/reconcile.ts';
import { rowsOf, type ReconcileRow, type RestatementRow } from '../../src/analysis/types.ts';
import { PortEmissionsError } from '../../src/errors.ts';
import type { IndicatorRecord, ThroughputRecord } from '../../src/schema/records.ts';
import { em, ind, POLA_DPM, sanPedroLike, syntheticDataset, teu } from '../helpers/synthetic-dataset.ts';

// Synthetic datasets. openDataOnly: POLA DPM 2005-2012 from a single release (as in the real embedded data).
const openDataOnly = (indicators: IndicatorRecord[], throughput: ThroughputRecord[] = []) =>
  syntheticDataset({ emissions: Object.entries(POLA_DPM).map(([y, v]) => em('POLA', Number(y), 'DPM', v)), indicators, throughput });
const reconcile = (ds: ReturnType<typeof syntheticDataset>) => rowsOf<ReconcileRow>(reconcileIndicators(ds));

describe('publishedTolerance', () => {
  it('is half a unit of the last published digit', () => {
    expect(publishedTolerance(-79)).toBe(0.5);
    expect(publishedTolerance(-41.7)).toBeCloseTo(0.05, 12);
    expect(publishedTolerance(1.25)).toBeCloseTo(0.005, 12);
  });
});

describe('reconcileIndicators', () => {
  it('POLA 2012 DPM: 891 -> 185 t is -79.24%, which agrees with the published -79%', () => {
    const [row] = reconcile(openDataOnly([ind('POLA', 2012, 'DPM', -79, 'CAAP_2005')]));
    expect(row!.computed).toBeCloseTo(((185 - 891) / 891) * 100, 9);
    expect(row!.difference_pts).toBeCloseTo(-0.2368, 4);
    expect(row!.tolerance_pts).toBe(0.5);
    expect(row!.status).toBe('agrees');
    expect(row!.computed_release).toBe('POLA_OPEN_2013');
    expect(row!.cause).toBe('');
  });

  it('POLA 2008 DPM: -22.1% from the open-data tonnages differs from the re-issued -19%', () => {
    const [row] = reconcile(openDataOnly([ind('POLA', 2008, 'DPM', -19, 'CAAP_2005', { release: 'POLA_EI_2008' })]));
    expect(row!.computed).toBeCloseTo(((694 - 891) / 891) * 100, 9); // -22.11
    expect(row!.status).toBe('differs');
    expect(row!.cause).toBe(
      'different release: published with POLA_EI_2008, whose tonnages the dataset does not hold; recomputed from POLA_OPEN_2013 (each inventory restates earlier years)',
    );
  });

  it('recomputes from the indicator\'s own release when the dataset holds it, and names restatements', () => {
    const ds = sanPedroLike({ indicators: [ind('POLA', 2008, 'DPM', -19, 'CAAP_2005', { release: 'POLA_EI_2008' }), ind('POLA', 2008, 'DPM', -19, 'CAAP_2005', { release: 'POLA_OPEN_2013', source_ref: ['OTHER'] })] });
    const rows = reconcile(ds);
    const own = rows.find((r) => r.release === 'POLA_EI_2008');
    const other = rows.find((r) => r.release === 'POLA_OPEN_2013');
    expect(own!.computed_release).toBe('POLA_EI_2008');
    expect(own!.computed).toBeCloseTo(((690 - 850) / 850) * 100, 9);
    expect(own!.status).toBe('agrees');
    expect(other!.status).toBe('differs');
    expect(other!.cause).toBe(
      'restated baseline 2005 value: 850 in POLA_EI_2008, 891 in POLA_OPEN_2013; restated 2008 value: 690 in POLA_EI_2008, 694 in POLA_OPEN_2013; different release: release POLA_EI_2008 agrees',
    );
  });

  it('when the source names no release, takes one that agrees and says the latest differs', () => {
    const [row] = reconcile(sanPedroLike({ indicators: [ind('POLA', 2008, 'DPM', -19, 'CAAP_2005')] }));
    expect(row!.status).toBe('agrees');
    expect(row!.computed_release).toBe('POLA_EI_2008');
    expect(row!.cause).toBe(
      'agrees with release POLA_EI_2008; the latest release POLA_OPEN_2013 gives -22.1%',
    );
  });

  it('recomputes prior-year changes from consecutive years of one release', () => {
    const rows = reconcile(openDataOnly([ind('POLA', 2007, 'DPM', -33.8, 'prior_year'), ind('POLA', 2007, 'DPM', -20, 'prior_year', { source_ref: ['PR_2008'] })]));
    const precise = rows.find((r) => r.published === -33.8)!;
    // (627 - 947) / 947 = -33.79%
    expect(precise.computed).toBeCloseTo(((627 - 947) / 947) * 100, 9);
    expect(precise.tolerance_pts).toBeCloseTo(0.05, 12);
    expect(precise.status).toBe('agrees');
    expect(rows.find((r) => r.published === -20)!.status).toBe('differs');
  });

  it('per 10,000 TEU: a rounded 2005 TEU explains a difference', () => {
    const throughput = [teu('POLA', 2005, 7_500_000, 'rounded'), teu('POLA', 2010, 7_831_902)];
    const [row] = reconcile(openDataOnly([ind('POLA', 2010, 'DPM', -71, 'CAAP_2005', { metric: 'per_10000_teu' })], throughput));
    expect(row!.computed).toBeCloseTo(((277 / 7_831_902) / (891 / 7_500_000) - 1) * 100, 9); // -70.23
    expect(row!.status).toBe('differs');
    expect(row!.cause).toBe(
      'rounded TEU: 2005 TEU 7500000 is rounded; likely a different release: the source does not name its inventory edition; recomputed from POLA_OPEN_2013 (each inventory restates earlier years)',
    );
  });

  it('names per-TEU vs absolute when the published absolute figure is in fact per TEU', () => {
    const throughput = [teu('POLA', 2005, 7_500_000, 'rounded'), teu('POLA', 2010, 7_831_902)];
    const [row] = reconcile(openDataOnly([ind('POLA', 2010, 'DPM', -70, 'CAAP_2005')], throughput));
    expect(row!.computed).toBeCloseTo(((277 - 891) / 891) * 100, 9); // -68.91
    expect(row!.status).toBe('differs');
    expect(row!.cause.startsWith('per-TEU vs absolute: the published figure matches the change per 10,000 TEU (-70.2%)')).toBe(true);
  });

  it('names rounded tonnages when small rounded values explain the difference', () => {
    // 47 -> 3 t is -93.6%; with each rounded to the ton, anything from -94.7% to -92.5%: the published -93% fits.
    const ds = syntheticDataset({
      emissions: [em('POLB', 2005, 'DPM', 47, { source_category: 'cargo_handling_equipment' }), em('POLB', 2018, 'DPM', 3, { source_category: 'cargo_handling_equipment' })],
      indicators: [ind('POLB', 2018, 'DPM', -93, 'CAAP_2005', { source_category: 'cargo_handling_equipment', release: 'POLB_EI_2012' })],
    });
    const [row] = reconcile(ds);
    expect(row!.status).toBe('differs');
    expect(row!.computed).toBeCloseTo(((3 - 47) / 47) * 100, 9);
    expect(row!.cause).toBe('rounded tonnages: with 3 and 47 t each rounded to their last digit, the change lies between -94.7% and -92.5%, which includes the published figure');
  });

  it('sums the members for a combined port', () => {
    const [row] = reconcile(sanPedroLike({ indicators: [ind('SPB', 2007, 'DPM', -24.5, 'CAAP_2005')] }));
    expect(row!.computed).toBeCloseTo(((627 + 800 - 891 - 1000) / 1891) * 100, 9);
    expect(row!.computed_release).toBe('POLA_OPEN_2013+POLB_EI_2012');
    expect(row!.status).toBe('agrees');
  });

  it('says what is missing when not computable', () => {
    const rows = reconcile(
      openDataOnly([
        ind('POLA', 2017, 'GHG', -30, 'CAAP_2005', { metric: 'per_container' }),
        ind('POLA', 2023, 'GHG', -34, 'unstated'),
        ind('POLA', 2013, 'DPM', -80, 'CAAP_2005'),
        ind('POLA', 2012, 'DPM', -81, 'CAAP_2005', { metric: 'per_10000_teu' }),
        ind('POLA', 2005, 'SOx', -4, 'CAAP_2001'),
        ind('POLA', 2012, 'NOx', -50, 'CAAP_1999'),
      ]),
    );
    expect(rows.every((r) => r.status === 'not_computable' && r.computed === null)).toBe(true);
    expect(rows.map((r) => r.cause)).toEqual([
      'not computable: no TEU figure for POLA 2012',
      'not computable: no DPM port total tonnage for POLA 2013',
      'not computable: relative to CAAP_1999, which is not a baseline of the dataset, prior_year or a year',
      'not computable: no SOx port total tonnage for POLA 2005',
      'not computable: a change per container needs container counts, which the dataset does not hold',
      'not computable: the source does not say what the change is relative to',
    ]);
  });
});

describe('restatementDiff', () => {
  const ds = sanPedroLike();
  it('lists what changed between two releases', () => {
    const rows = rowsOf<RestatementRow>(restatementDiff(ds, { releaseA: 'POLA_EI_2008', releaseB: 'POLA_OPEN_2013' }));
    expect(rows.find((r) => r.year === 2005)).toMatchObject({ value_a: 850, value_b: 891, change: 41, status: 'restated' });
    expect(rows.find((r) => r.year === 2005)!.pct_change).toBeCloseTo((41 / 850) * 100, 9);
    expect(rows.find((r) => r.year === 2008)).toMatchObject({ value_a: 690, value_b: 694, change: 4, status: 'restated' });
    expect(rows.find((r) => r.year === 2012)).toMatchObject({ value_a: null, value_b: 185, change: null, status: 'only_in_b' });
    expect(rows.map((r) => r.year)).toEqual([2005, 2006, 2007, 2008, 2009, 2010, 2011, 2012]);
  });

  it('refuses an unknown release with the valid ones', () => {
    try {
      restatementDiff(ds, { releaseA: 'POLA_EI_2009', releaseB: 'POLA_OPEN_2013' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PortEmissionsError);
      expect((error as PortEmissionsError).message).toBe("unknown release 'POLA_EI_2009': valid releases are POLA_EI_2008, POLA_OPEN_2013, POLB_EI_2012");
      expect((error as PortEmissionsError).hint).toBe('did you mean POLA_EI_2008?');
    }
  });
});
