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
