import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The port-emissions package folder (the one whose package.json names port-emissions), found by walking up
 * from this module: the same folder whether the code runs from src/ (tsx, tests, notebooks) or from the
 * compiled CLI in bin/build/, where a bundle has moved every module. Files that ship with the package
 * (datasets/, reports/, package.json) are found from here, never from a module's own relative position.
 */
export const PACKAGE_ROOT: string = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** The package's own package.json. */
export const PACKAGE_JSON: { name: string; version: string } = readPackageJson(PACKAGE_ROOT)!;

/** A path inside the package folder: `packagePath('datasets', 'san-pedro-bay')`. */
export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}

function readPackageJson(dir: string): { name: string; version: string } | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
  } catch {
    return undefined;
  }
}

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (readPackageJson(dir)?.name === 'port-emissions') return dir;
    if (dirname(dir) === dir) throw new Error(`port-emissions: no package.json of port-emissions in ${start} or any folder above it`);
  }
}
