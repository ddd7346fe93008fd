import type { DriftField } from '../core/index.js';
import { type ActionPath, gmam, resample } from './gmam.js';
import { distance } from './linalg.js';

/** A point of a minimum action path: position and arc length from the start. */
export interface ActionPathPoint {
  readonly x: readonly number[];
  readonly s: number;
}

/** One converged minimiser (or critical curve) of the action between the two fixed points. */
export interface ActionBranch {
  /** ΔΦ = S/2 along this curve, Richardson-extrapolated over the image counts. */
  readonly quasiPotential: number;
  /** Estimated absolute error of `quasiPotential`. */
  readonly error: number;
  /** The largest distance of the curve from the straight segment between its ends. */
  readonly offset: number;
  readonly converged: boolean;
  /** How many distinct curves of this same action were found (2 for a mirror pair). */
  readonly multiplicity: number;
  readonly path: readonly ActionPathPoint[];
}

/** The quasi-potential barrier from a stable point to a saddle, and every branch gMAM found. */
export interface QuasiPotentialResult {
  /** ΔΦ, the barrier in the D convention (rates ∝ e^{−ΔΦ/D}): the lowest branch. */
  readonly quasiPotential: number;
  /** S = 2ΔΦ: the Freidlin–Wentzell action for dX = b dt + √ε dW. */
  readonly action: number;
  /** Estimated absolute error of ΔΦ (Richardson difference over three image counts). */
  readonly error: number;
  readonly converged: boolean;
  readonly path: readonly ActionPathPoint[];
  /** Every distinct curve the starts converged to, lowest ΔΦ first. */
  readonly branches: readonly ActionBranch[];
  /** More than one distinct curve of least action, or curves of different action: the path has split (Maier & Stein 1993). */
  readonly bifurcation: boolean;
  /** The image counts (intervals) used, coarsest first. */
  readonly intervals: readonly number[];
  /** The lowest branch's images at each of those counts, coarsest first (the last is `path`). */
  readonly ladder: readonly (readonly (readonly number[])[])[];
  readonly warnings: readonly string[];
}

export interface QuasiPotentialOptions {
  /** Intervals of the coarsest path; refined twice by 2 (default 64 → 128 → 256). */
  readonly intervals?: number;
  readonly maxIterations?: number;
}

/** The starting curves: the straight segment and, in each direction normal to it, a half-sine bulge of 1/4 its length. */
function startingCurves(start: readonly number[], end: readonly number[]) {
  const n = start.length;
  const length = distance(start, end);
  const t = start.map((v, i) => (end[i]! - v) / length);
  const normals: number[][] = [];
  for (let axis = 0; axis < n; axis++) {
    // Gram–Schmidt of the coordinate axes against t (and the normals kept so far).
    const v: number[] = Array.from({ length: n }, (_, i) => (i === axis ? 1 : 0));
    for (const u of [t, ...normals]) {
      const dot = v.reduce((s: number, x, i) => s + x * u[i]!, 0);
      for (let i = 0; i < n; i++) v[i]! -= dot * u[i]!;
    }
    const size = Math.hypot(...v);
    if (size > 1e-6 && normals.length < n - 1) normals.push(v.map((x) => x / size));
  }
  const curve = (normal: readonly number[] | null, sign: number) =>
    Array.from({ length: 33 }, (_, k) =>
      start.map(
        (v, i) =>
          v +
          ((end[i]! - v) * k) / 32 +
          (normal ? sign * 0.25 * length * Math.sin((Math.PI * k) / 32) * normal[i]! : 0),
      ),
    );
  return [curve(null, 1), ...normals.flatMap((nv) => [curve(nv, 1), curve(nv, -1)])];
}

function offsetFromSegment(points: readonly (readonly number[])[]): number {
  const a = points[0]!;
  const b = points[points.length - 1]!;
  const length = distance(a, b);
  let worst = 0;
  for (const p of points) {
    const along = p.reduce((s, v, i) => s + (v - a[i]!) * (b[i]! - a[i]!), 0) / (length * length);
    const foot = a.map((v, i) => v + along * (b[i]! - v));
    worst = Math.max(worst, distance(p, foot));
  }
  return worst;
}

function withArcLength(points: readonly (readonly number[])[]): ActionPathPoint[] {
  let s = 0;
  return points.map((x, k) => {
    if (k > 0) s += distance(points[k - 1]!, x);
    return { x: [...x], s };
  });
}

/**
 * The error of ΔΦ = S/2 from the raw actions at h, h/2, h/4. Richardson's difference is trusted
 * only where the actions converge as h² (successive differences in ratio 4 ± 0.5); otherwise the
 * last raw step and the one before it over 4 bound it. Rotating fields need this: on
 * b = −(I + M)∇U with m = 2 (ΔΦ = 1/4 exactly) the differences go 3.7e-4, 7.0e-5 (ratio 5.2),
 * and the difference of the two Richardson values said 3.6e-5 where the error was 6.1e-5.
 */
function refinementError(s1: number, s2: number, s3: number): number {
  const r1 = s2 + (s2 - s1) / 3;
  const r2 = s3 + (s3 - s2) / 3;
  const richardson = (Math.abs(r2 - r1) + 0.1 * Math.abs(s3 - s2)) / 2;
  const ratio = (s1 - s2) / (s2 - s3);
  if (ratio > 3.5 && ratio < 4.5) return richardson;
  return Math.max(richardson, Math.abs(s3 - s2) / 2, Math.abs(s2 - s1) / 8);
}

/**
 * One branch refined: the coarse curve warm-starts gMAM at 2× and 4× the intervals; the midpoint
 * action has an O(h²) error, so the Richardson step S + (S − S_coarse)/3 is the value and
 * `refinementError` its error.
 */
function refine(
  drift: DriftField,
  coarse: ActionPath,
  start: readonly number[],
  end: readonly number[],
  intervals: number,
  maxIterations: number,
): Omit<ActionBranch, 'multiplicity'> & { ladder: (readonly (readonly number[])[])[] } {
  const runs = [coarse];
  for (const factor of [2, 4]) {
    runs.push(
      gmam(drift, start, end, {
        intervals: intervals * factor,
        initial: runs[runs.length - 1]!.points,
        maxIterations,
      }),
    );
  }
  const [s1, s2, s3] = runs.map((r) => r.action) as [number, number, number];
  const r2 = s3 + (s3 - s2) / 3;
  const last = runs[2]!;
  return {
    quasiPotential: r2 / 2,
    error: refinementError(s1, s2, s3),
    offset: offsetFromSegment(last.points),
    converged: runs.every((r) => r.converged) && Number.isFinite(r2),
    path: withArcLength(last.points),
    ladder: runs.map((r) => r.points),
  };
}

/**
 * The quasi-potential barrier ΔΦ from a stable point to a saddle by the geometric minimum action
 * method (Heymann & Vanden-Eijnden 2008): gMAM from the straight segment and from a curve bulging
 * each way normal to it, distinct converged curves kept as branches (a symmetric field past its
 * bifurcation has the symmetric curve, now a saddle of the action, and the two bent minimisers;
 * Maier & Stein, Phys. Rev. Lett. 71, 1783, 1993), each refined over 3 image counts. ΔΦ is
 * half the geometric action, so ΔΦ = ΔU for b = −∇U.
 */
export function quasiPotentialBarrier(
  drift: DriftField,
  start: readonly number[],
  end: readonly number[],
  options: QuasiPotentialOptions = {},
): QuasiPotentialResult {
  const intervals = options.intervals ?? 64;
  const maxIterations = options.maxIterations ?? 100000;
  const length = distance(start, end);
  const coarse: ActionPath[] = [];
  for (const initial of startingCurves(start, end)) {
    const run = gmam(drift, start, end, { intervals, initial, maxIterations });
    if (!Number.isFinite(run.action)) continue;
    const same = coarse.some(
      (c) =>
        Math.max(
          ...resample(run.points, 65).map((p, k) => distance(p, resample(c.points, 65)[k]!)),
        ) <=
        1e-3 * length,
    );
    if (!same) coarse.push(run);
  }
  // Mirror images (equal action to rounding) are refined once and counted.
  const kinds: { run: ActionPath; multiplicity: number }[] = [];
  for (const run of coarse) {
    const twin = kinds.find(
      (k) => Math.abs(k.run.action - run.action) <= 1e-9 * Math.abs(run.action),
    );
    if (twin) twin.multiplicity++;
    else kinds.push({ run, multiplicity: 1 });
  }
  const refined = kinds
    .map((k) => ({
      ...refine(drift, k.run, start, end, intervals, maxIterations),
      multiplicity: k.multiplicity,
    }))
    .sort((a, b) => a.quasiPotential - b.quasiPotential);
  const branches = refined.map(({ ladder: _, ...branch }) => branch);
  return summarise(branches, intervals, refined[0]?.ladder ?? []);
}

function summarise(
  branches: ActionBranch[],
  intervals: number,
  ladder: readonly (readonly (readonly number[])[])[],
): QuasiPotentialResult {
  const best = branches[0];
  const warnings: string[] = [];
  if (!best) {
    return {
      quasiPotential: Number.NaN,
      action: Number.NaN,
      error: Number.NaN,
      converged: false,
      path: [],
      branches: [],
      bifurcation: false,
      intervals: [intervals, 2 * intervals, 4 * intervals],
      ladder: [],
      warnings: ['gMAM produced no finite path between the two points'],
    };
  }
  const second = branches[1];
  if (second && second.quasiPotential - best.quasiPotential < 0.02 * best.quasiPotential) {
    warnings.push(
      `two minimum action paths within 2% in ΔΦ (${best.quasiPotential.toPrecision(6)} and ${second.quasiPotential.toPrecision(6)}): near a bifurcation of the optimal path, where the prefactor is not uniform (Maier & Stein 1997)`,
    );
  }
  if (!best.converged) warnings.push('gMAM did not converge on every refinement of the path');
  return {
    quasiPotential: best.quasiPotential,
    action: 2 * best.quasiPotential,
    error: best.error,
    converged: best.converged,
    path: best.path,
    branches,
    bifurcation: branches.length > 1 || best.multiplicity > 1,
    intervals: [intervals, 2 * intervals, 4 * intervals],
    ladder,
    warnings,
  };
}
