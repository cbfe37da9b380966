/**
 * Whether a rendered chart SVG is safe to inline in the report, judged on the parsed document (element names,
 * attribute names and the values of the attributes that can load or run something), never on the escaped
 * text: a label such as "Nitrogen oxides (javascript: disabled)" or one holding `onload=`, `src=`, `href=` or
 * `url(` is only text and passes, while a `<script>` element or an `onload` attribute is refused.
 */
import { SaxesParser } from 'saxes';

// Elements that run code, embed other documents or carry style sheets have no place in a chart.
// Animation elements can rewrite an attribute (an href) after the check.
const FORBIDDEN_ELEMENTS = new Set([
  'script', 'foreignobject', 'iframe', 'object', 'embed', 'style', 'link', 'meta', 'base', 'handler', 'listener',
  'animate', 'set', 'animatemotion', 'animatetransform',
]);

// Presentation attributes whose value may hold url(...): only a reference within the chart (`url(#id)`) may.
const URL_ATTRIBUTES = new Set(['fill', 'stroke', 'clip-path', 'mask', 'filter', 'marker-start', 'marker-mid', 'marker-end', 'cursor', 'style']);

/** A value as a browser reads a URL: control characters and spaces inside are ignored. */
function urlText(value: string): string {
  return value.replace(/[\u0000-\u0020\u007f]/g, '').toLowerCase();
}

/** What in one element makes it active or external; undefined when it is inert. */
function unsafeElement(name: string, attributes: Record<string, string>): string | undefined {
  const local = name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
  if (FORBIDDEN_ELEMENTS.has(local.toLowerCase())) return `a <${local}> element`;
  for (const [attribute, value] of Object.entries(attributes)) {
    const attr = attribute.toLowerCase();
    const localAttr = attr.includes(':') ? attr.slice(attr.indexOf(':') + 1) : attr;
    if (/^on/.test(localAttr)) return 'an event-handler attribute';
    if (localAttr === 'href') {
      const url = urlText(value);
      if (url.startsWith('javascript:')) return 'a javascript: URL';
      if (!url.startsWith('#') && !url.startsWith('data:image/')) return 'a link to another resource';
    }
    if (localAttr === 'src') return 'a src attribute';
    if (URL_ATTRIBUTES.has(attr) && /url\(\s*['"]?(?!#)/i.test(value)) return 'a url() that is not a reference within the chart';
  }
  return undefined;
}

/** The outcome of checking an SVG document. */
export type SvgCheck = { ok: true } | { ok: false; reason: 'malformed'; detail: string } | { ok: false; reason: 'unsafe'; what: string };

/**
 * Parses `svg` as XML and checks every element: no element that runs code or loads a document or a style
 * sheet, no event-handler attribute, links only within the chart (`#id`) or to embedded images
 * (`data:image/...`), `url(...)` in presentation attributes only as `url(#id)`, no entity declarations and no
 * processing instructions. Text content is not checked: it is text, shown as written.
 */
export function checkSvg(svg: string): SvgCheck {
  let unsafe: string | undefined;
  let root: string | undefined;
  const parser = new SaxesParser({ xmlns: false });
  parser.on('opentag', (tag) => {
    root ??= tag.name;
    unsafe ??= unsafeElement(tag.name, tag.attributes as Record<string, string>);
  });
  parser.on('doctype', (doctype) => {
    if (/<!ENTITY/i.test(doctype)) unsafe ??= 'an entity declaration';
  });
  parser.on('processinginstruction', (pi) => {
    if (pi.target.toLowerCase() !== 'xml') unsafe ??= `a <?${pi.target}?> processing instruction`;
  });
  try {
    parser.write(svg).close();
  } catch (error) {
    // What was found unsafe before the parser gave up (an entity declaration, then its use) is the finding.
    if (unsafe !== undefined) return { ok: false, reason: 'unsafe', what: unsafe };
    return { ok: false, reason: 'malformed', detail: error instanceof Error ? error.message : String(error) };
  }
  if (unsafe !== undefined) return { ok: false, reason: 'unsafe', what: unsafe };
  if (root !== 'svg') return { ok: false, reason: 'malformed', detail: `the root element is <${root ?? 'none'}>, not <svg>` };
  return { ok: true };
}
