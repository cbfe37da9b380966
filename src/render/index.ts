// The render layer: chart spec -> SVG (vega, bundled font metrics) -> framed SVG -> PNG (resvg).
export { FONT_FAMILY, fontFaceCss, fontFiles, isBold, textWidth } from './fonts.ts';
export { installVegaTextMetrics, uninstallVegaTextMetrics, vegaTextMetricsInstalled } from './metrics.ts';
export { compileVegaLite, isVegaLiteSpec, renderSvg, toVegaSpec } from './svg.ts';
export type { ChartSpec, RenderSvgOptions } from './svg.ts';
export { FRAME_TEXT, frameSvg, svgSize, wrapText } from './frame.ts';
export type { SvgFrame, FrameOptions } from './frame.ts';
export { svgToPng, svgToRaster } from './png.ts';
export type { PngOptions, Raster } from './png.ts';
export { encodePng } from './png-encode.ts';
export { assertIdPrefix, escapeXml } from './xml.ts';
export { textToPaths } from './text-to-paths.ts';
