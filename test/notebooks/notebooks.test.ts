import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// What the notebooks must be to run in CI from a fresh clone (`npm run notebooks` executes them; this only
// reads them): stored without outputs, on the project's kernel, importing the library from ../src and npm
// packages from node_modules, never from the network.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DIR = join(ROOT, 'notebooks');
const EXPECTED = ['01-explore-dataset.ipynb', '02-caap-progress.ipynb', '03-compare-source-categories.ipynb', '04-bring-your-own-table.ipynb'];

interface Cell {
  cell_type: string;
  source: string[] | string;
  outputs?: unknown[];
  execution_count?: number | null;
  metadata?: { tags?: string[]; execution?: unknown };
}
interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: { name?: string; display_name?: string; language?: string } };
}

const read = (name: string): Notebook => JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Notebook;
const text = (cell: Cell): string => (Array.isArray(cell.source) ? cell.source.join('') : cell.source);
const codeOf = (nb: Notebook): string => nb.cells.filter((c) => c.cell_type === 'code').map(text).join('\n');
/** Module specifiers of static imports, dynamic imports and re-exports. */
const specifiers = (code: string): string[] => [...code.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);

describe('notebooks', () => {
  it('are the four of the issue', () => {
    expect(readdirSync(DIR).filter((f) => f.endsWith('.ipynb')).sort()).toEqual(EXPECTED);
  });

  it('name the kernel that install-kernel.sh writes', () => {
    const script = readFileSync(join(DIR, 'install-kernel.sh'), 'utf8');
    const name = /^KERNEL_NAME="([^"]+)"/m.exec(script)?.[1];
    const display = /^DISPLAY_NAME="([^"]+)"/m.exec(script)?.[1];
    expect(name).toBe('deno-port-emissions');
    for (const file of EXPECTED) {
      expect(read(file).metadata.kernelspec, file).toEqual({ name, display_name: display, language: 'typescript' });
    }
  });

  it('are committed without outputs, execution counts or timings', () => {
    for (const file of EXPECTED) {
      for (const [i, cell] of read(file).cells.entries()) {
        if (cell.cell_type !== 'code') continue;
        expect(cell.outputs, `${file} cell ${i + 1}`).toEqual([]);
        expect(cell.execution_count ?? null, `${file} cell ${i + 1}`).toBeNull();
        expect(cell.metadata?.execution, `${file} cell ${i + 1}`).toBeUndefined();
      }
    }
  });

  it('start with a markdown cell that explains the analysis', () => {
    for (const file of EXPECTED) {
      const first = read(file).cells[0]!;
      expect(first.cell_type, file).toBe('markdown');
      expect(text(first), file).toMatch(/^# \d\. /);
    }
  });

  it('import project files that exist, npm packages the project declares, nothing from the network', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const sources = [...EXPECTED.map((file) => ({ file, code: codeOf(read(file)) })), { file: 'show.ts', code: readFileSync(join(DIR, 'show.ts'), 'utf8') }];
    for (const { file, code } of sources) {
      const found = specifiers(code);
      expect(found.length, file).toBeGreaterThan(0);
      for (const spec of found) {
        expect(spec, `${file}: ${spec}`).not.toMatch(/^(jsr:|npm:|https?:)/);
        if (spec.startsWith('.')) {
          expect(spec, `${file}: ${spec}`).toMatch(/\.ts$/);
          expect(existsSync(resolve(DIR, spec)), `${file}: ${spec} exists`).toBe(true);
        } else if (!spec.startsWith('node:')) {
          const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
          expect(Object.keys(pkg.dependencies), `${file}: ${spec}`).toContain(name);
        }
      }
    }
  });

  it('use the library in ../src for their figures', () => {
    for (const file of EXPECTED) {
      const imports = specifiers(codeOf(read(file)));
      expect(imports.some((s) => s.startsWith('../src/')), file).toBe(true);
    }
    expect(codeOf(read('01-explore-dataset.ipynb'))).toMatch(/import \{ loadDataset, validateDataset \} from '\.\.\/src\/index\.ts'/);
    expect(codeOf(read('04-bring-your-own-table.ipynb'))).toMatch(/\bimportPublishedTable,[\s\S]*from '\.\.\/src\/index\.ts'/);
  });

  it('show results through show.ts, whose outputs run.sh counts (console.log can land under the next cell)', () => {
    for (const file of EXPECTED) {
      const code = codeOf(read(file));
      expect(code, file).not.toMatch(/console\.(log|info|table)\(/);
      expect(specifiers(code), file).toContain('./show.ts');
    }
  });

  it('03 has its parameters in a tagged cell at the top', () => {
    const cells = read('03-compare-source-categories.ipynb').cells;
    const index = cells.findIndex((c) => c.metadata?.tags?.includes('parameters'));
    expect(index).toBe(1);
    expect(text(cells[index]!)).toMatch(/^const PORT = '[A-Za-z_]+';$/m);
    expect(text(cells[index]!)).toMatch(/^const POLLUTANT = '[^']+';$/m);
  });

  it('resolve npm packages from node_modules only (deno.json)', () => {
    expect(JSON.parse(readFileSync(join(DIR, 'deno.json'), 'utf8'))).toEqual({ nodeModulesDir: 'manual', lock: false });
  });
});

describe('nbtools.mjs (run.sh housekeeping)', () => {
  const tool = join(DIR, 'nbtools.mjs');
  const run = (...args: string[]) => spawnSync(process.execPath, [tool, ...args], { encoding: 'utf8' });
  // A synthetic executed notebook: one markdown cell, one code cell with two numbered outputs and timings.
  const executed = {
    cells: [
      { cell_type: 'markdown', id: 'a', metadata: {}, source: ['# synthetic'] },
      {
        cell_type: 'code',
        execution_count: 3,
        id: 'b',
        metadata: { execution: { 'iopub.status.busy': '2026-01-01T00:00:00Z' }, tags: ['parameters'] },
        outputs: [
          { output_type: 'display_data', data: { 'text/plain': 'one' }, metadata: { 'port-emissions': { display: 1 } } },
          { output_type: 'display_data', data: { 'text/plain': 'two' }, metadata: { 'port-emissions': { display: 2 } } },
        ],
        source: ['const PORT = "POLB";'],
      },
    ],
    metadata: { kernelspec: { name: 'deno-port-emissions', display_name: 'Deno (port-emissions)', language: 'typescript' }, language_info: { name: 'typescript', version: '6.0.3' } },
    nbformat: 4,
    nbformat_minor: 5,
  };

  it('strips outputs, counts and timings, keeps tags, and is idempotent', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nbtools-'));
    const file = join(dir, 'n.ipynb');
    writeFileSync(file, JSON.stringify(executed));
    const before = run('check-stripped', file);
    expect(before.status).toBe(1);
    expect(before.stderr).toContain('1 code cell carry outputs, execution counts or timings (cell 2)');
    expect(run('strip', file).status).toBe(0);
    const once = readFileSync(file, 'utf8');
    const cell = (JSON.parse(once) as Notebook).cells[1]!;
    expect(cell.outputs).toEqual([]);
    expect(cell.execution_count).toBeNull();
    expect(cell.metadata).toEqual({ tags: ['parameters'] });
    expect(run('check-stripped', file).status).toBe(0);
    expect(run('strip', file).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(once);
  });

  it('finds an output the kernel logged as sent but the notebook lacks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nbtools-'));
    const file = join(dir, 'n.ipynb');
    writeFileSync(file, JSON.stringify(executed));
    writeFileSync(join(dir, 'complete.log'), '1\n2\n');
    writeFileSync(join(dir, 'lost.log'), '1\n2\n3\n');
    expect(run('check-displays', file, join(dir, 'complete.log')).status).toBe(0);
    const lost = run('check-displays', file, join(dir, 'lost.log'));
    expect(lost.status).toBe(1);
    expect(lost.stderr.trim()).toBe(`${file}: 1 of 3 outputs did not arrive (numbers 3)`);
  });
});
