import { describe, expect, it } from 'vitest';
import { KramersError } from '../../src/core/index.js';
import {
  compile,
  type ExprNode,
  MAX_NESTING_DEPTH,
  MAX_SOURCE_LENGTH,
  MAX_TREE_DEPTH,
  parseExpression,
  sameTree,
} from '../../src/expr/index.js';

function evaluate(source: string, x: number, parameters?: Record<string, number>): number {
  const parsed = parseExpression(source, parameters ? { parameters } : {});
  return compile(parsed.ast)(x);
}

/** Runs `action`, which must throw a KramersError, and returns that error. */
function thrown(action: () => unknown): KramersError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(KramersError);
    return error as KramersError;
  }
  throw new Error('expected a KramersError, but nothing was thrown');
}

describe('precedence and associativity', () => {
  // Each value is exact in binary floating point, so equality is exact.
  it.each([
    ['-x^2', 3, -9],
    ['2^3^2', 0, 512],
    ['2^-1', 0, 0.5],
    ['x^-2', 2, 0.25],
    ['-2^2', 0, -4],
    ['(-2)^2', 0, 4],
    ['1e-3*x', 2000, 2],
    ['.5*x', 4, 2],
    ['2.*x', 4, 8],
    ['1.5E+4', 0, 15000],
    ['2 - 3 - 4', 0, -5],
    ['64 / 4 / 2', 0, 8],
    ['2 * 3 ^ 2', 0, 18],
    ['-x*3', 2, -6],
    ['+x', 5, 5],
    ['x - -x', 2, 4],
    ['2^-x^2', 1, 0.5],
    ['  x\t+\n1 ', 1, 2],
    ['((x))', 7, 7],
    ['-(-(x))', 7, 7],
  ])('%s at x = %d is %d', (source, x, expected) => {
    expect(evaluate(source, x)).toBe(expected);
  });

  it('reads -x^2 as -(x^2) in the tree', () => {
    const { ast } = parseExpression('-x^2');
    expect(ast.kind).toBe('unary');
    if (ast.kind === 'unary') expect(ast.arg.kind).toBe('binary');
  });

  it('knows pi and e', () => {
    expect(evaluate('pi', 0)).toBe(Math.PI);
    expect(evaluate('e', 0)).toBe(Math.E);
    expect(evaluate('2*pi*e', 0)).toBe(2 * Math.PI * Math.E);
  });

  it('records source spans', () => {
    const { ast } = parseExpression('x^4 - sin(x)');
    expect(ast.span).toEqual({ start: 0, end: 12 });
    if (ast.kind !== 'binary') throw new Error('expected a binary node');
    expect(ast.right.span).toEqual({ start: 6, end: 12 });
  });

  it('accepts another variable set', () => {
    const parsed = parseExpression('x*t', { variables: ['x', 't'] });
    expect(compile(parsed.ast, ['x', 't'])(2, 3)).toBe(6);
    expect(() => parseExpression('t')).toThrowError(/Unknown name 't'/);
  });
});

describe('parameters', () => {
  it('substitutes values and records which were used', () => {
    const parsed = parseExpression('a*x^4 - b*x^2 + a', { parameters: { a: 1, b: 2, c: 3 } });
    expect(parsed.usedParameters).toEqual(['a', 'b']);
    const U = compile(parsed.ast);
    for (const x of [-1.5, 0, 0.3, 2]) expect(U(x)).toBe(x ** 4 - 2 * x ** 2 + 1);
  });

  it('accepts a Map', () => {
    const parsed = parseExpression('k*x', { parameters: new Map([['k', 3]]) });
    expect(compile(parsed.ast)(2)).toBe(6);
    expect(parsed.usedParameters).toEqual(['k']);
  });

  it('does not turn parameters into nodes', () => {
    const { ast } = parseExpression('a', { parameters: { a: 2.5 } });
    expect(ast).toMatchObject({ kind: 'num', value: 2.5 });
  });

  it.each([
    [{ 'a b': 1 }, 'a b'],
    [{ '1a': 1 }, '1a'],
    [{ 'a.b': 1 }, 'a.b'],
    [{ x: 1 }, 'x'],
    [{ pi: 1 }, 'pi'],
    [{ e: 1 }, 'e'],
    [{ sin: 1 }, 'sin'],
    [{ sign: 1 }, 'sign'],
    [{ a: Number.NaN }, 'a'],
    [{ a: Number.POSITIVE_INFINITY }, 'a'],
    [{ a: '1' as unknown as number }, 'a'],
  ])('rejects %o naming %s', (parameters, name) => {
    const error = thrown(() => parseExpression('x', { parameters }));
    expect(error.code).toBe('invalid_parameter');
    expect(error.message).toContain(name);
    expect(error.issues[0]?.path).toBe(name);
  });

  it('looks parameters up safely: an own key named constructor is a parameter', () => {
    const parsed = parseExpression('constructor*x', { parameters: { constructor: 2 } });
    expect(compile(parsed.ast)(3)).toBe(6);
  });
});

interface BadCase {
  readonly source: string;
  readonly code: 'parse_error' | 'unknown_name';
  /** 1-based column the caret must point at. */
  readonly column: number;
  readonly message: RegExp;
  readonly hint?: RegExp;
}

const badInputs: BadCase[] = [
  { source: '', code: 'parse_error', column: 1, message: /Empty expression/ },
  { source: '   ', code: 'parse_error', column: 4, message: /Empty expression/ },
  { source: 'x^4 -', code: 'parse_error', column: 6, message: /Unexpected end/ },
  { source: 'x^4 - * x', code: 'parse_error', column: 7, message: /Unexpected '\*'/ },
  { source: '(x + 1', code: 'parse_error', column: 1, message: /Unclosed '\('/ },
  { source: 'sin((x + 1)', code: 'parse_error', column: 4, message: /Unclosed '\('/ },
  { source: 'x + 1)', code: 'parse_error', column: 6, message: /Unmatched '\)'/ },
  { source: '()', code: 'parse_error', column: 1, message: /Empty parentheses/ },
  { source: 'x=1', code: 'parse_error', column: 2, message: /Unexpected character '='/ },
  { source: 'x;1', code: 'parse_error', column: 2, message: /Unexpected character ';'/ },
  { source: 'x[0]', code: 'parse_error', column: 2, message: /Unexpected character '\['/ },
  { source: '`x`', code: 'parse_error', column: 1, message: /Unexpected character '`'/ },
  { source: '"x"', code: 'parse_error', column: 1, message: /Unexpected character '"'/ },
  { source: "'x'", code: 'parse_error', column: 1, message: /Unexpected character '''/ },
  { source: '$x', code: 'parse_error', column: 1, message: /Unexpected character '\$'/ },
  { source: 'x − 1', code: 'parse_error', column: 3, message: /Unexpected character '−'/ },
  { source: 'x.y', code: 'parse_error', column: 2, message: /Unexpected '\.'/ },
  { source: 'x**2', code: 'parse_error', column: 2, message: /'\*\*'/, hint: /\^/ },
  { source: '2x', code: 'parse_error', column: 2, message: /Missing operator/, hint: /2\*x/ },
  {
    source: '(x+1)(x-1)',
    code: 'parse_error',
    column: 6,
    message: /Missing operator/,
    hint: /\*/,
  },
  { source: 'x(1+x)', code: 'parse_error', column: 2, message: /'x' is not a function/ },
  { source: 'x(2)', code: 'parse_error', column: 2, message: /'x' is not a function/ },
  { source: 'pi(2)', code: 'parse_error', column: 3, message: /'pi' is not a function/ },
  { source: 'sin x', code: 'parse_error', column: 1, message: /'sin' needs parentheses/ },
  { source: 'sin', code: 'parse_error', column: 1, message: /'sin' needs parentheses/ },
  { source: 'sin^2(x)', code: 'parse_error', column: 1, message: /'sin' needs parentheses/ },
  { source: 'sin()', code: 'parse_error', column: 5, message: /needs an argument/ },
  { source: 'sin(x, 2)', code: 'parse_error', column: 6, message: /exactly one argument/ },
  { source: 'x, 2', code: 'parse_error', column: 2, message: /Unexpected ','/ },
  { source: '1e', code: 'parse_error', column: 1, message: /Malformed number '1e'/ },
  { source: 'x + 1e+', code: 'parse_error', column: 5, message: /Malformed number '1e\+'/ },
  { source: '1.2.3', code: 'parse_error', column: 1, message: /Malformed number '1\.2\.3'/ },
  { source: '1e400', code: 'parse_error', column: 1, message: /too large/ },
  { source: 'foo', code: 'unknown_name', column: 1, message: /Unknown name 'foo'/ },
  { source: 'x + Sin(x)', code: 'unknown_name', column: 5, message: /'Sin'/, hint: /'sin'/ },
  // Injection attempts: each must stop at a clean error, before anything could run.
  { source: 'constructor', code: 'unknown_name', column: 1, message: /'constructor'/ },
  { source: '__proto__', code: 'unknown_name', column: 1, message: /'__proto__'/ },
  { source: 'toString', code: 'unknown_name', column: 1, message: /'toString'/ },
  { source: 'hasOwnProperty', code: 'unknown_name', column: 1, message: /'hasOwnProperty'/ },
  { source: 'x + valueOf(x)', code: 'unknown_name', column: 5, message: /'valueOf'/ },
  { source: 'process.exit()', code: 'unknown_name', column: 1, message: /'process'/ },
  { source: 'this', code: 'unknown_name', column: 1, message: /'this'/ },
  { source: 'globalThis', code: 'unknown_name', column: 1, message: /'globalThis'/ },
  { source: 'Function("x")', code: 'unknown_name', column: 1, message: /'Function'/ },
  { source: "require('fs')", code: 'unknown_name', column: 1, message: /'require'/ },
  { source: 'sign(x)', code: 'unknown_name', column: 1, message: /'sign'/ },
  { source: 'x.constructor', code: 'parse_error', column: 2, message: /Unexpected '\.'/ },
];

describe('bad input', () => {
  it.each(badInputs)('$source → $code at column $column', (bad) => {
    const error = thrown(() => parseExpression(bad.source));
    expect(error.code).toBe(bad.code);
    expect(error.message).toMatch(bad.message);
    expect(error.message).toContain(`at column ${bad.column}`);
    // The caret line: two spaces of indent, then the caret under the reported column.
    const lines = error.message.split('\n');
    expect(lines.at(-2)).toBe(`  ${bad.source}`);
    expect(lines.at(-1)).toMatch(new RegExp(`^ {${bad.column + 1}}\\^+$`));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.path).toBe('expression');
    expect(error.issues[0]?.span?.start).toBe(bad.column - 1);
    expect(error.hint).toBeTruthy();
    if (bad.hint) expect(error.hint).toMatch(bad.hint);
  });

  it('lists the known names, parameters included, for an unknown name', () => {
    const error = thrown(() => parseExpression('a*x + c', { parameters: { a: 1, b: 2 } }));
    expect(error.code).toBe('unknown_name');
    for (const name of ['x', 'pi', 'e', 'sin', 'atan', 'a', 'b']) {
      expect(error.message).toContain(name);
    }
    expect(error.message).not.toContain('sign');
    expect(error.hint).toBe('pass parameters separately, e.g. --param a=1');
  });

  it('matches the documented message format exactly', () => {
    const error = thrown(() => parseExpression('x^4 - * x'));
    expect(error.message).toBe("Unexpected '*' at column 7\n  x^4 - * x\n        ^");
  });

  it('never evaluates anything while parsing', () => {
    // If the text were ever evaluated, these would have visible effects; they must only throw.
    const marker = globalThis as { kramersInjected?: boolean };
    for (const source of [
      'process.exit(1)',
      'globalThis.kramersInjected = true',
      'Function("globalThis.kramersInjected = true")()',
      'x;globalThis.kramersInjected=true',
    ]) {
      expect(() => parseExpression(source)).toThrow(KramersError);
    }
    expect(marker.kramersInjected).toBeUndefined();
  });

  it('refuses text that is not a string', () => {
    expect(thrown(() => parseExpression(42 as unknown as string)).code).toBe('invalid_parameter');
  });

  it('rejects a bad variable list', () => {
    for (const variables of [['sin'], ['x', 'x'], ['1x'], ['pi']]) {
      expect(thrown(() => parseExpression('x', { variables })).code).toBe('invalid_parameter');
    }
  });
});

describe('resource guards', () => {
  it(`refuses more than ${MAX_SOURCE_LENGTH} characters`, () => {
    const error = thrown(() => parseExpression(`x${'+x'.repeat(MAX_SOURCE_LENGTH / 2)}`));
    expect(error.code).toBe('parse_error');
    expect(error.message).toMatch(/too long/);
  });

  it(`accepts nesting ${MAX_NESTING_DEPTH} deep and refuses one more`, () => {
    const nested = (depth: number) => `${'('.repeat(depth)}x${')'.repeat(depth)}`;
    expect(evaluate(nested(MAX_NESTING_DEPTH), 3)).toBe(3);
    const error = thrown(() => parseExpression(nested(MAX_NESTING_DEPTH + 1)));
    expect(error.code).toBe('parse_error');
    expect(error.message).toMatch(/nested too deeply/);
  });

  it.each([
    ['signs', '-'.repeat(5000) + 'x'],
    ['powers', 'x^'.repeat(3000) + 'x'],
    ['calls', 'sin('.repeat(1500) + 'x' + ')'.repeat(1500)],
    ['parentheses', '('.repeat(4000) + 'x' + ')'.repeat(4000)],
  ])('stops deep %s with a clean error, not a stack overflow', (_, source) => {
    const error = thrown(() => parseExpression(source));
    expect(error.message).toMatch(/nested too deeply/);
  });

  it(`handles a flat sum ${MAX_TREE_DEPTH} terms long, and refuses a longer chain`, () => {
    expect(evaluate(`x${'+x'.repeat(MAX_TREE_DEPTH - 1)}`, 1)).toBe(MAX_TREE_DEPTH);
    const error = thrown(() => parseExpression(`x${'*x'.repeat(4000)}`));
    expect(error.code).toBe('parse_error');
    expect(error.message).toMatch(/too deep/);
    expect(error.hint).toMatch(/parentheses/);
  });
});

describe('tree helpers', () => {
  it('compares trees ignoring spans', () => {
    const a: ExprNode = parseExpression('x^2 + 1').ast;
    const b: ExprNode = parseExpression(' x ^ 2+1').ast;
    expect(sameTree(a, b)).toBe(true);
    expect(sameTree(a, parseExpression('x^2 - 1').ast)).toBe(false);
  });
});
