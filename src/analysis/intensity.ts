/**
 * Emissions intensity: tons per 10,000 TEU, with the tons and the intensity indexed to the baseline year.
 */
import type { Dataset } from '../ingest/dataset.ts';
import type { Normalisation } from '../schema/codelists.ts';
import { checkFilters, chooseTeu, codelistOrder, passes, scopedToPort, seriesFields, seriesYearOrder, unique, type TeuChoice } from './common.ts';
import { msg } from './messages.ts';
import { baselineFor } from './baselines.ts';
import { normalisationFor } from './normalisations.ts';
import { reductionRows, type ReductionOptions } from './reductions.ts';
import { INTENSITY_ROW, toTable, type AnalysisTable, type IntensityRow, type ReductionRow } from './types.ts';

/** Options of {@link intensityPer10000Teu}: the reductions', and the normalisation (default: the dataset's, else per 10,000 TEU). */
export type IntensityOptions = ReductionOptions & { normalisation?: string };

/** Column order of the table (its row schema: INTENSITY_ROW in ./types.ts). */
export const INTENSITY_COLUMNS = INTENSITY_ROW.columns;

/**
 * Tons per 10,000 TEU (or per the activity measure of the normalisation named, e.g. per 10,000 tons of cargo)
 * for every absolute inventory tonnage (ports and combined ports where computable),
 * with `tons_index` and `intensity_index` = 100 in the baseline year (the port's or dataset's default baseline unless named; same release, as
 * in {@link reductionsVsBaseline}).
 *
 * TEU: one calendar-year figure per port and year, never a partial-year one; exact > derived > rounded,
 * ties to the figure with more significant digits, then the smallest source_ref (see `chooseTeu`). A
 * combined port uses the sum of its members' figures. `approximate` is true when this year's or the
 * baseline year's TEU is not exact. `intensity` is in the tonnage's unit per 10,000 TEU. Where a figure
 * cannot be computed it is null and `reason` says why (reasons joined with "; "). Rows are sorted as the
 * reductions' (port, pollutant, category, year, release).
 *
 * @throws PortEmissionsError (exit code 2) for an unknown baseline, port, pollutant, category or release.
 */
export function intensityPer10000Teu(dataset: Dataset, options: IntensityOptions = {}): AnalysisTable<IntensityRow> {
  checkFilters(dataset, options);
  const baselineId = baselineFor(dataset, options);
  const normalisation = normalisationFor(dataset, options.normalisation);
  dataset = scopedToPort(dataset, options.port); // the rows of other ports cannot change this port's
  const activityOf = activityLookup(dataset, normalisation.measure);
  const rows = reductionRows(dataset, baselineId)
    .filter((r): r is ReductionRow & { value: number } => r.value !== null && passes(r, options))
    .map((r) => intensityRow(r, activityOf, normalisation, baselineId))
    .sort(seriesYearOrder<IntensityRow>(codelistOrder(dataset)));
  return toTable(rows, INTENSITY_ROW);
}

type ActivityOf = (port: string, year: number) => TeuChoice | { reason: string };

/** The activity figure (TEU, or the normalisation's measure) chosen for a port and year, each chosen once. */
function activityLookup(dataset: Dataset, measure: string): ActivityOf {
  const chosen = new Map<string, TeuChoice | { reason: string }>();
  return (port, year) => {
    const key = `${port}\u0000${year}`;
    let choice = chosen.get(key);
    if (!choice) chosen.set(key, (choice = chooseTeu(dataset, port, year, measure)));
    return choice;
  };
}

/** value / base x 100; null when the base is 0 or the ratio passes the largest number (a base near 5e-324). */
function indexed(value: number, base: number): number | null {
  const index = (value / base) * 100;
  return base === 0 || !Number.isFinite(index) ? null : index;
}

/** The baseline year's activity figure and intensity behind the intensity index, or why there is none. */
function baselineIntensityOf(
  r: ReductionRow,
  activityOf: ActivityOf,
  per: number,
): { teu: number; intensity: number; approximate: boolean } | { reason: string } {
  if (r.baseline_value === null || r.baseline_year === null) return { reason: msg.intensityNoBaseline(r.reason) };
  const base = activityOf(r.port, r.baseline_year);
  if (!('teu' in base)) return { reason: msg.intensityNoBaselineTeu(base.reason) };
  if (base.teu === 0) return { reason: msg.intensityNoBaselineTeu(msg.teuZero(r.port, r.baseline_year)) };
  return { teu: base.teu, intensity: (r.baseline_value / base.teu) * per, approximate: base.approximate };
}

/**
 * One reductions row joined with its year's and its baseline year's activity figures: the intensity, and
 * the tons and the intensity indexed to the baseline year. Reasons in the order: this year's activity, the
 * baseline's, a zero or too small baseline.
 */
function intensityRow(r: ReductionRow & { value: number }, activityOf: ActivityOf, normalisation: Normalisation, baselineId: string): IntensityRow {
  const reasons: string[] = [];
  const teu = activityOf(r.port, r.year);
  let intensity: number | null = null;
  if (!('teu' in teu)) reasons.push(teu.reason);
  else if (teu.teu === 0) reasons.push(msg.teuZero(r.port, r.year));
  else intensity = (r.value / teu.teu) * normalisation.per;

  const base = baselineIntensityOf(r, activityOf, normalisation.per);
  if ('reason' in base) reasons.push(base.reason);
  const baselineIntensity = 'reason' in base ? null : base.intensity;
  const tonsIndex = r.baseline_value === null ? null : indexed(r.value, r.baseline_value);
  const intensityIndex = intensity === null || baselineIntensity === null ? null : indexed(intensity, baselineIntensity);
  if (r.baseline_value === 0) reasons.push(msg.baselineZero(r.baseline_year ?? 0));
  const overflow = (r.baseline_value !== null && r.baseline_value !== 0 && tonsIndex === null) || (intensity !== null && baselineIntensity !== null && baselineIntensity !== 0 && intensityIndex === null);
  if (overflow) reasons.push(msg.indexOverflow(r.baseline_year ?? 0));
  return {
    ...seriesFields(r),
    tons: r.value,
    teu: 'teu' in teu ? teu.teu : null,
    teu_precision: 'teu' in teu ? teu.precision : null,
    intensity,
    intensity_index: intensityIndex,
    tons_index: tonsIndex,
    approximate: ('teu' in teu && teu.approximate) || ('reason' in base ? false : base.approximate),
    baseline_id: baselineId,
    reason: unique(reasons).join('; '),
    source_ref: r.source_ref,
    baseline_year: r.baseline_year,
    baseline_teu: 'reason' in base ? null : base.teu,
    baseline_intensity: baselineIntensity,
    teu_source_ref: 'teu' in teu ? teu.source_ref : [],
    normalisation: normalisation.code,
  };
}
