/**
 * Runs test/analysis/no-codegen-run.ts (the analyses) or no-codegen-battery.ts (arquero's verbs) in a fresh
 * Node process: under `--disallow-code-generation-from-
 * strings` (standing in for the explore page's Content-Security-Policy) with the page's replacements of
 * arquero's code-generating modules, under the flag alone, or plainly (arquero as is).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BatteryTable } from '../analysis/arquero-battery.ts';

const SCRIPTS = {
  analyses: fileURLToPath(new URL('../analysis/no-codegen-run.ts', import.meta.url)),
  battery: fileURLToPath(new URL('../analysis/no-codegen-battery.ts', import.meta.url)),
};
const REGISTER = fileURLToPath(new URL('../../src/explore/browser/register-interpreters.ts', import.meta.url));

/** How no-codegen-run.ts runs: under the policy with the page's interpreters, under it without, or plainly. */
export type NoCodegenMode = 'interpreted' | 'policy only' | 'plain';

/** Runs one of the scripts with `args`, `input` on its standard input. */
export function runNoCodegenScript(mode: NoCodegenMode, script: keyof typeof SCRIPTS, args: string[] = [], input?: string): SpawnSyncReturns<string> {
  const flags = mode === 'plain' ? [] : ['--disallow-code-generation-from-strings'];
  const hooks = mode === 'interpreted' ? ['--import', REGISTER] : [];
  return spawnSync(process.execPath, [...flags, '--import', 'tsx', ...hooks, SCRIPTS[script], ...args], {
    encoding: 'utf8',
    input,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
  });
}

/** The battery's results: per table, per verb, its rows (`ok`) or its error. */
export type BatteryResults = Record<string, { ok?: unknown; error?: string }>[];

/**
 * The arquero battery's results on `tables` in a fresh process. Both modes load the battery through the
 * same transpiler, so the functions' source text (which arquero's messages quote) is the same.
 *
 * @throws Error with the process's standard error when it fails.
 */
export function batteryResults(mode: NoCodegenMode, tables: readonly BatteryTable[]): BatteryResults {
  const input = JSON.stringify(tables, (_key, v: unknown) => (typeof v === 'number' && Number.isNaN(v) ? '(NaN)' : v));
  const result = runNoCodegenScript(mode, 'battery', [], input);
  if (result.status !== 0 || result.stderr !== '') throw new Error(`no-codegen-battery.ts (${mode}) failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as BatteryResults;
}
