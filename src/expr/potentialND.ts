import { KramersError, type PotentialND } from '../core/index.js';
import type { ExprNode } from './ast.js';
import { compileScalar, compileVector } from './compile.js';
import { differentiate } from './differentiate.js';
import { parseExpression, parseRegion, type RegionCondition } from './parse.js';
import { simplify } from './simplify.js';
import { toTex } from './tex.js';

/** The coordinate names a potential in two coordinates uses unless told otherwise. */
export const DEFAULT_COORDINATES: readonly string[] = ['x', 'y'];

/** A potential in n named coordinates written as an expression, with symbolic derivatives. */
export interface ExpressionPotentialND extends PotentialND {
  readonly source: string;
  /** U, simplified (parameters substituted). */
  readonly ast: ExprNode;
  readonly tex: string;
  /** ∂U/∂x_i, simplified. */
  readonly gradientAsts: readonly ExprNode[];
  /** ∂²U/∂x_i∂x_j row by row (the symmetric entries share one tree). */
  readonly hessianAsts: readonly ExprNode[];
  readonly usedParameters: readonly string[];
  readonly derivatives: 'symbolic';
}

export interface ExpressionPotentialNDOptions {
  /** Coordinate names, in order; default `['x', 'y']`. */
  readonly coordinates?: readonly string[];
  readonly parameters?: Readonly<Record<string, number>> | ReadonlyMap<string, number>;
}

function tooComplex(): KramersError {
  return new KramersError('parse_error', 'Expression is too complex to differentiate', {
    issues: [{ path: 'expression', message: 'derivatives too large' }],
    hint: 'simplify the expression, or pass a JavaScript function through the library API',
  });
}

/** The simplified gradient and Hessian trees of U in the given coordinates. */
function derivativeTrees(u: ExprNode, coordinates: readonly string[]) {
  const n = coordinates.length;
  const gradient = coordinates.map((c) => differentiate(u, c));
  const hessian: ExprNode[] = new Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const h = differentiate(gradient[i]!, coordinates[j]!);
      hessian[i * n + j] = h;
      hessian[j * n + i] = h;
    }
  }
  return { gradient, hessian };
}

/**
 * Builds an N-D potential from an expression such as
 * `(x^2 - 1)^2 + 2*(y - 0.3*x)^2` in the coordinates `x, y` (or those given): parses it,
 * differentiates it symbolically (gradient and Hessian) and compiles each into one function of
 * the point that shares common subexpressions (the exponentials of Müller–Brown once for U, ∇U and
 * the Hessian).
 *
 * @throws KramersError `parse_error` / `unknown_name` for bad text (a caret under the place),
 *   `invalid_parameter` for bad coordinate or parameter names.
 */
export function potentialFromExpressionND(
  source: string,
  options: ExpressionPotentialNDOptions = {},
): ExpressionPotentialND {
  const coordinates = options.coordinates ?? DEFAULT_COORDINATES;
  const parsed = parseExpression(source, {
    variables: coordinates,
    ...(options.parameters !== undefined ? { parameters: options.parameters } : {}),
  });
  let u: ExprNode;
  let trees: ReturnType<typeof derivativeTrees>;
  try {
    u = simplify(parsed.ast);
    trees = derivativeTrees(u, coordinates);
  } catch (error) {
    if (error instanceof RangeError) throw tooComplex();
    throw error;
  }
  const n = coordinates.length;
  const value = compileScalar(u, coordinates);
  const gradient = compileVector(trees.gradient, coordinates);
  const hessian = compileVector(trees.hessian, coordinates);
  return {
    dimension: n,
    coordinates: [...coordinates],
    U: value,
    gradient,
    hessian,
    description: source,
    derivatives: 'symbolic',
    source,
    ast: u,
    tex: toTex(parsed.ast),
    gradientAsts: trees.gradient,
    hessianAsts: trees.hessian,
    usedParameters: parsed.usedParameters,
  };
}

export interface FunctionPotentialNDOptions {
  readonly coordinates: readonly string[];
  /** ∇U written into `out`; by central differences of U when absent. */
  readonly gradient?: (p: ArrayLike<number>, out: Float64Array) => void;
  readonly description?: string;
}

/**
 * An N-D potential from a JavaScript function of the point. Missing derivatives come from
 * central differences with steps scaled to the point (h ≈ ε^{1/3}(1 + |x_i|) for the gradient,
 * ε^{1/4} for the Hessian from differences of the gradient): about 10 and 7 correct digits.
 */
export function potentialNDFromFunction(
  U: (p: ArrayLike<number>) => number,
  options: FunctionPotentialNDOptions,
): PotentialND {
  const n = options.coordinates.length;
  if (typeof U !== 'function' || n < 2) {
    throw new KramersError(
      'invalid_parameter',
      'an N-D potential needs a function of the point and at least two coordinate names',
    );
  }
  const gradient = options.gradient ?? centralGradient(U, n);
  return {
    dimension: n,
    coordinates: [...options.coordinates],
    U,
    gradient,
    hessian: centralHessian(gradient, n),
    description: options.description ?? 'function',
    derivatives: options.gradient ? 'supplied' : 'numerical',
  };
}

function centralGradient(U: (p: ArrayLike<number>) => number, n: number) {
  const q = new Float64Array(n);
  return (p: ArrayLike<number>, out: Float64Array) => {
    for (let i = 0; i < n; i++) q[i] = p[i]!;
    for (let i = 0; i < n; i++) {
      const h = 6e-6 * (1 + Math.abs(p[i]!));
      q[i] = p[i]! + h;
      const plus = U(q);
      q[i] = p[i]! - h;
      const minus = U(q);
      q[i] = p[i]!;
      out[i] = (plus - minus) / (2 * h);
    }
  };
}

function centralHessian(gradient: (p: ArrayLike<number>, out: Float64Array) => void, n: number) {
  const q = new Float64Array(n);
  const gp = new Float64Array(n);
  const gm = new Float64Array(n);
  return (p: ArrayLike<number>, out: Float64Array) => {
    for (let i = 0; i < n; i++) q[i] = p[i]!;
    for (let j = 0; j < n; j++) {
      const h = 1.2e-4 * (1 + Math.abs(p[j]!));
      q[j] = p[j]! + h;
      gradient(q, gp);
      q[j] = p[j]! - h;
      gradient(q, gm);
      q[j] = p[j]!;
      for (let i = 0; i < n; i++) out[i * n + j] = (gp[i]! - gm[i]!) / (2 * h);
    }
    // Symmetrise: the two one-sided estimates of ∂²U/∂x_i∂x_j differ by rounding.
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const mean = 0.5 * (out[i * n + j]! + out[j * n + i]!);
        out[i * n + j] = mean;
        out[j * n + i] = mean;
      }
    }
  };
}

/** A region of coordinate space compiled from comparisons (see `parseRegion`). */
export interface CompiledRegion {
  readonly source: string;
  readonly conditions: readonly RegionCondition[];
  /** The simplified g_k of the conditions g_k ≥ 0 (or > 0). */
  readonly asts: readonly ExprNode[];
  /** Whether every condition holds at p. */
  readonly contains: (p: ArrayLike<number>) => boolean;
}

/**
 * Parses and compiles a region such as `x >= 1` or `x^2 + y^2 < 0.04` in the given coordinates.
 * @throws KramersError as `parseRegion`.
 */
export function regionFromExpression(
  source: string,
  options: ExpressionPotentialNDOptions = {},
): CompiledRegion {
  const coordinates = options.coordinates ?? DEFAULT_COORDINATES;
  const parsed = parseRegion(source, {
    variables: coordinates,
    ...(options.parameters !== undefined ? { parameters: options.parameters } : {}),
  });
  const asts = parsed.conditions.map((c) => simplify(c.ast));
  const values = compileVector(asts, coordinates);
  const strict = parsed.conditions.map((c) => c.strict);
  const out = new Float64Array(asts.length);
  return {
    source,
    conditions: parsed.conditions,
    asts,
    contains: (p) => {
      values(p, out);
      for (let k = 0; k < out.length; k++) {
        const g = out[k]!;
        if (strict[k] ? !(g > 0) : !(g >= 0)) return false;
      }
      return true;
    },
  };
}
