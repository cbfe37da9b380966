/**
 * Chart `coop-timeline`: the milestones of an agreement (default: the one with phased milestones, the 2025
 * Cooperative Agreement) on a time line: its steps (approvals, reviews, draft plans) in the top lane, and
 * each phase's plan deadline in the row of every source category the phase covers.
 */
import { milestonesChartData, type MilestonesChartData } from '../analysis/chart-data/milestones.ts';
import type { Dataset } from '../ingest/dataset.ts';
import type { MilestoneRecord } from '../schema/records.ts';
import { unique } from '../analysis/common.ts';
import { compareCodePoints } from '../compare.ts';
import { capitalise, findingTitle, layersWithData, listWords, missingChart, recordsTable, vegaLite, type Row, narration } from './common.ts';
import { gapWords } from './messages.ts';
import { CHART_SIZE, FONT_SIZE, NEUTRAL, paletteFor } from './theme.ts';
import type { BuiltChart, ChartDefinition } from './types.ts';

export { agreementMilestones } from '../analysis/chart-data/milestones.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Words for the milestone kinds the San Pedro Bay data uses; other kinds are spelled out from their code. */
const KIND_WORDS: Record<string, string> = {
  approval: 'approved',
  board_review_expected: 'board review expected',
  plan_draft_due: 'draft plans due',
  plan_due: 'plan due',
};

/** A milestone's kind in words. */
export function kindWords(kind: string): string {
  return KIND_WORDS[kind] ?? kind.replace(/_/g, ' ');
}

/** A date as precise as the source gives it: "31 Dec 2027", "May 2027", "~May 2026" (a season). */
export function dateWords(date: string, precision: MilestoneRecord['date_precision']): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const monthName = MONTHS[month - 1] ?? '';
  if (precision === 'day') return `${day} ${monthName} ${year}`;
  if (precision === 'month') return `${monthName} ${year}`;
  return `~${monthName} ${year}`;
}

/** Milliseconds since 1970 of an ISO date at 00:00 UTC: the same instant on every machine. */
function utc(date: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day);
}

/** The coop-timeline chart (spec, frame, narrative, data; the deck uses the picture) drawn from its chart data. */
export function milestonesChart(data: MilestonesChartData, dataset: Dataset): BuiltChart {
  const palette = paletteFor(dataset);
  const milestones = data.records;
  const agreement = data.agreement;
  const frameBase = {
    title: findingTitle(data.missing === null ? milestonesFinding(data) : null, `${agreement}: steps and deadlines`),
    subtitle: `${agreement}: its steps (top) and the zero-emission infrastructure plan due for each source category, by phase`,
    baseline: '',
  };
  const table = recordsTable(data, dataset);
  if (data.missing !== null) {
    return { ...missingChart('coop-timeline', { ...frameBase, notes: [], sourceRefs: [], release: '' }, gapWords(data.missing), table), chartData: data };
  }
  const { phased, steps, categories } = data;
  const STEPS_LANE = 'Agreement steps';
  const lanes = [STEPS_LANE, ...categories.map((c) => palette.label('category', c))];

  // Steps of one kind in one month (three board approvals within days) share one label.
  const groups = new Map<string, MilestoneRecord[]>();
  for (const m of steps) {
    const key = `${m.kind}\u0000${m.date.slice(0, 7)}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const stepLabels = [...groups.values()].map((group, i) => {
    const first = group[0]!;
    const last = group.at(-1)!;
    const when =
      group.length === 1
        ? dateWords(first.date, first.date_precision)
        : `${Number(first.date.slice(8))}-${dateWords(last.date, last.date_precision)}`;
    const what = group.length > 1 ? `${group.length} boards ${kindWords(first.kind)}` : capitalise(kindWords(first.kind));
    return { layer: 'step_label', lane: STEPS_LANE, date: utc(first.date), label: `${what} · ${when}`, above: i % 2 === 0 };
  });
  const values: Row[] = [
    ...steps.map((m) => ({ layer: 'step', lane: STEPS_LANE, date: utc(m.date), exact: m.date_precision === 'day' ? 'exact date' : 'month or season' })),
    ...stepLabels,
    ...steps.map((m) => ({ layer: 'rule', date: utc(m.date) })),
    ...phased.flatMap((m) =>
      m.source_categories
        .filter((c) => categories.includes(c))
        .map((c) => ({
          layer: 'phase',
          lane: palette.label('category', c),
          category: palette.label('category', c),
          date: utc(m.date),
          label: `Phase ${m.phase} · ${m.date_precision === 'day' ? dateWords(m.date, 'month') : dateWords(m.date, m.date_precision)}`,
        })),
    ),
  ];
  const dates = milestones.map((m) => utc(m.date));
  const day = 86_400_000;
  const x = {
    field: 'date',
    type: 'temporal',
    title: null,
    scale: { type: 'utc', domain: [Math.min(...dates) - 60 * day, Math.max(...dates) + 330 * day], nice: false },
    axis: { format: '%Y', tickCount: 'utcyear', grid: true, gridColor: NEUTRAL.grid },
  };
  const y = { field: 'lane', type: 'nominal', title: null, sort: lanes, scale: { domain: lanes, padding: 0.6 }, axis: { labelLimit: 240, labelFontWeight: 'normal', ticks: false } };
  const categoryLabels = categories.map((c) => palette.label('category', c));
  const layerOf = (name: string) => [{ filter: { field: 'layer', equal: name } }];
  const spec = vegaLite({
    data: { values },
    width: CHART_SIZE.width - 270,
    height: Math.min(CHART_SIZE.height - 20, 50 * lanes.length),
    layer: layersWithData(values, [
      { transform: layerOf('rule'), mark: { type: 'rule', color: NEUTRAL.light, strokeDash: [3, 3] }, encoding: { x } },
      {
        transform: layerOf('step'),
        mark: { type: 'point', filled: true, size: 80, opacity: 1, color: NEUTRAL.text },
        encoding: { x, y, shape: { field: 'exact', type: 'nominal', scale: { domain: ['exact date', 'month or season'], range: ['diamond', 'circle'] }, legend: null } },
      },
      {
        transform: [...layerOf('step_label'), { filter: 'datum.above' }],
        mark: { type: 'text', align: 'left', baseline: 'bottom', dx: -4, dy: -9, fontSize: FONT_SIZE.small, color: NEUTRAL.text },
        encoding: { x, y, text: { field: 'label', type: 'nominal' } },
      },
      {
        transform: [...layerOf('step_label'), { filter: '!datum.above' }],
        mark: { type: 'text', align: 'left', baseline: 'top', dx: -4, dy: 9, fontSize: FONT_SIZE.small, color: NEUTRAL.text },
        encoding: { x, y, text: { field: 'label', type: 'nominal' } },
      },
      {
        transform: layerOf('phase'),
        mark: { type: 'point', shape: 'square', filled: true, size: 130, opacity: 1 },
        encoding: {
          x,
          y,
          color: { field: 'category', type: 'nominal', title: null, scale: { domain: categoryLabels, range: categories.map((c) => palette.color('category', c)) }, legend: null },
        },
      },
      {
        transform: layerOf('phase'),
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 10, fontSize: FONT_SIZE.small, color: NEUTRAL.text },
        encoding: { x, y, text: { field: 'label', type: 'nominal' } },
      },
    ]),
  });
  const notes = [
    'Dates as the sources give them: "~" marks a season, a month alone a month; each step is listed with its body in the data table.',
  ];
  for (const m of phased) {
    const detail = m.detail === '' ? listWords(m.source_categories.map((c) => palette.label('category', c))) : m.detail;
    notes.push(`${/^phase\b/i.test(detail) ? '' : `Phase ${m.phase}: `}${capitalise(detail)}, due ${dateWords(m.date, m.date_precision)}.`);
  }
  return {
    id: 'coop-timeline',
    spec,
    frame: { ...frameBase, notes, sourceRefs: data.sourceRefs, release: `${agreement}, as published` },
    ...narration(narrativeOf(dataset, steps, phased)),
    data: table,
    chartData: data,
    pictureReason: 'A time line of dated milestones has no editable PowerPoint chart form, so the slide shows the picture.',
  };
}

/**
 * The finding of the chart, from its milestones: when the last approval came and when the last phase's plan
 * is due, e.g. "Agreement approved by 20 Nov 2025; plans due in 3 phases, the last by 31 Dec 2029" (the
 * subtitle names the agreement). Null with neither approvals nor phases.
 */
export function milestonesFinding(data: MilestonesChartData): string | null {
  const approvals = [...data.steps.filter((m) => m.kind === 'approval')].sort((a, b) => compareCodePoints(a.date, b.date));
  const phases = [...data.phased].sort((a, b) => compareCodePoints(a.date, b.date));
  const parts: string[] = [];
  const approved = approvals.at(-1);
  if (approved !== undefined) parts.push(`agreement approved by ${dateWords(approved.date, approved.date_precision)}`);
  const last = phases.at(-1);
  if (last !== undefined) {
    const count = unique(phases.map((m) => m.phase)).length;
    parts.push(`plans due in ${count} ${count === 1 ? 'phase' : 'phases'}, the last by ${dateWords(last.date, last.date_precision)}`);
  }
  return parts.length === 0 ? null : parts.join('; ');
}

function narrativeOf(dataset: Dataset, steps: readonly MilestoneRecord[], phased: readonly MilestoneRecord[]): string[] {
  const palette = paletteFor(dataset);
  const sentences: string[] = [];
  const approvals = steps.filter((m) => m.kind === 'approval');
  if (approvals.length > 0) {
    sentences.push(
      `The agreement was approved by ${listWords(approvals.map((m) => `the ${m.scope} (${dateWords(m.date, m.date_precision)})`))}.`,
    );
  }
  if (phased.length > 0) {
    const parts = [...phased]
      .sort((a, b) => a.phase! - b.phase!)
      .map((m) => `Phase ${m.phase} (${listWords(m.source_categories.map((c) => palette.label('category', c)))}) by ${dateWords(m.date, m.date_precision)}`);
    sentences.push(`Plans are due in ${phased.length} phases: ${listWords(parts)}.`);
  }
  return sentences;
}

/** The `coop-timeline` chart definition. */
export const coopTimeline: ChartDefinition = {
  id: 'coop-timeline',
  description:
    'The 2025 Cooperative Agreement on a time line: approvals, review and draft-plan steps, and each phase\'s plan deadline in the row of every source category it covers',
  filters: ['category', 'from', 'to'],
  build: (dataset, filters) => milestonesChart(milestonesChartData(dataset, filters), dataset),
};
