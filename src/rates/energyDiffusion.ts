import { logDepopulationFactor } from './depopulationFactor.js';
import {
  type InertialBase,
  type InertialRateEstimate,
  REGIME_TOLERANCE,
  requireAction,
  validateInertial,
} from './inertial.js';
import type { TurnoverGeometry } from './melnikovMeshkov.js';
import { activatedRate, barrierWarnings, notApplicable } from './rateEstimate.js';
import { frictionRegimeOf } from './spatialDiffusion.js';

export interface EnergyDiffusionInput extends InertialBase {
  /** I_s = ∮ p dx of the orbit at the barrier energy inside the well (see `barrierAction`). */
  readonly action: number;
  /** U″(x_s) < 0 (optional): only used to name the regime (overdamped vs spatial diffusion). */
  readonly barrierCurvature?: number;
  /**
   * 'sink' (default): one-way escape, never to return. 'symmetric-double-well': the one-way rate
   * between mirror-image wells, half the sink rate, because at weak friction a particle that
   * reaches the barrier energy keeps crossing back and forth and lands in either well with
   * probability 1/2 (the Δ → 0 limit of Mel'nikov's A(Δ)²/A(2Δ) = Δ/2); then λ1 = 2k = k_sink.
   */
  readonly geometry?: TurnoverGeometry;
}

/**
 * Kramers' energy-diffusion rate for weak friction (Kramers, Physica 7, 284, 1940; Hänggi, Talkner
 * & Borkovec, Rev. Mod. Phys. 62, 251, 1990, eq. 4.49):
 * k_ED = (η_c I_s / D)(ω_a/2π) e^{−ΔU/D},  η_c = γ/m, I_s = ∮ p dx at the barrier energy.
 * Escape is limited by the slow diffusion of energy up to the barrier: k ∝ γ. Valid for
 * Δ = η_c I_s/D ≪ 1 (at Δ = 0.1 it already overestimates the Mel'nikov–Meshkov rate by ~20%) and
 * ΔU/D ≫ 1 (relative error O(D/ΔU)). One-way escape into a sink; between the two wells of a
 * symmetric double well, where an escaped particle can come back, use the turnover rate.
 *
 * @example
 * energyDiffusionRate({ wellCurvature: 2, deltaU: 0.25, D: 0.05, gamma: 0.01, action: 4 / 3 }).rate;
 * // => 0.00040441890804523035 ((0.01·(4/3)/0.05)·√2/(2π)·e^{−5})
 */
export function energyDiffusionRate(input: EnergyDiffusionInput): InertialRateEstimate {
  const v = validateInertial(input);
  const action = requireAction(input.action);
  const finiteBarrierError = v.D / Math.abs(v.deltaU);
  const energyLoss = (v.collisionRate * action) / v.D;
  if (!(v.wellCurvature > 0)) {
    return {
      ...notApplicable(
        v.deltaU,
        v.D,
        `energy-diffusion rate not applicable: well curvature U″(x_a) = ${v.wellCurvature} is degenerate`,
      ),
      regime: 'energy-diffusion',
      energyLoss,
      finiteBarrierError,
      regimeError: null,
    };
  }
  const doubleWell = input.geometry === 'symmetric-double-well';
  const estimate = activatedRate(
    (doubleWell ? 0.5 : 1) * energyLoss * (v.omegaWell / (2 * Math.PI)),
    v.deltaU,
    v.D,
    barrierWarnings(v.deltaU, v.D),
  );
  // k_ED / k_MM: with k_MM → A(Δ)·k_TST at weak friction, the ratio Δ/A(Δ) measures the regime.
  // (The double-well form has the same ratio to its turnover rate up to O(Δ): Δ/2 vs A²(Δ)/A(2Δ).)
  const logA = doubleWell
    ? 2 * logDepopulationFactor(energyLoss) - logDepopulationFactor(2 * energyLoss) + Math.LN2
    : logDepopulationFactor(energyLoss);
  const regimeError = Math.abs(Math.expm1(Math.log(energyLoss) - logA));
  const warnings = [...estimate.warnings];
  if (regimeError > REGIME_TOLERANCE) {
    warnings.push(
      `Δ = η_c I_s/D = ${Number(energyLoss.toPrecision(3))} is not ≪ 1: the energy-diffusion rate is off by ${Number((100 * regimeError).toPrecision(2))}% from the turnover rate; use the turnover rate`,
    );
  }
  const omegaBarrier =
    input.barrierCurvature !== undefined && input.barrierCurvature < 0
      ? Math.sqrt(-input.barrierCurvature / v.mass)
      : null;
  return {
    ...estimate,
    warnings,
    regime:
      omegaBarrier === null
        ? regimeError <= REGIME_TOLERANCE
          ? 'energy-diffusion'
          : 'turnover'
        : frictionRegimeOf(energyLoss, v.collisionRate, omegaBarrier),
    energyLoss,
    finiteBarrierError,
    regimeError,
  };
}
