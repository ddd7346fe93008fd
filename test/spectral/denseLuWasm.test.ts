import { afterEach, describe, expect, it, vi } from 'vitest';
import { potentialFromExpression } from '../../src/expr/index.js';
import {
  forwardSolveMatrix,
  luFactor,
  luSolveMatrix,
  luSolvePanel,
  matMul,
  matPanel,
  matRect,
} from '../../src/spectral/denseLu.js';
import {
  denseKernels,
  denseModuleBytes,
  lendArena,
  WasmDenseKernels,
  wasmDenseAvailable,
} from '../../src/spectral/denseWasm.js';
import { kleinKramersSpectrum } from '../../src/spectral/index.js';
import { absolute, gamma, product, unitLowerInverse, unpack } from './matrices.js';
import { checkSymmetricKernels, notSpd } from './symmetricKernels.js';

/** Deterministic entries in (−1, 1) (a linear congruential generator; no diagonal dominance). */
function fill(out: Float64Array, seed: number): Float64Array {
  let state = seed;
  for (let i = 0; i < out.length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out[i] = (2 * state) / 2147483648 - 1;
  }
  return out;
}

const maxAbs = (a: Float64Array) => a.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

const EPS = 2 ** -52;
const wasm = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } })
  .WebAssembly;
// Remainders 0–3 of the blocks of four, the parity sectors' K/2, and the bench sizes.
const sizes = [1, 2, 3, 4, 5, 6, 7, 9, 13, 38, 40, 58, 64, 97, 128];

describe('WebAssembly SIMD dense kernels', () => {
  it('the module validates here (Node 20 has SIMD128)', () => {
    expect(wasm.validate(denseModuleBytes())).toBe(true);
    expect(wasmDenseAvailable()).toBe(true);
  });

  it.each(sizes)('k = %s: LU and solves are backward stable like the JavaScript ones', (k) => {
    const w = new WasmDenseKernels(6 * k * k + 8 * k);
    const A = fill(new Float64Array(k * k), 7 + k);
    // The factors sit at an offset inside a larger array, as the block elimination's do.
    const lu = w.array(2 * k * k);
    lu.set(A, k * k);
    const piv = w.luFactor(lu, k, k * k);
    const jsLu = A.slice();
    const jsPiv = luFactor(jsLu, k);
    // Same pivots: the panel columns are the same JavaScript on the same numbers, and the
    // updates differ by rounding only, far below these random matrices' pivot gaps.
    expect(Array.from(piv)).toEqual(Array.from(jsPiv));
    // Backward stability of both solves, column by column: ‖A x − b‖∞ ≤ c·k·ε·‖A‖∞·‖x‖∞
    // (Golub & Van Loan 2013, §3.4.6; the growth factor of partial pivoting is ≲ 10 on random
    // matrices): c = 10 leaves room, and both engines must meet it on k right-hand sides and on
    // a k×4 panel.
    const B = fill(new Float64Array(k * k), 3 + k);
    const X = w.array(k * k);
    X.set(B);
    w.luSolveMatrix(lu, piv, k, X, k * k);
    const jsX = B.slice();
    luSolveMatrix(jsLu, jsPiv, k, jsX);
    const normA = maxAbs(A) * k;
    for (const x of [X, jsX]) {
      const residual = product(A, x, k, k, k).map((v, q) => v - B[q]!);
      expect(maxAbs(residual)).toBeLessThanOrEqual(10 * k * EPS * normA * maxAbs(x));
    }
    const P = fill(new Float64Array(4 * k), 5 + k);
    const panel = w.array(4 * k + 4);
    panel.set(P, 4);
    w.luSolvePanel(lu, piv, k, panel, k * k, 4);
    const jsPanel = P.slice();
    luSolvePanel(jsLu, jsPiv, k, jsPanel, 0, 0);
    const got = panel.subarray(4);
    const residual = product(A, got, k, k, 4).map((v, q) => v - P[q]!);
    expect(maxAbs(residual)).toBeLessThanOrEqual(10 * k * EPS * normA * maxAbs(got));
    // Two backward-stable solutions differ by at most cond(A) times that: checked loosely.
    expect(maxAbs(got.map((v, q) => v - jsPanel[q]!))).toBeLessThan(1e-8 * maxAbs(jsPanel));
  });

  it.each(sizes)('k = %s: products equal the JavaScript kernels to rounding', (k) => {
    const w = new WasmDenseKernels(4 * k * k + 16 * k);
    const A = w.array(k * k);
    const C = w.array(k * k);
    fill(A, 11 + k);
    fill(C, 13 + k);
    const out = w.array(k * k);
    out.fill(Number.NaN); // β = 0: the kernel must not read what was there
    w.matMul(A, C, k, out);
    const js = new Float64Array(k * k);
    matMul(A, C, k, js);
    // Each entry is a k-term sum of products of numbers below 1 in size: summed in any order,
    // it is within k·ε·Σ|a||b| ≤ k²·ε of the exact value (Higham, Accuracy and Stability, 2002,
    // §3.1), so the two engines agree to 2k²ε.
    expect(maxAbs(out.map((v, q) => v - js[q]!))).toBeLessThanOrEqual(2 * k * k * EPS);
    const X = w.array(4 * k);
    fill(X, 17 + k);
    const acc = w.array(4 * k).fill(1);
    const jsAcc = new Float64Array(4 * k).fill(1);
    w.matPanel(A, k, X, 0, acc, 0, -2.5);
    matPanel(A, k, X, 0, jsAcc, 0, -2.5);
    expect(maxAbs(acc.map((v, q) => v - jsAcc[q]!))).toBeLessThanOrEqual(6 * k * k * EPS);
  });

  // prolong's rectangular products (rows × depth by depth × cols), the 4/2/1 column remainders.
  it.each([
    [5, 7, 4],
    [9, 3, 3],
    [4, 13, 1],
  ])('matRect %s×%s by %s columns: the plain triple loop, to a k-term sum', (rows, depth, cols) => {
    const w = new WasmDenseKernels(2 * depth * (rows + cols) + 64);
    const A = fill(w.array(rows * depth), rows + 3 * depth);
    const B = fill(w.array(depth * cols), cols + 5);
    const [got, js] = [w.array(rows * cols).fill(Number.NaN), new Float64Array(rows * cols)];
    w.matRect(A, rows, depth, B, cols, got);
    matRect(A, rows, depth, B, cols, js);
    const exact = product(A, B, rows, depth, cols);
    const bound = product(absolute(A), absolute(B), rows, depth, cols);
    // Each entry is a depth-term sum: within γ_depth·(|A||B|) of the exact one in any order
    // (Higham 2002, §3.1), and the test's own product within as much (3γ: room for rounding).
    for (let q = 0; q < rows * cols; q++) {
      expect(Math.abs(got[q]! - exact[q]!)).toBeLessThanOrEqual(3 * gamma(depth) * bound[q]!);
      expect(Math.abs(js[q]! - exact[q]!)).toBeLessThanOrEqual(3 * gamma(depth) * bound[q]!);
    }
  });

  it('a singular or NaN block is a KramersError, as in the JavaScript LU', () => {
    const w = new WasmDenseKernels(64);
    const zero = w.array(9);
    expect(() => w.luFactor(zero, 3)).toThrow(/singular/);
    const nan = w.array(4).fill(Number.NaN);
    expect(() => w.luFactor(nan, 2)).toThrow(expect.objectContaining({ code: 'not_finite' }));
  });

  it('arrays outside its memory are refused, not silently copied', () => {
    const w = new WasmDenseKernels(64);
    const A = w.array(16);
    expect(() => w.matMul(A, new Float64Array(16), 4, w.array(16))).toThrow(/not in this memory/);
  });
});

describe('WebAssembly SIMD kernels of the symmetric (LDLᵀ) block elimination', () => {
  // The remainders 0–3 of the 4-row and 4/2/1-column blocking, and two ladder-like sizes.
  it.each([1, 3, 4, 5, 8, 13, 64, 97])(
    'k = %s: no-pivot LU, forward solve and lower product, alone and against JavaScript',
    (k) => {
      const w = new WasmDenseKernels(12 * k * k + 64);
      const got = checkSymmetricKernels(w, k);
      const js = checkSymmetricKernels(denseKernels('js', 0), k);
      compareFactors(got.factorC, js.factorC, js.L, js.U, k, js.kappa);
      // The forward solve on one factor (the JavaScript one, copied into wasm memory), so only the
      // solves differ: each is L·X = B + R_e with |R_e| ≤ γ_k|L||X| (Higham 2002, Thm 8.5), so
      // X_wasm − X_js = L⁻¹(R_wasm − R_js) and |X_wasm − X_js| ≤ 2γ_k·|L⁻¹|·|L|·|X|, |L⁻¹| from a
      // plain forward substitution (3γ_k: room for the bound's own rounding).
      const factor = w.array(k * k);
      factor.set(js.factor);
      const X = w.array(k * k);
      X.set(js.B);
      w.forwardSolveMatrix(factor, k, X);
      const jsX = js.B.slice();
      forwardSolveMatrix(js.factor, k, jsX);
      const { L } = unpack(js.factor, k);
      const inverse = absolute(unitLowerInverse(L, k));
      const LX = product(absolute(L), absolute(jsX), k, k, k);
      const bound = product(inverse, LX, k, k, k);
      for (let q = 0; q < k * k; q++) {
        expect(Math.abs(X[q]! - jsX[q]!)).toBeLessThanOrEqual(3 * gamma(k) * bound[q]!);
      }
      // Each engine's lower product is within γ_k·|s|·(|A||B|) of the exact one (Higham 2002,
      // §3.1), so within 2γ_k·|s|·(|A||B|) of each other; NaN (not written) in the same places.
      for (let q = 0; q < k * k; q++) {
        const [a, b] = [got.lower.out[q]!, js.lower.out[q]!];
        if (Number.isNaN(b)) expect(a).toBeNaN();
        else expect(Math.abs(a - b)).toBeLessThanOrEqual(2 * gamma(k) * js.lower.bound[q]!);
      }
    },
  );

  it('luFactorNoPivot: a pivot that is not positive and finite is a KramersError', () => {
    const w = new WasmDenseKernels(256);
    notSpd(
      (a, k) => w.luFactorNoPivot(a, k),
      (n) => w.array(n),
    );
  });
});

describe('kleinKramersSpectrum on either engine', () => {
  // The same discretisation and ladder: the engines differ only in the rounding of the dense
  // kernels, which the shifted solves carry into λ1 at ~cond·ε ≈ 1e-14 relative (measured 1e-15 to
  // 1e-13 in bench/kleinKramersLadder.mjs); 1e-12 leaves room and is still 1e4 below the 1e-8
  // the ladder aims at, so a wrong kernel (an error of order one in any block) cannot pass.
  it.each([
    ['symmetric', 'x^4/4 - x^2/2', 1],
    ['tilted', 'x^4/4 - x^2/2 + 0.1*x', 1],
    ['symmetric', 'x^4/4 - x^2/2', 0.3],
  ] as const)('%s well, γ = %s: same λ1 to 1e-12 and the same levels', (_, u, gamma) => {
    const problem = {
      potential: potentialFromExpression(u),
      D: 0.1,
      gamma,
      searchDomain: { min: -1.5, max: 1.5 },
    };
    const js = kleinKramersSpectrum({ ...problem, engine: 'js' });
    const wasm = kleinKramersSpectrum(problem);
    expect(wasm.retcode).toBe('success');
    const shape = (r: typeof js) => r.levels.map((l) => [l.points, l.hermite]);
    expect(shape(wasm)).toEqual(shape(js));
    expect(Math.abs(wasm.eigenvalues[1]! / js.eigenvalues[1]! - 1)).toBeLessThan(1e-12);
    // The error is twice the last level's change from the one before: each level's λ1 differs
    // between the engines by < 1e-12 relative, so the errors by < 2·(1e-12 + 1e-12)·λ1 (at γ = 1
    // the change itself is ~1e-11 relative, so a ratio test would hold rounding to 1%).
    expect(Math.abs(wasm.errors[1]! - js.errors[1]!)).toBeLessThan(4e-12 * js.eigenvalues[1]!);
  });

  it('an unknown engine is a KramersError', () => {
    expect(() =>
      kleinKramersSpectrum({
        potential: potentialFromExpression('x^4/4 - x^2/2'),
        D: 0.1,
        gamma: 1,
        searchDomain: { min: -1.5, max: 1.5 },
        engine: 'gpu' as 'js',
      }),
    ).toThrow(expect.objectContaining({ code: 'invalid_parameter' }));
  });
});

/**
 * The two engines' LDLᵀ factors of one SPD matrix: each is the exact factor of A + E_e with
 * |E_e| ≤ γ_k|L||U| (Higham 2002, Thm 9.3); the factors of an SPD matrix move by at most about
 * κ₂(A) times the relative perturbation (Sun, BIT 31, 1991, for the Cholesky factor; L and Δ
 * follow from it), and κ ≤ 1 + 10‖G‖²_F/k here (matrices.spd). So the gap is ≲ 2κγ_k·max|L||U|,
 * entry by entry (measured: at most 0.27·γ_k·max|L||U|, k ≤ 97, where κ ≤ 1300).
 */
function compareFactors(
  got: Float64Array,
  js: Float64Array,
  L: Float64Array,
  U: Float64Array,
  k: number,
  kappa: number,
): void {
  const scale = product(absolute(L), absolute(U), k, k, k).reduce((m, x) => Math.max(m, x), 0);
  const gap = got.reduce((m, x, q) => Math.max(m, Math.abs(x - js[q]!)), 0);
  expect(gap).toBeLessThanOrEqual(2 * kappa * gamma(k) * scale);
}

describe('a memory kept between Klein–Kramers solves (lendArena)', () => {
  afterEach(() => vi.useRealTimers());

  it('lent to one solve at a time, kept after it, let go after 3 s without a solve', () => {
    vi.useFakeTimers();
    const first = lendArena('wasm');
    // Asked for while lent: a fresh arena, not the one in use.
    const nested = lendArena('wasm');
    expect(nested.arena).not.toBe(first.arena);
    nested.giveBack();
    first.giveBack();
    const again = lendArena('wasm');
    expect(again.arena).toBe(first.arena);
    again.giveBack();
    vi.advanceTimersByTime(2999);
    const still = lendArena('wasm');
    expect(still.arena).toBe(first.arena);
    still.giveBack();
    vi.advanceTimersByTime(3001);
    const fresh = lendArena('wasm');
    expect(fresh.arena).not.toBe(first.arena);
    fresh.giveBack();
  });

  it('a solve in memory a larger solve left behind gives the same bits as the first', () => {
    // The arena hands out its arrays zeroed (or written before read), so what a solve leaves in
    // the kept memory cannot reach the next: the tilted well at ΔU/D = 5, γ = 1 (levels up to
    // 108 × 44) solved again after the ΔU/D = 10, γ = 0.1 ladder (up to 152 × 230, every page
    // written) must match its solve before, eigenvalues, errors and levels.
    const tilted = {
      potential: potentialFromExpression('x^4/4 - x^2/2 + 0.1*x'),
      D: 0.05,
      gamma: 1,
      searchDomain: { min: -1.5, max: 1.5 },
      helper: null,
    };
    const said = (r: ReturnType<typeof kleinKramersSpectrum>) =>
      JSON.stringify([r.eigenvalues, r.errors, r.levels.map((l) => [l.points, l.iterations])]);
    const before = said(kleinKramersSpectrum(tilted));
    kleinKramersSpectrum({ ...tilted, D: 0.025, gamma: 0.1 });
    expect(said(kleinKramersSpectrum(tilted))).toBe(before);
  }, 60_000);
});
