// The report stage: report definitions, the HTML trend report, the board deck and export bundles, and the
// atomic writing and progress they share. Re-exports only.
export * from './definition.ts';
export * from './html.ts';
export * from './build.ts';
export * from './atomic.ts';
export * from './progress.ts';
export * from './tabular.ts';
export * from './deck.ts';
export * from './bundle.ts';
export * from './board-pack.ts';
