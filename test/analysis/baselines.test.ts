/**
 * The one rule for the baseline: the one asked for, else the port's own, else the dataset's default; a clear
 * usage error when none is declared. On SYNTHETIC datasets (test/helpers/synthetic-dataset.ts).
 */
import { describe, expect, it } from 'vitest';
import { baselineFor, defaultBaselineId } from '../../src/analysis/baselines.ts';
import { decomposeChange } from '../../src/analysis/decompose.ts';
import { reductionsVsBaseline } from '../../src/analysis/reductions.ts';
import { rowsOf } from '../../src/analysis/types.ts';
import { PortEmissionsError } from '../../src/errors.ts';
import { assembleDataset, type Dataset } from '../../src/ingest/dataset.ts';
import { em, syntheticDataset } from '../helpers/synthetic-dataset.ts';

/** The synthetic dataset with POLB measuring from its own CAAP_2001 baseline (2002 for POLB), and no dataset default. */
function withPortBaseline(defaultBaseline: string | undefined): Dataset {
  const base = syntheticDataset({ emissions: [em('POLB', 2002, 'NOx', 200), em('POLB', 2005, 'NOx', 180), em('POLB', 2010, 'NOx', 100)] });
  return assembleDataset(
    { name: base.name, title: base.title, ...(defaultBaseline ? { defaultBaseline } : {}) },
    { ...base.records, ports: base.records.ports.map((p) => (p.code === 'POLB' ? { ...p, baseline: 'CAAP_2001' } : p)) },
  );
}

describe('baselineFor', () => {
  it('takes the baseline asked for, else the port\'s own, else the dataset default', () => {
    const dataset = withPortBaseline('CAAP_2005');
    expect(baselineFor(dataset, { baseline: 'GHG_1990', port: 'POLB' })).toBe('GHG_1990');
    expect(baselineFor(dataset, { port: 'POLB' })).toBe('CAAP_2001');
    expect(baselineFor(dataset, { port: 'POLA' })).toBe('CAAP_2005');
    expect(defaultBaselineId(dataset)).toBe('CAAP_2005');
  });

  it('measures a port from its own baseline year without --baseline: POLB 200 t in 2002 -> 100 t in 2010 is -50%', () => {
    const rows = rowsOf(reductionsVsBaseline(withPortBaseline('CAAP_2005'), { port: 'POLB', pollutant: 'NOx' }));
    expect(rows.map((r) => [r.year, r.baseline_id, r.baseline_year, r.pct_change])).toEqual([
      [2002, 'CAAP_2001', 2002, 0],
      [2005, 'CAAP_2001', 2002, -10],
      [2010, 'CAAP_2001', 2002, -50],
    ]);
  });

  it('says where to declare one when nothing names a baseline (usage error, exit 2)', () => {
    const dataset = withPortBaseline(undefined);
    expect(baselineFor(dataset, { port: 'POLB' })).toBe('CAAP_2001');
    try {
      baselineFor(dataset, { port: 'POLA' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PortEmissionsError);
      expect((error as PortEmissionsError).exitCode).toBe(2);
      expect((error as PortEmissionsError).message).toBe(
        'no baseline to measure from: none was named and the dataset declares no default baseline (baselines declared: CAAP_2001, CAAP_2005, GHG_1990)',
      );
      expect((error as PortEmissionsError).hint).toContain('"default_baseline" in datapackage.json');
    }
  });

  it('refuses an unknown baseline with the closest one', () => {
    expect(() => baselineFor(withPortBaseline('CAAP_2005'), { baseline: 'CAAP_2006' })).toThrow("unknown baseline 'CAAP_2006'");
  });

  it('is not needed by a command given both years: decompose --from --to on a dataset with no default', () => {
    const dataset = withPortBaseline(undefined);
    const rows = rowsOf(decomposeChange(dataset, { port: 'POLA', pollutant: 'NOx', from: 2005, to: 2010 }));
    expect(rows.map((r) => r.effect)).toEqual(['activity', 'intensity', 'structure', 'total']);
    expect(() => decomposeChange(dataset, { port: 'POLA', pollutant: 'NOx' })).toThrow('no baseline to measure from');
  });
});
