import { requireFinite } from '../core/index.js';
import { logDepopulationFactor } from './depopulationFactor.js';
import {
  type InertialBase,
  type InertialRateEstimate,
  REGIME_TOLERANCE,
  requireAction,
  transmissionFactor,
  validateInertial,
} from './inertial.js';
import { activatedRate, barrierWarnings, notApplicable } from './rateEstimate.js';

export interface SpatialDiffusionInput extends InertialBase {
  /** U″(x_s) < 0 at the barrier top (energy / length²). */
  readonly barrierCurvature: number;
  /**
   * Optional action I_s = ∮ p dx at the barrier energy (see `barrierAction`): with it the result
   * names its friction regime and how far it is from the turnover rate.
   */
  readonly action?: number;
}

/**
 * Kramers' spatial-diffusion rate for moderate to strong friction (Kramers, Physica 7, 284, 1940;
 * the Grote–Hynes reactive frequency for memoryless friction):
 * k_SD = (ω_a/(2π ω_s)) (√(η_c²/4 + ω_s²) − η_c/2) e^{−ΔU/D},  η_c = γ/m, ω = √(|U″|/m),
 * for dx = v dt, m dv = −U′ dt − γ v dt + √(2γD) dW. One-way rate into a sink beyond the barrier.
 * It tends to TST (ω_a/2π) e^{−ΔU/D} as γ → 0 and to the overdamped √(U″_a|U″_s|)/(2πγ) e^{−ΔU/D}
 * as γ → ∞, and never exceeds TST. Valid when the energy lost along the barrier orbit is large,
 * Δ = η_c I_s/D ≫ 1 (below that the well depletes near the barrier energy: energy diffusion), and
 * ΔU/D ≫ 1 (relative error O(D/ΔU)).
 *
 * @example
 * kramersSpatialDiffusion({ wellCurvature: 2, barrierCurvature: -1, deltaU: 0.25, D: 0.05, gamma: 1 }).rate;
 * // => 0.0009372923657440149 (√2/(2π)·(√(5/4) − 1/2)·e^{−5})
 */
export function kramersSpatialDiffusion(input: SpatialDiffusionInput): InertialRateEstimate {
  const v = validateInertial(input);
  requireFinite('barrierCurvature', input.barrierCurvature, 'U″ at the barrier top');
  const finiteBarrierError = v.D / Math.abs(v.deltaU);
  if (!(v.wellCurvature > 0) || !(input.barrierCurvature < 0)) {
    return {
      ...notApplicable(
        v.deltaU,
        v.D,
        `spatial-diffusion rate not applicable: ${!(v.wellCurvature > 0) ? `well curvature U″(x_a) = ${v.wellCurvature}` : `barrier curvature U″(x_s) = ${input.barrierCurvature}`} is degenerate; use the exact routes`,
      ),
      regime: 'turnover',
      energyLoss: null,
      finiteBarrierError,
      regimeError: null,
    };
  }
  const omegaBarrier = Math.sqrt(-input.barrierCurvature / v.mass);
  const kappa = transmissionFactor(v.collisionRate, omegaBarrier);
  const estimate = activatedRate(
    (v.omegaWell / (2 * Math.PI)) * kappa,
    v.deltaU,
    v.D,
    barrierWarnings(v.deltaU, v.D),
  );
  let energyLoss: number | null = null;
  let regimeError: number | null = null;
  const warnings = [...estimate.warnings];
  if (input.action !== undefined) {
    energyLoss = (v.collisionRate * requireAction(input.action)) / v.D;
    // k_SD / k_MM = 1/A(Δ) for escape into a sink.
    regimeError = Math.expm1(-logDepopulationFactor(energyLoss));
    if (regimeError > REGIME_TOLERANCE) {
      warnings.push(
        `Δ = η_c I_s/D = ${Number(energyLoss.toPrecision(3))}: weak friction, the spatial-diffusion rate overestimates by ${Number((100 * regimeError).toPrecision(2))}% (energy supply limits escape); use the turnover rate`,
      );
    }
  }
  return {
    ...estimate,
    warnings,
    regime: frictionRegimeOf(energyLoss, v.collisionRate, omegaBarrier),
    energyLoss,
    finiteBarrierError,
    regimeError,
  };
}

/**
 * Names the regime: energy diffusion while A(Δ)/Δ stays within 10% of 1 (the weak-friction limit
 * of the turnover rate), spatial diffusion while A(Δ) is within 10% of 1, overdamped where also
 * the Kramers transmission factor is within 10% of ω_s/η_c; otherwise the turnover.
 * Without Δ only the last distinction can be made.
 */
export function frictionRegimeOf(
  energyLoss: number | null,
  collisionRate: number,
  omegaBarrier: number,
) {
  if (energyLoss !== null) {
    const logA = logDepopulationFactor(energyLoss);
    if (Math.abs(Math.expm1(logA - Math.log(energyLoss))) <= REGIME_TOLERANCE)
      return 'energy-diffusion' as const;
    if (Math.abs(Math.expm1(logA)) > REGIME_TOLERANCE) return 'turnover' as const;
  }
  const kappa = transmissionFactor(collisionRate, omegaBarrier);
  const overdamped = omegaBarrier / collisionRate;
  return Math.abs(overdamped / kappa - 1) <= REGIME_TOLERANCE
    ? ('overdamped' as const)
    : ('spatial-diffusion' as const);
}
