import { type DriftField, KramersError, type PotentialND } from '../core/index.js';
import type { ExprNode } from './ast.js';
import { compileVector } from './compile.js';
import { differentiate } from './differentiate.js';
import { parseExpression } from './parse.js';
import { DEFAULT_COORDINATES } from './potentialND.js';
import { simplify } from './simplify.js';
import { toTex } from './tex.js';

/** A drift field parsed from expressions, with its trees (see {@link driftFromExpressions}). */
export interface DriftFieldND extends DriftField {
  /** The component texts as given (empty for a field built from a potential object). */
  readonly sources: readonly string[];
  /** Simplified trees of b_i (empty when not from expressions). */
  readonly asts: readonly ExprNode[];
  readonly tex: readonly string[];
  readonly usedParameters: readonly string[];
}

/**
 * The components of `"b1, b2"`: split at the commas outside parentheses, with each part's offset
 * in the whole text (so a parse error can name the component).
 */
export function splitComponents(source: string): { text: string; offset: number }[] {
  const parts: { text: string; offset: number }[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push({ text: source.slice(start, i), offset: start });
      start = i + 1;
    }
  }
  parts.push({ text: source.slice(start), offset: start });
  return parts;
}

function countMismatch(_source: string, got: number, coordinates: readonly string[]): KramersError {
  return new KramersError(
    'invalid_parameter',
    `the drift has ${got} component${got === 1 ? '' : 's'} but the problem has ${coordinates.length} coordinates (${coordinates.join(', ')}): give one expression per coordinate, separated by commas`,
    {
      issues: [
        { path: 'drift', message: `expected ${coordinates.length} expressions, got ${got}` },
      ],
      hint: `e.g. --drift "${coordinates.map((c) => `-${c}`).join(', ')}"`,
    },
  );
}

/** Parses one component; a parse error names which component it was in. */
function parseComponent(
  part: { text: string; offset: number },
  k: number,
  coordinates: readonly string[],
  parameters: DriftOptions['parameters'],
) {
  try {
    return parseExpression(part.text, {
      variables: coordinates,
      ...(parameters !== undefined ? { parameters } : {}),
    });
  } catch (error) {
    if (error instanceof KramersError) {
      throw new KramersError(
        error.code,
        `drift component ${k + 1} (b_${coordinates[k]}): ${error.message}`,
        {
          issues: error.issues.map((i) => ({ ...i, path: `drift[${k}]` })),
          ...(error.hint !== undefined ? { hint: error.hint } : {}),
        },
      );
    }
    throw error;
  }
}

export interface DriftOptions {
  /** Coordinate names, in order; default `['x', 'y']`. */
  readonly coordinates?: readonly string[];
  readonly parameters?: Readonly<Record<string, number>>;
}

/**
 * A drift field from one expression per coordinate, e.g. `x - x^3 - 10*x*y^2, -(1+x^2)*y`
 * (Maier & Stein 1993): each component parsed by our own parser into a checked tree (never
 * evaluated as code), simplified, differentiated symbolically for the Jacobian, and compiled.
 *
 * @throws KramersError `invalid_parameter` when the number of components differs from the
 *   coordinates; `parse_error` / `unknown_name` for bad text (naming the component).
 */
export function driftFromExpressions(source: string, options: DriftOptions = {}): DriftFieldND {
  const coordinates = options.coordinates ?? DEFAULT_COORDINATES;
  if (typeof source !== 'string') {
    throw new KramersError('invalid_parameter', 'drift: expected a string of expressions', {
      issues: [{ path: 'drift', message: 'expected a string' }],
    });
  }
  const parts = splitComponents(source);
  if (parts.length !== coordinates.length) throw countMismatch(source, parts.length, coordinates);
  const parsed = parts.map((part, k) => parseComponent(part, k, coordinates, options.parameters));
  const asts = parsed.map((p) => simplify(p.ast));
  const jacobianAsts = asts.flatMap((bi) => coordinates.map((c) => differentiate(bi, c)));
  const b = compileVector(asts, coordinates);
  const jacobian = compileVector(jacobianAsts, coordinates);
  return {
    dimension: coordinates.length,
    coordinates: [...coordinates],
    b,
    jacobian,
    description: parts.map((p) => p.text.trim()).join(', '),
    sources: parts.map((p) => p.text.trim()),
    asts,
    tex: parsed.map((p) => toTex(p.ast)),
    usedParameters: [...new Set(parsed.flatMap((p) => p.usedParameters))],
  };
}

/** The gradient drift b = −∇U of a potential (Jacobian −H): the reversible case. */
export function driftOfPotential(potential: PotentialND): DriftFieldND {
  const n = potential.dimension;
  return {
    dimension: n,
    coordinates: potential.coordinates,
    b: (p, out) => {
      potential.gradient(p, out);
      for (let i = 0; i < n; i++) out[i] = -out[i]!;
    },
    jacobian: (p, out) => {
      potential.hessian(p, out);
      for (let i = 0; i < n * n; i++) out[i] = -out[i]!;
    },
    description: `−∇U, U = ${potential.description}`,
    sources: [],
    asts: [],
    tex: [],
    usedParameters: [],
  };
}
