import { describe, expect, it } from 'vitest';
import { publishedTolerance, reconcileIndicators, restatementDiff } from '../../src/analysis/reconcile.ts';
import { rowsOf } from '../../src/analysis/types.ts';
import { EMBEDDED_DATASET_DIR } from '../../src/cli/common.ts';
import { PortEmissionsError } from '../../src/errors.ts';
import { loadDataset } from '../../src/ingest/load.ts';
import type { Release, Unit } from '../../src/schema/codelists.ts';
import type { EmissionsRecord, IndicatorRecord, ThroughputRecord } from '../../src/schema/records.ts';
import { em, ind, POLA_DPM, RELEASES, sanPedroLike, SYNTHETIC_SOURCE, syntheticDataset, teu, UNITS } from '../helpers/synthetic-dataset.ts';

// Synthetic datasets. openDataOnly: POLA DPM 2005-2012 from a single release (as in the real embedded data).
const openDataOnly = (indicators: IndicatorRecord[], throughput: ThroughputRecord[] = []) =>
  syntheticDataset({ emissions: Object.entries(POLA_DPM).map(([y, v]) => em('POLA', Number(y), 'DPM', v)), indicators, throughput });
const reconcile = (ds: ReturnType<typeof syntheticDataset>) => rowsOf(reconcileIndicators(ds));

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
      'not computable: no SOx port total tonnage for POLA 2001 or 2005',
      'not computable: a change per container needs container counts, which the dataset does not hold',
      'not computable: the source does not say what the change is relative to',
    ]);
  });
});

describe('restatementDiff', () => {
  const ds = sanPedroLike();
  it('lists what changed between two releases', () => {
    const rows = rowsOf(restatementDiff(ds, { releaseA: 'POLA_EI_2008', releaseB: 'POLA_OPEN_2013' }));
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

describe('reconcileIndicators: tons reduced since the baseline', () => {
  it('embedded dataset: POLA 2012 tons reduced since 2005 (Report Card) against the open-data tonnages', async () => {
    const dataset = await loadDataset(EMBEDDED_DATASET_DIR);
    const rows = rowsOf(reconcileIndicators(dataset, { port: 'POLA' })).filter((r) => r.metric === 'reduction_since_baseline');
    const row = (pollutant: string) => rows.find((r) => r.pollutant === pollutant)!;
    // data/emissions.csv: POLA 2005 (lines 2-4) and 2012 (lines 23-25) port totals, LACITY_OPENDATA_2005_2012, ton_per_year;
    // published reductions (lines 36-40), POLA_REPORT_CARD_2005_2012, ton, baseline CAAP_2005 (2005 in codelists/baselines.csv).
    const expected = { DPM: [891, 185, 706], NOx: [16331, 7177, 9154], SOx: [5306, 631, 4675] } as const;
    for (const [pollutant, [in2005, in2012, published]] of Object.entries(expected)) {
      expect(in2005 - in2012, pollutant).toBe(published); // 891 - 185 = 706; 16331 - 7177 = 9154; 5306 - 631 = 4675
      expect(row(pollutant), pollutant).toMatchObject({
        year: 2012,
        source_category: 'all',
        relative_to: 'CAAP_2005',
        unit: 'ton',
        published,
        computed: in2005 - in2012,
        difference_t: 0,
        tolerance_t: 0.5,
        difference_pts: null,
        tolerance_pts: null,
        status: 'agrees',
        cause: '',
        release: 'POLA_REPORT_CARD_2005_2012',
        computed_release: 'LACITY_OPENDATA_2005_2012',
        source_ref: ['POLA_LAWATERFRONT_FALL2013_P6'],
      });
    }
    // The dataset holds no PM2.5 or PM10 tonnage at all: the published 645 t and 773 t cannot be recomputed.
    expect(row('PM2.5')).toMatchObject({ published: 645, computed: null, difference_t: null, status: 'not_computable', cause: 'not computable: no PM2.5 port total tonnage for POLA 2005 or 2012' });
    expect(row('PM10')).toMatchObject({ published: 773, computed: null, difference_t: null, status: 'not_computable', cause: 'not computable: no PM10 port total tonnage for POLA 2005 or 2012' });
    expect(rows.map((r) => r.pollutant)).toEqual(['DPM', 'PM10', 'PM2.5', 'NOx', 'SOx']);
  });
});

describe('reconcileIndicators: tons reduced, SYNTHETIC', () => {
  // SYNTHETIC: a mass unit for totals, a short-ton total, and a report-card release holding no tonnages.
  const TON: Unit = { code: 'ton', label: 'tons', quantity: 'mass', mass: 'ton_unspecified', per: undefined, note: 'SYNTHETIC' };
  const SHORT_TON: Unit = { code: 'short_ton', label: 'short tons', quantity: 'mass', mass: 'short_ton', per: undefined, note: 'SYNTHETIC' };
  const CARD: Release = { release_id: 'POLA_CARD_2013', label: 'POLA report card (SYNTHETIC)', port: 'POLA', published: '2013-09', note: '', source_ref: [SYNTHETIC_SOURCE] };
  const reduced = (port: string, year: number, pollutant: string, value: number, extra: Partial<EmissionsRecord> = {}): EmissionsRecord =>
    em(port, year, pollutant, value, { metric: 'reduction_since_baseline', unit: 'ton', basis: 'program_reduction', baseline: 'CAAP_2005', release: 'POLA_CARD_2013', ...extra });
  const dataset = (emissions: EmissionsRecord[]) => syntheticDataset({ units: [...UNITS, TON, SHORT_TON], releases: [...RELEASES, CARD], emissions });
  const tonsRows = (ds: ReturnType<typeof syntheticDataset>) => reconcile(ds).filter((r) => r.metric === 'reduction_since_baseline');
  const polaDpm = Object.entries(POLA_DPM).map(([y, v]) => em('POLA', Number(y), 'DPM', v));

  it('agrees within half a ton: 891.4 - 185 = 706.4 t against the published 706 t', () => {
    const [row] = tonsRows(dataset([em('POLA', 2005, 'NOx', 891.4), em('POLA', 2012, 'NOx', 185), reduced('POLA', 2012, 'NOx', 706)]));
    expect(row!.computed).toBeCloseTo(891.4 - 185, 9);
    expect(row!.difference_t).toBeCloseTo(0.4, 9);
    expect(row).toMatchObject({ status: 'agrees', tolerance_t: 0.5, tolerance_pts: null, difference_pts: null, unit: 'ton', relative_to: 'CAAP_2005', computed_release: 'POLA_OPEN_2013', cause: '' });
  });

  it('differs beyond half a ton, with the release as the likely cause: 891 - 185 = 706 t against 650 t', () => {
    const [row] = tonsRows(dataset([...polaDpm, reduced('POLA', 2012, 'DPM', 650)]));
    expect(row).toMatchObject({ computed: 706, difference_t: 56, status: 'differs' });
    expect(row!.cause).toBe(
      'different release: published with POLA_CARD_2013, whose tonnages the dataset does not hold; recomputed from POLA_OPEN_2013 (each inventory restates earlier years)',
    );
  });

  it('differs by 0.6 t: rounded tonnages explain it', () => {
    // 891.6 - 185 = 706.6 t; with 891.6 and 185 each rounded to their last digit, 706.05 to 707.15 t: 706 lies within 0.5 t of that range.
    const [row] = tonsRows(dataset([em('POLA', 2005, 'NOx', 891.6), em('POLA', 2012, 'NOx', 185), reduced('POLA', 2012, 'NOx', 706, { release: 'POLA_OPEN_2013' })]));
    expect(row!.difference_t).toBeCloseTo(0.6, 9);
    expect(row!.status).toBe('differs');
    expect(row!.cause).toBe('rounded tonnages: with 891.6 and 185 t each rounded to their last digit, the reduction lies between 706.05 and 707.15 t, which includes the published figure');
  });

  it('restated baseline: an earlier release agrees, the latest does not', () => {
    // POLA_EI_2008: 850 - 690 = 160 t; POLA_OPEN_2013: 891 - 694 = 197 t.
    const base = sanPedroLike().records.emissions;
    const unnamed = tonsRows(dataset([...base, reduced('POLA', 2008, 'DPM', 160)]))[0]!;
    expect(unnamed).toMatchObject({ computed: 160, difference_t: 0, status: 'agrees', computed_release: 'POLA_EI_2008' });
    expect(unnamed.cause).toBe('agrees with release POLA_EI_2008; the latest release POLA_OPEN_2013 gives 197 t');
    const own = tonsRows(dataset([...base, reduced('POLA', 2008, 'DPM', 160, { release: 'POLA_OPEN_2013' })]))[0]!;
    expect(own).toMatchObject({ computed: 197, difference_t: 37, status: 'differs', computed_release: 'POLA_OPEN_2013' });
    expect(own.cause).toBe(
      'restated baseline 2005 value: 850 in POLA_EI_2008, 891 in POLA_OPEN_2013; restated 2008 value: 690 in POLA_EI_2008, 694 in POLA_OPEN_2013; different release: release POLA_EI_2008 agrees',
    );
  });

  it('sums the members for a combined port and converts a convertible mass', () => {
    const base = sanPedroLike().records.emissions;
    // SPB 2007: (891 + 1000) - (627 + 800) = 464 t.
    const [spb] = tonsRows(dataset([...base, reduced('SPB', 2007, 'DPM', 464)]));
    expect(spb).toMatchObject({ computed: 464, status: 'agrees', computed_release: 'POLA_OPEN_2013+POLB_EI_2012' });
    // 1000 - 900 = 100 metric tonnes = 100 x 1000 / 907.18474 = 110.23 short tons, against the published 110 short tons.
    const [converted] = tonsRows(
      dataset([
        em('POLA', 2005, 'SOx', 1000, { unit: 'tonnes_per_year' }),
        em('POLA', 2012, 'SOx', 900, { unit: 'tonnes_per_year' }),
        reduced('POLA', 2012, 'SOx', 110, { unit: 'short_ton' }),
      ]),
    );
    expect(converted!.computed).toBeCloseTo((100 * 1000) / 907.18474, 9);
    expect(converted!.status).toBe('agrees');
  });

  it('says what is missing when not computable', () => {
    const rows = tonsRows(
      dataset([
        ...polaDpm,
        em('POLA', 2005, 'NOx', 16000, { unit: 'tons_per_day' }),
        em('POLA', 2012, 'NOx', 7000, { unit: 'tons_per_day' }),
        em('POLA', 2005, 'SOx', 5000, { unit: 'tonnes_per_year' }),
        em('POLA', 2012, 'SOx', 600, { unit: 'tonnes_per_year' }),
        reduced('POLA', 2013, 'DPM', 700),
        reduced('POLA', 2012, 'DPM', 706, { baseline: undefined }),
        reduced('POLA', 2011, 'DPM', 632, { baseline: 'CAAP_1999' }),
        reduced('POLA', 2012, 'NOx', 9000),
        reduced('POLA', 2012, 'SOx', 4400),
      ]),
    );
    expect(rows.every((r) => r.status === 'not_computable' && r.computed === null && r.difference_t === null)).toBe(true);
    expect(rows.map((r) => [r.year, r.pollutant, r.relative_to, r.cause])).toEqual([
      [2011, 'DPM', 'CAAP_1999', "not computable: baseline CAAP_1999 is not declared in the dataset's baselines"],
      [2012, 'DPM', '', 'not computable: the row names no baseline to count the tons reduced from'],
      [2013, 'DPM', 'CAAP_2005', 'not computable: no DPM port total tonnage for POLA 2013'],
      [2012, 'NOx', 'CAAP_2005', 'not computable: the tons reduced are in ton and the tonnages in tons_per_day; a reduction is recomputed only from annual tonnages in the same mass unit'],
      [2012, 'SOx', 'CAAP_2005', 'not computable: the tons reduced are in ton and the tonnages in tonnes_per_year; a reduction is recomputed only from annual tonnages in the same mass unit'],
    ]);
  });

  it('follows the filters', () => {
    const ds = dataset([...polaDpm, reduced('POLA', 2012, 'DPM', 706)]);
    expect(rowsOf(reconcileIndicators(ds, { pollutant: 'NOx' }))).toEqual([]);
    expect(rowsOf(reconcileIndicators(ds, { to: 2011 }))).toEqual([]);
    expect(rowsOf(reconcileIndicators(ds, { port: 'POLA', pollutant: 'DPM' }))).toHaveLength(1);
  });
});
