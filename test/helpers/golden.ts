/**
 * Golden SVG snapshots, after Observable Plot's harness: the picture a test draws is compared with a
 * committed, reviewed SVG. Before comparing, numbers inside tags are rounded to 3 decimals and the markup
 * is put one element per line, so that float noise does not fail a test and a diff reads line by line.
 *
 * - mismatch: `<name>-changed.svg` is written beside the golden and the test fails, saying where.
 *   Review it (diff the two files, open both in a browser); if the change is intended, move it over the
 *   golden and commit.
 * - missing golden: created (and the test passes) on a developer machine; fails when `CI` is set, so a
 *   golden is never silently minted in CI.
 * - `UPDATE_GOLDEN=1` (never in CI) rewrites every golden the run touches: for a reviewed, intended change
 *   to many charts at once.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function round(number: string): string {
  const rounded = Number(Number(number).toFixed(3));
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/**
 * The comparable form of an SVG: numbers with a decimal point inside tags rounded to 3 decimals
 * (not dotted versions such as "0.1.0"; text content is left alone), one element per line, one trailing
 * newline. Idempotent.
 */
export function normalizeSvg(svg: string): string {
  return (
    svg
      .replace(/\r\n?/g, '\n')
      .replace(/<[^>]*>/g, (tag) => tag.replace(/(?<![\d.])-?\d*\.\d+(?:e[-+]?\d+)?(?![\d.])/gi, round))
      .replace(/>\s*</g, '>\n<')
      .trim() + '\n'
  );
}

function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      const show = (line: string | undefined): string =>
        line === undefined ? '(end of file)' : line.length > 300 ? `${line.slice(0, 300)}...` : line;
      return `first difference at line ${i + 1}:\n  golden: ${show(a[i])}\n  actual: ${show(b[i])}`;
    }
  }
  return 'the files differ';
}

/**
 * Asserts that `svg` matches the golden `<dir>/<name>.svg` after normalizeSvg (see the module comment
 * for what happens on a mismatch or a missing golden). `name` may contain folders ("render/framed-bar");
 * a relative `dir` is relative to the repository root.
 */
export function expectGolden(name: string, svg: string, dir = 'test/golden'): void {
  const base = isAbsolute(dir) ? dir : join(REPO_ROOT, dir);
  const goldenPath = join(base, `${name}.svg`);
  const changedPath = join(base, `${name}-changed.svg`);
  const shown = relative(REPO_ROOT, goldenPath);
  const actual = normalizeSvg(svg);
  const inCi = Boolean(process.env.CI);

  if (!existsSync(goldenPath)) {
    if (inCi) {
      throw new Error(
        `Golden ${shown} is missing. Run this test locally (without CI set) to create it, review it and commit it.`,
      );
    }
    mkdirSync(dirname(goldenPath), { recursive: true });
    writeFileSync(goldenPath, actual);
    return;
  }

  const expected = normalizeSvg(readFileSync(goldenPath, 'utf8'));
  if (expected === actual) {
    rmSync(changedPath, { force: true });
    return;
  }
  if (process.env.UPDATE_GOLDEN === '1' && !inCi) {
    writeFileSync(goldenPath, actual);
    rmSync(changedPath, { force: true });
    return;
  }
  mkdirSync(dirname(changedPath), { recursive: true });
  writeFileSync(changedPath, actual);
  throw new Error(
    `SVG differs from golden ${shown}: ${firstDifference(expected, actual)}\n` +
      `Wrote ${relative(REPO_ROOT, changedPath)}. Review it; if the change is intended, move it over the golden and commit.`,
  );
}
