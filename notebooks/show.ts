/**
 * Showing results in a notebook on the Deno kernel: charts as PNG (drawn by the project's render layer),
 * tables as HTML with a plain-text fallback. Only display code lives here; every figure comes from the
 * library in ../src. PNG, not SVG: nbconvert's HTML export drops SVG outputs, and a PNG pastes anywhere.
 */
import { Buffer } from 'node:buffer';
import type { ColumnTable } from 'arquero';
import type { BuiltChart } from '../src/charts/types.ts';
import type { Dataset } from '../src/ingest/dataset.ts';
import { frameSvg, renderSvg, svgSize, svgToPng, type ChartFrame, type ChartSpec } from '../src/render/index.ts';

/** Pixels per SVG px of the PNGs shown: sharp on high-density screens, shown at the SVG's own width. */
export const PNG_SCALE = 2;

// Deno's kernel publishes outputs on a ZeroMQ PUB socket that silently drops a message while its send
// buffer still holds the previous one, and flushes that buffer only when the next message is sent. After
// each output we wait long enough for the frontend to drain the socket (longer for larger outputs), so the
// next send can flush the rest at once. Every output is numbered; when notebooks/run.sh sets
// PORT_EMISSIONS_DISPLAY_LOG, each number sent is written there and run.sh checks that all of them arrived.
const PACE_MS = 25;
const BYTES_PER_MS = 4096;
const DISPLAY_LOG = Deno.env.get('PORT_EMISSIONS_DISPLAY_LOG');
let displays = 0;

/** Sends one output (a MIME bundle), numbered, logged and paced as described above. */
async function publish(data: Record<string, string>, metadata: Record<string, unknown> = {}): Promise<void> {
  displays += 1;
  await Deno.jupyter.broadcast('display_data', { data, metadata: { ...metadata, 'port-emissions': { display: displays } }, transient: {} });
  if (DISPLAY_LOG) Deno.writeTextFileSync(DISPLAY_LOG, `${displays}\n`, { append: true });
  const bytes = Object.values(data).reduce((sum, value) => sum + value.length, 0);
  await new Promise((resolve) => setTimeout(resolve, PACE_MS + bytes / BYTES_PER_MS));
}

/** Shows an SVG as a PNG at the SVG's width, with `alt` as the plain-text fallback. */
export async function showSvg(svg: string, alt: string): Promise<void> {
  const png = svgToPng(svg, { scale: PNG_SCALE });
  const { width } = svgSize(svg);
  await publish({ 'image/png': Buffer.from(png).toString('base64'), 'text/plain': alt }, { 'image/png': { width: Math.round(width) } });
}

/**
 * Draws a Vega-Lite spec with the project's renderer (bundled fonts, inline data only), frames it with a
 * title, subtitle, notes and source line, and shows it.
 */
export async function showSpec(spec: ChartSpec, frame: ChartFrame, idPrefix: string): Promise<void> {
  const warnings: string[] = [];
  const inner = await renderSvg(spec, { idPrefix, onWarning: (message) => warnings.push(message) });
  const svg = frameSvg(inner, frame, { idPrefix });
  await showSvg(svg, [frame.title, frame.subtitle ?? '', ...warnings.map((w) => `warning: ${w}`)].filter(Boolean).join('\n'));
}

/**
 * Shows a chart of the catalogue (`buildChart(id, dataset, filters)`) as the report draws it: framed with
 * its title, notes, source line (with confidence grades) and provenance line; its narrative is the alt text.
 */
export async function showChart(chart: BuiltChart, dataset: Dataset): Promise<void> {
  // Loaded on first use, so the notebooks that draw only their own specs do not load the chart stage.
  const { renderChart } = await import('../src/charts/render-chart.ts');
  const { svg, warnings } = await renderChart(chart, dataset);
  await showSvg(svg, [chart.narrative, ...warnings.map((w) => `warning: ${w}`)].join('\n'));
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(cellText).join('; ');
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
  return String(value);
}

/**
 * Shows a table (an arquero table or plain rows): HTML for Jupyter, aligned text for a terminal. Numbers
 * are shown to 2 decimals at most (the data keep every digit); lists are joined with "; ". At most
 * `limit` rows (default 40), with a line saying how many were left out.
 */
export async function showTable(
  table: ColumnTable | readonly Record<string, unknown>[],
  options: { columns?: string[]; limit?: number; caption?: string } = {},
): Promise<void> {
  const rows = Array.isArray(table) ? (table as Record<string, unknown>[]) : ((table as ColumnTable).objects() as Record<string, unknown>[]);
  const columns = options.columns ?? (Array.isArray(table) ? Object.keys(rows[0] ?? {}) : (table as ColumnTable).columnNames());
  const limit = options.limit ?? 40;
  const shown = rows.slice(0, limit);
  const cells = shown.map((row) => columns.map((column) => cellText(row[column])));
  const numeric = columns.map((column) => shown.some((row) => typeof row[column] === 'number'));
  const more = rows.length > shown.length ? `${rows.length - shown.length} more rows not shown (${rows.length} in all)` : '';

  const align = (i: number) => (numeric[i] ? ' style="text-align:right"' : ' style="text-align:left"');
  const html = [
    '<table>',
    options.caption ? `<caption style="text-align:left;font-weight:bold">${escapeHtml(options.caption)}</caption>` : '',
    `<thead><tr>${columns.map((c, i) => `<th${align(i)}>${escapeHtml(c)}</th>`).join('')}</tr></thead>`,
    `<tbody>${cells.map((row) => `<tr>${row.map((c, i) => `<td${align(i)}>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody>`,
    '</table>',
    more ? `<p><em>${escapeHtml(more)}</em></p>` : '',
  ].join('');

  const widths = columns.map((c, i) => Math.min(60, Math.max(c.length, ...cells.map((row) => row[i]!.length))));
  const pad = (text: string, i: number) => {
    const cut = text.length > widths[i]! ? `${text.slice(0, widths[i]! - 1)}…` : text;
    return numeric[i] ? cut.padStart(widths[i]!) : cut.padEnd(widths[i]!);
  };
  const plain = [
    options.caption ?? '',
    columns.map(pad).join('  '),
    ...cells.map((row) => row.map(pad).join('  ')),
    more,
  ]
    .filter((line) => line !== '')
    .join('\n');

  await publish({ 'text/html': html, 'text/plain': plain });
}

/** Shows Markdown computed from the data (a sentence with figures, a list of problems). */
export async function showMarkdown(text: string): Promise<void> {
  await publish({ 'text/markdown': text, 'text/plain': text });
}

/**
 * Shows plain text (a CSV, a table as published). Use this rather than console.log: the kernel sends
 * printed text on its own schedule, and it can land under the next cell.
 */
export async function showText(text: string): Promise<void> {
  await publish({ 'text/plain': text });
}
