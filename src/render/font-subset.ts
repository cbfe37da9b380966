import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PortEmissionsError } from '../errors.ts';

/** The parts of HarfBuzz's hb-subset (npm `harfbuzzjs`, harfbuzz-subset.wasm) this module calls. */
interface HbSubset {
  memory: WebAssembly.Memory;
  malloc(bytes: number): number;
  free(pointer: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_set_add(set: number, codePoint: number): void;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_READONLY = 1;

let hb: HbSubset | undefined;

function harfbuzz(): HbSubset {
  if (hb === undefined) {
    try {
      const path = createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm');
      // The module imports nothing, so it is compiled and instantiated synchronously, once per process.
      hb = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(path)), {}).exports as unknown as HbSubset;
    } catch (cause) {
      throw new PortEmissionsError('The font subsetter (npm package harfbuzzjs) is not installed or cannot load.', {
        hint: 'Run `npm install` in the port-emissions folder.',
        cause,
      });
    }
  }
  return hb;
}

/**
 * A TrueType font cut down by HarfBuzz's hb-subset to the glyphs that draw `codePoints`, plus what they
 * need (composite parts, the ff/fi/fl ligatures GSUB forms from them, their GPOS kerning pairs), with every
 * kept glyph's advance unchanged: text in these characters lays out exactly as with the whole font.
 * Deterministic: the same font and set of characters give the same bytes.
 *
 * @throws PortEmissionsError when the font cannot be subset.
 */
export function subsetFont(ttf: Uint8Array, codePoints: Iterable<number>): Buffer {
  const lib = harfbuzz();
  const input = lib.malloc(ttf.byteLength);
  new Uint8Array(lib.memory.buffer, input, ttf.byteLength).set(ttf);
  const blob = lib.hb_blob_create(input, ttf.byteLength, HB_MEMORY_MODE_READONLY, 0, 0);
  const face = lib.hb_face_create(blob, 0);
  const request = lib.hb_subset_input_create_or_fail();
  const lengthAt = lib.malloc(4);
  try {
    const unicodes = lib.hb_subset_input_unicode_set(request);
    for (const codePoint of [...new Set(codePoints)].sort((a, b) => a - b)) lib.hb_set_add(unicodes, codePoint);
    const subset = lib.hb_subset_or_fail(face, request);
    if (subset === 0) throw new PortEmissionsError('HarfBuzz could not subset the bundled font.');
    const out = lib.hb_face_reference_blob(subset);
    try {
      const data = lib.hb_blob_get_data(out, lengthAt);
      const length = new DataView(lib.memory.buffer).getUint32(lengthAt, true);
      return Buffer.from(new Uint8Array(lib.memory.buffer, data, length));
    } finally {
      lib.hb_blob_destroy(out);
      lib.hb_face_destroy(subset);
    }
  } finally {
    lib.free(lengthAt);
    lib.hb_subset_input_destroy(request);
    lib.hb_face_destroy(face);
    lib.hb_blob_destroy(blob);
    lib.free(input);
  }
}
