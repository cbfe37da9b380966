/**
 * Helpers to read a chart spec as data in tests: its inline rows, its layers, the colour scale of a field.
 */
import type { BuiltChart } from '../../src/charts/types.ts';

type Json = Record<string, unknown>;

/** The spec as a plain object. */
export function specOf(chart: BuiltChart): Json {
  return chart.spec as unknown as Json;
}

/** The inline rows of a spec (`data.values`). */
export function rowsOf(chart: BuiltChart): Json[] {
  return ((specOf(chart).data as Json | undefined)?.values ?? []) as Json[];
}

/** Every unit spec of a chart: the layers of a (faceted or concatenated) layered spec, or the spec itself. */
export function layersOf(chart: BuiltChart): Json[] {
  const spec = specOf(chart);
  const panels = (spec.hconcat as Json[] | undefined) ?? [(spec.spec as Json | undefined) ?? spec];
  return panels.flatMap((inner) => ((inner.layer as Json[] | undefined) ?? [inner]) as Json[]);
}

/** The mark types of a chart's layers ("rule", "line", ...). */
export function markTypes(chart: BuiltChart): string[] {
  return layersOf(chart).map((layer) => {
    const mark = layer.mark;
    return typeof mark === 'string' ? mark : ((mark as Json).type as string);
  });
}

/** Every `color` scale (domain -> range) found in a chart's layers, merged. */
export function colorsOf(chart: BuiltChart, channel = 'color'): Map<string, string> {
  const colors = new Map<string, string>();
  for (const layer of layersOf(chart)) {
    const encoding = (layer.encoding ?? {}) as Json;
    const scale = ((encoding[channel] as Json | undefined)?.scale ?? undefined) as { domain?: string[]; range?: string[] } | undefined;
    if (!scale?.domain || !scale.range) continue;
    scale.domain.forEach((d, i) => colors.set(d, scale.range![i]!));
  }
  return colors;
}

/** The data table's rows as plain records. */
export function dataRows(chart: BuiltChart): Record<string, unknown>[] {
  return chart.data.rows;
}
