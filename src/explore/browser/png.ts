/**
 * Browser stand-in for src/render/png.ts (resvg, a native module) inside the explore page's bundle. The page
 * draws its PNG download with the canvas instead (client.ts); nothing in the bundle may call these.
 */
export function svgToPng(): never {
  throw new Error('svgToPng uses resvg, a native module; the explore page draws PNGs with the canvas');
}

/** See {@link svgToPng}. */
export function svgToRaster(): never {
  return svgToPng();
}

/** See {@link svgToPng}: the Node PNG path draws vega's scenegraph on a native (skia) canvas. */
export function scenePng(): never {
  return svgToPng();
}

/** See {@link svgToPng}. */
export function svgToPngPicture(): never {
  return svgToPng();
}
