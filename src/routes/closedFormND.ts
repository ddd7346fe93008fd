import {
  anharmonicModes,
  lowestSaddleChain,
  networkMeanFirstPassageTime,
  type RateNetwork,
  rateNetwork,
  type SaddleND,
  type TransitionND,
} from '../multid/index.js';
import {
  channelsND,
  type PreparedProblemND,
  type PreparedTransitionND,
  remember,
} from '../problem/index.js';
import { langerRate, type RateEstimate, summedRate } from '../rates/index.js';
import type { MethodInfo, RouteND } from './method.js';
import { fromEstimate, notApplicableResult, type RouteResult } from './result.js';

/** A harmonic N-D rate (TST, Langer, Kramers–Langer) with what it was built from. */
export interface HarmonicResultND extends RouteResult {
  /**
   * The attempt frequency multiplying e^{−ΔU/D}, ΔU the lowest saddle's (with parallel saddles
   * Σ_s A_s e^{−(ΔU_s − ΔU)/D}, so k = prefactor·e^{−ΔU/D} still); null through the network or
   * where it does not apply.
   */
  readonly prefactor: number | null;
  /** ΔU/D of the lowest saddle crossed (null through the network). */
  readonly barrierToNoise: number | null;
  /** κ of the unstable mode at the lowest saddle (1/time). */
  readonly growthRate: number | null;
  /** The lowest saddle crossed (its id in `analyze`), or null. */
  readonly saddle: number | null;
  /**
   * Every saddle joining start and target minima directly, lowest first, with its own share of
   * the rate: the route's rate is their sum (parallel channels add). Empty through the network.
   */
  readonly saddles: readonly SaddleChannel[];
  /**
   * Through the rate network: 1/MFPT of the jump process between minima, where start and target
   * are not neighbours or a chain through other minima changes the direct saddles' rate by > 1%.
   */
  readonly viaNetwork: boolean;
}

/** One saddle of a harmonic N-D rate: where it is, its barrier and its own rate. */
export interface SaddleChannel {
  /** Its id in `analyze`. */
  readonly id: number;
  readonly x: readonly number[];
  /** U(saddle) − U(start minimum). */
  readonly deltaU: number;
  /** κ of its unstable mode (1/time). */
  readonly growthRate: number;
  /** Its rate (1/time), possibly 0 by underflow; null where the formula does not apply there. */
  readonly rate: number | null;
  readonly logRate: number | null;
}

/** A route's rate network, with how many transitions of the landscape had a rate to give it. */
export interface HarmonicNetwork extends RateNetwork {
  /** Transitions (minimum to minimum or out, over an index-1 saddle) with a rate; 0: no network. */
  readonly rated: number;
}

/** A harmonic N-D route, which also builds the network of its rates between all minima. */
export interface HarmonicRouteND extends RouteND<HarmonicResultND> {
  readonly network: (p: PreparedProblemND) => HarmonicNetwork;
  /**
   * The formula over the passage's direct saddles alone (parallel ones summed): one transition's
   * one-way rate, the network's edge, as `analyze` lists it; `run` gives the passage's rate.
   */
  readonly direct: (t: PreparedTransitionND) => HarmonicResultND;
}

/** κ of one saddle under a route's dynamics. */
export type GrowthRateOf = (p: PreparedProblemND, saddle: SaddleND) => number;

/**
 * What the harmonic N-D routes' catalogue definitions add: which number they give where other
 * minima lie between start and target (harmonicRouteND).
 */
export const NETWORK_CLAUSE =
  '; from minimum to minimum with other minima on the way (a lower chain of saddles through them, side minima that change it by > 1%, or no direct saddle), 1/MFPT of the jump process between minima with these rates';

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
    // The same channels as the direct route: parallel saddles add in the network's k_ij.
    const edges = channelsND(p).map((tr) => ({
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
    saddles: [],
    viaNetwork: false,
  };
}

/** One saddle's estimate as a channel of the sum. */
function channelOf(
  p: PreparedProblemND,
  tr: TransitionND,
  part: { estimate: RateEstimate; kappa: number },
): SaddleChannel {
  return {
    id: tr.saddle,
    x: [...p.landscape.saddles[tr.saddle]!.x],
    deltaU: tr.deltaU,
    growthRate: part.kappa,
    rate: part.estimate.rate,
    logRate: part.estimate.logRate,
  };
}

/**
 * Langer's formula over every saddle between neighbouring minima, summed (parallel channels add:
 * Langer, Ann. Phys. 54, 258, 1969; Hänggi, Talkner & Borkovec, Rev. Mod. Phys. 62, 251, 1990
 * §IV), with the validity warnings of the minimum and of each saddle.
 */
function overSaddles(
  t: PreparedTransitionND,
  info: MethodInfo,
  kappaOf: GrowthRateOf,
  channels: readonly TransitionND[],
): HarmonicResultND {
  const p = t.problem;
  const parts = channels.map((tr) => transitionEstimate(p, tr, info, kappaOf));
  const estimate = summedRate(
    parts.map((q) => q.estimate),
    channels.map((tr) => tr.deltaU),
    p.D,
  );
  const lowest = channels[0]!;
  const minimum = p.landscape.minima[lowest.from]!;
  const warnings =
    estimate.retcode === 'success'
      ? [
          ...anharmonicModes(p.potential, [...minimum.x], p.D, `minimum ${lowest.from}`),
          ...channels.flatMap((tr) =>
            anharmonicModes(
              p.potential,
              [...p.landscape.saddles[tr.saddle]!.x],
              p.D,
              `saddle ${tr.saddle}`,
            ),
          ),
        ]
      : [];
  const over =
    channels.length === 1
      ? `over saddle ${lowest.saddle}`
      : `summed over ${channels.length} parallel saddles ${channels.map((tr) => tr.saddle).join(', ')} (parallel channels add)`;
  return {
    ...fromEstimate(info, estimate),
    warnings: [...new Set([...t.geometry.warnings, ...estimate.warnings, ...warnings])],
    definition: `${info.definition.replace(NETWORK_CLAUSE, '')}; ${over} from minimum ${lowest.from} to ${lowest.to}`,
    prefactor: estimate.prefactor,
    barrierToNoise: estimate.barrierToNoise,
    growthRate: parts[0]!.kappa,
    saddle: lowest.saddle,
    saddles: channels.map((tr, i) => channelOf(p, tr, parts[i]!)),
    viaNetwork: false,
  };
}

/**
 * Above this relative change of the rate, the chains through other minima matter and the route
 * reports the network's 1/MFPT instead of the direct saddles' sum. Below it the difference is far
 * inside the harmonic formulas' own leading-order error, O(D/ΔU) (≳ 1% at any ΔU/D < 100), and
 * the direct sum keeps what it was built from (prefactor, saddles).
 */
const OTHER_CHANNELS = 0.01;

function fmt(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/** The lowest chain of saddles from start to target minimum, in words, and its barrier. */
function chainWords(p: PreparedProblemND, from: number, to: number) {
  const steps = lowestSaddleChain(p.landscape, from, to);
  if (!steps || steps.length === 0) return null;
  const top = Math.max(...steps.map((s) => p.landscape.saddles[s.saddle]!.U));
  const barrier = top - p.landscape.minima[from]!.U;
  const minima = [from, ...steps.map((s) => s.to)].join(' → ');
  const saddles = steps.map((s) => s.saddle).join(', ');
  return {
    steps,
    barrier,
    words: `${minima} over saddle${steps.length > 1 ? 's' : ''} ${saddles}`,
  };
}

/**
 * The passage rate k_{0→1} with other minima in the box is 1/MFPT from minimum 0 into minimum 1
 * (what the exact route computes): the walker may go round through a third minimum over lower
 * saddles, or linger in a side minimum. The jump process between minima with this route's rates
 * (Kampen §XII.2) counts all of it, the direct saddles being edges of it. Returns the network's
 * result where it differs from the direct sum by more than OTHER_CHANNELS, else null.
 */
function throughOtherMinima(
  t: PreparedTransitionND,
  info: MethodInfo,
  kappaOf: GrowthRateOf,
  direct: HarmonicResultND,
): HarmonicResultND | null {
  const p = t.problem;
  const from = t.geometry.fromMinimum!;
  const to = t.geometry.target.minimum!;
  if (p.landscape.minima.length <= 2 || direct.logRate === null) return null;
  const network = harmonicNetwork(p, info, kappaOf);
  const logRate = -Math.log(networkMeanFirstPassageTime(network, from, to));
  if (!Number.isFinite(logRate) || Math.abs(Math.expm1(logRate - direct.logRate)) <= OTHER_CHANNELS)
    return null;
  const chain = chainWords(p, from, to);
  const share = Math.exp(direct.logRate - logRate);
  const over = direct.saddles.map((s) => s.id).join(', ');
  const directU = direct.saddles[0]!.deltaU;
  const path =
    chain && chain.steps.length > 1
      ? `the lowest path runs ${chain.words} (barrier ${fmt(chain.barrier)} against ${fmt(directU)} over the direct saddle ${over})`
      : `side minima hold the walker on its way (the direct saddle ${over}, ΔU = ${fmt(directU)}, is the lowest path)`;
  return {
    rate: Math.exp(logRate),
    logRate,
    error: null,
    retcode: 'success',
    definition: `1/MFPT from minimum ${from} to minimum ${to} of the jump process between minima with ${info.label} rates, which counts every chain of saddles; ${path}; the direct saddle alone gives ${fmt(direct.rate ?? 0)}, ${fmt(share)} of this rate`,
    warnings: [
      ...direct.warnings,
      `the passage ${from} → ${to} is not the direct saddle ${over} alone: ${path}; the harmonic routes give 1/MFPT of the rate network between the minima, which counts every path`,
    ],
    prefactor: null,
    barrierToNoise: null,
    growthRate: null,
    saddle: null,
    saddles: [],
    viaNetwork: true,
  };
}

/** The formula over the passage's direct saddles alone (see HarmonicRouteND.direct). */
export function directRouteND(
  t: PreparedTransitionND,
  info: MethodInfo,
  kappaOf: GrowthRateOf,
): HarmonicResultND {
  if (t.geometry.transitions.length === 0) {
    return notApplicableND(
      info,
      `${info.label} not applicable: no saddle joins the start and the target minimum directly`,
    );
  }
  return overSaddles(t, info, kappaOf, t.geometry.transitions);
}

/**
 * A harmonic route on an N-D passage, 1/MFPT from start to target minimum of the jump process
 * between minima with this route's rates: the formula summed over the saddles joining start and
 * target minima when they are neighbours and no chain through other minima changes it by more
 * than 1% (`throughOtherMinima`); otherwise the network's 1/MFPT (so Müller–Brown's A → B goes
 * through C, as the walkers do, and the three-hole potential's lower path through its third
 * minimum counts); not applicable to a target region.
 */
export function harmonicRouteND(
  t: PreparedTransitionND,
  info: MethodInfo,
  kappaOf: GrowthRateOf,
): HarmonicResultND {
  const { fromMinimum, target, transitions } = t.geometry;
  if (target.minimum === null || fromMinimum === null) {
    return notApplicableND(
      info,
      `${info.label} not applicable: the target is ${target.description}, not a minimum's basin; a harmonic rate runs from minimum to minimum over a saddle`,
    );
  }
  const walls = t.geometry.walls;
  if (walls?.belowStart) {
    // The walkers settle on the walls, below the start minimum: escape over the saddle, all a
    // harmonic rate counts, is not what sets the answer (the exact route's is the box's).
    return notApplicableND(
      info,
      `${info.label} not applicable: U on the box's walls (${Number(walls.U.toPrecision(4))}) lies below the start minimum, so escape over the saddle does not set this rate`,
    );
  }
  if (transitions.length > 0) {
    const direct = overSaddles(t, info, kappaOf, transitions);
    return throughOtherMinima(t, info, kappaOf, direct) ?? direct;
  }
  const network = harmonicNetwork(t.problem, info, kappaOf);
  const mfpt = networkMeanFirstPassageTime(network, fromMinimum, target.minimum);
  const logRate = -Math.log(mfpt);
  const chain = chainWords(t.problem, fromMinimum, target.minimum);
  return {
    rate: Math.exp(logRate),
    logRate,
    error: null,
    retcode: Number.isFinite(logRate) ? 'success' : 'not_applicable',
    definition: `1/MFPT from minimum ${fromMinimum} to minimum ${target.minimum} of the jump process between minima with ${info.label} rates (no saddle joins them directly${chain ? `; the lowest path runs ${chain.words}, barrier ${fmt(chain.barrier)}` : ''})`,
    warnings: [...t.geometry.warnings],
    prefactor: null,
    barrierToNoise: null,
    growthRate: null,
    saddle: null,
    saddles: [],
    viaNetwork: true,
  };
}
