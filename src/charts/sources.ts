/**
 * The one lookup of source codes in the dataset's sources list, and the one way their confidence grades are
 * written and summed up: for the chart pictures, the report, the deck and the exports.
 */
import type { Dataset } from '../ingest/dataset.ts';

/** A source a chart cites, as the dataset's sources list gives it. */
export interface CitedSource {
  ref: string;
  title: string;
  url: string;
  /** Confidence grade A (high) to D (low); '' when the dataset has no record for the ref. */
  confidence: string;
  /** The publisher's kind (port, regulator, press, ...); '' when the dataset has no record for the ref. */
  publisherType: string;
}

const NOT_LISTED = '(not in the dataset’s sources list)';

/**
 * The sources behind `refs`, in the order given, each once, looked up in the dataset's sources list. A ref the
 * list lacks is still cited (by its code), with an empty url and grade, so a chart never loses a citation.
 */
export function citedSources(dataset: Dataset, refs: readonly string[]): CitedSource[] {
  return [...new Set(refs)].map((ref) => {
    const record = dataset.codelists.sources.get(ref);
    return {
      ref,
      title: record?.title ?? `${ref} ${NOT_LISTED}`,
      url: record?.url ?? '',
      confidence: record?.confidence ?? '',
      publisherType: record?.publisher_type ?? '',
    };
  });
}

/**
 * The name a source's title starts with, for a legend: up to its first comma, quotation mark or parenthesis
 * ("South Coast AQMD 2022 AQMP Control Measures Workshop", "LA Times"); the code when the sources list lacks it.
 */
export function documentName(dataset: Dataset, ref: string): string {
  const title = dataset.codelists.sources.get(ref)?.title.replace(/\s+/g, ' ').trim();
  if (title === undefined || title === '') return ref;
  const cut = title.search(/,\s|\s['"\u2018\u201c(]/);
  return cut > 0 ? title.slice(0, cut) : title;
}

/** Confidence grades in order, best first; a source without a grade comes after every graded one. */
function gradeRank(confidence: string): string {
  return confidence === '' ? '\uffff' : confidence;
}

function byGrade(a: string, b: string): number {
  return gradeRank(a) < gradeRank(b) ? -1 : gradeRank(a) > gradeRank(b) ? 1 : 0;
}

/** `text (confidence A)`, or `text` alone when the source has no grade. */
export function withGrade(text: string, source: Pick<CitedSource, 'confidence'>): string {
  return source.confidence === '' ? text : `${text} (confidence ${source.confidence})`;
}

/** `2 A, 9 B, 18 C, 1 ungraded`: how many sources of each confidence grade, best grade first. */
export function gradeSummary(sources: readonly Pick<CitedSource, 'confidence'>[]): string {
  const grades = new Map<string, number>();
  for (const source of sources) grades.set(source.confidence, (grades.get(source.confidence) ?? 0) + 1);
  return [...grades]
    .sort(([a], [b]) => byGrade(a, b))
    .map(([grade, n]) => `${n} ${grade === '' ? 'ungraded' : grade}`)
    .join(', ');
}

/** Source codes each once, best confidence grade first (ties in the order given). */
export function sourcesByGrade(dataset: Dataset, refs: readonly string[]): string[] {
  return citedSources(dataset, refs)
    .map((source, i) => ({ source, i }))
    .sort((a, b) => byGrade(a.source.confidence, b.source.confidence) || a.i - b.i)
    .map(({ source }) => source.ref);
}
