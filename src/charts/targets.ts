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
  formatPct,
  listWords,
  missingChart,
  recordsTable,
  vegaLite,
  layersWithData,
  roundTo,
  type Row,
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

/** The targets chart (spec, frame, narrative, data, deck chart) drawn from its chart data. */
export function targetsChart(data: TargetsChartData, dataset: Dataset): BuiltChart {
  const palette = paletteFor(dataset);
  const frameBase = {
    title: 'Progress to the emissions targets',
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
  const labels = targetRows.map(targetLabel);
  const values: Row[] = [
    ...shown.map((r) => ({
      layer: 'bar',
      target: targetLabel(r),
      port: palette.label('port', r.port),
      achieved_pct: roundTo(r.achieved_pct!, 1),
      status: statusWords(r),
    })),
    ...targetRows.map((r) => ({ layer: 'target', target: targetLabel(r), target_pct: r.target_pct, conflicting: r.conflicting })),
  ];
  const y = { field: 'target', type: 'nominal', title: null, sort: labels, scale: { domain: labels, paddingInner: 0.25 }, axis: {
      labelFontSize: FONT_SIZE.label,
      labelLimit: 200,
      // The label text is built here (pollutant code, year, value, "*"), so the test sees no dataset prose.
      labelColor: { condition: { test: "indexof(datum.value, '*') >= 0", value: OKABE_ITO.vermillion }, value: NEUTRAL.text },
    },
  };
  const x = { type: 'quantitative', title: '% below the baseline', scale: { domain: [0, 130], nice: false, clamp: true }, axis: { values: [0, 20, 40, 60, 80, 100] } };
  const spec = vegaLite({
    data: { values },
    width: CHART_SIZE.width - 160,
    height: Math.min(CHART_SIZE.height + 60, Math.max(120, shown.length * 20)),
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
    narrative: narrativeOf(dataset, shown, targetRows),
    data: table,
    native: nativeOf(dataset, shown, ports, targetRows),
    chartData: data,
  };
}

function narrativeOf(dataset: Dataset, shown: readonly TargetProgressRow[], targetRows: readonly TargetProgressRow[]): string {
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
  return sentences.slice(0, 3).join(' ');
}

function nativeOf(dataset: Dataset, shown: readonly TargetProgressRow[], ports: readonly string[], targetRows: readonly TargetProgressRow[]): NativeChartData {
  const palette = paletteFor(dataset);
  return {
    type: 'bar',
    categories: targetRows.map(targetLabel),
    series: [
      ...ports.map((p) => ({
        name: palette.label('port', p),
        values: targetRows.map((t) => {
          const r = shown.find((s) => s.target_id === t.target_id && s.port === p);
          return r === undefined ? null : roundTo(r.achieved_pct!, 1);
        }),
        color: palette.color('port', p),
      })),
      { name: 'Target', values: targetRows.map((t) => t.target_pct), color: NEUTRAL.text, reference: true },
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
