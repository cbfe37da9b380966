/**
 * The report's size budget, checked when the report is built: a report over budget is refused with what made
 * it large, before anything is written (a 100 KB title repeated in every chart's caption, table and alt text
 * turns into tens of megabytes of HTML).
 */
import { PortEmissionsError } from '../errors.ts';
import { REPORT_SIZE_BUDGET } from './html.ts';

/** One part of a report, for the size breakdown. */
export interface ReportPart {
  /** How the message names it, e.g. `chart "reductions"`. */
  label: string;
  bytes: number;
}

/** The parts of a built report worth naming when it is too large: each chart's SVG and the embedded font. */
export function reportParts(charts: readonly { id: string; svg: string }[], fontCss: string): ReportPart[] {
  return [
    ...charts.map((chart) => ({ label: `chart "${chart.id}"`, bytes: Buffer.byteLength(chart.svg) })),
    { label: 'embedded font', bytes: Buffer.byteLength(fontCss) },
  ];
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The longest run of text between two tags of `html`, unescaped enough to recognise (first 60 characters). */
function longestText(html: string): { length: number; start: string } | undefined {
  let best: { length: number; start: string } | undefined;
  for (const match of html.matchAll(/>([^<]{200,})</g)) {
    const text = match[1]!;
    if (best === undefined || text.length > best.length) best = { length: text.length, start: text.slice(0, 60) };
  }
  return best;
}

/**
 * Refuses a report whose HTML is larger than `budget` bytes (default {@link REPORT_SIZE_BUDGET}, 5 MiB),
 * naming the largest parts (`parts`: each chart's inline SVG, the embedded font, ...) and the longest text in
 * the page, which is what usually makes a report large.
 *
 * @param file Where the report comes from (the definition file), for the message's location.
 * @throws PortEmissionsError (exit code 1).
 */
export function assertReportSize(html: string, parts: readonly ReportPart[], file: string | undefined, budget: number = REPORT_SIZE_BUDGET): void {
  const bytes = Buffer.byteLength(html);
  if (bytes <= budget) return;
  const largest = [...parts]
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 3)
    .map((part) => `${part.label} ${megabytes(part.bytes)}`);
  const accounted = parts.reduce((sum, part) => sum + part.bytes, 0);
  if (bytes - accounted >= 0.05 * 1024 * 1024) largest.push(`captions, tables and text ${megabytes(bytes - accounted)}`);
  const text = longestText(html);
  const long = text === undefined ? '' : `; the longest text in the page is ${text.length.toLocaleString('en-US')} characters ("${text.start.slice(0, 40)}...")`;
  throw new PortEmissionsError(`the report would be ${megabytes(bytes)}, over its ${megabytes(budget)} budget: ${largest.join(', ')}${long}`, {
    exitCode: 1,
    ...(file === undefined || file === '' ? {} : { location: { file } }),
    hint: 'shorten the long titles, labels or notes in the dataset (or the definition), or split the report into smaller ones',
  });
}
