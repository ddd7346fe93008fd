import { KramersError, requirePositive } from '../core/index.js';
import { generateSource, simplify } from '../expr/index.js';
import { crossing, type PreparedTransition, requireExpression } from '../problem/index.js';
import {
  type ChunkRequest,
  firstPassageStatistics,
  type RelaxationRequest,
  relaxationRate,
  runJobs,
} from '../simulation/index.js';
import { relaxationGeometry } from './kleinKramers.js';
import type { MethodInfo } from './method.js';
import { notApplicableResult, type RouteResult } from './result.js';
import { maxCurvatureOf, type RunOptions, requireSeed } from './simulation.js';

export const relaxationInfo: MethodInfo = {
  key: 'relaxation',
  label: 'simulated relaxation (BAOAB)',
  short: 'simulated λ1·p_b',
  definition:
    'k = λ1·p_b with λ1 the log-slope of the excess population of a prepared well (BAOAB walkers), jackknife 95% CI over 20 walker batches',
  regime:
    'two confined wells, any friction; kinetics consistent for γ·dt/m → 0 (the default keeps it ≤ 0.1)',
  reference: 'Leimkuhler & Matthews, Appl. Math. Res. Express (2013); Risken (1989) for λ1',
  dynamics: 'underdamped',
  kind: 'simulation',
  colour: '#1971c2',
};

/** How the population-relaxation simulation runs at one friction value. */
export interface RelaxationSettings {
  /** Walkers (default 4000), in 20 batches for the jackknife. */
  readonly walkers?: number;
  /** Master seed (default 1). */
  readonly seed?: number;
  /** BAOAB time step (default min(0.03/ω_max, 0.1·m/γ)). */
  readonly dt?: number;
  /** Step budget per walker (default 3e5); beyond it the point is skipped unless `force`. */
  readonly maxSteps?: number;
  /** Run even when the budget is exceeded (the friction value was asked for explicitly). */
  readonly force?: boolean;
  /** Also simulate 1/MFPT from the start well's bottom to the other well's bottom. */
  readonly wellToWell?: boolean;
  /** A rough one-way rate to size the run (e.g. Mel'nikov–Meshkov's). */
  readonly guess: number;
}

/** The simulated relaxation rate with its 95% CI, and optionally the well-to-well passage rate. */
export interface RelaxationResult extends RouteResult {
  readonly stdErr?: number;
  readonly ci95?: [number, number];
  /** 1/MFPT from bottom to bottom (not λ1·p_b: at weak friction it counts fast recrossings). */
  readonly wellToWell?: { readonly rate: number; readonly ci95: [number, number] };
  readonly walkers?: number;
  readonly dt?: number;
}

const BATCHES = 20;
const SAMPLES = 60;
/** Walkers per well-to-well chunk (as in first-passage runs). */
const CHUNK = 128;

/** Walkers actually run: whole batches only. */
export function batchedWalkers(walkers: number): number {
  return Math.floor(walkers / BATCHES) * BATCHES;
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

/** Checks the settings before any work (a bad value is an error, not a skipped point). */
export function checkRelaxationSettings(s: Omit<RelaxationSettings, 'guess'>) {
  return {
    walkers: requireWhole('walkers', s.walkers ?? 4000, 20, 1e8),
    seed: requireSeed(requireWhole('seed', s.seed ?? 1, 0, 0xffffffff)),
    maxSteps: requirePositive('maxSteps', s.maxSteps ?? 3e5, 'steps per walker'),
    ...(s.dt !== undefined ? { dt: requirePositive('dt', s.dt, 'time step') } : {}),
  };
}

/**
 * Skip the intrawell transient: energy relaxes at rate ~η_c (weak friction), positions at
 * ~ω_a²/η_c (strong friction); wait 5 of those (amplitude e^{−5}), at most 1/λ1. Then fit the
 * slope over 1.5/λ1.
 */
function windowOf(t: PreparedTransition, lambdaGuess: number, omega: number): [number, number] {
  const { gamma, mass } = t.problem;
  const eta = gamma / mass;
  const t1 = Math.min(Math.max(5 / eta, (5 * eta) / (omega * omega), 6 / omega), 1 / lambdaGuess);
  return [t1, t1 + 1.5 / lambdaGuess];
}

function kernels(t: PreparedTransition) {
  const expression = requireExpression(t.problem, 'simulation');
  return {
    force: generateSource(expression.derivativeAsts[0], ['x']),
    potential: generateSource(simplify(expression.ast), ['x']),
  };
}

/** 1/MFPT between the well bottoms, censored at 30 mean passage times of the guess. */
async function wellToWell(
  t: PreparedTransition,
  base: { dt: number; seed: number; walkers: number; guess: number },
  options: RunOptions,
) {
  const c = crossing(t)!;
  const other = t.problem.landscape.wells[c.transition.to as number]!;
  const { D, gamma, mass } = t.problem;
  const tMax = 30 / base.guess;
  const config = {
    dynamics: 'underdamped' as const,
    ...kernels(t),
    D,
    gamma,
    mass,
    dt: base.dt,
    tMax,
    start: { x: c.well.x },
    absorbing: other.x > c.well.x ? { above: other.x } : { below: other.x },
    seed: base.seed,
  };
  const requests: ChunkRequest[] = [];
  for (let first = 0; first < base.walkers; first += CHUNK) {
    requests.push({ config, firstWalker: first, walkers: Math.min(CHUNK, base.walkers - first) });
  }
  const results = await runJobs(options.runner, 'chunk', requests, { signal: options.signal });
  if (results.some((r) => r === undefined || r.aborted)) return null;
  const times = Float64Array.from(results.flatMap((r) => Array.from(r!.times)));
  const censored = Uint8Array.from(results.flatMap((r) => Array.from(r!.censored)));
  const stats = firstPassageStatistics(times, censored, tMax);
  return { rate: stats.rate, ci95: stats.rateCI95, warnings: stats.warnings };
}

/**
 * Where the walkers start, with the start side's equilibrium population and the fit window. λ1 is
 * the pair's, whichever well the walkers start in: they start in the less populated one, whose
 * excess 1 − p is the larger (from the deep well of x⁴/4 + 0.2x³ − x²/2 at D = 0.1 the excess was
 * p_b ≈ 1.5 % of the walkers: ±80 % and CIs below zero), and k_ab = λ1·p_b either way.
 * The window is sized by the guess λ1 = k_ab/p_b (detailed balance, p_a k_ab = p_b k_ba); k/p_a,
 * as before, was right for mirror wells only (the same well from the shallow side, m = 2, γ = 1:
 * a window of 0.55…1.38 against 1/λ1 = 31, +10 % bias, 6 of 12 CIs covering).
 */
function startPlan(
  t: PreparedTransition,
  pTarget: number,
  guess: number,
  domain: { readonly min: number; readonly max: number },
) {
  const lambdaGuess = guess / pTarget;
  const c = crossing(t)!;
  const fromTarget = pTarget < 1 / 2;
  const well = fromTarget ? t.problem.landscape.wells[c.transition.to as number]! : c.well;
  return {
    start:
      well.x < c.barrier.x
        ? { min: domain.min, max: c.barrier.x }
        : { min: c.barrier.x, max: domain.max },
    equilibrium: fromTarget ? pTarget : 1 - pTarget,
    lambdaGuess,
    window: windowOf(t, lambdaGuess, well.omega),
  };
}

/**
 * The simulated one-way rate k = λ1·p_b from the relaxation of a prepared well population
 * (BAOAB walkers in 20 batches on any runner; jackknife CI), between two confined wells.
 */
export async function runRelaxation(
  t: PreparedTransition,
  settings: RelaxationSettings,
  options: RunOptions = {},
): Promise<RelaxationResult> {
  const geometry = relaxationGeometry(t);
  if (typeof geometry === 'string') return notApplicableResult(relaxationInfo, geometry);
  const s = checkRelaxationSettings(settings);
  const { D, gamma, mass } = t.problem;
  const at = `γ = ${Number(gamma.toPrecision(3))}`;
  const pTarget = geometry.targetPopulation;
  const plan = startPlan(t, pTarget, settings.guess, geometry.domain);
  if (!(plan.lambdaGuess > 0)) {
    return notApplicableResult(relaxationInfo, `${at}: no rate to size the simulation`);
  }
  const dt = s.dt ?? Math.min(0.03 / Math.sqrt(maxCurvatureOf(t) / mass), (0.1 * mass) / gamma);
  const [t1, t2] = plan.window;
  if (!settings.force && t2 / dt > s.maxSteps) {
    return notApplicableResult(
      relaxationInfo,
      `simulation at ${at} skipped: it needs ~${Number((t2 / dt).toPrecision(2))} steps per walker (budget ${s.maxSteps}); ask for it explicitly with simulate.gammas`,
    );
  }
  const sampleEvery = Math.max(1, Math.ceil(t2 / SAMPLES / dt));
  const perBatch = Math.floor(s.walkers / BATCHES);
  const config = {
    dynamics: 'underdamped' as const,
    ...kernels(t),
    D,
    gamma,
    mass,
    dt,
    divide: crossing(t)!.barrier.x,
    start: plan.start,
    sampleEvery,
    samples: SAMPLES,
    seed: s.seed,
  };
  const requests: RelaxationRequest[] = Array.from({ length: BATCHES }, (_, b) => ({
    config,
    firstWalker: b * perBatch,
    walkers: perBatch,
  }));
  const batches = await runJobs(options.runner, 'relaxation', requests, { signal: options.signal });
  if (batches.some((b) => b === undefined)) {
    return { ...notApplicableResult(relaxationInfo, `${at}: interrupted`), retcode: 'interrupted' };
  }
  const estimate = relaxationRate(
    batches.map((b) => b!),
    sampleEvery * dt,
    plan.equilibrium,
    [t1, t2],
  );
  const w2w = settings.wellToWell
    ? await wellToWell(
        t,
        { dt, seed: s.seed, walkers: perBatch * BATCHES, guess: settings.guess },
        options,
      )
    : null;
  const k = estimate.lambda1 * pTarget;
  return {
    rate: k,
    logRate: Math.log(k),
    error: estimate.stdErr * pTarget,
    relativeError: estimate.stdErr / estimate.lambda1,
    retcode: settings.wellToWell && !w2w ? 'interrupted' : 'success',
    definition: relaxationInfo.definition,
    warnings: [
      ...estimate.warnings.map((w) => `${at}: ${w}`),
      ...(w2w?.warnings ?? []).map((w) => `${at}, well to well: ${w}`),
    ],
    stdErr: estimate.stdErr * pTarget,
    ci95: [estimate.ci95[0] * pTarget, estimate.ci95[1] * pTarget],
    ...(w2w ? { wellToWell: { rate: w2w.rate, ci95: w2w.ci95 } } : {}),
    walkers: perBatch * BATCHES,
    dt,
  };
}
