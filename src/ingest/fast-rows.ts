import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { CsvLines, type CsvRecordInfo } from './csv-lines.ts';
import { CODE_LIST_MAX, MAX_MAGNITUDE, RESERVED_NAMES, TEXT_LIMITS } from '../schema/fields.ts';

/**
 * The fast path for very large CSV files: a streaming line splitter that gives exactly the records
 * csv-parse gives (with the options read-resource uses: BOM, skip empty lines, ragged rows allowed, no
 * trimming) and their line numbers, several times faster, plus a hand-written check of an activity row
 * for the common valid case.
 *
 * Why: csv-parse walks every byte in JavaScript and tops out near 110,000 records/s (with `info`) on a
 * 10-column file, which caps ingest far below the 1M rows/s an activity file needs. Most lines of such a
 * file are plain (no quotes), and for those splitting at commas is the whole CSV grammar. The splitter
 * finds lines in the raw bytes, offers each to a consumer that may check it in place (no string at all:
 * see ActivityLineScanner), and leaves everything else to csv-parse:
 *   - a line whose quotes close on the same line is parsed alone by csv-parse (same bytes, same record);
 *   - anything it cannot prove identical (a quoted field spanning lines, bad quoting, a line delimiter
 *     csv-parse would treat otherwise: bare CR, CR inside a line, LF inside a CRLF file, a UTF-16 BOM)
 *     hands the rest of the file, from the start of that line, to csv-parse with the line delimiter
 *     already found and the line count carried over, so its records, lines and errors are the ones a
 *     whole-file csv-parse would give.
 * test/fuzz/csv-split.test.ts checks record-for-record, line-for-line and error-for-error equality with
 * csv-parse on generated files, including every one of those cases and tiny read chunks.
 *
 * Line numbers: the lines the splitter reads end at LF or CRLF (anything else is csv-parse's), so its
 * numbers are physical lines and csv-parse's alike. After a hand-over they are physical lines too
 * (csv-lines.ts), unless a caller asks for csv-parse's own count, in which a CRLF it does not take as the
 * record delimiter counts twice.
 */

/** Receives each record with the line it ends on (the header is line 1), numbered as `lineNumbers` says. */
export type RecordHandler = (record: string[], line: number) => boolean | void;

/**
 * Offered each non-empty line before it is decoded and split: `bytes[start, end)` is the line without its
 * line break. Returns true when it took the line as a record (it must then be a line without quotes or CR,
 * whose fields are its comma-separated parts).
 */
export type LineHandler = (bytes: Buffer, start: number, end: number, line: number) => boolean;

export interface CsvStreamOptions {
  /** Called with every record not taken by `onLine`; returning false stops the reading. */
  onRecord: RecordHandler;
  onLine?: LineHandler;
  /** Bytes per read (tests use tiny chunks to exercise boundaries). Default 1 MiB. */
  highWaterMark?: number;
  /** A line longer than this is handed to csv-parse rather than held whole in memory. Default 8 MiB. */
  maxLineBytes?: number;
  /**
   * How records and errors are numbered: 'physical', as an editor numbers lines (a CRLF, LF or lone CR ends
   * one line, inside quotes too), which is what a reader reports; or 'csv-parse', csv-parse's own count, so
   * the splitter can be checked against csv-parse line for line (test/fuzz/csv-split.test.ts). The two
   * differ only after a CRLF that csv-parse does not take as the record delimiter. Default 'physical'.
   */
  lineNumbers?: 'physical' | 'csv-parse';
}

/** Which reader produced the records: the line splitter throughout, or csv-parse from line `fromLine` on. */
export interface CsvStreamResult {
  parser: 'fast' | 'csv-parse';
  /** The line csv-parse took over at (when it did). */
  fromLine?: number;
}

/** csv-parse options identical to read-resource.ts, so that both readers see the same records. */
const CSV_OPTIONS = { bom: true, skip_empty_lines: true, relax_column_count: true, info: true, trim: false } as const;

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Where csv-parse takes over: a byte offset at the start of a line, the lines before it, the line delimiter. */
class Fallback {
  constructor(
    readonly byte: number,
    readonly lines: number,
    readonly delimiter: '\n' | '\r\n' | undefined,
  ) {}
}

/**
 * Streams the CSV file at `path` record by record (see the module comment), calling `onLine` or `onRecord`
 * for each. Rejects with csv-parse's CsvError for a syntax error and with the file system's error when the
 * file cannot be read. Keeps no records: memory stays flat however large the file.
 */
export async function streamCsvRecords(path: string, options: CsvStreamOptions): Promise<CsvStreamResult> {
  const fast = await fastPass(path, options);
  if (!(fast instanceof Fallback)) return { parser: 'fast' };
  await csvParsePass(path, options.onRecord, fast, options.lineNumbers ?? 'physical');
  return { parser: 'csv-parse', fromLine: fast.lines + 1 };
}

async function fastPass(path: string, options: CsvStreamOptions): Promise<Fallback | 'done'> {
  const { onRecord, onLine } = options;
  const input = createReadStream(path, { highWaterMark: options.highWaterMark ?? 1 << 20 });
  const maxLineBytes = options.maxLineBytes ?? 8 << 20;
  /** Bytes not yet split (an unfinished line), and the file offset of its first byte. */
  let pending: Buffer = Buffer.alloc(0);
  let pendingStart = 0;
  let started = false;
  let line = 0;
  /** 0: line delimiter not yet seen; 1: LF; 2: CRLF (csv-parse fixes it at the first line break). */
  let mode = 0;
  // The bytes being split and the file offset of their first byte (for a hand-over).
  let bytes: Buffer = pending;
  let bytesStart = 0;

  /** The hand-over point at the line starting at bytes[pos], with `before` lines before it. */
  const fallbackAt = (pos: number, before: number) => new Fallback(bytesStart + pos, before, mode === 1 ? '\n' : mode === 2 ? '\r\n' : undefined);

  /** Delivers the line bytes[start, end); returns 'stop', a Fallback, or undefined to go on. */
  const deliver = (start: number, end: number): 'stop' | Fallback | undefined => {
    if (onLine !== undefined && onLine(bytes, start, end, line)) return undefined;
    // An LF byte is never part of a UTF-8 sequence, so a line decodes alone as it does within the file.
    const segment = bytes.toString('utf8', start, end);
    if (segment.includes('\r')) return fallbackAt(start, line - 1);
    let record: string[];
    if (segment.includes('"')) {
      let quotes = 0;
      for (let i = segment.indexOf('"'); i !== -1; i = segment.indexOf('"', i + 1)) quotes++;
      if (quotes % 2 === 1) return fallbackAt(start, line - 1);
      try {
        // bom: false: a BOM is only stripped at the start of the file, which this line is not (any more).
        const records = parseSync(segment, { bom: false, skip_empty_lines: true, relax_column_count: true });
        if (records.length !== 1) return fallbackAt(start, line - 1);
        record = records[0]!;
      } catch {
        return fallbackAt(start, line - 1);
      }
    } else {
      record = segment.split(',');
    }
    return onRecord(record, line) === false ? 'stop' : undefined;
  };

  /** Delivers every line of `bytes` (all complete unless `final`); returns how it ended, or undefined. */
  const lines = (final: boolean): 'stop' | Fallback | undefined => {
    let pos = 0;
    if (mode === 0) {
      const n = bytes.indexOf(LF);
      const r = bytes.indexOf(CR);
      const first = n === -1 ? r : r === -1 ? n : Math.min(n, r);
      if (first !== -1) {
        const quote = bytes.indexOf(QUOTE);
        // A quote before the first line break may hide it; a bare CR is csv-parse's delimiter: its job.
        if ((quote !== -1 && quote < first) || (first === r && bytes[r + 1] !== LF)) return fallbackAt(0, 0);
        mode = first === r ? 2 : 1;
      } else if (bytes.length > 0 && bytes.includes(QUOTE)) {
        return fallbackAt(0, 0);
      }
    }
    for (let nl = bytes.indexOf(LF); nl !== -1; nl = bytes.indexOf(LF, pos)) {
      let end = nl;
      if (mode === 2) {
        if (nl === pos || bytes[nl - 1] !== CR) return fallbackAt(pos, line);
        end = nl - 1;
      }
      line++;
      if (end > pos) {
        const outcome = deliver(pos, end);
        if (outcome !== undefined) return outcome;
      }
      pos = nl + 1;
    }
    if (final && pos < bytes.length) {
      // The last line has no line break: csv-parse still ends the record there.
      if (bytes.includes(CR, pos)) return fallbackAt(pos, line);
      line++;
      return deliver(pos, bytes.length);
    }
    return undefined;
  };

  /** Splits off and delivers the complete lines of pending + chunk; keeps the rest pending. */
  const consume = (chunk: Buffer, final: boolean): 'stop' | Fallback | undefined => {
    let all = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let start = pendingStart;
    if (!started) {
      // csv-parse looks at the first three bytes for a BOM; a UTF-16 one switches its encoding.
      if (all.length < 3 && !final) {
        pending = all;
        return undefined;
      }
      started = true;
      if (all[0] === 0xff && all[1] === 0xfe && all.length >= 3) return new Fallback(0, 0, undefined);
      if (all[0] === 0xef && all[1] === 0xbb && all[2] === 0xbf) {
        all = all.subarray(3);
        start = 3;
      }
    }
    const cut = final ? all.length : all.lastIndexOf(LF) + 1;
    pending = all.subarray(cut);
    pendingStart = start + cut;
    if (cut > 0) {
      bytes = all.subarray(0, cut);
      bytesStart = start;
      const outcome = lines(final);
      if (outcome !== undefined) return outcome;
    }
    // A line too long to hold: csv-parse reads on from its start.
    return pending.length > maxLineBytes ? new Fallback(pendingStart, line, mode === 1 ? '\n' : mode === 2 ? '\r\n' : undefined) : undefined;
  };

  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      const outcome = consume(chunk, false);
      if (outcome === 'stop') return 'done';
      if (outcome !== undefined) return outcome;
    }
    const outcome = consume(Buffer.alloc(0), true);
    return outcome instanceof Fallback ? outcome : 'done';
  } finally {
    input.destroy();
  }
}

/**
 * csv-parse from a hand-over point: same records and errors as csv-parse over the whole file, and the same
 * lines ('csv-parse') or physical lines.
 */
async function csvParsePass(path: string, onRecord: RecordHandler, from: Fallback, lineNumbers: 'physical' | 'csv-parse'): Promise<void> {
  let stopped = false;
  const offset = from.lines;
  // The fast pass's lines ended at LF or CRLF: its count up to the hand-over is physical.
  const lines = lineNumbers === 'physical' ? new CsvLines({ bom: from.byte === 0, firstLine: from.lines + 1, ...(from.delimiter === undefined ? {} : { recordDelimiter: from.delimiter }) }) : undefined;
  const parser = parse({
    ...CSV_OPTIONS,
    // From the start of the file csv-parse does its own BOM and delimiter detection; mid-file it is told.
    ...(from.byte === 0 ? {} : { bom: false }),
    ...(from.delimiter === undefined ? {} : { record_delimiter: from.delimiter }),
    // on_record hands each record over as csv-parse completes it: none is buffered (memory stays flat) and
    // every record before a syntax error is delivered before the error. With `info` it gets record and info.
    on_record: (item: unknown) => {
      if (stopped) return null;
      const { record, info } = item as { record: string[]; info: CsvRecordInfo };
      if (onRecord(record, lines === undefined ? info.lines + offset : lines.recordLine(info)) === false) {
        stopped = true;
        parser.destroy();
      }
      return null;
    },
  });
  const input = createReadStream(path, { start: from.byte });
  // Before the pipe, so every chunk is counted before csv-parse reads it.
  if (lines !== undefined) input.on('data', (chunk) => lines.feed(chunk as Buffer));
  input.on('error', (error) => parser.destroy(error));
  try {
    for await (const _ of input.pipe(parser)) {
      // on_record returns null for every record: nothing comes out here.
    }
  } catch (error) {
    if (stopped) return;
    if (lines !== undefined) {
      if (error instanceof CsvError) lines.locateError(error);
      throw error;
    }
    const located = error as Error & { lines?: number };
    if (offset > 0 && typeof located.lines === 'number') {
      located.lines += offset;
      located.message = located.message.replace(/\b(at|on) line (\d+)/g, (_, word: string, n: string) => `${word} line ${Number(n) + offset}`);
    }
    throw error;
  } finally {
    input.destroy();
  }
}

/**
 * Iterates the objects a stream emits, every one emitted before an error, and then throws that error.
 * (A plain `for await` over a stream drops the objects still buffered when the stream errors: with
 * csv-parse, every record of the chunk before a syntax error.) Pauses the stream while `highWater`
 * objects wait, so memory stays bounded.
 */
export async function* drainedRecords<T>(stream: Readable, highWater = 256): AsyncGenerator<T> {
  const queue: T[] = [];
  let failure: { error: unknown } | undefined;
  let done = false;
  let wake: (() => void) | undefined;
  const signal = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  stream.on('data', (item: T) => {
    queue.push(item);
    if (queue.length >= highWater) stream.pause();
    signal();
  });
  stream.once('end', () => {
    done = true;
    signal();
  });
  stream.once('close', () => {
    done = true;
    signal();
  });
  stream.once('error', (error) => {
    failure = { error };
    signal();
  });
  try {
    for (;;) {
      if (queue.length > 0) {
        const batch = queue.splice(0, queue.length);
        if (stream.isPaused()) stream.resume();
        yield* batch;
        continue;
      }
      if (failure !== undefined) throw failure.error;
      if (done) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    stream.destroy();
  }
}

/** Characters of a code (`[A-Za-z0-9_.+-]`), as in src/schema/fields.ts. */
const CODE_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) CODE_CHAR[c] = /[A-Za-z0-9_.+\-]/.test(String.fromCharCode(c)) ? 1 : 0;

/** The reserved names (a code may not be one), by length and first byte: a plain code is compared only when both match. */
const RESERVED_BY_SHAPE = new Map<number, Set<number>>();
for (const name of RESERVED_NAMES) {
  if (!RESERVED_BY_SHAPE.has(name.length)) RESERVED_BY_SHAPE.set(name.length, new Set());
  RESERVED_BY_SHAPE.get(name.length)!.add(name.charCodeAt(0));
}

/** Whether bytes[from, to) is a reserved name (RESERVED_NAMES), which the schema refuses as a code. */
function reservedCode(bytes: Uint8Array, from: number, to: number): boolean {
  if (RESERVED_BY_SHAPE.get(to - from)?.has(bytes[from]!) !== true) return false;
  return RESERVED_NAMES.has(Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('latin1'));
}

/** One step of the key hash (FNV-1a style, 32 bits). */
function mix(hash: number, c: number): number {
  return Math.imul(hash ^ c, 16777619);
}

const HASH_SEED = 2166136261 | 0;

/** Powers of ten exactly representable as doubles (10^0 to 10^15). */
const POW10 = Array.from({ length: 16 }, (_, k) => Number(`1e${k}`));

/**
 * The hash {@link ActivityLineScanner} computes over a row's total key (port, year, source_category,
 * pollutant, unit, release), from the values as strings; the two agree for the same values.
 */
export function activityKeyHash(port: string, year: string, sourceCategory: string, pollutant: string, unit: string, release: string): number {
  let hash = HASH_SEED;
  for (const value of [port, year, sourceCategory, pollutant, unit, release]) {
    for (let i = 0; i < value.length; i++) hash = mix(hash, value.charCodeAt(i));
    hash = mix(hash, 44);
  }
  return hash;
}

/**
 * A reusable scanner of plain activity lines (the common valid case), working on the file's bytes. `scan`
 * accepts only lines the zod schema (src/schema/activity.ts) accepts unchanged: ten unquoted ASCII fields;
 * codes of at most TEXT_LIMITS.code characters, none a reserved name (a source_ref cell at most CODE_LIST_MAX);
 * codes without surrounding spaces; a four-digit year in range; a plain non-negative decimal value without
 * sign or exponent; one or more `;`-separated source refs without empty parts. Every other line gets
 * `false` and goes to the schema, which either accepts it too (e.g. ` NOx` trims to `NOx`) or says exactly
 * what is wrong. So the fast path can only be stricter than the schema, never more lenient
 * (test/fuzz/fast-rows.test.ts checks it). It allocates nothing: the caller finds the row's total by
 * `hash` and compares the key fields in place (`bounds`).
 */
export class ActivityLineScanner {
  /** Field i spans `bounds[i]` to `bounds[i + 1] - 1` (the comma); `bounds[10]` is the line end + 1. */
  readonly bounds = new Int32Array(11);
  year = 0;
  value = 0;
  /** {@link activityKeyHash} of the line's key fields. */
  hash = 0;

  /** True when bytes[start, end) is a plain valid activity row; fills bounds, year, value and hash. */
  scan(bytes: Uint8Array, start: number, end: number): boolean {
    const b = this.bounds;
    let hash = HASH_SEED;
    let i = start;
    let c = 0;
    b[0] = start;
    for (let field = 0; field < 9; field++) {
      const from = i;
      if (field === 1) {
        // year: four digits in range
        if (i + 4 >= end || bytes[i + 4] !== 44) return false;
        let year = 0;
        for (; i < from + 4; i++) {
          c = bytes[i]!;
          if (c < 48 || c > 57) return false;
          year = year * 10 + c - 48;
          hash = mix(hash, c);
        }
        if (year < 1900 || year > 2100) return false;
        this.year = year;
        hash = mix(hash, 44);
      } else if (field === 6) {
        // value: digits with at most one point and at least one digit. Up to 15 digits the mantissa is an
        // exact integer and 10^k exact, so mantissa / 10^k is the correctly rounded decimal, i.e. what
        // Number() gives (Clinger's fast path); longer values go through Number.
        let digits = 0;
        let point = -1;
        let mantissa = 0;
        for (; i < end; i++) {
          c = bytes[i]!;
          if (c === 44) break;
          if (c >= 48 && c <= 57) {
            digits++;
            mantissa = mantissa * 10 + (c - 48);
          } else if (c === 46 && point === -1) point = i;
          else return false;
        }
        if (digits === 0) return false;
        if (digits <= 15) {
          const decimals = point === -1 ? 0 : i - point - 1;
          this.value = decimals === 0 ? mantissa : mantissa / POW10[decimals]!;
        } else {
          const value = Number(Buffer.from(bytes.buffer, bytes.byteOffset + from, i - from).toString('latin1'));
          if (!(value <= MAX_MAGNITUDE)) return false; // the schema's limit (and not Infinity)
          this.value = value;
        }
      } else {
        // a code; vessel_call (3) may be empty; port, category, pollutant, unit and release go into the hash
        const hashed = field !== 2 && field !== 3;
        for (; i < end; i++) {
          c = bytes[i]!;
          if (c === 44) break;
          if (c > 127 || CODE_CHAR[c] === 0) return false;
          if (hashed) hash = mix(hash, c);
        }
        if ((i === from && field !== 3) || i - from > TEXT_LIMITS.code || reservedCode(bytes, from, i)) return false;
        if (hashed) hash = mix(hash, 44);
      }
      if (i >= end) return false;
      b[field + 1] = ++i;
    }
    // source_ref: codes separated by ';', no empty part
    let partStart = i;
    for (; i < end; i++) {
      c = bytes[i]!;
      if (c === 59) {
        if (i === partStart || i - partStart > TEXT_LIMITS.code || reservedCode(bytes, partStart, i)) return false;
        partStart = i + 1;
      } else if (c > 127 || CODE_CHAR[c] === 0) return false;
    }
    if (i === partStart || i - partStart > TEXT_LIMITS.code || reservedCode(bytes, partStart, i) || end - b[9]! > CODE_LIST_MAX) return false;
    b[10] = end + 1;
    this.hash = hash;
    return true;
  }
}
