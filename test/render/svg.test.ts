import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import type { Spec as VegaSpec } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { PortEmissionsError } from '../../src/errors.ts';
import { FONT_FAMILY, compileVegaLite, frameSvg, isVegaLiteSpec, renderSvg, svgToPng } from '../../src/render/index.ts';
import { syntheticBarSpec, syntheticDefsSpec, syntheticLabelSpec } from './synthetic.ts';

function definedIds(svg: string): string[] {
  return [...svg.matchAll(/<[^>]*\sid="([^"]*)"/g)].map((m) => m[1]!);
}

function references(svg: string): string[] {
  return [...svg.matchAll(/url\(#([^)]*)\)|\shref="#([^"]*)"|\saria-(?:labelledby|describedby)="([^"]*)"/g)].flatMap(
    (m) => (m[1] ?? m[2] ?? m[3]!).split(' '),
  );
}

describe('renderSvg ids', () => {
  it('prefixes every id and every reference, so two charts on one page share none', async () => {
    const a = frameSvg(await renderSvg(syntheticDefsSpec(), { idPrefix: 'chart-a' }), { title: 'A' }, { idPrefix: 'chart-a' });
    const b = frameSvg(await renderSvg(syntheticDefsSpec(), { idPrefix: 'chart-b' }), { title: 'B' }, { idPrefix: 'chart-b' });
    const idsA = definedIds(a);
    const idsB = definedIds(b);
    // the spec draws a clip path and a gradient legend: ids vega would number clip1, gradient_0
    expect(idsA.some((id) => id.includes('clip'))).toBe(true);
    expect(idsA.some((id) => id.includes('gradient'))).toBe(true);
    expect(idsA.every((id) => id.startsWith('chart-a-'))).toBe(true);
    expect(idsB.every((id) => id.startsWith('chart-b-'))).toBe(true);
    expect(idsA.filter((id) => idsB.includes(id))).toEqual([]);
    expect(new Set(idsA).size).toBe(idsA.length);

    for (const [svg, ids] of [
      [a, idsA],
      [b, idsB],
    ] as const) {
      const refs = references(svg);
      expect(refs.length).toBeGreaterThanOrEqual(4);
      expect(refs.filter((ref) => !ids.includes(ref))).toEqual([]);
    }
  });

  it('refuses an id prefix that cannot start an XML id', async () => {
    await expect(renderSvg(syntheticBarSpec(), { idPrefix: '1x' })).rejects.toThrow(PortEmissionsError);
    await expect(renderSvg(syntheticBarSpec(), { idPrefix: 'a"b' })).rejects.toThrow('Invalid SVG id prefix');
    expect(() => frameSvg('<svg width="1" height="1"></svg>', { title: 't' }, { idPrefix: 'a b' })).toThrow(PortEmissionsError);
  });
});

describe('renderSvg fonts', () => {
  it('sets every text in FONT_FAMILY, whatever fonts the spec asks for, without changing the spec', async () => {
    const spec = syntheticLabelSpec(['Alpha (synthetic)'], { font: 'Comic Sans MS', axis: { labelFont: 'Arial', labelColor: '#123456' } });
    const withTextMark = {
      ...spec,
      layer: [{ mark: 'bar' }, { mark: { type: 'text', font: 'Courier', dx: 10 }, encoding: { text: { field: 'label' } } }],
      mark: undefined,
    } as unknown as TopLevelSpec;
    delete (withTextMark as { mark?: unknown }).mark;
    const before = JSON.stringify(withTextMark);
    const svg = await renderSvg(withTextMark, { idPrefix: 'f' });
    expect(JSON.stringify(withTextMark)).toBe(before);
    const families = [...svg.matchAll(/font-family="([^"]*)"/g)].map((m) => m[1]);
    expect(families.length).toBeGreaterThan(3);
    expect(new Set(families)).toEqual(new Set([FONT_FAMILY]));
    // the caller's other settings survive the merge
    expect(svg).toContain('fill="#123456"');
  });

  it('compiles Vega-Lite with the caller config merged under the forced font', () => {
    const vg = compileVegaLite(syntheticLabelSpec(['x'], { axis: { labelFont: 'Arial', labelFontSize: 13 } }));
    const config = vg.config as Record<string, Record<string, unknown>>;
    expect(config.axis?.labelFont).toBe(FONT_FAMILY);
    expect(config.title?.font).toBe(FONT_FAMILY);
    expect(isVegaLiteSpec(syntheticBarSpec())).toBe(true);
    expect(isVegaLiteSpec(vg)).toBe(false);
  });

  it('renders a Vega spec as well as Vega-Lite', async () => {
    const spec: VegaSpec = {
      $schema: 'https://vega.github.io/schema/vega/v6.json',
      width: 100,
      height: 20,
      marks: [{ type: 'text', encode: { enter: { x: { value: 0 }, y: { value: 15 }, text: { value: 'Synthetic' } } } }],
    };
    const svg = await renderSvg(spec, { idPrefix: 'v' });
    expect(svg).toContain(`font-family="${FONT_FAMILY}"`);
    expect(svg).toContain('>Synthetic</text>');
  });
});

describe('renderSvg safety', () => {
  it('draws dataset strings as text: markup in a category name is escaped, the SVG stays well-formed', async () => {
    const hostile = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '</style><b>', "O'Brien & Sons"];
    const svg = await renderSvg(syntheticLabelSpec(hostile, { axis: { labelLimit: 0 } }), { idPrefix: 'x' });
    expect(svg).not.toMatch(/<script|<img|<\/style|<b>/i);
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('O\'Brien &amp; Sons');
    expect(() => new Resvg(svg)).not.toThrow(); // resvg's XML parser is strict
  });

  it('refuses a spec that would load data from a URL or file', async () => {
    const spec = { ...syntheticBarSpec(), data: { url: 'https://example.org/data.csv' } } as TopLevelSpec;
    await expect(renderSvg(spec, { idPrefix: 'u', onWarning: () => {} })).rejects.toThrow(/data must be inline/);
  });

  it('reports a spec that cannot compile as a PortEmissionsError', async () => {
    const spec = { ...syntheticBarSpec(), mark: 'no-such-mark' } as unknown as TopLevelSpec;
    await expect(renderSvg(spec, { idPrefix: 'i' })).rejects.toThrow(PortEmissionsError);
    await expect(renderSvg(spec, { idPrefix: 'i' })).rejects.toThrow(/^Invalid chart spec: /);
  });

  it('hands Vega-Lite warnings to onWarning', async () => {
    const warnings: string[] = [];
    const bar = syntheticBarSpec() as { encoding: Record<string, unknown> };
    const spec = { ...bar, encoding: { ...bar.encoding, shape: { field: 'value', type: 'quantitative' } } } as unknown as TopLevelSpec;
    await renderSvg(spec, { idPrefix: 'w', onWarning: (message) => warnings.push(message) });
    expect(warnings.join('\n')).toMatch(/shape/i);
  });
});

describe('determinism', () => {
  it('renders identical input to identical bytes in one process, whatever was rendered in between', async () => {
    const first = await renderSvg(syntheticDefsSpec(), { idPrefix: 'd' });
    await renderSvg(syntheticDefsSpec('other synthetic'), { idPrefix: 'e' });
    await Promise.all([renderSvg(syntheticDefsSpec(), { idPrefix: 'p' }), renderSvg(syntheticBarSpec(), { idPrefix: 'q' })]);
    const second = await renderSvg(syntheticDefsSpec(), { idPrefix: 'd' });
    expect(second).toBe(first);
    const framed = (svg: string) => frameSvg(svg, { title: 'Synthetic', notes: ['n'] }, { idPrefix: 'd' });
    expect(framed(second)).toBe(framed(first));
    expect(svgToPng(framed(second), { scale: 2 }).equals(svgToPng(framed(first), { scale: 2 }))).toBe(true);
  });

  it('renders identical input to identical bytes in another process', async () => {
    const script = fileURLToPath(new URL('./render-child.ts', import.meta.url));
    const output = execFileSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    const child = JSON.parse(output) as { svg: string; png: string };
    const svg = await renderSvg(syntheticDefsSpec(), { idPrefix: 'child' });
    const framed = frameSvg(svg, { title: 'Synthetic', source: 'Synthetic data' }, { idPrefix: 'child' });
    expect(child.svg).toBe(framed);
    expect(child.png).toBe(createHash('sha256').update(svgToPng(framed, { scale: 2 })).digest('hex'));
  });
});
