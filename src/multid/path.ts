import { KramersError, type PotentialND } from '../core/index.js';
import type { DescentPath } from './descent.js';
import type { LandscapeND } from './landscapeND.js';
import { distance } from './linalg.js';

/** One point of a path: position, energy and arc length from its start. */
export interface PathPoint {
  readonly x: readonly number[];
  readonly U: number;
  readonly s: number;
}

/** A minimum-energy path from one minimum to another through the saddles between them. */
export interface MinimumEnergyPath {
  /** The minima visited, start first, target last. */
  readonly minima: readonly number[];
  /** The saddles crossed, in order. */
  readonly saddles: readonly number[];
  readonly points: readonly PathPoint[];
  /** The highest saddle's U minus the start minimum's. */
  readonly barrier: number;
}

/**
 * The chain of saddles from one minimum to another whose highest saddle is lowest (the way the
 * dynamics takes at low noise): a bottleneck shortest path over the minima, fewest hops on ties.
 * Null when no chain of saddles in the box joins them.
 */
export function lowestSaddleChain(landscape: LandscapeND, from: number, to: number) {
  const m = landscape.minima.length;
  const worst = new Array<number>(m).fill(Number.POSITIVE_INFINITY);
  const hops = new Array<number>(m).fill(Number.POSITIVE_INFINITY);
  const via = new Array<{ from: number; saddle: number } | null>(m).fill(null);
  const done = new Set<number>();
  worst[from] = Number.NEGATIVE_INFINITY;
  hops[from] = 0;
  for (;;) {
    let i = -1;
    for (let k = 0; k < m; k++) {
      if (done.has(k) || worst[k] === Number.POSITIVE_INFINITY) continue;
      if (i < 0 || worst[k]! < worst[i]! || (worst[k] === worst[i] && hops[k]! < hops[i]!)) i = k;
    }
    if (i < 0 || i === to) break;
    done.add(i);
    for (const t of landscape.transitions) {
      if (t.from !== i || typeof t.to !== 'number' || done.has(t.to)) continue;
      const top = Math.max(worst[i]!, landscape.saddles[t.saddle]!.U);
      if (top < worst[t.to]! || (top === worst[t.to] && hops[i]! + 1 < hops[t.to]!)) {
        worst[t.to] = top;
        hops[t.to] = hops[i]! + 1;
        via[t.to] = { from: i, saddle: t.saddle };
      }
    }
  }
  if (worst[to] === Number.POSITIVE_INFINITY) return null;
  const steps: { from: number; to: number; saddle: number }[] = [];
  for (let j = to; j !== from; ) {
    const v = via[j]!;
    steps.unshift({ from: v.from, to: j, saddle: v.saddle });
    j = v.from;
  }
  return steps;
}

/** The two descent paths of a saddle, oriented: up from `from`, then down to `to`. */
function overSaddle(
  paths: readonly [DescentPath, DescentPath],
  ends: readonly unknown[],
  from: number,
) {
  const up = ends[0] === from ? paths[0] : paths[1];
  const down = ends[0] === from ? paths[1] : paths[0];
  return [...[...up.points].reverse(), ...down.points.slice(1)];
}

/**
 * The minimum-energy path between two minima: for each saddle of the chain, its two
 * steepest-descent curves (from the saddle displaced along ± its unstable mode, followed down to
 * the minima, see `descentFromSaddle`), joined at the saddle. A curve along which ∇U is tangent
 * everywhere is a minimum-energy path (Fukui's intrinsic reaction coordinate in these
 * coordinates); `stringMethod` finds the same curve independently.
 *
 * @throws KramersError `no_barrier` when no chain of saddles in the box joins the two minima.
 */
export function minimumEnergyPath(
  potential: PotentialND,
  landscape: LandscapeND,
  from: number,
  to: number,
): MinimumEnergyPath {
  const steps = from === to ? [] : lowestSaddleChain(landscape, from, to);
  if (steps === null) {
    throw new KramersError(
      'no_barrier',
      `no saddle between minima ${from} and ${to} inside the box: no chain of index-1 saddles joins them`,
      {
        issues: [{ path: 'to', message: 'not connected' }],
        hint: 'a saddle between them may lie outside the box: widen the domain (kramers analyze lists the saddles)',
      },
    );
  }
  const xs: (readonly number[])[] = [landscape.minima[from]!.x];
  for (const step of steps) {
    const saddle = landscape.saddles[step.saddle]!;
    const joined = overSaddle(landscape.descentPaths[step.saddle]!, saddle.connects, step.from);
    xs.push(...joined.slice(1));
  }
  let s = 0;
  const points = xs.map((x, k) => {
    if (k > 0) s += distance(xs[k - 1]!, x);
    return { x: [...x], U: potential.U(x), s };
  });
  const top = Math.max(...steps.map((t) => landscape.saddles[t.saddle]!.U));
  return {
    minima: [from, ...steps.map((t) => t.to)],
    saddles: steps.map((t) => t.saddle),
    points,
    barrier: steps.length > 0 ? top - landscape.minima[from]!.U : 0,
  };
}

/** Resamples a polyline at `count` points equally spaced in arc length (linear interpolation). */
function equalArc(images: Float64Array[], n: number): void {
  const count = images.length;
  const cumulative = [0];
  for (let k = 1; k < count; k++)
    cumulative.push(cumulative[k - 1]! + distance(images[k - 1]!, images[k]!));
  const total = cumulative[count - 1]!;
  const old = images.map((p) => Float64Array.from(p));
  let segment = 0;
  for (let k = 1; k < count - 1; k++) {
    const target = (total * k) / (count - 1);
    while (segment < count - 2 && cumulative[segment + 1]! < target) segment++;
    const length = cumulative[segment + 1]! - cumulative[segment]!;
    const w = length > 0 ? (target - cumulative[segment]!) / length : 0;
    for (let i = 0; i < n; i++) {
      images[k]![i] = (1 - w) * old[segment]![i]! + w * old[segment + 1]![i]!;
    }
  }
}

/**
 * The simplified string method (E, Ren & Vanden-Eijnden, J. Chem. Phys. 126, 164103, 2007):
 * `count` images on the straight line between two points, each moved by an explicit step down
 * the full gradient, then redistributed at equal arc length, until no image moves more than
 * 1e-9 of the box diagonal per step. The step is 0.5/λ_max (λ_max the largest Hessian eigenvalue
 * at the given stationary points), inside the explicit scheme's stability bound 2/λ_max. The
 * converged string lies on a minimum-energy path to O(h²) of the image spacing h; an independent
 * route to the curve `minimumEnergyPath` builds from steepest descent.
 */
export function stringMethod(
  potential: PotentialND,
  start: readonly number[],
  end: readonly number[],
  options: { readonly count?: number; readonly stiffness: number; readonly maxSteps?: number },
): { readonly points: readonly PathPoint[]; readonly converged: boolean } {
  const n = potential.dimension;
  const count = options.count ?? 100;
  const dt = 0.5 / options.stiffness;
  const scale = distance(start, end);
  const images = Array.from({ length: count }, (_, k) =>
    Float64Array.from(start, (v, i) => v + ((end[i]! - v) * k) / (count - 1)),
  );
  const g = new Float64Array(n);
  const before = images.map((p) => Float64Array.from(p));
  let converged = false;
  for (let step = 0; step < (options.maxSteps ?? 200000) && !converged; step++) {
    for (const [k, p] of images.entries()) before[k]!.set(p);
    for (const p of images) {
      potential.gradient(p, g);
      for (let i = 0; i < n; i++) p[i] = p[i]! - dt * g[i]!;
    }
    equalArc(images, n);
    const moved = Math.max(...images.map((p, k) => distance(p, before[k]!)));
    converged = moved <= 1e-9 * scale;
  }
  let s = 0;
  const points = images.map((p, k) => {
    if (k > 0) s += distance(images[k - 1]!, p);
    return { x: Array.from(p), U: potential.U(p), s };
  });
  return { points, converged: converged && points.every((q) => Number.isFinite(q.U)) };
}
