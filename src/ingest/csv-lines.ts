import type { CsvError } from 'csv-parse';

/** What csv-parse's `info` says about a record (option `info: true`). */
export interface CsvRecordInfo {
  /** Bytes read up to the end of the record and its record delimiter (a byte order mark included). */
  bytes: number;
  /** csv-parse's own line count at the record's end. */
  lines: number;
  /** Empty lines csv-parse has skipped so far. */
  empty_lines: number;
}

export interface CsvLinesOptions {
  /** csv-parse's `bom` option: whether a byte order mark at the start is skipped (UTF-16LE's switches it to UTF-16LE). */
  bom: boolean;
  /** The line number of the first byte fed (default 1): above 1 when csv-parse starts mid-file. */
  firstLine?: number;
  /** csv-parse's `record_delimiter` when it is given one rather than finding it. */
  recordDelimiter?: '\n' | '\r\n' | '\r';
}

const CR = 13;
const LF = 10;

/**
 * Physical line numbers for csv-parse's records and errors.
 *
 * csv-parse numbers lines by counting the CR and LF bytes it reads, and it skips only the LF of a CRLF it
 * takes as the record delimiter. So a CRLF inside a quoted field (or any CRLF in a file whose record
 * delimiter is LF or CR) counts as two lines, and every line number after it is one too high. An analyst's
 * editor ends a line at a CRLF, an LF or a lone CR, once. CsvLines is fed the bytes csv-parse is fed, in
 * the same order, and numbers a record from csv-parse's byte offset (`info.bytes`), so its numbers do not
 * depend on how csv-parse counts; only an error, which has no byte offset, is located from csv-parse's line
 * count, by reading the bytes after the last record the way csv-parse read them. After a UTF-16LE byte
 * order mark (csv-parse then reads UTF-16LE) it counts characters, not bytes. It keeps only the bytes not
 * yet numbered past: memory stays flat however large the file.
 */
export class CsvLines {
  /** Bytes fed and still needed, oldest first; `windowStart` is the offset of the first one. */
  private readonly chunks: Buffer[] = [];
  private windowStart = 0;
  private fed = 0;
  /** Line ends whose last byte is before `cursor`. */
  private ends = 0;
  private cursor = 0;
  private readonly firstLine: number;
  private readonly bom: boolean;
  private encoding: 'utf8' | 'utf16le' | undefined;
  private bomLength = 0;
  /** The record delimiter csv-parse uses: given, or the one it found (see inferDelimiter). */
  private delimiter: Buffer | undefined;
  private delimiterKnown: boolean;
  /** The last record numbered (none while `lastBytes` is -1): where it ends, csv-parse's line count there, empty lines skipped. */
  private lastBytes = -1;
  private lastLines = 0;
  private lastEmpty = 0;

  constructor(options: CsvLinesOptions) {
    this.bom = options.bom;
    this.firstLine = options.firstLine ?? 1;
    this.delimiterKnown = options.recordDelimiter !== undefined;
    if (options.recordDelimiter !== undefined) this.delimiter = Buffer.from(options.recordDelimiter, 'utf8');
  }

  /** Takes the next bytes of the input (every byte csv-parse is given, before it is given them). */
  feed(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.fed += chunk.length;
  }

  /**
   * The line a record ends on: the line of its last character before the record delimiter, i.e. csv-parse's
   * `info.lines` counted physically. Records must be asked about in order.
   */
  recordLine(info: CsvRecordInfo): number {
    this.start();
    if (!this.delimiterKnown) this.inferDelimiter(info.empty_lines, info.bytes);
    this.lastBytes = info.bytes;
    this.lastLines = info.lines;
    this.lastEmpty = info.empty_lines;
    return this.lineAt(info.bytes - 1);
  }

  /**
   * The line of a csv-parse syntax error, counted physically; also writes it into the error (`lines` and
   * the "at line N" of its message). Undefined when the error has no line. Call it after the records
   * csv-parse gave before the error have been numbered.
   */
  locateError(error: CsvError): number | undefined {
    const target = error.lines;
    if (typeof target !== 'number') return undefined;
    this.start();
    const empty = typeof error.empty_lines === 'number' ? error.empty_lines : 0;
    const first = this.lastBytes === -1;
    let offset = first ? this.bomLength : this.lastBytes;
    let csvLine = first ? 1 : this.lastLines + 1;
    const skipped = empty - this.lastEmpty;
    if (!this.delimiterKnown && first) this.inferDelimiter(skipped, undefined);
    // The empty lines csv-parse skipped since the last record come first; in a CRLF file it counts each
    // CRLF once there (it is the record delimiter). Past them it counts every CR and every LF it reads.
    const crlf = Buffer.from('\r\n', this.encoding);
    if (this.delimiter?.equals(crlf)) {
      for (let k = 0; k < skipped && csvLine < target && this.matches(offset, crlf); k++) {
        offset += crlf.length;
        csvLine++;
      }
    }
    for (; csvLine < target; offset++) {
      const byte = this.byteAt(offset);
      if (byte === undefined) break;
      if (byte === CR || byte === LF) csvLine++;
    }
    // In UTF-16 the byte after an LF byte is still the LF's second byte, on the line the LF ends.
    if (this.encoding === 'utf16le' && offset % 2 === 1 && offset + 1 < this.fed) offset++;
    const line = this.lineAt(offset);
    error.lines = line;
    error.message = error.message.replace(new RegExp(`\\b(at|on) line ${target}\\b`), `$1 line ${line}`);
    return line;
  }

  /** Reads the byte order mark as csv-parse did (it had three bytes, or all there were, before any record or error). */
  private start(): void {
    if (this.encoding !== undefined) return;
    const b = [0, 1, 2].map((i) => this.byteAt(i));
    if (this.bom && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) this.bomLength = 3;
    else if (this.bom && b[0] === 0xff && b[1] === 0xfe) this.bomLength = 2;
    this.encoding = this.bomLength === 2 ? 'utf16le' : 'utf8';
    if (this.delimiter !== undefined) this.delimiter = Buffer.from(this.delimiter.toString('utf8'), this.encoding);
  }

  /**
   * The record delimiter csv-parse found: it takes the first line end it reads outside quotes, trying CRLF
   * before LF before CR. With empty lines before the first record that is the first of them; otherwise the
   * first record's own delimiter (a CR before its LF would have been read as CRLF).
   */
  private inferDelimiter(emptyLines: number, recordEnd: number | undefined): void {
    this.delimiterKnown = true;
    const candidates = ['\r\n', '\n', '\r'].map((text) => Buffer.from(text, this.encoding));
    if (emptyLines > 0) this.delimiter = candidates.find((d) => this.matches(this.bomLength, d));
    else if (recordEnd !== undefined) this.delimiter = candidates.find((d) => recordEnd - d.length >= this.bomLength && this.matches(recordEnd - d.length, d));
  }

  private matches(offset: number, bytes: Buffer): boolean {
    for (let i = 0; i < bytes.length; i++) if (this.byteAt(offset + i) !== bytes[i]) return false;
    return true;
  }

  /** The line of the byte at `offset`: one plus the line ends completed before it. Offsets never go back. */
  private lineAt(offset: number): number {
    if (offset > this.cursor) this.countTo(Math.min(offset, this.fed));
    return this.firstLine + this.ends;
  }

  /** Counts the line ends whose last byte is before `offset`, and forgets the bytes no longer needed. */
  private countTo(offset: number): void {
    if (this.encoding === 'utf16le') {
      // A UTF-16LE character is two bytes from an even offset; a line end ends at its second byte.
      for (let at = this.cursor; at < offset; at++) {
        if (at % 2 === 0) continue;
        const unit = this.unitAt(at - 1);
        if (unit === LF || (unit === CR && this.unitAt(at + 1) !== LF)) this.ends++;
      }
    } else {
      let chunkStart = this.windowStart;
      for (const chunk of this.chunks) {
        const chunkEnd = chunkStart + chunk.length;
        if (chunkStart >= offset) break;
        const stop = Math.min(offset, chunkEnd) - chunkStart;
        for (let j = Math.max(this.cursor - chunkStart, 0); j < stop; j++) {
          const byte = chunk[j];
          if (byte === LF) this.ends++;
          else if (byte === CR && (j + 1 < chunk.length ? chunk[j + 1] : this.byteAt(chunkEnd)) !== LF) this.ends++;
        }
        chunkStart = chunkEnd;
      }
    }
    this.cursor = offset;
    // Keep the byte before the cursor (a UTF-16 character may start there).
    while (this.chunks.length > 1 && this.windowStart + this.chunks[0]!.length < this.cursor) {
      this.windowStart += this.chunks.shift()!.length;
    }
  }

  private unitAt(offset: number): number | undefined {
    const low = this.byteAt(offset);
    return low !== undefined && this.byteAt(offset + 1) === 0 ? low : undefined;
  }

  private byteAt(offset: number): number | undefined {
    let chunkStart = this.windowStart;
    for (const chunk of this.chunks) {
      if (offset < chunkStart + chunk.length) return offset >= chunkStart ? chunk[offset - chunkStart] : undefined;
      chunkStart += chunk.length;
    }
    return undefined;
  }
}
