import { describe, expect, it } from 'vitest';
import {
  type DenseKernels,
  denseArena,
  denseKernels,
  WasmDenseKernels,
} from '../../src/spectral/denseWasm.js';
import { hessenberg } from '../../src/spectral/hessenberg.js';
import {
  absolute,
  EPS,
  gamma,
  lcg,
  lowerWritten,
  product,
  spd,
  unitLowerInverse,
  unpack,
} from './matrices.js';
import { notSpd } from './symmetricKernels.js';

// Remainders 0–3 of the blocks of four, a chunk edge (32 + 1) and ladder-like sizes.
const sizes = [1, 2, 3, 4, 5, 8, 13, 33, 64, 97];

const transpose = (A: Float64Array, k: number) => {
  const T = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) T[j * k + i] = A[i * k + j]!;
  return T;
};
const frobenius = (A: Float64Array) => Math.sqrt(A.reduce((s, x) => s + x * x, 0));

/** The reduction by the JavaScript function, or by the WebAssembly kernels in their memory. */
const reductions: [string, (A: Float64Array, k: number) => { H: Float64Array; Q: Float64Array }][] =
  [
    ['js', hessenberg],
    [
      'wasm',
      (A, k) => {
        const K = new WasmDenseKernels(2 * k * k + 3 * k + 16);
        const [H, Q] = [K.array(k * k), K.array(k * k)];
        H.set(A);
        K.hessenbergReduce(H, k, Q, K.array(3 * k));
        return { H: H.slice(), Q: Q.slice() };
      },
    ],
  ];

describe.each(reductions)('hessenberg (%s): QᵀAQ = H by Householder reflections', (_, reduce) => {
  it.each(sizes)('k = %s: H is upper Hessenberg, Q orthogonal, Q·H·Qᵀ = A', (k) => {
    const A = lcg(new Float64Array(k * k), 17 + k);
    const { H, Q } = reduce(A, k);
    // Exactly zero below the subdiagonal: the block elimination skips those entries unread.
    for (let i = 0; i < k; i++) for (let j = 0; j + 1 < i; j++) expect(H[i * k + j]).toBe(0);
    // Householder reduction is backward stable: Q̂ᵀ(A + E)Q̂ = H with ‖E‖_F ≤ c·k²·u·‖A‖_F and
    // ‖Q̂ᵀQ̂ − I‖ ≤ c·k²·u (Golub & Van Loan 2013, §5.1.6 and §7.4.3; c a small constant). The
    // reconstruction by plain triple loops adds 2γ_k‖Q‖‖H‖‖Q‖. Measured (k ≤ 97): ‖QᵀQ − I‖_F ≤
    // 0.71·k·u and ‖QHQᵀ − A‖_F ≤ 0.31·k·u·‖A‖_F, so 4k²u is loose, yet far below an error in
    // one reflection (order 1 and order ‖A‖).
    const QtQ = product(transpose(Q, k), Q, k, k, k);
    for (let i = 0; i < k; i++) QtQ[i * k + i]! -= 1;
    expect(frobenius(QtQ)).toBeLessThanOrEqual(4 * k * k * EPS);
    const back = product(product(Q, H, k, k, k), transpose(Q, k), k, k, k);
    const error = frobenius(back.map((x, q) => x - A[q]!));
    expect(error).toBeLessThanOrEqual(4 * k * k * EPS * frobenius(A));
  });

  it('a column already zero below the subdiagonal is left alone (no reflection)', () => {
    const k = 4;
    const A = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 0, 9, 10, 11, 0, 0, 12, 13]);
    const { H, Q } = reduce(A, k);
    expect(Array.from(H)).toEqual(Array.from(A));
    expect(Array.from(Q)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  });
});

/** The engines: WebAssembly (the structured kernels) and the JavaScript reference. */
const engines: [string, (doubles: number) => DenseKernels][] = [
  ['wasm', (doubles) => new WasmDenseKernels(doubles)],
  ['js', () => denseKernels('js', 0)],
];

/** A lower Hessenberg T (Hᵀ of a reduced matrix) and an SPD LDLᵀ factor, in K's memory. */
function setUp(K: DenseKernels, k: number) {
  const { H } = hessenberg(lcg(new Float64Array(k * k), 23 + k), k);
  const T = K.array(k * k);
  T.set(transpose(H, k));
  const factor = K.array(k * k);
  factor.set(spd(k, 29 + k).C);
  K.luFactorNoPivot(factor, k);
  return { T, factor };
}

describe.each(engines)('Hessenberg-structured kernels (%s)', (_, make) => {
  it.each(sizes)('k = %s: forward solve of a Hessenberg B, as the dense one to rounding', (k) => {
    const K = make(8 * k * k + 64);
    const { T, factor } = setUp(K, k);
    const dense = K.array(k * k);
    dense.set(T);
    K.forwardSolveMatrix(factor, k, dense);
    const X = K.array(k * k);
    X.set(T);
    K.forwardSolveHessenberg(factor, k, X);
    // L⁻¹ of a lower Hessenberg B is lower Hessenberg: the zeros stay exactly zero.
    for (let i = 0; i < k; i++) for (let j = i + 2; j < k; j++) expect(X[i * k + j]).toBe(0);
    // Both solves are L·X = B + R with |R| ≤ γ_k|L||X| (Higham 2002, Thm 8.5, any order), so
    // |X − X_dense| ≤ 2γ_k·|L⁻¹|·|L|·|X| (3γ_k: room for the bound's own rounding).
    const { L } = unpack(factor, k);
    const bound = product(
      absolute(unitLowerInverse(L, k)),
      product(absolute(L), absolute(dense), k, k, k),
      k,
      k,
      k,
    );
    for (let q = 0; q < k * k; q++) {
      expect(Math.abs(X[q]! - dense[q]!)).toBeLessThanOrEqual(3 * gamma(k) * bound[q]!);
    }
  });

  it.each(sizes)('k = %s: lower product and panels skip only exact zeros (same bits)', (k) => {
    const K = make(12 * k * k + 16 * k + 64);
    const { T } = setUp(K, k);
    // Zᵀ of a lower Hessenberg Z: row i zero left of column i − 1.
    const Zt = K.array(k * k);
    Zt.set(transpose(T, k));
    const B = lcg(K.array(k * k), 31 + k);
    const [dense, banded] = [K.array(k * k).fill(Number.NaN), K.array(k * k).fill(Number.NaN)];
    K.lowerProduct(Zt, B, k, dense, 0, 3);
    K.lowerProductHessenberg(Zt, B, k, banded, 0, 3);
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++) {
        if (lowerWritten(i, j, k)) expect(banded[i * k + j]).toBe(dense[i * k + j]);
        else expect(banded[i * k + j]).toBeNaN();
      }
    const X = lcg(K.array(4 * k), 37 + k);
    for (const [A, shape] of [
      [T, 'lower'],
      [Zt, 'upper'],
    ] as const) {
      const [plain, skipping] = [lcg(K.array(4 * k), 41), lcg(K.array(4 * k), 41)];
      K.matPanel(A, k, X, 0, plain, 0, -0.5);
      K.matPanelHessenberg(A, k, X, 0, skipping, 0, -0.5, shape);
      expect(Array.from(skipping)).toEqual(Array.from(plain));
    }
  });

  it.each(sizes)('k = %s: ldltFactor from the lower triangle, as luFactorNoPivot', (k) => {
    const K = make(4 * k * k + 64);
    const { A } = spd(k, 43 + k);
    const full = K.array(k * k);
    full.set(A);
    K.luFactorNoPivot(full, k);
    // Only the lower triangle and the diagonal tiles are given (lowerProduct's output); NaN
    // elsewhere would spread into every later entry if it were read.
    const half = K.array(k * k);
    for (let q = 0; q < k * k; q++) {
      half[q] = lowerWritten(Math.floor(q / k), q % k, k) ? A[q]! : Number.NaN;
    }
    K.ldltFactor(half, k);
    // Both factor the same SPD matrix without pivoting: each is the exact LU of A + E, |E| ≤
    // γ_k|L||U| (Higham 2002, Thm 9.3), and SPD factors are stable, so the two differ by order
    // γ_k·max|L||U|: an estimate, not a bound (as symmetricKernels.ts's ldlt check), so the
    // tolerance 4γ_k·max|L||U| was set from measurement: at most 0.93·γ_k·max|L||U| in either
    // engine (k ≤ 97), while a wrong update or a misread entry is off by order one.
    const { L, U } = unpack(full, k);
    const scale = product(absolute(L), absolute(U), k, k, k).reduce((m, x) => Math.max(m, x), 0);
    for (let q = 0; q < k * k; q++) {
      expect(Math.abs(half[q]! - full[q]!)).toBeLessThanOrEqual(4 * gamma(k) * scale);
    }
    // Right of each diagonal tile U[i][j] = U[i][i]·L[j][i] to the bit (the mirror); inside the
    // tiles the elimination's. L·U = A to 3γ_k|L||U| everywhere.
    const s = unpack(half, k);
    for (let i = 0; i < k; i++)
      for (let j = 4 * Math.floor(i / 4) + 4; j < k; j++) {
        expect(s.U[i * k + j]).toBe(s.U[i * k + i]! * s.L[j * k + i]!);
      }
    const LU = product(s.L, s.U, k, k, k);
    const LUabs = product(absolute(s.L), absolute(s.U), k, k, k);
    for (let q = 0; q < k * k; q++) {
      expect(Math.abs(LU[q]! - A[q]!)).toBeLessThanOrEqual(3 * gamma(k) * LUabs[q]!);
    }
  });

  it('ldltFactor: a pivot that is not positive and finite is a KramersError', () => {
    const K = make(256);
    notSpd(
      (a, k) => K.ldltFactor(a, k),
      (n) => K.array(n),
    );
  });
});

describe('denseArena: one memory for factors made one after another', () => {
  it('reuses the memory, grows it, and zeroes what it hands out unless told not to', () => {
    const arena = denseArena('wasm');
    const first = arena(1000);
    const a = first.array(1000);
    a.fill(7);
    const second = arena(1000);
    expect(second).toBe(first);
    expect(Array.from(second.array(10)).every((x) => x === 0)).toBe(true);
    a.fill(7);
    const kept = arena(1000).array(10, false);
    expect(kept[0]).toBe(7); // what the earlier array left: the caller writes before reading
    // A larger request grows the memory: the arrays handed out before are detached, not stale.
    const big = arena(400_000).array(400_000);
    expect(a.length).toBe(0);
    expect(big.length).toBe(400_000);
    expect(big.every((x) => x === 0)).toBe(true);
  });

  it('the JavaScript engine has nothing to reuse: plain arrays', () => {
    const arena = denseArena('js');
    const a = arena(10).array(10);
    a.fill(1);
    expect(Array.from(arena(10).array(10))).toEqual(new Array(10).fill(0));
  });
});
