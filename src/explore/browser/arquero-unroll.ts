/**
 * Replaces arquero's src/util/unroll.js in the explore page's bundle (and under the Node hook in
 * node-hooks.ts). arquero's verbs (join, lookup, rollup's reducers, window, impute) unroll a loop over
 * columns into one function written as code: the lists' items become constants `_0, _1, ...` (first list)
 * and `$0, $1, ...` (second), the lists themselves `_` and `$`. The same function, run by the expression
 * interpreter instead of the Function constructor.
 */
import { interpretedFunction } from './expression-interpreter.ts';

const LIST_NAMES = ['_', '$'];

/**
 * `(args) => code` with `_i = lists[0][i]` and `$i = lists[1][i]` in scope (at most two lists, as arquero).
 *
 * @param args the parameter list: a name, or names (joined with commas).
 * @param code the function body (an expression or a block).
 */
export function unroll(args: string | readonly string[], code: string, ...lists: unknown[][]): any {
  const names = LIST_NAMES.slice(0, lists.length);
  const constants = lists.map((list, j) => list.map((_, i) => `${names[j]}${i} = ${names[j]}[${i}]`).join(', ')).join(', ');
  return interpretedFunction(names, `"use strict"; const ${constants}; return (${String(args)}) => ${code};`)(...lists);
}
