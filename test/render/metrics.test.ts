import * as vega from 'vega';
import { describe, expect, it } from 'vitest';
import { installVegaTextMetrics, renderSvg, textWidth, vegaTextMetricsInstalled } from '../../src/render/index.ts';
import { syntheticLabelSpec } from './synthetic.ts';

/** The text content of every <text> element, entities decoded. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&'),
  );
}

describe('vega lays text out with the bundled font', () => {
  // vega's no-canvas estimate (0.8 x 10 px per character = 248 px) exceeds the default axis labelLimit
  // of 180 px and would cut this label; in DejaVu Sans at 10 px it fits (both checked below).
  const label = 'Harbor craft and cargo handling';

  it('does not truncate an axis label that fits in the label limit', async () => {
    expect(textWidth(label, 10)).toBeLessThan(180);
    expect(0.8 * 10 * label.length).toBeGreaterThan(180);
    const svg = await renderSvg(syntheticLabelSpec([label, 'Trucks (synthetic)']), { idPrefix: 'm' });
    expect(vegaTextMetricsInstalled()).toBe(true);
    expect(texts(svg)).toContain(label);
    expect(svg).not.toContain('\u2026');
  });

  it('truncates at the label limit where the font says, as wide as possible', async () => {
    const long = 'Harbor craft, ocean-going vessels and cargo handling equipment (synthetic)';
    const limit = 120;
    const svg = await renderSvg(syntheticLabelSpec([long], { axis: { labelLimit: limit } }), { idPrefix: 'm' });
    const shown = texts(svg).find((t) => t.endsWith('\u2026'));
    expect(shown).toBeDefined();
    const kept = shown!.slice(0, -1);
    expect(long.startsWith(kept)).toBe(true);
    expect(textWidth(shown!, 10)).toBeLessThan(limit);
    // one more character would not have fitted
    expect(textWidth(long.slice(0, kept.length + 1) + '\u2026', 10)).toBeGreaterThanOrEqual(limit);
  });

  it('sizes text bounds by the string drawn: the truncated label, not the full one', async () => {
    installVegaTextMetrics();
    const long = 'A long synthetic annotation that is cut at one hundred pixels';
    const spec: vega.Spec = {
      width: 400,
      height: 40,
      marks: [
        {
          type: 'text',
          encode: {
            enter: {
              x: { value: 0 },
              y: { value: 20 },
              text: { value: long },
              fontSize: { value: 10 },
              limit: { value: 100 },
            },
          },
        },
        {
          type: 'text',
          encode: { enter: { x: { value: 0 }, y: { value: 35 }, text: { value: 'Plain (synthetic)' }, fontSize: { value: 12 }, fontWeight: { value: 'bold' } } },
        },
      ],
    };
    const view = new vega.View(vega.parse(spec), { renderer: 'none' });
    try {
      await view.runAsync();
      const root = (view.scenegraph() as unknown as { root: unknown }).root as { items: { items: { items: { text: string; bounds: { x1: number; x2: number } }[] }[] }[] };
      const [cut, plain] = root.items[0]!.items.map((mark) => mark.items[0]!);
      const svg = await view.toSVG();
      const drawn = texts(svg).find((t) => t.endsWith('\u2026'))!;
      expect(cut!.bounds.x2 - cut!.bounds.x1).toBeCloseTo(textWidth(drawn, 10), 6);
      expect(cut!.bounds.x2 - cut!.bounds.x1).toBeLessThan(100);
      expect(plain!.bounds.x2 - plain!.bounds.x1).toBeCloseTo(textWidth('Plain (synthetic)', 12, 'bold'), 6);
    } finally {
      view.finalize();
    }
  });

  it('sizes a chart by the measured label widths (the y axis is as wide as its longest label)', async () => {
    const short = await renderSvg(syntheticLabelSpec(['Aa (synthetic)']), { idPrefix: 's' });
    const wide = await renderSvg(syntheticLabelSpec(['Aa (synthetic)', 'Wwwwwwwwww (synthetic)']), { idPrefix: 'w' });
    const width = (svg: string) => Number(/width="([\d.]+)"/.exec(svg)![1]);
    const growth = width(wide) - width(short);
    const expected = textWidth('Wwwwwwwwww (synthetic)', 10) - textWidth('Aa (synthetic)', 10);
    expect(Math.abs(growth - expected)).toBeLessThanOrEqual(1);
  });
});
