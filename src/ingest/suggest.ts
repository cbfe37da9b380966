/**
 * "Did you mean ...?" for codes: a case-insensitive match first, then the closest code by edit distance.
 */
function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The code the user most likely meant, or undefined when nothing is close. */
export function closestCode(found: string, codes: Iterable<string>): string | undefined {
  const lower = found.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const code of codes) {
    if (code.toLowerCase() === lower) return code;
    const distance = editDistance(lower, code.toLowerCase());
    if (distance < bestDistance) {
      best = code;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.floor(found.length / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** A hint sentence for an unknown code: "did you mean NOx?", or the list of valid codes when short. */
export function codeHint(found: string, codes: readonly string[]): string | undefined {
  const near = closestCode(found, codes);
  if (near !== undefined) return `did you mean ${near}?`;
  if (codes.length > 0 && codes.length <= 12) return `valid codes: ${codes.join(', ')}`;
  return undefined;
}

/** Edit distance counting a swap of two neighbouring letters as one edit ("Dmp" is one from "DPM"). */
function transposingDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The key a name is matched by: lower case, accents dropped, and every character that is not a letter or a
 * digit removed, so "Ocean-going vessels", "Ocean going  vessels" and "OCEAN GOING VESSELS." match, and
 * "PM2.5" matches "PM 2.5".
 */
export function matchKey(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** A codelist entry as the name matcher sees it. */
export interface NamedCode {
  code: string;
  label: string;
  aliases?: readonly string[] | undefined;
}

/** What a name matched: the code, and whether by its code, its label or one of its aliases. */
export interface NameMatch {
  code: string;
  by: 'code' | 'label' | 'alias';
}

/**
 * Resolves names as published tables write them to the codes of a codelist: a code, a label or an alias
 * (the codelist's `aliases` column), matched by {@link matchKey}. Codes win over labels, labels over aliases,
 * earlier entries over later ones.
 */
export class NameMatcher {
  private readonly byKey = new Map<string, NameMatch>();
  readonly entries: readonly NamedCode[];

  /** `what` names the kind of code in messages ("source category", "pollutant"). */
  constructor(readonly what: string, entries: Iterable<NamedCode>, extra: readonly { name: string; code: string }[] = []) {
    this.entries = [...entries];
    const add = (name: string, match: NameMatch) => {
      const key = matchKey(name);
      if (key !== '' && !this.byKey.has(key)) this.byKey.set(key, match);
    };
    for (const e of this.entries) add(e.code, { code: e.code, by: 'code' });
    for (const e of this.entries) add(e.label, { code: e.code, by: 'label' });
    for (const e of this.entries) for (const alias of e.aliases ?? []) add(alias, { code: e.code, by: 'alias' });
    for (const x of extra) add(x.name, { code: x.code, by: 'alias' });
  }

  /** The code a name stands for, or undefined. */
  match(name: string): NameMatch | undefined {
    return this.byKey.get(matchKey(name));
  }

  /** The entry whose code, label or alias is closest to `name` by edit distance on match keys, if any is close. */
  closest(name: string): NamedCode | undefined {
    const key = matchKey(name);
    if (key === '') return undefined;
    let best: NameMatch | undefined;
    let bestDistance = Infinity;
    for (const [candidate, match] of this.byKey) {
      const distance = transposingDistance(key, candidate);
      if (distance < bestDistance) {
        best = match;
        bestDistance = distance;
      }
    }
    const allowed = Math.max(1, Math.floor(key.length / 3));
    return best !== undefined && bestDistance <= allowed ? this.entries.find((e) => e.code === best.code) : undefined;
  }

  /**
   * What was expected, each name said as what it is: "a source category of the dataset: codes all, ships;
   * labels "All sources", "Ships"; or an alias of one" (lists cut at 12 entries).
   */
  expected(): string {
    const cut = (items: string[]) => (items.length > 12 ? `${items.slice(0, 12).join(', ')}, ... (${items.length} in all)` : items.join(', '));
    const aliases = this.entries.some((e) => (e.aliases ?? []).length > 0);
    return `a ${this.what} of the dataset: codes ${cut(this.entries.map((e) => e.code))}; labels ${cut(this.entries.map((e) => JSON.stringify(e.label)))}${aliases ? '; or one of their aliases (codelist column aliases)' : ''}`;
  }

  /** "closest: ships (label "Ships")", or undefined when nothing is close. */
  closestHint(name: string): string | undefined {
    const near = this.closest(name);
    return near === undefined ? undefined : `closest ${this.what}: code ${near.code} (label ${JSON.stringify(near.label)})`;
  }
}
