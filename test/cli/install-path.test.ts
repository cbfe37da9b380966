/**
 * Installed in a folder whose path has a space and non-ASCII letters, the CLI still finds its embedded
 * dataset and default report definition (file URLs are turned into paths with fileURLToPath, never by
 * reading `.pathname`, which stays percent-encoded: `/tmp/Häfen%20und%20Ports/...`).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const base = mkdtempSync(join(tmpdir(), 'pe install '));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('a copy of the tool under a path with a space and non-ASCII letters', () => {
  const copy = join(base, 'Häfen und Ports — 東京', 'port-emissions');
  mkdirSync(copy, { recursive: true });
  for (const part of ['bin', 'src', 'datasets', 'package.json', 'tsconfig.json']) cpSync(join(REPO, part), join(copy, part), { recursive: true });
  mkdirSync(join(copy, 'reports'));
  for (const file of ['caap-progress.json', 'source-categories.json']) cpSync(join(REPO, 'reports', file), join(copy, 'reports', file));
  symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'), 'dir');

  it('validates its embedded dataset by default through the installed launcher', () => {
    const out = execFileSync(process.execPath, [join(copy, 'bin', 'port-emissions.js'), 'validate'], { cwd: base, encoding: 'utf8' });
    expect(out).toMatch(/^valid: /);
    expect(out).toContain(`folder: ${join(copy, 'datasets', 'san-pedro-bay')}\n`);
  });

  it('resolves the default report definition and dataset to real paths inside the copy', () => {
    const script = `
      const common = await import(${JSON.stringify(pathToFileURL(join(copy, 'src', 'cli', 'common.ts')).href)});
      const options = await import(${JSON.stringify(pathToFileURL(join(copy, 'src', 'cli', 'report-options.ts')).href)});
      console.log(JSON.stringify([common.EMBEDDED_DATASET_DIR, options.DEFAULT_REPORT_DEFINITION]));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: copy, encoding: 'utf8' });
    const [dataset, definition] = JSON.parse(out) as [string, string];
    expect(dataset).toBe(join(copy, 'datasets', 'san-pedro-bay'));
    expect(definition).toBe(join(copy, 'reports', 'caap-progress.json'));
    expect(existsSync(definition)).toBe(true);
  });
});
