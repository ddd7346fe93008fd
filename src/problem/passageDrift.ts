import { KramersError } from '../core/index.js';
import { distance, type FixedPointND } from '../multid/index.js';
import type { PreparedDriftProblem } from './prepareDrift.js';
import {
  driftWallWarnings,
  type PreparedTransitionDrift,
  quasiPotentialOf,
  transitionOfDrift,
} from './transitionDrift.js';
import { regionTargetOf, type TargetND } from './transitionND.js';

/** Which first passage of a drift problem the exact route measures, and from where. */
export interface PassageSpecDrift {
  /** Start: a stable fixed point by index (default the first). */
  readonly from?: number;
  /** Start: any point of the box; the prefactor routes start from the stable point nearest it. */
  readonly fromX?: readonly number[];
  /**
   * Target: the core of this stable fixed point (default: the stable point the lowest saddle
   * joins the start to).
   */
  readonly to?: number;
  /** Target: a region written as comparisons, e.g. `x >= 1`. */
  readonly toRegion?: string;
}

/**
 * A drift problem with a first passage resolved: start point, target, and the escape it crosses;
 * the one passage the exact route, the prefactor routes and the walkers all measure.
 */
export interface PreparedPassageDrift {
  readonly problem: PreparedDriftProblem;
  /** The stable point and saddle the prefactor routes use. */
  readonly transition: PreparedTransitionDrift;
  /** The same escape, as the walkers' censoring time and step budget read it. */
  readonly escape: PreparedTransitionDrift;
  /** The stable point the start belongs to (nearest it). */
  readonly fromStable: FixedPointND;
  readonly start: readonly number[];
  /** The target; `stable` is the stable point whose core absorbs, null for a region. */
  readonly target: TargetND & { readonly stable: number | null };
  readonly warnings: readonly string[];
}

function fmt(x: readonly number[]): string {
  return `(${x.map((v) => Number(v.toPrecision(6))).join(', ')})`;
}

function invalid(path: string, message: string, hint?: string): never {
  throw new KramersError('invalid_parameter', message, {
    issues: [{ path, message }],
    ...(hint ? { hint } : {}),
  });
}

function startPoint(p: PreparedDriftProblem, fromX: readonly number[]): number[] {
  const x = Array.from(fromX);
  if (x.length !== p.dimension || !x.every(Number.isFinite)) {
    invalid(
      'from-x',
      `from-x needs ${p.dimension} finite numbers (${p.coordinates.join(', ')}); got ${JSON.stringify(fromX)}`,
    );
  }
  if (!p.box.every((d, i) => x[i]! >= d.min && x[i]! <= d.max)) {
    invalid(
      'from-x',
      `the start ${fmt(x)} lies outside the box ${p.box.map((d) => `${d.min}:${d.max}`).join(',')}`,
      'the walls of the box reflect: start inside it, or widen --domain',
    );
  }
  return x;
}

function nearestStable(p: PreparedDriftProblem, x: readonly number[]): FixedPointND {
  return p.stable.reduce((best, q) => (distance(q.x, x) < distance(best.x, x) ? q : best));
}

/**
 * Σ⁻¹ with JΣ + ΣJᵀ = −2I (a 2×2 Lyapunov equation): the Hessian of the quasi-potential at a
 * stable point, since the linearised process dX = JX dt + √(2D) dW has the stationary covariance
 * DΣ and density ∝ e^{−xᵀΣ⁻¹x/2D} (Freidlin & Wentzell 1984, ch. 4). For b = −∇U, Σ = H⁻¹.
 */
export function quasiPotentialHessian(j: readonly number[]): [number, number, number, number] {
  const [p, q, r, s] = j as [number, number, number, number];
  // Unknowns Σ = [[a, b], [b, c]]: pa + qb = −1, rb + sc = −1, ra + (p + s)b + qc = 0.
  const m = [p, q, 0, 0, r, s, r, p + s, q];
  const rhs = [-1, -1, 0];
  const det3 = (a: number[]) =>
    a[0]! * (a[4]! * a[8]! - a[5]! * a[7]!) -
    a[1]! * (a[3]! * a[8]! - a[5]! * a[6]!) +
    a[2]! * (a[3]! * a[7]! - a[4]! * a[6]!);
  const d = det3(m);
  const column = (k: number) => det3(m.map((v, i) => (i % 3 === k ? rhs[Math.floor(i / 3)]! : v)));
  const [a, b, c] = [column(0) / d, column(1) / d, column(2) / d];
  const det = a * c - b * b;
  return [c / det, -b / det, -b / det, a / det];
}

/**
 * The core of a stable point: ½ΔxᵀHΔx ≤ min(D, ΔΦ/4), H the quasi-potential's Hessian there and
 * ΔΦ its lowest barrier to another stable point (gMAM), as the gradient case takes a minimum's core
 * (src/problem/transitionND.ts) with H = Hess U.
 */
function coreTarget(p: PreparedDriftProblem, point: FixedPointND): TargetND {
  const matrix = quasiPotentialHessian(point.jacobian);
  const barrier =
    p.saddles.length > 0
      ? quasiPotentialOf(transitionOfDrift(p, { from: point.index })).quasiPotential
      : Number.POSITIVE_INFINITY;
  const level = Math.min(p.D, 0.25 * barrier);
  const center = [...point.x];
  return {
    minimum: point.index,
    region: { kind: 'ellipsoid', center, matrix, level },
    contains: (x) => {
      const dx = x[0]! - center[0]!;
      const dy = x[1]! - center[1]!;
      const form = matrix[0] * dx * dx + 2 * matrix[1] * dx * dy + matrix[3] * dy * dy;
      return 0.5 * form <= level;
    },
    description: `the core of stable point ${point.index} at ${fmt(center)} (½ΔxᵀHΔx ≤ ${Number(level.toPrecision(4))}, H the quasi-potential's Hessian)`,
  };
}

function regionTarget(p: PreparedDriftProblem, source: string): TargetND {
  return regionTargetOf(source, p.coordinates, p.summary.parameters);
}

/** A target stable point given by index: it must be stable and not the start. */
function targetIndex(p: PreparedDriftProblem, from: FixedPointND, to: number): FixedPointND {
  const point = p.fixedPoints[to];
  if (!Number.isInteger(to) || point === undefined || !p.stable.includes(point)) {
    invalid(
      'to',
      `to ${to} is not a stable fixed point (stable: ${p.stable.map((q) => q.index).join(', ')})`,
      'kramers analyze --drift lists the fixed points',
    );
  }
  if (point === from) invalid('to', `the target stable point ${to} is the start`);
  return point;
}

/**
 * The default target: the stable point the chosen saddles join the start to; where they join it
 * to none, the stable point other than the start nearest the saddle.
 */
function defaultTarget(p: PreparedDriftProblem, t: PreparedTransitionDrift): FixedPointND {
  if (t.toStable !== null) return p.fixedPoints[t.toStable]!;
  const others = p.stable.filter((q) => q !== t.from);
  if (others.length === 0) {
    throw new KramersError(
      'no_barrier',
      'the box holds one stable point: there is no other to escape to',
      {
        issues: [{ path: 'to', message: 'no other stable point' }],
        hint: 'give a target region, e.g. --to-region "x >= 1"',
      },
    );
  }
  return others.reduce((best, q) =>
    distance(q.x, t.saddle.x) < distance(best.x, t.saddle.x) ? q : best,
  );
}

/**
 * A first passage of a drift problem: from a stable point (or any point of the box) into a target
 * region or a stable point's core; the escape the prefactor routes describe is from the start's
 * (nearest) stable point over the saddles whose flow joins it to the target stable point (to the
 * one behind its lowest saddle for a region or by default).
 *
 * @throws KramersError when the start lies outside the box or in the target, a target index is
 *   not another stable point, or (as `transitionOfDrift`) there is no saddle.
 */
export function passageOfDrift(
  p: PreparedDriftProblem,
  spec: PassageSpecDrift = {},
): PreparedPassageDrift {
  if (spec.from !== undefined && spec.fromX !== undefined) {
    throw new KramersError('usage', 'give either a start fixed point or a start point, not both');
  }
  if (spec.to !== undefined && spec.toRegion !== undefined) {
    throw new KramersError(
      'usage',
      'give either a target stable point or a target region, not both',
    );
  }
  const start = spec.fromX !== undefined ? startPoint(p, spec.fromX) : null;
  const from = start ? nearestStable(p, start).index : spec.from;
  const fromSpec = from !== undefined ? { from } : {};
  // The prefactor routes' saddles are those joining the start to the target stable point.
  const transition = transitionOfDrift(
    p,
    spec.to !== undefined ? { ...fromSpec, toStable: spec.to } : fromSpec,
  );
  if (spec.to !== undefined) targetIndex(p, transition.from, spec.to);
  const target =
    spec.toRegion !== undefined
      ? regionTarget(p, spec.toRegion)
      : coreTarget(
          p,
          spec.to !== undefined ? p.fixedPoints[spec.to]! : defaultTarget(p, transition),
        );
  const x = start ?? [...transition.from.x];
  if (target.contains(x)) {
    invalid('to', `the start ${fmt(x)} already lies in the target (${target.description})`);
  }
  return {
    problem: p,
    transition,
    escape: transition,
    fromStable: transition.from,
    start: x,
    target: { ...target, stable: target.minimum },
    warnings: [...p.warnings, ...driftWallWarnings(p)],
  };
}
