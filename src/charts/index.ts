// The chart stage: catalogue, builders' shared types, theme and the renderer of a built chart.
export { CHARTS, CHART_IDS, buildChart, chartById } from './catalogue.ts';
export { chartPng, metaLine, renderChart, sourceLine, type RenderChartOptions, type RenderedChart } from './render-chart.ts';
export { CHART_SIZE, KNOWN_COLORS, OKABE_ITO, STATUS_COLORS, assignColors, paletteFor, vegaLiteConfig, type ChartPalette, type ColorDimension } from './theme.ts';
export { chartMsg } from './messages.ts';
export type { BuiltChart, ChartDefinition, ChartFilters, ChartFrame, NativeChartData } from './types.ts';
