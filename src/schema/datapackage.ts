import { z } from 'zod';
import { boundedText, requiredBoundedText, TEXT_LIMITS } from './fields.ts';

/**
 * The subset of the Frictionless Data Package descriptor (datapackage.json) the tool reads. Unknown
 * properties are allowed (a descriptor may carry more), but what is read is checked; its texts as a
 * dataset's texts are (no control characters, TEXT_LIMITS).
 */
export const fieldDescriptorSchema = z.object({
  name: z.string().min(1),
  type: z.enum(['string', 'integer', 'number', 'date', 'year', 'array', 'any']).optional(),
  description: boundedText(TEXT_LIMITS.note).optional(),
});

export const resourceDescriptorSchema = z.object({
  name: z.string().regex(/^[a-z0-9_.-]+$/, 'a lower-case resource name'),
  path: z.string().min(1),
  format: z.literal('csv').optional(),
  mediatype: z.string().optional(),
  encoding: z.string().optional(),
  description: boundedText(TEXT_LIMITS.note).optional(),
  schema: z.object({ fields: z.array(fieldDescriptorSchema).min(1), primaryKey: z.union([z.string(), z.array(z.string())]).optional() }),
});

export const dataPackageSchema = z.object({
  name: z.string().regex(/^[a-z0-9_.-]+$/, 'a lower-case package name'),
  title: requiredBoundedText(TEXT_LIMITS.title),
  description: boundedText(TEXT_LIMITS.note).optional(),
  version: boundedText(TEXT_LIMITS.label).optional(),
  licenses: z.array(z.object({ name: boundedText(TEXT_LIMITS.label).optional(), path: boundedText(TEXT_LIMITS.note).optional(), title: boundedText(TEXT_LIMITS.title).optional() })).min(1),
  sources: z.array(z.object({ title: boundedText(TEXT_LIMITS.title), path: boundedText(TEXT_LIMITS.note).optional() })).min(1),
  /**
   * The baseline_id (of the baselines resource) that reductions, indices and reports measure from when
   * neither the command nor the port names one. A port may declare its own (ports.csv column `baseline`).
   */
  default_baseline: z.string().trim().min(1).optional(),
  /** The normalisation code (of the normalisations resource) intensities are expressed in by default. */
  default_normalisation: z.string().trim().min(1).optional(),
  resources: z.array(resourceDescriptorSchema).min(1),
});

export type DataPackage = z.infer<typeof dataPackageSchema>;
export type ResourceDescriptor = z.infer<typeof resourceDescriptorSchema>;
