import type { PreparedTransition } from '../problem/index.js';
import { type FrictionRegime, type InertialRateEstimate, notApplicable } from '../rates/index.js';
import { type ClosedFormResult, type Crossing, onBarrier } from './closedForm.js';
import { type InertialContext, inertialContext } from './inertialContext.js';
import type { MethodInfo } from './method.js';

/** An inertial theory's result: the friction regime it was evaluated in and Δ = η_c I_s/D. */
export interface InertialResult extends ClosedFormResult {
  readonly regime: FrictionRegime | null;
  readonly energyLoss: number | null;
}

/** The curvatures, barrier, noise, friction and mass every inertial formula takes. */
export function inertialInput(t: PreparedTransition, c: Crossing) {
  const { D, gamma, mass } = t.problem;
  return {
    wellCurvature: c.well.d2U,
    barrierCurvature: c.barrier.d2U,
    deltaU: c.transition.deltaU,
    D,
    gamma,
    mass,
  };
}

/**
 * Runs an inertial formula on the passage's barrier with its context; `needsAction` routes (energy
 * diffusion, the turnover) are not applicable without a closed barrier orbit. The formulas judge
 * degenerate curvatures themselves; `harmonic` names the well and/or barrier whose harmonic
 * approximation the formula rests on, checked at this D (`onBarrier`).
 */
export function inertialRoute(
  info: MethodInfo,
  t: PreparedTransition,
  needsAction: boolean,
  harmonic: { readonly well: boolean; readonly barrier: boolean },
  formula: (c: Crossing, context: InertialContext) => InertialRateEstimate,
): InertialResult {
  const context = inertialContext(t);
  let regime: FrictionRegime | null = null;
  let energyLoss: number | null = null;
  const { action } = context;
  const result = onBarrier(info, t, { well: false, barrier: false, anharmonic: harmonic }, (c) => {
    if (needsAction && action === null) {
      return notApplicable(c.transition.deltaU, t.problem.D, `${info.label}: no barrier action`);
    }
    const estimate = formula(c, context);
    regime = estimate.regime;
    energyLoss = estimate.energyLoss;
    return estimate;
  });
  // Without an action, the context's warning says why (no closed orbit at the barrier energy).
  const own = needsAction && action === null ? [] : result.warnings;
  return { ...result, warnings: [...own, ...context.warnings], regime, energyLoss };
}
