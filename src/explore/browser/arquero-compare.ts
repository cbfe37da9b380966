/**
 * Replaces arquero's src/expression/compare.js (the comparator behind `orderby`) in the explore page's
 * bundle (and under the Node hook in node-hooks.ts). arquero writes the comparator as one piece of code for
 * the Function constructor, which the page's Content-Security-Policy forbids; this builds the same
 * comparator from closures: each field's value for rows a and b comes from the field's expression (run by
 * the expression interpreter) or its escaped function, and the fields are compared in order with arquero 8's
 * rules, kept here exactly:
 * - without a collator: a value below the other comes first; null or undefined goes last (first when
 *   descending); then NaN (and an invalid Date) after any number; equal values pass to the next field;
 * - with a collator (`collate(field, ...)`): two nulls compare equal and end the comparison; one null goes
 *   last; else the collator's sign (negated when descending), and 0 passes to the next field.
 */
import { codegen } from 'arquero/src/expression/codegen.js';
import { parse } from 'arquero/src/expression/parse.js';
import { aggregate } from 'arquero/src/verbs/reduce/util.js';
import { interpretedFunction } from './expression-interpreter.ts';

/** The part of arquero's Table the comparator reads. */
interface SortedTable {
  isGrouped(): boolean;
  groups(): { keys: Uint32Array | number[] } | null;
  data(): unknown;
}

/** One orderby field as arquero's orderby verb passes it (a Map from name to its settings). */
interface FieldSpec {
  desc?: boolean;
  collate?: (a: unknown, b: unknown) => number;
}

type Escape = (row: number, data: unknown) => unknown;
type Getter = (row: number, key: number) => unknown;

/**
 * The comparator for `table.orderby(fields)`: `(a, b) => number` over row indices, negative when row a sorts
 * first.
 */
export function compare(table: SortedTable, fields: Map<string, FieldSpec>): (a: number, b: number) => number {
  const names: string[] = [];
  const nodes: ({ escape: Escape } | { code: string })[] = [];
  // As in arquero, `fn` in a field's code is the list of escaped functions and collators.
  const fn: unknown[] = [];
  const grouped = table.isGrouped();
  const keys = grouped ? table.groups()!.keys : null;
  const { ops } = parse(fields, {
    table,
    value: (name: string, node: { escape?: Escape }) => {
      names.push(name);
      if (node.escape) {
        nodes.push({ escape: node.escape });
        fn.push(node.escape);
      } else {
        nodes.push({ code: codegen(node, { index: 'row', op: grouped ? 'key' : '0' }) });
      }
    },
    window: false,
  });
  const result = aggregate(table, ops);
  const op = (id: number, row: number) => result[id]![row];
  const data = table.data();

  const getters: Getter[] = nodes.map((node) =>
    'escape' in node
      ? (row: number) => node.escape(row, data)
      : (interpretedFunction(['op', 'keys', 'fn', 'data'], `"use strict"; return (row, key) => ${node.code};`)(op, keys, fn, data) as Getter),
  );
  const comparers = names.map((name, i) => {
    const field = fields.get(name)!;
    const get = getters[i]!;
    const order = field.desc ? -1 : 1;
    const collate = field.collate;
    if (collate) fn.push(collate);
    return { get, order, collate };
  });

  return (a, b) => {
    const ka = keys ? keys[a]! : 0;
    const kb = keys ? keys[b]! : 0;
    for (const { get, order, collate } of comparers) {
      if (collate) {
        const v = get(b, kb);
        const u = get(a, ka);
        if (u == null && v == null) return 0;
        if (v == null) return order;
        if (u == null) return -order;
        const sign = order < 0 ? -collate(u, v) : collate(u, v);
        if (sign) return sign;
        continue;
      }
      let u = get(a, ka) as any;
      let v = get(b, kb) as any;
      if ((u < v || u == null) && v != null) return -order;
      if ((u > v || v == null) && u != null) return order;
      v = v instanceof Date ? +v : v;
      u = u instanceof Date ? +u : u;
      if (u !== u && v === v) return -order;
      if (v !== v && u === u) return order;
    }
    return 0;
  };
}
