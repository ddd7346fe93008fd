import type { Box } from '../core/index.js';

/** The lowest point found on the walls of a box. */
export interface WallPoint {
  readonly x: readonly number[];
  readonly U: number;
  /** The wall it lies on: coordinate index and side (−1 the lower wall, +1 the upper). */
  readonly wall: { readonly coordinate: number; readonly side: -1 | 1 };
}

/**
 * The lowest U on the walls of the box: each face sampled on a lattice (`perEdge` points along
 * each of its sides, fewer per side in three or more coordinates so a face stays ~10⁴ points),
 * then the best sample refined by a golden-section pass along each in-face coordinate. A
 * lattice can miss a dip narrower than its spacing; that is enough for a warning about the walls,
 * which asks whether U there is below the start minimum or near the saddle (order D), not for
 * the wall's exact minimum.
 */
export function lowestOnWalls(
  U: (p: ArrayLike<number>) => number,
  box: Box,
  perEdge = 401,
): WallPoint {
  const m = latticeSize(box.length, perEdge);
  let best: WallPoint = {
    x: box.map((d) => d.min),
    U: Number.POSITIVE_INFINITY,
    wall: { coordinate: 0, side: -1 },
  };
  forEachWallPoint(box, m, (p, coordinate, side) => {
    const u = U(p);
    if (u < best.U) best = { x: [...p], U: u, wall: { coordinate, side } };
  });
  return refine(U, box, best, m);
}

/** Golden-section along each in-face coordinate, within one lattice spacing of the best sample. */
function refine(
  U: (p: ArrayLike<number>) => number,
  box: Box,
  start: WallPoint,
  m: number,
): WallPoint {
  const x = Float64Array.from(start.x);
  const wall = start.wall.coordinate;
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < x.length; i++) {
    if (i === wall) continue;
    const d = box[i]!;
    const h = (d.max - d.min) / (m - 1);
    let a = Math.max(d.min, x[i]! - h);
    let b = Math.min(d.max, x[i]! + h);
    const at = (v: number) => {
      x[i] = v;
      return U(x);
    };
    for (let it = 0; it < 40; it++) {
      const c = b - g * (b - a);
      const e = a + g * (b - a);
      if (at(c) < at(e)) b = e;
      else a = c;
    }
    at((a + b) / 2);
  }
  const u = U(x);
  return u < start.U ? { ...start, x: [...x], U: u } : start;
}

/** The point of the walls where a drift points out of the box most strongly. */
export interface WallOutflow {
  readonly x: readonly number[];
  /** b·n there, n the outward normal (> 0: the flow leaves the box). */
  readonly outward: number;
  /** max |b| over the samples: the scale `outward` is compared with. */
  readonly scale: number;
}

/**
 * The largest outward component b·n of a drift on the walls of the box, on the same lattice as
 * `lowestOnWalls`. A deterministic path that reaches such a point would leave the box: the
 * reflecting walls then hold walkers an open state space would lose.
 */
export function outflowOnWalls(
  b: (p: ArrayLike<number>, out: Float64Array) => void,
  box: Box,
  perEdge = 401,
): WallOutflow {
  const v = new Float64Array(box.length);
  let best: WallOutflow = { x: box.map((d) => d.min), outward: Number.NEGATIVE_INFINITY, scale: 0 };
  let scale = 0;
  forEachWallPoint(box, latticeSize(box.length, perEdge), (p, fixed, side) => {
    b(p, v);
    scale = Math.max(scale, Math.hypot(...v));
    const out = side * v[fixed]!;
    if (out > best.outward) best = { x: [...p], outward: out, scale: 0 };
  });
  return { ...best, scale };
}

/** Lattice points per side of a face: `perEdge` in two coordinates, ~10⁴ a face in more. */
function latticeSize(n: number, perEdge: number): number {
  return n <= 2 ? perEdge : Math.max(11, Math.floor(10_000 ** (1 / (n - 1))));
}

/**
 * Calls `visit` at every point of an m-per-side lattice on each face of the box, with the face's
 * fixed coordinate and side (−1 the lower wall, +1 the upper); `p` is reused between calls.
 */
function forEachWallPoint(
  box: Box,
  m: number,
  visit: (p: Float64Array, fixed: number, side: -1 | 1) => void,
): void {
  const n = box.length;
  const p = new Float64Array(n);
  for (let face = 0; face < 2 * n; face++) {
    const fixed = face >> 1;
    const side = face & 1 ? 1 : -1;
    p[fixed] = side > 0 ? box[fixed]!.max : box[fixed]!.min;
    const free = [...Array(n).keys()].filter((i) => i !== fixed);
    const count = m ** free.length;
    for (let k = 0; k < count; k++) {
      let r = k;
      for (const i of free) {
        const d = box[i]!;
        p[i] = d.min + ((r % m) / (m - 1)) * (d.max - d.min);
        r = Math.floor(r / m);
      }
      visit(p, fixed, side);
    }
  }
}

/** The drift's outward and tangential components on one wall of a 2-D box, along the wall. */
function wallComponents(
  b: (p: ArrayLike<number>, out: Float64Array) => void,
  box: Box,
  fixed: number,
  side: -1 | 1,
) {
  const free = 1 - fixed;
  const p = new Float64Array(2);
  const v = new Float64Array(2);
  p[fixed] = side > 0 ? box[fixed]!.max : box[fixed]!.min;
  return (s: number) => {
    p[free] = s;
    b(p, v);
    return { out: side * v[fixed]!, along: v[free]!, x: [p[0]!, p[1]!] };
  };
}

/** The root of f in [a, b] (f(a), f(b) of opposite signs) by 60 bisections: to rounding. */
function bisect(f: (s: number) => number, a: number, b: number): number {
  const fa = Math.sign(f(a));
  for (let it = 0; it < 60; it++) {
    const c = 0.5 * (a + b);
    if (Math.sign(f(c)) === fa) a = c;
    else b = c;
  }
  return 0.5 * (a + b);
}

/**
 * The points of a 2-D box's walls that part the walkers the walls hold. Where the drift points
 * out (b·n > 0) the reflecting wall holds a walker, which then slides along it with the tangential
 * drift b_t (the sliding motion of Filippov 1988, Differential Equations with Discontinuous
 * Righthand Sides): the wall is a state space of its own. Its parting points are those the sliding runs away from on both sides (b_t from − to + along
 * the wall, b·n > 0 there), and the ends of an outflow stretch (b·n = 0) where b_t slides walkers
 * into it: to the reflected flow what a saddle is to the free one, the lowest door from the box's
 * interior to a stretch of wall that holds walkers. Corners are left out. Lattice of `perEdge`
 * points a wall, each sign change refined by bisection; a change narrower than the lattice's
 * spacing can be missed.
 */
export function partingPointsOnWalls(
  b: (p: ArrayLike<number>, out: Float64Array) => void,
  box: Box,
  perEdge = 401,
): number[][] {
  if (box.length !== 2) return [];
  const found: number[][] = [];
  for (const [fixed, side] of [
    [0, -1],
    [0, 1],
    [1, -1],
    [1, 1],
  ] as const) {
    const at = wallComponents(b, box, fixed, side);
    const d = box[1 - fixed]!;
    const s = (k: number) => d.min + ((d.max - d.min) * k) / (perEdge - 1);
    for (let k = 0; k + 1 < perEdge; k++) {
      const [l, r] = [at(s(k)), at(s(k + 1))];
      if (l.along < 0 && r.along >= 0 && l.out > 0 && r.out > 0) {
        found.push(at(bisect((v) => at(v).along, s(k), s(k + 1))).x);
      } else if (l.out <= 0 !== r.out <= 0) {
        const edge = at(bisect((v) => at(v).out, s(k), s(k + 1)));
        // Sliding from the edge into the outflow: towards r when the outflow lies there.
        if (r.out > 0 ? edge.along > 0 : edge.along < 0) found.push(edge.x);
      }
    }
  }
  return found;
}
