import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FONT_FAMILY, fontFaceCss, fontFiles, isBold, svgToRaster, textWidth } from '../../src/render/index.ts';

describe('bundled font', () => {
  it('is DejaVu Sans, regular and bold, as absolute paths to existing TTF files', () => {
    expect(FONT_FAMILY).toBe('DejaVu Sans');
    const files = fontFiles();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/DejaVuSans\.ttf$/);
    expect(files[1]).toMatch(/DejaVuSans-Bold\.ttf$/);
    for (const file of files) {
      expect(isAbsolute(file)).toBe(true);
      expect(existsSync(file)).toBe(true);
    }
  });

  it('measures with the TTF advances: at 2048 px (the font units per em) px equal font units', () => {
    // DejaVu Sans: "A" advances 1401 units, "V" 1401, and GPOS kerns the pair A,V by -131.
    expect(textWidth('A', 2048)).toBe(1401);
    expect(textWidth('AV', 2048)).toBe(1401 + 1401 - 131);
    expect(textWidth('A', 10)).toBeCloseTo(14010 / 2048, 10);
  });

  it('scales linearly with font size, is zero for empty text, wider in bold', () => {
    expect(textWidth('Long Beach', 22)).toBeCloseTo(2 * textWidth('Long Beach', 11), 10);
    expect(textWidth('', 12)).toBe(0);
    expect(textWidth('x', 0)).toBe(0);
    expect(textWidth('Long Beach', 12, 'bold')).toBeGreaterThan(textWidth('Long Beach', 12));
    expect(textWidth('Long Beach', 12, 700)).toBe(textWidth('Long Beach', 12, 'bold'));
  });

  it('reads font weights as CSS does', () => {
    expect([isBold('bold'), isBold('bolder'), isBold(600), isBold('700'), isBold(900)]).toEqual([true, true, true, true, true]);
    expect([isBold(undefined), isBold('normal'), isBold(400), isBold('500'), isBold('lighter'), isBold('')]).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('embeds both faces in one @font-face CSS block', () => {
    const css = fontFaceCss();
    expect(css.match(/@font-face/g)).toHaveLength(2);
    expect(css).toContain(`font-family:'${FONT_FAMILY}'`);
    expect(css).toContain('font-weight:400');
    expect(css).toContain('font-weight:700');
    expect(css).toMatch(/src:url\(data:font\/ttf;base64,AAEAAA/); // TrueType magic 0x00010000
    expect(css).not.toMatch(/https?:/);
    expect(fontFaceCss()).toBe(css);
  });
});

/** Left- and right-most columns holding a dark pixel. */
function inkSpan(svg: string): number {
  const { width, height, pixels } = svgToRaster(svg, { scale: 1 });
  let min = Infinity;
  let max = -Infinity;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (pixels[(y * width + x) * 4]! < 128) {
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
    }
  }
  return max - min;
}

function line(text: string, weight: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const width = Math.ceil(textWidth(text, 100, weight)) + 100;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="150"><rect width="${width}" height="150" fill="#fff"/>` +
    `<text x="20" y="110" font-family="${FONT_FAMILY}" font-size="100" font-weight="${weight}" fill="#000">${escaped}</text></svg>`
  );
}

describe('measured widths are the widths resvg draws', () => {
  // Between two bars "|", the ink spans the advance of "|" + text (kerning included) plus one bar's ink.
  // resvg shapes with rustybuzz independently of our opentype.js metrics, so this checks kerning too.
  const cases = [
    ['AVAVAVAVAV To Ty Wa', 'normal'], // kerning-heavy: unkerned, this is ~40 px wider
    ['San Pedro Bay ports: NOx, SOx, DPM (2005 = 100)', 'normal'],
    ['Ocean-going vessels, harbor craft & cargo handling', 'bold'],
  ] as const;
  for (const [text, weight] of cases) {
    it(`"${text}" (${weight}) within 1.5 px at 100 px`, () => {
      const bar = inkSpan(line('|', weight));
      const drawn = inkSpan(line(`|${text}|`, weight));
      const measured = textWidth(`|${text}|`, 100, weight) - textWidth('|', 100, weight) + bar;
      expect(Math.abs(drawn - measured)).toBeLessThanOrEqual(1.5);
    });
  }
});
