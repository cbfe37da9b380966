/**
 * Chart `ogv-2030`: the regional context of ocean-going vessel NOx: the projected OGV NOx of 2030 (tons per
 * day) beside the air basin's NOx path (inventory and baseline projections) and its carrying capacity.
 */
import { regionalChartData, type RegionalChartData, type RegionalPicture } from '../analysis/chart-data/regional.ts';
import { unique } from '../analysis/common.ts';
import type { RegionalContextRow } from '../analysis/types.ts';
import type { Dataset } from '../ingest/dataset.ts';
import {
  findingTitle,
  formatNumber,
  formatPct,
  formatPublished,
  formatTons,
  missingChart,
  recordsTable,
  vegaLite,
  yearTicks,
  layersWithData,
  type Row,
  narration,
} from './common.ts';
import { onYearAxis } from './deck-view.ts';
import { gapWords } from './messages.ts';
import { gapNote } from './gaps.ts';
import { documentName } from './sources.ts';
import { CHART_SIZE, FONT_SIZE, NEUTRAL, OKABE_ITO, paletteFor } from './theme.ts';
import type { BuiltChart, ChartDefinition, DeckDash, NativeChartData } from './types.ts';

export { regionalPicture, type RegionalPicture } from '../analysis/chart-data/regional.ts';

/** The ogv-2030 chart (spec, frame, narrative, data, deck chart) drawn from its chart data. */
export function regionalChart(data: RegionalChartData, dataset: Dataset): BuiltChart {
  const palette = paletteFor(dataset);
  const category = data.category;
  const categoryLabel = palette.label('category', category);
  const pollutant = data.pollutant;
  const frameBase = {
    title: findingTitle(data.missing === null && data.picture !== undefined ? regionalFinding(data.picture, categoryLabel, data.unitLabel) : null, `${categoryLabel} in the regional ${pollutant} picture`),
    subtitle: `${pollutant} in tons per day: the air basin's inventory and baseline projections, the carrying capacity, and the ${categoryLabel.toLowerCase()} projection`,
    baseline: '',
  };
  const table = recordsTable(data, dataset);
  const picture = data.picture;
  if (data.missing !== null || picture === undefined) {
    return { ...missingChart('ogv-2030', { ...frameBase, notes: [], sourceRefs: [], release: '' }, gapWords(data.missing!), table), chartData: data };
  }
  const unitLabel = data.unitLabel;
  const pathRows = data.pathRows;
  const editions = data.editions;
  // Each document's line is named in the legend by the name its title starts with (its publisher, mostly).
  const documentOf = (edition: string) => documentName(dataset, edition.split(';')[0]!);
  const lineName = (edition: string) => `${basinWords(pollutant)}: ${documentOf(edition)}`;
  const lineNames = unique(editions.map(lineName));
  // Figures of one year from several documents share one label ("347/351").
  const pathLabels = unique(pathRows.map((r) => r.year!)).map((year) => {
    const vs = unique(pathRows.filter((r) => r.year === year).map((r) => r.value)).sort((a, b) => a - b);
    return { layer: 'path_label', year, value: vs.at(-1)!, label: vs.map(formatPublished).join('/') };
  });
  const values: Row[] = [
    ...pathRows.map((r) => ({ layer: 'path', edition: r.source_ref.join(';'), document: lineName(r.source_ref.join(';')), year: r.year, value: r.value })),
    ...pathLabels,
    ...picture.capacity.map((r) => ({ layer: 'capacity', year: r.year, value: r.value, label: `${r.item}: ${formatPublished(r.value)} ${unitLabel}` })),
    ...picture.category.map((r) => ({
      layer: 'category',
      year: r.year,
      value: r.value,
      label: `${categoryLabel} ${r.year}: ${formatPublished(r.value)} ${unitLabel}${r.tons_per_year === null ? '' : ` (≈${formatNumber(Math.round(r.tons_per_year / 100) * 100, 0)} a year)`}`,
      mid: r.value / 2,
    })),
  ];
  const years = [...pathRows, ...picture.category, ...picture.capacity].map((r) => r.year!);
  const minYear = Math.min(...years) - 1;
  // Room on the right for the category's label beside its bar.
  const maxYear = Math.max(...years) + 6;
  const maxValue = Math.max(...[...pathRows, ...picture.category, ...picture.capacity].map((r) => r.value));
  const x = { field: 'year', type: 'quantitative', title: null, scale: { domain: [minYear, maxYear], nice: false, zero: false }, axis: { format: 'd', values: yearTicks(minYear, maxYear) } };
  const y = { field: 'value', type: 'quantitative', title: `${pollutant}, ${unitLabel}`, scale: { domain: [0, Math.ceil((maxValue * 1.1) / 50) * 50] } };
  const layerOf = (name: string) => [{ filter: { field: 'layer', equal: name } }];
  const ogvColor = palette.color('category', category);
  const spec = vegaLite({
    data: { values },
    width: CHART_SIZE.width - 90,
    height: CHART_SIZE.height - 40,
    layer: layersWithData(values, [
      {
        transform: layerOf('category'),
        mark: { type: 'bar', width: 26, color: ogvColor },
        encoding: { x, y },
      },
      {
        transform: layerOf('category'),
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 18, fontSize: FONT_SIZE.annotation, fontWeight: 'bold', color: ogvColor },
        encoding: { x, y: { ...y, field: 'mid' }, text: { field: 'label', type: 'nominal' } },
      },
      {
        transform: layerOf('capacity'),
        mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 2, color: OKABE_ITO.vermillion },
        encoding: { y },
      },
      {
        transform: [...layerOf('capacity'), { window: [{ op: 'row_number', as: 'n' }] }, { filter: 'datum.n == 1' }],
        mark: { type: 'text', align: 'left', baseline: 'top', dy: 4, x: 4, fontSize: FONT_SIZE.annotation, color: OKABE_ITO.vermillion },
        encoding: { y, text: { field: 'label', type: 'nominal' } },
      },
      {
        transform: layerOf('path'),
        mark: { type: 'line', strokeWidth: 1.5, color: NEUTRAL.total, point: { filled: true, size: 50, color: NEUTRAL.total } },
        encoding: {
          x,
          y,
          detail: { field: 'edition', type: 'nominal' },
          strokeDash: {
            field: 'document',
            type: 'nominal',
            scale: { domain: lineNames, range: lineNames.map((_, i) => DOCUMENT_LINES[i % DOCUMENT_LINES.length]!.dash) },
            legend: { orient: 'bottom', title: null, symbolType: 'stroke', symbolStrokeColor: NEUTRAL.total, symbolStrokeWidth: 1.5, symbolSize: 300, labelLimit: CHART_SIZE.width },
          },
        },
      },
      {
        transform: layerOf('path_label'),
        mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 5, dy: -5, fontSize: FONT_SIZE.small, color: NEUTRAL.total },
        encoding: { x, y, text: { field: 'label', type: 'nominal' } },
      },
    ]),
  });
  const notes: string[] = [];
  const lines = editions
    .map((edition) => ({ edition, rows: pathRows.filter((r) => r.source_ref.join(';') === edition) }))
    .filter((e) => e.rows.length > 1)
    .map(({ edition, rows }) => {
      return `${documentOf(edition)} (${formatPublished(rows[0]!.value)} in ${rows[0]!.year} to ${formatPublished(rows.at(-1)!.value)} in ${rows.at(-1)!.year})`;
    });
  const conversion = picture.category.find((r) => r.conversion !== '')?.conversion;
  if (conversion) notes.push(`Tons a year: ${conversion}.`);
  for (const share of picture.shares) notes.push(`${share.region}, ${share.year ?? share.period}: ${share.item} ${formatPublished(share.value)}%.`);
  // The legend names each document's line; the note gives each line's figures in words.
  if (lines.length > 0) notes.push(`Grey lines, one per document (figures of different documents are not averaged): ${lines.join('; ')}.`);
  const gap = data.gaps.length === 0 ? undefined : gapWords(data.gaps[0]!);
  if (gap !== undefined) notes.push(gapNote(gap));
  else notes.push(`Ports' own ${categoryLabel.toLowerCase()} figures: ${picture.ports.map((r) => `${r.region} ${r.year}: ${formatPublished(r.value)} ${r.unit}`).join('; ')} (in the data table).`);
  return {
    id: 'ogv-2030',
    spec,
    frame: { ...frameBase, notes, sourceRefs: data.sourceRefs, release: 'South Coast AQMD plans and board documents as published (see the sources)' },
    ...narration(narrativeOf(dataset, picture, categoryLabel, unitLabel)),
    data: table,
    chartData: data,
    ...(gap === undefined ? {} : { gap }),
    native: onYearAxis(nativeOf(pathRows, picture, documentSeries(pathRows, editions, lineName, lineNames), categoryLabel, `${pollutant}, ${unitLabel}`), ['Carrying capacity']),
  };
}

/**
 * How the documents' lines are told apart, in the order the documents come: the picture's dash pattern and
 * the deck's (PowerPoint's preset nearest to it). A fifth document repeats the first's.
 */
const DOCUMENT_LINES: readonly { dash: number[]; deck: DeckDash | undefined }[] = [
  { dash: [1, 0], deck: undefined },
  { dash: [6, 3], deck: 'dash' },
  { dash: [2, 2], deck: 'sysDot' },
  { dash: [8, 3, 2, 3], deck: 'lgDashDot' },
];

/** What the grey lines measure, for their legend: "Air basin NOx". */
function basinWords(pollutant: string): string {
  return `Air basin ${pollutant}`;
}

/** What a capacity row is, in words: "carrying capacity", else "planning target". */
function capacityWords(capacity: RegionalContextRow): string {
  return capacity.item.toLowerCase().includes('carrying capacity') ? 'carrying capacity' : 'planning target';
}

/**
 * The finding of the chart, from its picture: the category's projection and its share of the capacity, e.g.
 * "Ocean-going vessels are projected at 32.6 tons per day of NOx in 2030, 54% of the 60 tons per day carrying
 * capacity". Null without a projection of the category.
 */
export function regionalFinding(picture: RegionalPicture, categoryLabel: string, unitLabel: string): string | null {
  const projection = picture.category[0];
  if (projection === undefined) return null;
  const head = `${categoryLabel} are projected at ${formatPublished(projection.value)} ${unitLabel} of ${picture.pollutant} in ${projection.year}`;
  const capacity = picture.capacity[0];
  if (capacity === undefined) return head;
  return `${head}, ${formatPct((projection.value / capacity.value) * 100)} of the ${formatPublished(capacity.value)} ${unitLabel} ${capacityWords(capacity)}`;
}

function narrativeOf(dataset: Dataset, picture: RegionalPicture, categoryLabel: string, unitLabel: string): string[] {
  const sentences: string[] = [];
  const projection = picture.category[0];
  if (projection) {
    const share = picture.shares[0];
    const approximate = share !== undefined && dataset.records.regional.some((r) => r.region === share.region && r.item === share.item && (r.year ?? null) === share.year && r.qualifier === 'approximate');
    const region = projection.region.slice(0, Math.max(0, projection.region.toLowerCase().lastIndexOf(categoryLabel.toLowerCase()))).trim() || projection.region;
    sentences.push(
      `${categoryLabel} are projected to emit ${formatPublished(projection.value)} ${unitLabel} of ${picture.pollutant} in ${/^the /i.test(region) ? '' : 'the '}${region} in ${projection.year}` +
        `${projection.tons_per_year === null ? '' : ` (about ${formatNumber(Math.round(projection.tons_per_year / 100) * 100, 0)} a year)`}` +
        `${share ? `, ${approximate ? 'about ' : ''}${formatPublished(share.value)}% of ${share.item.replace(/^share of /, '').replace(/\s*\(projected\)$/, '')}` : ''}.`,
    );
  }
  const latestYear = Math.max(...picture.path.map((r) => r.year ?? 0));
  const latest = picture.path.filter((r) => r.year === latestYear);
  const firstYear = Math.min(...picture.path.map((r) => r.year ?? 0));
  const first = picture.path.filter((r) => r.year === firstYear);
  const capacity = picture.capacity[0];
  if (latest.length > 0 && first.length > 0) {
    const range = (rows: readonly RegionalContextRow[]) => {
      const vs = unique(rows.map((r) => r.value)).sort((a, b) => a - b);
      return vs.length === 1 ? formatPublished(vs[0]!) : `${formatPublished(vs[0]!)}-${formatPublished(vs.at(-1)!)}`;
    };
    let sentence = `The basin's ${picture.pollutant} goes from ${range(first)} ${unitLabel} in ${firstYear} to ${range(latest)} in ${latestYear} on the baseline projections`;
    if (capacity) {
      const above = unique(latest.map((r) => r.value - capacity.value)).sort((a, b) => a - b);
      sentence += `, still ${above.length === 1 ? formatTons(above[0]!) : `${formatTons(above[0]!)}-${formatTons(above.at(-1)!)}`} above the ${formatPublished(capacity.value)} ${unitLabel} ${capacityWords(capacity)}`;
    }
    sentences.push(`${sentence}.`);
  }
  if (projection && capacity) {
    sentences.push(`${categoryLabel} alone would be ${formatPct((projection.value / capacity.value) * 100)} of that capacity.`);
  }
  return sentences;
}

/** One line of the deck's chart: a document's figures by year, named and dashed as in the picture's legend. */
interface DocumentSeries {
  name: string;
  dash: DeckDash | undefined;
  values: ReadonlyMap<number, number>;
}

/**
 * The deck's lines of the basin path, one per document name as the picture's legend has them: documents of
 * one name (an article and its mirror) are one line where their figures agree year by year; where they
 * differ, each is its own line, named with its source code too.
 */
function documentSeries(
  pathRows: readonly RegionalContextRow[],
  editions: readonly string[],
  lineName: (edition: string) => string,
  lineNames: readonly string[],
): DocumentSeries[] {
  const out: DocumentSeries[] = [];
  lineNames.forEach((name, i) => {
    const dash = DOCUMENT_LINES[i % DOCUMENT_LINES.length]!.deck;
    const mine = editions.filter((e) => lineName(e) === name);
    const figures = mine.map((e) => new Map(pathRows.filter((r) => r.source_ref.join(';') === e).map((r) => [r.year!, r.value])));
    const merged = new Map<number, number>();
    let agree = true;
    for (const [year, value] of figures.flatMap((f) => [...f])) {
      if ((merged.get(year) ?? value) !== value) agree = false;
      merged.set(year, value);
    }
    if (agree) out.push({ name, dash, values: merged });
    else mine.forEach((e, j) => out.push({ name: `${name} (${e.split(';')[0]})`, dash, values: figures[j]! }));
  });
  return out;
}

function nativeOf(
  pathRows: readonly RegionalContextRow[],
  picture: RegionalPicture,
  lines: readonly DocumentSeries[],
  categoryLabel: string,
  yAxisTitle: string,
): NativeChartData {
  const years = unique([...pathRows, ...picture.category].map((r) => r.year!)).sort((a, b) => a - b);
  return {
    type: 'line',
    categories: years.map(String),
    series: [
      ...lines.map((line) => ({
        name: line.name,
        values: years.map((y) => line.values.get(y) ?? null),
        color: NEUTRAL.total,
        ...(line.dash === undefined ? {} : { dash: line.dash }),
      })),
      { name: categoryLabel, values: years.map((y) => picture.category.find((r) => r.year === y)?.value ?? null), color: OKABE_ITO.blue },
      ...(picture.capacity[0] ? [{ name: 'Carrying capacity', values: years.map(() => picture.capacity[0]!.value), color: OKABE_ITO.vermillion }] : []),
    ],
    yAxisTitle,
  };
}

/** The `ogv-2030` chart definition. */
export const ogv2030: ChartDefinition = {
  id: 'ogv-2030',
  description:
    "Ocean-going vessels' projected 2030 NOx (tons per day) beside the air basin's NOx inventory and baseline projections (each source document its own line) and the carrying capacity",
  filters: ['pollutant', 'category', 'from', 'to'],
  build: (dataset, filters) => regionalChart(regionalChartData(dataset, filters), dataset),
};

