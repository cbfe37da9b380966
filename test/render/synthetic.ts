// SYNTHETIC test charts for the render layer: made-up categories and values, not emissions data.
import type { TopLevelSpec } from 'vega-lite';

/** A small horizontal bar chart of synthetic values (categories "Alpha".."Delta"). */
export function syntheticBarSpec(): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: 'Synthetic test data',
    width: 300,
    height: { step: 22 },
    data: {
      values: [
        { category: 'Alpha (synthetic)', value: 42 },
        { category: 'Bravo (synthetic)', value: 17.5 },
        { category: 'Charlie (synthetic)', value: 30 },
        { category: 'Delta (synthetic)', value: 8.25 },
      ],
    },
    mark: { type: 'bar', color: '#4477aa' },
    encoding: {
      y: { field: 'category', type: 'nominal', sort: null, title: null },
      x: { field: 'value', type: 'quantitative', title: 'Synthetic value' },
    },
  };
}

/**
 * A chart whose SVG carries definitions and references: a clipped layer (clipPath) and a continuous
 * colour legend (linearGradient). Synthetic values.
 */
export function syntheticDefsSpec(label = 'synthetic'): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 200,
    height: 120,
    data: {
      values: [
        { year: 2005, value: 10, group: `${label} a` },
        { year: 2010, value: 14, group: `${label} a` },
        { year: 2015, value: 9, group: `${label} b` },
        { year: 2020, value: 4, group: `${label} b` },
      ],
    },
    mark: { type: 'point', clip: true, filled: true },
    encoding: {
      x: { field: 'year', type: 'quantitative', scale: { domain: [2006, 2019] } },
      y: { field: 'value', type: 'quantitative' },
      color: { field: 'value', type: 'quantitative' },
    },
  };
}

/** A bar chart whose category labels are the given strings (one synthetic value each). */
export function syntheticLabelSpec(labels: readonly string[], config: Record<string, unknown> = {}): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 200,
    data: { values: labels.map((label, i) => ({ label, value: i + 1 })) },
    mark: 'bar',
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null },
      x: { field: 'value', type: 'quantitative' },
    },
    config,
  } as TopLevelSpec;
}
