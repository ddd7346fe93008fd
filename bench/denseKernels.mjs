// GFLOP/s of the Klein–Kramers block elimination's dense kernels (src/spectral/denseLu.ts, the
// JavaScript reference, and src/spectral/denseWasm.ts, WebAssembly SIMD) on one core: the LU
// (2k³/3 flops), the solve with k right-hand sides (2k³), the product (2k³), the iteration's
// k×4 panel solve and product (8k² each), and the symmetric (LDLᵀ) elimination's kernels: the LU
// without pivoting (2k³/3), the forward solve with k right-hand sides (k³) and the lower triangle
// of a product (k³). Random matrices made diagonally dominant enough to need no growth (symmetric
// for the no-pivot LU); each kernel repeated for 0.1 CPU s (process.cpuUsage, so that a loaded
// machine's preemption does not count) three times after a warm-up, the best of three.
// Then one block of each elimination at the step sizes: CPU µs of luFactorNoPivot +
// forwardSolveMatrix + lowerProduct (the symmetric step, 2.67k³ flops) against luFactor +
// luSolveMatrix + matMul (the general one, 4.67k³), each with the copies of its inputs.
// Run: npm run build && node bench/denseKernels.mjs [sizes] [step sizes] (comma-separated)
import {
  forwardSolveMatrix,
  lowerProduct,
  luFactor,
  luFactorNoPivot,
  luSolveMatrix,
  luSolvePanel,
  matMul,
  matPanel,
} from '../dist/spectral/denseLu.js';
import { WasmDenseKernels } from '../dist/spectral/denseWasm.js';

const sizes = (process.argv[2] ?? '20,32,40,64,96,128').split(',').map(Number);
const steps = (process.argv[3] ?? '64,128,228').split(',').map(Number);
const js = {
  array: (n) => new Float64Array(n),
  luFactor,
  luFactorNoPivot,
  forwardSolveMatrix,
  lowerProduct,
  luSolveMatrix,
  luSolvePanel,
  matMul,
  matPanel,
};

function fill(a, seed) {
  let s = seed;
  for (let i = 0; i < a.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    a[i] = (2 * s) / 2147483648 - 1;
  }
  return a;
}

/** CPU seconds of this process (user + system): a loaded machine's preemption does not count. */
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** Best GFLOP/s of three runs of `run` (flops each) of ≥ 0.1 CPU s each, after a warm-up. */
function rate(flops, run) {
  return flops / seconds(run) / 1e9;
}

/** Best CPU seconds per call of three runs of `run` of ≥ 0.1 CPU s each, after a warm-up. */
function seconds(run) {
  for (let i = 0; i < 20; i++) run();
  let best = Number.POSITIVE_INFINITY;
  for (let t = 0; t < 3; t++) {
    let reps = 0;
    const t0 = cpu();
    let t1 = t0;
    while (t1 - t0 < 0.1) {
      for (let i = 0; i < 10; i++) run();
      reps += 10;
      t1 = cpu();
    }
    best = Math.min(best, (t1 - t0) / reps);
  }
  return best;
}

/** A diagonally dominant A, and S = (A + Aᵀ)/2, symmetric positive definite (dominant, d > 0). */
function matrices(K, k) {
  const A = fill(K.array(k * k), 7 + k);
  for (let i = 0; i < k; i++) A[i * k + i] += k;
  const S = K.array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) S[i * k + j] = (A[i * k + j] + A[j * k + i]) / 2;
  return { A, S };
}

function kernels(K, k) {
  const { A, S } = matrices(K, k);
  const lu = K.array(k * k);
  const B = fill(K.array(k * k), 3 + k);
  const work = K.array(k * k);
  const out = K.array(k * k);
  const P = fill(K.array(4 * k), 5 + k);
  const panel = K.array(4 * k);
  lu.set(A);
  const piv = K.luFactor(lu, k);
  return {
    lu: rate((2 * k ** 3) / 3, () => {
      lu.set(A);
      K.luFactor(lu, k);
    }),
    solve: rate(2 * k ** 3, () => {
      work.set(B);
      K.luSolveMatrix(lu, piv, k, work);
    }),
    matMul: rate(2 * k ** 3, () => K.matMul(A, B, k, out)),
    panelSolve: rate(8 * k * k, () => {
      panel.set(P);
      K.luSolvePanel(lu, piv, k, panel, 0, 0);
    }),
    matPanel: rate(8 * k * k, () => K.matPanel(A, k, P, 0, panel, 0, 1e-3)),
    luNoPivot: rate((2 * k ** 3) / 3, () => {
      lu.set(S);
      K.luFactorNoPivot(lu, k);
    }),
    forward: rate(k ** 3, () => {
      work.set(B);
      K.forwardSolveMatrix(lu, k, work);
    }),
    lowerProduct: rate(k ** 3, () => K.lowerProduct(A, B, k, out)),
  };
}

/** CPU µs of one block of each elimination: the symmetric kernels and the general ones. */
function step(K, k) {
  const { A, S } = matrices(K, k);
  const D = fill(K.array(k * k), 3 + k);
  const [lu, work, out] = [K.array(k * k), K.array(k * k), K.array(k * k)];
  const symmetric = seconds(() => {
    lu.set(S);
    K.luFactorNoPivot(lu, k);
    work.set(D);
    K.forwardSolveMatrix(lu, k, work);
    K.lowerProduct(work, work, k, out);
  });
  const general = seconds(() => {
    lu.set(A);
    const piv = K.luFactor(lu, k);
    work.set(D);
    K.luSolveMatrix(lu, piv, k, work);
    K.matMul(D, work, k, out);
  });
  return { symmetric: symmetric * 1e6, general: general * 1e6 };
}

console.log('k    kernel       JS GFLOP/s  wasm GFLOP/s  ratio');
for (const k of sizes) {
  const a = kernels(js, k);
  const b = kernels(new WasmDenseKernels(8 * k * k + 16 * k), k);
  for (const name of Object.keys(a)) {
    console.log(
      `${String(k).padEnd(4)} ${name.padEnd(12)} ${a[name].toFixed(2).padStart(10)}  ${b[name].toFixed(2).padStart(12)}  ${(b[name] / a[name]).toFixed(2).padStart(5)}`,
    );
  }
}

console.log('\nk    engine  LDLᵀ step µs  LU step µs  ratio');
for (const k of steps) {
  for (const [name, K] of [
    ['js', js],
    ['wasm', new WasmDenseKernels(8 * k * k + 16 * k)],
  ]) {
    const { symmetric, general } = step(K, k);
    console.log(
      `${String(k).padEnd(4)} ${name.padEnd(6)} ${symmetric.toFixed(1).padStart(13)}  ${general.toFixed(1).padStart(10)}  ${(general / symmetric).toFixed(2).padStart(5)}`,
    );
  }
}
