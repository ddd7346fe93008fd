import type { Box, DriftField } from '../core/index.js';
import type { FixedPointND } from './fixedPoints.js';
import { distance, norm } from './linalg.js';

/**
 * Where the deterministic flow from one side of a saddle ends: the `index` of the stable fixed
 * point it reaches, 'out' when it leaves the box, 'unknown' when the step cap is hit first (it
 * stalls near another fixed point, or circles a limit cycle).
 */
export type FlowEnd = number | 'out' | 'unknown';

/**
 * The unstable eigenvector (unit) of a 2×2 Jacobian at a saddle: (J − λI)v = 0 for the positive
 * eigenvalue λ, from whichever row of J − λI is the larger (the other may vanish).
 */
function unstableVector(j: readonly number[], lambda: number): number[] {
  const a = [j[1]!, lambda - j[0]!];
  const b = [lambda - j[3]!, j[2]!];
  const v = norm(a) >= norm(b) ? a : b;
  const n = norm(v);
  return [v[0]! / n, v[1]! / n];
}

function inside(box: Box, x: ArrayLike<number>): boolean {
  return box.every((d, i) => x[i]! >= d.min && x[i]! <= d.max);
}

/**
 * Follows ẋ = b(x) from `start` (Bogacki–Shampine 3(2) in time, local error ≤ 1e-7 of the box
 * diagonal per step, as steepestDescent) until it comes within 1e-3 of the diagonal of a stable
 * point, leaves the box, or takes 50 000 steps. 1e-3 of the diagonal is far inside any basin a
 * box resolves and far outside the 1e-7 step error, so a path that comes that close has been
 * captured by the point's linear flow, not passing by.
 */
export function flowEnd(
  drift: DriftField,
  start: readonly number[],
  box: Box,
  stable: readonly FixedPointND[],
  rate: number,
): FlowEnd {
  const diagonal = norm(box.map((d) => d.max - d.min));
  const tol = 1e-7 * diagonal;
  const capture = 1e-3 * diagonal;
  const x = Float64Array.from(start);
  const [k1, k2, k3, k4, y] = [0, 0, 0, 0, 0].map(() => new Float64Array(2)) as Float64Array[];
  // A first step a hundredth of the saddle's e-folding time 1/λ_u; the control adapts it.
  let h = 0.01 / rate;
  drift.b(x, k1!);
  for (let step = 0; step < 50000; step++) {
    if (!inside(box, x)) return 'out';
    const near = stable.find((q) => distance(q.x, x) <= capture);
    if (near) return near.index;
    for (let i = 0; i < 2; i++) y![i] = x[i]! + 0.5 * h * k1![i]!;
    drift.b(y!, k2!);
    for (let i = 0; i < 2; i++) y![i] = x[i]! + 0.75 * h * k2![i]!;
    drift.b(y!, k3!);
    for (let i = 0; i < 2; i++)
      y![i] = x[i]! + h * ((2 * k1![i]!) / 9 + k2![i]! / 3 + (4 * k3![i]!) / 9);
    drift.b(y!, k4!);
    let err = 0;
    for (let i = 0; i < 2; i++) {
      err += (h * ((-5 * k1![i]!) / 72 + k2![i]! / 12 + k3![i]! / 9 - k4![i]! / 8)) ** 2;
    }
    err = Math.sqrt(err);
    if (!Number.isFinite(err)) return 'unknown';
    if (err <= tol) {
      x.set(y!);
      k1!.set(k4!);
    }
    const factor = err === 0 ? 2 : Math.min(2, Math.max(0.2, 0.9 * Math.cbrt(tol / err)));
    h *= factor;
  }
  return 'unknown';
}

/**
 * Both ends of the flow from a saddle, started at x_s ∓ ε·u with u its unstable eigenvector and ε
 * 1e-4 of the box diagonal, as descentFromSaddle: there the linear flow dominates (b's quadratic
 * part is ε² against λ_u·ε) yet the start is 10³ step tolerances from the saddle, so the path
 * leaves it in a few e-folding times instead of lingering. The first end is along −u.
 */
export function flowFromSaddle(
  drift: DriftField,
  saddle: FixedPointND,
  box: Box,
  stable: readonly FixedPointND[],
): readonly [FlowEnd, FlowEnd] {
  const lambda = saddle.eigenvalues[0]!.re;
  const u = unstableVector(saddle.jacobian, lambda);
  const eps = 1e-4 * norm(box.map((d) => d.max - d.min));
  const side = (sign: number) =>
    flowEnd(
      drift,
      saddle.x.map((v, i) => v + sign * eps * u[i]!),
      box,
      stable,
      lambda,
    );
  return [side(-1), side(1)];
}
