import { expect } from 'vitest';
import { PortEmissionsError } from '../../src/errors.ts';

/** The usage error (exit code 2) a call throws; fails the test when it throws none or another kind. */
export function usageErrorOf(run: () => unknown): PortEmissionsError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PortEmissionsError);
    expect((error as PortEmissionsError).exitCode).toBe(2);
    return error as PortEmissionsError;
  }
  throw new Error('expected a usage error');
}
