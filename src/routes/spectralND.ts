import { gridSpectrum, richardson } from '../multid/index.js';
import { type PreparedTransitionND, passageKeyND, remember } from '../problem/index.js';
import { twoStateGapWarnings } from '../spectral/index.js';
import type { GridRouteOptions } from './exactND.js';
import {
  budgetedLadder,
  DEFAULT_FINEST_NODES,
  gridNotApplicable,
  gridProblemOf,
} from './gridND.js';
import type { MethodInfo, RouteND } from './method.js';
import { notApplicableResult, type RouteResult } from './result.js';
import { type SpectralResult, spectralRoute } from './spectral.js';

const infoND: MethodInfo = {
  ...spectralRoute.info,
  definition:
    'k_ab = λ1·p_b: λ1 of the 2-D Smoluchowski operator on grids of the box (reflecting walls), p_b = c_a/(c_a − c_b) the target population from the plateaus c_a, c_b of its eigenfunction (the 1-D route uses the Boltzmann mass of the basin; they differ by O(e^{−ΔU/D})); for two minima',
};

function spectralRate(
  t: PreparedTransitionND,
  options: GridRouteOptions,
): SpectralResult | RouteResult {
  const p = t.problem;
  const { fromMinimum, target } = t.geometry;
  if (fromMinimum === null || target.minimum === null || p.landscape.minima.length !== 2) {
    return notApplicableResult(
      infoND,
      'the spectral rate λ1·p_b is defined between the two minima of a box that holds exactly two; kramers spectrum gives the eigenvalues for more',
    );
  }
  const tolerance = options.tolerance ?? 1e-4;
  const ladder = budgetedLadder(
    p,
    options.grid ?? DEFAULT_FINEST_NODES,
    'the 2-D Smoluchowski spectrum',
    options.budgetSeconds,
    3,
  );
  const problem = gridProblemOf(p);
  const a = p.landscape.minima[fromMinimum]!.x as [number, number];
  const b = p.landscape.minima[target.minimum]!.x as [number, number];
  const spectrum = gridSpectrum(problem, ladder, 3, tolerance, [a, b]);
  // Two states: λ1's eigenfunction is a plateau c_a in one basin and −c_b in the other, and
  // ⟨φ1, 1⟩_π = 0 gives p_a c_a = p_b c_b, so p_b = c_a/(c_a + c_b) (Risken 1989, §6.6).
  // p_b on each grid, then extrapolated like the eigenvalues.
  const populations = spectrum.grids.map((g) => g.modeAt[0]! / (g.modeAt[0]! - g.modeAt[1]!));
  const extrapolated = richardson(ladder.levels.slice(1), populations);
  const fine = extrapolated.value;
  const populationError = Math.max(
    extrapolated.error,
    0.05 * Math.abs(populations[2]! - populations[1]!),
  );
  if (fine + populationError < 0 || fine - populationError > 1) {
    // A population outside [0, 1] beyond its error: λ1's eigenfunction is no pair of plateaus
    // of opposite sign, so the two-state picture (Risken 1989, §6.6) behind λ1·p_b fails here.
    return notApplicableResult(
      infoND,
      `the target population from λ1's eigenfunction came out ${Number(fine.toPrecision(3))} ± ${Number(populationError.toPrecision(2))}, outside [0, 1]: the slowest mode is not a passage between the two minima, so λ1·p_b is no rate between them${t.geometry.walls ? ' (the walls hold it: see their warning)' : ''}`,
    );
  }
  const lambda1 = spectrum.eigenvalues[1]!;
  const rate = lambda1 * fine;
  const relativeError = spectrum.errors[1]! / lambda1 + populationError / fine;
  const gap = spectrum.eigenvalues[2]! / lambda1;
  return {
    rate,
    logRate: Math.log(rate),
    error: rate * relativeError,
    relativeError,
    retcode: relativeError <= tolerance ? spectrum.retcode : 'not_converged',
    definition: infoND.definition,
    // The same test and words as the 1-D spectrum (src/spectral/separationWarnings.ts).
    warnings: [...t.geometry.warnings, ...twoStateGapWarnings(gap)],
    lambda1,
    lambda1Error: spectrum.errors[1],
    gap,
    populations: p.landscape.minima.map((_, j) => (j === target.minimum ? fine : 1 - fine)),
  };
}

/** The spectral rate between the two minima of a 2-D box: the catalogue's `spectral` method. */
export const spectralNDRoute: RouteND<SpectralResult | RouteResult> & {
  readonly run: (
    t: PreparedTransitionND,
    options?: GridRouteOptions,
  ) => SpectralResult | RouteResult;
} = {
  info: spectralRoute.info,
  run(t: PreparedTransitionND, options: GridRouteOptions = {}) {
    const why = gridNotApplicable(t.problem);
    if (why) return notApplicableResult(infoND, why);
    const { D, gamma } = t.problem;
    const key = `spectralND|${passageKeyND(t)}|${D}|${JSON.stringify(gamma)}|${options.tolerance}|${options.grid}`;
    return remember(t.problem, key, () => spectralRate(t, options));
  },
};
