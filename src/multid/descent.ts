import type { Box, PotentialND } from '../core/index.js';
import { distance, norm } from './linalg.js';
import { newtonStationary, type StationaryPointND } from './stationary.js';

/** Where a steepest-descent path from a saddle ends: a minimum's index, or the box's edge. */
export type DescentEnd = number | 'edge';

export interface DescentPath {
  /** The points along the path, from the start to its end. */
  readonly points: readonly (readonly number[])[];
  /** U at each point. */
  readonly U: readonly number[];
  /** Arc length from the start. */
  readonly s: readonly number[];
  /** The minimum reached (index into the list given), 'edge', or null if it stalled elsewhere. */
  readonly end: DescentEnd | null;
}

function insideBox(box: Box, p: ArrayLike<number>): boolean {
  return box.every((d, i) => p[i]! >= d.min && p[i]! <= d.max);
}

/** dx/ds = −∇U/|∇U| at p (the steepest-descent direction, unit speed in arc length). */
function direction(potential: PotentialND, p: ArrayLike<number>, out: Float64Array): number {
  potential.gradient(p, out);
  const g = norm(out);
  for (let i = 0; i < out.length; i++) out[i] = -out[i]! / g;
  return g;
}

/**
 * The steepest-descent curve from `start` (arc-length parametrised, Bogacki–Shampine 3(2)
 * with error control to 1e-7 of the box diagonal per step), followed until it leaves the box or
 * |∇U| falls to 1e-7 of the gradient scale, where Newton finishes at the stationary point and it
 * is matched to a minimum of the list. From a saddle displaced along ± its unstable mode this is
 * the minimum-energy path on that side (Fukui's intrinsic reaction coordinate in these
 * coordinates).
 */
export function steepestDescent(
  potential: PotentialND,
  start: ArrayLike<number>,
  box: Box,
  minima: readonly StationaryPointND[],
  gradientScale: number,
): DescentPath {
  const n = potential.dimension;
  const diagonal = norm(box.map((d) => d.max - d.min));
  const tol = 1e-7 * diagonal;
  const x = Float64Array.from(start as ArrayLike<number>);
  const points: number[][] = [Array.from(x)];
  const energies: number[] = [potential.U(x)];
  const arc: number[] = [0];
  const k1 = new Float64Array(n);
  const k2 = new Float64Array(n);
  const k3 = new Float64Array(n);
  const k4 = new Float64Array(n);
  const y = new Float64Array(n);
  let h = 1e-3 * diagonal;
  let g = direction(potential, x, k1);
  for (let step = 0; step < 50000; step++) {
    if (!insideBox(box, x)) return { points, U: energies, s: arc, end: 'edge' };
    if (g <= 1e-7 * gradientScale || !Number.isFinite(g)) break;
    for (let i = 0; i < n; i++) y[i] = x[i]! + 0.5 * h * k1[i]!;
    direction(potential, y, k2);
    for (let i = 0; i < n; i++) y[i] = x[i]! + 0.75 * h * k2[i]!;
    direction(potential, y, k3);
    for (let i = 0; i < n; i++)
      y[i] = x[i]! + h * ((2 * k1[i]!) / 9 + k2[i]! / 3 + (4 * k3[i]!) / 9);
    const gNext = direction(potential, y, k4);
    let err = 0;
    for (let i = 0; i < n; i++) {
      const e = h * ((-5 * k1[i]!) / 72 + k2[i]! / 12 + k3[i]! / 9 - k4[i]! / 8);
      err += e * e;
    }
    err = Math.sqrt(err);
    const uNext = potential.U(y);
    if (err <= tol && uNext <= energies[energies.length - 1]!) {
      x.set(y);
      k1.set(k4);
      g = gNext;
      points.push(Array.from(x));
      energies.push(uNext);
      arc.push(arc[arc.length - 1]! + h);
    }
    // Next step from the error estimate (order 3), within [1e-9, 0.02] of the diagonal.
    const factor = err === 0 ? 2 : Math.min(2, Math.max(0.2, 0.9 * Math.cbrt(tol / err)));
    h = Math.min(0.02 * diagonal, Math.max(1e-9 * diagonal, h * factor));
    if (h <= 1e-9 * diagonal && err > tol) break;
  }
  return finish(potential, x, points, energies, arc, minima, box, diagonal);
}

/** Newton from where the descent stalled, then the minimum of the list it reached. */
function finish(
  potential: PotentialND,
  x: Float64Array,
  points: number[][],
  energies: number[],
  arc: number[],
  minima: readonly StationaryPointND[],
  box: Box,
  diagonal: number,
): DescentPath {
  const inside = (p: ArrayLike<number>, margin = 0) =>
    box.every(
      (d, i) =>
        p[i]! >= d.min - margin * (d.max - d.min) && p[i]! <= d.max + margin * (d.max - d.min),
    );
  const polished = newtonStationary(potential, x, inside, diagonal);
  const end = polished ? polished.x : x;
  let match: number | null = null;
  let best = 1e-4 * diagonal;
  minima.forEach((m, i) => {
    const d = distance(m.x, end);
    if (d <= best) {
      best = d;
      match = i;
    }
  });
  if (match !== null) {
    const last = points[points.length - 1]!;
    const m = minima[match]!;
    points.push([...m.x]);
    energies.push(m.U);
    arc.push(arc[arc.length - 1]! + distance(last, m.x));
  }
  return { points, U: energies, s: arc, end: match };
}

/**
 * Both steepest-descent paths from an index-1 saddle: displaced along ∓ its unstable eigenvector
 * by 1e-4 of the box diagonal (where the quadratic model holds), each followed down. The first
 * path leaves along −v, the second along +v.
 */
export function descentFromSaddle(
  potential: PotentialND,
  saddle: StationaryPointND,
  box: Box,
  minima: readonly StationaryPointND[],
  gradientScale: number,
): readonly [DescentPath, DescentPath] {
  const v = saddle.hessianEigenvectors[0]!;
  const diagonal = norm(box.map((d) => d.max - d.min));
  const delta = 1e-4 * diagonal;
  const side = (sign: number) => {
    const start = saddle.x.map((xi, i) => xi + sign * delta * v[i]!);
    const path = steepestDescent(potential, start, box, minima, gradientScale);
    return {
      ...path,
      points: [[...saddle.x], ...path.points],
      U: [saddle.U, ...path.U],
      s: [0, ...path.s.map((s) => s + delta)],
    };
  };
  return [side(-1), side(1)];
}
