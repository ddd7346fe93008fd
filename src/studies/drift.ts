import { type Box, combineRetcodes, type RetCode } from '../core/index.js';
import type { ActionBranch, ActionPathPoint, FixedPointND } from '../multid/index.js';
import {
  checkProblem,
  DRIFT_KEYS,
  type DriftProblemND,
  type DriftSummary,
  isPreparedDrift,
  type PreparedDriftProblem,
  type PreparedTransitionDrift,
  prepareDrift,
  quasiPotentialOf,
  saddleJoins,
  type TransitionSpecDrift,
  transitionOfDrift,
} from '../problem/index.js';
import { formatBelow, MIN_BARRIER_TO_NOISE } from '../rates/index.js';
import { DRIFT_ROUTES, type DriftRouteResult } from '../routes/index.js';

/** What `path --method gmam` reports: the minimum action path from a stable point to a saddle. */
export interface QuasiPotentialReport {
  readonly retcode: RetCode;
  readonly warnings: readonly string[];
  readonly method: 'gmam';
  readonly coordinates: readonly string[];
  readonly drift: DriftSummary;
  readonly domain: Box;
  readonly from: FixedPointND;
  readonly saddle: FixedPointND;
  /** ΔΦ: rates ∝ e^{−ΔΦ/D} for dX = b dt + √(2D) dW (ΔΦ = ΔU for b = −∇U). */
  readonly quasiPotential: number;
  /** S = 2ΔΦ, the Freidlin–Wentzell action (rates ∝ e^{−S/ε} for dX = b dt + √ε dW). */
  readonly action: number;
  /** Estimated absolute error of ΔΦ (refinement over the image counts). */
  readonly error: number;
  /** The minimum action path, start to saddle, with arc length s. */
  readonly path: readonly ActionPathPoint[];
  /** Every distinct curve gMAM converged to, lowest first; more than one is a bifurcation. */
  readonly branches: readonly ActionBranch[];
  readonly bifurcation: boolean;
  readonly intervals: readonly number[];
}

function reportOf(t: PreparedTransitionDrift): QuasiPotentialReport {
  const p = t.problem;
  const qp = quasiPotentialOf(t);
  const retcode: RetCode = qp.converged ? 'success' : 'not_converged';
  const warnings = [...t.warnings, ...qp.warnings];
  // Not where ΔΦ's own error bar reaches 5D: below it is then gMAM's round-off (0.24999994 at
  // D = 0.05 warned, 0.25000539 did not).
  const reach = (qp.quasiPotential + qp.error) / p.D;
  if (
    qp.converged &&
    qp.quasiPotential / p.D < MIN_BARRIER_TO_NOISE &&
    reach < MIN_BARRIER_TO_NOISE
  ) {
    warnings.push(
      `ΔΦ/D = ${formatBelow(qp.quasiPotential / p.D, MIN_BARRIER_TO_NOISE)} < ${MIN_BARRIER_TO_NOISE}: the quasi-potential describes rates only for ΔΦ/D ≫ 1`,
    );
  }
  return {
    retcode,
    warnings,
    method: 'gmam',
    coordinates: p.coordinates,
    drift: p.summary,
    domain: p.box,
    from: t.from,
    saddle: t.saddle,
    quasiPotential: qp.quasiPotential,
    action: qp.action,
    error: qp.error,
    path: qp.path,
    branches: qp.branches,
    bifurcation: qp.bifurcation,
    intervals: qp.intervals,
  };
}

/**
 * The quasi-potential barrier and minimum action path of a drift problem by the geometric minimum
 * action method (default: from the first stable point to the lowest saddle joining it to another).
 *
 * @throws KramersError as `prepareDrift` and `transitionOfDrift`.
 */
export function quasiPotentialPath(
  problem: DriftProblemND | PreparedDriftProblem,
  spec: TransitionSpecDrift = {},
): QuasiPotentialReport {
  return reportOf(transitionOfDrift(prepareDrift(problem), spec));
}

/**
 * One escape channel of `analyze --drift`: from a stable point to another over the saddles whose
 * flow joins them (or, where none joins it to any, over the nearest saddle touching it).
 */
export interface DriftEscapeReport {
  readonly from: number;
  /** The stable point the saddles' flow leads to; null where it leads to none (out of the box). */
  readonly to: number | null;
  readonly saddle: number;
  /** The saddles the rates sum over (parallel channels to the same stable point), `saddle` first. */
  readonly saddles: readonly number[];
  readonly quasiPotential: number;
  readonly error: number;
  readonly action: number;
  readonly barrierToNoise: number;
  readonly bifurcation: boolean;
  readonly retcode: RetCode;
  /** Each drift route's whole result. */
  readonly methods: { readonly [K in keyof typeof DRIFT_ROUTES]: DriftRouteResult };
}

/** What `analyze --drift` reports. */
export interface DriftAnalysisReport {
  readonly retcode: RetCode;
  readonly coordinates: readonly string[];
  readonly drift: DriftSummary;
  readonly D: number;
  readonly domain: Box;
  readonly fixedPoints: readonly FixedPointND[];
  /** Curl-free on the box: b = −∇U for some U. */
  readonly gradient: boolean;
  /** m of b = −(I + M)∇U when a potential was given (checked), else null. */
  readonly rotation: number | null;
  readonly escapes: readonly DriftEscapeReport[];
  readonly warnings: readonly string[];
}

function escapeOver(t: PreparedTransitionDrift): DriftEscapeReport {
  const p = t.problem;
  const qp = quasiPotentialOf(t);
  const methods = {
    eyringKramersGibbs: DRIFT_ROUTES.eyringKramersGibbs.run(t),
    bouchetReygner: DRIFT_ROUTES.bouchetReygner.run(t),
  };
  return {
    from: t.from.index,
    to: t.toStable,
    saddle: t.saddle.index,
    saddles: t.channels.map((s) => s.index),
    quasiPotential: qp.quasiPotential,
    error: qp.error,
    action: qp.action,
    barrierToNoise: qp.quasiPotential / p.D,
    bifurcation: qp.bifurcation,
    retcode: qp.converged ? 'success' : 'not_converged',
    methods,
  };
}

/**
 * Every escape channel from a stable point: one per stable point a saddle's flow joins it to
 * (parallel saddles summed), lowest ΔΦ first; where no saddle joins it to another stable point,
 * the escape over the nearest saddle touching it (transitionOfDrift's fallback).
 */
function escapesOf(p: PreparedDriftProblem, from: FixedPointND): DriftEscapeReport[] {
  if (p.saddles.length === 0) return [];
  const ends = new Set<number>();
  for (const j of saddleJoins(p)) {
    const [a, b] = j.ends;
    if (a === from.index && typeof b === 'number' && b !== from.index) ends.add(b);
    if (b === from.index && typeof a === 'number' && a !== from.index) ends.add(a);
  }
  if (ends.size === 0) return [escapeOver(transitionOfDrift(p, { from: from.index }))];
  return [...ends]
    .map((to) => escapeOver(transitionOfDrift(p, { from: from.index, toStable: to })))
    .sort((a, b) => a.quasiPotential - b.quasiPotential);
}

/**
 * A drift problem analysed: its fixed points with Jacobian eigenvalues and kinds, and for each
 * stable point every escape channel, to each stable point a saddle's flow joins it to
 * (quasi-potential by gMAM, the prefactor routes).
 *
 * @throws KramersError as `prepareDrift`.
 */
export function analyzeDrift(problem: DriftProblemND | PreparedDriftProblem): DriftAnalysisReport {
  if (!isPreparedDrift(problem)) checkProblem(problem, DRIFT_KEYS, 'analyzeDrift');
  const p = prepareDrift(problem);
  const escapes = p.stable.flatMap((s) => escapesOf(p, s));
  const warnings = [...p.warnings];
  if (p.saddles.length === 0) warnings.push('no saddle in the box: no escape to report');
  return {
    retcode: combineRetcodes(escapes.map((e) => e.retcode)),
    coordinates: p.coordinates,
    drift: p.summary,
    D: p.D,
    domain: p.box,
    fixedPoints: p.fixedPoints,
    gradient: p.gradient,
    rotation: p.gibbs ? p.gibbs.rotation : null,
    escapes,
    warnings,
  };
}
