import type { GridMap } from './basinProjections.js';

/**
 * A warm start for the Klein–Kramers orthogonal iteration: the Ritz basis of a solved level
 * carried to another level's bases. Each Hermite block c_n(x) is interpolated from the old mapped
 * Chebyshev–Lobatto grid to the new nodes (barycentric, in the old map's variable t, with c_n = 0 at
 * both ends: Berrut & Trefethen, SIAM Rev. 46, 2004), and the Hermite index is cut or padded with
 * zeros. A level refined from a converged one starts within its truncation change of the answer,
 * so the iteration needs fewer steps to settle; the answer itself does not depend on the start.
 */
export interface SolvedBasis {
  /** The full grid's map (K points). */
  readonly map: GridMap;
  readonly hermite: number;
  /** 0, or the parity sector σ: c_m then holds the right half only, its parity σ(−1)^m. */
  readonly sector: number;
  readonly vectors: readonly Float64Array[];
}

/** Block n of v on all K points of its grid (a parity sector's left half by mirror image). */
function fullBlock(solved: SolvedBasis, v: Float64Array, n: number): Float64Array {
  const K = solved.map.k;
  if (!solved.sector) return v.subarray(n * K, (n + 1) * K);
  const h = K / 2;
  const parity = solved.sector * (n % 2 === 0 ? 1 : -1);
  const out = new Float64Array(K);
  for (let i = 0; i < h; i++) {
    out[h + i] = v[n * h + i]!;
    out[h - 1 - i] = parity * v[n * h + i]!;
  }
  return out;
}

/** P[i·kOld + j]: the value at new node x_i of the old grid's j-th cardinal function. */
function interpolationMatrix(from: GridMap, to: Float64Array): Float64Array {
  const n = from.k + 1;
  const nodes = Array.from({ length: n + 1 }, (_, j) => -Math.cos((Math.PI * j) / n));
  const weights = nodes.map((_, j) => (j % 2 === 0 ? 1 : -1) * (j === 0 || j === n ? 0.5 : 1));
  const asin = Math.asin(from.alpha);
  const P = new Float64Array(to.length * from.k);
  for (let i = 0; i < to.length; i++) {
    const t = Math.sin((asin * (to[i]! - from.mid)) / from.half) / from.alpha;
    const row = i * from.k;
    let den = 0;
    let hit = -1;
    for (let j = 0; j <= n; j++) {
      const d = t - nodes[j]!;
      if (d === 0) hit = j;
      den += weights[j]! / d;
    }
    if (hit >= 0) {
      if (hit > 0 && hit < n) P[row + hit - 1] = 1;
      continue;
    }
    for (let j = 1; j < n; j++) P[row + j - 1] = weights[j]! / (t - nodes[j]!) / den;
  }
  return P;
}

/**
 * The solved basis on the grid with nodes `x` (its full map `map`; x the right half of the nodes
 * in the same parity sector) and `hermite` Hermite functions.
 */
export function prolong(
  solved: SolvedBasis,
  map: GridMap,
  x: Float64Array,
  hermite: number,
): Float64Array[] {
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
        out[n * kNew + i] = s;
      }
    }
    return out;
  });
}
