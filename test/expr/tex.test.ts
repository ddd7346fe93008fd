import { describe, expect, it } from 'vitest';
import {
  compile,
  differentiate,
  type ExprNode,
  parseExpression,
  sameTree,
  toTex,
  toText,
} from '../../src/expr/index.js';

const tex = (source: string) => toTex(parseExpression(source).ast);

describe('toTex', () => {
  it.each([
    ['x^4/4 - x^2/2', '\\frac{x^{4}}{4} - \\frac{x^{2}}{2}'],
    ['-x^2', '-x^{2}'],
    ['(-2)^2', '\\left(-2\\right)^{2}'],
    ['(x + 1)^2', '\\left(x + 1\\right)^{2}'],
    ['2^3^2', '2^{3^{2}}'],
    ['sin(x)', '\\sin\\left(x\\right)'],
    ['sin(x)^2', '\\left(\\sin\\left(x\\right)\\right)^{2}'],
    ['exp(-x^2)*sin(3*x)', 'e^{-x^{2}} \\cdot \\sin\\left(3 x\\right)'],
    ['sqrt(x + 1)', '\\sqrt{x + 1}'],
    ['abs(x)', '\\left|x\\right|'],
    ['log(x)', '\\ln\\left(x\\right)'],
    ['atan(x)', '\\arctan\\left(x\\right)'],
    ['2*pi*x', '2 \\pi \\cdot x'],
    ['(x + 1)*(x - 1)', '\\left(x + 1\\right) \\cdot \\left(x - 1\\right)'],
    ['x - (x - 1)', 'x - \\left(x - 1\\right)'],
    ['x - -x', 'x - \\left(-x\\right)'],
    ['-(x + 1)', '-\\left(x + 1\\right)'],
    ['1e-7*x', '1 \\times 10^{-7} x'],
    ['(x + 1)/(x - 1)', '\\frac{x + 1}{x - 1}'],
  ])('%s → %s', (source, expected) => {
    expect(tex(source)).toBe(expected);
  });

  it('renders the internal sign function of derivatives', () => {
    expect(toTex(differentiate(parseExpression('abs(x)').ast))).toBe(
      '\\operatorname{sign}\\left(x\\right)',
    );
  });
});

describe('toText', () => {
  const sources = [
    'x^4/4 - x^2/2',
    '-x^2',
    '(-x)^2',
    '2^3^2',
    '(2^3)^2',
    '2^-1',
    '2^(-x)^2',
    'x - (y - z)',
    'x - y - z',
    'x/(y/z)',
    'x/y/z',
    'x*(y*z)',
    '-(x*y)',
    '(-x)*y',
    'x*-y',
    '-(-x)',
    'x - -x',
    '--x',
    '+x',
    'exp(-x^2)*sin(3*x)',
    'sqrt(abs(x))^3 + log(1 + x^2)',
    'a*x^4 - b*x^2',
    'pi*e*x',
    '1e-300*x + 1.5e+300 - 0.1',
    'sinh(x)/cosh(x) - tanh(x) + atan(tan(x))',
  ];

  const parse = (source: string) =>
    parseExpression(source, { variables: ['x', 'y', 'z'], parameters: { a: 1.25, b: 2 } }).ast;

  it.each(sources)('%s reads back as the same tree', (source) => {
    const ast = parse(source);
    const again = parse(toText(ast));
    expect(sameTree(again, ast)).toBe(true);
    // And printing is stable.
    expect(toText(again)).toBe(toText(ast));
  });

  it('prints simplified derivative trees (with negative literals) to equal values', () => {
    let ast: ExprNode = parseExpression('exp(-x^2)*sin(3*x) - x^3/3').ast;
    for (let i = 0; i < 3; i++) {
      ast = differentiate(ast);
      const reread = parseExpression(toText(ast)).ast;
      const [f, g] = [compile(ast), compile(reread)];
      for (const x of [-1.3, 0.2, 0.7, 2.1]) {
        // Same operations in the same order: the values are identical.
        expect(g(x)).toBe(f(x));
      }
    }
  });

  it('prints numbers in shortest round-trip form', () => {
    expect(toText(parseExpression('0.1 + 1e21*x + 5e-324').ast)).toBe('0.1 + 1e+21*x + 5e-324');
  });
});
