import { KramersError, requireFinite, requirePositive } from '../core/index.js';
import type { RateEstimate } from './rateEstimate.js';

/**
 * Friction regimes of inertial escape (Hänggi, Talkner & Borkovec, Rev. Mod. Phys. 62, 251, 1990,
 * §IV–V; docs/conventions.md §3), named by which leading theory holds:
 * - 'energy-diffusion': weak friction, Δ = η_c I_s/D ≪ 1; the rate ∝ γ.
 * - 'turnover': neither limit; only the Mel'nikov–Meshkov interpolation applies.
 * - 'spatial-diffusion': Δ ≫ 1 and moderate friction; Kramers' (Grote–Hynes) rate.
 * - 'overdamped': Δ ≫ 1 and η_c ≫ ω_s; the Smoluchowski rate ∝ 1/γ.
 */
export type FrictionRegime = 'energy-diffusion' | 'turnover' | 'spatial-diffusion' | 'overdamped';

/** An inertial (Langevin with mass) rate with the friction regime it was evaluated in. */
export interface InertialRateEstimate extends RateEstimate {
  /** Where these parameters sit between weak and strong friction. */
  readonly regime: FrictionRegime;
  /** Δ = η_c I_s / D, the energy lost to friction along the barrier orbit, in units of D (null when no action was given). */
  readonly energyLoss: number | null;
  /**
   * Known size of the leading-order error from the finite barrier: a relative error of order
   * D/ΔU (Mel'nikov, Phys. Rep. 209, 1, 1991; Hänggi et al. 1990 §IV.E). At ΔU/D = 5 the
   * Mel'nikov–Meshkov rate differs from the exact λ1/2 by 5–30% (docs/conventions.md §3).
   */
  readonly finiteBarrierError: number;
  /**
   * How far this formula is from the full Mel'nikov–Meshkov turnover rate at these parameters:
   * |k/k_MM − 1| (0 for the turnover rate itself; null when no action was given). Large values say
   * the parameters lie outside this formula's regime.
   */
  readonly regimeError: number | null;
}

/** Limits of each named regime: the leading theory within 10% of the turnover interpolation. */
export const REGIME_TOLERANCE = 0.1;

export interface InertialBase {
  /** U″(x_a) > 0 at the well bottom (energy / length²). */
  readonly wellCurvature: number;
  /** ΔU = U(x_s) − U(x_a) (energy). */
  readonly deltaU: number;
  /** Noise intensity D = k_B T (energy). */
  readonly D: number;
  /** Friction coefficient γ (force per velocity); the collision rate is η_c = γ/m. */
  readonly gamma: number;
  /** Mass m (default 1). */
  readonly mass?: number;
}

export interface ValidatedInertial {
  readonly wellCurvature: number;
  readonly deltaU: number;
  readonly D: number;
  readonly gamma: number;
  readonly mass: number;
  /** η_c = γ/m. */
  readonly collisionRate: number;
  /** ω_a = √(U″(x_a)/m). */
  readonly omegaWell: number;
}

/** Shared checks: γ = 0 is explained (not a generic "must be positive"), m must be positive. */
export function validateInertial(input: InertialBase): ValidatedInertial {
  requireFinite('wellCurvature', input.wellCurvature, 'U″ at the well bottom');
  requireFinite('deltaU', input.deltaU, 'barrier height ΔU');
  requirePositive('D', input.D, 'noise intensity k_B T');
  const mass = requirePositive(
    'mass',
    input.mass ?? 1,
    'm: inertial dynamics need a positive mass',
  );
  if (input.gamma === 0) {
    throw new KramersError(
      'invalid_parameter',
      'gamma = 0: without friction there is no noise either (the noise is √(2γD), fluctuation–dissipation), so the energy is conserved and a particle below the barrier never escapes (k = 0); the weak-friction rate k ∝ γ vanishes there',
      {
        issues: [{ path: 'gamma', message: 'γ = 0: no coupling to the bath, no escape' }],
        hint: 'give a positive friction, e.g. --gamma 0.01 for the energy-diffusion regime',
      },
    );
  }
  const gamma = requirePositive('gamma', input.gamma, 'friction coefficient γ');
  return {
    wellCurvature: input.wellCurvature,
    deltaU: input.deltaU,
    D: input.D,
    gamma,
    mass,
    collisionRate: gamma / mass,
    omegaWell: Math.sqrt(Math.abs(input.wellCurvature) / mass),
  };
}

/** Validates the action I_s: finite and positive (energy × time). */
export function requireAction(action: number): number {
  return requirePositive('action', action, 'I_s = ∮ p dx of the orbit at the barrier energy');
}

/**
 * Kramers–Grote–Hynes reactive frequency over the barrier frequency,
 * (√(η_c²/4 + ω_s²) − η_c/2)/ω_s, written without cancellation at large η_c.
 */
export function transmissionFactor(collisionRate: number, omegaBarrier: number): number {
  const root = Math.sqrt(0.25 * collisionRate * collisionRate + omegaBarrier * omegaBarrier);
  return omegaBarrier / (root + 0.5 * collisionRate);
}
