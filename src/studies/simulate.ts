import type { Dynamics } from '../core/index.js';
import {
  checkProblem,
  ESCAPE_KEYS,
  isPrepared,
  keysOf,
  PASSAGE_KEYS,
  type PreparedTransition,
  prepare,
  type TransitionProblem,
  transitionOf,
} from '../problem/index.js';
import {
  type AmsRouteResult,
  type AmsSettings,
  type RunOptions,
  runAms,
  runSimulation,
  type SimulationResult,
  type SimulationRunOptions,
  type SimulationSettings,
} from '../routes/index.js';
import { isPreparedPassage, passageSummary } from './rate.js';
import { AMS_SETTINGS_KEYS, SIMULATION_SETTINGS_KEYS } from './settingsKeys.js';

export interface SimulateProblem extends TransitionProblem, SimulationSettings {}

/** A first-passage simulation with the problem it ran on. */
export interface SimulationReport extends SimulationResult, ReturnType<typeof passageSummary> {
  readonly dynamics: Dynamics;
}

/** The keys `simulate()` reads: the passage and the walkers' settings. */
const SIMULATE_KEYS = keysOf<SimulateProblem>()([
  ...ESCAPE_KEYS,
  ...PASSAGE_KEYS,
  ...SIMULATION_SETTINGS_KEYS,
]);

/** The keys `simulateAms()` reads: the passage and the splitting's settings. */
const AMS_KEYS = keysOf<AmsProblem>()([...ESCAPE_KEYS, ...PASSAGE_KEYS, ...AMS_SETTINGS_KEYS]);

/** The passage of a simulation problem; `t` in the expression is time (frozen at 0 for the landscape). */
function simulatedPassage(problem: TransitionProblem | PreparedTransition): PreparedTransition {
  if (isPreparedPassage(problem)) return problem;
  const plain = problem as TransitionProblem;
  if (!isPrepared(problem)) checkProblem(problem, SIMULATE_KEYS, 'simulate');
  return transitionOf(prepare(plain, { allowTime: true }), plain);
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

/**
 * First-passage times by Langevin simulation (overdamped Heun or underdamped BAOAB) from a well
 * (or point) to the neighbouring well's bottom (or a point), with MFPT, standard error, 95% CIs,
 * rate, histogram and an exponential-fit check. The route that needs no asymptotics; reproducible
 * for any worker count from one seed. A potential in x and t is simulated as given; wells,
 * barriers and the default target come from the frozen landscape at t = 0.
 */
export async function simulate(
  problem: SimulateProblem = {},
  options: SimulationRunOptions = {},
): Promise<SimulationReport> {
  const t = simulatedPassage(problem);
  const result = await runSimulation(t, settingsOf(problem), options);
  return {
    ...result,
    ...passageSummary(t),
    warnings: [...new Set([...t.problem.warnings, ...result.warnings])],
  };
}

export interface AmsProblem extends TransitionProblem, AmsSettings {}

/** An AMS estimate with the problem it ran on. */
export interface AmsReport extends AmsRouteResult, ReturnType<typeof passageSummary> {
  readonly method: 'ams';
}

/**
 * First passage over a high barrier by adaptive multilevel splitting (overdamped), for barriers
 * where direct simulation is hopeless: T = E[τ_loop]/p with p estimated by AMS (Cérou & Guyader
 * 2007; Cérou, Guyader, Lelièvre & Pommier 2011). The error bar comes from independent runs.
 * `onProgress` counts finished runs.
 */
export async function simulateAms(
  problem: AmsProblem = {},
  options: RunOptions = {},
): Promise<AmsReport> {
  if (!isPrepared(problem)) checkProblem(problem, AMS_KEYS, 'simulateAms');
  const t = transitionOf(prepare(problem), problem);
  const { replicas, runs, dt, seed } = problem;
  const result = await runAms(
    t,
    {
      ...(replicas !== undefined ? { replicas } : {}),
      ...(runs !== undefined ? { runs } : {}),
      ...(dt !== undefined ? { dt } : {}),
      ...(seed !== undefined ? { seed } : {}),
    },
    options,
  );
  return {
    ...result,
    ...passageSummary(t),
    method: 'ams',
    warnings: [...new Set([...t.problem.warnings, ...result.warnings])],
  };
}
