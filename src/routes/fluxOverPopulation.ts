import { fluxOverPopulationRate } from '../exact1d/index.js';
import { crossing, type PreparedTransition, passageKey, remember } from '../problem/index.js';
import type { MethodInfo, Route, RouteOptions } from './method.js';
import { notApplicableResult, type RouteResult } from './result.js';

const info: MethodInfo = {
  key: 'fluxOverPopulation',
  label: 'flux over population',
  short: 'J/N',
  definition:
    'one-way rate k = J/N: the stationary flux from the well into a sink beyond the barrier over the well population up to the barrier top, by quadrature',
  regime:
    'overdamped, any barrier shape; equals 1/MFPT up to relative terms O(e^{−ΔU/D}) (exactly for a sink at the mirror image of a symmetric well)',
  reference: 'Farkas, Z. Phys. Chem. 125, 236 (1927); Kramers, Physica 7, 284 (1940)',
  dynamics: 'overdamped',
  kind: 'exact',
  colour: '#c2255c',
};

/** The flux-over-population route's result: the flux and the population behind k = J/N. */
export interface FluxOverPopulationRouteResult extends RouteResult {
  /** J for the density normalised to 1 at the well bottom (length/time). */
  readonly flux?: number;
  /** N = ∫ e^{−(U − U_a)/D} over the well up to the barrier top (length). */
  readonly population?: number;
}

function solve(t: PreparedTransition, tolerance?: number): FluxOverPopulationRouteResult {
  const c = crossing(t);
  const { far, fromWell, target } = t.geometry;
  if (!c || fromWell === null || t.spec.fromX !== undefined) {
    return notApplicableResult(
      info,
      'flux over population needs a well bottom as the source and a barrier before the sink',
    );
  }
  if (far.kind === 'absorbing') {
    return notApplicableResult(
      info,
      'flux over population counts the well up to a wall or a natural boundary; with an absorbing neighbour behind the well use the exact route',
    );
  }
  const { potential, D, gamma } = t.problem;
  const r = fluxOverPopulationRate({
    potential,
    D,
    gamma,
    well: c.well.x,
    barrier: c.barrier.x,
    sink: target.x,
    ...(far.kind === 'reflecting' && far.x !== null ? { reflecting: far.x } : {}),
    ...(tolerance !== undefined ? { tolerance } : {}),
  });
  return {
    rate: r.rate,
    logRate: r.logRate,
    error: r.error,
    relativeError: r.relativeError,
    retcode: r.retcode,
    definition: info.definition,
    warnings: [...t.geometry.warnings, ...r.warnings],
    flux: r.flux,
    population: r.population,
  };
}

/**
 * Kramers' flux-over-population rate of a passage (Farkas 1927; Kramers 1940): the stationary
 * flux into the sink over the well population, two quadratures with an error bound.
 */
export const fluxOverPopulationRoute: Route<FluxOverPopulationRouteResult> = {
  info,
  run(t: PreparedTransition, options: RouteOptions = {}): FluxOverPopulationRouteResult {
    const { D, gamma } = t.problem;
    const key = `fluxOverPopulation|${passageKey(t)}|${D}|${gamma}|${options.tolerance}`;
    return remember(t.problem, key, () => solve(t, options.tolerance));
  },
};
