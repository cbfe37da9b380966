import { PortEmissionsError } from '../errors.ts';

// Characters XML 1.0 cannot carry at all, even escaped: C0 controls other than tab, LF and CR, and the
// non-characters U+FFFE and U+FFFF; DEL, which HTML forbids as text, goes too. Lone surrogates are not
// well-formed UTF-16 and become U+FFFD.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `text` made safe as XML/HTML text content or a quoted attribute value: `&`, `<`, `>`, `"` and `'`
 * become entities; characters XML cannot carry are dropped (controls) or replaced by U+FFFD (lone
 * surrogates). Any string from a dataset goes through this before it reaches SVG or HTML.
 */
export function escapeXml(text: unknown): string {
  return String(text)
    .replace(NOT_XML, '')
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const ID_PREFIX = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Throws a PortEmissionsError (usage, exit code 2) unless `idPrefix` can start an XML id and be used
 * unescaped in `url(#...)`: letters, digits, `_`, `-`, `.`, starting with a letter or `_`.
 */
export function assertIdPrefix(idPrefix: string): void {
  if (typeof idPrefix !== 'string' || !ID_PREFIX.test(idPrefix)) {
    throw new PortEmissionsError(`Invalid SVG id prefix "${String(idPrefix)}".`, {
      exitCode: 2,
      hint: 'Use letters, digits, "_", "-" or "." and start with a letter or "_", e.g. "chart-3".',
    });
  }
}
