/**
 * Emissions intensity: tons per 10,000 TEU, with the tons and the intensity indexed to the baseline year.
 */
import type { ColumnTable } from 'arquero';
import type { Dataset } from '../ingest/dataset.ts';
import { checkFilters, chooseTeu, codelistOrder, passes, scopedToPort, seriesYearOrder, toTable, unique, type TeuChoice } from './common.ts';
import { msg } from './messages.ts';
import { baselineFor } from './baselines.ts';
import { normalisationFor } from './normalisations.ts';
import { reductionRows, type ReductionOptions } from './reductions.ts';
import type { IntensityRow } from './types.ts';

/** Options of {@link intensityPer10000Teu}: the reductions', and the normalisation (default: the dataset's, else per 10,000 TEU). */
export type IntensityOptions = ReductionOptions & { normalisation?: string };

/** Column order of the intensity table. */
export const INTENSITY_COLUMNS = [
  'port', 'year', 'source_category', 'pollutant', 'unit', 'release', 'tons', 'teu', 'teu_precision', 'intensity',
  'intensity_index', 'tons_index', 'approximate', 'baseline_id', 'reason', 'source_ref', 'baseline_year', 'baseline_teu',
  'baseline_intensity', 'teu_source_ref', 'normalisation',
] as const satisfies readonly (keyof IntensityRow)[];

/** TEU per which intensities are expressed. */
export const TEU_PER_INTENSITY = 10_000;

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
export function intensityPer10000Teu(dataset: Dataset, options: IntensityOptions = {}): ColumnTable {
  checkFilters(dataset, options);
  const baselineId = baselineFor(dataset, options);
  const normalisation = normalisationFor(dataset, options.normalisation);
  dataset = scopedToPort(dataset, options.port); // the rows of other ports cannot change this port's
  const cache = new Map<string, TeuChoice | { reason: string }>();
  const teuOf = (port: string, year: number) => {
    const key = `${port}\u0000${year}`;
    let choice = cache.get(key);
    if (!choice) cache.set(key, (choice = chooseTeu(dataset, port, year, normalisation.measure)));
    return choice;
  };
  const rows: IntensityRow[] = [];
  for (const r of reductionRows(dataset, baselineId)) {
    if (r.value === null || !passes(r, options)) continue;
    const reasons: string[] = [];
    const teu = teuOf(r.port, r.year);
    let intensity: number | null = null;
    if (!('teu' in teu)) reasons.push(teu.reason);
    else if (teu.teu === 0) reasons.push(msg.teuZero(r.port, r.year));
    else intensity = (r.value / teu.teu) * normalisation.per;

    let baselineTeu: number | null = null;
    let baselineIntensity: number | null = null;
    let baselineApproximate = false;
    if (r.baseline_value === null || r.baseline_year === null) {
      reasons.push(msg.intensityNoBaseline(r.reason));
    } else {
      const base = teuOf(r.port, r.baseline_year);
      if (!('teu' in base)) reasons.push(msg.intensityNoBaselineTeu(base.reason));
      else if (base.teu === 0) reasons.push(msg.intensityNoBaselineTeu(msg.teuZero(r.port, r.baseline_year)));
      else {
        baselineTeu = base.teu;
        baselineApproximate = base.approximate;
        baselineIntensity = (r.baseline_value / base.teu) * normalisation.per;
      }
    }
    const tonsIndex = r.baseline_value !== null && r.baseline_value !== 0 ? (r.value / r.baseline_value) * 100 : null;
    const intensityIndex = intensity !== null && baselineIntensity !== null && baselineIntensity !== 0 ? (intensity / baselineIntensity) * 100 : null;
    if (r.baseline_value === 0) reasons.push(msg.baselineZero(r.baseline_year ?? 0));
    rows.push({
      port: r.port,
      year: r.year,
      source_category: r.source_category,
      pollutant: r.pollutant,
      unit: r.unit,
      release: r.release,
      tons: r.value,
      teu: 'teu' in teu ? teu.teu : null,
      teu_precision: 'teu' in teu ? teu.precision : null,
      intensity,
      intensity_index: intensityIndex,
      tons_index: tonsIndex,
      approximate: ('teu' in teu && teu.approximate) || baselineApproximate,
      baseline_id: baselineId,
      reason: unique(reasons).join('; '),
      source_ref: r.source_ref,
      baseline_year: r.baseline_year,
      baseline_teu: baselineTeu,
      baseline_intensity: baselineIntensity,
      teu_source_ref: 'teu' in teu ? teu.source_ref : [],
      normalisation: normalisation.code,
    });
  }
  const order = codelistOrder(dataset);
  rows.sort(
    seriesYearOrder<IntensityRow>(order),
  );
  return toTable(rows, INTENSITY_COLUMNS);
}
