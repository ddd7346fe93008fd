import { requireFinite, requireNonNegative, requirePositive } from '../core/index.js';

/**
 * Arrhenius factor e^{−ΔU/D} (Arrhenius 1889): the probability weight of the barrier top relative
 * to the well bottom. Dimensionless; ΔU and D in the same energy unit. Underflows to 0 for
 * ΔU/D ≳ 745: use {@link logArrheniusFactor}.
 *
 * @example
 * arrheniusFactor(0.25, 0.05); // => 0.006737946999085467 (e^{−5})
 */
export function arrheniusFactor(deltaU: number, D: number): number {
  return Math.exp(logArrheniusFactor(deltaU, D));
}

/** ln of the Arrhenius factor, −ΔU/D: finite for any finite barrier. */
export function logArrheniusFactor(deltaU: number, D: number): number {
  requireFinite('deltaU', deltaU, 'barrier height ΔU');
  requirePositive('D', D, 'noise intensity k_B T');
  return -deltaU / D;
}

/** A rate ratio k1/k0 with its natural logarithm (the ratio itself may overflow). */
export interface RateRatio {
  readonly ratio: number;
  readonly logRatio: number;
}

/**
 * Rate ratio when the noise changes from D0 to D1 at fixed barrier ΔU:
 * k(D1)/k(D0) = exp(ΔU/D0 − ΔU/D1). Exact for any rate of the form ν e^{−ΔU/D} whose prefactor ν
 * does not depend on D (Arrhenius, TST, overdamped Kramers with D-independent friction).
 * The seed's example: ΔU = 20 D0, D1 = 2 D0 gives e^{10} = 22026.4658.
 *
 * @example
 * rateRatioForNoiseChange(20, 1, 2).ratio; // => 22026.465794806718 (e^{10})
 */
export function rateRatioForNoiseChange(deltaU: number, D0: number, D1: number): RateRatio {
  // A barrier is ΔU ≥ 0: a negative one is no barrier, and e^{ΔU/D0 − ΔU/D1} then describes
  // no activated rate (it used to return e.g. 4.5e-5 for ΔU = −20).
  requireNonNegative('deltaU', deltaU, 'barrier height ΔU');
  requirePositive('D0', D0, 'initial noise intensity');
  requirePositive('D1', D1, 'new noise intensity');
  const logRatio = deltaU / D0 - deltaU / D1;
  return { ratio: Math.exp(logRatio), logRatio };
}

/**
 * Rate ratio when the barrier changes from ΔU0 to ΔU1 at fixed noise D (same prefactor):
 * k1/k0 = exp(−(ΔU1 − ΔU0)/D).
 *
 * @example
 * rateRatioForBarrierChange(10, 12, 1).ratio; // => 0.1353352832366127 (e^{−2})
 */
export function rateRatioForBarrierChange(deltaU0: number, deltaU1: number, D: number): RateRatio {
  requireNonNegative('deltaU0', deltaU0, 'initial barrier height');
  requireNonNegative('deltaU1', deltaU1, 'new barrier height');
  requirePositive('D', D, 'noise intensity k_B T');
  const logRatio = -(deltaU1 - deltaU0) / D;
  return { ratio: Math.exp(logRatio), logRatio };
}
