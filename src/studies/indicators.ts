import { KramersError, type Potential1D, requirePositive } from '../core/index.js';
import { normal, Xoshiro128 } from '../simulation/index.js';

/** Input of {@link simulateIndicators}: an overdamped walker held in one well. */
export interface IndicatorProblem {
  readonly potential: Potential1D;
  readonly D: number;
  readonly gamma?: number;
  /** Start (the well bottom). */
  readonly start: number;
  /** The barrier top: crossing it counts as a collapse, and the walker restarts at `start`. */
  readonly barrier: number;
  /** Sampling interval Δt of the series (reduced time). */
  readonly lag: number;
  /** Number of samples (default 10000) and Euler–Maruyama step (default min(lag, τ_relax)/50). */
  readonly samples?: number;
  readonly dt?: number;
  readonly seed?: number;
}

/** Variance and lag-1 autocorrelation of the sampled series with batch-means standard errors. */
export interface IndicatorEstimate {
  readonly variance: number;
  readonly varianceError: number;
  readonly autocorrelation: number;
  readonly autocorrelationError: number;
  readonly samples: number;
  /** Collapses (barrier crossings) during the run; the series is conditioned on survival. */
  readonly restarts: number;
  readonly dt: number;
}

const BATCHES = 20;
/**
 * Most Euler–Maruyama steps one series may take (≈ 1 s of work): a sampling interval of many
 * relaxation times needs ~50 steps per relaxation time between samples, so a lag of 1000 τ with
 * τ_relax ≈ 1 would otherwise run for hours before printing anything.
 */
export const MAX_INDICATOR_STEPS = 5e7;

function estimators(x: Float64Array, from: number, to: number) {
  let mean = 0;
  for (let k = from; k < to; k++) mean += x[k]!;
  mean /= to - from;
  let c0 = 0;
  let c1 = 0;
  for (let k = from; k < to; k++) {
    const d = x[k]! - mean;
    c0 += d * d;
    if (k + 1 < to) c1 += d * (x[k + 1]! - mean);
  }
  return { variance: c0 / (to - from), autocorrelation: c1 / c0 };
}

/** Refuses (before any work) a series that would take more than {@link MAX_INDICATOR_STEPS}. */
function requireStepsWithinCap(steps: number, lag: number, relax: number): void {
  if (steps <= MAX_INDICATOR_STEPS) return;
  const ratio = Number((lag / relax).toPrecision(2));
  // A fixed limit, not the CLI's time budget: the preset has no --yes to lift it.
  throw new KramersError(
    'invalid_parameter',
    `the simulated indicators would take ${steps.toExponential(1)} Euler–Maruyama steps (cap ${MAX_INDICATOR_STEPS.toExponential(0)}): the sampling interval is ${ratio} relaxation times`,
    {
      issues: [{ path: 'lag', message: `${ratio} relaxation times` }],
      hint: 'sample more often (a shorter lag); past a few relaxation times the lag-1 autocorrelation is ≈ 0 anyway',
    },
  );
}

/**
 * Early-warning indicators from simulation: an overdamped Langevin walker
 * γ dx = −U′ dt + √(2γD) dW (Euler–Maruyama, fixed seed) in the well, sampled every `lag`; the
 * variance and lag-1 autocorrelation of the series (Scheffer et al., Nature 2009; Dakos et al.,
 * PNAS 2008), with standard errors from 20 batch means. A walker that crosses the barrier is
 * put back at the well bottom (the series of a system observed before it tips). Euler–Maruyama
 * biases the stationary variance by about U″dt/2 (relative).
 */
export function simulateIndicators(problem: IndicatorProblem): IndicatorEstimate {
  const D = requirePositive('D', problem.D, 'noise intensity');
  const gamma = requirePositive('gamma', problem.gamma ?? 1, 'friction');
  const lag = requirePositive('lag', problem.lag, 'sampling interval');
  const n = problem.samples ?? 10000;
  if (!Number.isInteger(n) || n < 2 * BATCHES) {
    throw new KramersError('invalid_parameter', `samples must be a whole number ≥ ${2 * BATCHES}`);
  }
  const { start, barrier } = problem;
  const curvature = Math.abs(problem.potential.d2U(start));
  const relax = curvature > 0 ? gamma / curvature : lag;
  const dt = problem.dt ?? Math.min(lag, relax) / 50;
  const stepsPerSample = Math.max(1, Math.round(lag / dt));
  const burnIn = Math.ceil((10 * relax) / (lag / stepsPerSample));
  requireStepsWithinCap(burnIn + n * stepsPerSample, lag, relax);
  const h = lag / stepsPerSample;
  const kick = Math.sqrt((2 * D * h) / gamma);
  const drift = h / gamma;
  const dU = problem.potential.dU;
  const rng = Xoshiro128.fromSeed(problem.seed ?? 1);
  const side = Math.sign(start - barrier);
  const series = new Float64Array(n);
  let x = start;
  let restarts = 0;
  // Burn-in of ten relaxation times.
  for (let s = burnIn; s > 0; s--) x += -dU(x) * drift + kick * normal(rng);
  for (let k = 0; k < n; k++) {
    for (let s = 0; s < stepsPerSample; s++) {
      x += -dU(x) * drift + kick * normal(rng);
      if ((x - barrier) * side < 0) {
        x = start;
        restarts++;
      }
    }
    series[k] = x;
  }
  const all = estimators(series, 0, n);
  const size = Math.floor(n / BATCHES);
  let sv = 0;
  let sa = 0;
  const vs: number[] = [];
  const as: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const e = estimators(series, b * size, (b + 1) * size);
    vs.push(e.variance);
    as.push(e.autocorrelation);
    sv += e.variance;
    sa += e.autocorrelation;
  }
  const spread = (values: number[], mean: number) =>
    Math.sqrt(values.reduce((acc, v) => acc + (v - mean) ** 2, 0) / (BATCHES - 1) / BATCHES);
  return {
    variance: all.variance,
    varianceError: spread(vs, sv / BATCHES),
    autocorrelation: all.autocorrelation,
    autocorrelationError: spread(as, sa / BATCHES),
    samples: n,
    restarts,
    dt: h,
  };
}
