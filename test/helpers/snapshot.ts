import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/**
 * Every file under `dir` (hidden ones included), keyed by relative path: a picture of an output folder to
 * compare before and after a run. `base64` compares bytes exactly; `utf8` gives readable diffs of text files.
 */
export async function snapshotDir(dir: string, encoding: 'base64' | 'utf8' = 'base64'): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    out[relative(dir, full)] = (await readFile(full)).toString(encoding);
  }
  return out;
}
