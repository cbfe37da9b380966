/**
 * Figures that cannot be computed read as "undefined" with the reason, never "NaN%", "Infinity%" or
 * "Infinity tons": a zero baseline tonnage, zero TEU, a projection asked for far outside the observed years.
 * SYNTHETIC datasets (test/helpers/synthetic-dataset.ts, mini-dataset.ts).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_PROJECTION_YEARS, projectSeries } from '../../src/analysis/project.ts';
import { buildChart } from '../../src/charts/catalogue.ts';
import { changeWords, formatNumber, formatPct, formatPublished, formatTons } from '../../src/charts/common.ts';
import { runCli } from '../../src/cli/main.ts';
import { PortEmissionsError } from '../../src/errors.ts';
import { captureIO } from '../helpers/io.ts';
import { MINI_CSV, writeMiniDataset } from '../helpers/mini-dataset.ts';
import { em, syntheticDataset, teu } from '../helpers/synthetic-dataset.ts';

const NOT_A_FIGURE = /NaN|Infinity/;

describe('the number formatters', () => {
  it('print "undefined" for a value that is not a finite number', () => {
    for (const value of [NaN, Infinity, -Infinity]) {
      expect(formatNumber(value)).toBe('undefined');
      expect(formatPct(value)).toBe('undefined');
      expect(formatTons(value)).toBe('undefined');
      expect(formatPublished(value)).toBe('undefined');
    }
    expect(formatPct(-4.5)).toBe('-4.5%');
  });

  it('say why a percent change is undefined', () => {
    expect(changeWords(0, 500, 'the 0 tons of 2005', 2005)).toBe('a percent change since 2005 is undefined (the 2005 figure is 0)');
    expect(changeWords(1000, 500, 'the 1,000 tons of 2005', 2005)).toBe('50% less than the 1,000 tons of 2005');
    expect(changeWords(1000, 1000, 'in 2005', 2005, 'more')).toBe('0% more than in 2005');
  });
});

describe('charts on zero figures', () => {
  it('emissions: a zero first-year total gives no percent change (the first year stated instead), not "Infinity% more"', () => {
    const dataset = syntheticDataset({ emissions: [em('POLA', 2005, 'NOx', 0), em('POLA', 2010, 'NOx', 500)] });
    const built = buildChart('emissions', dataset, { port: 'POLA', pollutant: 'NOx' });
    expect(built.narrative).toContain('500 tons of NOx in 2010 (0 tons in 2005, the port total)');
    expect(JSON.stringify(built)).not.toMatch(NOT_A_FIGURE);
  });

  it('throughput: zero TEU in the first year gives an undefined change, not "NaN% less"', () => {
    const dataset = syntheticDataset({ emissions: [em('POLA', 2005, 'NOx', 10)], throughput: [teu('POLA', 2005, 0), teu('POLA', 2010, 0)] });
    const built = buildChart('throughput', dataset, {});
    expect(built.narrative).toMatch(/handled 0 TEU in 2010, a percent change since 2005 is undefined \(the 2005 figure is 0\)/);
    expect(JSON.stringify(built)).not.toMatch(NOT_A_FIGURE);
  });
});

describe('decomposition at the limits of a double', () => {
  it('an effect whose logarithms overflow is not computable, with the reason, never NaN (found by the render fuzz property)', () => {
    const dataset = syntheticDataset({
      emissions: [em('POLA', 2005, 'NOx', 995024875621888.6), em('POLA', 2010, 'NOx', 5e-324)],
      throughput: [teu('POLA', 2005, 1), teu('POLA', 2010, 1)],
    });
    const built = buildChart('decomposition', dataset, { port: 'POLA', pollutant: 'NOx', from: 2005, to: 2010 });
    expect(JSON.stringify(built.data)).not.toMatch(NOT_A_FIGURE);
    const rows = built.data.rows.filter((r) => r.value === null && r.effect !== 'structure');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(String(row.reason)).toContain('too far apart for the logarithms');
  });
});

describe('shares of a total at the limits of a double', () => {
  it('a share that overflows (total 5e-324 t) is undefined with the reason, never Infinity (found by the render fuzz property)', () => {
    const dataset = syntheticDataset({
      emissions: [em('POLB', 2018, 'DPM', 5e-324), em('POLB', 2018, 'DPM', 0.000001, { source_category: 'ocean_going_vessels' })],
    });
    const built = buildChart('category-shares', dataset, { port: 'POLB', pollutant: 'DPM' });
    expect(JSON.stringify(built.data)).not.toMatch(NOT_A_FIGURE);
  });
});

describe('project: the horizon', () => {
  const dataset = syntheticDataset({ emissions: [2005, 2008, 2010, 2012].map((year, i) => em('POLA', year, 'NOx', 1000 - 100 * i)) });

  it(`refuses a year before the first observation or more than ${MAX_PROJECTION_YEARS} years after the last, naming the option`, () => {
    for (const year of [1800, 2004, 2063, 9999]) {
      const error = (() => {
        try {
          projectSeries(dataset, { to: [year], series: 'tons' });
        } catch (e) {
          return e as PortEmissionsError;
        }
        return undefined;
      })();
      expect(error, String(year)).toBeInstanceOf(PortEmissionsError);
      expect(error!.exitCode).toBe(2);
      expect(error!.location).toEqual({ column: 'to' });
      expect(error!.message).toBe(`the option to (${year}) is outside the projection horizon 2005-2062: a trend is projected from the first observed year (2005) to at most 50 years after the last (2012)`);
    }
    expect(() => projectSeries(dataset, { to: [2005, 2062], series: 'tons' })).not.toThrow();
  });

  it('the CLI exits 2 with that message for --to 1800 and --to 9999', async () => {
    const dir = await writeMiniDataset(await mkdtemp(join(tmpdir(), 'pe-horizon-')), {
      emissions: `${MINI_CSV.emissions}PORT_A,2007,all,NOx,absolute,700,ton_per_year,,SYN_2011,inventory,,synthetic,SYNTHETIC_TEST\n`,
    });
    for (const to of ['1800', '9999']) {
      const io = captureIO();
      expect(await runCli(['project', '--data', dir, '--baseline', 'BASE_2005', '--port', 'PORT_A', '--to', to], io)).toBe(2);
      expect(io.err()).toContain(`port-emissions: --to (${to}) is outside the projection horizon 2005-2060`);
      expect(io.out()).toBe('');
    }
  });
});
