import { aboveTolerance } from '../core/index.js';
import { type GridMfpt, gridMfpt } from '../multid/index.js';
import { type PreparedTransitionND, passageKeyND, remember } from '../problem/index.js';
import { type ExactResult, exactRoute } from './exact.js';
import {
  budgetedLadder,
  DEFAULT_FINEST_NODES,
  gridNotApplicable,
  gridProblemOf,
  MAX_FINEST_NODES,
  nonFinitePassage,
} from './gridND.js';
import type { MethodInfo, RouteND, RouteOptions } from './method.js';
import { notApplicableResult, type RouteResult } from './result.js';

/** Options of the grid routes: accuracy, the finest grid, and the time budget. */
export interface GridRouteOptions extends RouteOptions {
  /** Nodes along the longer side of the finest grid (default 126; refined up to 251 for the tolerance). */
  readonly grid?: number;
  /** Refuse (KramersError `over_budget`) a solve estimated to take longer, before it starts. */
  readonly budgetSeconds?: number;
}

/** The exact route in two coordinates: the MFPT from the grid ladder, with the grids it used. */
export interface ExactResultND extends ExactResult {
  readonly grids: GridMfpt['grids'];
}

const infoND: MethodInfo = {
  ...exactRoute.info,
  definition:
    '1/MFPT: the backward equation D∆T − ∇U·∇T = −γ solved on grids of the box (reflecting walls, T = 0 in the target), Richardson-extrapolated',
};

const DEFAULT_TOLERANCE = 1e-4;

function definitionOf(t: PreparedTransitionND): string {
  return `1/MFPT from (${t.geometry.start.map((v) => Number(v.toPrecision(6))).join(', ')}) into ${t.geometry.target.description}, from the backward equation on grids of the box (detailed-balance scheme, Richardson extrapolation)`;
}

function solve(t: PreparedTransitionND, options: GridRouteOptions): ExactResultND | RouteResult {
  const p = t.problem;
  const problem = gridProblemOf(p, (x, y) => t.geometry.target.contains([x, y]));
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const start = t.geometry.start as [number, number];
  let finest = options.grid ?? DEFAULT_FINEST_NODES;
  const what = 'the exact 2-D mean first-passage time';
  let passage = gridMfpt(
    problem,
    start,
    budgetedLadder(p, finest, what, options.budgetSeconds),
    tolerance,
  );
  // One refinement when the first ladder misses the tolerance and no grid was asked for.
  if (passage.retcode !== 'success' && options.grid === undefined) {
    finest = MAX_FINEST_NODES;
    passage = gridMfpt(
      problem,
      start,
      budgetedLadder(p, finest, what, options.budgetSeconds),
      tolerance,
    );
  }
  return gridPassageResult(passage, tolerance, definitionOf(t), p.D, t.geometry.warnings);
}

/**
 * A grid ladder's MFPT as the exact route's result (gradient or drift): the rate 1/T with the
 * ladder's relative error, a warning when it missed the tolerance, and no number at all (with a
 * reason) when T left double range.
 */
export function gridPassageResult(
  passage: GridMfpt,
  tolerance: number,
  definition: string,
  D: number,
  warnings: readonly string[],
): ExactResultND | RouteResult {
  if (!Number.isFinite(passage.mfpt) || !Number.isFinite(passage.error)) {
    return nonFinitePassage(definition, D, warnings);
  }
  const rate = 1 / passage.mfpt;
  const missed =
    passage.retcode === 'success'
      ? []
      : [
          `the grid MFPT reached a relative error of ${aboveTolerance(passage.relativeError, tolerance)}, not the tolerance ${tolerance}: give a finer --grid`,
        ];
  return {
    rate,
    logRate: -Math.log(passage.mfpt),
    error: rate * passage.relativeError,
    relativeError: passage.relativeError,
    retcode: passage.retcode,
    definition,
    warnings: [...warnings, ...missed],
    mfpt: passage.mfpt,
    logMfpt: Math.log(passage.mfpt),
    mfptError: passage.error,
    grids: passage.grids,
  };
}

/**
 * The exact overdamped rate in two coordinates, 1/T with T the mean first-passage time from the
 * start into the target: the same method as the 1-D `exact` route (its catalogue entry), computed
 * on a ladder of grids (docs/exact2d.md). Memoised per passage, D, γ, tolerance and grid.
 */
export const exactNDRoute: RouteND<ExactResultND | ReturnType<typeof notApplicableResult>> & {
  readonly run: (
    t: PreparedTransitionND,
    options?: GridRouteOptions,
  ) => ExactResultND | ReturnType<typeof notApplicableResult>;
} = {
  info: exactRoute.info,
  run(t: PreparedTransitionND, options: GridRouteOptions = {}) {
    const why = gridNotApplicable(t.problem);
    if (why) return notApplicableResult(infoND, why);
    const { D, gamma } = t.problem;
    const key = `exactND|${passageKeyND(t)}|${D}|${JSON.stringify(gamma)}|${options.tolerance}|${options.grid}`;
    return remember(t.problem, key, () => solve(t, options));
  },
};
