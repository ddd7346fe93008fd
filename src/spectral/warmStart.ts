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

/** Block n of v, unscaled (c = c̃/√w), on all K points (a parity sector's left half by mirror). */
function fullBlock(solved: SolvedBasis, v: Float64Array, n: number): Float64Array {
  const K = solved.map.k;
  const { root } = solved;
  if (!solved.sector) {
    const out = new Float64Array(K);
    for (let i = 0; i < K; i++) out[i] = v[n * K + i]! / root[i]!;
    return out;
  }
  const h = K / 2;
  const parity = solved.sector * (n % 2 === 0 ? 1 : -1);
  const out = new Float64Array(K);
  for (let i = 0; i < h; i++) {
    const c = v[n * h + i]! / root[i]!;
    out[h + i] = c;
    out[h - 1 - i] = parity * c;
  }
  return out;
}

/** P[i·kOld + j]: the value at new node x_i of the old grid's j-th cardinal function. */
function interpolationMatrix(from: GridMap, to: Float64Array): Float64Array {
  const P = new Float64Array(to.length * from.k);
  for (let i = 0; i < to.length; i++) cardinalRow(from, to[i]!, P, i * from.k);
  return P;
}

/**
 * The solved basis on `grid` (its full map, its nodes x — the right half in the same parity
 * sector — and its √w) with `hermite` Hermite functions.
 */
export function prolong(
  solved: SolvedBasis,
  grid: { readonly map: GridMap; readonly x: Float64Array; readonly root: Float64Array },
  hermite: number,
): Float64Array[] {
  const { x, root, map } = grid;
  const kNew = x.length;
  const kOld = solved.map.k;
  const blocks = Math.min(hermite, solved.hermite);
  if (solved.map.k === map.k && solved.map.alpha === map.alpha) {
    return solved.vectors.map((v) => {
      const out = new Float64Array(kNew * hermite);
      out.set(v.subarray(0, blocks * kNew));
      return out;
    });
  }
  const P = interpolationMatrix(solved.map, x);
  return solved.vectors.map((v) => {
    const out = new Float64Array(kNew * hermite);
    for (let n = 0; n < blocks; n++) {
      const c = fullBlock(solved, v, n);
      for (let i = 0; i < kNew; i++) {
        let s = 0;
        for (let j = 0; j < kOld; j++) s += P[i * kOld + j]! * c[j]!;
        out[n * kNew + i] = root[i]! * s;
      }
    }
    return out;
  });
}
