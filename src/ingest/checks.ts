import type { DataIssue } from '../errors.ts';
import type { Unit } from '../schema/codelists.ts';
import { RESOURCE_KINDS, type CodelistName, type ResourceName } from '../schema/resources.ts';
import type { LocatedRow } from './read-resource.ts';
import { codeHint } from './suggest.ts';

/**
 * Dataset-level checks, each small and named (after primap2's ensure_* checks). They see the rows as the
 * loader streams them: the codelists (ports, source categories, pollutants, units, releases, sources,
 * baselines) are read first and kept, since every other row is checked against them; every other row is
 * checked as it is read and then dropped. So a check keeps only compact state (said at each), and memory
 * does not grow with the rows kept, because none are. Each reports where the problem is; none throws.
 */

/** The resources the other resources' codes are checked against: read first, and kept. */
export const CODELIST_RESOURCES: readonly ResourceName[] = ['ports', 'source_categories', 'pollutants', 'units', 'normalisations', 'releases', 'sources', 'baselines'];

/** Rows of the codelist resources, with their lines; and each resource's file name for messages. */
export interface LocatedResources {
  rows: Partial<Record<ResourceName, LocatedRow<Record<string, unknown>>[]>>;
  files: Partial<Record<ResourceName, string>>;
  /**
   * Codes declared by codelist rows that failed their schema (already reported): other rows naming them are
   * not reported again as unknown codes.
   */
  invalid?: Partial<Record<CodelistName, Set<string>>>;
}

/** The column holding a codelist's code. */
export function codelistKey(list: CodelistName): string {
  return list === 'sources' ? 'source_ref' : list === 'releases' ? 'release_id' : list === 'baselines' ? 'baseline_id' : 'code';
}

/** A code of each codelist, in words, for messages. */
const CODE_WORDS: Record<CodelistName, string> = {
  ports: 'port',
  source_categories: 'source category',
  pollutants: 'pollutant',
  units: 'unit',
  releases: 'release',
  sources: 'source',
  baselines: 'baseline',
  normalisations: 'normalisation',
};

/** A check over the rows of a dataset, one row at a time, then once at the end. */
export interface RowCheck {
  /** Problems of one row of `resource` (any resource, the codelists' rows included). */
  row?(resource: ResourceName, line: number, row: Record<string, unknown>): DataIssue[];
  /** Problems only the whole dataset shows, after the last row (at most MAX_END_ISSUES, the first by line). */
  end?(): DataIssue[];
  /** Problems found at the end beyond MAX_END_ISSUES, counted only. */
  unlisted?(): number;
  /** Removes what the check keeps outside memory (a spill); called once, also after a failure. */
  close?(): void;
}

/**
 * Makes a check for a dataset whose codelists are `codelists`. A keyed check keeps at most `memory.keys`
 * keys in memory and spills the rest (no limit without `memory`).
 */
export type DatasetCheck = (codelists: LocatedResources, memory?: CheckMemory) => RowCheck;

/** Problems a check lists at its end at most (the first by line); the rest are counted. */
export const MAX_END_ISSUES = 1000;

/** The problems found at a check's end, at most MAX_END_ISSUES kept (those of the first lines), the rest counted. */
class BoundedIssues {
  private kept: DataIssue[] = [];
  dropped = 0;

  push(issues: readonly DataIssue[]): void {
    for (const issue of issues) this.kept.push(issue);
    if (this.kept.length > 2 * MAX_END_ISSUES) this.trim();
  }

  private trim(): void {
    this.kept.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    this.dropped += Math.max(0, this.kept.length - MAX_END_ISSUES);
    this.kept.length = Math.min(this.kept.length, MAX_END_ISSUES);
  }

  /** The kept problems by line. */
  sorted(): DataIssue[] {
    this.trim();
    return this.kept;
  }
}

/** Emissions and regional units that are masses per time; indicator units percent; throughput TEU. */
const UNIT_QUANTITIES: Partial<Record<ResourceName, { field: string; quantities: Unit['quantity'][] }>> = {
  emissions: { field: 'unit', quantities: ['mass_rate', 'mass'] },
  indicators: { field: 'unit', quantities: ['percent'] },
};

/** Relative slack when categories are compared with their total: published figures are rounded. */
export const CATEGORY_SUM_TOLERANCE = 0.005;

function fileOf(resources: LocatedResources, name: ResourceName): string {
  return resources.files[name] ?? name;
}

function codesOf(resources: LocatedResources, list: CodelistName): Set<string> {
  const keyField = codelistKey(list);
  return new Set((resources.rows[list] ?? []).map(({ row }) => String(row[keyField])));
}

/** Every code column holds a code its codelist declares (`all` is always a valid category and baseline port). Keeps the codelists' codes. */
export const ensureCodesKnown: DatasetCheck = (resources) => {
  const lists = new Map<CodelistName, { codes: Set<string>; sorted?: string[] }>();
  const list = (name: CodelistName) => {
    let codes = lists.get(name);
    if (!codes) lists.set(name, (codes = { codes: codesOf(resources, name) }));
    return codes;
  };
  return {
    row(name, line, row) {
      const issues: DataIssue[] = [];
      const extra: [string, CodelistName][] = name === 'baselines' ? [['port', 'ports']] : [];
      const codeColumns = [...Object.entries(RESOURCE_KINDS[name].codes), ...extra] as [string, CodelistName][];
      for (const [column, listName] of codeColumns) {
        const value = row[column];
        if (value === undefined) continue;
        const known = list(listName);
        for (const code of Array.isArray(value) ? value.map(String) : [String(value)]) {
          if (known.codes.has(code) || resources.invalid?.[listName]?.has(code)) continue;
          if (code === 'all' && (column === 'source_category' || (name === 'baselines' && column === 'port'))) {
            if (column === 'port' || known.codes.has('all')) continue;
          }
          const hint = codeHint(code, (known.sorted ??= [...known.codes]));
          issues.push({
            file: fileOf(resources, name),
            line,
            column,
            message: listName === 'sources' ? 'source_ref does not resolve in sources' : `unknown ${CODE_WORDS[listName]} code`,
            found: code,
            expected: `a code declared in ${resources.files[listName] ?? listName}`,
            ...(hint ? { hint } : {}),
          });
        }
      }
      return issues;
    },
  };
};

/** The three 32-bit lanes of a 96-bit key hash. */
export type Digest = [number, number, number];

/**
 * Three 32-bit lanes of a 96-bit hash of `key`'s UTF-16 code units (cyrb53-style multiply-xorshift mixing,
 * in plain JavaScript: the library also runs in the explore page, where node:crypto does not).
 */
export function digest96(key: string): Digest {
  let a = 0xdeadbeef;
  let b = 0x41c6ce57;
  let c = 0x9e3779b9;
  for (let i = 0; i < key.length; i++) {
    const ch = key.charCodeAt(i);
    a = Math.imul(a ^ ch, 2654435761);
    b = Math.imul(b ^ ch, 1597334677);
    c = Math.imul(c ^ ch, 2246822507);
  }
  a = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909);
  b = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(c ^ (c >>> 13), 3266489909);
  c = Math.imul(c ^ (c >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909) ^ key.length;
  return [a >>> 0, b >>> 0, c >>> 0];
}

/**
 * Numbers the distinct keys it is given (0, 1, 2...) without keeping the keys: an open-addressing table of
 * 96-bit key hashes (digest96) and each key's number, 16 bytes a slot, at most half the slots used (about
 * 32 bytes per distinct key). For a hash that behaves like a random one, two different keys share it with a
 * chance below 1e-15 even at ten million keys.
 */
export class KeyIndex {
  private slots = new Uint32Array(4 * 1024);
  /** Distinct keys seen. */
  size = 0;

  /** The key's number: below `size` before the call when it was seen before, `size - 1` after it when new. */
  numberOf(key: string): number {
    const digest = digest96(key);
    const n = this.find(digest);
    return n >= 0 ? n : this.insert(digest);
  }

  /** The number of the key with this digest, or -1 when it has not been seen. */
  find([a, b, c]: Digest): number {
    // A slot holds its key's number + 1: 0 marks an empty slot.
    return this.slots[this.probe(a, b, c) + 3]! - 1;
  }

  /** Numbers a digest not seen before (check with `find` first); returns its number. */
  insert([a, b, c]: Digest): number {
    const at = this.probe(a, b, c);
    this.slots[at] = a;
    this.slots[at + 1] = b;
    this.slots[at + 2] = c;
    this.slots[at + 3] = ++this.size;
    if (this.size * 2 > this.slots.length / 4) this.grow();
    return this.size - 1;
  }

  private probe(a: number, b: number, c: number): number {
    const mask = this.slots.length / 4 - 1;
    for (let i = a & mask; ; i = (i + 1) & mask) {
      const at = i * 4;
      if (this.slots[at + 3] === 0 || (this.slots[at] === a && this.slots[at + 1] === b && this.slots[at + 2] === c)) return at;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    for (let at = 0; at < old.length; at += 4) {
      if (old[at + 3] === 0) continue;
      this.slots.set(old.subarray(at, at + 4), this.probe(old[at]!, old[at + 1]!, old[at + 2]!));
    }
  }
}

/** A typed array that grows: numbers by index, 8 bytes each (Float64) or 4 (Int32). */
class Column<T extends Float64Array | Int32Array> {
  constructor(private values: T) {}

  get(i: number): number {
    return this.values[i]!;
  }

  set(i: number, value: number): void {
    if (i >= this.values.length) {
      const bigger = new (this.values.constructor as new (n: number) => T)(Math.max(i + 1, this.values.length * 2));
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[i] = value;
  }
}

/** Receives a spill's records again, one partition at a time. A payload is valid only during its call. */
export interface SpillVisitor {
  /** A new partition starts: no key of an earlier partition appears in it. */
  partition(): void;
  record(digest: Digest, payload: Uint8Array): void;
}

/**
 * Where the keyed checks put the records of keys beyond their memory budget: every record of one key goes
 * to the same partition, and `replay` gives them back partition by partition, each in the order added.
 * `FileSpill` (spill.ts) keeps them in temporary files.
 */
export interface KeyedSpill {
  add(digest: Digest, payload: Uint8Array): void;
  replay(visitor: SpillVisitor): void;
  close(): void;
}

/**
 * How much the keyed checks (unique keys, category sums) keep in memory: at most `keys` distinct keys each
 * (about 36 bytes a key); the records of further keys go to a spill. Without a spill, no limit.
 */
export interface CheckMemory {
  keys: number;
  spill: () => KeyedSpill;
}

/** A keyed record of a spill: the row's line, a kind, a number and the text a message quotes. */
interface SpilledRow {
  line: number;
  kind: number;
  value: number;
  text: string;
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

function encodeSpilled({ line, kind, value, text }: SpilledRow): Uint8Array {
  const bytes = utf8.encode(text);
  const out = new Uint8Array(13 + bytes.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, line, true);
  view.setUint8(4, kind);
  view.setFloat64(5, value, true);
  out.set(bytes, 13);
  return out;
}

function decodeSpilled(payload: Uint8Array): SpilledRow {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  return { line: view.getUint32(0, true), kind: view.getUint8(4), value: view.getFloat64(5, true), text: fromUtf8.decode(payload.subarray(13)) };
}

/**
 * The rows of keys a check keeps in memory (up to `memory.keys` distinct keys) and the spill for the rest,
 * made on the first key beyond the budget. Whether a key is kept or spilled is decided at its first row, so
 * every row of a key goes the same way.
 */
class KeyBudget {
  readonly index = new KeyIndex();
  private spilled: KeyedSpill | undefined;

  constructor(private readonly memory: CheckMemory | undefined) {}

  /** The key's number in memory, or undefined when its row went to the spill (`row()` is then called). */
  numberOf(digest: Digest, row: () => SpilledRow): number | undefined {
    const n = this.index.find(digest);
    if (n >= 0) return n;
    if (this.memory === undefined || this.index.size < this.memory.keys) return this.index.insert(digest);
    (this.spilled ??= this.memory.spill()).add(digest, encodeSpilled(row()));
    return undefined;
  }

  /** Replays the spilled rows, partition by partition (nothing when none was spilled), then removes them. */
  replay(visitor: { partition(): void; row(digest: Digest, row: SpilledRow): void }): void {
    if (this.spilled === undefined) return;
    try {
      this.spilled.replay({ partition: () => visitor.partition(), record: (digest, payload) => visitor.row(digest, decodeSpilled(payload)) });
    } finally {
      this.close();
    }
  }

  close(): void {
    this.spilled?.close();
    this.spilled = undefined;
  }
}

/**
 * No two rows of a resource share its key columns. Keeps a key digest and a line per key (KeyIndex: about 36
 * bytes), up to the memory budget; rows of further keys are spilled with their line and key text and
 * compared partition by partition at the end, so memory stays flat at any size.
 */
export const ensureUniqueKeys: DatasetCheck = (resources, memory) => {
  const tables = new Map<ResourceName, { keys: KeyBudget; lines: Column<Int32Array> }>();
  let dropped = 0;
  const duplicate = (name: ResourceName, line: number, first: number, found: string): DataIssue => {
    const key = RESOURCE_KINDS[name].key;
    return { file: fileOf(resources, name), line, column: key.join('+'), message: `duplicate key: same ${key.join('/')} as line ${first}`, found, expected: 'one row per key' };
  };
  return {
    row(name, line, row) {
      const key = RESOURCE_KINDS[name].key;
      let table = tables.get(name);
      if (!table) tables.set(name, (table = { keys: new KeyBudget(memory), lines: new Column(new Int32Array(1024)) }));
      const found = () => key.map((column) => String(row[column] ?? '')).join('/');
      const seen = table.keys.index.size;
      const n = table.keys.numberOf(
        digest96(key.map((column) => JSON.stringify(row[column] ?? null)).join('|')),
        () => ({ line, kind: 0, value: 0, text: found() }),
      );
      if (n === undefined) return [];
      if (n === seen) {
        table.lines.set(n, line);
        return [];
      }
      return [duplicate(name, line, table.lines.get(n), found())];
    },
    end() {
      const all: DataIssue[] = [];
      for (const [name, table] of tables) {
        const issues = new BoundedIssues();
        let firstLines = new KeyIndex();
        let lines: number[] = [];
        table.keys.replay({
          partition() {
            firstLines = new KeyIndex();
            lines = [];
          },
          row(digest, { line, text }) {
            const n = firstLines.find(digest);
            if (n < 0) lines[firstLines.insert(digest)] = line;
            else issues.push([duplicate(name, line, lines[n]!, text)]);
          },
        });
        for (const issue of issues.sorted()) all.push(issue);
        dropped += issues.dropped;
      }
      return all;
    },
    unlisted: () => dropped,
    close() {
      for (const table of tables.values()) table.keys.close();
    },
  };
};

/**
 * Units fit the resource (tonnages are masses or mass rates, indicators percent), and one series keeps one
 * unit. Keeps the unit and first line of each emissions series (port, category, pollutant, metric, release).
 */
export const ensureUnitsFit: DatasetCheck = (resources) => {
  const units = new Map((resources.rows.units ?? []).map(({ row }) => [String(row.code), row as unknown as Unit]));
  const seriesUnit = new Map<string, { unit: string; line: number }>();
  return {
    row(name, line, row) {
      const rule = UNIT_QUANTITIES[name];
      if (!rule) return [];
      const issues: DataIssue[] = [];
      const unit = units.get(String(row[rule.field]));
      if (unit && !rule.quantities.includes(unit.quantity)) {
        issues.push({ file: fileOf(resources, name), line, column: rule.field, message: `unit measures ${unit.quantity}, not what ${name} hold`, found: unit.code, expected: `a unit of quantity ${rule.quantities.join(' or ')}` });
      }
      // One series (port, category, pollutant, metric, release) in one unit: mixing tons/day and tons/year, or
      // short tons and tonnes, in one series would make every comparison along it wrong. A unit already
      // reported (unknown, or not a mass) is not compared again along its series.
      if (name !== 'emissions' || !unit || !rule.quantities.includes(unit.quantity)) return issues;
      const series = ['port', 'source_category', 'pollutant', 'metric', 'release'].map((c) => String(row[c])).join('|');
      const first = seriesUnit.get(series);
      if (!first) seriesUnit.set(series, { unit: unit.code, line });
      else if (first.unit !== unit.code) {
        const a = units.get(first.unit);
        const what = a?.per && unit.per && a.per !== unit.per ? ` (per ${unit.per} mixed with per ${a.per})` : '';
        issues.push({
          file: fileOf(resources, 'emissions'),
          line,
          column: 'unit',
          message: `unit differs within one series${what}: line ${first.line} of the same port/category/pollutant/metric/release uses ${first.unit}`,
          found: unit.code,
          expected: first.unit,
          hint: 'convert the series to one unit, or give the rows different releases if they are different publications',
        });
      }
      return issues;
    },
  };
};

/**
 * Sums of source categories against their `all` total, per group (port, year, pollutant, release, unit of
 * absolute emissions) numbered by a KeyIndex: the total's line and value and the sum of the top-level
 * categories (about 60 bytes a group), and per category row its line and a link to the group's previous one
 * (8 bytes): no row.
 */
class CategorySums {
  private readonly totalLine = new Column(new Int32Array(1024));
  private readonly totalValue = new Column(new Float64Array(1024));
  private readonly sum = new Column(new Float64Array(1024));
  /** The group's last category row (index into partLine), -1 when none. */
  private readonly lastPart = new Column(new Int32Array(1024));
  private readonly partLine = new Column(new Int32Array(1024));
  private readonly previousPart = new Column(new Int32Array(1024));
  private readonly partCount = new Column(new Int32Array(1024));
  private parts = 0;
  /** What a message says of a group (port, year, pollutant; unit), kept only for a group that has added up to more than its total. */
  private readonly names = new Map<number, string>();

  /** Adds a row of group `g` (`isNew` at its first row): its total, or one of its top-level categories. */
  add(g: number, isNew: boolean, line: number, isTotal: boolean, value: number, name: () => string): void {
    if (isNew) {
      this.totalLine.set(g, 0);
      this.sum.set(g, 0);
      this.lastPart.set(g, -1);
      this.partCount.set(g, 0);
    }
    if (isTotal) {
      this.totalLine.set(g, line);
      this.totalValue.set(g, value);
    } else {
      this.sum.set(g, this.sum.get(g) + value);
      this.partLine.set(this.parts, line);
      this.previousPart.set(this.parts, this.lastPart.get(g));
      this.partCount.set(g, this.partCount.get(g) + 1);
      this.lastPart.set(g, this.parts++);
    }
    if (this.exceeds(g) && !this.names.has(g)) this.names.set(g, name());
  }

  /** Whether group g has a total and its categories add up to more (beyond the rounding slack). */
  private exceeds(g: number): boolean {
    const count = this.partCount.get(g);
    return this.totalLine.get(g) !== 0 && count > 0 && this.sum.get(g) > this.totalValue.get(g) * (1 + CATEGORY_SUM_TOLERANCE) + 0.5 * count;
  }

  /** A problem for each group whose categories add up to more than its total, at the total's line. */
  issues(file: string): DataIssue[] {
    const issues: DataIssue[] = [];
    for (const g of this.names.keys()) {
      if (!this.exceeds(g)) continue;
      const lines: number[] = [];
      for (let p = this.lastPart.get(g); p !== -1; p = this.previousPart.get(p)) lines.unshift(this.partLine.get(p));
      const [what, unit] = this.names.get(g)!.split('|');
      issues.push({
        file,
        line: this.totalLine.get(g),
        column: 'value',
        message: `source categories of ${what} add up to ${this.sum.get(g)} ${unit}, more than this total`,
        found: String(this.totalValue.get(g)),
        expected: `a total >= ${this.sum.get(g)} (the sum of lines ${lines.join(', ')}, within rounding)`,
      });
    }
    return issues;
  }
}

/**
 * Source categories of one port, year, pollutant and release do not add up to more than their `all` total.
 * Groups beyond the memory budget are spilled with their rows and summed partition by partition at the end.
 */
export const ensureCategoriesWithinTotal: DatasetCheck = (resources, memory) => {
  const parents = new Map((resources.rows.source_categories ?? []).map(({ row }) => [String(row.code), row.parent as string | undefined]));
  const groups = new KeyBudget(memory);
  const sums = new CategorySums();
  let dropped = 0;
  const file = fileOf(resources, 'emissions');
  return {
    row(name, line, row) {
      if (name !== 'emissions' || row.metric !== 'absolute') return [];
      const category = String(row.source_category);
      if (category !== 'all' && parents.get(category)) return []; // sub-categories are inside their parent
      const isTotal = category === 'all';
      const value = Number(row.value);
      const what = () => `${row.port} ${row.year} ${row.pollutant}|${row.unit}`;
      const before = groups.index.size;
      const g = groups.numberOf(digest96(['port', 'year', 'pollutant', 'release', 'unit'].map((c) => String(row[c])).join('|')), () => ({ line, kind: isTotal ? 1 : 0, value, text: what() }));
      if (g !== undefined) sums.add(g, g === before, line, isTotal, value, what);
      return [];
    },
    end() {
      const issues = new BoundedIssues();
      issues.push(sums.issues(file));
      let part: { sums: CategorySums; index: KeyIndex } | undefined;
      groups.replay({
        partition() {
          if (part) issues.push(part.sums.issues(file));
          part = { sums: new CategorySums(), index: new KeyIndex() };
        },
        row(digest, { line, kind, value, text }) {
          const n = part!.index.find(digest);
          part!.sums.add(n >= 0 ? n : part!.index.insert(digest), n < 0, line, kind === 1, value, () => text);
        },
      });
      if (part) issues.push(part.sums.issues(file));
      const sorted = issues.sorted();
      dropped = issues.dropped;
      return sorted;
    },
    unlisted: () => dropped,
    close() {
      groups.close();
    },
  };
};

/** Every target's baseline has a year for each port it applies to (or for `all`). Keeps nothing beyond the codelists. */
export const ensureBaselinesResolve: DatasetCheck = (resources) => {
  const baselines = resources.rows.baselines ?? [];
  const ports = new Map((resources.rows.ports ?? []).map(({ row }) => [String(row.code), row]));
  return {
    row(name, line, row) {
      if (name !== 'targets') return [];
      const id = row.baseline_id as string | undefined;
      if (!id) return [];
      const rows = baselines.filter(({ row: b }) => b.baseline_id === id);
      if (rows.length === 0) return []; // reported by ensureCodesKnown
      if (rows.some(({ row: b }) => b.port === 'all')) return [];
      const targetPorts = (row.ports as string[]).flatMap((code) => {
        const port = ports.get(code);
        return port && port.kind === 'combined' ? (port.members as string[]) : [code];
      });
      const missing = targetPorts.filter((port) => !rows.some(({ row: b }) => b.port === port));
      if (missing.length === 0) return [];
      return [
        {
          file: fileOf(resources, 'targets'),
          line,
          column: 'baseline_id',
          message: `baseline ${id} has no year for ${missing.join(', ')}`,
          found: id,
          expected: `a row in ${resources.files.baselines ?? 'baselines'} for each port of the target, or for all`,
        },
      ];
    },
  };
};

/**
 * A source category's parent is a declared category, and following parents never comes back to where it
 * started (a cycle would make "the categories inside their parent" endless). Reported once per cycle, at the
 * line of its first category. Keeps nothing beyond the codelists.
 */
export const ensureCategoryTree: DatasetCheck = (resources) => {
  const rows = resources.rows.source_categories ?? [];
  const byCode = new Map(rows.map((located) => [String(located.row.code), located]));
  const file = fileOf(resources, 'source_categories');
  const reported = new Set<string>();
  return {
    row(name, line, row) {
      if (name !== 'source_categories' || row.parent === undefined) return [];
      const code = String(row.code);
      const parent = String(row.parent);
      if (!byCode.has(parent)) {
        if (resources.invalid?.source_categories?.has(parent)) return [];
        const hint = codeHint(parent, [...byCode.keys()]);
        return [{ file, line, column: 'parent', message: 'unknown source category code', found: parent, expected: `a code declared in ${file}`, ...(hint ? { hint } : {}) }];
      }
      const path = [code];
      for (let at = parent; ; ) {
        if (at === code) {
          if (path.some((c) => reported.has(c))) return [];
          for (const c of path) reported.add(c);
          return [{ file, line, column: 'parent', message: `source categories form a cycle: ${[...path, code].join(' -> ')}`, found: parent, expected: 'a parent that is not inside this category (parents lead up to a top-level category)' }];
        }
        if (path.includes(at)) return []; // a cycle further up, reported at its own line
        path.push(at);
        const next = byCode.get(at)?.row.parent;
        if (next === undefined) return [];
        at = String(next);
      }
    },
  };
};

/**
 * A combined port lists its members, each a declared port that is not itself combined; a single port lists
 * none. Keeps nothing beyond the codelists.
 */
export const ensureCombinedPorts: DatasetCheck = (resources) => {
  const ports = new Map((resources.rows.ports ?? []).map(({ row }) => [String(row.code), row]));
  const file = fileOf(resources, 'ports');
  return {
    row(name, line, row) {
      if (name !== 'ports') return [];
      const members = row.members as string[];
      if (row.kind !== 'combined') {
        return members.length === 0 ? [] : [{ file, line, column: 'members', message: 'a port of kind port has members', found: members.join(';'), expected: "no members (or kind 'combined')" }];
      }
      if (members.length === 0) return [{ file, line, column: 'members', message: 'a combined port has no members', found: '', expected: 'the member port codes, separated by ;' }];
      const issues: DataIssue[] = [];
      for (const member of members) {
        const port = ports.get(member);
        if (port === undefined) {
          if (resources.invalid?.ports?.has(member)) continue;
          const hint = codeHint(member, [...ports.keys()]);
          issues.push({ file, line, column: 'members', message: 'unknown port code in members', found: member, expected: `a port declared in ${file}`, ...(hint ? { hint } : {}) });
        } else if (port.kind === 'combined') {
          issues.push({ file, line, column: 'members', message: 'a member is itself a combined port', found: member, expected: 'ports of kind port' });
        }
      }
      return issues;
    },
  };
};

/** All dataset-level checks, in the order their problems are listed for one row. */
export const DATASET_CHECKS: readonly DatasetCheck[] = [ensureCodesKnown, ensureCategoryTree, ensureCombinedPorts, ensureUniqueKeys, ensureUnitsFit, ensureCategoriesWithinTotal, ensureBaselinesResolve];

/**
 * The checks of a dataset with these codelists, run row by row: `row` for each row read, `end` once after,
 * `close` at the end in every case (it removes any spill). With `memory`, the keyed checks keep at most
 * `memory.keys` keys each in memory and spill the rest.
 */
export function datasetChecker(codelists: LocatedResources, memory?: CheckMemory): Required<RowCheck> {
  const checks = DATASET_CHECKS.map((check) => check(codelists, memory));
  return {
    row: (resource, line, row) => checks.flatMap((check) => check.row?.(resource, line, row) ?? []),
    end: () => checks.flatMap((check) => check.end?.() ?? []),
    unlisted: () => checks.reduce((sum, check) => sum + (check.unlisted?.() ?? 0), 0),
    close: () => {
      for (const check of checks) check.close?.();
    },
  };
}
