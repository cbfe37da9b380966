/**
 * The arquero modules that generate code with the Function constructor, and the modules that replace them
 * where code generation is forbidden: in the explore page's bundle (bundle.ts) and in Node under the
 * resolution hook in node-hooks.ts (the no-codegen test). One list for both, so the test runs exactly the
 * modules the page bundles.
 */
import { sep } from 'node:path';
import { packagePath } from '../../package-root.ts';

// From the package folder, not this module's position: the compiled CLI (bin/build/) moves this code.
const HERE = packagePath('src', 'explore', 'browser');

/** Path inside the arquero package (with '/') -> file name of its replacement in this folder. */
export const ARQUERO_REPLACEMENTS: Readonly<Record<string, string>> = {
  'src/expression/compile.js': 'arquero-compile.ts',
  'src/util/unroll.js': 'arquero-unroll.ts',
  'src/expression/compare.js': 'arquero-compare.ts',
};

const PACKAGE_DIR = `${sep}node_modules${sep}arquero${sep}`;

/**
 * The absolute path of the module replacing `file` (an absolute path) where code generation is forbidden,
 * or undefined when `file` is not one of arquero's code-generating modules.
 */
export function arqueroReplacement(file: string): string | undefined {
  const at = file.lastIndexOf(PACKAGE_DIR);
  if (at < 0) return undefined;
  const inside = file.slice(at + PACKAGE_DIR.length).split(sep).join('/');
  const replacement = ARQUERO_REPLACEMENTS[inside];
  return replacement === undefined ? undefined : `${HERE}${sep}${replacement}`;
}
