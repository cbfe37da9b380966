/**
 * Orders two strings by Unicode code point, the same on every machine whatever its locale (`localeCompare`
 * and `Intl.Collator` follow LC_ALL/LANG, so they would make output depend on where it was built). Unlike
 * `a < b`, which compares UTF-16 code units, a character beyond U+FFFF sorts after U+E000-U+FFFF.
 *
 * @returns a negative number when `a` comes first, positive when `b` does, 0 when equal.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (D800-DFFF) encode code points above FFFF: lift them above E000-FFFF before comparing.
    const rank = (unit: number) => (unit >= 0xd800 && unit <= 0xdfff ? unit + 0x2000 : unit >= 0xe000 ? unit - 0x800 : unit);
    return rank(x) - rank(y);
  }
  return a.length - b.length;
}
