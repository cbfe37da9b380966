/**
 * Reading a PNG's size back from its bytes, as a viewer does: for tests that check what was written. The
 * code under test never does this (the renderer returns the size it drew at).
 */
import { expect } from 'vitest';

/** Width and height from a PNG's IHDR chunk (the test fails when the bytes are no PNG). */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
