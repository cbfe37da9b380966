import { beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/build.ts';
import { assertInlineSvg, escapeHtml, formatTableNumber, REPORT_CSP, REPORT_SIZE_BUDGET } from '../../src/report/html.ts';
import { HOSTILE, hostileDataset, stubEngine, SYNTHETIC_DEFINITION, TEST_NOW } from '../golden/report/synthetic-report.ts';

let html = '';
beforeAll(async () => {
  html = (await buildReport(SYNTHETIC_DEFINITION, hostileDataset(), { engine: stubEngine(), now: TEST_NOW, definitionFile: 'reports/synthetic.json' })).html;
});

/** Every start tag of the document, without the embedded font's data (it is one long attribute-free rule). */
function tags(text: string): string[] {
  return text.match(/<[a-zA-Z][^>]*>/g) ?? [];
}

describe('escapeHtml', () => {
  it('escapes the five special characters and drops control characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeHtml('a\u0000b\u001bc\td')).toBe('abc\td');
    expect(escapeHtml('\uD800x')).toBe('\uFFFDx');
    expect(escapeHtml(12.5)).toBe('12.5');
  });
});

describe('formatTableNumber', () => {
  it('keeps whole numbers and rounds others for reading', () => {
    expect(formatTableNumber(16331)).toBe('16331');
    expect(formatTableNumber(400.25)).toBe('400.3');
    expect(formatTableNumber(-79.2368)).toBe('-79.24');
    expect(formatTableNumber(0.012345)).toBe('0.0123');
    expect(formatTableNumber(2.5)).toBe('2.5');
    expect(formatTableNumber(-0.0001)).toBe('-0.0001');
  });
});

describe('assertInlineSvg', () => {
  const ok = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><path fill="url(#p-g)" d="M0,0"/><text>javascript: is only text here; onload=1</text></svg>';

  it('strips the XML prolog and accepts references within the chart', () => {
    expect(assertInlineSvg(`<?xml version="1.0"?>\n<!-- c -->${ok}\n`, 'k')).toBe(ok);
  });

  it.each([
    ['<svg><script>alert(1)</script></svg>', 'a <script> element'],
    ['<svg onload="alert(1)"></svg>', 'an event-handler attribute'],
    ['<svg><foreignObject></foreignObject></svg>', 'a <foreignObject> element'],
    ['<svg><image href="https://example.org/x.png"/></svg>', 'a link to another resource'],
    ['<svg><use xlink:href="other.svg#a"/></svg>', 'a link to another resource'],
    ['<svg><rect fill="url(https://example.org/p)"/></svg>', "a url() that is not a reference within the chart"],
    ['<svg><a href="javascript:alert(1)"></a></svg>', 'a javascript: URL'],
    ['<svg><style>@import "x.css";</style></svg>', 'a <style> element'],
    ['<svg><a xlink:href=" java\tscript:alert(1)"></a></svg>', 'a javascript: URL'],
    ['<svg><g style="fill: url(https://example.org/p)"/></svg>', "a url() that is not a reference within the chart"],
    ['<svg><set attributeName="href" to="javascript:alert(1)"/></svg>', 'a <set> element'],
    ['<!DOCTYPE svg [<!ENTITY x "y">]><svg>&x;</svg>', 'an entity declaration'],
    ['<?xml-stylesheet href="x.css"?><svg></svg>', 'a <?xml-stylesheet?> processing instruction'],
  ])('refuses %s', (svg, what) => {
    expect(() => assertInlineSvg(svg, "k")).toThrow(`the chart "k" rendered ${what}, which a report may not contain`);
  });

  it('refuses what is not an SVG document', () => {
    expect(() => assertInlineSvg('<html></html>', 'k')).toThrow('the chart "k" did not render as an SVG document (the root element is <html>, not <svg>)');
    expect(() => assertInlineSvg('<svg><text>a\u000bb</text></svg>', 'k')).toThrow(/^the chart "k" did not render as an SVG document \(.*disallowed character/);
  });

  it.each(['Nitrogen oxides (javascript: disabled)', 'onload=1 onX=2', 'src=x href=y', 'see url(http://example.org)'])(
    'accepts a label that only reads like markup: %s',
    (label) => {
      const escaped = escapeHtml(label);
      const svg = `<svg xmlns="http://www.w3.org/2000/svg"><g aria-label="${escaped}" role="graphics-symbol"><title>${escaped}</title><text>${escaped}</text></g></svg>`;
      expect(assertInlineSvg(svg, 'k')).toBe(svg);
    },
  );
});

describe('the report page', () => {
  it('declares the Content-Security-Policy before anything that could load', () => {
    expect(REPORT_CSP).toBe("default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'");
    const head = html.slice(0, html.indexOf('</head>'));
    const csp = head.indexOf(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
    expect(csp).toBeGreaterThan(0);
    expect(csp).toBeLessThan(head.indexOf('<style>'));
    expect(csp).toBeLessThan(head.indexOf('<title>'));
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')).toBe(true);
  });

  it('loads nothing: no script, no external resource, links only in <a>', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<(img|iframe|object|embed|audio|video|source)\b/i);
    for (const tag of tags(html)) {
      if (tag.startsWith('<a ')) {
        expect(tag).toMatch(/^<a (class="[a-z ]+" )?href="(#[A-Za-z0-9_-]+|https?:\/\/[^"]+)"( rel="noreferrer")?>$/);
        continue;
      }
      expect(tag, tag).not.toMatch(/\s(src|href|xlink:href|action|formaction|poster|data)\s*=\s*["']?(?!#)/i);
    }
    // The only url(...) in the style sheet are the embedded fonts.
    const style = html.slice(html.indexOf('<style>'), html.indexOf('</style>'));
    expect(style.match(/url\((?!data:font\/ttf;base64,)/g)).toBeNull();
    expect(style).toMatch(/@font-face\{font-family:'DejaVu Sans';font-style:normal;font-weight:400;src:url\(data:font\/ttf;base64,/);
    expect(style).toMatch(/font-weight:700;src:url\(data:font\/ttf;base64,/);
  });

  it('shows every chart as an inline SVG in a figure with a caption, ARIA description and data table', () => {
    const figures = html.match(/<figure class="chart" id="fig-[^"]+"/g) ?? [];
    expect(figures).toEqual([
      '<figure class="chart" id="fig-stub-trend-nox"',
      '<figure class="chart" id="fig-stub-trend-pola-dpm"',
      '<figure class="chart" id="fig-stub-gap"',
      '<figure class="chart" id="fig-stub-hostile"',
    ]);
    for (const key of ['stub-trend-nox', 'stub-trend-pola-dpm', 'stub-gap', 'stub-hostile']) {
      const start = html.indexOf(`<figure class="chart" id="fig-${key}"`);
      const figure = html.slice(start, html.indexOf('</figure>', start));
      expect(figure).toContain(`aria-describedby="fig-${key}-desc"`);
      expect(figure).toMatch(new RegExp(`<p class="narrative" id="fig-${key}-desc">SYNTHETIC: `));
      expect(figure).toMatch(/<div class="chart-svg"><svg xmlns="http:\/\/www.w3.org\/2000\/svg" /);
      expect(figure).toContain(`<figcaption>`);
      expect(figure).toMatch(/<details class="data"><summary>Data behind figure \d \((\d+ rows?|no rows)\)<\/summary>/);
    }
    expect(html).not.toContain('<?xml');
  });

  it("lists each figure's sources with their grades under its data table, linked to the appendix", () => {
    const start = html.indexOf('<figure class="chart" id="fig-stub-trend-nox"');
    const figure = html.slice(start, html.indexOf('</figure>', start));
    expect(figure).toMatch(/<p class="data-sources">Sources of figure 1 \(confidence grade in brackets\): <a href="#src-SYNTHETIC_TEST"><code>SYNTHETIC_TEST<\/code><\/a> \([A-D]\)\.<\/p><\/details>/);
  });

  it('says which data would fill a chart the dataset cannot', () => {
    expect(html).toContain(
      '<p class="missing"><strong>Not in the data:</strong> tons by source category for &lt;script&gt;alert(1)&lt;/script&gt;; an inventory table of tons by category and year would fill it.</p>',
    );
    expect(html).toMatch(/<h3 id="gaps-title">Not in the data<\/h3>\n<ul class="gaps">\n<li><a class="ref" href="#fig-stub-gap">Figure 3<\/a> SYNTHETIC tons by category: tons by source category/);
  });

  it("lists in the appendix what data would complete a chart, from a chart's missing text and its notes; the findings point there", () => {
    expect(html.indexOf('<ul class="gaps">')).toBeGreaterThan(html.indexOf('<section class="appendix"'));
    expect(html).toContain('<p class="gap-pointer"><a href="#gaps">What the data does not cover</a> (2 items) is listed in the appendix.</p>');
    const gaps = html.slice(html.indexOf('<ul class="gaps">'), html.indexOf('</ul>', html.indexOf('<ul class="gaps">')));
    expect(gaps.match(/<li>.*<\/li>/g)).toEqual([
      '<li><a class="ref" href="#fig-stub-gap">Figure 3</a> SYNTHETIC tons by category: tons by source category for &lt;script&gt;alert(1)&lt;/script&gt;; an inventory table of tons by category and year would fill it.</li>',
      '<li><a class="ref" href="#fig-stub-hostile">Figure 4</a> Category &lt;script&gt;alert(1)&lt;/script&gt;: SYNTHETIC tons of &lt;script&gt;alert(1)&lt;/script&gt; by year.</li>',
    ]);
  });

  it('opens with a summary made of the narratives’ first sentences', () => {
    const summary = html.slice(html.indexOf('<section class="summary"'), html.indexOf('</section>'));
    expect(summary).toContain('<li>SYNTHETIC: NOx at POLA is 60% below 2005 in 2012. <a class="ref" href="#fig-stub-trend-nox">Figure 1</a></li>');
    expect(summary).not.toContain('The baseline is');
  });

  it('lists only the sources the charts cite, with grade, title, publisher and URL as text', () => {
    const sources = html.slice(html.indexOf('<section class="sources"'), html.indexOf('<section class="about"'));
    expect(sources.match(/<tr id="src-[^"]+"/g)).toEqual(['<tr id="src-SYNTHETIC_TEST"', '<tr id="src-HOSTILE_SOURCE"']);
    expect(sources).not.toContain('UNUSED_SOURCE');
    expect(sources).toContain('<a class="url" href="https://example.org/synthetic" rel="noreferrer">https://example.org/synthetic</a>');
    expect(sources).toContain('<span class="grade grade-A">A</span>');
    // A javascript: "URL" and one with quotes are shown as text, never linked.
    expect(sources).toContain('<span>javascript:alert(1)</span>');
    expect(sources).toContain('<span>https://example.org/a&quot;b&lt;c</span>');
    expect(sources).toContain('href="https://example.org/ok?x=1&amp;y=2"');
  });

  it('carries the generation metadata', () => {
    const about = html.slice(html.indexOf('<section class="about"'));
    expect(about).toContain('<dt>Generated by</dt><dd>port-emissions 0.1.0</dd>');
    expect(about).toContain(`<dt>Dataset sha256</dt><dd><code class="hash">${'f'.repeat(64)}</code></dd>`);
    expect(about).toContain('<dt>Report definition</dt><dd><code>reports/synthetic.json</code></dd>');
    expect(about).toContain('<time datetime="2024-06-30T12:00:00Z">30 June 2024, 12:00 UTC</time> (set when the report was built)');
    expect(html).toContain(`<meta name="dataset-sha256" content="${'f'.repeat(64)}">`);
  });

  it('prints landscape, a chart per page, no break inside a figure', () => {
    expect(html).toContain('@page{size:A4 landscape;margin:10mm 12mm}');
    expect(html).toMatch(/@media print\{[^]*\.summary\{break-after:page/);
    expect(html).toMatch(/@media print\{[^]*\.appendix\{break-before:page\}/);
    expect(html).toMatch(/@media print\{[^]*\.chart-svg svg\{width:100%;height:auto;max-height:158mm\}/);
    expect(html).toMatch(/@media print\{[^]*figure\.chart\{[^}]*break-inside:avoid/);
    expect(html).toMatch(/@media print\{[^]*\.report-section figure\.chart\+figure\.chart\{break-before:page\}/);
  });

  it('escapes every dataset string: injection strings render as text', () => {
    for (const hostile of [HOSTILE.script, HOSTILE.img]) expect(html).not.toContain(hostile);
    for (const hostile of Object.values(HOSTILE)) expect(html).toContain(escapeHtml(hostile));
    // The style element ends once, where the page's style sheet ends.
    expect(html.match(/<\/style>/g)).toHaveLength(1);
    expect(html).not.toMatch(/<img/i);
    for (const tag of tags(html)) expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).toContain('<title>SYNTHETIC report &lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(html).toContain('<th scope="col">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</th>');
  });

  it(`stays within the size budget (${REPORT_SIZE_BUDGET} bytes)`, () => {
    expect(Buffer.byteLength(html)).toBeLessThan(REPORT_SIZE_BUDGET);
  });
});
