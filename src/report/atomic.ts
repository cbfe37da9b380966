import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { PortEmissionsError, fileSystemError } from '../errors.ts';

/**
 * Every file-system step the atomic writers take, so tests can make any one of them fail (a full disk, a
 * refused rename) or stop the "process" there (a kill), and check what a user would find afterwards.
 */
export interface AtomicFs {
  /** Creates `path` exclusively (never follows or clobbers what is there), writes `data`, flushes it to disk. */
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Removes a file or a whole folder; nothing there is not an error. */
  remove(path: string): Promise<void>;
  /** Creates a folder and its parents; an existing folder is not an error. */
  mkdir(path: string): Promise<void>;
  /** The names in a folder; `[]` when it does not exist. */
  list(path: string): Promise<string[]>;
  /** What is at `path` (symbolic links are not followed); undefined when nothing. */
  kind(path: string): Promise<'file' | 'dir' | 'other' | undefined>;
  /** A file's text; undefined when there is none. */
  readText(path: string): Promise<string | undefined>;
  /** Whether the process that left a temporary name is still running (then its files are left alone). */
  processAlive(pid: number): boolean;
}

function missing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** The real file system. */
export const nodeAtomicFs: AtomicFs = {
  async writeFile(path, data) {
    const handle = await open(path, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => rename(from, to),
  remove: (path) => rm(path, { recursive: true, force: true }),
  async mkdir(path) {
    await mkdir(path, { recursive: true });
  },
  async list(path) {
    try {
      return await readdir(path);
    } catch (error) {
      if (missing(error)) return [];
      throw error;
    }
  },
  async kind(path) {
    try {
      const stats = await lstat(path);
      return stats.isFile() ? 'file' : stats.isDirectory() ? 'dir' : 'other';
    } catch (error) {
      if (missing(error)) return undefined;
      throw error;
    }
  },
  async readText(path) {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      if (missing(error)) return undefined;
      throw error;
    }
  },
  processAlive(pid) {
    if (pid === process.pid) return true;
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      // EPERM: the process exists but belongs to someone else.
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
};

/** Options of the atomic writers. */
export interface AtomicOptions {
  /** The file-system steps; default the real file system. Tests inject failures here. */
  fs?: AtomicFs;
}

type LeftoverKind = 'tmp' | 'staging' | 'old' | 'set';

// Names longer than this are shortened (with a hash) inside temporary names, so `.name.tmp-<pid>-<random>`
// stays within the usual 255-byte limit on a file name whatever the output is called.
const KEY_LIMIT = 100;

/** The part of a temporary name that says which output it belongs to. */
function leftoverKey(name: string): string {
  if (Buffer.byteLength(name) <= KEY_LIMIT) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 12);
  let cut = name.slice(0, 60);
  while (Buffer.byteLength(cut) > 80) cut = cut.slice(0, -1);
  return `${cut}~${hash}`;
}

/**
 * A unique hidden sibling name for `target` (`.name.tmp-<pid>-<random>`): a half-written output never looks
 * finished, and the next run can tell whose it was and clean it up.
 */
function siblingName(target: string, kind: LeftoverKind): string {
  return join(dirname(target), `.${leftoverKey(basename(target))}.${kind}-${process.pid}-${randomBytes(6).toString('hex')}`);
}

const LEFTOVER = /^\.(.+)\.(tmp|staging|old|set)-(\d+)-[0-9a-f]{12}$/;

/** Runs a clean-up step; its failure must never hide the error being reported (the next run retries). */
async function quietly(step: Promise<unknown>): Promise<void> {
  await step.catch(() => undefined);
}

/**
 * Cleans up what an earlier run that was killed (or lost power) left beside the output `name` in `dir`:
 * temporary files and staging folders are removed; a previous output moved aside (`.old-*`) is put back if
 * the output is missing (the kill came between the two renames of a folder swap), else removed; a file set
 * caught in the middle of its swap is rolled back to the previous set. Leftovers of a process still running
 * are left alone. Failures are ignored here: the write that follows reports any real problem.
 */
export async function recoverLeftovers(dir: string, name: string, options: AtomicOptions = {}): Promise<void> {
  const fs = options.fs ?? nodeAtomicFs;
  const key = leftoverKey(name);
  let entries: string[];
  try {
    entries = await fs.list(dir);
  } catch {
    return;
  }
  const found = entries
    .map((entry) => ({ entry, match: LEFTOVER.exec(entry) }))
    .filter(({ match }) => match !== null && match[1] === key)
    // Old folders last: whether the output is there decides what happens to them.
    .sort((a, b) => Number(a.match![2] === 'old') - Number(b.match![2] === 'old'));
  const target = join(dir, name);
  for (const { entry, match } of found) {
    const path = join(dir, entry);
    const kind = match![2] as LeftoverKind;
    const alive = fs.processAlive(Number(match![3]));
    if (kind === 'old') {
      // A previous output moved aside is only wanted while the output is missing: once the new one is in
      // place it is garbage whoever left it (a failed final removal, or a run that is just finishing).
      const present = (await fs.kind(target).catch(() => 'other' as const)) !== undefined;
      if (present) await quietly(fs.remove(path));
      else if (!alive) await quietly(fs.rename(path, target));
    } else if (kind === 'set') {
      if ((await fs.kind(join(path, DONE)).catch(() => undefined)) === 'file') await quietly(fs.remove(path));
      else if (!alive) await quietly(recoverFileSet(path, dir, fs));
    } else if (!alive) {
      await quietly(fs.remove(path));
    }
  }
}

/**
 * Writes `data` to `path` so that readers see either the previous file or the complete new one, never a
 * partial file: the bytes go to a hidden temporary file in the same directory (`.name.tmp-<pid>-<random>`),
 * are flushed to disk (fsync), and the temporary file is renamed over `path`. On any failure the temporary
 * file is removed and the previous `path` is left untouched; temporary files of earlier runs that were
 * killed are removed first ({@link recoverLeftovers}).
 *
 * Strings are written as UTF-8. The parent directory must exist.
 *
 * @throws PortEmissionsError (exit code 1) naming the path and the operating-system reason in plain words.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicOptions = {}): Promise<void> {
  const fs = options.fs ?? nodeAtomicFs;
  const target = resolve(path);
  await recoverLeftovers(dirname(target), basename(target), options);
  const tmp = siblingName(target, 'tmp');
  try {
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, target);
  } catch (error) {
    await quietly(fs.remove(tmp));
    throw fileSystemError('write', path, error);
  }
}

/**
 * Builds a whole output folder and puts it in place at once. `build` receives an empty hidden staging folder
 * beside `dir` (`.name.staging-<pid>-<random>`) and writes everything there; when it resolves, the previous
 * `dir` (if any) is renamed away, the staging folder is renamed to `dir`, and the previous contents are
 * deleted. If `build` throws, or the swap fails, the staging folder is removed, the previous `dir` is left
 * exactly as it was, and the error is rethrown (errors from `build` unchanged).
 *
 * The whole folder is replaced: files in the previous `dir` that `build` does not write are gone afterwards.
 * Between the two renames `dir` is briefly absent (Node offers no atomic exchange of two folders); a run
 * killed right there leaves the previous folder under a hidden `.name.old-*` name, which the next run (of
 * any atomic writer for `dir`) puts back before doing anything else. Staging folders of killed runs are
 * removed the same way. Parent folders are created as needed.
 *
 * @throws PortEmissionsError with exit code 2 when `dir` exists and is not a folder; exit code 1 when the
 *   file system refuses a step.
 */
export async function writeDirAtomic(
  dir: string,
  build: (stagingDir: string) => Promise<void>,
  options: AtomicOptions = {},
): Promise<void> {
  const fs = options.fs ?? nodeAtomicFs;
  const target = resolve(dir);
  let exists: boolean;
  try {
    await fs.mkdir(dirname(target));
    await recoverLeftovers(dirname(target), basename(target), options);
    const kind = await fs.kind(target);
    if (kind !== undefined && kind !== 'dir') {
      throw new PortEmissionsError(`Cannot write the output folder ${dir}: a file with that name exists`, {
        exitCode: 2,
        location: { file: dir },
        hint: 'choose another output folder, or move the file away',
      });
    }
    exists = kind === 'dir';
  } catch (error) {
    if (error instanceof PortEmissionsError) throw error;
    throw fileSystemError('write the output folder', dir, error);
  }

  const staging = siblingName(target, 'staging');
  try {
    await fs.mkdir(staging);
  } catch (error) {
    await quietly(fs.remove(staging));
    throw fileSystemError('write the output folder', dir, error);
  }
  try {
    await build(staging);
  } catch (error) {
    await quietly(fs.remove(staging));
    throw error;
  }

  if (!exists) {
    try {
      await fs.rename(staging, target);
    } catch (error) {
      await quietly(fs.remove(staging));
      throw fileSystemError('write the output folder', dir, error);
    }
    return;
  }

  const old = siblingName(target, 'old');
  try {
    await fs.rename(target, old);
  } catch (error) {
    await quietly(fs.remove(staging));
    throw fileSystemError('replace the output folder', dir, error);
  }
  try {
    await fs.rename(staging, target);
  } catch (error) {
    // Put the previous output back before reporting: the user keeps what they had.
    await quietly(fs.rename(old, target));
    await quietly(fs.remove(staging));
    throw fileSystemError('replace the output folder', dir, error);
  }
  await quietly(fs.remove(old));
}

/** One file of a set written by {@link writeFileSetAtomic}. */
export interface SetFile {
  /** Path relative to the set's folder, `/`-separated (e.g. `charts/reductions.svg`). */
  path: string;
  data: string | Uint8Array;
}

const JOURNAL = 'journal.json';
const DONE = 'done.json';

/**
 * Writes several files into `dir` as one set: afterwards `dir` holds either every new file or, after any
 * failure, every previous one (files the set does not name are never touched). How:
 *
 * 1. every file is written (and flushed) into a hidden folder `dir/.name.set-<pid>-<random>/new/`; a full disk
 *    here leaves the previous files untouched;
 * 2. a journal listing the files is renamed into place: from here the set is committed;
 * 3. each file is swapped in by rename (the previous one kept under `old/`), `order` as given, so put the file
 *    a reader opens first (the HTML) last;
 * 4. a `done` mark replaces the journal, and the hidden folder is removed.
 *
 * If a rename fails in step 3, the files already swapped are put back from `old/` (files that are new to
 * `dir` are removed) and the error is reported. If the process is killed, the next run that writes this set
 * ({@link recoverLeftovers}) rolls an unfinished swap back the same way and removes the hidden folder.
 *
 * @param name The set's name (e.g. the report name), which names the hidden folder.
 * @throws PortEmissionsError (exit code 1) naming the file and the reason, after restoring the previous set.
 */
export async function writeFileSetAtomic(dir: string, name: string, files: readonly SetFile[], options: AtomicOptions = {}): Promise<void> {
  const fs = options.fs ?? nodeAtomicFs;
  const out = resolve(dir);
  const relative = files.map((file) => file.path);
  for (const path of relative) {
    if (path === '' || path.split('/').some((part) => part === '' || part === '.' || part === '..') || path.startsWith('/')) {
      throw new PortEmissionsError(`"${path}" cannot name a file inside the output folder`, { exitCode: 1 });
    }
  }
  try {
    await fs.mkdir(out);
  } catch (error) {
    throw fileSystemError('create the output folder', dir, error, 'choose a writable folder with --out');
  }
  await recoverLeftovers(out, name, options);

  const set = siblingName(join(out, name), 'set');
  let previousOf = new Set<string>();
  const staged = (path: string) => join(set, 'new', ...path.split('/'));
  let current = dir;
  try {
    for (const file of files) {
      current = join(dir, ...file.path.split('/'));
      await fs.mkdir(dirname(staged(file.path)));
      await fs.writeFile(staged(file.path), file.data);
    }
    current = dir;
    // Which files had a previous version: a rollback removes only the others, so it can be repeated safely.
    const previous: string[] = [];
    for (const path of relative) if ((await fs.kind(join(out, ...path.split('/')))) !== undefined) previous.push(path);
    await fs.writeFile(join(set, `${JOURNAL}.tmp`), `${JSON.stringify({ files: relative, previous })}\n`);
    await fs.rename(join(set, `${JOURNAL}.tmp`), join(set, JOURNAL));
    previousOf = new Set(previous);
  } catch (error) {
    await quietly(fs.remove(set));
    throw fileSystemError('write', current, error);
  }

  try {
    for (const path of relative) {
      current = join(dir, ...path.split('/'));
      const target = join(out, ...path.split('/'));
      await fs.mkdir(dirname(target));
      const kind = await fs.kind(target);
      if (kind === 'dir' || kind === 'other') {
        throw Object.assign(new Error(`${target} is not a file`), { code: kind === 'dir' ? 'EISDIR' : 'EEXIST' });
      }
      if (kind === 'file') {
        const old = join(set, 'old', ...path.split('/'));
        await fs.mkdir(dirname(old));
        await fs.rename(target, old);
      }
      await fs.rename(staged(path), target);
    }
    current = dir;
    await fs.rename(join(set, JOURNAL), join(set, DONE));
  } catch (error) {
    await quietly(rollBack(set, out, relative, previousOf, fs));
    throw fileSystemError('write', current, error);
  }
  await quietly(fs.remove(set));
}

/**
 * Puts the previous files of a set back and removes the files that had no previous version, then removes the
 * set folder. Safe to repeat after an interruption: a file already put back has no `old/` copy and is kept.
 */
async function rollBack(set: string, out: string, files: readonly string[], previous: ReadonlySet<string>, fs: AtomicFs): Promise<void> {
  for (const path of [...files].reverse()) {
    const parts = path.split('/');
    const target = join(out, ...parts);
    const old = join(set, 'old', ...parts);
    if ((await fs.kind(old)) === 'file') await fs.rename(old, target);
    else if (!previous.has(path) && (await fs.kind(join(set, 'new', ...parts))) === undefined) await fs.remove(target);
  }
  await fs.remove(set);
}

/** The next run's view of a set folder left by a killed run: roll back a commit in progress, drop the rest. */
async function recoverFileSet(set: string, out: string, fs: AtomicFs): Promise<void> {
  const text = await fs.readText(join(set, JOURNAL));
  if (text === undefined) {
    await fs.remove(set); // never committed (still staging), or done: the output is whole either way
    return;
  }
  const journal = JSON.parse(text) as { files?: unknown; previous?: unknown };
  const paths = (value: unknown): value is string[] =>
    Array.isArray(value) && value.every((path) => typeof path === 'string' && path !== '' && !path.startsWith('/') && !path.split('/').includes('..'));
  if (!paths(journal.files) || !paths(journal.previous)) {
    await fs.remove(set);
    return;
  }
  await rollBack(set, out, journal.files, new Set(journal.previous), fs);
}
