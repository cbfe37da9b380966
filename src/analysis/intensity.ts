/**
 * Emissions intensity: tons per 10,000 TEU, with the tons and the intensity indexed to the baseline year.
 */
import { escape, type ColumnTable } from 'arquero';
import type { Dataset } from '../ingest/dataset.ts';
import type { Normalisation } from '../schema/codelists.ts';
import { checkFilters, chooseTeu, codelistOrder, passes, scopedToPort, seriesFields, seriesYearOrder, unique } from './common.ts';
import { msg } from './messages.ts';
import { baselineFor } from './baselines.ts';
import { normalisationFor } from './normalisations.ts';
import { reductionRows, type ReductionOptions } from './reductions.ts';
import { INTENSITY_ROW, REDUCTION_ROW, rowSchema, rowsOf, toTable, type AnalysisTable, type IntensityRow, type ReductionRow } from './types.ts';

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
  const tonnages = reductionRows(dataset, baselineId).filter((r): r is Tonnage => r.value !== null && passes(r, options));
  const rows = activityJoin(dataset, tonnages, normalisation)
    .map((r) => intensityRow(r, normalisation, baselineId))
    .sort(seriesYearOrder<IntensityRow>(codelistOrder(dataset)));
  return toTable(rows, INTENSITY_ROW);
}

/** A reductions row with its tonnage. */
type Tonnage = ReductionRow & { value: number };

/** The activity figure chosen for one port and year (see `chooseTeu`), or why there is none. */
interface ActivityRow {
  port: string;
  year: number;
  teu: number | null;
  teu_precision: string | null;
  teu_approximate: boolean;
  teu_source_ref: string[];
  /** Why there is no figure (empty when there is one). */
  teu_reason: string;
}

/** The activity figures of the given ports and years (each chosen once), as a table. */
function activityTable(dataset: Dataset, keys: readonly { port: string; year: number }[], measure: string): ColumnTable {
  const seen = new Set<string>();
  const rows: ActivityRow[] = [];
  for (const { port, year } of keys) {
    const key = `${port}\u0000${year}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const choice = chooseTeu(dataset, port, year, measure);
    rows.push(
      'teu' in choice
        ? { port, year, teu: choice.teu, teu_precision: choice.precision, teu_approximate: choice.approximate, teu_source_ref: choice.source_ref, teu_reason: '' }
        : { port, year, teu: null, teu_precision: null, teu_approximate: false, teu_source_ref: [], teu_reason: choice.reason },
    );
  }
  return toTable(rows, ACTIVITY_ROW);
}

const ACTIVITY_ROW = rowSchema<ActivityRow>('intensity (activity figures)', {
  port: 'string', year: 'number', teu: 'number|null', teu_precision: 'string|null', teu_approximate: 'boolean', teu_source_ref: 'string[]', teu_reason: 'string',
});

/** A tonnage joined with its year's and its baseline year's activity figures, and the intensities and indices derived. */
interface ActivityJoinRow extends Tonnage, ActivityRow {
  baseline_teu: number | null;
  baseline_teu_approximate: boolean | null;
  baseline_teu_reason: string | null;
  intensity: number | null;
  baseline_intensity: number | null;
  tons_index: number | null;
  intensity_index: number | null;
}

const ACTIVITY_JOIN_ROW = rowSchema<ActivityJoinRow>('intensity (activity join)', {
  ...REDUCTION_ROW.types,
  value: 'number',
  teu: 'number|null', teu_precision: 'string|null', teu_approximate: 'boolean', teu_source_ref: 'string[]', teu_reason: 'string',
  baseline_teu: 'number|null', baseline_teu_approximate: 'boolean|null', baseline_teu_reason: 'string|null',
  intensity: 'number|null', baseline_intensity: 'number|null', tons_index: 'number|null', intensity_index: 'number|null',
});

/**
 * The tonnages joined with the activity figures of their year and of their baseline year (look-ups by port
 * and year), then the intensities (tons / activity x per, where the activity is neither missing nor 0) and
 * the indices to the baseline year derived. Row order is the tonnages'.
 */
function activityJoin(dataset: Dataset, tonnages: readonly Tonnage[], normalisation: Normalisation): ActivityJoinRow[] {
  if (tonnages.length === 0) return [];
  const years = [
    ...tonnages.map((r) => ({ port: r.port, year: r.year })),
    ...tonnages.flatMap((r) => (r.baseline_year === null ? [] : [{ port: r.port, year: r.baseline_year }])),
  ];
  const activity = activityTable(dataset, years, normalisation.measure);
  const baselineActivity = activity.select({ port: 'port', year: 'baseline_year', teu: 'baseline_teu', teu_approximate: 'baseline_teu_approximate', teu_reason: 'baseline_teu_reason' });
  const joined = toTable(tonnages, REDUCTION_ROW)
    .params({ per: normalisation.per })
    .lookup(activity, [['port', 'year'], ['port', 'year']], 'teu', 'teu_precision', 'teu_approximate', 'teu_source_ref', 'teu_reason')
    .lookup(baselineActivity, [['port', 'baseline_year'], ['port', 'baseline_year']], 'baseline_teu', 'baseline_teu_approximate', 'baseline_teu_reason')
    .derive({
      // No baseline year, so no look-up: undefined.
      baseline_teu: 'd => d.baseline_teu ?? null',
      baseline_teu_approximate: 'd => d.baseline_teu_approximate ?? null',
      baseline_teu_reason: 'd => d.baseline_teu_reason ?? null',
    })
    .derive({
      intensity: '(d, $) => d.teu !== null && d.teu !== 0 ? (d.value / d.teu) * $.per : null',
      baseline_intensity: '(d, $) => d.baseline_value !== null && d.baseline_teu !== null && d.baseline_teu !== 0 ? (d.baseline_value / d.baseline_teu) * $.per : null',
    })
    .derive({
      tons_index: escape((d: ActivityJoinRow) => (d.baseline_value === null ? null : indexed(d.value, d.baseline_value))),
      intensity_index: escape((d: ActivityJoinRow) => (d.intensity === null || d.baseline_intensity === null ? null : indexed(d.intensity, d.baseline_intensity))),
    });
  return rowsOf(joined, ACTIVITY_JOIN_ROW);
}

/** value / base x 100; null when the base is 0 or the ratio passes the largest number (a base near 5e-324). */
function indexed(value: number, base: number): number | null {
  const index = (value / base) * 100;
  return base === 0 || !Number.isFinite(index) ? null : index;
}

/** Why there is no baseline intensity (empty when there is one): no baseline value, no or zero baseline activity. */
function baselineIntensityReason(r: ActivityJoinRow): string {
  if (r.baseline_value === null || r.baseline_year === null) return msg.intensityNoBaseline(r.reason);
  if (r.baseline_teu === null) return msg.intensityNoBaselineTeu(r.baseline_teu_reason ?? '');
  if (r.baseline_teu === 0) return msg.intensityNoBaselineTeu(msg.teuZero(r.port, r.baseline_year));
  return '';
}

/**
 * One intensity row from the joined figures, with the reasons for what is missing in the order: this year's
 * activity, the baseline's, a zero or too small baseline.
 */
function intensityRow(r: ActivityJoinRow, normalisation: Normalisation, baselineId: string): IntensityRow {
  const reasons: string[] = [];
  if (r.teu === null) reasons.push(r.teu_reason);
  else if (r.teu === 0) reasons.push(msg.teuZero(r.port, r.year));
  const baseReason = baselineIntensityReason(r);
  if (baseReason !== '') reasons.push(baseReason);
  if (r.baseline_value === 0) reasons.push(msg.baselineZero(r.baseline_year ?? 0));
  const overflow = (r.baseline_value !== null && r.baseline_value !== 0 && r.tons_index === null) || (r.intensity !== null && r.baseline_intensity !== null && r.baseline_intensity !== 0 && r.intensity_index === null);
  if (overflow) reasons.push(msg.indexOverflow(r.baseline_year ?? 0));
  return {
    ...seriesFields(r),
    tons: r.value,
    teu: r.teu,
    teu_precision: r.teu_precision,
    intensity: r.intensity,
    intensity_index: r.intensity_index,
    tons_index: r.tons_index,
    approximate: r.teu_approximate || (baseReason === '' && r.baseline_teu_approximate === true),
    baseline_id: baselineId,
    reason: unique(reasons).join('; '),
    source_ref: r.source_ref,
    baseline_year: r.baseline_year,
    baseline_teu: baseReason === '' ? r.baseline_teu : null,
    baseline_intensity: r.baseline_intensity,
    teu_source_ref: r.teu_source_ref,
    normalisation: normalisation.code,
  };
}
