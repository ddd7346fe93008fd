import { humanDuration, KramersError } from '../core/index.js';
import type { Runner, SimulationJob } from './jobs.js';
import type { SimulationConfig } from './types.js';

/**
 * Walker-steps one worker thread does per second, as measured for the generated kernels on the
 * shared 2-core machine (`kramers simulate --workers 1 --json`, steps over wall time, start-up
 * included: 2.7e7 overdamped Heun, 3.8e7 underdamped BAOAB steps/s on the double well). A run's
 * time estimate is its walker-steps over this speed times the workers: a guide to within a
 * factor of about two (more on a loaded machine), not a promise.
 */
export const STEPS_PER_SECOND = 2.5e7;

/**
 * The time one AMS run spends, in units of time (steps × dt), as measured on the double well at
 * ΔU/D = 5 (`simulate --method ams --json`, steps per run): each direct loop out of the core and
 * back takes about 1.5·γ (3.9e6 steps per run at γ = 1, 50 replicas; 6.8e6 at γ = 2, 10
 * replicas), and each replica about 45 more in regenerated paths.
 */
const AMS_LOOP_TIME_PER_GAMMA = 1.5;
const AMS_TIME_PER_REPLICA = 45;
/**
 * One AMS step costs about five direct-kernel steps (levels, resampling, the paths kept): the
 * README's run, 4.7e8 steps, takes 48–57 s on two workers against 2.5e7 direct steps/s each.
 */
const AMS_STEP_COST = 5;

/** The cost of one step in n coordinates per coordinate, in one-coordinate steps (see jobWork). */
const ND_STEP_COST = 1.5;

/**
 * Expected steps of one first-passage walker: E[min(τ, tMax)]/dt with τ exponential of mean
 * `expectedTime` (the exact MFPT, when the study knows it), else the censoring time.
 */
function walkerSteps(config: Pick<SimulationConfig, 'expectedTime' | 'tMax' | 'dt'>): number {
  const m = config.expectedTime;
  const time = m !== undefined && m > 0 ? m * -Math.expm1(-config.tMax / m) : config.tMax;
  return Math.max(1, time / config.dt);
}

/** The walker-steps a job will take, estimated before it runs (the unit of a work budget). */
export function jobWork(job: SimulationJob): number {
  switch (job.kind) {
    case 'chunk':
      return job.request.walkers * walkerSteps(job.request.config);
    case 'chunkND':
      // A step in n coordinates costs about 1.5·n one-coordinate steps (bench/langevinND.mjs:
      // Heun 3.2× at n = 2, 3.9× at n = 3; n normals, n gradient components, the target's
      // conditions), so the estimate counts 1-D-equivalent steps.
      return (
        job.request.walkers *
        walkerSteps(job.request.config) *
        ND_STEP_COST *
        job.request.config.dimension
      );
    case 'pathsND':
      // As chunkND: a recorded point adds a copy of n numbers, small beside a step.
      return (
        job.request.walkers *
        walkerSteps(job.request.config) *
        ND_STEP_COST *
        job.request.config.dimension
      );
    case 'relaxation': {
      const { config, walkers } = job.request;
      return walkers * config.samples * config.sampleEvery;
    }
    case 'ams': {
      const r = job.request;
      const loops = (r.loopsPerRun ?? 2000) * AMS_LOOP_TIME_PER_GAMMA * r.gamma;
      const time = loops + AMS_TIME_PER_REPLICA * r.replicas;
      return AMS_STEP_COST * (r.independentRuns ?? 10) * Math.max(1, time / r.dt);
    }
    case 'amsND': {
      // As one-coordinate AMS at the smallest friction eigenvalue, a step costing 1.5·n 1-D steps.
      const r = job.request;
      const gamma = typeof r.friction === 'number' ? r.friction : Math.min(...r.friction.values);
      const loops = (r.loopsPerRun ?? 2000) * AMS_LOOP_TIME_PER_GAMMA * gamma;
      const time = loops + AMS_TIME_PER_REPLICA * r.replicas;
      const runs = r.independentRuns ?? 10;
      return AMS_STEP_COST * runs * Math.max(1, time / r.dt) * ND_STEP_COST * r.dimension;
    }
    case 'transitions':
      return job.request.trajectories * (job.request.config.duration / job.request.config.dt);
    case 'trajectory': {
      const r = job.request;
      return r.trajectories * r.samples * r.every;
    }
  }
}

/** How much simulation a run may do before it has to ask: a time on a number of workers. */
export interface WorkBudget {
  /** Seconds of estimated wall time the whole run may take. */
  readonly seconds: number;
  /** Worker threads the jobs share. */
  readonly workers: number;
  /** Walker-steps per second of one worker; default STEPS_PER_SECOND. */
  readonly stepsPerSecond?: number;
  /** What to do instead, in the caller's words (options of a command, say). */
  readonly hint?: string;
}

/** A count for a person: 5.5e14, 3200. */
function count(x: number): string {
  return x >= 1e5 ? x.toExponential(1).replace('e+', 'e') : String(Number(x.toPrecision(2)));
}

/** The estimate of a run's cost, as a refusal says it. */
export function overBudgetError(steps: number, budget: WorkBudget, what: string): KramersError {
  const speed = (budget.stepsPerSecond ?? STEPS_PER_SECOND) * budget.workers;
  const estimate = humanDuration(steps / speed);
  return new KramersError(
    'over_budget',
    `${what} would take about ${count(steps)} walker-steps, ≈ ${estimate} at ${count(speed)} steps/s on ${budget.workers} worker${budget.workers === 1 ? '' : 's'}: past the budget of ${humanDuration(budget.seconds)}`,
    {
      issues: [{ path: 'budget', message: `estimated ${estimate}` }],
      hint:
        budget.hint ??
        'fewer walkers or trajectories, a larger dt, or adaptive multilevel splitting over a high barrier',
    },
  );
}

/**
 * A runner that checks each batch of jobs against what is left of a work budget before it
 * starts, and refuses (KramersError `over_budget`, with the estimate) a batch that would overrun
 * it: a study that submits its work in one batch is refused before any step, one that submits
 * several (a sweep) at the batch that would overrun, after at most the budget's time.
 */
export function budgetedRunner(runner: Runner, budget: WorkBudget): Runner {
  const speed = (budget.stepsPerSecond ?? STEPS_PER_SECOND) * budget.workers;
  let left = budget.seconds * speed;
  return (jobs, options) => {
    const steps = jobs.reduce((sum, job) => sum + jobWork(job), 0);
    if (!(steps <= left)) throw overBudgetError(steps, budget, 'this simulation');
    left -= steps;
    return runner(jobs, options);
  };
}
