/** Plain triple loop, A (n×m) times B (m×l): the independent route for the blocked kernels. */
export function product(A: Float64Array, B: Float64Array, n: number, m: number, l: number) {
  const out = new Float64Array(n * l);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < l; j++) {
      let s = 0;
      for (let q = 0; q < m; q++) s += A[i * m + q]! * B[q * l + j]!;
      out[i * l + j] = s;
    }
  return out;
}

/** Deterministic entries in (−1, 1) (a linear congruential generator; no diagonal dominance). */
export function lcg(out: Float64Array, seed: number): Float64Array {
  let state = seed;
  for (let i = 0; i < out.length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out[i] = (2 * state) / 2147483648 - 1;
  }
  return out;
}

export const EPS = 2 ** -52;
/** Higham's γ_k = k·u/(1 − k·u), u = ε/2 the unit roundoff (Accuracy and Stability, 2002, §3.1). */
export const gamma = (k: number) => (k * EPS) / 2 / (1 - (k * EPS) / 2);
export const absolute = (a: Float64Array) => a.map(Math.abs);

/** The diagonal scaling of `spd`: 1/4, 1, 1/2, 1/4, 1, … (powers of two, so exact). */
export const spdScale = (i: number) => 2 ** -((i + 2) % 3);

/**
 * A = S·C·S with C = G·Gᵀ/k + I/10 symmetric positive definite, G's entries in (0, 2) (an LCG's
 * plus 1, so C's off-diagonal entries are ~1 against a diagonal ~1.4) and S = diag of spdScale. λ_min(C) ≥ 1/10 and λ_max(C) ≤ 1/10 + ‖G‖_F²/k (the trace of the PSD part bounds
 * its largest eigenvalue): κ₂(C) ≤ 1 + 10‖G‖_F²/k, returned. The scaling makes partial pivoting
 * swap (row 1, s = 1, beats the pivot of row 0, s = 1/4: 4·1 > 1.4; checked for each k), so the no-pivot LU is
 * tested where it differs from luFactor; and as S is powers of two, the no-pivot factors of A
 * are exactly S·L·S⁻¹ and S·U·S with L, U those of C (every rounding commutes with the scaling),
 * so bounds are checked on C's factors with C's κ.
 */
export function spd(k: number, seed: number) {
  const G = lcg(new Float64Array(k * k), seed).map((x) => x + 1);
  const Gt = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) Gt[j * k + i] = G[i * k + j]!;
  const C = product(G, Gt, k, k, k).map((x) => x / k);
  for (let i = 0; i < k; i++) C[i * k + i]! += 0.1;
  // G·Gᵀ's (i, j) and (j, i) are the same sum in the same order: C is exactly symmetric.
  const A = C.map((x, q) => x * spdScale(Math.floor(q / k)) * spdScale(q % k));
  const frobenius2 = G.reduce((sum, x) => sum + x * x, 0);
  return { A, C, kappa: 1 + (10 * frobenius2) / k };
}

/** The packed factor of spd's C from that of its A: entries of L ×s_j/s_i, of U ÷(s_i·s_j). */
export function unscale(factor: Float64Array, k: number): Float64Array {
  return factor.map((x, q) => {
    const [i, j] = [Math.floor(q / k), q % k];
    return j < i ? (x * spdScale(j)) / spdScale(i) : x / (spdScale(i) * spdScale(j));
  });
}

/** L (unit lower, ones on the diagonal) and U (upper) from a packed k×k factor at `offset`. */
export function unpack(lu: Float64Array, k: number, offset = 0) {
  const L = new Float64Array(k * k);
  const U = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const v = lu[offset + i * k + j]!;
      if (j < i) L[i * k + j] = v;
      else U[i * k + j] = v;
    }
  for (let i = 0; i < k; i++) L[i * k + i] = 1;
  return { L, U };
}

/** L⁻¹ of a unit lower triangular L by plain column-by-column forward substitution. */
export function unitLowerInverse(L: Float64Array, k: number): Float64Array {
  const X = new Float64Array(k * k);
  for (let c = 0; c < k; c++) {
    X[c * k + c] = 1;
    for (let r = c + 1; r < k; r++) {
      let s = 0;
      for (let i = c; i < r; i++) s -= L[r * k + i]! * X[i * k + c]!;
      X[r * k + c] = s;
    }
  }
  return X;
}

/** Whether lowerProduct writes entry (i, j): the lower triangle and the diagonal 4×4 tiles. */
export const lowerWritten = (i: number, j: number, k: number) =>
  j < Math.min(4 * Math.floor(i / 4) + 4, k);
