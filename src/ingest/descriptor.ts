import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { PortEmissionsError, fsErrorReason, type DataIssue } from '../errors.ts';
import { dataPackageSchema, type DataPackage } from '../schema/datapackage.ts';
import { acceptsFields, RESOURCE_KINDS, RESOURCE_NAMES, resourceFields, type ResourceName } from '../schema/resources.ts';
import { codeHint } from './suggest.ts';

export const DESCRIPTOR_FILE = 'datapackage.json';

/** A descriptor read and checked, with its raw bytes (they go into the dataset hash). */
export interface ReadDescriptor {
  descriptor: DataPackage;
  bytes: Buffer;
  /** Resource name -> absolute path of its CSV, checked to lie inside the dataset folder. */
  paths: Map<ResourceName, string>;
}

/**
 * Reads `datapackage.json` in `dir` and checks it: JSON syntax, the descriptor schema, known resource names,
 * required resources present, field lists equal to the tool's record fields, and resource paths that stay
 * inside the dataset folder (no absolute paths, no `..`, no symbolic link leading out).
 */
export async function readDescriptor(dir: string): Promise<ReadDescriptor> {
  const file = join(dir, DESCRIPTOR_FILE);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PortEmissionsError(
      code === 'ENOENT' ? `no ${DESCRIPTOR_FILE} in ${dir}` : `cannot read ${file}: ${fsErrorReason(error)}`,
      { location: { file: DESCRIPTOR_FILE }, hint: 'a dataset is a folder with a datapackage.json and its CSV files; see datasets/san-pedro-bay/' },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new PortEmissionsError(`${DESCRIPTOR_FILE} is not valid JSON: ${(error as Error).message}`, { location: { file: DESCRIPTOR_FILE } });
  }
  const parsed = dataPackageSchema.safeParse(json);
  if (!parsed.success) {
    const details: DataIssue[] = parsed.error.issues.map((issue) => {
      // The text at fault, quoted (a message cuts and escapes it), where the descriptor holds one there.
      const found = issue.path.reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[key as PropertyKey] : undefined), json);
      return { file: DESCRIPTOR_FILE, column: issue.path.join('.'), message: issue.message, ...(typeof found === 'string' ? { found } : {}) };
    });
    throw new PortEmissionsError(`${DESCRIPTOR_FILE} does not describe a data package (${details.length} problem${details.length === 1 ? '' : 's'})`, {
      location: { file: DESCRIPTOR_FILE },
      details,
    });
  }
  const descriptor = parsed.data;
  const issues: DataIssue[] = [];
  const paths = new Map<ResourceName, string>();
  const root = await realpath(dir);
  for (const [i, resource] of descriptor.resources.entries()) {
    const where = `resources[${i}]`;
    if (!(RESOURCE_NAMES as string[]).includes(resource.name)) {
      const hint = codeHint(resource.name, RESOURCE_NAMES);
      issues.push({ file: DESCRIPTOR_FILE, column: `${where}.name`, message: 'unknown resource name', found: resource.name, expected: `one of ${RESOURCE_NAMES.join(', ')}`, ...(hint ? { hint } : {}) });
      continue;
    }
    const name = resource.name as ResourceName;
    if (paths.has(name)) {
      issues.push({ file: DESCRIPTOR_FILE, column: `${where}.name`, message: 'resource declared twice', found: name });
      continue;
    }
    const escape = await pathEscapes(root, resource.path);
    if (escape) {
      issues.push({ file: DESCRIPTOR_FILE, column: `${where}.path`, message: `resource path leaves the dataset folder (${escape})`, found: resource.path, expected: 'a relative path inside the dataset folder' });
      continue;
    }
    const declared = resource.schema.fields.map((field) => field.name);
    const expected = resourceFields(name);
    if (!acceptsFields(name, declared)) {
      issues.push({
        file: DESCRIPTOR_FILE,
        column: `${where}.schema.fields`,
        message: `fields of resource '${name}' differ from the ${name} record`,
        found: declared.join(','),
        expected: expected.join(',') + optionalWords(name),
      });
      continue;
    }
    paths.set(name, resolve(root, resource.path));
  }
  for (const name of RESOURCE_NAMES) {
    if (RESOURCE_KINDS[name].required && !paths.has(name) && !issues.some((issue) => issue.found === name)) {
      if (!descriptor.resources.some((resource) => resource.name === name)) {
        issues.push({ file: DESCRIPTOR_FILE, column: 'resources', message: `required resource '${name}' is missing`, expected: `a resource named ${name} (${RESOURCE_KINDS[name].description})` });
      }
    }
  }
  if (issues.length > 0) {
    throw new PortEmissionsError(`${DESCRIPTOR_FILE} has ${issues.length} problem${issues.length === 1 ? '' : 's'}`, { location: { file: DESCRIPTOR_FILE }, details: issues });
  }
  return { descriptor, bytes, paths };
}

function optionalWords(name: ResourceName): string {
  const optional = RESOURCE_KINDS[name].optionalFields ?? [];
  return optional.length === 0 ? '' : ` (${optional.join(', ')} may be left out)`;
}

/** Why a resource path leaves the folder, or undefined when it stays inside (symbolic links resolved). */
async function pathEscapes(root: string, path: string): Promise<string | undefined> {
  if (isAbsolute(path) || /^[A-Za-z]:/.test(path)) return 'absolute path';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return 'a URL; only local files are read';
  const target = resolve(root, path);
  const rel = relative(root, target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return "'..' leads outside";
  try {
    const real = await realpath(target);
    if (!(real === root || real.startsWith(root + sep))) return 'a symbolic link leads outside';
  } catch {
    // A missing file is reported when the resource is read, with its own message.
  }
  return undefined;
}
