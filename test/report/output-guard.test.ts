/**
 * An export replaces its whole output folder, so it must never take a folder that is not its own: the cases
 * that deleted user data before (a web app's public/ with a manifest.json, `--out .`) and their neighbours.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PortEmissionsError } from '../../src/errors.ts';
import { assertNotProtectedFolder, assertReplaceableExport } from '../../src/report/output-guard.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'pe-guard-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const exportManifest = (files: string[]) =>
  JSON.stringify({ tool: 'port-emissions', toolVersion: '0.1.0', dataset: { name: 'synthetic' }, formats: ['csv'], charts: [{ key: 'trend', files }] });

async function refusal(promise: Promise<unknown>): Promise<PortEmissionsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PortEmissionsError);
  expect((error as PortEmissionsError).exitCode).toBe(2);
  return error as PortEmissionsError;
}

describe('assertReplaceableExport', () => {
  it("refuses a web app's public/ folder that happens to hold a manifest.json", async () => {
    const dir = join(root, 'public');
    await mkdir(dir);
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ name: 'My app', icons: [] }));
    await writeFile(join(dir, 'index.html'), '<!doctype html>');
    const error = await refusal(assertReplaceableExport(dir, 'public', { cwd: root }));
    expect(error.message).toBe("The folder public is not a port-emissions export: its manifest.json is not one this tool writes");
    expect((await readdir(dir)).sort()).toEqual(['index.html', 'manifest.json']);
  });

  it('refuses a previous export holding a file its manifest does not list (someone added work to it)', async () => {
    const dir = join(root, 'exports');
    await mkdir(join(dir, 'trend'), { recursive: true });
    await writeFile(join(dir, 'manifest.json'), exportManifest(['trend/trend.csv', 'trend/README.md']));
    await writeFile(join(dir, 'trend', 'trend.csv'), 'year,value\r\n');
    await writeFile(join(dir, 'trend', 'README.md'), '# trend\n');
    await writeFile(join(dir, 'trend', 'my-notes.docx'), 'synthetic user file');
    const error = await refusal(assertReplaceableExport(dir, 'exports', { cwd: root }));
    expect(error.message).toBe(
      'The folder exports holds a file its export manifest does not list ("trend/my-notes.docx"); replacing it would delete that file',
    );
    expect(await readFile(join(dir, 'trend', 'my-notes.docx'), 'utf8')).toBe('synthetic user file');
  });

  it('accepts a previous export whose files are all listed, an empty folder and a missing one', async () => {
    const dir = join(root, 'exports');
    await mkdir(join(dir, 'trend'), { recursive: true });
    await writeFile(join(dir, 'manifest.json'), exportManifest(['trend/trend.csv']));
    await writeFile(join(dir, 'trend', 'trend.csv'), 'year,value\r\n');
    await expect(assertReplaceableExport(dir, 'exports', { cwd: root })).resolves.toBeUndefined();
    await mkdir(join(root, 'empty'));
    await expect(assertReplaceableExport(join(root, 'empty'), 'empty', { cwd: root })).resolves.toBeUndefined();
    await expect(assertReplaceableExport(join(root, 'new'), 'new', { cwd: root })).resolves.toBeUndefined();
  });

  it('refuses a manifest that names another tool or no version', async () => {
    const dir = join(root, 'exports');
    await mkdir(dir);
    for (const manifest of [
      { tool: 'other-tool', toolVersion: '1.0.0', charts: [] },
      { tool: 'port-emissions', charts: [] },
      { tool: 'port-emissions', toolVersion: '0.1.0' },
      'not json',
    ]) {
      await writeFile(join(dir, 'manifest.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
      const error = await refusal(assertReplaceableExport(dir, 'exports', { cwd: root }));
      expect(error.message).toContain('is not a port-emissions export');
    }
  });
});

describe('assertNotProtectedFolder', () => {
  const home = '/home/analyst';
  const cwd = '/home/analyst/work/ports';
  it.each([
    ['.', cwd, '--out . is the working directory; an export may not replace it'],
    ['..', '/home/analyst/work', '--out .. contains the working directory; an export may not replace it'],
    ['~', home, '--out ~ is your home folder; an export may not replace it'],
    ['/', '/', '--out / is the root of a file system; an export may not replace it'],
  ])('refuses --out %s', (display, dir, message) => {
    expect(() => assertNotProtectedFolder(dir, display, { cwd, home })).toThrow(message);
  });

  it('allows a folder beside or below the working directory', () => {
    expect(() => assertNotProtectedFolder('/home/analyst/work/ports/exports', 'exports', { cwd, home })).not.toThrow();
    expect(() => assertNotProtectedFolder('/home/analyst/work/ports-exports', '../ports-exports', { cwd, home })).not.toThrow();
  });
});
