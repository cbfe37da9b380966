import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCodePoints } from '../../src/compare.ts';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');

describe('compareCodePoints', () => {
  it('orders by code point, not by any locale: upper case before lower, ä after z', () => {
    expect(['b', 'a', 'B', 'ä', 'z', '_'].sort(compareCodePoints)).toEqual(['B', '_', 'a', 'b', 'z', 'ä']);
    // localeCompare (what import-table used) puts 'a' before 'B' and 'ä' before 'z' in most locales.
    expect(['B', 'a'].sort((x, y) => x.localeCompare(y, 'en'))).toEqual(['a', 'B']);
  });

  it('puts a character beyond U+FFFF after U+E000-U+FFFF, as code points order them', () => {
    expect(['\u{1F600}', '\uFF01'].sort(compareCodePoints)).toEqual(['\uFF01', '\u{1F600}']);
  });

  it('agrees with comparing arrays of code points (property)', () => {
    const byPoints = (a: string, b: string) => {
      const x = [...a].map((c) => c.codePointAt(0)!);
      const y = [...b].map((c) => c.codePointAt(0)!);
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
      return x.length - y.length;
    };
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(byPoints(a, b)));
      }),
      { numRuns: 2000 },
    );
  });

  it('is what the source uses: no locale collation anywhere under src/ (LC_ALL must not change output)', () => {
    const offenders: string[] = [];
    for (const name of readdirSync(SRC, { recursive: true }) as string[]) {
      if (!name.endsWith('.ts')) continue;
      const text = readFileSync(join(SRC, name), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      if (/\.localeCompare\(|Intl\.Collator/.test(text)) offenders.push(name);
    }
    expect(offenders).toEqual([]);
  });
});
