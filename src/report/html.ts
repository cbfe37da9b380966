/**
 * The report as one self-contained HTML file: inline SVG charts (no JavaScript needed), captions and data
 * tables, sources with confidence grades, generation metadata, the bundled font as @font-face, a print
 * stylesheet and a Content-Security-Policy that forbids every network load. Pure: a page model in, a string
 * out. Every string that came from a dataset or a definition is escaped here.
 */
import { escapeXml } from '../render/xml.ts';
import { PortEmissionsError } from '../errors.ts';
import { checkSvg } from './svg-guard.ts';
import { keyFigureContext, type ReportKeyFigure } from './key-figures.ts';

/**
 * The report's Content-Security-Policy: nothing may load from anywhere (no network, no other file); styles
 * are inline, fonts and images only as data: URLs. The report carries no script at all.
 */
export const REPORT_CSP =
  "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'";

/**
 * Size budget of one report file in bytes (5 MiB). The embedded font is cut down to the characters the page
 * uses (tens of kB; the whole two faces would be about 2 MB); the charts and tables of the default report
 * are well under the rest. Tests hold every shipped report to this.
 */
export const REPORT_SIZE_BUDGET = 5 * 1024 * 1024;

/** Confidence grades as the dataset's sources use them. */
export const CONFIDENCE_GRADES: Readonly<Record<string, string>> = {
  A: 'a value read in a published table or open-data file',
  B: "the port's or regulator's own release or page text",
  C: 'press or trade press quoting the port',
  D: 'derived (a sum, a difference, an inferred year)',
};

/** One chart of the page. */
export interface ReportFigure {
  /** Unique within the report; names the element ids and the chart's files. */
  key: string;
  /** The chart id in the catalogue. */
  chartId: string;
  /** 1-based figure number across the report. */
  number: number;
  title: string;
  /** The rendered chart, an SVG document from the renderer (checked by assertInlineSvg). */
  svg: string;
  /** The chart's narrative: visible caption and ARIA description. */
  narrative: string;
  /** What data would fill the chart, when the dataset lacks its series. */
  missing?: string;
  /** The chart's notes its picture does not show (it shows at most two); listed in the appendix. */
  notes?: string[];
  data: { columns: string[]; rows: Record<string, unknown>[] };
}

export interface ReportPageSection {
  id: string;
  title: string;
  intro?: string;
  figures: ReportFigure[];
}

/** A source as listed at the end of the report. */
export interface ReportSource {
  ref: string;
  title: string;
  /** As the dataset gives it: one or more URLs (or words) separated by `;`. */
  url: string;
  publisherType: string;
  /** A-D, or '' when the dataset does not resolve the reference. */
  confidence: string;
  /** The numbers of the figures that cite this source. */
  figures: number[];
}

/** Where the report came from, printed in its "About this report" section. */
export interface ReportMeta {
  toolVersion: string;
  datasetName: string;
  datasetTitle: string;
  /** sha256 of the dataset (hex). */
  datasetHash: string;
  /** The definition file as the user named it, or '' for a definition built in code. */
  definitionFile: string;
  /** The baseline in words, or ''. */
  baseline: string;
  /** ISO 8601 timestamp printed as "generated". */
  generated: string;
  /** Why that timestamp, in words (e.g. "the newest dated record in the dataset"). */
  generatedBasis: string;
}

/** Everything the page shows. */
export interface ReportPage {
  title: string;
  subtitle?: string;
  /** The 3-6 figures the page opens with, in large type, each linked to its figure. */
  keyFigures?: ReportKeyFigure[];
  /** Headline sentences, each pointing to the figure it comes from. */
  summary: { text: string; figureKey: string; number: number }[];
  /** Charts the dataset cannot fill, with what data would. */
  gaps: { title: string; missing: string; figureKey: string; number: number }[];
  sections: ReportPageSection[];
  sources: ReportSource[];
  meta: ReportMeta;
  /**
   * The @font-face rules of the bundled font: as given, or (a function, e.g. fontFaceCss) made from the
   * page's own text, so that only the glyphs the page uses are embedded.
   */
  fontCss: string | ((text: string) => string);
}

/**
 * `text` safe as HTML text content and as a double- or single-quoted attribute value: `& < > " '` become
 * character references, control characters are dropped, lone surrogates become U+FFFD. The same escaping
 * as the SVG's (one rule for every dataset string that reaches a page).
 */
export function escapeHtml(text: unknown): string {
  return escapeXml(text);
}

/**
 * The SVG document ready to inline in HTML: XML prolog, doctype and comments removed. Checks the parsed
 * document ({@link checkSvg}) for anything active or external (script, event handlers, foreign objects, links
 * to other resources), so a dataset string that slipped through unescaped cannot run in the report; text
 * that merely reads like markup ("javascript: disabled", "onload=") is text and passes.
 *
 * @throws PortEmissionsError when the SVG is not a well-formed SVG document or carries such content.
 */
export function assertInlineSvg(svg: string, chartKey: string): string {
  const check = checkSvg(svg.replace(/^\uFEFF/, ''));
  if (!check.ok && check.reason === 'malformed') {
    throw new PortEmissionsError(`the chart "${chartKey}" did not render as an SVG document (${check.detail})`, {
      hint: 'this is a bug in the chart renderer; please report it with the chart id and filters',
    });
  }
  if (!check.ok) {
    throw new PortEmissionsError(`the chart "${chartKey}" rendered ${check.what}, which a report may not contain`, {
      hint: 'a dataset string may have reached the SVG unescaped; please report it with the chart id',
    });
  }
  return svg
    .replace(/^\uFEFF/, '')
    .replace(/<\?xml[^>]*\?>/g, '')
    .replace(/<!DOCTYPE[^>]*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .trim();
}

/** A number for a person reading a table: whole numbers as they are, others to 3 significant decimals. */
export function formatTableNumber(value: number): string {
  if (!Number.isFinite(value)) return 'undefined'; // never NaN or Infinity in a table
  if (Number.isInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  const decimals = magnitude >= 100 ? 1 : magnitude >= 1 ? 2 : Math.min(6, 2 - Math.floor(Math.log10(magnitude)));
  const text = value.toFixed(decimals).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  return text === '-0' ? '0' : text;
}

function cell(value: unknown): { html: string; numeric: boolean } {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) {
    return { html: '<span class="none" title="no value">–</span>', numeric: false };
  }
  if (typeof value === 'number') return { html: escapeHtml(formatTableNumber(value)), numeric: true };
  if (typeof value === 'boolean') return { html: value ? 'yes' : 'no', numeric: false };
  if (Array.isArray(value)) return { html: escapeHtml(value.map(String).join('; ')), numeric: false };
  if (value instanceof Date) return { html: escapeHtml(value.toISOString().slice(0, 10)), numeric: false };
  if (typeof value === 'object') return { html: escapeHtml(JSON.stringify(value)), numeric: false };
  return { html: escapeHtml(value), numeric: false };
}

/** The figure's sources with their grades, each linked to its entry in the appendix, and where its other notes are. */
function dataSources(figure: ReportFigure, sources: readonly ReportSource[]): string {
  const cited = sources.filter((source) => source.figures.includes(figure.number));
  const notes = (figure.notes ?? []).length;
  const parts = [
    ...(cited.length === 0
      ? []
      : [
          `Sources of figure ${figure.number} (confidence grade in brackets): ` +
            cited.map((source) => `<a href="#src-${escapeHtml(source.ref)}"><code>${escapeHtml(source.ref)}</code></a>${source.confidence === '' ? '' : ` (${escapeHtml(source.confidence)})`}`).join(', ') +
            '.',
        ]),
    ...(notes === 0 ? [] : [`${notes} further note${notes === 1 ? '' : 's'} in the <a href="#chart-notes">appendix</a>.`]),
  ];
  return parts.length === 0 ? '' : `\n<p class="data-sources">${parts.join(' ')}</p>`;
}

function dataTable(figure: ReportFigure, sources: readonly ReportSource[]): string {
  const { columns, rows } = figure.data;
  const cites = dataSources(figure, sources);
  const count = `${rows.length} row${rows.length === 1 ? '' : 's'}`;
  if (rows.length === 0 || columns.length === 0) {
    return `<details class="data"><summary>Data behind figure ${figure.number} (no rows)</summary><p>The dataset has no rows for this chart.</p>${cites}</details>`;
  }
  const numericColumn = columns.map(
    (column) =>
      rows.some((row) => typeof row[column] === 'number') &&
      rows.every((row) => row[column] === null || row[column] === undefined || typeof row[column] === 'number'),
  );
  const head = columns
    .map((column, i) => `<th scope="col"${numericColumn[i] ? ' class="num"' : ''}>${escapeHtml(column)}</th>`)
    .join('');
  const body = rows
    .map((row) => {
      const cells = columns.map((column) => {
        const { html, numeric } = cell(row[column]);
        return `<td${numeric ? ' class="num"' : ''}>${html}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return (
    `<details class="data"><summary>Data behind figure ${figure.number} (${count})</summary>\n` +
    `<div class="table-wrap"><table>\n<caption>${escapeHtml(figure.title)}: the data behind the chart</caption>\n` +
    `<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>${cites}</details>`
  );
}

function figureHtml(figure: ReportFigure, sources: readonly ReportSource[]): string {
  const id = `fig-${figure.key}`;
  const missing = figure.missing
    ? `\n<p class="missing"><strong>Not in the data:</strong> ${escapeHtml(figure.missing)}</p>`
    : '';
  return (
    `<figure class="chart" id="${id}" aria-labelledby="${id}-title" aria-describedby="${id}-desc">\n` +
    `<div class="chart-svg">${assertInlineSvg(figure.svg, figure.key)}</div>\n` +
    `<figcaption>\n<p class="figure-title" id="${id}-title"><span class="figure-no">Figure ${figure.number}</span> ${escapeHtml(figure.title)}</p>\n` +
    `<p class="narrative" id="${id}-desc">${escapeHtml(figure.narrative)}</p>${missing}\n</figcaption>\n` +
    `${dataTable(figure, sources)}\n</figure>`
  );
}

function sectionHtml(section: ReportPageSection, sources: readonly ReportSource[]): string {
  const intro = section.intro ? `\n<p class="intro">${escapeHtml(section.intro)}</p>` : '';
  return (
    `<section class="report-section" id="sec-${section.id}" aria-labelledby="sec-${section.id}-title">\n` +
    `<h2 id="sec-${section.id}-title">${escapeHtml(section.title)}</h2>${intro}\n` +
    `${section.figures.map((figure) => figureHtml(figure, sources)).join('\n')}\n</section>`
  );
}

function contentsHtml(page: ReportPage): string {
  const items = page.sections.map((section) => {
    const figures = section.figures
      .map((f) => `<li><a href="#fig-${f.key}">Figure ${f.number}. ${escapeHtml(f.title)}</a></li>`)
      .join('');
    return `<li><a href="#sec-${section.id}">${escapeHtml(section.title)}</a><ol>${figures}</ol></li>`;
  });
  const appendix = [
    ...(page.gaps.length > 0 ? ['<li><a href="#gaps">Not in the data</a></li>'] : []),
    ...(notedFigures(page).length > 0 ? ['<li><a href="#chart-notes">Further notes on the figures</a></li>'] : []),
    '<li><a href="#sources">Sources</a></li>',
    '<li><a href="#about">About this report</a></li>',
  ];
  items.push(`<li><a href="#appendix">Appendix</a><ol>${appendix.join('')}</ol></li>`);
  return `<nav class="contents" aria-label="Contents"><h2>Contents</h2><ol>${items.join('')}</ol></nav>`;
}

/** The key figures in large type, each linked to its figure and to its best-graded source. */
function keyFiguresHtml(page: ReportPage): string {
  const figures = page.keyFigures ?? [];
  if (figures.length === 0) return '';
  const sourceByRef = new Map(page.sources.map((source) => [source.ref, source]));
  const items = figures.map((figure) => {
    const ref = figure.sourceRefs[0];
    const source = ref === undefined ? undefined : sourceByRef.get(ref);
    const count = figure.sourceRefs.length;
    const grade = source !== undefined && /^[A-D]$/.test(source.confidence) ? `<span class="grade grade-${source.confidence}" title="confidence ${source.confidence}">${source.confidence}</span> ` : '';
    const sourceHtml =
      ref === undefined
        ? ''
        : `<span class="kf-source">${count > 1 ? `${count} sources, first: ` : 'Source: '}${grade}` +
          `${source === undefined ? `<code>${escapeHtml(ref)}</code>` : `<a href="#src-${escapeHtml(ref)}">${escapeHtml(source.title)}</a>`}</span>`;
    const value = `<span class="kf-value">${escapeHtml(figure.value)}</span>`;
    const label = `<span class="kf-label">${escapeHtml(figure.label)}</span>`;
    const head = figure.figureKey === undefined ? `${value}${label}` : `<a class="kf-link" href="#fig-${figure.figureKey}">${value}${label}</a>`;
    const ref2 = figure.figureKey === undefined ? '' : ` <a class="ref" href="#fig-${figure.figureKey}">Figure ${figure.figureNumber}</a>`;
    return (
      `<li class="kf kf-${figure.kind}">${head}` +
      `<span class="kf-context">${escapeHtml(keyFigureContext(figure))}${ref2}</span>${sourceHtml}</li>`
    );
  });
  return (
    `<section class="key-figures" id="key-figures" aria-labelledby="key-figures-title">\n<h2 id="key-figures-title">Key figures</h2>\n` +
    `<ul class="kf-grid">\n${items.join('\n')}\n</ul>\n</section>`
  );
}

/**
 * The key findings: each chart's first narrative sentence, the charts the key figures come from first, then
 * the others in the definition's order (the order of importance its author chose).
 */
function summaryHtml(page: ReportPage): string {
  const lead = new Set((page.keyFigures ?? []).map((figure) => figure.figureKey).filter((key) => key !== undefined));
  const ordered = [...page.summary.filter((p) => lead.has(p.figureKey)), ...page.summary.filter((p) => !lead.has(p.figureKey))];
  const points = ordered
    .map((p) => `<li>${escapeHtml(p.text)} <a class="ref" href="#fig-${p.figureKey}">Figure ${p.number}</a></li>`)
    .join('\n');
  const gaps = page.gaps.length > 0 ? `\n<p class="gap-pointer"><a href="#gaps">What the data does not cover</a> (${page.gaps.length} item${page.gaps.length === 1 ? '' : 's'}) is listed in the appendix.</p>` : '';
  return `<section class="summary" id="summary" aria-labelledby="summary-title">\n<h2 id="summary-title">Key findings</h2>\n<ol>\n${points}\n</ol>${gaps}\n</section>`;
}

function gapsHtml(page: ReportPage): string {
  if (page.gaps.length === 0) return '';
  const items = page.gaps
    .map((g) => `<li><a class="ref" href="#fig-${g.figureKey}">Figure ${g.number}</a> ${escapeHtml(g.title)}: ${escapeHtml(g.missing)}</li>`)
    .join('\n');
  return `<section class="gaps-section" id="gaps" aria-labelledby="gaps-title">\n<h3 id="gaps-title">Not in the data</h3>\n<ul class="gaps">\n${items}\n</ul>\n</section>`;
}

function notedFigures(page: ReportPage): ReportFigure[] {
  return page.sections.flatMap((section) => section.figures).filter((figure) => (figure.notes ?? []).length > 0);
}

/** The notes of every figure (methods, flags) beyond the two at most its picture shows. */
function chartNotesHtml(page: ReportPage): string {
  const figures = notedFigures(page);
  if (figures.length === 0) return '';
  const items = figures
    .map(
      (figure) =>
        `<li><a class="ref" href="#fig-${figure.key}">Figure ${figure.number}</a> ${escapeHtml(figure.title)}<ul>` +
        (figure.notes ?? []).map((note) => `<li>${escapeHtml(note)}</li>`).join('') +
        '</ul></li>',
    )
    .join('\n');
  return `<section class="chart-notes" id="chart-notes" aria-labelledby="chart-notes-title">\n<h3 id="chart-notes-title">Further notes on the figures</h3>\n<ul class="notes-list">\n${items}\n</ul>\n</section>`;
}

/** URLs as links (their text is the URL itself, so a printed page shows it); other words as text. */
function urlHtml(url: string): string {
  const parts = url
    .split(/\s;\s|;\s|\s;/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length === 0) return '<span class="none" title="no URL given">–</span>';
  return parts
    .map((part) => {
      // A URL followed by words ("https://... (news release)") links the URL and keeps the words as text.
      const match = /^(https?:\/\/[^\s"'<>]+)(\s.*)?$/i.exec(part);
      if (!match) return `<span>${escapeHtml(part)}</span>`;
      const url = escapeHtml(match[1]!);
      return `<a class="url" href="${url}" rel="noreferrer">${url}</a>${match[2] ? `<span>${escapeHtml(match[2])}</span>` : ''}`;
    })
    .join('<br>');
}

function sourcesHtml(page: ReportPage): string {
  const legend = Object.entries(CONFIDENCE_GRADES)
    .map(([grade, meaning]) => `<li><span class="grade grade-${grade}">${grade}</span> ${escapeHtml(meaning)}</li>`)
    .join('');
  const rows = page.sources
    .map((source) => {
      const grade = /^[A-D]$/.test(source.confidence)
        ? `<span class="grade grade-${source.confidence}">${source.confidence}</span>`
        : '<span class="none" title="not in the dataset\'s sources">–</span>';
      const figures = source.figures.map((n) => `<a href="#${figureIdByNumber(page, n)}">${n}</a>`).join(', ');
      const publisher = source.publisherType ? `<span class="src-publisher"> · ${escapeHtml(source.publisherType)}</span>` : '';
      return (
        `<tr id="src-${escapeHtml(source.ref)}"><td class="grade-cell">${grade}</td>` +
        `<td><span class="src-title">${escapeHtml(source.title)}</span>` +
        `<span class="src-meta"><code>${escapeHtml(source.ref)}</code>${publisher}</span>` +
        `<span class="links">${urlHtml(source.url)}</span></td><td class="figs">${figures}</td></tr>`
      );
    })
    .join('\n');
  return (
    `<section class="sources" id="sources" aria-labelledby="sources-title">\n<h3 id="sources-title">Sources</h3>\n` +
    `<p>The ${page.sources.length} source${page.sources.length === 1 ? '' : 's'} behind the figures above, as the dataset records them. ` +
    `Confidence grades:</p>\n<ul class="legend">${legend}</ul>\n` +
    `<table class="source-table">\n<thead><tr><th scope="col">Grade</th><th scope="col">Source, publisher and where to find it</th>` +
    `<th scope="col">Figures</th></tr></thead>\n` +
    `<tbody>\n${rows}\n</tbody></table>\n</section>`
  );
}

function figureIdByNumber(page: ReportPage, number: number): string {
  for (const section of page.sections) {
    for (const figure of section.figures) if (figure.number === number) return `fig-${figure.key}`;
  }
  return 'sources';
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "1 November 2025", plus the time (UTC) when it is not midnight; the ISO text when it is not a date. */
function readableDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(iso);
  if (!match) return iso;
  const [, year, month, day, hour, minute] = match;
  const date = `${Number(day)} ${MONTHS[Number(month) - 1] ?? month} ${year}`;
  return hour !== undefined && `${hour}:${minute}` !== '00:00' ? `${date}, ${hour}:${minute} UTC` : date;
}

function aboutHtml(page: ReportPage): string {
  const m = page.meta;
  const row = (term: string, value: string) => `<dt>${term}</dt><dd>${value}</dd>`;
  return (
    `<section class="about" id="about" aria-labelledby="about-title">\n<h3 id="about-title">About this report</h3>\n<dl>` +
    row('Generated by', `port-emissions ${escapeHtml(m.toolVersion)}`) +
    row('Dataset', `${escapeHtml(m.datasetTitle)} (<code>${escapeHtml(m.datasetName)}</code>)`) +
    row('Dataset sha256', `<code class="hash">${escapeHtml(m.datasetHash)}</code>`) +
    (m.definitionFile ? row('Report definition', `<code>${escapeHtml(m.definitionFile)}</code>`) : '') +
    (m.baseline ? row('Baseline', escapeHtml(m.baseline)) : '') +
    row('Generated', `<time datetime="${escapeHtml(m.generated)}">${escapeHtml(readableDate(m.generated))}</time> (${escapeHtml(m.generatedBasis)})`) +
    `</dl>\n<p>This file is self-contained: the charts are inline SVG, the font is embedded, and its ` +
    `Content-Security-Policy forbids loading anything from the network. It needs no JavaScript.</p>\n</section>`
  );
}

const STYLE = `
:root{--ink:#1a1a1a;--muted:#555;--rule:#d0d0d0;--paper:#fff;--band:#f4f5f7;--accent:#0b5394}
*{box-sizing:border-box}
html{background:var(--band)}
body{margin:0 auto;max-width:1080px;padding:24px 28px 48px;background:var(--paper);color:var(--ink);
font-family:'DejaVu Sans',sans-serif;font-size:15px;line-height:1.5}
header.title{border-bottom:3px solid var(--accent);padding-bottom:12px;margin-bottom:20px}
h1{font-size:26px;line-height:1.25;margin:0 0 6px}
.subtitle{font-size:17px;color:var(--muted);margin:0 0 8px}
.byline{font-size:13px;color:var(--muted);margin:0}
h2{font-size:20px;margin:36px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--rule)}
h3{font-size:16px;margin:18px 0 8px}
a{color:var(--accent)}
code{font-family:'DejaVu Sans Mono',monospace;font-size:.85em}
.key-figures h2{border:0;margin:18px 0 8px}
.kf-grid{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:12px}
.kf{border:1px solid var(--rule);border-top:4px solid var(--accent);border-radius:4px;padding:10px 14px;display:flex;flex-direction:column;gap:2px}
.kf-link{color:inherit;text-decoration:none;display:flex;flex-direction:column}
.kf-value{font-size:44px;line-height:1.1;font-weight:bold;color:var(--accent);font-variant-numeric:tabular-nums}
.kf-target .kf-value{color:#1b7837}
.kf-label{font-size:16px;font-weight:bold}
.kf-context{font-size:14px;color:var(--muted)}
.kf-source{font-size:12px;color:var(--muted);display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2;overflow:hidden}
.kf-source .grade{font-size:11px}
.summary ol{padding-left:22px}.summary li{margin:6px 0}
.gap-pointer{font-size:14px;color:var(--muted)}
.appendix h3{font-size:17px;margin:24px 0 8px}
.notes-list{font-size:13px;padding-left:18px}.notes-list ul{padding-left:18px;margin:2px 0 8px}
.ref{font-size:12px;white-space:nowrap}
.gaps li{color:#5a3d00}
nav.contents{background:var(--band);padding:10px 18px;border-radius:4px;font-size:14px}
nav.contents h2{font-size:15px;border:0;margin:4px 0}
nav.contents ol{margin:4px 0;padding-left:20px}nav.contents ol ol{list-style:none;padding-left:12px;color:var(--muted)}
.intro{max-width:75ch}
figure.chart{margin:20px 0 28px;padding:14px;border:1px solid var(--rule);border-radius:4px;background:var(--paper)}
.chart-svg{text-align:center;overflow-x:auto}
.chart-svg svg{max-width:100%;height:auto;display:inline-block}
figcaption{margin-top:10px;max-width:85ch}
.figure-title{font-weight:bold;margin:0 0 4px}
.figure-no{display:inline-block;background:var(--accent);color:#fff;font-size:12px;padding:1px 7px;border-radius:3px;margin-right:6px;vertical-align:1px}
.narrative{margin:0 0 6px}
.missing{background:#fff6e0;border-left:4px solid #c98a00;padding:6px 10px;margin:6px 0}
details.data{margin-top:8px;font-size:13px}
details.data summary{cursor:pointer;color:var(--accent)}
.data-sources{font-size:12px;color:var(--muted);margin:6px 0 0;overflow-wrap:anywhere}
.table-wrap{overflow-x:auto;max-height:480px;overflow-y:auto;margin-top:6px}
table{border-collapse:collapse;font-size:13px}
.table-wrap table{width:max-content;max-width:none}
.table-wrap td{max-width:30em}
caption{text-align:left;color:var(--muted);padding:4px 0}
th,td{border-bottom:1px solid var(--rule);padding:3px 8px;text-align:left;vertical-align:top}
th{background:var(--band);position:sticky;top:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.none{color:#888}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:6px 20px;font-size:13px}
.grade{display:inline-block;min-width:1.6em;text-align:center;font-weight:bold;border-radius:3px;color:#fff}
.grade-A{background:#1b7837}.grade-B{background:#2166ac}.grade-C{background:#8c510a}.grade-D{background:#595959}
.source-table{width:100%}.source-table td{font-size:13px;padding:6px 8px}
.source-table th{position:static}
.src-title{font-weight:bold;display:block}
.src-meta{display:block;color:var(--muted)}
.links{display:block;overflow-wrap:anywhere}
.figs{white-space:nowrap}
.about dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;font-size:14px}
.about dt{font-weight:bold}.about dd{margin:0}
.hash{word-break:break-all}
@page{size:A4 landscape;margin:10mm 12mm}
@media print{
html{background:none}
body{max-width:none;padding:0;font-size:10pt;line-height:1.35}
nav.contents,details.data{display:none}
a{color:inherit;text-decoration:none}
a:not(.url):not(.ref)[href^="http"]::after{content:" (" attr(href) ")";font-size:.85em}
header.title{margin-bottom:3mm;padding-bottom:2mm}
h1{font-size:20pt}
.subtitle{font-size:12pt;margin:0 0 2mm}
h2{break-after:avoid;margin:0 0 3mm;font-size:14pt}
.key-figures h2{margin:2mm 0}
.kf-grid{grid-template-columns:repeat(auto-fit,minmax(42mm,1fr));gap:3mm}
.kf{padding:2mm 3mm;break-inside:avoid}
.kf-value{font-size:24pt}
.kf-label{font-size:10pt}
.kf-context{font-size:8.5pt}
.kf-source{font-size:7pt}
.summary{break-after:page;font-size:8.5pt}
.summary h2{margin-top:3mm}
.summary li{margin:0.6mm 0}
.gap-pointer{display:none}
.intro{margin:0 0 2mm}
.report-section{break-before:page}
figure.chart{border:0;padding:0;margin:0;break-inside:avoid}
.report-section figure.chart+figure.chart{break-before:page}
figcaption{max-width:none;margin-top:2mm;font-size:9.5pt}
.chart-svg svg{width:100%;height:auto;max-height:158mm}
.report-section h2+.intro+figure.chart .chart-svg svg,.report-section h2+figure.chart .chart-svg svg{max-height:142mm}
.appendix{break-before:page}
.appendix h2{margin-bottom:2mm}
.appendix h3{font-size:10pt;margin:2mm 0 1mm;break-after:avoid}
.gaps,.notes-list{font-size:7pt;line-height:1.25;margin:0;padding-left:4mm;columns:3;column-gap:6mm}
.gaps li,.notes-list li{margin:0}
.notes-list ul{padding-left:3mm;margin:0.5mm 0 1.5mm}
.notes-list>li{break-inside:avoid}
.sources>p,.legend{font-size:7pt;margin:0.5mm 0}
.source-table{display:block;width:auto;columns:3;column-gap:6mm}
.source-table thead{display:none}
.source-table tbody{display:block}
.source-table tr{display:block;break-inside:avoid;border-bottom:0.5pt solid var(--rule);padding:0.2mm 0;font-size:6pt;line-height:1.2}
.source-table td{display:inline;border:0;padding:0 1mm 0 0;font-size:6pt;line-height:1.2}
.src-title,.src-meta,.links{display:inline}
.src-title{font-weight:normal}
.src-meta{margin-left:1mm}
.src-publisher,.links br{display:none}
.links>*+*{display:none}
.links a.url{display:inline-block;max-width:55mm;overflow:hidden;white-space:nowrap;text-overflow:ellipsis;vertical-align:bottom}
.links{margin-left:1mm}
.figs::before{content:"fig. "}
.grade{min-width:1.3em;font-size:7pt}
th{position:static}
.about{break-before:avoid;font-size:7pt}
.about p{display:none}
.about dl{font-size:7pt;gap:0 4mm;margin:0}
}
`;

/**
 * The complete HTML document of a report page. Deterministic: the same page model gives the same bytes.
 *
 * @throws PortEmissionsError when a chart's SVG is not safe to inline (see assertInlineSvg).
 */
export function renderReportHtml(page: ReportPage): string {
  const subtitle = page.subtitle ? `\n<p class="subtitle">${escapeHtml(page.subtitle)}</p>` : '';
  const byline =
    `<p class="byline">${escapeHtml(page.meta.datasetTitle)} · ` +
    (page.meta.baseline ? `${escapeHtml(page.meta.baseline)} · ` : '') +
    `generated ${escapeHtml(readableDate(page.meta.generated.slice(0, 10)))} by port-emissions ${escapeHtml(page.meta.toolVersion)}</p>`;
  const body = [
    '<body>',
    `<header class="title">\n<h1>${escapeHtml(page.title)}</h1>${subtitle}\n${byline}\n</header>`,
    '<main>',
    ...[keyFiguresHtml(page)].filter((part) => part !== ''),
    summaryHtml(page),
    contentsHtml(page),
    ...page.sections.map((section) => sectionHtml(section, page.sources)),
    '<section class="appendix" id="appendix" aria-labelledby="appendix-title">',
    '<h2 id="appendix-title">Appendix</h2>',
    ...[gapsHtml(page), chartNotesHtml(page)].filter((part) => part !== ''),
    sourcesHtml(page),
    aboutHtml(page),
    '</section>',
    '</main>',
    '</body>',
  ].join('\n');
  // Every character of the body (its markup is a superset of its words and of the inline SVGs' text) and
  // of the style sheet: the font subset then has a glyph for everything the page can draw.
  const fontCss = typeof page.fontCss === 'string' ? page.fontCss : page.fontCss(body + STYLE + page.title);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="port-emissions ${escapeHtml(page.meta.toolVersion)}">`,
    `<meta name="dataset-sha256" content="${escapeHtml(page.meta.datasetHash)}">`,
    `<title>${escapeHtml(page.title)}</title>`,
    `<style>\n${fontCss.trim()}\n${STYLE.trim()}\n</style>`,
    '</head>',
    body,
    '</html>',
    '',
  ].join('\n');
}
