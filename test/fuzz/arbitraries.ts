/**
 * fast-check generators shared by the fuzz tests: CSV-ish text with every troublesome ingredient (quotes,
 * CR/LF/CRLF, BOMs, blank lines, spaces, unicode, invalid UTF-8 bytes), hostile strings, and helpers.
 * All generated content is SYNTHETIC.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';

/** Strings an attacker or a careless export puts in a cell. */
export const HOSTILE = [
  "=cmd|' /C calc'!A0",
  '+SUM(1+1)*cmd|" /C calc"!A0',
  '-2+3',
  '@SUM(A1)',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '</style>',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '${7*7}',
  '{{constructor.constructor("return process")()}}',
  '__proto__',
  'constructor',
  "'; DROP TABLE emissions; --",
  '\u0000',
  '\u202eevil',
  'NOx\u200b',
  'ＮＯｘ',
  '𝟘𝟙',
  '👩‍👩‍👧',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '9'.repeat(400),
  '0x1F',
  '1_000',
  '١٢٣',
  ' ',
  '',
] as const;

export const hostile = fc.constantFrom(...HOSTILE);

/** Numbers as text: plain, huge, tiny, negative, exponents, separators, junk. */
export const numberText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: 0 }).map(String),
  fc.double().map(String),
  fc.integer().map(String),
  fc.bigInt({ min: 0n, max: 10n ** 320n }).map(String),
  fc.constantFrom('1,234', '891*', '891 a', '-', '', '.', '1.', '.5', '+5', '-0', '1e3', '1E-3', '0001', ' 42 ', '4 2', '1.2.3'),
);

/** A cell for a CSV-ish file: codes, numbers, hostile strings, arbitrary unicode, quotes and separators. */
export const cell = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9_]{1,8}$/) },
  { weight: 3, arbitrary: numberText },
  { weight: 2, arbitrary: hostile },
  { weight: 2, arbitrary: fc.string({ maxLength: 8, unit: 'grapheme' }) },
  { weight: 1, arbitrary: fc.constantFrom('"', '""', '"a"', '"a,b"', '"a\nb"', '"a""b"', 'a"b', '"a"b', '\r', '\n', '\r\n', ';', ' ', '\t', '\uFEFF') },
);

/** A line ending, mostly consistent within a file. */
export const lineEnding = fc.constantFrom('\n', '\r\n');

/** CSV-ish text: rows of cells joined by commas, with one line ending mostly, sometimes another or none. */
export const csvText = fc
  .record({
    bom: fc.boolean(),
    eol: lineEnding,
    rows: fc.array(fc.array(cell, { minLength: 0, maxLength: 12 }), { maxLength: 25 }),
    odd: fc.array(fc.tuple(fc.nat(), fc.constantFrom('\n', '\r', '\r\n', '', '\n\n', '  ')), { maxLength: 3 }),
    trailing: fc.boolean(),
  })
  .map(({ bom, eol, rows, odd, trailing }) => {
    const lines = rows.map((row) => row.join(','));
    const endings: string[] = lines.map(() => eol);
    for (const [at, ending] of odd) if (endings.length > 0) endings[at % endings.length] = ending;
    let text = lines.map((line, i) => line + (i < lines.length - 1 || trailing ? endings[i] : '')).join('');
    if (bom) text = `\uFEFF${text}`;
    return text;
  });

/** Bytes for a CSV-ish file: the text above as UTF-8, sometimes with random bytes spliced in. */
export const csvBytes = fc.oneof(
  { weight: 5, arbitrary: csvText.map((text) => Buffer.from(text, 'utf8')) },
  {
    weight: 2,
    arbitrary: fc.tuple(csvText, fc.uint8Array({ maxLength: 12 }), fc.nat()).map(([text, junk, at]) => {
      const bytes = Buffer.from(text, 'utf8');
      const cut = bytes.length === 0 ? 0 : at % bytes.length;
      return Buffer.concat([bytes.subarray(0, cut), junk, bytes.subarray(cut)]);
    }),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom([0xff, 0xfe], [0xef, 0xbb, 0xbf], [0xef, 0xbb], [0xfe, 0xff]), csvText).map(([bom, text]) =>
      Buffer.concat([Buffer.from(bom), Buffer.from(text, 'utf8')]),
    ),
  },
);

/**
 * Placeholders our own code would print by mistake (`${undefined}`, `${NaN}`, `${{}}`) that appear in a
 * message although none of the inputs contains them. A message may quote the input, and the hostile strings
 * include "NaN", so a placeholder counts as a leak only when the input could not have put it there.
 */
export function leakedPlaceholders(message: string, ...inputs: string[]): string[] {
  return ['undefined', 'NaN', '[object Object]'].filter((word) => message.includes(word) && !inputs.some((input) => input.includes(word)));
}

/** A temporary folder for a fuzz suite, removed by the returned function. */
export async function fuzzDir(name: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `pe-fuzz-${name}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * fast-check run counts: FUZZ_RUNS_SCALE multiplies them for a longer hunt (e.g. FUZZ_RUNS_SCALE=20). The
 * seed is set for every property in test/helpers/fast-check-seed.ts (FUZZ_SEED replays one).
 */
export function fuzzParams(numRuns: number): { numRuns: number } {
  const scale = Number(process.env.FUZZ_RUNS_SCALE ?? 1);
  return { numRuns: Math.max(1, Math.round(numRuns * scale)) };
}

/** A test's time limit, scaled with FUZZ_RUNS_SCALE like its run count. */
export function fuzzTimeout(ms: number): number {
  return Math.max(ms, ms * Number(process.env.FUZZ_RUNS_SCALE ?? 1));
}

/** Text with line breaks of every kind between words (CRLF, LF, lone CR, runs of them): a multi-line note. */
export const multilineText = fc
  .array(fc.constantFrom('note', 'a,b', 'say "hi"', ' ', '\r\n', '\n', '\r', '\r\n\r\n', '\n\r', '\r\r\n'), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.join(''));
