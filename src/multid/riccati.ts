import type { DriftField } from '../core/index.js';

/** A 2×2 matrix, row-major. */
export type Mat2 = [number, number, number, number];

/** Σ_k p_k ∂²b_k/∂x_i∂x_j by central differences of the Jacobian (step 1e-5: error ~1e-10). */
export function curvatureTerm(drift: DriftField, x: ArrayLike<number>, p: ArrayLike<number>): Mat2 {
  const plus = new Float64Array(4);
  const minus = new Float64Array(4);
  const out: Mat2 = [0, 0, 0, 0];
  for (let j = 0; j < 2; j++) {
    const step = 1e-5 * Math.max(1, Math.abs(x[j]!));
    const xp = [x[0]!, x[1]!];
    const xm = [x[0]!, x[1]!];
    xp[j]! += step;
    xm[j]! -= step;
    drift.jacobian(xp, plus);
    drift.jacobian(xm, minus);
    // (∂_j J)_{ki} = ∂²b_k/∂x_i∂x_j; contracted with p_k into column j of the result.
    for (let i = 0; i < 2; i++) {
      let s = 0;
      for (let k = 0; k < 2; k++) s += p[k]! * (plus[k * 2 + i]! - minus[k * 2 + i]!);
      out[i * 2 + j] = s / (2 * step);
    }
  }
  const off = 0.5 * (out[1] + out[2]);
  return [out[0], off, off, out[3]];
}

/** JᵀH + HJ + 2H² + M, the right side of −dH/dt (2×2). */
export function riccati(j: ArrayLike<number>, h: Mat2, m: Mat2): Mat2 {
  const r: Mat2 = [0, 0, 0, 0];
  for (let a = 0; a < 2; a++) {
    for (let c = 0; c < 2; c++) {
      let s = m[a * 2 + c]!;
      for (let k = 0; k < 2; k++) {
        s += j[k * 2 + a]! * h[k * 2 + c]! + h[a * 2 + k]! * j[k * 2 + c]!;
        s += 2 * h[a * 2 + k]! * h[k * 2 + c]!;
      }
      r[a * 2 + c] = s;
    }
  }
  return r;
}
