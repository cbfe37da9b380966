/**
 * A stand-in for the `Function` constructor that generates no code: it parses a function body with acorn and
 * compiles the syntax tree once into nested closures (each node becomes `(frame) => value`), so running the
 * function walks closures, never the tree or the text again. Arquero builds every verb by writing JavaScript
 * source and handing it to `Function`; the explore page's Content-Security-Policy (no 'unsafe-eval') forbids
 * that, and this module runs the same source instead (see arquero-compile.ts, arquero-unroll.ts).
 *
 * It covers the JavaScript that arquero's code generator (src/expression/codegen.js) and its unrolled
 * loops emit, with strict-mode semantics: literals, identifiers, member and computed member access, calls
 * (a method call gets its object as `this`, a plain call `undefined`), `new`, array and object literals
 * (computed keys, spread), template literals, unary, binary, logical, conditional and sequence expressions,
 * assignment to variables and members with every compound operator, arrow functions with identifier, array
 * and object pattern parameters (defaults, rest), block bodies with `const`/`let`, `if`, `switch`/`case`/
 * `break`, `return`. Assigning an undeclared variable or a constant, or reading a `let`/`const` before its
 * declaration, throws as strict JavaScript does. Anything else (a `function` or `class`, `this`, loops,
 * `var`, `try`, optional chaining, tagged templates, generators, `await`, ...) is refused when the body is
 * compiled, with an Error naming the construct and where it is, never run with a guess.
 */
import { parse, type Node } from 'acorn';

/** A compiled function body's variables: one slot per parameter or declaration, chained to the enclosing one. */
class Frame {
  /** Set by a `return` statement; read by the function that owns the frame. */
  returned: unknown = undefined;
  constructor(
    readonly slots: unknown[],
    readonly parent: Frame | null,
  ) {}
}

type Evaluate = (frame: Frame) => unknown;
/** What a statement did: carry on, leave the enclosing `switch`, or leave the function. */
const enum Completion {
  Normal = 0,
  Break = 1,
  Return = 2,
}
type Execute = (frame: Frame) => Completion;
type Bind = (frame: Frame, value: unknown) => void;

/** The value held by a `let`/`const` slot before its declaration runs (the temporal dead zone). */
const UNINITIALIZED: unique symbol = Symbol('uninitialized');

interface Variable {
  readonly slot: number;
  readonly kind: 'param' | 'let' | 'const';
}

/** Names visible at a point of the source: a block's declarations, chained to the enclosing block. */
class Scope {
  readonly names = new Map<string, Variable>();
  constructor(
    /** The function whose frame holds this block's slots. */
    readonly fn: FunctionScope,
    readonly parent: Scope | null,
  ) {}

  declare(name: string, kind: Variable['kind'], where: AnyNode): Variable {
    if (this.names.has(name)) throw unsupported(this.fn.source, where, `'${name}' declared twice in one scope`);
    const variable = { slot: this.fn.size++, kind };
    this.names.set(name, variable);
    return variable;
  }
}

/** One function's frame layout: how many slots a call allocates. Blocks declare into their function's frame. */
class FunctionScope {
  size = 0;
  constructor(
    readonly source: string,
    /** The function enclosing this one (its frame is the new frame's parent), or null at the top. */
    readonly outer: Scope | null,
  ) {}
}

/** Where a name is found: `depth` frames up, and its variable; null when not declared (a global such as `Math`). */
function resolveName(scope: Scope, name: string): { depth: number; variable: Variable } | null {
  let depth = 0;
  let block: Scope | null = scope;
  while (block) {
    const variable = block.names.get(name);
    if (variable) return { depth, variable };
    const parent: Scope | null = block.parent;
    if (parent === null || parent.fn !== block.fn) {
      // Leaving this function: the next block belongs to the enclosing function's frame.
      depth += 1;
      block = block.fn.outer;
    } else {
      block = parent;
    }
  }
  return null;
}

/** The frame `depth` levels up from `frame`. */
function frameAt(frame: Frame, depth: number): Frame {
  let current = frame;
  for (let i = 0; i < depth; ++i) current = current.parent!;
  return current;
}

// acorn's own types describe the tree loosely; the compiler reads the ESTree fields it needs from this shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyNode = Node & Record<string, any>;

/** The error for a construct this interpreter does not run: names it and shows where it is. */
function unsupported(source: string, node: AnyNode, what: string): Error {
  const snippet = source.slice(node.start, Math.min(node.end, node.start + 60));
  return new Error(`arquero expression interpreter: unsupported ${what} at offset ${node.start}: \`${snippet}\``);
}

/** Source text of a node, for messages that name an expression as V8 does ("x.y is not a function"). */
const textOf = (source: string, node: AnyNode): string => source.slice(node.start, node.end);

/**
 * Compiles `body` (the text a `Function` constructor would take, parameters named by `params`) into a
 * function that runs it without generating code. The body is parsed as strict-mode code and may `return`.
 *
 * @returns a function taking the parameters in order and returning what the body returns.
 * @throws SyntaxError from acorn for text that does not parse; Error naming the construct for valid
 *   JavaScript outside the supported subset.
 */
export function interpretedFunction(params: readonly string[], body: string): (...args: unknown[]) => unknown {
  const program = parse(body, { ecmaVersion: 2022, sourceType: 'module', allowReturnOutsideFunction: true }) as AnyNode;
  const fnScope = new FunctionScope(body, null);
  const scope = new Scope(fnScope, null);
  for (const name of params) scope.declare(name, 'param', program);
  const run = compileStatements(program.body as AnyNode[], scope);
  return (...args: unknown[]) => {
    const slots = new Array<unknown>(fnScope.size).fill(UNINITIALIZED);
    for (let i = 0; i < params.length; ++i) slots[i] = args[i];
    const frame = new Frame(slots, null);
    return run(frame) === Completion.Return ? frame.returned : undefined;
  };
}

// ---------------------------------------------------------------------------------------------------------
// Statements

/** Hoists a statement list's `let`/`const` names into `scope` (as JavaScript does), then compiles it. */
function compileStatements(body: readonly AnyNode[], scope: Scope): Execute {
  for (const statement of body) {
    if (statement.type === 'VariableDeclaration') declareAll(statement, scope);
  }
  const steps = body.map((statement) => compileStatement(statement, scope));
  if (steps.length === 1) return steps[0]!;
  return (frame) => {
    for (const step of steps) {
      const completion = step(frame);
      if (completion !== Completion.Normal) return completion;
    }
    return Completion.Normal;
  };
}

function declareAll(declaration: AnyNode, scope: Scope): void {
  const kind = declaration.kind as string;
  if (kind !== 'let' && kind !== 'const') throw unsupported(scope.fn.source, declaration, `'${kind}' declaration (use const or let)`);
  for (const declarator of declaration.declarations as AnyNode[]) {
    for (const name of patternNames(declarator.id, scope)) scope.declare(name.name, kind, name);
  }
}

/** The identifiers a binding pattern declares. */
function patternNames(pattern: AnyNode, scope: Scope): AnyNode[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern];
    case 'ArrayPattern':
      return (pattern.elements as (AnyNode | null)[]).flatMap((element) => (element ? patternNames(element, scope) : []));
    case 'ObjectPattern':
      return (pattern.properties as AnyNode[]).flatMap((property) =>
        patternNames(property.type === 'RestElement' ? property : property.value, scope),
      );
    case 'AssignmentPattern':
      return patternNames(pattern.left, scope);
    case 'RestElement':
      return patternNames(pattern.argument, scope);
    default:
      throw unsupported(scope.fn.source, pattern, `binding pattern ${pattern.type}`);
  }
}

function compileStatement(node: AnyNode, scope: Scope): Execute {
  const source = scope.fn.source;
  switch (node.type) {
    case 'ExpressionStatement': {
      // A directive ("use strict") changes nothing: every body runs with strict semantics.
      if (typeof node.directive === 'string') return () => Completion.Normal;
      const expression = compileExpression(node.expression, scope);
      return (frame) => {
        expression(frame);
        return Completion.Normal;
      };
    }
    case 'EmptyStatement':
      return () => Completion.Normal;
    case 'VariableDeclaration': {
      const binds = (node.declarations as AnyNode[]).map((declarator) => {
        const bind = compileBinding(declarator.id, scope, true);
        const init: Evaluate = declarator.init ? compileExpression(declarator.init, scope) : () => undefined;
        if (!declarator.init && node.kind === 'const') throw unsupported(source, declarator, 'const without a value');
        return (frame: Frame) => bind(frame, init(frame));
      });
      return (frame) => {
        for (const bind of binds) bind(frame);
        return Completion.Normal;
      };
    }
    case 'BlockStatement': {
      const block = compileStatements(node.body, new Scope(scope.fn, scope));
      return (frame) => block(frame);
    }
    case 'ReturnStatement': {
      const argument: Evaluate = node.argument ? compileExpression(node.argument, scope) : () => undefined;
      return (frame) => {
        frame.returned = argument(frame);
        return Completion.Return;
      };
    }
    case 'IfStatement': {
      const test = compileExpression(node.test, scope);
      const consequent = compileStatement(node.consequent, scope);
      const alternate = node.alternate ? compileStatement(node.alternate, scope) : null;
      return (frame) => (test(frame) ? consequent(frame) : alternate ? alternate(frame) : Completion.Normal);
    }
    case 'BreakStatement':
      if (node.label) throw unsupported(source, node, 'labelled break');
      return () => Completion.Break;
    case 'SwitchStatement':
      return compileSwitch(node, scope);
    default:
      throw unsupported(source, node, `statement ${node.type}`);
  }
}

function compileSwitch(node: AnyNode, scope: Scope): Execute {
  const discriminant = compileExpression(node.discriminant, scope);
  // The cases share one block scope, as in JavaScript.
  const block = new Scope(scope.fn, scope);
  const cases = node.cases as AnyNode[];
  for (const c of cases) {
    for (const statement of c.consequent as AnyNode[]) if (statement.type === 'VariableDeclaration') declareAll(statement, block);
  }
  const tests = cases.map((c) => (c.test ? compileExpression(c.test, block) : null));
  const bodies = cases.map((c) => (c.consequent as AnyNode[]).map((statement) => compileStatement(statement, block)));
  const fallback = tests.indexOf(null);
  return (frame) => {
    const value = discriminant(frame);
    let start = -1;
    for (let i = 0; i < tests.length; ++i) {
      const test = tests[i];
      if (test && test(frame) === value) {
        start = i;
        break;
      }
    }
    if (start < 0) start = fallback;
    if (start < 0) return Completion.Normal;
    for (let i = start; i < bodies.length; ++i) {
      for (const step of bodies[i]!) {
        const completion = step(frame);
        if (completion === Completion.Break) return Completion.Normal;
        if (completion === Completion.Return) return completion;
      }
    }
    return Completion.Normal;
  };
}

// ---------------------------------------------------------------------------------------------------------
// Bindings (declarations, parameters, destructuring)

/**
 * Compiles a binding pattern into a function storing a value into its variables. `initialize` is true for
 * declarations and parameters (a `const` may be written once), false for assignments.
 */
function compileBinding(pattern: AnyNode, scope: Scope, initialize: boolean): Bind {
  const source = scope.fn.source;
  switch (pattern.type) {
    case 'Identifier': {
      const resolved = resolveName(scope, pattern.name);
      if (!resolved) throw unsupported(source, pattern, `binding of undeclared '${pattern.name}'`);
      const { depth, variable } = resolved;
      const slot = variable.slot;
      if (depth === 0) return (frame, value) => void (frame.slots[slot] = value);
      return (frame, value) => void (frameAt(frame, depth).slots[slot] = value);
    }
    case 'AssignmentPattern': {
      const target = compileBinding(pattern.left, scope, initialize);
      const fallback = compileExpression(pattern.right, scope);
      return (frame, value) => target(frame, value === undefined ? fallback(frame) : value);
    }
    case 'ArrayPattern': {
      const elements = (pattern.elements as (AnyNode | null)[]).map((element) => {
        if (element === null) return null;
        if (element.type === 'RestElement') return { rest: true, bind: compileBinding(element.argument, scope, initialize) };
        return { rest: false, bind: compileBinding(element, scope, initialize) };
      });
      return (frame, value) => {
        if (value === null || value === undefined) throw new TypeError(`${String(value)} is not iterable`);
        const items = [...(value as Iterable<unknown>)];
        elements.forEach((element, i) => {
          if (element === null) return;
          element.bind(frame, element.rest ? items.slice(i) : items[i]);
        });
      };
    }
    case 'ObjectPattern': {
      const properties = (pattern.properties as AnyNode[]).map((property) => {
        if (property.type === 'RestElement') return { rest: true as const, bind: compileBinding(property.argument, scope, initialize) };
        const key = compilePropertyKey(property, scope);
        return { rest: false as const, key, bind: compileBinding(property.value, scope, initialize) };
      });
      return (frame, value) => {
        if (value === null || value === undefined) throw new TypeError(`Cannot destructure '${String(value)}' as it is ${String(value)}.`);
        const object = value as Record<PropertyKey, unknown>;
        const taken: PropertyKey[] = [];
        for (const property of properties) {
          if (property.rest) {
            const rest: Record<PropertyKey, unknown> = {};
            for (const own of Reflect.ownKeys(Object(object))) {
              if (!taken.includes(own) && Object.prototype.propertyIsEnumerable.call(object, own)) rest[own] = object[own];
            }
            property.bind(frame, rest);
          } else {
            const key = property.key(frame);
            taken.push(key);
            property.bind(frame, object[key]);
          }
        }
      };
    }
    case 'MemberExpression':
      if (!initialize) {
        const assign = compileAssignTarget(pattern, scope);
        return (frame, value) => assign(frame, () => value);
      }
      throw unsupported(source, pattern, 'member expression as a declared name');
    default:
      throw unsupported(source, pattern, `binding pattern ${pattern.type}`);
  }
}

/** A property's key: its name, the literal, or (computed) the evaluated expression as a property key. */
function compilePropertyKey(property: AnyNode, scope: Scope): (frame: Frame) => PropertyKey {
  const key = property.key as AnyNode;
  if (property.computed) {
    const evaluate = compileExpression(key, scope);
    return (frame) => toPropertyKey(evaluate(frame));
  }
  const name: PropertyKey = key.type === 'Identifier' ? (key.name as string) : String(key.value);
  return () => name;
}

function toPropertyKey(value: unknown): PropertyKey {
  return typeof value === 'symbol' ? value : String(value);
}

// ---------------------------------------------------------------------------------------------------------
// Expressions

const BINARY: Readonly<Record<string, (a: any, b: any) => unknown>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
  '**': (a, b) => a ** b,
  '==': (a, b) => a == b,
  '!=': (a, b) => a != b,
  '===': (a, b) => a === b,
  '!==': (a, b) => a !== b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<<': (a, b) => a << b,
  '>>': (a, b) => a >> b,
  '>>>': (a, b) => a >>> b,
  '&': (a, b) => a & b,
  '|': (a, b) => a | b,
  '^': (a, b) => a ^ b,
  in: (a, b) => {
    if (b === null || (typeof b !== 'object' && typeof b !== 'function')) {
      throw new TypeError(`Cannot use 'in' operator to search for '${String(a)}' in ${String(b)}`);
    }
    return a in b;
  },
  instanceof: (a, b) => {
    if (typeof b !== 'function' && (b === null || typeof b !== 'object')) throw new TypeError("Right-hand side of 'instanceof' is not callable");
    return a instanceof b;
  },
};

const UNARY: Readonly<Record<string, (a: any) => unknown>> = {
  '-': (a) => -a,
  '+': (a) => +a,
  '!': (a) => !a,
  '~': (a) => ~a,
  typeof: (a) => typeof a,
  void: () => undefined,
};

const LOGICAL_ASSIGN = new Set(['&&=', '||=', '??=']);

function compileExpression(node: AnyNode, scope: Scope): Evaluate {
  const source = scope.fn.source;
  switch (node.type) {
    case 'Literal': {
      if (node.regex) {
        const { pattern, flags } = node.regex as { pattern: string; flags: string };
        // A regular expression literal makes a new object each time it is evaluated.
        return () => new RegExp(pattern, flags);
      }
      const value = node.value as unknown;
      return () => value;
    }
    case 'Identifier':
      return compileIdentifier(node, scope);
    case 'TemplateLiteral': {
      const quasis = (node.quasis as AnyNode[]).map((quasi) => quasi.value.cooked as string | null);
      if (quasis.some((cooked) => cooked === null)) throw unsupported(source, node, 'template literal with an invalid escape');
      const expressions = (node.expressions as AnyNode[]).map((expression) => compileExpression(expression, scope));
      return (frame) => {
        let text = quasis[0]!;
        for (let i = 0; i < expressions.length; ++i) text += String(expressions[i]!(frame)) + quasis[i + 1]!;
        return text;
      };
    }
    case 'MemberExpression': {
      const { object, key, constant } = compileMemberParts(node, scope);
      // A name or literal key is read without a call per row.
      if (constant !== undefined) return (frame) => (object(frame) as any)[constant];
      return (frame) => (object(frame) as any)[key(frame)];
    }
    case 'CallExpression':
      return compileCall(node, scope);
    case 'NewExpression': {
      const callee = compileExpression(node.callee, scope);
      const args = compileArguments(node.arguments, scope);
      const name = textOf(source, node.callee);
      return (frame) => {
        const constructor = callee(frame);
        if (typeof constructor !== 'function') throw new TypeError(`${name} is not a constructor`);
        return Reflect.construct(constructor, args(frame));
      };
    }
    case 'ArrayExpression': {
      const elements = compileList(node.elements, scope, true);
      return (frame) => elements(frame);
    }
    case 'ObjectExpression':
      return compileObject(node, scope);
    case 'UnaryExpression': {
      if (node.operator === 'delete') {
        if (node.argument.type !== 'MemberExpression') throw unsupported(source, node, 'delete of a non-member');
        const { object, key } = compileMemberParts(node.argument, scope);
        return (frame) => {
          const target = object(frame) as object;
          const name = key(frame);
          if (!Reflect.deleteProperty(Object(target), name)) throw new TypeError(`Cannot delete property '${String(name)}' of ${String(target)}`);
          return true;
        };
      }
      const apply = UNARY[node.operator as string];
      if (!apply) throw unsupported(source, node, `unary operator ${node.operator}`);
      if (node.operator === 'typeof' && node.argument.type === 'Identifier' && !resolveName(scope, node.argument.name)) {
        // typeof of an undeclared global is 'undefined', not a ReferenceError.
        const name = node.argument.name as string;
        return () => typeof (globalThis as Record<string, unknown>)[name];
      }
      const argument = compileExpression(node.argument, scope);
      return (frame) => apply(argument(frame));
    }
    case 'UpdateExpression': {
      if (node.argument.type !== 'Identifier' && node.argument.type !== 'MemberExpression') throw unsupported(source, node, `update of ${node.argument.type}`);
      const read = compileReadForUpdate(node.argument, scope);
      const increment = node.operator === '++';
      const prefix = node.prefix as boolean;
      return (frame) => {
        const { value, write } = read(frame);
        // The old value as a number (or bigint), then one more or less.
        const old = typeof value === 'bigint' ? value : Number(value);
        const updated = typeof old === 'bigint' ? (increment ? old + 1n : old - 1n) : increment ? old + 1 : old - 1;
        write(updated);
        return prefix ? updated : old;
      };
    }
    case 'BinaryExpression': {
      const apply = BINARY[node.operator as string];
      if (!apply) throw unsupported(source, node, `binary operator ${node.operator}`);
      if (node.left.type === 'PrivateIdentifier') throw unsupported(source, node, 'private field');
      const left = compileExpression(node.left, scope);
      const right = compileExpression(node.right, scope);
      return (frame) => {
        const a = left(frame);
        return apply(a, right(frame));
      };
    }
    case 'LogicalExpression': {
      const left = compileExpression(node.left, scope);
      const right = compileExpression(node.right, scope);
      switch (node.operator) {
        case '&&':
          return (frame) => left(frame) && right(frame);
        case '||':
          return (frame) => left(frame) || right(frame);
        case '??':
          return (frame) => left(frame) ?? right(frame);
        default:
          throw unsupported(source, node, `logical operator ${node.operator}`);
      }
    }
    case 'ConditionalExpression': {
      const test = compileExpression(node.test, scope);
      const consequent = compileExpression(node.consequent, scope);
      const alternate = compileExpression(node.alternate, scope);
      return (frame) => (test(frame) ? consequent(frame) : alternate(frame));
    }
    case 'SequenceExpression': {
      const expressions = (node.expressions as AnyNode[]).map((expression) => compileExpression(expression, scope));
      return (frame) => {
        let value: unknown;
        for (const expression of expressions) value = expression(frame);
        return value;
      };
    }
    case 'AssignmentExpression':
      return compileAssignment(node, scope);
    case 'ArrowFunctionExpression':
      return compileArrow(node, scope);
    case 'ParenthesizedExpression':
      return compileExpression(node.expression, scope);
    case 'FunctionExpression':
      throw unsupported(source, node, 'function expression (only arrow functions are supported)');
    case 'ThisExpression':
      throw unsupported(source, node, "'this'");
    case 'ChainExpression':
      throw unsupported(source, node, 'optional chaining (?.)');
    case 'TaggedTemplateExpression':
      throw unsupported(source, node, 'tagged template');
    default:
      throw unsupported(source, node, `expression ${node.type}`);
  }
}

function compileIdentifier(node: AnyNode, scope: Scope): Evaluate {
  const name = node.name as string;
  const resolved = resolveName(scope, name);
  if (!resolved) {
    // Not declared in the body: a global (Math, Date, NaN, undefined, ...), as for a Function's body.
    if (name === 'undefined') return () => undefined;
    return () => {
      if (!(name in globalThis)) throw new ReferenceError(`${name} is not defined`);
      return (globalThis as Record<string, unknown>)[name];
    };
  }
  const { depth, variable } = resolved;
  const slot = variable.slot;
  const read = (value: unknown): unknown => {
    if (value === UNINITIALIZED) throw new ReferenceError(`Cannot access '${name}' before initialization`);
    return value;
  };
  if (variable.kind === 'param') {
    if (depth === 0) return (frame) => frame.slots[slot];
    if (depth === 1) return (frame) => frame.parent!.slots[slot];
    return (frame) => frameAt(frame, depth).slots[slot];
  }
  if (depth === 0) return (frame) => read(frame.slots[slot]);
  if (depth === 1) return (frame) => read(frame.parent!.slots[slot]);
  return (frame) => read(frameAt(frame, depth).slots[slot]);
}

/**
 * A member expression's object and key, evaluated separately (for reads, calls, assignments and delete);
 * `constant` is the key when it is a name or a literal, known before any row.
 */
function compileMemberParts(node: AnyNode, scope: Scope): { object: Evaluate; key: (frame: Frame) => PropertyKey; constant?: PropertyKey } {
  const source = scope.fn.source;
  if (node.optional) throw unsupported(source, node, 'optional chaining (?.)');
  if (node.object.type === 'Super') throw unsupported(source, node, 'super');
  const object = compileExpression(node.object, scope);
  if (!node.computed) {
    if (node.property.type === 'PrivateIdentifier') throw unsupported(source, node, 'private field');
    const name = node.property.name as string;
    return { object, key: () => name, constant: name };
  }
  if (node.property.type === 'Literal' && !node.property.regex) {
    const constant = toPropertyKey(node.property.value);
    return { object, key: () => constant, constant };
  }
  const property = compileExpression(node.property, scope);
  return { object, key: (frame) => toPropertyKey(property(frame)) };
}

function compileCall(node: AnyNode, scope: Scope): Evaluate {
  const source = scope.fn.source;
  if (node.optional) throw unsupported(source, node, 'optional call (?.)');
  const callee = node.callee as AnyNode;
  const args = compileArguments(node.arguments, scope);
  const name = textOf(source, callee);
  if (callee.type === 'MemberExpression') {
    // A method call: the function is called with its object as `this`.
    const { object, key } = compileMemberParts(callee, scope);
    return (frame) => {
      const target = object(frame) as any;
      const fn = target[key(frame)];
      if (typeof fn !== 'function') throw new TypeError(`${name} is not a function`);
      return Reflect.apply(fn, target, args(frame));
    };
  }
  if (callee.type === 'Super') throw unsupported(source, node, 'super');
  const evaluate = compileExpression(callee, scope);
  return (frame) => {
    const fn = evaluate(frame);
    if (typeof fn !== 'function') throw new TypeError(`${name} is not a function`);
    return Reflect.apply(fn, undefined, args(frame));
  };
}

function compileArguments(nodes: readonly AnyNode[], scope: Scope): (frame: Frame) => unknown[] {
  return compileList(nodes, scope, false);
}

/** Evaluates a list of expressions (with spreads, and for arrays holes) into an array. */
function compileList(nodes: readonly (AnyNode | null)[], scope: Scope, holes: boolean): (frame: Frame) => unknown[] {
  const source = scope.fn.source;
  let simple = true;
  const items = nodes.map((node) => {
    if (node === null) {
      if (!holes) throw new Error('arquero expression interpreter: empty argument');
      simple = false;
      return { kind: 'hole' as const };
    }
    if (node.type === 'SpreadElement') {
      simple = false;
      return { kind: 'spread' as const, evaluate: compileExpression(node.argument, scope) };
    }
    if (node.type === 'RestElement') throw unsupported(source, node, 'rest element in an expression');
    return { kind: 'value' as const, evaluate: compileExpression(node, scope) };
  });
  if (simple) {
    const evaluators = items.map((item) => (item as { evaluate: Evaluate }).evaluate);
    const n = evaluators.length;
    if (n === 0) return () => [];
    if (n === 1) {
      const [a] = evaluators as [Evaluate];
      return (frame) => [a(frame)];
    }
    if (n === 2) {
      const [a, b] = evaluators as [Evaluate, Evaluate];
      return (frame) => {
        const x = a(frame);
        return [x, b(frame)];
      };
    }
    return (frame) => {
      const values = new Array<unknown>(n);
      for (let i = 0; i < n; ++i) values[i] = evaluators[i]!(frame);
      return values;
    };
  }
  return (frame) => {
    const values: unknown[] = [];
    for (const item of items) {
      if (item.kind === 'hole') values.length += 1;
      else if (item.kind === 'spread') {
        const iterable = item.evaluate(frame);
        if (iterable === null || iterable === undefined) throw new TypeError(`${String(iterable)} is not iterable`);
        for (const value of iterable as Iterable<unknown>) values.push(value);
      } else values.push(item.evaluate(frame));
    }
    return values;
  };
}

function compileObject(node: AnyNode, scope: Scope): Evaluate {
  const source = scope.fn.source;
  const parts = (node.properties as AnyNode[]).map((property) => {
    if (property.type === 'SpreadElement') return { spread: true as const, value: compileExpression(property.argument, scope) };
    if (property.kind !== 'init' || property.method) throw unsupported(source, property, `object ${property.method ? 'method' : property.kind}`);
    const key = property.key as AnyNode;
    const protoKey = (key.type === 'Identifier' && key.name === '__proto__') || (key.type === 'Literal' && key.value === '__proto__');
    if (!property.computed && protoKey && !property.shorthand) {
      throw unsupported(source, property, '__proto__ in an object literal');
    }
    return { spread: false as const, key: compilePropertyKey(property, scope), value: compileExpression(property.value, scope) };
  });
  return (frame) => {
    const object: Record<PropertyKey, unknown> = {};
    for (const part of parts) {
      if (part.spread) Object.assign(object, part.value(frame));
      else {
        const key = part.key(frame);
        const value = part.value(frame);
        // A computed "__proto__" key is an own property in an object literal, not the prototype.
        if (key === '__proto__') Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
        else object[key] = value;
      }
    }
    return object;
  };
}

/**
 * Compiles an assignment target into `(frame, value) => void` where `value` is called after the target's
 * object and key are evaluated (JavaScript's order), and returns what was stored.
 */
function compileAssignTarget(target: AnyNode, scope: Scope): (frame: Frame, value: () => unknown) => unknown {
  const source = scope.fn.source;
  if (target.type === 'Identifier') {
    const name = target.name as string;
    const resolved = resolveName(scope, name);
    if (!resolved) {
      // Strict mode: assigning an undeclared name is a ReferenceError, not a new global.
      return () => {
        throw new ReferenceError(`${name} is not defined`);
      };
    }
    const { depth, variable } = resolved;
    const slot = variable.slot;
    return (frame, value) => {
      const slots = frameAt(frame, depth).slots;
      if (slots[slot] === UNINITIALIZED) throw new ReferenceError(`Cannot access '${name}' before initialization`);
      const stored = value();
      if (variable.kind === 'const') throw new TypeError('Assignment to constant variable.');
      slots[slot] = stored;
      return stored;
    };
  }
  if (target.type === 'MemberExpression') {
    const { object, key } = compileMemberParts(target, scope);
    return (frame, value) => {
      const o = object(frame) as any;
      const k = key(frame);
      if (o === null || o === undefined) throw new TypeError(`Cannot set properties of ${String(o)} (setting '${String(k)}')`);
      const stored = value();
      o[k] = stored;
      return stored;
    };
  }
  throw unsupported(source, target, `assignment to ${target.type}`);
}

function compileAssignment(node: AnyNode, scope: Scope): Evaluate {
  const source = scope.fn.source;
  const operator = node.operator as string;
  const right = compileExpression(node.right, scope);
  if (operator === '=') {
    if (node.left.type === 'ObjectPattern' || node.left.type === 'ArrayPattern') {
      const bind = compileBinding(node.left, scope, false);
      return (frame) => {
        const value = right(frame);
        bind(frame, value);
        return value;
      };
    }
    const assign = compileAssignTarget(node.left, scope);
    return (frame) => assign(frame, () => right(frame));
  }
  if (node.left.type !== 'Identifier' && node.left.type !== 'MemberExpression') throw unsupported(source, node, `assignment to ${node.left.type}`);
  if (LOGICAL_ASSIGN.has(operator)) {
    // a &&= b: b is evaluated (and a assigned) only when a is truthy; likewise ||= and ??=.
    const read = compileReadForUpdate(node.left, scope);
    return (frame) => {
      const { value, write } = read(frame);
      const keep = operator === '&&=' ? !value : operator === '||=' ? Boolean(value) : value !== null && value !== undefined;
      return keep ? value : write(right(frame));
    };
  }
  const apply = BINARY[operator.slice(0, -1)];
  if (!apply || operator.slice(0, -1) === 'in' || operator.slice(0, -1) === 'instanceof') throw unsupported(source, node, `assignment operator ${operator}`);
  const read = compileReadForUpdate(node.left, scope);
  return (frame) => {
    const { value, write } = read(frame);
    return write(apply(value, right(frame)));
  };
}

/** Reads a compound assignment's target once and returns its value with a writer to the same place. */
function compileReadForUpdate(target: AnyNode, scope: Scope): (frame: Frame) => { value: unknown; write: (value: unknown) => unknown } {
  if (target.type === 'Identifier') {
    const read = compileIdentifier(target, scope);
    const assign = compileAssignTarget(target, scope);
    return (frame) => ({ value: read(frame), write: (value) => assign(frame, () => value) });
  }
  const { object, key } = compileMemberParts(target, scope);
  return (frame) => {
    const o = object(frame) as any;
    const k = key(frame);
    const value = o[k];
    return {
      value,
      write: (stored) => {
        o[k] = stored;
        return stored;
      },
    };
  };
}

function compileArrow(node: AnyNode, outer: Scope): Evaluate {
  const source = outer.fn.source;
  if (node.async || node.generator) throw unsupported(source, node, 'async or generator function');
  const fnScope = new FunctionScope(source, outer);
  const scope = new Scope(fnScope, null);
  const params = node.params as AnyNode[];
  const simple = params.every((param) => param.type === 'Identifier');
  // Plain parameters are always initialized; names bound by patterns and defaults are checked like `let`,
  // so a default reading a later parameter throws as in JavaScript.
  for (const param of params) {
    for (const name of patternNames(param, scope)) scope.declare(name.name, simple ? 'param' : 'let', name);
  }
  const binders = simple ? [] : params.map((param) => (param.type === 'RestElement' ? null : compileBinding(param, scope, true)));
  const restIndex = params.findIndex((param) => param.type === 'RestElement');
  const rest = restIndex >= 0 ? compileBinding(params[restIndex]!.argument, scope, true) : null;
  let run: (frame: Frame) => unknown;
  if (node.expression) {
    const body = compileExpression(node.body, scope);
    run = body;
  } else {
    const body = compileStatements(node.body.body, new Scope(fnScope, scope));
    run = (frame) => (body(frame) === Completion.Return ? frame.returned : undefined);
  }
  const text = source.slice(node.start, node.end);
  const toText = () => text;
  const firstOptional = params.findIndex((param) => param.type === 'AssignmentPattern' || param.type === 'RestElement');
  const arity = firstOptional < 0 ? params.length : firstOptional;
  return (parentFrame) => {
    const size = fnScope.size;
    const frameFor = (args: ArrayLike<unknown>): Frame => {
      const slots = new Array<unknown>(size).fill(UNINITIALIZED);
      const frame = new Frame(slots, parentFrame);
      if (simple) {
        for (let i = 0; i < params.length; ++i) slots[i] = args[i];
      } else {
        // Parameters bind left to right, so a default may read an earlier parameter.
        for (let i = 0; i < binders.length; ++i) {
          const bind = binders[i];
          if (bind) bind(frame, args[i]);
          else rest!(frame, Array.prototype.slice.call(args, restIndex));
        }
      }
      return frame;
    };
    // Fixed arities avoid an arguments array on every call of the hot row functions; without local
    // variables, the arguments are the frame's slots.
    let fn: (...args: any[]) => unknown;
    if (simple && size === params.length && params.length <= 4) {
      switch (params.length) {
        case 0:
          fn = () => run(new Frame([], parentFrame));
          break;
        case 1:
          fn = (a: unknown) => run(new Frame([a], parentFrame));
          break;
        case 2:
          fn = (a: unknown, b: unknown) => run(new Frame([a, b], parentFrame));
          break;
        case 3:
          fn = (a: unknown, b: unknown, c: unknown) => run(new Frame([a, b, c], parentFrame));
          break;
        default:
          fn = (a: unknown, b: unknown, c: unknown, d: unknown) => run(new Frame([a, b, c, d], parentFrame));
      }
    } else if (simple && params.length <= 4) {
      switch (params.length) {
        case 0:
          fn = () => run(frameFor([]));
          break;
        case 1:
          fn = (a: unknown) => run(frameFor([a]));
          break;
        case 2:
          fn = (a: unknown, b: unknown) => run(frameFor([a, b]));
          break;
        case 3:
          fn = (a: unknown, b: unknown, c: unknown) => run(frameFor([a, b, c]));
          break;
        default:
          fn = (a: unknown, b: unknown, c: unknown, d: unknown) => run(frameFor([a, b, c, d]));
      }
    } else {
      fn = (...args: unknown[]) => run(frameFor(args));
    }
    // As a compiled function would: its source text (arquero groups aggregates by their fields' text) and
    // its parameter count.
    Object.defineProperty(fn, 'length', { value: arity, configurable: true });
    Object.defineProperty(fn, 'toString', { value: toText, writable: true, configurable: true });
    return fn;
  };
}
