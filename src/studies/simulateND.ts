import type { Box, Dynamics } from '../core/index.js';
import {
  type EscapeProblemND,
  type PotentialSummary,
  type PreparedProblemND,
  type PreparedTransitionND,
  prepareND,
  type TransitionSpecND,
  transitionOfND,
} from '../problem/index.js';
import {
  runSimulationND,
  type SimulationResult,
  type SimulationRunOptions,
  type SimulationSettings,
} from '../routes/index.js';

/** A problem in several coordinates, its passage and how to simulate it. */
export interface SimulateProblemND extends EscapeProblemND, TransitionSpecND, SimulationSettings {}

/** A first-passage simulation in several coordinates with the problem it ran on. */
export interface SimulationReportND extends SimulationResult {
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

function passageOf(problem: SimulateProblemND | PreparedTransitionND): PreparedTransitionND {
  if ('geometry' in problem) return problem as PreparedTransitionND;
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
  const t = passageOf(problem);
  const settings = 'geometry' in problem ? {} : settingsOf(problem);
  const result = await runSimulationND(t, settings, options);
  const p = t.problem;
  return {
    ...result,
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
    warnings: [...new Set([...p.warnings, ...result.warnings])],
  };
}
