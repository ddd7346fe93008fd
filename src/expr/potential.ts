import { KramersError, type Potential1D } from '../core/index.js';
import type { ExprNode } from './ast.js';
import { compileMany } from './compile.js';
import { differentiate } from './differentiate.js';
import { parseExpression } from './parse.js';
import { simplify } from './simplify.js';
import { toTex } from './tex.js';

/** A potential written as an expression in x, with exact symbolic derivatives. */
export interface ExpressionPotential extends Potential1D {
  /** The expression text as given. */
  readonly source: string;
  /** The parsed tree (parameters substituted), as written: the source of `tex`. */
  readonly ast: ExprNode;
  /** KaTeX rendering of U(x), with parameters shown by name (a x^{4}, not 0.25 x^{4}). */
  readonly tex: string;
  /** Simplified trees of U′, U″, U‴, U⁗. */
  readonly derivativeAsts: readonly [ExprNode, ExprNode, ExprNode, ExprNode];
  /** Parameters the expression used, in order of first use (to warn about unused ones). */
  readonly usedParameters: readonly string[];
  readonly derivatives: 'symbolic';
}

export interface ExpressionPotentialOptions {
  readonly parameters?: Readonly<Record<string, number>> | ReadonlyMap<string, number>;
}

/**
 * Builds a Potential1D from an expression such as `a*x^4 - b*x^2`: parses it, differentiates it
 * symbolically four times (U⁗ enters the finite-barrier correction to the Kramers rate) and
 * compiles U and each derivative to a JavaScript function.
 *
 * Outside the expression's domain (sqrt or log of a negative number) the functions return NaN;
 * detecting that is the landscape analysis's job.
 *
 * @throws KramersError `parse_error` / `unknown_name` for bad text, `invalid_parameter` for bad
 *   parameters, `parse_error` if the derivatives grow beyond what can be compiled.
 */
export function potentialFromExpression(
  source: string,
  options: ExpressionPotentialOptions = {},
): ExpressionPotential {
  const parsed = parseExpression(
    source,
    options.parameters === undefined ? {} : { parameters: options.parameters },
  );
  let trees: ExprNode[];
  let functions: Array<(...args: number[]) => number>;
  try {
    const u = simplify(parsed.ast);
    const d1 = differentiate(u, 'x');
    const d2 = differentiate(d1, 'x');
    const d3 = differentiate(d2, 'x');
    const d4 = differentiate(d3, 'x');
    trees = [u, d1, d2, d3, d4];
    functions = compileMany(trees, ['x']);
  } catch (error) {
    // A legal but enormous expression can exhaust the stack while walking its derivatives.
    if (!(error instanceof RangeError)) throw error;
    throw new KramersError('parse_error', 'Expression is too complex to differentiate', {
      issues: [{ path: 'expression', message: 'derivatives too large' }],
      hint: 'simplify the expression, or pass a JavaScript function through the library API',
    });
  }
  const [U, dU, d2U, d3U, d4U] = functions as [
    (x: number) => number,
    (x: number) => number,
    (x: number) => number,
    (x: number) => number,
    (x: number) => number,
  ];
  return {
    U,
    dU,
    d2U,
    d3U,
    d4U,
    description: source,
    derivatives: 'symbolic',
    source,
    ast: parsed.ast,
    tex: toTex(symbolicParameterTree(source, options.parameters) ?? parsed.ast),
    derivativeAsts: [trees[1]!, trees[2]!, trees[3]!, trees[4]!],
    usedParameters: parsed.usedParameters,
  };
}

/**
 * The tree with each parameter kept as a named symbol, for display only: parsing again with the
 * parameter names declared as extra variables (names already checked by the first parse).
 */
function symbolicParameterTree(
  source: string,
  parameters: ExpressionPotentialOptions['parameters'],
): ExprNode | undefined {
  if (parameters === undefined) return undefined;
  const names = parameters instanceof Map ? [...parameters.keys()] : Object.keys(parameters);
  if (names.length === 0) return undefined;
  return parseExpression(source, { variables: ['x', ...names] }).ast;
}

/** A potential U(x, t) written with the time variable `t` (a driven or ramped landscape). */
export interface TimeDependentPotential {
  readonly source: string;
  /** U(x, t) with parameters substituted; `t` stays symbolic. */
  readonly ast: ExprNode;
  /** ∂U/∂x (x, t), simplified. */
  readonly forceAst: ExprNode;
  /** Whether `t` occurs at all (false: a static potential written through this door). */
  readonly dependsOnTime: boolean;
  /** The frozen landscape U(x, t0): t enters as a parameter. */
  at(t0: number): ExpressionPotential;
}

function mentions(node: ExprNode, name: string): boolean {
  switch (node.kind) {
    case 'var':
      return node.name === name;
    case 'unary':
    case 'call':
      return mentions(node.arg, name);
    case 'binary':
      return mentions(node.left, name) || mentions(node.right, name);
    default:
      return false;
  }
}

/**
 * Parses a potential in x and t, such as `x^4/4 - x^2/2 - A*x*cos(w*t)`, for simulation (the
 * kernels call U′(x, t)) and for frozen-time landscapes (`at(t0)`, where t is a parameter).
 *
 * @throws KramersError as `potentialFromExpression`; `invalid_parameter` if `t` is also given
 *   as a parameter.
 */
export function timeDependentPotentialFromExpression(
  source: string,
  options: ExpressionPotentialOptions = {},
): TimeDependentPotential {
  const parameters =
    options.parameters instanceof Map
      ? Object.fromEntries(options.parameters)
      : { ...(options.parameters ?? {}) };
  if ('t' in parameters) {
    throw new KramersError('invalid_parameter', "'t' is the time variable here, not a parameter", {
      issues: [{ path: 'parameters.t', message: 'reserved for time' }],
    });
  }
  const parsed = parseExpression(source, { variables: ['x', 't'], parameters });
  const ast = simplify(parsed.ast);
  return {
    source,
    ast,
    forceAst: simplify(differentiate(ast, 'x')),
    dependsOnTime: mentions(ast, 't'),
    at: (t0: number) => potentialFromExpression(source, { parameters: { ...parameters, t: t0 } }),
  };
}
