/**
 * The library names the option at fault by its field (`sourceRef`, `baselineYear`), as the column of a place
 * without a file; the CLI prints its flag there (errorInFlags, used by `import-table` and `init`).
 */
import { describe, expect, it } from 'vitest';
import { errorInFlags, optionFlag } from '../../src/cli/common.ts';
import { PortEmissionsError, formatIssue } from '../../src/errors.ts';

describe('errorInFlags', () => {
  it('prints the flag of each option a library usage error is placed at, and leaves places in files alone', () => {
    const library = new PortEmissionsError('t.csv: 2 options to fix for this table', {
      exitCode: 2,
      details: [
        { file: '', column: 'sourceRef', message: 'no source_ref for t.csv' },
        { file: 't.csv', line: 3, column: '2005', message: 'not a tonnage' },
      ],
    });
    // The library's own words: the option's field, no flag.
    expect(library.details.map(formatIssue)).toEqual(['sourceRef: no source_ref for t.csv', 't.csv:3:2005: not a tonnage']);
    const cli = errorInFlags(library) as PortEmissionsError;
    expect(cli.details.map(formatIssue)).toEqual(['--source-ref: no source_ref for t.csv', 't.csv:3:2005: not a tonnage']);
    expect(cli.cause).toBe(library);
    expect(cli.exitCode).toBe(2);
    const placed = errorInFlags(new PortEmissionsError('must be a year', { exitCode: 2, location: { column: 'baselineYear' } })) as PortEmissionsError;
    expect(placed.location).toEqual({ column: '--baseline-year' });
    // Mapping twice changes nothing more (the CLI may map an error a command mapped already).
    expect(errorInFlags(placed)).toBe(placed);
  });

  it('leaves data errors, errors placed in a file and other errors as they are', () => {
    const data = new PortEmissionsError('a data error', { exitCode: 1, location: { column: 'to' } });
    expect(errorInFlags(data)).toBe(data);
    const inFile = new PortEmissionsError('unknown port', { exitCode: 2, location: { file: 'reports/x.json', column: 'port' } });
    expect(errorInFlags(inFile)).toBe(inFile);
    const other = new Error('not ours');
    expect(errorInFlags(other)).toBe(other);
    expect([optionFlag('port'), optionFlag('sourceRef'), optionFlag('indicatorMetric', { indicatorMetric: '--metric' })]).toEqual(['--port', '--source-ref', '--metric']);
  });
});
