import { adaptiveGaussLegendre, KramersError } from '../core/index.js';
import { crossing, type PreparedTransition, passageKey, remember } from '../problem/index.js';
import {
  kleinKramersDomain,
  kleinKramersSpectrum,
  kleinKramersSpectrumSeconds,
} from '../spectral/index.js';
import { inertialContext } from './inertialContext.js';
import type { MethodInfo, Route, RouteOptions } from './method.js';
import { notApplicableResult, type RouteResult } from './result.js';

const info: MethodInfo = {
  key: 'kleinKramers',
  label: 'exact Klein–Kramers λ1·p_b',
  short: 'exact',
  definition:
    'one-way rate k_ab = λ1·p_b from the lowest non-zero eigenvalue of the Klein–Kramers operator (population relaxation; λ1 = 2k for a symmetric double well)',
  regime:
    'underdamped dynamics at any friction, two confined wells (mirror images or not); error estimate from refining the Hermite and Chebyshev bases (default 1e-4 relative, 1e-8 reachable from γ ≈ 0.05 ω_a up)',
  reference: 'Risken, The Fokker–Planck Equation (1989) ch. 10; Kramers, Physica 7, 284 (1940)',
  dynamics: 'underdamped',
  kind: 'exact',
  colour: '#000000',
};

/** The exact underdamped result: λ1 and the target well's equilibrium population behind k. */
export interface KleinKramersRouteResult extends RouteResult {
  readonly lambda1?: number;
  readonly lambda1Error?: number;
  /** p_b = ∫_b e^{−U/D} / ∫ e^{−U/D}, basins split at the barrier top. */
  readonly targetPopulation?: number;
}

/** Where the reference works and how much of the equilibrium sits in the target well. */
export interface RelaxationGeometry {
  /** The interval of natural boundaries (Boltzmann weight below e^{−30} outside). */
  readonly domain: { readonly min: number; readonly max: number };
  readonly targetPopulation: number;
}

const NEEDS_TWO_WELLS =
  'exact and simulated columns need two confined wells (population relaxation); escape into a sink is not covered yet';

function computeRelaxationGeometry(t: PreparedTransition): RelaxationGeometry {
  const c = crossing(t)!;
  const { potential, D, landscape } = t.problem;
  const domain = kleinKramersDomain(potential, D, landscape.domain);
  const weight = (x: number) => Math.exp(-(potential.U(x) - c.well.U) / D);
  const left = adaptiveGaussLegendre(weight, domain.min, c.barrier.x, { relTol: 1e-12 }).value;
  const right = adaptiveGaussLegendre(weight, c.barrier.x, domain.max, { relTol: 1e-12 }).value;
  const other = landscape.wells[c.transition.to as number]!;
  return {
    domain: { min: domain.min, max: domain.max },
    targetPopulation: (other.x > c.barrier.x ? right : left) / (left + right),
  };
}

/**
 * The relaxation geometry of a passage between two confined wells (computed once per problem,
 * passage and D), or a reason why there is none.
 */
export function relaxationGeometry(t: PreparedTransition): RelaxationGeometry | string {
  if (t.spec.fromX !== undefined || t.spec.toX !== undefined || t.spec.reflectX !== undefined) {
    return 'population relaxation is defined between the two wells, not from or to a chosen point';
  }
  if (!inertialContext(t).twoWells) return NEEDS_TWO_WELLS;
  const key = `relaxation-geometry|${passageKey(t)}|${t.problem.D}`;
  return remember(t.problem, key, () => {
    try {
      return computeRelaxationGeometry(t);
    } catch (error) {
      if (!(error instanceof KramersError)) throw error;
      return `exact and simulated columns left empty: ${error.message}`;
    }
  });
}

function solve(t: PreparedTransition, geometry: RelaxationGeometry, tolerance: number) {
  const { potential, D, gamma, mass, landscape } = t.problem;
  const r = kleinKramersSpectrum({
    potential,
    D,
    gamma,
    mass,
    searchDomain: landscape.domain,
    modes: 2,
    tolerance,
  });
  const p = geometry.targetPopulation;
  const lambda1 = r.eigenvalues[1]!;
  const error = r.errors[1]!;
  return {
    rate: lambda1 * p,
    logRate: Math.log(lambda1 * p),
    error: error * p,
    relativeError: error / lambda1,
    retcode: r.retcode,
    definition: info.definition,
    warnings: r.warnings,
    lambda1,
    lambda1Error: error,
    targetPopulation: p,
  };
}

/** The estimated seconds of the Klein–Kramers solve of a passage (0 where it does not apply). */
export function kleinKramersCost(t: PreparedTransition, tolerance = 1e-4): number {
  if (typeof relaxationGeometry(t) === 'string') return 0;
  const { potential, D, gamma, mass, landscape } = t.problem;
  const searchDomain = landscape.domain;
  try {
    return kleinKramersSpectrumSeconds({ potential, D, gamma, mass, searchDomain, tolerance });
  } catch (error) {
    // The solve itself reports a potential it cannot take (its cell is left empty), at no cost.
    if (!(error instanceof KramersError)) throw error;
    return 0;
  }
}

/**
 * The exact inertial rate between two confined wells: λ1 = k_ab + k_ba of the Klein–Kramers operator
 * (Hermite functions in v, mapped Chebyshev collocation in x, block shift-invert; see
 * spectral/kleinKramersSpectrum.ts) times the target's equilibrium population p_b, so that
 * k_ab = λ1 p_b and k_ba = λ1 p_a (detailed balance, p_a k_ab = p_b k_ba). Seconds per point at
 * weak friction, so it is computed once per problem, passage, D, γ and tolerance.
 */
export const kleinKramersRoute: Route<KleinKramersRouteResult> = {
  info,
  run(t: PreparedTransition, options: RouteOptions = {}): KleinKramersRouteResult {
    const geometry = relaxationGeometry(t);
    if (typeof geometry === 'string') return notApplicableResult(info, geometry);
    const tolerance = options.tolerance ?? 1e-4;
    const { D, gamma } = t.problem;
    const key = `kleinKramers|${passageKey(t)}|${D}|${gamma}|${tolerance}`;
    return remember(t.problem, key, () => solve(t, geometry, tolerance));
  },
};
