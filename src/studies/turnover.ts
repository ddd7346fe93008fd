import {
  combineRetcodes,
  KramersError,
  type RetCode,
  requirePositive,
  requireWithinBudget,
} from '../core/index.js';
import type { TransitionTarget } from '../landscape/index.js';
import {
  checkProblem,
  checkSettings,
  crossing,
  type EscapeProblem,
  keysOf,
  type PotentialSummary,
  type PreparedTransition,
  prepare,
  transitionOf,
  varyTransition,
} from '../problem/index.js';
import type { FrictionRegime, TurnoverGeometry } from '../rates/index.js';
import {
  batchedWalkers,
  checkRelaxationSettings,
  type InertialResult,
  inertialContext,
  kleinKramersCost,
  type RelaxationResult,
  ROUTES,
  type RouteResult,
  type RunOptions,
  relaxationInfo,
  runRelaxation,
} from '../routes/index.js';
import {
  carriedError,
  outsideRangeNote,
  parabolaPeak,
  peakBound,
  peakSpread,
  type ScanAxis,
} from './gridPeak.js';

export interface TurnoverSimulationOptions {
  /** Walkers per friction value (default 4000), in 20 batches for the jackknife. */
  readonly walkers?: number;
  /** Master seed (default 1). */
  readonly seed?: number;
  /**
   * BAOAB time step (default min(0.03/ω_max, 0.1·m/γ)). BAOAB samples configurations well at any
   * γ·dt, but its kinetics are only consistent for γ·dt/m → 0; the dt ladder in bench/README.md
   * (γ·dt/m from 0.1 to 0.4) shows no trend at a 3% standard error, and the default keeps it ≤ 0.1.
   */
  readonly dt?: number;
  /**
   * Friction values to simulate (default: up to 7 of the table's, spread evenly, skipping those
   * that would need more than `maxSteps` steps per walker).
   */
  readonly gammas?: readonly number[];
  /** Step budget per walker for the default friction values (default 3e5). */
  readonly maxSteps?: number;
  /**
   * Also simulate the inverse mean first-passage time from the start well's bottom to the other
   * well's bottom (`rates.simulation`): a different quantity from λ1·p_b, shown beside it
   * because it is what a passage-time simulation naturally measures.
   */
  readonly wellToWell?: boolean;
}

export interface TurnoverProblem extends Omit<EscapeProblem, 'gamma' | 'dynamics'> {
  /** Smallest friction coefficient γ (default 0.01). */
  readonly gammaMin?: number;
  /** Largest γ (default 100). */
  readonly gammaMax?: number;
  /** Log-spaced friction values from gammaMin to gammaMax (default 25). */
  readonly points?: number;
  /** Start well (default 0) and target (default its first neighbour). */
  readonly from?: number;
  readonly to?: TransitionTarget;
  /** Add the exact column: λ1 of the Klein–Kramers operator (two confined wells). */
  readonly exact?: boolean;
  /** Relative accuracy of the exact column (default 1e-4). */
  readonly exactTolerance?: number;
  /** Add simulated points (BAOAB population relaxation) with 95% CIs. */
  readonly simulate?: boolean | TurnoverSimulationOptions;
}

/** How far the slow columns of `turnover()` have come. */
export interface TurnoverProgress {
  readonly stage: 'exact' | 'simulate';
  /** Friction values done in this stage, of `total`. */
  readonly done: number;
  readonly total: number;
  /** The friction value just finished. */
  readonly gamma: number;
}

/**
 * Runs exact points elsewhere (worker threads), each from the problem as given and one friction
 * value through `turnoverExactPoint`, so the points are the ones this thread would compute.
 */
export interface ExactPointRunner {
  readonly workers: number;
  /** Rejects (an AbortError) when `signal` aborts the point; the cell is then left out. */
  run(problem: TurnoverProblem, gamma: number, signal?: AbortSignal): Promise<RouteResult>;
}

export interface TurnoverOptions extends RunOptions {
  /** Where the exact column's points run (default: one after another on this thread). */
  readonly exactRunner?: ExactPointRunner;
  /**
   * Called after each exact solve and each simulated friction value (the slow parts: seconds per
   * point at weak friction): points done of all slow points, and which stage and γ.
   */
  readonly onProgress?: (done: number, total: number, step?: TurnoverProgress) => void;
}

/** The routes of the table, keyed as in the method catalogue. */
export type TurnoverMethod =
  | 'tst'
  | 'spatialDiffusion'
  | 'energyDiffusion'
  | 'kramers'
  | 'melnikovMeshkov'
  | 'kleinKramers'
  | 'relaxation'
  | 'simulation';

/** One friction value: every route's one-way rate k (1/time). */
export interface TurnoverRow {
  readonly gamma: number;
  /** η_c = γ/m. */
  readonly collisionRate: number;
  /** Δ = η_c I_s/D (null when the action is undefined). */
  readonly energyLoss: number | null;
  readonly regime: FrictionRegime;
  /** Rates by catalogue key; the exact and simulated keys only when asked for (null: not computed here). */
  readonly rates: Readonly<Partial<Record<TurnoverMethod, number | null>>>;
  /** Estimated absolute errors: the exact column's bound, one standard error of a simulation. */
  readonly errors: Readonly<Partial<Record<TurnoverMethod, number | null>>>;
  /** 95% confidence intervals of the simulated columns. */
  readonly ci95: Readonly<Partial<Record<TurnoverMethod, [number, number] | null>>>;
  /** Outcome of each slow route at this friction. */
  readonly retcodes: Readonly<Partial<Record<TurnoverMethod, RetCode>>>;
}

export interface TurnoverReport {
  /** Outcome of the columns asked for: an exact value missing or unconverged, an interrupted run. */
  readonly retcode: RetCode;
  readonly potential: PotentialSummary;
  readonly D: number;
  readonly mass: number;
  readonly from: number;
  readonly to: TransitionTarget;
  readonly barrier: { readonly x: number; readonly deltaU: number };
  readonly barrierToNoise: number;
  /** I_s = ∮ p dx at the barrier energy in the start well (null: no closed orbit). */
  readonly action: number | null;
  readonly geometry: TurnoverGeometry;
  /** What the numbers are. */
  readonly definition: string;
  readonly rows: readonly TurnoverRow[];
  /**
   * Largest rate over friction: from the exact column when present (a parabola through the largest
   * tabulated value and its neighbours, with its interpolation uncertainty), else the turnover
   * theory (a golden-section search of the closed form to 1e-10 in ln γ: errors 0); null when the
   * largest value is at an end of the range (see `maximumNote`).
   */
  readonly maximum: (InterpolatedMaximum & { readonly source: 'exact' | 'turnover' }) | null;
  /** The turnover theory's own maximum (golden-section search in ln γ). */
  readonly theoryMaximum: { readonly gamma: number; readonly rate: number } | null;
  /**
   * Why `maximum` is null: k still rises at an end of the range (the maximum lies outside it),
   * too few points, or no rate to maximise; null when there is a maximum.
   */
  readonly maximumNote: string | null;
  readonly simulation?: {
    readonly walkers: number;
    /** The time step given, or null for the default min(0.03/ω_max, 0.1·m/γ) per friction. */
    readonly dt: number | null;
    readonly seed: number;
    readonly definition: string;
  };
  readonly warnings: readonly string[];
}

/** The keys of `simulate` when it is an object (`TurnoverSimulationOptions`). */
const SIMULATION_KEYS = keysOf<TurnoverSimulationOptions>()([
  'walkers',
  'seed',
  'dt',
  'gammas',
  'maxSteps',
  'wellToWell',
]);

/**
 * The keys `turnover()` reads: γ and the dynamics are its own (a friction range, underdamped), so
 * a `gamma` given is refused rather than silently replaced.
 */
const TURNOVER_KEYS = keysOf<TurnoverProblem>()([
  'potential',
  'parameters',
  'D',
  'mass',
  'domain',
  'gammaMin',
  'gammaMax',
  'points',
  'from',
  'to',
  'exact',
  'exactTolerance',
  'simulate',
]);

function logSpaced(min: number, max: number, n: number): number[] {
  if (n === 1) return [min];
  return Array.from({ length: n }, (_, i) => min * (max / min) ** (i / (n - 1)));
}

function requireWhole(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new KramersError(
      'invalid_parameter',
      `${name} must be a whole number from ${min} to ${max}; got ${value}`,
      { issues: [{ path: name, message: `expected ${min}…${max}` }] },
    );
  }
  return value;
}

/** The friction grid: γ = 0 is explained (no noise without friction), the range checked. */
function frictionGrid(problem: TurnoverProblem): number[] {
  if (problem.gammaMin === 0) {
    throw new KramersError(
      'invalid_parameter',
      'gamma = 0: without friction there is no noise either (the noise is √(2γD), fluctuation–dissipation), so the energy is conserved and a particle below the barrier never escapes (k = 0); start the friction range above 0',
      {
        issues: [{ path: 'gammaMin', message: 'γ = 0: no coupling to the bath, no escape' }],
        hint: 'e.g. --gamma-min 0.01 (energy-diffusion regime)',
      },
    );
  }
  const gammaMin = requirePositive('gammaMin', problem.gammaMin ?? 0.01, 'smallest friction γ');
  const gammaMax = requirePositive('gammaMax', problem.gammaMax ?? 100, 'largest friction γ');
  if (!(gammaMax >= gammaMin)) {
    throw new KramersError(
      'invalid_parameter',
      `gammaMax (${gammaMax}) must not be below gammaMin (${gammaMin})`,
      { issues: [{ path: 'gammaMax', message: 'below gammaMin' }] },
    );
  }
  return logSpaced(gammaMin, gammaMax, requireWhole('points', problem.points ?? 25, 1, 1000));
}

/** The passage of the study: from a well over its barrier, with the landscape's own errors. */
function turnoverPassage(problem: TurnoverProblem): PreparedTransition {
  const prepared = prepare({ ...problem, gamma: 1, dynamics: 'underdamped' });
  const from = problem.from ?? 0;
  const transitions = prepared.landscape.transitions.filter((t) => t.from === from);
  const wanted =
    problem.to === undefined ? transitions[0] : transitions.find((t) => t.to === problem.to);
  if (!wanted) {
    throw new KramersError(
      'no_barrier',
      transitions.length === 0
        ? `well ${from} has no barrier to cross`
        : `no transition from well ${from} to ${String(problem.to)}`,
      { issues: [{ path: problem.to === undefined ? 'from' : 'to', message: 'no transition' }] },
    );
  }
  return transitionOf(prepared, { from, to: wanted.to });
}

/** The closed forms at one friction value. */
function theoryAt(passage: PreparedTransition, gamma: number) {
  const t = varyTransition(passage, { gamma });
  return {
    tst: ROUTES.tst.run(t),
    spatialDiffusion: ROUTES.spatialDiffusion.run(t),
    energyDiffusion: ROUTES.energyDiffusion.run(t),
    kramers: ROUTES.kramers.run(t),
    melnikovMeshkov: ROUTES.melnikovMeshkov.run(t),
  };
}

type Theory = ReturnType<typeof theoryAt>;

/** Where a slow column stands: results by γ, and how many slow points are done of all. */
interface SlowWork {
  readonly exact: Map<number, RouteResult>;
  readonly simulated: Map<number, RelaxationResult>;
  done: number;
  readonly total: number;
}

/** The friction values to simulate: those asked for, or up to 7 of the table's. */
function simulatedGammas(gammas: readonly number[], options: TurnoverSimulationOptions) {
  if (options.gammas) {
    for (const g of options.gammas) requirePositive('simulate.gammas', g, 'friction');
    return options.gammas;
  }
  if (gammas.length <= 7) return gammas;
  return Array.from({ length: 7 }, (_, i) => gammas[Math.round((i * (gammas.length - 1)) / 6)]!);
}

/**
 * Refuses an exact column whose estimated time is past the budget, before the first solve: the
 * sum of the points' estimates spread over the workers, never less than the slowest point.
 */
function requireExactWithinBudget(
  passage: PreparedTransition,
  gammas: readonly number[],
  options: TurnoverOptions,
  tolerance: number,
): void {
  if (options.budgetSeconds === undefined) return;
  const each = gammas.map((gamma) =>
    kleinKramersCost(varyTransition(passage, { gamma }), tolerance),
  );
  const workers = options.exactRunner?.workers ?? 1;
  const seconds = Math.max(Math.max(...each), each.reduce((a, b) => a + b, 0) / workers);
  requireWithinBudget('the exact Klein–Kramers column', seconds, options.budgetSeconds, {
    basis: `${gammas.length} solves on ${workers} worker${workers === 1 ? '' : 's'}, the weakest friction costing most (K³·N work, N ∝ 1/γ Hermite functions)`,
    hint: 'use a larger gamma-min or fewer points',
  });
}

/** One exact point: λ1·p_b at γ, a solver's refusal kept as the cell's warning (never thrown). */
function exactAt(passage: PreparedTransition, gamma: number, tolerance: number): RouteResult {
  try {
    return ROUTES.kleinKramers.run(varyTransition(passage, { gamma }), { tolerance });
  } catch (error) {
    // One friction value's failure leaves its cell empty, never the whole table.
    if (!(error instanceof KramersError)) throw error;
    return {
      rate: null,
      logRate: null,
      error: null,
      retcode: 'not_converged',
      definition: ROUTES.kleinKramers.info.definition,
      warnings: [`exact route failed: ${error.message}`],
    };
  }
}

/**
 * The exact column's cell at one friction value, from the problem alone: what `turnover()` puts
 * in it (the entry point of the worker threads that spread the column over cores).
 */
export function turnoverExactPoint(problem: TurnoverProblem, gamma: number): RouteResult {
  return exactAt(turnoverPassage(problem), gamma, problem.exactTolerance ?? 1e-4);
}

/**
 * The exact column: λ1·p_b of the Klein–Kramers operator at every friction value, on the
 * exactRunner's workers when there is one (all points queued at once, weakest friction first so
 * the slowest start first), else one after another here.
 */
async function exactColumn(
  passage: PreparedTransition,
  gammas: readonly number[],
  problem: TurnoverProblem,
  work: SlowWork,
  options: TurnoverOptions,
) {
  const tolerance = problem.exactTolerance ?? 1e-4;
  requireExactWithinBudget(passage, gammas, options, tolerance);
  let done = 0;
  const record = (gamma: number, result: RouteResult) => {
    work.exact.set(gamma, result);
    options.onProgress?.(++work.done, work.total, {
      stage: 'exact',
      done: ++done,
      total: gammas.length,
      gamma,
    });
  };
  const runner = options.exactRunner;
  if (runner) {
    const { signal } = options;
    await Promise.all(
      gammas.map(async (gamma) => {
        if (signal?.aborted) return;
        try {
          record(gamma, await runner.run(problem, gamma, signal));
        } catch (error) {
          if (!signal?.aborted) throw error;
        }
      }),
    );
    return;
  }
  for (const gamma of gammas) {
    if (options.signal?.aborted) return;
    record(gamma, exactAt(passage, gamma, tolerance));
  }
}

/** Simulated points: BAOAB population relaxation at each chosen friction, on the runner. */
async function simulatedColumn(
  passage: PreparedTransition,
  which: readonly number[],
  settings: TurnoverSimulationOptions,
  work: SlowWork,
  options: TurnoverOptions,
) {
  let done = 0;
  for (const gamma of which) {
    if (options.signal?.aborted) return;
    const theory = theoryAt(passage, gamma);
    const guess = theory.melnikovMeshkov.rate ?? theory.spatialDiffusion.rate ?? 0;
    const result = await runRelaxation(
      varyTransition(passage, { gamma }),
      { ...settings, guess, force: settings.gammas !== undefined },
      options,
    );
    work.simulated.set(gamma, result);
    options.onProgress?.(++work.done, work.total, {
      stage: 'simulate',
      done: ++done,
      total: which.length,
      gamma,
    });
  }
}

/** One row: the theory at γ, and the slow columns where they were asked for. */
function rowAt(
  gamma: number,
  theory: Theory,
  work: SlowWork,
  asked: { exact: boolean; simulate: boolean; wellToWell: boolean },
  mass: number,
): TurnoverRow {
  const sd = theory.spatialDiffusion as InertialResult;
  const rates: Partial<Record<TurnoverMethod, number | null>> = {
    tst: theory.tst.rate,
    spatialDiffusion: sd.rate,
    energyDiffusion: theory.energyDiffusion.rate,
    kramers: theory.kramers.rate,
    melnikovMeshkov: theory.melnikovMeshkov.rate,
  };
  const errors: Partial<Record<TurnoverMethod, number | null>> = {};
  const ci95: Partial<Record<TurnoverMethod, [number, number] | null>> = {};
  const retcodes: Partial<Record<TurnoverMethod, RetCode>> = {};
  if (asked.exact) {
    const exact = work.exact.get(gamma);
    rates.kleinKramers = exact?.rate ?? null;
    errors.kleinKramers = exact?.error ?? null;
    if (exact) retcodes.kleinKramers = exact.retcode;
  }
  if (asked.simulate) {
    const sim = work.simulated.get(gamma);
    rates.relaxation = sim?.rate ?? null;
    errors.relaxation = sim?.stdErr ?? null;
    ci95.relaxation = sim?.ci95 ?? null;
    if (sim) retcodes.relaxation = sim.retcode;
    if (asked.wellToWell) {
      rates.simulation = sim?.wellToWell?.rate ?? null;
      ci95.simulation = sim?.wellToWell?.ci95 ?? null;
    }
  }
  return {
    gamma,
    collisionRate: gamma / mass,
    energyLoss: sd.energyLoss,
    regime: sd.regime ?? 'turnover',
    rates,
    errors,
    ci95,
    retcodes,
  };
}

/** A maximum, or why there is none inside the friction range (then the warning to print). */
type Maximum<T> =
  | { readonly found: T }
  | { readonly found: null; readonly why: string | null; readonly warn?: boolean };

/** The friction scan, for the note on a maximum outside it. */
const FRICTION: ScanAxis = { y: 'k', x: 'γ', name: 'friction', option: 'gamma' };

/**
 * Why a largest value at an end of the range is no maximum: k still rises towards that end, so
 * the turnover lies beyond it (a maximum needs k to fall on both sides).
 */
function atEnd(what: string, gamma: number, lowEnd: boolean) {
  return { found: null, warn: true, why: outsideRangeNote(what, FRICTION, gamma, lowEnd) };
}

/**
 * Golden-section search for the maximum of ln k over ln γ on [a, b]. The search never evaluates
 * the ends, and on a monotone stretch it closes in on one of them to the 1e-10 bracket in ln γ;
 * a result within 1e-7 of an end (a thousand brackets) is that end, not a turning point.
 */
function maximiseTheory(
  logRate: (gamma: number) => number,
  a: number,
  b: number,
): Maximum<{ gamma: number; rate: number }> {
  const what = "the Mel'nikov–Meshkov maximum";
  if (!(b > a)) return { found: null, why: `${what}: one friction value has no maximum` };
  const lo0 = Math.log(a);
  const hi0 = Math.log(b);
  let lo = lo0;
  let hi = hi0;
  const r = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - r * (hi - lo);
  let x2 = lo + r * (hi - lo);
  let f1 = logRate(Math.exp(x1));
  let f2 = logRate(Math.exp(x2));
  for (let i = 0; i < 100 && hi - lo > 1e-10; i++) {
    if (f1 < f2) {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + r * (hi - lo);
      f2 = logRate(Math.exp(x2));
    } else {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - r * (hi - lo);
      f1 = logRate(Math.exp(x1));
    }
  }
  const x = 0.5 * (lo + hi);
  if (x - lo0 < 1e-7) return atEnd(what, a, true);
  if (hi0 - x < 1e-7) return atEnd(what, b, false);
  const gamma = Math.exp(x);
  const logK = logRate(gamma);
  return Number.isFinite(logK)
    ? { found: { gamma, rate: Math.exp(logK) } }
    : { found: null, why: null };
}

/** An interpolated maximum: where, how large, and how far each may be off. */
export interface InterpolatedMaximum {
  readonly gamma: number;
  readonly rate: number;
  /**
   * Uncertainty of γ* (absolute, in γ's units): the interpolation's bound (gridPeak's peakBound);
   * null where the grid is too coarse to bound it (`retcode` not_converged).
   */
  readonly gammaError: number | null;
  /** Uncertainty of k*: the interpolation's bound plus the exact column's own error carried to k*. */
  readonly rateError: number | null;
  /** The interpolation part of `rateError` alone. */
  readonly interpolationError: number | null;
  /**
   * success: the errors bound the maximum; not_converged: fewer than two friction values on
   * either side of the largest, so nothing bounds how far the parabola's peak is off (at 4
   * points, a factor 21.5 in γ per step, it missed k* by 15% against a stated 3.8%).
   */
  readonly retcode: 'success' | 'not_converged';
}

/**
 * The uncertainty of the parabola's peak (xm, ym) in (ln γ, ln k) through points i−1, i, i+1: the
 * interpolation's bound (peakBound, or the cubics' spread where larger) and the exact column's
 * relative errors `rel` carried to ym by the parabola's Lagrange weights; null errors where the
 * grid cannot bound the interpolation.
 */
function peakUncertainty(
  pts: readonly [number, number][],
  rel: readonly number[],
  i: number,
  peak: [number, number],
) {
  const columnError = Math.exp(peak[1]) * carriedError(pts, rel, i, peak[0]);
  const bound = peakBound(pts, i, peak);
  if (!bound) return { gammaError: null, interpolation: null, rateError: null, columnError };
  const spread = peakSpread(pts, i, peak, { x: Math.exp, y: Math.exp });
  // The bound is in (ln γ, ln k): e^{±b} − 1 on the side away from zero, the larger.
  const interpolation = Math.max(spread.yError, Math.exp(peak[1]) * Math.expm1(bound.y));
  return {
    gammaError: Math.max(spread.xError, Math.exp(peak[0]) * Math.expm1(bound.x)),
    interpolation,
    rateError: interpolation + columnError,
    columnError,
  };
}

/**
 * The largest tabulated value, refined by a parabola through its neighbours in (ln γ, ln k), with
 * its uncertainty (peakUncertainty); none when it is the first or last point (k rises towards that
 * end) or there are fewer than three. `points` are [γ, k, absolute error of k].
 */
function gridMaximum(
  points: [number, number, number][],
): Maximum<InterpolatedMaximum & { source: 'exact'; columnError: number }> {
  const source = 'exact' as const;
  const what = 'the exact maximum';
  if (points.length === 0) return { found: null, why: null };
  if (points.length < 3) {
    return { found: null, why: `${what}: ${points.length} exact point(s) cannot show a maximum` };
  }
  let i = 0;
  for (let j = 1; j < points.length; j++) if (points[j]![1] > points[i]![1]) i = j;
  if (i === 0 || i === points.length - 1) return atEnd(what, points[i]![0], i === 0);
  const pts = points.map(([g, k]): [number, number] => [Math.log(g), Math.log(k)]);
  const rel = points.map(([, k, e]) => (Number.isFinite(e) ? e / k : 0));
  const peak = parabolaPeak(pts[i - 1]!, pts[i]!, pts[i + 1]!);
  const u = peakUncertainty(pts, rel, i, peak);
  return {
    found: {
      gamma: Math.exp(peak[0]),
      rate: Math.exp(peak[1]),
      gammaError: u.gammaError,
      rateError: u.rateError,
      interpolationError: u.interpolation,
      retcode: u.interpolation === null ? 'not_converged' : 'success',
      columnError: u.columnError,
      source,
    },
  };
}

function withoutColumnError<T extends { columnError: number }>(m: T): Omit<T, 'columnError'> {
  const { columnError: _, ...rest } = m;
  return rest;
}

/**
 * A doubt worth a warning: the interpolation, not the exact values, sets the maximum's accuracy —
 * ten times the exact column's own error carried to k*, and above a relative 1e-2; or the grid
 * cannot bound it at all (fewer than two friction values on either side of the largest). The floor
 * keeps the default table quiet: its 25 points put the double well's (D = 0.1) bound at 0.37%
 * (actual error 0.015%; test/fixtures/turnover_maximum.json), which the ± printed with k* says;
 * 5 points give 70% (actual 6.6%).
 */
function coarseMaximumWarning(
  m: InterpolatedMaximum & { columnError: number },
  points: number,
): string | null {
  if (m.interpolationError === null || m.gammaError === null) {
    return `the exact maximum is interpolated from ${points} friction values with fewer than two on either side of the largest: nothing bounds how far the parabola's γ* and k* are off (retcode not_converged, no ±); use more --points, or center the range on the maximum`;
  }
  if (m.interpolationError <= Math.max(10 * m.columnError, 1e-2 * m.rate)) return null;
  const percent = Number(((100 * m.interpolationError) / m.rate).toPrecision(2));
  return `the exact maximum is interpolated from ${points} friction values: k* ± ${Number(m.interpolationError.toPrecision(2))} (${percent}%), γ* ± ${Number(m.gammaError.toPrecision(2))}, more than the exact column's own error; use more --points`;
}

/**
 * Exact maximum from the exact column when there is one, else the theory's own; a maximum that
 * would sit at an end of the range is none (null), with the reason as a warning and a note.
 */
function maximaOf(passage: PreparedTransition, rows: readonly TurnoverRow[], gammas: number[]) {
  const action = inertialContext(passage).action;
  const theory = action
    ? maximiseTheory(
        (g) => theoryAt(passage, g).melnikovMeshkov.logRate ?? Number.NaN,
        gammas[0]!,
        gammas[gammas.length - 1]!,
      )
    : null;
  const exactPoints = rows
    .filter((r) => typeof r.rates.kleinKramers === 'number')
    .map((r): [number, number, number] => [
      r.gamma,
      r.rates.kleinKramers as number,
      r.errors.kleinKramers ?? Number.NaN,
    ]);
  const exact = exactPoints.length > 0 ? gridMaximum(exactPoints) : null;
  const theoryMaximum = theory?.found ?? null;
  const maximum: TurnoverReport['maximum'] = exact
    ? exact.found && withoutColumnError(exact.found)
    : theoryMaximum
      ? {
          ...theoryMaximum,
          gammaError: 0,
          rateError: 0,
          interpolationError: 0,
          retcode: 'success',
          source: 'turnover',
        }
      : null;
  const why = (m: Maximum<unknown> | null) => (m && 'why' in m ? m.why : null);
  const maximumNote = maximum ? null : (why(exact) ?? why(theory));
  // Only a range that misses the maximum is a doubt worth a warning; one or two points asked
  // for cannot show one, which the note says.
  const warnings = [exact, theory]
    .map((m) => (m && 'warn' in m && m.warn ? m.why : null))
    .filter((w): w is string => w !== null);
  const coarse = exact?.found ? coarseMaximumWarning(exact.found, exactPoints.length) : null;
  if (coarse) warnings.push(coarse);
  return { maximum, theoryMaximum, maximumNote, warnings };
}

/** Warnings of the slow columns, each prefixed with its friction value. */
function slowWarnings(work: SlowWork): string[] {
  const out: string[] = [];
  const gaps: { gamma: number; ratio: number }[] = [];
  for (const [gamma, r] of work.exact) {
    const at = `γ = ${Number(gamma.toPrecision(3))}`;
    for (const w of r.warnings) {
      const gap = GAP.exec(w);
      if (gap) gaps.push({ gamma, ratio: Number(gap[1]) });
      else out.push(r.retcode === 'not_applicable' ? w : `${at}: ${w}`);
    }
  }
  if (gaps.length > 0) out.push(gapSummary(gaps));
  for (const r of work.simulated.values()) out.push(...r.warnings);
  return out;
}

/** The exact solve's time-scale warning (kleinKramersSpectrum's gapWarnings), its ratio captured. */
const GAP = /^λ\d+\/λ\d+ ≈ ([0-9.e+-]+) /;

/**
 * One line for the friction values whose exact solve found no clean time-scale separation (a
 * low barrier at weak friction warns at most of them: eleven lines at ΔU/D = 2.5, each the same
 * words).
 */
function gapSummary(gaps: readonly { gamma: number; ratio: number }[]): string {
  const sorted = [...gaps].sort((a, b) => a.gamma - b.gamma);
  const g = (x: number) => Number(x.toPrecision(3));
  const ratios = sorted.map((x) => x.ratio);
  const span = `γ = ${g(sorted[0]!.gamma)}${sorted.length > 1 ? ` … ${g(sorted[sorted.length - 1]!.gamma)}` : ''}`;
  return `${span} (${sorted.length} friction value${sorted.length > 1 ? 's' : ''}): the slowest intrawell mode is only ${Math.min(...ratios)}–${Math.max(...ratios)} times λ1 (under a decade): no clean separation of time scales, so a single rate is not meaningful there`;
}

/**
 * The report's outcome: every asked exact cell present and converged, no run interrupted, and a
 * maximum, where there is one, bounded.
 */
function retcodeOf(
  rows: readonly TurnoverRow[],
  asked: { exact: boolean },
  aborted: boolean,
  maximum: TurnoverReport['maximum'],
) {
  const codes: RetCode[] = [];
  // A maximum whose error nothing bounds is not converged, whatever the columns say.
  if (maximum?.retcode === 'not_converged') codes.push('not_converged');
  for (const r of rows) {
    if (asked.exact) codes.push(r.retcodes.kleinKramers ?? 'interrupted');
    if (r.retcodes.relaxation === 'interrupted') codes.push('interrupted');
  }
  if (aborted) codes.push('interrupted');
  const combined = combineRetcodes(codes);
  // An exact column asked for but not applicable here (one well, an open side) is a missing answer.
  return asked.exact && rows.some((r) => r.retcodes.kleinKramers === 'not_applicable')
    ? combined === 'success'
      ? 'not_applicable'
      : combined
    : combined;
}

/** The number of wells when the landscape confines on both sides (the n-well matrix applies), else 0. */
function confinedWells(passage: PreparedTransition): number {
  const { edges, wells } = passage.problem.landscape;
  return edges.left === 'confining' && edges.right === 'confining' ? wells.length : 0;
}

function definitionOf(geometry: TurnoverGeometry, twoWells: boolean, confinedWells: number) {
  if (geometry === 'symmetric-double-well') {
    return 'one-way rate k between the two wells of a symmetric double well; the population relaxation rate is λ1 = 2k';
  }
  if (twoWells) return 'one-way rate k_ab; exact/simulated columns are λ1·p_b';
  return confinedWells >= 3
    ? 'one-way escape rate into a sink beyond the barrier; the exact column is the element k_ab of the rate matrix between all the wells (the slowest Klein–Kramers modes)'
    : 'one-way escape rate into a sink beyond the barrier';
}

/**
 * The Kramers turnover: the escape rate against friction from weak (energy diffusion, k ∝ γ) to
 * strong (overdamped, k ∝ 1/γ), with every theory side by side (TST, spatial diffusion, energy
 * diffusion, overdamped Kramers, Mel'nikov–Meshkov), optionally the exact rate from the
 * Klein–Kramers spectrum and simulated points (BAOAB, on the runner's workers) with 95% CIs.
 *
 * For two confined wells every column is the one-way rate k_{a→b}; the exact and simulated ones
 * come from the population relaxation rate as k_{a→b} = λ1·p_b (p_b the equilibrium population of
 * the target well), so for a symmetric double well λ1 = 2k. An abort keeps the points finished.
 */
export async function turnover(
  problem: TurnoverProblem = {},
  options: TurnoverOptions = {},
): Promise<TurnoverReport> {
  checkProblem(problem, TURNOVER_KEYS, 'turnover');
  checkSettings(problem.simulate, SIMULATION_KEYS, 'turnover', 'simulate');
  const gammas = frictionGrid(problem);
  const passage = turnoverPassage(problem);
  const context = inertialContext(passage);
  const settings = problem.simulate
    ? typeof problem.simulate === 'object'
      ? problem.simulate
      : {}
    : null;
  const checked = settings ? checkRelaxationSettings(settings) : null;
  const which = settings ? simulatedGammas(gammas, settings) : [];
  const asked = {
    exact: problem.exact === true,
    simulate: settings !== null,
    wellToWell: settings?.wellToWell === true,
  };
  const work: SlowWork = {
    exact: new Map(),
    simulated: new Map(),
    done: 0,
    total: (asked.exact ? gammas.length : 0) + which.length,
  };
  if (asked.exact) await exactColumn(passage, gammas, problem, work, options);
  if (settings) await simulatedColumn(passage, which, settings, work, options);
  // Simulated γ off the table's grid get their own rows (theory columns filled in).
  const all = [...new Set([...gammas, ...work.simulated.keys()])].sort((a, b) => a - b);
  const { mass, D } = passage.problem;
  const rows = all.map((g) => rowAt(g, theoryAt(passage, g), work, asked, mass));
  const c = crossing(passage)!;
  const maxima = maximaOf(passage, rows, gammas);
  const warnings = [
    ...passage.problem.warnings,
    ...context.warnings,
    ...slowWarnings(work),
    ...maxima.warnings,
  ];
  if (c.transition.deltaU / D < 5) {
    warnings.push(
      `ΔU/D = ${Number((c.transition.deltaU / D).toPrecision(3))} < 5: the leading-order theories err by tens of percent (order D/ΔU); compare with --exact`,
    );
  }
  return {
    retcode: retcodeOf(rows, asked, options.signal?.aborted === true, maxima.maximum),
    potential: passage.problem.summary,
    D,
    mass,
    from: c.transition.from,
    to: c.transition.to,
    barrier: { x: c.barrier.x, deltaU: c.transition.deltaU },
    barrierToNoise: c.transition.deltaU / D,
    action: context.action,
    geometry: context.geometry,
    definition: definitionOf(context.geometry, context.twoWells, confinedWells(passage)),
    rows,
    maximum: maxima.maximum,
    theoryMaximum: maxima.theoryMaximum,
    maximumNote: maxima.maximumNote,
    ...(checked
      ? {
          simulation: {
            walkers: batchedWalkers(checked.walkers),
            dt: checked.dt ?? null,
            seed: checked.seed,
            definition: relaxationInfo.definition,
          },
        }
      : {}),
    warnings: [...new Set(warnings)],
  };
}
