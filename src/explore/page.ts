/**
 * The explore page: one self-contained HTML file in which planners compare ports, pollutants, source
 * categories and years. The page carries its script (the project's chart catalogue, bundled with vega) and
 * the dataset inline; its Content-Security-Policy runs only that script (by hash) and forbids every load.
 */
import { createHash } from 'node:crypto';
import { PortEmissionsError } from '../errors.ts';
import type { Dataset } from '../ingest/dataset.ts';
import { FONT_FAMILY } from '../render/fonts.ts';
import { FRAME_TEXT } from '../render/frame.ts';
import { escapeXml } from '../render/xml.ts';
import { writeFileAtomic } from '../report/atomic.ts';
import { TOOL_VERSION } from '../version.ts';
import { exploreClientScript } from './bundle.ts';
import { EXPLORE_DATA_ID, type ExploreData } from './page-data.ts';

/**
 * Size budget of the explore page in bytes (4 MiB): vega, vega-lite and the chart code are about 1.6 MB
 * minified, the embedded San Pedro Bay dataset about 0.5 MB; the rest is room for a larger dataset. A page
 * over the budget is not written.
 */
export const EXPLORE_SIZE_BUDGET = 4 * 1024 * 1024;

/** The explore page as built: its HTML, its size in bytes and the budget it was checked against. */
export interface ExplorePage {
  html: string;
  bytes: number;
  budget: number;
  /** The page's Content-Security-Policy (also in its <meta http-equiv>). */
  csp: string;
}

/** Options of {@link explorePage}. */
export interface ExplorePageOptions {
  /** Size budget in bytes (default EXPLORE_SIZE_BUDGET). */
  budget?: number;
  /** The bundled client script; default: bundled now by exploreClientScript (tests pass one to save time). */
  script?: string;
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** JSON safe inside a <script> element: `<`, U+2028 and U+2029 escaped, so no text can close the element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function css(): string {
  const t = FRAME_TEXT;
  return `
*{box-sizing:border-box}
body{margin:0;font-family:'${FONT_FAMILY}',sans-serif;color:#1a1a1a;background:#ffffff;line-height:1.4}
header,main{max-width:1120px;margin:0 auto;padding:0 16px}
header h1{font-size:22px;margin:16px 0 4px}
header p{margin:0 0 8px;color:#404040;font-size:14px}
#controls{display:flex;flex-wrap:wrap;gap:10px 16px;align-items:flex-end;padding:12px;border:1px solid #d0d0d0;border-radius:6px;background:#f7f7f7;margin:8px 0 12px}
#controls div{display:flex;flex-direction:column;min-width:140px}
label,legend{font-size:13px;font-weight:bold;margin-bottom:2px}
fieldset{border:0;padding:0;margin:0;min-width:140px}
fieldset label{font-weight:normal;display:block;font-size:13.5px;margin:0}
input[type=checkbox]:focus{outline:3px solid #0b5cad;outline-offset:2px}
#points{margin:8px 0 0;padding:6px 8px;border:1px dashed #8a8a8a;border-radius:4px;font-size:13px;color:#404040}
#points:focus{outline:3px solid #0b5cad;outline-offset:2px}
select{font:inherit;font-size:14px;padding:4px;max-width:300px}
select:focus,button:focus,a:focus,summary:focus{outline:3px solid #0b5cad;outline-offset:2px}
.unused{font-size:11.5px;color:#595959}
fieldset .unused{display:block}
#notice{background:#fff6e0;border-left:5px solid #c98a00;padding:6px 10px;font-size:13.5px}
figure{margin:0;padding:16px;border:1px solid #d0d0d0;border-radius:6px;background:#ffffff}
#chart-title{font-size:${t.title.size}px;font-weight:bold;color:${t.title.color};margin:0 0 2px}
#chart-subtitle{font-size:${t.subtitle.size}px;color:${t.subtitle.color};margin:0 0 10px}
#chart{overflow-x:auto}
#chart .mark-symbol path{pointer-events:visible}
#chart-notes{list-style:none;padding:0;margin:10px 0 0;font-size:${t.note.size}px;color:${t.note.color}}
#chart-source{font-size:${t.source.size}px;color:${t.source.color};margin:3px 0 0}
#chart-meta{font-size:${t.meta.size}px;color:${t.meta.color};margin:3px 0 0}
#chart-narrative{font-size:14px;margin:12px 0 0;padding-top:8px;border-top:1px solid #e0e0e0}
.missing{background:#fff6e0;border-left:5px solid #c98a00;padding:6px 10px;font-size:13px}
.actions{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
button,.actions a{font:inherit;font-size:14px;padding:6px 12px;border:1px solid #0b5cad;border-radius:4px;background:#ffffff;color:#0b5cad;cursor:pointer;text-decoration:none}
button:disabled{color:#8a8a8a;border-color:#c0c0c0;cursor:default}
#tooltip{position:absolute;z-index:10;max-width:420px;background:#ffffff;border:1px solid #404040;border-radius:4px;padding:6px 8px;font-size:12.5px;box-shadow:0 2px 6px rgba(0,0,0,.25);pointer-events:none}
#point-ring{position:absolute;z-index:9;width:18px;height:18px;margin:-9px 0 0 -9px;border:3px solid #0b5cad;border-radius:50%;pointer-events:none}
#tooltip dl{margin:0;display:grid;grid-template-columns:auto 1fr;gap:2px 8px}
#tooltip dt{font-weight:bold}
#tooltip dd{margin:0}
details{margin:12px 0 24px}
.table-wrap{overflow-x:auto;max-height:480px}
table{border-collapse:collapse;font-size:12.5px}
th,td{border:1px solid #d0d0d0;padding:3px 6px;text-align:left;white-space:nowrap}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.visually-hidden{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
[hidden],.vega-bindings{display:none!important}
`.trim();
}

function control(key: string, label: string, unused: string): string {
  return (
    `<div><label for="control-${key}">${escapeXml(label)}</label><select id="control-${key}" name="${key}"></select>` +
    `<span class="unused" id="control-${key}-unused" hidden>${escapeXml(unused)}</span></div>`
  );
}

/**
 * The explore page for a dataset: the HTML (controls, chart frame, tooltip, downloads, data table), the
 * dataset's records as JSON and the bundled script inline, under a Content-Security-Policy that allows the
 * page's script and style by their sha256 and nothing else (no network, no other file; images only as data: URLs, from which the PNG download is drawn). Same dataset and sources give the same bytes.
 *
 * @throws PortEmissionsError (exit code 1) when the page exceeds its size budget, naming both sizes.
 */
export async function explorePage(dataset: Dataset, options: ExplorePageOptions = {}): Promise<ExplorePage> {
  const budget = options.budget ?? EXPLORE_SIZE_BUDGET;
  const script = options.script ?? (await exploreClientScript());
  const identity = {
    name: dataset.name,
    title: dataset.title,
    hash: dataset.hash,
    // The dataset's own baseline and normalisation, so the page builds the charts the CLI builds.
    ...(dataset.defaultBaseline ? { defaultBaseline: dataset.defaultBaseline } : {}),
    ...(dataset.defaultNormalisation ? { defaultNormalisation: dataset.defaultNormalisation } : {}),
  };
  const data: ExploreData = { identity, records: dataset.records };
  const style = css();
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(style)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const unused = 'not used by this measure';
  const title = `Explore: ${dataset.title}`;
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeXml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="port-emissions ${escapeXml(TOOL_VERSION)}">
<title>${escapeXml(title)}</title>
<style>${style}</style>
</head>
<body>
<header>
<h1>${escapeXml(title)}</h1>
<p>Choose a measure, a port or ports to compare, a pollutant, a source category, a baseline and years; the chart, its title and its data follow. The address of this page keeps the view: copy the link to share it. Works offline: everything is in this one file.</p>
</header>
<main>
<form id="controls" aria-label="What the chart shows">
${control('measure', 'Measure', '')}
${control('port', 'Port', unused)}
<fieldset id="control-ports" aria-describedby="control-ports-help"><legend>Compare ports</legend><span class="unused" id="control-ports-help">Tick two or more to compare them</span><span class="unused" id="control-ports-unused" hidden>${escapeXml('not used by this measure: it shows one port (choose it under Port)')}</span></fieldset>
${control('per', 'Activity unit', unused)}
${control('pollutant', 'Pollutant', unused)}
${control('category', 'Source category', unused)}
${control('baseline', 'Baseline', unused)}
${control('from', 'From year', unused)}
${control('to', 'To year', unused)}
</form>
<p id="notice" role="note" hidden></p>
<div id="announce" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true"></div>
<figure id="figure" aria-labelledby="chart-title" aria-describedby="chart-narrative">
<h2 id="chart-title">Loading the chart…</h2>
<p id="chart-subtitle" hidden></p>
<div id="chart"></div>
<div id="points" tabindex="0" role="application" aria-roledescription="data point navigator" aria-label="Points of the chart: use the arrow keys to read each one" aria-describedby="points-help" hidden><span id="points-help">Points of the chart: focus here and use the arrow keys (Home, End) to read each plotted figure; Escape hides it.</span></div>
<div id="point-live" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true"></div>
<ul id="chart-notes" hidden></ul>
<p id="chart-source" hidden></p>
<p id="chart-meta" hidden></p>
<p id="chart-narrative" hidden></p>
</figure>
<div class="actions" role="group" aria-label="Take this view away">
<button type="button" id="download-svg" disabled>Download SVG (framed)</button>
<button type="button" id="download-png" disabled>Download PNG</button>
<button type="button" id="download-csv" disabled>Download data (CSV)</button>
<a id="view-link" href="#">Link to this view</a>
</div>
<details>
<summary id="data-summary">Data behind the chart</summary>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="data-summary"><table id="data-table"><thead></thead><tbody></tbody></table></div>
</details>
</main>
<div id="tooltip" role="tooltip" hidden></div>
<div id="point-ring" aria-hidden="true" hidden></div>
<script type="application/json" id="${EXPLORE_DATA_ID}">${scriptJson(data)}</script>
<script>${script}</script>
</body>
</html>
`;
  const bytes = Buffer.byteLength(html, 'utf8');
  if (bytes > budget) {
    throw new PortEmissionsError(
      `The explore page would be ${formatBytes(bytes)}, over its size budget of ${formatBytes(budget)}`,
      { hint: 'the dataset embedded in the page is too large for one file; explore a smaller dataset (e.g. fewer ports or years)' },
    );
  }
  return { html, bytes, budget, csp };
}

/** Bytes in MiB with 2 decimals and the exact count: "4.12 MiB (4,321,000 bytes)". */
export function formatBytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB (${bytes.toLocaleString('en-US')} bytes)`;
}

/**
 * Builds the explore page and writes it to `out` atomically (a page over budget or a failed build writes
 * nothing).
 */
export async function writeExplorePage(dataset: Dataset, out: string, options: ExplorePageOptions = {}): Promise<ExplorePage> {
  const page = await explorePage(dataset, options);
  await writeFileAtomic(out, page.html);
  return page;
}
