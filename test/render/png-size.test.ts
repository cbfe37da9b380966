import { describe, expect, it } from 'vitest';
import { PortEmissionsError } from '../../src/errors.ts';
import { MAX_PNG_SIDE, svgToPng } from '../../src/render/png.ts';

// resvg aborts the process (a Rust panic) on a bitmap it cannot allocate: a drawing vega stretched to 10^17 px
// to hold a bar far off its axis did so in the render fuzz property. It is refused with words instead.
describe('svgToPng on a drawing too large for a PNG', () => {
  it('refuses it with a PortEmissionsError naming its size, before resvg sees it', () => {
    const svg = (width: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="334" viewBox="0 0 ${width} 334"><rect width="10" height="10"/></svg>`;
    expect(() => svgToPng(svg('590769230769231000'), { scale: 2 })).toThrow(PortEmissionsError);
    expect(() => svgToPng(svg('590769230769231000'), { scale: 2 })).toThrow('Cannot rasterise the chart SVG: it is 590769230769231000 x 334 px, more than 32,767 px a side at scale 2');
    expect(() => svgToPng(svg(String(MAX_PNG_SIDE / 2 + 1)), { scale: 2 })).toThrow(PortEmissionsError);
    expect(svgToPng(svg('800'), { scale: 2 }).subarray(1, 4).toString('latin1')).toBe('PNG');
  });
});
