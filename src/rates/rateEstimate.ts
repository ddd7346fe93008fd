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

/**
 * `value` with the fewest significant digits (3 or more) that still read below `threshold`, so a
 * warning never says "5 < 5" for 4.9999988.
 */
export function formatBelow(value: number, threshold: number): string {
  for (let digits = 3; digits < 17; digits++) {
    const shown = Number(value.toPrecision(digits));
    if (shown < threshold) return String(shown);
  }
  return String(value);
}

/** How a barrier is named in the warning and the error it carries (gMAM's ΔΦ has one). */
export interface BarrierWarningOptions {
  /** 'ΔU' for a potential's barrier (the default), 'ΔΦ' for a quasi-potential's. */
  readonly symbol?: string;
  /** The barrier's own error bar: within it of the threshold there is no warning. */
  readonly error?: number;
}

/**
 * Warnings every activated-rate formula shares: the barrier must be high against the noise. A
 * barrier whose error bar reaches the threshold (ΔU + error ≥ 5D) does not warn: whether it is
 * below is then round-off, not physics.
 */
export function barrierWarnings(
  deltaU: number,
  D: number,
  options: BarrierWarningOptions = {},
): string[] {
  const ratio = deltaU / D;
  const reach = (deltaU + Math.abs(options.error ?? 0)) / D;
  if (ratio < MIN_BARRIER_TO_NOISE && reach < MIN_BARRIER_TO_NOISE) {
    const name = options.symbol ?? 'ΔU';
    return [
      `${name}/D = ${formatBelow(ratio, MIN_BARRIER_TO_NOISE)} < ${MIN_BARRIER_TO_NOISE}: Kramers asymptotics unreliable (leading-order error of order D/${name} = ${Number((1 / ratio).toPrecision(2))}); use an exact method`,
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

/**
 * The rate over parallel channels (saddles joining the same two states) as one estimate:
 * k = Σ_s A_s e^{−ΔU_s/D} (parallel channels add: Langer, Ann. Phys. 54, 258, 1969; Hänggi,
 * Talkner & Borkovec, Rev. Mod. Phys. 62, 251, 1990 §IV), written as
 * (Σ_s A_s e^{−(ΔU_s − ΔU_0)/D}) e^{−ΔU_0/D} with ΔU_0 the lowest barrier, so ln k stays finite
 * where k underflows (each term's exponent is ≤ 0). One channel gives its own estimate unchanged;
 * one where the formula does not apply makes the sum not applicable (a missing channel is not a
 * number).
 *
 * @example summedRate([activatedRate(1, 1, 0.1, []), activatedRate(2, 1, 0.1, [])], [1, 1], 0.1).prefactor; // => 3
 */
export function summedRate(
  estimates: readonly RateEstimate[],
  deltaU: readonly number[],
  D: number,
): RateEstimate {
  if (estimates.length === 1) return estimates[0]!;
  const failed = estimates.find((e) => e.retcode !== 'success' || e.prefactor === null);
  if (failed) return failed;
  const lowest = Math.min(...deltaU);
  const prefactor = estimates.reduce(
    (sum, e, i) => sum + e.prefactor! * Math.exp(-(deltaU[i]! - lowest) / D),
    0,
  );
  const warnings = [...new Set(estimates.flatMap((e) => e.warnings))].filter(
    (w) => !w.startsWith('rate underflows'),
  );
  return activatedRate(prefactor, lowest, D, warnings);
}
