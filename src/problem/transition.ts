import { type Dynamics, KramersError, type Potential1D } from '../core/index.js';
import {
  type Barrier,
  type Landscape,
  sinkBeyond,
  type Transition,
  type TransitionTarget,
  type Well,
} from '../landscape/index.js';
import { type EscapeProblem, type PreparedProblem, prepare, varyProblem } from './prepare.js';

/** Which passage a route measures: from a well (or a point) to a well, a sink or a point. */
export interface TransitionSpec {
  /** Start well index (from `analyze`); default 0. */
  readonly from?: number;
  /** Start position instead of a well bottom. */
  readonly fromX?: number;
  /** Target: a well index or escape to '-inf'/'+inf'; default the first neighbour of `from`. */
  readonly to?: TransitionTarget;
  /** Absorbing point instead of a target well. */
  readonly toX?: number;
  /** A reflecting wall on the far side of the start (default: the natural boundary or the next absorbing state). */
  readonly reflectX?: number;
}

/** A plain-data escape problem with the passage it asks about. */
export interface TransitionProblem extends EscapeProblem, TransitionSpec {}

/** What bounds the far side of the start: a wall, a natural boundary, or a second absorber. */
export interface FarSide {
  readonly kind: 'reflecting' | 'natural' | 'absorbing';
  readonly x: number | null;
}

/** Where a passage starts and ends, the barrier between, and what lies behind the start. */
export interface TransitionGeometry {
  /** Doubts about the geometry itself (a sink too close to the barrier top). */
  readonly warnings: readonly string[];
  readonly x0: number;
  readonly fromWell: number | null;
  readonly target: { readonly well: TransitionTarget | null; readonly x: number };
  /** The landscape transition crossed (null: no barrier between start and absorbing point). */
  readonly transition: Transition | null;
  readonly far: FarSide;
}

/** A prepared problem with one passage resolved: what every route takes. */
export interface PreparedTransition {
  readonly problem: PreparedProblem;
  readonly spec: TransitionSpec;
  readonly geometry: TransitionGeometry;
}

/** A sink shallower than this many D below the barrier top changes the exact rate noticeably. */
const SHALLOW_SINK = 5;

function invalid(path: string, message: string, issue: string, hint?: string): never {
  throw new KramersError('invalid_parameter', message, {
    issues: [{ path, message: issue }],
    ...(hint ? { hint } : {}),
  });
}

function requireFiniteX(name: string, value: number): number {
  if (!Number.isFinite(value)) {
    throw new KramersError('invalid_parameter', `${name} must be a finite number; got ${value}`);
  }
  return value;
}

/**
 * The neighbouring well bottom or sink on one side of a start well (absorbing), the edge of a
 * given domain (a reflecting wall), or, on an automatic domain where U confines, a natural
 * boundary at ±∞.
 */
function farSideOf(
  landscape: Landscape,
  well: number,
  side: -1 | 1,
  potential: Potential1D,
  D: number,
): FarSide {
  const t = landscape.transitions.find(
    (tr) =>
      tr.from === well &&
      Math.sign(landscape.barriers[tr.barrier]!.x - landscape.wells[well]!.x) === side,
  );
  if (!t) {
    if (landscape.domainSource === 'automatic') return { kind: 'natural', x: null };
    return { kind: 'reflecting', x: side < 0 ? landscape.domain.min : landscape.domain.max };
  }
  if (typeof t.to === 'number') return { kind: 'absorbing', x: landscape.wells[t.to]!.x };
  return { kind: 'absorbing', x: sinkBeyond(potential, landscape, t.barrier, side, D) };
}

/** The start: a well bottom, or a given point and the well whose basin holds it. */
function startOf(spec: TransitionSpec, landscape: Landscape) {
  const wells = landscape.wells;
  if (spec.fromX !== undefined) {
    const x0 = requireFiniteX('from-x', spec.fromX);
    const { min, max } = landscape.domain;
    if (landscape.domainSource === 'given' && (x0 < min || x0 > max)) {
      invalid('from-x', `the start x = ${x0} lies outside the domain ${min}:${max}`, 'outside');
    }
    // The well whose basin holds the start point (between the barriers around it).
    const basin = wells.findIndex((w) => {
      const left = landscape.barriers.filter((b) => b.x < w.x).at(-1)?.x ?? -Infinity;
      const right = landscape.barriers.find((b) => b.x > w.x)?.x ?? Infinity;
      return x0 > left && x0 < right;
    });
    return { x0, fromWell: basin >= 0 ? basin : null };
  }
  const index = spec.from ?? 0;
  if (!Number.isInteger(index) || index < 0 || index >= wells.length) {
    invalid(
      'from',
      `from = ${index} is not a well index: wells are 0…${wells.length - 1}`,
      'no such well',
      'run kramers analyze to list the wells',
    );
  }
  return { x0: wells[index]!.x, fromWell: index };
}

/** An absorbing point: the closed forms apply when it lies beyond the first barrier that way. */
function pointTarget(
  spec: TransitionSpec,
  x0: number,
  fromTransitions: Transition[],
  l: Landscape,
) {
  const toX = requireFiniteX('to-x', spec.toX!);
  if (toX === x0) {
    throw new KramersError('invalid_parameter', 'the absorbing point equals the start point', {
      issues: [{ path: 'to-x', message: 'equals the start' }],
    });
  }
  const side = Math.sign(toX - x0);
  const transition =
    fromTransitions.find((t) => {
      const xb = l.barriers[t.barrier]!.x;
      return Math.sign(xb - x0) === side && Math.abs(toX - x0) > Math.abs(xb - x0);
    }) ?? null;
  return { target: { well: null, x: toX }, transition, warnings: [] as string[] };
}

/**
 * Where a walker leaving well `from` towards a plateau has "escaped": the first place where U is
 * within D of the plateau (the rest of the rise is thermal), as a suggestion for --to-x.
 */
function plateauDistance(prepared: PreparedProblem, from: number, side: -1 | 1): number {
  const { landscape, potential, D } = prepared;
  const level = side < 0 ? landscape.plateaus.left! : landscape.plateaus.right!;
  const x0 = landscape.wells[from]!.x;
  const span = landscape.domain.max - landscape.domain.min;
  for (let i = 1; i <= 4096; i++) {
    const x = x0 + (side * i * span) / 256;
    if (potential.U(x) >= level - D) return Number(x.toPrecision(3));
  }
  return Number((x0 + 16 * side * span).toPrecision(3));
}

/** No transition from a well: confined on both sides, or next to a plateau (no saddle). */
function noBarrierError(prepared: PreparedProblem, fromWell: number): KramersError {
  const escapes = prepared.landscape.plateauEscapes.filter((e) => e.from === fromWell);
  if (escapes.length === 0) {
    return new KramersError(
      'no_barrier',
      `well ${fromWell} has no barrier to cross: the potential confines it on both sides`,
      { issues: [{ path: 'from', message: 'no transition' }] },
    );
  }
  const e = escapes[0]!;
  const x = plateauDistance(prepared, fromWell, e.to === '-inf' ? -1 : 1);
  return new KramersError(
    'no_barrier',
    `well ${fromWell} has no barrier to cross: U rises by ΔU = ${Number(e.deltaU.toPrecision(6))} and levels off towards ${e.to === '-inf' ? '−∞' : '+∞'} (a plateau). Escape to a plateau has no saddle, so Kramers, TST and the spectral rate do not apply; the exact mean first-passage time to a chosen distance does`,
    {
      issues: [{ path: 'to', message: 'no saddle between the well and the plateau' }],
      hint: `give the distance that counts as escaped, e.g. --to-x ${x} (U is within D of the plateau there)`,
    },
  );
}

/** A target well or sink: the transition to it, and the sink's place (with its depth checked). */
function wellTarget(
  spec: TransitionSpec,
  x0: number,
  fromWell: number | null,
  fromTransitions: Transition[],
  prepared: PreparedProblem,
) {
  const { landscape, potential, D } = prepared;
  if (fromWell === null) {
    invalid('from-x', 'the start point is in no well basin: give --to-x', 'no basin');
  }
  if (fromTransitions.length === 0) throw noBarrierError(prepared, fromWell);
  const wanted = spec.to;
  const transition =
    wanted === undefined
      ? fromTransitions[0]!
      : (fromTransitions.find((t) => t.to === wanted) ?? null);
  if (!transition) {
    invalid(
      'to',
      `no transition from well ${fromWell} to ${String(wanted)}: from well ${fromWell} one can reach ${fromTransitions.map((t) => String(t.to)).join(', ')}`,
      'not a neighbour',
    );
  }
  const xs = landscape.barriers[transition.barrier]!.x;
  if (typeof transition.to === 'number') {
    return {
      target: { well: transition.to, x: landscape.wells[transition.to]!.x },
      transition,
      warnings: [] as string[],
    };
  }
  const side = Math.sign(xs - x0) as -1 | 1;
  const x = sinkBeyond(potential, landscape, transition.barrier, side, D);
  const depth = (potential.U(xs) - potential.U(x)) / D;
  const warnings =
    depth < SHALLOW_SINK
      ? [
          `the sink at x = ${Number(x.toPrecision(6))} (domain edge) lies only ${Number(depth.toPrecision(2))} D below the barrier top: the exact rate counts arrivals near the top (up to 2k for a symmetric top); widen the domain for the escape rate`,
        ]
      : [];
  return { target: { well: transition.to, x }, transition, warnings };
}

/** A reflecting wall if given, else the neighbouring absorbing state or a natural boundary. */
function farOf(
  spec: TransitionSpec,
  prepared: PreparedProblem,
  x0: number,
  fromWell: number | null,
  targetX: number,
): FarSide {
  const side = Math.sign(targetX - x0) as -1 | 1;
  if (spec.reflectX !== undefined) {
    const r = requireFiniteX('reflect-x', spec.reflectX);
    if (Math.sign(r - x0) === side || r === x0) {
      invalid(
        'reflect-x',
        `the reflecting wall at x = ${r} must lie on the far side of the start x = ${x0} from the absorbing point x = ${targetX}`,
        'on the wrong side',
      );
    }
    return { kind: 'reflecting', x: r };
  }
  if (fromWell !== null && spec.toX === undefined) {
    const { landscape, potential, D } = prepared;
    return farSideOf(landscape, fromWell, -side as -1 | 1, potential, D);
  }
  // Behind the start U levels off with no barrier between: on a plateau of infinite length the
  // walker wanders off (no finite MFPT to one side), so escape means the distance either way.
  const farTo = side > 0 ? '-inf' : '+inf';
  if (prepared.landscape.plateauEscapes.some((e) => e.from === fromWell && e.to === farTo)) {
    return { kind: 'absorbing', x: x0 - (targetX - x0) };
  }
  // A plateau further behind, past a barrier: absorb at the neighbour beyond it, as for a well
  // target (a natural boundary there would have an infinite MFPT).
  const { landscape, potential, D } = prepared;
  if (fromWell !== null && landscape.edges[side > 0 ? 'left' : 'right'] === 'plateau') {
    return farSideOf(landscape, fromWell, -side as -1 | 1, potential, D);
  }
  return { kind: 'natural', x: null };
}

/** Resolves start, target, barrier and far side of a passage on a prepared landscape. */
export function transitionGeometry(
  prepared: PreparedProblem,
  spec: TransitionSpec,
): TransitionGeometry {
  const { landscape } = prepared;
  const { x0, fromWell } = startOf(spec, landscape);
  const fromTransitions = landscape.transitions.filter((t) => t.from === fromWell);
  const { target, transition, warnings } =
    spec.toX !== undefined
      ? pointTarget(spec, x0, fromTransitions, landscape)
      : wellTarget(spec, x0, fromWell, fromTransitions, prepared);
  const far = farOf(spec, prepared, x0, fromWell, target.x);
  return { warnings, x0, fromWell, target, transition, far };
}

function specOf(problem: TransitionSpec): TransitionSpec {
  const { from, fromX, to, toX, reflectX } = problem;
  return {
    ...(from !== undefined ? { from } : {}),
    ...(fromX !== undefined ? { fromX } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(toX !== undefined ? { toX } : {}),
    ...(reflectX !== undefined ? { reflectX } : {}),
  };
}

/**
 * A key naming a resolved passage for memos: where it starts, what absorbs it and what bounds the
 * far side. Two specs that resolve alike (`{ from: 0 }` and `{ from: 0, to: 1 }`) share it.
 */
export function passageKey(t: PreparedTransition): string {
  const { x0, fromWell, target, far, transition } = t.geometry;
  return JSON.stringify([
    x0,
    fromWell,
    target.well,
    target.x,
    far.kind,
    far.x,
    transition?.barrier,
  ]);
}

/** One passage of a prepared problem (the landscape is not searched again). */
export function transitionOf(prepared: PreparedProblem, spec: TransitionSpec): PreparedTransition {
  const clean = specOf(spec);
  return { problem: prepared, spec: clean, geometry: transitionGeometry(prepared, clean) };
}

/**
 * The door for routes: a plain transition problem (prepared here, once) or a prepared problem
 * with the passage given separately.
 */
export function prepareTransition(
  problem: TransitionProblem | PreparedProblem = {},
  spec: TransitionSpec = problem as TransitionSpec,
  options: { readonly allowTime?: boolean } = {},
): PreparedTransition {
  return transitionOf(prepare(problem, options), spec);
}

/**
 * The same passage at another noise or friction. The geometry is resolved again because a sink
 * beyond an open edge sits a fixed number of D below the barrier top.
 */
export function varyTransition(
  t: PreparedTransition,
  change: { readonly D?: number; readonly gamma?: number; readonly dynamics?: Dynamics },
): PreparedTransition {
  const problem = varyProblem(t.problem, change);
  return change.D === undefined
    ? { ...t, problem }
    : { problem, spec: t.spec, geometry: transitionGeometry(problem, t.spec) };
}

/** The well, barrier and landscape transition crossed, or null for a passage to a point short of a barrier. */
export function crossing(
  t: PreparedTransition,
): { readonly well: Well; readonly barrier: Barrier; readonly transition: Transition } | null {
  const transition = t.geometry.transition;
  if (!transition) return null;
  const { wells, barriers } = t.problem.landscape;
  return { well: wells[transition.from]!, barrier: barriers[transition.barrier]!, transition };
}
