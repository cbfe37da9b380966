/**
 * Chart `reductions`: % below a baseline by pollutant (one panel each) and port over the years, computed
 * from tonnages where the dataset has them and otherwise the percentage as published, with the reduction
 * targets drawn as lines and the year each was met.
 */
import { chain, compareText, releaseComparator, resolveBaseline, unique } from '../analysis/common.ts';
import { reconcileIndicators } from '../analysis/reconcile.ts';
import { reductionsVsBaseline } from '../analysis/reductions.ts';
import { targetProgress } from '../analysis/targets.ts';
import { rowsOf, type ReconcileRow, type ReductionRow, type TargetProgressRow } from '../analysis/types.ts';
import type { Dataset } from '../ingest/dataset.ts';
import type { TargetRecord } from '../schema/records.ts';
import {
  baselineWords,
  baselineYear,
  checkChartFilters,
  dataTable,
  baselineFor,
  formatPct,
  inRange,
  listWords,
  missingChart,
  panelWidth,
  releaseWords,
  sourceRefsOf,
  vegaLite,
  yearTicks,
  layersWithData,
  roundTo,
  filterWords,
  type Row,
} from './common.ts';
import { chartMsg } from './messages.ts';
import { CHART_SIZE, FONT_SIZE, NEUTRAL, paletteFor, solidHollowScale } from './theme.ts';
import type { BuiltChart, ChartDefinition, ChartFilters, NativeChartData } from './types.ts';

/** How a point of the chart was obtained. */
export type ReductionEvidence = 'computed from tonnages' | 'published';

/** One point of the chart: a port's reduction (positive = below the baseline) of one pollutant in one year. */
export interface ReductionPoint {
  port: string;
  pollutant: string;
  year: number;
  /** Percent below the baseline (positive = reduction, as targets are phrased). */
  reduction_pct: number;
  evidence: ReductionEvidence;
  /** Release of the tonnages, or of the published figure where the dataset names it. */
  release: string;
  /** Every published value for that year, where several sources give one (e.g. "-86; -87"). */
  published_values: string;
  source_ref: string[];
}

/** A target line: one target (or a group of conflicting published values of one target). */
interface TargetLine {
  pollutant: string;
  target_ids: string[];
  target_year: number | null;
  values: number[];
  conflicting: boolean;
  /** Port -> first year met (null: not met), for the strictest value of the group. */
  met: Map<string, number | null>;
  programme: string;
}

const MAX_PANELS = 4;

/** The points: tonnage reductions (latest release per year), else the published percentage (smallest reduction). */
export function reductionPoints(dataset: Dataset, filters: ChartFilters, baselineId: string, category: string): ReductionPoint[] {
  const compare = releaseComparator(dataset);
  const tons = rowsOf<ReductionRow>(
    reductionsVsBaseline(dataset, { baseline: baselineId, category, port: filters.port, pollutant: filters.pollutant, from: filters.from, to: filters.to }),
  ).filter((r) => r.pct_change !== null && r.value !== null);
  const points = new Map<string, ReductionPoint>();
  const key = (port: string, pollutant: string, year: number) => `${port}\u0000${pollutant}\u0000${year}`;
  for (const r of tons) {
    const k = key(r.port, r.pollutant, r.year);
    const held = points.get(k);
    if (held && compare(r.release, held.release) <= 0) continue;
    points.set(k, {
      port: r.port,
      pollutant: r.pollutant,
      year: r.year,
      reduction_pct: 0 - r.pct_change!,
      evidence: 'computed from tonnages',
      release: r.release,
      published_values: '',
      source_ref: r.source_ref,
    });
  }
  const baselineYears = new Map<string, string>();
  const relativeOk = (row: ReconcileRow): boolean => {
    if (row.relative_to === baselineId) return true;
    let year = baselineYears.get(row.port);
    if (year === undefined) {
      const resolved = resolveBaseline(dataset, baselineId, row.port);
      baselineYears.set(row.port, (year = resolved.year === undefined ? '' : String(resolved.year)));
    }
    return year !== '' && row.relative_to === year;
  };
  const published = rowsOf<ReconcileRow>(reconcileIndicators(dataset, { port: filters.port, pollutant: filters.pollutant, category, from: filters.from, to: filters.to }))
    .filter((r) => r.metric === 'absolute' && relativeOk(r))
    .sort(chain<ReconcileRow>((a, b) => b.published - a.published, (a, b) => compareText(a.source_ref.join(';'), b.source_ref.join(';'))));
  const seen = new Map<string, number[]>();
  for (const r of published) {
    const k = key(r.port, r.pollutant, r.year);
    seen.set(k, [...(seen.get(k) ?? []), r.published]);
    if (points.has(k)) continue;
    // Sorted largest published change first: the smallest reduction, so a target counts as met only when every figure says so.
    points.set(k, {
      port: r.port,
      pollutant: r.pollutant,
      year: r.year,
      reduction_pct: 0 - r.published,
      evidence: 'published',
      release: r.release ?? '',
      published_values: '',
      source_ref: [...r.source_ref],
    });
  }
  for (const [k, values] of seen) {
    const point = points.get(k);
    const distinct = unique(values).sort((a, b) => a - b);
    if (point && point.evidence === 'published' && distinct.length > 1) point.published_values = distinct.map(String).join('; ');
    if (point && point.evidence === 'published') point.source_ref = unique(published.filter((r) => key(r.port, r.pollutant, r.year) === k).flatMap((r) => r.source_ref));
  }
  return [...points.values()];
}

/** Whether a target applies to a port: listed, or listed as a combined port the port belongs to. */
function targetApplies(dataset: Dataset, target: TargetRecord, port: string): boolean {
  return target.ports.some((code) => code === port || (dataset.codelists.ports.get(code)?.members ?? []).includes(port));
}

/** A programme name without its parenthesis ("San Pedro Bay Standards (2010 CAAP Update)" -> "San Pedro Bay Standards"). */
export function programmeName(programme: string): string {
  return programme.replace(/\s*\([^)]*\)/g, '').replace(/:.*$/, '').trim();
}

function targetLines(dataset: Dataset, baselineId: string, pollutants: readonly string[], ports: readonly string[], asOf: number | undefined): TargetLine[] {
  const targets = dataset.records.targets.filter(
    (t) =>
      t.kind === 'reduction_vs_baseline' &&
      t.baseline_id === baselineId &&
      t.pollutant !== undefined &&
      pollutants.includes(t.pollutant) &&
      t.value !== undefined &&
      ports.some((p) => targetApplies(dataset, t, p)),
  );
  // One port: its rows alone (the same rows, without every other port's analysis).
  const progress = rowsOf<TargetProgressRow>(targetProgress(dataset, { ...(ports.length === 1 ? { port: ports[0]! } : {}), ...(asOf === undefined ? {} : { asOf }) }));
  const groups = new Map<string, TargetRecord[]>();
  for (const t of targets) {
    const k = `${t.pollutant}\u0000${t.conflict_group ?? t.target_id}`;
    groups.set(k, [...(groups.get(k) ?? []), t]);
  }
  return [...groups.values()].map((group) => {
    const strictest = [...group].sort((a, b) => b.value! - a.value!)[0]!;
    const met = new Map<string, number | null>();
    for (const port of ports) {
      const row = progress.find((p) => p.target_id === strictest.target_id && p.port === port);
      if (!row || row.achieved_pct === null) continue;
      // "Not met" is said only with evidence from the target year on; older evidence says nothing about it.
      if (row.first_year_met !== null) met.set(port, row.first_year_met);
      else if (row.latest_year !== null && strictest.target_year !== undefined && row.latest_year >= strictest.target_year) met.set(port, null);
    }
    return {
      pollutant: strictest.pollutant!,
      target_ids: group.map((t) => t.target_id),
      target_year: strictest.target_year ?? null,
      values: unique(group.map((t) => t.value!)).sort((a, b) => a - b),
      conflicting: group.length > 1,
      met,
      programme: strictest.programme,
    };
  });
}

/** "met 2012" when every port met it the same year, else "met POLA 2012, POLB 2010; not met POLB". */
function metWords(met: ReadonlyMap<string, number | null>): string {
  const entries = [...met];
  if (entries.length === 0) return '';
  const years = unique(entries.map(([, y]) => y));
  if (years.length === 1) return years[0] === null ? 'not met' : `met ${years[0]}`;
  const metParts = entries.filter(([, y]) => y !== null).map(([p, y]) => `${p} ${y}`);
  const notMet = entries.filter(([, y]) => y === null).map(([p]) => p);
  return [metParts.length > 0 ? `met ${metParts.join(', ')}` : '', notMet.length > 0 ? `not met ${notMet.join(', ')}` : ''].filter((s) => s !== '').join('; ');
}

/** The target line's label, e.g. "2023 target 77% · met 2012" or "2023 target 92/93/96% (conflicting values) · met 2014". */
function lineLabel(line: TargetLine): string {
  const when = line.target_year === null ? 'target' : `${line.target_year} target`;
  const values = `${line.values.map(String).join('/')}%`;
  const conflict = line.conflicting ? '*' : '';
  const met = metWords(line.met);
  return `${when} ${values}${conflict}${met === '' ? '' : ` · ${met}`}`;
}

/** Whether every point of a port from `year` on is at or above `value` (met continuously since). */
function metSince(points: readonly ReductionPoint[], year: number, value: number): boolean {
  return points.filter((p) => p.year >= year).every((p) => p.reduction_pct >= value);
}

function narrativeOf(dataset: Dataset, points: readonly ReductionPoint[], pollutants: readonly string[], ports: readonly string[], lines: readonly TargetLine[], baselineText: string): string {
  const palette = paletteFor(dataset);
  const main = pollutants[0]!;
  const sentences: string[] = [];
  const latest = (port: string, pollutant: string) => points.filter((p) => p.port === port && p.pollutant === pollutant).sort((a, b) => b.year - a.year)[0];
  const describe = (p: ReductionPoint) =>
    `${formatPct(Math.abs(p.reduction_pct))} ${p.reduction_pct >= 0 ? 'below' : 'above'}`;
  const memberPorts = ports.filter((p) => dataset.codelists.ports.get(p)?.kind !== 'combined');
  const shownPorts = (memberPorts.length > 0 ? memberPorts : ports).filter((p) => latest(p, main) !== undefined);
  const parts = shownPorts.map((port, i) => {
    const p = latest(port, main)!;
    const evidence = p.evidence === 'published' ? 'published' : 'computed from tonnages';
    return i === 0
      ? `${palette.label('port', port)} ${main} was ${describe(p)} ${baselineText} in ${p.year} (${evidence})`
      : `${palette.label('port', port)} ${main} ${describe(p)} in ${p.year} (${evidence})`;
  });
  if (parts.length > 0) sentences.push(`${listWords(parts)}.`);

  const mainLines = lines.filter((l) => l.pollutant === main).sort((a, b) => (b.target_year ?? 0) - (a.target_year ?? 0));
  const line = mainLines[0];
  if (line) {
    const value = line.values.at(-1)!;
    const name = `the ${line.target_year ?? ''} ${programmeName(line.programme)} target of ${line.values.map(String).join('/')}%`.replace('the  ', 'the ');
    const byPort = shownPorts.filter((p) => line.met.has(p)).map((port) => {
      const year = line.met.get(port) ?? null;
      const series = points.filter((p) => p.port === port && p.pollutant === main);
      if (year === null) return { port, words: 'not met' };
      return { port, words: metSince(series, year, value) ? `met since ${year}` : `first met in ${year}` };
    });
    const same = unique(byPort.map((b) => b.words));
    if (byPort.length > 0 && same.length === 1) {
      const who = byPort.length === 1 ? ` by ${palette.label('port', byPort[0]!.port)}` : byPort.length === 2 ? ' by both ports' : ' by every port shown';
      const verb = same[0] === 'not met' ? 'has not been met' : same[0]!.startsWith('met since') ? `has been ${same[0]}` : `was ${same[0]}`;
      sentences.push(`${name[0]!.toUpperCase()}${name.slice(1)} ${verb}${who}.`);
    } else if (byPort.length > 0) {
      sentences.push(`${name[0]!.toUpperCase()}${name.slice(1)}: ${byPort.map((b) => `${palette.label('port', b.port)} ${b.words}`).join('; ')}.`);
    }
  }

  const first = shownPorts[0];
  if (first !== undefined && pollutants.length > 1) {
    const others = pollutants.slice(1).map((pollutant) => ({ pollutant, p: latest(first, pollutant) })).filter((o) => o.p !== undefined);
    if (others.length > 0) {
      const years = unique(others.map((o) => o.p!.year));
      const text = others.map((o) => `${o.pollutant} ${describe(o.p!)}${years.length > 1 ? ` (${o.p!.year})` : ''}`);
      sentences.push(`${palette.label('port', first)}: ${listWords(text)}${years.length === 1 ? ` in ${years[0]}` : ''}.`);
    }
  }
  return sentences.slice(0, 3).join(' ');
}

/** Builds the `reductions` chart. */
function build(dataset: Dataset, filters: ChartFilters): BuiltChart {
  checkChartFilters(reductions, dataset, filters);
  const palette = paletteFor(dataset);
  const baselineId = baselineFor(dataset, filters);
  const category = filters.category ?? 'all';
  const year = baselineYear(dataset, baselineId);
  const baselineText = year === undefined ? `the ${baselineWords(dataset, baselineId)}` : `the ${year} baseline`;
  const categoryText = category === 'all' ? '' : `, ${palette.label('category', category)}`;
  const frameBase = {
    title: `Emissions reductions against ${baselineText.replace(/^the /, 'the ')}`,
    subtitle: `% below ${baselineWords(dataset, baselineId)}${categoryText}, by pollutant and port`,
    baseline: baselineWords(dataset, baselineId),
  };
  const columns = ['port', 'port_label', 'pollutant', 'year', 'reduction_pct', 'evidence', 'release', 'published_values', 'source_ref'];

  const all = reductionPoints(dataset, filters, baselineId, category).filter((p) => inRange(p.year, filters));
  const pollutantCodes = [...dataset.codelists.pollutants.keys()];
  const withData = pollutantCodes.filter((c) => all.some((p) => p.pollutant === c));
  const targeted = new Set(
    dataset.records.targets.filter((t) => t.kind === 'reduction_vs_baseline' && t.baseline_id === baselineId && t.pollutant !== undefined).map((t) => t.pollutant!),
  );
  let pollutants = filters.pollutant !== undefined ? withData : withData.filter((c) => targeted.has(c));
  if (pollutants.length === 0) pollutants = withData;
  const leftOut = pollutants.slice(MAX_PANELS);
  pollutants = pollutants.slice(0, MAX_PANELS);
  const points = all.filter((p) => pollutants.includes(p.pollutant));
  if (points.length === 0) {
    return missingChart(
      'reductions',
      { ...frameBase, notes: [], sourceRefs: [], release: '' },
      chartMsg.missingTons(`a reduction against ${baselineWords(dataset, baselineId)}${filterWords(dataset, filters)}`) +
        `, or published % changes against ${baselineWords(dataset, baselineId)}`,
      dataTable(columns, []),
    );
  }
  const portCodes = [...dataset.codelists.ports.keys()];
  const ports = portCodes.filter((c) => points.some((p) => p.port === c));
  const order = {
    port: new Map(portCodes.map((c, i) => [c, i])),
    pollutant: new Map(pollutantCodes.map((c, i) => [c, i])),
  };
  points.sort(
    chain<ReductionPoint>(
      (a, b) => order.pollutant.get(a.pollutant)! - order.pollutant.get(b.pollutant)!,
      (a, b) => order.port.get(a.port)! - order.port.get(b.port)!,
      (a, b) => a.year - b.year,
    ),
  );
  const lines = category === 'all' ? targetLines(dataset, baselineId, pollutants, ports, filters.to) : [];

  const pollutantLabel = (code: string) => {
    const label = palette.label('pollutant', code);
    return pollutants.length <= 3 && label !== code ? `${label} (${code})` : code;
  };
  const pointRows: Row[] = points.map((p) => ({
    layer: 'point',
    panel: pollutantLabel(p.pollutant),
    port: palette.label('port', p.port),
    year: p.year,
    reduction_pct: roundTo(p.reduction_pct, 2),
    evidence: p.evidence === 'published' ? 'published figure' : p.evidence,
  }));
  // The targets' key sits in the panel's lower right, where rising reductions leave room.
  const plotHeight = CHART_SIZE.height - 90;
  const lineRows: Row[] = [];
  for (const pollutant of pollutants) {
    const own = lines.filter((l) => l.pollutant === pollutant).sort((a, b) => Math.max(...b.values) - Math.max(...a.values));
    own.forEach((line, i) => {
      for (const value of line.values) lineRows.push({ layer: 'rule', panel: pollutantLabel(pollutant), target_pct: value });
      lineRows.push({ layer: 'label', panel: pollutantLabel(pollutant), key_y: plotHeight - 8 - (own.length - 1 - i) * 14, label: lineLabel(line) });
    });
  }
  const years = points.map((p) => p.year);
  const minYear = Math.min(...years);
  const maxYear = Math.max(...years);
  const yMin = Math.min(0, ...points.map((p) => p.reduction_pct));
  const portLabels = ports.map((p) => palette.label('port', p));
  const panels = pollutants.map(pollutantLabel);
  const spacing = 24;
  const width = panelWidth(panels.length, { spacing });
  const x = {
    field: 'year',
    type: 'quantitative',
    title: null,
    scale: { domain: [minYear, maxYear], nice: false, zero: false },
    axis: { format: 'd', values: yearTicks(minYear, maxYear) },
  };
  const y = {
    field: 'reduction_pct',
    type: 'quantitative',
    title: `% below ${year ?? 'baseline'}`,
    scale: { domain: [Math.floor(yMin / 10) * 10, 100], nice: false },
    axis: { tickCount: 6 },
  };
  const color = { field: 'port', type: 'nominal', title: null, scale: { domain: portLabels, range: ports.map((p) => palette.color('port', p)) }, legend: { orient: 'top' } };
  const values = [...pointRows, ...lineRows];
  const spec = vegaLite({
    data: { values },
    facet: { column: { field: 'panel', type: 'nominal', title: null, sort: panels, header: { labelFontSize: FONT_SIZE.header } } },
    spacing,
    resolve: { scale: { y: 'shared', x: 'shared' } },
    spec: {
      width,
      height: plotHeight,
      layer: layersWithData(values, [
        {
          transform: [{ filter: { field: 'layer', equal: 'rule' } }],
          mark: { type: 'rule', strokeDash: [5, 4], strokeWidth: 1.2, color: NEUTRAL.muted },
          encoding: { y: { field: 'target_pct', type: 'quantitative' } },
        },
        {
          transform: [{ filter: { field: 'layer', equal: 'label' } }],
          mark: { type: 'text', align: 'right', baseline: 'bottom', dx: -2, fontSize: FONT_SIZE.small, color: NEUTRAL.text, limit: width - 4 },
          encoding: { x: { value: width }, y: { field: 'key_y', type: 'quantitative', scale: null }, text: { field: 'label', type: 'nominal' } },
        },
        {
          transform: [{ filter: { field: 'layer', equal: 'point' } }],
          mark: { type: 'line', strokeWidth: 2 },
          encoding: { x, y, color, detail: { field: 'port', type: 'nominal' }, order: { field: 'year', type: 'quantitative' } },
        },
        {
          transform: [{ filter: { field: 'layer', equal: 'point' } }],
          mark: { type: 'point', filled: true, size: 52, opacity: 1 },
          encoding: {
            x,
            y,
            color,
            shape: {
              field: 'evidence',
              type: 'nominal',
              title: null,
              scale: solidHollowScale('computed from tonnages', 'published figure'),
              legend: { orient: 'bottom', symbolFillColor: NEUTRAL.text, symbolStrokeColor: NEUTRAL.text, symbolOpacity: 1 },
            },
          },
        },
      ]),
    },
  });

  const notes: string[] = [chartMsg.publishedVsComputed];
  const conflicts = lines.filter((l) => l.conflicting);
  if (conflicts.length > 0) {
    notes.push('* ' + chartMsg.conflictingTargets(conflicts.map((l) => `${l.pollutant} ${l.target_year ?? ''} ${l.values.join('/')}%`.replace('  ', ' ')).join(', ')));
  }
  if (lines.length > 0) notes.push(`Dashed lines: ${unique(lines.map((l) => programmeName(l.programme))).join(', ')} targets; "met" is the first year a port's figure reached the strictest value.`);
  if (leftOut.length > 0) notes.push(`Not shown (use --pollutant): ${leftOut.join(', ')}.`);

  const tonReleases = points.filter((p) => p.evidence === 'computed from tonnages').map((p) => p.release);
  const publishedCount = unique(points.filter((p) => p.evidence === 'published').flatMap((p) => p.source_ref)).length;
  const native: NativeChartData = nativeOf(dataset, points, pollutants, ports, year);
  return {
    id: 'reductions',
    spec,
    frame: {
      ...frameBase,
      notes,
      sourceRefs: unique([...sourceRefsOf(points), ...lines.flatMap((l) => sourceRefsOf(dataset.records.targets.filter((t) => l.target_ids.includes(t.target_id))))]),
      release: releaseWords(dataset, tonReleases, publishedCount > 0 ? `published percentages (${publishedCount} ${publishedCount === 1 ? "source" : "sources"})` : undefined),
    },
    narrative: narrativeOf(dataset, points, pollutants, ports, lines, baselineText),
    data: dataTable(
      columns,
      points.map((p) => ({ ...p, port_label: palette.label('port', p.port), reduction_pct: p.reduction_pct })),
    ),
    native,
  };
}

function nativeOf(dataset: Dataset, points: readonly ReductionPoint[], pollutants: readonly string[], ports: readonly string[], year: number | undefined): NativeChartData {
  const palette = paletteFor(dataset);
  const years = unique(points.map((p) => p.year)).sort((a, b) => a - b);
  const series = pollutants.flatMap((pollutant) =>
    ports
      .filter((port) => points.some((p) => p.port === port && p.pollutant === pollutant))
      .map((port) => {
        const color = pollutants.length === 1 ? palette.color('port', port) : ports.length === 1 ? palette.color('pollutant', pollutant) : undefined;
        return {
          name: `${palette.label('port', port)} ${pollutant}`,
          values: years.map((y) => {
            const p = points.find((q) => q.port === port && q.pollutant === pollutant && q.year === y);
            return p === undefined ? null : roundTo(p.reduction_pct, 1);
          }),
          ...(color === undefined ? {} : { color }),
        };
      }),
  );
  return { type: 'line', categories: years.map(String), series, yAxisTitle: `% below ${year ?? 'baseline'}`, percent: true };
}

/** The `reductions` chart definition. */
export const reductions: ChartDefinition = {
  id: 'reductions',
  description:
    '% below a baseline (default: the port\'s or the dataset\'s baseline) by pollutant (one panel each) and port over the years: computed from tonnages where the dataset has them, else the published percentage (hollow points); reduction targets as dashed lines with the year each was met',
  filters: ['port', 'pollutant', 'category', 'baseline', 'from', 'to'],
  build,
};
