import {
  anharmonicModes,
  networkMeanFirstPassageTime,
  type RateNetwork,
  rateNetwork,
  type SaddleND,
  type TransitionND,
} from '../multid/index.js';
import { type PreparedProblemND, type PreparedTransitionND, remember } from '../problem/index.js';
import { langerRate, type RateEstimate } from '../rates/index.js';
import type { MethodInfo, RouteND } from './method.js';
import { fromEstimate, notApplicableResult, type RouteResult } from './result.js';

/** A harmonic N-D rate (TST, Langer, Kramers–Langer) with what it was built from. */
export interface HarmonicResultND extends RouteResult {
  /** The attempt frequency multiplying e^{−ΔU/D}; null through the network or where it does not apply. */
  readonly prefactor: number | null;
  /** ΔU/D of the saddle crossed (null through the network). */
  readonly barrierToNoise: number | null;
  /** κ of the unstable mode at the saddle (1/time). */
  readonly growthRate: number | null;
  /** The saddle crossed (its id in `analyze`), or null. */
  readonly saddle: number | null;
  /** Through the rate network (start and target minima not neighbours): 1/MFPT of the jump process. */
  readonly viaNetwork: boolean;
}

/** A route's rate network, with how many transitions of the landscape had a rate to give it. */
export interface HarmonicNetwork extends RateNetwork {
  /** Transitions (minimum to minimum or out, over an index-1 saddle) with a rate; 0: no network. */
  readonly rated: number;
}

/** A harmonic N-D route, which also builds the network of its rates between all minima. */
export interface HarmonicRouteND extends RouteND<HarmonicResultND> {
  readonly network: (p: PreparedProblemND) => HarmonicNetwork;
}

/** κ of one saddle under a route's dynamics. */
export type GrowthRateOf = (p: PreparedProblemND, saddle: SaddleND) => number;

/** The Hessian of U at a point, row by row. */
export function hessianAt(p: PreparedProblemND, x: readonly number[]): Float64Array {
  const h = new Float64Array(p.dimension * p.dimension);
  p.potential.hessian(x, h);
  return h;
}

function transitionEstimate(
  p: PreparedProblemND,
  tr: TransitionND,
  info: MethodInfo,
  kappaOf: GrowthRateOf,
): { estimate: RateEstimate; kappa: number } {
  const minimum = p.landscape.minima[tr.from]!;
  const saddle = p.landscape.saddles[tr.saddle]!;
  const kappa = kappaOf(p, saddle);
  const estimate = langerRate({
    wellEigenvalues: minimum.hessianEigenvalues,
    saddleEigenvalues: saddle.hessianEigenvalues,
    growthRate: kappa,
    deltaU: tr.deltaU,
    D: p.D,
    name: info.label,
  });
  return { estimate, kappa };
}

/**
 * Harmonic populations of the minima, Z_i ∝ e^{−(U_i − U_min)/D}/√det H_i: the weights the
 * Langer rates balance (π_i k_ij = π_j k_ji over a shared saddle).
 */
function harmonicPopulations(p: PreparedProblemND): number[] {
  const uMin = Math.min(...p.landscape.minima.map((m) => m.U));
  return p.landscape.minima.map((m) => {
    const logDet = m.hessianEigenvalues.reduce((s, v) => s + Math.log(Math.max(v, 1e-300)), 0);
    return Math.exp(-(m.U - uMin) / p.D - 0.5 * logDet);
  });
}

/** The network of one route's rates over every transition of the landscape (memoised per D, γ). */
export function harmonicNetwork(
  p: PreparedProblemND,
  info: MethodInfo,
  kappaOf: GrowthRateOf,
): HarmonicNetwork {
  const key = `network|${info.key}|${p.D}|${Array.from(p.friction)}|${Array.from(p.massMatrix)}`;
  return remember(p, key, () => {
    const edges = p.landscape.transitions.map((tr) => ({
      from: tr.from,
      to: tr.to,
      rate: transitionEstimate(p, tr, info, kappaOf).estimate.rate ?? Number.NaN,
    }));
    const rated = edges.filter((e) => !Number.isNaN(e.rate)).length;
    return { ...rateNetwork(p.landscape.minima.length, edges, harmonicPopulations(p)), rated };
  });
}

function notApplicableND(info: MethodInfo, why: string): HarmonicResultND {
  return {
    ...notApplicableResult(info, why),
    prefactor: null,
    barrierToNoise: null,
    growthRate: null,
    saddle: null,
    viaNetwork: false,
  };
}

/** Langer's formula over the saddle between neighbouring minima, with its validity warnings. */
function overSaddle(
  t: PreparedTransitionND,
  info: MethodInfo,
  kappaOf: GrowthRateOf,
  tr: TransitionND,
): HarmonicResultND {
  const p = t.problem;
  const { estimate, kappa } = transitionEstimate(p, tr, info, kappaOf);
  const minimum = p.landscape.minima[tr.from]!;
  const saddle = p.landscape.saddles[tr.saddle]!;
  const warnings =
    estimate.retcode === 'success'
      ? [
          ...anharmonicModes(p.potential, [...minimum.x], p.D, `minimum ${tr.from}`),
          ...anharmonicModes(p.potential, [...saddle.x], p.D, `saddle ${tr.saddle}`),
        ]
      : [];
  return {
    ...fromEstimate(info, estimate),
    warnings: [...t.geometry.warnings, ...estimate.warnings, ...warnings],
    definition: `${info.definition}; over saddle ${tr.saddle} from minimum ${tr.from} to ${tr.to}`,
    prefactor: estimate.prefactor,
    barrierToNoise: estimate.barrierToNoise,
    growthRate: kappa,
    saddle: tr.saddle,
    viaNetwork: false,
  };
}

/**
 * A harmonic route on an N-D passage: the formula over the saddle when start and target minima
 * are neighbours; otherwise 1/MFPT of the jump process on the network of this route's rates (so
 * Müller–Brown's A → B goes through C, as the walkers do); not applicable to a target region.
 */
export function harmonicRouteND(
  t: PreparedTransitionND,
  info: MethodInfo,
  kappaOf: GrowthRateOf,
): HarmonicResultND {
  const { fromMinimum, target, transition } = t.geometry;
  if (target.minimum === null || fromMinimum === null) {
    return notApplicableND(
      info,
      `${info.label} not applicable: the target is ${target.description}, not a minimum's basin; a harmonic rate runs from minimum to minimum over a saddle`,
    );
  }
  if (transition) return overSaddle(t, info, kappaOf, transition);
  const network = harmonicNetwork(t.problem, info, kappaOf);
  const mfpt = networkMeanFirstPassageTime(network, fromMinimum, target.minimum);
  const logRate = -Math.log(mfpt);
  return {
    rate: Math.exp(logRate),
    logRate,
    error: null,
    retcode: Number.isFinite(logRate) ? 'success' : 'not_applicable',
    definition: `1/MFPT from minimum ${fromMinimum} to minimum ${target.minimum} of the jump process between minima with ${info.label} rates (no saddle joins them directly)`,
    warnings: [...t.geometry.warnings],
    prefactor: null,
    barrierToNoise: null,
    growthRate: null,
    saddle: null,
    viaNetwork: true,
  };
}
