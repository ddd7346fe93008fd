import { KramersError } from '../core/index.js';
import { type ExprNode, regionFromExpression } from '../expr/index.js';
import { steepestDescent, type TransitionND } from '../multid/index.js';
import { type BoxWallsND, boxWallsND } from './boxWallsND.js';
import { remember } from './memo.js';
import type { PreparedProblemND } from './prepareND.js';

/** Which passage a route measures in several coordinates: from a minimum or a point, to a minimum's basin or a region. */
export interface TransitionSpecND {
  /** Start minimum (index from `analyze`); default 0, the deepest. */
  readonly from?: number;
  /** Start point instead of a minimum. */
  readonly fromX?: readonly number[];
  /** Target minimum: absorbed in a small ellipse around it (its thermal core); default the neighbour over the lowest saddle. */
  readonly to?: number;
  /** Target region instead, written as comparisons, e.g. `x >= 1` or `x^2 + y^2 < 0.04`. */
  readonly toRegion?: string;
}

/** The absorbing set of an N-D passage, as plain data a kernel can be generated from. */
export type TargetRegion =
  | {
      /** ½(x − c)ᵀH(x − c) ≤ level: the thermal core of a minimum. */
      readonly kind: 'ellipsoid';
      readonly center: readonly number[];
      readonly matrix: readonly number[];
      readonly level: number;
    }
  | {
      /** Every g_k(x) ≥ 0 (> 0 when strict). */
      readonly kind: 'conditions';
      readonly source: string;
      readonly asts: readonly ExprNode[];
      readonly strict: readonly boolean[];
    };

export interface TargetND {
  /** The minimum whose core absorbs, or null for a region. */
  readonly minimum: number | null;
  readonly region: TargetRegion;
  readonly contains: (p: ArrayLike<number>) => boolean;
  /** In words, for reports. */
  readonly description: string;
}

export interface TransitionGeometryND {
  readonly warnings: readonly string[];
  readonly start: readonly number[];
  /** The minimum whose basin holds the start. */
  readonly fromMinimum: number | null;
  readonly target: TargetND;
  /** The lowest saddle crossed when start and target minima are neighbours; null otherwise. */
  readonly transition: TransitionND | null;
  /**
   * Every saddle joining start and target minima directly (parallel channels), lowest ΔU first;
   * `transition` is the first. Empty when they are not neighbours.
   */
  readonly transitions: readonly TransitionND[];
  /** Where the box's walls, not the saddle, set the answer; null when they do not. */
  readonly walls: BoxWallsND | null;
}

/** A prepared N-D problem with one passage resolved. */
export interface PreparedTransitionND {
  readonly problem: PreparedProblemND;
  readonly spec: TransitionSpecND;
  readonly geometry: TransitionGeometryND;
}

function invalid(path: string, message: string, hint?: string): never {
  throw new KramersError('invalid_parameter', message, {
    issues: [{ path, message }],
    ...(hint ? { hint } : {}),
  });
}

function fmt(p: readonly number[]): string {
  return `(${p.map((v) => Number(v.toPrecision(6))).join(', ')})`;
}

function requireIndex(name: string, value: number, count: number): number {
  if (!Number.isInteger(value) || value < 0 || value >= count) {
    invalid(
      name,
      `${name} = ${value} is not a minimum: minima are 0…${count - 1}`,
      'kramers analyze lists the minima',
    );
  }
  return value;
}

/** The start: a minimum, or a point and the minimum its steepest descent reaches. */
function startOf(p: PreparedProblemND, spec: TransitionSpecND) {
  const { landscape, box, potential } = p;
  if (spec.fromX === undefined) {
    const from = requireIndex('from', spec.from ?? 0, landscape.minima.length);
    return { start: [...landscape.minima[from]!.x], fromMinimum: from };
  }
  const x = Array.from(spec.fromX);
  if (x.length !== p.dimension || x.some((v) => !Number.isFinite(v))) {
    invalid(
      'from-x',
      `from-x needs ${p.dimension} finite numbers (${p.coordinates.join(', ')}); got ${JSON.stringify(spec.fromX)}`,
    );
  }
  if (!box.every((d, i) => x[i]! >= d.min && x[i]! <= d.max)) {
    invalid('from-x', `the start ${fmt(x)} lies outside the box`);
  }
  const minima = landscape.stationaryPoints.filter((q) =>
    landscape.minima.some((m) => m.x === q.x),
  );
  const path = steepestDescent(potential, x, box, minima, landscape.gradientScale);
  const end = path.end;
  const fromMinimum =
    typeof end === 'number' ? landscape.minima.findIndex((m) => m.x === minima[end]!.x) : null;
  return { start: x, fromMinimum };
}

/**
 * The core of a minimum: ½(x − x_j)ᵀH_j(x − x_j) ≤ ε with ε = min(D, ¼ of its lowest barrier),
 * the region it holds for a time of order 1/λ_min, small against the basin and well inside it. An
 * exact MFPT to it differs from one to the minimum itself by an intrawell time, not by the
 * barrier's exponential.
 */
function basinTarget(p: PreparedProblemND, j: number): TargetND {
  const { landscape, potential, D } = p;
  const n = p.dimension;
  const m = landscape.minima[j]!;
  const exits = landscape.transitions.filter((t) => t.from === j).map((t) => t.deltaU);
  const level = Math.min(D, exits.length > 0 ? 0.25 * Math.min(...exits) : D);
  const h = new Float64Array(n * n);
  potential.hessian(m.x, h);
  const matrix = Array.from(h);
  const center = [...m.x];
  return {
    minimum: j,
    region: { kind: 'ellipsoid', center, matrix, level },
    contains: (q) => {
      let s = 0;
      for (let a = 0; a < n; a++) {
        for (let b = 0; b < n; b++)
          s += (q[a]! - center[a]!) * matrix[a * n + b]! * (q[b]! - center[b]!);
      }
      return 0.5 * s <= level;
    },
    description: `the core of minimum ${j} at ${fmt(center)} (½ΔxᵀHΔx ≤ ${Number(level.toPrecision(4))})`,
  };
}

function regionTarget(p: PreparedProblemND, source: string): TargetND {
  return regionTargetOf(source, p.coordinates, p.summary.parameters);
}

/** A region target `x >= 1` (comparisons joined by commas) over these coordinates. */
export function regionTargetOf(
  source: string,
  coordinates: readonly string[],
  parameters: Readonly<Record<string, number>>,
): TargetND {
  const region = regionFromExpression(source, { coordinates, parameters });
  return {
    minimum: null,
    region: {
      kind: 'conditions',
      source,
      asts: region.asts,
      strict: region.conditions.map((c) => c.strict),
    },
    contains: region.contains,
    description: `the region ${source}`,
  };
}

/** Where the saddles just outside the box lie, for a refusal that blames the box (or ''). */
function outsideSaddles(p: PreparedProblemND): string {
  const out = p.landscape.outside.filter((q) => q.kind === 'saddle');
  if (out.length === 0) return '';
  const each = out.map((q) => `${fmt([...q.x])} (U = ${Number(q.U.toPrecision(6))})`);
  return `; ${out.length === 1 ? 'a saddle at' : 'saddles at'} ${each.join(', ')} ${out.length === 1 ? 'lies' : 'lie'} just outside the box`;
}

/** The default target: the neighbour of the start minimum over its lowest saddle. */
function defaultTo(p: PreparedProblemND, from: number | null): number {
  const exits = p.landscape.transitions.filter((t) => t.from === from && typeof t.to === 'number');
  if (from === null || exits.length === 0) {
    throw new KramersError(
      'no_barrier',
      `minimum ${from} has no saddle to another minimum inside the box${outsideSaddles(p)}`,
      {
        issues: [{ path: 'to', message: 'no neighbour' }],
        hint: 'widen the box (a saddle may lie outside it), or give a target region with --to-region',
      },
    );
  }
  return exits[0]!.to as number;
}

/**
 * Refuses a target minimum no chain of saddles in the box leads to from the start minimum: no
 * harmonic route and no walker confined to the box gets there.
 */
function requireConnected(p: PreparedProblemND, from: number, to: number): void {
  const seen = new Set([from]);
  const stack = [from];
  while (stack.length > 0) {
    const i = stack.pop()!;
    for (const t of p.landscape.transitions) {
      if (t.from === i && typeof t.to === 'number' && !seen.has(t.to)) {
        seen.add(t.to);
        stack.push(t.to);
      }
    }
  }
  if (seen.has(to)) return;
  throw new KramersError(
    'no_barrier',
    `no saddle between minima ${from} and ${to} inside the box: no chain of index-1 saddles joins them${outsideSaddles(p)}`,
    {
      issues: [{ path: 'to', message: 'not connected' }],
      hint: 'a saddle between them may lie outside the box: widen the domain (kramers analyze lists the saddles)',
    },
  );
}

/** Resolves start, target and the saddle between them on a prepared N-D landscape. */
export function transitionGeometryND(
  p: PreparedProblemND,
  spec: TransitionSpecND,
): TransitionGeometryND {
  if (spec.to !== undefined && spec.toRegion !== undefined) {
    throw new KramersError('usage', 'give either a target minimum or a target region, not both');
  }
  const { start, fromMinimum } = startOf(p, spec);
  let target: TargetND;
  if (spec.toRegion !== undefined) {
    target = regionTarget(p, spec.toRegion);
  } else {
    const to =
      spec.to === undefined
        ? defaultTo(p, fromMinimum)
        : requireIndex('to', spec.to, p.landscape.minima.length);
    if (to === fromMinimum && spec.fromX === undefined) {
      invalid('to', `the target minimum ${to} is the start minimum`);
    }
    if (fromMinimum !== null && to !== fromMinimum) requireConnected(p, fromMinimum, to);
    target = basinTarget(p, to);
  }
  if (target.contains(start)) {
    invalid('to', `the start ${fmt(start)} already lies in the target (${target.description})`);
  }
  const transitions =
    target.minimum === null || fromMinimum === null
      ? []
      : channelsND(p).filter((t) => t.from === fromMinimum && t.to === target.minimum);
  const walls = wallsOfPassage(p, start, fromMinimum, transitions[0] ?? null);
  return {
    warnings: walls ? [walls.warning] : [],
    start,
    fromMinimum,
    target,
    transition: transitions[0] ?? null,
    transitions,
    walls,
  };
}

/** The box-wall check of a passage: U at the start's minimum (or the start) and at its saddle. */
function wallsOfPassage(
  p: PreparedProblemND,
  start: readonly number[],
  fromMinimum: number | null,
  transition: TransitionND | null,
): BoxWallsND | null {
  const { minima, saddles } = p.landscape;
  const startU = p.potential.U(fromMinimum === null ? start : minima[fromMinimum]!.x);
  const saddleU = transition === null ? null : p.potential.U(saddles[transition.saddle]!.x);
  return boxWallsND(p, startU, saddleU);
}

/** Largest |Δx| at which saddle `s` is the same point as the lower saddle `q` (see channelsND). */
function sameSaddleRadius(
  q: { readonly hessianEigenvalues: readonly number[] },
  D: number,
): number {
  const stiffest = Math.max(...q.hessianEigenvalues.map(Math.abs));
  return 1e-3 * Math.sqrt(D / stiffest);
}

/**
 * The landscape's passages with each saddle counted once: the channels both the harmonic routes
 * (summed over parallel saddles, Langer 1969; Hänggi, Talkner & Borkovec 1990 §IV) and the rate
 * network add up. A saddle within 10⁻³ of the narrowest thermal width √(D/max|λ_i|) of a lower
 * one is that saddle found twice: the harmonic rate spreads each saddle's flux over a Gaussian of
 * that width, so two such points are one channel, and counting both would double it. Newton
 * stops at |∇U| ≤ 10⁻⁸ of the gradient scale (multid/stationary.ts), which puts two finds of one
 * point ~10⁻⁸·scale/|λ| apart, far inside that radius; two genuinely distinct saddles so close
 * would need a Hessian degenerate on that scale, where no harmonic rate applies anyway.
 */
export function channelsND(p: PreparedProblemND): readonly TransitionND[] {
  return remember(p, `channels|${p.D}`, () => {
    const saddles = p.landscape.saddles;
    const copies = new Set<number>();
    for (const s of saddles) {
      const original = saddles.find(
        (q) =>
          q.id < s.id &&
          !copies.has(q.id) &&
          Math.hypot(...q.x.map((v, i) => v - s.x[i]!)) <= sameSaddleRadius(q, p.D),
      );
      if (original) copies.add(s.id);
    }
    return p.landscape.transitions.filter((t) => !copies.has(t.saddle));
  });
}

/** One passage of a prepared N-D problem. */
export function transitionOfND(p: PreparedProblemND, spec: TransitionSpecND): PreparedTransitionND {
  const clean: TransitionSpecND = {
    ...(spec.from !== undefined ? { from: spec.from } : {}),
    ...(spec.fromX !== undefined ? { fromX: [...spec.fromX] } : {}),
    ...(spec.to !== undefined ? { to: spec.to } : {}),
    ...(spec.toRegion !== undefined ? { toRegion: spec.toRegion } : {}),
  };
  return { problem: p, spec: clean, geometry: transitionGeometryND(p, clean) };
}

/** A key naming a resolved N-D passage for memos. */
export function passageKeyND(t: PreparedTransitionND): string {
  const { start, target } = t.geometry;
  return JSON.stringify([
    start,
    target.minimum,
    target.region.kind === 'conditions' ? target.region.source : target.region.level,
  ]);
}
