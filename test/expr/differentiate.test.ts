import { describe, expect, it } from 'vitest';
import {
  compile,
  countNodes,
  differentiate,
  type ExprNode,
  numericalDerivative,
  parseExpression,
  simplify,
  toText,
} from '../../src/expr/index.js';

type F = (x: number) => number;

/** The n-th symbolic derivative of `source`, compiled. */
function derivative(source: string, n = 1, parameters?: Record<string, number>): F {
  let ast = parseExpression(source, parameters ? { parameters } : {}).ast;
  for (let i = 0; i < n; i++) ast = differentiate(ast);
  return compile(ast) as F;
}

/**
 * Symbolic derivative and closed form are two different double-precision formulas for the same
 * number: each takes well under 100 roundings (≈ 100ε ≈ 2e-14 relative), and at the sample points
 * the terms cancel by at most about a factor 10, so 1e-12·(1 + |value|) bounds honest agreement
 * while any wrong rule shows up as an O(1) difference.
 */
function expectAgree(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(expected)));
}

const everywhere = [-2.3, -1.1, -0.4, 0.3, 0.9, 1.7, 2.6];
const positive = [0.2, 0.5, 1, 1.5, 2.5, 4];

interface Rule {
  readonly source: string;
  readonly derivatives: readonly F[];
  readonly points?: readonly number[];
}

const sech2 = (x: number) => 1 / Math.cosh(x) ** 2;

const rules: Rule[] = [
  { source: 'sin(x)', derivatives: [Math.cos, (x) => -Math.sin(x), (x) => -Math.cos(x)] },
  { source: 'cos(x)', derivatives: [(x) => -Math.sin(x), (x) => -Math.cos(x), Math.sin] },
  {
    source: 'tan(x)',
    derivatives: [(x) => 1 / Math.cos(x) ** 2, (x) => (2 * Math.tan(x)) / Math.cos(x) ** 2],
    points: [-1.2, -0.4, 0.3, 0.9, 1.3],
  },
  { source: 'exp(x)', derivatives: [Math.exp, Math.exp, Math.exp, Math.exp] },
  {
    source: 'log(x)',
    derivatives: [(x) => 1 / x, (x) => -1 / x ** 2, (x) => 2 / x ** 3, (x) => -6 / x ** 4],
    points: positive,
  },
  {
    source: 'sqrt(x)',
    derivatives: [(x) => 0.5 / Math.sqrt(x), (x) => -0.25 * x ** -1.5, (x) => 0.375 * x ** -2.5],
    points: positive,
  },
  { source: 'abs(x)', derivatives: [Math.sign, () => 0] },
  {
    source: 'abs(x)^3',
    derivatives: [(x) => 3 * x * Math.abs(x), (x) => 6 * Math.abs(x), (x) => 6 * Math.sign(x)],
  },
  { source: 'sinh(x)', derivatives: [Math.cosh, Math.sinh, Math.cosh] },
  { source: 'cosh(x)', derivatives: [Math.sinh, Math.cosh, Math.sinh] },
  {
    source: 'tanh(x)',
    derivatives: [sech2, (x) => -2 * Math.tanh(x) * sech2(x)],
  },
  {
    source: 'atan(x)',
    derivatives: [(x) => 1 / (1 + x * x), (x) => (-2 * x) / (1 + x * x) ** 2],
  },
  {
    source: 'x^x',
    derivatives: [
      (x) => x ** x * (Math.log(x) + 1),
      (x) => x ** x * ((Math.log(x) + 1) ** 2 + 1 / x),
    ],
    points: positive,
  },
  { source: '2^x', derivatives: [(x) => 2 ** x * Math.LN2, (x) => 2 ** x * Math.LN2 ** 2] },
  {
    source: 'x^2.5',
    derivatives: [(x) => 2.5 * x ** 1.5, (x) => 3.75 * x ** 0.5],
    points: positive,
  },
  { source: 'x^-2', derivatives: [(x) => -2 * x ** -3, (x) => 6 * x ** -4] },
  {
    source: 'x^4/4 - x^2/2',
    derivatives: [(x) => x ** 3 - x, (x) => 3 * x * x - 1, (x) => 6 * x, () => 6],
  },
  {
    source: '-cos(x) - 0.5*x',
    derivatives: [(x) => Math.sin(x) - 0.5, Math.cos, (x) => -Math.sin(x), (x) => -Math.cos(x)],
  },
  {
    source: 'exp(-x^2)*sin(3*x)',
    derivatives: [
      (x) => Math.exp(-x * x) * (3 * Math.cos(3 * x) - 2 * x * Math.sin(3 * x)),
      (x) => Math.exp(-x * x) * ((4 * x * x - 11) * Math.sin(3 * x) - 12 * x * Math.cos(3 * x)),
    ],
  },
  {
    source: 'exp(-x^2)',
    derivatives: [
      (x) => -2 * x * Math.exp(-x * x),
      (x) => (4 * x * x - 2) * Math.exp(-x * x),
      (x) => (12 * x - 8 * x ** 3) * Math.exp(-x * x),
      (x) => (16 * x ** 4 - 48 * x * x + 12) * Math.exp(-x * x),
    ],
  },
  { source: 'log(1 + x^2)', derivatives: [(x) => (2 * x) / (1 + x * x)] },
  { source: 'sqrt(1 + x^2)', derivatives: [(x) => x / Math.sqrt(1 + x * x)] },
  { source: 'atan(x^2)', derivatives: [(x) => (2 * x) / (1 + x ** 4)] },
  { source: 'sin(x)^2', derivatives: [(x) => 2 * Math.sin(x) * Math.cos(x)] },
  { source: 'tan(2*x)', derivatives: [(x) => 2 / Math.cos(2 * x) ** 2], points: [-0.6, 0.1, 0.7] },
  { source: '1/(1 + x^2)', derivatives: [(x) => (-2 * x) / (1 + x * x) ** 2] },
  {
    source: 'x^2/(1 + x)',
    derivatives: [(x) => (x * x + 2 * x) / (1 + x) ** 2],
    points: positive,
  },
  { source: 'tanh(3*x)*x', derivatives: [(x) => Math.tanh(3 * x) + 3 * x * sech2(3 * x)] },
  { source: 'cosh(sin(x))', derivatives: [(x) => Math.sinh(Math.sin(x)) * Math.cos(x)] },
];

describe('differentiate against hand-derived closed forms', () => {
  it.each(rules)('$source', ({ source, derivatives, points = everywhere }) => {
    derivatives.forEach((expected, index) => {
      const actual = derivative(source, index + 1);
      for (const x of points) expectAgree(actual(x), expected(x));
    });
  });

  it('differentiates through parameters as constants', () => {
    const d = derivative('a*x^4 - b*x^2', 1, { a: 0.25, b: 0.5 });
    for (const x of everywhere) expectAgree(d(x), x ** 3 - x);
  });

  it('gives 0 for an expression free of the variable', () => {
    expect(differentiate(parseExpression('sin(pi/3)*e').ast)).toMatchObject({
      kind: 'num',
      value: 0,
    });
    const inT = parseExpression('t^2 + x', { variables: ['x', 't'] }).ast;
    expect(toText(differentiate(inT, 't'))).toBe('2*t');
    expect(toText(differentiate(inT, 'x'))).toBe('1');
  });

  it('keeps polynomial derivatives small', () => {
    let ast: ExprNode = parseExpression('x^4/4 - x^2/2').ast;
    const texts: string[] = [];
    for (let i = 0; i < 4; i++) {
      ast = differentiate(ast);
      texts.push(toText(ast));
    }
    expect(texts).toEqual(['x^3 - x', '3*x^2 - 1', '6*x', '6']);
  });

  it('keeps the fourth derivative of a product moderate', () => {
    let ast: ExprNode = parseExpression('exp(-x^2)*sin(3*x)').ast;
    for (let i = 0; i < 4; i++) ast = differentiate(ast);
    expect(countNodes(ast)).toBeLessThan(400);
  });
});

describe('differentiate against numerical differentiation', () => {
  // An independent route: Ridders' extrapolated differences of the compiled U. The symbolic value
  // must lie within a few times Ridders' own error estimate (8×: the estimate is a heuristic
  // that was seen to be off by up to ~6× on smooth functions), and the estimate must itself be
  // small, so that the comparison means something.
  const sources = [
    'exp(-x^2)*sin(3*x)',
    'x^4/4 - x^2/2 + 0.1*x',
    'log(1 + x^2)*cos(x)',
    'atan(2*x) - tanh(x/2)',
    'sqrt(1 + x^4)/(2 + sin(x))',
  ];
  it.each(sources)('%s', (source) => {
    const ast = parseExpression(source).ast;
    const U = compile(ast) as F;
    let d: ExprNode = ast;
    for (const order of [1, 2, 3, 4] as const) {
      d = differentiate(d);
      const symbolic = compile(d) as F;
      for (const x of [-1.7, -0.6, 0.05, 0.8, 1.9]) {
        const numerical = numericalDerivative(U, x, order);
        expect(numerical.error).toBeLessThan(1e-5 * (1 + Math.abs(numerical.value)));
        expect(Math.abs(symbolic(x) - numerical.value)).toBeLessThanOrEqual(8 * numerical.error);
      }
    }
  });
});

describe('simplify', () => {
  const simplified = (source: string) => toText(simplify(parseExpression(source).ast));
  it.each([
    ['x + 0', 'x'],
    ['0 + x', 'x'],
    ['x - 0', 'x'],
    ['0 - x', '-x'],
    ['x*1', 'x'],
    ['1*x', 'x'],
    ['x/1', 'x'],
    ['x^1', 'x'],
    ['x^0', '1'],
    ['-(-x)', 'x'],
    ['-(2)', '-2'],
    ['2*3*x', '6*x'],
    ['2*(3*x)', '6*x'],
    ['x*2', '2*x'],
    ['(4*x)/2', '2*x'],
    ['x + -2*x', 'x - 2*x'],
    ['2^10 + x', '1024 + x'],
    ['sin(0) + x', 'x'],
    ['2*pi*x', `${2 * Math.PI}*x`],
    ['0*3 + x', 'x'],
  ])('%s → %s', (source, expected) => {
    expect(simplified(source)).toBe(expected);
  });

  it('does not rewrite u*0 to 0 when u may be infinite or NaN', () => {
    expect(simplified('x*0')).toBe('0*x');
    expect(compile(simplify(parseExpression('log(x)*0').ast))(0)).toBeNaN();
  });

  it('folds only finite results', () => {
    expect(simplified('1/0 + x')).toBe('1/0 + x');
    expect(simplified('10^400')).toBe('10^400');
    expect(simplified('log(0)')).toBe('log(0)');
  });
});
