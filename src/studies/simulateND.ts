import type { Box, Dynamics, RetCode } from '../core/index.js';
import {
  checkProblem,
  ESCAPE_ND_KEYS,
  type EscapeProblemND,
  isPreparedND,
  keysOf,
  PASSAGE_ND_KEYS,
  type PotentialSummary,
  type PreparedProblemND,
  type PreparedTransitionND,
  prepareND,
  type TransitionSpecND,
  transitionOfND,
} from '../problem/index.js';
import {
  type AmsRouteResult,
  type AmsSettingsND,
  type PathSamplingND,
  type RunOptions,
  runAmsND,
  runSimulationND,
  type SimulationResult,
  type SimulationRunOptions,
  type SimulationSettings,
  samplePathsOfND,
} from '../routes/index.js';
import {
  AMS_ND_SETTINGS_KEYS,
  PATH_SAMPLING_KEYS,
  SIMULATION_SETTINGS_KEYS,
} from './settingsKeys.js';

/** A problem in several coordinates, its passage and how to simulate it. */
export interface SimulateProblemND extends EscapeProblemND, TransitionSpecND, SimulationSettings {}

/** The keys `simulateND()` reads: the problem, the passage and the walkers' settings. */
const SIMULATE_ND_KEYS = keysOf<SimulateProblemND>()([
  ...ESCAPE_ND_KEYS,
  ...PASSAGE_ND_KEYS,
  ...SIMULATION_SETTINGS_KEYS,
]);

/** What a report in several coordinates says about the problem it ran on. */
interface PassageSummaryND {
  readonly dimension: number;
  readonly coordinates: readonly string[];
  readonly potential: PotentialSummary;
  readonly dynamics: Dynamics;
  readonly D: number;
  readonly gamma: number | readonly number[];
  readonly mass: number | readonly number[];
  readonly domain: Box;
  /** The start point and the minimum whose basin holds it (null: none found). */
  readonly from: { readonly x: readonly number[]; readonly minimum: number | null };
  /** The target: a minimum's core or a region, in words. */
  readonly to: { readonly minimum: number | null; readonly description: string };
}

/** A first-passage simulation in several coordinates with the problem it ran on. */
export interface SimulationReportND extends SimulationResult, PassageSummaryND {}

function summaryND(t: PreparedTransitionND): PassageSummaryND {
  const p = t.problem;
  return {
    dimension: p.dimension,
    coordinates: p.coordinates,
    potential: p.summary,
    dynamics: p.dynamics,
    D: p.D,
    gamma: p.gamma,
    mass: p.mass,
    domain: p.box,
    from: { x: t.geometry.start, minimum: t.geometry.fromMinimum },
    to: { minimum: t.geometry.target.minimum, description: t.geometry.target.description },
  };
}

function settingsOf(problem: SimulationSettings): SimulationSettings {
  const { walkers, dt, tMax, seed, extrapolate } = problem;
  return {
    ...(walkers !== undefined ? { walkers } : {}),
    ...(dt !== undefined ? { dt } : {}),
    ...(tMax !== undefined ? { tMax } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(extrapolate !== undefined ? { extrapolate } : {}),
  };
}

/** The passage of a plain problem, refused first if it has a key `entry` does not read. */
function passageOf(
  problem: (EscapeProblemND & TransitionSpecND) | PreparedTransitionND,
  keys: readonly string[],
  entry: string,
): PreparedTransitionND {
  if (problem !== null && typeof problem === 'object' && 'geometry' in problem) {
    return problem as PreparedTransitionND;
  }
  if (!isPreparedND(problem)) checkProblem(problem, keys, entry);
  const p: PreparedProblemND = prepareND(problem);
  const { from, fromX, to, toRegion } = problem;
  return transitionOfND(p, {
    ...(from !== undefined ? { from } : {}),
    ...(fromX !== undefined ? { fromX } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(toRegion !== undefined ? { toRegion } : {}),
  });
}

/**
 * First-passage times by Langevin simulation in several coordinates: walkers from a minimum (or a
 * point) into a region (`toRegion: 'x >= 1'`) or a minimum's core, overdamped Heun or underdamped
 * BAOAB, reflecting box walls, with MFPT, standard error, 95% CIs and rate; the same numbers for
 * any worker count from one seed.
 */
export async function simulateND(
  problem: SimulateProblemND | PreparedTransitionND,
  options: SimulationRunOptions = {},
): Promise<SimulationReportND> {
  const t = passageOf(problem, SIMULATE_ND_KEYS, 'simulateND');
  const settings = 'geometry' in problem ? {} : settingsOf(problem);
  const result = await runSimulationND(t, settings, options);
  return {
    ...result,
    ...summaryND(t),
    warnings: [...new Set([...t.problem.warnings, ...result.warnings])],
  };
}

/** An AMS problem in several coordinates: the passage, the reaction coordinate, the splitting. */
export interface AmsProblemND extends EscapeProblemND, TransitionSpecND, AmsSettingsND {}

/** The keys `simulateAmsND()` reads: the problem, the passage, ξ and the splitting's settings. */
const AMS_ND_KEYS = keysOf<AmsProblemND>()([
  ...ESCAPE_ND_KEYS,
  ...PASSAGE_ND_KEYS,
  ...AMS_ND_SETTINGS_KEYS,
]);

/** An AMS estimate in several coordinates with the problem it ran on. */
export interface AmsReportND extends AmsRouteResult, PassageSummaryND {
  readonly method: 'ams';
}

/**
 * First passage over a high barrier in several coordinates by adaptive multilevel splitting
 * along a reaction coordinate ξ (`reactionCoordinate: 'x'`), overdamped; T = E[τ_loop]/p with its
 * CI from independent runs (Cérou, Guyader, Lelièvre & Pommier 2011). `onProgress` counts runs.
 */
export async function simulateAmsND(
  problem: AmsProblemND,
  options: RunOptions = {},
): Promise<AmsReportND> {
  const t = passageOf(problem, AMS_ND_KEYS, 'simulateAmsND');
  const { replicas, runs, dt, seed, reactionCoordinate, loopsPerRun } = problem;
  const result = await runAmsND(
    t,
    {
      ...(replicas !== undefined ? { replicas } : {}),
      ...(runs !== undefined ? { runs } : {}),
      ...(dt !== undefined ? { dt } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(reactionCoordinate !== undefined ? { reactionCoordinate } : {}),
      ...(loopsPerRun !== undefined ? { loopsPerRun } : {}),
    },
    options,
  );
  return {
    ...result,
    ...summaryND(t),
    method: 'ams',
    warnings: [...new Set([...t.problem.warnings, ...result.warnings])],
  };
}

/** A problem, its passage, the simulation's settings and how many paths to sample. */
export interface WalkerPathsProblemND extends SimulateProblemND, PathSamplingND {}

/** The keys `walkerPathsND()` reads: a simulation's problem and which paths to record. */
const WALKER_PATHS_KEYS = keysOf<WalkerPathsProblemND>()([
  ...SIMULATE_ND_KEYS,
  ...PATH_SAMPLING_KEYS,
]);

/** One walker's path: t[k] and x[k] (a point in the problem's coordinates), start to end. */
export interface WalkerPath {
  /** The walker's index in the run: its stream, as in `simulateND` with the same seed. */
  readonly walker: number;
  readonly t: readonly number[];
  readonly x: readonly (readonly number[])[];
  /** The last time: the walker's first-passage time when `end` is 'absorbed'. */
  readonly tEnd: number;
  readonly end: 'absorbed' | 'censored' | 'failed';
  /** Whether the last point lies in the target (an absorbed walker's last point may lie just outside when the bridge correction saw the crossing between two steps). */
  readonly endInTarget: boolean;
}

/** Sampled walker paths in several coordinates, with the run they belong to. */
export interface WalkerPathsReportND extends PassageSummaryND {
  readonly retcode: RetCode;
  readonly paths: readonly WalkerPath[];
  readonly dt: number;
  readonly tMax: number;
  readonly seed: number;
  readonly steps: number;
  readonly warnings: readonly string[];
}

/**
 * The paths of the first few walkers (`paths`, default 5) of the run `simulateND` makes with the
 * same problem and settings: x(t) from the start every `every` steps (thinned to at most
 * `maxPoints` points) until first passage into the target or the censoring time. Walker i's
 * path ends at the first-passage time `simulateND` records for walker i with the same seed, so a
 * picture of the paths shows walkers of the statistics, not others.
 */
export async function walkerPathsND(
  problem: WalkerPathsProblemND | PreparedTransitionND,
  options: RunOptions & PathSamplingND = {},
): Promise<WalkerPathsReportND> {
  const t = passageOf(problem, WALKER_PATHS_KEYS, 'walkerPathsND');
  const settings = 'geometry' in problem ? {} : settingsOf(problem);
  const sampling = 'geometry' in problem ? options : { ...problem, ...options };
  const { paths: count, every, maxPoints } = sampling;
  const { config, result, warnings } = await samplePathsOfND(
    t,
    {
      ...settings,
      ...(count !== undefined ? { paths: count } : {}),
      ...(every !== undefined ? { every } : {}),
      ...(maxPoints !== undefined ? { maxPoints } : {}),
    },
    options,
  );
  const n = config.dimension;
  const paths: WalkerPath[] = result.paths.map((p) => ({
    walker: p.walker,
    t: Array.from(p.t),
    x: Array.from(p.t, (_, k) => Array.from(p.x.subarray(k * n, k * n + n))),
    tEnd: p.tEnd,
    end: p.end,
    endInTarget: p.endInTarget,
  }));
  const failed = paths.filter((p) => p.end === 'failed').length;
  const censored = paths.filter((p) => p.end === 'censored').length;
  const notes = [...warnings];
  if (censored > 0)
    notes.push(`${censored} of ${paths.length} paths censored at t = ${config.tMax}`);
  if (failed > 0) notes.push(`${failed} of ${paths.length} paths stopped by a non-finite state`);
  const retcode: RetCode = result.aborted
    ? 'interrupted'
    : failed > 0
      ? 'not_converged'
      : censored > 0
        ? 'censored'
        : 'success';
  return {
    ...summaryND(t),
    retcode,
    paths,
    dt: config.dt,
    tMax: config.tMax,
    seed: config.seed,
    steps: result.steps,
    warnings: [...new Set([...t.problem.warnings, ...t.geometry.warnings, ...notes])],
  };
}
