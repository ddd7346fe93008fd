import type { DenseKernels } from './denseWasm.js';
import { cardinalRow, type GridMap } from './lobatto.js';

/**
 * A warm start for the Klein–Kramers orthogonal iteration: the Ritz basis of a solved level
 * carried to another level's bases. Each Hermite block c_n(x) is unscaled (c = c̃/√w), interpolated
 * from the old mapped Legendre–Lobatto grid to the new nodes (barycentric, in the old map's
 * variable t, with c_n = 0 at both ends: lobatto.ts) and scaled by the new grid's √w, and the
 * Hermite index is cut or padded with zeros. A level refined from a converged one starts within its truncation change of the answer,
 * so the iteration needs fewer steps to settle; the answer itself does not depend on the start.
 */
export interface SolvedBasis {
  /** The full grid's map (K points). */
  readonly map: GridMap;
  /** √w of the basis' grid (its right half in a parity sector): the vectors are √w·c. */
  readonly root: Float64Array;
  readonly hermite: number;
  /** 0, or the parity sector σ: c_m then holds the right half only, its parity σ(−1)^m. */
  readonly sector: number;
  readonly vectors: readonly Float64Array[];
}

/**
 * Block n of v, unscaled (c = c̃/√w), on all K points (a parity sector's left half by mirror),
 * into column `col` of the K×4 panel `out` (out[i·4 + col]).
 */
function fullBlock(
  solved: SolvedBasis,
  v: Float64Array,
  n: number,
  out: Float64Array,
  col: number,
) {
  const K = solved.map.k;
  const { root } = solved;
  if (!solved.sector) {
    for (let i = 0; i < K; i++) out[i * 4 + col] = v[n * K + i]! / root[i]!;
    return;
  }
  const h = K / 2;
  const parity = solved.sector * (n % 2 === 0 ? 1 : -1);
  for (let i = 0; i < h; i++) {
    const c = v[n * h + i]! / root[i]!;
    out[(h + i) * 4 + col] = c;
    out[(h - 1 - i) * 4 + col] = parity * c;
  }
}

/** P[i·kOld + j]: the value at new node x_i of the old grid's j-th cardinal function. */
function interpolationMatrix(from: GridMap, to: Float64Array): Float64Array {
  const P = new Float64Array(to.length * from.k);
  for (let i = 0; i < to.length; i++) cardinalRow(from, to[i]!, P, i * from.k);
  return P;
}

/**
 * The solved basis on `grid` (its full map, its nodes x — the right half in the same parity
 * sector — and its √w) with `hermite` Hermite functions, each block turned by `turn` (a k×k
 * orthogonal matrix: the factor's Hessenberg basis, kleinKramersSpectrum.ts) when one is given.
 * Per block n, four vectors at a time: the old blocks unscaled on all K old points (fullBlock),
 * then one product with turn·diag(√w)·P, formed once, on the kernels (their memory holds the
 * work arrays; the vectors returned are plain arrays).
 */
export function prolong(
  solved: SolvedBasis,
  grid: { readonly map: GridMap; readonly x: Float64Array; readonly root: Float64Array },
  hermite: number,
  kernels: DenseKernels,
  turn?: Float64Array,
): Float64Array[] {
  const kNew = grid.x.length;
  const kOld = solved.map.k;
  const blocks = Math.min(hermite, solved.hermite);
  const M = transfer(solved, grid, kernels, turn);
  const outs = solved.vectors.map(() => new Float64Array(kNew * hermite));
  const [panel, result] = [kernels.array(kOld * 4), kernels.array(kNew * 4)];
  for (let g = 0; g < outs.length; g += 4) {
    const group = Math.min(4, outs.length - g);
    for (let n = 0; n < blocks; n++) {
      panel.fill(0);
      for (let c = 0; c < group; c++) fullBlock(solved, solved.vectors[g + c]!, n, panel, c);
      kernels.matRect(M, kNew, kOld, panel, 4, result);
      for (let c = 0; c < group; c++) {
        const out = outs[g + c]!;
        for (let i = 0; i < kNew; i++) out[n * kNew + i] = result[i * 4 + c]!;
      }
    }
  }
  return outs;
}

/**
 * turn·diag(√w)·P (kNew × K old points, in the kernels' memory), P the old grid's cardinal
 * functions at the new nodes — on the same grid, the new nodes picked out (the right half in a
 * parity sector).
 */
function transfer(
  solved: SolvedBasis,
  grid: { readonly map: GridMap; readonly x: Float64Array; readonly root: Float64Array },
  kernels: DenseKernels,
  turn?: Float64Array,
): Float64Array {
  const { x, root, map } = grid;
  const [kNew, kOld] = [x.length, solved.map.k];
  const P = kernels.array(kNew * kOld);
  if (solved.map.k === map.k && solved.map.alpha === map.alpha) {
    const offset = kOld - kNew;
    for (let i = 0; i < kNew; i++) P[i * kOld + offset + i] = root[i]!;
  } else {
    P.set(interpolationMatrix(solved.map, x));
    for (let i = 0; i < kNew; i++) {
      for (let j = 0; j < kOld; j++) P[i * kOld + j]! *= root[i]!;
    }
  }
  if (!turn) return P;
  const M = kernels.array(kNew * kOld);
  kernels.matRect(turn, kNew, kNew, P, kOld, M);
  return M;
}
