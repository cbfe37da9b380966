import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { PortEmissionsError } from '../../src/errors.ts';
import { FONT_FAMILY, FRAME_TEXT, escapeXml, frameSvg, svgSize, textWidth, wrapText } from '../../src/render/index.ts';

const INNER = '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100" viewBox="0 0 400 100"><rect width="400" height="100" fill="#4477aa"/></svg>';
const PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '</style>'];

function textsOf(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

describe('frameSvg', () => {
  it('wraps the chart in an accessible, sized, white SVG with title, subtitle, notes, source and meta', () => {
    const svg = frameSvg(
      `<?xml version="1.0" encoding="UTF-8"?>\n<!-- synthetic -->\n${INNER}`,
      {
        title: 'Synthetic title',
        subtitle: 'Synthetic subtitle',
        notes: ['Note one.', 'Note two.'],
        source: 'Synthetic source',
        meta: 'Release: test · Baseline: 2005 · port-emissions 0.1.0',
        description: 'Alt text for a synthetic chart.',
      },
      { idPrefix: 'c7' },
    );
    const root = /^<svg[^>]*>/.exec(svg)![0];
    expect(root).toContain('role="img"');
    expect(root).toContain('aria-labelledby="c7-frame-title"');
    expect(root).toContain('aria-describedby="c7-frame-desc"');
    const { width, height } = svgSize(svg);
    expect(root).toContain(`viewBox="0 0 ${width} ${height}"`);
    expect(width).toBe(400 + 2 * 16);
    expect(height).toBeGreaterThan(100 + 2 * 16);
    expect(svg).toContain('<title id="c7-frame-title">Synthetic title</title>');
    expect(svg).toContain('<desc id="c7-frame-desc">Alt text for a synthetic chart.</desc>');
    expect(svg).toContain(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
    expect(textsOf(svg)).toEqual([
      'Synthetic title',
      'Synthetic subtitle',
      'Note one.',
      'Note two.',
      'Source: Synthetic source',
      'Release: test · Baseline: 2005 · port-emissions 0.1.0',
    ]);
    for (const tag of svg.match(/<text[^>]*>/g)!) expect(tag).toContain(`font-family="${FONT_FAMILY}"`);
    expect(svg.match(/<text[^>]*font-weight="bold"/g)).toHaveLength(1);
    // the chart is nested once, positioned, its prolog gone, and sits between header and footer
    expect(svg).not.toContain('<?xml');
    expect(svg).not.toContain('<!--');
    const nested = /<svg x="16" y="(\d+)" overflow="visible" xmlns[^>]*width="400" height="100"/.exec(svg);
    expect(nested).not.toBeNull();
    const chartTop = Number(nested![1]);
    const ys = [...svg.matchAll(/<text[^>]* y="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(ys[1]!).toBeLessThan(chartTop);
    expect(ys[2]!).toBeGreaterThan(chartTop + 100);
    expect(ys.at(-1)!).toBeLessThan(height);
    expect(() => new Resvg(svg)).not.toThrow();
  });

  it('escapes every string it is given', () => {
    for (const payload of PAYLOADS) {
      const svg = frameSvg(
        INNER,
        { title: payload, subtitle: payload, notes: [payload], source: payload, meta: payload, description: payload },
        { idPrefix: 'x' },
      );
      expect(svg).not.toMatch(/<script|<img|<\/style/i);
      expect(svg).not.toContain(payload);
      expect(svg).toContain(escapeXml(payload));
      expect(() => new Resvg(svg)).not.toThrow();
    }
    // the default description is built from title and subtitle, escaped too
    const svg = frameSvg(INNER, { title: PAYLOADS[0]!, subtitle: PAYLOADS[1]! }, { idPrefix: 'x' });
    expect(/<desc[^>]*>([^<]*)<\/desc>/.exec(svg)![1]).toBe(escapeXml(`${PAYLOADS[0]}. ${PAYLOADS[1]}`));
  });

  it('wraps long notes and sources to the frame width, measured in the bundled font', () => {
    const note = 'Synthetic note: ' + 'tons per year of diesel particulate matter '.repeat(6).trim();
    const svg = frameSvg(INNER, { title: 'T', notes: [note], source: 'Synthetic source, '.repeat(12).trim() }, { idPrefix: 'n' });
    const lines = textsOf(svg);
    const noteLines = lines.slice(1, lines.findIndex((l) => l.startsWith('Source:')));
    expect(noteLines.length).toBeGreaterThan(2);
    expect(noteLines.join(' ')).toBe(note);
    for (const line of noteLines) expect(textWidth(line, FRAME_TEXT.note.size)).toBeLessThanOrEqual(400);
    const sourceLines = lines.slice(lines.findIndex((l) => l.startsWith('Source:')));
    expect(sourceLines.length).toBeGreaterThan(1);
    expect(sourceLines.join(' ')).toBe(`Source: ${'Synthetic source, '.repeat(12).trim()}`);
  });

  it('keeps a "Source:" the caller wrote and gives a narrow chart a minimum width', () => {
    const svg = frameSvg('<svg width="50" height="20"></svg>', { title: 'T', source: 'Sources: A; B' }, { idPrefix: 's' });
    expect(textsOf(svg)).toContain('Sources: A; B');
    expect(svgSize(svg).width).toBe(360);
  });

  it('rejects an inner document that is not a sized SVG', () => {
    expect(() => frameSvg('<html></html>', { title: 'T' }, { idPrefix: 'e' })).toThrow(PortEmissionsError);
    expect(() => frameSvg('<svg></svg>', { title: 'T' }, { idPrefix: 'e' })).toThrow(/no size/);
    expect(svgSize('<svg viewBox="0 0 40 30"></svg>')).toEqual({ width: 40, height: 30 });
  });
});

describe('wrapText', () => {
  it('breaks greedily on spaces, keeps explicit newlines, splits a word longer than a line', () => {
    const width = textWidth('aaaa bbbb', 10);
    expect(wrapText('aaaa bbbb cccc', width, 10)).toEqual(['aaaa bbbb', 'cccc']);
    expect(wrapText('one\ntwo', 1000, 10)).toEqual(['one', 'two']);
    expect(wrapText('   ', 1000, 10)).toEqual([]);
    const long = wrapText('x'.repeat(50), textWidth('x'.repeat(10), 10), 10);
    expect(long.join('')).toBe('x'.repeat(50));
    expect(long).toHaveLength(5);
  });
});

describe('escapeXml', () => {
  it('escapes the five XML specials and drops characters XML cannot carry', () => {
    expect(escapeXml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
    expect(escapeXml('a\u0000b\u001Fc\td')).toBe('abc\td');
    expect(escapeXml('x\uD800y')).toBe('x\uFFFDy');
    expect(escapeXml('😀')).toBe('😀');
  });
});
