export { assembleDataset, type Dataset, type DatasetRecords, type Codelists } from './dataset.ts';
export { loadDataset, validateDataset, MAX_ISSUES, MAX_LOADED_ROWS, CHECK_MEMORY_KEYS, type DatasetSummary, type ValidationResult, type LoadOptions } from './load.ts';
export { readDescriptor, DESCRIPTOR_FILE } from './descriptor.ts';
export { readResource, MAX_ISSUES_PER_FILE, type LocatedRow, type ResourceReadResult } from './read-resource.ts';
export {
  DATASET_CHECKS,
  datasetChecker,
  ensureCodesKnown,
  ensureUniqueKeys,
  ensureUnitsFit,
  ensureCategoriesWithinTotal,
  ensureBaselinesResolve,
  ensureCategoryTree,
  ensureCombinedPorts,
  MAX_END_ISSUES,
  type CheckMemory,
  type KeyedSpill,
  type SpillVisitor,
  type DatasetCheck,
  type RowCheck,
} from './checks.ts';
export { FileSpill } from './spill.ts';
export {
  importPublishedTable,
  importPublishedTableFile,
  importGrid,
  importIntoDataset,
  readGrid,
  emissionsCsv,
  indicatorsCsv,
  publishedLayout,
  parsePublishedNumber,
  stripFootnote,
  isNotPublished,
  type Grid,
  type ImportTableOptions,
  type ImportedTable,
  type TotalMismatch,
  type TotalRemainder,
  type IntoOptions,
  type IntoResult,
} from './import-table.ts';
export { closestCode, codeHint, matchKey, NameMatcher, type NameMatch, type NamedCode } from './suggest.ts';
export { initDataset, type InitOptions, type InitResult } from './init.ts';
export { readActivityFile, type ActivityTotal, type ActivityReadResult, type ReadActivityOptions } from './activity.ts';
