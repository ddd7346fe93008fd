import { adaptiveGaussLegendre } from '../core/index.js';
import { luFactor, luSolve } from './denseLu.js';
import { cardinalRow, type GridMap } from './lobatto.js';

/**
 * Basin integrals of functions given on the Klein–Kramers collocation grid, and the Ritz vectors
 * behind them (see kleinKramersSpectrum.ts for the grid and the iteration).
 */

export type { GridMap } from './lobatto.js';

/**
 * The eigenvector of a small real matrix T for its (real, simple) eigenvalue μ, by inverse
 * iteration on T − μ(1 + 1e-10) (Golub & Van Loan, Matrix Computations, 2013, §7.6.1): μ from QR is
 * accurate to rounding, so two or three steps reach the eigenvector to rounding as well.
 */
export function smallEigenvector(T: readonly (readonly number[])[], mu: number): Float64Array {
  const b = T.length;
  const a = new Float64Array(b * b);
  const shift = mu * (1 + 1e-10) + (mu === 0 ? 1e-300 : 0);
  for (let i = 0; i < b; i++)
    for (let j = 0; j < b; j++) a[i * b + j] = T[i]![j]! - (i === j ? shift : 0);
  const piv = luFactor(a, b, 0);
  const y = new Float64Array(b);
  for (let i = 0; i < b; i++) y[i] = 1 + 0.1 * Math.sin(1.7 * i + 0.3);
  for (let step = 0; step < 3; step++) {
    luSolve(a, piv, b, y, 0, 0);
    let norm = 0;
    for (let i = 0; i < b; i++) norm += y[i]! ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < b; i++) y[i] = y[i]! / norm;
  }
  return y;
}

/**
 * ∫ f dx over each basin [cuts_i, cuts_{i+1}] (cuts = [domain.min, …splits, domain.max]) of the
 * function f with the given values at the k interior nodes and 0 at both ends (c_n = 0 there):
 * barycentric interpolation in t on the Legendre–Lobatto nodes (lobatto.ts), which is spectrally
 * accurate for the analytic c_0·e^{−Φ/2}, then adaptive Gauss–Legendre in x on each basin.
 */
export function basinIntegrals(
  map: GridMap,
  values: Float64Array,
  cuts: readonly number[],
): number[] {
  const row = new Float64Array(map.k);
  const f = (x: number) => {
    cardinalRow(map, x, row);
    let s = 0;
    for (let j = 0; j < map.k; j++) s += row[j]! * values[j]!;
    return s;
  };
  let scale = 0;
  for (let i = 0; i < map.k; i++) scale = Math.max(scale, Math.abs(values[i]!));
  const absTol = 1e-14 * scale * 2 * map.half;
  return cuts
    .slice(1)
    .map((b, i) => adaptiveGaussLegendre(f, cuts[i]!, b, { relTol: 1e-12, absTol }).value);
}
