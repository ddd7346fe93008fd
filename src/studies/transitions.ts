import { combineRetcodes, KramersError, type RetCode } from '../core/index.js';
import { meanFirstPassageTime } from '../exact1d/index.js';
import { generateSource } from '../expr/index.js';
import type { Landscape, Well } from '../landscape/index.js';
import {
  checkProblem,
  ESCAPE_KEYS,
  type EscapeProblem,
  isPrepared,
  keysOf,
  type PotentialSummary,
  type PreparedProblem,
  prepare,
  requireExpression,
  transitionOf,
} from '../problem/index.js';
import {
  defaultTimeStep,
  inertialRatesOf,
  type RunOptions,
  requireCount,
} from '../routes/index.js';
import {
  type CoreSet,
  checkTimeStep,
  type Dynamics,
  mergeTransitionCounts,
  overdispersedRate,
  runJobs,
  type TransitionCountingConfig,
  type TransitionCounts,
  type TransitionRequest,
  WASM_LANES,
} from '../simulation/index.js';

export interface TransitionCountProblem extends EscapeProblem {
  /** Start well (index); default 0. */
  readonly from?: number;
  /**
   * Half-width of each core set around its well bottom; default the thermal width √(D/U″),
   * at most 40% of the way to the nearest barrier. 0 makes the cores the well bottoms themselves.
   */
  readonly coreWidth?: number;
  /**
   * Length of each trajectory; default so that ~400 transitions of the slowest kind are expected
   * in all, at the rate that counting measures at this friction (the smaller of the overdamped
   * rate and, with inertia, Kramers' spatial-diffusion rate: see slowestNeighbourRate).
   */
  readonly duration?: number;
  /**
   * Time each trajectory runs before counting; default 2/k with k the slowest escape rate between
   * neighbours (overdamped or Mel'nikov–Meshkov), at most the duration: the walkers mix over the
   * wells first.
   */
  readonly burnIn?: number;
  /** Independent trajectories (one stream each); default 8. */
  readonly trajectories?: number;
  readonly dt?: number;
  readonly seed?: number;
}

/** The keys `simulateTransitions()` reads: the problem, the cores and the trajectories. */
const TRANSITION_COUNT_KEYS = keysOf<TransitionCountProblem>()([
  ...ESCAPE_KEYS,
  'from',
  'coreWidth',
  'duration',
  'burnIn',
  'trajectories',
  'dt',
  'seed',
]);

/** `onProgress` counts finished trajectories. */
export type TransitionCountOptions = RunOptions;

export interface CountedTransition {
  readonly from: number;
  readonly to: number;
  /** Transitions counted (entries into core `to` with label `from`). */
  readonly count: number;
  /** Time spent with label `from` (exposure). */
  readonly residence: number;
  /**
   * k = count / residence. SE and 95% CI from the spread of the per-trajectory rates (ratio
   * estimator, Student t on ln k) where that is wider than the Poisson SE √count/residence and the exact
   * Garwood CI, else those (`overdispersedRate`): at weak friction counts come in bursts.
   * Null where nothing was counted: no estimate, only the CI's upper end (Garwood's 3.69/T) bounds
   * the rate; with no time in `from` at all the CI is NaN too.
   */
  readonly rate: number | null;
  readonly rateStdErr: number | null;
  readonly rateCI95: [number, number];
  /** Which gave SE and CI: 'spread' (between trajectories) or 'poisson'. */
  readonly errorModel: 'spread' | 'poisson';
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
  /** Time run before counting began. */
  readonly burnIn: number;
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

type CoreInfo = TransitionCountReport['cores'][number];

/** Counting needs two wells or more and a potential that confines on both sides. */
function requireCountable(landscape: Landscape): void {
  const { wells } = landscape;
  if (wells.length < 2) {
    throw new KramersError(
      'no_well',
      `transition counting needs at least two wells; this potential has ${wells.length}`,
    );
  }
  if (landscape.edges.left !== 'confining' || landscape.edges.right !== 'confining') {
    throw new KramersError(
      landscape.edges.left === 'open' || landscape.edges.right === 'open'
        ? 'unbounded_below'
        : 'invalid_domain',
      'transition counting needs a confining potential: here U falls without bound or levels off on one side, so trajectories wander off for good',
      { hint: 'use kramers simulate (first passage) for escape to infinity' },
    );
  }
}

/** The seed and the number of trajectories, checked (and that a given core width is ≥ 0). */
function runsOf(problem: TransitionCountProblem): { seed: number; trajectories: number } {
  const seed = problem.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    invalid('seed', `expected a whole number from 0 to 4294967295; got ${seed}`);
  }
  const trajectories = requireCount('trajectories', problem.trajectories ?? 8);
  if (problem.coreWidth !== undefined && !(problem.coreWidth >= 0)) {
    invalid('coreWidth', `expected a width ≥ 0; got ${problem.coreWidth}`);
  }
  return { seed, trajectories };
}

/**
 * Core sets [x_i − w_i, x_i + w_i] (the outer ends open for the kernel), each 40% short of its
 * barriers; w_i the given width or the thermal width √(D/U″).
 */
function coreSetsOf(
  prepared: PreparedProblem,
  coreWidth: number | undefined,
): { cores: CoreSet[]; info: CoreInfo[] } {
  const { wells, barriers } = prepared.landscape;
  const cores: CoreSet[] = [];
  const info: CoreInfo[] = [];
  wells.forEach((w, i) => {
    let room = Number.POSITIVE_INFINITY;
    for (const b of barriers) room = Math.min(room, Math.abs(b.x - w.x));
    const thermal = Math.sqrt(prepared.D / Math.max(w.d2U, 1e-300));
    const half = Math.min(coreWidth ?? thermal, 0.4 * room);
    if (coreWidth !== undefined && coreWidth > 0.4 * room) {
      throw new KramersError(
        'invalid_parameter',
        `coreWidth ${coreWidth} reaches past 40% of the way from well ${i} to its barrier (${0.4 * room})`,
        { issues: [{ path: 'coreWidth', message: 'core sets would overlap the barrier region' }] },
      );
    }
    cores.push({
      min: i === 0 ? Number.NEGATIVE_INFINITY : w.x - half,
      max: i === wells.length - 1 ? Number.POSITIVE_INFINITY : w.x + half,
    });
    info.push({ well: i, x: w.x, min: w.x - half, max: w.x + half });
  });
  return { cores, info };
}

/** The start well, checked against the landscape. */
function startWell(from: number | undefined, wells: number): number {
  const index = from ?? 0;
  if (!Number.isInteger(index) || index < 0 || index >= wells) {
    invalid('from', `expected a well index from 0 to ${wells - 1}; got ${index}`);
  }
  return index;
}

/**
 * The slowest rate between neighbouring wells, which sizes the run, and a warning where counting
 * measures something else than escape. Overdamped: 1/T(x_i → x_j). With inertia also Kramers'
 * spatial-diffusion rate k_SD: a core entry is counted on every crossing that reaches the far
 * core, and at weak friction an activated walker keeps its energy and recrosses core to core
 * many times (Mel'nikov, Phys. Rep. 209, 1, 1991, §2), so the counted rate stays near k_SD (≤ the
 * transition-state rate) while the escape rate (Mel'nikov–Meshkov) falls ∝ γ. Measured on
 * x⁴/4 − x²/2, D = 0.12: counted 0.024 at γ = 0.02–0.05 against λ1/2 = 0.0026–0.0057 (Klein–Kramers).
 * Sizing on the overdamped rate alone gave ~2 transitions at γ = 0.02; on k_MM it would be ∝ 1/γ too long.
 */
function slowestNeighbourRate(
  prepared: PreparedProblem,
  warnings: string[],
): { counted: number; escape: number } {
  const { potential, D, gamma, dynamics } = prepared;
  const { wells } = prepared.landscape;
  let slowest = Number.POSITIVE_INFINITY;
  let slowestEscape = Number.POSITIVE_INFINITY;
  for (let i = 0; i + 1 < wells.length; i++) {
    for (const [a, b] of [
      [i, i + 1],
      [i + 1, i],
    ] as const) {
      const start = wells[a]!.x;
      const t = meanFirstPassageTime({ potential, D, gamma, start, absorbing: wells[b]!.x }).mfpt;
      slowest = Math.min(slowest, 1 / t);
      slowestEscape = Math.min(slowestEscape, 1 / t);
      if (dynamics !== 'underdamped') continue;
      const k = inertialRatesOf(transitionOf(prepared, { from: a, to: b }));
      if (k.spatialDiffusion !== null) slowest = Math.min(slowest, k.spatialDiffusion);
      slowestEscape = Math.min(slowestEscape, k.turnover ?? k.spatialDiffusion ?? 1 / t);
      if (
        k.turnover !== null &&
        k.spatialDiffusion !== null &&
        k.turnover < 0.8 * k.spatialDiffusion
      ) {
        warnings.push(
          `at this friction an activated walker recrosses between the wells before friction takes its energy: the counted rates include those recrossings and exceed the escape rate (Mel'nikov–Meshkov ${a} → ${b}: ${k.turnover.toPrecision(3)}; see kramers turnover)`,
        );
      }
    }
  }
  return { counted: slowest, escape: slowestEscape };
}

/**
 * The basin of well i, [barrier to the left, barrier to the right]; an end well's open side goes
 * out to where U exceeds its bottom by 30·D (Boltzmann weight below e^{−30}). The start interval.
 */
function basinOf(prepared: PreparedProblem, i: number): { min: number; max: number } {
  const { wells, barriers } = prepared.landscape;
  const well = wells[i]!;
  const between = (a: number, b: number) => barriers.find((p) => a < p.x && p.x < b)?.x;
  const left = i > 0 ? between(wells[i - 1]!.x, well.x) : undefined;
  const right = i < wells.length - 1 ? between(well.x, wells[i + 1]!.x) : undefined;
  const reach = Math.abs((left ?? right ?? well.x + 1) - well.x);
  const outward = (sign: number) => {
    let h = reach;
    for (
      let n = 0;
      n < 60 && prepared.potential.U(well.x + sign * h) - well.U < 30 * prepared.D;
      n++
    ) {
      h *= 2;
    }
    return well.x + sign * h;
  };
  return { min: left ?? outward(-1), max: right ?? outward(1) };
}

/**
 * The exact overdamped rate i → j for an end well, where every stay starts at the inner core
 * edge: 1/T(core edge → target core edge). Null otherwise, or when the quadrature refuses.
 */
function exactCoreRate(
  prepared: PreparedProblem,
  info: readonly CoreInfo[],
  i: number,
  j: number,
): number | null {
  const { potential, D, gamma, dynamics } = prepared;
  if (dynamics !== 'overdamped') return null;
  if (i !== 0 && i !== info.length - 1) return null;
  const start = i < j ? info[i]!.max : info[i]!.min;
  const target = j > i ? info[j]!.min : info[j]!.max;
  try {
    const t = meanFirstPassageTime({ potential, D, gamma, start, absorbing: target }).mfpt;
    return 1 / t;
  } catch (error) {
    if (error instanceof KramersError) return null;
    throw error;
  }
}

/** Time-step warnings over the region the trajectories roam: all wells, and half their span beyond. */
function roamingWarnings(config: TransitionCountingConfig, wells: readonly Well[]): string[] {
  const first = wells[0]!.x;
  const last = wells[wells.length - 1]!.x;
  return checkTimeStep({
    ...config,
    tMax: config.duration,
    start: { x: 0.5 * (first + last) },
    absorbing: { below: first - 0.5 * (last - first), above: last + 0.5 * (last - first) },
  });
}

/**
 * Runs jobs of `WASM_LANES` trajectories (the WebAssembly lanes run a job's trajectories side by
 * side: one a job would leave all but one idle); returns the finished jobs and their merged
 * counts. Trajectory i draws from stream i and counts are whole numbers of steps, so the sums do
 * not depend on the batch.
 */
async function countOnRunner(
  config: TransitionCountingConfig,
  trajectories: number,
  options: TransitionCountOptions,
): Promise<{ done: TransitionCounts[]; merged: TransitionCounts }> {
  const batch = Math.min(WASM_LANES, trajectories);
  const requests: TransitionRequest[] = [];
  for (let i = 0; i < trajectories; i += batch) {
    requests.push({ config, firstTrajectory: i, trajectories: Math.min(batch, trajectories - i) });
  }
  let finished = 0;
  const results = await runJobs(options.runner, 'transitions', requests, {
    signal: options.signal,
    onDone: (_, r) => {
      finished += r.trajectories;
      options.onProgress?.(finished, trajectories);
    },
  });
  const done = results.filter((r): r is TransitionCounts => r !== undefined && !r.aborted);
  return { done, merged: mergeTransitionCounts(done) };
}

/**
 * Rates k_ij = N_ij/T_i to both neighbours of every well, with a warning where N_ij < 10. A pair
 * with no transition counted has no estimate (0 would read as one): its rate is null, its CI
 * Garwood's [0, 3.69/T_i], and `missing` counts it, so the report is not a success.
 */
function countedTransitions(
  prepared: PreparedProblem,
  info: readonly CoreInfo[],
  counted: { done: TransitionCounts[]; merged: TransitionCounts },
  warnings: string[],
): { transitions: CountedTransition[]; missing: number } {
  const { done, merged } = counted;
  const K = info.length;
  const transitions: CountedTransition[] = [];
  let missing = 0;
  for (let i = 0; i < K; i++) {
    for (const j of [i - 1, i + 1]) {
      if (j < 0 || j >= K) continue;
      const count = done.length > 0 ? merged.counts[i * K + j]! : 0;
      const residence = done.length > 0 ? merged.residence[i]! : 0;
      const rows = merged.byTrajectory;
      const r =
        residence > 0
          ? overdispersedRate(
              rows.map((t) => t.counts[i * K + j]!),
              rows.map((t) => t.residenceSteps[i]! * merged.dt),
            )
          : {
              rate: Number.NaN,
              rateStdErr: Number.NaN,
              rateCI95: [Number.NaN, Number.NaN],
              errorModel: 'poisson' as const,
            };
      const none = count === 0;
      transitions.push({
        from: i,
        to: j,
        count,
        residence,
        rate: none ? null : r.rate,
        rateStdErr: none ? null : r.rateStdErr,
        rateCI95: r.rateCI95 as [number, number],
        errorModel: r.errorModel,
        exactRate: exactCoreRate(prepared, info, i, j),
      });
      if (residence > 0 && rows.length < 2) {
        warnings.push(
          'one trajectory: the interval assumes Poisson counts, too narrow where transitions come in bursts (weak friction); run several (--trajectories)',
        );
      }
      if (none) missing++;
      warnings.push(...countWarnings(i, j, count, residence, r.rateCI95[1]!));
    }
  }
  return { transitions, missing };
}

/** What a pair's count says about its rate: nothing (no time, no transition) or little (< 10). */
function countWarnings(i: number, j: number, count: number, residence: number, upper: number) {
  if (residence === 0) {
    return [
      `no time spent in well ${i} (after the burn-in): no rate ${i} → ${j}; run longer (--duration)`,
    ];
  }
  if (count === 0) {
    return [
      `no transition ${i} → ${j} counted in ${residence.toPrecision(3)} time units spent in well ${i}: no rate estimate, only k < ${upper.toPrecision(3)} at 95% confidence; run longer (--duration)`,
    ];
  }
  if (count < 10) {
    return [
      `only ${count} transitions ${i} → ${j} counted: the rate is rough; run longer (--duration)`,
    ];
  }
  return [];
}

/** Interrupted, or a trajectory failed, or a rate asked for was not estimated (nothing counted). */
function retcodeOf(interrupted: boolean, failed: number, missing: number): RetCode {
  return combineRetcodes([
    interrupted ? 'interrupted' : 'success',
    failed > 0 || missing > 0 ? 'not_converged' : 'success',
  ]);
}

/**
 * Transition counting between all wells in long Langevin trajectories, with core sets around
 * the well bottoms (a transition counts only when the next core is entered: barrier recrossings
 * do not). Gives k_ij = N_ij/T_i with CIs from the spread between trajectories (or Poisson, the
 * wider) beside the exact overdamped value where one
 * applies. This is the "mean time between well cores" rate: for a symmetric double well it is
 * 1/T(core → core), which differs from the population-relaxation rate λ1/2 by O(D/ΔU).
 */
export async function simulateTransitions(
  problem: TransitionCountProblem = {},
  options: TransitionCountOptions = {},
): Promise<TransitionCountReport> {
  if (!isPrepared(problem)) checkProblem(problem, TRANSITION_COUNT_KEYS, 'simulateTransitions');
  const prepared = prepare(problem);
  const expression = requireExpression(prepared, 'transition counting');
  const { wells } = prepared.landscape;
  requireCountable(prepared.landscape);
  const { seed, trajectories } = runsOf(problem);
  const { cores, info } = coreSetsOf(prepared, problem.coreWidth);
  const from = startWell(problem.from, wells.length);
  const { D, gamma, mass, dynamics } = prepared;
  // Computed even when a duration is given: where the quadrature refuses, counting is refused too.
  const sizing: string[] = [];
  const slowest = slowestNeighbourRate(prepared, sizing);
  const dt = problem.dt ?? defaultTimeStep(prepared);
  // ~400 transitions of the slowest kind in all, at the rate that holds at this friction.
  const duration = problem.duration ?? Math.max(100 * dt, 400 / slowest.counted / trajectories);
  // A walker started in one well over-weights it until it has mixed over the wells, on the
  // relaxation time 1/λ1 ≲ 1/k_escape (at γ = 0.02, D = 0.12 on x⁴/4 − x²/2, runs of 400 from
  // well 0 gave k(0 → 1) = 0.018 and k(1 → 0) = 0.034 without it). 2/k leaves e^{−2λ1/k} ≤ e^{−2}
  // of the start's excess, e^{−4} for two wells (λ1 = 2k). At most the counted duration: the run
  // never costs more than twice its length (a short --duration over a high barrier stays short).
  const burnIn = problem.burnIn ?? Math.min(2 / slowest.escape, duration);
  if (!(burnIn >= 0) || !Number.isFinite(burnIn)) {
    invalid('burnIn', `expected a finite time ≥ 0; got ${burnIn}`);
  }
  const config: TransitionCountingConfig = {
    dynamics,
    force: generateSource(expression.derivativeAsts[0], ['x']),
    potential: generateSource(expression.ast, ['x']),
    D,
    gamma,
    mass,
    dt,
    seed,
    cores,
    start: wells[from]!.x,
    // At equilibrium within the start well, not cold at its bottom: a cold start biased k(from → ·)
    // low by ~25% at γ = 0.02 in runs of a few energy-relaxation times 1/γ.
    startBoltzmann: basinOf(prepared, from),
    duration,
    burnIn,
  };
  const warnings = [...prepared.warnings, ...roamingWarnings(config, wells), ...sizing];
  const counted = await countOnRunner(config, trajectories, options);
  const { transitions, missing } = countedTransitions(prepared, info, counted, warnings);
  const { merged } = counted;
  if (merged.failed > 0) {
    warnings.push(
      `${merged.failed} trajectories met a non-finite state (force overflow or dt too large); their time up to then is kept`,
    );
  }
  // The trajectories of the jobs that finished (a job cut short by an abort counts none).
  const finished = merged.trajectories;
  const interrupted = finished < trajectories;
  if (interrupted) warnings.push(`interrupted after ${finished} of ${trajectories} trajectories`);
  if (dynamics === 'underdamped') {
    warnings.push('no exact column for underdamped dynamics (see kramers turnover)');
  }
  return {
    retcode: retcodeOf(interrupted, merged.failed, missing),
    potential: prepared.summary,
    D,
    gamma,
    mass,
    dynamics,
    cores: info,
    transitions,
    duration,
    burnIn,
    trajectories: finished,
    dt,
    seed,
    steps: merged.steps,
    warnings: [...new Set(warnings)],
  };
}
