import type { RetCode } from '../core/index.js';

/**
 * A rate from a closed-form theory. `rate` may underflow to 0 for high barriers; `logRate`
 * (natural log, rate in inverse time units of the problem) stays finite for ΔU/D up to ~10³⁰⁰.
 */
export interface RateEstimate {
  /** k in 1/time; `null` when the formula does not apply (see `retcode` and `warnings`). */
  readonly rate: number | null;
  /** ln k; `null` when the formula does not apply. */
  readonly logRate: number | null;
  /** The attempt frequency multiplying e^{−ΔU/D}, in 1/time. */
  readonly prefactor: number | null;
  /** ΔU/D, the barrier in units of the noise intensity. */
  readonly barrierToNoise: number;
  readonly retcode: RetCode;
  readonly warnings: readonly string[];
}

/**
 * Below this ΔU/D the leading-order asymptotics are unreliable (docs/conventions.md §1, issue 2).
 */
export const MIN_BARRIER_TO_NOISE = 5;

/** Warnings every activated-rate formula shares: the barrier must be high against the noise. */
export function barrierWarnings(deltaU: number, D: number): string[] {
  const ratio = deltaU / D;
  if (ratio < MIN_BARRIER_TO_NOISE) {
    return [
      `ΔU/D = ${Number(ratio.toPrecision(3))} < ${MIN_BARRIER_TO_NOISE}: Kramers asymptotics unreliable (leading-order error of order D/ΔU = ${Number((1 / ratio).toPrecision(2))}); use an exact method`,
    ];
  }
  return [];
}

/** Builds the estimate from ln(prefactor) and ΔU/D without forming e^{−ΔU/D} alone. */
export function activatedRate(
  prefactor: number,
  deltaU: number,
  D: number,
  warnings: readonly string[],
): RateEstimate {
  const barrierToNoise = deltaU / D;
  const logRate = Math.log(prefactor) - barrierToNoise;
  const rate = Math.exp(logRate);
  const underflow =
    rate === 0
      ? [
          Number.isFinite(logRate)
            ? `rate underflows double precision (ln k = ${Number(logRate.toPrecision(6))}); use logRate`
            : 'rate underflows double precision, and so does its prefactor: no finite ln k either',
        ]
      : [];
  return {
    rate,
    logRate,
    prefactor,
    barrierToNoise,
    retcode: 'success',
    warnings: [...warnings, ...underflow],
  };
}

export function notApplicable(deltaU: number, D: number, reason: string): RateEstimate {
  return {
    rate: null,
    logRate: null,
    prefactor: null,
    barrierToNoise: deltaU / D,
    retcode: 'not_applicable',
    warnings: [reason],
  };
}
