import { adaptiveGaussLegendre, KramersError } from '../core/index.js';
import { crossing, type PreparedTransition, passageKey, remember } from '../problem/index.js';
import {
  basinPopulations,
  basinSplits,
  kleinKramersDomain,
  kleinKramersSpectrum,
  kleinKramersSpectrumSeconds,
  rateMatrixFromProjections,
} from '../spectral/index.js';
import { inertialContext } from './inertialContext.js';
import type { MethodInfo, Route, RouteOptions } from './method.js';
import { notApplicableResult, type RouteResult } from './result.js';

const info: MethodInfo = {
  key: 'kleinKramers',
  label: 'exact Klein–Kramers λ1·p_b',
  short: 'exact',
  definition:
    'one-way rate k_ab = λ1·p_b from the lowest non-zero eigenvalue of the Klein–Kramers operator (population relaxation; λ1 = 2k for a symmetric double well); with more wells the element K_ab of the rate matrix from the slowest n modes',
  regime:
    'underdamped dynamics at any friction, two or more confined wells (mirror images or not); error estimate from refining the Hermite and Chebyshev bases (default 1e-4 relative, 1e-8 reachable from γ ≈ 0.05 ω_a up)',
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
  // The slowest modes a complex pair: no rate (the spectrum's warning says why).
  if (r.retcode === 'not_applicable') return notApplicableResult(info, r.warnings.at(-1)!);
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

/**
 * A passage between two of n ≥ 3 wells confined on both sides (the n-well rate matrix applies):
 * the rows of its ends in the matrix (wells sorted by x), or null.
 */
function wellPair(t: PreparedTransition): { from: number; to: number } | null {
  if (t.spec.fromX !== undefined || t.spec.toX !== undefined || t.spec.reflectX !== undefined) {
    return null;
  }
  const c = crossing(t);
  const { landscape } = t.problem;
  const confined = landscape.edges.left === 'confining' && landscape.edges.right === 'confining';
  if (!c || !confined || landscape.wells.length < 3 || typeof c.transition.to !== 'number') {
    return null;
  }
  const order = landscape.wells.map((w) => w.x).sort((a, b) => a - b);
  const row = (i: number) => order.indexOf(landscape.wells[i]!.x);
  return { from: row(c.transition.from), to: row(c.transition.to) };
}

/**
 * The n-well rate matrix from the n slowest Klein–Kramers modes (rateMatrixFromProjections: basin
 * projections of their position marginals) with its errors, once per problem, D, γ and tolerance
 * (every pair of wells reads the same matrix), or why there is none.
 */
function wellMatrix(t: PreparedTransition, tolerance: number) {
  const { potential, D, gamma, mass, landscape } = t.problem;
  const key = `kleinKramersWells|${D}|${gamma}|${tolerance}`;
  return remember(t.problem, key, () => {
    try {
      const splits = basinSplits(
        landscape.wells.map((w) => w.x),
        landscape.barriers,
      );
      const r = kleinKramersSpectrum({
        potential,
        D,
        gamma,
        mass,
        searchDomain: landscape.domain,
        modes: landscape.wells.length,
        splits,
        tolerance,
      });
      if (r.retcode === 'not_applicable') return `exact column left empty: ${r.warnings.at(-1)}`;
      const cuts = [r.domain.min, ...splits, r.domain.max];
      const uRef = Math.min(...landscape.wells.map((w) => w.U));
      const populations = basinPopulations(potential, D, cuts, uRef);
      const projected = rateMatrixFromProjections(
        r.basinProjections!,
        r.eigenvalues,
        r.errors,
        populations,
      );
      return { ...projected, populations, retcode: r.retcode, warnings: r.warnings };
    } catch (error) {
      if (!(error instanceof KramersError)) throw error;
      return `exact column left empty: ${error.message}`;
    }
  });
}

/** k_ab as the element of the n-well rate matrix (wellMatrix), with its error. */
function solveWells(t: PreparedTransition, pair: { from: number; to: number }, tolerance: number) {
  const m = wellMatrix(t, tolerance);
  if (typeof m === 'string') return notApplicableResult(info, m);
  const rate = m.matrix[pair.from]![pair.to]!;
  const error = m.errors[pair.from]![pair.to]!;
  if (!(rate > error)) {
    return notApplicableResult(
      info,
      `the rate matrix element from well ${pair.from} to ${pair.to} (by position) is ${rate} ± ${error}, not a positive rate: the wells are not neighbours or not metastable`,
    );
  }
  return {
    rate,
    logRate: Math.log(rate),
    error,
    relativeError: error / rate,
    retcode: m.retcode,
    definition: info.definition,
    warnings: m.warnings,
    targetPopulation: m.populations[pair.to]!,
  };
}

/** The estimated seconds of the Klein–Kramers solve of a passage (0 where it does not apply). */
export function kleinKramersCost(t: PreparedTransition, tolerance = 1e-4): number {
  const pair = typeof relaxationGeometry(t) === 'string' ? wellPair(t) : null;
  if (typeof relaxationGeometry(t) === 'string' && pair === null) return 0;
  const { potential, D, gamma, mass, landscape } = t.problem;
  const searchDomain = landscape.domain;
  const modes = pair ? landscape.wells.length : 2;
  try {
    return kleinKramersSpectrumSeconds({
      potential,
      D,
      gamma,
      mass,
      searchDomain,
      tolerance,
      modes,
    });
  } catch (error) {
    // The solve itself reports a potential it cannot take (its cell is left empty), at no cost.
    if (!(error instanceof KramersError)) throw error;
    return 0;
  }
}

/**
 * The exact inertial rate between confined wells. Two: λ1 = k_ab + k_ba of the Klein–Kramers operator
 * (Hermite functions in v, mapped Chebyshev collocation in x, block shift-invert; see
 * spectral/kleinKramersSpectrum.ts) times the target's equilibrium population p_b, so that
 * k_ab = λ1 p_b and k_ba = λ1 p_a (detailed balance, p_a k_ab = p_b k_ba). Seconds per point at
 * weak friction, so it is computed once per problem, passage, D, γ and tolerance. Three or more
 * (confined on both sides): the element k_ab of the rate matrix from the n slowest modes.
 */
export const kleinKramersRoute: Route<KleinKramersRouteResult> = {
  info,
  run(t: PreparedTransition, options: RouteOptions = {}): KleinKramersRouteResult {
    const geometry = relaxationGeometry(t);
    const tolerance = options.tolerance ?? 1e-4;
    const { D, gamma } = t.problem;
    if (typeof geometry === 'string') {
      const pair = wellPair(t);
      if (pair === null) return notApplicableResult(info, geometry);
      const key = `kleinKramersWells|${passageKey(t)}|${D}|${gamma}|${tolerance}`;
      return remember(t.problem, key, () => solveWells(t, pair, tolerance));
    }
    const key = `kleinKramers|${passageKey(t)}|${D}|${gamma}|${tolerance}`;
    return remember(t.problem, key, () => solve(t, geometry, tolerance));
  },
};
