import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/index.js';
import { extrapolateMfptPaired } from '../../src/simulation/index.js';

// The seed double well at D = 0.25, −1 → +1: exact MFPT 14.2777366365081 (mpmath,
// test/fixtures/reference_cases.json), an independent route from the simulation's.
const EXACT = 14.2777366365081;

describe('two-dt extrapolation: the standard error of runs that share their streams', () => {
  it('the spread over 300 seeds matches the reported SE and the 95% CI covers the exact MFPT', async () => {
    // 300 fixed seeds, 200 walkers, dt = 0.02 (dt/2 = 0.01): ~7 s. Nobody is censored (tMax is
    // 20× the MFPT), so every seed takes the paired SE.
    const K = 300;
    const values: number[] = [];
    const squaredErrors: number[] = [];
    let covered = 0;
    for (let seed = 1; seed <= K; seed++) {
      const r = await simulate({ D: 0.25, walkers: 200, seed, dt: 0.02, extrapolate: true });
      const e = r.extrapolated!;
      expect(e.stdErrFrom).toBe('paired');
      values.push(e.mfpt);
      squaredErrors.push(e.mfptStdErr ** 2);
      if (e.mfptCI95[0] <= EXACT && EXACT <= e.mfptCI95[1]) covered++;
    }
    const mean = values.reduce((s, v) => s + v, 0) / K;
    const spread = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (K - 1));
    const reported = Math.sqrt(squaredErrors.reduce((s, v) => s + v, 0) / K);
    // (K − 1)s²/σ² ~ χ²(299): its two-sided 99% band gives s/σ in [0.895, 1.106] (scipy
    // chi2.ppf(0.005 | 0.995, 299)). Measured 1.05. The quadrature of the two runs' SEs, which
    // ignores their correlation (0.55 here), gives 0.80 on these seeds and fails this.
    expect(spread / reported).toBeGreaterThan(0.895);
    expect(spread / reported).toBeLessThan(1.106);
    // Coverage: the normal-theory interval of a mean of skewed, heavy-tailed per-walker values
    // (d_i = 2T_f,i − T_c,i: skewness 2.7, kurtosis 13 over 20000 walkers) covers a little under
    // 95%, its misses mostly below (a low mean comes with a low SE): measured 93.3% over seeds
    // 1–2000 (1866 of 2000; 92.5% over 400 seeds with 1000 walkers). Covered ~ Binomial(300, p):
    // the 99% bands for p = 0.933 and 0.95 span [268, 294] (scipy binom.ppf). Measured 274 here.
    expect(covered).toBeGreaterThanOrEqual(268);
    expect(covered).toBeLessThanOrEqual(294);
    expect(Math.abs(mean - EXACT)).toBeLessThan(3 * (spread / Math.sqrt(K)) + 0.05);
  }, 120_000);

  it('pairs walker i of both runs: the same numbers as the two means, the SE of the differences', () => {
    // T_c = (3, 5, 10), T_f = (2, 6, 9): d = 2T_f − T_c = (1, 7, 8), mean 16/3, s² = 43/3.
    const e = extrapolateMfptPaired(
      { dt: 0.02, times: Float64Array.of(3, 5, 10), censored: new Uint8Array(3) },
      { dt: 0.01, times: Float64Array.of(2, 6, 9), censored: new Uint8Array(3) },
      1,
    )!;
    expect(e.mfpt).toBeCloseTo(16 / 3, 12);
    expect(e.mfptStdErr).toBeCloseTo(Math.sqrt(43 / 9), 12);
    expect(e.stdErrFrom).toBe('paired');
    // A censored walker: pairing does not hold for the censored MLE, so no paired estimate.
    expect(
      extrapolateMfptPaired(
        { dt: 0.02, times: Float64Array.of(3, 5, 10), censored: Uint8Array.of(0, 0, 1) },
        { dt: 0.01, times: Float64Array.of(2, 6, 9), censored: new Uint8Array(3) },
        1,
      ),
    ).toBeNull();
  });

  it('falls back to the quadrature bound, said in a warning, when walkers are censored', async () => {
    // tMax = 10 against an MFPT of 14.3: most walkers are censored.
    const r = await simulate({
      D: 0.25,
      walkers: 200,
      seed: 1,
      dt: 0.02,
      tMax: 10,
      extrapolate: true,
    });
    expect(r.censored).toBeGreaterThan(50);
    expect(r.extrapolated!.stdErrFrom).toBe('quadrature');
    expect(r.warnings.join(' ')).toMatch(/quadrature, which overstates it/);
  });
});
