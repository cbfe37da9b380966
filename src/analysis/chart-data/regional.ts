/**
 * Chart data of `ogv-2030`: the regional context of a source category's emissions (by default ocean-going
 * vessel NOx): its projection beside the air basin's path (inventory and baseline projections, one line per
 * document) and the basin's carrying capacity as a reference line.
 */
import type { Dataset } from '../../ingest/dataset.ts';
import { regionalContext } from '../project.ts';
import { rowsOf, type RegionalContextRow } from '../types.ts';
import { chartData, codeLabel, filterWords, inRange } from './common.ts';
import { fillMsg } from './messages.ts';
import type { ChartColumn, ChartData, ChartOptions } from './types.ts';

/** The rows the chart draws, by role. */
export interface RegionalPicture {
  pollutant: string;
  /** Inventory and projection rows of the region that has a planning target, in the target's unit. */
  path: RegionalContextRow[];
  /** The planning target rows (e.g. the carrying capacity). */
  capacity: RegionalContextRow[];
  /** Projections of the source category in the region (e.g. ocean-going vessels in 2030). */
  category: RegionalContextRow[];
  /** Shares said of the category's rows (e.g. one-fifth of mobile-source NOx). */
  shares: RegionalContextRow[];
  /** The ports' own figures of the category, where the dataset has them. */
  ports: RegionalContextRow[];
}

/**
 * Regional rows sorted into the picture: the basin path and capacity come from the region that carries a
 * planning target; the category rows are regional rows whose region or item names the category (its
 * codelist label, e.g. "ocean-going vessels"), in the same unit as the path.
 */
export function regionalPicture(dataset: Dataset, options: ChartOptions): RegionalPicture | undefined {
  const category = options.category ?? 'ocean_going_vessels';
  const pollutant = options.pollutant ?? 'NOx';
  const rows = rowsOf(regionalContext(dataset, { pollutant, ...(options.category === undefined ? {} : { category }) })).filter((r) => inRange(r.year, options));
  const capacity = rows.filter((r) => r.basis === 'planning_target');
  const withTarget = rows.filter((r) => r.planning_target !== null && r.year !== null);
  const region = withTarget[0]?.region ?? capacity[0]?.region;
  const unit = withTarget[0]?.unit ?? capacity[0]?.unit;
  const categoryLabel = (dataset.codelists.sourceCategories.get(category)?.label ?? category).toLowerCase();
  const names = (r: RegionalContextRow) => `${r.region} ${r.item}`.toLowerCase().includes(categoryLabel);
  const categoryRows = rows.filter((r) => r.scope === 'regional' && names(r) && r.basis !== 'share' && r.year !== null && (unit === undefined || r.unit === unit));
  if (region === undefined && categoryRows.length === 0) return undefined;
  return {
    pollutant,
    path: withTarget.filter((r) => r.region === region && r.unit === unit),
    capacity: capacity.filter((r) => r.region === region && r.year !== null),
    category: categoryRows,
    shares: rows.filter((r) => r.scope === 'regional' && names(r) && r.basis === 'share'),
    ports: rows.filter((r) => r.scope === 'port'),
  };
}


export const REGIONAL_CHART_COLUMNS: ChartColumn[] = [
  { name: 'region', description: 'region or port', unit: '' },
  { name: 'year', description: 'year', unit: '' },
  { name: 'period', description: 'period where not one year', unit: '' },
  { name: 'item', description: 'what the figure is', unit: '' },
  { name: 'pollutant', description: 'pollutant code', unit: '' },
  { name: 'value', description: 'the figure as published', unit: 'see unit', decimals: 1 },
  { name: 'unit', description: 'unit code of the figure', unit: '' },
  { name: 'tons_per_year', description: 'the figure in tons a year (computed)', unit: 't/yr', decimals: 0 },
  { name: 'conversion', description: 'how tons a year were computed', unit: '' },
  { name: 'basis', description: 'inventory, projection, planning target or share', unit: '' },
  { name: 'planning_target', description: 'the planning target of the year', unit: 'see unit' },
  { name: 'above_target', description: 'whether the figure is above the planning target', unit: '' },
  { name: 'scope', description: 'regional or port', unit: '' },
  { name: 'source_ref', description: 'sources of the figure', unit: '' },
];

/** The chart data of `ogv-2030`. */
export interface RegionalChartData extends ChartData<RegionalContextRow> {
  pollutant: string;
  category: string;
  /** The rows by role; undefined when the dataset has no regional picture. */
  picture: RegionalPicture | undefined;
  /** The path's rows by year, one line per document (edition), in order. */
  pathRows: RegionalContextRow[];
  /** Source documents of the path, one line each. */
  editions: string[];
  unitLabel: string;
}

/** The data of the `ogv-2030` chart (see {@link regionalPicture}). */
export function regionalChartData(dataset: Dataset, options: ChartOptions): RegionalChartData {
  const category = options.category ?? 'ocean_going_vessels';
  const pollutant = options.pollutant ?? 'NOx';
  const categoryLabel = codeLabel(dataset, 'category', category);
  const found = regionalPicture(dataset, options);
  const picture = found === undefined || (found.path.length === 0 && found.category.length === 0) ? undefined : found;
  const pathRows = [...(picture?.path ?? [])].sort((a, b) => (a.year ?? 0) - (b.year ?? 0));
  const records = picture === undefined ? [] : [...pathRows, ...picture.capacity, ...picture.category, ...picture.shares, ...picture.ports];
  const unit = picture?.path[0]?.unit ?? picture?.category[0]?.unit ?? '';
  const unitLabel = dataset.codelists.units.get(unit)?.label ?? '';
  return chartData({
    chartId: 'ogv-2030',
    options,
    records,
    columns: REGIONAL_CHART_COLUMNS,
    measure: { field: 'value', unit: unitLabel, axis: { title: `${pollutant}, ${unitLabel}`, unit: unitLabel, factor: 1, decimals: 1, percent: false } },
    references: (picture?.capacity ?? []).map((r) => ({
      kind: 'capacity' as const,
      panel: '',
      value: r.value,
      values: [r.value],
      label: r.item,
      year: r.year,
      sourceRefs: [...r.source_ref],
    })),
    gaps:
      picture !== undefined && picture.ports.length === 0
        ? [{ missing: `the ports' own ${categoryLabel.toLowerCase()} ${pollutant} inventory (tons by source category), to set beside the regional projection`, fill: '' }]
        : [],
    missing:
      picture === undefined
        ? { missing: `${categoryLabel} in the regional picture${filterWords(dataset, { ...options, category: undefined })}`, fill: fillMsg.regional }
        : null,
    pollutant,
    category,
    picture,
    pathRows,
    // One line per source document: editions (preliminary workshop, final plan) are kept apart, not averaged.
    editions: [...new Set(pathRows.map((r) => r.source_ref.join(';')))],
    unitLabel,
  });
}
