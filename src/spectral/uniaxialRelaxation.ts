import { KramersError, requireFinite } from '../core/index.js';
import { lowestBirthDeathEigenvalue } from './birthDeath.js';

/** λ1·τ_N with its error estimate and the finest grid used. */
export interface UniaxialRelaxation {
  /** Smallest non-zero eigenvalue times the free diffusion time τ_N (Brown 1963). */
  readonly value: number;
  /** Relative error estimate (difference of two Richardson levels). */
  readonly relativeError: number;
  readonly gridPoints: number;
}

/** λ1 τ_N on a grid of n cells over z ∈ [0, 1] (kernel tier). */
function onGrid(sigma: number, n: number, work: Float64Array): number {
  const h = 1 / n;
  const toLeft = new Float64Array(n);
  const toRight = new Float64Array(n);
  const phi = (z: number) => -sigma * z * z;
  for (let j = 1; j <= n; j++) {
    const i = j - 1;
    const z = j * h;
    const volume = j === n ? h / 2 : h;
    const zl = z - h / 2;
    // Face j−1/2: diffusion (1 − z²)/2 (time unit τ_N), square-root detailed-balance weights.
    const left = ((1 - zl * zl) / 2 / h) * Math.exp((phi(z) - phi(z - h)) / 2);
    toLeft[i] = left / volume;
    if (j < n) {
      const zr = z + h / 2;
      toRight[i] = (((1 - zr * zr) / 2 / h) * Math.exp(-(phi(z + h) - phi(z)) / 2)) / volume;
    }
  }
  return lowestBirthDeathEigenvalue(toLeft, toRight, work);
}

/**
 * Exact inverse longitudinal relaxation time of a uniaxial single-domain particle: the smallest
 * non-zero eigenvalue λ1 of Brown's axially symmetric Fokker-Planck equation
 *   2τ_N ∂W/∂t = ∂_z[(1 − z²)(∂_z W − 2σ z W)],  z = cos θ,  βV = −σ z²
 * (Brown, Phys. Rev. 130, 1677, 1963), in units of 1/τ_N (λ1 τ_N = 1 at σ = 0). The slowest mode
 * is odd in z, so it is the lowest mode on z ∈ [0, 1] with W(0) = 0: a detailed-balance
 * (square-root) finite-volume chain, whose lowest eigenvalue keeps its relative accuracy however
 * small e^{−σ} makes it, at three resolutions with Richardson extrapolation (error O(h²)).
 * Checked against a Legendre-Galerkin solution in mpmath (test/fixtures/neel_brown.py).
 *
 * @example
 * Math.round(uniaxialRelaxation(0).value * 1e9) / 1e9; // => 1 (λ1τ_N = 1 for a free moment)
 */
export function uniaxialRelaxation(sigma: number): UniaxialRelaxation {
  requireFinite('sigma', sigma, 'σ = KV/k_BT');
  // λ1τ_N ~ e^{−σ} leaves double range near σ = 700 (e^{−708} is the smallest normal double).
  if (Math.abs(sigma) > 700) {
    throw new KramersError(
      'invalid_parameter',
      `σ = KV/k_BT = ${Number(sigma.toPrecision(4))} is past ±700: the relaxation time τ_N·e^{σ} is outside double range (for σ > 0 the moment is blocked on any time scale)`,
      {
        issues: [{ path: 'sigma', message: 'at most 700 in magnitude' }],
        hint: 'a smaller particle or anisotropy, or a higher temperature',
      },
    );
  }
  // Resolve the well width ~1/(2|σ|) near z = 1 and the barrier layer ~1/√|σ| near z = 0.
  // Capped at 2^13 cells (σ ≈ 200, where λ1τ_N ≈ 1e-84); beyond, the error estimate grows.
  const n = Math.min(2 ** 13, Math.max(400, Math.ceil(40 * Math.abs(sigma))));
  const work = new Float64Array(5 * 4 * n);
  const l1 = onGrid(sigma, n, work);
  const l2 = onGrid(sigma, 2 * n, work);
  const l4 = onGrid(sigma, 4 * n, work);
  const r1 = (4 * l2 - l1) / 3;
  const r2 = (4 * l4 - l2) / 3;
  const relativeError = Math.abs(r2 - r1) / Math.abs(r2) + 1e-14;
  return { value: r2, relativeError, gridPoints: 4 * n + 1 };
}
