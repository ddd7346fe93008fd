import { KramersError, type RetCode } from '../core/index.js';
import type { RateEstimate } from '../rates/index.js';
import type { MethodInfo } from './info.js';

/**
 * What every route returns: one rate with its accuracy and its outcome. `rate` is a one-way escape
 * rate k (1/time) unless `definition` says otherwise (λ1, 1/MFPT to a point). Routes add typed
 * extras by extending this interface (the exact route's MFPT, the spectral route's λ1, …).
 */
export interface RouteResult {
  /** The rate, or null where the route does not apply or did not converge (never NaN). */
  readonly rate: number | null;
  /** ln k, finite where `rate` under- or overflows a double. */
  readonly logRate: number | null;
  /** Estimated absolute error of `rate`: a bound from the numerics, one standard error of a simulation, or null for a closed form (whose error is its asymptotics'). */
  readonly error: number | null;
  /** Estimated relative error (finite where `rate` under- or overflows). */
  readonly relativeError?: number | null;
  /** (rate − exact)/exact, when a comparison ran the exact route too. */
  readonly relativeToExact?: number | null;
  readonly retcode: RetCode;
  /** What this number is, in words (which rate definition, for this passage). */
  readonly definition: string;
  readonly warnings: readonly string[];
}

/** A route that does not apply here: no number, a warning that says why and what to use. */
export function notApplicableResult(info: MethodInfo, why: string): RouteResult {
  return {
    rate: null,
    logRate: null,
    error: null,
    retcode: 'not_applicable',
    definition: info.definition,
    warnings: [why],
  };
}

/** A closed-form estimate as a route result (its error is the asymptotics', so null). */
export function fromEstimate(info: MethodInfo, estimate: RateEstimate): RouteResult {
  return {
    rate: estimate.rate,
    logRate: estimate.logRate,
    error: null,
    retcode: estimate.retcode,
    definition: info.definition,
    warnings: estimate.warnings,
  };
}

/**
 * A numerical route that cannot run on these parameters (e.g. the spectral grid overflowing at
 * D = 1e-9) must not take the other routes down with it: its KramersError becomes this route's
 * `not_converged` result with the message as warning. A rate that under- or overflows a double,
 * or is not a number, is reported the same way, never as NaN.
 */
export function guarded<R extends RouteResult>(key: string, run: () => R): R | RouteResult {
  let result: R;
  try {
    result = run();
  } catch (error) {
    if (!(error instanceof KramersError)) throw error;
    return {
      rate: null,
      logRate: null,
      error: null,
      // A quantity that does not exist (an infinite MFPT) is not a failure to converge.
      retcode: error.code === 'no_finite_mfpt' ? 'not_applicable' : 'not_converged',
      definition: `${key} route`,
      warnings: [
        error.code === 'no_finite_mfpt'
          ? `${key} route does not apply: ${error.message}`
          : `${key} route failed: ${error.message}`,
      ],
    };
  }
  if (result.logRate !== null && !Number.isFinite(result.logRate)) {
    return {
      ...result,
      rate: null,
      logRate: null,
      error: null,
      retcode: 'not_converged',
      warnings: [
        ...result.warnings,
        Number.isNaN(result.logRate)
          ? `${key} route: no number came out (the computation broke down on this landscape); see the exact method`
          : `${key} route: the rate is outside double precision (ln k = ${result.logRate > 0 ? '+∞' : '−∞'}); use the exact method's logRate`,
      ],
    };
  }
  return result;
}
