import type { RetCode } from '../core/index.js';
import { factorBanded, solveBanded } from './bandedGTH.js';
import { type GridLadder, interpolate, richardson } from './gridMfpt.js';
import { symmetricEigen } from './linalg.js';
import {
  type Grid2D,
  type GridProblem2D,
  grid2D,
  gridGenerator,
  nodeIndex,
} from './smoluchowskiGrid.js';

/**
 * The π-weights w_i = vol_i e^{−(U_i − U_min)/D} and the link conductances
 * c_ij = w_i k_ij = (D/γ)(face/length) e^{−(U_i + U_j − 2U_min)/2D} of the square-root grid: the
 * generator is symmetric in Σ w_i u_i v_i and its Dirichlet form is Σ_links c_ij (u_i − u_j)².
 */
function weightsAndLinks(problem: GridProblem2D, g: Grid2D) {
  const n = g.nx * g.ny;
  const w = new Float64Array(n);
  const links: number[] = [];
  const conductance: number[] = [];
  const half = (i: number, last: number) => (i === 0 || i === last ? 0.5 : 1);
  const c = problem.D / problem.gamma;
  const boltzmann = (k: number) => Math.exp(-(g.U[k]! - g.Umin) / problem.D);
  for (let i = 0; i < g.nx; i++) {
    for (let j = 0; j < g.ny; j++) {
      const k = nodeIndex(g, i, j);
      const fx = half(i, g.nx - 1);
      const fy = half(j, g.ny - 1);
      w[k] = fx * fy * g.hx * g.hy * boltzmann(k);
      const mid = (a: number, b: number) =>
        Math.exp(-(g.U[a]! + g.U[b]! - 2 * g.Umin) / (2 * problem.D));
      if (i + 1 < g.nx) {
        const kk = nodeIndex(g, i + 1, j);
        links.push(k, kk);
        conductance.push(((c * fy * g.hy) / g.hx) * mid(k, kk));
      }
      if (j + 1 < g.ny) {
        const kk = nodeIndex(g, i, j + 1);
        links.push(k, kk);
        conductance.push(((c * fx * g.hx) / g.hy) * mid(k, kk));
      }
    }
  }
  return { w, links: Int32Array.from(links), conductance: Float64Array.from(conductance) };
}

type Links = ReturnType<typeof weightsAndLinks>;

/** Σ_links c (u_i − u_j)(v_i − v_j): a sum of products of differences, so λ ≈ 0 stays accurate. */
function dirichlet(l: Links, u: Float64Array, v: Float64Array): number {
  let s = 0;
  for (let e = 0; e < l.conductance.length; e++) {
    const a = l.links[2 * e]!;
    const b = l.links[2 * e + 1]!;
    s += l.conductance[e]! * (u[a]! - u[b]!) * (v[a]! - v[b]!);
  }
  return s;
}

function weighted(w: Float64Array, u: Float64Array, v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i]! * u[i]! * v[i]!;
  return s;
}

/** Modified Gram–Schmidt, twice, in the π-weighted product. */
function orthonormalise(w: Float64Array, block: Float64Array[]): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let a = 0; a < block.length; a++) {
      const x = block[a]!;
      for (let b = 0; b < a; b++) {
        const y = block[b]!;
        const p = weighted(w, x, y);
        for (let i = 0; i < x.length; i++) x[i]! -= p * y[i]!;
      }
      const s = 1 / Math.sqrt(weighted(w, x, x));
      for (let i = 0; i < x.length; i++) x[i]! *= s;
    }
  }
}

/** A reproducible start block: the constant (the stationary mode) and smooth oscillations. */
function startBlock(g: Grid2D, m: number): Float64Array[] {
  const block: Float64Array[] = [];
  for (let a = 0; a < m; a++) {
    const v = new Float64Array(g.nx * g.ny);
    for (let i = 0; i < g.nx; i++) {
      for (let j = 0; j < g.ny; j++) {
        const x = i / (g.nx - 1);
        const y = j / (g.ny - 1);
        v[nodeIndex(g, i, j)] = Math.cos(Math.PI * ((a % 3) * x + Math.floor(a / 3) * y) + 0.3 * a);
      }
    }
    block.push(v);
  }
  return block;
}

/**
 * The `count` lowest eigenvalues of the generator on one grid, by subspace iteration with
 * shift-and-invert (Stewart, Numer. Math. 25, 123, 1976): each step solves (−L + δ)X = Q with the
 * banded factors of one GTH elimination, then a Rayleigh–Ritz step in the π-weighted product; the
 * Ritz values come from the Dirichlet form, so a λ1 of order e^{−ΔU/D} is not lost beside λ0 = 0.
 */
export function spectrumOnGrid(
  problem: GridProblem2D,
  nx: number,
  ny: number,
  count: number,
  points: readonly (readonly [number, number])[] = [],
): { eigenvalues: number[]; converged: boolean; modeAt: number[] } {
  const g = grid2D(problem, nx, ny);
  const { generator, scale } = gridGenerator(problem, g);
  const [bx, by] = problem.box;
  const L = Math.max(bx!.max - bx!.min, by!.max - by!.min);
  const shift = problem.D / (problem.gamma * L * L);
  for (let k = 0; k < scale.length; k++) generator.absorption[k] = shift * scale[k]!;
  const factors = factorBanded(generator);
  const links = weightsAndLinks(problem, g);
  const m = count + 4;
  let block = startBlock(g, m);
  let previous: number[] = [];
  for (let it = 0; it < 200; it++) {
    const next = block.map((q) => {
      const r = new Float64Array(q.length);
      for (let i = 0; i < r.length; i++) r[i] = q[i]! * scale[i]!;
      return solveBanded(factors, r);
    });
    orthonormalise(links.w, next);
    const k = new Float64Array(m * m);
    for (let a = 0; a < m; a++) {
      for (let b = a; b < m; b++) {
        const v = dirichlet(links, next[a]!, next[b]!);
        k[a * m + b] = v;
        k[b * m + a] = v;
      }
    }
    const eig = symmetricEigen(k, m);
    block = Array.from({ length: m }, (_, c) => {
      const v = new Float64Array(next[0]!.length);
      for (let a = 0; a < m; a++) {
        const y = eig.vectors[a * m + c]!;
        const x = next[a]!;
        for (let i = 0; i < v.length; i++) v[i]! += y * x[i]!;
      }
      return v;
    });
    const values = block
      .slice(0, count)
      .map((v) => dirichlet(links, v, v) / weighted(links.w, v, v));
    const scaleOf = Math.max(values[1] ?? 0, Number.MIN_VALUE);
    const done =
      previous.length === count &&
      values.every(
        (l, j) => Math.abs(l - previous[j]!) <= 1e-11 * Math.max(l, j === 0 ? scaleOf : 0),
      );
    previous = values;
    if (done || it === 199) {
      const order = values.map((_, j) => j).sort((a, b) => values[a]! - values[b]!);
      return {
        eigenvalues: order.map((j) => values[j]!),
        converged: done,
        modeAt: modeAt(g, block[order[1]!]!, links.w, points),
      };
    }
  }
  throw new Error('unreachable');
}

/** The slowest relaxation mode at some points: π-normalised, positive at the first point. */
function modeAt(
  g: Grid2D,
  v: Float64Array,
  w: Float64Array,
  points: readonly (readonly [number, number])[],
): number[] {
  const norm = Math.sqrt(weighted(w, v, v));
  const values = points.map(([x, y]) => interpolate(g, v, x, y) / norm);
  const sign = (values[0] ?? 1) < 0 ? -1 : 1;
  return values.map((value) => sign * value);
}

/** The lowest eigenvalues on a ladder of grids, extrapolated, each with its error. */
export interface GridSpectrum {
  readonly eigenvalues: readonly number[];
  readonly errors: readonly number[];
  readonly grids: readonly {
    nx: number;
    ny: number;
    eigenvalues: readonly number[];
    /** The slowest mode at the points asked, on this grid. */
    modeAt: readonly number[];
  }[];
  /** The slowest mode (λ1's eigenfunction, π-normalised) at the points asked, extrapolated, with errors. */
  readonly slowestMode: { readonly values: readonly number[]; readonly errors: readonly number[] };
  readonly retcode: RetCode;
}

/**
 * The spectrum on the three finest grids of a ladder, each eigenvalue extrapolated by
 * Richardson (no target cuts the grid here, so the h² expansion holds and |three-grid −
 * two-grid| bounds the two-grid error); 5% of the last h² step is the floor of each error.
 */
export function gridSpectrum(
  problem: GridProblem2D,
  ladder: GridLadder,
  count: number,
  tolerance: number,
  points: readonly (readonly [number, number])[] = [],
): GridSpectrum {
  const levels = ladder.levels.slice(1);
  const grids = levels.map((s) => {
    const nx = s * ladder.p + 1;
    const ny = s * ladder.q + 1;
    const r = spectrumOnGrid(problem, nx, ny, count, points);
    return { nx, ny, eigenvalues: r.eigenvalues, converged: r.converged, modeAt: r.modeAt };
  });
  const eigenvalues: number[] = [];
  const errors: number[] = [];
  for (let j = 0; j < count; j++) {
    const values = grids.map((g) => g.eigenvalues[j]!);
    if (j === 0) {
      eigenvalues.push(values[2]!);
      errors.push(Math.abs(values[2]!));
      continue;
    }
    const ex = richardson(levels, values);
    eigenvalues.push(ex.value);
    errors.push(Math.max(ex.error, 0.05 * Math.abs(values[2]! - values[1]!)));
  }
  const modes = points.map((_, a) => {
    const ex = richardson(
      levels,
      grids.map((g) => g.modeAt[a]!),
    );
    return { value: ex.value, error: ex.error };
  });
  const converged = grids.every((g) => g.converged);
  const ok = eigenvalues.every((l, j) => j === 0 || errors[j]! <= tolerance * Math.abs(l));
  return {
    eigenvalues,
    errors,
    grids: grids.map(({ nx, ny, eigenvalues: e, modeAt: m }) => ({
      nx,
      ny,
      eigenvalues: e,
      modeAt: m,
    })),
    slowestMode: { values: modes.map((m) => m.value), errors: modes.map((m) => m.error) },
    retcode: converged && ok ? 'success' : 'not_converged',
  };
}
