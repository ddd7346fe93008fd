import { KramersError } from '../core/index.js';
import {
  distance,
  type FixedPointND,
  type FlowEnd,
  flowFromSaddle,
  outflowOnWalls,
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
  /**
   * The stable point the escape leads to: the saddles chosen are those whose flow joins the start
   * to it. Default: the stable point behind the lowest such saddle (least ΔΦ).
   */
  readonly toStable?: number;
}

export interface PreparedTransitionDrift {
  readonly problem: PreparedDriftProblem;
  readonly from: FixedPointND;
  readonly saddle: FixedPointND;
  /**
   * The saddles the rate sums over (parallel channels add): with the saddle chosen by default,
   * every saddle whose flow joins the start to the same stable point as `saddle` does, `saddle`
   * first; with a saddle given (`to`, `toX`), that one alone.
   */
  readonly channels: readonly FixedPointND[];
  /** Whether the saddle was given (`to`, `toX`) rather than chosen. */
  readonly explicitSaddle: boolean;
  /** The stable point the saddle's flow joins the start to; null where it joins it to none. */
  readonly toStable: number | null;
  /**
   * Why the saddle does not lead to the stable point asked for (`toStable`), or null: the
   * prefactor routes then give no number (not_applicable), since they would describe another
   * escape.
   */
  readonly mismatch: string | null;
  readonly warnings: readonly string[];
}

/** Which stable points (or 'out', 'unknown') the flow from either side of a saddle reaches. */
export interface SaddleJoin {
  /** The saddle's `index` among the fixed points. */
  readonly saddle: number;
  readonly ends: readonly [FlowEnd, FlowEnd];
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

function requireSaddles(p: PreparedDriftProblem): void {
  if (!p.fixedPoints.some((q) => q.unstableDirections > 0)) {
    throw new KramersError(
      'no_barrier',
      'the drift has no saddle in the box: nothing to escape over',
      {
        issues: [{ path: 'to', message: 'no saddle' }],
        hint: 'widen the box (--domain) to include the saddle',
      },
    );
  }
}

/** The saddle given by index or position; it must have one unstable direction. */
function givenSaddle(p: PreparedDriftProblem, spec: TransitionSpecDrift) {
  const saddle =
    spec.toX !== undefined
      ? nearest(p.fixedPoints, pointOption(p, 'to-x', spec.toX))
      : byIndex(p, 'to', spec.to!);
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
 * For every saddle of the drift, where the deterministic flow ẋ = b(x) from its two sides ends
 * (multid/saddleFlow.ts): the stable points it joins. The flow does not depend on D, so it is
 * kept once per prepared drift.
 */
export function saddleJoins(p: PreparedDriftProblem): readonly SaddleJoin[] {
  return remember(p, 'saddleJoins', () =>
    p.saddles.map((s) => ({
      saddle: s.index,
      ends: flowFromSaddle(p.drift, s, p.box, p.stable),
    })),
  );
}

/** The stable point a saddle joins the start to, or null if it does not join the start to one. */
function otherEnd(join: SaddleJoin | undefined, start: number): number | null {
  if (!join) return null;
  const [a, b] = join.ends;
  if (a === start && typeof b === 'number' && b !== start) return b;
  if (b === start && typeof a === 'number' && a !== start) return a;
  return null;
}

/**
 * The parallel channels of a passage over `saddle`: every saddle joining the start to the same
 * stable point (Langer 1969; Hänggi, Talkner & Borkovec 1990 §IV: parallel channels add), the
 * chosen one first. A saddle whose flow leaves the box or is unresolved joins nothing, so it
 * stands alone.
 */
function channelsOf(p: PreparedDriftProblem, start: FixedPointND, saddle: FixedPointND) {
  const joins = saddleJoins(p);
  const target = otherEnd(
    joins.find((j) => j.saddle === saddle.index),
    start.index,
  );
  if (target === null) return [saddle];
  const others = p.saddles.filter(
    (s) =>
      s !== saddle &&
      otherEnd(
        joins.find((j) => j.saddle === s.index),
        start.index,
      ) === target,
  );
  return [saddle, ...others];
}

/** Where a saddle's flow ends, in words. */
function endsWords(join: SaddleJoin | undefined): string {
  return join
    ? join.ends.map((e) => (typeof e === 'number' ? `stable point ${e}` : e)).join(' and ')
    : 'unknown';
}

/** The saddles whose flow joins the start to another stable point, with that point. */
function joiningSaddles(p: PreparedDriftProblem, start: FixedPointND) {
  const joins = saddleJoins(p);
  return p.saddles.flatMap((s) => {
    const end = otherEnd(
      joins.find((j) => j.saddle === s.index),
      start.index,
    );
    return end === null ? [] : [{ saddle: s, end }];
  });
}

/**
 * The default channels: the saddles joining the start to `toStable` (or, without one, to the
 * stable point behind the lowest joining saddle), least ΔΦ (gMAM) first: a saddle whose flow
 * leaves the box or stalls joins nothing. Null when none joins the start to a stable point.
 */
function chosenChannels(
  p: PreparedDriftProblem,
  start: FixedPointND,
  toStable: number | undefined,
): { channels: FixedPointND[]; end: number } | null {
  const joining = joiningSaddles(p, start).filter(
    (q) => toStable === undefined || q.end === toStable,
  );
  if (joining.length === 0) return null;
  // gMAM only where there is a choice: one run per saddle, each seconds long.
  const phi = (s: FixedPointND) =>
    joining.length === 1 ? 0 : gmamOver(p, start, s).quasiPotential;
  const ranked = joining
    .map((q) => ({ ...q, phi: phi(q.saddle) }))
    .sort((a, b) => a.phi - b.phi || a.saddle.index - b.saddle.index);
  const end = ranked[0]!.end;
  return { channels: ranked.filter((q) => q.end === end).map((q) => q.saddle), end };
}

/**
 * Saddles whose flow runs from the start out of the box: escape over them is no channel of the
 * passage, but the walls reflect and a walker that crossed one lingers beyond it, so the exact
 * MFPT may be far longer than the prefactor routes' 1/k (x − x³, −y + 2y³ in a box: 1.2e-6
 * against k = 0.018 over the saddle joining the stable points).
 */
function outOfBox(p: PreparedDriftProblem, start: FixedPointND): string[] {
  const out = saddleJoins(p).filter((j) => j.ends.includes(start.index) && j.ends.includes('out'));
  if (out.length === 0) return [];
  const which = out.map((j) => `${j.saddle} at ${fmt(p.fixedPoints[j.saddle]!.x)}`).join(', ');
  return [
    `saddle${out.length > 1 ? 's' : ''} ${which} lead${out.length > 1 ? '' : 's'} from stable point ${start.index} out of the box: the prefactor routes leave that escape out, but the walls reflect and a walker that crossed there lingers beyond, so the exact MFPT may be far longer than 1/k`,
  ];
}

/** Without a saddle that joins the start to a stable point: the nearest one touching the start. */
function fallbackSaddle(p: PreparedDriftProblem, start: FixedPointND) {
  const joins = saddleJoins(p);
  const touching = p.saddles.filter((s) =>
    joins.find((j) => j.saddle === s.index)?.ends.includes(start.index),
  );
  const saddle = nearest(touching.length > 0 ? touching : p.saddles, start.x);
  const warning = `no saddle's flow joins stable point ${start.index} to another stable point; the escape is over the nearest saddle ${saddle.index} at ${fmt(saddle.x)}, whose flow ends at ${endsWords(joins.find((j) => j.saddle === saddle.index))}`;
  return { saddle, warning };
}

/** A given saddle: its parallel channels, and why it does not lead to `toStable` if it does not. */
function givenPassage(
  p: PreparedDriftProblem,
  spec: TransitionSpecDrift,
  from: FixedPointND,
  warnings: string[],
) {
  const saddle = givenSaddle(p, spec);
  const parallel = channelsOf(p, from, saddle);
  const join = saddleJoins(p).find((j) => j.saddle === saddle.index);
  const end = otherEnd(join, from.index);
  if (parallel.length > 1) {
    warnings.push(
      `the rate counts the given saddle ${saddle.index} alone; ${parallel.length - 1} more saddle${parallel.length > 2 ? 's' : ''} (${parallel
        .slice(1)
        .map((q) => `${q.index} at ${fmt(q.x)}`)
        .join(
          ', ',
        )}) join the same stable points, and the escape over all of them is their sum (omit the saddle to sum them)`,
    );
  }
  const mismatch =
    spec.toStable !== undefined && end !== spec.toStable
      ? `the given saddle ${saddle.index} does not join stable point ${from.index} to ${spec.toStable}: its flow ends at ${endsWords(join)}`
      : null;
  if (mismatch) warnings.push(mismatch);
  return { saddle, channels: [saddle], end, mismatch };
}

/**
 * The escape from a stable point over a saddle: the start (the first stable point, one by index,
 * or the fixed point nearest a point) and the saddles (default: those whose flow joins the start
 * to `toStable`, or to the stable point behind the lowest of them, least ΔΦ first, summed as
 * parallel channels; a saddle whose flow leaves the box joins nothing), or a saddle given.
 *
 * @throws KramersError when the start is not stable, the end is not a saddle with one unstable
 *   direction (`invalid_parameter`), or there is no saddle (`no_barrier`).
 */
export function transitionOfDrift(
  p: PreparedDriftProblem,
  spec: TransitionSpecDrift = {},
): PreparedTransitionDrift {
  const from = startOf(p, spec);
  requireSaddles(p);
  const warnings = [...p.warnings, ...driftWallWarnings(p)];
  const explicitSaddle = spec.to !== undefined || spec.toX !== undefined;
  const base = { problem: p, from, explicitSaddle };
  if (explicitSaddle) {
    const g = givenPassage(p, spec, from, warnings);
    return { ...base, ...g, toStable: g.end, warnings };
  }
  const chosen = chosenChannels(p, from, spec.toStable);
  warnings.push(...outOfBox(p, from));
  if (chosen) {
    const [saddle] = chosen.channels;
    return {
      ...base,
      saddle: saddle!,
      channels: chosen.channels,
      toStable: chosen.end,
      mismatch: null,
      warnings,
    };
  }
  const { saddle, warning } = fallbackSaddle(p, from);
  const join = saddleJoins(p).find((j) => j.saddle === saddle.index);
  const end = otherEnd(join, from.index);
  const mismatch =
    spec.toStable !== undefined
      ? `no saddle's flow joins stable point ${from.index} to ${spec.toStable} directly: the passage goes through other stable points (or over saddles outside the box), which a one-saddle prefactor formula does not describe; the exact route gives its 1/MFPT`
      : null;
  warnings.push(mismatch ?? warning);
  return { ...base, saddle, channels: [saddle], toStable: end, mismatch, warnings };
}

/**
 * Where the drift points out of the box (b·n > 10⁻⁶ max|b|: more than rounding in the field),
 * the reflecting walls hold walkers that an open state space would lose there, so an exact or
 * simulated time is the box's and can dwarf the escape over the saddle (the audit's
 * b = (x − x³, −y + y³) on ±2 gave MFPTs of 6.6e8 and, on ±3, 1e68).
 */
export function driftWallWarnings(p: PreparedDriftProblem): string[] {
  const flow = remember(p, 'outflowOnWalls', () => outflowOnWalls(p.drift.b, p.box));
  if (!(flow.outward > 1e-6 * flow.scale)) return [];
  return [
    `the drift points out of the box at ${fmt(flow.x)} (b·n = ${Number(flow.outward.toPrecision(3))} outward): the reflecting walls, not the saddle, set the answer where walkers reach them; widen the box until the flow on its walls points in`,
  ];
}

/** The quasi-potential of the passage by gMAM, computed once per problem and passage. */
export function quasiPotentialOf(t: PreparedTransitionDrift): QuasiPotentialResult {
  return quasiPotentialOver(t, t.saddle);
}

/** The quasi-potential from the passage's start to one of its saddles (a channel), memoised. */
export function quasiPotentialOver(
  t: PreparedTransitionDrift,
  saddle: FixedPointND,
): QuasiPotentialResult {
  return gmamOver(t.problem, t.from, saddle);
}

/** gMAM from a stable point to a saddle, once per prepared drift. */
function gmamOver(
  p: PreparedDriftProblem,
  from: FixedPointND,
  saddle: FixedPointND,
): QuasiPotentialResult {
  const key = `gmam|${from.x.join(',')}|${saddle.x.join(',')}`;
  return remember(p, key, () => quasiPotentialBarrier(p.drift, from.x, saddle.x));
}
