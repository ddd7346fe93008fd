import { requireFinite } from '../core/index.js';
import { type BondParameters, requireBond, requireLoadingRate } from './bondParameters.js';

/**
 * Bell's force-dependent escape rate (Bell, Science 200, 618, 1978; Evans & Ritchie, Biophys. J.
 * 72, 1541, 1997): k(F) = k0 e^{F x‡/k_BT}. Returns ln k. The force lowers the barrier by F x‡
 * with neither the well nor the barrier moving, so it holds while F x‡ ≪ ΔG‡ (the first order of
 * Dudko–Hummer–Szabo with ν = 1); it never predicts the barrier to vanish.
 *
 * @example
 * bellEvansLogRate({ deltaG: 10, xb: 1, k0: 0.5, D: 1 }, 2);
 * // => 1.3068528194400546 (ln 0.5 + 2)
 */
export function bellEvansLogRate(bond: BondParameters, force: number): number {
  requireBond(bond);
  requireFinite('force', force);
  return Math.log(bond.k0) + (force * bond.xb) / bond.D;
}

const EULER_GAMMA = 0.5772156649015329;

/** e^a E1(a) for a > 0 (series below 1, Lentz continued fraction above; ~1e-15 relative). */
export function scaledExponentialIntegral(a: number): number {
  if (a <= 1) {
    // E1(a) = −γ − ln a − Σ_{n≥1} (−a)^n/(n·n!) (Abramowitz & Stegun 5.1.11)
    let sum = 0;
    let term = 1;
    for (let n = 1; n < 60; n++) {
      term *= -a / n;
      sum += term / n;
      if (Math.abs(term / n) < 1e-17 * Math.abs(sum)) break;
    }
    return Math.exp(a) * (-EULER_GAMMA - Math.log(a) - sum);
  }
  // e^a E1(a) = 1/(a+1− 1/(a+3− 4/(a+5− …))) (A&S 5.1.22), modified Lentz.
  const tiny = 1e-300;
  let f = a + 1;
  let C = f;
  let Dv = 0;
  for (let n = 1; n < 500; n++) {
    const an = -n * n;
    const bn = a + 2 * n + 1;
    Dv = bn + an * Dv;
    if (Dv === 0) Dv = tiny;
    C = bn + an / C;
    if (C === 0) C = tiny;
    Dv = 1 / Dv;
    const delta = C * Dv;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 / f;
}

/**
 * Mean rupture force under a constant loading rate r for Bell's rate, in closed form (Evans &
 * Ritchie 1997 give its large-r form, the most probable force (k_BT/x‡) ln(r x‡/(k0 k_BT))):
 * with a = k0 k_BT/(x‡ r), S(F) = exp[−a(e^{F x‡/k_BT} − 1)] and
 * ⟨F⟩ = ∫0^∞ S dF = (k_BT/x‡) e^a E1(a) ≈ (k_BT/x‡)[ln(1/a) − γ_E] for a ≪ 1.
 * Exact for the Bell rate at any r (an independent check of the quadrature route).
 *
 * @example
 * bellEvansMeanForce({ deltaG: 10, xb: 1, k0: 1, D: 1 }, 1);
 * // => 0.5963473623231941 (e·E1(1), mpmath)
 */
export function bellEvansMeanForce(bond: BondParameters, loadingRate: number): number {
  requireBond(bond);
  requireLoadingRate(loadingRate);
  const a = (bond.k0 * bond.D) / (bond.xb * loadingRate);
  return (bond.D / bond.xb) * scaledExponentialIntegral(a);
}
