import { requireFinite, requirePositive } from '../core/index.js';
import {
  activatedRate,
  barrierWarnings,
  notApplicable,
  type RateEstimate,
} from './rateEstimate.js';

export interface KramersOverdampedInput {
  /** U″(x_a) > 0 at the well bottom (energy / length²). */
  readonly wellCurvature: number;
  /** U″(x_s) < 0 at the barrier top (energy / length²). */
  readonly barrierCurvature: number;
  /** ΔU = U(x_s) − U(x_a) (energy). */
  readonly deltaU: number;
  /** Noise intensity D = k_B T (energy). */
  readonly D: number;
  /** Friction coefficient γ (force per velocity); the seed's ẋ = −U′ + √(2D) ξ is γ = 1. */
  readonly gamma: number;
}

/**
 * Overdamped (Smoluchowski) Kramers rate (Kramers, Physica 7, 284, 1940):
 * k = √(U″(x_a)|U″(x_s)|)/(2πγ) · e^{−ΔU/D}, for γ dx = −U′ dt + √(2γD) dW.
 * One-way escape rate out of the well over one barrier into a sink. Valid for ΔU/D ≫ 1 (relative
 * error O(D/ΔU), see the finite-barrier correction), harmonic well and barrier, and, for a system
 * with mass m, strong friction γ/m ≫ ω_s.
 *
 * @example
 * kramersOverdamped({ wellCurvature: 2, barrierCurvature: -1, deltaU: 0.25, D: 0.05, gamma: 1 }).rate;
 * // => 0.0015165709051696142 (√2/(2π) e^{−5})
 */
export function kramersOverdamped(input: KramersOverdampedInput): RateEstimate {
  const { wellCurvature, barrierCurvature, deltaU, D } = input;
  requireFinite('wellCurvature', wellCurvature, 'U″ at the well bottom');
  requireFinite('barrierCurvature', barrierCurvature, 'U″ at the barrier top');
  requireFinite('deltaU', deltaU, 'barrier height ΔU');
  requirePositive('D', D, 'noise intensity k_B T');
  const gamma = requirePositive('gamma', input.gamma, 'friction coefficient γ');
  if (!(wellCurvature > 0)) {
    return notApplicable(
      deltaU,
      D,
      `Kramers formula not applicable: well curvature U″(x_a) = ${wellCurvature} (degenerate well); the exact mean first-passage time is needed`,
    );
  }
  if (!(barrierCurvature < 0)) {
    return notApplicable(
      deltaU,
      D,
      `Kramers formula not applicable: barrier curvature U″(x_s) = ${barrierCurvature} (flat, degenerate barrier top); the exact mean first-passage time is needed`,
    );
  }
  // Divided by γ last: 2π·γ overflows for γ past 2.9e307, the prefactor itself does not.
  const prefactor = Math.sqrt(wellCurvature * -barrierCurvature) / (2 * Math.PI) / gamma;
  return activatedRate(prefactor, deltaU, D, barrierWarnings(deltaU, D));
}
