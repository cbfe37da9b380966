/**
 * The installed command, `port-emissions` (bin/port-emissions.js running the JavaScript that `npm install`
 * compiled into bin/build/), does what the TypeScript CLI in src/ does: same output, same files, found from
 * wherever the bundle put its modules (the embedded dataset, the report definitions, the bundled font,
 * package.json). `--help` loads none of the chart, table or office libraries. A checkout without a build, or
 * with sources newer than the build, builds before it runs.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { captureIO } from '../helpers/io.ts';

const ROOT = resolve('.');
const LAUNCHER = join(ROOT, 'bin', 'port-emissions.js');
const tmp = mkdtempSync(join(tmpdir(), 'built-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = (launcher: string, args: string[], cwd = tmp, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [launcher, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });

async function source(args: string[], env: Record<string, string> = {}) {
  const io = captureIO(tmp, env);
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('the built port-emissions command', () => {
  // In a working tree whose src/ changed since `npm install`, the launcher rebuilds on its first run (that
  // rebuild is tested below, in a copy): run it once first, so the comparisons see a current build.
  beforeAll(() => {
    if (existsSync(join(ROOT, 'bin', 'build', 'main.js'))) run(LAUNCHER, ['--version']);
  }, 120_000);

  it('was built by npm install into bin/build/', () => {
    expect(existsSync(join(ROOT, 'bin', 'build', 'main.js'))).toBe(true);
  });

  it('prints the same --help and --version as the source CLI', async () => {
    for (const args of [['--help'], ['--version']]) {
      const built = run(LAUNCHER, args);
      const expected = await source(args);
      expect(built.stderr, args[0]).toBe('');
      expect(built.status, args[0]).toBe(0);
      expect(built.stdout, args[0]).toBe(expected.out);
    }
    expect(run(LAUNCHER, ['--version']).stdout.trim()).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
  });

  it('loads no chart, table or office library for --help (each command is its own chunk)', () => {
    const meta = JSON.parse(readFileSync(join(ROOT, 'bin', 'build', 'meta.json'), 'utf8')) as {
      outputs: Record<string, { bytes: number; packages: string[]; imports: { path: string; kind: string; external: boolean }[] }>;
    };
    // what `import('./build/main.js')` loads before the command is known: main.js and its static imports
    const loaded = new Set<string>(['main.js']);
    const visit = (file: string) => {
      for (const i of meta.outputs[file]?.imports ?? []) {
        if (i.kind !== 'import-statement' || loaded.has(i.path)) continue;
        loaded.add(i.path);
        if (!i.external) visit(i.path);
      }
    };
    visit('main.js');
    const files = [...loaded].filter((path) => meta.outputs[path] !== undefined);
    const packages = [...loaded].filter((path) => !meta.outputs[path] && !path.startsWith('node:')).concat(files.flatMap((f) => meta.outputs[f]!.packages));
    expect(packages).toEqual([]);
    expect(files.reduce((sum, f) => sum + meta.outputs[f]!.bytes, 0)).toBeLessThan(50_000);
    // the libraries are in the build, each behind a command's dynamic import
    const everywhere = Object.values(meta.outputs).flatMap((o) => [...o.packages, ...o.imports.filter((i) => i.external).map((i) => i.path)]);
    for (const name of ['vega', 'vega-lite', 'arquero', 'zod', 'exceljs', 'pptxgenjs', '@resvg/resvg-js']) expect(everywhere, name).toContain(name);
  });

  it('validates the embedded dataset it finds from bin/build/, as the source CLI does', async () => {
    const built = run(LAUNCHER, ['validate']);
    const expected = await source(['validate']);
    expect(built.status).toBe(0);
    expect(built.stdout).toBe(expected.out);
    expect(built.stdout).toMatch(/san-pedro-bay|San Pedro Bay/);
  });

  it('exits as the source CLI does on a usage error and on a data error', async () => {
    const usage = run(LAUNCHER, ['reductions', '--no-such-option']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toBe((await source(['reductions', '--no-such-option'])).err);
    const missing = run(LAUNCHER, ['validate', '--data', join(tmp, 'no-such-dataset')]);
    const expected = await source(['validate', '--data', join(tmp, 'no-such-dataset')]);
    expect(missing.status).toBe(expected.code);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toBe(expected.err);
  });

  it('locates an internal error in src/ (source maps), as the source CLI does', () => {
    // stdout that throws a TypeError: a bug as the CLI sees one, located at the first frame in src/
    const preload = join(tmp, 'throwing-stdout.mjs');
    writeFileSync(preload, "process.stdout.write = () => { throw new TypeError('boom'); };\n");
    const result = spawnSync(process.execPath, ['--import', pathToFileURL(preload).href, LAUNCHER, 'validate'], { cwd: tmp, encoding: 'utf8' });
    expect(result.status).toBe(70);
    expect(result.stderr).toMatch(/^port-emissions: internal error \(please report it\): TypeError: boom at src\/cli\/io\.ts:\d+:\d+\n$/);
  });

  it('builds the default report byte for byte as the source CLI (definition, dataset and font found)', async () => {
    const env = { SOURCE_DATE_EPOCH: '1700000000' };
    const built = run(LAUNCHER, ['report', '--out', join(tmp, 'built'), '--quiet'], tmp, env);
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    const expected = await source(['report', '--out', join(tmp, 'source'), '--quiet'], env);
    expect(expected.code).toBe(0);
    const html = readFileSync(join(tmp, 'built', 'caap-progress.html'));
    expect(html.length).toBeGreaterThan(100_000);
    expect(html.equals(readFileSync(join(tmp, 'source', 'caap-progress.html')))).toBe(true);
  });

  it('writes the explore page byte for byte as the source CLI (its browser sources found in src/)', async () => {
    const built = run(LAUNCHER, ['explore', '--out', join(tmp, 'explore-built.html')]);
    expect(built.status).toBe(0);
    const expected = await source(['explore', '--out', join(tmp, 'explore-source.html')]);
    expect(expected.code).toBe(0);
    const same = (text: string) => text.replace(/explore-(built|source)\.html/g, 'explore.html');
    expect(same(built.stdout + built.stderr)).toBe(same(expected.out + expected.err));
    const html = readFileSync(join(tmp, 'explore-built.html'));
    expect(html.length).toBeGreaterThan(100_000);
    expect(html.equals(readFileSync(join(tmp, 'explore-source.html')))).toBe(true);
  });
});

describe('sources that the compiled CLI can move', () => {
  it('find package files from the package folder, never from their own module position', () => {
    // The build moves every module of src/ into bin/build/: a path made from import.meta.url (a dataset, a
    // worker script, a file beside the module) would point into bin/build/. createRequire(import.meta.url)
    // is fine: it finds packages in node_modules from anywhere in the package.
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts') && path !== join(ROOT, 'src', 'package-root.ts')) {
          for (const [i, line] of readFileSync(path, 'utf8').split('\n').entries()) {
            if (/import\.meta\.(url|dirname|filename)/.test(line) && !/createRequire\(import\.meta\.url\)|pathToFileURL\(process\.argv\[1\]/.test(line)) {
              offenders.push(`${path.slice(ROOT.length + 1)}:${i + 1}: ${line.trim()}`);
            }
          }
        }
      }
    };
    walk(join(ROOT, 'src'));
    expect(offenders, 'use packagePath() from src/package-root.ts').toEqual([]);
  });
});

describe('a checkout whose build is missing or older than src/', () => {
  // A copy of the package without bin/build/ (node_modules linked), somewhere else on disk.
  const copy = join(tmp, 'copy');
  for (const part of ['bin/port-emissions.js', 'bin/build.mjs', 'src', 'package.json']) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  const launcher = join(copy, 'bin', 'port-emissions.js');

  it('builds first, says so on stderr, then runs; the next run starts straight away', () => {
    const first = run(launcher, ['--version'], copy);
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/^port-emissions: bin\/build\/ is missing or older than src\/: building it \(npm run build\)\n/);
    expect(first.stdout.trim()).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
    expect(existsSync(join(copy, 'bin', 'build', 'main.js'))).toBe(true);
    const second = run(launcher, ['--version'], copy);
    expect(second.stderr).toBe('');
    expect(second.stdout).toBe(first.stdout);
  });

  it('rebuilds when a source file changed after the build', () => {
    run(launcher, ['--version'], copy);
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(copy, 'src', 'version.ts'), future, future);
    const after = run(launcher, ['--help'], copy);
    expect(after.status).toBe(0);
    expect(after.stderr).toContain('older than src/: building it');
    expect(after.stdout).toContain('Usage: port-emissions <command> [options]');
  });

  it('stops with exit 70 and what to run when the sources do not compile, leaving the last build in place', () => {
    run(launcher, ['--version'], copy);
    const before = readFileSync(join(copy, 'bin', 'build', 'main.js'), 'utf8');
    appendFileSync(join(copy, 'src', 'version.ts'), '\nexport const broken = ;\n');
    const future = new Date(Date.now() + 120_000);
    utimesSync(join(copy, 'src', 'version.ts'), future, future);
    const result = run(launcher, ['--help'], copy);
    expect(result.status).toBe(70);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('port-emissions: could not build the CLI into bin/build/');
    expect(result.stderr).toContain('run npm install (or npm run build) in the port-emissions folder');
    expect(readFileSync(join(copy, 'bin', 'build', 'main.js'), 'utf8')).toBe(before);
    expect(existsSync(join(copy, 'bin', 'build', `.staging-${result.pid}`))).toBe(false);
  });
});
