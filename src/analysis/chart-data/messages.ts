/**
 * What data fills each kind of gap a chart can have, in one catalogue (the charts' notices and the report's
 * list of data gaps say it in these words).
 */
import type { DataGap } from './types.ts';

const IMPORT_HINT = 'import them with `port-emissions import-table`';

/** A data gap in words, as frames, notices and the report's list of gaps write it: "what is missing: what fills it". */
export function gapWords(gap: DataGap): string {
  return gap.fill === '' ? gap.missing : `${gap.missing}: ${gap.fill}`;
}

/** The data that fills each kind of gap (the `fill` of a DataGap). */
export const fillMsg = {
  tons: `port-wide tons per year for each inventory year (the ports' annual emissions inventories); ${IMPORT_HINT}`,
  tonsByCategory: `tons by source category for each inventory year (the ports' annual inventory tables); ${IMPORT_HINT}`,
  teu: "container throughput (TEU) per port and calendar year, in the dataset's throughput table",
  intensity: 'tons and calendar-year TEU for the baseline year and later years of the same port, pollutant and release',
  targets: 'reduction targets against a named baseline, with tonnages or published % changes against that baseline',
  projection: (min: number) => `at least ${min} years of tonnages of one port, pollutant and source category from one release; ${IMPORT_HINT}`,
  regional:
    "the regional NOx figures (basin inventory and projections in tons per day, the carrying capacity, the ocean-going vessel projection) in the dataset's regional table",
  milestones: "dated milestones of an agreement in the dataset's milestones table",
  reconcile: 'published % changes together with the tonnages of the same port, pollutant and years they can be recomputed from',
  decomposition: `tons and calendar-year TEU of the same port for two years (and tons by source category for the structure effect); ${IMPORT_HINT}`,
  categories: `tons by source category of a port for the baseline year and a later year, from one release; ${IMPORT_HINT}`,
} as const;

