import type { DataIssue } from '../errors.ts';
import type { Unit } from '../schema/codelists.ts';
import { RESOURCE_KINDS, type CodelistName, type ResourceName } from '../schema/resources.ts';
import type { LocatedRow } from './read-resource.ts';
import { codeHint } from './suggest.ts';

/**
 * Dataset-level checks, each small and named (after primap2's ensure_* checks): they run after every row
 * has passed its schema, and each reports where the problem is. They never throw.
 */

/** Rows of every resource read, with their lines; and each resource's file name for messages. */
export interface LocatedResources {
  rows: Partial<Record<ResourceName, LocatedRow<Record<string, unknown>>[]>>;
  files: Partial<Record<ResourceName, string>>;
}

/** Emissions and regional units that are masses per time; indicator units percent; throughput TEU. */
const UNIT_QUANTITIES: Partial<Record<ResourceName, { field: string; quantities: Unit['quantity'][] }>> = {
  emissions: { field: 'unit', quantities: ['mass_rate', 'mass'] },
  indicators: { field: 'unit', quantities: ['percent'] },
};

/** Relative slack when categories are compared with their total: published figures are rounded. */
export const CATEGORY_SUM_TOLERANCE = 0.005;

function codesOf(resources: LocatedResources, list: CodelistName): Set<string> {
  const keyField = list === 'sources' ? 'source_ref' : list === 'releases' ? 'release_id' : list === 'baselines' ? 'baseline_id' : 'code';
  return new Set((resources.rows[list] ?? []).map(({ row }) => String(row[keyField])));
}

/** Every code column holds a code its codelist declares (`all` is always a valid category and baseline port). */
export function ensureCodesKnown(resources: LocatedResources): DataIssue[] {
  const issues: DataIssue[] = [];
  const lists = new Map<CodelistName, Set<string>>();
  const list = (name: CodelistName) => {
    let codes = lists.get(name);
    if (!codes) lists.set(name, (codes = codesOf(resources, name)));
    return codes;
  };
  for (const [name, located] of Object.entries(resources.rows) as [ResourceName, LocatedRow<Record<string, unknown>>[]][]) {
    const file = resources.files[name] ?? name;
    const extra: [string, CodelistName][] = name === 'baselines' ? [['port', 'ports']] : [];
    const codeColumns = [...Object.entries(RESOURCE_KINDS[name].codes), ...extra] as [string, CodelistName][];
    for (const [column, listName] of codeColumns) {
      const known = list(listName);
      for (const { line, row } of located) {
        const value = row[column];
        const values = Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];
        for (const code of values) {
          if (known.has(code)) continue;
          if (code === 'all' && (column === 'source_category' || (name === 'baselines' && column === 'port'))) {
            if (column === 'port' || known.has('all')) continue;
          }
          const hint = codeHint(code, [...known]);
          issues.push({
            file,
            line,
            column,
            message: listName === 'sources' ? 'source_ref does not resolve in sources' : `unknown ${listName.replace('_', ' ').replace(/s$/, '')} code`,
            found: code,
            expected: `a code declared in ${resources.files[listName] ?? listName}`,
            ...(hint ? { hint } : {}),
          });
        }
      }
    }
  }
  return issues;
}

/** No two rows of a resource share its key columns. */
export function ensureUniqueKeys(resources: LocatedResources): DataIssue[] {
  const issues: DataIssue[] = [];
  for (const [name, located] of Object.entries(resources.rows) as [ResourceName, LocatedRow<Record<string, unknown>>[]][]) {
    const key = RESOURCE_KINDS[name].key;
    const seen = new Map<string, number>();
    for (const { line, row } of located) {
      const id = key.map((column) => JSON.stringify(row[column] ?? null)).join('|');
      const first = seen.get(id);
      if (first === undefined) seen.set(id, line);
      else
        issues.push({
          file: resources.files[name] ?? name,
          line,
          column: key.join('+'),
          message: `duplicate key: same ${key.join('/')} as line ${first}`,
          found: key.map((column) => String(row[column] ?? '')).join('/'),
          expected: 'one row per key',
        });
    }
  }
  return issues;
}

/** Units fit the resource (tonnages are masses or mass rates, indicators percent), and one series keeps one unit. */
export function ensureUnitsFit(resources: LocatedResources): DataIssue[] {
  const issues: DataIssue[] = [];
  const units = new Map((resources.rows.units ?? []).map(({ row }) => [String(row.code), row as unknown as Unit]));
  for (const [name, rule] of Object.entries(UNIT_QUANTITIES) as [ResourceName, { field: string; quantities: Unit['quantity'][] }][]) {
    const file = resources.files[name] ?? name;
    for (const { line, row } of resources.rows[name] ?? []) {
      const unit = units.get(String(row[rule.field]));
      if (unit && !rule.quantities.includes(unit.quantity)) {
        issues.push({ file, line, column: rule.field, message: `unit measures ${unit.quantity}, not what ${name} hold`, found: unit.code, expected: `a unit of quantity ${rule.quantities.join(' or ')}` });
      }
    }
  }
  // One series (port, category, pollutant, metric, release) in one unit: mixing tons/day and tons/year, or
  // short tons and tonnes, in one series would make every comparison along it wrong.
  const seriesUnit = new Map<string, { unit: string; line: number }>();
  for (const { line, row } of resources.rows.emissions ?? []) {
    const series = ['port', 'source_category', 'pollutant', 'metric', 'release'].map((c) => String(row[c])).join('|');
    const unit = String(row.unit);
    // A unit already reported (unknown, or not a mass) is not compared again along its series.
    const known = units.get(unit);
    if (!known || !UNIT_QUANTITIES.emissions!.quantities.includes(known.quantity)) continue;
    const first = seriesUnit.get(series);
    if (!first) seriesUnit.set(series, { unit, line });
    else if (first.unit !== unit) {
      const a = units.get(first.unit);
      const b = units.get(unit);
      const what = a?.per && b?.per && a.per !== b.per ? ` (per ${b.per} mixed with per ${a.per})` : '';
      issues.push({
        file: resources.files.emissions ?? 'emissions',
        line,
        column: 'unit',
        message: `unit differs within one series${what}: line ${first.line} of the same port/category/pollutant/metric/release uses ${first.unit}`,
        found: unit,
        expected: first.unit,
        hint: 'convert the series to one unit, or give the rows different releases if they are different publications',
      });
    }
  }
  return issues;
}

/** Source categories of one port, year, pollutant and release do not add up to more than their `all` total. */
export function ensureCategoriesWithinTotal(resources: LocatedResources): DataIssue[] {
  const issues: DataIssue[] = [];
  const parents = new Map((resources.rows.source_categories ?? []).map(({ row }) => [String(row.code), row.parent as string | undefined]));
  const groups = new Map<string, { total?: { line: number; value: number }; parts: { value: number; line: number }[]; unit: string }>();
  for (const { line, row } of resources.rows.emissions ?? []) {
    if (row.metric !== 'absolute') continue;
    const category = String(row.source_category);
    if (category !== 'all' && parents.get(category)) continue; // sub-categories are inside their parent
    const key = ['port', 'year', 'pollutant', 'release', 'unit'].map((c) => String(row[c])).join('|');
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { parts: [], unit: String(row.unit) }));
    const value = Number(row.value);
    if (category === 'all') group.total = { line, value };
    else group.parts.push({ value, line });
  }
  for (const [key, group] of groups) {
    if (!group.total || group.parts.length === 0) continue;
    const sum = group.parts.reduce((acc, part) => acc + part.value, 0);
    const slack = group.total.value * CATEGORY_SUM_TOLERANCE + 0.5 * group.parts.length;
    if (sum > group.total.value + slack) {
      const [port, year, pollutant] = key.split('|');
      issues.push({
        file: resources.files.emissions ?? 'emissions',
        line: group.total.line,
        column: 'value',
        message: `source categories of ${port} ${year} ${pollutant} add up to ${sum} ${group.unit}, more than this total`,
        found: String(group.total.value),
        expected: `a total >= ${sum} (the sum of lines ${group.parts.map((part) => part.line).join(', ')}, within rounding)`,
      });
    }
  }
  return issues;
}

/** Every target's baseline has a year for each port it applies to (or for `all`). */
export function ensureBaselinesResolve(resources: LocatedResources): DataIssue[] {
  const issues: DataIssue[] = [];
  const baselines = resources.rows.baselines ?? [];
  const ports = new Map((resources.rows.ports ?? []).map(({ row }) => [String(row.code), row]));
  for (const { line, row } of resources.rows.targets ?? []) {
    const id = row.baseline_id as string | undefined;
    if (!id) continue;
    const rows = baselines.filter(({ row: b }) => b.baseline_id === id);
    if (rows.length === 0) continue; // reported by ensureCodesKnown
    if (rows.some(({ row: b }) => b.port === 'all')) continue;
    const targetPorts = (row.ports as string[]).flatMap((code) => {
      const port = ports.get(code);
      return port && port.kind === 'combined' ? (port.members as string[]) : [code];
    });
    const missing = targetPorts.filter((port) => !rows.some(({ row: b }) => b.port === port));
    if (missing.length > 0)
      issues.push({
        file: resources.files.targets ?? 'targets',
        line,
        column: 'baseline_id',
        message: `baseline ${id} has no year for ${missing.join(', ')}`,
        found: id,
        expected: `a row in ${resources.files.baselines ?? 'baselines'} for each port of the target, or for all`,
      });
  }
  return issues;
}

/** All dataset-level checks, in order. */
export const DATASET_CHECKS = [ensureCodesKnown, ensureUniqueKeys, ensureUnitsFit, ensureCategoriesWithinTotal, ensureBaselinesResolve] as const;
