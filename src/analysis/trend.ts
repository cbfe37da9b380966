/**
 * Theil-Sen trend with Sen's rank-based confidence interval for the slope: a robust line (a median of
 * pairwise slopes), so one or two unusual years, such as the 2020-2021 pandemic swing, move it little.
 * The fit is an immutable value that describes itself (after primap2's method objects).
 */

/** One observation of a series. */
export interface TrendPoint {
  x: number;
  y: number;
}

/** A Theil-Sen fit and a description of what was done. */
export interface TheilSenFit {
  /** Median of the pairwise slopes (y units per x unit). */
  slope: number;
  /** Median of y - slope * x. */
  intercept: number;
  /** Sen's rank-based interval for the slope at `level`; null when there are too few points for it. */
  slopeLower: number | null;
  slopeUpper: number | null;
  level: number;
  n: number;
  /** Number of pairwise slopes (pairs with distinct x). */
  pairs: number;
  /** The pivot the interval lines go through: median x and the fitted value there. */
  xCenter: number;
  yCenter: number;
}

/** The median of values (the mean of the middle two for an even count). */
export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Inverse of the standard normal distribution function (Acklam's rational approximation, relative error
 * below 1.15e-9), for the z of an interval level.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`probability must be in (0, 1), got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** The value at 1-based fractional rank `rank` of sorted values, interpolating between neighbours. */
function atRank(sorted: readonly number[], rank: number): number {
  const lower = Math.floor(rank);
  const fraction = rank - lower;
  const a = sorted[lower - 1]!;
  return fraction === 0 ? a : a + fraction * (sorted[lower]! - a);
}

/**
 * Theil-Sen fit of the points: slope = median of the slopes of every pair with distinct x; intercept =
 * median of y - slope * x. Slope interval (Sen 1968; Gilbert 1987, section 16.4): with N ordered slopes and
 * C = z * sqrt(Var S), where Var S = [n(n-1)(2n+5) - sum over tied y groups t(t-1)(2t+5)] / 18, the bounds
 * are the slopes at ranks (N - C)/2 and (N + C)/2 + 1, interpolated; when those ranks fall outside 1..N (too
 * few points for the level) the bounds are null.
 *
 * @throws RangeError when fewer than 2 distinct x values are given.
 */
export function theilSen(points: readonly TrendPoint[], level = 0.95): TheilSenFit {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const p = points[i]!;
      const q = points[j]!;
      if (p.x !== q.x) slopes.push((q.y - p.y) / (q.x - p.x));
    }
  }
  if (slopes.length === 0) throw new RangeError('a trend needs at least 2 distinct x values');
  slopes.sort((a, b) => a - b);
  const slope = median(slopes);
  const intercept = median(points.map((p) => p.y - slope * p.x));
  const n = points.length;
  const ties = new Map<number, number>();
  for (const p of points) ties.set(p.y, (ties.get(p.y) ?? 0) + 1);
  let tieTerm = 0;
  for (const t of ties.values()) tieTerm += t * (t - 1) * (2 * t + 5);
  const variance = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  const c = normalQuantile(1 - (1 - level) / 2) * Math.sqrt(variance);
  const total = slopes.length;
  const lowerRank = (total - c) / 2;
  const upperRank = (total + c) / 2 + 1;
  const bounded = lowerRank >= 1 && upperRank <= total;
  const xCenter = median(points.map((p) => p.x));
  return {
    slope,
    intercept,
    slopeLower: bounded ? atRank(slopes, lowerRank) : null,
    slopeUpper: bounded ? atRank(slopes, upperRank) : null,
    level,
    n,
    pairs: total,
    xCenter,
    yCenter: intercept + slope * xCenter,
  };
}

/** The fitted value at x, and the interval lines through the pivot with the slope bounds (min, max). */
export function predict(fit: TheilSenFit, x: number): { value: number; lower: number | null; upper: number | null } {
  const value = fit.intercept + fit.slope * x;
  if (fit.slopeLower === null || fit.slopeUpper === null) return { value, lower: null, upper: null };
  const a = fit.yCenter + fit.slopeLower * (x - fit.xCenter);
  const b = fit.yCenter + fit.slopeUpper * (x - fit.xCenter);
  return { value, lower: Math.min(a, b), upper: Math.max(a, b) };
}
