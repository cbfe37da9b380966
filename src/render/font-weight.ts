/** The bundled font's family name, as charts, frames and pages name it. */
export const FONT_FAMILY = 'DejaVu Sans';

/**
 * Whether a CSS/vega font weight selects the bold face: `bold`, `bolder` or a number of 600 and more.
 * Everything else (undefined, `normal`, `lighter`, 100-500) selects the regular face. Pure: shared by the
 * Node text measurement (fonts.ts) and the explore page's canvas measurement.
 */
export function isBold(fontWeight?: string | number | null): boolean {
  if (fontWeight === undefined || fontWeight === null) return false;
  if (typeof fontWeight === 'number') return fontWeight >= 600;
  const weight = fontWeight.trim().toLowerCase();
  if (weight === 'bold' || weight === 'bolder') return true;
  const numeric = Number(weight);
  return weight !== '' && Number.isFinite(numeric) && numeric >= 600;
}
