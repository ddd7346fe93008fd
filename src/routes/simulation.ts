import { KramersError, type RetCode, requireCount as requireCountWithin } from '../core/index.js';
import { generateSource, simplify } from '../expr/index.js';
import {
  crossing,
  type PreparedProblem,
  type PreparedTransition,
  requireExpression,
} from '../problem/index.js';
import { kramersSpatialDiffusion, melnikovMeshkovRate } from '../rates/index.js';
import {
  type ChunkRequest,
  type ChunkResult,
  checkTimeStep,
  type Engine,
  type ExtrapolatedMfpt,
  extrapolateMfpt,
  extrapolateMfptPaired,
  type FirstPassageStatistics,
  firstPassageStatistics,
  type Runner,
  runJobs,
  type SimulationConfig,
} from '../simulation/index.js';
import { exactRoute } from './exact.js';
import { inertialContext } from './inertialContext.js';
import type { MethodInfo } from './method.js';
import type { RouteResult } from './result.js';

export const simulationInfo: MethodInfo = {
  key: 'simulation',
  label: 'Langevin simulation',
  short: 'simulated',
  definition:
    'Langevin walkers (overdamped Heun or underdamped BAOAB): as a rate route, 1/MFPT to the same target as the exact route with a 95% CI; in the driven studies the measured response or rupture forces',
  regime:
    'any dynamics and barrier that walkers cross in the step budget; time-step bias O(dt) (two-dt extrapolation removes it)',
  reference:
    'Leimkuhler & Matthews, Appl. Math. Res. Express (2013) for BAOAB; censored first-passage statistics',
  dynamics: 'both',
  kind: 'simulation',
  colour: '#2f9e44',
};

/** How a first-passage simulation runs: walkers, step, censoring, seed. */
export interface SimulationSettings {
  /** Walkers (independent trajectories); default 1000. */
  readonly walkers?: number;
  /** Time step; default 1e-3 bounded by 0.02·γ/max U″ (overdamped) or 0.05/ω (underdamped). */
  readonly dt?: number;
  /**
   * Censoring time; default 20× the exact MFPT (censoring probability ~e^{−20} for an exponential
   * FPT), or for underdamped dynamics 20× the inverse Mel'nikov–Meshkov rate of the transition.
   */
  readonly tMax?: number;
  /** Master seed (uint32); default 1. Same seed ⇒ same numbers for any worker count. */
  readonly seed?: number;
  /** Also run at dt/2 and remove the time-step bias by two-dt extrapolation. */
  readonly extrapolate?: boolean;
  /**
   * The expected passage time, for the cost estimate of a work budget only (default: the exact or
   * inertial MFPT; a driven passage, whose frozen MFPT is no guide, gives its own).
   */
  readonly expectedTime?: number;
}

/** One finished chunk of walkers, as kept in a checkpoint. */
export interface CompletedChunk {
  readonly dt: number;
  readonly firstWalker: number;
  readonly walkers: number;
  readonly result: ChunkResult;
}

/** The protocol every simulating study takes: where to run, how to stop, how far it is. */
export interface RunOptions {
  /** Where simulation jobs run (a worker pool, Web Workers); default: this thread. */
  readonly runner?: Runner;
  /** Stops the work; what finished is kept and the report says `interrupted`. */
  readonly signal?: AbortSignal;
  /** Called as work finishes: units done of the total (walkers, runs, points: the study says). */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Seconds of estimated time the study's exact solves may take (Klein–Kramers columns, tilted
   * rate tables); past it the study refuses with the estimate (`over_budget`) before solving.
   * Simulation jobs have their own budget on the runner (`budgetedRunner`). Default: none.
   */
  readonly budgetSeconds?: number;
}

export interface SimulationRunOptions extends RunOptions {
  /**
   * Checkpoint: chunks finished by an earlier, interrupted run of the same problem. They are not
   * run again; since walker i always draws from stream i, the resumed run's numbers equal an
   * uninterrupted run's.
   */
  readonly completed?: readonly CompletedChunk[];
  /** Called after each finished chunk (write it to a checkpoint). */
  readonly onChunkDone?: (chunk: CompletedChunk) => void;
}

/** The simulation route's result: first-passage statistics and how they were obtained. */
export interface SimulationResult
  extends RouteResult,
    Omit<FirstPassageStatistics, 'warnings' | 'retcode' | 'rate' | 'mfpt' | 'mfptStdErr'> {
  /**
   * The MFPT estimate; null where there is none (`estimator: 'none'`: no walker escaped, or none
   * finished), never 0 or ∞. The rate 1/MFPT, its log and errors are null then too.
   */
  readonly mfpt: number | null;
  readonly mfptStdErr: number | null;
  /**
   * No walker escaped: the one-sided 95% bound MFPT > mfptLowerBound (c·0.05^{1/N}, c the
   * shortest censoring time; the lower end of `mfptCI95`), the only thing the data say. Null
   * whenever there is an estimate.
   */
  readonly mfptLowerBound: number | null;
  readonly rate: number | null;
  readonly logRate: number | null;
  readonly error: number | null;
  readonly relativeError: number | null;
  readonly dt: number;
  readonly tMax: number;
  readonly seed: number;
  readonly steps: number;
  /**
   * The exact MFPT of the same passage, for comparison: overdamped walkers only (the MFPT of their
   * Fokker–Planck equation); null for underdamped walkers, whose exact MFPT is not computed here.
   */
  readonly exactMfpt: number | null;
  /**
   * Underdamped walkers only: the overdamped MFPT of the passage, which sized the run. It is NOT
   * the MFPT of these dynamics (inertia changes it, the Kramers turnover), so nothing is measured
   * against it.
   */
  readonly overdampedMfpt?: number | null;
  /**
   * The kernels that ran the walkers in several coordinates: 'wasm' when every chunk ran on the
   * WebAssembly lanes, else 'js' (BAOAB and a friction matrix have JavaScript kernels only).
   */
  readonly engine?: Engine;
  /**
   * With `extrapolate`: the extrapolated MFPT and the dt/2 run's. Both runs draw walker i from
   * stream i, so the standard error is the paired one (`stdErrFrom: 'paired'`), or with censored
   * walkers the quadrature bound, which overstates it (`'quadrature'`, said in a warning).
   */
  readonly extrapolated?: ExtrapolatedMfpt & { fineMfpt: number };
}

/** Walkers per chunk: small enough to balance two workers, large enough to amortise messages. */
const CHUNK = 128;

/**
 * The limits of the sampling routes' counts: each walker keeps its time (8 bytes) and flag, and
 * each run or trajectory is one job; past these a run is a memory error, not a long wait.
 */
export const COUNT_LIMITS = {
  walkers: { max: 1e7, why: '1e7 walkers keep 90 MB of first-passage times' },
  replicas: { min: 2, max: 1e6, why: 'every replica of a run lives in memory at once' },
  runs: { max: 1e5, why: 'each run is one job' },
  trajectories: { max: 1e5, why: 'each trajectory is one job' },
} as const;

/** A count of walkers, replicas, runs or trajectories, within its limit (`COUNT_LIMITS`). */
export function requireCount(name: keyof typeof COUNT_LIMITS, value: number): number {
  return requireCountWithin(name, value, COUNT_LIMITS[name]);
}

export function requireSeed(seed: number): number {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new KramersError(
      'invalid_parameter',
      `seed must be a whole number from 0 to 4294967295; got ${seed}`,
    );
  }
  return seed;
}

/** The exact overdamped MFPT of the passage (sizes tMax, shown beside the simulation). */
function exactMfptOf(t: PreparedTransition): number | null {
  try {
    return exactRoute.run(t).mfpt;
  } catch (error) {
    if (error instanceof KramersError && error.code === 'unbounded_below') {
      throw new KramersError(
        'unbounded_below',
        `the target x = ${t.geometry.target.x} is not reached with certainty: on the start's far side U falls without bound, so walkers escape there (${error.message})`,
        {
          issues: [{ path: 'to', message: 'unreachable target' }],
          hint: 'choose a target on the open side, or add an absorbing neighbour',
        },
      );
    }
    throw error;
  }
}

/**
 * A passage whose exact MFPT is past the largest double: no walker escapes in a run of any
 * feasible length, so the run is refused before its default censoring time (20 T) overflows.
 */
function requireEscapable(t: PreparedTransition, exactMfpt: number): void {
  if (Number.isFinite(exactMfpt)) return;
  const log = exactRoute.run(t).logMfpt;
  throw new KramersError(
    'invalid_parameter',
    `the exact MFPT is e^${Number(log.toPrecision(4))} (ΔU/D far too high to simulate): no walker would escape in a run of any feasible length`,
    {
      issues: [{ path: 'D', message: 'escape too rare to simulate' }],
      hint: 'kramers rate gives the exact rate; raise D, or give --tmax to censor at',
    },
  );
}

/**
 * A run whose censoring time is past 2^52 steps (the kernels count steps in doubles). Where tMax
 * is the default, 20 expected passage times, the user gave no tMax to blame: the barrier is too
 * high for direct walkers, and AMS is the method for it.
 */
export function requireFeasibleRun(tMax: number, dt: number, given: boolean): void {
  const steps = tMax / dt;
  if (steps <= 2 ** 52) return;
  if (given) {
    throw new KramersError(
      'invalid_parameter',
      `tMax/dt = ${steps.toPrecision(3)} steps per walker, past 2^52: give a smaller tMax or a larger dt`,
      { issues: [{ path: 'tMax', message: 'tMax/dt exceeds 2^52 steps' }] },
    );
  }
  throw new KramersError(
    'invalid_parameter',
    `the barrier is too high for direct walkers: the expected passage time ${(tMax / 20).toPrecision(3)} needs about ${(steps / 20).toPrecision(2)} steps of dt = ${dt} per walker, and the default censoring time (20 of them) is past 2^52 steps`,
    {
      issues: [{ path: 'D', message: 'escape too rare for direct walkers' }],
      hint: 'use --method ams (adaptive multilevel splitting) over a high barrier, or give --tmax to censor at',
    },
  );
}

/**
 * With inertia the overdamped MFPT is the wrong scale (at weak friction passage is far slower):
 * 1/k of the Mel'nikov–Meshkov rate into a sink (or the spatial-diffusion rate without an action).
 * A point beyond the barrier (`--to-x`) is such a sink too: a walker that crosses the barrier at
 * weak friction carries the barrier's energy on past it. Before, a point target fell back to the
 * overdamped MFPT, which censored 151 of 200 walkers at γ = 0.05 (x⁴/4 − x²/2, D = 0.1, to x = 1).
 * A point short of any barrier has no crossing and keeps the overdamped scale.
 */
function inertialMfptOf(t: PreparedTransition): number | null {
  const c = crossing(t);
  if (!c || c.well.degenerate || c.barrier.degenerate) return null;
  const base = inertialBase(t, c);
  const action = inertialContext(t).action;
  const k =
    action !== null
      ? melnikovMeshkovRate({ ...base, action }).rate
      : kramersSpatialDiffusion(base).rate;
  return k !== null && k > 0 ? 1 / k : null;
}

/** The curvatures, barrier and bath of a crossing, as the inertial rate formulas take them. */
function inertialBase(t: PreparedTransition, c: NonNullable<ReturnType<typeof crossing>>) {
  const { D, gamma, mass } = t.problem;
  return {
    wellCurvature: c.well.d2U,
    barrierCurvature: c.barrier.d2U,
    deltaU: c.transition.deltaU,
    D,
    gamma,
    mass,
  };
}

/**
 * Two inertial rates of a passage between wells: Kramers' spatial-diffusion rate k_SD (≤ the
 * transition-state rate; the rate of barrier crossings that reach the far well, recrossings
 * after energy is lost aside) and the Mel'nikov–Meshkov turnover rate k_MM with the landscape's
 * geometry (recrossing into a mirror-image well, else a sink), the escape rate from weak to
 * strong friction within ~1.5·D/ΔU (src/rates/melnikovMeshkov.ts). Null where not computable.
 */
export function inertialRatesOf(t: PreparedTransition): {
  spatialDiffusion: number | null;
  turnover: number | null;
} {
  const c = crossing(t);
  if (!c || c.well.degenerate || c.barrier.degenerate) {
    return { spatialDiffusion: null, turnover: null };
  }
  const { action, geometry } = inertialContext(t);
  const base = inertialBase(t, c);
  const positive = (k: number | null) => (k !== null && k > 0 ? k : null);
  return {
    spatialDiffusion: positive(kramersSpatialDiffusion(base).rate),
    turnover:
      action === null ? null : positive(melnikovMeshkovRate({ ...base, action, geometry }).rate),
  };
}

/** The largest |U″| over wells and barriers: the stiffness that bounds a stable time step. */
export function maxCurvatureOf(t: PreparedTransition | { problem: PreparedTransition['problem'] }) {
  let max = 0;
  const { wells, barriers } = t.problem.landscape;
  for (const p of [...wells, ...barriers]) max = Math.max(max, Math.abs(p.d2U));
  return max;
}

/**
 * The default time step of a Langevin run on a prepared problem: 1e-3, bounded by 0.02·γ/max|U″|
 * (overdamped) or 0.05/ω_max with ω_max = √(max|U″|/m) (underdamped).
 */
export function defaultTimeStep(problem: PreparedProblem): number {
  const { dynamics, gamma, mass } = problem;
  const stiffness = Math.max(maxCurvatureOf({ problem }), 1e-12);
  return dynamics === 'overdamped'
    ? Math.min(1e-3, (0.02 * gamma) / stiffness)
    : Math.min(1e-3, 0.05 / Math.sqrt(stiffness / mass));
}

/** Where walkers of a 1-D passage are absorbed: the target, and the far neighbour if it absorbs. */
function absorbingOf(t: PreparedTransition): SimulationConfig['absorbing'] {
  const { x0, target, far } = t.geometry;
  const farX = far.kind === 'absorbing' && far.x !== null ? far.x : undefined;
  return target.x > x0
    ? { above: target.x, ...(farX !== undefined ? { below: farX } : {}) }
    : { below: target.x, ...(farX !== undefined ? { above: farX } : {}) };
}

/**
 * The time-step rule of direct overdamped walkers (checkTimeStep on the region they visit) for a
 * route whose own kernel takes the same stochastic Heun step on the passage: AMS's excursions.
 * Throws beyond the stability limit and warns above a tenth of it, exactly as for walkers.
 */
export function overdampedStepWarnings(t: PreparedTransition, dt: number): string[] {
  const potential = requireExpression(t.problem, 'simulation');
  return checkTimeStep({
    dynamics: 'overdamped',
    force: generateSource(potential.derivativeAsts[0], ['x']),
    potential: generateSource(simplify(potential.ast), ['x']),
    D: t.problem.D,
    gamma: t.problem.gamma,
    dt,
    // checkTimeStep reads no censoring time or seed: the smallest valid ones.
    tMax: dt,
    start: { x: t.geometry.x0 },
    absorbing: absorbingOf(t),
    seed: 0,
  });
}

/** The expected passage time as the kernel's configuration carries it (none when unknown). */
function expectedTimeOf(time: number | null): { expectedTime?: number } {
  return time !== null && Number.isFinite(time) && time > 0 ? { expectedTime: time } : {};
}

/** The generated kernel configuration of a first-passage run (no work done yet). */
function configOf(t: PreparedTransition, settings: SimulationSettings) {
  const { D, gamma, mass, dynamics, driven } = t.problem;
  const potential = requireExpression(t.problem, 'simulation');
  if (t.geometry.far.kind === 'reflecting') {
    throw new KramersError(
      'usage',
      'reflecting walls are not simulated yet; use the natural boundary or an absorbing neighbour',
    );
  }
  const walkers = requireCount('walkers', settings.walkers ?? 1000);
  const seed = requireSeed(settings.seed ?? 1);
  // With a drive the frozen landscape's MFPT only sizes tMax: not needed when tMax is given (a
  // force ramp sets its own), and never the answer.
  let exactMfpt = driven && settings.tMax !== undefined ? null : exactMfptOf(t);
  if (exactMfpt !== null && settings.tMax === undefined) requireEscapable(t, exactMfpt);
  const inertialMfpt = dynamics === 'underdamped' ? inertialMfptOf(t) : null;
  const scale = inertialMfpt ?? exactMfpt;
  const tMax = settings.tMax ?? (scale !== null && Number.isFinite(scale) ? 20 * scale : 1e4);
  const dt = settings.dt ?? defaultTimeStep(t.problem);
  requireFeasibleRun(tMax, dt, settings.tMax !== undefined);
  if (driven) exactMfpt = null;
  const config: SimulationConfig = {
    dynamics,
    force: driven
      ? generateSource(driven.forceAst, ['x', 't'])
      : generateSource(potential.derivativeAsts[0], ['x']),
    potential: driven
      ? generateSource(driven.ast, ['x', 't'])
      : generateSource(simplify(potential.ast), ['x']),
    D,
    gamma,
    mass,
    dt,
    tMax,
    start: { x: t.geometry.x0 },
    absorbing: absorbingOf(t),
    seed,
    ...expectedTimeOf(settings.expectedTime ?? scale),
  };
  return { config, walkers, exactMfpt };
}

function configWarnings(t: PreparedTransition, config: SimulationConfig, exactMfpt: number | null) {
  const warnings = [...t.geometry.warnings, ...checkTimeStep(config)];
  if (t.problem.driven) {
    warnings.push(
      'time-dependent potential: wells, barriers and the target are those of the landscape at t = 0; no exact MFPT',
    );
  }
  if (t.problem.dynamics === 'underdamped' && exactMfpt !== null) {
    warnings.push(
      'no exact MFPT for underdamped walkers: the overdamped MFPT shown (overdampedMfpt) is not this dynamics; with inertia the passage time differs (Kramers turnover)',
    );
  }
  return warnings;
}

export interface Pass {
  readonly times: Float64Array;
  readonly censored: Uint8Array;
  readonly steps: number;
  readonly failures: string[];
  readonly interrupted: boolean;
}

const chunkKey = (dt: number, first: number, count: number) => `${dt}|${first}|${count}`;

/** Assembles chunk results in walker order, so the numbers do not depend on which worker ran what. */
function assemble(results: readonly (ChunkResult | undefined)[], walkers: number): Pass {
  const ran = results.filter((r): r is ChunkResult => r !== undefined);
  const n = ran.reduce((s, r) => s + r.times.length, 0);
  const times = new Float64Array(n);
  const censored = new Uint8Array(n);
  let offset = 0;
  let steps = 0;
  const failures: string[] = [];
  for (const r of ran) {
    times.set(r.times, offset);
    censored.set(r.censored, offset);
    offset += r.times.length;
    steps += r.steps;
    if (r.failure) {
      failures.push(
        `walker ${r.failure.walker} stopped at t = ${r.failure.t}, x = ${r.failure.x}: ${r.failure.reason}`,
      );
    }
  }
  return { times, censored, steps, failures, interrupted: n < walkers };
}

/** Runs every walker at one time step, skipping chunks a checkpoint already holds. */
async function runPass(
  config: SimulationConfig,
  walkers: number,
  passes: number,
  options: SimulationRunOptions,
): Promise<Pass> {
  const step = config.dt;
  const requests: ChunkRequest[] = [];
  for (let first = 0; first < walkers; first += CHUNK) {
    requests.push({ config, firstWalker: first, walkers: Math.min(CHUNK, walkers - first) });
  }
  const resumed = new Map<string, ChunkResult>();
  for (const c of options.completed ?? []) {
    resumed.set(chunkKey(c.dt, c.firstWalker, c.walkers), c.result);
  }
  const pending = requests.filter((r) => !resumed.has(chunkKey(step, r.firstWalker, r.walkers)));
  let done =
    requests.length === pending.length ? 0 : walkers - pending.reduce((t, r) => t + r.walkers, 0);
  const fresh = await runJobs(options.runner, 'chunk', pending, {
    signal: options.signal,
    onDone: (index, result) => {
      done += result.times.length;
      options.onProgress?.(done, walkers * passes);
      const request = pending[index]!;
      if (result.aborted) return;
      resumed.set(chunkKey(step, request.firstWalker, request.walkers), result);
      options.onChunkDone?.({
        dt: step,
        firstWalker: request.firstWalker,
        walkers: request.walkers,
        result,
      });
    },
  });
  const results = requests.map(
    (r) => resumed.get(chunkKey(step, r.firstWalker, r.walkers)) ?? fresh[pending.indexOf(r)],
  );
  return assemble(results, walkers);
}

/**
 * The retcode and warnings of a finished pass: failures, interruption, a non-exponential law
 * (`advice` ends that warning; in one coordinate, to raise ΔU/D).
 */
export function outcomeOf(
  stats: FirstPassageStatistics,
  pass: Pass,
  walkers: number,
  advice = ' (raise ΔU/D)',
) {
  let retcode: RetCode = stats.retcode;
  const warnings = [...stats.warnings, ...pass.failures];
  if (stats.exponentialFit.pValue < 1e-3) {
    warnings.push(
      `first-passage times are not exponential (Kolmogorov–Smirnov p ≈ ${stats.exponentialFit.pValue.toPrecision(2)}): intrawell relaxation is not fast against escape, so one rate does not describe this passage${advice}`,
    );
  }
  if (pass.failures.length > 0) retcode = 'not_converged';
  if (pass.interrupted) {
    retcode = 'interrupted';
    warnings.push(`interrupted: statistics from ${pass.times.length} of ${walkers} walkers`);
  }
  return { retcode, warnings };
}

/**
 * The two-dt extrapolation (order 1) of a pass at dt and one at dt/2 that share the seed, so walker
 * i drew from stream i in both: paired over walkers when nobody was censored, else the quadrature
 * of the two standard errors, an overstatement for runs that share streams (said in a warning).
 */
function extrapolatedOf(
  dt: number,
  coarse: Pass,
  stats: FirstPassageStatistics,
  fine: Pass,
  fineStats: FirstPassageStatistics,
  warnings: string[],
): ExtrapolatedMfpt {
  const paired = extrapolateMfptPaired(
    { dt, times: coarse.times, censored: coarse.censored },
    { dt: dt / 2, times: fine.times, censored: fine.censored },
    1,
  );
  if (paired) return paired;
  warnings.push(
    'dt → 0 extrapolation: walkers were censored (or the dt/2 run is incomplete), so its standard error combines the two runs in quadrature, which overstates it (both runs share their streams and correlate positively): the interval is conservative',
  );
  return extrapolateMfpt(
    { dt, mfpt: stats.mfpt, mfptStdErr: stats.mfptStdErr },
    { dt: dt / 2, mfpt: fineStats.mfpt, mfptStdErr: fineStats.mfptStdErr },
    1,
  );
}

/**
 * The MFPT and rate fields of a result: the estimate, or where there is none (no walker escaped,
 * or none finished) nulls and, with walkers, the lower bound, not the statistics' ∞ and rate 0.
 */
export function pointEstimateOf(stats: FirstPassageStatistics) {
  if (stats.estimator === 'none') {
    return {
      mfpt: null,
      mfptStdErr: null,
      mfptLowerBound: stats.walkers > 0 ? stats.mfptCI95[0] : null,
      rate: null,
      logRate: null,
      error: null,
      relativeError: null,
    };
  }
  const relativeError = stats.mfptStdErr / stats.mfpt;
  return {
    mfpt: stats.mfpt,
    mfptStdErr: stats.mfptStdErr,
    mfptLowerBound: null,
    rate: stats.rate,
    logRate: Math.log(stats.rate),
    error: stats.rate * relativeError,
    relativeError,
  };
}

/**
 * First-passage times by Langevin simulation (overdamped Heun or underdamped BAOAB) over a
 * prepared passage, on any runner; reproducible for any worker count from one seed. With
 * `extrapolate`, a second pass at dt/2 removes the O(dt) bias (Richardson, order 1).
 */
export async function runSimulation(
  t: PreparedTransition,
  settings: SimulationSettings = {},
  options: SimulationRunOptions = {},
): Promise<SimulationResult> {
  const { config, walkers, exactMfpt } = configOf(t, settings);
  const warnings = configWarnings(t, config, exactMfpt);
  const passes = settings.extrapolate ? 2 : 1;
  // Interrupted before any walker finished: a report of none, `interrupted` (not bad input).
  const coarse = await runPass(config, walkers, passes, options);
  const stats = firstPassageStatistics(coarse.times, coarse.censored, config.tMax);
  const outcome = outcomeOf(stats, coarse, walkers);
  let extrapolated: SimulationResult['extrapolated'];
  let steps = coarse.steps;
  if (settings.extrapolate && !coarse.interrupted) {
    const fine = await runPass({ ...config, dt: config.dt / 2 }, walkers, passes, options);
    steps += fine.steps;
    const fineStats = firstPassageStatistics(fine.times, fine.censored, config.tMax);
    const e = extrapolatedOf(config.dt, coarse, stats, fine, fineStats, warnings);
    extrapolated = { ...e, fineMfpt: fineStats.mfpt };
  }
  return {
    ...stats,
    ...pointEstimateOf(stats),
    retcode: outcome.retcode,
    definition: `1/MFPT from ${stats.walkers} simulated ${config.dynamics} walkers (dt = ${config.dt}, seed ${config.seed}); error is one standard error`,
    warnings: [...new Set([...warnings, ...outcome.warnings])],
    dt: config.dt,
    tMax: config.tMax,
    seed: config.seed,
    steps,
    // An underdamped run has no exact MFPT here: the overdamped one is named as such, apart.
    ...(config.dynamics === 'underdamped'
      ? { exactMfpt: null, overdampedMfpt: exactMfpt }
      : { exactMfpt }),
    ...(extrapolated ? { extrapolated } : {}),
  };
}
