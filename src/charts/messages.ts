/**
 * Every text the charts put in a frame note, a `missing`/`gap` notice or a usage error, in one catalogue so
 * the wording stays consistent and tests can compare with it.
 */

import { fillMsg } from '../analysis/chart-data/messages.ts';

export { fillMsg, gapWords } from '../analysis/chart-data/messages.ts';

/** The chart texts, by use. */
export const chartMsg = {
  // Usage errors.
  unknownChart: (id: string, ids: readonly string[]) => `unknown chart '${id}': the charts are ${ids.join(', ')}`,
  filterNotTaken: (chart: string, filter: string, taken: readonly string[]) =>
    `chart ${chart} does not take the option ${filter}; ${taken.length === 0 ? 'it takes no options' : taken.length === 1 ? `it takes the option ${taken[0]}` : `it takes the options ${taken.slice(0, -1).join(', ')} and ${taken.at(-1)}`}`,

  // What data would fill a chart (BuiltChart.missing / gap).
  missingTons: (what: string) => `${what}: ${fillMsg.tons}`,
  missingTonsByCategory: (what: string) => `${what}: ${fillMsg.tonsByCategory}`,
  missingTeu: (what: string) => `${what}: ${fillMsg.teu}`,
  missingIntensity: (what: string) => `${what}: ${fillMsg.intensity}`,
  missingTargets: (what: string) => `${what}: ${fillMsg.targets}`,
  missingProjection: (what: string, min: number) => `${what}: ${fillMsg.projection(min)}`,
  missingRegional: (what: string) => `${what}: ${fillMsg.regional}`,
  missingMilestones: (what: string) => `${what}: ${fillMsg.milestones}`,
  missingReconcile: (what: string) => `${what}: ${fillMsg.reconcile}`,
  missingDecomposition: (what: string) => `${what}: ${fillMsg.decomposition}`,
  missingCategories: (what: string) => `${what}: ${fillMsg.categories}`,

  // Notes.
  publishedVsComputed: 'Filled points: computed here from tonnages (baseline from the same release). Hollow points: percentages as published, where the dataset has no tonnage.',
  approximateIntensity: 'Hollow points: the TEU of that year or of the baseline year is rounded or derived, so the intensity index is approximate.',
  sumOfCategories: 'Shares are of the sum of the categories reported, not of a published port total: categories not reported are missing.',
  otherTargetsNotCharted: (count: number) =>
    `${count} other target${count === 1 ? ' is' : 's are'} not charted: ${count === 1 ? 'its' : 'their'} progress cannot be computed from the dataset (the data table gives each reason).`,
  conflictingTargets: (values: string) => `Conflicting published values of one target are each drawn and flagged: ${values}.`,
  conflictingTargetsMerged: (values: string) =>
    `Conflicting published values of one target, drawn as one line at the strictest and listed in its label: ${values}.`,
  combinedLeftOut: (port: string, year: number) =>
    `${port} is not shown: its latest figure that can be computed is for ${year}, older than the ports' own figures.`,
  releaseRestates: 'Each annual inventory restates earlier years, so values from different releases are not strictly comparable.',
} as const;
