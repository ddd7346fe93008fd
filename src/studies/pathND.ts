import { type Box, KramersError, type RetCode } from '../core/index.js';
import { minimumEnergyPath, type PathPoint } from '../multid/index.js';
import {
  checkProblem,
  ESCAPE_ND_KEYS,
  type EscapeProblemND,
  isPreparedND,
  keysOf,
  type PotentialSummary,
  type PreparedProblemND,
  prepareND,
  transitionOfND,
} from '../problem/index.js';

/** Which path: from a minimum (or the minimum a point descends to) to another minimum. */
export interface PathSpec {
  /** Start minimum (index from `analyze`); default 0, the deepest. */
  readonly from?: number;
  /** A start point instead: the path starts from the minimum its steepest descent reaches. */
  readonly fromX?: readonly number[];
  /** Target minimum; default the neighbour over the start's lowest saddle. */
  readonly to?: number;
}

/** The keys of a path's spec (a second argument, apart from the problem). */
const PATH_SPEC_KEYS = keysOf<PathSpec>()(['from', 'fromX', 'to']);

/** What {@link minimumEnergyPathND} reports: the path as points a user can plot or export. */
export interface PathReport {
  readonly retcode: RetCode;
  readonly warnings: readonly string[];
  readonly coordinates: readonly string[];
  readonly potential: PotentialSummary;
  readonly domain: Box;
  readonly from: number;
  readonly to: number;
  /** The minima the path visits, start first (intermediate minima between saddles). */
  readonly minima: readonly number[];
  /** The saddles it crosses, in order. */
  readonly saddles: readonly number[];
  /** The highest saddle's U minus the start minimum's. */
  readonly barrier: number;
  /** From minimum to minimum: position, U and arc length s. */
  readonly path: readonly PathPoint[];
}

/**
 * The minimum-energy path between two minima of a potential in several coordinates, through the
 * saddles between them (the chain whose highest saddle is lowest), with its energy profile along
 * the arc length: each saddle's two steepest-descent curves joined (see `minimumEnergyPath`).
 *
 * @throws KramersError as `transitionOf` (unknown minima, no chain of saddles joining them).
 */
export function minimumEnergyPathND(
  problem: EscapeProblemND | PreparedProblemND,
  spec: PathSpec = {},
): PathReport {
  if (!isPreparedND(problem)) checkProblem(problem, ESCAPE_ND_KEYS, 'minimumEnergyPathND');
  checkProblem(spec, PATH_SPEC_KEYS, 'minimumEnergyPathND');
  const p = prepareND(problem);
  const t = transitionOfND(p, {
    ...(spec.from !== undefined ? { from: spec.from } : {}),
    ...(spec.fromX !== undefined ? { fromX: spec.fromX } : {}),
    ...(spec.to !== undefined ? { to: spec.to } : {}),
  });
  const from = t.geometry.fromMinimum;
  const to = t.geometry.target.minimum!;
  const warnings = [...p.warnings];
  if (from === null) {
    throw new KramersError(
      'invalid_parameter',
      `the start ${JSON.stringify(spec.fromX)} descends to no minimum inside the box (its steepest descent leaves the box or stalls)`,
      {
        issues: [{ path: 'from-x', message: 'no minimum below it' }],
        hint: 'start from a minimum: --from N',
      },
    );
  }
  const path = minimumEnergyPath(p.potential, p.landscape, from, to);
  return {
    retcode: 'success',
    warnings,
    coordinates: p.coordinates,
    potential: p.summary,
    domain: p.box,
    from,
    to,
    minima: path.minima,
    saddles: path.saddles,
    barrier: path.barrier,
    path: path.points,
  };
}
