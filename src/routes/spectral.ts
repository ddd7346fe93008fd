import type { RetCode } from '../core/index.js';
import { type PreparedTransition, passageKey, remember } from '../problem/index.js';
import {
  ELEMENT_TOLERANCE,
  type ModeRateMatrix,
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
  const modes = rateMatrixFromModes(
    spectrum,
    landscape.wells.map((w) => w.x),
    landscape.barriers.map((b) => b.x),
    { potential, D },
  );
  const { populations, populationErrors } = modes;
  const common = {
    warnings: separationWarnings(spectrum.eigenvalues, n, spectrum.warnings),
    lambda1,
    lambda1Error: spectrum.errors[1],
    gap: spectrum.gap,
    populations,
  };
  if (n > 2) return matrixElement(modes, from, to, spectrum.retcode, common);
  const rate = lambda1 * populations[to]!;
  return {
    rate,
    logRate: Math.log(rate),
    // Both factors' errors: λ1's (grid extrapolation) and p_b's (quadrature at the barrier top).
    error: rate * (spectrum.errors[1]! / lambda1 + populationErrors[to]! / populations[to]!),
    retcode: spectrum.retcode,
    definition:
      'k_ab = λ1·p_b from λ1 = k_ab + k_ba and detailed balance p_a k_ab = p_b k_ba (λ1/2 for a symmetric double well); p_b the Boltzmann mass of the target basin (beyond the barrier top), which differs from the plateau ratio of the 2-D route by O(e^{−ΔU/D})',
    ...common,
  };
}

const MATRIX_DEFINITION =
  "element of the rate matrix K = Φ diag(−λ) Φ⁻¹ from the lowest n modes, each pair of neighbouring wells from the shallower well's row and the other element by detailed balance with the basin populations";

/**
 * K[from][to] of three or more wells with its error. Wells that are not neighbours have no
 * direct rate on a line (every path runs through the wells between): not_applicable. An element
 * that is not positive or whose error reaches it is no rate (null); one whose error exceeds
 * ELEMENT_TOLERANCE of it is reported, not_converged.
 */
function matrixElement(
  modes: ModeRateMatrix,
  from: number,
  to: number,
  retcode: RetCode,
  common: { warnings: string[] } & Omit<SpectralResult, keyof RouteResult>,
): SpectralResult {
  if (Math.abs(from - to) !== 1) {
    const why = `wells ${from} and ${to} are not neighbours: every passage between them runs through the wells between, so the rate matrix has no direct element (use the exact route's MFPT, or chain the neighbouring rates)`;
    return { ...notApplicableResult(info, why), ...common, warnings: [why, ...common.warnings] };
  }
  const rate = modes.matrix[from]![to]!;
  const error = modes.errors[from]![to]!;
  const text = `K[${from}][${to}] = ${Number(rate.toPrecision(3))} ± ${Number(error.toPrecision(2))}`;
  if (!(rate > 0) || !(error < rate)) {
    return {
      rate: null,
      logRate: null,
      error: null,
      retcode: 'not_converged',
      definition: MATRIX_DEFINITION,
      ...common,
      warnings: [
        ...common.warnings,
        `${text} is not a rate (negative, or its error as large as itself): the slow modes do not resolve these wells`,
      ],
    };
  }
  const loose = error > ELEMENT_TOLERANCE * rate;
  return {
    rate,
    logRate: Math.log(rate),
    error,
    retcode: loose ? 'not_converged' : retcode,
    definition: MATRIX_DEFINITION,
    ...common,
    warnings: loose
      ? [
          ...common.warnings,
          `${text}: relative error ${(error / rate).toExponential(1)} above ${ELEMENT_TOLERANCE} (the eigenvectors are not accurate enough for it)`,
        ]
      : common.warnings,
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
