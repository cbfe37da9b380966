export { assembleDataset, type Dataset, type DatasetRecords, type Codelists } from './dataset.ts';
export { loadDataset, validateDataset, MAX_ISSUES, type DatasetSummary, type ValidationResult, type LoadOptions } from './load.ts';
export { readDescriptor, DESCRIPTOR_FILE } from './descriptor.ts';
export { readResource, MAX_ISSUES_PER_FILE, type LocatedRow, type ResourceReadResult } from './read-resource.ts';
export { DATASET_CHECKS, ensureCodesKnown, ensureUniqueKeys, ensureUnitsFit, ensureCategoriesWithinTotal, ensureBaselinesResolve } from './checks.ts';
export {
  importPublishedTable,
  importPublishedTableFile,
  emissionsCsv,
  publishedLayout,
  parsePublishedNumber,
  stripFootnote,
  type ImportTableOptions,
  type ImportedTable,
  type TotalMismatch,
} from './import-table.ts';
export { closestCode, codeHint } from './suggest.ts';
export { readActivityFile, type ActivityTotal, type ActivityReadResult, type ReadActivityOptions } from './activity.ts';
