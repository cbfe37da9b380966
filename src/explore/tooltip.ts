/**
 * What a mark's tooltip says on the explore page: the value with its unit, the year, the release it comes
 * from, whether it is published or computed, and its sources with their confidence grades. The mark's
 * datum (the spec's row) is matched to its row of the chart's data table (BuiltChart.data), which carries
 * the release and the sources; nothing is recomputed. Pure: usable and tested in Node.
 */
import { FIGURE_MARK, markedText, REMAINDER } from '../analysis/chart-data/marks.ts';
import { sourceLine } from '../charts/index.ts';
import type { BuiltChart } from '../charts/index.ts';
import type { Dataset } from '../ingest/dataset.ts';
import { formatTableNumber } from '../report/html.ts';
import { normalisationFor } from '../analysis/normalisations.ts';

/** One line of a tooltip: a label and its text. */
export interface TooltipLine {
  label: string;
  value: string;
}

type DataRow = Record<string, unknown>;

/** A number as people read it: thousands separators; computed figures to 2 decimals, published ones as given. */
export function formatFigure(value: unknown, computed: boolean): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return String(value ?? '');
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: computed ? 2 : 20 }).format(value);
}

/** A cell of the page's data table, as the report's data tables show it (numbers by formatTableNumber). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '–';
  if (typeof value === 'number') return formatTableNumber(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map(String).join('; ');
  return String(value);
}

function refsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).filter((s) => s !== '');
  if (typeof value === 'string' && value !== '') return value.split(';').map((s) => s.trim());
  return [];
}

function releaseText(dataset: Dataset, codes: readonly unknown[]): string {
  const words = [...new Set(codes.map((c) => String(c ?? '')).filter((c) => c !== ''))].map((c) => dataset.codelists.releases.get(c)?.label ?? c);
  return words.length === 0 ? 'not stated by the source' : words.join('; ');
}

function sourcesText(dataset: Dataset, refs: readonly string[]): string {
  return sourceLine(dataset, [...new Set(refs)]).replace(/^Sources?: /, '');
}

function unitText(dataset: Dataset, code: unknown): string {
  const text = String(code ?? '');
  return dataset.codelists.units.get(text)?.label ?? text;
}

function qualifierLine(qualifier: unknown): TooltipLine[] {
  const text = String(qualifier ?? '');
  return text === '' || text === 'exact' ? [] : [{ label: 'Marked', value: text.replace(/_/g, ' ') }];
}

/** Whether a panel label ("Diesel particulate matter (DPM)" or "DPM") is the panel of a pollutant code. */
function panelIs(panel: unknown, pollutant: unknown): boolean {
  const text = String(panel ?? '');
  const code = String(pollutant ?? '');
  return text === code || text.endsWith(`(${code})`);
}

/**
 * The one row of the chart's data a mark stands for. The spec's datum and the data table's row both take the
 * port's label from the same palette (and the year and panel from the same record), so the match is on what
 * the record says; a datum matching several rows gets no tooltip rather than another row's figures.
 */
function onlyRow(rows: readonly DataRow[], matches: (row: DataRow) => boolean): DataRow | undefined {
  const found = rows.filter(matches);
  return found.length === 1 ? found[0] : undefined;
}

function common(dataset: Dataset, rows: readonly DataRow[], figure: string): TooltipLine[] {
  return [
    { label: 'Year', value: [...new Set(rows.map((r) => String(r.year)))].join(', ') },
    { label: 'Release', value: releaseText(dataset, rows.map((r) => r.release)) },
    { label: 'Figure', value: figure },
  ];
}

function emissionsTooltip(datum: DataRow, built: BuiltChart, dataset: Dataset): TooltipLine[] | undefined {
  const rows = built.data.rows;
  const sameBar = (r: DataRow) => r.port_label === datum.port && String(r.year) === String(datum.year);
  if (datum.layer === 'stack' || datum.layer === 'total') {
    const isRemainder = datum.layer === 'stack' && datum.category === REMAINDER.label;
    const row = onlyRow(
      rows,
      (r) => sameBar(r) && (isRemainder ? r.role === 'remainder' : r.role === datum.layer && (datum.layer === 'total' || r.source_category_label === datum.category)),
    );
    if (!row) return undefined;
    const what = datum.layer === 'total' ? 'published port total' : isRemainder ? `${REMAINDER.label}: the published total minus the categories reported (${FIGURE_MARK.derived})` : markedText(String(row.source_category_label), String(row.mark ?? ''));
    return [
      { label: String(row.port_label), value: `${row.pollutant}, ${what}` },
      { label: 'Value', value: `${formatFigure(row.tons, false)} ${unitText(dataset, row.unit)}` },
      ...common(dataset, [row], isRemainder ? 'computed (the published total minus the categories reported)' : 'published (inventory tonnage)'),
      ...qualifierLine(row.qualifier),
      { label: 'Source', value: sourcesText(dataset, refsOf(row.source_ref)) },
    ];
  }
  if (datum.layer === 'label') {
    const isTotal = String(datum.text ?? '').startsWith('total ');
    const own = rows.filter((r) => sameBar(r) && r.role === (isTotal ? 'total' : 'stack'));
    if (own.length === 0) return undefined;
    const sum = own.reduce((t, r) => t + Number(r.tons), 0);
    return [
      { label: String(own[0]!.port_label), value: `${own[0]!.pollutant}, ${isTotal ? 'published port total' : `sum of the ${own.length} ${own.length === 1 ? 'figure' : 'figures'} stacked`}` },
      { label: 'Value', value: `${formatFigure(sum, !isTotal)} ${unitText(dataset, own[0]!.unit)}` },
      ...common(dataset, own, isTotal ? 'published (inventory tonnage)' : own.length === 1 ? 'published (inventory tonnage)' : 'computed (a sum of published figures)'),
      ...own.flatMap((r) => qualifierLine(r.qualifier)).slice(0, 1),
      { label: 'Source', value: sourcesText(dataset, own.flatMap((r) => refsOf(r.source_ref))) },
    ];
  }
  return undefined;
}

function targetTooltip(datum: DataRow, built: BuiltChart, dataset: Dataset): TooltipLine[] | undefined {
  const targets = dataset.records.targets.filter(
    (t) => t.kind === 'reduction_vs_baseline' && t.value === datum.target_pct && t.pollutant !== undefined && panelIs(datum.panel, t.pollutant),
  );
  if (targets.length === 0) return undefined;
  return [
    { label: 'Target', value: `${formatFigure(datum.target_pct, false)}% below ${built.frame.baseline === '' ? 'the baseline' : built.frame.baseline}` },
    { label: 'Year', value: [...new Set(targets.map((t) => String(t.target_year ?? 'not stated')))].join(', ') },
    { label: 'Programme', value: [...new Set(targets.map((t) => t.programme))].join('; ') },
    { label: 'Figure', value: 'published (target)' },
    { label: 'Source', value: sourcesText(dataset, targets.flatMap((t) => t.source_ref)) },
  ];
}

function reductionsTooltip(datum: DataRow, built: BuiltChart, dataset: Dataset): TooltipLine[] | undefined {
  if (datum.layer === 'rule') return targetTooltip(datum, built, dataset);
  if (datum.layer === 'label' && typeof datum.label === 'string') {
    return [
      { label: 'Targets', value: datum.label },
      { label: 'Figure', value: 'published (targets); "met" computed from the points' },
      { label: 'Source', value: 'each dashed line\u2019s own tooltip gives its target and source' },
    ];
  }
  if (datum.layer !== 'point') return undefined;
  const row = onlyRow(built.data.rows, (r) => r.port_label === datum.port && Number(r.year) === Number(datum.year) && panelIs(datum.panel, r.pollutant));
  if (!row) return undefined;
  // pct_change: negative = lower than the baseline (the chart plots -pct_change as "% below").
  const pct = 0 - Number(row.pct_change);
  const published = row.evidence === 'published';
  return [
    { label: String(row.port_label), value: String(row.pollutant) },
    { label: 'Value', value: `${formatFigure(Math.abs(pct), !published)}% ${pct >= 0 ? 'below' : 'above'} ${built.frame.baseline === '' ? 'the baseline' : built.frame.baseline}` },
    ...common(dataset, [row], published ? 'published (a percentage as the source states it)' : 'computed from published tonnages'),
    ...(row.published_values === '' || row.published_values === undefined ? [] : [{ label: 'Published values', value: `${String(row.published_values)} %` }]),
    { label: 'Source', value: sourcesText(dataset, refsOf(row.source_ref)) },
  ];
}

function intensityTooltip(datum: DataRow, built: BuiltChart, dataset: Dataset): TooltipLine[] | undefined {
  // A line-end label (layer 'end') gets its point's tooltip: the same row, its index from the row.
  const isEnd = datum.layer === 'end';
  if ((!isEnd && datum.index === undefined) || datum.measure === undefined) return undefined;
  const row = onlyRow(built.data.rows, (r) => r.port_label === datum.port && Number(r.year) === Number(datum.year) && panelIs(datum.panel, r.pollutant));
  if (!row) return undefined;
  const indexField = datum.measure === 'tons' ? 'tons_index' : 'intensity_index';
  const index = isEnd ? (row[`${indexField}_full`] ?? row[indexField]) : datum.index;
  // The dataset's normalisation as it declares it (the page passes the dataset with the one chosen).
  const per = normalisationFor(dataset);
  const activity = per.measure === 'TEU' ? 'TEU' : per.measure.replace(/_/g, ' ');
  const perTeu = datum.measure !== 'tons';
  const detail = perTeu
    ? `${formatFigure(row.intensity, true)} tons ${per.label} (${formatFigure(row.teu, false)} ${activity}, ${String(row.teu_precision)})`
    : `${formatFigure(row.tons, false)} tons`;
  return [
    { label: String(row.port_label), value: `${String(row.pollutant)}, ${String(datum.measure)}` },
    { label: 'Value', value: `index ${formatFigure(index, true)} (${row.baseline_year ?? 'baseline'} = 100): ${detail}` },
    ...common(dataset, [row], perTeu ? `computed from published tons and ${activity}` : 'computed (an index of published tons)'),
    ...(row.approximate === true ? [{ label: 'Marked', value: `rounded or derived ${activity}` }] : []),
    { label: 'Source', value: sourcesText(dataset, [...refsOf(row.source_ref), ...(perTeu ? refsOf(row.teu_source_ref) : [])]) },
  ];
}

function sharesTooltip(datum: DataRow, built: BuiltChart, dataset: Dataset): TooltipLine[] | undefined {
  // The bar label carries the figure mark of a partial sum, as the chart draws it.
  const bar = (r: DataRow) => markedText(`${String(r.port_label)} ${String(r.year)}`, r.mark === FIGURE_MARK.partialSum ? FIGURE_MARK.partialSum : '');
  const part = (r: DataRow) => (r.role === 'remainder' ? REMAINDER.label : r.source_category_label);
  const row = onlyRow(built.data.rows, (r) => bar(r) === datum.bar && part(r) === datum.category);
  if (!row) return undefined;
  const ofSum = row.total_basis === 'sum_of_categories';
  return [
    { label: String(row.port_label), value: `${String(row.pollutant)}, ${String(part(row))}` },
    {
      label: 'Value',
      value: `${formatFigure(row.share_pct, true)}% of ${ofSum ? `the sum of the categories reported (${FIGURE_MARK.partialSum})` : 'the published total'}: ${formatFigure(row.value, false)} of ${formatFigure(row.total, ofSum)} ${unitText(dataset, row.unit)}`,
    },
    ...common(dataset, [row], 'computed (a share of published tonnages)'),
    { label: 'Source', value: sourcesText(dataset, refsOf(row.source_ref)) },
  ];
}

/**
 * The tooltip of a mark of a chart the page draws (emissions, reductions, intensity, category-shares),
 * from the mark's datum; undefined for a mark that stands for no figure (an axis, a legend). A line's
 * datum is its first point, so a line mark gets its series in words and the points carry the figures.
 */
export function markTooltip(chartId: string, datum: unknown, built: BuiltChart, dataset: Dataset, marktype?: string): TooltipLine[] | undefined {
  if (datum === null || typeof datum !== 'object') return undefined;
  const d = datum as DataRow;
  if (marktype === 'line') {
    if (d.port === undefined) return undefined;
    return [
      { label: String(d.port), value: [d.panel, d.measure].filter((x) => x !== undefined).map(String).join(', ') },
      { label: 'Line', value: 'the series joined year to year; each point\u2019s tooltip gives its figure, release and source' },
    ];
  }
  if (chartId === 'emissions') return emissionsTooltip(d, built, dataset);
  if (chartId === 'reductions') return reductionsTooltip(d, built, dataset);
  if (chartId === 'intensity') {
    if (d.measure === undefined && d.index === undefined) return [{ label: 'Reference', value: `the baseline year = 100` }];
    return intensityTooltip(d, built, dataset);
  }
  if (chartId === 'category-shares') return sharesTooltip(d, built, dataset);
  return undefined;
}
