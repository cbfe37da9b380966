import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reductionRows, reductionsVsBaseline } from '../../src/analysis/reductions.ts';
import { rowsOf, type ReductionRow } from '../../src/analysis/types.ts';
import { PortEmissionsError } from '../../src/errors.ts';
import { BASELINES, em, sanPedroLike, syntheticDataset } from '../helpers/synthetic-dataset.ts';

// Synthetic datasets (test/helpers/synthetic-dataset.ts); expectations computed by hand below.
const rows = (table: ReturnType<typeof reductionsVsBaseline>) => rowsOf(table);
const find = (list: ReductionRow[], port: string, year: number, release?: string) =>
  list.find((r) => r.port === port && r.year === year && (release === undefined || r.release === release));

describe('reductionsVsBaseline', () => {
  const dataset = sanPedroLike();

  it('computes POLA 2012 DPM against 2005 from 891 and 185 tons: (185-891)/891 = -79.24%', () => {
    const row = find(rows(reductionsVsBaseline(dataset, { port: 'POLA', pollutant: 'DPM' })), 'POLA', 2012)!;
    expect(row.baseline_year).toBe(2005);
    expect(row.baseline_value).toBe(891);
    expect(row.change).toBe(185 - 891);
    expect(row.pct_change).toBeCloseTo(-79.2368, 4);
    expect(row.reason).toBe('');
    expect(row.release).toBe('POLA_OPEN_2013');
  });

  it('takes the baseline from the same release as the value (restatement)', () => {
    const list = rows(reductionsVsBaseline(dataset, { port: 'POLA', from: 2008, to: 2008 }));
    // The re-issued release: 690 vs its own 2005 of 850 = -18.82%; the open data: 694 vs 891 = -22.11%.
    expect(find(list, 'POLA', 2008, 'POLA_EI_2008')!.pct_change).toBeCloseTo(((690 - 850) / 850) * 100, 9);
    expect(find(list, 'POLA', 2008, 'POLA_OPEN_2013')!.pct_change).toBeCloseTo(((694 - 891) / 891) * 100, 9);
  });

  it('gives null with a reason naming the releases that do hold the baseline year', () => {
    const ds = syntheticDataset({
      emissions: [em('POLA', 2005, 'NOx', 16000), em('POLA', 2008, 'NOx', 15000, { release: 'POLA_EI_2008' })],
    });
    const row = find(rows(reductionsVsBaseline(ds, { pollutant: 'NOx' })), 'POLA', 2008)!;
    expect(row.baseline_value).toBeNull();
    expect(row.pct_change).toBeNull();
    expect(row.reason).toBe(
      'release POLA_EI_2008 has no NOx port total value for 2005, the CAAP_2005 baseline year; release POLA_OPEN_2013 has one, not used: each inventory restates earlier years, so the baseline must come from the same release',
    );
  });

  it('sums a combined port only where every member reports, from each member\'s own release', () => {
    const list = rows(reductionsVsBaseline(dataset, { port: 'SPB' }));
    const y2007 = find(list, 'SPB', 2007)!;
    expect(y2007.value).toBe(627 + 800);
    expect(y2007.baseline_value).toBe(891 + 1000);
    expect(y2007.pct_change).toBeCloseTo(((1427 - 1891) / 1891) * 100, 9);
    expect(y2007.release).toBe('POLA_OPEN_2013+POLB_EI_2012');
    const y2008 = find(list, 'SPB', 2008)!;
    expect(y2008.value).toBeNull();
    expect(y2008.pct_change).toBeNull();
    expect(y2008.reason).toBe('SPB not computed: POLB has no DPM port total value for 2008');
  });

  it('refuses to sum members reporting in units that differ', () => {
    const ds = syntheticDataset({
      emissions: [em('POLA', 2005, 'NOx', 10), em('POLB', 2005, 'NOx', 10, { unit: 'tonnes_per_year' })],
    });
    const row = find(rows(reductionsVsBaseline(ds, { port: 'SPB' })), 'SPB', 2005)!;
    expect(row.value).toBeNull();
    expect(row.reason).toBe('SPB not computed: members report in different units (POLA tons_per_year, POLB tonnes_per_year)');
  });

  it('resolves the baseline year per port: a port row wins over `all`', () => {
    const ds = syntheticDataset({
      emissions: [em('POLA', 2001, 'NOx', 100), em('POLA', 2010, 'NOx', 50), em('POLB', 2002, 'NOx', 80), em('POLB', 2010, 'NOx', 60)],
    });
    const list = rows(reductionsVsBaseline(ds, { baseline: 'CAAP_2001', from: 2010 }));
    expect(find(list, 'POLA', 2010)!.baseline_year).toBe(2001);
    expect(find(list, 'POLA', 2010)!.pct_change).toBeCloseTo(-50, 9);
    expect(find(list, 'POLB', 2010)!.baseline_year).toBe(2002);
    expect(find(list, 'POLB', 2010)!.pct_change).toBeCloseTo(-25, 9);
    const spb = find(list, 'SPB', 2010)!;
    expect(spb.pct_change).toBeCloseTo(((110 - 180) / 180) * 100, 9);
    expect(spb.baseline_year).toBeNull();
    expect(spb.reason).toBe("members' baseline years differ (POLA 2001, POLB 2002): the combined baseline sums each member at its own year");
  });

  it('says when a baseline has no year for a port', () => {
    const ds = syntheticDataset({
      baselines: [...BASELINES, { baseline_id: 'POLA_ONLY', label: 'x', port: 'POLA', year: 2005, programme: 'x', note: '', source_ref: ['SYNTHETIC_TEST'] }],
      emissions: [em('POLB', 2010, 'NOx', 60)],
    });
    const row = find(rows(reductionsVsBaseline(ds, { baseline: 'POLA_ONLY', port: 'POLB' })), 'POLB', 2010)!;
    expect(row.baseline_year).toBeNull();
    expect(row.reason).toBe('baseline POLA_ONLY has no year for POLB (no row for POLB and no row for all ports)');
  });

  it('says when the baseline value is 0', () => {
    const ds = syntheticDataset({ emissions: [em('POLA', 2005, 'SOx', 0), em('POLA', 2006, 'SOx', 5)] });
    const row = find(rows(reductionsVsBaseline(ds, { port: 'POLA' })), 'POLA', 2006)!;
    expect(row.change).toBe(5);
    expect(row.pct_change).toBeNull();
    expect(row.reason).toBe('the 2005 baseline value is 0: a percent change is undefined');
  });

  it('ignores per-TEU, projected and programme rows', () => {
    const ds = syntheticDataset({
      emissions: [
        em('POLA', 2005, 'NOx', 10),
        em('POLA', 2030, 'NOx', 5, { basis: 'projection' }),
        em('POLA', 2010, 'NOx', 1.1, { metric: 'per_10000_teu', unit: 'tons_per_year' }),
      ],
    });
    expect(rows(reductionsVsBaseline(ds, { port: 'POLA' })).map((r) => r.year)).toEqual([2005]);
  });

  it('raises a usage error for unknown codes, suggesting the closest', () => {
    const attempt = (options: Parameters<typeof reductionsVsBaseline>[1]) => {
      try {
        reductionsVsBaseline(dataset, options);
      } catch (error) {
        return error as PortEmissionsError;
      }
      throw new Error('no error');
    };
    const port = attempt({ port: 'POLX' });
    expect(port.exitCode).toBe(2);
    expect(port.message).toBe("unknown port 'POLX': valid ports are POLA, POLB, SPB");
    expect(port.hint).toBe('did you mean POLA?');
    expect(attempt({ pollutant: 'nox' }).hint).toBe('did you mean NOx?');
    expect(attempt({ baseline: 'CAAP_2006' }).message).toBe("unknown baseline 'CAAP_2006': valid baselines are CAAP_2001, CAAP_2005, GHG_1990");
  });

  it('orders rows deterministically: port, pollutant, category, year, release', () => {
    const list = rows(reductionsVsBaseline(dataset));
    const keys = list.map((r) => `${r.port}|${r.release}|${r.year}`);
    expect(keys.slice(0, 3)).toEqual(['POLA|POLA_EI_2008|2005', 'POLA|POLA_OPEN_2013|2005', 'POLA|POLA_OPEN_2013|2006']);
    expect(list.at(-1)!.port).toBe('SPB');
  });

  it('property: scaling every tonnage by the same factor keeps every % change', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 1000, noNaN: true }), (k) => {
        const scaled = sanPedroLike();
        const before = rows(reductionsVsBaseline(scaled));
        const other = syntheticDataset({ emissions: scaled.records.emissions.map((e) => ({ ...e, value: e.value * k })) });
        const after = rows(reductionsVsBaseline(other));
        expect(after.length).toBe(before.length);
        after.forEach((row, i) => {
          const was = before[i]!.pct_change;
          if (was === null) expect(row.pct_change).toBeNull();
          else expect(row.pct_change!).toBeCloseTo(was, 8);
        });
      }),
      { numRuns: 25 },
    );
  });
});

describe('reduction rows shared by the analyses that build on them', () => {
  it('are computed once per dataset and baseline, and no caller can change them for the others', () => {
    const dataset = sanPedroLike();
    const first = reductionRows(dataset, 'CAAP_2005');
    expect(reductionRows(dataset, 'CAAP_2005')).toBe(first);
    expect(first.length).toBeGreaterThan(0);
    const row = first[0]!;
    expect(() => {
      (row as { value: number | null }).value = 0;
    }).toThrow(TypeError);
    expect(() => (row.source_ref as string[]).push('X')).toThrow(TypeError);
    // Another dataset object (e.g. the same data re-loaded) computes its own.
    expect(reductionRows({ ...dataset }, 'CAAP_2005')).not.toBe(first);
    expect(reductionRows({ ...dataset }, 'CAAP_2005')).toEqual(first);
  });
});
