import { crc32, inflateRawSync } from 'node:zlib';

/** One member of a zip archive as stored: name, bytes (inflated) and the DOS timestamp in its header. */
export interface ZipEntry {
  name: string;
  data: Buffer;
  /** The modification time written in the central directory, read as UTC (the way JSZip writes it). */
  modified: Date;
  method: number;
}

/** A zip archive read back for assertions: entries in archive order, text access by name. */
export interface ZipContents {
  names: string[];
  entries: ZipEntry[];
  has(name: string): boolean;
  bytes(name: string): Buffer;
  text(name: string): string;
  /** Names matching `pattern`, in archive order. */
  match(pattern: RegExp): string[];
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function dosDate(date: number, time: number): Date {
  return new Date(
    Date.UTC(1980 + (date >> 9), ((date >> 5) & 0x0f) - 1, date & 0x1f, time >> 11, (time >> 5) & 0x3f, (time & 0x1f) * 2),
  );
}

/**
 * Reads a .zip/.pptx/.xlsx from memory with nothing but node:zlib, so tests check what was written
 * independently of the library that wrote it. Verifies every entry's CRC-32 and size; throws on a malformed
 * archive. No zip64, no encryption (the writers under test never produce them).
 */
export function readZip(archive: Uint8Array): ZipContents {
  const buf = Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i -= 1) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive: no end-of-central-directory record');
  const count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);

  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    if (buf.readUInt32LE(offset) !== CENTRAL) throw new Error(`bad central directory entry ${i}`);
    const method = buf.readUInt16LE(offset + 10);
    const time = buf.readUInt16LE(offset + 12);
    const date = buf.readUInt16LE(offset + 14);
    const crc = buf.readUInt32LE(offset + 16);
    const compressedSize = buf.readUInt32LE(offset + 20);
    const size = buf.readUInt32LE(offset + 24);
    const nameLength = buf.readUInt16LE(offset + 28);
    const extraLength = buf.readUInt16LE(offset + 30);
    const commentLength = buf.readUInt16LE(offset + 32);
    const localOffset = buf.readUInt32LE(offset + 42);
    const name = buf.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;

    if (buf.readUInt32LE(localOffset) !== LOCAL) throw new Error(`bad local header for ${name}`);
    const localName = buf.readUInt16LE(localOffset + 26);
    const localExtra = buf.readUInt16LE(localOffset + 28);
    const start = localOffset + 30 + localName + localExtra;
    const raw = buf.subarray(start, start + compressedSize);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) data = inflateRawSync(raw);
    else throw new Error(`${name}: unsupported compression method ${method}`);
    if (data.length !== size) throw new Error(`${name}: size ${data.length}, header says ${size}`);
    if (crc32(data) !== crc) throw new Error(`${name}: CRC mismatch`);
    entries.push({ name, data, modified: dosDate(date, time), method });
  }

  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  const get = (name: string): ZipEntry => {
    const entry = byName.get(name);
    if (entry === undefined) throw new Error(`no entry ${name} in archive (has: ${[...byName.keys()].join(', ')})`);
    return entry;
  };
  return {
    names: entries.map((entry) => entry.name),
    entries,
    has: (name) => byName.has(name),
    bytes: (name) => get(name).data,
    text: (name) => get(name).data.toString('utf8'),
    match: (pattern) => entries.map((entry) => entry.name).filter((name) => pattern.test(name)),
  };
}

/** The text content of every `<tag>...</tag>` element in `xml`, entities decoded, in document order. */
export function xmlTexts(xml: string, tag: string): string[] {
  const pattern = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'g');
  return [...xml.matchAll(pattern)].map((match) => decodeXml(match[1] ?? ''));
}

/** Decodes the five XML entities and numeric character references. */
export function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, entity: string) => {
    switch (entity) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return String.fromCodePoint(entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
    }
  });
}
