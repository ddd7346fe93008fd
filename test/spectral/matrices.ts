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

/**
 * A = G·Gᵀ/k + I/10, symmetric positive definite: λ_min ≥ 1/10 and λ_max ≤ 1/10 + ‖G‖_F²/k
 * (the trace of the PSD part bounds its largest eigenvalue), so κ₂(A) ≤ 1 + 10‖G‖_F²/k, returned.
 * Not diagonally dominant: partial pivoting would swap rows on it for most k > 4.
 */
export function spd(k: number, seed: number): { A: Float64Array; kappa: number } {
  const G = lcg(new Float64Array(k * k), seed);
  const Gt = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) Gt[j * k + i] = G[i * k + j]!;
  const A = product(G, Gt, k, k, k).map((x) => x / k);
  for (let i = 0; i < k; i++) A[i * k + i]! += 0.1;
  // G·Gᵀ's (i, j) and (j, i) are the same sum in the same order: A is exactly symmetric.
  const frobenius2 = G.reduce((s, x) => s + x * x, 0);
  return { A, kappa: 1 + (10 * frobenius2) / k };
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
