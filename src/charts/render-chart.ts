/**
 * A built chart drawn as one framed SVG (title, subtitle, notes, source line, provenance line around the
 * chart) and, from it, a PNG. The chart stage's only contact with the render stage.
 */
import type { Dataset } from '../ingest/dataset.ts';
import { frameSvg, FRAME_TEXT, wrapText } from '../render/frame.ts';
import { FONT_FAMILY } from '../render/fonts.ts';
import { svgToPng } from '../render/png.ts';
import { renderSvg } from '../render/svg.ts';
import { escapeXml } from '../render/xml.ts';
import { TOOL_VERSION } from '../version.ts';
import { CHART_SIZE, NEUTRAL } from './theme.ts';
import type { BuiltChart } from './types.ts';

/** Options of {@link renderChart}. */
export interface RenderChartOptions {
  /** Prefix of every id in the SVG (default: the chart id). */
  idPrefix?: string;
  /** The provenance line under the source line (default: release, baseline, dataset and tool version). */
  meta?: string;
}

/** A rendered chart: the framed SVG, and the warnings vega or vega-lite gave while drawing it. */
export interface RenderedChart {
  svg: string;
  warnings: string[];
}

/** Sources cited in full (title and grade) up to this many; beyond it, codes and grades. */
const FULL_TITLES = 3;

/**
 * The "Source: ..." line of a chart: for up to three sources their titles with the confidence grade
 * ("POLA press release ... (B)"); for more, every source code with its grade, so the line stays a few
 * lines long and each code can be looked up in the dataset's sources list.
 */
export function sourceLine(dataset: Dataset, refs: readonly string[]): string {
  if (refs.length === 0) return 'Source: none cited';
  const grade = (ref: string) => dataset.codelists.sources.get(ref)?.confidence;
  if (refs.length <= FULL_TITLES) {
    const parts = refs.map((ref) => {
      const source = dataset.codelists.sources.get(ref);
      return source ? `${source.title} (${source.confidence})` : ref;
    });
    return `Source${refs.length > 1 ? 's' : ''}: ${parts.join('; ')}`;
  }
  const grades = new Map<string, number>();
  for (const ref of refs) {
    const g = grade(ref) ?? '?';
    grades.set(g, (grades.get(g) ?? 0) + 1);
  }
  const summary = [...grades].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([g, n]) => `${n} ${g}`).join(', ');
  const parts = refs.map((ref) => (grade(ref) === undefined ? ref : `${ref} (${grade(ref)})`));
  return `Sources: ${refs.length} documents (confidence ${summary}; titles in the dataset's sources list): ${parts.join('; ')}`;
}

/** The provenance line: "Release: ... · Baseline: ... · Dataset <name> <hash12> · port-emissions <version>". */
export function metaLine(chart: BuiltChart, dataset: Dataset): string {
  return [
    chart.frame.release === '' ? '' : `Release: ${chart.frame.release}`,
    chart.frame.baseline === '' ? '' : `Baseline: ${chart.frame.baseline}`,
    `Dataset ${dataset.name} ${dataset.hash.slice(0, 12)}`,
    `port-emissions ${TOOL_VERSION}`,
  ]
    .filter((part) => part !== '')
    .join(' · ');
}

/** The notice drawn in place of a chart whose series the dataset lacks. */
function noticeSvg(missing: string): string {
  const width = CHART_SIZE.width;
  const pad = 16;
  const size = FRAME_TEXT.subtitle.size;
  const lines = wrapText(missing, width - 2 * pad - 8, size);
  const lineHeight = size * 1.35;
  const height = Math.ceil(pad * 2 + 20 + lines.length * lineHeight);
  const text = lines
    .map((line, i) => `<text x="${pad + 8}" y="${(pad + 20 + size + i * lineHeight).toFixed(1)}" font-family="${FONT_FAMILY}" font-size="${size}" fill="${NEUTRAL.text}">${escapeXml(line)}</text>`)
    .join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" fill="#fff6e0" stroke="#c98a00"/>`,
    `<rect x="0" y="0" width="5" height="${height}" fill="#c98a00"/>`,
    `<text x="${pad + 8}" y="${pad + 14}" font-family="${FONT_FAMILY}" font-size="14" font-weight="bold" fill="${NEUTRAL.text}">Not in the data</text>`,
    text,
    '</svg>',
  ].join('\n');
}

/**
 * Draws a built chart as one self-contained SVG: the Vega-Lite spec rendered with the bundled font (or, for
 * a chart whose data is missing, a notice saying what data would fill it), framed with its title,
 * subtitle, notes, the source line (titles or codes of the sources with their confidence grades) and the
 * provenance line; the narrative is the SVG's description (alt text). Every id starts with `idPrefix`
 * (default the chart id). Identical input gives identical bytes.
 */
export async function renderChart(chart: BuiltChart, dataset: Dataset, options: RenderChartOptions = {}): Promise<RenderedChart> {
  const idPrefix = options.idPrefix ?? chart.id;
  const warnings: string[] = [];
  const inner = chart.missing !== undefined ? noticeSvg(chart.missing) : await renderSvg(chart.spec, { idPrefix, onWarning: (m) => warnings.push(m) });
  const svg = frameSvg(
    inner,
    {
      title: chart.frame.title,
      subtitle: chart.frame.subtitle,
      notes: chart.frame.notes,
      source: sourceLine(dataset, chart.frame.sourceRefs),
      meta: options.meta ?? metaLine(chart, dataset),
      description: chart.narrative,
    },
    { idPrefix },
  );
  return { svg, warnings };
}

/** PNG bytes of a rendered chart at `scale` pixels per SVG px (2 for slides and screens, 3 for print). */
export function chartPng(svg: string, scale: number): Buffer {
  return svgToPng(svg, { scale });
}
