/**
 * Projection of each tonnage series to future years with a robust trend (Theil-Sen), the gap to the target
 * of those years, and the regional context (OGV 2030 projection, basin NOx path against carrying capacity).
 */
import { PortEmissionsError, usageError } from '../errors.ts';
import type { Dataset } from '../ingest/dataset.ts';
import type { Unit } from '../schema/codelists.ts';
import type { EmissionsRecord, TargetRecord } from '../schema/records.ts';
import { convertRate } from '../schema/units.ts';
import {
  scopedToPort,
  chain,
  checkBaselineId,
  checkFilters,
  codelistOrder,
  compareNumber,
  compareText,
  combinedPorts,
  inventoryTonnages,
  resolveBaseline,
  targetApplies,
  toTable,
  unique,
  unitsComparable,
} from './common.ts';
import { fmt, msg } from './messages.ts';
import { chooseReleasePerKey, HOLDING_IT } from './releases.ts';
import { baselineFor, defaultBaselineId } from './baselines.ts';
import { median, predict, theilSen, type TheilSenFit, type TrendPoint } from './trend.ts';
import { PROJECTION_ROW, REGIONAL_ROW, type AnalysisTable, type ProjectionRow, type RegionalContextRow } from './types.ts';

/** Options of {@link projectSeries}. */
export interface ProjectionOptions {
  /** Years to project to (default 2030 and 2035). */
  to?: number[];
  /** The trend method; Theil-Sen is the only one. */
  method?: 'theil-sen';
  /**
   * `log` (default) fits ln(tons): a constant percent change per year, never below zero, the shape of
   * emissions under steady reductions. `linear` fits tons (projections below zero are shown as 0).
   */
  scale?: 'log' | 'linear';
  /** Interval level for the slope (default 0.95). */
  level?: number;
  port?: string;
  pollutant?: string;
  category?: string;
  /** First and last observed year used in the fit (inclusive). */
  from?: number;
  until?: number;
  /**
   * Which series: `tons` (inventory tonnages), `published_index` (published % vs baseline as an index,
   * baseline = 100) or `both` (default).
   */
  series?: 'tons' | 'published_index' | 'both';
  /** Baseline of the published-index series (default: the port's own, else the dataset's; without either, no index series). */
  baseline?: string;
}

/**
 * Refuses a projection year (`to`) before the first observed year of the selected series or more than
 * MAX_PROJECTION_YEARS after the last (usage error naming the option).
 */
function checkHorizon(all: readonly { port: string; source_category: string; pollutant: string; points: ReadonlyMap<number, number> }[], options: ProjectionOptions): void {
  if (options.to === undefined) return;
  let first = Infinity;
  let last = -Infinity;
  for (const series of all) {
    if (options.port !== undefined && series.port !== options.port) continue;
    if (options.pollutant !== undefined && series.pollutant !== options.pollutant) continue;
    if (options.category !== undefined && series.source_category !== options.category) continue;
    for (const year of series.points.keys()) {
      if ((options.from !== undefined && year < options.from) || (options.until !== undefined && year > options.until)) continue;
      first = Math.min(first, year);
      last = Math.max(last, year);
    }
  }
  if (first === Infinity) return; // nothing observed: nothing is projected
  const outside = options.to.find((year) => year < first || year > last + MAX_PROJECTION_YEARS);
  if (outside !== undefined) {
    throw new PortEmissionsError(msg.projectHorizon(outside, first, last, MAX_PROJECTION_YEARS), { exitCode: 2, location: { column: 'to' }, hint: `give the option to a year from ${first} to ${last + MAX_PROJECTION_YEARS}` });
  }
}

/** Column order of the table (its row schema: PROJECTION_ROW in ./types.ts). */
export const PROJECTION_COLUMNS = PROJECTION_ROW.columns;

/** Unit of a published-index series: the baseline year is 100. */
export const INDEX_UNIT = 'index_baseline_100';

/**
 * Years after the last observation a trend is projected to at most: 50, about twice the reach of the
 * plans a port inventory is read against (2030, 2035, 2050 from the 2020s). Further out (or before the
 * first observation) a fitted slope says nothing, and compounding it prints figures such as 10^25 tons.
 */
export const MAX_PROJECTION_YEARS = 50;

/** Fewest observations a trend is fitted to. */
export const MIN_TREND_POINTS = 3;

/** What a trend fit did, for the report's method notes (primap2-style: the method describes itself). */
export interface TrendDescription {
  method: 'theil-sen';
  scale: 'log' | 'linear';
  points: number;
  firstYear: number;
  lastYear: number;
  pairs: number;
  level: number;
  /** Slope per year: tons for linear, percent change for log. */
  slopePerYear: number;
  slopeLower: number | null;
  slopeUpper: number | null;
  /** The same in one sentence, as put in the `method` column. */
  text: string;
}

/** A fitted series: the fit, its scale and its description. */
export interface SeriesTrend {
  fit: TheilSenFit;
  scale: 'log' | 'linear';
  description: TrendDescription;
}

const pctPerYear = (logSlope: number) => (Math.exp(logSlope) - 1) * 100;

/**
 * Fits a Theil-Sen trend to yearly values, on ln(value) or on the value, and describes it. A log fit of a
 * series holding a zero falls back to linear (the description says so).
 *
 * @throws RangeError with fewer than 2 distinct years.
 */
export function fitTrend(points: readonly TrendPoint[], options: { scale?: 'log' | 'linear'; level?: number; quantity?: 'tons' | 'index' } = {}): SeriesTrend {
  const level = options.level ?? 0.95;
  const wantLog = (options.scale ?? 'log') === 'log';
  const scale: 'log' | 'linear' = wantLog && points.every((p) => p.y > 0) ? 'log' : 'linear';
  const fit = theilSen(scale === 'log' ? points.map((p) => ({ x: p.x, y: Math.log(p.y) })) : points, level);
  const years = points.map((p) => p.x);
  const slopePerYear = scale === 'log' ? pctPerYear(fit.slope) : fit.slope;
  const slopeLower = fit.slopeLower === null ? null : scale === 'log' ? pctPerYear(fit.slopeLower) : fit.slopeLower;
  const slopeUpper = fit.slopeUpper === null ? null : scale === 'log' ? pctPerYear(fit.slopeUpper) : fit.slopeUpper;
  const description: TrendDescription = {
    method: 'theil-sen',
    scale,
    points: points.length,
    firstYear: Math.min(...years),
    lastYear: Math.max(...years),
    pairs: fit.pairs,
    level,
    slopePerYear,
    slopeLower,
    slopeUpper,
    text: '',
  };
  description.text = msg.trendMethod({ ...description, fellBack: wantLog && scale === 'linear', quantity: options.quantity ?? 'tons' });
  return { fit, scale, description };
}

/** Fitted value (and interval) at a year, back on the tons scale; linear values floored at 0. */
export function trendValue(trend: SeriesTrend, year: number): { value: number; lower: number | null; upper: number | null } {
  const p = predict(trend.fit, year);
  if (trend.scale === 'log') {
    return { value: Math.exp(p.value), lower: p.lower === null ? null : Math.exp(p.lower), upper: p.upper === null ? null : Math.exp(p.upper) };
  }
  const floor = (v: number | null) => (v === null ? null : Math.max(0, v));
  return { value: Math.max(0, p.value), lower: floor(p.lower), upper: floor(p.upper) };
}

interface Series {
  port: string;
  source_category: string;
  pollutant: string;
  unit: string;
  release: string;
  points: Map<number, number>;
  kind: 'tons' | 'published_index';
  baseline_id: string | null;
}

/**
 * The candidate set of a trend, in the tiers of the one release rule (analysis/releases.ts): the releases
 * holding at least {@link MIN_TREND_POINTS} years of the series within the fit window, else every release
 * holding the series. A trend is fitted to one release (mixing releases mixes methods).
 */
export const TREND_CANDIDATE_WORDS = `releases holding at least ${MIN_TREND_POINTS} years of the series in the fit window`;

/** One release per port, category and pollutant, by the one release rule over {@link TREND_CANDIDATE_WORDS}. */
function memberSeries(dataset: Dataset, tonnages: readonly EmissionsRecord[], inWindow: (year: number) => boolean): Series[] {
  const groups = new Map<string, Series>();
  for (const r of tonnages) {
    const key = `${r.port}\u0000${r.source_category}\u0000${r.pollutant}\u0000${r.release}`;
    let s = groups.get(key);
    if (!s) groups.set(key, (s = { port: r.port, source_category: r.source_category, pollutant: r.pollutant, unit: r.unit, release: r.release, points: new Map(), kind: 'tons', baseline_id: null }));
    s.points.set(r.year, r.value);
  }
  const enough = (s: Series) => [...s.points.keys()].filter(inWindow).length >= MIN_TREND_POINTS;
  const tiers = [
    { words: TREND_CANDIDATE_WORDS, holds: enough },
    { words: HOLDING_IT, holds: () => true },
  ];
  return chooseReleasePerKey(dataset, [...groups.values()], (s) => `${s.port}\u0000${s.source_category}\u0000${s.pollutant}`, tiers).map((p) => p.row);
}

/** Combined-port series: the years where every member's series has a value, in comparable units. */
function combinedSeries(dataset: Dataset, members: readonly Series[]): Series[] {
  const out: Series[] = [];
  for (const combined of combinedPorts(dataset)) {
    const keys = unique(members.filter((s) => combined.members.includes(s.port)).map((s) => `${s.source_category}\u0000${s.pollutant}`));
    for (const key of keys) {
      const parts = combined.members.map((m) => members.find((s) => s.port === m && `${s.source_category}\u0000${s.pollutant}` === key));
      if (parts.some((p) => p === undefined)) continue;
      const series = parts as Series[];
      if (!series.every((s) => unitsComparable(dataset, s.unit, series[0]!.unit))) continue;
      const years = [...series[0]!.points.keys()].filter((y) => series.every((s) => s.points.has(y)));
      if (years.length === 0) continue;
      out.push({
        port: combined.code,
        source_category: series[0]!.source_category,
        pollutant: series[0]!.pollutant,
        unit: series[0]!.unit,
        release: series.map((s) => s.release).join('+'),
        points: new Map(years.map((y) => [y, series.reduce((sum, s) => sum + s.points.get(y)!, 0)])),
        kind: 'tons',
        baseline_id: null,
      });
    }
  }
  return out;
}

/**
 * Published-index series: per port, category and pollutant, the published percent changes of the absolute
 * tonnage relative to the baseline (its id, or its year for the port) as an index, 100 + change. Where
 * several figures give one year, their median. Each figure is as published that year, against that
 * edition's own (restated) baseline: the series of headline figures, not one release.
 */
function indexSeries(dataset: Dataset, baselineId: string): Series[] {
  const groups = new Map<string, Series & { values: Map<number, number[]> }>();
  const years = new Map<string, number | undefined>();
  for (const ind of dataset.records.indicators) {
    if (ind.metric !== 'absolute') continue;
    if (!years.has(ind.port)) years.set(ind.port, resolveBaseline(dataset, baselineId, ind.port).year);
    const year = years.get(ind.port);
    if (ind.relative_to !== baselineId && (year === undefined || ind.relative_to !== String(year))) continue;
    const key = `${ind.port}\u0000${ind.source_category}\u0000${ind.pollutant}`;
    let s = groups.get(key);
    if (!s) {
      groups.set(key, (s = { port: ind.port, source_category: ind.source_category, pollutant: ind.pollutant, unit: INDEX_UNIT, release: '', points: new Map(), kind: 'published_index', baseline_id: baselineId, values: new Map() }));
    }
    s.values.set(ind.year, [...(s.values.get(ind.year) ?? []), 100 + ind.value]);
  }
  for (const s of groups.values()) for (const [year, values] of s.values) s.points.set(year, median(values));
  return [...groups.values()].map(({ values: _values, ...series }) => series);
}

/**
 * The strictest reduction target of a projected year on a port-total series, placed in the series' unit
 * (`target_value`, and `gap` = projection - target); other targets of the year and why a target cannot be
 * placed go to `reason`.
 */
function placeTarget(dataset: Dataset, row: ProjectionRow, series: Series): void {
  const year = row.year;
  const targets = dataset.records.targets
    .filter(
      (t) =>
        t.kind === 'reduction_vs_baseline' &&
        t.pollutant === series.pollutant &&
        t.target_year === year &&
        t.value !== undefined &&
        t.baseline_id !== undefined &&
        (series.kind === 'tons' || t.baseline_id === series.baseline_id) &&
        targetApplies(dataset, t, series.port),
    )
    .sort(chain<TargetRecord>((a, b) => b.value! - a.value!, (a, b) => compareText(a.target_id, b.target_id)));
  const strictest = targets[0];
  if (!strictest) return;
  row.target_id = strictest.target_id;
  const others = targets.slice(1).map((t) => `${t.target_id} (${fmt(t.value!)}%)`);
  const reasons: string[] = [];
  if (series.kind === 'published_index') {
    row.target_value = 100 - strictest.value!;
    row.gap = row.value - row.target_value;
  } else {
    const resolved = resolveBaseline(dataset, strictest.baseline_id!, series.port);
    const baseValue = resolved.year === undefined ? undefined : series.points.get(resolved.year);
    if (resolved.year === undefined) reasons.push(resolved.reason);
    else if (baseValue === undefined) reasons.push(msg.projectNoBaselineValue(resolved.year, series.release, strictest.value!));
    else {
      row.target_value = baseValue * (1 - strictest.value! / 100);
      row.gap = row.value - row.target_value;
    }
  }
  if (others.length > 0) reasons.push(msg.projectOtherTargets(others));
  row.reason = reasons.join('; ');
}

/**
 * A Theil-Sen trend for every series, projected to the years in `to` (default 2030 and 2035). Two kinds of
 * series (`series` column): `tons`, every absolute inventory tonnage series (port or combined port, source
 * category, pollutant; one release per series by the one release rule: the latest release holding at least
 * 3 years in the fit window, else the latest holding any); and
 * `published_index`, the published "% vs baseline" figures of a port as an index (baseline = 100, so -90%
 * is 10; several figures for one year: their median), which is where the recent years and the 2020-2021
 * swing are, as the tonnage tables often stop earlier.
 *
 * Rows per series: `observed` (the data), `fit` (the trend at each observed year) and `projection` (each
 * future year, with `lower`/`upper` from Sen's rank-based interval for the slope, drawn through the fit at
 * the median year; the intercept's uncertainty is not included). The default fit is on the log scale: a
 * constant percent change per year that never goes below zero; a median of pairwise slopes is robust to a
 * swing such as 2020-2021. `method` carries the description of the fit on every row (see
 * {@link fitTrend}). Series with fewer than 3 points get observed rows only, and `reason` says why. Where a
 * reduction target of the series' pollutant has its target year among the projected years, `target_value`
 * is the target in the series' unit (tons: the series' own baseline-year value x (1 - target %); index:
 * 100 - target %) and `gap` = projection - target_value (positive = above the target); with several
 * (conflicting) targets the strictest is used and `reason` names the others. Rows sorted by port,
 * pollutant, category, series (tons first), kind (observed, fit, projection) and year.
 *
 * @throws PortEmissionsError (exit code 2) for unknown codes or baseline, a method other than theil-sen,
 *   or a level outside (0, 1).
 */
export function projectSeries(dataset: Dataset, options: ProjectionOptions = {}): AnalysisTable<ProjectionRow> {
  const plan = projectionPlan(dataset, options);
  const series = seriesToProject(scopedToPort(dataset, options.port), options, plan); // the rows of other ports cannot change this port's
  checkHorizon(series, options);
  const rows = series.filter((s) => selected(s, options)).flatMap((s) => seriesRows(dataset, s, plan));
  rows.sort(projectionOrder(dataset));
  return toTable(rows, PROJECTION_ROW);
}

/** What the options ask for, checked: the level, the years projected to, the fit window and the index baseline. */
interface ProjectionPlan {
  level: number;
  horizon: number[];
  inWindow: (year: number) => boolean;
  which: NonNullable<ProjectionOptions['series']>;
  scale: 'log' | 'linear';
  /** Baseline of the published-index series; undefined: no index series. */
  baselineId: string | undefined;
}

/**
 * Checks the options (usage errors naming the option) and resolves their defaults.
 *
 * @throws PortEmissionsError (exit code 2) for unknown codes or baseline, from after until, a method other
 *   than theil-sen, or a level outside (0, 1).
 */
function projectionPlan(dataset: Dataset, options: ProjectionOptions): ProjectionPlan {
  checkFilters(dataset, { port: options.port, pollutant: options.pollutant, category: options.category });
  if (options.from !== undefined && options.until !== undefined && options.from > options.until) throw usageError(msg.projectWindow(options.from, options.until));
  if (options.method !== undefined && options.method !== 'theil-sen') throw usageError(msg.projectMethod(String(options.method)));
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw usageError(msg.projectLevel(level));
  const which = options.series ?? 'both';
  // Tonnage trends need no baseline; the published-index series are indexed to one.
  const wantsIndex = which !== 'tons' && (which === 'published_index' || options.baseline !== undefined || defaultBaselineId(dataset, options.port) !== undefined);
  return {
    level,
    horizon: unique(options.to ?? [2030, 2035]).sort((a, b) => a - b),
    inWindow: (year) => (options.from === undefined || year >= options.from) && (options.until === undefined || year <= options.until),
    which,
    scale: options.scale ?? 'log',
    baselineId: wantsIndex ? baselineFor(dataset, options) : undefined,
  };
}

/** Every series the plan asks for: tonnage series (members, combined ports' own, combined sums) and index series. */
function seriesToProject(dataset: Dataset, options: ProjectionOptions, plan: ProjectionPlan): Series[] {
  const tonnages = inventoryTonnages(dataset);
  const isCombined = (r: EmissionsRecord) => dataset.codelists.ports.get(r.port)?.kind === 'combined';
  const members = memberSeries(dataset, tonnages.filter((r) => !isCombined(r)), plan.inWindow);
  const own = memberSeries(dataset, tonnages.filter(isCombined), plan.inWindow);
  const sums = combinedSeries(dataset, members).filter((c) => !own.some((o) => o.port === c.port && o.source_category === c.source_category && o.pollutant === c.pollutant));
  const tons = plan.which === 'published_index' ? [] : [...members, ...own, ...sums];
  return [...tons, ...(plan.baselineId === undefined ? [] : indexSeries(dataset, plan.baselineId))];
}

/** Whether a series passes the options' port, pollutant and category. */
function selected(series: Series, options: ProjectionOptions): boolean {
  return (
    (options.port === undefined || series.port === options.port) &&
    (options.pollutant === undefined || series.pollutant === options.pollutant) &&
    (options.category === undefined || series.source_category === options.category)
  );
}

/**
 * The rows of one series: observed points in the window; with enough of them, the fit at each and the
 * projection to each horizon year (with the target of that year placed, for a port total).
 */
function seriesRows(dataset: Dataset, series: Series, plan: ProjectionPlan): ProjectionRow[] {
  const points = [...series.points].filter(([year]) => plan.inWindow(year)).sort((a, b) => a[0] - b[0]).map(([x, y]) => ({ x, y }));
  if (points.length === 0) return [];
  const base = { port: series.port, source_category: series.source_category, pollutant: series.pollutant, unit: series.unit, release: series.release, series: series.kind, baseline_id: series.baseline_id };
  const empty = { lower: null, upper: null, target_id: null, target_value: null, gap: null };
  if (points.length < MIN_TREND_POINTS) {
    const reason = msg.projectTooFew(points.length, MIN_TREND_POINTS);
    return points.map((p) => ({ ...base, ...empty, kind: 'observed', year: p.x, value: p.y, method: '', reason }));
  }
  const trend = fitTrend(points, { scale: plan.scale, level: plan.level, quantity: series.kind === 'tons' ? 'tons' : 'index' });
  const method = series.kind === 'tons' ? trend.description.text : `${trend.description.text}; ${msg.projectIndexNote(plan.baselineId ?? '')}`;
  const rows: ProjectionRow[] = [
    ...points.map((p): ProjectionRow => ({ ...base, ...empty, kind: 'observed', year: p.x, value: p.y, method, reason: '' })),
    ...points.map((p): ProjectionRow => ({ ...base, ...empty, kind: 'fit', year: p.x, ...trendValue(trend, p.x), method, reason: '' })),
  ];
  for (const year of plan.horizon) {
    const row: ProjectionRow = { ...base, ...empty, kind: 'projection', year, ...trendValue(trend, year), method, reason: '' };
    rows.push(row);
    if (series.source_category === 'all') placeTarget(dataset, row, series);
  }
  return rows;
}

/** Row order of the projection table: port, pollutant, category, series (tons first), kind, year. */
function projectionOrder(dataset: Dataset): (a: ProjectionRow, b: ProjectionRow) => number {
  const order = codelistOrder(dataset);
  const kinds = { observed: 0, fit: 1, projection: 2 };
  return chain<ProjectionRow>(
    (a, b) => order.port(a.port, b.port),
    (a, b) => order.pollutant(a.pollutant, b.pollutant),
    (a, b) => order.category(a.source_category, b.source_category),
    (a, b) => (a.series === b.series ? 0 : a.series === 'tons' ? -1 : 1),
    (a, b) => kinds[a.kind] - kinds[b.kind],
    (a, b) => a.year - b.year,
  );
}

/** Options of {@link regionalContext}. */
export interface RegionalContextOptions {
  /** Only this pollutant. */
  pollutant?: string;
  /** The ports' source category placed beside the regional figures (default `ocean_going_vessels`). */
  category?: string;
}

/** Column order of the table (its row schema: REGIONAL_ROW in ./types.ts). */
export const REGIONAL_COLUMNS = REGIONAL_ROW.columns;

/** Converts a value to the same ton per year; null with a reason where no conversion is defined. */
function toTonsPerYear(dataset: Dataset, value: number, unitCode: string): { tons: number | null; conversion: string } {
  const unit = dataset.codelists.units.get(unitCode);
  if (!unit) return { tons: null, conversion: msg.regionalUnitUnknown(unitCode) };
  if (unit.quantity === 'percent') return { tons: null, conversion: msg.regionalShare() };
  if (unit.quantity !== 'mass_rate' || !unit.mass || !unit.per) return { tons: null, conversion: msg.regionalNotRate(unitCode) };
  // Keep the source's ton (short, metric or unstated); pounds and kilograms go to short tons, the US inventories' ton.
  const mass = unit.mass === 'pound' || unit.mass === 'kilogram' ? 'short_ton' : unit.mass;
  const target: Unit =
    dataset.records.units.find((u) => u.quantity === 'mass_rate' && u.mass === mass && u.per === 'year') ??
    { code: `${mass}_per_year`, label: `${mass} per year`, quantity: 'mass_rate', mass, per: 'year', note: '' };
  const converted = convertRate(value, unit, target);
  const unstated = mass === 'ton_unspecified' ? msg.regionalTonUnstated() : '';
  return { tons: converted.value, conversion: `${converted.description}${unstated}` };
}

/**
 * Regional context: every regional figure (South Coast Air Basin inventories and projections, the OGV 2030
 * NOx projection, shares) with its value in tons per year where the unit is a mass rate (tons/day x 365, an
 * annualised day; the ton stays the source's ton, since short vs metric is often unstated), beside the
 * ports' own inventory figures of one source category (default ocean-going vessels, `scope: 'port'`).
 * Inventory and projection rows carry the planning target (e.g. the NOx carrying capacity) of the same
 * region and pollutant (a regional row with basis `planning_target`, the latest year; else an
 * `emissions_cap` target whose scope names the region) and `above_target` = value - target in the row's
 * unit. Sorted by pollutant (codelist order, none last), scope, region, year and item.
 *
 * @throws PortEmissionsError (exit code 2) for an unknown pollutant or category.
 */
export function regionalContext(dataset: Dataset, options: RegionalContextOptions = {}): AnalysisTable<RegionalContextRow> {
  const category = options.category ?? 'ocean_going_vessels';
  checkFilters(dataset, { pollutant: options.pollutant, ...(options.category === undefined ? {} : { category }) });
  const regional = dataset.records.regional.filter((r) => options.pollutant === undefined || r.pollutant === options.pollutant);
  const rows: RegionalContextRow[] = [];
  for (const r of regional) {
    const { tons, conversion } = toTonsPerYear(dataset, r.value, r.unit);
    const row: RegionalContextRow = {
      region: r.region,
      year: r.year ?? null,
      item: r.item,
      pollutant: r.pollutant ?? null,
      value: r.value,
      unit: r.unit,
      tons_per_year: tons,
      conversion,
      basis: r.basis,
      source_ref: [...r.source_ref],
      period: r.period,
      planning_target: null,
      above_target: null,
      scope: 'regional',
    };
    rows.push(row);
    if (r.basis !== 'inventory' && r.basis !== 'projection') continue;
    if (r.pollutant === undefined) continue;
    const planning = dataset.records.regional
      .filter((p) => p.basis === 'planning_target' && p.region === r.region && p.pollutant === r.pollutant && unitsComparable(dataset, p.unit, r.unit))
      .sort(chain((a, b) => compareNumber(b.year ?? null, a.year ?? null), (a, b) => compareText(a.source_ref.join(';'), b.source_ref.join(';'))))[0];
    const cap = dataset.records.targets.find(
      (t) => t.kind === 'emissions_cap' && t.scope === r.region && t.pollutant === r.pollutant && t.value !== undefined && t.unit !== undefined && unitsComparable(dataset, t.unit, r.unit),
    );
    const targetValue = planning?.value ?? cap?.value;
    if (targetValue === undefined) continue;
    row.planning_target = targetValue;
    row.above_target = r.value - targetValue;
  }
  for (const e of inventoryTonnages(dataset)) {
    if (e.source_category !== category) continue;
    if (options.pollutant !== undefined && e.pollutant !== options.pollutant) continue;
    const { tons, conversion } = toTonsPerYear(dataset, e.value, e.unit);
    rows.push({
      region: dataset.codelists.ports.get(e.port)?.label ?? e.port,
      year: e.year,
      item: msg.regionalPortItem(dataset.codelists.sourceCategories.get(category)?.label ?? category, e.release),
      pollutant: e.pollutant,
      value: e.value,
      unit: e.unit,
      tons_per_year: tons,
      conversion,
      basis: e.basis,
      source_ref: [...e.source_ref],
      period: '',
      planning_target: null,
      above_target: null,
      scope: 'port',
    });
  }
  const order = codelistOrder(dataset);
  rows.sort(
    chain<RegionalContextRow>(
      (a, b) => (a.pollutant === null ? (b.pollutant === null ? 0 : 1) : b.pollutant === null ? -1 : order.pollutant(a.pollutant, b.pollutant)),
      (a, b) => compareText(a.scope, b.scope) * -1,
      (a, b) => compareText(a.region, b.region),
      (a, b) => compareNumber(a.year, b.year),
      (a, b) => compareText(a.item, b.item),
      (a, b) => a.value - b.value,
    ),
  );
  return toTable(rows, REGIONAL_ROW);
}
