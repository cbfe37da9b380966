import opentype from 'opentype.js';
import { describe, expect, it } from 'vitest';
import { canvasFont, fontFaceCss, sceneCanvas, textWidth } from '../../src/render/index.ts';
import { subsetFont } from '../../src/render/font-subset.ts';
import { fontFiles } from '../../src/render/fonts.ts';
import { readFileSync } from 'node:fs';

// SYNTHETIC page text: kerning pairs, ligatures, Latin-1, a few symbols.
const TEXT = 'Synthetic AVATAR To Wave: office fluffy affix, Émissions ÄÖÜ ñ 90% — 2030 · NOx −20 t/yr';
const [REGULAR, BOLD] = fontFiles().map((file) => readFileSync(file));

function faces(css: string): Buffer[] {
  return [...css.matchAll(/base64,([A-Za-z0-9+/=]+)\)/g)].map((m) => Buffer.from(m[1]!, 'base64'));
}

describe('subsetFont', () => {
  it('keeps the glyphs of the text and drops the rest, a small fraction of the file', () => {
    const subset = subsetFont(REGULAR!, [...TEXT].map((c) => c.codePointAt(0)!));
    expect(subset.length).toBeLessThan(REGULAR!.length / 10);
    const font = opentype.parse(subset.buffer.slice(subset.byteOffset, subset.byteOffset + subset.byteLength) as ArrayBuffer);
    for (const char of 'AVÉñ—−') expect(font.charToGlyph(char).index).toBeGreaterThan(0);
    // 'Q', 'z' and 'ß' are not in the text
    for (const char of 'Qzß') expect(font.charToGlyph(char).index).toBe(0);
  });

  it('gives the same bytes for the same characters, in any order', () => {
    const once = subsetFont(BOLD!, [...TEXT].map((c) => c.codePointAt(0)!));
    expect(subsetFont(BOLD!, [...TEXT].reverse().map((c) => c.codePointAt(0)!)).equals(once)).toBe(true);
  });

  it('lays out text exactly as the whole font: advances, kerning and ligatures kept', () => {
    const canvas = sceneCanvas()!;
    const [regular, bold] = faces(fontFaceCss(TEXT));
    expect(canvas.GlobalFonts.register(regular!, 'Subset Test Synthetic')).toBeTruthy();
    expect(canvas.GlobalFonts.register(bold!, 'Subset Test Synthetic')).toBeTruthy();
    expect(canvas.GlobalFonts.has('Subset Test Synthetic')).toBe(true);
    const ctx = canvas.createCanvas(10, 10).getContext('2d');
    for (const text of [TEXT, 'AVATAR To', 'office fluffy', 'Wave 2030']) {
      for (const bold of [false, true]) {
        ctx.font = `${bold ? 'bold ' : ''}13px "Subset Test Synthetic"`;
        expect(ctx.measureText(text).width).toBeCloseTo(textWidth(text, 13, bold ? 'bold' : 'normal'), 6);
        // and the canvas's own face of the bundled font agrees
        ctx.font = canvasFont(13, bold);
        expect(ctx.measureText(text).width).toBeCloseTo(textWidth(text, 13, bold ? 'bold' : 'normal'), 6);
      }
    }
  });
});

describe('fontFaceCss', () => {
  it('embeds both whole faces without text, and subsets of both with it', () => {
    const whole = fontFaceCss();
    expect(faces(whole).map((f) => f.length)).toEqual([REGULAR!.length, BOLD!.length]);
    const cut = fontFaceCss(TEXT);
    expect(cut).toContain("font-family:'DejaVu Sans';font-style:normal;font-weight:400;");
    expect(cut).toContain('font-weight:700;');
    expect(cut.length).toBeLessThan(whole.length / 10);
    expect(fontFaceCss(TEXT)).toBe(cut);
  });
});
