/**
 * The vega module as the explore page's bundle sees it: vega itself, with its expressions interpreted
 * (vega-interpreter) instead of compiled with the Function constructor, so the page runs under a
 * Content-Security-Policy without 'unsafe-eval'. Every `new View` and `parse` in the bundle (the page's
 * own and render/svg.ts's) goes through here.
 */
import * as vega from 'vega-real';
import { expressionInterpreter } from 'vega-interpreter';

export * from 'vega-real';

type ParseOptions = Parameters<typeof vega.parse>[2];

/** vega.parse, keeping every expression's syntax tree for the interpreter. */
export function parse(spec: vega.Spec, config?: vega.Config, options?: ParseOptions): vega.Runtime {
  return vega.parse(spec, config, { ...(options ?? {}), ast: true } as ParseOptions);
}

/** vega.View, evaluating expressions with the interpreter unless told otherwise. */
export class View extends vega.View {
  constructor(runtime: vega.Runtime, options: vega.ViewOptions = {}) {
    super(runtime, { expr: expressionInterpreter, ...options } as vega.ViewOptions);
  }
}
