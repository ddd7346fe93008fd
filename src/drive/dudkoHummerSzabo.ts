import { requireFinite } from '../core/index.js';
import {
  type BondParameters,
  requireBond,
  requireLoadingRate,
  requireNu,
} from './bondParameters.js';

/**
 * The force at which the Dudko–Hummer–Szabo barrier vanishes, F_c = ΔG‡/(ν x‡); Infinity for
 * ν = 1 (Bell: the barrier is lowered by F x‡ for ever, the rate formula has no end).
 */
export function dhsCriticalForce(bond: BondParameters, nu: number): number {
  requireBond(bond);
  requireNu(nu);
  return nu === 1 ? Number.POSITIVE_INFINITY : bond.deltaG / (nu * bond.xb);
}

/**
 * Dudko–Hummer–Szabo force-dependent escape rate (Dudko, Hummer & Szabo, PRL 96, 108101, 2006):
 * k(F) = k0 (1 − νF x‡/ΔG‡)^{1/ν − 1} exp{βΔG‡[1 − (1 − νF x‡/ΔG‡)^{1/ν}]}, β = 1/k_BT.
 * Returns ln k. ν = 1/2: cusp barrier (harmonic well, sharp barrier); ν = 2/3: linear-cubic
 * potential (the generic shape near the force where the barrier vanishes); ν = 1: Bell's k0 e^{βFx‡}.
 * It is the Kramers rate of the tilted model potential, so it needs βΔG‡(F) ≫ 1 at the force of
 * interest; for ν < 1 it is defined for F < F_c = ΔG‡/(νx‡) only (NaN beyond: check F_c first).
 *
 * @example
 * dhsLogRate({ deltaG: 10, xb: 1, k0: 1, D: 1 }, 2 / 3, 3);
 * // => 2.733010696343567 (ln[0.8^{1/2}] + 10(1 − 0.8^{3/2}))
 */
export function dhsLogRate(bond: BondParameters, nu: number, force: number): number {
  requireBond(bond);
  requireNu(nu);
  requireFinite('force', force);
  return dhsLogRateUnchecked(bond, nu, force);
}

/** Kernel of `dhsLogRate` (no checks): ln k(F), NaN at and beyond F_c for ν < 1. */
export function dhsLogRateUnchecked(bond: BondParameters, nu: number, force: number): number {
  const { deltaG, xb, k0, D } = bond;
  if (nu === 1) return Math.log(k0) + (force * xb) / D;
  // ln u and 1 − u^{1/ν} through log1p/expm1: for F x‡ ≪ ΔG‡ (high barriers, and the fit's
  // excursions towards ΔG‡ → ∞) the plain forms lose every digit to cancellation.
  const z = (nu * force * xb) / deltaG;
  if (!(z < 1)) return Number.NaN;
  const logU = Math.log1p(-z);
  return Math.log(k0) + (1 / nu - 1) * logU - (deltaG / D) * Math.expm1(logU / nu);
}

/**
 * The integrated hazard H(F)/r = (1/r)∫0^F k(f) df of the DHS rate in closed form: the
 * exponent's derivative is βx‡ k(F)/k0 times k0, so ∫0^F k = (k0/(βx‡))[e^{βΔG‡(1 − u^{1/ν})} − 1],
 * u = 1 − νF x‡/ΔG‡ (Dudko, Hummer & Szabo 2006, their survival probability). S(F) = e^{−H/r}.
 */
export function dhsIntegratedHazard(
  bond: BondParameters,
  nu: number,
  loadingRate: number,
  force: number,
): number {
  const { deltaG, xb, k0, D } = bond;
  const z = Math.min((nu * force * xb) / deltaG, 1);
  const exponent = nu === 1 ? (force * xb) / D : -(deltaG / D) * Math.expm1(Math.log1p(-z) / nu);
  return ((k0 * D) / (xb * loadingRate)) * Math.expm1(exponent);
}

/** ln p(F) of the DHS rupture-force density p(F) = (k(F)/r) e^{−H(F)/r}; −Infinity beyond F_c. */
export function dhsLogDensity(
  bond: BondParameters,
  nu: number,
  loadingRate: number,
  force: number,
): number {
  const logRate = dhsLogRateUnchecked(bond, nu, force);
  if (Number.isNaN(logRate)) return Number.NEGATIVE_INFINITY;
  return logRate - Math.log(loadingRate) - dhsIntegratedHazard(bond, nu, loadingRate, force);
}

const EULER_GAMMA = 0.5772156649015329;

export interface DhsApproximateForce {
  /** ⟨F⟩ ≈ (ΔG‡/(νx‡)){1 − [ln(k0 e^{βΔG‡+γ}/(βx‡r))/(βΔG‡)]^ν}. */
  readonly meanForce: number;
  /** σ_F ≈ (π/(√6 βx‡)) [ln(k0 e^{βΔG‡+γ}/(βx‡r))/(βΔG‡)]^{ν−1}. */
  readonly sdForce: number;
  readonly warnings: readonly string[];
}

/**
 * DHS's approximate closed forms for the mean and spread of the rupture force at loading rate r
 * (Dudko, Hummer & Szabo, PRL 2006): with y = βΔG‡[1 − u^{1/ν}], the survival is
 * S = exp[−a(e^y − 1)], a = k0/(βx‡r), so y is Gumbel-distributed with mean ≈ ln(1/a) − γ_E and
 * variance π²/6 when a ≪ 1; mapping the mean back and the spread to first order gives
 * ⟨F⟩ ≈ (ΔG‡/(νx‡)){1 − [ln(k0 e^{βΔG‡+γ}/(βx‡r))/(βΔG‡)]^ν},
 * σ_F² ≈ (π²/(6β²x‡²)) [ln(k0 e^{βΔG‡+γ}/(βx‡r))/(βΔG‡)]^{2ν−2}.
 * Holds for k0/(βx‡r) ≪ 1 (the bond is pulled faster than it escapes spontaneously) and a
 * rupture well before F_c; a cross-check of the quadrature route, not a replacement. Where the
 * form gives no positive force, or one beyond F_c, it returns NaN with a warning saying why.
 *
 * @example
 * dhsApproximateForce({ deltaG: 20, xb: 1, k0: 1, D: 1 }, 1, 100).meanForce;
 * // => 4.027954521086559 (ln 100 − γ_E)
 */
export function dhsApproximateForce(
  bond: BondParameters,
  nu: number,
  loadingRate: number,
): DhsApproximateForce {
  requireBond(bond);
  requireNu(nu);
  requireLoadingRate(loadingRate);
  const { deltaG, xb, k0, D } = bond;
  const beta = 1 / D;
  const a = k0 / (beta * xb * loadingRate);
  const warnings: string[] = [];
  // ln(k0 e^{βΔG+γ}/(βx‡r)) / (βΔG): the fraction of the barrier left at the typical rupture.
  const left = (Math.log(a) + beta * deltaG + EULER_GAMMA) / (beta * deltaG);
  if (a > 0.1) {
    warnings.push(
      `k0 k_BT/(x‡ r) = ${Number(a.toPrecision(3))} is not ≪ 1: the bond often escapes before the force matters, and the approximate forms are off (use the quadrature)`,
    );
  }
  if (!(left < 1)) {
    warnings.push(
      'the approximate mean is not positive: the bond escapes before the force matters (use the quadrature)',
    );
    return { meanForce: Number.NaN, sdForce: Number.NaN, warnings };
  }
  if (!(left > 0)) {
    warnings.push(
      'the approximate mean lies beyond the critical force: the barrier is gone before a thermal escape (use the quadrature)',
    );
    return { meanForce: Number.NaN, sdForce: Number.NaN, warnings };
  }
  const meanForce =
    nu === 1 ? -(D / xb) * (Math.log(a) + EULER_GAMMA) : (deltaG / (nu * xb)) * (1 - left ** nu);
  const sdForce = (Math.PI / (Math.sqrt(6) * beta * xb)) * left ** (nu - 1);
  return { meanForce, sdForce, warnings };
}

/**
 * Rupture forces drawn from the DHS density by inverting its survival in closed form:
 * H(F)/r = −ln U with U uniform on (0, 1] gives y = ln(1 + (−ln U)/a), then
 * F = (ΔG‡/(νx‡))[1 − (1 − y/(βΔG‡))^ν] (Bell: F = y/(βx‡)). A bond that survives to F_c is
 * returned as F_c. `uniform` must return numbers in (0, 1].
 */
export function drawDhsRuptureForces(
  bond: BondParameters,
  nu: number,
  loadingRate: number,
  count: number,
  uniform: () => number,
): Float64Array {
  requireBond(bond);
  requireNu(nu);
  requireLoadingRate(loadingRate);
  const { deltaG, xb, k0, D } = bond;
  const a = (k0 * D) / (xb * loadingRate);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const y = Math.log1p(-Math.log(uniform()) / a);
    if (nu === 1) {
      out[i] = (y * D) / xb;
      continue;
    }
    const rest = 1 - (y * D) / deltaG;
    out[i] = rest > 0 ? (deltaG / (nu * xb)) * (1 - rest ** nu) : deltaG / (nu * xb);
  }
  return out;
}
