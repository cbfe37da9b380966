/**
 * Cells of published tables: numbers as printed (`1,234`, `891*`, `300¹`, `-45%`), footnote marks, and the
 * marks that say a figure is not published (`NA`, `n/a`, `-`, `—`, blank), which are never read as zero.
 */

/** Cells that mean "not published" in published tables (compared in lower case, trimmed). */
export const NOT_PUBLISHED = new Set(['', '-', '--', '---', '—', '–', 'n/a', 'na', 'n.a.', 'n.a', '..', '...', 'nd', 'n.d.', 'not available', 'not published', 'not reported']);

/** Whether a cell says the figure is not published. */
export function isNotPublished(cell: string): boolean {
  const text = cell.trim().toLowerCase();
  return NOT_PUBLISHED.has(text) || NOT_PUBLISHED.has(stripFootnote(text).text);
}

/** Strips footnote marks from a label or value: `891*`, `891 a`, `891†`, `Trucks¹`, `Harbor craft (b)`, `Ships [2]`. */
export function stripFootnote(cell: string): { text: string; footnote: string } {
  const match = /^(.*?)(?:\s*(?:[*†‡§¶#]+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\([a-z]\)|\[\d{1,2}\]|\s[a-z])|(?<=\d)[a-z])$/u.exec(cell.trim());
  if (!match || match[1] === undefined || match[1] === '') return { text: cell.trim(), footnote: '' };
  return { text: match[1].trim(), footnote: cell.trim().slice(match[1].length).trim() };
}

/** A number read from a cell: its value, the decimals printed (for the rounding tolerance) and any footnote. */
export interface PublishedNumber {
  value: number;
  decimals: number;
  footnote: string;
}

/**
 * Parses a published number: thousands separators, footnote marks, surrounding spaces; a leading minus (or
 * the typographic −) and, with `percent`, a trailing `%`. Returns `'no_data'` for a not-published mark and
 * undefined for text that is not a number.
 */
export function parsePublishedNumber(cell: string, { percent = false }: { percent?: boolean } = {}): PublishedNumber | 'no_data' | undefined {
  if (isNotPublished(cell)) return 'no_data';
  const { text: raw, footnote } = stripFootnote(cell);
  let text = raw.replace(/^[\u2212\u2013]/, '-').replace(/^\+/, '');
  if (percent) text = text.replace(/\s*%$/, '');
  if (!/^-?\d{1,3}(,\d{3})+(\.\d+)?$|^-?\d+(\.\d+)?$/.test(text)) return undefined;
  const plain = text.replaceAll(',', '');
  const decimals = plain.includes('.') ? plain.length - plain.indexOf('.') - 1 : 0;
  return { value: Number(plain), decimals, footnote };
}

/** The year a header or row label names (`2005`, `CY2005`, `2005*`), or undefined. */
export function yearOf(cell: string): number | undefined {
  const match = /^(?:CY\s*)?(\d{4})$/i.exec(stripFootnote(cell).text);
  return match ? Number(match[1]) : undefined;
}

/** Whether a header names a change column ("% change", "Change 2005-2018", "Percent change", "% diff"). */
export function isChangeHeader(cell: string): boolean {
  const text = stripFootnote(cell).text.toLowerCase();
  return /(^|\s|%)(change|diff(erence)?|reduction)\b/.test(text) || /^%$/.test(text) || /^%\s*(vs|since|from)\b/.test(text);
}
