import { KramersError, type RetCode } from '../core/index.js';
import { meanFirstPassageTime } from '../exact1d/index.js';
import { generateSource } from '../expr/index.js';
import {
  type EscapeProblem,
  type PotentialSummary,
  prepare,
  requireExpression,
} from '../problem/index.js';
import type { RunOptions } from '../routes/index.js';
import {
  type CoreSet,
  checkTimeStep,
  type Dynamics,
  mergeTransitionCounts,
  poissonRate,
  runJobs,
  type TransitionCounts,
  type TransitionRequest,
} from '../simulation/index.js';

export interface TransitionCountProblem extends EscapeProblem {
  /** Start well (index); default 0. */
  readonly from?: number;
  /**
   * Half-width of each core set around its well bottom; default the thermal width √(D/U″),
   * at most 40% of the way to the nearest barrier. 0 makes the cores the well bottoms themselves.
   */
  readonly coreWidth?: number;
  /** Length of each trajectory; default so that ~400 transitions are expected in all. */
  readonly duration?: number;
  /** Independent trajectories (one stream each); default 8. */
  readonly trajectories?: number;
  readonly dt?: number;
  readonly seed?: number;
}

/** `onProgress` counts finished trajectories. */
export type TransitionCountOptions = RunOptions;

export interface CountedTransition {
  readonly from: number;
  readonly to: number;
  /** Transitions counted (entries into core `to` with label `from`). */
  readonly count: number;
  /** Time spent with label `from` (exposure). */
  readonly residence: number;
  /** k = count / residence, with the Poisson SE √count/residence and the exact Garwood CI. */
  readonly rate: number;
  readonly rateStdErr: number;
  readonly rateCI95: [number, number];
  /**
   * Overdamped only, for an end well (one neighbour, so every stay starts at the same core
   * edge): 1/T(core edge → target core edge) by quadrature. Null otherwise.
   */
  readonly exactRate: number | null;
}

export interface TransitionCountReport {
  readonly retcode: RetCode;
  readonly potential: PotentialSummary;
  readonly D: number;
  readonly gamma: number;
  readonly mass: number;
  readonly dynamics: Dynamics;
  readonly cores: readonly { well: number; x: number; min: number; max: number }[];
  readonly transitions: readonly CountedTransition[];
  readonly duration: number;
  readonly trajectories: number;
  readonly dt: number;
  readonly seed: number;
  readonly steps: number;
  readonly warnings: readonly string[];
}

function invalid(path: string, message: string): never {
  throw new KramersError('invalid_parameter', `${path}: ${message}`, {
    issues: [{ path, message }],
  });
}

/**
 * Transition counting between all wells in long Langevin trajectories, with core sets around
 * the well bottoms (a transition counts only when the next core is entered: barrier recrossings
 * do not). Gives k_ij = N_ij/T_i with Poisson CIs beside the exact overdamped value where one
 * applies. This is the "mean time between well cores" rate: for a symmetric double well it is
 * 1/T(core → core), which differs from the population-relaxation rate λ1/2 by O(D/ΔU).
 */
export async function simulateTransitions(
  problem: TransitionCountProblem = {},
  options: TransitionCountOptions = {},
): Promise<TransitionCountReport> {
  const resolved = prepare(problem);
  const potential = requireExpression(resolved, 'transition counting');
  const { landscape } = resolved;
  const { wells, barriers } = landscape;
  if (wells.length < 2) {
    throw new KramersError(
      'no_well',
      `transition counting needs at least two wells; this potential has ${wells.length}`,
    );
  }
  if (landscape.edges.left === 'open' || landscape.edges.right === 'open') {
    throw new KramersError(
      'unbounded_below',
      'transition counting needs a confining potential: here U falls without bound on one side, so trajectories escape for good',
      { hint: 'use kramers simulate (first passage) for escape to infinity' },
    );
  }
  const { D, gamma, mass, dynamics } = resolved;
  const seed = problem.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    invalid('seed', `expected a whole number from 0 to 4294967295; got ${seed}`);
  }
  const trajectories = problem.trajectories ?? 8;
  if (!Number.isInteger(trajectories) || trajectories < 1) {
    invalid('trajectories', `expected a whole number ≥ 1; got ${trajectories}`);
  }
  if (problem.coreWidth !== undefined && !(problem.coreWidth >= 0)) {
    invalid('coreWidth', `expected a width ≥ 0; got ${problem.coreWidth}`);
  }
  // Cores [x_i − w_i, x_i + w_i], outer ends open; each stays 40% short of its barriers.
  const cores: CoreSet[] = [];
  const coreInfo: { well: number; x: number; min: number; max: number }[] = [];
  wells.forEach((w, i) => {
    let room = Number.POSITIVE_INFINITY;
    for (const b of barriers) room = Math.min(room, Math.abs(b.x - w.x));
    const thermal = Math.sqrt(D / Math.max(w.d2U, 1e-300));
    const half = Math.min(problem.coreWidth ?? thermal, 0.4 * room);
    if (problem.coreWidth !== undefined && problem.coreWidth > 0.4 * room) {
      throw new KramersError(
        'invalid_parameter',
        `coreWidth ${problem.coreWidth} reaches past 40% of the way from well ${i} to its barrier (${0.4 * room})`,
        { issues: [{ path: 'coreWidth', message: 'core sets would overlap the barrier region' }] },
      );
    }
    const core = {
      min: i === 0 ? Number.NEGATIVE_INFINITY : w.x - half,
      max: i === wells.length - 1 ? Number.POSITIVE_INFINITY : w.x + half,
    };
    cores.push(core);
    coreInfo.push({ well: i, x: w.x, min: w.x - half, max: w.x + half });
  });
  const from = problem.from ?? 0;
  if (!Number.isInteger(from) || from < 0 || from >= wells.length) {
    invalid('from', `expected a well index from 0 to ${wells.length - 1}; got ${from}`);
  }

  // Exact overdamped rates for end wells: every stay there starts at the inner core edge.
  const exactFor = (i: number, j: number): number | null => {
    if (dynamics !== 'overdamped') return null;
    if (i !== 0 && i !== wells.length - 1) return null;
    const start = i < j ? coreInfo[i]!.max : coreInfo[i]!.min;
    const target = j > i ? coreInfo[j]!.min : coreInfo[j]!.max;
    try {
      const t = meanFirstPassageTime({ potential, D, gamma, start, absorbing: target }).mfpt;
      return 1 / t;
    } catch (error) {
      if (error instanceof KramersError) return null;
      throw error;
    }
  };
  let slowest = Number.POSITIVE_INFINITY;
  for (let i = 0; i + 1 < wells.length; i++) {
    for (const [a, b] of [
      [i, i + 1],
      [i + 1, i],
    ] as const) {
      const start = wells[a]!.x;
      const t = meanFirstPassageTime({ potential, D, gamma, start, absorbing: wells[b]!.x }).mfpt;
      slowest = Math.min(slowest, 1 / t);
    }
  }
  let maxCurvature = 0;
  for (const w of wells) maxCurvature = Math.max(maxCurvature, Math.abs(w.d2U));
  for (const b of barriers) maxCurvature = Math.max(maxCurvature, Math.abs(b.d2U));
  const dt =
    problem.dt ??
    (dynamics === 'overdamped'
      ? Math.min(1e-3, (0.02 * gamma) / Math.max(maxCurvature, 1e-12))
      : Math.min(1e-3, 0.05 / Math.sqrt(Math.max(maxCurvature, 1e-12) / mass)));
  // ~400 transitions of the slowest kind in all (overdamped estimate; inertia changes the rate
  // by a factor of order one at moderate friction).
  const duration = problem.duration ?? Math.max(100 * dt, 400 / slowest / trajectories);
  const wellStart = wells[from]!.x;
  const config = {
    dynamics,
    force: generateSource(potential.derivativeAsts[0], ['x']),
    potential: generateSource(potential.ast, ['x']),
    D,
    gamma,
    mass,
    dt,
    seed,
    cores,
    start: wellStart,
    duration,
  };
  const warnings = [
    ...resolved.warnings,
    // The region the trajectories roam: all wells, and half their span beyond the outer ones.
    ...checkTimeStep({
      ...config,
      tMax: duration,
      start: { x: 0.5 * (wells[0]!.x + wells[wells.length - 1]!.x) },
      absorbing: {
        below: wells[0]!.x - 0.5 * (wells[wells.length - 1]!.x - wells[0]!.x),
        above: wells[wells.length - 1]!.x + 0.5 * (wells[wells.length - 1]!.x - wells[0]!.x),
      },
    }),
  ];
  const requests: TransitionRequest[] = Array.from({ length: trajectories }, (_, i) => ({
    config,
    firstTrajectory: i,
    trajectories: 1,
  }));
  let finished = 0;
  const results = await runJobs(options.runner, 'transitions', requests, {
    signal: options.signal,
    onDone: () => options.onProgress?.(++finished, trajectories),
  });
  const done = results.filter((r): r is TransitionCounts => r !== undefined && !r.aborted);
  const merged = mergeTransitionCounts(done);
  const K = wells.length;
  const transitions: CountedTransition[] = [];
  for (let i = 0; i < K; i++) {
    for (const j of [i - 1, i + 1]) {
      if (j < 0 || j >= K) continue;
      const count = done.length > 0 ? merged.counts[i * K + j]! : 0;
      const residence = done.length > 0 ? merged.residence[i]! : 0;
      const r =
        residence > 0
          ? poissonRate(count, residence)
          : { rate: Number.NaN, rateStdErr: Number.NaN, rateCI95: [Number.NaN, Number.NaN] };
      transitions.push({
        from: i,
        to: j,
        count,
        residence,
        rate: r.rate,
        rateStdErr: r.rateStdErr,
        rateCI95: r.rateCI95 as [number, number],
        exactRate: exactFor(i, j),
      });
      if (residence > 0 && count < 10) {
        warnings.push(
          `only ${count} transitions ${i} → ${j} counted: the rate is rough; run longer (--duration)`,
        );
      }
    }
  }
  if (merged.failed > 0) {
    warnings.push(
      `${merged.failed} trajectories met a non-finite state (force overflow or dt too large); their time up to then is kept`,
    );
  }
  const interrupted = done.length < trajectories;
  if (interrupted)
    warnings.push(`interrupted after ${done.length} of ${trajectories} trajectories`);
  if (dynamics === 'underdamped') {
    warnings.push('no exact column for underdamped dynamics (see kramers turnover)');
  }
  return {
    retcode: interrupted ? 'interrupted' : merged.failed > 0 ? 'not_converged' : 'success',
    potential: resolved.summary,
    D,
    gamma,
    mass,
    dynamics,
    cores: coreInfo,
    transitions,
    duration,
    trajectories: done.length,
    dt,
    seed,
    steps: merged.steps,
    warnings: [...new Set(warnings)],
  };
}
