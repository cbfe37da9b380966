/**
 * Every text the analyses put in a `reason`, `cause`, `evidence` or `method` field, and every usage error
 * they raise, in one catalogue (as vega-lite keeps its messages), so wording stays consistent and tests can
 * compare with it.
 */
import type { TrendDescription } from './project.ts';

const list = (items: readonly (string | number)[]): string => items.join(', ');
/** A number for a message: integers as they are, others to `digits` decimals. */
const fmt = (value: number, digits = 1): string => (Number.isInteger(value) ? String(value) : value.toFixed(digits));
/** Tons as published (891.6, 185), to at most 3 decimals and without trailing zeros or float noise. */
const tons = (value: number): string => String(Number(value.toFixed(3)));
const categoryWords = (category: string): string => (category === 'all' ? 'port total' : category);

export const msg = {
  // Usage errors.
  unknownCode: (kind: string, value: string, codes: readonly string[]) =>
    `unknown ${kind} '${value}': valid ${kind === 'source category' ? 'source categories' : `${kind}s`} are ${codes.length === 0 ? '(none in this dataset)' : list(codes)}`,
  yearsReversed: (from: number, to: number) => `the option from (${from}) is after the option to (${to})`,
  releaseUnknownForDiff: (release: string, codes: readonly string[]) => `unknown release '${release}': valid releases are ${list(codes)}`,
  decomposeNeeds: (what: string) => `a decomposition needs ${what}`,

  // Baselines.
  noDefaultBaseline: (declared: readonly string[]) =>
    `no baseline to measure from: none was named and the dataset declares no default baseline (baselines declared: ${declared.length === 0 ? 'none' : list(declared)})`,
  noDefaultBaselineHint:
    'name one with the option baseline, or declare a default: "default_baseline" in datapackage.json, or a port\'s own in the baseline column of codelists/ports.csv',
  baselineUnknown: (baselineId: string) => `baseline ${baselineId} is not declared in the dataset's baselines`,
  baselineNotForPort: (baselineId: string, port: string) =>
    `baseline ${baselineId} has no year for ${port} (no row for ${port} and no row for all ports)`,
  baselineMissingInRelease: (release: string, pollutant: string, category: string, year: number, baselineId: string, others: readonly string[]) =>
    `release ${release} has no ${pollutant} ${categoryWords(category)} value for ${year}, the ${baselineId} baseline year` +
    (others.length > 0
      ? `; ${others.length === 1 ? 'release' : 'releases'} ${list(others)} ${others.length === 1 ? 'has' : 'have'} one, not used: each inventory restates earlier years, so the baseline must come from the same release`
      : ''),
  baselineZero: (year: number) => `the ${year} baseline value is 0: a percent change is undefined`,
  baselineTooSmall: (year: number) => `the ${year} baseline value is too small for this value: the percent change passes the largest number, so it is undefined`,
  unitsDiffer: (unit: string, baseUnit: string, year: number) => `the ${year} baseline is in ${baseUnit} and the value in ${unit}: not comparable`,

  // Combined ports.
  combinedMemberMissing: (combined: string, missing: readonly string[], pollutant: string, category: string, year: number) =>
    `${combined} not computed: ${list(missing)} ${missing.length === 1 ? 'has' : 'have'} no ${pollutant} ${categoryWords(category)} value for ${year}`,
  combinedUnitsDiffer: (combined: string, units: readonly string[]) => `${combined} not computed: members report in different units (${list(units)})`,
  combinedBaselineMissing: (combined: string, reasons: readonly string[]) => `${combined} baseline not computed: ${reasons.join('; ')}`,
  combinedBaselineYearsDiffer: (years: readonly string[]) =>
    `members' baseline years differ (${list(years)}): the combined baseline sums each member at its own year`,

  // TEU.
  teuMissing: (port: string, year: number) => `no TEU figure for ${port} ${year}`,
  activityMissing: (measure: string, port: string, year: number) => `no ${measure} figure for ${port} ${year} (throughput rows with measure ${measure})`,
  teuPartialOnly: (port: string, year: number) => `no calendar-year TEU for ${port} ${year} (only a partial-year figure, not used)`,
  teuZero: (port: string, year: number) => `TEU for ${port} ${year} is 0: an intensity is undefined`,
  teuSum: (members: readonly string[]) => `sum of ${list(members)}`,
  teuChosen: (precision: string, count: number) => `${precision}, chosen among ${count} figures`,
  intensityNoBaseline: (reason: string) => `no index: ${reason}`,
  intensityNoBaselineTeu: (reason: string) => `no intensity index: ${reason} (baseline year)`,
  indexOverflow: (year: number) => `no index: the ${year} baseline value is too small for this value, so the index passes the largest number`,

  // Targets.
  targetKindNotComputable: (kind: string, what: string) =>
    ({
      reduction_vs_projection: `not computable: a reduction of ${what} measured against a projected no-plan scenario that the dataset does not hold`,
      fleet_share: `not computable: a fleet share (${what}); the dataset holds no fleet composition`,
      mode_share: `not computable: a cargo mode share (${what}); the dataset holds no mode split`,
      emissions_cap: `not computable as port progress: a regional emissions cap (${what}); see the regional context (the ogv-2030 chart)`,
      cost: `not computable: a cost estimate (${what}), not an emissions target`,
      regulation: `not computable: a regulatory requirement (${what}); compliance data are not in the dataset`,
    })[kind] ?? `not computable: a ${kind} target (${what})`,
  targetNoPollutant: (what: string) => `not computable: the target is not a pollutant tonnage (${what}) and the dataset holds no such estimates`,
  targetNoBaseline: () => 'not computable: the target names no baseline',
  targetNoValue: () => 'not computable: the target publishes no percentage',
  targetNoEvidence: (port: string, pollutant: string, baselineId: string, asOf: number | undefined) =>
    `no ${pollutant} tonnage for ${port} with a ${baselineId} baseline value in the same release, and no published ${pollutant} change relative to ${baselineId}${asOf === undefined ? '' : ` up to ${asOf}`}`,
  targetNoHistory: (year: number) => `no historical rate: the only evidence is for ${year}, the baseline year`,
  targetNoYear: () => 'no required rate: the target has no single target year',
  targetYearPassed: (targetYear: number, latest: number) => `target year ${targetYear} is not after the latest evidence (${latest}) and the target is not met`,
  targetYearNoEvidence: (targetYear: number) => `no evidence for ${targetYear} itself: whether it was met by the target year is unknown`,
  targetCombinedStops: (port: string, year: number, later: readonly string[]) =>
    `the ${port} figure stops in ${year}: later years are published per port only (${list(later)})`,
  targetConflict: (group: string) => `one of several published values of the same target (conflict group ${group})`,

  // Reconciliation.
  reconcileMetric: (metric: string) =>
    ({
      per_container: 'not computable: a change per container needs container counts, which the dataset does not hold',
      per_engine: 'not computable: a change per engine needs engine counts, which the dataset does not hold',
      fleet_emission_rate: 'not computable: a fleet emission rate needs fleet activity data, which the dataset does not hold',
    })[metric] ?? `not computable: metric ${metric} cannot be recomputed from tonnages`,
  notComputable: (reason: string) => `not computable: ${reason}`,
  reconcileUnstated: () => 'not computable: the source does not say what the change is relative to',
  reconcileUnknownRelative: (relative: string) => `not computable: relative to ${relative}, which is not a baseline of the dataset, prior_year or a year`,
  reconcileNoTons: (port: string, pollutant: string, category: string, years: readonly number[]) =>
    `not computable: no ${pollutant} ${categoryWords(category)} tonnage for ${port} ${years.join(' or ')}`,
  reconcileNoCommonRelease: (port: string, pollutant: string, category: string, year: number, reference: number) =>
    `not computable: no release holds ${port} ${pollutant} ${categoryWords(category)} tonnages for both ${reference} and ${year}`,
  reconcileZeroTeu: (port: string) => `not computable: a TEU figure or the reference tonnage for ${port} is 0`,
  reconcileAgreesWithEarlier: (release: string, latest: string, latestValue: number, unit: '%' | 't' = '%') =>
    `agrees with release ${release}; the latest release ${latest} gives ${fmt(latestValue)}${unit === '%' ? '%' : ' t'}`,
  reconcilePerTeu: (per: { measure: string; label: string }, matchesAbsolute: boolean, value: number) =>
    matchesAbsolute
      ? `per-${per.measure} vs absolute: the published figure matches the absolute change (${fmt(value)}%)`
      : `per-${per.measure} vs absolute: the published figure matches the change ${per.label} (${fmt(value)}%)`,
  reconcileRoundedTons: (value: number, reference: number, low: number, high: number) =>
    `rounded tonnages: with ${fmt(value, 3)} and ${fmt(reference, 3)} t each rounded to their last digit, the change lies between ${fmt(low)}% and ${fmt(high)}%, which includes the published figure`,
  reconcileRoundedTonsReduced: (value: number, reference: number, low: number, high: number) =>
    `rounded tonnages: with ${tons(reference)} and ${tons(value)} t each rounded to their last digit, the reduction lies between ${tons(low)} and ${tons(high)} t, which includes the published figure`,
  reconcileNoBaseline: () => 'not computable: the row names no baseline to count the tons reduced from',
  reconcileTonsUnits: (published: string, tonnage: string) =>
    `not computable: the tons reduced are in ${published} and the tonnages in ${tonnage}; a reduction is recomputed only from annual tonnages in the same mass unit`,
  reconcileRoundedTeu: (notes: readonly string[]) => `rounded TEU: ${list(notes)}`,
  reconcileRestated: (port: string, year: number, isReference: boolean, values: readonly string[]) =>
    `restated ${isReference ? 'baseline ' : ''}${port === '' ? '' : `${port} `}${year} value: ${list(values)}`,
  reconcileOtherReleaseAgrees: (release: string) => `different release: release ${release} agrees`,
  reconcileDifferentRelease: (published: string, computed: string) =>
    `different release: published with ${published}, whose tonnages the dataset does not hold; recomputed from ${computed} (each inventory restates earlier years)`,
  reconcileReleaseUnnamed: (computed: string) =>
    `likely a different release: the source does not name its inventory edition; recomputed from ${computed} (each inventory restates earlier years)`,
  reconcileQualifier: (qualifier: string) => `the published figure is ${qualifier.replace('_', ' ')}`,
  reconcileUnexplained: () => 'unexplained: no restatement, release or per-TEU difference found in the dataset',
  reconcileTonsUnexplained: () => 'unexplained: no restatement, release or rounding difference found in the dataset',
  restatementUnits: (a: string, b: string) => `units ${a} and ${b} cannot be compared (no defined conversion)`,

  // Projection.
  trendMethod: (d: Omit<TrendDescription, 'method' | 'text'> & { fellBack: boolean; quantity: 'tons' | 'index' }) => {
    const unit = d.scale === 'log' ? '% per year' : d.quantity === 'tons' ? ' t per year' : ' points per year';
    const what = d.scale === 'log' ? `ln(${d.quantity === 'tons' ? 'tons' : 'index'}) (a constant % change per year)` : `${d.quantity === 'tons' ? 'tons' : 'the index'} (projections below 0 shown as 0)`;
    const level = `${fmt(d.level * 100)}%`;
    const interval =
      d.slopeLower === null || d.slopeUpper === null
        ? `too few points for a ${level} rank-based interval`
        : `${level} rank-based (Sen) interval for the slope ${fmt(d.slopeLower)} to ${fmt(d.slopeUpper)}${unit}, drawn through the fit at the median year (the intercept's uncertainty is not included)`;
    return `Theil-Sen on ${what}${d.fellBack ? ', linear because the series holds a zero' : ''}: median of ${d.pairs} pairwise slopes from ${d.points} points, ${d.firstYear}-${d.lastYear}: ${fmt(d.slopePerYear)}${unit}; ${interval}`;
  },
  projectIndexNote: (baselineId: string) =>
    `the published % vs ${baselineId} as an index (baseline = 100); each year as published then, against that edition's own restated baseline`,
  projectWindow: (from: number, until: number) => `the option from (${from}) is after the option until (${until})`,
  projectHorizon: (year: number, first: number, last: number, most: number) =>
    `the option to (${year}) is outside the projection horizon ${first}-${last + most}: a trend is projected from the first observed year (${first}) to at most ${most} years after the last (${last})`,
  projectTooFew: (n: number, min: number) => `${n} ${n === 1 ? 'point' : 'points'}: a trend needs at least ${min}; no projection`,
  projectMethod: (method: string) => `unknown projection method '${method}': the method is theil-sen`,
  projectLevel: (level: number) => `interval level ${level} must be between 0 and 1 (e.g. 0.95)`,
  projectNoBaselineValue: (year: number, release: string, pct: number) =>
    `release ${release} has no ${year} baseline value to turn the ${fmt(pct)}% target into tons`,
  projectOtherTargets: (others: readonly string[]) => `strictest target used; also published: ${list(others)}`,

  // Regional context.
  regionalUnitUnknown: (unit: string) => `unit ${unit} is not declared in the units codelist`,
  regionalShare: () => 'a share, not a mass',
  regionalNotRate: (unit: string) => `${unit} is not a mass per time: no tons per year`,
  regionalTonUnstated: () => '; ton type unstated: the result stays in the source\'s ton',
  regionalPortItem: (category: string, release: string) => `${category} (port inventory, release ${release})`,

  // Source categories.
  categoriesSumTotal: (codes: readonly string[]) =>
    `total is the sum of the ${codes.length} ${codes.length === 1 ? 'category' : 'categories'} reported (${list(codes)}), not a published port total: categories not reported are missing from it`,
  categoriesUnit: (unit: string) => `no share: ${unit} differs from the other categories' unit`,
  categoriesShareOverflow: () => 'share not computable: the total is too small for a share in floating point',
  categoriesTotalZero: () => 'no share: the total is 0',
  categoriesNoPhase: (category: string) => `no phase of the milestones covers ${category}`,
  categoriesOtherPhases: (phases: readonly string[]) => `also covered by ${list(phases)}`,

  // Decomposition.
  decomposeYears: (from: number, to: number) => `the option from (${from}) must be before the option to (${to})`,
  decomposeNoFrom: (reason: string) => `no first year for the decomposition: ${reason}`,
  decomposeNoRelease: (port: string, pollutant: string, from: number, to: number | undefined) =>
    `no release holds ${port} ${pollutant} tonnages for ${from} and ${to === undefined ? 'a later year' : to}`,
  decomposeMembersDiffer: (port: string) => `${port}: the members' releases do not cover the same years in one unit`,
  decomposeCombinedStructure: (port: string) => `no structure effect for ${port}: its members' categories come from different releases`,
  decomposeSumOfCategories: (year: number, codes: readonly string[]) =>
    `the ${year} total is the sum of the ${codes.length} ${codes.length === 1 ? 'category' : 'categories'} reported (${list(codes)}), not a published port total`,
  decomposeSumOfMembers: (year: number) => `the ${year} total sums member figures that are not all published port totals`,
  decomposeZero: (what: string, year: number) =>
    `not computable: ${what} in ${year} is 0; the logarithmic mean is undefined there (refused rather than substituting a small value)`,
  decomposeOverflow: (from: number, to: number) =>
    `the tonnages of ${from} and ${to} are too far apart for the logarithms of the decomposition in floating point`,
  decomposeNoCategories: (release: string) => `no structure effect: release ${release} has no source categories for both years`,
  decomposeCoverage: (year: number, sum: number, total: number) =>
    `no structure effect: the categories reported for ${year} sum to ${fmt(sum, 2)} of a total of ${fmt(total, 2)}`,
} as const;

export { fmt };
