/**
 * The expression interpreter that stands in for the Function constructor in the explore page: each
 * construct gives what the same body gives through Function (run here, where code generation is allowed),
 * method calls get their object as `this`, strict-mode errors are thrown, and constructs it does not run are
 * refused when compiled, naming the construct.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpretedFunction } from '../../src/explore/browser/expression-interpreter.ts';

/**
 * What the body returns through the interpreter and through Function: [value, value] or the errors' kinds.
 * Each run gets its own copy of the arguments (a body may change them).
 */
function both(params: string[], body: string, ...args: unknown[]): [unknown, unknown] {
  const outcome = (make: () => (...a: unknown[]) => unknown) => {
    try {
      return { value: make()(...args.map(copyIfPlain)) };
    } catch (error) {
      return { error: (error as Error).constructor.name };
    }
  };
  return [outcome(() => interpretedFunction(params, body)), outcome(() => Function(...params, body) as (...a: unknown[]) => unknown)];
}

const CASES: [string, string[], string, ...unknown[]][] = [
  ['literals', [], '"use strict"; return [1, 2.5, "s", true, null, undefined, 10n, /a+b/gi.source, 0x1f, 1e3];'],
  ['identifiers and globals', ['a'], 'return [a, Math.PI, NaN, Infinity, Number.isFinite(a), typeof nothingHere];', 3],
  ['member and computed member', ['o'], 'return [o.a, o["b c"], o[1], o.list[o.i], o.nested.deep.x];', { a: 1, 'b c': 2, 1: 3, list: [7, 8], i: 1, nested: { deep: { x: 'x' } } }],
  ['template literals', ['a', 'b'], 'return `${a}-${b}:${a + b}\\n${[a, b]}` + `x`;', 2, 'q'],
  ['unary', ['a', 's'], 'return [-a, +s, !a, ~a, typeof a, void a, - -a];', 5, '12'],
  ['binary', ['a', 'b'], 'return [a + b, a - b, a * b, a / b, a % b, a ** b, a == "2", a === 2, a != b, a !== b, a < b, a <= b, a > b, a >= b, a << b, a >> 1, -a >>> 28, a & b, a | b, a ^ b, "x" in {x: 1}, [] instanceof Array];', 2, 3],
  ['logical, short-circuiting', ['a'], 'let calls = 0; const f = () => ++calls; const r = [a && f(), 0 && f(), a || f(), null ?? f(), 0 ?? f()]; return [r, calls];', 1],
  ['conditional and sequence', ['a'], 'return [a > 1 ? "big" : a < 0 ? "neg" : "small", (a, a + 1)];', 0],
  ['arrays with spread and holes', ['a'], 'return [...a, 0, ...[1, 2], , 5].length + [...a].join("");', [7, 8]],
  ['objects: shorthand, computed keys, spread, quoted keys', ['k', 'v'], 'return { k, [k + "2"]: v, "q r": 1, 3: "three", ...{ s: 1 }, s2: { ...v } };', 'key', { a: 1 }],
  ['calls and new', ['a'], 'return [Math.max(...a, 4), new Date(0).getTime(), new Array(3).length, String(a), [3, 1, 2].sort((x, y) => x - y)];', [1, 9]],
  ['assignment to variables and members, compound', ['o'], 'let x = 1; x += 2; x *= 3; x -= 1; x /= 2; x **= 2; x %= 7; x <<= 2; x >>= 1; x |= 1; x &= 7; x ^= 2; o.a = x; o["b"] = o.a + 1; o.c ??= 5; o.c ??= 6; o.d ||= 7; o.e &&= 8; o.f = o.g = 9; return [x, o];', {}],
  ['update expressions', ['o'], 'let i = 0; const a = i++; const b = ++i; o.n = 1; o.n--; --o.n; return [a, b, i, o.n];', {}],
  ['arrow functions with patterns, defaults and rest', [], 'const f = ([a, , b = 10], { c, d: { e } = { e: 4 }, ...rest }, ...more) => [a, b, c, e, rest, more]; return [f([1, 2], { c: 3, z: 26 }, 5, 6), f([1, 2, 3], { c: 0, d: { e: 1 } }), f.length];'],
  ['closures capture their scope', [], 'const make = (n) => (m) => n * m + k; const k = 1; const triple = make(3); return [triple(2), make(5)(5)];'],
  ['block bodies, if/else, nested blocks and shadowing', ['x'], 'const y = 1; if (x > 2) { const y = 2; return y * x; } else if (x > 0) { let z = y; { const z = 10; } return z; } else return -1;', 5],
  ['if without braces or else', ['x'], 'let r = 0; if (x) r = 1; if (!x) r = 2; return r;', 0],
  ['switch with fallthrough, default in the middle, break', ['x'], 'let out = []; switch (x) { case 1: out.push("one"); case 2: out.push("two"); break; default: out.push("other"); case 3: out.push("three"); } return out;', 1],
  ['switch: default reached, falling through', ['x'], 'let out = []; switch (x) { case 1: out.push("one"); break; default: out.push("other"); case 3: out.push("three"); } return out;', 9],
  ['switch: no match, no default', ['x'], 'switch (x) { case 1: return 1; } return "none";', 2],
  ['switch cases share a scope; return from inside', ['x'], 'switch (x) { case 1: { const a = 1; return a; } case 2: const b = 2; return b; }', 2],
  ['strict: assigning an undeclared name', [], '"use strict"; undeclared = 1;'],
  ['strict: writing a read-only property', ['o'], '"use strict"; o.x = 2;', Object.freeze({ x: 1 })],
  ['const cannot be reassigned', [], 'const c = 1; c = 2;'],
  ['let before its declaration', [], 'const f = () => late; f(); let late = 1;'],
  ['calling a non-function', ['o'], 'return o.missing();', {}],
  ['reading a property of undefined', ['o'], 'return o.a.b;', {}],
  ['destructuring null', [], 'const { a } = null;'],
  ['return without a value', [], 'return;'],
  ['no return', ['a'], 'a + 1;', 1],
  ['in on a primitive', [], 'return "a" in "abc";'],
  ['delete a member', ['o'], 'delete o.a; return Object.keys(o);', { a: 1, b: 2 }],
  ['regular expressions are new each time', [], 'const f = () => /x/g; return f() !== f();'],
];

describe('the expression interpreter gives what Function gives', () => {
  for (const [name, params, body, ...args] of CASES) {
    it(name, () => {
      const [interpreted, compiled] = both(params, body, ...args);
      expect(interpreted).toEqual(compiled);
    });
  }

  it('calls a method with its object as `this`, and a plain function with `this` undefined', () => {
    const object = { v: 21, twice(this: { v: number }) { return this.v * 2; }, self(this: unknown) { return this; } };
    function who(this: unknown) {
      return this;
    }
    const run = interpretedFunction(['o', 'who'], 'const f = o.self; return [o.twice(), o["twice"](), o.self() === o, f(), who()];');
    expect(run(object, who)).toEqual([42, 42, true, undefined, undefined]);
  });

  it('compiles once: a row function built from the body is called many times with its own variables', () => {
    const add = interpretedFunction([], '"use strict"; return (row, data) => { const v = data.x[row]; return v * 2 + row; };')() as (row: number, data: { x: number[] }) => number;
    const data = { x: [1, 2, 3] };
    expect([0, 1, 2].map((row) => add(row, data))).toEqual([2, 5, 8]);
    expect(add.length).toBe(2);
    expect(String(add)).toBe('(row, data) => { const v = data.x[row]; return v * 2 + row; }');
  });

  it('agrees with Function on arithmetic and comparison over random values', () => {
    const value = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double(), fc.constantFrom(null, undefined, '', '3', 'a', true, false, NaN));
    const operator = fc.constantFrom('+', '-', '*', '/', '%', '**', '==', '===', '!=', '<', '<=', '>', '>=', '&&', '||', '??', '&', '|', '^', '<<', '>>', '>>>');
    fc.assert(
      fc.property(value, value, value, operator, operator, (a, b, c, op1, op2) => {
        const body = `return (a ${op1} b) ${op2} c;`;
        const [interpreted, compiled] = both(['a', 'b', 'c'], body, a, b, c);
        expect(interpreted, body).toEqual(compiled);
      }),
    );
  });
});

describe('constructs outside the supported subset are refused when compiled, by name', () => {
  const refused: [string, string][] = [
    ['return function () { return 1; };', 'unsupported function expression (only arrow functions are supported)'],
    ['return this;', "unsupported 'this'"],
    ['for (let i = 0; i < 3; i++) {}', 'unsupported statement ForStatement'],
    ['while (true) {}', 'unsupported statement WhileStatement'],
    ['var x = 1;', "unsupported 'var' declaration (use const or let)"],
    ['try { } catch (e) { }', 'unsupported statement TryStatement'],
    ['class A {}', 'unsupported statement ClassDeclaration'],
    ['function f() {}', 'unsupported statement FunctionDeclaration'],
    ['return a?.b;', 'unsupported optional chaining (?.)'],
    ['return String.raw`x`;', 'unsupported tagged template'],
    ['return async () => 1;', 'unsupported async or generator function'],
    ['return { get x() { return 1; } };', 'unsupported object get'],
    ['return { m() { return 1; } };', 'unsupported object method'],
    ['return { __proto__: null };', 'unsupported __proto__ in an object literal'],
    ['label: { break label; }', 'unsupported statement LabeledStatement'],
    ['throw new Error("x");', 'unsupported statement ThrowStatement'],
  ];
  for (const [body, message] of refused) {
    it(body, () => {
      expect(() => interpretedFunction(['a'], body)).toThrow(new RegExp(`^arquero expression interpreter: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} at offset \\d+: \``));
    });
  }

  it('reports a syntax error as acorn finds it', () => {
    expect(() => interpretedFunction([], 'return 1 +* 2;')).toThrow(SyntaxError);
  });
});

/** A copy of plain test data, so both runs start from the same objects (frozen ones are kept as they are). */
function copyIfPlain(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  return structuredClone(value);
}
