import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PortEmissionsError } from '../../src/errors.ts';
import { encodePng, FONT_FAMILY, frameSvg, renderSvg, svgSize, svgToPng, svgToPngPicture, svgToRaster } from '../../src/render/index.ts';
import { syntheticBarSpec } from './synthetic.ts';
import { pngSize } from '../helpers/png.ts';

const TEXT_ONLY =
  '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50" viewBox="0 0 200 50">' +
  '<rect width="200" height="50" fill="#ffffff"/>' +
  `<text x="10" y="30" font-family="${FONT_FAMILY}" font-size="16" fill="#000000">Synthetic text</text></svg>`;

function darkPixels(svg: string, scale: number): number {
  const { pixels } = svgToRaster(svg, { scale });
  let dark = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 100 && pixels[i + 3]! > 200) dark++;
  return dark;
}

/** The chunks of a PNG, each CRC checked: the reading a viewer does before it draws anything. */
function pngChunks(png: Buffer): { type: string; data: Buffer }[] {
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const body = png.subarray(at + 4, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(body));
    chunks.push({ type: body.toString('latin1', 0, 4), data: Buffer.from(body.subarray(4)) });
    at += 12 + length;
  }
  return chunks;
}

/** Straight RGBA pixels of an 8-bit RGBA PNG whose rows use filter 0 (none) or 1 (sub), 2 (up). */
function decodePng(png: Buffer): { width: number; height: number; pixels: Buffer; perMetre: number } {
  const chunks = pngChunks(png);
  expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'pHYs', 'IDAT', 'IEND']);
  const header = chunks[0]!.data;
  const [width, height] = [header.readUInt32BE(0), header.readUInt32BE(4)];
  expect([...header.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
  const density = chunks[1]!.data;
  expect(density.readUInt32BE(0)).toBe(density.readUInt32BE(4));
  expect(density[8]).toBe(1);
  const rows = inflateSync(chunks[2]!.data);
  const stride = width * 4;
  expect(rows.length).toBe((stride + 1) * height);
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = rows[y * (stride + 1)]!;
    expect(filter).toBeLessThanOrEqual(2);
    for (let i = 0; i < stride; i++) {
      const raw = rows[y * (stride + 1) + 1 + i]!;
      const left = i >= 4 ? pixels[y * stride + i - 4]! : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + i]! : 0;
      pixels[y * stride + i] = (raw + (filter === 1 ? left : filter === 2 ? up : 0)) & 0xff;
    }
  }
  return { width, height, pixels, perMetre: density.readUInt32BE(0) };
}

describe('encodePng', () => {
  it('writes the pixels it was given, with valid chunks and the density of the scale', () => {
    // SYNTHETIC 3 x 2 raster: opaque and translucent colours, one fully transparent pixel.
    const pixels = Buffer.from([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 1, 2, 3, 4, 250, 251, 252, 253, 0, 0, 0, 255]);
    const png = encodePng({ width: 3, height: 2, pixels }, 2);
    const decoded = decodePng(png);
    expect([decoded.width, decoded.height]).toEqual([3, 2]);
    expect(decoded.pixels.equals(pixels)).toBe(true);
    // 96 dpi x 2 = 192 dpi = 7559.06 px per metre, rounded
    expect(decoded.perMetre).toBe(7559);
    expect(decodePng(encodePng({ width: 3, height: 2, pixels }, 3)).perMetre).toBe(11339);
    expect(encodePng({ width: 3, height: 2, pixels }, 2).equals(png)).toBe(true);
  });

  it('refuses pixels that do not fill width x height', () => {
    expect(() => encodePng({ width: 3, height: 2, pixels: Buffer.alloc(23) }, 2)).toThrow(/24 expected/);
  });
});

describe('svgToPng', () => {
  it('encodes exactly the pixels resvg draws', () => {
    const raster = svgToRaster(TEXT_ONLY, { scale: 2 });
    const decoded = decodePng(svgToPng(TEXT_ONLY, { scale: 2 }));
    expect([decoded.width, decoded.height]).toEqual([raster.width, raster.height]);
    expect(decoded.pixels.equals(raster.pixels)).toBe(true);
  });

  it('draws text with the bundled font: black text on white leaves many dark pixels at 2x', () => {
    // "Synthetic text" at 16 px is ~115 x 12 px of glyphs; at 2x its strokes cover well over 1,000 pixels.
    const dark = darkPixels(TEXT_ONLY, 2);
    expect(dark).toBeGreaterThan(1000);
    // and nothing dark without the text: the count comes from the glyphs
    expect(darkPixels(TEXT_ONLY.replace('Synthetic text', ''), 2)).toBe(0);
    // bold draws more ink than regular: both faces are loaded
    expect(darkPixels(TEXT_ONLY.replace('font-size="16"', 'font-size="16" font-weight="bold"'), 2)).toBeGreaterThan(dark * 1.2);
  });

  it('scales the pixel size: 2x and 3x of the SVG size', () => {
    expect(pngSize(svgToPng(TEXT_ONLY, { scale: 2 }))).toEqual({ width: 400, height: 100 });
    expect(pngSize(svgToPng(TEXT_ONLY, { scale: 3 }))).toEqual({ width: 600, height: 150 });
    const raster = svgToRaster(TEXT_ONLY, { scale: 3 });
    expect([raster.width, raster.height, raster.pixels.length]).toEqual([600, 150, 600 * 150 * 4]);
    // The size comes with the bytes, as drawn: what a slide places the picture at.
    const picture = svgToPngPicture(TEXT_ONLY, { scale: 3 });
    expect([picture.width, picture.height]).toEqual([600, 150]);
    expect(pngSize(picture.data)).toEqual({ width: 600, height: 150 });
  });

  it('renders a framed chart at 2x with its text, byte-identical on repeat', async () => {
    const svg = frameSvg(await renderSvg(syntheticBarSpec(), { idPrefix: 'p' }), { title: 'Synthetic bars', source: 'Synthetic data' }, { idPrefix: 'p' });
    const { width, height } = svgSize(svg);
    const png = svgToPng(svg, { scale: 2 });
    expect(pngSize(png)).toEqual({ width: 2 * width, height: 2 * height });
    expect(svgToPng(svg, { scale: 2 }).equals(png)).toBe(true);
  });

  it('draws text it cannot convert to outlines through resvg: a <tspan> still leaves its ink', () => {
    const withTspan = TEXT_ONLY.replace('>Synthetic text<', '><tspan>Synthetic text</tspan><');
    expect(darkPixels(withTspan, 2)).toBeGreaterThan(1000);
    // and the converted text draws about the same ink as the text resvg lays out itself
    const dark = darkPixels(TEXT_ONLY, 2);
    expect(Math.abs(darkPixels(withTspan, 2) - dark)).toBeLessThan(dark * 0.02);
  });

  it('rejects a scale that is not a positive number up to 16', () => {
    for (const scale of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 17]) {
      expect(() => svgToPng(TEXT_ONLY, { scale })).toThrow(PortEmissionsError);
    }
    expect(() => svgToPng('<svg', { scale: 1 })).toThrow(/Cannot rasterise/);
  });
});
