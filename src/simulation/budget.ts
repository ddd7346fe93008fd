import { humanDuration, KramersError } from '../core/index.js';
import { type AmsConfig, wellCurvature } from './ams.js';
import { compileSource } from './config.js';
import { portedToWasmND } from './engine.js';
import type { Runner, SimulationJob } from './jobs.js';
import type { Engine, FunctionSource, SimulationConfig } from './types.js';
import { wasmSimdAvailable } from './wasmLanes.js';

/**
 * Walker-steps one worker thread does per second on the JavaScript kernels, as measured on the
 * shared 2-core machine (`kramers simulate "x^4/4 - x^2/2" --D 0.25 --walkers 10000 --workers 1
 * --json --engine js`, steps over wall time, start-up included: 2.7e7 overdamped Heun, 3.8e7
 * underdamped BAOAB steps/s first; 2.3e7 and 2.9e7 at load average 7, 2026-12-07). A run's time
 * estimate is its walker-steps over this speed times the workers: a guide to within a factor of
 * about two (more on a loaded machine), not a promise.
 */
export const STEPS_PER_SECOND = 2.5e7;

/**
 * The same on the WebAssembly lanes (the command above with `--engine wasm`, the same load: 3.4e7
 * Heun, 5.4e7 BAOAB steps/s), the slower scheme's figure so the estimate stays on the safe side.
 * A driven force U′(x, t) on the lanes is counted at STEPS_PER_SECOND instead: its host call
 * (cos Ωt) makes a step 2–3× dearer there (bench/README.md: 11–18 ns against 6.3 undriven, CPU ns
 * per step of `node bench/simulationStudies.mjs` at load 9–11, where JS runs the undriven step in
 * 16–17 ns and the driven one in 20–27).
 */
export const WASM_STEPS_PER_SECOND = 3.5e7;

/**
 * The time one AMS run spends, in units of time (steps × dt), as measured on the double well at
 * ΔU/D = 5 (`simulate --method ams --json`, steps per run): each direct loop out of the core and
 * back takes about 1.5·γ (3.9e6 steps per run at γ = 1, 50 replicas; 6.8e6 at γ = 2, 10
 * replicas), and each replica about 45 more in regenerated paths. Both are in the well's
 * relaxation time, so they scale as AMS_CURVATURE/U″(x_a) with the well's curvature (the double
 * well's U″ = 2): at 800× its U (and D) a run spends 1/800 of the time.
 */
const AMS_LOOP_TIME_PER_GAMMA = 1.5;
const AMS_TIME_PER_REPLICA = 45;
const AMS_CURVATURE = 2;
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

/**
 * The time scale of a 1-D AMS job against the calibration well: AMS_CURVATURE/U″(x_a); 1 where
 * U″(x_a) is not a positive number (no well bottom, a force that does not compile: the run says).
 */
function amsTimeScale(r: AmsConfig): number {
  let curvature = Number.NaN;
  try {
    curvature = wellCurvature(compileSource('force', r.force), r.start);
  } catch {
    // The run itself reports a bad force; the estimate keeps the calibration's scale.
  }
  return Number.isFinite(curvature) && curvature > 0 ? AMS_CURVATURE / curvature : 1;
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
      const time = (loops + AMS_TIME_PER_REPLICA * r.replicas) * amsTimeScale(r);
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

/** Whether a 1-D job's force has the WebAssembly engine: asked for or by default (engine.ts). */
function lanesFor(engine: Engine | undefined, force: FunctionSource): boolean {
  const program = force.program !== undefined && force.program.variables === force.params.length;
  return engine !== 'js' && program && wasmSimdAvailable();
}

/** Walker-steps per second of one worker for a job: its engine's, and a driven force's. */
export function jobSpeed(job: SimulationJob): number {
  const oneD = (engine: Engine | undefined, force: FunctionSource) =>
    lanesFor(engine, force) && force.params.length === 1 ? WASM_STEPS_PER_SECOND : STEPS_PER_SECOND;
  switch (job.kind) {
    case 'chunk':
    case 'relaxation':
    case 'transitions':
    case 'trajectory':
      return oneD(job.request.config.engine, job.request.config.force);
    case 'ams':
      return oneD(job.request.engine, job.request.force);
    case 'chunkND': {
      const config = job.request.config;
      const lanes = config.engine !== 'js' && portedToWasmND(config) && wasmSimdAvailable();
      return lanes ? WASM_STEPS_PER_SECOND : STEPS_PER_SECOND;
    }
    default:
      return STEPS_PER_SECOND;
  }
}

/** Estimated seconds of one worker for a job: its walker-steps at its engine's speed. */
export function jobSeconds(job: SimulationJob): number {
  return jobWork(job) / jobSpeed(job);
}

/** How much simulation a run may do before it has to ask: a time on a number of workers. */
export interface WorkBudget {
  /** Seconds of estimated wall time the whole run may take. */
  readonly seconds: number;
  /** Worker threads the jobs share. */
  readonly workers: number;
  /**
   * Walker-steps per second of one worker, for every job; default each job's engine's speed
   * (`jobSpeed`: WASM_STEPS_PER_SECOND on the lanes, STEPS_PER_SECOND on JavaScript).
   */
  readonly stepsPerSecond?: number;
  /** What to do instead, in the caller's words (options of a command, say). */
  readonly hint?: string;
}

/** A count for a person: 5.5e14, 3200. */
function count(x: number): string {
  return x >= 1e5 ? x.toExponential(1).replace('e+', 'e') : String(Number(x.toPrecision(2)));
}

/**
 * The estimate of a run's cost, as a refusal says it; `seconds`, the estimate on one worker when
 * the caller has it per job (`jobSeconds`), else steps at the budget's speed.
 */
export function overBudgetError(
  steps: number,
  budget: WorkBudget,
  what: string,
  seconds?: number,
): KramersError {
  const oneWorker = seconds ?? steps / (budget.stepsPerSecond ?? STEPS_PER_SECOND);
  const speed = (steps / oneWorker) * budget.workers;
  const estimate = humanDuration(oneWorker / budget.workers);
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
  // Seconds of one worker left; a fixed speed, when given, counts every job at it.
  let left = budget.seconds * budget.workers;
  const secondsOf = (job: SimulationJob) =>
    budget.stepsPerSecond === undefined ? jobSeconds(job) : jobWork(job) / budget.stepsPerSecond;
  return (jobs, options) => {
    const steps = jobs.reduce((sum, job) => sum + jobWork(job), 0);
    const seconds = jobs.reduce((sum, job) => sum + secondsOf(job), 0);
    if (!(seconds <= left)) throw overBudgetError(steps, budget, 'this simulation', seconds);
    left -= seconds;
    return runner(jobs, options);
  };
}
