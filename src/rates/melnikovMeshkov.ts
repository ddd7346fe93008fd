import { logDepopulationFactor } from './depopulationFactor.js';
import type { InertialRateEstimate } from './inertial.js';
import { requireAction } from './inertial.js';
import { kramersSpatialDiffusion, type SpatialDiffusionInput } from './spatialDiffusion.js';

/**
 * Where an escaped particle goes: 'sink' (it never returns: metastable well, or absorbing beyond
 * the barrier) or 'symmetric-double-well' (it lands in the mirror-image well and may cross back:
 * Mel'nikov's recrossing factor).
 */
export type TurnoverGeometry = 'sink' | 'symmetric-double-well';

export interface TurnoverInput extends SpatialDiffusionInput {
  /** I_s = ∮ p dx of the orbit at the barrier energy inside the well (one lobe). */
  readonly action: number;
  /** Default 'sink'. */
  readonly geometry?: TurnoverGeometry;
}

/**
 * Mel'nikov–Meshkov turnover rate, uniform from weak to strong friction (Mel'nikov & Meshkov,
 * J. Chem. Phys. 85, 1018, 1986; Mel'nikov, Phys. Rep. 209, 1, 1991; docs/conventions.md §3):
 * into a sink                      k = A(Δ) · k_SD,
 * between the wells of a symmetric double well   k = A(Δ)²/A(2Δ) · k_SD,
 * with Δ = η_c I_s/D for one lobe, A the depopulation factor (`depopulationFactor`) and k_SD the
 * spatial-diffusion rate (`kramersSpatialDiffusion`). For the double well λ1 = 2k.
 * Holds at all friction for ΔU/D ≫ 1; the finite-barrier error is of order D/ΔU. Measured against
 * the exact Klein–Kramers λ1/2 on x⁴/4 − x²/2 (bench/README.md): within 10% at ΔU/D = 2.5 for
 * γ = 0.05–20; at ΔU/D = 5 within 10% for γ ≥ 0.2 but +20–28% at γ = 0.01–0.05, i.e. up to
 * 1.4·D/ΔU, which is the bound the tests hold it to (1.5·D/ΔU).
 *
 * @example
 * melnikovMeshkovRate({ wellCurvature: 2, barrierCurvature: -1, deltaU: 0.25, D: 0.05, gamma: 0.0375, action: 4 / 3 }).rate;
 * // => 0.0006593296970582961 (Δ = 1: A(1) = 0.44298 times the spatial-diffusion rate)
 */
export function melnikovMeshkovRate(input: TurnoverInput): InertialRateEstimate {
  const action = requireAction(input.action);
  const sd = kramersSpatialDiffusion({ ...input, action });
  const geometry = input.geometry ?? 'sink';
  if (sd.rate === null || sd.logRate === null || sd.energyLoss === null) {
    return { ...sd, regimeError: null };
  }
  const delta = sd.energyLoss;
  const logFactor =
    geometry === 'sink'
      ? logDepopulationFactor(delta)
      : 2 * logDepopulationFactor(delta) - logDepopulationFactor(2 * delta);
  const logRate = sd.logRate + logFactor;
  // Leading-order warnings only: the regime warning of k_SD does not apply to the turnover rate.
  const warnings = sd.warnings.filter((w) => !w.startsWith('Δ = η_c'));
  return {
    ...sd,
    rate: Math.exp(logRate),
    logRate,
    prefactor: (sd.prefactor ?? 0) * Math.exp(logFactor),
    warnings,
    regimeError: 0,
  };
}
