import { requireFinite, requirePositive } from '../core/index.js';
import { REGIME_TOLERANCE, transmissionFactor } from './inertial.js';
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
  /**
   * Mass m, given only for inertial (underdamped) dynamics: the formula then checks its strong-
   * friction regime γ/m ≫ ω_s against the Kramers–Grote–Hynes rate.
   */
  readonly mass?: number;
}

/**
 * Overdamped (Smoluchowski) Kramers rate (Kramers, Physica 7, 284, 1940):
 * k = √(U″(x_a)|U″(x_s)|)/(2πγ) · e^{−ΔU/D}, for γ dx = −U′ dt + √(2γD) dW.
 * One-way escape rate out of the well over one barrier into a sink. Valid for ΔU/D ≫ 1 and a
 * harmonic well and barrier at this D: the relative error is ≈ −D(c_a + c_s) (the finite-barrier
 * correction), small only while ε = D(5U‴²/24|U″|³ + |U⁗|/8U″²) summed over well and barrier is
 * (`harmonicRegime`); over a flat barrier top or well bottom ε grows without bound however high
 * the barrier (x⁶ − x⁴ − 10⁻⁴x² at ΔU/D = 7.4: ε = 1.5·10⁶, the formula −97%). And, for a system
 * with mass m, strong friction γ/m ≫ ω_s: given a mass it warns where it exceeds Kramers'
 * spatial-diffusion (Grote–Hynes) rate (ω_a/2πω_s)(√(η_c²/4 + ω_s²) − η_c/2) by more than 10%
 * (η_c = γ/m ≲ 3ω_s); at η_c = 0.1ω_s it is 20 times the exact Klein–Kramers rate. It does not
 * check its harmonic well and barrier (it takes no third and fourth derivatives): the route does
 * (`harmonicRegime`).
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
  const warnings = barrierWarnings(deltaU, D);
  if (input.mass !== undefined)
    warnings.push(...frictionWarnings(gamma, input.mass, barrierCurvature));
  return activatedRate(prefactor, deltaU, D, warnings);
}

/**
 * The overdamped limit of inertial escape needs γ/m ≫ ω_s: it is the strong-friction end of the
 * spatial-diffusion rate, whose transmission factor κ = (√(η_c²/4 + ω_s²) − η_c/2)/ω_s tends to
 * ω_s/η_c (Kramers 1940; Hänggi, Talkner & Borkovec 1990 §IV.A). Warns where the overdamped rate
 * exceeds the spatial-diffusion one by more than {@link REGIME_TOLERANCE}; below that the energy
 * supply (weak friction) only widens the gap (x⁴/4 − x²/2, D = 0.05: +70% against Klein–Kramers
 * at γ = 1, +1930% at γ = 0.1).
 */
function frictionWarnings(gamma: number, massInput: number, barrierCurvature: number): string[] {
  const mass = requirePositive('mass', massInput, 'm');
  const collisionRate = gamma / mass;
  const omegaBarrier = Math.sqrt(-barrierCurvature / mass);
  const excess = omegaBarrier / collisionRate / transmissionFactor(collisionRate, omegaBarrier) - 1;
  if (!(excess > REGIME_TOLERANCE)) return [];
  return [
    `collision rate γ/m = ${Number(collisionRate.toPrecision(3))} is not ≫ ω_s = ${Number(omegaBarrier.toPrecision(3))}: the overdamped Kramers rate exceeds the spatial-diffusion rate by ${Number((100 * excess).toPrecision(2))}% (strong friction needed); use the inertial routes (spatialDiffusion, melnikovMeshkov, kleinKramers)`,
  ];
}
