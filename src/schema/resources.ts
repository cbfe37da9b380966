import type { z } from 'zod';
import { normalisationSchema, pollutantSchema, portSchema, releaseSchema, sourceCategorySchema, unitSchema } from './codelists.ts';
import {
  baselineSchema,
  emissionsSchema,
  indicatorSchema,
  milestoneSchema,
  regionalSchema,
  sourceSchema,
  targetSchema,
  throughputSchema,
} from './records.ts';

/**
 * The resources a dataset may hold, by the name its datapackage.json gives them. Each declares its row
 * schema, the columns that identify a row (duplicates are rejected), and which columns are codes to check
 * against which codelist.
 */
export type CodelistName = 'ports' | 'source_categories' | 'pollutants' | 'units' | 'releases' | 'sources' | 'baselines' | 'normalisations';

export interface ResourceKind<S extends z.ZodObject = z.ZodObject> {
  schema: S;
  /** The columns whose values together identify one row. */
  key: readonly string[];
  /** Column -> codelist its value (or each of its `;`-separated values) must be found in. */
  codes: Readonly<Record<string, CodelistName>>;
  /** Whether a dataset must provide this resource. */
  required: boolean;
  /** One line on what the resource holds, for messages and the README. */
  description: string;
  /**
   * Columns a dataset may leave out of the file (and its descriptor): added after datasets existed, so a
   * dataset written before them stays valid. Absent columns read as empty cells.
   */
  optionalFields?: readonly string[];
}

function kind<S extends z.ZodObject>(k: ResourceKind<S>): ResourceKind<S> {
  return k;
}

export const RESOURCE_KINDS = {
  ports: kind({ schema: portSchema, key: ['code'], codes: { baseline: 'baselines' }, required: true, description: 'codelist of ports and port combinations', optionalFields: ['baseline', 'aliases'] }),
  source_categories: kind({ schema: sourceCategorySchema, key: ['code'], codes: {}, required: true, description: 'codelist of source categories', optionalFields: ['aliases'] }),
  pollutants: kind({ schema: pollutantSchema, key: ['code'], codes: {}, required: true, description: 'codelist of pollutants', optionalFields: ['aliases'] }),
  units: kind({ schema: unitSchema, key: ['code'], codes: {}, required: true, description: 'codelist of units' }),
  sources: kind({ schema: sourceSchema, key: ['source_ref'], codes: {}, required: true, description: 'citations: source_ref -> title, url, confidence' }),
  releases: kind({ schema: releaseSchema, key: ['release_id'], codes: { port: 'ports', source_ref: 'sources' }, required: true, description: 'data releases (inventory editions, publications)' }),
  baselines: kind({ schema: baselineSchema, key: ['baseline_id', 'port'], codes: { source_ref: 'sources' }, required: true, description: 'named baselines' }),
  emissions: kind({
    schema: emissionsSchema,
    key: ['port', 'year', 'source_category', 'pollutant', 'metric', 'release'],
    codes: { port: 'ports', source_category: 'source_categories', pollutant: 'pollutants', unit: 'units', release: 'releases', baseline: 'baselines', source_ref: 'sources' },
    required: true,
    description: 'emissions in tons (or per 10,000 TEU) by port, year, source category, pollutant and release',
  }),
  indicators: kind({
    schema: indicatorSchema,
    key: ['port', 'year', 'source_category', 'pollutant', 'indicator', 'metric', 'relative_to', 'source_ref'],
    codes: { port: 'ports', source_category: 'source_categories', pollutant: 'pollutants', unit: 'units', release: 'releases', source_ref: 'sources' },
    required: false,
    description: 'published indicators (percent changes) with what they are relative to',
  }),
  throughput: kind({
    schema: throughputSchema,
    key: ['port', 'year', 'period', 'source_ref', 'measure'],
    codes: { port: 'ports', source_ref: 'sources' },
    required: false,
    description: 'container throughput (TEU), or another activity measure, by port and year',
    optionalFields: ['measure'],
  }),
  targets: kind({
    schema: targetSchema,
    key: ['target_id'],
    codes: { ports: 'ports', pollutant: 'pollutants', unit: 'units', baseline_id: 'baselines', source_ref: 'sources' },
    required: false,
    description: 'targets, conflicting published values side by side',
  }),
  regional: kind({
    schema: regionalSchema,
    key: ['region', 'year', 'period', 'item', 'source_ref'],
    codes: { pollutant: 'pollutants', unit: 'units', source_ref: 'sources' },
    required: false,
    description: 'regional context and projections',
  }),
  milestones: kind({
    schema: milestoneSchema,
    key: ['milestone_id'],
    codes: { source_categories: 'source_categories', source_ref: 'sources' },
    required: false,
    description: 'dated milestones of agreements',
  }),
  normalisations: kind({ schema: normalisationSchema, key: ['code'], codes: {}, required: false, description: 'normalisations: metric code -> activity measure and per how many units' }),
} as const;

export type ResourceName = keyof typeof RESOURCE_KINDS;
export const RESOURCE_NAMES = Object.keys(RESOURCE_KINDS) as ResourceName[];

/** The typed record of each resource. */
export type RecordOf<N extends ResourceName> = z.infer<(typeof RESOURCE_KINDS)[N]['schema']>;

/** The ordered field names of a resource (its full CSV header, optional columns included). */
export function resourceFields(name: ResourceName): string[] {
  return Object.keys(RESOURCE_KINDS[name].schema.shape);
}

/** The columns a resource's file must have: {@link resourceFields} without its optional ones. */
export function requiredResourceFields(name: ResourceName): string[] {
  const optional = new Set<string>((RESOURCE_KINDS[name] as ResourceKind).optionalFields ?? []);
  return resourceFields(name).filter((field) => !optional.has(field));
}

/**
 * Whether `declared` is an accepted header of the resource: every required field and any of the optional
 * ones, in the order of {@link resourceFields}.
 */
export function acceptsFields(name: ResourceName, declared: readonly string[]): boolean {
  const optional = new Set<string>((RESOURCE_KINDS[name] as ResourceKind).optionalFields ?? []);
  const expected = resourceFields(name).filter((field) => !optional.has(field) || declared.includes(field));
  return declared.length === expected.length && declared.every((field, i) => field === expected[i]);
}
