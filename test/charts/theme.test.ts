import { describe, expect, it } from 'vitest';
import { assignColors, KNOWN_COLORS, OKABE_ITO, paletteFor, vegaLiteConfig } from '../../src/charts/theme.ts';
import { FONT_FAMILY } from '../../src/render/fonts.ts';
import { chartDataset } from './synthetic.ts';

describe('assignColors', () => {
  it('keeps the fixed colours and hands out the unused Okabe-Ito colours by codelist order', () => {
    const colors = assignColors(['POLA', 'NEW1', 'POLB', 'NEW2'], KNOWN_COLORS.port);
    expect(colors.get('POLA')).toBe(OKABE_ITO.blue);
    expect(colors.get('POLB')).toBe(OKABE_ITO.orange);
    // bluishGreen and reddishPurple are the first fallback colours; neither is a fixed port colour here.
    expect(colors.get('NEW1')).toBe(OKABE_ITO.bluishGreen);
    expect(colors.get('NEW2')).toBe(OKABE_ITO.reddishPurple);
  });

  it('depends only on the codelist, and cycles when the colours run out', () => {
    const codes = Array.from({ length: 20 }, (_, i) => `C${i}`);
    const a = assignColors(codes, {});
    const b = assignColors(codes, {});
    expect([...a]).toEqual([...b]);
    expect(a.get('C9')).toBe(a.get('C0'));
  });
});

describe('paletteFor', () => {
  it('labels codes from the codelists and makes repeated labels unique', () => {
    const dataset = chartDataset((r) => {
      r.ports = [...r.ports, { code: 'POLX', label: 'Port A (synthetic)', kind: 'port', members: [], note: '' }];
    });
    const palette = paletteFor(dataset);
    expect(palette.label('port', 'POLB')).toBe('Port B (synthetic)');
    expect(palette.label('port', 'POLA')).toBe('Port A (synthetic) (POLA)');
    expect(palette.label('port', 'POLX')).toBe('Port A (synthetic) (POLX)');
    expect(palette.color('pollutant', 'DPM')).toBe(KNOWN_COLORS.pollutant.DPM);
  });
});

describe('vegaLiteConfig', () => {
  it('uses the bundled font, no chart title, no per-mark ARIA text', () => {
    const config = vegaLiteConfig();
    expect(config.font).toBe(FONT_FAMILY);
    expect(config.aria).toBe(false);
    expect(config.title).toBeUndefined();
  });
});
