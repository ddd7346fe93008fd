import { expect } from 'vitest';
import type { DenseKernels } from '../../src/spectral/denseWasm.js';
import { absolute, gamma, lcg, lowerWritten, product, spd, unpack, unscale } from './matrices.js';

/**
 * The checks of the symmetric block elimination's kernels (luFactorNoPivot, forwardSolveMatrix,
 * lowerProduct) against independent routes, for either engine: the pivoted LU where it must
 * agree, plain triple loops in matrices.ts, and Higham's (Accuracy and Stability, 2002) rounding
 * bounds. Returns what was computed, for the comparison of the two engines.
 */
export function checkSymmetricKernels(K: DenseKernels, k: number) {
  noPivotMatchesPivoted(K, k);
  const { A, C, kappa } = spd(k, 3 + k);
  // The factor sits at an offset inside a larger array, as the block elimination's do.
  const factor = K.array(k * k + 3);
  factor.set(A, 3);
  K.luFactorNoPivot(factor, k, 3);
  const pivoted = K.array(k * k);
  pivoted.set(A);
  const swaps = Array.from(K.luFactor(pivoted, k)).filter((p, i) => p !== i).length;
  if (k > 1) expect(swaps).toBeGreaterThan(0); // where partial pivoting differs
  const scaled = unpack(factor, k, 3);
  residual(A, scaled.L, scaled.U, k);
  const factorC = unscale(factor.subarray(3), k);
  const direct = K.array(k * k);
  direct.set(C);
  K.luFactorNoPivot(direct, k);
  expect(Array.from(factorC)).toEqual(Array.from(direct)); // the scaling commutes exactly
  const { L, U } = unpack(factorC, k);
  ldlt(C, L, U, k);
  const Ls = scaled.L;
  const B = lcg(new Float64Array(k * k), 5 + k);
  const X = K.array(k * k);
  X.set(B);
  K.forwardSolveMatrix(factor, k, X, 3);
  // Each X[r][j] is b − Σ_{i<r} L[r][i]·X[i][j] summed in some order, so L·X = B + R with
  // |R| ≤ γ_k·|L||X| entrywise (Higham 2002, Lemma 8.4 and Thm 8.5, any summation order);
  // the test's own product adds up to γ_k|L||X| more and the subtraction ε: 3γ_k covers all.
  const LX = product(Ls, X, k, k, k);
  const LXabs = product(absolute(Ls), absolute(X), k, k, k);
  for (let q = 0; q < k * k; q++) {
    expect(Math.abs(LX[q]! - B[q]!)).toBeLessThanOrEqual(3 * gamma(k) * LXabs[q]!);
  }
  const lower = lowerProductChecks(K, k);
  return { B, kappa, factor: factor.slice(3), factorC, L, U, X: X.slice(), lower };
}

/**
 * Column diagonal dominance: no pivoting swap (Golub & Van Loan 2013, §3.4.10), so luFactor's
 * pivots are the identity and luFactorNoPivot does the same operations in the same order — the
 * same numbers bit for bit (a tolerance would hide a reordering the doc says is not there). Both
 * are checked against the matrix: |A − L·U| ≤ 3γ_k·|L||U| (Higham 2002, Thm 9.3, plus the test's
 * own product's rounding).
 */
function noPivotMatchesPivoted(K: DenseKernels, k: number): void {
  const D = lcg(new Float64Array(k * k), 7 + k);
  for (let i = 0; i < k; i++) D[i * k + i]! += k;
  const a = K.array(2 * k * k);
  a.set(D, k * k);
  K.luFactorNoPivot(a, k, k * k);
  const b = K.array(k * k);
  b.set(D);
  const piv = K.luFactor(b, k);
  expect(Array.from(piv)).toEqual(Array.from({ length: k }, (_, i) => i));
  expect(Array.from(a.subarray(k * k))).toEqual(Array.from(b));
  const { L, U } = unpack(a, k, k * k);
  residual(D, L, U, k);
}

/** |A − L·U| ≤ 3γ_k·|L||U| entrywise (Higham 2002, Thm 9.3, plus the test's own rounding). */
function residual(A: Float64Array, L: Float64Array, U: Float64Array, k: number): void {
  const LU = product(L, U, k, k, k);
  const LUabs = product(absolute(L), absolute(U), k, k, k);
  for (let q = 0; q < k * k; q++) {
    expect(Math.abs(LU[q]! - A[q]!)).toBeLessThanOrEqual(3 * gamma(k) * LUabs[q]!);
  }
}

/**
 * An SPD A (spd's C, with the factors unscaled): L·U = A to 3γ_k·|L||U| entrywise (as above),
 * every pivot positive, and the LDLᵀ property U[i][j] = U[i][i]·L[j][i]. For the last: L·U = A + E
 * with |E| ≤ γ_k|L||U| not symmetric, so at first order U − Δ·Lᵀ = L⁻¹(E − Eᵀ)L⁻ᵀΔ (strictly
 * upper part), of the order γ_k·max|L||U| where L⁻¹ is modest — an estimate, not a bound, so the
 * tolerance 2γ_k·max|L||U| was set from measurement: at most 0.23·γ_k·max|L||U| in either engine
 * (k ≤ 97), while a factor that is not LDLᵀ (pivoting swapped, or a wrong update) is off by order
 * one.
 */
function ldlt(A: Float64Array, L: Float64Array, U: Float64Array, k: number): void {
  residual(A, L, U, k);
  const LUabs = product(absolute(L), absolute(U), k, k, k);
  for (let i = 0; i < k; i++) expect(U[i * k + i]).toBeGreaterThan(0);
  const scale = LUabs.reduce((m, x) => Math.max(m, x), 0);
  let gap = 0;
  for (let i = 0; i < k; i++)
    for (let j = i + 1; j < k; j++)
      gap = Math.max(gap, Math.abs(U[i * k + j]! - U[i * k + i]! * L[j * k + i]!));
  expect(gap).toBeLessThanOrEqual(2 * gamma(k) * scale);
}

/**
 * lowerProduct against the plain triple loop, out at an offset and pre-filled with NaN: each
 * written entry is a k-term sum, within γ_k·|s|·(|A||B|) of the exact one in any order (Higham
 * 2002, §3.1), and the plain loop is within as much, so 2γ_k·|s|·(|A||B|) (+ε for the scale).
 * Entries not written (above the diagonal, outside the diagonal 4×4 tiles) must still be NaN.
 */
function lowerProductChecks(K: DenseKernels, k: number) {
  const P = lcg(K.array(k * k), 11 + k);
  const Q = lcg(K.array(k * k), 13 + k);
  const out = K.array(k * k + 5).fill(Number.NaN);
  const s = -2.5;
  K.lowerProduct(P, Q, k, out, 5, s);
  const exact = product(P, Q, k, k, k);
  const bound = product(absolute(P), absolute(Q), k, k, k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const v = out[5 + i * k + j]!;
      if (!lowerWritten(i, j, k)) {
        expect(v).toBeNaN();
        continue;
      }
      const q = i * k + j;
      expect(Math.abs(v - s * exact[q]!)).toBeLessThanOrEqual(3 * gamma(k) * -s * bound[q]!);
    }
  expect(Array.from(out.subarray(0, 5)).every(Number.isNaN)).toBe(true);
  return { out: out.slice(5), bound: bound.map((x) => -s * x) };
}

/** Matrices whose no-pivot LU meets a zero, negative, NaN or infinite pivot (same for wasm). */
export function notSpd(
  factor: (a: Float64Array, k: number) => void,
  make: (n: number) => Float64Array = (n) => new Float64Array(n),
) {
  const cases: [number, number[], RegExp][] = [
    [2, [1, 2, 2, 1], /pivot 1 is -3/],
    [3, [0, 0, 0, 0, 1, 0, 0, 0, 1], /pivot 0 is 0/],
    [2, [Number.NaN, 0, 0, 1], /pivot 0 is NaN/],
    [2, [1, 0, 0, Number.POSITIVE_INFINITY], /pivot 1 is Infinity/],
    // The fifth pivot lies in the second panel of four: found after a trailing update.
    [
      5,
      [1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, -1],
      /pivot 4 is -1/,
    ],
  ];
  for (const [k, entries, message] of cases) {
    const a = make(k * k);
    a.set(entries);
    expect(() => factor(a, k)).toThrow(message);
    a.set(entries);
    expect(() => factor(a, k)).toThrow(expect.objectContaining({ code: 'not_finite' }));
  }
}
