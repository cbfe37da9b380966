import { describe, expect, it } from 'vitest';
import {
  FONT_FAMILY,
  FRAME_TEXT,
  canvasFont,
  encodePng,
  frameLayout,
  framedSvg,
  renderScene,
  sceneCanvas,
  sceneRaster,
  svgSize,
  svgToRaster,
  textWidth,
  type Raster,
} from '../../src/render/index.ts';
import { syntheticBarSpec, syntheticLabelSpec } from './synthetic.ts';

// SYNTHETIC strings: kerning pairs (AV, To, Wo, Ye), the ff/fi/fl/ffi/ffl ligatures, Latin-1, symbols.
const STRINGS = ['AVATAR To Wave Yes', 'office fluffy affix waffle', 'Émissions ÄÖÜ ñ 90% — 2030', 'NOx · SO₂ −20 t/yr', 'Harbor craft (synthetic)'];

const canvas = sceneCanvas();

/** Straight RGBA of pixel (x, y) of a raster. */
function pixel(raster: Raster, x: number, y: number): number[] {
  const at = (y * raster.width + x) * 4;
  return [...raster.pixels.subarray(at, at + 4)];
}

/** Left and right edge (px of the raster) of the dark ink in rows y0..y1, or undefined for none. */
function inkColumns(raster: Raster, y0: number, y1: number): [number, number] | undefined {
  let left = Infinity;
  let right = -Infinity;
  for (let y = y0; y < y1; y++) {
    for (let x = 0; x < raster.width; x++) {
      if (pixel(raster, x, y)[0]! < 128) {
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
  }
  return left === Infinity ? undefined : [left, right];
}

async function framedChart(title: string) {
  const scene = await renderScene(syntheticLabelSpec(['Alpha office (synthetic)', 'Bravo AVATAR (synthetic)', 'Charlie fluff (synthetic)']), { idPrefix: 's' });
  const size = svgSize(scene.svg);
  const words = { title, source: 'Synthetic data' };
  const layout = frameLayout(size.width, size.height, words, {});
  return { scene, layout, svg: framedSvg(scene.svg, layout, words, 's') };
}

describe('the PNG canvas (@napi-rs/canvas, installed as `canvas`)', () => {
  it('is installed: vega draws PNGs from its scenegraph, not through an SVG parse', () => {
    expect(canvas).not.toBeNull();
  });

  it('measures text exactly as the layout does (advances, kerning, ligatures), regular and bold', () => {
    const ctx = canvas!.createCanvas(10, 10).getContext('2d');
    for (const text of STRINGS) {
      for (const bold of [false, true]) {
        for (const size of [10, 11, 12.5, 16]) {
          ctx.font = canvasFont(size, bold);
          // what skia will advance when it draws the text, against the width vega laid it out with
          expect(ctx.measureText(text).width).toBeCloseTo(textWidth(text, size, bold ? 'bold' : 'normal'), 6);
        }
      }
    }
  });

  it('draws the bundled font even where the system has another face of the same name', () => {
    const ctx = canvas!.createCanvas(10, 10).getContext('2d');
    ctx.font = canvasFont(12, false);
    expect(ctx.font).toContain(FONT_FAMILY);
    // a fallback face would measure differently from the bundled TTF's metrics
    expect(ctx.measureText('Synthetic wide text WWW').width).toBeCloseTo(textWidth('Synthetic wide text WWW', 12), 6);
  });
});

describe('sceneRaster', () => {
  it('draws a framed chart at the SVG size x scale, byte-identical PNG on repeat', async () => {
    const { scene, layout, svg } = await framedChart('Synthetic bars');
    const { width, height } = svgSize(svg);
    const raster = (await sceneRaster(scene.view, layout, 2))!;
    expect([raster.width, raster.height]).toEqual([2 * width, 2 * height]);
    const png = encodePng(raster, 2);
    expect(encodePng((await sceneRaster(scene.view, layout, 2))!, 2).equals(png)).toBe(true);
    const at3 = (await sceneRaster(scene.view, layout, 3))!;
    expect([at3.width, at3.height]).toEqual([3 * width, 3 * height]);
  });

  it('draws the title where the layout puts it, as wide as the layout measured it', async () => {
    const title = 'Synthetic office AVATAR waffle title';
    const { scene, layout } = await framedChart(title);
    const raster = (await sceneRaster(scene.view, layout, 2))!;
    const line = layout.lines[0]!;
    const top = Math.floor((line.y - FRAME_TEXT.title.size) * 2);
    const ink = inkColumns(raster, top, Math.ceil((line.y + 4) * 2))!;
    expect(ink).toBeDefined();
    // ink starts at the pen (plus the first glyph's side bearing) and ends within a pixel or two of the width
    expect(ink[0] / 2).toBeGreaterThanOrEqual(line.x);
    expect(ink[0] / 2).toBeLessThan(line.x + 2);
    expect(ink[1] / 2).toBeGreaterThan(line.x + textWidth(title, FRAME_TEXT.title.size, 'bold') - 3);
    expect(ink[1] / 2).toBeLessThanOrEqual(line.x + textWidth(title, FRAME_TEXT.title.size, 'bold') + 1);
  });

  it('draws every word: removing the title leaves its rows blank, and the chart labels leave ink', async () => {
    const { scene, layout } = await framedChart('Synthetic bars');
    const line = layout.lines[0]!;
    const rows: [number, number] = [Math.floor((line.y - 16) * 2), Math.ceil((line.y + 4) * 2)];
    const blank = { ...layout, lines: layout.lines.slice(1) };
    expect(inkColumns((await sceneRaster(scene.view, blank, 2))!, ...rows)).toBeUndefined();
    const raster = (await sceneRaster(scene.view, layout, 2))!;
    expect(inkColumns(raster, ...rows)).toBeDefined();
    // the chart's category labels (left of the bars) are dark ink inside the chart area
    const chartRows = inkColumns(raster, layout.chartY * 2, (layout.chartY + 40) * 2);
    expect(chartRows).toBeDefined();
  });

  it('gives the picture resvg draws from the SVG, to within anti-aliasing', async () => {
    const { scene, layout, svg } = await framedChart('Synthetic office bars');
    const ours = (await sceneRaster(scene.view, layout, 2))!;
    const resvg = svgToRaster(svg, { scale: 2 });
    expect([ours.width, ours.height]).toEqual([resvg.width, resvg.height]);
    let differing = 0;
    let inkOurs = 0;
    let inkResvg = 0;
    for (let y = 0; y < ours.height; y++) {
      for (let x = 0; x < ours.width; x++) {
        const a = pixel(ours, x, y);
        const at = (y * resvg.width + x) * 4;
        const b = [...resvg.pixels.subarray(at, at + 4)];
        if (Math.max(...a.map((v, i) => Math.abs(v - b[i]!))) > 96) differing++;
        if (a[0]! < 128) inkOurs++;
        if (b[0]! < 128) inkResvg++;
      }
    }
    // a glyph or bar out of place would differ in thousands of pixels; edges differ in a few hundred
    expect(differing / (ours.width * ours.height)).toBeLessThan(0.01);
    expect(inkOurs / inkResvg).toBeGreaterThan(0.85);
    expect(inkOurs / inkResvg).toBeLessThan(1.1);
  });

  it('gives the same bytes when several charts are drawn at once', async () => {
    const a = await framedChart('Synthetic first');
    const b = await renderScene(syntheticBarSpec(), { idPrefix: 'b' });
    const bSize = svgSize(b.svg);
    const bLayout = frameLayout(bSize.width, bSize.height, { title: 'Synthetic second' }, {});
    const alone = encodePng((await sceneRaster(a.scene.view, a.layout, 2))!, 2);
    const [together] = await Promise.all([sceneRaster(a.scene.view, a.layout, 2), sceneRaster(b.view, bLayout, 3)]);
    expect(encodePng(together!, 2).equals(alone)).toBe(true);
  });
});
