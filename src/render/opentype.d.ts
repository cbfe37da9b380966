// The part of opentype.js (1.3.x, which ships no types) that the font metrics use.
declare module 'opentype.js' {
  export interface Glyph {
    index: number;
    advanceWidth?: number;
  }
  export interface KerningLookup {
    lookupType: number;
  }
  export interface Position {
    getKerningTables(script?: string, language?: string): KerningLookup[] | undefined;
    getKerningValue(tables: KerningLookup[], leftIndex: number, rightIndex: number): number;
  }
  export interface Font {
    unitsPerEm: number;
    kerningPairs: Record<string, number>;
    position?: Position;
    charToGlyph(char: string): Glyph;
  }
  export function parse(buffer: ArrayBuffer): Font;
  const opentype: { parse: typeof parse };
  export default opentype;
}
