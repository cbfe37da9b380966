// Committed notebooks carry no outputs: CI executes them and the executed copies go to test/out/notebooks.
// This checks that (--check) or makes it so (--write), and pins every notebook to the project's kernel.
//
//   node notebooks/strip.mjs --check notebooks/*.ipynb
//   node notebooks/strip.mjs --write notebooks/*.ipynb
//
// Files are written the way Jupyter writes them (keys sorted, one-space indent, trailing newline), so
// saving a stripped notebook from Jupyter and stripping it again gives the same bytes.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const KERNELSPEC = { display_name: 'Deno (port-emissions)', language: 'typescript', name: 'deno-port-emissions' };

/** What makes a notebook not stripped, in words (empty when it is stripped). */
export function problems(notebook) {
  const found = [];
  const spec = notebook.metadata?.kernelspec;
  if (spec?.name !== KERNELSPEC.name) found.push(`kernelspec is ${JSON.stringify(spec?.name ?? null)}, expected "${KERNELSPEC.name}"`);
  const dirty = [];
  (notebook.cells ?? []).forEach((cell, i) => {
    if (cell.cell_type !== 'code') return;
    const hasOutputs = (cell.outputs ?? []).length > 0;
    const hasCount = cell.execution_count !== null && cell.execution_count !== undefined;
    if (hasOutputs || hasCount || cell.metadata?.execution) dirty.push(i + 1);
  });
  if (dirty.length > 0) found.push(`${dirty.length} code cell${dirty.length === 1 ? '' : 's'} carry outputs, execution counts or timings (cell${dirty.length === 1 ? '' : 's'} ${dirty.join(', ')})`);
  return found;
}

/** The notebook without outputs, execution counts, timings or the kernel's version, on the project kernel. */
export function stripped(notebook) {
  const cells = (notebook.cells ?? []).map((cell) => {
    const { execution: _timings, ...metadata } = cell.metadata ?? {};
    if (cell.cell_type !== 'code') return { ...cell, metadata };
    return { ...cell, metadata, execution_count: null, outputs: [] };
  });
  const { language_info: _info, ...metadata } = notebook.metadata ?? {};
  return { ...notebook, cells, metadata: { ...metadata, kernelspec: KERNELSPEC, language_info: { name: 'typescript' } } };
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])]));
}

/** Notebook JSON as Jupyter writes it. */
export function notebookText(notebook) {
  return JSON.stringify(sortKeys(notebook), null, 1) + '\n';
}

function main(argv) {
  const [mode, ...files] = argv;
  if ((mode !== '--check' && mode !== '--write') || files.length === 0) {
    console.error('usage: node notebooks/strip.mjs --check|--write NOTEBOOK.ipynb...');
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    let notebook;
    try {
      notebook = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      console.error(`${file}: not a readable notebook: ${error.message}`);
      failed++;
      continue;
    }
    if (mode === '--write') {
      const text = notebookText(stripped(notebook));
      if (text !== readFileSync(file, 'utf8')) {
        writeFileSync(file, text);
        console.log(`stripped ${file}`);
      }
      continue;
    }
    const found = problems(notebook);
    if (found.length > 0) {
      failed++;
      console.error(`${file}: committed notebooks are stored without outputs, but ${found.join('; ')}`);
    }
  }
  if (mode === '--check' && failed > 0) {
    console.error(`run \`npm run notebooks -- --update\` (or \`node notebooks/strip.mjs --write ${files.join(' ')}\`) and commit the result`);
  }
  return failed > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main(process.argv.slice(2));
