import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { PortEmissionsError } from '../errors.ts';

/** A unique sibling name for `target`, hidden (leading dot) so a half-written output never looks finished. */
function siblingName(target: string, kind: 'tmp' | 'staging' | 'old'): string {
  return join(dirname(target), `.${basename(target)}.${kind}-${process.pid}-${randomBytes(6).toString('hex')}`);
}

function describeFsError(error: unknown): string {
  if (error instanceof Error) {
    const { code, syscall } = error as NodeJS.ErrnoException;
    // Node's text repeats the code and ends with the syscall and our temporary path; keep the plain reason.
    let reason = error.message.replace(/^[A-Z]+: /, '');
    if (syscall !== undefined) reason = reason.split(`, ${syscall}`)[0] ?? reason;
    return code === undefined ? reason : `${code} (${reason})`;
  }
  return String(error);
}

function writeError(path: string, error: unknown): PortEmissionsError {
  return new PortEmissionsError(`Cannot write ${path}: ${describeFsError(error)}`, {
    exitCode: 1,
    location: { file: path },
    hint: 'check that the folder exists, is writable and has free space',
    cause: error,
  });
}

/**
 * Writes `data` to `path` so that readers see either the previous file or the complete new one, never a
 * partial file: the bytes go to a hidden temporary file in the same directory (`.name.tmp-<pid>-<random>`),
 * are flushed to disk (fsync), and the temporary file is renamed over `path`. On any failure the temporary
 * file is removed and the previous `path` is left untouched.
 *
 * Strings are written as UTF-8. The parent directory must exist.
 *
 * @throws PortEmissionsError (exit code 1) naming the path and the operating-system reason.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const target = resolve(path);
  const tmp = siblingName(target, 'tmp');
  try {
    // 'wx' refuses to follow or clobber anything already at the temporary name.
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true });
    throw writeError(path, error);
  }
}

async function isDirectory(path: string): Promise<boolean | undefined> {
  try {
    return (await stat(path)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
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
 * Between the two renames `dir` is briefly absent (Node offers no atomic exchange of two folders); it is never
 * half-written.
 * Parent folders are created as needed. A process killed mid-build can leave a hidden staging folder behind;
 * it never replaces `dir`.
 *
 * @throws PortEmissionsError with exit code 2 when `dir` exists and is not a folder; exit code 1 when the
 *   file system refuses a step.
 */
export async function writeDirAtomic(dir: string, build: (stagingDir: string) => Promise<void>): Promise<void> {
  const target = resolve(dir);
  let exists: boolean | undefined;
  try {
    await mkdir(dirname(target), { recursive: true });
    exists = await isDirectory(target);
  } catch (error) {
    throw writeError(dir, error);
  }
  if (exists === false) {
    throw new PortEmissionsError(`Cannot write the output folder ${dir}: a file with that name exists`, {
      exitCode: 2,
      location: { file: dir },
      hint: 'choose another output folder, or move the file away',
    });
  }

  const staging = siblingName(target, 'staging');
  try {
    await mkdir(staging);
  } catch (error) {
    throw writeError(dir, error);
  }
  try {
    await build(staging);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }

  if (!exists) {
    try {
      await rename(staging, target);
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw writeError(dir, error);
    }
    return;
  }

  const old = siblingName(target, 'old');
  try {
    await rename(target, old);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw writeError(dir, error);
  }
  try {
    await rename(staging, target);
  } catch (error) {
    // Put the previous output back before reporting: the user keeps what they had.
    await rename(old, target).catch(() => undefined);
    await rm(staging, { recursive: true, force: true });
    throw writeError(dir, error);
  }
  await rm(old, { recursive: true, force: true });
}
