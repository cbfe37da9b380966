import { describe, expect, it } from 'vitest';
import { CATEGORY_COLUMNS } from '../../src/analysis/categories.ts';
import { DECOMPOSITION_COLUMNS } from '../../src/analysis/decompose.ts';
import { INTENSITY_COLUMNS } from '../../src/analysis/intensity.ts';
import { PROJECTION_COLUMNS, REGIONAL_COLUMNS } from '../../src/analysis/project.ts';
import { RECONCILE_COLUMNS, RESTATEMENT_COLUMNS } from '../../src/analysis/reconcile.ts';
import { REDUCTION_COLUMNS } from '../../src/analysis/reductions.ts';
import { TARGET_COLUMNS } from '../../src/analysis/targets.ts';
import { runCli } from '../../src/cli/main.ts';
import { captureIO } from '../helpers/io.ts';

// The analysis commands run on the embedded San Pedro Bay dataset (real published figures).
async function json(args: string[]): Promise<Record<string, unknown>[]> {
  const io = captureIO();
  const code = await runCli([...args, '--json'], io);
  expect(io.err()).toBe('');
  expect(code).toBe(0);
  return JSON.parse(io.out()) as Record<string, unknown>[];
}

const keysOf = (rows: Record<string, unknown>[]) => Object.keys(rows[0]!);

describe('analysis commands, --json', () => {
  it('reductions: POLA 2012 DPM is -79.24% vs 2005 (185 and 891 t)', async () => {
    const rows = await json(['reductions', '--port', 'POLA', '--pollutant', 'DPM']);
    expect(keysOf(rows)).toEqual([...REDUCTION_COLUMNS]);
    const y2012 = rows.find((r) => r.year === 2012)!;
    expect(y2012).toMatchObject({ value: 185, baseline_value: 891, baseline_year: 2005, baseline_id: 'CAAP_2005' });
    expect(y2012.pct_change as number).toBeCloseTo(((185 - 891) / 891) * 100, 9);
    expect(rows.map((r) => r.year)).toEqual([2005, 2006, 2007, 2008, 2009, 2010, 2011, 2012]);
  });

  it('reductions: --from/--to bound the years', async () => {
    const rows = await json(['reductions', '--port', 'POLA', '--pollutant', 'NOx', '--from', '2010', '--to', '2011']);
    expect(rows.map((r) => r.year)).toEqual([2010, 2011]);
  });

  it('intensity: fields and the baseline index of 100', async () => {
    const rows = await json(['intensity', '--port', 'POLB', '--pollutant', 'DPM', '--category', 'all']);
    expect(keysOf(rows)).toEqual([...INTENSITY_COLUMNS]);
    expect(rows.find((r) => r.year === 2005)).toMatchObject({ tons: 1040, teu: 6_709_818, teu_precision: 'exact', intensity_index: 100, approximate: false });
  });

  it('targets: the three published SOx 2023 values are each evaluated and flagged', async () => {
    const rows = await json(['targets', '--pollutant', 'SOx', '--port', 'POLA']);
    expect(keysOf(rows)).toEqual([...TARGET_COLUMNS]);
    const sox2023 = rows.filter((r) => r.conflict_group === 'SPBS_2023_SOx');
    expect(sox2023.map((r) => r.target_pct).sort()).toEqual([92, 93, 96]);
    expect(sox2023.every((r) => r.conflicting === true)).toBe(true);
  });

  it('reconcile: 2012 DPM agrees with the published -79%; 2008 differs from -19%', async () => {
    const rows = await json(['reconcile', '--port', 'POLA', '--pollutant', 'DPM', '--from', '2008', '--to', '2012']);
    expect(keysOf(rows)).toEqual([...RECONCILE_COLUMNS]);
    const vs2005 = (year: number) => rows.find((r) => r.year === year && r.relative_to === 'CAAP_2005' && r.metric === 'absolute')!;
    expect(vs2005(2012)).toMatchObject({ published: -79, status: 'agrees' });
    expect(vs2005(2008)).toMatchObject({ published: -19, status: 'differs' });
    expect(vs2005(2008).computed as number).toBeCloseTo(((694 - 891) / 891) * 100, 9);
    const differs = await json(['reconcile', '--port', 'POLA', '--pollutant', 'DPM', '--status', 'differs']);
    expect(differs.every((r) => r.status === 'differs')).toBe(true);
  });

  it('reconcile: POLA 2012 tons reduced since 2005, in tons (891 - 185 = 706 t DPM)', async () => {
    const rows = (await json(['reconcile', '--port', 'POLA', '--from', '2012', '--to', '2012'])).filter((r) => r.metric === 'reduction_since_baseline');
    expect(rows.map((r) => [r.pollutant, r.unit, r.published, r.computed, r.difference_pts, r.difference_t, r.tolerance_t, r.status])).toEqual([
      ['DPM', 'ton', 706, 891 - 185, null, 0, 0.5, 'agrees'],
      ['PM10', 'ton', 773, null, null, null, 0.5, 'not_computable'],
      ['PM2.5', 'ton', 645, null, null, null, 0.5, 'not_computable'],
      ['NOx', 'ton', 9154, 16331 - 7177, null, 0, 0.5, 'agrees'],
      ['SOx', 'ton', 4675, 5306 - 631, null, 0, 0.5, 'agrees'],
    ]);
    // The table shows the unit and the difference in tons beside the difference in points.
    const io = captureIO();
    expect(await runCli(['reconcile', '--port', 'POLA', '--pollutant', 'DPM', '--from', '2012', '--to', '2012'], io)).toBe(0);
    const lines = io.out().split('\n');
    expect(lines[0]!.split(/\s+/)).toEqual(['port', 'year', 'source_category', 'pollutant', 'metric', 'relative_to', 'unit', 'published', 'computed', 'difference_pts', 'difference_t', 'status', 'cause']);
    expect(lines.find((l) => l.includes('reduction_since_baseline'))!.split(/\s+/)).toEqual(['POLA', '2012', 'all', 'DPM', 'reduction_since_baseline', 'CAAP_2005', 'ton', '706', '706', '-', '0', 'agrees']);
    expect(lines.find((l) => l.includes(' absolute '))!.split(/\s+/)).toEqual(['POLA', '2012', 'all', 'DPM', 'absolute', 'CAAP_2005', 'percent', '-79', '-79.24', '-0.24', '-', 'agrees']);
  });

  it('reconcile --release-a/--release-b: the restatement diff', async () => {
    const rows = await json(['reconcile', '--release-a', 'POLB_EI_2007_PRESSTELEGRAM', '--release-b', 'POLB_EI_2018_MARPRO']);
    expect(keysOf(rows)).toEqual([...RESTATEMENT_COLUMNS]);
    expect(rows.find((r) => r.year === 2005 && r.source_category === 'all')).toMatchObject({ value_a: 1040, value_b: null, status: 'only_in_a' });
  });

  it('project: every row with its method; --regional: 32.6 tons/day is 11,899 tons/year', async () => {
    const rows = await json(['project', '--port', 'POLA', '--pollutant', 'DPM', '--to', '2030']);
    expect(keysOf(rows)).toEqual([...PROJECTION_COLUMNS]);
    const projections = rows.filter((r) => r.kind === 'projection');
    expect(projections.map((r) => `${r.series} ${r.year}`)).toEqual(['tons 2030', 'published_index 2030']);
    expect(String(projections[0]!.method)).toMatch(/^Theil-Sen on ln\(tons\)/);
    const regional = await json(['project', '--regional', '--pollutant', 'NOx']);
    expect(keysOf(regional)).toEqual([...REGIONAL_COLUMNS]);
    const ogv = regional.find((r) => r.region === 'South Coast Air Basin ocean-going vessels' && r.unit === 'ton_per_day')!;
    expect(ogv.tons_per_year as number).toBeCloseTo(32.6 * 365, 9);
  });

  it('categories: POLB DPM shares of the reported categories', async () => {
    const rows = await json(['categories', '--port', 'POLB']);
    expect(keysOf(rows)).toEqual([...CATEGORY_COLUMNS]);
    expect(rows.find((r) => r.year === 2018 && r.source_category === 'ocean_going_vessels')).toMatchObject({ total: 73, total_basis: 'sum_of_categories', rank: 1, phase: 3 });
  });

  it('decompose: the effects add up to the change in tons', async () => {
    const rows = await json(['decompose', '--port', 'POLA', '--pollutant', 'DPM', '--from', '2005', '--to', '2012']);
    expect(keysOf(rows)).toEqual([...DECOMPOSITION_COLUMNS]);
    const total = rows.find((r) => r.effect === 'total')!.value as number;
    expect(total).toBe(185 - 891);
    const sum = rows.filter((r) => r.effect !== 'total').reduce((s, r) => s + ((r.value as number | null) ?? 0), 0);
    expect(Math.abs(sum - total)).toBeLessThanOrEqual(1e-9 * Math.abs(total));
  });
});

describe('analysis commands, tables and errors', () => {
  it('prints a table by default', async () => {
    const io = captureIO();
    expect(await runCli(['reductions', '--port', 'POLA', '--pollutant', 'DPM', '--from', '2012'], io)).toBe(0);
    expect(io.out().split('\n')[0]).toMatch(/^port\s+year\s+source_category\s+pollutant\s+release\s+value/);
    expect(io.out()).toContain('-79.24');
  });

  it('project prints the projections, the method and what was not projected', async () => {
    const io = captureIO();
    expect(await runCli(['project', '--port', 'POLA', '--pollutant', 'PM10'], io)).toBe(0);
    expect(io.out()).toContain('Not projected:\n  POLA PM10 all published_index: 1 point: a trend needs at least 3; no projection');
  });

  it.each(['reductions', 'intensity', 'targets', 'reconcile', 'project', 'categories', 'decompose'])('%s --help prints usage with an example', async (name) => {
    const io = captureIO();
    expect(await runCli([name, '--help'], io)).toBe(0);
    expect(io.out()).toMatch(new RegExp(`^Usage: port-emissions ${name} `));
    expect(io.out()).toContain('Example');
  });

  it('an unknown port is a usage error listing the valid codes', async () => {
    const io = captureIO();
    expect(await runCli(['reductions', '--port', 'POLX'], io)).toBe(2);
    expect(io.err()).toBe("port-emissions: unknown port 'POLX': valid ports are POLA, POLB, SPB_combined\nhint: did you mean POLA?\n");
  });

  it('an unknown pollutant suggests the closest', async () => {
    const io = captureIO();
    expect(await runCli(['intensity', '--pollutant', 'nox'], io)).toBe(2);
    expect(io.err()).toContain('hint: did you mean NOx?');
  });

  it('bad years and options are usage errors', async () => {
    for (const args of [
      ['reductions', '--from', '05'],
      ['targets', '--as-of', '20x'],
      ['project', '--scale', 'cubic'],
      ['reconcile', '--status', 'maybe'],
      ['reconcile', '--release-a', 'X'],
      ['decompose', '--category', 'all'],
      ['categories', '--unknown'],
    ]) {
      const io = captureIO();
      expect(await runCli(args, io), args.join(' ')).toBe(2);
      expect(io.err()).toMatch(/^port-emissions: /);
    }
  });

  it('a folder without a dataset is a data error (exit 1)', async () => {
    const io = captureIO();
    expect(await runCli(['reductions', '--data', 'no/such/folder'], io)).toBe(1);
  });
});
