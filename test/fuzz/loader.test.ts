/**
 * The dataset loader (validateDataset) on the synthetic mini dataset with one resource file fuzzed: a
 * generated valid emissions file loads and round-trips its values, and a bad row in one is named at its
 * exact line (as an editor numbers lines); corrupted files (random bytes, cut
 * lines, hostile cells, huge numbers, unicode, duplicated rows) and hostile resource paths give a list of
 * problems, each naming its file and, for a row, its line and column; never an exception, never a hang.
 * One temporary dataset folder per test, rewritten each run. SYNTHETIC data.
 */
import { writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve, sep } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/errors.ts';
import { loadDataset, validateDataset } from '../../src/ingest/load.ts';
import { MAX_MAGNITUDE, textProblem, TEXT_LIMITS } from '../../src/schema/fields.ts';
import { RESOURCE_NAMES, resourceFields, type ResourceName } from '../../src/schema/resources.ts';
import { MINI_CSV, miniDescriptor, miniPath, writeMiniDataset } from '../helpers/mini-dataset.ts';
import { cell, csvBytes, fuzzDir, fuzzParams, fuzzTimeout, hostile, leakedPlaceholders, multilineText, numberText } from './arbitraries.ts';

const EMISSIONS_FIELDS = resourceFields('emissions');

function quote(text: string): string {
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A valid emissions row of the mini dataset, with a free-text note of any kind. */
const emissionsRow = fc.record({
  port: fc.constantFrom('PORT_A', 'PORT_B'),
  year: fc.integer({ min: 1900, max: 2100 }),
  source_category: fc.constantFrom('ships', 'trucks', 'ships_at_berth'),
  pollutant: fc.constantFrom('NOx', 'DPM'),
  value: fc.oneof(fc.double({ min: 0, max: MAX_MAGNITUDE, noNaN: true }).filter((v) => v === 0 || v >= 1e-6), fc.integer({ min: 0, max: 1e9 })), // the schema's limits: 0 or 1e-6 to 1e15
  // Any text the schema accepts: control characters and the like are rejected (the next property).
  note: fc.oneof(hostile, fc.string({ maxLength: 20, unit: 'grapheme' }), fc.constant('synthetic'), multilineText).filter((note) => textProblem(note.trim(), TEXT_LIMITS.note) === undefined),
  spaces: fc.boolean(),
  quoted: fc.boolean(),
});
type GeneratedRow = typeof emissionsRow extends fc.Arbitrary<infer T> ? T : never;

const validEmissions = fc.record({
  rows: fc.uniqueArray(emissionsRow, { selector: (r) => `${r.port}|${r.year}|${r.source_category}|${r.pollutant}`, maxLength: 40 }),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  bom: fc.boolean(),
  blankLines: fc.array(fc.nat(), { maxLength: 3 }),
});

type GeneratedFile = { rows: GeneratedRow[]; eol: string; bom: boolean; blankLines: number[] };

function emissionsText(generated: GeneratedFile): string {
  return emissionsFile(generated).text;
}

/** The file's text, and where each row's text ends in it (in UTF-16 code units, as `text.slice` counts). */
function emissionsFile({ rows, eol, bom, blankLines }: GeneratedFile): { text: string; rowEnds: number[] } {
  const lines = rows.map((r) => {
    const pad = (v: string) => (r.spaces ? ` ${v} ` : v);
    const cells = [pad(r.port), pad(String(r.year)), r.source_category, r.pollutant, 'absolute', pad(String(r.value)), 'ton_per_year', '', r.port === 'PORT_A' ? 'SYN_2011' : 'SYN_B_2011', 'inventory', '', r.note, 'SYNTHETIC_TEST'];
    return cells.map((c, i) => (r.quoted || i === 11 || /[",\r\n]/.test(c) ? quote(c) : c)).join(',');
  });
  const isRow = lines.map(() => true);
  for (const at of blankLines) {
    lines.splice(at % (lines.length + 1), 0, '');
    isRow.splice(at % (isRow.length + 1), 0, false);
  }
  const all = [EMISSIONS_FIELDS.join(','), ...lines];
  const rowEnds: number[] = [];
  let offset = bom ? 1 : 0;
  all.forEach((line, i) => {
    offset += line.length;
    if (i > 0 && isRow[i - 1]) rowEnds.push(offset);
    offset += eol.length;
  });
  return { text: `${bom ? '\uFEFF' : ''}${all.join(eol)}${eol}`, rowEnds };
}

/** The lines of a text as an editor shows them: a CRLF, LF or lone CR ends a line; a last line without one counts. */
function physicalLineCount(text: string): number {
  const ends = text.match(/\r\n|\r|\n/g)?.length ?? 0;
  return Math.max(1, ends + (/[^\r\n]$/.test(text) ? 1 : 0));
}

/** A resource's mini CSV with a few edits: a cell replaced, a line cut short, a line repeated, bytes spliced in. */
const editedResource = fc
  .tuple(
    fc.constantFrom<ResourceName>('emissions', 'emissions', 'emissions', 'throughput', 'indicators', 'targets', 'milestones', 'ports', 'units', 'sources'),
    fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('cell' as const), line: fc.nat(), col: fc.nat(), value: fc.oneof(hostile, numberText, cell) }),
        fc.record({ kind: fc.constant('cut' as const), line: fc.nat(), at: fc.nat() }),
        fc.record({ kind: fc.constant('repeat' as const), line: fc.nat() }),
        fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
      ),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([resource, edits]): [ResourceName, Buffer] => {
    let lines = MINI_CSV[resource].trimEnd().split('\n');
    let spliced: { at: number; bytes: Uint8Array }[] = [];
    for (const edit of edits) {
      const i = 'line' in edit ? edit.line % lines.length : 0;
      if (edit.kind === 'cell') {
        const cells = lines[i]!.split(',');
        cells[edit.col % cells.length] = quote(edit.value);
        lines[i] = cells.join(',');
      } else if (edit.kind === 'cut') lines[i] = lines[i]!.slice(0, edit.at % (lines[i]!.length + 1));
      else if (edit.kind === 'repeat') lines = [...lines.slice(0, i + 1), lines[i]!, ...lines.slice(i + 1)];
      else spliced = [...spliced, { at: edit.at, bytes: edit.bytes }];
    }
    let bytes = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    for (const { at, bytes: extra } of spliced) {
      const cut = at % (bytes.length + 1);
      bytes = Buffer.concat([bytes.subarray(0, cut), extra, bytes.subarray(cut)]);
    }
    return [resource, bytes];
  });

const corruptedResource = fc.oneof(
  { weight: 3, arbitrary: editedResource },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom<ResourceName>(...RESOURCE_NAMES), csvBytes) },
);

/** Paths a descriptor may name for a resource: fine, escaping, absolute, URLs, odd bytes. */
const resourcePath = fc.oneof(
  fc.constantFrom('data/emissions.csv', '../outside.csv', '../../etc/passwd', '/etc/passwd', 'C:\\Windows\\win.ini', 'https://example.org/x.csv', 'file:///etc/passwd', 'data/../../x.csv', 'data/./emissions.csv', '', '.', 'data', 'data/emissions.csv\u0000.txt', '%2e%2e/x.csv'),
  hostile,
  fc.string({ maxLength: 30 }),
);

describe('loader on fuzzed datasets', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir: root, cleanup } = await fuzzDir('loader')));
  afterAll(() => cleanup());

  it('loads every generated valid emissions file and round-trips its values', async () => {
    const dir = join(root, 'valid');
    await fc.assert(
      fc.asyncProperty(validEmissions, async (generated) => {
        await writeMiniDataset(dir, { emissions: emissionsText(generated) });
        const dataset = await loadDataset(dir); // throws, listing the problems, if it is not valid
        const records = dataset.records.emissions;
        expect(records).toHaveLength(generated.rows.length);
        records.forEach((record, i) => {
          const row = generated.rows[i]!;
          expect([record.port, record.year, record.source_category, record.pollutant, record.note]).toEqual([row.port, row.year, row.source_category, row.pollutant, row.note.trim()]);
          expect(Object.is(record.value, row.value)).toBe(true);
        });
      }),
      { ...fuzzParams(300), timeout: 10_000 },
    );
  }, fuzzTimeout(60_000));

  it('names the exact line of a bad row, whatever line breaks the quoted notes and blank lines before it hold', async () => {
    const dir = join(root, 'bad-row');
    await fc.assert(
      fc.asyncProperty(validEmissions.filter((g) => g.rows.length > 0), fc.nat(), async (generated, pick) => {
        const k = pick % generated.rows.length;
        const rows = generated.rows.map((row, i) => (i === k ? { ...row, year: 1850 } : row));
        const { text, rowEnds } = emissionsFile({ ...generated, rows });
        await writeMiniDataset(dir, { emissions: text });
        const result = await validateDataset(dir);
        // The row ends on the line after every line end before its last character.
        const line = physicalLineCount(text.slice(0, rowEnds[k]));
        expect(result.issues.map((i) => [i.file, i.line, i.column])).toEqual([['data/emissions.csv', line, 'year']]);
      }),
      { ...fuzzParams(200), timeout: 10_000 },
    );
  }, fuzzTimeout(60_000));

  it('rejects a note holding a character no output can carry, at its line and column', async () => {
    const dir = join(root, 'control');
    const forbidden = fc.oneof(fc.integer({ min: 0, max: 0x1f }).filter((c) => c !== 9 && c !== 10 && c !== 13), fc.integer({ min: 0x7f, max: 0x9f }), fc.constantFrom(0xfffe, 0xffff));
    await fc.assert(
      fc.asyncProperty(validEmissions.filter((g) => g.rows.length > 0), fc.nat(), forbidden, fc.nat(), async (generated, pick, char, at) => {
        const k = pick % generated.rows.length;
        // Inside the text: a control character at either end would be trimmed away with the spaces.
        const note = generated.rows[k]!.note.trim() || 'x';
        const cut = at % note.length;
        const rows = generated.rows.map((row, i) => (i === k ? { ...row, note: `a${note.slice(0, cut)}${String.fromCharCode(char)}${note.slice(cut)}x` } : row));
        const { text, rowEnds } = emissionsFile({ ...generated, rows });
        await writeMiniDataset(dir, { emissions: text });
        const result = await validateDataset(dir);
        const line = physicalLineCount(text.slice(0, rowEnds[k]));
        expect(result.issues.map((i) => [i.file, i.line, i.column])).toEqual([['data/emissions.csv', line, 'note']]);
        expect(result.issues[0]!.expected).toMatch(/^text without control characters \(found U\+[0-9A-F]{4} /);
      }),
      { ...fuzzParams(100), timeout: 10_000 },
    );
  }, fuzzTimeout(60_000));

  it('lists located problems for corrupted files, never throwing', async () => {
    const dir = join(root, 'corrupt');
    await fc.assert(
      fc.asyncProperty(corruptedResource, async ([resource, bytes]) => {
        await writeMiniDataset(dir, { [resource]: bytes });
        const result = await validateDataset(dir);
        expect(result.ok).toBe(result.issues.length === 0 && result.unlisted === 0);
        const text = bytes.toString('utf8');
        // Lines are numbered as an editor shows them (csv-parse's own count, which takes a CRLF it does not
        // read as the record delimiter for two lines, is not used), so no line is past the file's last.
        const lineCount = physicalLineCount(text);
        // Messages are true: a file whose first line has text is not called headerless.
        if (/^\uFEFF?[^\r\n"]*[^\s"][^\r\n"]*\r?\n/.test(text)) {
          expect(result.issues.filter((i) => i.file === miniPath(resource) && i.message === 'file has no header line')).toEqual([]);
        }
        for (const issue of result.issues) {
          expect(issue.file).toMatch(/\.csv$|^datapackage\.json$/);
          expect(issue.message.length).toBeGreaterThan(0);
          expect(leakedPlaceholders(formatIssue(issue), text)).toEqual([]);
          if (issue.file.endsWith('.csv')) {
            // Every problem in a CSV says which line; a row's problem also which column.
            expect(Number.isInteger(issue.line) && issue.line! >= 1).toBe(true);
            if (issue.message === 'invalid value') expect(resourceFields(RESOURCE_NAMES.find((n) => miniPath(n) === issue.file)!)).toContain(issue.column);
            if (issue.file === miniPath(resource)) expect(issue.line).toBeLessThanOrEqual(lineCount);
          }
        }
      }),
      { ...fuzzParams(500), timeout: 10_000 },
    );
  }, fuzzTimeout(60_000));

  it('refuses resource paths that leave the dataset folder, and reads nothing there', async () => {
    const dir = join(root, 'paths', 'dataset');
    await writeMiniDataset(dir);
    await writeFile(join(root, 'paths', 'outside.csv'), 'secret\n');
    await fc.assert(
      fc.asyncProperty(resourcePath, async (path) => {
        await writeFile(join(dir, 'datapackage.json'), JSON.stringify(miniDescriptor({ emissions: path })));
        const result = await validateDataset(dir);
        for (const issue of result.issues) {
          expect(leakedPlaceholders(formatIssue(issue), path)).toEqual([]);
          expect(formatIssue(issue)).not.toContain('secret');
          expect(issue.file.length).toBeGreaterThan(0);
        }
        const target = resolve(dir, path);
        if (isAbsolute(path) || !target.startsWith(dir + sep)) {
          expect(result.ok).toBe(false);
          expect(result.issues.some((issue) => issue.file === 'datapackage.json' || issue.message === 'file not found')).toBe(true);
        }
      }),
      { ...fuzzParams(200), timeout: 10_000 },
    );
  }, fuzzTimeout(60_000));
});

describe('regressions found by fuzzing the loader', () => {
  it('rows before a CSV syntax error are still read and reported (the header is not lost)', async () => {
    const { dir, cleanup } = await fuzzDir('loader-regression');
    try {
      const lines = MINI_CSV.emissions.trimEnd().split('\n');
      lines[2] = lines[2]!.replace(',2005,', ',1850,');
      lines[4] = lines[4]!.replace('synthetic', 'synth"etic');
      await writeMiniDataset(dir, { emissions: `${lines.join('\n')}\n` });
      const result = await validateDataset(dir);
      expect(result.issues.map(formatIssue)).toEqual([
        'data/emissions.csv:3:year: invalid value; found "1850"; expected a year from 1900 to 2100',
        'data/emissions.csv:5: CSV syntax: a quote is found on field 11 at line 5, value is "synth" (check quotes: a quoted field must end with a quote before the next comma)',
      ]);
    } finally {
      await cleanup();
    }
  });
});
