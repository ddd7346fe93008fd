import { KramersError, type RetCode } from './core/index.js';
import {
  type ExpressionPotential,
  generateSource,
  simplify,
  type TimeDependentPotential,
  timeDependentPotentialFromExpression,
} from './expr/index.js';
import { barrierAction } from './landscape/index.js';
import {
  type EscapeProblem,
  landscapeOf,
  type PotentialSummary,
  potentialSummary,
  resolveProblem,
} from './problem.js';
import { exactRoute, type MethodResult, resolveGeometry } from './rate.js';
import { kramersSpatialDiffusion, melnikovMeshkovRate } from './rates/index.js';
import {
  type AmsConfig,
  type AmsPartial,
  type AmsRunner,
  amsRuns,
  type ChunkRequest,
  type ChunkResult,
  type ChunkRunner,
  checkTimeStep,
  combineAmsRuns,
  type Dynamics,
  extrapolateMfpt,
  type FirstPassageStatistics,
  firstPassageStatistics,
  runChunk,
  runInProcess,
  type SimulationConfig,
} from './simulation/index.js';

export interface SimulateProblem extends EscapeProblem {
  readonly dynamics?: Dynamics;
  readonly from?: number;
  readonly fromX?: number;
  readonly to?: number | '-inf' | '+inf';
  readonly toX?: number;
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
}

export interface SimulateOptions {
  readonly runner?: ChunkRunner;
  readonly signal?: AbortSignal;
  /** Called with the number of walkers finished so far (for progress bars). */
  readonly onProgress?: (walkersDone: number, walkersTotal: number) => void;
  /**
   * Checkpoint: chunks finished by an earlier, interrupted run of the same problem. They are not
   * run again; since walker i always draws from stream i, the resumed run's numbers equal an
   * uninterrupted run's.
   */
  readonly completed?: readonly CompletedChunk[];
  /** Called after each finished chunk (write it to a checkpoint). */
  readonly onChunkDone?: (chunk: CompletedChunk) => void;
}

/** One finished chunk of walkers, as kept in a checkpoint. */
export interface CompletedChunk {
  readonly dt: number;
  readonly firstWalker: number;
  readonly walkers: number;
  readonly result: ChunkResult;
}

export interface SimulationReport extends FirstPassageStatistics {
  readonly potential: PotentialSummary;
  readonly D: number;
  readonly gamma: number;
  readonly mass: number;
  readonly dynamics: Dynamics;
  readonly from: { readonly well: number | null; readonly x: number };
  readonly to: { readonly well: number | string | null; readonly x: number };
  readonly dt: number;
  readonly tMax: number;
  readonly seed: number;
  readonly steps: number;
  /** The exact (overdamped) MFPT for the same passage, when it applies, for comparison. */
  readonly exactMfpt: number | null;
  /** With `extrapolate`: the dt and dt/2 runs and the extrapolated MFPT. */
  readonly extrapolated?: {
    mfpt: number;
    mfptStdErr: number;
    mfptCI95: [number, number];
    fineMfpt: number;
  };
}

/** Walkers per chunk: small enough to balance two workers, large enough to amortise messages. */
const CHUNK = 128;

/** The time-dependent form of an expression that uses `t` (and does not give it a value). */
function timeDependentOf(problem: EscapeProblem): TimeDependentPotential | null {
  const source = problem.potential;
  if (typeof source !== 'string' || !/\bt\b/.test(source)) return null;
  if (problem.parameters && 't' in problem.parameters) return null;
  const driven = timeDependentPotentialFromExpression(source, {
    ...(problem.parameters ? { parameters: problem.parameters } : {}),
  });
  return driven.dependsOnTime ? driven : null;
}

const inProcess: ChunkRunner = (requests, { signal, onChunk }) =>
  runInProcess(requests, runChunk, signal, onChunk);

function requireCount(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new KramersError(
      'invalid_parameter',
      `${name} must be a whole number ≥ 1; got ${value}`,
      {
        issues: [{ path: name, message: 'expected a whole number ≥ 1' }],
      },
    );
  }
  return value;
}

/**
 * First-passage times by Langevin simulation (overdamped Heun or underdamped BAOAB) from a well
 * (or point) to the neighbouring well's bottom (or a point), with MFPT, standard error, 95% CIs,
 * rate, histogram and an exponential-fit check. The route that needs no asymptotics; reproducible
 * for any worker count from one seed.
 */
export async function simulate(
  problem: SimulateProblem = {},
  options: SimulateOptions = {},
): Promise<SimulationReport> {
  // A potential in x and t is simulated as given; wells, barriers and the default target come
  // from the frozen landscape at t = 0.
  const driven = timeDependentOf(problem);
  const resolved = resolveProblem(
    driven ? { ...problem, parameters: { ...(problem.parameters ?? {}), t: 0 } } : problem,
  );
  const { D, gamma, mass } = resolved;
  if (typeof problem.potential === 'object') {
    throw new KramersError(
      'usage',
      'simulation needs a potential given as an expression (workers receive generated code, not functions)',
    );
  }
  const potential = resolved.potential as ExpressionPotential;
  const landscape = landscapeOf(resolved);
  const geometry = resolveGeometry(problem, resolved, landscape);
  if (geometry.far.kind === 'reflecting') {
    throw new KramersError(
      'usage',
      'reflecting walls are not simulated yet; use the natural boundary or an absorbing neighbour',
    );
  }
  const walkers = requireCount('walkers', problem.walkers ?? 1000);
  const dynamics: Dynamics = problem.dynamics ?? 'overdamped';
  const seed = problem.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new KramersError(
      'invalid_parameter',
      `seed must be a whole number from 0 to 4294967295; got ${seed}`,
    );
  }
  const { x0, target, far } = geometry;
  const absorbing: { below?: number; above?: number } =
    target.x > x0
      ? { above: target.x, ...(far.kind === 'absorbing' && far.x !== null ? { below: far.x } : {}) }
      : {
          below: target.x,
          ...(far.kind === 'absorbing' && far.x !== null ? { above: far.x } : {}),
        };

  // The exact overdamped MFPT sizes tMax and is shown beside the simulation.
  let exactMfpt: number | null = null;
  try {
    const exact = exactRoute(resolved, geometry, undefined);
    exactMfpt = typeof exact['mfpt'] === 'number' ? (exact['mfpt'] as number) : null;
  } catch (error) {
    if (error instanceof KramersError && error.code === 'unbounded_below') {
      throw new KramersError(
        'unbounded_below',
        `the target x = ${target.x} is not reached with certainty: on the start's far side U falls without bound, so walkers escape there (${error.message})`,
        {
          issues: [{ path: 'to', message: 'unreachable target' }],
          hint: 'choose a target on the open side, or add an absorbing neighbour',
        },
      );
    }
    throw error;
  }
  // With inertia the overdamped MFPT is the wrong scale (at weak friction passage is far slower):
  // size tMax from the turnover rate of the transition instead, when it applies.
  let inertialMfpt: number | null = null;
  const t = geometry.transition;
  if (dynamics === 'underdamped' && t && geometry.target.well !== null) {
    const well = landscape.wells[t.from]!;
    const barrier = landscape.barriers[t.barrier]!;
    if (!well.degenerate && !barrier.degenerate) {
      let action: number | undefined;
      try {
        action = barrierAction(potential, landscape, t).action;
      } catch (error) {
        if (!(error instanceof KramersError)) throw error;
      }
      const base = {
        wellCurvature: well.d2U,
        barrierCurvature: barrier.d2U,
        deltaU: t.deltaU,
        D,
        gamma,
        mass,
      };
      const k =
        action !== undefined
          ? melnikovMeshkovRate({ ...base, action }).rate
          : kramersSpatialDiffusion(base).rate;
      if (k !== null && k > 0) inertialMfpt = 1 / k;
    }
  }
  const scale = dynamics === 'underdamped' && inertialMfpt !== null ? inertialMfpt : exactMfpt;
  const tMax = problem.tMax ?? (scale !== null && Number.isFinite(scale) ? 20 * scale : 1e4);
  // With a drive the frozen landscape's MFPT only sized tMax: it is not the answer.
  if (driven) exactMfpt = null;
  let maxCurvature = 0;
  for (const w of landscape.wells) maxCurvature = Math.max(maxCurvature, Math.abs(w.d2U));
  for (const b of landscape.barriers) maxCurvature = Math.max(maxCurvature, Math.abs(b.d2U));
  const defaultDt =
    dynamics === 'overdamped'
      ? Math.min(1e-3, (0.02 * gamma) / Math.max(maxCurvature, 1e-12))
      : Math.min(1e-3, 0.05 / Math.sqrt(Math.max(maxCurvature, 1e-12) / mass));
  const dt = problem.dt ?? defaultDt;

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
    start: { x: x0 },
    absorbing,
    seed,
  };
  const warnings = [...resolved.warnings, ...geometry.warnings, ...checkTimeStep(config)];
  if (driven) {
    warnings.push(
      'time-dependent potential: wells, barriers and the target are those of the landscape at t = 0; no exact MFPT',
    );
  }
  if (dynamics === 'underdamped' && exactMfpt !== null) {
    warnings.push(
      'the exact MFPT shown is the overdamped one; with inertia the passage time differs (Kramers turnover)',
    );
  }
  const runner = options.runner ?? inProcess;

  const runAt = async (step: number, share: number) => {
    const cfg = { ...config, dt: step };
    const requests: ChunkRequest[] = [];
    for (let first = 0; first < walkers; first += CHUNK) {
      requests.push({ config: cfg, firstWalker: first, walkers: Math.min(CHUNK, walkers - first) });
    }
    const key = (dtKey: number, first: number, count: number) => `${dtKey}|${first}|${count}`;
    const resumed = new Map<string, ChunkResult>();
    for (const c of options.completed ?? [])
      resumed.set(key(c.dt, c.firstWalker, c.walkers), c.result);
    const pending = requests.filter((r) => !resumed.has(key(step, r.firstWalker, r.walkers)));
    let done =
      requests.length === pending.length ? 0 : walkers - pending.reduce((t, r) => t + r.walkers, 0);
    const report = () =>
      options.onProgress?.(
        Math.round(done * share),
        Math.round(walkers * (problem.extrapolate ? 2 : 1)),
      );
    const fresh = await runner(pending, {
      ...(options.signal ? { signal: options.signal } : {}),
      onChunk: (index, result) => {
        done += result.times.length;
        report();
        const request = pending[index]!;
        if (!result.aborted) {
          resumed.set(key(step, request.firstWalker, request.walkers), result);
          options.onChunkDone?.({
            dt: step,
            firstWalker: request.firstWalker,
            walkers: request.walkers,
            result,
          });
        }
      },
    });
    const results = requests.map(
      (r) => resumed.get(key(step, r.firstWalker, r.walkers)) ?? fresh[pending.indexOf(r)],
    );
    // Assemble in walker order, so the numbers do not depend on which worker ran what.
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
      if (r.failure)
        failures.push(
          `walker ${r.failure.walker} stopped at t = ${r.failure.t}, x = ${r.failure.x}: ${r.failure.reason}`,
        );
    }
    return { times, censored, steps, failures, interrupted: n < walkers };
  };

  const coarse = await runAt(dt, 1);
  if (coarse.times.length === 0) {
    throw new KramersError('usage', 'interrupted before any walker finished');
  }
  const stats = firstPassageStatistics(coarse.times, coarse.censored, tMax);
  let retcode: RetCode = stats.retcode;
  warnings.push(...stats.warnings, ...coarse.failures);
  if (stats.exponentialFit.pValue < 1e-3) {
    warnings.push(
      `first-passage times are not exponential (Kolmogorov–Smirnov p ≈ ${stats.exponentialFit.pValue.toPrecision(2)}): intrawell relaxation is not fast against escape, so one rate does not describe this passage (raise ΔU/D)`,
    );
  }
  if (coarse.failures.length > 0) retcode = 'not_converged';
  if (coarse.interrupted) {
    retcode = 'interrupted';
    warnings.push(`interrupted: statistics from ${coarse.times.length} of ${walkers} walkers`);
  }
  let extrapolated: SimulationReport['extrapolated'];
  let steps = coarse.steps;
  if (problem.extrapolate && !coarse.interrupted) {
    const fine = await runAt(dt / 2, 1);
    steps += fine.steps;
    const fineStats = firstPassageStatistics(fine.times, fine.censored, tMax);
    const order = dynamics === 'overdamped' ? 1 : 1;
    const e = extrapolateMfpt(
      { dt, mfpt: stats.mfpt, mfptStdErr: stats.mfptStdErr },
      { dt: dt / 2, mfpt: fineStats.mfpt, mfptStdErr: fineStats.mfptStdErr },
      order,
    );
    extrapolated = { ...e, fineMfpt: fineStats.mfpt };
  }
  return {
    ...stats,
    retcode,
    warnings: [...new Set(warnings)],
    potential: potentialSummary(resolved),
    D,
    gamma,
    mass,
    dynamics,
    from: { well: geometry.fromWell, x: x0 },
    to: geometry.target,
    dt,
    tMax,
    seed,
    steps,
    exactMfpt,
    ...(extrapolated ? { extrapolated } : {}),
  };
}

/**
 * The simulation as one column of `rate`'s table: 1/MFPT with its 95% CI, and its difference to the
 * exact route (same definition: 1/MFPT to the same target).
 */
export function simulationAsMethod(
  report: SimulationReport,
  exact?: { readonly logRate: number | null },
): MethodResult {
  const logRate = Math.log(report.rate);
  return {
    rate: report.rate,
    logRate,
    error: report.rate * (report.mfptStdErr / report.mfpt),
    relativeError: report.mfptStdErr / report.mfpt,
    ...(exact?.logRate != null ? { relativeToExact: Math.expm1(logRate - exact.logRate) } : {}),
    retcode: report.retcode,
    definition: `1/MFPT from ${report.walkers} simulated ${report.dynamics} walkers (dt = ${report.dt}, seed ${report.seed}); error is one standard error`,
    warnings: report.warnings,
    mfpt: report.mfpt,
    mfptStdErr: report.mfptStdErr,
    mfptCI95: report.mfptCI95,
    rateCI95: report.rateCI95,
    walkers: report.walkers,
    censored: report.censored,
  };
}

export interface AmsProblem extends EscapeProblem {
  readonly from?: number;
  readonly fromX?: number;
  readonly to?: number | '-inf' | '+inf';
  readonly toX?: number;
  /** Replicas per AMS run; default 500. */
  readonly replicas?: number;
  /** Independent AMS runs (their spread gives the error bar); default 10. */
  readonly runs?: number;
  /** Time step; default 1e-3 (AMS reads low by ~10% at ΔU/D = 40 with dt = 2e-3). */
  readonly dt?: number;
  readonly seed?: number;
}

export interface AmsOptions {
  /** Runs AMS jobs on a pool (e.g. `createSimulationPool().amsRunner`); default: in-process. */
  readonly runner?: AmsRunner;
  /** Stops between AMS iterations; the runs finished so far are combined (retcode interrupted). */
  readonly signal?: AbortSignal;
  /** Called with the number of AMS runs finished so far. */
  readonly onProgress?: (runsDone: number, runsTotal: number) => void;
}

export interface AmsReport {
  readonly potential: PotentialSummary;
  readonly D: number;
  readonly gamma: number;
  readonly method: 'ams';
  readonly from: { readonly well: number | null; readonly x: number };
  readonly to: { readonly well: number | string | null; readonly x: number };
  readonly mfpt: number;
  readonly logMfpt: number;
  readonly mfptStdErr: number;
  readonly mfptCI95: [number, number];
  readonly rate: number;
  readonly rateCI95: [number, number];
  /** p: probability of reaching the target before returning to the start well, per loop. */
  readonly probability: number;
  readonly replicas: number;
  readonly runs: number;
  readonly dt: number;
  readonly seed: number;
  readonly steps: number;
  readonly exactMfpt: number | null;
  readonly retcode: RetCode;
  readonly warnings: readonly string[];
}

/**
 * First passage over a high barrier by adaptive multilevel splitting (overdamped), for barriers
 * where direct simulation is hopeless: T = E[τ_loop]/p with p estimated by AMS (Cérou & Guyader
 * 2007; Cérou, Guyader, Lelièvre & Pommier 2011). The error bar comes from independent runs.
 */
export async function simulateAms(
  problem: AmsProblem = {},
  options: AmsOptions = {},
): Promise<AmsReport> {
  const resolved = resolveProblem(problem);
  if (typeof problem.potential === 'object') {
    throw new KramersError('usage', 'AMS needs a potential given as an expression');
  }
  const potential = resolved.potential as ExpressionPotential;
  const landscape = landscapeOf(resolved);
  const geometry = resolveGeometry(problem, resolved, landscape);
  if (geometry.far.kind !== 'natural') {
    throw new KramersError(
      'usage',
      `AMS here covers a start well with a natural boundary on its far side (this one has ${geometry.far.kind === 'absorbing' ? 'an absorbing neighbour' : 'a reflecting wall'}); use --method direct`,
    );
  }
  const replicas = requireCount('replicas', problem.replicas ?? 500);
  const runs = requireCount('runs', problem.runs ?? 10);
  const seed = problem.seed ?? 1;
  const dt = problem.dt ?? 1e-3;
  let exactMfpt: number | null = null;
  try {
    const exact = exactRoute(resolved, geometry, undefined);
    exactMfpt = typeof exact['mfpt'] === 'number' ? (exact['mfpt'] as number) : null;
  } catch (error) {
    if (!(error instanceof KramersError)) throw error;
  }
  // One job per run, each on its own derived stream (firstRun): the numbers are the same for any
  // worker count, and the runs spread over the cores.
  const base: AmsConfig = {
    force: generateSource(potential.derivativeAsts[0], ['x']),
    D: resolved.D,
    gamma: resolved.gamma,
    dt,
    start: geometry.x0,
    target: geometry.target.x,
    replicas,
    seed,
    independentRuns: 1,
  };
  const jobs = Array.from({ length: runs }, (_, run) => ({ ...base, firstRun: run }));
  const { signal, onProgress } = options;
  let finished = 0;
  const progress = () => onProgress?.(++finished, runs);
  const parts: (AmsPartial | undefined)[] = [];
  if (options.runner) {
    parts.push(...(await options.runner(jobs, { ...(signal ? { signal } : {}), onJob: progress })));
  } else {
    for (const job of jobs) {
      if (signal?.aborted) break;
      const part = amsRuns(job, signal);
      parts.push(part);
      progress();
      if (part.interrupted || part.failed) break;
    }
  }
  const r = combineAmsRuns(
    parts.filter((p): p is AmsPartial => p !== undefined),
    runs,
  );
  const rateCI95: [number, number] = [1 / r.mfptCI95[1], 1 / r.mfptCI95[0]];
  return {
    potential: potentialSummary(resolved),
    D: resolved.D,
    gamma: resolved.gamma,
    method: 'ams',
    from: { well: geometry.fromWell, x: geometry.x0 },
    to: geometry.target,
    mfpt: r.mfpt,
    logMfpt: r.logMfpt,
    mfptStdErr: r.mfptStdErr,
    mfptCI95: r.mfptCI95,
    rate: 1 / r.mfpt,
    rateCI95,
    probability: r.probability,
    replicas,
    runs,
    dt,
    seed,
    steps: r.steps,
    exactMfpt,
    retcode: r.retcode,
    warnings: [...new Set([...resolved.warnings, ...geometry.warnings, ...r.warnings])],
  };
}
