/**
 * Which folders an export may replace. An export swaps its whole output folder, so a wrong `--out` could
 * delete someone's work: it replaces only a folder that is new, empty, or a previous export of this tool,
 * recognised by the contents of its manifest (tool name, version, the files it lists), never by the file
 * name alone, and never a folder holding a file the manifest does not list. The working directory, an
 * ancestor of it, the home folder and a file-system root are refused outright.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { PortEmissionsError, fileSystemError } from '../errors.ts';

/** The manifest file an export writes at the top of its folder. */
export const EXPORT_MANIFEST_FILE = 'manifest.json';

/** Where an output folder is being chosen from. */
export interface OutputGuardOptions {
  /** The working directory; default `process.cwd()`. */
  cwd?: string;
  /** The home folder; default `os.homedir()`. */
  home?: string;
}

function refusal(message: string, display: string): PortEmissionsError {
  return new PortEmissionsError(message, {
    exitCode: 2,
    location: { file: display },
    hint: 'an export replaces its whole folder: choose a new or empty folder with --out',
  });
}

/**
 * Refuses, as an output folder that will be replaced whole, a file-system root, the home folder, the working
 * directory or any folder that contains it.
 *
 * @throws PortEmissionsError (exit code 2).
 */
export function assertNotProtectedFolder(dir: string, display: string, options: OutputGuardOptions = {}): void {
  const target = resolve(dir);
  const cwd = resolve(options.cwd ?? process.cwd());
  const home = resolve(options.home ?? homedir());
  if (dirname(target) === target) throw refusal(`--out ${display} is the root of a file system; an export may not replace it`, display);
  if (target === home) throw refusal(`--out ${display} is your home folder; an export may not replace it`, display);
  if (target === cwd) throw refusal(`--out ${display} is the working directory; an export may not replace it`, display);
  if (cwd.startsWith(target.endsWith(sep) ? target : `${target}${sep}`)) {
    throw refusal(`--out ${display} contains the working directory; an export may not replace it`, display);
  }
}

interface ManifestShape {
  tool?: unknown;
  toolVersion?: unknown;
  charts?: unknown;
}

/** The files a manifest lists (relative, `/`-separated), or undefined when it is not an export manifest of this tool. */
function listedFiles(text: string): Set<string> | undefined {
  let manifest: ManifestShape;
  try {
    manifest = JSON.parse(text) as ManifestShape;
  } catch {
    return undefined;
  }
  if (manifest === null || typeof manifest !== 'object') return undefined;
  if (manifest.tool !== 'port-emissions') return undefined;
  if (typeof manifest.toolVersion !== 'string' || !/^\d+\.\d+\.\d+/.test(manifest.toolVersion)) return undefined;
  if (!Array.isArray(manifest.charts)) return undefined;
  const files = new Set<string>([EXPORT_MANIFEST_FILE]);
  for (const chart of manifest.charts as unknown[]) {
    const listed = (chart as { files?: unknown } | null)?.files;
    if (!Array.isArray(listed) || listed.some((file) => typeof file !== 'string')) return undefined;
    for (const file of listed as string[]) files.add(file);
  }
  return files;
}

/**
 * Checks that `dir` may be replaced whole by an export: it does not exist, is empty, or is a previous export
 * of this tool (its `manifest.json` names the tool and a version, and lists every file in the folder); and it
 * is not a protected folder ({@link assertNotProtectedFolder}). A file at `dir` is left for the writer to
 * report.
 *
 * @param display How messages name `dir`.
 * @throws PortEmissionsError (exit code 2) saying what makes the folder not an export.
 */
export async function assertReplaceableExport(dir: string, display: string = dir, options: OutputGuardOptions = {}): Promise<void> {
  assertNotProtectedFolder(dir, display, options);
  const target = resolve(dir);
  let files: string[];
  try {
    if (!(await stat(target)).isDirectory()) return;
    const entries = await readdir(target, { recursive: true, withFileTypes: true });
    files = entries.filter((entry) => !entry.isDirectory()).map((entry) => relative(target, join(entry.parentPath, entry.name)).split(sep).join('/'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw fileSystemError('read the output folder', display, error);
  }
  if (files.length === 0) return;
  if (!files.includes(EXPORT_MANIFEST_FILE)) {
    throw refusal(`The folder ${display} holds files that are not a port-emissions export (no ${EXPORT_MANIFEST_FILE})`, display);
  }
  let listed: Set<string> | undefined;
  try {
    listed = listedFiles(await readFile(join(target, EXPORT_MANIFEST_FILE), 'utf8'));
  } catch (error) {
    throw fileSystemError('read', join(display, EXPORT_MANIFEST_FILE), error);
  }
  if (listed === undefined) {
    throw refusal(`The folder ${display} is not a port-emissions export: its ${EXPORT_MANIFEST_FILE} is not one this tool writes`, display);
  }
  const foreign = files.filter((file) => !listed.has(file)).sort();
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 3).map((file) => `"${file}"`).join(', ');
    const more = foreign.length > 3 ? ` and ${foreign.length - 3} more` : '';
    throw refusal(
      `The folder ${display} holds ${foreign.length === 1 ? 'a file' : 'files'} its export manifest does not list (${shown}${more}); replacing it would delete ${foreign.length === 1 ? 'that file' : 'them'}`,
      display,
    );
  }
}
