/**
 * Chart data of `coop-timeline`: the milestones of one agreement (the one with most phased milestones): its
 * steps, and each phase's deadline for the source categories it covers.
 */
import type { Dataset } from '../../ingest/dataset.ts';
import type { MilestoneRecord } from '../../schema/records.ts';
import { unique } from '../common.ts';
import { chartData, filterWords } from './common.ts';
import { fillMsg } from './messages.ts';
import type { ChartColumn, ChartData, ChartOptions } from './types.ts';

/** The milestones of the agreement shown: the one with most phased milestones (ties: first listed). */
export function agreementMilestones(dataset: Dataset, options: ChartOptions): MilestoneRecord[] {
  const inYears = (m: MilestoneRecord) => {
    const year = Number(m.date.slice(0, 4));
    return (options.from === undefined || year >= options.from) && (options.to === undefined || year <= options.to);
  };
  const all = dataset.records.milestones.filter((m) => inYears(m) && (options.category === undefined || m.phase === undefined || m.source_categories.includes(options.category)));
  const agreements = unique(all.map((m) => m.agreement));
  const phased = (a: string) => all.filter((m) => m.agreement === a && m.phase !== undefined).length;
  const agreement = [...agreements].sort((a, b) => phased(b) - phased(a))[0];
  return all.filter((m) => m.agreement === agreement).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export const MILESTONE_CHART_COLUMNS: ChartColumn[] = [
  { name: 'milestone_id', description: 'milestone code', unit: '' },
  { name: 'agreement', description: 'the agreement', unit: '' },
  { name: 'date', description: 'date (ISO; as precise as date_precision says)', unit: '' },
  { name: 'date_precision', description: 'day, month or season', unit: '' },
  { name: 'kind', description: 'what the milestone is', unit: '' },
  { name: 'scope', description: 'the body or programme', unit: '' },
  { name: 'phase', description: 'phase of the plan deadlines', unit: '' },
  { name: 'source_categories', description: 'source categories the phase covers', unit: '' },
  { name: 'detail', description: 'the milestone in words', unit: '' },
  { name: 'source_ref', description: 'sources of the milestone', unit: '' },
];

/** The chart data of `coop-timeline`. */
export interface MilestonesChartData extends ChartData<MilestoneRecord> {
  agreement: string;
  /** Milestones without a phase (approvals, reviews, drafts), by date. */
  steps: MilestoneRecord[];
  /** Phase deadlines, by date. */
  phased: MilestoneRecord[];
  /** Source categories with a phase deadline (the `category` option's alone), in codelist order. */
  categories: string[];
}

/** The data of the `coop-timeline` chart ({@link agreementMilestones}). */
export function milestonesChartData(dataset: Dataset, options: ChartOptions): MilestonesChartData {
  const milestones = agreementMilestones(dataset, options);
  const phased = milestones.filter((m) => m.phase !== undefined);
  return chartData({
    chartId: 'coop-timeline',
    options,
    records: milestones,
    columns: MILESTONE_CHART_COLUMNS,
    missing: milestones.length === 0 ? { missing: `the agreement time line${filterWords(dataset, options)}`, fill: fillMsg.milestones } : null,
    agreement: milestones[0]?.agreement ?? 'Agreement',
    steps: milestones.filter((m) => m.phase === undefined),
    phased,
    categories: [...dataset.codelists.sourceCategories.keys()].filter(
      (c) => phased.some((m) => m.source_categories.includes(c)) && (options.category === undefined || c === options.category),
    ),
  });
}
