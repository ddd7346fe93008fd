import { KramersError } from '../core/index.js';
import { distance, type FixedPointND } from '../multid/index.js';
import type { PreparedDriftProblem } from './prepareDrift.js';
import { type PreparedTransitionDrift, transitionOfDrift } from './transitionDrift.js';
import { regionTargetOf, type TargetND } from './transitionND.js';

/** Which first passage walkers driven by a drift measure: from a point into a region or a core. */
export interface PassageSpecDrift {
  /** Start: index of a stable fixed point (from `analyze --drift`); default the first stable one. */
  readonly from?: number;
  /** Start at this point itself (not snapped to a fixed point). */
  readonly fromX?: readonly number[];
  /** Target: the thermal core of this stable fixed point (index). */
  readonly to?: number;
  /** Target: a region written as comparisons, e.g. `x >= 1`. */
  readonly toRegion?: string;
}

/** A drift problem with one first passage resolved: start point, target, and the escape it measures. */
export interface PreparedPassageDrift {
  readonly problem: PreparedDriftProblem;
  readonly start: readonly number[];
  /** The stable point nearest the start. */
  readonly fromStable: FixedPointND;
  /** The stable point whose core absorbs, or null for a region. */
  readonly target: TargetND & { readonly stable: number | null };
  /**
   * The escape from `fromStable` over its nearest saddle (null without a saddle): it sizes the
   * censoring time and the step's budget, and the quasi-potential comes from it.
   */
  readonly escape: PreparedTransitionDrift | null;
  readonly warnings: readonly string[];
}

function invalid(path: string, message: string, hint?: string): never {
  throw new KramersError('invalid_parameter', message, {
    issues: [{ path, message }],
    ...(hint !== undefined ? { hint } : {}),
  });
}

const fmt = (x: readonly number[]) => `(${x.map((v) => Number(v.toPrecision(6))).join(', ')})`;

function nearestStable(p: PreparedDriftProblem, x: readonly number[]): FixedPointND {
  return p.stable.reduce((best, q) => (distance(q.x, x) < distance(best.x, x) ? q : best));
}

function stableByIndex(p: PreparedDriftProblem, name: string, index: number): FixedPointND {
  const point = p.fixedPoints[index];
  if (!Number.isInteger(index) || point === undefined) {
    invalid(
      name,
      `${name} ${index}: there are ${p.fixedPoints.length} fixed points (0 to ${p.fixedPoints.length - 1})`,
      'kramers analyze --drift lists them',
    );
  }
  if (!p.stable.includes(point)) {
    invalid(
      name,
      `${name} ${index}: fixed point ${index} at ${fmt(point.x)} is ${point.kind}, not stable`,
      'kramers analyze --drift lists the stable points',
    );
  }
  return point;
}

function startOf(p: PreparedDriftProblem, spec: PassageSpecDrift): number[] {
  if (spec.fromX === undefined) {
    return [...(spec.from !== undefined ? stableByIndex(p, 'from', spec.from) : p.stable[0]!).x];
  }
  const x = spec.fromX;
  if (!Array.isArray(x) || x.length !== p.dimension || !x.every(Number.isFinite)) {
    invalid('from-x', `from-x: expected ${p.dimension} finite coordinates; got ${String(x)}`);
  }
  if (!x.every((v, i) => v >= p.box[i]!.min && v <= p.box[i]!.max)) {
    invalid('from-x', `from-x ${fmt(x)} lies outside the box`, 'check --from-x and --domain');
  }
  return [...x];
}

/**
 * The 2×2 Lyapunov equation JΣ + ΣJᵀ = −2D·I of the linearised dynamics at a stable point, solved
 * for Σ/D: the stationary covariance of the Ornstein–Uhlenbeck process there, per unit D.
 */
function covariancePerNoise(j: readonly number[]): number[] {
  const [a, b, c, d] = j as [number, number, number, number];
  // Unknowns (p, q, r) of Σ/D = [[p, q], [q, r]]: a p + b q = −1, c p + (a + d) q + b r = 0,
  // c q + d r = −1, solved by Cramer's rule.
  const m = [a, b, 0, c, a + d, b, 0, c, d];
  const rhs = [-1, 0, -1];
  const det3 = (v: number[]) =>
    v[0]! * (v[4]! * v[8]! - v[5]! * v[7]!) -
    v[1]! * (v[3]! * v[8]! - v[5]! * v[6]!) +
    v[2]! * (v[3]! * v[7]! - v[4]! * v[6]!);
  const det = det3(m);
  const column = (k: number) => det3(m.map((v, i) => (i % 3 === k ? rhs[Math.floor(i / 3)]! : v)));
  return [column(0) / det, column(1) / det, column(2) / det];
}

/**
 * The thermal core of a stable point: ½ΔxᵀAΔx ≤ D with A = D Σ⁻¹, Σ the stationary covariance
 * of the linearised dynamics. For b = −∇U, Σ = D H⁻¹ and A = H, the gradient walkers' core
 * (docs/conventions.md §5) whenever ΔU ≥ 4D; A is the Hessian of the quasi-potential at the
 * stable point (Freidlin & Wentzell 1984, ch. 4) for any drift.
 */
function coreTarget(p: PreparedDriftProblem, point: FixedPointND): PreparedPassageDrift['target'] {
  const [s11, s12, s22] = covariancePerNoise(point.jacobian) as [number, number, number];
  const det = s11 * s22 - s12 * s12;
  const matrix = [s22 / det, -s12 / det, -s12 / det, s11 / det];
  const center = [...point.x];
  const level = p.D;
  return {
    stable: point.index,
    minimum: null,
    region: { kind: 'ellipsoid', center, matrix, level },
    contains: (q) => {
      const u = q[0]! - center[0]!;
      const v = q[1]! - center[1]!;
      return 0.5 * (matrix[0]! * u * u + 2 * matrix[1]! * u * v + matrix[3]! * v * v) <= level;
    },
    description: `the core of stable point ${point.index} at ${fmt(center)} (½ΔxᵀAΔx ≤ D, A the quasi-potential's Hessian)`,
  };
}

function defaultTarget(p: PreparedDriftProblem, from: FixedPointND): FixedPointND {
  const others = p.stable.filter((q) => q !== from);
  if (others.length === 0) {
    invalid(
      'to',
      `the drift has one stable point in the box (${fmt(from.x)}): give the target as --to-region`,
      'e.g. --to-region "x >= 1"',
    );
  }
  return others.reduce((best, q) => (distance(q.x, from.x) < distance(best.x, from.x) ? q : best));
}

function targetOf(p: PreparedDriftProblem, spec: PassageSpecDrift, from: FixedPointND) {
  if (spec.toRegion !== undefined && spec.to !== undefined) {
    throw new KramersError('usage', 'give --to (a stable point) or --to-region, not both');
  }
  if (spec.toRegion !== undefined) {
    return { ...regionTargetOf(spec.toRegion, p.coordinates, p.summary.parameters), stable: null };
  }
  const to = spec.to !== undefined ? stableByIndex(p, 'to', spec.to) : defaultTarget(p, from);
  return coreTarget(p, to);
}

/**
 * The first passage of walkers driven by a drift: the start (a stable point, or a point given
 * as it is), the target (a region, or the thermal core of a stable point; default the stable
 * point nearest the start's) and the escape over the saddle nearest the start's stable point.
 *
 * @throws KramersError on a start outside the box or inside the target, a target that is not a
 *   stable point, or a bad region.
 */
export function passageOfDrift(
  p: PreparedDriftProblem,
  spec: PassageSpecDrift = {},
): PreparedPassageDrift {
  const start = startOf(p, spec);
  const fromStable = nearestStable(p, start);
  const target = targetOf(p, spec, fromStable);
  if (target.contains(start)) {
    invalid('from', `the start ${fmt(start)} lies inside the target, ${target.description}`);
  }
  const passage = p.saddles.length > 0 ? transitionOfDrift(p, { from: fromStable.index }) : null;
  return { problem: p, start, fromStable, target, escape: passage, warnings: [...p.warnings] };
}
