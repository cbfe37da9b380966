/**
 * Fault tests of the atomic writers: every file-system step of a write is made to fail (a full disk, a refused
 * rename) or to be the last one the process takes (a kill -9), one step at a time. What a user must find
 * afterwards: the previous outputs whole (or, after a kill past the commit, the new ones whole once the next
 * run has cleaned up) and no temporary file of the tool anywhere.
 */
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PortEmissionsError } from '../../src/errors.ts';
import {
  nodeAtomicFs,
  recoverLeftovers,
  writeDirAtomic,
  writeFileAtomic,
  writeFileSetAtomic,
  type AtomicFs,
  type SetFile,
} from '../../src/report/atomic.ts';
import { snapshotDir } from '../helpers/snapshot.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'pe-faults-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const snapshot = (dir: string) => snapshotDir(dir, 'utf8');

/** Names of the tool's temporary files and folders anywhere under `dir`. */
async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).filter((path) => /(^|\/)\.[^/]*\.(tmp|staging|old|set)-\d+-[0-9a-f]+/.test(path));
}

type Mode = 'fail' | 'kill';

/**
 * The real file system with step number `at` (1-based, counting every writeFile, rename, remove and mkdir)
 * failing as a full disk would. In `kill` mode every later step fails too, as if the process had died there:
 * no clean-up runs. `steps()` tells how many steps a run took.
 */
function faultyFs(at: number, mode: Mode): AtomicFs & { steps(): number } {
  let step = 0;
  let dead = false;
  const gate = () => {
    step += 1;
    if (dead) throw Object.assign(new Error('killed'), { code: 'EIO' });
    if (step === at) {
      if (mode === 'kill') dead = true;
      throw Object.assign(new Error('no space left on device (injected)'), { code: 'ENOSPC' });
    }
  };
  return {
    ...nodeAtomicFs,
    async writeFile(path, data) {
      gate();
      await nodeAtomicFs.writeFile(path, data);
    },
    async rename(from, to) {
      gate();
      await nodeAtomicFs.rename(from, to);
    },
    async remove(path) {
      gate();
      await nodeAtomicFs.remove(path);
    },
    async mkdir(path) {
      gate();
      await nodeAtomicFs.mkdir(path);
    },
    steps: () => step,
  };
}

/** The next run after a kill: the killed process (this one, by pid) is no longer running. */
const nextRun: AtomicFs = { ...nodeAtomicFs, processAlive: () => false };

async function stepsOf(run: (fs: AtomicFs) => Promise<unknown>): Promise<number> {
  const counter = faultyFs(Number.POSITIVE_INFINITY, 'fail');
  await run(counter);
  return counter.steps();
}

describe('writeFileSetAtomic (the report: HTML + chart files as one set)', () => {
  const previous: SetFile[] = [
    { path: 'charts/reductions.svg', data: '<svg>old reductions</svg>' },
    { path: 'charts/reductions@2x.png', data: 'old png' },
    { path: 'report.html', data: '<html>old</html>' },
  ];
  const next: SetFile[] = [
    { path: 'charts/reductions.svg', data: '<svg>new reductions</svg>' },
    { path: 'charts/reductions@2x.png', data: 'new png' },
    { path: 'charts/targets.svg', data: '<svg>new targets</svg>' },
    { path: 'report.html', data: '<html>new</html>' },
  ];
  const asSnapshot = (files: SetFile[], extra: Record<string, string> = {}) =>
    Object.fromEntries([...files.map((f) => [f.path, String(f.data)] as const), ...Object.entries(extra)].sort());

  async function fresh(): Promise<string> {
    const out = join(root, `out-${Math.random().toString(16).slice(2)}`);
    await writeFileSetAtomic(out, 'report', previous);
    await writeFile(join(out, 'notes.txt'), 'a file of the user, not in the set');
    return out;
  }
  const before = asSnapshot(previous, { 'notes.txt': 'a file of the user, not in the set' });
  const after = asSnapshot(next, { 'notes.txt': 'a file of the user, not in the set' });

  it('writes the set, leaving files it does not name alone', async () => {
    const out = await fresh();
    await writeFileSetAtomic(out, 'report', next);
    expect(await snapshot(out)).toEqual(after);
    expect(await leftovers(out)).toEqual([]);
  });

  it('a failure at any step (full disk, refused rename) leaves the previous set whole and no temporary file', async () => {
    const total = await stepsOf(async (fs) => writeFileSetAtomic(await fresh(), 'report', next, { fs }));
    expect(total).toBeGreaterThan(10);
    for (let at = 1; at <= total; at++) {
      const out = await fresh();
      const outcome = await writeFileSetAtomic(out, 'report', next, { fs: faultyFs(at, 'fail') }).then(
        () => 'written',
        (error: unknown) => error,
      );
      const files = await snapshot(out);
      // The last step removes the finished set's folder: failing there loses nothing, the new set is in, and
      // the next write of the set (whoever runs it) removes the folder.
      if (outcome === 'written') {
        await recoverLeftovers(out, 'report');
        expect(await snapshot(out), `step ${at}`).toEqual(after);
        expect(await leftovers(out), `step ${at}`).toEqual([]);
      } else {
        expect(outcome, `step ${at}`).toBeInstanceOf(PortEmissionsError);
        expect((outcome as PortEmissionsError).message, `step ${at}`).toContain('the disk is full (ENOSPC)');
        expect(files, `step ${at}`).toEqual(before);
        expect(await leftovers(out), `step ${at}`).toEqual([]);
      }
    }
  });

  it('a kill at any step leaves either set whole after the next run, which removes every leftover', async () => {
    const total = await stepsOf(async (fs) => writeFileSetAtomic(await fresh(), 'report', next, { fs }));
    let sawOld = 0;
    let sawNew = 0;
    for (let at = 1; at <= total; at++) {
      const out = await fresh();
      await writeFileSetAtomic(out, 'report', next, { fs: faultyFs(at, 'kill') }).catch(() => undefined);
      await recoverLeftovers(out, 'report', { fs: nextRun });
      const files = await snapshot(out);
      expect([before, after], `kill at step ${at}`).toContainEqual(files);
      if (isDeepStrictEqual(files, before)) sawOld += 1;
      else sawNew += 1;
      expect(await leftovers(out), `kill at step ${at}`).toEqual([]);
      // And the next run itself writes the new set whole.
      await writeFileSetAtomic(out, 'report', next, { fs: nextRun });
      expect(await snapshot(out)).toEqual(after);
      expect(await leftovers(out)).toEqual([]);
    }
    expect(sawOld).toBeGreaterThan(0);
    expect(sawNew).toBeGreaterThan(0);
  });

  it('a second kill while the next run rolls back still ends with the previous set whole', async () => {
    const total = await stepsOf(async (fs) => writeFileSetAtomic(await fresh(), 'report', next, { fs }));
    for (let at = 1; at <= total; at++) {
      const out = await fresh();
      await writeFileSetAtomic(out, 'report', next, { fs: faultyFs(at, 'kill') }).catch(() => undefined);
      // Kill the recovery after its first step, then recover again.
      await recoverLeftovers(out, 'report', { fs: { ...faultyFs(2, 'kill'), processAlive: () => false } });
      await recoverLeftovers(out, 'report', { fs: nextRun });
      expect([before, after], `kill at step ${at}`).toContainEqual(await snapshot(out));
      expect(await leftovers(out)).toEqual([]);
    }
  });

  it('leaves the leftovers of a run still going alone', async () => {
    const out = await fresh();
    await writeFileSetAtomic(out, 'report', next, { fs: faultyFs(3, 'kill') }).catch(() => undefined);
    const left = await leftovers(out);
    expect(left.filter((path) => !path.includes('/'))).toHaveLength(1);
    await recoverLeftovers(out, 'report'); // this process is alive: its set is not touched
    expect(await leftovers(out)).toEqual(left);
  });
});

describe('writeDirAtomic (the export folder)', () => {
  async function fresh(): Promise<string> {
    const dir = join(root, `export-${Math.random().toString(16).slice(2)}`);
    await writeDirAtomic(dir, async (staging) => {
      await writeFile(join(staging, 'manifest.json'), 'old manifest');
      await mkdir(join(staging, 'reductions'));
      await writeFile(join(staging, 'reductions', 'reductions.csv'), 'old csv');
    });
    return dir;
  }
  const build = (fs: AtomicFs) => async (staging: string) => {
    await fs.mkdir(join(staging, 'targets'));
    await fs.writeFile(join(staging, 'targets', 'targets.csv'), 'new csv');
    await fs.writeFile(join(staging, 'manifest.json'), 'new manifest');
  };
  const before = { 'manifest.json': 'old manifest', [join('reductions', 'reductions.csv')]: 'old csv' };
  const after = { 'manifest.json': 'new manifest', [join('targets', 'targets.csv')]: 'new csv' };

  it('a failure at any step leaves the previous folder whole and nothing hidden beside it', async () => {
    const total = await stepsOf(async (fs) => writeDirAtomic(await fresh(), build(fs), { fs }));
    expect(total).toBeGreaterThan(4);
    for (let at = 1; at <= total; at++) {
      const dir = await fresh();
      const fs = faultyFs(at, 'fail');
      const outcome = await writeDirAtomic(dir, build(fs), { fs }).then(() => 'written', (error: unknown) => error);
      if (outcome === 'written') {
        // Failing to delete the previous folder after the swap loses nothing; the next run removes it.
        await recoverLeftovers(root, dir.split('/').at(-1)!);
        expect(await snapshot(dir), `step ${at}`).toEqual(after);
      } else expect(await snapshot(dir), `step ${at}`).toEqual(before);
      expect(await leftovers(root), `step ${at}`).toEqual([]);
    }
  });

  it('a kill at any step, even between the two renames, leaves a whole folder after the next run', async () => {
    const total = await stepsOf(async (fs) => writeDirAtomic(await fresh(), build(fs), { fs }));
    for (let at = 1; at <= total; at++) {
      const dir = await fresh();
      const fs = faultyFs(at, 'kill');
      await writeDirAtomic(dir, build(fs), { fs }).catch(() => undefined);
      // The next run of the export: it finds the folder (put back if it was moved aside) and replaces it.
      const seen: Record<string, string>[] = [];
      await writeDirAtomic(
        dir,
        async (staging) => {
          seen.push(await snapshot(dir));
          await build(nodeAtomicFs)(staging);
        },
        { fs: nextRun },
      );
      expect([before, after], `kill at step ${at}`).toContainEqual(seen[0]);
      expect(await snapshot(dir)).toEqual(after);
      expect(await leftovers(root), `kill at step ${at}`).toEqual([]);
    }
  });
});

describe('writeFileAtomic (deck, chart, import-table)', () => {
  it('a kill at any step leaves the previous file or the new one, and the next run removes the temporary file', async () => {
    const total = await stepsOf(async (fs) => {
      await writeFile(join(root, 'count.pptx'), 'old');
      await writeFileAtomic(join(root, 'count.pptx'), 'new', { fs });
    });
    for (let at = 1; at <= total; at++) {
      const path = join(root, `deck-${at}.pptx`);
      await writeFile(path, 'old deck');
      await writeFileAtomic(path, 'new deck', { fs: faultyFs(at, 'kill') }).catch(() => undefined);
      expect(['old deck', 'new deck']).toContain(await readFile(path, 'utf8'));
      await writeFileAtomic(path, 'next deck', { fs: nextRun });
      expect(await readFile(path, 'utf8')).toBe('next deck');
    }
    expect(await leftovers(root)).toEqual([]);
  });

  it('keeps temporary names within the file-name limit for a long output name (no stack trace, no leftover)', async () => {
    const name = `${'x'.repeat(240)}.svg`;
    await writeFileAtomic(join(root, name), '<svg/>');
    expect(await readFile(join(root, name), 'utf8')).toBe('<svg/>');
    const tooLong = join(root, `${'y'.repeat(300)}.svg`);
    const error = await writeFileAtomic(tooLong, '<svg/>').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortEmissionsError);
    expect((error as PortEmissionsError).message).toBe(`Cannot write ${tooLong}: a file name is too long for the file system (ENAMETOOLONG)`);
    expect(await readdir(root)).toEqual([name]);
  });
});

describe('a real kill -9 in the middle of a report swap', () => {
  it('the next run (another process) sees the killed one is gone and rolls its half-done swap back', async () => {
    const { spawn } = await import('node:child_process');
    const out = join(root, 'killed');
    await writeFileSetAtomic(out, 'report', [
      { path: 'charts/a.svg', data: 'old a' },
      { path: 'report.html', data: 'old html' },
    ]);
    const atomicUrl = new URL('../../src/report/atomic.ts', import.meta.url).href;
    // The child swaps in a new set and stops for good right after its first file went in.
    const script = `
      const { nodeAtomicFs, writeFileSetAtomic } = await import(${JSON.stringify(atomicUrl)});
      let renames = 0;
      const fs = { ...nodeAtomicFs, async rename(from, to) {
        await nodeAtomicFs.rename(from, to);
        if (!from.endsWith('.tmp') && ++renames === 3) { process.stdout.write('swapping\\n'); await new Promise(() => {}); }
      } };
      await writeFileSetAtomic(${JSON.stringify(out)}, 'report', [
        { path: 'charts/a.svg', data: 'new a' }, { path: 'report.html', data: 'new html' },
      ], { fs });`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('swapping')) resolve();
      });
      child.on('exit', () => reject(new Error('the child ended before it was killed')));
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    // Mid-swap: the new a.svg is in, and the old HTML moved aside with no new one yet.
    expect(await readFile(join(out, 'charts', 'a.svg'), 'utf8')).toBe('new a');
    expect((await readdir(out)).includes('report.html')).toBe(false);
    expect((await leftovers(out)).filter((path) => !path.includes('/'))).toHaveLength(1);

    await recoverLeftovers(out, 'report'); // the real liveness check: the child's pid is gone
    expect(await snapshot(out)).toEqual({ [join('charts', 'a.svg')]: 'old a', 'report.html': 'old html' });
    expect(await leftovers(out)).toEqual([]);
  });
});

describe('the real writers, every step failing in turn (synthetic chart engine)', () => {
  it('writeExport: a full disk or a kill at any step leaves the previous export whole, and the next run cleans up', async () => {
    const { writeExport } = await import('../../src/report/board-pack.ts');
    const { BUNDLE_FORMATS } = await import('../../src/report/bundle.ts');
    const { hostileDataset, stubEngine } = await import('../golden/report/synthetic-report.ts');
    const previous = [{ key: 'stub-trend', chartId: 'stub-trend', filters: {} }];
    const requests = [{ key: 'stub-gap', chartId: 'stub-gap', filters: {} }];
    // XLSX and PNG left out to keep the test quick: their files go through the same writes as the others.
    const formats = new Set(BUNDLE_FORMATS.filter((format) => format !== 'xlsx' && format !== 'png'));
    const run = (out: string, fs?: AtomicFs, only = requests) =>
      writeExport(out, only, hostileDataset(), formats, { engine: stubEngine(), ...(fs === undefined ? {} : { fs }) });
    const fresh = async () => {
      const out = join(root, `export-${Math.random().toString(16).slice(2)}`);
      await run(out, undefined, previous);
      return out;
    };
    const template = await fresh();
    const before = await snapshot(template);
    await run(template);
    const after = await snapshot(template);
    const total = await stepsOf(async (fs) => run(await fresh(), fs));
    expect(total).toBeGreaterThan(10);
    for (const mode of ['fail', 'kill'] as const) {
      for (let at = 1; at <= total; at++) {
        const out = await fresh();
        const outcome = await run(out, faultyFs(at, mode)).then(() => 'written', (error: unknown) => error);
        if (mode === 'fail' && outcome !== 'written') {
          expect(outcome, `${mode} at step ${at}`).toBeInstanceOf(PortEmissionsError);
          expect(await snapshot(out), `${mode} at step ${at}`).toEqual(before);
          expect(await leftovers(root), `${mode} at step ${at}`).toEqual([]);
        }
        // The next run (the killed process is gone) finds a whole export, old or new, and replaces it.
        await run(out, nextRun);
        expect(await snapshot(out), `${mode} at step ${at}`).toEqual(after);
        expect(await leftovers(root), `${mode} at step ${at}`).toEqual([]);
      }
    }
  });

  it('writeReport: a full disk or a kill at any step leaves the previous report whole (HTML and charts)', async () => {
    const { writeReport } = await import('../../src/report/build.ts');
    const { hostileDataset, stubEngine, SYNTHETIC_DEFINITION, TEST_NOW } = await import('../golden/report/synthetic-report.ts');
    const nextDefinition = { ...SYNTHETIC_DEFINITION, sections: SYNTHETIC_DEFINITION.sections.slice(0, 1) };
    const previousDefinition = { ...nextDefinition, title: 'SYNTHETIC previous report', sections: [{ ...nextDefinition.sections[0]!, charts: nextDefinition.sections[0]!.charts.slice(0, 1) }] };
    const run = (out: string, definition = nextDefinition, fs?: AtomicFs) =>
      writeReport(definition, hostileDataset(), { engine: stubEngine(), now: TEST_NOW, out, name: 'synthetic', ...(fs === undefined ? {} : { fs }) });
    const fresh = async () => {
      const out = join(root, `report-${Math.random().toString(16).slice(2)}`);
      await run(out, previousDefinition);
      return out;
    };
    const template = await fresh();
    const before = await snapshot(template);
    await run(template);
    const after = await snapshot(template);
    const total = await stepsOf(async (fs) => run(await fresh(), nextDefinition, fs));
    for (const mode of ['fail', 'kill'] as const) {
      for (let at = 1; at <= total; at++) {
        const out = await fresh();
        const outcome = await run(out, nextDefinition, faultyFs(at, mode)).then(() => 'written', (error: unknown) => error);
        if (mode === 'fail' && outcome !== 'written') {
          expect(await snapshot(out), `${mode} at step ${at}`).toEqual(before);
          expect(await leftovers(out), `${mode} at step ${at}`).toEqual([]);
        }
        await recoverLeftovers(out, 'synthetic', { fs: nextRun });
        expect([before, after], `${mode} at step ${at}`).toContainEqual(await snapshot(out));
        expect(await leftovers(out), `${mode} at step ${at}`).toEqual([]);
      }
    }
  });
});
