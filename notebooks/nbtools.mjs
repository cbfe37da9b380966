// Notebook housekeeping for notebooks/run.sh (Node, no dependencies).
//
//   node notebooks/nbtools.mjs check-stripped NOTEBOOK...   fail if a committed notebook carries outputs
//   node notebooks/nbtools.mjs strip NOTEBOOK...            remove outputs, counts and timings, in place
//   node notebooks/nbtools.mjs check-displays EXECUTED LOG  fail if an output the kernel sent is missing
//
// Committed notebooks carry no outputs: CI executes them and the executed copies go to test/out/notebooks.
// Files are written the way Jupyter writes them (keys sorted, one-space indent, trailing newline), so saving
// a stripped notebook from Jupyter and stripping it again gives the same bytes.
//
// check-displays exists because Deno's Jupyter kernel publishes outputs on a ZeroMQ PUB socket that drops a
// message, silently, when its send buffer is still full of the previous one (large PNGs). notebooks/show.ts
// numbers every output it sends and, when PORT_EMISSIONS_DISPLAY_LOG names a file, writes each number
// there; an executed notebook is complete when it holds every number in the log.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const KERNELSPEC = { display_name: 'Deno (port-emissions)', language: 'typescript', name: 'deno-port-emissions' };

/** The metadata key under which show.ts numbers its outputs. */
export const DISPLAY_KEY = 'port-emissions';

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

/** Output numbers (from show.ts) found in an executed notebook. */
export function displayNumbers(notebook) {
  const numbers = [];
  for (const cell of notebook.cells ?? []) {
    for (const output of cell.outputs ?? []) {
      const n = output.metadata?.[DISPLAY_KEY]?.display;
      if (typeof n === 'number') numbers.push(n);
    }
  }
  return numbers;
}

/** Output numbers the kernel logged as sent but the executed notebook lacks. */
export function missingDisplays(notebook, logText) {
  const sent = logText.split('\n').filter((line) => line.trim() !== '').map(Number);
  const received = new Set(displayNumbers(notebook));
  return sent.filter((n) => !received.has(n));
}

function readNotebook(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function main(argv) {
  const [command, ...files] = argv;
  if (command === 'check-displays' && files.length === 2) {
    const [executed, log] = files;
    let logText = '';
    try {
      logText = readFileSync(log, 'utf8');
    } catch {
      // No output logged: nothing can be missing.
    }
    const missing = missingDisplays(readNotebook(executed), logText);
    if (missing.length === 0) return 0;
    const sent = logText.split('\n').filter((line) => line.trim() !== '').length;
    console.error(`${executed}: ${missing.length} of ${sent} outputs did not arrive (numbers ${missing.join(', ')})`);
    return 1;
  }
  if ((command !== 'check-stripped' && command !== 'strip') || files.length === 0) {
    console.error('usage: node notebooks/nbtools.mjs check-stripped|strip NOTEBOOK... | check-displays EXECUTED LOG');
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    let notebook;
    try {
      notebook = readNotebook(file);
    } catch (error) {
      console.error(`${file}: not a readable notebook: ${error.message}`);
      failed++;
      continue;
    }
    if (command === 'strip') {
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
  if (command === 'check-stripped' && failed > 0) {
    console.error(`run \`npm run notebooks -- --update\` (or \`node notebooks/nbtools.mjs strip ${files.join(' ')}\`) and commit the result`);
  }
  return failed > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main(process.argv.slice(2));
