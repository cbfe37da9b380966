import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PortEmissionsError } from '../../src/errors.ts';
import { writeDirAtomic, writeFileAtomic } from '../../src/report/atomic.ts';
import { snapshotDir } from '../helpers/snapshot.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'pe-atomic-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const snapshot = (dir: string) => snapshotDir(dir, 'base64');

describe('writeFileAtomic', () => {
  it('writes strings as UTF-8 and bytes as given, replacing the previous file', async () => {
    const path = join(root, 'report.csv');
    await writeFileAtomic(path, 'first µg/m³\n');
    expect(await readFile(path, 'utf8')).toBe('first µg/m³\n');
    await writeFileAtomic(path, new Uint8Array([0, 1, 2, 255]));
    expect([...(await readFile(path))]).toEqual([0, 1, 2, 255]);
    expect(await readdir(root)).toEqual(['report.csv']);
  });

  it('leaves the previous target and no temporary file when the final rename fails', async () => {
    // The target is a non-empty folder, so the data is written and flushed, then the rename is refused.
    const target = join(root, 'out');
    await mkdir(target);
    await writeFile(join(target, 'keep.txt'), 'previous');
    const error = await writeFileAtomic(target, 'new').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortEmissionsError);
    expect((error as PortEmissionsError).message).toBe(`Cannot write ${target}: it is a folder where a file was expected (EISDIR)`);
    expect((error as PortEmissionsError).exitCode).toBe(1);
    expect(await readdir(root)).toEqual(['out']);
    expect(await snapshot(target)).toEqual({ 'keep.txt': Buffer.from('previous').toString('base64') });
  });

  it('reports a missing folder by path and leaves nothing behind', async () => {
    const path = join(root, 'missing', 'deck.pptx');
    await expect(writeFileAtomic(path, 'x')).rejects.toThrow(`Cannot write ${path}: a folder on the way does not exist, or the file is missing (ENOENT)`);
    expect(await readdir(root)).toEqual([]);
  });
});

describe('writeDirAtomic', () => {
  it('creates the folder (and its parents) when there was none', async () => {
    const dir = join(root, 'a', 'b', 'exports');
    await writeDirAtomic(dir, async (staging) => {
      await writeFile(join(staging, 'one.txt'), '1');
    });
    expect(await snapshot(dir)).toEqual({ 'one.txt': Buffer.from('1').toString('base64') });
    expect(await readdir(join(root, 'a', 'b'))).toEqual(['exports']);
  });

  it('replaces the whole previous folder, dropping files the new build does not write', async () => {
    const dir = join(root, 'exports');
    await writeDirAtomic(dir, async (staging) => {
      await writeFile(join(staging, 'old.csv'), 'old');
      await mkdir(join(staging, 'nested'));
      await writeFile(join(staging, 'nested', 'x.svg'), '<svg/>');
    });
    await writeDirAtomic(dir, async (staging) => {
      await writeFile(join(staging, 'new.csv'), 'new');
    });
    expect(await snapshot(dir)).toEqual({ 'new.csv': Buffer.from('new').toString('base64') });
    expect(await readdir(root)).toEqual(['exports']);
  });

  it('keeps the previous output byte-identical when the build fails midway, with no leftovers', async () => {
    const dir = join(root, 'exports');
    await writeDirAtomic(dir, async (staging) => {
      await writeFile(join(staging, 'chart.svg'), '<svg>previous</svg>');
      await writeFile(join(staging, 'chart.png'), new Uint8Array([137, 80, 78, 71, 1, 2, 3]));
      await mkdir(join(staging, 'intensity'));
      await writeFile(join(staging, 'intensity', 'intensity.csv'), 'year,value\r\n2005,1\r\n');
    });
    const before = await snapshot(dir);

    const failure = new Error('injected failure after two files');
    const thrown = await writeDirAtomic(dir, async (staging) => {
      await writeFile(join(staging, 'chart.svg'), '<svg>half-built</svg>');
      await mkdir(join(staging, 'intensity'));
      await writeFileAtomic(join(staging, 'intensity', 'intensity.csv'), 'partial');
      throw failure;
    }).catch((e: unknown) => e);

    expect(thrown).toBe(failure);
    expect(await snapshot(dir)).toEqual(before);
    expect(await readdir(root)).toEqual(['exports']);
  });

  it('cleans up when the build fails before any previous output exists', async () => {
    const dir = join(root, 'deck-out');
    await expect(
      writeDirAtomic(dir, async (staging) => {
        await writeFile(join(staging, 'a.txt'), 'a');
        throw new PortEmissionsError('chart intensity: no rows');
      }),
    ).rejects.toThrow('chart intensity: no rows');
    expect(await readdir(root)).toEqual([]);
  });

  it('refuses to replace a file with a folder (usage error, exit code 2)', async () => {
    const path = join(root, 'exports');
    await writeFile(path, 'a file the user owns');
    let built = false;
    const error = await writeDirAtomic(path, async () => {
      built = true;
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortEmissionsError);
    expect((error as PortEmissionsError).exitCode).toBe(2);
    expect((error as PortEmissionsError).message).toBe(
      `Cannot write the output folder ${path}: a file with that name exists`,
    );
    expect(built).toBe(false);
    expect(await readFile(path, 'utf8')).toBe('a file the user owns');
    expect(await readdir(root)).toEqual(['exports']);
  });

  it('nests: a bundle folder built atomically inside a staging folder', async () => {
    const dir = join(root, 'exports');
    await writeDirAtomic(dir, async (staging) => {
      await writeDirAtomic(join(staging, 'intensity'), async (inner) => {
        await writeFileAtomic(join(inner, 'README.md'), '# intensity\n');
      });
    });
    expect(Object.keys(await snapshot(dir))).toEqual([join('intensity', 'README.md')]);
  });
});
