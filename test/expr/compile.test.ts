import { describe, expect, it } from 'vitest';
import { KramersError } from '../../src/core/index.js';
import {
  compile,
  compileCombined,
  compileMany,
  type ExprNode,
  generateSource,
  parseExpression,
  simplify,
} from '../../src/expr/index.js';

const EPS = Number.EPSILON;

/**
 * Compiled and hand-written code perform the same IEEE operations up to association and the
 * expansion of integer powers into products (x⁴ = (x²)², which rounds differently from x·x·x·x
 * or Math.pow). Each operation contributes at most ½ulp relative to the magnitude of its
 * operands, so the difference is bounded by a few ε times the sum of the magnitudes of the terms
 * (`scale`), not of the result, which may cancel. 16ε leaves room for ~8 roundings per side;
 * library transcendental functions (Math.exp, Math.sin) are the same calls on both sides.
 */
function expectClose(actual: number, expected: number, scale: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(16 * EPS * scale);
}

const points = Array.from({ length: 41 }, (_, i) => -3 + 0.15 * i + 0.0123);

interface Case {
  readonly source: string;
  readonly hand: (x: number) => number;
  /** Sum of the magnitudes of the terms, for the rounding bound. */
  readonly scale: (x: number) => number;
}

const cases: Case[] = [
  {
    source: 'x^4/4 - x^2/2',
    hand: (x) => (x * x * x * x) / 4 - (x * x) / 2,
    scale: (x) => x ** 4 / 4 + x ** 2 / 2,
  },
  {
    source: '-cos(x) - 0.5*x',
    hand: (x) => -Math.cos(x) - 0.5 * x,
    scale: (x) => 1 + Math.abs(0.5 * x),
  },
  {
    source: 'exp(-x^2)*sin(3*x)',
    hand: (x) => Math.exp(-x * x) * Math.sin(3 * x),
    scale: (x) => Math.exp(-x * x),
  },
  {
    source: 'x^3 - 3*x + 0.25*x^5 - x^-2',
    hand: (x) => x * x * x - 3 * x + 0.25 * x ** 5 - 1 / (x * x),
    scale: (x) => Math.abs(x ** 3) + Math.abs(3 * x) + Math.abs(0.25 * x ** 5) + x ** -2,
  },
  {
    source: 'sqrt(abs(x)) + log(1 + x^2) + atan(x)*tanh(x)',
    hand: (x) => Math.sqrt(Math.abs(x)) + Math.log(1 + x * x) + Math.atan(x) * Math.tanh(x),
    scale: (x) => Math.sqrt(Math.abs(x)) + Math.log(1 + x * x) + 2,
  },
  {
    source: 'cosh(x/2) - sinh(x)/3 + tan(x/4)',
    hand: (x) => Math.cosh(x / 2) - Math.sinh(x) / 3 + Math.tan(x / 4),
    scale: (x) => Math.cosh(x / 2) + Math.abs(Math.sinh(x)) / 3 + Math.abs(Math.tan(x / 4)),
  },
  {
    source: 'abs(x)^2.5 - 2^x + pi*e',
    hand: (x) => Math.abs(x) ** 2.5 - 2 ** x + Math.PI * Math.E,
    scale: (x) => Math.abs(x) ** 2.5 + 2 ** x + 9,
  },
];

describe('compile', () => {
  it.each(cases)('$source matches hand-written JavaScript', ({ source, hand, scale }) => {
    const f = compile(parseExpression(source).ast);
    const g = compile(simplify(parseExpression(source).ast));
    for (const x of points) {
      expectClose(f(x), hand(x), scale(x));
      expectClose(g(x), hand(x), scale(x));
    }
  });

  it('expands small integer powers into multiplications', () => {
    const { body } = generateSource(parseExpression('x^4/4 - x^2/2').ast);
    expect(body).not.toMatch(/pow/);
    // x² is computed once and squared for x⁴.
    expect(body.match(/v0 \* v0/g)).toHaveLength(1);
    const f = compile(parseExpression('x^32 + x^-3 + x^0 + x^1').ast);
    expect(f(1.1)).toBeCloseTo(1.1 ** 32 + 1.1 ** -3 + 1 + 1.1, 12);
    expect(generateSource(parseExpression('x^33 + x^0.5').ast).body).toMatch(/Math\.pow/);
  });

  it('computes shared subexpressions once', () => {
    const { body } = generateSource(parseExpression('sin(x^2) + cos(x^2) * sin(x^2)').ast);
    expect(body.match(/Math\.sin/g)).toHaveLength(1);
    expect(body.match(/v0 \* v0/g)).toHaveLength(1);
  });

  it('emits only fixed names, never user text', () => {
    const parsed = parseExpression('k*x + sin(x)', { parameters: { k: 2 } });
    const { params, body } = generateSource(parsed.ast);
    expect(params).toEqual(['v0']);
    expect(body).not.toMatch(/\bk\b|\bx\b/);
    expect(body.startsWith("'use strict';")).toBe(true);
  });

  it('compiles functions of several variables', () => {
    const ast = parseExpression('x^2*t - t', { variables: ['x', 't'] }).ast;
    expect(compile(ast, ['x', 't'])(3, 2)).toBe(16);
  });

  it('compileMany and compileCombined agree with compile', () => {
    const asts = ['x^2', 'exp(-x^2)', 'x*exp(-x^2)'].map((s) => parseExpression(s).ast);
    const many = compileMany(asts);
    const combined = compileCombined(asts);
    const out = new Float64Array(3);
    for (const x of points) {
      combined(out, x);
      for (let i = 0; i < 3; i++) {
        expect(many[i]!(x)).toBe(compile(asts[i]!)(x));
        expect(out[i]).toBe(many[i]!(x));
      }
    }
  });

  it('returns NaN outside the domain (the landscape analysis reports it)', () => {
    expect(compile(parseExpression('sqrt(x)').ast)(-1)).toBeNaN();
    expect(compile(parseExpression('log(x)').ast)(-1)).toBeNaN();
    expect(compile(parseExpression('x^0.5').ast)(-1)).toBeNaN();
    expect(compile(parseExpression('1/x').ast)(0)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('compile refuses trees that did not come from the parser', () => {
  const x: ExprNode = { kind: 'var', name: 'x' };
  const forged = (node: unknown) => node as ExprNode;
  it.each([
    ['a forbidden function', forged({ kind: 'call', fn: 'eval', arg: x })],
    ['a Math member outside the whitelist', forged({ kind: 'call', fn: 'random', arg: x })],
    ['an inherited name', forged({ kind: 'call', fn: 'constructor', arg: x })],
    ['an unknown node kind', forged({ kind: 'raw', code: 'process.exit()' })],
    ['an unknown operator', forged({ kind: 'binary', op: '%', left: x, right: x })],
    ['an unknown unary operator', forged({ kind: 'unary', op: '!', arg: x })],
    ['a non-numeric literal', forged({ kind: 'num', value: '1;process.exit()' })],
    ['a non-finite literal', forged({ kind: 'num', value: Number.POSITIVE_INFINITY })],
    ['NaN', forged({ kind: 'num', value: Number.NaN })],
    ['an unknown variable', forged({ kind: 'var', name: 'process' })],
    ['an unknown constant', forged({ kind: 'const', name: 'globalThis' })],
  ])('%s', (_, tree) => {
    expect(() => compile(tree)).toThrow(KramersError);
    try {
      compile(tree);
    } catch (error) {
      expect((error as KramersError).code).toBe('invalid_parameter');
    }
  });

  it('refuses a hand-built tree too deep to walk', () => {
    let deep: ExprNode = { kind: 'var', name: 'x' };
    for (let i = 0; i < 200_000; i++) deep = { kind: 'unary', op: '-', arg: deep };
    expect(() => compile(deep)).toThrow(KramersError);
  });

  it('writes negative and tiny literals safely', () => {
    const tree: ExprNode = {
      kind: 'binary',
      op: '-',
      left: { kind: 'num', value: -2.5 },
      right: { kind: 'num', value: -1e-300 },
    };
    expect(generateSource(tree).body).toContain('(-2.5) - (-1e-300)');
    expect(compile(tree)()).toBe(-2.5 + 1e-300);
    expect(compile({ kind: 'unary', op: '-', arg: { kind: 'num', value: -0 } })()).toBe(0);
  });
});
