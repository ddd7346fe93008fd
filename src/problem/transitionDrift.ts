import { KramersError } from '../core/index.js';
import {
  distance,
  type FixedPointND,
  type QuasiPotentialResult,
  quasiPotentialBarrier,
} from '../multid/index.js';
import { remember } from './memo.js';
import type { PreparedDriftProblem } from './prepareDrift.js';

/** Which escape of a drift problem: from a stable point over a saddle. */
export interface TransitionSpecDrift {
  /** Start: index of a stable fixed point (from `analyze`); default 0, the first stable point. */
  readonly from?: number;
  /** Start: the stable point nearest this point. */
  readonly fromX?: readonly number[];
  /** Saddle: index of a fixed point that is a saddle. */
  readonly to?: number;
  /** Saddle: the fixed point nearest this point (it must be a saddle). */
  readonly toX?: readonly number[];
}

export interface PreparedTransitionDrift {
  readonly problem: PreparedDriftProblem;
  readonly from: FixedPointND;
  readonly saddle: FixedPointND;
  readonly warnings: readonly string[];
}

function fmt(x: readonly number[]): string {
  return `(${x.map((v) => Number(v.toPrecision(6))).join(', ')})`;
}

function pointOption(p: PreparedDriftProblem, name: string, x: readonly number[]): number[] {
  if (!Array.isArray(x) || x.length !== p.dimension || !x.every(Number.isFinite)) {
    throw new KramersError(
      'invalid_parameter',
      `${name}: expected ${p.dimension} finite coordinates (${p.coordinates.join(', ')}); got ${JSON.stringify(x)}`,
      { issues: [{ path: name, message: 'not a point' }], hint: `e.g. --${name} -1,0` },
    );
  }
  return [...x];
}

function nearest(points: readonly FixedPointND[], x: readonly number[]): FixedPointND {
  return points.reduce((best, q) => (distance(q.x, x) < distance(best.x, x) ? q : best));
}

function byIndex(p: PreparedDriftProblem, name: string, index: number): FixedPointND {
  const point = p.fixedPoints[index];
  if (!Number.isInteger(index) || point === undefined) {
    throw new KramersError(
      'invalid_parameter',
      `${name} ${index}: there are ${p.fixedPoints.length} fixed points (0 to ${p.fixedPoints.length - 1})`,
      {
        issues: [{ path: name, message: 'no such fixed point' }],
        hint: 'kramers analyze --drift lists them',
      },
    );
  }
  return point;
}

function startOf(p: PreparedDriftProblem, spec: TransitionSpecDrift): FixedPointND {
  const start =
    spec.fromX !== undefined
      ? nearest(p.fixedPoints, pointOption(p, 'from-x', spec.fromX))
      : spec.from !== undefined
        ? byIndex(p, 'from', spec.from)
        : p.stable[0]!;
  if (!p.stable.includes(start)) {
    throw new KramersError(
      'invalid_parameter',
      `the start, fixed point ${start.index} at ${fmt(start.x)}, is ${start.kind}, not stable: escape starts from a stable point`,
      {
        issues: [{ path: 'from', message: `not stable (${start.kind})` }],
        hint: 'kramers analyze --drift lists the stable points',
      },
    );
  }
  return start;
}

function saddleOf(p: PreparedDriftProblem, spec: TransitionSpecDrift, start: FixedPointND) {
  const candidates = p.fixedPoints.filter((q) => q.unstableDirections > 0);
  if (candidates.length === 0) {
    throw new KramersError(
      'no_barrier',
      'the drift has no saddle in the box: nothing to escape over',
      {
        issues: [{ path: 'to', message: 'no saddle' }],
        hint: 'widen the box (--domain) to include the saddle',
      },
    );
  }
  const saddle =
    spec.toX !== undefined
      ? nearest(p.fixedPoints, pointOption(p, 'to-x', spec.toX))
      : spec.to !== undefined
        ? byIndex(p, 'to', spec.to)
        : nearest(p.saddles.length > 0 ? p.saddles : candidates, start.x);
  if (saddle.kind !== 'saddle') {
    const why =
      saddle.unstableDirections >= 2
        ? 'has two unstable directions: a minimum action path does not end there as at a transition state'
        : `is ${saddle.kind}, not a saddle`;
    throw new KramersError(
      'invalid_parameter',
      `fixed point ${saddle.index} at ${fmt(saddle.x)} ${why}`,
      {
        issues: [{ path: 'to', message: why }],
        hint: 'choose a saddle (one unstable direction): kramers analyze --drift lists them',
      },
    );
  }
  return saddle;
}

/**
 * The escape from a stable point over a saddle: the start (the first stable point, one by index,
 * or the fixed point nearest a point) and the saddle (default the one nearest the start).
 *
 * @throws KramersError when the start is not stable, the end is not a saddle with one unstable
 *   direction (`invalid_parameter`), or there is no saddle (`no_barrier`).
 */
export function transitionOfDrift(
  p: PreparedDriftProblem,
  spec: TransitionSpecDrift = {},
): PreparedTransitionDrift {
  const from = startOf(p, spec);
  const saddle = saddleOf(p, spec, from);
  return { problem: p, from, saddle, warnings: [...p.warnings] };
}

/** The quasi-potential of the passage by gMAM, computed once per problem and passage. */
export function quasiPotentialOf(t: PreparedTransitionDrift): QuasiPotentialResult {
  const key = `gmam|${t.from.x.join(',')}|${t.saddle.x.join(',')}`;
  return remember(t.problem, key, () =>
    quasiPotentialBarrier(t.problem.drift, t.from.x, t.saddle.x),
  );
}
