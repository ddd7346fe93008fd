import { type Domain, KramersError, type Potential1D, requirePositive } from './core/index.js';
import { potentialFromExpression } from './expr/index.js';
import { analyzeLandscape, type Landscape } from './landscape/index.js';

/** The seed's double well (physics.md §1): wells at ±1, barrier at 0, ΔU = 1/4. */
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
  /** Mass m (enters TST and the frequencies ω); default 1 (reduced units). */
  readonly mass?: number;
  /** Search domain [min, max]; found automatically when absent. */
  readonly domain?: Domain;
}

export interface ResolvedProblem {
  readonly potential: Potential1D;
  readonly expression: string;
  readonly tex?: string;
  readonly parameters: Readonly<Record<string, number>>;
  readonly D: number;
  readonly gamma: number;
  readonly mass: number;
  readonly massGiven: boolean;
  readonly domain?: Domain;
  readonly warnings: string[];
}

/** Validates the shared inputs and builds the potential (parsing an expression if given one). */
export function resolveProblem(problem: EscapeProblem): ResolvedProblem {
  if (problem === null || typeof problem !== 'object') {
    throw new KramersError(
      'usage',
      'expected a problem object, e.g. { potential: "x^4/4 - x^2/2", D: 0.05 }',
    );
  }
  const D = requirePositive('D', problem.D ?? DEFAULT_NOISE, 'noise intensity k_B T');
  const gamma = requirePositive('gamma', problem.gamma ?? 1, 'friction coefficient γ');
  const mass = requirePositive('mass', problem.mass ?? 1, 'm');
  const parameters = { ...(problem.parameters ?? {}) };
  const source = problem.potential ?? DEFAULT_POTENTIAL;
  const common = {
    parameters,
    D,
    gamma,
    mass,
    massGiven: problem.mass !== undefined,
    ...(problem.domain ? { domain: problem.domain } : {}),
  };
  if (typeof source !== 'string') {
    return { ...common, potential: source, expression: source.description, warnings: [] };
  }
  const potential = potentialFromExpression(source, { parameters });
  const unused = Object.keys(parameters).filter((name) => !potential.usedParameters.includes(name));
  return {
    ...common,
    potential,
    expression: source,
    tex: potential.tex,
    warnings: unused.map((name) => `parameter ${name} is not used in U = ${source}`),
  };
}

/** How a report names its potential: the text as given, its TeX, and the parameter values. */
export interface PotentialSummary {
  readonly expression: string;
  readonly tex?: string;
  readonly parameters: Readonly<Record<string, number>>;
}

export function potentialSummary(resolved: ResolvedProblem): PotentialSummary {
  return {
    expression: resolved.expression,
    ...(resolved.tex !== undefined ? { tex: resolved.tex } : {}),
    parameters: resolved.parameters,
  };
}

/** The landscape of a resolved problem, on its domain if one was given. */
export function landscapeOf(resolved: ResolvedProblem): Landscape {
  return analyzeLandscape(resolved.potential, {
    mass: resolved.mass,
    ...(resolved.domain ? { domain: resolved.domain } : {}),
  });
}
