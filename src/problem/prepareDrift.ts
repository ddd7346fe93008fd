import { type Box, type DriftField, KramersError, requirePositive } from '../core/index.js';
import {
  DEFAULT_COORDINATES,
  driftFromExpressions,
  driftOfPotential,
  type ExpressionPotentialND,
  namesIn,
  potentialFromExpressionND,
} from '../expr/index.js';
import { type FixedPointND, findFixedPoints, requireBox } from '../multid/index.js';
import { DEFAULT_NOISE, requireObject } from './prepare.js';

/**
 * Escape driven by a drift field that need not be a gradient: dX = b(X)dt + √(2D) dW in a box
 * (docs/drift.md). Two coordinates for now.
 */
export interface DriftProblemND {
  /**
   * One expression per coordinate, separated by commas, e.g. `x - x^3 - 10*x*y^2, -(1+x^2)*y`;
   * absent: the gradient drift b = −∇U of `potential`.
   */
  readonly drift?: string | DriftField;
  /**
   * A potential U whose Gibbs density e^{−U/D} the drift keeps: then b must be −(I + M)∇U with a
   * constant antisymmetric M (checked), and the non-reversible Eyring–Kramers route applies.
   */
  readonly potential?: string;
  readonly coordinates?: readonly string[];
  readonly parameters?: Readonly<Record<string, number>>;
  /** Noise intensity D; default 0.05. */
  readonly D?: number;
  /** One interval per coordinate: where fixed points are sought. */
  readonly domain: Box;
}

/** b = −(I + M)∇U with M constant and antisymmetric (2-D: M = [[0, m], [−m, 0]]). */
export interface GibbsStructure {
  readonly potential: ExpressionPotentialND;
  /** m of M = [[0, m], [−m, 0]]. */
  readonly rotation: number;
}

export interface DriftSummary {
  readonly drift: string;
  readonly potential?: string;
  readonly parameters: Readonly<Record<string, number>>;
}

/** A drift problem, prepared: the field compiled, its fixed points found and classified once. */
export interface PreparedDriftProblem {
  readonly kind: 'drift';
  readonly dimension: 2;
  readonly coordinates: readonly string[];
  readonly drift: DriftField;
  readonly summary: DriftSummary;
  readonly D: number;
  readonly box: Box;
  /** Stable points first, then saddles, then the rest. */
  readonly fixedPoints: readonly FixedPointND[];
  readonly stable: readonly FixedPointND[];
  /** Saddles with one unstable direction: the transition states. */
  readonly saddles: readonly FixedPointND[];
  /** Whether the Jacobian is symmetric on a grid over the box (b = −∇U for some U). */
  readonly gradient: boolean;
  readonly gibbs: GibbsStructure | null;
  /** The object expensive results are kept beside (see `remember`). */
  readonly landscape: object;
  readonly warnings: readonly string[];
}

function coordinatesOfDrift(problem: DriftProblemND, parameters: Record<string, number>) {
  if (problem.coordinates) return problem.coordinates;
  if (problem.drift !== undefined && typeof problem.drift !== 'string') {
    return problem.drift.coordinates;
  }
  const source = problem.drift ?? problem.potential ?? '';
  const names = namesIn(source).filter((n) => !Object.hasOwn(parameters, n));
  return names.includes('z') ? ['x', 'y', 'z'] : [...DEFAULT_COORDINATES];
}

/** The box's grid, 24 nodes an axis, for the field checks. */
function gridNodes(box: Box): number[][] {
  const nodes: number[][] = [];
  for (let i = 0; i < 24; i++) {
    for (let j = 0; j < 24; j++) {
      nodes.push([
        box[0]!.min + ((box[0]!.max - box[0]!.min) * i) / 23,
        box[1]!.min + ((box[1]!.max - box[1]!.min) * j) / 23,
      ]);
    }
  }
  return nodes;
}

/** Curl-free on the grid: |∂b_x/∂y − ∂b_y/∂x| ≤ 1e-10 of the largest Jacobian entry. */
function isGradientField(drift: DriftField, box: Box): boolean {
  const j = new Float64Array(4);
  let curl = 0;
  let scale = 1e-300;
  for (const p of gridNodes(box)) {
    drift.jacobian(p, j);
    curl = Math.max(curl, Math.abs(j[1]! - j[2]!));
    scale = Math.max(scale, ...Array.from(j, Math.abs));
  }
  return curl <= 1e-10 * scale;
}

/**
 * Fits b + ∇U = m(−∂_yU, ∂_xU) by least squares over the grid and checks the residual: the
 * decomposition b = −(I + M)∇U of a Gibbs-preserving drift (Bouchet & Reygner 2016, eq. 2.4).
 */
function gibbsStructure(drift: DriftField, potential: ExpressionPotentialND, box: Box) {
  const b = new Float64Array(2);
  const g = new Float64Array(2);
  const rows: { r: number[]; q: number[] }[] = [];
  let num = 0;
  let den = 0;
  let scale = 1e-300;
  for (const p of gridNodes(box)) {
    drift.b(p, b);
    potential.gradient(p, g);
    const r = [b[0]! + g[0]!, b[1]! + g[1]!];
    const q = [-g[1]!, g[0]!];
    num += r[0]! * q[0]! + r[1]! * q[1]!;
    den += q[0]! * q[0]! + q[1]! * q[1]!;
    scale = Math.max(scale, Math.hypot(b[0]!, b[1]!), Math.hypot(g[0]!, g[1]!));
    rows.push({ r, q });
  }
  const m = den > 0 ? num / den : 0;
  const residual = Math.max(
    ...rows.map(({ r, q }) => Math.hypot(r[0]! - m * q[0]!, r[1]! - m * q[1]!)),
  );
  if (!(residual <= 1e-9 * scale) || !Number.isFinite(m)) {
    throw new KramersError(
      'invalid_parameter',
      `the drift is not −(I + M)∇U for U = ${potential.source} with a constant antisymmetric M: the best M leaves |b + (I + M)∇U| = ${residual.toPrecision(3)} on the box (|b| up to ${scale.toPrecision(3)})`,
      {
        issues: [{ path: 'potential', message: 'drift and potential are inconsistent' }],
        hint: 'give the drift alone (its quasi-potential is found by gMAM), or a potential whose Gibbs density the drift keeps',
      },
    );
  }
  return { potential, rotation: Math.abs(m) <= 1e-12 ? 0 : m };
}

function requireTwoCoordinates(coordinates: readonly string[]): void {
  if (coordinates.length !== 2) {
    throw new KramersError(
      'invalid_parameter',
      `a drift field is supported in two coordinates for now; this one has ${coordinates.length} (${coordinates.join(', ')})`,
      { issues: [{ path: 'coordinates', message: 'expected two coordinates' }] },
    );
  }
}

function fieldOf(
  problem: DriftProblemND,
  coordinates: readonly string[],
  parameters: Record<string, number>,
): DriftField {
  if (problem.drift === undefined && typeof problem.potential === 'string') {
    const potential = potentialFromExpressionND(problem.potential, { coordinates, parameters });
    return driftOfPotential(potential);
  }
  if (typeof problem.drift === 'string') {
    return driftFromExpressions(problem.drift, { coordinates, parameters });
  }
  const d = problem.drift as Partial<DriftField> | undefined;
  if (!d || typeof d.b !== 'function' || typeof d.jacobian !== 'function') {
    throw new KramersError(
      'invalid_parameter',
      'drift: expected expressions (one per coordinate) or a drift field object, or a potential alone (b = −∇U)',
      {
        issues: [{ path: 'drift', message: 'missing or not a drift' }],
      },
    );
  }
  return problem.drift as DriftField;
}

/** Whether `value` came out of `prepareDrift` (a plain problem has no `kind`). */
export function isPreparedDrift(value: unknown): value is PreparedDriftProblem {
  return (
    typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'drift'
  );
}

/**
 * The preparation of a drift problem: the field parsed and differentiated once, its fixed points
 * found and classified by the Jacobian's eigenvalues, whether it is a gradient, and (with a
 * potential) its Gibbs-preserving decomposition.
 *
 * @throws KramersError on a drift whose component count differs from the coordinates, a
 *   non-finite field, no stable point in the box (`no_well`), or a potential that the drift's
 *   Gibbs density does not match.
 */
export function prepareDrift(problem: DriftProblemND | PreparedDriftProblem): PreparedDriftProblem {
  if (isPreparedDrift(problem)) return problem;
  requireObject(problem);
  const plain = problem as DriftProblemND;
  const parameters = { ...(plain.parameters ?? {}) };
  const coordinates = coordinatesOfDrift(plain, parameters);
  requireTwoCoordinates(coordinates);
  const drift = fieldOf(plain, coordinates, parameters);
  const D = requirePositive('D', plain.D ?? DEFAULT_NOISE, 'noise intensity');
  if (plain.domain === undefined) {
    throw new KramersError(
      'invalid_domain',
      'a drift problem needs a box: one interval per coordinate',
      {
        issues: [{ path: 'domain', message: 'missing' }],
        hint: 'e.g. --domain -2:2,-1:1',
      },
    );
  }
  const box = requireBox(plain.domain, 2);
  const fixedPoints = findFixedPoints(drift, box);
  return finishDrift(plain, { drift, coordinates, parameters, D, box, fixedPoints });
}

function finishDrift(
  plain: DriftProblemND,
  done: {
    drift: DriftField;
    coordinates: readonly string[];
    parameters: Record<string, number>;
    D: number;
    box: Box;
    fixedPoints: FixedPointND[];
  },
): PreparedDriftProblem {
  const { drift, box, fixedPoints } = done;
  const stable = fixedPoints.filter((p) => p.kind === 'stable node' || p.kind === 'stable focus');
  if (stable.length === 0) {
    throw new KramersError(
      'no_well',
      `the drift has no stable fixed point in the box ${box.map((d) => `${d.min}:${d.max}`).join(',')} (fixed points found: ${fixedPoints.map((p) => p.kind).join(', ') || 'none'})`,
      {
        issues: [{ path: 'domain', message: 'no stable point in the box' }],
        hint: 'widen the box, or check the signs of the drift: escape needs a stable point to leave',
      },
    );
  }
  const gibbs =
    plain.potential !== undefined && plain.drift !== undefined
      ? gibbsStructure(
          drift,
          potentialFromExpressionND(plain.potential, {
            coordinates: done.coordinates,
            parameters: done.parameters,
          }),
          box,
        )
      : null;
  const warnings = fixedPoints
    .filter((p) => p.kind === 'higher-order saddle' || p.kind === 'degenerate')
    .map(
      (p) =>
        `fixed point ${p.index} at (${p.x.map((v) => Number(v.toPrecision(6))).join(', ')}) is ${p.kind === 'degenerate' ? 'degenerate (a zero eigenvalue)' : 'a saddle with two unstable directions'}: not a transition state`,
    );
  return {
    kind: 'drift',
    dimension: 2,
    coordinates: drift.coordinates,
    drift,
    summary: {
      drift: drift.description,
      ...(plain.potential !== undefined ? { potential: plain.potential } : {}),
      parameters: done.parameters,
    },
    D: done.D,
    box,
    fixedPoints,
    stable,
    saddles: fixedPoints.filter((p) => p.kind === 'saddle'),
    gradient: isGradientField(drift, box),
    gibbs,
    landscape: { fixedPoints },
    warnings,
  };
}

/** The same drift problem at another noise D (fixed points are not sought again). */
export function varyDriftProblem(p: PreparedDriftProblem, D: number): PreparedDriftProblem {
  return { ...p, D: requirePositive('D', D, 'noise intensity') };
}
