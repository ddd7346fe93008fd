import FFT from 'fft.js';

/**
 * Standard errors for statistics of one correlated time series (the simulated early-warning
 * indicators): the series' own integrated autocorrelation time fixes the batch length, and a
 * batched jackknife over those batches gives each statistic's standard error and removes its
 * O(1/n) bias.
 */

/** Sokal's window factor c: the sum of ρ(t) stops at the first M ≥ c·τ̂(M) (Sokal 1989, §3). */
const SOKAL_WINDOW = 5;
/** Batches at least this many integrated autocorrelation times long (see {@link batchPlan}). */
const BATCH_TIMES = 5;
/** Fewest batches: Student t with 4 degrees of freedom (t₀.₉₇₅ = 2.78). */
export const MIN_BATCHES = 5;
/** Most batches: past ~100 the SE's own scatter (1/√(2(B−1)) relative) no longer matters. */
const MAX_BATCHES = 100;

/** The integrated autocorrelation time and whether Sokal's window closed within the series. */
export interface AutocorrelationTime {
  /** τ_int = 1/2 + Σ_{t=1}^{M} ρ(t), in samples (1/2 for an uncorrelated series). */
  readonly tau: number;
  readonly window: number;
  /** False when the window reached n/4 before M ≥ c·τ̂(M): the series is too short to tell. */
  readonly converged: boolean;
}

/** FFT plans and work arrays by size: building them costs more than a transform. */
const plans = new Map<number, { fft: FFT; input: number[]; spectrum: number[]; out: number[] }>();

function planOf(size: number) {
  let plan = plans.get(size);
  if (!plan) {
    const fft = new FFT(size);
    const spectrum = fft.createComplexArray() as number[];
    const out = fft.createComplexArray() as number[];
    plan = { fft, input: new Array<number>(size), spectrum, out };
    plans.set(size, plan);
  }
  return plan;
}

/** Normalised autocorrelation ρ(t), t = 0…n−1, by zero-padded FFT (Wiener–Khinchin). */
function autocorrelation(x: Float64Array): Float64Array {
  const n = x.length;
  const size = 2 ** Math.ceil(Math.log2(2 * n));
  let mean = 0;
  for (let k = 0; k < n; k++) mean += x[k]!;
  mean /= n;
  const { fft, input, spectrum, out } = planOf(size);
  input.fill(0);
  for (let k = 0; k < n; k++) input[k] = x[k]! - mean;
  fft.realTransform(spectrum, input);
  fft.completeSpectrum(spectrum);
  for (let m = 0; m < size; m++) {
    const re = spectrum[2 * m]!;
    const im = spectrum[2 * m + 1]!;
    spectrum[2 * m] = re * re + im * im;
    spectrum[2 * m + 1] = 0;
  }
  fft.inverseTransform(out, spectrum);
  // ĉ(t) = Σ_{k<n−t} d_k d_{k+t} / (n − t), ρ̂(t) = ĉ(t)/ĉ(0) (Sokal 1989, eq. 3.9).
  const rho = new Float64Array(n);
  const c0 = out[0]! / n;
  for (let t = 0; t < n; t++) rho[t] = c0 > 0 ? out[2 * t]! / (n - t) / c0 : t === 0 ? 1 : 0;
  return rho;
}

/**
 * Integrated autocorrelation time of a series with Sokal's automatic window (A. D. Sokal,
 * "Monte Carlo methods in statistical mechanics", Cargèse lectures 1989; Madras & Sokal 1988):
 * τ̂(M) = 1/2 + Σ_{t=1}^{M} ρ̂(t) at the first M ≥ c·τ̂(M), c = 5, which keeps the truncation
 * bias of an exponential decay below e^{−5} while the window's noise, √(2(2M+1)/n) relative,
 * stays small. Capped at M = n/4.
 */
export function integratedAutocorrelationTime(x: Float64Array): AutocorrelationTime {
  const rho = autocorrelation(x);
  const last = Math.floor(x.length / 4);
  let tau = 0.5;
  for (let m = 1; m <= last; m++) {
    tau += rho[m]!;
    if (m >= SOKAL_WINDOW * tau) return atLeastLagOne(meanCorrected(tau, m, x.length, true), rho);
  }
  return atLeastLagOne(meanCorrected(tau, last, x.length, false), rho);
}

/**
 * The window sum's noise is large where the series spans few τ (±60% at n = 50τ), and a low τ̂
 * means short, correlated batches. The lag-1 autocorrelation is far steadier and bounds τ_int
 * from below for a reversible process (overdamped Langevin dynamics): ρ(t) = Σ wᵢλᵢᵗ with
 * wᵢ ≥ 0 (spectral theorem; Sokal 1989, §3), and (1 + λ)/(2(1 − λ)) is convex, so by Jensen
 * τ_int ≥ (1 + ρ(1))/(2(1 − ρ(1))) — equality for an exponential decay (Ornstein–Uhlenbeck).
 */
function atLeastLagOne(time: AutocorrelationTime, rho: Float64Array): AutocorrelationTime {
  const r1 = Math.min(rho[1] ?? 0, 1 - 1e-12);
  const bound = r1 > 0 ? (1 + r1) / (2 * (1 - r1)) : 0.5;
  return { ...time, tau: Math.max(time.tau, bound) };
}

/**
 * Undoes the bias the estimated mean puts in τ̂: E ĉ(t) ≈ c(t) − Var x̄ with Var x̄ = 2τc(0)/n
 * (Priestley 1981, §5.3), so each ρ̂(t) is low by about (2τ/n)(1 − ρ(t)) and the window sum by
 * 2τ(M − τ)/n: τ ≈ τ̂/(1 − 2(M − τ̂)/n) — about +20% at n = 50τ, where the batch length matters.
 */
function meanCorrected(tau: number, window: number, n: number, converged: boolean) {
  const raw = Math.max(tau, 0.5);
  const shrink = 1 - (2 * Math.max(window - raw, 0)) / n;
  return { tau: shrink > 0.5 ? raw / shrink : 2 * raw, window, converged };
}

/**
 * The batch count for a series of n samples with integrated autocorrelation time τ: batches of
 * b = max(√n, 5τ) samples (Flegal & Jones, Ann. Stat. 38, 1034 (2010), take b ∝ √n; the floor
 * 5τ keeps the batch means nearly independent where √n is only a few τ — for an exponential
 * decay the batch-means variance is then low by about τ/b ≤ 20% for x and ≤ 10% for x², the
 * variance indicator's series), between {@link MIN_BATCHES} and 100.
 */
export function batchPlan(n: number, tau: number): number {
  const length = Math.max(Math.sqrt(n), BATCH_TIMES * tau);
  return Math.min(MAX_BATCHES, Math.max(MIN_BATCHES, Math.floor(n / length)));
}

/** A statistic's bias-corrected jackknife estimate and standard error. */
export interface JackknifeEstimate {
  /** B·θ̂ − (B−1)·mean θ̂₍ᵢ₎. */
  readonly value: number;
  readonly error: number;
}

/**
 * Batched (delete-one-batch) jackknife (Efron 1982, ch. 3; for correlated Monte Carlo series
 * B. A. Berg, Markov Chain Monte Carlo Simulations, 2004, §2.7): θ̂₍ᵢ₎ are the statistics on the
 * series without batch i, SE² = (B−1)/B Σ(θ̂₍ᵢ₎ − θ̄)², and B·θ̂ − (B−1)θ̄ removes the O(1/n)
 * bias of a ratio or of a mean-subtracted moment (the lag-1 autocorrelation's Kendall bias
 * −(1 + 3ρ)/n is a large fraction of its SE when ρ → 1). `statistics(from, to)` evaluates all
 * statistics on the series with samples [from, to) left out ([0, 0): the whole series).
 */
export function batchedJackknife(
  n: number,
  batches: number,
  statistics: (skipFrom: number, skipTo: number) => readonly number[],
): JackknifeEstimate[] {
  const whole = statistics(0, 0);
  const leftOut: (readonly number[])[] = [];
  for (let i = 0; i < batches; i++) {
    leftOut.push(statistics(Math.round((i * n) / batches), Math.round(((i + 1) * n) / batches)));
  }
  return whole.map((theta, s) => {
    const mean = leftOut.reduce((a, v) => a + v[s]!, 0) / batches;
    const spread = leftOut.reduce((a, v) => a + (v[s]! - mean) ** 2, 0);
    return {
      value: batches * theta - (batches - 1) * mean,
      error: Math.sqrt(((batches - 1) / batches) * spread),
    };
  });
}
