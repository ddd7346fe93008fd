import type { Potential1D } from '../core/index.js';
import { brentRoot } from '../exact1d/index.js';

export type StationaryKind = 'minimum' | 'maximum' | 'inflection';

/** A point where U′(x) = 0. */
export interface StationaryPoint {
  readonly x: number;
  readonly U: number;
  /** U″(x): positive at a well bottom, negative at a barrier top. */
  readonly d2U: number;
  readonly kind: StationaryKind;
  /**
   * U″ vanishes here (to the grid's resolution), e.g. x⁴ at 0: the point is classified by the sign
   * change of U′ across it, and harmonic (Kramers, TST) prefactors do not apply.
   */
  readonly degenerate: boolean;
}

/** Outcome of a scan over [a, b]: the roots of U′ or the first place where U stops being finite. */
export interface ScanResult {
  readonly points: StationaryPoint[];
  /** First grid point where U or U′ was not finite (scanning from `a`), if any. */
  readonly nonFinite?: { readonly x: number; readonly U: number; readonly dU: number };
  /** With `flatSlope`: every grid point of the scan was flat (U′ below round-off there). */
  readonly allFlat?: boolean;
}

/** How a scan tells a flat stretch of U from one where U′ can be trusted. */
export interface ScanOptions {
  /**
   * The |U′| at x below which U′ is read as round-off: a grid interval whose two ends are both
   * this flat holds no stationary point (its sign changes, and the exact zeros of an underflowed
   * U′, are noise), and neither does a grid point where U′ vanishes between two flat neighbours.
   */
  readonly flatSlope?: (x: number) => number;
}

const EPS = 2.220446049250313e-16;
/** Bisect an interval at most this many times when U′ departs from its cubic interpolant. */
const MAX_REFINE_DEPTH = 8;
/** A local extremum of U′ counts as a double root of U′ when |U′| there is below this × max|U′|. */
const TANGENCY_TOLERANCE = 1e-10;
/** U″ counts as zero when it is this much smaller than U″ one grid step away (scale-free test). */
const DEGENERACY_RATIO = 1e-6;

/**
 * Finds every stationary point of U in [a, b]:
 * 1. U′ and U″ on a uniform grid of `intervals` intervals; an interval where U′ departs from its
 *    cubic Hermite interpolant (built from U′ and U″ at the ends) by more than 5% of its scale is
 *    bisected, recursively (adaptive grid);
 * 2. each sign change of U′ is refined by Brent's method;
 * 3. where U′ keeps its sign but U″ changes sign, U′ has an extremum e (found by Brent on U″): if
 *    U′(e) has the other sign the interval holds two roots, each refined; if U′(e) ≈ 0 it is a
 *    double root (a degenerate stationary point such as x³ at 0), which no sign change reveals;
 * 4. roots closer than rounding are merged, then each is classified by U″, or, where U″ ≈ 0, by
 *    the sign change of U′ across it (so x⁴ at 0 is a degenerate minimum, x³ at 0 an inflection).
 * With `options.flatSlope`, steps 2–3 skip the flat stretches, where U′ is round-off (the tail of
 * e^{−x²}, where U′ underflows to exact zeros).
 * Kernel tier: never throws; a non-finite U or U′ stops the scan and is reported.
 */
export function scanStationaryPoints(
  potential: Potential1D,
  a: number,
  b: number,
  intervals: number,
  options: ScanOptions = {},
): ScanResult {
  const grid = sampleSlope(potential, a, b, intervals);
  if ('nonFinite' in grid) {
    // Keep what lies before the first non-finite place (scanning from a towards b).
    const { index, lastX, nonFinite } = grid;
    const before =
      index > 1 ? scanStationaryPoints(potential, a, lastX, index - 1, options).points : [];
    return { points: before, nonFinite };
  }
  const { xs, g, c } = grid;
  const step = Math.abs((b - a) / intervals);
  const search: RootSearch = {
    dU: potential.dU,
    d2U: potential.d2U,
    zeroTolerance: TANGENCY_TOLERANCE * grid.gScale,
    roots: [],
  };
  const flat = flatNodes(xs, g, options.flatSlope);
  for (let i = 0; i <= intervals; i++) {
    // On a flat stretch U′ is round-off: its zeros and sign changes are no stationary points.
    const flatLeft = i === 0 || flat[i - 1] === 1;
    const flatRight = i === intervals || flat[i + 1] === 1;
    if (g[i] === 0 && !(flat[i] === 1 && flatLeft && flatRight)) search.roots.push(xs[i]!);
    if (i < intervals && !(flat[i] === 1 && flat[i + 1] === 1)) {
      refineInterval(search, xs[i]!, xs[i + 1]!, g[i]!, g[i + 1]!, c[i]!, c[i + 1]!, 0);
    }
  }
  search.roots.sort((p, q) => p - q);
  const merged = mergeRoots(search.roots, step);
  const points = merged.map((_, i) => classifyRoot(potential, merged, i, step));
  return options.flatSlope ? { points, allFlat: flat.every((f) => f === 1) } : { points };
}

/** U′ and U″ on the uniform grid of the scan, or the first grid point where U or U′ is not finite. */
type SlopeGrid =
  | {
      readonly xs: Float64Array;
      readonly g: Float64Array;
      readonly c: Float64Array;
      readonly gScale: number;
    }
  | {
      /** Index of the first non-finite grid point, and the grid point before it. */
      readonly index: number;
      readonly lastX: number;
      readonly nonFinite: NonNullable<ScanResult['nonFinite']>;
    };

/** Samples U′ and U″ on `intervals` equal intervals from a to b, stopping where U stops being finite. */
function sampleSlope(potential: Potential1D, a: number, b: number, intervals: number): SlopeGrid {
  const { U, dU, d2U } = potential;
  // b < a is allowed: the scan then runs from a downwards (non-finite values are met innermost).
  const h = (b - a) / intervals;
  const xs = new Float64Array(intervals + 1);
  const g = new Float64Array(intervals + 1);
  const c = new Float64Array(intervals + 1);
  let gScale = 0;
  for (let i = 0; i <= intervals; i++) {
    const x = i === intervals ? b : a + i * h;
    const u = U(x);
    const gi = dU(x);
    if (!Number.isFinite(u) || !Number.isFinite(gi)) {
      return { index: i, lastX: i > 0 ? xs[i - 1]! : a, nonFinite: { x, U: u, dU: gi } };
    }
    xs[i] = x;
    g[i] = gi;
    c[i] = d2U(x);
    gScale = Math.max(gScale, Math.abs(gi));
  }
  return { xs, g, c, gScale };
}

/** What the root search of one scan shares: U′, U″, the double-root tolerance and the roots so far. */
interface RootSearch {
  readonly dU: (x: number) => number;
  readonly d2U: (x: number) => number;
  /** |U′| below which an extremum of U′ is a double root (TANGENCY_TOLERANCE × max|U′|). */
  readonly zeroTolerance: number;
  readonly roots: number[];
}

/**
 * Bisects [x0, x1] while U′ at the midpoint departs from its cubic Hermite interpolant by more than
 * 5% of its scale (step 1 of the scan), then finds the roots of U′ in each resolved piece (steps
 * 2–3): a sign change of U′, or, where U″ changes sign, the two roots or the double root at the
 * extremum of U′.
 */
function refineInterval(
  search: RootSearch,
  x0: number,
  x1: number,
  g0: number,
  g1: number,
  c0: number,
  c1: number,
  depth: number,
): void {
  const { dU, d2U, roots } = search;
  if (depth < MAX_REFINE_DEPTH) {
    const xm = 0.5 * (x0 + x1);
    const gm = dU(xm);
    const w = x1 - x0;
    const interpolated = 0.5 * (g0 + g1) + (w * (c0 - c1)) / 8;
    const scale = Math.abs(g0) + Math.abs(g1) + Math.abs(w) * (Math.abs(c0) + Math.abs(c1));
    if (Number.isFinite(gm) && Math.abs(gm - interpolated) > 0.05 * scale) {
      const cm = d2U(xm);
      if (gm === 0) roots.push(xm);
      refineInterval(search, x0, xm, g0, gm, c0, cm, depth + 1);
      refineInterval(search, xm, x1, gm, g1, cm, c1, depth + 1);
      return;
    }
  }
  const xtol = 4 * EPS * Math.max(Math.abs(x0), Math.abs(x1));
  if (g0 * g1 < 0) {
    roots.push(brentRoot(dU, x0, x1, g0, g1, xtol));
    return;
  }
  if (g0 === 0 || g1 === 0) return; // roots at nodes are recorded once, by the caller
  if (c0 * c1 < 0) {
    const e = brentRoot(d2U, x0, x1, c0, c1, xtol);
    const ge = dU(e);
    if (ge * g0 < 0) {
      roots.push(brentRoot(dU, x0, e, g0, ge, xtol), brentRoot(dU, e, x1, ge, g1, xtol));
    } else if (Math.abs(ge) <= search.zeroTolerance) {
      roots.push(e);
    }
  }
}

/** Sorted roots with those closer than rounding (relative to the grid step) merged into one. */
function mergeRoots(sorted: readonly number[], step: number): number[] {
  const merged: number[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && Math.abs(r - last) <= 1e-9 * step + 8 * EPS * Math.abs(r)) continue;
    merged.push(r);
  }
  return merged;
}

/**
 * Classifies root i by U″, or, where U″ is negligible against its neighbourhood (degenerate), by
 * the sign change of U′ across it (step 4 of the scan).
 */
function classifyRoot(
  potential: Potential1D,
  roots: readonly number[],
  i: number,
  step: number,
): StationaryPoint {
  const { U, dU, d2U } = potential;
  const x = roots[i]!;
  // Probe no farther than half-way to a neighbouring root, so the probe sees this root only.
  const left = i > 0 ? x - roots[i - 1]! : step;
  const right = i < roots.length - 1 ? roots[i + 1]! - x : step;
  const probe = Math.max(
    Math.min(step, 0.5 * left, 0.5 * right),
    4 * EPS * Math.max(1, Math.abs(x)),
  );
  const curvature = d2U(x);
  const neighbourCurvature = Math.max(Math.abs(d2U(x - probe)), Math.abs(d2U(x + probe)));
  const degenerate = curvature === 0 || Math.abs(curvature) < DEGENERACY_RATIO * neighbourCurvature;
  let kind: StationaryKind;
  if (!degenerate) {
    kind = curvature > 0 ? 'minimum' : 'maximum';
  } else {
    const before = dU(x - probe);
    const after = dU(x + probe);
    kind = before < 0 && after > 0 ? 'minimum' : before > 0 && after < 0 ? 'maximum' : 'inflection';
  }
  return { x, U: U(x), d2U: curvature, kind, degenerate };
}

/** 1 where |U′| is at or below the flat slope (none without one). */
function flatNodes(
  xs: Float64Array,
  g: Float64Array,
  flatSlope: ((x: number) => number) | undefined,
): Uint8Array {
  const flat = new Uint8Array(xs.length);
  if (!flatSlope) return flat;
  for (let i = 0; i < xs.length; i++) flat[i] = Math.abs(g[i]!) <= flatSlope(xs[i]!) ? 1 : 0;
  return flat;
}
