import { describe, expect, it } from 'vitest';
import { FONT_FAMILY, frameSvg, renderSvg, svgToRaster, textWidth } from '../../src/render/index.ts';
import { layoutLine, textToPaths } from '../../src/render/text-to-paths.ts';
import type { TextToPathsStats } from '../../src/render/text-to-paths.ts';
import { syntheticBarSpec } from './synthetic.ts';

const doc = (text: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="60" viewBox="0 0 300 60"><rect width="300" height="60" fill="#ffffff"/>${text}</svg>`;
const T = `font-family="${FONT_FAMILY}" font-size="12px" fill="#1a1a1a"`;

function convert(svg: string): { out: string; stats: TextToPathsStats } {
  const stats = { converted: 0, kept: 0 };
  return { out: textToPaths(svg, stats), stats };
}

/** Share of pixels whose RGBA differs by more than `tolerance` in any channel, text drawn by resvg vs from outlines. */
function differing(svg: string, tolerance: number): number {
  const plain = svgToRasterPlain(svg);
  const paths = svgToRasterPlain(textToPaths(svg));
  let count = 0;
  for (let i = 0; i < plain.length; i += 4) {
    let d = 0;
    for (let k = 0; k < 4; k++) d = Math.max(d, Math.abs(plain[i + k]! - paths[i + k]!));
    if (d > tolerance) count++;
  }
  return count / (plain.length / 4);
}

// svgToRaster converts text itself; a document textToPaths leaves alone (a stylesheet) makes resvg lay the text out.
function svgToRasterPlain(svg: string): Buffer {
  return svgToRaster(svg.replace(/<svg([^>]*)>/, '<svg$1><style></style>'), { scale: 2 }).pixels;
}

describe('layoutLine', () => {
  it('measures exactly what textWidth measures, regular and bold', () => {
    for (const text of ['Synthetic AVATAR Wo.', '−20', 'Port of Long Beach (POLB) 1,234 t/yr', "It's 90% — ÄÖÜ éè"]) {
      for (const weight of ['normal', 'bold'] as const) {
        const line = layoutLine(text, weight)!;
        expect((line.width * 12) / line.unitsPerEm).toBeCloseTo(textWidth(text, 12, weight), 9);
      }
    }
  });

  it('uses the font ligatures for ff, fi, fl, ffi, ffl and declines text that needs shaping', () => {
    expect(layoutLine('office')!.glyphs).toHaveLength(4);
    expect(layoutLine('fl')!.glyphs).toHaveLength(1);
    expect(layoutLine('e\u0301')).toBeUndefined();
    expect(layoutLine('عربي')).toBeUndefined();
    expect(layoutLine('a\u00adb')).toBeUndefined();
  });
});

describe('textToPaths', () => {
  it('replaces frame and vega text by glyph uses defined once, ids prefixed', () => {
    const { out, stats } = convert(doc(`<text x="10" y="20" ${T}>AAA &amp; B</text><text text-anchor="end" transform="translate(200,40) rotate(-90)" ${T} opacity="1">A</text>`));
    expect(stats).toEqual({ converted: 2, kept: 0 });
    expect(out).not.toContain('<text');
    expect(out.match(/<path id="pe-glyph-r36"/g)).toHaveLength(1);
    expect(out).toContain('transform="translate(200,40) rotate(-90) translate(');
    expect(out).toContain('opacity="1"');
  });

  it('keeps text it cannot reproduce exactly', () => {
    const kept = [
      `<text x="10" y="20" ${T}><tspan>A</tspan></text>`,
      `<text x="10" y="20" ${T} font-style="italic">A</text>`,
      `<text x="10" y="20" ${T} letter-spacing="2">A</text>`,
      `<text x="10 20" y="20" ${T}>AB</text>`,
      `<text x="10" y="20" font-family="Serif" font-size="12">A</text>`,
      `<text x="10" y="20" ${T}>e\u0301</text>`,
      `<text x="10" y="20" ${T} stroke="#000">A</text>`,
      `<text x="10" y="20" ${T} style="font-size:20px">A</text>`,
      `<text x="10" y="20" font-family="${FONT_FAMILY}" font-size="12" fill="url(#grad)">A</text>`,
      `<text x="10" y="20" ${T} clip-path="url(#c)">A</text>`,
    ];
    for (const text of kept) expect(convert(doc(text)).stats, text).toEqual({ converted: 0, kept: 1 });
    // inherited text properties or a stylesheet: nothing converted
    expect(convert(doc(`<g font-weight="bold"><text x="1" y="20" ${T}>A</text></g>`)).stats).toEqual({ converted: 0, kept: 1 });
    expect(convert(doc(`<style>text{font-size:30px}</style><text x="1" y="20" ${T}>A</text>`)).stats).toEqual({ converted: 0, kept: 1 });
    expect(convert(doc(`<clipPath id="c"><text x="1" y="20" ${T}>A</text></clipPath>`)).stats).toEqual({ converted: 0, kept: 1 });
  });

  it('draws the same pixels as resvg lays out: anchors, rotation, dx/dy in em, bold, entities, ligatures, kerning', () => {
    const svg = doc(
      `<text x="150" y="15" ${T} text-anchor="middle">Office AVATAR fluffy “quotes” &#39;x&#39; &lt;5&gt;</text>` +
        `<text x="290" y="30" ${T} text-anchor="end" font-weight="bold" dy="0.5em">Bold −20 Wo. T.</text>` +
        `<text transform="translate(12,58) rotate(-90)" ${T} fill-opacity="0.6">Rotated</text>`,
    );
    expect(convert(svg).stats.converted).toBe(3);
    // anti-aliasing may differ in a few edge pixels; a displaced or missing glyph would differ in hundreds
    expect(differing(svg, 64)).toBe(0);
    expect(differing(svg, 0)).toBeLessThan(0.002);
  });

  it('converts every text of a framed chart and draws it as resvg would, deterministically', async () => {
    const svg = frameSvg(await renderSvg(syntheticBarSpec(), { idPrefix: 'q' }), { title: 'Synthetic bars', source: 'Synthetic data, office fluff' }, { idPrefix: 'q' });
    const { out, stats } = convert(svg);
    expect(stats.kept).toBe(0);
    expect(stats.converted).toBeGreaterThan(5);
    expect(textToPaths(svg)).toBe(out);
    expect(differing(svg, 64)).toBe(0);
  });
});
