/**
 * Coverage of the simulated MFPT's 95% interval at small samples and short censoring, on first-
 * passage times drawn from the EXACT law of the seed double well (U = x⁴/4 − x²/2, D = 0.25, from
 * −1 to +1; MFPT 14.277737): S(t) from its Fokker–Planck spectrum, test/fixtures/
 * double_well_survival.py, a route that shares nothing with src/ (an independent check of the
 * Langevin integrator is bench/ciCoverage.mjs, which runs `simulate` itself). Times are drawn by
 * inverting S with a fixed-seed generator, so every figure below is deterministic.
 *
 * Tolerances: 400 samples a case give a coverage standard error √(0.95·0.05/400) = 1.1%, so
 * "≥ 0.90" is 4.6 SE below nominal, and the old intervals' "< 0.85" (they measured 0.25–0.74) is
 * 5 SE above the worst of them: neither can flip by chance with these seeds, and both fail if the
 * fix is undone.
 */
import { describe, expect, it } from 'vitest';
import {
  chiSquareQuantile,
  firstPassageStatistics,
  Xoshiro128,
} from '../../src/simulation/index.js';
import { readFixture } from '../support/fixtures.js';

interface Survival {
  step: number;
  survival: number[];
  tailAmplitude: number;
  lambda1: number;
  mfpt: number;
}
const law = readFixture<Survival>('double_well_survival.json');
const EXACT = law.mfpt;
const SAMPLES = 400;

/** T with S(T) = u: linear interpolation in the table, the exponential tail beyond it. */
function drawTime(u: number): number {
  const s = law.survival;
  const last = s.length - 1;
  if (u < s[last]!) return Math.log(law.tailAmplitude / u) / law.lambda1;
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (s[mid]! > u) lo = mid;
    else hi = mid;
  }
  const f = s[lo]! === s[hi]! ? 0 : (s[lo]! - u) / (s[lo]! - s[hi]!);
  return (lo + f) * law.step;
}

/** One sample of n walkers censored at tMax. */
function sample(rng: Xoshiro128, n: number, tMax: number) {
  const times = new Float64Array(n);
  const censored = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const t = drawTime(1 - rng.nextFloat());
    times[i] = Math.min(t, tMax);
    censored[i] = t >= tMax ? 1 : 0;
  }
  return { times, censored };
}

const covers = (ci: readonly [number, number]) => ci[0] <= EXACT && EXACT <= ci[1];

/** The intervals before this change, rebuilt here to show they fail where the new ones cover. */
function oldInterval(times: Float64Array, censored: Uint8Array): [number, number] {
  const n = times.length;
  const total = times.reduce((a, b) => a + b, 0);
  const absorbed = n - censored.reduce((a, b) => a + b, 0);
  if (absorbed < n) {
    // Exponential from t = 0: 2·total/MFPT ~ χ²(2·absorbed).
    const nu = 2 * absorbed;
    return [(2 * total) / chiSquareQuantile(0.975, nu), (2 * total) / chiSquareQuantile(0.025, nu)];
  }
  const m = total / n;
  const se = Math.sqrt(times.reduce((a, t) => a + (t - m) ** 2, 0) / (n - 1) / n);
  return [m - 1.959963984540054 * se, m + 1.959963984540054 * se];
}

function coverage(n: number, tMax: number, seed: number) {
  const rng = Xoshiro128.fromSeed(seed);
  let covered = 0;
  let oldCovered = 0;
  let flagged = 0;
  let claimedAndMissed = 0;
  let claimed = 0;
  let claimedCovered = 0;
  for (let k = 0; k < SAMPLES; k++) {
    const { times, censored } = sample(rng, n, tMax);
    const s = firstPassageStatistics(times, censored, tMax);
    const hit = covers(s.mfptCI95);
    covered += hit ? 1 : 0;
    oldCovered += covers(oldInterval(times, censored)) ? 1 : 0;
    if (s.retcode === 'not_converged') flagged++;
    else {
      claimed++;
      claimedCovered += hit ? 1 : 0;
      claimedAndMissed += hit ? 0 : 1;
    }
    expect(s.mfptCI95[0]).toBeGreaterThan(0);
  }
  return {
    coverage: covered / SAMPLES,
    old: oldCovered / SAMPLES,
    flagged: flagged / SAMPLES,
    /** Runs that claim a trustworthy interval (retcode success or censored) and miss. */
    claimedAndMissed: claimedAndMissed / SAMPLES,
    claimedCoverage: claimed > 0 ? claimedCovered / claimed : Number.NaN,
  };
}

describe('the MFPT interval covers at small samples (no censoring)', () => {
  // Measured with the seeds below: 3 walkers new 0.925, old 0.715; 10 walkers new 0.945, old 0.888.
  it('3 walkers: ≥ 0.90, where mean ± 1.96 SE covered < 0.85 and went below 0', () => {
    const c = coverage(3, 1e9, 11);
    expect(c.coverage).toBeGreaterThanOrEqual(0.9);
    expect(c.old).toBeLessThan(0.85);
    expect(c.flagged).toBe(0);
  });
  it('10 walkers: ≥ 0.90', () => {
    const c = coverage(10, 1e9, 12);
    expect(c.coverage).toBeGreaterThanOrEqual(0.9);
  });
  it('one walker: no interval and not_converged with a warning; two: a rough positive one', () => {
    const one = firstPassageStatistics(new Float64Array([9]), new Uint8Array(1), 1e9);
    expect(one.retcode).toBe('not_converged');
    expect(one.mfptCI95).toEqual([0, Number.POSITIVE_INFINITY]);
    expect(one.warnings.join(' ')).toMatch(/one walker gives no error bar/);
    const two = firstPassageStatistics(new Float64Array([2, 9.6]), new Uint8Array(2), 1e9);
    expect(two.retcode).toBe('success');
    // mean 5.8, s = 5.374, t_{0.975,1} = 12.706: 5.8·exp(±12.706·(5.374/√2)/5.8).
    const f = Math.exp((12.706204736174694 * (5.374011537017761 / Math.SQRT2)) / 5.8);
    expect(two.mfptCI95[0]).toBeCloseTo(5.8 / f, 10);
    expect(two.mfptCI95[1]).toBeCloseTo(5.8 * f, 6);
    expect(two.warnings.join(' ')).toMatch(/only 2 walkers: the 95% interval .* is rough/);
  });
});

describe('censored runs: an interval that covers, or not_converged', () => {
  // Measured with the seeds below: tMax = 3: old 0.285, new flags 99.75% (0 claimed and missed);
  // tMax = 5: old 0.588, new flags 72%, the rest cover 0.938 (1.75% claimed and missed);
  // tMax = 28 (2×MFPT): old 0.970, new flags 0.75%, coverage 0.957.
  it('tMax = 3 (0.2 MFPT, 100 walkers): the old interval covered < 0.5; now flagged', () => {
    const c = coverage(100, 3, 21);
    expect(c.old).toBeLessThan(0.5);
    expect(c.claimedAndMissed).toBeLessThanOrEqual(0.1);
    expect(c.flagged).toBeGreaterThan(0.9);
  });
  it('tMax = 5 (0.35 MFPT, 100 walkers): claimed intervals cover, the old one < 0.85', () => {
    const c = coverage(100, 5, 22);
    expect(c.old).toBeLessThan(0.85);
    expect(c.claimedAndMissed).toBeLessThanOrEqual(0.1);
    expect(c.coverage).toBeGreaterThanOrEqual(0.9);
  });
  it('tMax = 28 (2 MFPT, 100 walkers): almost never flagged, covers ≥ 0.90', () => {
    const c = coverage(100, 28, 23);
    expect(c.flagged).toBeLessThan(0.05);
    expect(c.claimedCoverage).toBeGreaterThanOrEqual(0.9);
  });
});

describe('chiSquareQuantile', () => {
  it('matches scipy.stats.chi2.ppf at small and non-integer ν', () => {
    // scipy 1.x values; bisection to 1e-12 relative, so 1e-9 leaves room for the series' rounding.
    const cases: [number, number, number][] = [
      [0.025, 2, 0.05063561596857975],
      [0.975, 2, 7.377758908227871],
      [0.025, 4, 0.4844185570879299],
      [0.975, 17.3, 30.59265828291824],
      [0.025, 1.3, 0.005844964263359177],
      [0.975, 999, 1088.4870677259353],
    ];
    for (const [p, nu, q] of cases)
      expect(Math.abs(chiSquareQuantile(p, nu) / q - 1)).toBeLessThan(1e-9);
    // Above ν = 1000, Wilson–Hilferty: 1.7e-6 relative at 1001 (scipy 915.2133312204413).
    expect(Math.abs(chiSquareQuantile(0.025, 1001) / 915.2133312204413 - 1)).toBeLessThan(1e-5);
  });
});
