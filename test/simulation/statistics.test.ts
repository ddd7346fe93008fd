import { describe, expect, it } from 'vitest';
import { extrapolateMfpt, firstPassageStatistics, Xoshiro128 } from '../../src/simulation/index.js';

/** Exponential samples of mean `mean`, censored at tMax (fixed seed: deterministic). */
function exponentialSample(n: number, mean: number, tMax: number, seed: number) {
  const rng = Xoshiro128.fromSeed(seed);
  const times = new Float64Array(n);
  const censored = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const t = -mean * Math.log(1 - rng.nextFloat());
    if (t >= tMax) {
      times[i] = tMax;
      censored[i] = 1;
    } else {
      times[i] = t;
    }
  }
  return { times, censored };
}

describe('firstPassageStatistics', () => {
  it('uncensored exponential times: mean, SE, CIs, histogram and a passing KS check', () => {
    const { times, censored } = exponentialSample(10_000, 5, 1e9, 3);
    const s = firstPassageStatistics(times, censored, 1e9);
    expect(s.retcode).toBe('success');
    expect(s.estimator).toBe('sample-mean');
    expect(s.censored).toBe(0);
    // SE of the mean of an exponential: mean/√N = 0.05.
    expect(s.mfptStdErr).toBeCloseTo(0.05, 2);
    expect(Math.abs(s.mfpt - 5)).toBeLessThan(3 * s.mfptStdErr);
    expect(s.mfptCI95[0]).toBeLessThan(5);
    expect(s.mfptCI95[1]).toBeGreaterThan(5);
    expect(s.rate).toBeCloseTo(1 / s.mfpt, 12);
    expect(s.rateCI95[0]).toBeCloseTo(1 / s.mfptCI95[1], 12);
    expect(s.rateCI95[1]).toBeCloseTo(1 / s.mfptCI95[0], 12);
    expect(s.histogram.counts.reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(s.histogram.edges.length).toBe(s.histogram.counts.length + 1);
    expect(s.exponentialFit.rate).toBeCloseTo(1 / s.mfpt, 12);
    expect(s.exponentialFit.pValue).toBeGreaterThan(0.01);
    expect(s.warnings).toEqual([]);
  });

  it('flags non-exponential times with a small KS p-value', () => {
    // Uniform times on [0, 10]: far from exponential.
    const rng = Xoshiro128.fromSeed(4);
    const times = Float64Array.from({ length: 2000 }, () => 10 * rng.nextFloat());
    const s = firstPassageStatistics(times, new Uint8Array(2000), 100);
    expect(s.exponentialFit.pValue).toBeLessThan(1e-6);
  });

  it('censored times: the lag-aware tail estimate within 3 SE, retcode censored and a warning', () => {
    const { times, censored } = exponentialSample(10_000, 5, 4, 5);
    const s = firstPassageStatistics(times, censored, 4);
    expect(s.retcode).toBe('censored');
    expect(s.estimator).toBe('exponential-censored-mle');
    expect(s.censored).toBeGreaterThan(4000); // e^{−4/5} = 45% expected
    expect(s.warnings.join(' ')).toMatch(
      new RegExp(`${s.censored} of 10000 walkers censored at tMax = 4; MFPT estimated by`),
    );
    expect(Math.abs(s.mfpt - 5)).toBeLessThan(3 * s.mfptStdErr);
    // Exponential times: the estimate (observed times to t0, exponential tail after) is unbiased,
    // measured over seeds 1–300 here: mean 4.9965, (T̂ − 5)/SE with sd 1.05, coverage 0.943; this
    // seed's draw is 2.5 SE low. The χ² interval of ν = 2·tail²/Var (~2800 absorbed after t0) is
    // ±1.96 SE shifted up by a gamma variable's right skew: 1.90 SE below, 2.02 above.
    expect((s.mfpt - s.mfptCI95[0]) / s.mfptStdErr).toBeGreaterThan(1.85);
    expect((s.mfpt - s.mfptCI95[0]) / s.mfptStdErr).toBeLessThan(1.96);
    expect((s.mfptCI95[1] - s.mfpt) / s.mfptStdErr).toBeGreaterThan(1.96);
    expect((s.mfptCI95[1] - s.mfpt) / s.mfptStdErr).toBeLessThan(2.1);
    // Naively averaging the censored times would read far too low: the estimator must not.
    const naive = times.reduce((a, b) => a + b, 0) / times.length;
    expect(naive).toBeLessThan(3);
    expect(s.exponentialFit.pValue).toBeGreaterThan(0.01);
    expect(s.histogram.counts.reduce((a, b) => a + b, 0)).toBe(10_000 - s.censored);
  });

  it('all censored: no estimate, MFPT > c·0.05^(1/N) (distribution-free), not_converged', () => {
    const s = firstPassageStatistics(new Float64Array([2, 2, 2]), new Uint8Array([1, 1, 1]), 2);
    expect(s.retcode).toBe('not_converged');
    expect(s.estimator).toBe('none');
    expect(s.mfpt).toBe(Number.POSITIVE_INFINITY);
    // Closed form: three survivors of three at c = 2 give S(2) ≥ 0.05^(1/3) (Clopper–Pearson),
    // E[T] ≥ 2·S(2) = 0.73681; 1e-12 is rounding.
    expect(s.mfptCI95[0]).toBeCloseTo(2 * 0.05 ** (1 / 3), 12);
    expect(s.mfptCI95[0]).toBeCloseTo(0.7368063, 6);
    expect(s.rate).toBe(0);
    expect(s.rateCI95[0]).toBe(0);
    expect(s.rateCI95[1]).toBeCloseTo(1 / (2 * 0.05 ** (1 / 3)), 12);
    expect(s.warnings.join(' ')).toMatch(/all 3 walkers censored.*no MFPT or rate estimate/);
    // Walkers censored at different times (a failure stops one early): the shortest one bounds.
    const mixed = firstPassageStatistics(new Float64Array([2, 0.5]), new Uint8Array([1, 1]), 2);
    expect(mixed.mfptCI95[0]).toBeCloseTo(0.5 * 0.05 ** 0.5, 12);
  });

  it('all censored: the bound covers at 95% whatever the law, the worst one included', () => {
    // The law that makes E[T] ≥ c·S(c) tight: T = 0+ with probability 1 − p, T > c (censored at
    // c) with probability p, so MFPT → c·p. Every one of N walkers is censored with probability
    // p^N, and only then is a bound stated; it misses when c·0.05^(1/N) > c·p. The miss rate
    // p^N·[p < 0.05^(1/N)] is < 0.05 for every p: exact, no sampling. The rule of three
    // (MFPT > N·c/3) missed with probability p^N for every p: 0.59 at p = 0.9, N = 5.
    const c = 1;
    for (const n of [1, 3, 5, 20, 1000]) {
      const all = firstPassageStatistics(new Float64Array(n).fill(c), new Uint8Array(n).fill(1), c);
      // Over P(all censored) = p^N on a grid of 1e-4 (p = its N-th root).
      let worst = 0;
      for (let q = 1e-4; q < 1; q += 1e-4) {
        if (all.mfptCI95[0] > c * q ** (1 / n)) worst = Math.max(worst, q);
      }
      expect(worst, `N = ${n}`).toBeLessThanOrEqual(0.05);
      // Within the grid step of 0.05 at the bound's edge: as tight as a 95% bound can be.
      expect(worst, `N = ${n}`).toBeGreaterThan(0.05 - 2e-4);
    }
  });
});

describe('extrapolateMfpt', () => {
  it('removes a linear dt error exactly and combines the standard errors', () => {
    // T(dt) = 9 + 50 dt: T(0.02) = 10, T(0.01) = 9.5.
    const e = extrapolateMfpt(
      { dt: 0.02, mfpt: 10, mfptStdErr: 0.1 },
      { dt: 0.01, mfpt: 9.5, mfptStdErr: 0.1 },
      1,
    );
    expect(e.mfpt).toBeCloseTo(9, 12);
    expect(e.mfptStdErr).toBeCloseTo(Math.sqrt(0.04 + 0.01), 12);
    // Order 2: (4 T(dt/2) − T(dt))/3.
    const q = extrapolateMfpt(
      { dt: 0.02, mfpt: 9 + 0.0004 * 100, mfptStdErr: 0 },
      { dt: 0.01, mfpt: 9 + 0.0001 * 100, mfptStdErr: 0 },
      2,
    );
    expect(q.mfpt).toBeCloseTo(9, 12);
    expect(() =>
      extrapolateMfpt(
        { dt: 0.01, mfpt: 1, mfptStdErr: 0 },
        { dt: 0.02, mfpt: 1, mfptStdErr: 0 },
        1,
      ),
    ).toThrow(/coarse.dt > fine.dt/);
  });
});
