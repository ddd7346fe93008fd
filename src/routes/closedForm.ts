import type { Barrier, Transition, Well } from '../landscape/index.js';
import { crossing, type PreparedTransition } from '../problem/index.js';
import type { RateEstimate } from '../rates/index.js';
import type { MethodInfo } from './method.js';
import { fromEstimate, notApplicableResult, type RouteResult } from './result.js';

/** A closed form's result: the rate with the attempt frequency and ΔU/D it came from. */
export interface ClosedFormResult extends RouteResult {
  /** The attempt frequency multiplying e^{−ΔU/D} (1/time); null where the formula does not apply. */
  readonly prefactor: number | null;
  /** ΔU/D of the barrier crossed (null: no barrier between start and absorbing point). */
  readonly barrierToNoise: number | null;
}

/** The barrier a closed form needs: well and barrier of the passage, harmonic where asked. */
export interface Crossing {
  readonly well: Well;
  readonly barrier: Barrier;
  readonly transition: Transition;
}

function notApplicableClosedForm(info: MethodInfo, why: string): ClosedFormResult {
  return { ...notApplicableResult(info, why), prefactor: null, barrierToNoise: null };
}

/**
 * Runs a closed form on the barrier of a passage, or says why it cannot: no barrier between the
 * start and the absorbing point, or a degenerate (U″ ≈ 0) well or barrier where the harmonic
 * prefactor needs a curvature.
 */
export function onBarrier(
  info: MethodInfo,
  t: PreparedTransition,
  needs: { readonly well: boolean; readonly barrier: boolean },
  formula: (c: Crossing) => RateEstimate,
): ClosedFormResult {
  const c = crossing(t);
  if (!c) {
    return notApplicableClosedForm(
      info,
      'no barrier lies between the start and the absorbing point: the closed forms do not apply',
    );
  }
  const degenerate =
    needs.well && c.well.degenerate
      ? c.well
      : needs.barrier && c.barrier.degenerate
        ? c.barrier
        : null;
  if (degenerate) {
    return notApplicableClosedForm(
      info,
      `${info.label} not applicable: the ${degenerate === c.well ? 'well' : 'barrier'} at x = ${degenerate.x} is degenerate (U″ ≈ 0); the exact mean first-passage time is needed`,
    );
  }
  const estimate = formula(c);
  return {
    ...fromEstimate(info, estimate),
    prefactor: estimate.prefactor,
    barrierToNoise: estimate.barrierToNoise,
  };
}
