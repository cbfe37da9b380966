// The render layer: chart spec -> SVG (vega, bundled font metrics) -> framed SVG; PNG from the same vega
// scenegraph on a skia canvas (scene-png.ts), or from any SVG by resvg (png.ts).
export { FONT_FAMILY, fontFaceCss, fontFiles, isBold, textWidth } from './fonts.ts';
export { installVegaTextMetrics, uninstallVegaTextMetrics, vegaTextMetricsInstalled } from './metrics.ts';
export { compileVegaLite, isVegaLiteSpec, renderScene, renderSvg, toVegaSpec } from './svg.ts';
export type { ChartSpec, RenderedScene, RenderSvgOptions } from './svg.ts';
export { FRAME_TEXT, framedSvg, frameLayout, frameSvg, svgSize, wrapText } from './frame.ts';
export type { FrameLayout, FrameLine, SvgFrame, FrameOptions } from './frame.ts';
export { scenePng, svgToPng, svgToPngPicture, svgToRaster, validScale } from './png.ts';
export { canvasFont, sceneCanvas, sceneRaster } from './scene-png.ts';
export type { PngOptions, PngPicture, Raster } from './png.ts';
export { encodePng } from './png-encode.ts';
export { assertIdPrefix, escapeXml } from './xml.ts';
export { textToPaths } from './text-to-paths.ts';
