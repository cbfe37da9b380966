import { closeSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileSystemError } from '../errors.ts';
import type { Digest, KeyedSpill, SpillVisitor } from './checks.ts';

/**
 * Keyed records that no longer fit in memory, kept on disk in temporary files grouped by their key's hash
 * (a "grace hash" partitioning), then replayed partition by partition: every record of one key lands in the
 * same partition, so a check that needs all records of a key at once holds one partition in memory, not
 * all of them. A partition file larger than `partitionBytes` is split again on the next 8 bits of the hash
 * before it is replayed, so the memory of a replay does not grow with the file, at any size.
 *
 * A record on disk: payload length (u32), the three 32-bit lanes of its key's digest, the payload bytes.
 * Writes are buffered per partition (`bufferBytes` each). The folder (under the system's temporary folder,
 * named with the process id) is made on the first record and removed by `close()`, which the caller calls in
 * a `finally`; the folders of spills whose process no longer runs (killed) are removed when a new one is made.
 */
export class FileSpill implements KeyedSpill {
  private dir: string | undefined;
  private readonly root: Level;
  private depthReached = 0;

  constructor(
    private readonly options: { partitions?: number; bufferBytes?: number; partitionBytes?: number; tmp?: string } = {},
  ) {
    this.root = new Level(0, this.partitionCount, this.options.bufferBytes ?? 32 * 1024, () => this.folder());
  }

  private get partitionCount(): number {
    return this.options.partitions ?? 256;
  }

  /** How deep partitions had to be split again (0 when every partition fit). */
  get resplits(): number {
    return this.depthReached;
  }

  add(digest: Digest, payload: Uint8Array): void {
    this.root.add(digest, payload);
  }

  replay(visitor: SpillVisitor): void {
    for (const file of this.root.finish()) this.replayFile(file, 1, visitor);
  }

  private replayFile(file: string | undefined, depth: number, visitor: SpillVisitor): void {
    if (file === undefined) return;
    const limit = this.options.partitionBytes ?? 16 * 1024 * 1024;
    // Split a large partition on the next 8 bits of the hash (64 bits in all: beyond them the records share
    // their key's hash, so splitting cannot separate them, and the replay below streams them anyway).
    if (onDisk(file, () => statSync(file).size) > limit && depth < MAX_DEPTH) {
      this.depthReached = Math.max(this.depthReached, depth);
      const level = new Level(depth, this.partitionCount, this.options.bufferBytes ?? 32 * 1024, () => this.folder());
      const parts = onDisk(file, () => {
        readRecords(file, (digest, payload) => level.add(digest, payload));
        rmSync(file, { force: true });
        return level.finish();
      });
      for (const part of parts) this.replayFile(part, depth + 1, visitor);
      return;
    }
    visitor.partition();
    onDisk(file, () => {
      readRecords(file, (digest, payload) => visitor.record(digest, payload));
      rmSync(file, { force: true });
    });
  }

  close(): void {
    if (this.dir !== undefined) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }

  private folder(): string {
    if (this.dir === undefined) {
      const parent = this.options.tmp ?? tmpdir();
      removeAbandoned(parent);
      this.dir = onDisk(parent, () => mkdtempSync(join(parent, `${PREFIX}${process.pid}-`)));
    }
    return this.dir;
  }
}

const PREFIX = 'port-emissions-spill-';

/**
 * Runs a step that reads or writes the spill's files; a file-system failure (a full disk, a TMPDIR that is
 * not a writable folder) becomes one error in words saying what the files are for and what to do.
 */
function onDisk<T>(path: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (!(error instanceof Error) || (error as NodeJS.ErrnoException).code === undefined) throw error;
    throw fileSystemError(
      'keep the keys beyond memory in',
      path,
      error,
      'validate keeps the keys of rows beyond its memory budget in temporary files (about 75 bytes a row): set TMPDIR to a writable folder with room; no report or dataset file was changed',
    );
  }
}

/** Removes the spill folders in `parent` left by processes that no longer run (a kill leaves them behind). */
function removeAbandoned(parent: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^port-emissions-spill-(\d+)-/.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // runs, under another user
  }
}

/** Hash bits used to pick a partition: 8 a level, lanes c then b (lane a picks the in-memory slot). */
const MAX_DEPTH = 8;

function partitionOf(digest: Digest, depth: number, partitions: number): number {
  const lane = depth < 4 ? digest[2] : digest[1];
  return ((lane >>> (8 * (depth % 4))) & 0xff) % partitions;
}

let fileNumber = 0;

/** One level of partition files, each with its write buffer. */
class Level {
  private readonly fds: (number | undefined)[];
  private readonly paths: (string | undefined)[];
  private readonly buffers: (Buffer | undefined)[];
  private readonly used: number[];

  constructor(
    private readonly depth: number,
    private readonly partitions: number,
    private readonly bufferBytes: number,
    private readonly folder: () => string,
  ) {
    this.fds = new Array(partitions);
    this.paths = new Array(partitions);
    this.buffers = new Array(partitions);
    this.used = new Array(partitions).fill(0);
  }

  add(digest: Digest, payload: Uint8Array): void {
    const p = partitionOf(digest, this.depth, this.partitions);
    const size = 16 + payload.length;
    let buffer = this.buffers[p];
    if (buffer === undefined) buffer = this.buffers[p] = Buffer.allocUnsafe(Math.max(this.bufferBytes, size));
    if (this.used[p]! + size > buffer.length) {
      this.flush(p);
      if (size > buffer.length) buffer = this.buffers[p] = Buffer.allocUnsafe(size);
    }
    let at = this.used[p]!;
    at = buffer.writeUInt32LE(payload.length, at);
    at = buffer.writeUInt32LE(digest[0], at);
    at = buffer.writeUInt32LE(digest[1], at);
    at = buffer.writeUInt32LE(digest[2], at);
    buffer.set(payload, at);
    this.used[p] = at + payload.length;
  }

  private flush(p: number): void {
    if (this.used[p] === 0) return;
    if (this.fds[p] === undefined) {
      const path = (this.paths[p] = join(this.folder(), `d${this.depth}-${fileNumber++}.bin`));
      this.fds[p] = onDisk(path, () => openSync(path, 'w'));
    }
    onDisk(this.paths[p]!, () => {
      let written = 0;
      while (written < this.used[p]!) written += writeSync(this.fds[p]!, this.buffers[p]!, written, this.used[p]! - written);
    });
    this.used[p] = 0;
  }

  /** Flushes and closes every file; the files in partition order (undefined where a partition is empty). */
  finish(): (string | undefined)[] {
    for (let p = 0; p < this.partitions; p++) {
      this.flush(p);
      if (this.fds[p] !== undefined) closeSync(this.fds[p]!);
      this.buffers[p] = undefined;
    }
    return this.paths;
  }
}

/** Reads a partition file record by record, in the order they were written, 1 MiB at a time. */
function readRecords(file: string, onRecord: (digest: Digest, payload: Uint8Array) => void): void {
  const fd = openSync(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(1024 * 1024);
    let start = 0;
    let end = 0;
    for (;;) {
      // Whole records in the buffer first.
      while (end - start >= 16) {
        const length = buffer.readUInt32LE(start);
        if (end - start < 16 + length) break;
        const digest: Digest = [buffer.readUInt32LE(start + 4), buffer.readUInt32LE(start + 8), buffer.readUInt32LE(start + 12)];
        onRecord(digest, buffer.subarray(start + 16, start + 16 + length));
        start += 16 + length;
      }
      // Keep the partial record at the front, growing the buffer for a record larger than it.
      const rest = end - start;
      const needed = rest >= 4 ? 16 + buffer.readUInt32LE(start) : 16;
      if (needed > buffer.length) {
        const bigger = Buffer.allocUnsafe(needed);
        buffer.copy(bigger, 0, start, end);
        buffer = bigger;
      } else buffer.copy(buffer, 0, start, end);
      start = 0;
      end = rest;
      const read = readSync(fd, buffer, end, buffer.length - end, null);
      if (read === 0) break;
      end += read;
    }
  } finally {
    closeSync(fd);
  }
}
