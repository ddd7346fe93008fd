import type { Barrier, Transition, Well } from '../landscape/index.js';
import { crossing, type PreparedTransition } from '../problem/index.js';
import {
  harmonicRegime,
  type RateEstimate,
  sampledAnharmonicity,
  wallRegime,
} from '../rates/index.js';
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

/** Which harmonic parts a closed form rests on (see {@link onBarrier}). */
export interface HarmonicNeeds {
  /** Refuse a degenerate (U″ ≈ 0) well. */
  readonly well: boolean;
  /** Refuse a degenerate barrier top. */
  readonly barrier: boolean;
  /**
   * Which of its well and barrier the route checks for anharmonicity at this D (default: the
   * same as `well` and `barrier`); a formula that checks itself (the corrected Kramers rate) says
   * false.
   */
  readonly anharmonic?: { readonly well: boolean; readonly barrier: boolean };
}

/**
 * The regime checks of a harmonic closed form that need the potential: its well and barrier
 * anharmonicity at this D (`harmonicRegime`) and a reflecting wall inside the well's thermal
 * width (`wallRegime`). Returns a reason it does not apply, or the warnings.
 */
function harmonicChecks(
  info: MethodInfo,
  t: PreparedTransition,
  c: Crossing,
  needs: HarmonicNeeds,
): { readonly warnings: readonly string[]; readonly notApplicable: string | null } {
  const { potential, D } = t.problem;
  const anharmonic = needs.anharmonic ?? needs;
  const at = (x: number, curvature: number) => ({
    curvature,
    third: potential.d3U(x),
    fourth: potential.d4U(x),
    sampled: sampledAnharmonicity((y) => potential.U(y), x, curvature, D),
  });
  const regime = harmonicRegime({
    // A curvature of the wrong sign is the formula's (or the degeneracy check's) to refuse.
    ...(anharmonic.well && c.well.d2U > 0 ? { well: at(c.well.x, c.well.d2U) } : {}),
    ...(anharmonic.barrier && c.barrier.d2U < 0 ? { barrier: at(c.barrier.x, c.barrier.d2U) } : {}),
    D,
    formula: info.label,
  });
  const far = t.geometry.far;
  const wall =
    (needs.well || anharmonic.well) && far.kind === 'reflecting' && far.x !== null && c.well.d2U > 0
      ? wallRegime(
          (c.well.x - far.x) * Math.sign(c.barrier.x - c.well.x),
          c.well.d2U,
          D,
          info.label,
        )
      : { warnings: [], notApplicable: null };
  return {
    warnings: [...regime.warnings, ...wall.warnings],
    notApplicable: regime.notApplicable ?? wall.notApplicable,
  };
}

/**
 * Runs a closed form on the barrier of a passage, or says why it cannot: no barrier between the
 * start and the absorbing point, a degenerate (U″ ≈ 0) well or barrier where the harmonic
 * prefactor needs a curvature, a well or barrier too anharmonic at this D, or a reflecting wall
 * inside the well's thermal width.
 */
export function onBarrier(
  info: MethodInfo,
  t: PreparedTransition,
  needs: HarmonicNeeds,
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
  const checks = harmonicChecks(info, t, c, needs);
  if (checks.notApplicable !== null) {
    return {
      ...notApplicableClosedForm(info, checks.notApplicable),
      barrierToNoise: c.transition.deltaU / t.problem.D,
    };
  }
  const estimate = formula(c);
  const warnings =
    estimate.retcode === 'success'
      ? [...new Set([...estimate.warnings, ...checks.warnings])]
      : estimate.warnings;
  return {
    ...fromEstimate(info, { ...estimate, warnings }),
    prefactor: estimate.prefactor,
    barrierToNoise: estimate.barrierToNoise,
  };
}
