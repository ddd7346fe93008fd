import { describe, expect, it } from 'vitest';
import {
  arrheniusFactor,
  barrierWarnings,
  bouchetReygnerRate,
  formatBelow,
  kramersCorrected,
  kramersOverdamped,
  logArrheniusFactor,
  rateRatioForBarrierChange,
  rateRatioForNoiseChange,
  transitionStateRate,
} from '../../src/rates/index.js';
import { expectClose, readFixture } from '../support/fixtures.js';

interface ReferenceCases {
  cases: {
    id: string;
    D: number;
    gamma: number;
    DeltaU: number;
    d2U_well: number;
    d2U_barrier: number;
    kramers_overdamped: string;
  }[];
  examples: { id: string; value?: string | number[]; values?: { eps: number; rate: string }[] }[];
}
const reference = readFixture<ReferenceCases>('reference_cases.json');

// The formulas are a handful of floating-point operations: a few ulps of rounding, so 1e-14.
const FORMULA_TOL = 1e-14;

describe('overdamped Kramers against test/fixtures/reference_cases.json (mpmath)', () => {
  it.each(reference.cases)('$id', (c) => {
    const k = kramersOverdamped({
      wellCurvature: c.d2U_well,
      barrierCurvature: c.d2U_barrier,
      deltaU: c.DeltaU,
      D: c.D,
      gamma: c.gamma,
    });
    expectClose(k.rate, Number(c.kramers_overdamped), FORMULA_TOL, c.id);
  });

  it('reproduces the seed double-well rate √2/(2π) e^{−1/(4ε)}', () => {
    const example = reference.examples.find((e) => e.id === 'seed_double_well_rate')!;
    for (const { eps, rate } of example.values!) {
      const k = kramersOverdamped({
        wellCurvature: 2,
        barrierCurvature: -1,
        deltaU: 0.25,
        D: eps,
        gamma: 1,
      });
      expectClose(k.rate, Number(rate), FORMULA_TOL, `ε = ${eps}`);
    }
  });

  it('scales as 1/γ (the high-friction law k ∝ 1/η)', () => {
    const base = { wellCurvature: 2, barrierCurvature: -1, deltaU: 0.25, D: 0.05 };
    const k1 = kramersOverdamped({ ...base, gamma: 1 }).rate!;
    const k10 = kramersOverdamped({ ...base, gamma: 10 }).rate!;
    expectClose(k1 / k10, 10, FORMULA_TOL, 'k(γ=1)/k(γ=10)');
  });

  it('stays finite in log form where the rate underflows (ΔU/D = 10⁴)', () => {
    const k = kramersOverdamped({
      wellCurvature: 2,
      barrierCurvature: -1,
      deltaU: 1e4,
      D: 1,
      gamma: 1,
    });
    expect(k.rate).toBe(0);
    expectClose(k.logRate, Math.log(Math.SQRT2 / (2 * Math.PI)) - 1e4, FORMULA_TOL, 'ln k');
    expect(k.warnings.join()).toMatch(/underflows/);
  });

  it('warns when ΔU/D < 5 and not at ΔU/D = 5', () => {
    const at = (D: number) =>
      kramersOverdamped({ wellCurvature: 2, barrierCurvature: -1, deltaU: 0.25, D, gamma: 1 })
        .warnings;
    expect(at(0.25).join()).toMatch(/ΔU\/D = 1 < 5: Kramers asymptotics unreliable/);
    expect(at(0.05)).toEqual([]);
  });

  it('the low-barrier warning prints digits enough to read true, names ΔΦ, spares the error bar', () => {
    // 0.24999994/0.05 = 4.9999988: toPrecision(3) said "5 < 5".
    expect(formatBelow(0.24999994 / 0.05, 5)).toBe('4.999999');
    expect(formatBelow(4.5, 5)).toBe('4.5');
    expect(barrierWarnings(0.24999994, 0.05, { symbol: 'ΔΦ' })).toEqual([
      'ΔΦ/D = 4.999999 < 5: Kramers asymptotics unreliable (leading-order error of order D/ΔΦ = 0.2); use an exact method',
    ]);
    // gMAM's ΔΦ ± 6e-7 reaches 5D: whether it is below is round-off.
    expect(barrierWarnings(0.24999994, 0.05, { symbol: 'ΔΦ', error: 6e-7 })).toEqual([]);
    expect(barrierWarnings(0.2, 0.05, { error: 6e-7 }).join()).toMatch(/^ΔU\/D = 4 < 5/);
    const br = (deltaPhiError?: number) =>
      bouchetReygnerRate({
        wellHessian: [2, 0, 0, 2],
        saddleHessian: [-1, 0, 0, 1],
        growthRate: 1,
        integral: 0,
        deltaPhi: 0.24999994,
        D: 0.05,
        ...(deltaPhiError !== undefined ? { deltaPhiError } : {}),
      }).warnings;
    expect(br()).toEqual([
      'ΔΦ/D = 4.999999 < 5: Kramers asymptotics unreliable (leading-order error of order D/ΔΦ = 0.2); use an exact method',
    ]);
    expect(br(6e-7)).toEqual([]);
  });

  it('refuses a flat barrier or well instead of returning a wrong number', () => {
    const flat = kramersOverdamped({
      wellCurvature: 2,
      barrierCurvature: 0,
      deltaU: 0.25,
      D: 0.05,
      gamma: 1,
    });
    expect(flat.rate).toBeNull();
    expect(flat.retcode).toBe('not_applicable');
    expect(flat.warnings.join()).toMatch(/barrier curvature/);
    const flatWell = transitionStateRate({ wellCurvature: 0, deltaU: 0.25, D: 0.05 });
    expect(flatWell.rate).toBeNull();
  });

  it.each([
    ['D', { D: 0 }],
    ['D', { D: -1 }],
    ['D', { D: Number.NaN }],
    ['gamma', { gamma: 0 }],
    ['gamma', { gamma: Number.POSITIVE_INFINITY }],
  ])('names the impossible parameter %s', (name, change) => {
    const input = {
      wellCurvature: 2,
      barrierCurvature: -1,
      deltaU: 0.25,
      D: 0.05,
      gamma: 1,
      ...change,
    };
    expect(() => kramersOverdamped(input)).toThrowError(new RegExp(`^${name} must be`));
  });
});

describe('TST and Arrhenius', () => {
  it('TST is ω_a/(2π) e^{−ΔU/D} with ω_a = √(U″/m)', () => {
    // Independent: ω for U″ = 8, m = 2 is 2; ΔU/D = 3.
    const k = transitionStateRate({ wellCurvature: 8, deltaU: 0.3, D: 0.1, mass: 2 });
    expectClose(k.rate, (2 / (2 * Math.PI)) * Math.exp(-3), FORMULA_TOL, 'TST');
  });

  it('gives the seed’s noise-doubling ratio e^10 = 22026.4657948067', () => {
    const example = reference.examples.find((e) => e.id === 'noise_doubling_ratio')!;
    const r = rateRatioForNoiseChange(20, 1, 2);
    expectClose(r.ratio, Number(example.value), FORMULA_TOL, 'e^10');
    expect(r.logRatio).toBe(10);
    // The same ratio from two Kramers rates (independent of the ratio formula).
    const k = (D: number) =>
      kramersOverdamped({ wellCurvature: 2, barrierCurvature: -1, deltaU: 20, D, gamma: 1 }).rate!;
    expectClose(k(2) / k(1), Number(example.value), 1e-13, 'k(2D0)/k(D0)');
  });

  it('barrier change: raising ΔU by 2D slows the rate by e²', () => {
    expectClose(rateRatioForBarrierChange(10, 12, 1).ratio, Math.exp(-2), FORMULA_TOL, 'e^-2');
  });

  it('a negative barrier is refused by both ratios (no activated rate to compare)', () => {
    expect(() => rateRatioForNoiseChange(-20, 1, 2)).toThrowError(/^deltaU must be/);
    expect(() => rateRatioForBarrierChange(-1, 2, 1)).toThrowError(/^deltaU0 must be/);
    expect(() => rateRatioForBarrierChange(1, -2, 1)).toThrowError(/^deltaU1 must be/);
    // ΔU = 0 is a barrier of height zero: the ratio is 1 whatever the noise.
    expect(rateRatioForNoiseChange(0, 1, 2).ratio).toBe(1);
  });

  it('Arrhenius factor and its log agree', () => {
    expect(arrheniusFactor(0.25, 0.05)).toBeCloseTo(Math.exp(-5), 17);
    expect(logArrheniusFactor(1e4, 1e-3)).toBe(-1e7);
    expect(() => arrheniusFactor(1, 0)).toThrowError(/^D must be/);
  });
});

describe('finite-barrier correction (closed-form checks; convergence order in test/rate.test.ts)', () => {
  const quartic = {
    wellCurvature: 2,
    barrierCurvature: -1,
    deltaU: 0.25,
    gamma: 1,
    wellThirdDerivative: 6,
    wellFourthDerivative: 6,
    barrierThirdDerivative: 0,
    barrierFourthDerivative: 6,
  };
  it('has c_a = c_s = 3/4 for x⁴/4 − x²/2 (docs/conventions.md §1)', () => {
    const k = kramersCorrected({ ...quartic, D: 0.05 });
    expect(k.firstOrderCoefficient).toBe(1.5);
    expect(k.correctionFactor).toBeCloseTo(1 - 0.05 * 1.5, 15);
    const plain = kramersOverdamped({ ...quartic, D: 0.05 }).rate!;
    expectClose(k.rate, plain * (1 - 0.075), FORMULA_TOL, 'corrected = plain·(1 − 1.5D)');
  });
  it('c_a for an asymmetric well: 5U‴²/(24U″³) − U⁗/(8U″²) with U‴ ≠ 0', () => {
    // x³/3 − x: well at 1 (U″ = 2, U‴ = 2, U⁗ = 0), barrier at −1 (U″ = −2, U‴ = 2, U⁗ = 0):
    // c_a = 5·4/(24·8) = 5/48, c_s = 5·4/(24·8) = 5/48.
    const k = kramersCorrected({
      wellCurvature: 2,
      barrierCurvature: -2,
      deltaU: 4 / 3,
      D: 0.1,
      gamma: 1,
      wellThirdDerivative: 2,
      wellFourthDerivative: 0,
      barrierThirdDerivative: 2,
      barrierFourthDerivative: 0,
    });
    expectClose(k.firstOrderCoefficient, 10 / 48, FORMULA_TOL, 'c_a + c_s');
  });
  it('refuses when the correction factor is not positive, and warns when it is large', () => {
    const refused = kramersCorrected({ ...quartic, D: 1 });
    expect(refused.rate).toBeNull();
    expect(refused.retcode).toBe('not_applicable');
    const large = kramersCorrected({ ...quartic, D: 0.25 });
    // ε = D(|c_a| + |c_s|) term by term = 0.25·(1.125 + 0.75) = 0.47: warned, below the 0.5 limit.
    expect(large.retcode).toBe('success');
    expect(large.warnings.join()).toMatch(/anharmonic well.* is 0\.47 ≥ 0\.25/);
  });
});
