import { describe, expect, it } from 'vitest';
import { compoundAnnualReduction, targetProgress } from '../../src/analysis/targets.ts';
import { rowsOf, type TargetProgressRow } from '../../src/analysis/types.ts';
import { em, ind, sanPedroLike, target } from '../helpers/synthetic-dataset.ts';

// Synthetic dataset: POLA/POLB DPM tonnages of sanPedroLike(), plus test indicators and targets.
const dataset = sanPedroLike({
  emissions: [
    ...sanPedroLike().records.emissions,
    em('POLA', 2005, 'NOx', 16000),
    em('POLA', 2015, 'NOx', 12000),
  ],
  indicators: [
    ind('POLA', 2013, 'DPM', -80, 'CAAP_2005'),
    ind('POLA', 2017, 'DPM', -87, 'CAAP_2005', { source_ref: ['SRC_A'] }),
    ind('POLA', 2017, 'DPM', -86, 'CAAP_2005', { source_ref: ['SRC_B'] }),
    ind('POLA', 2024, 'DPM', -90, 'CAAP_2005'),
    ind('POLA', 2024, 'DPM', -91, 'prior_year'),
    ind('POLA', 2023, 'SOx', -93, '2005'),
  ],
  targets: [
    target('SPBS_2014_DPM', ['SPB'], 'DPM', 2014, 72),
    target('SPBS_2030_NOx', ['POLA'], 'NOx', 2030, 59),
    target('SPBS_2023_SOx_92', ['POLA'], 'SOx', 2023, 92, { conflict_group: 'SPBS_2023_SOx' }),
    target('SPBS_2023_SOx_93', ['POLA'], 'SOx', 2023, 93, { conflict_group: 'SPBS_2023_SOx' }),
    target('SPBS_2023_SOx_96', ['POLA'], 'SOx', 2023, 96, { conflict_group: 'SPBS_2023_SOx' }),
    target('GHG_2030', ['SPB'], 'GHG', 2030, 40, { baseline_id: 'GHG_1990' }),
    target('ZE_CHE_2030', ['SPB'], undefined, 2030, 100, { kind: 'fleet_share', item: 'zero-emission cargo-handling equipment', baseline_id: undefined }),
    target('HEALTH_RISK_2020', ['SPB'], undefined, 2020, 85, { item: 'DPM-related cancer risk' }),
  ],
});
const rows = (options = {}) => rowsOf(targetProgress(dataset, options));
const find = (list: TargetProgressRow[], id: string, port: string) => list.find((r) => r.target_id === id && r.port === port)!;

describe('targetProgress', () => {
  const list = rows();

  it('evaluates a combined target for each member and for the combined', () => {
    expect(list.filter((r) => r.target_id === 'SPBS_2014_DPM').map((r) => r.port)).toEqual(['POLA', 'POLB', 'SPB']);
  });

  it('uses the latest evidence: a published indicator after the tonnages end', () => {
    const pola = find(list, 'SPBS_2014_DPM', 'POLA');
    expect(pola.latest_year).toBe(2024);
    expect(pola.achieved_pct).toBe(90);
    expect(pola.evidence).toBe('published_indicator');
    expect(pola.latest_value).toBeNull();
    expect(pola.met).toBe(true);
    // 2012 from tons: (891-185)/891 = 79.2% >= 72%; 2011: (891-259)/891 = 70.9% < 72%.
    expect(pola.first_year_met).toBe(2012);
    expect(pola.met_by_target_year).toBe(true);
    expect(pola.required_annual_pct).toBeNull();
    expect(pola.on_track).toBe(true);
    expect(pola.historical_annual_pct).toBeCloseTo((1 - 0.1 ** (1 / 19)) * 100, 9);
  });

  it('says where a combined port\'s evidence stops before its members\'', () => {
    const spb = find(list, 'SPBS_2014_DPM', 'SPB');
    expect(spb.latest_year).toBe(2012);
    expect(spb.reason).toBe('the SPB figure stops in 2012: later years are published per port only (POLA 2024)');
  });

  it('takes tonnages where they exist, up to asOf', () => {
    const pola = find(rows({ asOf: 2012 }), 'SPBS_2014_DPM', 'POLA');
    expect(pola.latest_year).toBe(2012);
    expect(pola.evidence).toBe('reduction_from_tons');
    expect(pola.latest_value).toBe(185);
    expect(pola.achieved_pct).toBeCloseTo(((891 - 185) / 891) * 100, 9);
    const spb = find(rows({ asOf: 2012 }), 'SPBS_2014_DPM', 'SPB');
    expect(spb.achieved_pct).toBeCloseTo((1 - (185 + 200) / (891 + 1000)) * 100, 9);
  });

  it('uses the smallest reduction where several published figures give one year', () => {
    const pola = find(rows({ asOf: 2017 }), 'SPBS_2014_DPM', 'POLA');
    expect(pola.achieved_pct).toBe(86);
    expect(pola.source_ref).toContain('SRC_B');
  });

  it('computes the required compound annual rate and whether history gets there', () => {
    const nox = find(list, 'SPBS_2030_NOx', 'POLA');
    const achieved = 25; // (16000-12000)/16000
    expect(nox.achieved_pct).toBeCloseTo(achieved, 9);
    expect(nox.met).toBe(false);
    const required = (1 - ((1 - 0.59) / (1 - 0.25)) ** (1 / 15)) * 100;
    const historical = (1 - 0.75 ** (1 / 10)) * 100;
    expect(nox.required_annual_pct).toBeCloseTo(required, 9);
    expect(nox.historical_annual_pct).toBeCloseTo(historical, 9);
    expect(nox.on_track).toBe(false);
    expect(nox.met_by_target_year).toBeNull();
  });

  it('evaluates each conflicting published value and flags the conflict', () => {
    const sox = list.filter((r) => r.conflict_group === 'SPBS_2023_SOx');
    expect(sox.map((r) => [r.target_id, r.met, r.conflicting])).toEqual([
      ['SPBS_2023_SOx_92', true, true],
      ['SPBS_2023_SOx_93', true, true],
      ['SPBS_2023_SOx_96', false, true],
    ]);
    const strict = sox[2]!;
    expect(strict.on_track).toBe(false);
    expect(strict.met_by_target_year).toBe(false);
    expect(strict.reason).toBe(
      'target year 2023 is not after the latest evidence (2023) and the target is not met; one of several published values of the same target (conflict group SPBS_2023_SOx)',
    );
  });

  it('accepts an indicator relative to the baseline year written as a year', () => {
    expect(find(list, 'SPBS_2023_SOx_93', 'POLA').achieved_pct).toBe(93);
  });

  it('explains targets it cannot evaluate, never NaN', () => {
    expect(find(list, 'GHG_2030', 'POLA').reason).toBe(
      'no GHG tonnage for POLA with a GHG_1990 baseline value in the same release, and no published GHG change relative to GHG_1990',
    );
    expect(find(list, 'ZE_CHE_2030', 'SPB').reason).toBe(
      'not computable: a fleet share (zero-emission cargo-handling equipment); the dataset holds no fleet composition',
    );
    expect(find(list, 'HEALTH_RISK_2020', 'SPB').reason).toBe(
      'not computable: the target is not a pollutant tonnage (DPM-related cancer risk) and the dataset holds no such estimates',
    );
    for (const row of list) {
      for (const value of Object.values(row)) if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
    }
  });

  it('gives no historical rate when the only evidence is the baseline year', () => {
    const ds = sanPedroLike({ emissions: [em('POLB', 2005, 'NOx', 900)], targets: [target('NOX_2030', ['POLB'], 'NOx', 2030, 50)] });
    const [row] = rowsOf(targetProgress(ds));
    expect(row).toMatchObject({ latest_year: 2005, achieved_pct: 0, historical_annual_pct: null, on_track: null });
    expect(row!.required_annual_pct).toBeCloseTo((1 - 0.5 ** (1 / 25)) * 100, 9);
    expect(row!.reason).toBe('no historical rate: the only evidence is for 2005, the baseline year');
  });

  it('filters by port and pollutant', () => {
    expect(rows({ port: 'POLB' }).map((r) => `${r.target_id} ${r.port}`)).toEqual(['GHG_2030 POLB', 'HEALTH_RISK_2020 SPB', 'SPBS_2014_DPM POLB', 'ZE_CHE_2030 SPB']);
    expect(rows({ pollutant: 'SOx' })).toHaveLength(3);
  });

  it('compoundAnnualReduction: 19% a year for 2 years from 0 reaches 34.39%', () => {
    expect(compoundAnnualReduction(0, 34.39, 2)).toBeCloseTo(19, 9);
    expect(compoundAnnualReduction(50, 100, 3)).toBe(100);
  });
});
