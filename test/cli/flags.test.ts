/**
 * The library speaks in options, the CLI in flags: errors from src/analysis and src/charts name option fields
 * (`from`, `until`, `port`), never a CLI flag, and the CLI shows each as its flag (`--from`), through one
 * mapping (flagWords in src/cli/common.ts). Datasets: the embedded one, and a SYNTHETIC one from the test
 * helpers for the library calls.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decomposeChange } from '../../src/analysis/decompose.ts';
import { projectSeries } from '../../src/analysis/project.ts';
import { reductionsVsBaseline } from '../../src/analysis/reductions.ts';
import { buildChart } from '../../src/charts/catalogue.ts';
import { errorInFlags, flagWords } from '../../src/cli/common.ts';
import { runCli } from '../../src/cli/main.ts';
import { PortEmissionsError } from '../../src/errors.ts';
import { usageErrorOf } from '../helpers/errors.ts';
import { captureIO } from '../helpers/io.ts';
import { sanPedroLike } from '../helpers/synthetic-dataset.ts';

describe('library errors name option fields', () => {
  const dataset = sanPedroLike();
  const cases: [string, () => unknown, string][] = [
    ['projectSeries from after until', () => projectSeries(dataset, { from: 2012, until: 2005 }), 'the option from (2012) is after the option until (2005)'],
    ['projectSeries to beyond the horizon', () => projectSeries(dataset, { to: [2300] }), 'the option to (2300) is outside the projection horizon'],
    ['decomposeChange from after to', () => decomposeChange(dataset, { port: 'POLA', pollutant: 'DPM', from: 2012, to: 2005 }), 'the option from (2012) must be before the option to (2005)'],
    ['decomposeChange without a port', () => decomposeChange(dataset, { port: '', pollutant: 'DPM' }), 'a decomposition needs a port (the option port)'],
    ['reductionsVsBaseline from after to', () => reductionsVsBaseline(dataset, { from: 2012, to: 2005 }), 'the option from (2012) is after the option to (2005)'],
    ['buildChart from after to', () => buildChart('emissions', dataset, { from: 2010, to: 2005 }), 'the option from (2010) is after the option to (2005)'],
  ];
  for (const [name, run, words] of cases) {
    it(name, () => {
      const error = usageErrorOf(run);
      expect(error.message).toContain(words);
      expect(`${error.message} ${error.hint ?? ''}`).not.toMatch(/(^|[\s'"`(])--[a-z]/);
    });
  }

  it('no string in src/analysis or src/charts names a CLI flag', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
      });
    const offending = ['src/analysis', 'src/charts'].flatMap(files).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ where: `${file}:${i + 1}`, line }))
        .filter(({ line }) => !/^\s*(\*|\/\/|\/\*)/.test(line) && /["'`(]--[a-z]|[\s(]--[a-z][a-z-]*[\s)]/.test(line.replace(/\/\/.*$/, ''))),
    );
    expect(offending.map((o) => o.where)).toEqual([]);
  });
});

describe('the CLI shows flags', () => {
  it('maps option words to flags: one option, two options, camelCase to kebab-case, and a command\'s own names', () => {
    expect(flagWords('the option from (2012) is after the option until (2005)')).toBe('--from (2012) is after --until (2005)');
    expect(flagWords('the options from and to bound the years')).toBe('--from and --to bound the years');
    expect(flagWords('it takes the options category, from and to')).toBe('it takes --category, --from and --to');
    expect(flagWords('the option releaseA names no release')).toBe('--release-a names no release');
    expect(flagWords('the option asOf', { asOf: '--as-of-year' })).toBe('--as-of-year');
    expect(flagWords('the options file says nothing of the optional fields')).toBe('the options file says nothing of the optional fields');
  });

  it('rewrites a usage error and leaves any other error as it is', () => {
    const usage = new PortEmissionsError('the option to (2300) is outside', { exitCode: 2, location: { column: 'to' }, hint: 'give the option to a year' });
    const mapped = errorInFlags(usage) as PortEmissionsError;
    expect([mapped.message, mapped.hint, mapped.location]).toEqual(['--to (2300) is outside', 'give --to a year', undefined]);
    const data = new PortEmissionsError('the option from in a data file', { exitCode: 1 });
    expect(errorInFlags(data)).toBe(data);
    const definition = new PortEmissionsError('chart throughput does not take the option pollutant', { exitCode: 2, location: { file: 'reports/board.json', column: 'sections[0].charts[1]' } });
    expect(errorInFlags(definition)).toBe(definition);
  });

  const commands: [string[], string][] = [
    [['project', '--from', '2012', '--until', '2005'], '--from (2012) is after --until (2005)'],
    [['project', '--to', '2300'], '--to (2300) is outside the projection horizon'],
    [['decompose', '--port', 'POLA', '--pollutant', 'DPM', '--from', '2012', '--to', '2005'], '--from (2012) must be before --to (2005)'],
    [['reductions', '--from', '2012', '--to', '2005'], '--from (2012) is after --to (2005)'],
    [['chart', 'projection', '--from', '2012', '--to', '2005'], '--from (2012) is after --to (2005)'],
  ];
  for (const [args, words] of commands) {
    it(`port-emissions ${args.join(' ')}`, async () => {
      const io = captureIO();
      expect(await runCli(args, io)).toBe(2);
      expect(io.err()).toContain(`port-emissions: ${words}`);
      expect(io.err()).not.toContain('the option');
    });
  }

  it('the chart catalogue describes options as flags', async () => {
    const io = captureIO();
    expect(await runCli(['chart', '--list'], io)).toBe(0);
    expect(io.out().replace(/\s+/g, ' ')).toContain('--baseline keeps only the changes against that baseline');
    expect(io.out().replace(/\s+/g, ' ')).toContain('--from and --to bound the observed years');
    expect(io.out()).not.toContain('the option');
  });
});
