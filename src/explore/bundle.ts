/**
 * The explore page's script: src/explore/client.ts and everything it imports (the chart catalogue, the
 * analyses, the frame and vega) bundled by esbuild into one browser script. Modules that need Node are
 * replaced inside the bundle only: the font files by canvas measurement, resvg by a stub (the page draws
 * PNGs with the canvas), exceljs and jszip by a stub, the version by its value; vega's and arquero's code
 * generation by interpreters, so the page runs without 'unsafe-eval'.
 */
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { PortEmissionsError } from '../errors.ts';
import { packagePath } from '../package-root.ts';
import { TOOL_VERSION } from '../version.ts';
import { arqueroReplacement } from './browser/arquero-replacements.ts';

// From the package folder, not this module's position: in the compiled CLI (bin/build/) this code is moved,
// while the page's sources stay in src/.
const SRC = packagePath('src');
const HERE = join(SRC, 'explore');

/** Module paths (absolute) replaced in the browser bundle, and what replaces them. */
const REPLACED: Readonly<Record<string, string>> = {
  [join(SRC, 'render', 'fonts.ts')]: join(HERE, 'browser', 'fonts.ts'),
  [join(SRC, 'render', 'png.ts')]: join(HERE, 'browser', 'png.ts'),
};

const STUBBED_PACKAGES = new Set(['exceljs', 'jszip']);

/**
 * Bundles the explore page's client script: minified, one IIFE, no `</script` inside. Deterministic: the
 * same sources give the same bytes.
 *
 * @throws PortEmissionsError when esbuild is not installed or the bundle fails to build.
 */
export async function exploreClientScript(): Promise<string> {
  return (await exploreClientBundle()).script;
}

/**
 * The explore page's client script (as exploreClientScript) and the absolute paths of the source files
 * bundled into it, so a test can see which modules the page runs (the replacements, not the originals).
 *
 * @throws PortEmissionsError when esbuild is not installed or the bundle fails to build.
 */
export async function exploreClientBundle(): Promise<{ script: string; inputs: string[] }> {
  return bundleForExplorePage(join(HERE, 'client.ts'));
}

/**
 * Bundles `entry` (an absolute path) as the explore page's script is bundled, with the same replacements:
 * for tests that run other code in a browser exactly as the page would.
 *
 * @throws PortEmissionsError when esbuild is not installed or the bundle fails to build.
 */
export async function bundleForExplorePage(entry: string): Promise<{ script: string; inputs: string[] }> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch (cause) {
    throw new PortEmissionsError('The explore page needs esbuild (npm package esbuild), which is not installed.', {
      hint: 'Run `npm install` in the port-emissions folder.',
      cause,
    });
  }
  const plugin: import('esbuild').Plugin = {
    name: 'explore-browser',
    setup(build) {
      build.onResolve({ filter: /^vega$/ }, () => ({ path: join(HERE, 'browser', 'vega.ts') }));
      build.onResolve({ filter: /^vega-real$/ }, () => ({ path: createRequire(import.meta.url).resolve('vega') }));
      build.onResolve({ filter: /^(exceljs|jszip)$/ }, (args) =>
        STUBBED_PACKAGES.has(args.path) ? { path: join(HERE, 'browser', 'unavailable.ts') } : undefined,
      );
      // arquero's modules that compile code with the Function constructor: the interpreters instead. arquero
      // imports its own modules by relative paths.
      build.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
        const replacement = arqueroReplacement(resolve(args.resolveDir, args.path));
        return replacement === undefined ? undefined : { path: replacement };
      });
      build.onResolve({ filter: /\.ts$/ }, (args) => {
        const target = resolve(args.resolveDir, args.path);
        if (REPLACED[target] !== undefined) return { path: REPLACED[target] };
        if (target === join(SRC, 'version.ts')) return { path: target, namespace: 'explore-version' };
        return undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'explore-version' }, () => ({
        contents: `export const TOOL_VERSION = ${JSON.stringify(TOOL_VERSION)};`,
        loader: 'ts',
      }));
      build.onResolve({ filter: /^node:/ }, (args) => ({
        errors: [{ text: `${args.path} (imported by ${args.importer}) cannot run in the explore page` }],
      }));
    },
  };
  let result: import('esbuild').BuildResult<{ write: false }>;
  try {
    result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      legalComments: 'eof',
      metafile: true,
      charset: 'utf8',
      logLevel: 'silent',
      plugins: [plugin],
    });
  } catch (cause) {
    const failure = cause as { errors?: { text: string }[] };
    throw new PortEmissionsError(`Cannot bundle the explore page's script: ${failure.errors?.map((e) => e.text).join('; ') ?? String(cause)}`, { cause });
  }
  const text = result.outputFiles[0]!.text;
  if (/<\/script/i.test(text) || /<!--/.test(text)) {
    throw new PortEmissionsError('The explore page\'s script contains "</script" or "<!--" and cannot be inlined.');
  }
  const inputs = Object.keys(result.metafile?.inputs ?? {}).map((input) => resolve(input));
  return { script: text, inputs };
}
