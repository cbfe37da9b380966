/**
 * Chart `targets`: progress to every target that can be evaluated: the reduction achieved by each port
 * (bar, with its year) against the target (black tick), conflicting published values of a target flagged.
 */
import { targetsChartData, type TargetsChartData } from '../analysis/chart-data/targets.ts';
import { unique } from '../analysis/common.ts';
import type { TargetProgressRow } from '../analysis/types.ts';
import type { Dataset } from '../ingest/dataset.ts';
import {
  baselineWords,
  countWords,
  findingTitle,
  formatPct,
  listWords,
  missingChart,
  recordsTable,
  vegaLite,
  layersWithData,
  roundTo,
  type Row,
  narration,
} from './common.ts';
import { programmeName } from '../analysis/chart-data/reductions.ts';
import { chartMsg, gapWords } from './messages.ts';
import { CHART_SIZE, FONT_SIZE, NEUTRAL, OKABE_ITO, paletteFor } from './theme.ts';
import type { BuiltChart, ChartDefinition, NativeChartData } from './types.ts';

/** A target's row label: "DPM 2023: 77%" (with "*" for a conflicting value). */
function targetLabel(row: TargetProgressRow): string {
  return `${row.pollutant ?? row.target_id} ${row.target_year ?? ''}: ${row.target_pct ?? '?'}%${row.conflicting ? '*' : ''}`.replace(' :', ':');
}

/** The status words at the end of a bar: "90% in 2024 · met since 2012" / "25% in 2007 · not met". */
function statusWords(row: TargetProgressRow): string {
  const achieved = `${formatPct(row.achieved_pct!)} in ${row.latest_year}`;
  if (row.met === true) return `${achieved} · met${row.first_year_met === null ? '' : ` ${row.first_year_met}`}`;
  if (row.target_year !== null && row.latest_year !== null && row.latest_year < row.target_year) return `${achieved} · open until ${row.target_year}`;
  return `${achieved} · not met`;
}

/** A row of the chart: one target, or several of one pollutant whose bars say the same for every port. */
interface TargetGroup {
  label: string;
  /** The targets of the row, in the order of the chart data's target rows. */
  rows: TargetProgressRow[];
}

/**
 * The chart's rows: targets of one pollutant whose every port shows the same bar and status (e.g. four SOx
 * targets all "98% · met 2014") share one row, labelled with each target ("SOx 2014: 93%, 2023: 92/93/96%*")
 * and drawn with a tick per value; the others keep a row each.
 */
export function targetGroups(shown: readonly TargetProgressRow[], targetRows: readonly TargetProgressRow[]): TargetGroup[] {
  const groups = new Map<string, TargetProgressRow[]>();
  for (const row of targetRows) {
    const bars = shown
      .filter((r) => r.target_id === row.target_id)
      .map((r) => `${r.port}=${r.achieved_pct}@${r.latest_year}:${statusWords(r)}`)
      .sort();
    const key = `${row.pollutant ?? row.target_id}\u0000${bars.join('\u0000')}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((rows) => {
    if (rows.length === 1) return { label: targetLabel(rows[0]!), rows };
    const years = unique(rows.map((r) => r.target_year));
    const parts = years.map((year) => {
      const own = rows.filter((r) => r.target_year === year);
      const values = unique(own.map((r) => r.target_pct)).sort((a, b) => (a ?? 0) - (b ?? 0));
      return `${year === null ? '' : `${year}: `}${values.join('/')}%${own.some((r) => r.conflicting) ? '*' : ''}`;
    });
    return { label: `${rows[0]!.pollutant ?? rows[0]!.target_id} ${parts.join(', ')}`, rows };
  });
}

/**
 * The finding of the chart, from its rows: how many port-target pairs with figures are met, and which
 * are not yet (the first in the chart's order). Null when no pair has a figure.
 */
export function targetsFinding(dataset: Dataset, shown: readonly TargetProgressRow[]): string | null {
  if (shown.length === 0) return null;
  const palette = paletteFor(dataset);
  const ports = unique(shown.map((r) => r.port));
  // Conflicting published values of one target count once.
  const targetCount = unique(shown.map((r) => r.conflict_group ?? r.target_id)).length;
  const met = shown.filter((r) => r.met === true);
  const who = ports.length === 1 ? palette.label('port', ports[0]!) : ports.length === 2 ? 'both ports' : `all ${ports.length} ports`;
  if (met.length === shown.length) return `${who} ${ports.length === 1 ? 'has' : 'have'} met ${targetCount === 1 ? 'the target' : `${countWords(targetCount)} targets`} with figures`;
  const open = shown.filter((r) => r.met !== true);
  const first = open[0]!;
  const more = open.length > 1 ? ` (and ${open.length - 1} more)` : '';
  return `${met.length} of ${shown.length} port-target pairs met; ${palette.label('port', first.port)} ${first.pollutant ?? first.target_id} ${first.target_pct}% ${statusWords(first).split(' · ')[1]}${more}`;
}

/** The targets chart (spec, frame, narrative, data, deck chart) drawn from its chart data. */
export function targetsChart(data: TargetsChartData, dataset: Dataset): BuiltChart {
  const palette = paletteFor(dataset);
  const frameBase = {
    title: findingTitle(data.missing === null ? targetsFinding(dataset, data.shown) : null, 'Progress to the emissions targets'),
    subtitle: 'Reduction achieved by each port (bar, latest year with a figure) against each target (black tick), % below the target\'s baseline',
    baseline: '',
  };
  const table = recordsTable(data, dataset);
  const { shown, leftOut, targetRows } = data;
  if (data.missing !== null) {
    return { ...missingChart('targets', { ...frameBase, notes: [], sourceRefs: [], release: '' }, gapWords(data.missing), table), chartData: data };
  }
  const portCodes = [...dataset.codelists.ports.keys()];
  const pollutantCodes = [...dataset.codelists.pollutants.keys()];
  const ports = portCodes.filter((c) => shown.some((r) => r.port === c));
  const portLabels = ports.map((p) => palette.label('port', p));
  const groups = targetGroups(shown, targetRows);
  const labels = groups.map((g) => g.label);
  const values: Row[] = [
    ...groups.flatMap((g) =>
      shown
        .filter((r) => r.target_id === g.rows[0]!.target_id)
        .map((r) => ({
          layer: 'bar',
          target: g.label,
          port: palette.label('port', r.port),
          achieved_pct: roundTo(r.achieved_pct!, 1),
          status: statusWords(r),
        })),
    ),
    ...groups.flatMap((g) =>
      unique(g.rows.map((r) => r.target_pct)).map((value) => ({ layer: 'target', target: g.label, target_pct: value, conflicting: g.rows.some((r) => r.conflicting) })),
    ),
  ];
  const y = { field: 'target', type: 'nominal', title: null, sort: labels, scale: { domain: labels, paddingInner: 0.25 }, axis: {
      labelFontSize: FONT_SIZE.label,
      labelLimit: 280,
      // The label text is built here (pollutant code, year, value, "*"), so the test sees no dataset prose.
      labelColor: { condition: { test: "indexof(datum.value, '*') >= 0", value: OKABE_ITO.vermillion }, value: NEUTRAL.text },
    },
  };
  const x = { type: 'quantitative', title: '% below the baseline', scale: { domain: [0, 130], nice: false, clamp: true }, axis: { values: [0, 20, 40, 60, 80, 100] } };
  const spec = vegaLite({
    data: { values },
    width: CHART_SIZE.width - 160,
    height: Math.min(CHART_SIZE.height + 60, Math.max(120, groups.length * ports.length * 20)),
    layer: layersWithData(values, [
      {
        transform: [{ filter: { field: 'layer', equal: 'bar' } }],
        mark: { type: 'bar' },
        encoding: {
          y,
          yOffset: { field: 'port', type: 'nominal', sort: portLabels, scale: { domain: portLabels } },
          x: { ...x, field: 'achieved_pct' },
          color: { field: 'port', type: 'nominal', title: null, scale: { domain: portLabels, range: ports.map((p) => palette.color('port', p)) }, legend: { orient: 'top' } },
        },
      },
      {
        transform: [{ filter: { field: 'layer', equal: 'bar' } }],
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: FONT_SIZE.small, color: NEUTRAL.text },
        encoding: {
          y,
          yOffset: { field: 'port', type: 'nominal', sort: portLabels, scale: { domain: portLabels } },
          x: { ...x, field: 'achieved_pct' },
          text: { field: 'status', type: 'nominal' },
        },
      },
      {
        transform: [{ filter: { field: 'layer', equal: 'target' } }],
        mark: { type: 'tick', thickness: 3, orient: 'vertical' },
        encoding: {
          y,
          x: { ...x, field: 'target_pct' },
          color: { value: NEUTRAL.text },
        },
      },
    ]),
  });
  const notes: string[] = [];
  const conflicts = targetRows.filter((r) => r.conflicting);
  if (conflicts.length > 0) {
    notes.push(
      `* ${chartMsg.conflictingTargets(unique(conflicts.map((r) => r.conflict_group ?? r.target_id)).map((g) => `${g}: ${conflicts.filter((c) => (c.conflict_group ?? c.target_id) === g).map((c) => `${c.target_pct}%`).join(', ')}`).join('; '))} Their labels are in vermillion.`,
    );
  }
  notes.push('Bars: computed from tonnages where the dataset has them for the year, else the published percentage (the smaller where sources differ); "met" is the first year at or above the target.');
  for (const r of leftOut) notes.push(chartMsg.combinedLeftOut(palette.label('port', r.port), r.latest_year ?? 0));
  if (data.notCharted.length > 0) notes.push(chartMsg.otherTargetsNotCharted(data.notCharted.length));
  const baselines = unique(shown.map((r) => r.baseline_id).filter((b): b is string => b !== null));
  return {
    id: 'targets',
    spec,
    frame: {
      ...frameBase,
      baseline: baselines.map((b) => baselineWords(dataset, b)).join('; '),
      notes: unique(notes),
      sourceRefs: data.sourceRefs,
      release: 'tonnages and published percentages, latest year per port (see the data table)',
    },
    ...narration(narrativeOf(dataset, shown, targetRows)),
    data: table,
    native: nativeOf(dataset, shown, ports, groups),
    chartData: data,
  };
}

function narrativeOf(dataset: Dataset, shown: readonly TargetProgressRow[], targetRows: readonly TargetProgressRow[]): string[] {
  const palette = paletteFor(dataset);
  const met = shown.filter((r) => r.met === true);
  const notMet = shown.filter((r) => r.met === false);
  const sentences = [
    met.length === shown.length
      ? `All ${shown.length} port-target pairs with figures are met.`
      : `Of ${shown.length} port-target pairs with figures, ${met.length} ${met.length === 1 ? 'is' : 'are'} met and ${notMet.length} not (yet).`,
  ];
  const dated = targetRows.filter((r) => r.target_year !== null);
  const latestYear = Math.max(...dated.map((r) => r.target_year!));
  const latest = dated.filter((r) => r.target_year === latestYear);
  if (latest.length > 0) {
    const byPollutant = unique(latest.map((r) => r.pollutant ?? r.target_id)).map((pollutant) => {
      const group = latest.filter((r) => (r.pollutant ?? r.target_id) === pollutant);
      const strictest = [...group].sort((a, b) => b.target_pct! - a.target_pct!)[0]!;
      const values = unique(group.map((r) => r.target_pct!)).sort((a, b) => a - b).join('/');
      const rows = shown.filter((r) => r.target_id === strictest.target_id);
      const years = unique(rows.map((r) => (r.met ? r.first_year_met : null)));
      let words: string;
      if (years.length === 1 && years[0] !== null && years[0] !== undefined) {
        words = `met in ${years[0]}${rows.length === 2 ? ' by both ports' : rows.length === 1 ? ` by ${palette.label('port', rows[0]!.port)}` : ''}`;
      } else {
        words = listWords(rows.map((r) => (r.met ? `met by ${palette.label('port', r.port)} in ${r.first_year_met}` : `not yet by ${palette.label('port', r.port)} (${formatPct(r.achieved_pct!)} in ${r.latest_year})`)));
      }
      return `${pollutant} (${values}%) ${words}`;
    });
    sentences.push(`The ${latestYear} ${programmeName(latest[0]!.programme)} targets: ${listWords(byPollutant)}.`);
  }
  const open = notMet.filter((r) => r.required_annual_pct !== null);
  if (open.length > 0) {
    const r = open[0]!;
    sentences.push(
      `${palette.label('port', r.port)} needs ${formatPct(r.required_annual_pct!)} a year to reach ${r.pollutant} ${r.target_pct}% by ${r.target_year}${r.on_track === null ? '' : r.on_track ? ', which its historical rate achieves' : ', faster than its historical rate'}.`,
    );
  }
  return sentences.slice(0, 3);
}

function nativeOf(dataset: Dataset, shown: readonly TargetProgressRow[], ports: readonly string[], groups: readonly TargetGroup[]): NativeChartData {
  const palette = paletteFor(dataset);
  return {
    type: 'bar',
    categories: groups.map((g) => g.label),
    series: [
      ...ports.map((p) => ({
        name: palette.label('port', p),
        values: groups.map((g) => {
          const r = shown.find((s) => s.target_id === g.rows[0]!.target_id && s.port === p);
          return r === undefined ? null : roundTo(r.achieved_pct!, 1);
        }),
        color: palette.color('port', p),
      })),
      // A merged row's editable bar is its strictest target.
      { name: 'Target', values: groups.map((g) => Math.max(...g.rows.map((t) => t.target_pct!))), color: NEUTRAL.text, reference: true },
    ],
    yAxisTitle: '% below the baseline',
    percent: true,
    yMin: 0,
    yMax: 100,
    subtitle: 'Reduction achieved by each port (bar, latest year with a figure) beside each target (black bar), % below the target\'s baseline',
  };
}

/** The `targets` chart definition. */
export const targets: ChartDefinition = {
  id: 'targets',
  description:
    'Progress to every target that can be evaluated: reduction achieved by each port (latest year) against the target; conflicting published values of a target flagged; the others listed with the reason in the data',
  filters: ['port', 'pollutant', 'to'],
  build: (dataset, filters) => targetsChart(targetsChartData(dataset, filters), dataset),
};
