/**
 * The analyses and chart data run without generating code from strings. The explore page runs them in the
 * browser under a Content-Security-Policy without 'unsafe-eval', and arquero compiles every verb (join,
 * lookup, groupby/rollup, derive, filter, orderby, escape, objects) with the Function constructor, so an
 * analysis written with arquero verbs would leave the page without charts. Node's
 * --disallow-code-generation-from-strings stands in for that policy here, much faster than the browser test.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./no-codegen-run.ts', import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '--import', 'tsx', SCRIPT, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('analyses under a policy that forbids code generation (as in the explore page)', () => {
  it('gives every analysis table\'s rows and builds every catalogue chart from the embedded dataset', () => {
    const result = run();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const { rows, charts } = JSON.parse(result.stdout) as { rows: Record<string, number>; charts: Record<string, number> };
    expect(Object.keys(rows)).toHaveLength(9);
    for (const [analysis, count] of Object.entries(rows)) expect(count, analysis).toBeGreaterThan(0);
    expect(Object.keys(charts).length).toBeGreaterThanOrEqual(12);
    for (const [chart, count] of Object.entries(charts)) expect(count, chart).toBeGreaterThan(0);
  }, 60_000);

  it('fails as soon as an arquero verb runs (the control: the policy is in force)', () => {
    const result = run('arquero-verb');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('Code generation from strings disallowed for this context');
  }, 60_000);
});
