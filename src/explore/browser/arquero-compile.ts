/**
 * Replaces arquero's src/expression/compile.js in the explore page's bundle (and under the Node hook in
 * node-hooks.ts): the same `compile` object, each method taking the code arquero's code generator wrote and
 * returning the same function, run by the expression interpreter instead of the Function constructor, which
 * the page's Content-Security-Policy forbids.
 */
import { functions } from 'arquero/src/op/index.js';
import { interpretedFunction } from './expression-interpreter.ts';

type Params = Record<string, unknown> | undefined;

/** What `Function('fn', '$', '"use strict"; return ' + code + ';')(fn, params)` returns, without Function. */
function interpret(code: string, fn: unknown, params: Params): any {
  return interpretedFunction(['fn', '$'], `"use strict"; return ${code};`)(fn, params);
}

/** arquero's compile: row expressions (one table, two rows, a join) and parameter expressions. */
export const compile = {
  /** An escaped function call: `code` invokes `fn` (the user's function) on a row object. */
  escape: (code: string, func: unknown, params: Params) => interpret(code, func, params),
  /** `(row, data, op) => code`: a table expression. */
  expr: (code: string, params: Params) => interpret(`(row,data,op)=>${code}`, functions, params),
  /** `(row0, data0, row, data) => code`: an expression over two rows of one table. */
  expr2: (code: string, params: Params) => interpret(`(row0,data0,row,data)=>${code}`, functions, params),
  /** `(row1, data1, row2, data2) => code`: a join predicate or value over a row of each table. */
  join: (code: string, params: Params) => interpret(`(row1,data1,row2,data2)=>${code}`, functions, params),
  /** A parameter value (an op's argument). */
  param: (code: string, params: Params) => interpret(code, functions, params),
};
