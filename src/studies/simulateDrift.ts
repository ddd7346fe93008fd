import type { Box } from '../core/index.js';
import {
  checkProblem,
  DRIFT_KEYS,
  type DriftProblemND,
  type DriftSummary,
  isPreparedDrift,
  keysOf,
  PASSAGE_DRIFT_KEYS,
  type PassageSpecDrift,
  type PreparedDriftProblem,
  type PreparedPassageDrift,
  passageOfDrift,
  prepareDrift,
} from '../problem/index.js';
import {
  runSimulationDrift,
  type SimulationResult,
  type SimulationRunOptions,
  type SimulationSettings,
} from '../routes/index.js';

/** A drift problem, its first passage and how to simulate it. */
export interface SimulateDriftProblem
  extends DriftProblemND,
    PassageSpecDrift,
    Omit<SimulationSettings, 'extrapolate'> {}

/**
 * The keys `simulateDrift()` reads: the problem, the passage and the walkers' settings (no
 * two-dt extrapolation for a drift).
 */
const SIMULATE_DRIFT_KEYS = keysOf<SimulateDriftProblem>()([
  ...DRIFT_KEYS,
  ...PASSAGE_DRIFT_KEYS,
  'walkers',
  'dt',
  'tMax',
  'seed',
  'expectedTime',
]);

/** Walkers driven by a drift: the simulation with the problem and passage it ran on. */
export interface SimulationReportDrift extends SimulationResult {
  readonly coordinates: readonly string[];
  readonly drift: DriftSummary;
  readonly D: number;
  readonly domain: Box;
  /** The start point and the stable fixed point nearest it. */
  readonly from: { readonly x: readonly number[]; readonly stable: number };
  /** The target: a stable point's core or a region, in words. */
  readonly to: { readonly stable: number | null; readonly description: string };
}

function settingsOf(problem: SimulateDriftProblem): SimulationSettings {
  const { walkers, dt, tMax, seed, expectedTime } = problem;
  return {
    ...(walkers !== undefined ? { walkers } : {}),
    ...(dt !== undefined ? { dt } : {}),
    ...(tMax !== undefined ? { tMax } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(expectedTime !== undefined ? { expectedTime } : {}),
  };
}

function passageOf(problem: SimulateDriftProblem | PreparedPassageDrift): PreparedPassageDrift {
  if (
    problem !== null &&
    typeof problem === 'object' &&
    'target' in problem &&
    'fromStable' in problem
  ) {
    return problem;
  }
  if (!isPreparedDrift(problem)) checkProblem(problem, SIMULATE_DRIFT_KEYS, 'simulateDrift');
  const p: PreparedDriftProblem = prepareDrift(problem);
  const { from, fromX, to, toRegion } = problem;
  return passageOfDrift(p, {
    ...(from !== undefined ? { from } : {}),
    ...(fromX !== undefined ? { fromX } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(toRegion !== undefined ? { toRegion } : {}),
  });
}

/**
 * First-passage times of walkers driven by a drift field that need not be a gradient,
 * dX = b(X) dt + √(2D) dW (docs/drift.md): from a stable point (or a point) into a region
 * (`toRegion: 'x >= 1'`) or a stable point's core, reflecting box walls, with MFPT, standard
 * error, 95% CIs and rate; the same numbers for any worker count from one seed.
 *
 * @throws KramersError as `prepareDrift` and `passageOfDrift`, and for bad simulation settings.
 */
export async function simulateDrift(
  problem: SimulateDriftProblem | PreparedPassageDrift,
  options: SimulationRunOptions = {},
): Promise<SimulationReportDrift> {
  const t = passageOf(problem);
  const settings = 'fromStable' in problem ? {} : settingsOf(problem);
  const result = await runSimulationDrift(t, settings, options);
  const p = t.problem;
  return {
    ...result,
    coordinates: p.coordinates,
    drift: p.summary,
    D: p.D,
    domain: p.box,
    from: { x: t.start, stable: t.fromStable.index },
    to: { stable: t.target.stable, description: t.target.description },
  };
}
