import { type Box, KramersError, requireWithinBudget } from '../core/index.js';
import { type GridLadder, type GridProblem2D, gridLadder, ladderWork } from '../multid/index.js';
import type { PreparedProblemND } from '../problem/index.js';

/**
 * Seconds per multiply-add of the banded elimination, measured on the bench machine (one core,
 * under the load of a second job; bench/README.md): the cost estimate before a grid solve.
 */
export const SECONDS_PER_BAND_OPERATION = 6e-9;

/** Nodes along the longer side of the finest default grid, and the most the route will try. */
export const DEFAULT_FINEST_NODES = 126;
export const MAX_FINEST_NODES = 251;

/** Why a problem has no exact grid answer here, or null when it has one. */
export function gridNotApplicable(p: PreparedProblemND): string | null {
  if (p.dynamics !== 'overdamped') {
    return 'the exact grid solution is for overdamped dynamics (the Smoluchowski equation)';
  }
  if (p.dimension !== 2) {
    return `the exact grid solvers are two-dimensional; in ${p.dimension}-D a banded solve of an N^${p.dimension} grid costs N^${3 * p.dimension - 2} operations (N = 60 in 3-D: about ${Math.round((60 ** 7 * SECONDS_PER_BAND_OPERATION) / 3600)} h)`;
  }
  const g = p.friction;
  if (g[1] !== 0 || g[2] !== 0 || g[0] !== g[3]) {
    return 'the exact grid solvers take scalar friction γ; a friction matrix makes the diffusion anisotropic';
  }
  return null;
}

/** The grid problem of a prepared 2-D problem (scalar friction). */
export function gridProblemOf(
  p: PreparedProblemND,
  target?: (x: number, y: number) => boolean,
): GridProblem2D {
  const point = new Float64Array(2);
  const U = p.potential.U;
  return {
    U: (x, y) => {
      point[0] = x;
      point[1] = y;
      return U(point);
    },
    D: p.D,
    gamma: p.friction[0]!,
    box: p.box,
    ...(target ? { target } : {}),
  };
}

/** The ladder of the box at a finest size, refused past the budget before any work. */
export function budgetedLadder(
  p: { readonly box: Box },
  finest: number,
  what: string,
  budgetSeconds: number | undefined,
  solvesPerGrid = 1,
): GridLadder {
  if (!Number.isInteger(finest) || finest < 20 || finest > 2001) {
    throw new KramersError(
      'invalid_parameter',
      `grid: the finest grid takes 20 to 2001 nodes along the longer side; got ${finest}`,
      { issues: [{ path: 'grid', message: 'out of range' }] },
    );
  }
  const [bx, by] = p.box;
  const ladder = gridLadder(bx!.max - bx!.min, by!.max - by!.min, finest);
  const seconds = ladderWork(ladder) * SECONDS_PER_BAND_OPERATION * solvesPerGrid;
  requireWithinBudget(what, seconds, budgetSeconds, {
    basis: `banded elimination on grids up to ${ladder.levels[3] * ladder.p + 1}×${ladder.levels[3] * ladder.q + 1} nodes, cost ∝ nodes × band²`,
    hint: 'use a coarser --grid, a smaller box, or --yes',
  });
  return ladder;
}

/**
 * A grid passage with no number to give: its MFPT (or the Richardson step's error) is not finite,
 * as when e^{ΔU/D} leaves double range at tiny D. Not a NaN result: `not_converged`, no rate,
 * and a warning that says why and what still holds.
 */
export function nonFinitePassage(definition: string, D: number, warnings: readonly string[]) {
  return {
    rate: null,
    logRate: null,
    error: null,
    retcode: 'not_converged' as const,
    definition,
    warnings: [
      ...warnings,
      `the grid MFPT is not finite at D = ${D}: the escape is too rare for the grid solver (its rates leave double range); the barrier's exponent from the other routes still holds`,
    ],
  };
}
