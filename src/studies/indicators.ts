import { KramersError, type Potential1D, type RetCode, requirePositive } from '../core/index.js';
import { checkProblem, keysOf } from '../problem/index.js';
import { normal, tQuantile975, Xoshiro128 } from '../simulation/index.js';
import {
  batchedJackknife,
  batchPlan,
  integratedAutocorrelationTime,
  MIN_BATCHES,
} from './seriesErrors.js';

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
  /**
   * Lengthens the series (never shortens it below `samples`) to span at least this many
   * integrated autocorrelation times of the linearised (Ornstein–Uhlenbeck) walker, and then of
   * its own estimated τ̂ where that is longer (the same walker continues), within
   * {@link MAX_LENGTHENED_STEPS}; past that cap the series is capped, a warning says how many it
   * spans and the retcode is `not_converged`. The SEs are calibrated from ~200 (default: off).
   */
  readonly autocorrelationTimes?: number;
  readonly dt?: number;
  readonly seed?: number;
}

/** The keys `simulateIndicators()` reads. */
const INDICATOR_KEYS = keysOf<IndicatorProblem>()([
  'potential',
  'D',
  'gamma',
  'start',
  'barrier',
  'lag',
  'samples',
  'autocorrelationTimes',
  'dt',
  'seed',
]);

/**
 * Variance and lag-1 autocorrelation of the sampled series (jackknife bias-corrected), with
 * batched-jackknife standard errors on `batches − 1` degrees of freedom and Student-t 95% CIs.
 */
export interface IndicatorEstimate {
  readonly retcode: RetCode;
  readonly warnings: readonly string[];
  readonly variance: number;
  readonly varianceError: number;
  readonly varianceCi95: readonly [number, number];
  readonly autocorrelation: number;
  readonly autocorrelationError: number;
  readonly autocorrelationCi95: readonly [number, number];
  readonly samples: number;
  /** Jackknife batches (the SEs have batches − 1 degrees of freedom). */
  readonly batches: number;
  /** Integrated autocorrelation time of the series, in samples (Sokal's window). */
  readonly autocorrelationTime: number;
  /**
   * With `autocorrelationTimes`: the samples that many autocorrelation times (OU or estimated)
   * would need, when the step cap kept the series shorter (else absent).
   */
  readonly samplesWanted?: number;
  /** Collapses (barrier crossings) during the run; the series is conditioned on survival. */
  readonly restarts: number;
  readonly dt: number;
}

/**
 * Most Euler–Maruyama steps one series may take (≈ 1 s of work): a sampling interval of many
 * relaxation times needs ~50 steps per relaxation time between samples, so a lag of 1000 τ with
 * τ_relax ≈ 1 would otherwise run for hours before printing anything.
 */
export const MAX_INDICATOR_STEPS = 5e7;
/**
 * Most steps a series lengthened to `autocorrelationTimes` may take (≈ 0.5 s): enough for 200 τ of
 * the tipping preset at a 1-day lag up to c = 0.99 (1.9e7 steps there), while its ten series stay
 * within ~10 s at any lag; past it the series is capped and says so.
 */
export const MAX_LENGTHENED_STEPS = 2e7;
/** Fewest samples: eight per batch at the fewest batches. */
const MIN_SAMPLES = 8 * MIN_BATCHES;

/** Raw sums of a stretch of the series: moments and lag-1 pair sums (x shifted by its mean). */
interface Sums {
  count: number;
  s1: number;
  s2: number;
  pairs: number;
  product: number;
  left: number;
  right: number;
}

const EMPTY: Sums = { count: 0, s1: 0, s2: 0, pairs: 0, product: 0, left: 0, right: 0 };

function add(a: Sums, b: Sums, sign = 1): Sums {
  return {
    count: a.count + sign * b.count,
    s1: a.s1 + sign * b.s1,
    s2: a.s2 + sign * b.s2,
    pairs: a.pairs + sign * b.pairs,
    product: a.product + sign * b.product,
    left: a.left + sign * b.left,
    right: a.right + sign * b.right,
  };
}

/** Sums over samples [from, to) and their lag-1 pairs (k, k+1) with k + 1 < `pairEnd`. */
function sumsOf(y: Float64Array, from: number, to: number, pairEnd: number): Sums {
  const s = { ...EMPTY };
  for (let k = from; k < to; k++) {
    s.count++;
    s.s1 += y[k]!;
    s.s2 += y[k]! * y[k]!;
    if (k + 1 < pairEnd) {
      s.pairs++;
      s.product += y[k]! * y[k + 1]!;
      s.left += y[k]!;
      s.right += y[k + 1]!;
    }
  }
  return s;
}

/**
 * Variance and lag-1 autocorrelation from sums: one mean m over the samples, the lag-1 pairs
 * only between neighbours, and each moment over its own count, so the whole series and every
 * series with a batch left out share the same O(1/n) bias form (which the jackknife removes).
 */
function momentsOf(s: Sums): [number, number] {
  const m = s.s1 / s.count;
  const c0 = s.s2 / s.count - m * m;
  const c1 = (s.product - m * (s.left + s.right)) / s.pairs + m * m;
  return [c0, c1 / c0];
}

/**
 * The statistics with samples [from, to) left out, for the batches of {@link batchedJackknife},
 * in O(n + B): per-batch sums plus the pair that joins each batch to the next.
 */
function leaveOutMoments(x: Float64Array, batches: number) {
  const n = x.length;
  let mean = 0;
  for (let k = 0; k < n; k++) mean += x[k]!;
  mean /= n;
  const y = x.map((v) => v - mean);
  const edge = (i: number) => Math.round((i * n) / batches);
  const inner: Sums[] = [];
  const joins: Sums[] = [];
  for (let i = 0; i < batches; i++) {
    inner.push(sumsOf(y, edge(i), edge(i + 1), edge(i + 1)));
    const last = edge(i + 1) - 1;
    joins.push(i + 1 < batches ? pairOf(y[last]!, y[last + 1]!) : EMPTY);
  }
  const total = [...inner, ...joins].reduce((a, b) => add(a, b), EMPTY);
  return (from: number, to: number): readonly number[] => {
    if (from === to) return momentsOf(total);
    const i = inner.findIndex((_, j) => edge(j) === from);
    let s = add(add(total, inner[i]!, -1), joins[i]!, -1);
    if (i > 0) s = add(s, joins[i - 1]!, -1);
    return momentsOf(s);
  };
}

function pairOf(a: number, b: number): Sums {
  return { count: 0, s1: 0, s2: 0, pairs: 1, product: a * b, left: a, right: b };
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
 * The integrated autocorrelation time, in samples, of an Ornstein–Uhlenbeck process of relaxation
 * time `relax` sampled every `lag`: ρ(1) = e^{−lag/relax}, τ_int = (1 + ρ)/(2(1 − ρ)) (Sokal 1989,
 * eq. 2.12 for an exponential decay; ≈ relax/lag when lag ≪ relax).
 */
export function ouAutocorrelationTime(lag: number, relax: number): number {
  const rho = Math.exp(-lag / relax);
  return (1 + rho) / (2 * -Math.expm1(-lag / relax));
}

/**
 * Samples of the series: `samples`, or more to span `times` autocorrelation times `tau` (in
 * samples), at most what {@link MAX_LENGTHENED_STEPS} allows after the burn-in (`wanted` is then
 * the uncapped count).
 */
function seriesLength(
  samples: number,
  times: number | undefined,
  tau: number,
  steps: { perSample: number; burnIn: number },
): { n: number; tau: number; wanted?: number } {
  if (times === undefined) return { n: samples, tau };
  const wanted = Math.max(samples, Math.ceil(times * tau));
  const cap = Math.floor((MAX_LENGTHENED_STEPS - steps.burnIn) / steps.perSample);
  return wanted <= cap ? { n: wanted, tau } : { n: Math.max(samples, cap), tau, wanted };
}

/**
 * Early-warning indicators from simulation: an overdamped Langevin walker
 * γ dx = −U′ dt + √(2γD) dW (Euler–Maruyama, fixed seed) in the well, sampled every `lag`; the
 * variance and lag-1 autocorrelation of the series (Scheffer et al., Nature 2009; Dakos et al.,
 * PNAS 2008), bias-corrected, with standard errors from a batched jackknife whose batches are
 * at least five of the series' own integrated autocorrelation times long (Sokal 1989; Flegal &
 * Jones 2010), so they hold at any sampling interval relative to the relaxation time; with fewer
 * than 20 batches a warning gives the degrees of freedom and the CIs use Student t. `retcode` is
 * `not_converged` when the series is too short to estimate its own autocorrelation time. A
 * walker that crosses the barrier is put back at the well bottom (the series of a system
 * observed before it tips). Euler–Maruyama biases the stationary variance by about U″dt/2
 * (relative).
 */
export function simulateIndicators(problem: IndicatorProblem): IndicatorEstimate {
  checkProblem(problem, INDICATOR_KEYS, 'simulateIndicators');
  const D = requirePositive('D', problem.D, 'noise intensity');
  const gamma = requirePositive('gamma', problem.gamma ?? 1, 'friction');
  const lag = requirePositive('lag', problem.lag, 'sampling interval');
  const samples = problem.samples ?? 10000;
  if (!Number.isInteger(samples) || samples < MIN_SAMPLES) {
    throw new KramersError('invalid_parameter', `samples must be a whole number ≥ ${MIN_SAMPLES}`);
  }
  const curvature = Math.abs(problem.potential.d2U(problem.start));
  const relax = curvature > 0 ? gamma / curvature : lag;
  const dt = problem.dt ?? Math.min(lag, relax) / 50;
  const stepsPerSample = Math.max(1, Math.round(lag / dt));
  const burnIn = Math.ceil((10 * relax) / (lag / stepsPerSample));
  const times = problem.autocorrelationTimes;
  if (times !== undefined) requirePositive('autocorrelationTimes', times, 'series length in τ');
  const steps = { perSample: stepsPerSample, burnIn };
  let length = seriesLength(samples, times, ouAutocorrelationTime(lag, relax), steps);
  requireStepsWithinCap(burnIn + length.n * stepsPerSample, lag, relax);
  const h = lag / stepsPerSample;
  const walker = walkerOf(problem, {
    D,
    gamma,
    h,
    stepsPerSample,
    burnIn,
    seed: problem.seed ?? 1,
  });
  let series = walker.extend(new Float64Array(0), length.n);
  if (times !== undefined && length.wanted === undefined) {
    // The walker is not an OU process (its τ̂ came out 1.3× the OU value at c = 0.5–0.6
    // of the tipping preset): its own τ̂ lengthens the series further where it is longer.
    const own = integratedAutocorrelationTime(series);
    if (own.converged) length = seriesLength(length.n, times, own.tau, steps);
    if (length.n > series.length) series = walker.extend(series, length.n);
  }
  const estimate = { ...seriesIndicators(series), restarts: walker.restarts(), dt: h };
  if (length.wanted === undefined) return estimate;
  const spans = Number((length.n / length.tau).toPrecision(2));
  return {
    ...estimate,
    retcode: 'not_converged',
    samplesWanted: length.wanted,
    warnings: [
      ...estimate.warnings,
      `the series is capped at ${length.n} samples (${MAX_LENGTHENED_STEPS.toExponential(0)} Euler–Maruyama steps), ${spans} autocorrelation times of the ${times} asked (${length.wanted} samples): the standard errors are calibrated only from ~200; sample less often (a longer lag)`,
    ],
  };
}

/** The walker of {@link simulateIndicators}: burnt in, then extended a sample at a time. */
function walkerOf(
  problem: IndicatorProblem,
  walk: {
    D: number;
    gamma: number;
    h: number;
    stepsPerSample: number;
    burnIn: number;
    seed: number;
  },
) {
  const { start, barrier } = problem;
  const kick = Math.sqrt((2 * walk.D * walk.h) / walk.gamma);
  const drift = walk.h / walk.gamma;
  const dU = problem.potential.dU;
  const rng = Xoshiro128.fromSeed(walk.seed);
  const side = Math.sign(start - barrier);
  let x = start;
  let restarts = 0;
  // Burn-in of ten relaxation times.
  for (let s = walk.burnIn; s > 0; s--) x += -dU(x) * drift + kick * normal(rng);
  return {
    restarts: () => restarts,
    /** The series lengthened to `n` samples by the same walker (the first ones unchanged). */
    extend(series: Float64Array, n: number): Float64Array {
      const out = new Float64Array(n);
      out.set(series);
      for (let k = series.length; k < n; k++) {
        for (let s = 0; s < walk.stepsPerSample; s++) {
          x += -dU(x) * drift + kick * normal(rng);
          if ((x - barrier) * side < 0) {
            x = start;
            restarts++;
          }
        }
        out[k] = x;
      }
      return out;
    },
  };
}

/** Why the standard errors of a series of `n` samples are or are not to be trusted. */
function errorWarnings(n: number, tau: number, converged: boolean, batches: number): string[] {
  const times = Number((n / tau).toPrecision(2));
  if (!converged) {
    return [
      `the simulated series spans too few of its own autocorrelation times (Sokal's window did not close within n/4 = ${Math.floor(n / 4)} samples): the indicators' standard errors are not trustworthy; sample more often or take more samples`,
    ];
  }
  if (batches >= 20) return [];
  return [
    `the simulated series spans only ${times} integrated autocorrelation times: its standard errors come from ${batches} jackknife batches (${batches - 1} degrees of freedom), so a 95% interval is ±${tQuantile975(batches - 1).toFixed(2)} SE (varianceCi95, autocorrelationCi95), and below ~100 autocorrelation times they run up to ~10% low (95% intervals cover ~91%)`,
  ];
}

/**
 * The indicators of one series with honest errors: batch length from the series' own integrated
 * autocorrelation time (Sokal's window; see {@link batchPlan}), then a batched jackknife of the
 * variance and lag-1 autocorrelation. Batches of fixed size fail where a batch spans only a few
 * relaxation times: neighbouring batch means are then correlated and the SE comes out several
 * times too small (20 batches of 2.5 τ: 95% intervals covered the exact variance 49% of the time).
 */
function seriesIndicators(series: Float64Array) {
  const n = series.length;
  const time = integratedAutocorrelationTime(series);
  const batches = batchPlan(n, time.tau);
  const [variance, autocorrelation] = batchedJackknife(
    n,
    batches,
    leaveOutMoments(series, batches),
  );
  const t = tQuantile975(batches - 1);
  const ci = (e: { value: number; error: number }) =>
    [e.value - t * e.error, e.value + t * e.error] as const;
  // The variance's error scales with the variance itself (a low estimate has a low SE), so its
  // interval is symmetric in ln s²: s²·e^{±t·SE/s²} (the Wald interval covered 89–90% at n = 50τ).
  const logCi = (e: { value: number; error: number }) =>
    [
      e.value * Math.exp((-t * e.error) / e.value),
      e.value * Math.exp((t * e.error) / e.value),
    ] as const;
  return {
    retcode: (time.converged ? 'success' : 'not_converged') as RetCode,
    warnings: errorWarnings(n, time.tau, time.converged, batches),
    variance: variance!.value,
    varianceError: variance!.error,
    varianceCi95: logCi(variance!),
    autocorrelation: autocorrelation!.value,
    autocorrelationError: autocorrelation!.error,
    autocorrelationCi95: ci(autocorrelation!),
    samples: n,
    batches,
    autocorrelationTime: time.tau,
  };
}
