import { type PreparedTransition, passageKey, remember } from '../problem/index.js';
import {
  rateMatrixFromModes,
  separationWarnings,
  smoluchowskiSpectrum,
} from '../spectral/index.js';
import type { MethodInfo, Route, RouteOptions } from './method.js';
import { notApplicableResult, type RouteResult } from './result.js';

const info: MethodInfo = {
  key: 'spectral',
  label: 'spectral (Fokker–Planck λ)',
  short: 'spectral',
  definition:
    'rate from the lowest Fokker–Planck eigenvalues: k_ab = λ1·p_b between two wells, a rate-matrix element for more, λ1 with an absorbing sink for one metastable well',
  regime:
    'overdamped; meaningful as a rate when λ2/λ1 ≫ 1 (time-scale separation), which it reports',
  reference:
    'Risken, The Fokker–Planck Equation (1989); Bernstein & Brown, PRL 52, 1933 (1984) for λ1 from the partner potential',
  dynamics: 'overdamped',
  kind: 'exact',
  colour: '#1c7ed6',
};

/** The spectral route's result: λ1 behind the rate, the gap, the well populations. */
export interface SpectralResult extends RouteResult {
  readonly lambda1?: number;
  readonly lambda1Error?: number | undefined;
  readonly gap?: number;
  readonly populations?: readonly number[];
}

function tol(tolerance: number | undefined) {
  return tolerance !== undefined ? { tolerance: Math.max(tolerance, 1e-12) } : {};
}

/** Confined wells: λ1·p_b for two, a rate-matrix element from the lowest modes for more. */
function betweenWells(t: PreparedTransition, from: number, to: number, tolerance?: number) {
  const { potential, D, gamma, landscape } = t.problem;
  const n = landscape.wells.length;
  const spectrum = smoluchowskiSpectrum({
    potential,
    D,
    gamma,
    n: Math.max(n, 2) + 1,
    // A given domain is a pair of reflecting walls (as for the exact route); otherwise the
    // boundaries are natural, found from the landscape's search domain.
    ...(landscape.domainSource === 'given'
      ? { domain: landscape.domain }
      : { searchDomain: landscape.domain }),
    ...tol(tolerance),
  });
  const lambda1 = spectrum.eigenvalues[1]!;
  const { matrix, populations } = rateMatrixFromModes(
    spectrum,
    landscape.wells.map((w) => w.x),
    landscape.barriers.map((b) => b.x),
  );
  const rate = n === 2 ? lambda1 * populations[to]! : matrix[from]![to]!;
  return {
    rate,
    logRate: Math.log(rate),
    error: n === 2 ? rate * (spectrum.errors[1]! / lambda1) : null,
    retcode: spectrum.retcode,
    definition:
      n === 2
        ? 'k_ab = λ1·p_b from λ1 = k_ab + k_ba and detailed balance p_a k_ab = p_b k_ba (λ1/2 for a symmetric double well)'
        : 'element of the rate matrix K = Φ diag(−λ) Φ⁻¹ built from the lowest n modes',
    warnings: separationWarnings(spectrum.eigenvalues, n, spectrum.warnings),
    lambda1,
    lambda1Error: spectrum.errors[1],
    gap: spectrum.gap,
    populations,
  };
}

/** One metastable well open on one side: λ1 with an absorbing end at the sink. */
function intoSink(t: PreparedTransition, side: 'left' | 'right', tolerance?: number) {
  const { potential, D, gamma, landscape } = t.problem;
  const sink = t.geometry.target.x;
  const domain =
    side === 'left'
      ? { min: sink, max: landscape.domain.max }
      : { min: landscape.domain.min, max: sink };
  const spectrum = smoluchowskiSpectrum({
    potential,
    D,
    gamma,
    n: 3,
    searchDomain: domain,
    boundaries: { [side]: 'absorbing' },
    ...tol(tolerance),
  });
  const rate = spectrum.eigenvalues[0]!;
  return {
    rate,
    logRate: Math.log(rate),
    error: spectrum.errors[0] ?? null,
    retcode: spectrum.retcode,
    definition:
      'λ1 with an absorbing end at the sink: the decay rate of the quasi-stationary well population',
    warnings: spectrum.warnings,
    lambda1: rate,
    lambda1Error: spectrum.errors[0],
    gap: spectrum.gap,
  };
}

function spectralRate(t: PreparedTransition, tolerance?: number): SpectralResult {
  const { landscape } = t.problem;
  const { fromWell, target, transition } = t.geometry;
  if (fromWell === null || target.well === null || !transition) {
    return notApplicableResult(
      info,
      'the spectral rate is defined between wells, not to a chosen point',
    );
  }
  const confined = landscape.edges.left === 'confining' && landscape.edges.right === 'confining';
  if (typeof target.well === 'number' && confined) {
    return betweenWells(t, fromWell, target.well, tolerance);
  }
  if (typeof target.well === 'string' && landscape.wells.length === 1) {
    const side = target.well === '-inf' ? 'left' : 'right';
    const otherOpen =
      side === 'left'
        ? landscape.edges.right !== 'confining'
        : landscape.edges.left !== 'confining';
    if (otherOpen) {
      return notApplicableResult(
        info,
        'the well is not confined on its other side (U falls away or levels off there): the spectral escape rate over one barrier alone is not defined',
      );
    }
    return intoSink(t, side, tolerance);
  }
  return notApplicableResult(
    info,
    'the spectral route covers confined wells and a single metastable well; use the exact method here',
  );
}

/** The overdamped rate from the Fokker–Planck spectrum (detailed-balance discretisation). */
export const spectralRoute: Route<SpectralResult> = {
  info,
  run(t: PreparedTransition, options: RouteOptions = {}): SpectralResult {
    const { D, gamma } = t.problem;
    const key = `spectral|${passageKey(t)}|${D}|${gamma}|${options.tolerance}`;
    return remember(t.problem, key, () => spectralRate(t, options.tolerance));
  },
};
