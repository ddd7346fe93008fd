import { requireFinite, requireNonNegative, requirePositive } from '../core/index.js';
import { activatedRate, notApplicable, type RateEstimate } from './rateEstimate.js';

/** Apéry's constant ζ(3). */
const ZETA_3 = 1.2020569031595942;

/**
 * The weak Ohmic damping term of the cubic well's tunnelling exponent, B = B0 (1 + c/Q):
 * c = 45ζ(3)/(2π³) = 0.8723 (Caldeira & Leggett, Ann. Phys. 149, 374, 1983, who write
 * (45ζ(3)/π³)·η/2Mω; the 0.87/Q of Devoret, Martinis & Clarke, PRL 55, 1908, 1985).
 */
export const OHMIC_DAMPING_COEFFICIENT = (45 * ZETA_3) / (2 * Math.PI ** 3);

/** Below this ΔU/ħω_a the leading semiclassical rate is more than 10% high (see the warning). */
export const MIN_BARRIER_TO_QUANTUM = 2;

/** Below this quality factor the first-order damping expansion is not trusted. */
export const MIN_TUNNELLING_QUALITY = 10;

export interface QuantumTunnellingInput {
  /** U″(x_a) > 0 at the well bottom (energy / length²). */
  readonly wellCurvature: number;
  /** ΔU = U(x_s) − U(x_a) (energy). */
  readonly deltaU: number;
  /** Mass m (reduced units: 1). */
  readonly mass?: number;
  /** Ohmic friction coefficient γ (force per velocity); default 0, no damping. */
  readonly gamma?: number;
  /** ħ in the problem's units (energy × time: J·s in SI). */
  readonly hbar: number;
}

/** A tunnelling rate: `barrierToNoise` holds the exponent B/ħ, which plays the part of ΔU/D. */
export interface QuantumTunnellingEstimate extends RateEstimate {
  /** B/ħ = (36ΔU/5ħω_a)(1 + 0.8723/Q): −ln of the rate up to the prefactor. */
  readonly exponent: number;
  /** ΔU/ħω_a, roughly the number of levels the well holds. */
  readonly barrierToQuantum: number;
  /** Q = mω_a/γ (Infinity without damping). */
  readonly quality: number;
}

function regimeWarnings(barrierToQuantum: number, quality: number): string[] {
  const warnings: string[] = [];
  if (barrierToQuantum < MIN_BARRIER_TO_QUANTUM) {
    warnings.push(
      `ΔU/ħω = ${Number(barrierToQuantum.toPrecision(3))} < ${MIN_BARRIER_TO_QUANTUM}: the well holds about ${Math.max(1, Math.round(barrierToQuantum))} level(s) and the semiclassical rate is about ${Math.round((20 / barrierToQuantum) * 10) / 10}% high (relative error ≈ 0.2ħω/ΔU against the exact resonance widths of the cubic well)`,
    );
  }
  if (quality < MIN_TUNNELLING_QUALITY) {
    warnings.push(
      `Q = ${Number(quality.toPrecision(3))} < ${MIN_TUNNELLING_QUALITY}: the weak-damping expansion is unreliable (exponent term ${OHMIC_DAMPING_COEFFICIENT.toFixed(2)}/Q = ${Number((OHMIC_DAMPING_COEFFICIENT / quality).toPrecision(2))}; the prefactor's own O(1/Q) correction is not included); strong damping needs the full dissipative bounce (Caldeira & Leggett 1983; Grabert, Olschowski & Weiss 1987)`,
    );
  }
  return warnings;
}

/**
 * Macroscopic quantum tunnelling out of a cubic metastable well at zero temperature with weak
 * Ohmic damping (Caldeira & Leggett, Ann. Phys. 149, 374, 1983; Grabert, Olschowski & Weiss,
 * Phys. Rev. B 36, 1931, 1987):
 *
 *   Γ_q = 12√(6π) (ω_a/2π) (ΔU/ħω_a)^{1/2} exp[−(36ΔU/5ħω_a)(1 + 0.8723/Q)],
 *
 * ω_a = √(U″(x_a)/m), Q = mω_a/γ. Devoret, Martinis & Clarke (PRL 55, 1908, 1985) write the
 * prefactor as [864π ΔU/ħω_p]^{1/2}, the same number. The exponent 36ΔU/5ħω is the WKB
 * (bounce) action of the cubic; 0.8723/Q its first-order Ohmic term; the prefactor is the
 * undamped one (its O(1/Q) correction is not included). Holds for T ≪ T_cr (see the josephson
 * preset for the crossover), ΔU ≫ ħω (the leading semiclassical order: about 0.2ħω/ΔU high,
 * checked against complex-scaling resonance widths in test/fixtures/quantum_tunnelling.py) and
 * Q ≫ 1. The well must be cubic near its end: exact as a fold is approached (a tilted washboard
 * near its critical current); with the exact ΔU and ω_a the junction's own WKB action differs
 * from 36ΔU/5ħω by 1.7e-4 at i = 0.9. `rate` is in the inverse time unit of ħ/energy.
 *
 * @example
 * cubicTunnellingRate({ wellCurvature: 1, deltaU: 2, hbar: 1 }).exponent;
 * // => 14.4 (36/5 · ΔU/ħω)
 */
export function cubicTunnellingRate(input: QuantumTunnellingInput): QuantumTunnellingEstimate {
  const { wellCurvature, deltaU } = input;
  requireFinite('wellCurvature', wellCurvature, 'U″ at the well bottom');
  requireFinite('deltaU', deltaU, 'barrier height ΔU');
  const hbar = requirePositive('hbar', input.hbar, 'ħ in energy × time units');
  const mass = requirePositive('mass', input.mass ?? 1, 'm');
  const gamma = requireNonNegative('gamma', input.gamma ?? 0, 'friction coefficient γ');
  const omega = Math.sqrt(Math.max(0, wellCurvature) / mass);
  // A degenerate well (ω_a = 0) has no levels: 0 here, and the estimate is not applicable.
  const barrierToQuantum = omega > 0 ? deltaU / (hbar * omega) : 0;
  const quality = gamma > 0 ? (mass * omega) / gamma : Number.POSITIVE_INFINITY;
  const exponent =
    barrierToQuantum === 0
      ? 0
      : (36 / 5) * barrierToQuantum * (1 + OHMIC_DAMPING_COEFFICIENT / quality);
  const base = { exponent, barrierToQuantum, quality };
  if (!(wellCurvature > 0) || !(deltaU > 0) || !(barrierToQuantum >= 0.5)) {
    const reason = !(wellCurvature > 0)
      ? `well curvature U″(x_a) = ${wellCurvature} is not positive: no harmonic well to tunnel from`
      : `ΔU/ħω = ${Number(barrierToQuantum.toPrecision(3))} < 1/2: the ground level ħω/2 lies above the barrier, so there is no metastable state to tunnel from`;
    const refused = notApplicable(deltaU, 1, `tunnelling rate not applicable: ${reason}`);
    return { ...refused, barrierToNoise: exponent, ...base };
  }
  const prefactor =
    12 * Math.sqrt(6 * Math.PI) * (omega / (2 * Math.PI)) * Math.sqrt(barrierToQuantum);
  // An Arrhenius law at the effective noise ΔU/(B/ħ): ln Γ stays finite where Γ underflows.
  const estimate = activatedRate(
    prefactor,
    deltaU,
    deltaU / exponent,
    regimeWarnings(barrierToQuantum, quality),
  );
  return { ...estimate, ...base };
}
