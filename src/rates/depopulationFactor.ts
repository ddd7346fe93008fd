import { adaptiveGaussLegendre, requireNonNegative } from '../core/index.js';

/**
 * The Mel'nikov–Meshkov depopulation factor (Mel'nikov & Meshkov, J. Chem. Phys. 85, 1018, 1986;
 * Mel'nikov, Phys. Rep. 209, 1, 1991):
 * A(Δ) = exp[(1/2π) ∫ ln(1 − e^{−Δ(y²+1/4)})/(y²+1/4) dy]
 *      = exp[(2/π) ∫_0^{π/2} ln(1 − e^{−Δ/(4cos²θ)}) dθ]      (y = tan θ / 2).
 * Δ = η_c I_s/D is the energy lost along the barrier orbit in units of D. A(Δ) → Δ as Δ → 0
 * (energy diffusion), → 1 as Δ → ∞ (spatial diffusion); A(1) = 0.44298.
 *
 * For small Δ the integrand climbs from ln(Δ/4) to 0 within |π/2 − θ| ≲ √Δ/2: the interval is
 * split there (cos θ* = √Δ/2) and each piece integrated by adaptive Gauss–Legendre, with
 * 1 − e^{−u} formed as −expm1(−u) so that ln stays accurate for tiny u.
 *
 * @example
 * depopulationFactor(1);
 * // => 0.44297830995035137 (0.44298, docs/conventions.md §3)
 */
export function depopulationFactor(energyLoss: number): number {
  return Math.exp(logDepopulationFactor(energyLoss));
}

/** ln A(Δ), finite for tiny Δ where A ≈ Δ. Δ = 0 gives −∞ (no energy exchange, no escape). */
export function logDepopulationFactor(energyLoss: number): number {
  const delta = requireNonNegative('energyLoss', energyLoss, 'Δ = η_c I_s / D');
  if (delta === 0) return Number.NEGATIVE_INFINITY;
  const f = (theta: number) => {
    const c = Math.cos(theta);
    if (c <= 0) return 0;
    const u = delta / (4 * c * c);
    // ln(1 − e^{−u}): −expm1(−u) keeps digits for tiny u; e^{−u} underflows harmlessly for large u.
    return u > 745 ? 0 : Math.log(-Math.expm1(-u));
  };
  const half = Math.PI / 2;
  // Where u = 1, the knee of the integrand; only inside (0, π/2) when Δ < 4.
  const knee = delta < 4 ? Math.acos(0.5 * Math.sqrt(delta)) : null;
  const pieces = knee === null ? [0, half] : [0, knee, half];
  let sum = 0;
  for (let i = 0; i + 1 < pieces.length; i++) {
    sum += adaptiveGaussLegendre(f, pieces[i]!, pieces[i + 1]!, {
      relTol: 1e-14,
      absTol: 1e-17,
    }).value;
  }
  return (2 / Math.PI) * sum;
}
