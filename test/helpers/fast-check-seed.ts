/**
 * vitest setup file: the seed of every fast-check property in the run. FUZZ_SEED replays a seed fast-check
 * printed with a failure. Under CI (CI set) the seed is the first 32 bits of the commit under test, so a
 * commit passes or fails CI the same way every time (a landing is never decided by luck) while each new
 * commit still meets new inputs. Otherwise fast-check draws a fresh seed for each property.
 */
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';

function commitSeed(): number | undefined {
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dirname(fileURLToPath(import.meta.url)), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return /^[0-9a-f]{40}$/.test(head) ? Number.parseInt(head.slice(0, 8), 16) | 0 : undefined;
  } catch {
    return undefined; // not a git checkout: a fresh seed, as outside CI
  }
}

const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : process.env.CI ? commitSeed() : undefined;
if (seed !== undefined && Number.isInteger(seed)) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
