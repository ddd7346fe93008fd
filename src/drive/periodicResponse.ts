import FFT from 'fft.js';
import { KramersError, studentT975 } from '../core/index.js';

export interface PeriodicResponseMeasure {
  /** η = a²/A², a the amplitude of ⟨x⟩ at Ω (projected on the mean phase, bias-corrected). */
  readonly amplification: number;
  readonly amplificationStdErr: number;
  readonly amplificationCI95: [number, number];
  /** One-sided PSD of x per angular frequency at Ω, from neighbouring bins (signal bin left out). */
  readonly noisePsd: number;
  /** Standard error of `noisePsd` from the spread of the trajectories' own estimates. */
  readonly noisePsdStdErr: number;
  /** a²/2 over the noise PSD at Ω. */
  readonly snr: number;
  /**
   * 95% CI of the SNR by the delta method on log SNR = 2 log a − log S: relative standard error
   * √((2 SE_a/a)² + (SE_S/S)²) (signal and noise come from different FFT bins, so independent).
   */
  readonly snrCI95: [number, number];
  /** Power spectrum averaged over trajectories: angular frequencies and one-sided PSD. */
  readonly spectrum: { readonly omega: number[]; readonly psd: number[] };
  readonly trajectories: number;
}

/**
 * Response to a periodic drive measured from sampled trajectories: records of M = 2^k samples
 * spaced Δ, each spanning a whole number P of drive periods (so Ω falls on FFT bin P and the
 * periodic part leaks into no other bin). Per trajectory the complex amplitude at Ω is
 * c_j = (2/M) X_P e^{...}; its projection on the mean phase estimates a with a standard error from
 * the spread over trajectories (Student t CI). The noise PSD is the periodogram
 * S(ω_m) = Δ|X_m|²/(πM) (one-sided, per angular frequency, ∫₀^∞ S dω = Var x) averaged over the
 * bins P ± 1…8 and all trajectories; its standard error is the spread of the trajectories' own
 * bin averages.
 *
 * Point samples alias: the periodogram estimates the spectrum of the *sampled* sequence, in which
 * a relaxation mode of rate λ has, at ω ≪ π/Δ, (λΔ/2)·coth(λΔ/2) times its continuous spectrum
 * (the sampled mode is an AR(1) sequence with coefficient ρ = e^{−λΔ}, whose spectrum at ω → 0 is
 * (Δ/π)·Var·(1 + ρ)/(1 − ρ) against 2Var/(πλ)). Intrawell modes (λ ~ U''/γ) thus inflate
 * the noise unless λΔ ≲ 1: the caller samples finely enough (the resonance study's default does,
 * and warns where it cannot). The signal bin is not affected: a harmonic at Ω is sampled exactly.
 *
 * @param samples trajectories × M values, trajectory after trajectory
 * @param periods P, the number of drive periods in each record
 */
export function periodicResponse(
  samples: Float64Array,
  trajectories: number,
  spacing: number,
  periods: number,
  amplitude: number,
): PeriodicResponseMeasure {
  const M = checkRecords(samples.length, trajectories, periods);
  const fft = new FFT(M);
  const input = new Array<number>(M);
  const out = fft.createComplexArray() as number[];
  const psd = new Float64Array(M / 2 + 1);
  const noiseOf = new Float64Array(trajectories);
  const cRe = new Float64Array(trajectories);
  const cIm = new Float64Array(trajectories);
  const scale = spacing / (Math.PI * M);
  for (let j = 0; j < trajectories; j++) {
    let mean = 0;
    for (let k = 0; k < M; k++) mean += samples[j * M + k]!;
    mean /= M;
    for (let k = 0; k < M; k++) input[k] = samples[j * M + k]! - mean;
    fft.realTransform(out, input);
    for (let m = 0; m <= M / 2; m++) {
      const re = out[2 * m]!;
      const im = out[2 * m + 1]!;
      psd[m]! += ((re * re + im * im) * scale) / trajectories;
    }
    noiseOf[j] = noiseBins(out, periods) * scale;
    // Samples start at t = Δ (or a whole number of periods later): X_P·2/M = a e^{i(θ + ΩΔ)},
    // so rotating by e^{−iΩΔ} refers the phase to t = 0.
    const phase = (2 * Math.PI * periods) / M;
    const re = out[2 * periods]!;
    const im = out[2 * periods + 1]!;
    cRe[j] = (2 / M) * (re * Math.cos(phase) + im * Math.sin(phase));
    cIm[j] = (2 / M) * (im * Math.cos(phase) - re * Math.sin(phase));
  }
  const [aMean, aSe] = projectedAmplitude(cRe, cIm);
  const t = studentT975(trajectories - 1);
  const A2 = amplitude * amplitude;
  const amplification = (aMean * aMean) / A2;
  const lo = Math.max(0, aMean - t * aSe);
  const hi = aMean + t * aSe;
  const [noise, noiseSe] = meanAndStdErr(noiseOf);
  if (!(noise > 0)) {
    throw new KramersError(
      'invalid_parameter',
      'the records do not fluctuate about their mean near Ω: no noise to measure an SNR against',
    );
  }
  const snr = (aMean * aMean) / 2 / noise;
  // A signal of exactly zero (a = 0) has no log scale: its CI is [0, ∞), not NaN.
  const relative = Math.hypot((2 * aSe) / Math.abs(aMean), noiseSe / noise) || 0;
  const omegaBin = (2 * Math.PI) / (M * spacing);
  return {
    amplification,
    amplificationStdErr: (2 * Math.abs(aMean) * aSe) / A2,
    amplificationCI95: [(lo * lo) / A2, (hi * hi) / A2],
    noisePsd: noise,
    noisePsdStdErr: noiseSe,
    snr,
    snrCI95: Number.isFinite(relative)
      ? [snr * Math.exp(-t * relative), snr * Math.exp(t * relative)]
      : [0, Number.POSITIVE_INFINITY],
    spectrum: {
      omega: Array.from({ length: M / 2 + 1 }, (_, m) => m * omegaBin),
      psd: Array.from(psd),
    },
    trajectories,
  };
}

/** Samples per record M, once the records' shape is checked (M a power of two, P inside). */
function checkRecords(length: number, trajectories: number, periods: number): number {
  const M = length / trajectories;
  if (!Number.isInteger(M) || M < 16 || (M & (M - 1)) !== 0) {
    throw new KramersError(
      'invalid_parameter',
      `samples per trajectory must be a power of two ≥ 16; got ${M}`,
    );
  }
  if (!(trajectories >= 2)) {
    throw new KramersError(
      'invalid_parameter',
      'at least two trajectories are needed for an error bar',
    );
  }
  if (!Number.isInteger(periods) || periods < 9 || periods > M / 2 - 9) {
    throw new KramersError(
      'invalid_parameter',
      `periods must be a whole number in [9, M/2 − 9]; got ${periods}`,
    );
  }
  return M;
}

/**
 * The amplitude a from the trajectories' complex amplitudes c_j, with its standard error:
 * projected on the mean phase, a_j = Re(c_j e^{−iθ}), whose mean estimates a without the |noise|²
 * bias of |c̄|² in the perpendicular direction.
 */
function projectedAmplitude(cRe: Float64Array, cIm: Float64Array): [number, number] {
  const n = cRe.length;
  let mRe = 0;
  let mIm = 0;
  for (let j = 0; j < n; j++) {
    mRe += cRe[j]! / n;
    mIm += cIm[j]! / n;
  }
  const norm = Math.hypot(mRe, mIm) || 1;
  const proj = new Float64Array(n);
  for (let j = 0; j < n; j++) proj[j] = (cRe[j]! * mRe + cIm[j]! * mIm) / norm;
  return meanAndStdErr(proj);
}

/** Mean of |X_m|² over the noise bins m = P ± 1…8 of one transform (re, im interleaved). */
function noiseBins(out: readonly number[], periods: number): number {
  let sum = 0;
  for (let d = 1; d <= 8; d++) {
    for (const m of [periods - d, periods + d]) sum += out[2 * m]! ** 2 + out[2 * m + 1]! ** 2;
  }
  return sum / 16;
}

/** Mean and its standard error over the entries. */
function meanAndStdErr(values: Float64Array): [number, number] {
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v / n;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return [mean, Math.sqrt(ss / (n - 1) / n)];
}
