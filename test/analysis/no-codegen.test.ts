/**
 * The analyses and chart data run without generating code from strings, as in the explore page, which runs
 * them in the browser under a Content-Security-Policy without 'unsafe-eval'. arquero compiles every verb
 * (join, lookup, groupby/rollup, derive, filter, orderby, escape, objects, window functions) with the
 * Function constructor; the page bundles interpreters in its place (src/explore/browser/arquero-*.ts).
 * Node's --disallow-code-generation-from-strings stands in for the policy here, much faster than the browser
 * test, and the same replacements are loaded through a module-resolution hook (register-interpreters.ts,
 * the list shared with the page's bundle): what runs here is what the page runs.
 */
import { describe, expect, it } from 'vitest';
import { batteryResults, runNoCodegenScript, type NoCodegenMode } from '../helpers/no-codegen.ts';
import { FIXED_TABLES, VERBS } from './arquero-battery.ts';

const runScript = (mode: NoCodegenMode, args: string[] = []) => runNoCodegenScript(mode, 'analyses', args);

describe('analyses under a policy that forbids code generation (as in the explore page)', () => {
  it('gives every analysis table\'s rows and every catalogue chart\'s data exactly as a normal run does', () => {
    const interpreted = runScript('interpreted');
    expect(interpreted.stderr).toBe('');
    expect(interpreted.status).toBe(0);
    const plain = runScript('plain');
    expect(plain.status).toBe(0);
    const { rows, charts } = JSON.parse(interpreted.stdout) as { rows: Record<string, unknown[]>; charts: Record<string, { rows: unknown[] }> };
    expect(Object.keys(rows)).toHaveLength(9);
    for (const [analysis, table] of Object.entries(rows)) expect(table.length, analysis).toBeGreaterThan(0);
    expect(Object.keys(charts).length).toBeGreaterThanOrEqual(12);
    for (const [chart, data] of Object.entries(charts)) expect(data.rows.length, chart).toBeGreaterThan(0);
    // Figure for figure, row for row: the whole output, NaN and undefined included.
    expect(JSON.parse(interpreted.stdout)).toEqual(JSON.parse(plain.stdout));
  }, 120_000);

  it('stops an arquero verb without the interpreters (the control: the policy is in force) and runs it with them', () => {
    const without = runScript('policy only', ['arquero-verb']);
    expect(without.status).not.toBe(0);
    expect(without.stderr).toContain('Code generation from strings disallowed for this context');
    const withThem = runScript('interpreted', ['arquero-verb']);
    expect(withThem.stderr).toBe('');
    expect(withThem.status).toBe(0);
  }, 120_000);
});

describe('arquero\'s verbs with the interpreters, against arquero itself', () => {
  it('gives the same rows (and the same errors) for every verb of the battery on tables with nulls, NaN and ties', () => {
    const expected = batteryResults('plain', FIXED_TABLES);
    const actual = batteryResults('interpreted', FIXED_TABLES);
    // The battery is worth running: on the first table most verbs give rows.
    const working = Object.values(expected[0]!).filter((result) => result.ok !== undefined);
    expect(working.length).toBeGreaterThan(Object.keys(VERBS).length - 8);
    for (const [i, table] of expected.entries()) {
      for (const verb of Object.keys(VERBS)) expect(actual[i]![verb], `table ${i}, ${verb}`).toEqual(table[verb]);
    }
  }, 120_000);
});
