/**
 * What the explore page's HTML and its script agree on: the id of the embedded dataset, its shape and the
 * PNG scale. No imports that need Node or the DOM.
 */
import type { DatasetRecords } from '../ingest/dataset.ts';

/** Id of the `<script type="application/json">` element that carries the dataset. */
export const EXPLORE_DATA_ID = 'explore-data';

/** Pixels per SVG px of the PNG download (2: sharp on screens and slides, as `chart --format png`). */
export const EXPLORE_PNG_SCALE = 2;

/** The dataset as the page embeds it: its identity (so the provenance line names it) and its records. */
export interface ExploreData {
  identity: { name: string; title: string; hash: string; defaultBaseline?: string; defaultNormalisation?: string };
  records: DatasetRecords;
}
