/**
 * The one release-choice rule of port-emissions. Every analysis and every chart that shows one figure where
 * the dataset holds it in several releases (inventories restate earlier years) picks that figure's release
 * here, and nowhere else:
 *
 *   Of the candidate rows of one figure, the row of the latest release: releases ordered by publication
 *   date (`published` in the releases codelist; a release without one is oldest), then codelist position,
 *   then code ({@link releaseComparator}). A combined release ("A+B", a combined port's figure summed from
 *   its members, each picked by this rule) compares part by part.
 *
 * What differs between analyses is only the candidate set, and each states it as ordered tiers: the first
 * tier holding any candidate is used. A chart's figure: every release holding it (one tier). A figure from
 * two years of one release (a reduction against the baseline year, a decomposition between two years): the
 * releases holding both years, those holding the port total first. A trend: the releases holding enough
 * years to fit one. A published figure reconciled: its own release, else the releases whose tonnages give the
 * same figure, else every release holding both years. The choice carries why (which tier, how many releases
 * were passed over), and ChartData.releases says it for each release a chart shows.
 */
import type { Dataset } from '../ingest/dataset.ts';
import { codelistOrder } from './common.ts';

/** The rule in words (the frames of charts and the exports say it). */
export const RELEASE_RULE = 'each figure from the latest release that holds it (by publication date)';

/** One tier of a candidate set: which rows belong to it, and the tier in words ("releases holding both years"). */
export interface CandidateTier<T> {
  words: string;
  holds: (row: T) => boolean;
}

/** The row the rule chose for one figure, its release, and why that one in words. */
export interface ReleasePick<T> {
  row: T;
  release: string;
  /** The releases of the tier the row was chosen from, latest first (the chosen one first). */
  considered: string[];
  /** The tier the row came from, in words. */
  tier: string;
  /** Why this release, e.g. "the latest of 2 releases holding it (over POLA_EI_2008)". */
  why: string;
}

/** Every release holding the figure: the candidate set of a figure that needs one row. */
export const HOLDING_IT = 'releases holding it';

/** The candidate set of a change against the baseline: the releases holding the year and the baseline year. */
export const WITH_BASELINE_YEAR = 'releases holding the year and the baseline year';

const orders = new WeakMap<Dataset, (a: string, b: string) => number>();

/**
 * The release order of the rule: oldest first, so "latest" is last. Combined releases ("A+B") compare part
 * by part. Kept per dataset.
 */
export function releaseOrder(dataset: Dataset): (a: string, b: string) => number {
  let order = orders.get(dataset);
  if (!order) orders.set(dataset, (order = codelistOrder(dataset).release));
  return order;
}

function whyWords(tier: string, considered: readonly string[]): string {
  const others = considered.slice(1);
  return others.length === 0 ? `the only one of the ${tier}` : `the latest of ${considered.length} ${tier} (over ${others.join(', ')})`;
}

/**
 * The rule applied to the candidate rows of one figure: the row of the latest release of the first tier
 * holding any row (default: one tier, every row). Undefined when no tier holds a row. Ties in release (two
 * rows of one release) go to the first row given.
 */
export function chooseRelease<T extends { release: string }>(
  dataset: Dataset,
  rows: readonly T[],
  tiers: readonly CandidateTier<T>[] = [{ words: HOLDING_IT, holds: () => true }],
): ReleasePick<T> | undefined {
  const compare = releaseOrder(dataset);
  for (const tier of tiers) {
    let best: T | undefined;
    const releases = new Set<string>();
    for (const row of rows) {
      if (!tier.holds(row)) continue;
      releases.add(row.release);
      if (best === undefined || compare(row.release, best.release) > 0) best = row;
    }
    if (best === undefined) continue;
    const considered = [...releases].sort((a, b) => compare(b, a));
    return { row: best, release: best.release, considered, tier: tier.words, why: whyWords(tier.words, considered) };
  }
  return undefined;
}

/**
 * The rule applied per figure: rows grouped by `key` (one figure each), each group's pick
 * ({@link chooseRelease}); first-seen key order kept.
 */
export function chooseReleasePerKey<T extends { release: string }>(
  dataset: Dataset,
  rows: readonly T[],
  key: (row: T) => string,
  tiers?: readonly CandidateTier<T>[],
): ReleasePick<T>[] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  const picks: ReleasePick<T>[] = [];
  for (const group of groups.values()) {
    const pick = chooseRelease(dataset, group, tiers);
    if (pick) picks.push(pick);
  }
  return picks;
}

/** The rows of {@link chooseReleasePerKey}'s picks. */
export function latestReleasePerKey<T extends { release: string }>(dataset: Dataset, rows: readonly T[], key: (row: T) => string): T[] {
  return chooseReleasePerKey(dataset, rows, key).map((pick) => pick.row);
}

/**
 * Why each release behind a set of picks was chosen, in words: "12 figures, each the latest of the releases
 * holding it (chosen over X)". Keyed by release (a combined release by its parts).
 */
export function releaseReasons(picks: readonly Pick<ReleasePick<unknown>, 'release' | 'considered' | 'tier'>[]): Map<string, string> {
  const byRelease = new Map<string, { count: number; tier: string; over: Set<string> }>();
  for (const pick of picks) {
    for (const part of pick.release.split('+')) {
      if (part === '') continue;
      let entry = byRelease.get(part);
      if (!entry) byRelease.set(part, (entry = { count: 0, tier: pick.tier, over: new Set() }));
      entry.count++;
      for (const other of pick.considered.slice(1)) for (const o of other.split('+')) if (o !== part && o !== '') entry.over.add(o);
    }
  }
  return new Map(
    [...byRelease].map(([release, { count, tier, over }]) => [
      release,
      `${count === 1 ? '1 figure, the latest of the' : `${count} figures, each the latest of the`} ${tier}${over.size === 0 ? '' : ` (chosen over ${[...over].join(', ')})`}`,
    ]),
  );
}
