/**
 * port-emissions: the library's public API (re-exports only). The pipeline, top to bottom:
 * schema (records, codelists, units) -> ingest (Data Package loader, import-table) -> analysis -> charts
 * -> render (SVG, PNG) -> report (HTML, deck, export bundles).
 */
export * from './errors.ts';
export { TOOL_VERSION } from './version.ts';
export * from './schema/index.ts';
export * from './ingest/index.ts';
export * from './analysis/index.ts';
export * from './charts/index.ts';
export * from './render/index.ts';
export * from './report/index.ts';
