/**
 * The analysis stage's public API: pure functions from a Dataset to tidy arquero tables whose rows follow
 * the types in ./types.ts. Re-exports only.
 */
export * from './types.ts';
export { reductionsVsBaseline, reductionRows, REDUCTION_COLUMNS, type ReductionOptions } from './reductions.ts';
export { intensityPer10000Teu, INTENSITY_COLUMNS, type IntensityOptions } from './intensity.ts';
export { targetProgress, compoundAnnualReduction, TARGET_COLUMNS, type TargetOptions } from './targets.ts';
export {
  reconcileIndicators,
  restatementDiff,
  publishedTolerance,
  RECONCILE_COLUMNS,
  RESTATEMENT_COLUMNS,
  type ReconcileOptions,
  type RestatementOptions,
} from './reconcile.ts';
export {
  projectSeries,
  regionalContext,
  fitTrend,
  trendValue,
  MIN_TREND_POINTS,
  PROJECTION_COLUMNS,
  REGIONAL_COLUMNS,
  type ProjectionOptions,
  type RegionalContextOptions,
  type SeriesTrend,
  type TrendDescription,
} from './project.ts';
export { theilSen, predict, normalQuantile, type TheilSenFit, type TrendPoint } from './trend.ts';
export { sourceCategoryShares, phasesCovering, CATEGORY_COLUMNS, type CategoryOptions, type PhaseCover } from './categories.ts';
export { decomposeChange, lmdi, logMean, DECOMPOSITION_COLUMNS, type DecomposeOptions, type LmdiEffects } from './decompose.ts';
export { baselineFor, defaultBaselineId, type BaselineRequest } from './baselines.ts';
export { normalisationFor, normalisationOf, PER_10000_TEU } from './normalisations.ts';
export { chooseTeu, resolveBaseline, type SeriesFilters, type TeuChoice, type ResolvedBaseline } from './common.ts';
export { msg as analysisMessages } from './messages.ts';
