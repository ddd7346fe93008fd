import { KramersError } from '../core/index.js';
import { meanFirstPassageTime, splittingProbability } from '../exact1d/index.js';
import { type PreparedTransition, passageKey, remember } from '../problem/index.js';
import type { MethodInfo, Route, RouteOptions } from './method.js';
import type { RouteResult } from './result.js';

const info: MethodInfo = {
  key: 'exact',
  label: 'exact 1/MFPT',
  short: 'exact',
  definition:
    'one-way rate from the exact mean first-passage time: 1/T to the target, or π_target/T between two absorbing neighbours',
  regime:
    'overdamped dynamics at any barrier height (error bound from adaptive quadrature, default 1e-10 relative)',
  reference:
    'Pontryagin, Andronov & Vitt (1933); Gardiner, Handbook of Stochastic Methods §5.2.7–5.2.8',
  dynamics: 'overdamped',
  kind: 'exact',
  colour: '#1d2330',
};

/** The exact route's result: the mean first-passage time behind the rate. */
export interface ExactResult extends RouteResult {
  readonly mfpt: number;
  readonly logMfpt: number;
  /** Estimated absolute error of `mfpt`. */
  readonly mfptError: number;
  /** π_target(x_0), when the far side is a second absorbing state. */
  readonly splittingProbability?: number;
}

/** Between two absorbing neighbours: k = π_target(x_a)/T with T the MFPT to either. */
function betweenAbsorbers(t: PreparedTransition, farX: number, tolerance?: number): ExactResult {
  const { potential, D, gamma } = t.problem;
  const { x0, target, warnings } = t.geometry;
  const passage = meanFirstPassageTime({
    potential,
    D,
    gamma,
    start: x0,
    absorbing: target.x,
    absorbingOther: farX,
    ...(tolerance !== undefined ? { tolerance } : {}),
  });
  const left = Math.min(target.x, farX);
  const right = Math.max(target.x, farX);
  const split = splittingProbability({ potential, D, left, right, x: x0 });
  // The side's own ratio, not 1 − π_R: escaping uphill, π_L ~ e^{−ΔU/D} would cancel to 0.
  const toTarget = (target.x > x0 ? split.probability : split.probabilityLeft) as number;
  const logRate = Math.log(toTarget) - passage.logMfpt;
  const rate = Math.exp(logRate);
  const toTargetError = (target.x > x0 ? split.error : split.errorLeft) as number;
  const relativeError =
    passage.relativeError + toTargetError / Math.max(toTarget, Number.MIN_VALUE);
  return {
    rate,
    logRate,
    error: rate * relativeError,
    relativeError,
    retcode: passage.retcode,
    definition:
      'one-way rate k = π_target(x_a)/T: splitting probability over the mean first-passage time to either neighbouring absorbing state (Gardiner §5.2.8)',
    warnings: [...warnings, ...passage.warnings],
    mfpt: passage.mfpt,
    logMfpt: passage.logMfpt,
    mfptError: passage.error,
    splittingProbability: toTarget,
  };
}

function definitionOf(t: PreparedTransition): string {
  const { x0, target } = t.geometry;
  if (target.well === null) {
    return `1/MFPT from x = ${x0} to the absorbing point x = ${target.x} (Pontryagin, Andronov & Vitt 1933)`;
  }
  return typeof target.well === 'number'
    ? "1/MFPT from the well bottom to the other well's bottom (≈ k; to the barrier top it would be ≈ 1/(2k))"
    : '1/MFPT from the well bottom to a sink 40 D below the barrier top';
}

/** A reflecting wall or a natural boundary behind the start: k = 1/T. */
function toTarget(t: PreparedTransition, tolerance?: number): ExactResult {
  const { potential, D, gamma } = t.problem;
  const { x0, target, far, warnings } = t.geometry;
  const passage = meanFirstPassageTime({
    potential,
    D,
    gamma,
    start: x0,
    absorbing: target.x,
    ...(far.kind === 'reflecting' && far.x !== null ? { reflecting: far.x } : {}),
    ...(tolerance !== undefined ? { tolerance } : {}),
  });
  return {
    rate: passage.rate,
    logRate: passage.logRate,
    error: passage.rate * passage.relativeError,
    relativeError: passage.relativeError,
    retcode: passage.retcode,
    definition: definitionOf(t),
    warnings: [...warnings, ...passage.warnings],
    mfpt: passage.mfpt,
    logMfpt: passage.logMfpt,
    mfptError: passage.error,
  };
}

/**
 * A natural boundary on a side where U levels off: a walker that wanders onto the plateau comes
 * back (1-D diffusion is recurrent) but after a time of infinite mean, so the MFPT is infinite.
 */
function requireNoPlateauBehind(t: PreparedTransition): void {
  const { far, x0, target } = t.geometry;
  const behind = target.x > x0 ? 'left' : 'right';
  if (far.kind !== 'natural' || t.problem.landscape.edges[behind] !== 'plateau') return;
  throw new KramersError(
    'no_finite_mfpt',
    `behind the start U levels off towards ${behind === 'left' ? '−∞' : '+∞'} (a plateau): a walker that wanders onto it takes a time of infinite mean to come back, so the mean first-passage time to x = ${Number(target.x.toPrecision(6))} is infinite`,
    {
      issues: [{ path: 'to', message: 'no finite mean first-passage time' }],
      hint: 'give --reflect-x X for a wall behind the start, or --domain a:b',
    },
  );
}

/**
 * The exact overdamped rate of a passage from the mean first-passage time (Pontryagin's double
 * integral, adaptive Gauss–Legendre with an error bound). Computed once per problem, passage,
 * D, γ and tolerance.
 */
export const exactRoute: Route<ExactResult> = {
  info,
  run(t: PreparedTransition, options: RouteOptions = {}): ExactResult {
    const { D, gamma } = t.problem;
    const { tolerance } = options;
    const key = `exact|${passageKey(t)}|${D}|${gamma}|${tolerance}`;
    return remember(t.problem, key, () => {
      requireNoPlateauBehind(t);
      const { far } = t.geometry;
      return far.kind === 'absorbing' && far.x !== null
        ? betweenAbsorbers(t, far.x, tolerance)
        : toTarget(t, tolerance);
    });
  },
};
