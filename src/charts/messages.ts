/**
 * Every text the charts put in a frame note, a `missing`/`gap` notice or a usage error, in one catalogue so
 * the wording stays consistent and tests can compare with it.
 */

const IMPORT_HINT = 'import them with `port-emissions import-table`';

/** The chart texts, by use. */
export const chartMsg = {
  // Usage errors.
  unknownChart: (id: string, ids: readonly string[]) => `unknown chart '${id}': the charts are ${ids.join(', ')}`,
  filterNotTaken: (chart: string, filter: string, taken: readonly string[]) =>
    `chart ${chart} does not take --${filter}; ${taken.length === 0 ? 'it takes no filters' : `it takes ${taken.map((f) => `--${f}`).join(', ')}`}`,

  // What data would fill a chart (BuiltChart.missing / gap).
  missingTons: (what: string) =>
    `${what}: port-wide tons per year for each inventory year (the ports' annual emissions inventories); ${IMPORT_HINT}`,
  missingTonsByCategory: (what: string) =>
    `${what}: tons by source category for each inventory year (the ports' annual inventory tables); ${IMPORT_HINT}`,
  missingTeu: (what: string) => `${what}: container throughput (TEU) per port and calendar year, in the dataset's throughput table`,
  missingIntensity: (what: string) =>
    `${what}: tons and calendar-year TEU for the baseline year and later years of the same port, pollutant and release`,
  missingTargets: (what: string) =>
    `${what}: reduction targets against a named baseline, with tonnages or published % changes against that baseline`,
  missingProjection: (what: string, min: number) =>
    `${what}: at least ${min} years of tonnages of one port, pollutant and source category from one release; ${IMPORT_HINT}`,
  missingRegional: (what: string) =>
    `${what}: the regional NOx figures (basin inventory and projections in tons per day, the carrying capacity, the ocean-going vessel projection) in the dataset's regional table`,
  missingMilestones: (what: string) => `${what}: dated milestones of an agreement in the dataset's milestones table`,
  missingReconcile: (what: string) =>
    `${what}: published % changes together with the tonnages of the same port, pollutant and years they can be recomputed from`,
  missingDecomposition: (what: string) =>
    `${what}: tons and calendar-year TEU of the same port for two years (and tons by source category for the structure effect); ${IMPORT_HINT}`,
  missingCategories: (what: string) => `${what}: tons by source category of a port for the baseline year and a later year, from one release; ${IMPORT_HINT}`,

  // Notes.
  publishedVsComputed: 'Filled points: computed here from tonnages (baseline from the same release). Hollow points: percentages as published, where the dataset has no tonnage.',
  approximateIntensity: 'Hollow points: the TEU of that year or of the baseline year is rounded or derived, so the intensity index is approximate.',
  sumOfCategories: 'Shares are of the sum of the categories reported, not of a published port total: categories not reported are missing.',
  otherTargetsNotCharted: (count: number) =>
    `${count} other target${count === 1 ? ' is' : 's are'} not charted: ${count === 1 ? 'its' : 'their'} progress cannot be computed from the dataset (the data table gives each reason).`,
  conflictingTargets: (values: string) => `Conflicting published values of one target are each drawn and flagged: ${values}.`,
  combinedLeftOut: (port: string, year: number) =>
    `${port} is not shown: its latest figure that can be computed is for ${year}, older than the ports' own figures.`,
  releaseRestates: 'Each annual inventory restates earlier years, so values from different releases are not strictly comparable.',
} as const;
