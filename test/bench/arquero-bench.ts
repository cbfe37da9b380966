/**
 * arquero with the explore page's interpreters (no code generation, as in the page) against arquero as is
 * (Node, the Function constructor): the same rollup and derive over a SYNTHETIC 10,000-row table, each in
 * its own fresh process (arquero-child.ts).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./arquero-child.ts', import.meta.url));
const REGISTER = fileURLToPath(new URL('../../src/explore/browser/register-interpreters.ts', import.meta.url));

/** Median milliseconds of each operation. */
export interface ArqueroTimes {
  rollup: number;
  derive: number;
}

/** The two ways' timings: `compiled` (arquero as is) and `interpreted` (the page's interpreters). */
export function benchArquero({ rounds, log }: { rounds: number; log: (line: string) => void }): { compiled: ArqueroTimes; interpreted: ArqueroTimes } {
  const run = (interpreted: boolean): ArqueroTimes => {
    log(`arquero ${interpreted ? 'interpreted' : 'compiled'}...`);
    const args = interpreted ? ['--disallow-code-generation-from-strings', '--import', 'tsx', '--import', REGISTER] : ['--import', 'tsx'];
    const result = spawnSync(process.execPath, [...args, CHILD, String(rounds)], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`arquero-child.ts failed: ${result.stderr}`);
    return JSON.parse(result.stdout) as ArqueroTimes;
  };
  return { compiled: run(false), interpreted: run(true) };
}

/** The figures as lines for `npm run bench`. */
export function formatArqueroBench({ compiled, interpreted }: { compiled: ArqueroTimes; interpreted: ArqueroTimes }): string {
  const line = (name: string, a: number, b: number) =>
    `  ${name.padEnd(40)} compiled ${a.toFixed(1).padStart(6)} ms   interpreted ${b.toFixed(1).padStart(6)} ms   (${(b / a).toFixed(1)}x)`;
  return [
    line('rollup: 4 aggregates by port x pollutant', compiled.rollup, interpreted.rollup),
    line('derive 3 columns + filter + objects()', compiled.derive, interpreted.derive),
  ].join('\n');
}
