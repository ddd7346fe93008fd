import { KramersError } from '../core/index.js';
import { CONSTANT_VALUES, type ExprNode, FUNCTION_TABLE, type FunctionName } from './ast.js';

/** Integer exponents up to this size are expanded into multiplications (faster than pow). */
export const MAX_EXPANDED_POWER = 32;

/** Generated JavaScript for a tree: parameter names and function body. */
export interface GeneratedSource {
  /** Fixed internal names `v0`, `v1`, … standing for the variables in order. */
  readonly params: readonly string[];
  /** Straight-line body: `'use strict'; const t0 = …; return t3;`. */
  readonly body: string;
}

const FINITE_LITERAL = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/;
const BINARY_OPERATORS: ReadonlySet<string> = new Set(['+', '-', '*', '/', '^']);

function reject(message: string): never {
  throw new KramersError('invalid_parameter', `cannot compile expression tree: ${message}`, {
    issues: [{ path: 'ast', message }],
  });
}

/**
 * Writes a number as a JavaScript literal. Only ever returns a finite numeric literal, checked
 * against a strict pattern and for exact round-trip, so no text other than a number can come out.
 */
function formatNumber(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    reject(`a number node holds ${String(value)}, not a finite number`);
  }
  if (Object.is(value, -0)) return '(-0)';
  const text = String(value);
  if (!FINITE_LITERAL.test(text) || Number(text) !== value) reject(`cannot format ${text}`);
  return value < 0 ? `(${text})` : text;
}

/**
 * Emits code for one or several trees into a shared list of statements, with common-subexpression
 * elimination: every composite node is keyed by its operator and its operands' names (structural
 * hashing), and a key seen before reuses the earlier temporary instead of recomputing it.
 */
class Emitter {
  readonly lines: string[] = [];
  private readonly byKey = new Map<string, string>();
  private readonly byNode = new Map<ExprNode, string>();
  private readonly variableNames: ReadonlyMap<string, string>;

  constructor(variables: readonly string[]) {
    this.variableNames = new Map(variables.map((name, index) => [name, `v${index}`]));
  }

  /** Returns an operand: a temporary name, a parameter name or a numeric literal. */
  emit(node: ExprNode): string {
    const known = this.byNode.get(node);
    if (known !== undefined) return known;
    const operand = this.emitNode(node);
    this.byNode.set(node, operand);
    return operand;
  }

  private temporary(key: string, expression: string): string {
    const existing = this.byKey.get(key);
    if (existing !== undefined) return existing;
    const name = `t${this.byKey.size}`;
    this.byKey.set(key, name);
    this.lines.push(`const ${name} = ${expression};`);
    return name;
  }

  private emitNode(node: ExprNode): string {
    if (typeof node !== 'object' || node === null) reject('a node is not an object');
    switch (node.kind) {
      case 'num':
        return formatNumber(node.value);
      case 'const': {
        const value = CONSTANT_VALUES.get(node.name);
        if (value === undefined) reject(`unknown constant '${String(node.name)}'`);
        return formatNumber(value);
      }
      case 'var': {
        const name = this.variableNames.get(node.name);
        if (name === undefined) reject(`unknown variable '${String(node.name)}'`);
        return name;
      }
      case 'unary': {
        const op: string = node.op;
        if (op !== '-') reject(`unknown unary operator '${op}'`);
        const a = this.emit(node.arg);
        return this.temporary(`-(${a})`, `-${a}`);
      }
      case 'call': {
        const fn = FUNCTION_TABLE.get(node.fn as FunctionName);
        if (fn === undefined) reject(`function '${String(node.fn)}' is not allowed`);
        const a = this.emit(node.arg);
        return this.temporary(`${fn.js}(${a})`, `${fn.js}(${a})`);
      }
      case 'binary': {
        if (!BINARY_OPERATORS.has(node.op)) reject(`unknown operator '${String(node.op)}'`);
        const a = this.emit(node.left);
        if (node.op === '^' && node.right.kind === 'num') {
          const n = node.right.value;
          if (Number.isInteger(n) && Math.abs(n) <= MAX_EXPANDED_POWER) return this.power(a, n);
        }
        const b = this.emit(node.right);
        if (node.op === '^') return this.temporary(`pow(${a},${b})`, `Math.pow(${a}, ${b})`);
        return this.temporary(`(${a})${node.op}(${b})`, `${a} ${node.op} ${b}`);
      }
      default:
        return reject(`node kind '${String((node as { kind: unknown }).kind)}' is not allowed`);
    }
  }

  /**
   * a^n for a small integer n by binary exponentiation: a^(2m) = (a^m)², a^(2m+1) = a^(2m)·a, each
   * step a keyed temporary, so x², x⁴ … are shared between terms; a^(−n) = 1/a^n.
   */
  private power(a: string, n: number): string {
    if (n === 0) return '1';
    if (n < 0) {
      const positive = this.power(a, -n);
      return this.temporary(`1/(${positive})`, `1 / ${positive}`);
    }
    if (n === 1) return a;
    if (n % 2 === 0) {
      const half = this.power(a, n / 2);
      return this.temporary(`(${half})*(${half})`, `${half} * ${half}`);
    }
    const previous = this.power(a, n - 1);
    return this.temporary(`(${previous})*(${a})`, `${previous} * ${a}`);
  }
}

/** Emits a tree; a tree too deep to walk (built by hand: the parser limits depth) is refused. */
function emitTree(emitter: Emitter, ast: ExprNode): string {
  try {
    return emitter.emit(ast);
  } catch (error) {
    if (error instanceof RangeError) reject('the tree is too deep to compile');
    throw error;
  }
}

function checkVariables(variables: readonly string[]): readonly string[] {
  if (!Array.isArray(variables) || variables.some((name) => typeof name !== 'string')) {
    reject('variables must be an array of names');
  }
  return variables;
}

/** The JavaScript that `compile` would build, for inspection and tests. */
export function generateSource(
  ast: ExprNode,
  variables: readonly string[] = ['x'],
): GeneratedSource {
  const emitter = new Emitter(checkVariables(variables));
  const result = emitTree(emitter, ast);
  const body = ["'use strict';", ...emitter.lines, `return ${result};`].join('\n');
  return { params: variables.map((_, index) => `v${index}`), body };
}

/**
 * Compiles a tree to a fast JavaScript function of the variables, in order.
 *
 * Why generated code: an interpreted tree walk costs 10–50× a hand-written function, and the
 * rate integrals evaluate U millions of times. Safety comes from generating the text only from a
 * checked tree: every node kind, operator and function name is looked up in a fixed whitelist
 * (anything else throws), numbers are emitted through a formatter that only produces finite
 * numeric literals, variables become the fixed names `v0, v1, …`, and no user text is ever copied.
 *
 * @throws KramersError `invalid_parameter` for a tree with a forbidden node or name.
 */
export function compile(
  ast: ExprNode,
  variables: readonly string[] = ['x'],
): (...args: number[]) => number {
  const { params, body } = generateSource(ast, variables);
  return new Function(...params, body) as (...args: number[]) => number;
}

/**
 * Compiles several trees over the same variables, one function per tree (for U and its
 * derivatives). Also see `compileCombined` for one function that shares temporaries.
 */
export function compileMany(
  asts: readonly ExprNode[],
  variables: readonly string[] = ['x'],
): Array<(...args: number[]) => number> {
  return asts.map((ast) => compile(ast, variables));
}

/**
 * Compiles several trees into one function that writes all their values into `out` (length ≥
 * number of trees) and shares common subexpressions between them, e.g. exp(−x²) in U, U′, U″.
 */
export function compileCombined(
  asts: readonly ExprNode[],
  variables: readonly string[] = ['x'],
): (out: Float64Array | number[], ...args: number[]) => void {
  const emitter = new Emitter(checkVariables(variables));
  const results = asts.map((ast) => emitTree(emitter, ast));
  const params = variables.map((_, index) => `v${index}`);
  const body = [
    "'use strict';",
    ...emitter.lines,
    ...results.map((result, index) => `out[${index}] = ${result};`),
  ].join('\n');
  return new Function('out', ...params, body) as (
    out: Float64Array | number[],
    ...args: number[]
  ) => void;
}

/**
 * Generated source of one function of a coordinate vector that writes the values of several
 * trees into `out`, sharing common subexpressions: `params` are `['p', 'out']`, the body reads
 * `p[0], p[1], …` into the fixed names `v0, v1, …` first. The form N-D potentials, gradients and
 * Hessians are compiled in, and the form N-D Langevin kernels inline.
 */
export function generateVectorSource(
  asts: readonly ExprNode[],
  variables: readonly string[],
): GeneratedSource {
  const emitter = new Emitter(checkVariables(variables));
  const results = asts.map((ast) => emitTree(emitter, ast));
  const reads = variables.map((_, index) => `const v${index} = p[${index}];`);
  const body = [
    "'use strict';",
    ...reads,
    ...emitter.lines,
    ...results.map((result, index) => `out[${index}] = ${result};`),
  ].join('\n');
  return { params: ['p', 'out'], body };
}

/** A compiled {@link generateVectorSource}: writes the trees' values at point `p` into `out`. */
export type VectorFunction = (p: ArrayLike<number>, out: Float64Array | number[]) => void;

/** Compiles trees over a coordinate vector into one function (see generateVectorSource). */
export function compileVector(
  asts: readonly ExprNode[],
  variables: readonly string[],
): VectorFunction {
  const { params, body } = generateVectorSource(asts, variables);
  return new Function(...params, body) as VectorFunction;
}

/** Compiles one tree over a coordinate vector into a function of the point, U(p). */
export function compileScalar(
  ast: ExprNode,
  variables: readonly string[],
): (p: ArrayLike<number>) => number {
  const emitter = new Emitter(checkVariables(variables));
  const result = emitTree(emitter, ast);
  const reads = variables.map((_, index) => `const v${index} = p[${index}];`);
  const body = ["'use strict';", ...reads, ...emitter.lines, `return ${result};`].join('\n');
  return new Function('p', body) as (p: ArrayLike<number>) => number;
}
