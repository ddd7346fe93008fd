import { KramersError } from '../core/index.js';
import { type GridMfpt, type GridProblem2D, gridMfpt } from '../multid/index.js';
import { type PreparedPassageDrift, remember } from '../problem/index.js';
import { exactRoute } from './exact.js';
import { type ExactResultND, type GridRouteOptions, gridPassageResult } from './exactND.js';
import { budgetedLadder, DEFAULT_FINEST_NODES, MAX_FINEST_NODES } from './gridND.js';
import type { RouteResult } from './result.js';

const DEFAULT_TOLERANCE = 1e-4;

function fmt(x: readonly number[]): string {
  return x.map((v) => Number(v.toPrecision(6))).join(', ');
}

function definitionOf(t: PreparedPassageDrift): string {
  return `1/MFPT from (${fmt(t.start)}) into ${t.target.description}, from the backward equation D∆T + b·∇T = −1 on grids of the box (exponentially fitted edge rates, Richardson extrapolation)`;
}

/** The grid problem of a drift passage: b at any point, refusing a non-finite value by name. */
function gridProblemOfDrift(t: PreparedPassageDrift): GridProblem2D {
  const p = t.transition.problem;
  const point = new Float64Array(2);
  return {
    U: () => 0,
    D: p.D,
    gamma: 1,
    box: p.box,
    target: (x, y) => t.target.contains([x, y]),
    drift: (x, y, out) => {
      point[0] = x;
      point[1] = y;
      p.drift.b(point, out);
      if (!Number.isFinite(out[0]!) || !Number.isFinite(out[1]!)) {
        throw new KramersError(
          'not_finite',
          `the drift at (${fmt([x, y])}) is (${out[0]}, ${out[1]}): it must be finite everywhere in the box`,
          {
            issues: [{ path: 'drift', message: 'not finite in the box' }],
            hint: 'shrink the box to where the drift is finite',
          },
        );
      }
    },
  };
}

function solve(t: PreparedPassageDrift, options: GridRouteOptions): ExactResultND | RouteResult {
  const p = t.transition.problem;
  const problem = gridProblemOfDrift(t);
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const start = t.start as [number, number];
  const what = 'the exact 2-D mean first-passage time of the drift';
  const ladder = (finest: number) => budgetedLadder(p, finest, what, options.budgetSeconds);
  let passage: GridMfpt = gridMfpt(
    problem,
    start,
    ladder(options.grid ?? DEFAULT_FINEST_NODES),
    tolerance,
  );
  // One refinement when the first ladder misses the tolerance and no grid was asked for.
  if (passage.retcode !== 'success' && options.grid === undefined) {
    passage = gridMfpt(problem, start, ladder(MAX_FINEST_NODES), tolerance);
  }
  return gridPassageResult(passage, tolerance, definitionOf(t), p.D, []);
}

/**
 * The exact rate of a drift problem in two coordinates, 1/T with T the mean first-passage time of
 * dX = b dt + √(2D) dW from the start into the target: the backward equation discretised with
 * positive (exponentially fitted) edge rates and solved by the same banded GTH elimination and
 * grid ladder as the gradient case (docs/drift.md, docs/exact2d.md). Memoised per passage, D,
 * tolerance and grid.
 */
export const exactDriftRoute = {
  info: exactRoute.info,
  run(t: PreparedPassageDrift, options: GridRouteOptions = {}): ExactResultND | RouteResult {
    const p = t.transition.problem;
    const key = `exactDrift|${t.start.join(',')}|${t.target.description}|${p.D}|${options.tolerance}|${options.grid}`;
    return remember(p, key, () => solve(t, options));
  },
};
