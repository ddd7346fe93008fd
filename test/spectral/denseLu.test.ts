import { describe, expect, it } from 'vitest';
import {
  luFactor,
  luFactorNoPivot,
  luSolvePanel,
  matMul,
  matPanel,
  PANEL,
} from '../../src/spectral/denseLu.js';
import { denseKernels } from '../../src/spectral/denseWasm.js';
import { product } from './matrices.js';
import { checkSymmetricKernels, notSpd } from './symmetricKernels.js';

/** Deterministic entries in (−1, 1) (a linear congruential generator; no diagonal dominance). */
function matrix(rows: number, cols: number, seed: number): Float64Array {
  let state = seed;
  return Float64Array.from({ length: rows * cols }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (2 * state) / 2147483648 - 1;
  });
}

const maxAbs = (a: Float64Array) => a.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

// Sizes around the block of 4 (remainders 0–3) and the parity sectors' K/2 (38, 58).
const sizes = [1, 2, 3, 4, 5, 7, 8, 13, 38, 58, 64];

describe('dense kernels of the Klein–Kramers block elimination', () => {
  it.each(sizes)('k = %s: blocked LU reproduces P·A = L·U to rounding', (k) => {
    const A = matrix(k, k, 7 + k);
    const lu = A.slice();
    const piv = luFactor(lu, k);
    const PA = A.slice();
    for (let c = 0; c < k; c++) {
      const p = piv[c]!;
      for (let j = 0; j < k; j++) {
        const t = PA[c * k + j]!;
        PA[c * k + j] = PA[p * k + j]!;
        PA[p * k + j] = t;
      }
    }
    const L = new Float64Array(k * k);
    const U = new Float64Array(k * k);
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++) {
        if (j < i) L[i * k + j] = lu[i * k + j]!;
        else U[i * k + j] = lu[i * k + j]!;
        if (i === j) L[i * k + i] = 1;
      }
    // Partial pivoting: |L| ≤ 1; backward error ≲ k·ε·growth (Golub & Van Loan 2013, §3.4.6).
    expect(maxAbs(L)).toBeLessThanOrEqual(1);
    const residual = product(L, U, k, k, k).map((x, q) => x - PA[q]!);
    expect(maxAbs(residual)).toBeLessThan(1e-13 * k * Math.max(1, maxAbs(U)));
  });

  it.each(sizes)('k = %s: panel solve and products agree with plain loops', (k) => {
    const A = matrix(k, k, 11 + k);
    const lu = A.slice();
    const piv = luFactor(lu, k);
    const B = matrix(k, PANEL, 3 + k);
    const X = B.slice();
    luSolvePanel(lu, piv, k, X, 0, 0);
    const back = product(A, X, k, k, PANEL).map((x, q) => x - B[q]!);
    expect(maxAbs(back)).toBeLessThan(1e-11 * k * maxAbs(X));
    const out = new Float64Array(k * PANEL).fill(1);
    matPanel(A, k, B, 0, out, 0, -2);
    const plain = product(A, B, k, k, PANEL).map((x) => 1 - 2 * x);
    expect(maxAbs(out.map((x, q) => x - plain[q]!))).toBeLessThan(1e-14 * k);
    const C = matrix(k, k, 5 + k);
    const AC = new Float64Array(k * k);
    matMul(A, C, k, AC);
    const direct = product(A, C, k, k, k);
    expect(maxAbs(AC.map((x, q) => x - direct[q]!))).toBeLessThan(1e-14 * k);
  });

  // The remainders 0–3 of the 4-row and 4/2/1-column blocking, and two ladder-like sizes.
  const symmetricSizes = [1, 3, 4, 5, 8, 13, 64, 97];
  it.each(symmetricSizes)('k = %s: no-pivot LU, forward solve, lower product (SPD route)', (k) => {
    checkSymmetricKernels(denseKernels('js', 0), k);
  });

  it('luFactorNoPivot: a pivot that is not positive and finite is a KramersError', () => {
    notSpd(luFactorNoPivot);
  });
});
