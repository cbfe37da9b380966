/**
 * Chart `intensity`: tons and tons per 10,000 TEU, both indexed to the baseline year = 100, by pollutant
 * (one panel each) and port; points whose TEU is rounded or derived are hollow (approximate).
 */
import { releaseComparator, unique } from '../analysis/common.ts';
import { intensityPer10000Teu } from '../analysis/intensity.ts';
import { rowsOf, type IntensityRow } from '../analysis/types.ts';
import type { Dataset } from '../ingest/dataset.ts';
import {
  baselineWords,
  baselineYear,
  checkChartFilters,
  dataTable,
  baselineFor,
  formatMillions,
  formatNumber,
  formatPct,
  inRange,
  missingChart,
  panelWidth,
  releaseWords,
  sourceRefsOf,
  vegaLite,
  yearTicks,
  roundTo,
  filterWords,
  type Row,
} from './common.ts';
import { chartMsg } from './messages.ts';
import { CHART_SIZE, NEUTRAL, paletteFor, solidHollowScale } from './theme.ts';
import type { BuiltChart, ChartDefinition, ChartFilters, NativeChartData } from './types.ts';
import { normalisationFor } from '../analysis/normalisations.ts';
import { unitWordsOf } from '../schema/units.ts';

const MAX_PANELS = 4;

/** Intensity rows with an index, one release per port, pollutant and year (the latest). */
export function intensitySeries(dataset: Dataset, filters: ChartFilters, baselineId: string, category: string): IntensityRow[] {
  const compare = releaseComparator(dataset);
  const rows = rowsOf<IntensityRow>(
    intensityPer10000Teu(dataset, { baseline: baselineId, category, port: filters.port, pollutant: filters.pollutant, from: filters.from, to: filters.to }),
  ).filter((r) => r.tons_index !== null && inRange(r.year, filters));
  const latest = new Map<string, IntensityRow>();
  for (const r of rows) {
    const key = `${r.port}\u0000${r.pollutant}\u0000${r.year}`;
    const held = latest.get(key);
    if (!held || compare(r.release, held.release) > 0) latest.set(key, r);
  }
  return rows.filter((r) => latest.get(`${r.port}\u0000${r.pollutant}\u0000${r.year}`) === r);
}

function build(dataset: Dataset, filters: ChartFilters): BuiltChart {
  checkChartFilters(intensity, dataset, filters);
  const palette = paletteFor(dataset);
  const baselineId = baselineFor(dataset, filters);
  const category = filters.category ?? 'all';
  const year = baselineYear(dataset, baselineId);
  const indexWords = `${year ?? 'baseline'} = 100`;
  // The dataset's normalisation (per 10,000 TEU unless it declares another) and its activity measure.
  const per = normalisationFor(dataset);
  const all = intensitySeries(dataset, filters, baselineId, category);
  const mass = unitWordsOf(dataset.codelists.units, all[0]?.unit).mass;
  const measures = [mass, `${mass} ${per.label}`] as const;
  const frameBase = {
    title: per.measure === 'TEU' ? 'Emissions and emissions per container moved' : `Emissions and emissions ${per.label}`,
    subtitle: `${mass.charAt(0).toUpperCase()}${mass.slice(1)} and ${mass} ${per.label}, both indexed to ${indexWords}${category === 'all' ? '' : `, ${palette.label('category', category)}`}`,
    baseline: baselineWords(dataset, baselineId),
  };
  const columns = [
    'port', 'port_label', 'pollutant', 'year', 'tons', 'teu', 'teu_precision', 'intensity', 'tons_index', 'intensity_index',
    'approximate', 'baseline_year', 'baseline_teu', 'release', 'reason', 'source_ref', 'teu_source_ref',
  ];
  // A series needs an index beyond its baseline year to say anything.
  const keyOf = (r: IntensityRow) => `${r.port}\u0000${r.pollutant}`;
  const useful = new Set(all.filter((r) => r.baseline_year !== null && r.year !== r.baseline_year && r.intensity_index !== null).map(keyOf));
  const rows = all.filter((r) => useful.has(keyOf(r)));
  if (rows.length === 0) {
    return missingChart('intensity', { ...frameBase, notes: [], sourceRefs: [], release: '' }, chartMsg.missingIntensity(`${mass} ${per.label} indexed to the baseline${filterWords(dataset, filters)}`), dataTable(columns, []));
  }
  const pollutantCodes = [...dataset.codelists.pollutants.keys()];
  const portCodes = [...dataset.codelists.ports.keys()];
  const pollutantsAll = pollutantCodes.filter((c) => rows.some((r) => r.pollutant === c));
  const pollutants = pollutantsAll.slice(0, MAX_PANELS);
  const shown = rows.filter((r) => pollutants.includes(r.pollutant));
  const ports = portCodes.filter((c) => shown.some((r) => r.port === c));
  const portRank = new Map(portCodes.map((c, i) => [c, i]));
  const pollutantRank = new Map(pollutantCodes.map((c, i) => [c, i]));
  shown.sort((a, b) => pollutantRank.get(a.pollutant)! - pollutantRank.get(b.pollutant)! || portRank.get(a.port)! - portRank.get(b.port)! || a.year - b.year);

  const panelOf = (code: string) => {
    const label = palette.label('pollutant', code);
    return pollutants.length <= 3 && label !== code ? `${label} (${code})` : code;
  };
  const values: Row[] = shown.flatMap((r) => {
    const base = { panel: panelOf(r.pollutant), port: palette.label('port', r.port), year: r.year };
    const out: Row[] = [{ ...base, measure: measures[0], index: round(r.tons_index!), precision: `exact ${per.measure}` }];
    // A null keeps the gap visible: the line breaks where the TEU is missing instead of bridging it.
    out.push({ ...base, measure: measures[1], index: r.intensity_index === null ? null : round(r.intensity_index), precision: r.approximate ? `rounded or derived ${per.measure}` : `exact ${per.measure}` });
    return out;
  });
  const years = shown.map((r) => r.year);
  const minYear = Math.min(...years);
  const maxYear = Math.max(...years);
  const portLabels = ports.map((p) => palette.label('port', p));
  const colorScale = { domain: portLabels, range: ports.map((p) => palette.color('port', p)) };
  const x = { field: 'year', type: 'quantitative', title: null, scale: { domain: [minYear, maxYear], nice: false, zero: false }, axis: { format: 'd', values: yearTicks(minYear, maxYear) } };
  const y = { field: 'index', type: 'quantitative', title: `Index, ${indexWords}`, scale: { zero: true } };
  const spacing = 24;
  const width = panelWidth(pollutants.length, { spacing });
  const spec = vegaLite({
    data: { values },
    facet: { column: { field: 'panel', type: 'nominal', title: null, sort: pollutants.map(panelOf) } },
    spacing,
    resolve: { scale: { y: 'shared' } },
    spec: {
      width,
      height: CHART_SIZE.height - 110,
      layer: [
        { mark: { type: 'rule', color: NEUTRAL.light, strokeWidth: 1 }, encoding: { y: { datum: 100 } } },
        {
          mark: { type: 'line', strokeWidth: 2, invalid: 'break-paths-show-domains' },
          encoding: {
            x,
            y,
            color: { field: 'port', type: 'nominal', title: null, scale: colorScale, legend: { orient: 'top' } },
            strokeDash: { field: 'measure', type: 'nominal', title: null, scale: { domain: [...measures], range: [[1, 0], [6, 3]] }, legend: { orient: 'bottom', symbolStrokeColor: NEUTRAL.text, symbolType: 'stroke', symbolSize: 300 } },
            detail: { field: 'measure', type: 'nominal' },
            order: { field: 'year', type: 'quantitative' },
          },
        },
        {
          transform: [{ filter: 'isValid(datum.index)' }],
          mark: { type: 'point', filled: true, size: 44, opacity: 1 },
          encoding: {
            x,
            y,
            color: { field: 'port', type: 'nominal', title: null, scale: colorScale },
            shape: {
              field: 'precision',
              type: 'nominal',
              title: null,
              scale: solidHollowScale(`exact ${per.measure}`, `rounded or derived ${per.measure}`),
              legend: { orient: 'bottom', symbolFillColor: NEUTRAL.text, symbolStrokeColor: NEUTRAL.text, symbolOpacity: 1 },
            },
          },
        },
      ],
    },
  });
  const notes = [
    `Solid lines: ${mass}; dashed lines: ${mass} ${per.label}${per.measure === 'TEU' ? ' (container throughput)' : ''}; both 100 in the baseline year, from the same release.`,
    chartMsg.approximateIntensity,
  ];
  if (pollutantsAll.length > pollutants.length) notes.push(`Not shown (use --pollutant): ${pollutantsAll.slice(MAX_PANELS).join(', ')}.`);
  const gaps = all.filter((r) => useful.has(keyOf(r)) && r.intensity_index === null && r.reason !== '').map((r) => `${r.port} ${r.year}: ${r.reason}`);
  if (gaps.length > 0) notes.push(`No intensity: ${unique(gaps).slice(0, 4).join('; ')}${gaps.length > 4 ? '; ...' : ''}.`);
  return {
    id: 'intensity',
    spec,
    frame: {
      ...frameBase,
      notes,
      sourceRefs: unique([...sourceRefsOf(shown), ...shown.flatMap((r) => r.teu_source_ref)]),
      release: releaseWords(dataset, shown.map((r) => r.release)),
    },
    narrative: narrativeOf(dataset, shown, ports, pollutants),
    data: dataTable(columns, shown.map((r) => ({ ...r, port_label: palette.label('port', r.port) }))),
    native: nativeOf(dataset, shown, ports, pollutants, indexWords),
  };
}

function round(value: number): number {
  return roundTo(value, 2);
}

function narrativeOf(dataset: Dataset, rows: readonly IntensityRow[], ports: readonly string[], pollutants: readonly string[]): string {
  const palette = paletteFor(dataset);
  const per = normalisationFor(dataset);
  const mass = unitWordsOf(dataset.codelists.units, rows[0]?.unit).mass;
  const main = pollutants[0]!;
  const sentences: string[] = [];
  const members = ports.filter((p) => dataset.codelists.ports.get(p)?.kind !== 'combined');
  for (const port of (members.length > 0 ? members : ports).slice(0, 2)) {
    const own = rows.filter((r) => r.port === port && r.pollutant === main && r.intensity_index !== null);
    const last = own.at(-1);
    if (!last || last.baseline_year === null || last.year === last.baseline_year) continue;
    const teuChange = last.teu !== null && last.baseline_teu !== null ? ((last.teu - last.baseline_teu) / last.baseline_teu) * 100 : null;
    let sentence =
      `${palette.label('port', port)} ${main} fell to ${formatNumber(last.tons_index!, 0)} in ${mass} and ${formatNumber(last.intensity_index!, 0)} in ${mass} ${per.label} ` +
      `by ${last.year} (${last.baseline_year} = 100)`;
    if (teuChange !== null) {
      sentence += `, as throughput ${teuChange >= 0 ? 'grew' : 'fell'} ${formatPct(Math.abs(teuChange))} (${formatMillions(last.baseline_teu!)} to ${formatMillions(last.teu!)} ${per.measure}${last.approximate ? ', a rounded or derived figure' : ''})`;
    }
    sentences.push(`${sentence}.`);
  }
  return sentences.join(' ');
}

function nativeOf(dataset: Dataset, rows: readonly IntensityRow[], ports: readonly string[], pollutants: readonly string[], indexWords: string): NativeChartData | undefined {
  const palette = paletteFor(dataset);
  const years = unique(rows.map((r) => r.year)).sort((a, b) => a - b);
  const series = pollutants.flatMap((pollutant) =>
    ports
      .filter((port) => rows.some((r) => r.port === port && r.pollutant === pollutant))
      .flatMap((port) =>
        (['tons_index', 'intensity_index'] as const).map((field) => ({
          name: `${palette.label('port', port)} ${pollutant} ${field === 'tons_index' ? 'tons' : normalisationFor(dataset).label}`,
          values: years.map((y) => {
            const v = rows.find((r) => r.port === port && r.pollutant === pollutant && r.year === y)?.[field];
            return v === undefined || v === null ? null : round(v);
          }),
          ...(ports.length === 1 && pollutants.length === 1 ? {} : {}),
        })),
      ),
  );
  if (series.length > 8) return undefined;
  return { type: 'line', categories: years.map(String), series, yAxisTitle: `Index, ${indexWords}` };
}

/** The `intensity` chart definition. */
export const intensity: ChartDefinition = {
  id: 'intensity',
  description:
    'Tons and tons per 10,000 TEU, both indexed to the baseline year = 100 (default: the port\'s or the dataset\'s baseline), by pollutant (one panel each) and port; hollow points where a TEU figure is rounded or derived',
  filters: ['port', 'pollutant', 'category', 'baseline', 'from', 'to'],
  build,
};
