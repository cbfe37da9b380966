/**
 * validate in flat memory: the keyed checks (unique keys, category sums) keep a bounded number of keys in
 * memory and spill the rest to temporary files, checked partition by partition after the last row. These
 * tests make the budget tiny so that a small SYNTHETIC dataset (test/helpers/large-dataset.ts, with faults
 * appended by the test) goes through the spill, and require the same problems as with no budget at all.
 * Memory at size is measured by test/bench/validate-size.ts (figures in the README), never asserted here.
 */
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIssue, PortEmissionsError, type DataIssue } from '../../src/errors.ts';
import { digest96, type Digest } from '../../src/ingest/checks.ts';
import { validateDataset } from '../../src/ingest/load.ts';
import { FileSpill } from '../../src/ingest/spill.ts';
import { writeLargeDataset } from '../helpers/large-dataset.ts';
import { miniPath } from '../helpers/mini-dataset.ts';
import { runCli } from '../../src/cli/main.ts';
import { captureIO } from '../helpers/io.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pe-spill-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('FileSpill', () => {
  const replayAll = (spill: FileSpill) => {
    const partitions: { digest: Digest; text: string }[][] = [];
    spill.replay({
      partition: () => partitions.push([]),
      record: (digest, payload) => partitions.at(-1)!.push({ digest, text: Buffer.from(payload).toString('utf8') }),
    });
    return partitions;
  };

  it('gives back every record once, all records of a key in one partition, in the order they were added', async () => {
    const tmp = await mkdtemp(join(dir, 'unit-'));
    const spill = new FileSpill({ tmp, bufferBytes: 64 });
    const added: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const key = `key-${i % 700}`;
      const text = `${key}#${i}`;
      added.push(text);
      spill.add(digest96(key), Buffer.from(text));
    }
    const partitions = replayAll(spill);
    expect(partitions.flat().map((r) => r.text).sort()).toEqual([...added].sort());
    const partitionOfKey = new Map<string, number>();
    partitions.forEach((records, p) => {
      let last = -1;
      for (const { text } of records) {
        const [key, n] = text.split('#') as [string, string];
        expect(partitionOfKey.get(key) ?? p).toBe(p);
        partitionOfKey.set(key, p);
        expect(Number(n)).toBeGreaterThan(last); // the order added
        last = Number(n);
      }
    });
    expect(partitions.length).toBeGreaterThan(100); // spread over many partitions, not one
    spill.close();
    expect(await readdir(tmp)).toEqual([]);
  });

  it('splits a partition larger than its limit again, so a replay never holds more than a partition', async () => {
    const tmp = await mkdtemp(join(dir, 'resplit-'));
    const spill = new FileSpill({ tmp, partitions: 4, partitionBytes: 2000 });
    for (let i = 0; i < 3000; i++) spill.add(digest96(`k${i}`), Buffer.from(`k${i}`));
    const partitions = replayAll(spill);
    expect(spill.resplits).toBeGreaterThan(0);
    expect(partitions.flat()).toHaveLength(3000);
    // Each replayed partition is at most the limit (16 bytes a record + the key), unless its keys share 64 bits of hash.
    for (const records of partitions) expect(records.reduce((n, r) => n + 16 + r.text.length, 0)).toBeLessThanOrEqual(2000);
    spill.close();
    expect(await readdir(tmp)).toEqual([]);
  });

  it('removes the folders of spills whose process was killed, and only those', async () => {
    const tmp = await mkdtemp(join(dir, 'abandoned-'));
    await mkdir(join(tmp, 'port-emissions-spill-4194399-abc')); // above Linux's pid_max: no such process
    await mkdir(join(tmp, 'port-emissions-spill-1-abc')); // pid 1 runs
    await mkdir(join(tmp, 'other-folder'));
    const spill = new FileSpill({ tmp });
    spill.add(digest96('a'), Buffer.from('a'));
    spill.replay({ partition: () => {}, record: () => {} }); // writes the record: the folder is made
    const names = await readdir(tmp);
    expect(names.filter((n) => n.startsWith(`port-emissions-spill-${process.pid}-`))).toHaveLength(1);
    expect(names.filter((n) => !n.startsWith(`port-emissions-spill-${process.pid}-`)).sort()).toEqual(['other-folder', 'port-emissions-spill-1-abc']);
    spill.close();
    expect((await readdir(tmp)).sort()).toEqual(['other-folder', 'port-emissions-spill-1-abc']);
  });

  it('keeps a record larger than its write and read buffers whole', async () => {
    const tmp = await mkdtemp(join(dir, 'big-'));
    const spill = new FileSpill({ tmp, bufferBytes: 16 });
    const big = 'x'.repeat(3 * 1024 * 1024);
    spill.add(digest96('a'), Buffer.from('small'));
    spill.add(digest96('a'), Buffer.from(big));
    spill.add(digest96('a'), Buffer.from('after'));
    expect(replayAll(spill).flat().map((r) => r.text.length)).toEqual([5, big.length, 5]);
    spill.close();
  });
});

describe('validate with a memory budget of 3 keys', () => {
  const issuesOf = (issues: readonly DataIssue[]) => issues.map(formatIssue).sort();

  it('finds the same duplicate keys and category sums as with no budget, and leaves no temporary file', async () => {
    const data = join(dir, 'faults');
    await writeLargeDataset(data, 3000);
    // SYNTHETIC faults: a duplicate of the first row (its key is in memory) and of a row of the second port (spilled), and
    // a group whose categories add up to more than its total, beyond the budget.
    const row = (port: string, year: number, category: string, value: string) =>
      `${port},${year},${category},NOx,absolute,${value},ton_per_year,,SYN_R0000,inventory,,synthetic,SYNTHETIC_TEST\n`;
    await appendFile(
      join(data, miniPath('emissions')),
      row('SYN_P000', 1900, 'all', '1000') + row('SYN_P001', 1950, 'ships', '600') + row('SYN_P050', 1950, 'all', '100') + row('SYN_P050', 1950, 'ships', '600') + row('SYN_P050', 1950, 'trucks', '400'),
    );
    const spillDir = await mkdtemp(join(dir, 'tmp-'));
    const unbounded = await validateDataset(data, { memoryKeys: Number.MAX_SAFE_INTEGER, spillDir });
    const bounded = await validateDataset(data, { memoryKeys: 3, spillDir });
    // The duplicate ships row also makes its group's categories add up to more than the total: 4 problems.
    expect(issuesOf(unbounded.issues)).toHaveLength(4);
    expect(issuesOf(bounded.issues)).toEqual(issuesOf(unbounded.issues));
    expect(issuesOf(bounded.issues).join('\n')).toMatch(/duplicate key: same port\/year\/source_category\/pollutant\/metric\/release as line 2; found "SYN_P000\/1900\/all\/NOx\/absolute\/SYN_R0000/);
    expect(issuesOf(bounded.issues).join('\n')).toMatch(/source categories of SYN_P050 1950 NOx add up to 1000 ton_per_year, more than this total/);
    expect(await readdir(spillDir)).toEqual([]);
  });

  it('counts every problem beyond the listing caps, the same with the budget as without', async () => {
    const data = join(dir, 'many');
    await writeLargeDataset(data, 1500);
    // SYNTHETIC: every row written twice, so 1,500 duplicate keys and 500 groups adding up to twice their total.
    const file = join(data, miniPath('emissions'));
    const rows = (await readFile(file, 'utf8')).trimEnd().split('\n').slice(1);
    await appendFile(file, `${rows.join('\n')}\n`);
    const spillDir = await mkdtemp(join(dir, 'tmp-'));
    const unbounded = await validateDataset(data, { memoryKeys: Number.MAX_SAFE_INTEGER, spillDir });
    const bounded = await validateDataset(data, { memoryKeys: 3, spillDir });
    expect(unbounded.issues.length + unbounded.unlisted).toBe(2000);
    expect(bounded.issues.length + bounded.unlisted).toBe(2000);
    expect(bounded.issues.length).toBe(unbounded.issues.length); // MAX_ISSUES listed
    expect(await readdir(spillDir)).toEqual([]);
  });

  it('says in words what the temporary files are for when they cannot be written, and leaves nothing behind', async () => {
    const data = join(dir, 'nospace');
    await writeLargeDataset(data, 200);
    const notAFolder = join(dir, 'a-file');
    await writeFile(notAFolder, 'not a folder');
    const error = await validateDataset(data, { memoryKeys: 3, spillDir: notAFolder }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PortEmissionsError);
    expect((error as PortEmissionsError).message).toBe(`Cannot keep the keys beyond memory in ${notAFolder}: a part of the path is a file, not a folder (ENOTDIR)`);
    expect((error as PortEmissionsError).hint).toMatch(/set TMPDIR to a writable folder with room/);
  });

  it('accepts a valid dataset through the spill, counting every row', async () => {
    const data = join(dir, 'valid');
    await writeLargeDataset(data, 5000);
    const spillDir = await mkdtemp(join(dir, 'tmp-'));
    const result = await validateDataset(data, { memoryKeys: 3, spillDir });
    expect(result.issues).toEqual([]);
    expect(result.summary!.resources.find((r) => r.name === 'emissions')!.rows).toBe(5000);
    expect(await readdir(spillDir)).toEqual([]);
  });
});

describe('validate on a terminal', () => {
  it('counts the rows read on a status line it clears at the end; nothing of it in a pipe or with --quiet', async () => {
    const data = join(dir, 'status');
    await writeLargeDataset(data, 250_000);
    const tty = { ...captureIO(), isTTY: true };
    expect(await runCli(['validate', '--data', data], tty)).toBe(0);
    expect(tty.err()).toContain('\r\u001b[Kvalidate: emissions: 100,000 rows read');
    expect(tty.err()).toContain('\r\u001b[Kvalidate: emissions: 200,000 rows read');
    expect(tty.err()).toContain('validate: comparing rows with each other (duplicate keys, category sums)');
    expect(tty.err().endsWith('\r\u001b[K')).toBe(true); // cleared before the summary on stdout
    expect(tty.out()).toContain('emissions');
    const quiet = { ...captureIO(), isTTY: true };
    expect(await runCli(['validate', '--data', data, '--quiet'], quiet)).toBe(0);
    expect(quiet.err()).toBe('');
    const pipe = captureIO();
    expect(await runCli(['validate', '--data', data], pipe)).toBe(0);
    expect(pipe.err()).toBe('');
  }, 120_000);
});
