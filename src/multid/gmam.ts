import type { DriftField } from '../core/index.js';
import { distance, norm } from './linalg.js';

/** A path of the geometric minimum action method: images at equal arc length, and its action. */
export interface ActionPath {
  /** Images from start to end, equally spaced in arc length. */
  readonly points: readonly (readonly number[])[];
  /** The geometric action ∫(|b||φ′| − b·φ′)dα of this discretisation (midpoint rule). */
  readonly action: number;
  readonly converged: boolean;
  readonly iterations: number;
}

export interface GmamOptions {
  /** Intervals between images (images = intervals + 1). */
  readonly intervals: number;
  /** The path to start from (any number of points; resampled); default the straight segment. */
  readonly initial?: readonly (readonly number[])[];
  readonly maxIterations?: number;
}

/**
 * The discrete geometric action S = Σ_k |b(m_k)||Δφ_k| − b(m_k)·Δφ_k, m_k the segment midpoints:
 * the midpoint rule (error O(h²)) for S[φ] = ∫(|b||φ′| − b·φ′)dα, which is the Freidlin–Wentzell
 * action ½∫|φ̇ − b|²dt minimised over the time taken along the curve (Heymann & Vanden-Eijnden,
 * Commun. Pure Appl. Math. 61, 1052, 2008, eq. 2.10 with a = I).
 */
export function geometricAction(drift: DriftField, points: readonly ArrayLike<number>[]): number {
  const n = drift.dimension;
  const m = new Float64Array(n);
  const b = new Float64Array(n);
  let s = 0;
  for (let k = 0; k + 1 < points.length; k++) {
    let length = 0;
    for (let i = 0; i < n; i++) {
      m[i] = 0.5 * (points[k]![i]! + points[k + 1]![i]!);
      length += (points[k + 1]![i]! - points[k]![i]!) ** 2;
    }
    drift.b(m, b);
    let along = 0;
    for (let i = 0; i < n; i++) along += b[i]! * (points[k + 1]![i]! - points[k]![i]!);
    s += norm(b) * Math.sqrt(length) - along;
  }
  return s;
}

/** Resamples a polyline at `count` points equally spaced in arc length (linear interpolation). */
export function resample(points: readonly ArrayLike<number>[], count: number): Float64Array[] {
  const cumulative = [0];
  for (let k = 1; k < points.length; k++)
    cumulative.push(cumulative[k - 1]! + distance(points[k - 1]!, points[k]!));
  const total = cumulative[cumulative.length - 1]!;
  const out: Float64Array[] = [];
  let segment = 0;
  for (let k = 0; k < count; k++) {
    const target = (total * k) / (count - 1);
    while (segment < points.length - 2 && cumulative[segment + 1]! < target) segment++;
    const length = cumulative[segment + 1]! - cumulative[segment]!;
    const w = length > 0 ? Math.min(1, Math.max(0, (target - cumulative[segment]!) / length)) : 0;
    const a = points[segment]!;
    const c = points[segment + 1]!;
    out.push(Float64Array.from({ length: a.length }, (_, i) => (1 - w) * a[i]! + w * c[i]!));
  }
  out[0] = Float64Array.from(points[0]!);
  out[count - 1] = Float64Array.from(points[points.length - 1]!);
  return out;
}

/**
 * The explicit part of the gMAM flow at image i: λλ′φ′ − λ(J − Jᵀ)φ′ − Jᵀb, with its component
 * along the path removed (a tangential move is undone by the reparametrisation anyway).
 */
function explicitTerm(
  drift: DriftField,
  p: Float64Array,
  tangent: Float64Array,
  lambda: number,
  out: Float64Array,
  work: { b: Float64Array; j: Float64Array },
): void {
  const n = drift.dimension;
  drift.b(p, work.b);
  drift.jacobian(p, work.j);
  for (let r = 0; r < n; r++) {
    let rotation = 0;
    let pull = 0;
    for (let c = 0; c < n; c++) {
      rotation += (work.j[r * n + c]! - work.j[c * n + r]!) * tangent[c]!;
      pull += work.j[c * n + r]! * work.b[c]!;
    }
    out[r] = -lambda * rotation - pull;
  }
  const t2 = tangent.reduce((s, v) => s + v * v, 0);
  if (t2 > 0) {
    const along = out.reduce((s, v, i) => s + v * tangent[i]!, 0) / t2;
    for (let r = 0; r < n; r++) out[r]! -= along * tangent[r]!;
  }
}

/** Solves −a_i u_{i−1} + (1 + 2a_i)u_i − a_i u_{i+1} = r_i for the interior, ends fixed (Thomas). */
function implicitDiffusion(u: Float64Array, a: Float64Array, r: Float64Array): void {
  const count = u.length;
  const c = new Float64Array(count);
  const d = new Float64Array(count);
  c[0] = 0;
  d[0] = u[0]!;
  for (let i = 1; i < count - 1; i++) {
    const denominator = 1 + 2 * a[i]! + a[i]! * c[i - 1]!;
    c[i] = -a[i]! / denominator;
    d[i] = (r[i]! + a[i]! * d[i - 1]!) / denominator;
  }
  for (let i = count - 2; i >= 1; i--) u[i] = d[i]! - c[i]! * u[i + 1]!;
}

/** The pseudo-time step: 0.1/max‖J‖²_F over the images keeps the explicit part stable. */
function stepSize(drift: DriftField, images: readonly Float64Array[]): number {
  const n = drift.dimension;
  const j = new Float64Array(n * n);
  let largest = 1e-300;
  for (const p of images) {
    drift.jacobian(p, j);
    largest = Math.max(
      largest,
      j.reduce((s, v) => s + v * v, 0),
    );
  }
  return 0.1 / largest;
}

/** One semi-implicit step of the simplified gMAM, then equal-arc reparametrisation. */
function gmamStep(
  drift: DriftField,
  images: Float64Array[],
  dt: number,
  work: { b: Float64Array; j: Float64Array },
): Float64Array[] {
  const n = drift.dimension;
  const count = images.length;
  const h = 1 / (count - 1);
  const a = new Float64Array(count);
  const rhs = Array.from({ length: n }, () => new Float64Array(count));
  const tangent = new Float64Array(n);
  const e = new Float64Array(n);
  for (let k = 1; k < count - 1; k++) {
    for (let i = 0; i < n; i++) tangent[i] = (images[k + 1]![i]! - images[k - 1]![i]!) / (2 * h);
    drift.b(images[k]!, work.b);
    const lambda = norm(work.b) / Math.max(norm(tangent), 1e-300);
    explicitTerm(drift, images[k]!, tangent, lambda, e, work);
    a[k] = (dt * lambda * lambda) / (h * h);
    for (let i = 0; i < n; i++) rhs[i]![k] = images[k]![i]! + dt * e[i]!;
  }
  const next = images.map((p) => Float64Array.from(p));
  for (let i = 0; i < n; i++) {
    const u = Float64Array.from(images, (p) => p[i]!);
    implicitDiffusion(u, a, rhs[i]!);
    for (let k = 1; k < count - 1; k++) next[k]![i] = u[k]!;
  }
  return resample(next, count);
}

/**
 * The simplified geometric minimum action method (Heymann & Vanden-Eijnden, Phys. Rev. Lett. 100,
 * 140601, 2008, for additive isotropic noise): the curve φ(α) between two fixed points relaxes by
 * φ_τ = λ²φ″ + λλ′φ′ − λ(J − Jᵀ)φ′ − Jᵀb, λ = |b|/|φ′| (the Euler–Lagrange equation of the
 * geometric action; J = ∂b_i/∂x_j), the stiff λ²φ″ implicit, and is redistributed at equal arc
 * length after each step. Stops when no image moves more than 1e-11 of the path length in 50
 * steps, or after `maxIterations`.
 */
export function gmam(
  drift: DriftField,
  start: readonly number[],
  end: readonly number[],
  options: GmamOptions,
): ActionPath {
  const count = options.intervals + 1;
  let images = resample(options.initial ?? [start, end], count);
  const n = drift.dimension;
  const work = { b: new Float64Array(n), j: new Float64Array(n * n) };
  const length = distance(start, end);
  const maxIterations = options.maxIterations ?? 200000;
  let dt = stepSize(drift, images);
  let checkpoint = images.map((p) => Float64Array.from(p));
  let converged = false;
  let it = 0;
  for (; it < maxIterations && !converged; it++) {
    images = gmamStep(drift, images, dt, work);
    if (it % 50 === 49) {
      const moved = Math.max(...images.map((p, k) => distance(p, checkpoint[k]!)));
      converged = moved <= 1e-11 * length;
      checkpoint = images.map((p) => Float64Array.from(p));
      dt = stepSize(drift, images);
      if (!images.every((p) => p.every(Number.isFinite))) break;
    }
  }
  const finite = images.every((p) => p.every(Number.isFinite));
  return {
    points: images.map((p) => Array.from(p)),
    action: finite ? geometricAction(drift, images) : Number.NaN,
    converged: converged && finite,
    iterations: it,
  };
}
