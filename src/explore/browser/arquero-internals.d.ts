// The modules inside the arquero package that the explore page's replacements (arquero-*.ts) import. arquero
// ships no types for its sources; these describe just what the replacements use.
declare module 'arquero/src/op/index.js' {
  /** arquero's op functions (op.abs, op.lower, ...), passed to compiled expressions as `fn`. */
  export const functions: Record<string, (...args: unknown[]) => unknown>;
}
declare module 'arquero/src/expression/parse.js' {
  export function parse(input: unknown, options: Record<string, unknown>): { ops: unknown[] };
}
declare module 'arquero/src/expression/codegen.js' {
  export function codegen(node: unknown, options?: { index: string; op?: string }): string;
}
declare module 'arquero/src/verbs/reduce/util.js' {
  /** The aggregate values of `ops` over the table (per group): result[op id][group]. */
  export function aggregate(table: unknown, ops: unknown[]): unknown[][];
}
