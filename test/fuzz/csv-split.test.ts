/**
 * The fast line splitter (src/ingest/fast-rows.ts) against csv-parse, the reference: on generated CSV-ish
 * files (quotes, CR/LF/CRLF mixes, BOMs, blank lines, invalid UTF-8, tiny read chunks) both give the same
 * records with the same line numbers, and the same error where csv-parse fails. SYNTHETIC inputs.
 */
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamCsvRecords } from '../../src/ingest/fast-rows.ts';
import { csvBytes, fuzzDir, fuzzParams, fuzzTimeout } from './arbitraries.ts';

interface Outcome {
  records: [string[], number][];
  error?: string;
}

/** csv-parse's records, every one it emits before an error ('data' events: a for-await would drop some). */
async function viaCsvParse(path: string): Promise<Outcome> {
  const out: Outcome = { records: [] };
  const parser = createReadStream(path).pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true, trim: false }));
  await new Promise<void>((resolve) => {
    parser.on('data', (item: { record: string[]; info: { lines: number } }) => out.records.push([item.record, item.info.lines]));
    parser.on('error', (error: Error & { code?: string }) => {
      out.error = `${error.code}: ${error.message}`;
      resolve();
    });
    parser.on('end', resolve);
  });
  return out;
}

async function viaSplitter(path: string, highWaterMark: number, takeLines: boolean, maxLineBytes?: number): Promise<Outcome & { parser: string; fromLine?: number }> {
  const out: Outcome = { records: [] };
  let parser = '';
  let fromLine: number | undefined;
  try {
    const result = await streamCsvRecords(path, {
      highWaterMark,
      // compared line for line with csv-parse below, so numbered as csv-parse numbers
      lineNumbers: 'csv-parse',
      ...(maxLineBytes === undefined ? {} : { maxLineBytes }),
      onRecord: (record, line) => {
        out.records.push([record, line]);
      },
      // A consumer that takes some plain lines itself, as the activity reader does.
      ...(takeLines
        ? {
            onLine: (bytes: Buffer, start: number, end: number, line: number) => {
              const segment = bytes.toString('utf8', start, end);
              if (/["\r]/.test(segment) || segment.length % 2 === 0) return false;
              out.records.push([segment.split(','), line]);
              return true;
            },
          }
        : {}),
    });
    parser = result.parser;
    fromLine = result.fromLine;
  } catch (error) {
    out.error = `${(error as { code?: string }).code}: ${(error as Error).message}`;
  }
  return { ...out, parser, ...(fromLine === undefined ? {} : { fromLine }) };
}

describe('fast CSV splitter = csv-parse', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await fuzzDir('split')));
  afterAll(() => cleanup());

  it('gives the same records, lines and errors on generated files', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(csvBytes, fc.integer({ min: 1, max: 64 }), fc.boolean(), fc.option(fc.integer({ min: 1, max: 40 }), { freq: 4 }), async (bytes, highWaterMark, takeLines, maxLineBytes) => {
        const path = join(dir, `f${n++ % 4}.csv`);
        await writeFile(path, bytes);
        const reference = await viaCsvParse(path);
        const fast = await viaSplitter(path, highWaterMark, takeLines, maxLineBytes ?? undefined);
        expect(fast.records).toEqual(reference.records);
        expect(fast.error).toEqual(reference.error);
      }),
      { ...fuzzParams(1500), timeout: 5000 },
    );
  }, fuzzTimeout(60_000));

  it('stays on the fast path for plain files, LF or CRLF, and falls back for a quoted line break', async () => {
    const path = join(dir, 'plain.csv');
    await writeFile(path, 'a,b\r\n1,2\r\n\r\n3,"x,y"\r\n');
    expect((await viaSplitter(path, 3, false)).parser).toBe('fast');
    await writeFile(path, '\uFEFFa,b\n1,2\n3,"x\ny"\n4,5\n');
    const fallback = await viaSplitter(path, 1 << 16, false);
    expect(fallback.parser).toBe('csv-parse');
    expect(fallback.records).toEqual([[['a', 'b'], 1], [['1', '2'], 2], [['3', 'x\ny'], 4], [['4', '5'], 5]]);
    // csv-parse takes over at the line of the quoted line break, not from the start of the file.
    expect(fallback.fromLine).toBe(3);
    await writeFile(path, 'a,b\r1,2\r');
    expect(await viaSplitter(path, 4, false)).toMatchObject({ parser: 'csv-parse', records: [[['a', 'b'], 1], [['1', '2'], 2]] });
  });
});
