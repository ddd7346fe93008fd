import { type Box, KramersError, type PotentialND } from '../core/index.js';
import { DEGENERATE_EIGENVALUE } from '../rates/index.js';
import { column, distance, norm, solve, symmetricEigen } from './linalg.js';

/** What a stationary point is, from the signs of its Hessian eigenvalues. */
export type StationaryKindND =
  | 'minimum'
  | 'saddle'
  | 'maximum'
  | 'higher-order saddle'
  | 'degenerate';

export interface StationaryPointND {
  readonly x: readonly number[];
  readonly U: number;
  /** The Morse index: how many Hessian eigenvalues are negative (1 for a saddle). */
  readonly index: number;
  readonly kind: StationaryKindND;
  /** Ascending. */
  readonly hessianEigenvalues: readonly number[];
  /** Unit eigenvectors, in the order of the eigenvalues. */
  readonly hessianEigenvectors: readonly (readonly number[])[];
  /** |∇U| where the search stopped. */
  readonly gradientNorm: number;
}

export interface StationarySearch {
  /** Points inside the box, minima first (by U), then saddles (by U), then the rest. */
  readonly points: readonly StationaryPointND[];
  /** Points the search converged to just outside the box (a saddle there is named in errors). */
  readonly outside: readonly StationaryPointND[];
  /** The largest |∇U| on the seed grid: the scale of "zero" gradients. */
  readonly gradientScale: number;
  readonly warnings: readonly string[];
}

export interface StationaryOptions {
  /** Seed grid nodes per axis; default 48 in 2-D, 20 in 3-D, fewer beyond. */
  readonly gridPoints?: number;
}

/** The Hessian and gradient at p, with a ready eigen-decomposition. */
function localModel(potential: PotentialND, p: ArrayLike<number>) {
  const n = potential.dimension;
  const g = new Float64Array(n);
  const h = new Float64Array(n * n);
  potential.gradient(p, g);
  potential.hessian(p, h);
  return { g, h };
}

/** Classifies a converged point by its Hessian (zero modes: |λ| ≤ 1e-8 of the largest). */
export function classify(potential: PotentialND, x: ArrayLike<number>): StationaryPointND {
  const n = potential.dimension;
  const { g, h } = localModel(potential, x);
  const { values, vectors } = symmetricEigen(h, n);
  const scale = Math.max(...Array.from(values, Math.abs));
  const zero = Array.from(values).some((v) => Math.abs(v) <= DEGENERATE_EIGENVALUE * scale);
  const index = Array.from(values).filter((v) => v < 0).length;
  const kind: StationaryKindND = zero
    ? 'degenerate'
    : index === 0
      ? 'minimum'
      : index === 1
        ? 'saddle'
        : index === n
          ? 'maximum'
          : 'higher-order saddle';
  return {
    x: Array.from(x),
    U: potential.U(x),
    index,
    kind,
    hessianEigenvalues: Array.from(values),
    hessianEigenvectors: Array.from({ length: n }, (_, k) => Array.from(column(vectors, n, k))),
    gradientNorm: norm(g),
  };
}

/** A box's widths, its diagonal, and whether a point lies inside (with a relative margin). */
function boxGeometry(box: Box) {
  const widths = box.map((d) => d.max - d.min);
  const diagonal = norm(widths);
  const inside = (p: ArrayLike<number>, margin = 0) =>
    box.every(
      (d, i) => p[i]! >= d.min - margin * widths[i]! && p[i]! <= d.max + margin * widths[i]!,
    );
  return { widths, diagonal, inside };
}

/**
 * Newton on ∇U = 0 with Levenberg–Marquardt damping (Gauss–Newton on ½|∇U|²): the step solves
 * (H² + μI)δ = −H∇U, μ shrinking after a step that lowers |∇U| and growing after one that does
 * not. Converges quadratically to any non-degenerate stationary point, whatever its index. Returns
 * the last point and |∇U| there, or null if it ran out of the box's neighbourhood.
 */
export function newtonStationary(
  potential: PotentialND,
  start: ArrayLike<number>,
  inside: (p: ArrayLike<number>, margin?: number) => boolean,
  lengthScale: number,
): { x: Float64Array; gradientNorm: number } | null {
  const n = potential.dimension;
  const x = Float64Array.from(start as ArrayLike<number>);
  let { g, h } = localModel(potential, x);
  let f = norm(g);
  let mu = 0;
  for (let it = 0; it < 200 && f > 0; it++) {
    const h2 = new Float64Array(n * n);
    const rhs = new Float64Array(n);
    let trace = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += h[i * n + k]! * h[k * n + j]!;
        h2[i * n + j] = s;
      }
      trace += h2[i * n + i]!;
      let s = 0;
      for (let k = 0; k < n; k++) s += h[i * n + k]! * g[k]!;
      rhs[i] = -s;
    }
    for (let i = 0; i < n; i++) h2[i * n + i]! += mu * (trace / n);
    const step = solve(h2, rhs, n);
    if (!step || !Array.from(step).every(Number.isFinite)) return null;
    const candidate = x.map((v, i) => v + step[i]!);
    if (!inside(candidate, 0.5)) return null;
    const next = localModel(potential, candidate);
    const fNext = norm(next.g);
    if (fNext < f || (fNext === f && norm(step) === 0)) {
      x.set(candidate);
      ({ g, h } = next);
      f = fNext;
      mu = mu * 0.1 < 1e-16 ? 0 : mu * 0.1;
      if (norm(step) <= 1e-15 * (lengthScale + norm(x))) break;
    } else {
      if (norm(step) <= 1e-15 * (lengthScale + norm(x))) break;
      mu = mu === 0 ? 1e-10 : mu * 10;
      if (mu > 1e12) break;
    }
  }
  return { x, gradientNorm: f };
}

/** Seed-grid nodes per axis by dimension: ~2300 nodes in 2-D, 8000 in 3-D, ≤ 20000 beyond. */
function defaultGrid(n: number): number {
  if (n === 2) return 48;
  if (n === 3) return 20;
  return Math.max(4, Math.floor(20000 ** (1 / n)));
}

/** Every node of the seed grid: |∇U|², U, and the first non-finite value met (an error). */
function scanGrid(potential: PotentialND, box: Box, perAxis: number) {
  const n = potential.dimension;
  const total = perAxis ** n;
  const points = new Float64Array(total * n);
  const grad2 = new Float64Array(total);
  const g = new Float64Array(n);
  const p = new Float64Array(n);
  let gradientScale = 0;
  let lowest = 0;
  let uMin = Number.POSITIVE_INFINITY;
  let uMax = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < total; k++) {
    let rest = k;
    for (let i = 0; i < n; i++) {
      const j = rest % perAxis;
      rest = Math.floor(rest / perAxis);
      p[i] = box[i]!.min + ((box[i]!.max - box[i]!.min) * j) / (perAxis - 1);
    }
    points.set(p, k * n);
    const u = potential.U(p);
    potential.gradient(p, g);
    const g2 = g.reduce((s, v) => s + v * v, 0);
    if (!Number.isFinite(u) || !Number.isFinite(g2)) nonFinite(potential, p, u);
    grad2[k] = g2;
    gradientScale = Math.max(gradientScale, Math.sqrt(g2));
    if (u < uMin) {
      uMin = u;
      lowest = k;
    }
    uMax = Math.max(uMax, u);
  }
  return { points, grad2, total, gradientScale, lowest, uMin, uMax };
}

/**
 * A singularity the seed grid stepped over (−1/r or log r between nodes): steepest descent from
 * the lowest node, by steps halved until U falls, inside the box. A legitimate minimum stops it
 * near the grid's lowest values; U falling three times the grid's whole range below its lowest
 * value (or to −∞) is a potential unbounded below inside the box.
 */
function requireBoundedBelow(
  potential: PotentialND,
  box: Box,
  grid: ReturnType<typeof scanGrid>,
  spacing: number,
): void {
  const n = potential.dimension;
  const x = Float64Array.from(grid.points.subarray(grid.lowest * n, (grid.lowest + 1) * n));
  const g = new Float64Array(n);
  const floor = grid.uMin - 3 * Math.max(grid.uMax - grid.uMin, 1e-300);
  let u = grid.uMin;
  let step = spacing;
  for (let it = 0; it < 400 && step > 1e-14 * spacing; it++) {
    potential.gradient(x, g);
    const length = norm(g);
    if (!(length > 0) || !Number.isFinite(length)) break;
    const trial = x.map((v, i) => v - (step * g[i]!) / length);
    const inside = box.every((d, i) => trial[i]! >= d.min && trial[i]! <= d.max);
    const uTrial = inside ? potential.U(trial) : Number.NaN;
    if (uTrial === Number.NEGATIVE_INFINITY || uTrial < floor)
      unboundedBelow(potential, trial, uTrial);
    if (uTrial < u) {
      x.set(trial);
      u = uTrial;
    } else {
      step *= 0.5;
    }
  }
}

function formatPoint(p: ArrayLike<number>): string {
  return `(${Array.from(p, (v) => Number(v.toPrecision(6))).join(', ')})`;
}

function unboundedBelow(potential: PotentialND, p: ArrayLike<number>, u: number): never {
  const where = `${potential.coordinates.join(', ')} = ${formatPoint(p)}`;
  throw new KramersError(
    'unbounded_below',
    `U is unbounded below inside the box: U = ${u === Number.NEGATIVE_INFINITY ? '−∞' : Number(u.toPrecision(6))} at ${where}, and still falling`,
    {
      issues: [{ path: 'expression', message: 'U → −∞ inside the box' }],
      hint: 'a singular potential (e.g. −1/r or log r) has no wells to escape from; shrink the box to exclude the singularity',
    },
  );
}

function nonFinite(potential: PotentialND, p: ArrayLike<number>, u: number): never {
  const where = `${potential.coordinates.join(', ')} = ${formatPoint(p)}`;
  if (u === Number.NEGATIVE_INFINITY) {
    throw new KramersError(
      'unbounded_below',
      `U is unbounded below inside the box: U = −∞ at ${where}`,
      {
        issues: [{ path: 'expression', message: 'U → −∞ inside the box' }],
        hint: 'a singular potential (e.g. −1/r or log r) has no wells to escape from; shrink the box to exclude the singularity',
      },
    );
  }
  throw new KramersError('not_finite', `U or its gradient is not finite at ${where} (U = ${u})`, {
    issues: [{ path: 'expression', message: 'not finite inside the box' }],
    hint: 'choose a box where the expression is defined (no log or sqrt of negatives, no division by zero)',
  });
}

/** Grid nodes whose |∇U|² is no larger than at any neighbour along an axis: the Newton seeds. */
function seedsOf(grid: ReturnType<typeof scanGrid>, n: number, perAxis: number): number[] {
  const seeds: number[] = [];
  for (let k = 0; k < grid.total; k++) {
    let stride = 1;
    let local = true;
    for (let i = 0; i < n && local; i++) {
      const j = Math.floor(k / stride) % perAxis;
      if (j > 0 && grid.grad2[k - stride]! < grid.grad2[k]!) local = false;
      if (j < perAxis - 1 && grid.grad2[k + stride]! < grid.grad2[k]!) local = false;
      stride *= perAxis;
    }
    if (local) seeds.push(k);
  }
  return seeds;
}

/** Adds a point unless one within `tol` is known. */
function addUnique(list: StationaryPointND[], point: StationaryPointND, tol: number): boolean {
  if (list.some((q) => distance(q.x, point.x) <= tol)) return false;
  list.push(point);
  return true;
}

const ORDER: Record<StationaryKindND, number> = {
  minimum: 0,
  saddle: 1,
  degenerate: 2,
  'higher-order saddle': 3,
  maximum: 4,
};

/**
 * All stationary points of U in a box: Newton (Levenberg–Marquardt on ∇U = 0) from every node of
 * a seed grid where |∇U|² is locally smallest, then eigenvector following uphill from each
 * minimum along its two softest modes (Cerjan & Miller, J. Chem. Phys. 75, 2800, 1981; Baker,
 * J. Comput. Chem. 7, 385, 1986), which finds index-1 saddles a coarse grid would miss. Each point
 * is classified by its Hessian eigenvalues.
 *
 * @throws KramersError `not_finite` / `unbounded_below` where U is not finite in the box.
 */
export function findStationaryPoints(
  potential: PotentialND,
  box: Box,
  options: StationaryOptions = {},
): StationarySearch {
  const n = potential.dimension;
  const perAxis = options.gridPoints ?? defaultGrid(n);
  const { diagonal, inside } = boxGeometry(box);
  const grid = scanGrid(potential, box, perAxis);
  requireBoundedBelow(potential, box, grid, diagonal / (perAxis - 1));
  const tolG = 1e-8 * Math.max(grid.gradientScale, 1e-300);
  const found: StationaryPointND[] = [];
  const outside: StationaryPointND[] = [];
  const same = 1e-7 * diagonal;
  const accept = (result: ReturnType<typeof newtonStationary>) => {
    if (!result || !(result.gradientNorm <= tolG)) return;
    const point = classify(potential, result.x);
    if (inside(result.x)) addUnique(found, point, same);
    else if (inside(result.x, 0.5)) addUnique(outside, point, same);
  };
  for (const k of seedsOf(grid, n, perAxis)) {
    accept(newtonStationary(potential, grid.points.subarray(k * n, (k + 1) * n), inside, diagonal));
  }
  for (const minimum of found.filter((p) => p.kind === 'minimum')) {
    for (let mode = 0; mode < Math.min(2, n); mode++) {
      for (const sign of [-1, 1]) {
        accept(followMode(potential, minimum, mode, sign, inside, diagonal));
      }
    }
  }
  const sorted = found.sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || a.U - b.U);
  return { points: sorted, outside, gradientScale: grid.gradientScale, warnings: [] };
}

/**
 * Partitioned rational-function steps (Baker 1986) uphill along one Hessian mode and downhill
 * along the others, from a minimum until an index-1 saddle; the followed mode is the one that
 * overlaps most with the previous step's. A trust radius of 2% of the box diagonal, halved when
 * U does not behave. Returns the Newton-polished end point, or null.
 */
function followMode(
  potential: PotentialND,
  minimum: StationaryPointND,
  mode: number,
  sign: number,
  inside: (p: ArrayLike<number>, margin?: number) => boolean,
  diagonal: number,
): ReturnType<typeof newtonStationary> {
  const n = potential.dimension;
  let direction = Float64Array.from(minimum.hessianEigenvectors[mode]!, (v) => sign * v);
  let radius = 0.02 * diagonal;
  const x = Float64Array.from(minimum.x, (v, i) => v + 0.5 * radius * direction[i]!);
  for (let it = 0; it < 400; it++) {
    if (!inside(x)) return null;
    const { g, h } = localModel(potential, x);
    const { values, vectors } = symmetricEigen(h, n);
    if (values[0]! < 0 && values[1 % n]! > 0 && n > 1) {
      // In the quadratic region of a saddle: let Newton finish.
      const polished = newtonStationary(potential, x, inside, diagonal);
      if (polished && classify(potential, polished.x).index === 1) return polished;
    }
    let follow = 0;
    let best = -1;
    for (let k = 0; k < n; k++) {
      const overlap = Math.abs(dot(column(vectors, n, k), direction));
      if (overlap > best) {
        best = overlap;
        follow = k;
      }
    }
    const step = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const v = column(vectors, n, k);
      const b = values[k]!;
      const F = dot(v, g);
      const root = Math.sqrt(b * b + 4 * F * F);
      // Uphill along the followed mode (λ_p root), downhill along the others (λ_n root).
      const hk =
        k === follow ? (root - b === 0 ? 0 : (2 * F) / (root - b)) : (-2 * F) / (b + root || 1);
      const signed = k === follow && hk === 0 ? radius * Math.sign(dot(v, direction) || 1) : hk;
      for (let i = 0; i < n; i++) step[i]! += signed * v[i]!;
    }
    const length = norm(step);
    if (length === 0 || !Number.isFinite(length)) return null;
    const scale = Math.min(1, radius / length);
    for (let i = 0; i < n; i++) x[i]! += scale * step[i]!;
    direction = step.map((s) => s / length);
    if (norm(g) <= 1e-12 * diagonal) radius *= 0.5;
  }
  return null;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
