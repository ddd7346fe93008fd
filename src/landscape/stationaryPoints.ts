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
  const { U, dU, d2U } = potential;
  // b < a is allowed: the scan then runs from a downwards (non-finite values are met innermost).
  const h = (b - a) / intervals;
  const step = Math.abs(h);
  const xs = new Float64Array(intervals + 1);
  const g = new Float64Array(intervals + 1);
  const c = new Float64Array(intervals + 1);
  let gScale = 0;
  for (let i = 0; i <= intervals; i++) {
    const x = i === intervals ? b : a + i * h;
    const u = U(x);
    const gi = dU(x);
    if (!Number.isFinite(u) || !Number.isFinite(gi)) {
      // Keep what lies before the first non-finite place (scanning from a towards b).
      const before =
        i > 1 ? scanStationaryPoints(potential, a, xs[i - 1]!, i - 1, options).points : [];
      return { points: before, nonFinite: { x, U: u, dU: gi } };
    }
    xs[i] = x;
    g[i] = gi;
    c[i] = d2U(x);
    gScale = Math.max(gScale, Math.abs(gi));
  }
  const zeroTolerance = TANGENCY_TOLERANCE * gScale;
  const roots: number[] = [];
  const flat = flatNodes(xs, g, options.flatSlope);

  const refine = (
    x0: number,
    x1: number,
    g0: number,
    g1: number,
    c0: number,
    c1: number,
    depth: number,
  ): void => {
    if (depth < MAX_REFINE_DEPTH) {
      const xm = 0.5 * (x0 + x1);
      const gm = dU(xm);
      const w = x1 - x0;
      const interpolated = 0.5 * (g0 + g1) + (w * (c0 - c1)) / 8;
      const scale = Math.abs(g0) + Math.abs(g1) + Math.abs(w) * (Math.abs(c0) + Math.abs(c1));
      if (Number.isFinite(gm) && Math.abs(gm - interpolated) > 0.05 * scale) {
        const cm = d2U(xm);
        if (gm === 0) roots.push(xm);
        refine(x0, xm, g0, gm, c0, cm, depth + 1);
        refine(xm, x1, gm, g1, cm, c1, depth + 1);
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
      } else if (Math.abs(ge) <= zeroTolerance) {
        roots.push(e);
      }
    }
  };

  for (let i = 0; i <= intervals; i++) {
    // On a flat stretch U′ is round-off: its zeros and sign changes are no stationary points.
    const flatLeft = i === 0 || flat[i - 1] === 1;
    const flatRight = i === intervals || flat[i + 1] === 1;
    if (g[i] === 0 && !(flat[i] === 1 && flatLeft && flatRight)) roots.push(xs[i]!);
    if (i < intervals && !(flat[i] === 1 && flat[i + 1] === 1)) {
      refine(xs[i]!, xs[i + 1]!, g[i]!, g[i + 1]!, c[i]!, c[i + 1]!, 0);
    }
  }
  roots.sort((p, q) => p - q);

  const merged: number[] = [];
  for (const r of roots) {
    const last = merged[merged.length - 1];
    if (last !== undefined && Math.abs(r - last) <= 1e-9 * step + 8 * EPS * Math.abs(r)) continue;
    merged.push(r);
  }

  const points = merged.map((x, i) => {
    // Probe no farther than half-way to a neighbouring root, so the probe sees this root only.
    const left = i > 0 ? x - merged[i - 1]! : step;
    const right = i < merged.length - 1 ? merged[i + 1]! - x : step;
    const probe = Math.max(
      Math.min(step, 0.5 * left, 0.5 * right),
      4 * EPS * Math.max(1, Math.abs(x)),
    );
    const curvature = d2U(x);
    const neighbourCurvature = Math.max(Math.abs(d2U(x - probe)), Math.abs(d2U(x + probe)));
    const degenerate =
      curvature === 0 || Math.abs(curvature) < DEGENERACY_RATIO * neighbourCurvature;
    let kind: StationaryKind;
    if (!degenerate) {
      kind = curvature > 0 ? 'minimum' : 'maximum';
    } else {
      const before = dU(x - probe);
      const after = dU(x + probe);
      kind =
        before < 0 && after > 0 ? 'minimum' : before > 0 && after < 0 ? 'maximum' : 'inflection';
    }
    return { x, U: U(x), d2U: curvature, kind, degenerate };
  });
  return options.flatSlope ? { points, allFlat: flat.every((f) => f === 1) } : { points };
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
