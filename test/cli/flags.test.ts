/**
 * The library names its options (`sourceRef`, `baselineYear`); the CLI prints its flags. withFlags is the one
 * mapping, used by `chart`, `import-table` and `init`.
 */
import { describe, expect, it } from 'vitest';
import { optionFlag, withFlags } from '../../src/cli/common.ts';
import { PortEmissionsError, formatIssue } from '../../src/errors.ts';

describe('withFlags', () => {
  it('prints the flag of each option a library error is placed at', () => {
    const library = new PortEmissionsError('t.csv: 2 options to fix for this table', {
      exitCode: 2,
      details: [
        { file: '', option: 'sourceRef', message: 'no source_ref for t.csv' },
        { file: 't.csv', line: 3, column: '2005', message: 'not a tonnage' },
      ],
    });
    // The library's own words: the option, no flag.
    expect(library.details.map(formatIssue)).toEqual(['option sourceRef: no source_ref for t.csv', 't.csv:3:2005: not a tonnage']);
    const cli = withFlags(library, ['sourceRef']) as PortEmissionsError;
    expect(cli.details.map(formatIssue)).toEqual(['--source-ref: no source_ref for t.csv', 't.csv:3:2005: not a tonnage']);
    expect(cli.cause).toBe(library);
    expect(cli.exitCode).toBe(2);
    const placed = withFlags(new PortEmissionsError('must be a year', { exitCode: 2, location: { option: 'baselineYear' } }), []) as PortEmissionsError;
    expect(placed.location).toEqual({ file: '--baseline-year' });
  });

  it('adds the flags as a hint to a usage error whose words name options, and leaves other errors alone', () => {
    const words = withFlags(new PortEmissionsError('the option from (2012) is after the option to (2005)', { exitCode: 2 }), ['from', 'to', 'relativeTo']) as PortEmissionsError;
    expect(words.hint).toBe('each option named is the flag of the same name (--from, --to); relativeTo is --relative-to');
    const data = new PortEmissionsError('a data error', { exitCode: 1 });
    expect(withFlags(data, ['from'])).toBe(data);
    const other = new Error('not ours');
    expect(withFlags(other, ['from'])).toBe(other);
    expect([optionFlag('port'), optionFlag('sourceRef'), optionFlag('baselineYear')]).toEqual(['--port', '--source-ref', '--baseline-year']);
  });
});
