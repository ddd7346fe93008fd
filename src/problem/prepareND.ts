import {
  type Box,
  type Domain,
  type Dynamics,
  KramersError,
  type PotentialND,
  requirePositive,
} from '../core/index.js';
import {
  DEFAULT_COORDINATES,
  type ExpressionPotentialND,
  namesIn,
  potentialFromExpressionND,
} from '../expr/index.js';
import { analyzeLandscapeND, type LandscapeND, requireBox, spdMatrix } from '../multid/index.js';
import {
  DEFAULT_NOISE,
  type PotentialSummary,
  requireDynamics,
  requireFriction,
  requireObject,
} from './prepare.js';

/** The most coordinates a problem may have (the seed grid of the saddle search grows as g^n). */
export const MAX_DIMENSION = 10;

/** The dimensions of a problem in several coordinates (the discriminant of the prepared union). */
export type NDimension = 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

/** An escape problem in n ≥ 2 coordinates. */
export interface EscapeProblemND {
  /** An expression in the coordinates (string), or an N-D potential object. */
  readonly potential: string | PotentialND;
  /** Coordinate names, in order; default x, y (and z when the expression uses z). */
  readonly coordinates?: readonly string[];
  readonly parameters?: Readonly<Record<string, number>>;
  /** Noise intensity D = k_B T; default 0.05. */
  readonly D?: number;
  /** Friction: a number γ (isotropic) or an n×n symmetric positive definite matrix Γ, row by row; default 1. */
  readonly gamma?: number | readonly number[];
  /** Mass: a number m or an n×n mass matrix M, row by row; default 1 (inertial dynamics only). */
  readonly mass?: number | readonly number[];
  /** The box, one interval per coordinate; its walls reflect. */
  readonly domain: Box;
  readonly dynamics?: Dynamics;
}

/** A problem in several coordinates, prepared: potential compiled, landscape found once. */
export interface PreparedProblemND {
  readonly dimension: NDimension;
  readonly coordinates: readonly string[];
  readonly potential: PotentialND;
  /** The parsed expression (its trees feed generated kernels); null for a JS function. */
  readonly expression: ExpressionPotentialND | null;
  readonly summary: PotentialSummary;
  readonly D: number;
  /** The friction as given: γ, or Γ row by row. */
  readonly gamma: number | readonly number[];
  /** Γ as an n×n matrix. */
  readonly friction: Float64Array;
  /** The mass as given: m, or M row by row. */
  readonly mass: number | readonly number[];
  /** M as an n×n matrix. */
  readonly massMatrix: Float64Array;
  readonly massGiven: boolean;
  readonly dynamics: Dynamics;
  readonly box: Box;
  readonly landscape: LandscapeND;
  readonly warnings: readonly string[];
}

function isPotentialND(value: unknown): value is PotentialND {
  return typeof value === 'object' && value !== null && 'dimension' in value && 'gradient' in value;
}

/** The coordinates a string potential uses when none are named: x, y (and z if it appears). */
function defaultCoordinates(source: string, parameters: Readonly<Record<string, number>>) {
  const names = namesIn(source).filter((n) => !Object.hasOwn(parameters, n));
  return names.includes('z') ? ['x', 'y', 'z'] : [...DEFAULT_COORDINATES];
}

/**
 * Whether a plain problem has several coordinates: an N-D potential object, two or more
 * coordinate names, or a box (an array of intervals). An expression alone never decides it (a
 * stray y in a potential meant in x stays an unknown name); the CLI names the coordinates it
 * finds (see {@link coordinatesIn}).
 */
export function isNDProblem(problem: object): boolean {
  const p = problem as Partial<EscapeProblemND> & { potential?: unknown; domain?: unknown };
  if (isPotentialND(p.potential)) return true;
  if (Array.isArray(p.coordinates)) {
    if (p.coordinates.length >= 2) return true;
    throw new KramersError(
      'invalid_parameter',
      `coordinates: a potential in several coordinates names two or more; got ${JSON.stringify(p.coordinates)} (a one-dimensional potential is written in x without coordinates)`,
      { issues: [{ path: 'coordinates', message: 'expected two or more names' }] },
    );
  }
  return Array.isArray(p.domain);
}

/**
 * The coordinates an expression is written in, as the CLI reads it: x alone (one coordinate), or
 * x, y (and z) when it uses y, not counting parameters.
 */
export function coordinatesIn(
  source: string,
  parameters: Readonly<Record<string, number>> = {},
): readonly string[] {
  const names = namesIn(source).filter((n) => !Object.hasOwn(parameters, n));
  if (!names.includes('y')) return ['x'];
  return defaultCoordinates(source, parameters);
}

function boxOf(domain: unknown, n: number, coordinates: readonly string[]): Box {
  if (domain === undefined) {
    throw new KramersError(
      'invalid_domain',
      `a potential in ${coordinates.join(', ')} needs a box: one interval per coordinate (its walls reflect)`,
      {
        issues: [{ path: 'domain', message: 'missing' }],
        hint: `e.g. --domain ${coordinates.map(() => '-2:2').join(',')}`,
      },
    );
  }
  if (!Array.isArray(domain)) {
    const d = domain as Domain;
    throw new KramersError(
      'invalid_domain',
      `the domain ${d.min}:${d.max} is one interval; a potential in ${coordinates.join(', ')} needs one per coordinate`,
      { issues: [{ path: 'domain', message: `expected ${n} intervals` }] },
    );
  }
  return requireBox(domain as Box, n);
}

function frictionOf(gamma: number | readonly number[] | undefined, n: number): Float64Array {
  if (typeof gamma === 'number' || gamma === undefined) {
    return spdMatrix('gamma', requireFriction(gamma ?? 1), n);
  }
  return spdMatrix('gamma', gamma, n);
}

/** The potential of an N-D problem: compiled once from its expression, or the object given. */
function potentialOfND(problem: EscapeProblemND, parameters: Readonly<Record<string, number>>) {
  const source = problem.potential;
  if (typeof source !== 'string') {
    if (!isPotentialND(source) || source.dimension < 2) {
      throw new KramersError(
        'invalid_parameter',
        'potential: expected an expression or an N-D potential object',
      );
    }
    return {
      potential: source,
      expression: null,
      summary: { expression: source.description, parameters },
      warnings: [] as string[],
    };
  }
  const coordinates = problem.coordinates ?? defaultCoordinates(source, parameters);
  const expression = potentialFromExpressionND(source, { coordinates, parameters });
  const unused = Object.keys(parameters).filter((p) => !expression.usedParameters.includes(p));
  return {
    potential: expression as PotentialND,
    expression,
    summary: { expression: source, tex: expression.tex, parameters },
    warnings: unused.map((p) => `parameter ${p} is not used in U = ${source}`),
  };
}

/**
 * The objects {@link prepareND} made: a copy spread into a plain request is prepared again rather
 * than trusted (as in one coordinate).
 */
const PREPARED_ND = new WeakSet<object>();

/** Whether `value` is a problem in several coordinates prepared here (and not changed since). */
export function isPreparedND(value: unknown): value is PreparedProblemND {
  return typeof value === 'object' && value !== null && PREPARED_ND.has(value);
}

function brandedND(prepared: PreparedProblemND): PreparedProblemND {
  PREPARED_ND.add(prepared);
  return prepared;
}

/**
 * The preparation of a problem in several coordinates: inputs checked, the expression parsed and
 * differentiated once, the stationary points, saddles and transitions found once (the search is
 * the expensive step: a 48² seed grid and a Newton solve from each seed in 2-D).
 *
 * @throws KramersError on bad input, no minimum in the box, or U not finite in the box.
 */
export function prepareND(problem: EscapeProblemND | PreparedProblemND): PreparedProblemND {
  if (isPreparedND(problem)) return problem;
  requireObject(problem);
  const plain = problem as EscapeProblemND;
  const parameters = { ...(plain.parameters ?? {}) };
  const built = potentialOfND(plain, parameters);
  const n = built.potential.dimension;
  if (!Number.isInteger(n) || n < 2 || n > MAX_DIMENSION) {
    throw new KramersError(
      'invalid_parameter',
      `a problem may have 2 to ${MAX_DIMENSION} coordinates; this one has ${n}`,
    );
  }
  const D = requirePositive('D', plain.D ?? DEFAULT_NOISE, 'noise intensity k_B T');
  const dynamics = requireDynamics(plain.dynamics);
  const box = boxOf(plain.domain, n, built.potential.coordinates);
  const friction = frictionOf(plain.gamma, n);
  const massMatrix = spdMatrix('mass', plain.mass ?? 1, n);
  const landscape = analyzeLandscapeND(built.potential, box);
  return brandedND({
    dimension: n as NDimension,
    coordinates: built.potential.coordinates,
    potential: built.potential,
    expression: built.expression,
    summary: built.summary,
    D,
    gamma: plain.gamma ?? 1,
    friction,
    mass: plain.mass ?? 1,
    massMatrix,
    massGiven: plain.mass !== undefined,
    dynamics,
    box,
    landscape,
    warnings: [...built.warnings, ...landscape.warnings],
  });
}

/** The same problem at another noise, friction or dynamics (the landscape is not searched again). */
export function varyProblemND(
  prepared: PreparedProblemND,
  change: {
    readonly D?: number;
    readonly gamma?: number | readonly number[];
    readonly dynamics?: Dynamics;
  },
): PreparedProblemND {
  const n = prepared.dimension;
  return brandedND({
    ...prepared,
    ...(change.D !== undefined
      ? { D: requirePositive('D', change.D, 'noise intensity k_B T') }
      : {}),
    ...(change.gamma !== undefined
      ? { gamma: change.gamma, friction: frictionOf(change.gamma, n) }
      : {}),
    ...(change.dynamics !== undefined ? { dynamics: requireDynamics(change.dynamics) } : {}),
  });
}
