// 'vega-real' is the explore bundle's name for the vega package itself (see browser/vega.ts and bundle.ts).
declare module 'vega-real' {
  export * from 'vega';
}
