import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { frameSvg, renderSvg } from '../../src/render/index.ts';
import { expectGolden, normalizeSvg } from '../helpers/golden.ts';
import { syntheticBarSpec } from './synthetic.ts';

describe('golden SVG', () => {
  it('render/framed-bar: a small framed bar chart of synthetic data', async () => {
    const chart = await renderSvg(syntheticBarSpec(), { idPrefix: 'golden-bar' });
    const svg = frameSvg(
      chart,
      {
        title: 'Synthetic values by category',
        subtitle: 'Test data made up for the render layer; not emissions',
        notes: ['Values are synthetic. Categories sort as given.'],
        source: 'Synthetic data generated in test/render/synthetic.ts',
        meta: 'Release: synthetic · Baseline: none · port-emissions 0.1.0',
        description: 'Bar chart of four synthetic values: Alpha 42, Bravo 17.5, Charlie 30, Delta 8.25.',
      },
      { idPrefix: 'golden-bar' },
    );
    expectGolden('render/framed-bar', svg);
  });
});

describe('golden harness', () => {
  let dir: string;
  const env = { CI: process.env.CI, UPDATE_GOLDEN: process.env.UPDATE_GOLDEN };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'golden-'));
    delete process.env.CI;
    delete process.env.UPDATE_GOLDEN;
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    for (const [key, value] of Object.entries(env)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  const svg = '<svg width="10" height="10"><path d="M0.12345,1.00049L2,3"/><text x="1.5">v 0.1.0 at 2.123456</text></svg>';

  it('normalises numbers in tags to 3 decimals, one element per line, idempotently', () => {
    const normal = normalizeSvg(svg);
    expect(normal).toBe('<svg width="10" height="10">\n<path d="M0.123,1L2,3"/>\n<text x="1.5">v 0.1.0 at 2.123456</text>\n</svg>\n');
    expect(normalizeSvg(normal)).toBe(normal);
    expect(normalizeSvg('<g transform="translate(-0.0001,3)"/>')).toBe('<g transform="translate(0,3)"/>\n');
  });

  it('creates a missing golden locally, accepts float noise, and fails with a -changed file on a real change', () => {
    expectGolden('case', svg, dir);
    expect(readFileSync(join(dir, 'case.svg'), 'utf8')).toBe(normalizeSvg(svg));
    expectGolden('case', svg.replace('0.12345', '0.1234501'), dir);
    expect(() => expectGolden('case', svg.replace('L2,3', 'L2,4'), dir)).toThrow(/differs from golden .*line 2[\s\S]*-changed\.svg/);
    expect(readFileSync(join(dir, 'case-changed.svg'), 'utf8')).toContain('L2,4');
    // a passing run clears the stale -changed file
    expectGolden('case', svg, dir);
    expect(existsSync(join(dir, 'case-changed.svg'))).toBe(false);
  });

  it('fails on a missing golden in CI instead of creating it', () => {
    process.env.CI = 'true';
    expect(() => expectGolden('absent', svg, dir)).toThrow(/missing/);
    expect(existsSync(join(dir, 'absent.svg'))).toBe(false);
  });

  it('rewrites a golden with UPDATE_GOLDEN=1, but never in CI', () => {
    writeFileSync(join(dir, 'u.svg'), normalizeSvg(svg));
    const changed = svg.replace('L2,3', 'L2,5');
    process.env.UPDATE_GOLDEN = '1';
    process.env.CI = 'true';
    expect(() => expectGolden('u', changed, dir)).toThrow(/differs/);
    delete process.env.CI;
    expectGolden('u', changed, dir);
    expect(readFileSync(join(dir, 'u.svg'), 'utf8')).toContain('L2,5');
  });
});
