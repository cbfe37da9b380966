/**
 * What the terminal shows when things go wrong: dataset text never drives the terminal (escape sequences,
 * OSC 52 clipboard writes, bidi overrides are shown escaped), long rows are cut in messages, and every
 * failure is one line with its place and a documented exit code, never a stack trace. All data here is
 * SYNTHETIC (the mini dataset of test/helpers/mini-dataset.ts).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reportError, runCli } from '../../src/cli/main.ts';
import { PortEmissionsError, fileSystemError } from '../../src/errors.ts';
import { terminalSafe } from '../../src/terminal-safe.ts';
import { MINI_CSV, miniDescriptor, writeMiniDataset } from '../helpers/mini-dataset.ts';
import { captureIO } from '../helpers/io.ts';

const root = mkdtempSync(join(tmpdir(), 'pe-failures-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ESC = '\u001b';
const OSC52 = `${ESC}]52;c;${Buffer.from('rm -rf ~').toString('base64')}\u0007`;
const CLEAR = `${ESC}[2J${ESC}[H`;

/** Every byte a terminal would obey, other than tab and line feed. */
const OBEYED = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function expectOneLineFailure(text: string): void {
  expect(text).not.toMatch(/\n\s+at /); // no stack frame
  for (const line of text.trimEnd().split('\n')) expect(line.length).toBeLessThan(2600);
}

describe('terminal safety', () => {
  it('shows a hostile dataset title (OSC 52, screen clear, bidi override) escaped, never raw', async () => {
    const descriptor = { ...miniDescriptor(), title: `Ports ${OSC52}${CLEAR}\u202eevil` };
    const dir = await writeMiniDataset(join(root, 'hostile-title'), {}, descriptor);
    const io = captureIO(root);
    // validate refuses the title (control characters cannot be drawn), quoting it escaped.
    expect(await runCli(['validate', '--data', dir], io)).toBe(1);
    const shown = io.out() + io.err();
    expect(shown).not.toMatch(OBEYED);
    expect(shown).toContain('datapackage.json:title: text without control characters (found U+001B (escape) at character 7); found "Ports \\u001b]52;c;');
    expect(shown).toContain('\\u202Eevil');
  });

  it('shows a CSV header holding escape sequences escaped in the error', async () => {
    const dir = await writeMiniDataset(join(root, 'hostile-header'), { emissions: MINI_CSV.emissions.replace('source_category', `source_category${CLEAR}`) });
    const io = captureIO(root);
    expect(await runCli(['validate', '--data', dir], io)).toBe(1);
    expect(io.err()).not.toMatch(OBEYED);
    expect(io.err()).toContain('source_category\\u001B[2J\\u001B[H');
  });

  it('shows a resource path holding escape sequences escaped', async () => {
    const dir = await writeMiniDataset(join(root, 'hostile-path'), {}, miniDescriptor({ emissions: `data/${OSC52}.csv` }));
    const io = captureIO(root);
    expect(await runCli(['validate', '--data', dir], io)).toBe(1);
    expect(io.err()).not.toMatch(OBEYED);
    expect(io.err()).toContain('data/\\u001B]52;c;');
  });

  it('keeps --json output parseable, with the escapes as JSON escapes', async () => {
    const descriptor = { ...miniDescriptor(), title: `T\u009b31m\u202e${ESC}x` };
    const dir = await writeMiniDataset(join(root, 'hostile-json'), {}, descriptor);
    const io = captureIO(root);
    await runCli(['validate', '--data', dir, '--json'], io);
    expect(io.out()).not.toMatch(OBEYED);
    expect(() => JSON.parse(io.out())).not.toThrow();
  });

  it('cuts a wide ragged row in its message: one line, not the whole row', async () => {
    const [header, first, ...rest] = MINI_CSV.emissions.trimEnd().split('\n');
    const wide = `${first!.replace(',synthetic,', ',')}${'x'.repeat(1_000_000)}`;
    const dir = await writeMiniDataset(join(root, 'wide-row'), { emissions: [header, wide, ...rest].join('\n') + '\n' });
    const io = captureIO(root);
    expect(await runCli(['validate', '--data', dir], io)).toBe(1);
    expect(io.err().length).toBeLessThan(5000);
    expect(io.err()).toMatch(/^data\/emissions\.csv:2: row has 12 fields, the header has 13; found "PORT_A,.*\.\.\. \(\d{6,} more characters\)"/m);
  });

  it('terminalSafe leaves printable text, tabs and line feeds, and every non-ASCII letter alone', () => {
    expect(terminalSafe('µg/m³\tLos Ángeles — 東京\n')).toBe('µg/m³\tLos Ángeles — 東京\n');
    expect(terminalSafe(`a${ESC}[31mb\rc\u0085d`)).toBe('a\\u001B[31mb\\u000Dc\\u0085d');
  });
});

describe('one-line failures with a place and an exit code', () => {
  it('chart --out x.png writes a PNG; an unknown extension or one against --format is a usage error', async () => {
    const io = captureIO(root);
    expect(await runCli(['chart', 'throughput', '--out', 'by-extension.png'], io)).toBe(0);
    expect([...readFileSync(join(root, 'by-extension.png')).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    for (const [args, message] of [
      [['--out', 'x.jpg'], "port-emissions: --out x.jpg: chart writes .svg or .png files, found '.jpg'\nhint: end the file name in .svg or .png\n"],
      [['--out', 'x.svg', '--format', 'png'], 'port-emissions: --out x.svg names a .svg file but --format is png\nhint: drop --format, or end the file name in .png\n'],
    ] as const) {
      const bad = captureIO(root);
      expect(await runCli(['chart', 'throughput', ...args], bad)).toBe(2);
      expect(bad.err()).toBe(message);
    }
  });

  it('writes a chart with a 240-character file name, and refuses a 300-character one in one line', async () => {
    const long = `${'c'.repeat(236)}.svg`;
    let io = captureIO(root);
    expect(await runCli(['chart', 'throughput', '--out', long], io)).toBe(0);
    expect(existsSync(join(root, long))).toBe(true);
    const tooLong = `${'d'.repeat(296)}.svg`;
    io = captureIO(root);
    expect(await runCli(['chart', 'throughput', '--out', tooLong], io)).toBe(1);
    expect(io.err()).toBe(`port-emissions: Cannot write ${join(root, tooLong)}: a file name is too long for the file system (ENAMETOOLONG)\nhint: choose a shorter name\n`);
    expect(readdirSync(root).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('import-table --out under a file: one line naming the folder (exit 1), nothing written', async () => {
    const table = join(root, 'table.csv');
    writeFileSync(table, 'Source category,2005\nShips,1\nTotal,1\n');
    writeFileSync(join(root, 'a-file'), 'not a folder');
    const dataset = await writeMiniDataset(join(root, 'import-data'));
    const io = captureIO(root);
    const args = ['import-table', 'table.csv', '--port', 'PORT_A', '--pollutant', 'DPM', '--unit', 'ton_per_year', '--release', 'SYN_2011', '--source-ref', 'SYNTHETIC_TEST', '--data', dataset];
    expect(await runCli([...args, '--out', 'a-file/imports'], io)).toBe(1);
    expect(io.err()).toMatch(/^port-emissions: Cannot create the --out folder a-file\/imports: (a part of the path is a file, not a folder \(ENOTDIR\)|something with that name is already there \(EEXIST\))\n/);
    expectOneLineFailure(io.err());
  });

  it.skipIf(process.getuid?.() === 0)('import-table --out into a read-only folder: one line (exit 1)', async () => {
    const locked = join(root, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    const table = join(root, 'table.csv');
    writeFileSync(table, 'Source category,2005\nShips,1\nTotal,1\n');
    const dataset = await writeMiniDataset(join(root, 'import-data-ro'));
    const io = captureIO(root);
    const args = ['import-table', 'table.csv', '--port', 'PORT_A', '--pollutant', 'DPM', '--unit', 'ton_per_year', '--release', 'SYN_2011', '--source-ref', 'SYNTHETIC_TEST', '--data', dataset];
    expect(await runCli([...args, '--out', 'locked'], io)).toBe(1);
    expect(io.err()).toContain('permission denied (EACCES)');
    expectOneLineFailure(io.err());
    chmodSync(locked, 0o700);
  });

  it('a read-only mount (EROFS, injected: root ignores permissions) is one line with a hint, nothing left behind', async () => {
    const { nodeAtomicFs, writeFileAtomic } = await import('../../src/report/atomic.ts');
    const readOnly = { ...nodeAtomicFs, writeFile: async () => Promise.reject(Object.assign(new Error('EROFS: read-only file system, open'), { code: 'EROFS' })) };
    const path = join(root, 'ro', 'board.pptx');
    mkdirSync(join(root, 'ro'));
    const error = await writeFileAtomic(path, 'deck', { fs: readOnly }).catch((e: unknown) => e);
    const io = captureIO(root);
    expect(reportError(error, io)).toBe(1);
    expect(io.err()).toBe(`port-emissions: Cannot write ${path}: the file system is read-only (EROFS)\nhint: choose a writable place (e.g. with --out)\n`);
    expect(readdirSync(join(root, 'ro'))).toEqual([]);
  });

  it('a report definition nested 6,000 deep is an error at its line and column, not a stack overflow', async () => {
    writeFileSync(join(root, 'deep.json'), `{"title":"x","sections":${'['.repeat(6000)}${']'.repeat(6000)}}`);
    const io = captureIO(root);
    expect(await runCli(['report', '--report', 'deep.json', '--out', 'deep-out'], io)).toBe(1);
    expect(io.err()).toBe(
      'port-emissions: deep.json:1:88: nested more than 64 levels deep\nhint: a report definition has sections, charts and filters, a few levels deep; see reports/caap-progress.json\n',
    );
    expect(existsSync(join(root, 'deep-out'))).toBe(false);
  });

  it('a --report that is a folder says so in words (exit 2)', async () => {
    mkdirSync(join(root, 'a-folder'), { recursive: true });
    const io = captureIO(root);
    expect(await runCli(['report', '--report', 'a-folder', '--out', 'x'], io)).toBe(2);
    expect(io.err()).toMatch(/^port-emissions: a-folder: cannot read the report definition: it is a folder where a file was expected \(EISDIR\)\n/);
  });

  it('prints a raw file-system error that escaped in one line (exit 1), and a bug in one line with its place (exit 70)', () => {
    const raw = Object.assign(new Error("ENOSPC: no space left on device, write '/x/.y.tmp-1-ab'"), { code: 'ENOSPC', syscall: 'write', path: '/x/y' });
    let io = captureIO(root);
    expect(reportError(raw, io)).toBe(1);
    expect(io.err()).toBe('port-emissions: /x/y: write failed: the disk is full (ENOSPC)\n');

    io = captureIO(root);
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
    expect(reportError(bug, io)).toBe(70);
    expect(io.err()).toMatch(/^port-emissions: internal error \(please report it\): TypeError: Cannot read properties of undefined \(reading 'x'\)( at .*)?\n$/);
    expectOneLineFailure(io.err());

    io = captureIO(root);
    const located = new TypeError('boom');
    located.stack = 'TypeError: boom\n    at f (/x/node_modules/vega/src/a.js:1:2)\n    at writeReport (/home/me/src/pe/src/report/build.ts:400:11)\n';
    expect(reportError(located, io)).toBe(70);
    expect(io.err()).toBe('port-emissions: internal error (please report it): TypeError: boom at src/report/build.ts:400:11\n');

    io = captureIO(root, { PORT_EMISSIONS_DEBUG: '1' });
    expect(reportError(located, io)).toBe(70);
    expect(io.err()).toContain('    at writeReport (/home/me/src/pe/src/report/build.ts:400:11)');

    io = captureIO(root);
    expect(reportError(new RangeError('Maximum call stack size exceeded'), io)).toBe(1);
    expect(io.err().split('\n')[0]).toBe('port-emissions: an input is nested too deeply to process (the call stack ran out)');
  });

  it('maps every common file-system code to words, with a hint that fits', () => {
    const cases: [string, string][] = [
      ['EISDIR', 'it is a folder where a file was expected'],
      ['ENOTDIR', 'a part of the path is a file, not a folder'],
      ['EEXIST', 'something with that name is already there'],
      ['ENOENT', 'a folder on the way does not exist, or the file is missing'],
      ['EACCES', 'permission denied'],
      ['EROFS', 'the file system is read-only'],
      ['ENOSPC', 'the disk is full'],
    ];
    for (const [code, words] of cases) {
      const error = fileSystemError('write', 'out/report.html', Object.assign(new Error(`${code}: raw text`), { code }));
      expect(error).toBeInstanceOf(PortEmissionsError);
      expect(error.message).toBe(`Cannot write out/report.html: ${words} (${code})`);
      expect(error.location).toEqual({ file: 'out/report.html' });
    }
    expect(fileSystemError('write', 'x', Object.assign(new Error('EROFS'), { code: 'EROFS' })).hint).toBe('choose a writable place (e.g. with --out)');
  });
});
