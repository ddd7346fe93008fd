import {
  type Domain,
  type Dynamics,
  KramersError,
  type Potential1D,
  requirePositive,
} from '../core/index.js';
import {
  type ExpressionPotential,
  potentialFromExpression,
  type TimeDependentPotential,
  timeDependentPotentialFromExpression,
} from '../expr/index.js';
import { analyzeLandscape, type Landscape } from '../landscape/index.js';

/** The seed's double well (docs/conventions.md §1): wells at ±1, barrier at 0, ΔU = 1/4. */
export const DEFAULT_POTENTIAL = 'x^4/4 - x^2/2';
/** Default noise intensity: ΔU/D = 5 on the default potential. */
export const DEFAULT_NOISE = 0.05;

/** What every escape problem shares: a potential, the noise, the friction, the mass, a domain. */
export interface EscapeProblem {
  /** An expression in x (string) or a potential object; default {@link DEFAULT_POTENTIAL}. */
  readonly potential?: string | Potential1D;
  /** Named parameters of the expression, e.g. { a: 1, b: 2 } for `a*x^4 - b*x^2`. */
  readonly parameters?: Readonly<Record<string, number>>;
  /** Noise intensity D = k_B T (energy); default 0.05. */
  readonly D?: number;
  /** Friction coefficient γ; default 1. */
  readonly gamma?: number;
  /** Mass m (enters TST, the frequencies ω and inertial dynamics); default 1 (reduced units). */
  readonly mass?: number;
  /** Search domain [min, max]; found automatically when absent. A given domain is walled. */
  readonly domain?: Domain;
  /** Overdamped (default) or underdamped Langevin dynamics. */
  readonly dynamics?: Dynamics;
}

/** How a report names its potential: the text as given, its TeX, and the parameter values. */
export interface PotentialSummary {
  readonly expression: string;
  readonly tex?: string;
  readonly parameters: Readonly<Record<string, number>>;
}

/**
 * A problem after the one preparation step every route and study starts from: inputs checked,
 * the expression parsed and differentiated once, the landscape (wells, barriers, transitions)
 * found once. Plain data goes in; this object stays in the process (it holds compiled
 * functions), and what crosses to a worker is the plain problem or generated source.
 *
 * `dimension` names the door's variant: one coordinate today; a problem in several
 * coordinates is prepared through the same door with its own variant.
 */
export interface PreparedProblem {
  readonly dimension: 1;
  readonly potential: Potential1D;
  /** The parsed expression (its syntax tree feeds generated kernels); null for a JS function. */
  readonly expression: ExpressionPotential | null;
  /** U(x, t) when the expression uses `t`: simulated as given, analysed frozen at t = 0. */
  readonly driven: TimeDependentPotential | null;
  readonly summary: PotentialSummary;
  readonly D: number;
  readonly gamma: number;
  readonly mass: number;
  /** Whether the mass was given (the overdamped reports warn about inertia only then). */
  readonly massGiven: boolean;
  readonly dynamics: Dynamics;
  readonly domain?: Domain;
  readonly landscape: Landscape;
  /** Doubts found while preparing: unused parameters, then the landscape's own warnings. */
  readonly warnings: readonly string[];
}

/**
 * The objects this module made: a copy spread into a plain request is not prepared (its fields
 * may have been changed), so it is prepared again rather than trusted.
 */
const PREPARED = new WeakSet<object>();

function branded(prepared: PreparedProblem): PreparedProblem {
  PREPARED.add(prepared);
  return prepared;
}

/** Whether `value` came out of `prepare` or `varyProblem` (studies accept either kind). */
export function isPrepared(value: unknown): value is PreparedProblem {
  return typeof value === 'object' && value !== null && PREPARED.has(value);
}

export function requireObject(problem: unknown): void {
  if (problem === null || typeof problem !== 'object') {
    throw new KramersError(
      'usage',
      'expected a problem object, e.g. { potential: "x^4/4 - x^2/2", D: 0.05 }',
    );
  }
}

/** γ = 0 is explained, not just refused: without friction there is no noise either. */
export function requireFriction(gamma: number): number {
  if (gamma === 0) {
    throw new KramersError(
      'invalid_parameter',
      'gamma = 0: without friction there is no noise either (the noise is √(2γD), fluctuation–dissipation), so the energy is conserved and a particle below the barrier never escapes (k = 0)',
      {
        issues: [{ path: 'gamma', message: 'γ = 0: no coupling to the bath, no escape' }],
        hint: 'give a positive friction, e.g. --gamma 0.01 for the energy-diffusion regime',
      },
    );
  }
  return requirePositive('gamma', gamma, 'friction coefficient γ');
}

export function requireDynamics(dynamics: unknown): Dynamics {
  if (dynamics === undefined) return 'overdamped';
  if (dynamics === 'overdamped' || dynamics === 'underdamped') return dynamics;
  throw new KramersError(
    'invalid_parameter',
    `dynamics: expected overdamped or underdamped, got '${String(dynamics)}'`,
    { issues: [{ path: 'dynamics', message: 'unknown dynamics' }] },
  );
}

/** The time-dependent form of an expression that uses `t` (and does not give it a value). */
function drivenOf(
  source: string,
  parameters: Readonly<Record<string, number>>,
): TimeDependentPotential | null {
  if (!/\bt\b/.test(source) || 't' in parameters) return null;
  const driven = timeDependentPotentialFromExpression(source, { parameters });
  return driven.dependsOnTime ? driven : null;
}

const DERIVATIVES = ['U', 'dU', 'd2U', 'd3U', 'd4U'] as const;

/**
 * A potential that is not an expression must be a `Potential1D` (U and its four derivatives as
 * functions): a number, a bare function or `{}` used to fail later as "U is not a function".
 */
function requirePotentialObject(source: unknown): asserts source is Potential1D {
  const missing =
    source !== null && typeof source === 'object'
      ? DERIVATIVES.filter((k) => typeof (source as Record<string, unknown>)[k] !== 'function')
      : DERIVATIVES;
  if (missing.length === 0) return;
  const got =
    typeof source === 'function'
      ? 'a bare function'
      : source !== null && typeof source === 'object'
        ? `an object without ${missing.join(', ')} as functions`
        : `${typeof source} ${String(source)}`;
  throw new KramersError(
    'invalid_parameter',
    `potential must be an expression in x (a string such as "x^4/4 - x^2/2") or a Potential1D object with functions U, dU, d2U, d3U, d4U; got ${got}`,
    {
      issues: [{ path: 'potential', message: 'not an expression or a Potential1D' }],
      hint: 'for a JavaScript function U(x) use potentialFromFunction(U), which supplies the derivatives',
    },
  );
}

/** The potential of a problem: parsed once, frozen at t = 0 when it is driven. */
function potentialOf(
  problem: EscapeProblem,
  parameters: Record<string, number>,
  allowTime: boolean,
) {
  const source = problem.potential ?? DEFAULT_POTENTIAL;
  if (typeof source !== 'string') {
    requirePotentialObject(source);
    return {
      potential: source,
      expression: null,
      driven: null,
      summary: { expression: source.description, parameters },
      warnings: [],
    };
  }
  const driven = allowTime ? drivenOf(source, parameters) : null;
  const frozen = driven ? { ...parameters, t: 0 } : parameters;
  const expression = potentialFromExpression(source, { parameters: frozen });
  const unused = Object.keys(frozen).filter((name) => !expression.usedParameters.includes(name));
  return {
    potential: expression as Potential1D,
    expression,
    driven,
    summary: {
      expression: source,
      ...(expression.tex !== undefined ? { tex: expression.tex } : {}),
      parameters: frozen,
    },
    warnings: unused.map((name) => `parameter ${name} is not used in U = ${source}`),
  };
}

/** How a study prepares its problem. */
export interface PrepareOptions {
  /**
   * Accept `t` in the expression as time (simulations run U(x, t) as given; wells, barriers and
   * targets are those at t = 0). Studies of a static landscape leave it off, so that a stray `t`
   * is an unknown name with a caret, not a silent snapshot.
   */
  readonly allowTime?: boolean;
}

/**
 * The one preparation step: validates the shared inputs, builds the potential (parsing an
 * expression once), and finds the landscape on the given domain (or an automatic one).
 * Throws a {@link KramersError} on bad input.
 */
export function prepare(
  problem: EscapeProblem = {},
  options: PrepareOptions = {},
): PreparedProblem {
  if (isPrepared(problem)) return problem;
  requireObject(problem);
  const D = requirePositive('D', problem.D ?? DEFAULT_NOISE, 'noise intensity k_B T');
  const gamma = requireFriction(problem.gamma ?? 1);
  const mass = requirePositive('mass', problem.mass ?? 1, 'm');
  const dynamics = requireDynamics(problem.dynamics);
  const built = potentialOf(problem, { ...(problem.parameters ?? {}) }, options.allowTime === true);
  const landscape = analyzeLandscape(built.potential, {
    mass,
    ...(problem.domain ? { domain: problem.domain } : {}),
  });
  return branded({
    dimension: 1,
    potential: built.potential,
    expression: built.expression,
    driven: built.driven,
    summary: built.summary,
    D,
    gamma,
    mass,
    massGiven: problem.mass !== undefined,
    dynamics,
    ...(problem.domain ? { domain: problem.domain } : {}),
    landscape,
    warnings: [...built.warnings, ...landscape.warnings],
  });
}

/**
 * The same prepared problem at another noise, friction or dynamics. The landscape does not depend
 * on them, so nothing is parsed or searched again (a sweep over D or γ prepares once).
 */
export function varyProblem(
  prepared: PreparedProblem,
  change: { readonly D?: number; readonly gamma?: number; readonly dynamics?: Dynamics },
): PreparedProblem {
  return branded({
    ...prepared,
    ...(change.D !== undefined
      ? { D: requirePositive('D', change.D, 'noise intensity k_B T') }
      : {}),
    ...(change.gamma !== undefined ? { gamma: requireFriction(change.gamma) } : {}),
    ...(change.dynamics !== undefined ? { dynamics: requireDynamics(change.dynamics) } : {}),
  });
}

/** The expression a simulation needs (its kernels are generated from the syntax tree). */
export function requireExpression(prepared: PreparedProblem, what: string): ExpressionPotential {
  if (!prepared.expression) {
    throw new KramersError(
      'usage',
      `${what} needs a potential given as an expression (workers receive generated code, not functions)`,
    );
  }
  return prepared.expression;
}
