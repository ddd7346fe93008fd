import type { PotentialND } from '../core/index.js';
import { column, symmetricEigen } from './linalg.js';

/** How far (in units of D) U may stray from its quadratic model 2 thermal widths out. */
const ANHARMONIC_TOLERANCE = 0.5;

/**
 * Soft or anharmonic modes at a stationary point: along each Hessian eigenvector v_k with
 * eigenvalue λ_k, U is compared with its quadratic model at δ = ±2√(D/|λ_k|) (two thermal widths,
 * where the model predicts a change of 2D); a mismatch above D/2 there makes the harmonic
 * (Gaussian) integral behind TST and Langer's prefactor off by roughly 10% or more along that
 * mode. Returns one warning naming the modes that fail, or none.
 */
export function anharmonicModes(
  potential: PotentialND,
  x: readonly number[],
  D: number,
  what: string,
): string[] {
  const n = potential.dimension;
  const h = new Float64Array(n * n);
  potential.hessian(x, h);
  const { values, vectors } = symmetricEigen(h, n);
  const u0 = potential.U(x);
  const soft: number[] = [];
  let worstOfAll = 0;
  const q = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const lambda = values[k]!;
    if (lambda === 0) continue;
    const v = column(vectors, n, k);
    const delta = 2 * Math.sqrt(D / Math.abs(lambda));
    let worst = 0;
    for (const sign of [-1, 1]) {
      for (let i = 0; i < n; i++) q[i] = x[i]! + sign * delta * v[i]!;
      const actual = potential.U(q) - u0;
      const model = 0.5 * lambda * delta * delta;
      worst = Math.max(worst, Math.abs(actual - model) / D);
    }
    if (!(worst <= ANHARMONIC_TOLERANCE)) {
      soft.push(lambda);
      worstOfAll = Math.max(worstOfAll, worst);
    }
  }
  if (soft.length === 0) return [];
  return [
    `anharmonic ${soft.length > 1 ? 'modes' : 'mode'} at ${what} (Hessian eigenvalue${soft.length > 1 ? 's' : ''} ${soft.map((v) => Number(v.toPrecision(4))).join(', ')}): two thermal widths out U departs from its quadratic model by up to ${Number(worstOfAll.toPrecision(2))} D; the harmonic prefactor is off by roughly 10% or more (compare the exact route)`,
  ];
}
