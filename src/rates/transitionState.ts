import { requireFinite, requirePositive } from '../core/index.js';
import {
  activatedRate,
  barrierWarnings,
  notApplicable,
  type RateEstimate,
} from './rateEstimate.js';

export interface TransitionStateInput {
  /** U″(x_a) > 0, curvature at the well bottom (energy / length²). */
  readonly wellCurvature: number;
  /** ΔU = U(x_s) − U(x_a) (energy). */
  readonly deltaU: number;
  /** Noise intensity D = k_B T (energy). */
  readonly D: number;
  /** Mass m (reduced units: 1). */
  readonly mass?: number;
}

/**
 * Transition-state theory rate k_TST = (ω_a/2π) e^{−ΔU/D}, ω_a = √(U″(x_a)/m)
 * (Eyring 1935; Wigner 1938; Hänggi, Talkner & Borkovec, Rev. Mod. Phys. 62, 251, 1990, §IV).
 * The one-way flux through the barrier top in equilibrium: an upper bound to the true inertial
 * rate, approached at moderate friction; it ignores recrossing (high friction) and the energy
 * supply problem (weak friction). Needs ΔU/D ≫ 1 and a harmonic (non-degenerate) well.
 *
 * @example
 * transitionStateRate({ wellCurvature: 2, deltaU: 0.25, D: 0.05 }).rate;
 * // => 0.0015165709051696142 (√2/(2π) e^{−5})
 */
export function transitionStateRate(input: TransitionStateInput): RateEstimate {
  const { wellCurvature, deltaU, D } = input;
  requireFinite('wellCurvature', wellCurvature, 'U″ at the well bottom');
  requireFinite('deltaU', deltaU, 'barrier height ΔU');
  requirePositive('D', D, 'noise intensity k_B T');
  const mass = requirePositive('mass', input.mass ?? 1, 'm');
  if (!(wellCurvature > 0)) {
    return notApplicable(
      deltaU,
      D,
      `TST not applicable: well curvature U″(x_a) = ${wellCurvature} is not positive (degenerate well); the harmonic attempt frequency does not exist`,
    );
  }
  const omegaWell = Math.sqrt(wellCurvature / mass);
  return activatedRate(omegaWell / (2 * Math.PI), deltaU, D, barrierWarnings(deltaU, D));
}
