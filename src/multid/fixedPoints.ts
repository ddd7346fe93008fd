import { type Box, type DriftField, KramersError } from '../core/index.js';
import { distance, norm, solve } from './linalg.js';

/** What a fixed point of dx/dt = b(x) is, from its Jacobian's eigenvalues (Strogatz 2015, §5.2). */
export type FixedPointKind =
  | 'stable node'
  | 'stable focus'
  | 'saddle'
  | 'unstable node'
  | 'unstable focus'
  | 'higher-order saddle'
  | 'degenerate';

/** A complex eigenvalue re + i·im. */
export interface Eigenvalue {
  readonly re: number;
  readonly im: number;
}

export interface FixedPointND {
  /** Position in the list (stable points first, then saddles, then the rest). */
  readonly index: number;
  readonly x: readonly number[];
  readonly kind: FixedPointKind;
  /** Eigenvalues of the Jacobian ∂b_i/∂x_j, by real part descending. */
  readonly eigenvalues: readonly Eigenvalue[];
  /** The Jacobian, row by row. */
  readonly jacobian: readonly number[];
  /** How many eigenvalues have a positive real part. */
  readonly unstableDirections: number;
  /** |b| where Newton stopped. */
  readonly driftNorm: number;
}

/**
 * Eigenvalues of a real 2×2 matrix: tr/2 ± √(tr²/4 − det), written so that the smaller real root
 * is not lost to cancellation (det/λ_big).
 */
export function eigenvalues2(m: ArrayLike<number>): [Eigenvalue, Eigenvalue] {
  const tr = m[0]! + m[3]!;
  const det = m[0]! * m[3]! - m[1]! * m[2]!;
  const disc = 0.25 * (m[0]! - m[3]!) ** 2 + m[1]! * m[2]!;
  if (disc < 0) {
    const im = Math.sqrt(-disc);
    return [
      { re: tr / 2, im },
      { re: tr / 2, im: -im },
    ];
  }
  const big = tr / 2 + Math.sign(tr || 1) * Math.sqrt(disc);
  const small = big === 0 ? 0 : det / big;
  const [a, b] = big >= small ? [big, small] : [small, big];
  return [
    { re: a, im: 0 },
    { re: b, im: 0 },
  ];
}

/** Classifies a fixed point by its eigenvalues; |Re λ| ≤ 1e-8 of the largest |λ| is a zero. */
export function classifyFixedPoint(values: readonly Eigenvalue[]): FixedPointKind {
  const scale = Math.max(...values.map((v) => Math.hypot(v.re, v.im)), 1e-300);
  if (values.some((v) => Math.abs(v.re) <= 1e-8 * scale)) return 'degenerate';
  const unstable = values.filter((v) => v.re > 0).length;
  const focus = values.some((v) => v.im !== 0);
  if (unstable === 0) return focus ? 'stable focus' : 'stable node';
  if (unstable === values.length) return focus ? 'unstable focus' : 'unstable node';
  return unstable === 1 ? 'saddle' : 'higher-order saddle';
}

/**
 * Newton on b(x) = 0 with Levenberg–Marquardt damping ((JᵀJ + μI)δ = −Jᵀb): the drift's Jacobian
 * is not symmetric, so this is Gauss–Newton on ½|b|², quadratic near any non-degenerate zero.
 */
function newtonFixedPoint(
  drift: DriftField,
  start: ArrayLike<number>,
  inside: (p: ArrayLike<number>) => boolean,
  scale: number,
): { x: Float64Array; driftNorm: number } | null {
  const n = drift.dimension;
  const x = Float64Array.from(start as ArrayLike<number>);
  const b = new Float64Array(n);
  const j = new Float64Array(n * n);
  drift.b(x, b);
  let f = norm(b);
  let mu = 0;
  for (let it = 0; it < 200 && f > 0; it++) {
    drift.jacobian(x, j);
    const { normal, rhs } = normalEquations(j, b, n, mu);
    const step = solve(normal, rhs, n);
    if (!step?.every(Number.isFinite)) return null;
    const candidate = x.map((v, i) => v + step[i]!);
    if (!inside(candidate)) return null;
    const bNext = new Float64Array(n);
    drift.b(candidate, bNext);
    const fNext = norm(bNext);
    const tiny = norm(step) <= 1e-15 * (scale + norm(x));
    if (fNext < f) {
      x.set(candidate);
      b.set(bNext);
      f = fNext;
      mu = mu * 0.1 < 1e-16 ? 0 : mu * 0.1;
      if (tiny) break;
    } else {
      if (tiny) break;
      mu = mu === 0 ? 1e-10 : mu * 10;
      if (mu > 1e12) break;
    }
  }
  return { x, driftNorm: f };
}

function normalEquations(j: Float64Array, b: Float64Array, n: number, mu: number) {
  const normal = new Float64Array(n * n);
  const rhs = new Float64Array(n);
  let trace = 0;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += j[k * n + r]! * j[k * n + c]!;
      normal[r * n + c] = s;
    }
    trace += normal[r * n + r]!;
    let s = 0;
    for (let k = 0; k < n; k++) s += j[k * n + r]! * b[k]!;
    rhs[r] = -s;
  }
  for (let r = 0; r < n; r++) normal[r * n + r]! += mu * (trace / n || 1);
  return { normal, rhs };
}

/** |b|² on a grid over the box; nodes where it is no larger than at its axis neighbours seed Newton. */
function seeds(drift: DriftField, box: Box, perAxis: number) {
  const n = drift.dimension;
  const total = perAxis ** n;
  const points = new Float64Array(total * n);
  const size = new Float64Array(total);
  const p = new Float64Array(n);
  const b = new Float64Array(n);
  let driftScale = 0;
  for (let k = 0; k < total; k++) {
    for (let i = 0, rest = k; i < n; i++, rest = Math.floor(rest / perAxis)) {
      p[i] = box[i]!.min + ((box[i]!.max - box[i]!.min) * (rest % perAxis)) / (perAxis - 1);
    }
    points.set(p, k * n);
    drift.b(p, b);
    size[k] = b.reduce((s, v) => s + v * v, 0);
    if (!Number.isFinite(size[k])) notFinite(drift, p);
    driftScale = Math.max(driftScale, Math.sqrt(size[k]!));
  }
  const out: Float64Array[] = [];
  for (let k = 0; k < total; k++) {
    let local = true;
    for (let i = 0, stride = 1; i < n && local; i++, stride *= perAxis) {
      const j = Math.floor(k / stride) % perAxis;
      if (j > 0 && size[k - stride]! < size[k]!) local = false;
      if (j < perAxis - 1 && size[k + stride]! < size[k]!) local = false;
    }
    if (local) out.push(points.subarray(k * n, (k + 1) * n));
  }
  return { seeds: out, driftScale };
}

function notFinite(drift: DriftField, p: ArrayLike<number>): never {
  const where = Array.from(p, (v) => Number(v.toPrecision(6))).join(', ');
  throw new KramersError(
    'not_finite',
    `the drift is not finite at ${drift.coordinates.join(', ')} = (${where})`,
    {
      issues: [{ path: 'drift', message: 'not finite inside the box' }],
      hint: 'choose a box where every component is defined (no division by zero, no log of negatives)',
    },
  );
}

const ORDER: Record<FixedPointKind, number> = {
  'stable node': 0,
  'stable focus': 0,
  saddle: 1,
  degenerate: 2,
  'unstable node': 3,
  'unstable focus': 3,
  'higher-order saddle': 3,
};

/** Describes a converged zero of b by its Jacobian (2-D eigenvalues in closed form). */
export function fixedPointAt(drift: DriftField, x: ArrayLike<number>, index = 0): FixedPointND {
  const n = drift.dimension;
  const j = new Float64Array(n * n);
  const b = new Float64Array(n);
  drift.jacobian(x, j);
  drift.b(x, b);
  const values = eigenvalues2(j);
  return {
    index,
    x: Array.from(x),
    kind: classifyFixedPoint(values),
    eigenvalues: values,
    jacobian: Array.from(j),
    unstableDirections: values.filter((v) => v.re > 0).length,
    driftNorm: norm(b),
  };
}

/**
 * Every fixed point of dx/dt = b(x) in a two-dimensional box: damped Newton from each node of a
 * 48² grid where |b|² is locally smallest, kept when |b| falls below 1e-9 of its largest grid
 * value, classified by the Jacobian's eigenvalues; stable points first, then saddles.
 */
export function findFixedPoints(drift: DriftField, box: Box): FixedPointND[] {
  const widths = box.map((d) => d.max - d.min);
  const diagonal = norm(widths);
  const inside = (p: ArrayLike<number>) =>
    box.every((d, i) => p[i]! >= d.min - 0.5 * widths[i]! && p[i]! <= d.max + 0.5 * widths[i]!);
  const inBox = (p: ArrayLike<number>) => box.every((d, i) => p[i]! >= d.min && p[i]! <= d.max);
  const grid = seeds(drift, box, 48);
  const found: FixedPointND[] = [];
  for (const seed of grid.seeds) {
    const r = newtonFixedPoint(drift, seed, inside, diagonal);
    if (!r || !(r.driftNorm <= 1e-9 * Math.max(grid.driftScale, 1e-300)) || !inBox(r.x)) continue;
    if (found.some((q) => distance(q.x, r.x) <= 1e-7 * diagonal)) continue;
    found.push(fixedPointAt(drift, r.x));
  }
  return found
    .sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || a.x[0]! - b.x[0]! || a.x[1]! - b.x[1]!)
    .map((p, index) => ({ ...p, index }));
}
