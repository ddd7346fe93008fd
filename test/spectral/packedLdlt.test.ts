import { describe, expect, it } from 'vitest';
import { packedSize } from '../../src/spectral/denseLu.js';
import { type DenseKernels, denseKernels, WasmDenseKernels } from '../../src/spectral/denseWasm.js';
import { absolute, gamma, lcg, lowerWritten, product, spd, unpack } from './matrices.js';

// Remainders 0–3 of the panels of four, and ladder-like sizes.
const sizes = [1, 2, 3, 4, 5, 6, 7, 8, 13, 33, 64, 97];

const engines: [string, (doubles: number) => DenseKernels][] = [
  ['js', (doubles) => denseKernels('js', doubles)],
  ['wasm', (doubles) => new WasmDenseKernels(doubles)],
];

/** Where packed storage keeps row r: its offset in the block and its width. */
function rowsOf(k: number) {
  const rows: { at: number; width: number }[] = [];
  let at = 0;
  for (let r = 0; r < k; r++) {
    const width = Math.min(4 * Math.floor(r / 4) + 4, k);
    rows.push({ at, width });
    at += width;
  }
  return { rows, size: at };
}

describe.each(engines)('packed LDLᵀ factors (%s): half the storage, the same solves', (_, make) => {
  it.each(sizes)('k = %s: packedSize is the panels’ sum, k²/2 + 2k for whole panels', (k) => {
    expect(packedSize(k)).toBe(rowsOf(k).size);
    if (k % 4 === 0) expect(packedSize(k)).toBe((k * k) / 2 + 2 * k);
  });

  it.each(sizes)('k = %s: packedSolvePanel solves M X = B, reading only L and Δ', (k) => {
    const K = make(4 * k * k + 16 * k + 64);
    const { A } = spd(k, 61 + k);
    // ldltFactor from the lower triangle and diagonal tiles, as the block elimination gives it.
    const full = K.array(k * k);
    for (let q = 0; q < k * k; q++) {
      full[q] = lowerWritten(Math.floor(q / k), q % k, k) ? A[q]! : Number.NaN;
    }
    K.ldltFactor(full, k);
    // Packed at an offset inside a larger array, as the factors of one level are.
    const offset = 3;
    const packed = K.array(offset + packedSize(k) + 5).fill(Number.NaN);
    K.packLdlt(full, k, 0, packed, offset);
    // Packed storage keeps L strictly below the diagonal and Δ on it; the rest of each diagonal
    // tile is carried but must not be read: NaN there would spread into the solution.
    const { rows } = rowsOf(k);
    rows.forEach(({ at, width }, r) => {
      for (let j = 0; j < width; j++) {
        const v = packed[offset + at + j]!;
        if (j <= r) expect(v).toBe(full[r * k + j]);
        else packed[offset + at + j] = Number.NaN;
      }
    });
    const bOffset = 8;
    const B = lcg(new Float64Array(4 * k), 71 + k);
    const X = K.array(bOffset + 4 * k);
    X.set(B, bOffset);
    K.packedSolvePanel(packed, k, offset, X, bOffset);
    // Backward stability of LU solves (Higham, Accuracy and Stability, 2002, Thm 9.4): the
    // computed X solves (A + E)X = B with |E| ≤ γ_{3k}|L||U|, U = ΔLᵀ, whatever the order of the
    // sums; so |AX − B| ≤ γ_{3k}|L||U||X|, and forming AX here adds γ_k|A||X| ≤ γ_k|L||U||X|
    // (plus rounding of the factorisation, of the same order): 2γ_{3k}. A misread entry or a
    // wrong stride is off by order one.
    const x = X.slice(bOffset);
    const { L, U } = unpack(full, k);
    const LU = product(absolute(L), absolute(U), k, k, k);
    const bound = product(LU, absolute(x), k, k, 4);
    const AX = product(A, x, k, k, 4);
    for (let q = 0; q < 4 * k; q++) {
      expect(Number.isFinite(x[q]!)).toBe(true);
      expect(Math.abs(AX[q]! - B[q]!)).toBeLessThanOrEqual(2 * gamma(3 * k) * bound[q]!);
    }
    // The bytes around the panel are untouched.
    expect(Array.from(X.subarray(0, bOffset))).toEqual(new Array(bOffset).fill(0));
  });
});
