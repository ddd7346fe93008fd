/**
 * Transition counting with core sets. The Garwood interval is checked against scipy's χ²
 * quantiles; the counted rate against the exact MFPT between core edges (quadrature, exact1d),
 * within 3 SE of the Poisson count plus the stated time-step bias.
 */
import { describe, expect, it } from 'vitest';
import { KramersError } from '../../src/core/index.js';
import { meanFirstPassageTime } from '../../src/exact1d/index.js';
import { potentialFromExpression } from '../../src/expr/index.js';
import {
  countTransitions,
  mergeTransitionCounts,
  overdispersedRate,
  poissonRate,
  type TransitionCountingConfig,
} from '../../src/simulation/index.js';
import { readFixture } from '../support/fixtures.js';
import { sourcesOf } from './sources.js';

interface OverdispersedCase {
  counts: number[];
  exposures: number[];
  rate: number;
  spreadStdErr: number;
  ci95: [number, number];
}

describe('poissonRate', () => {
  // scipy.stats.chi2.ppf(0.025, 2N)/2 and chi2.ppf(0.975, 2N + 2)/2.
  const garwood: [number, number, number][] = [
    [0, 0, 3.6888794541139354],
    [1, 0.025317807984289876, 5.571643390938898],
    [5, 1.6234863901184207, 11.66833207932267],
    [30, 20.240874021420915, 42.82686539480766],
    [1000, 938.9730184076952, 1063.952136016302],
    [1001, 939.9420337524415, 1064.9831053318487],
    [5000, 4862.359188694899, 5140.5489485350045],
  ];
  it.each(garwood)('N = %d: exact Garwood interval', (n, lo, hi) => {
    const r = poissonRate(n, 2);
    expect(r.rate).toBe(n / 2);
    // Bisection to 1e-12 below N = 1000; Wilson–Hilferty above (error < 1e-4 there).
    const tol = n > 1000 ? 1e-4 : 1e-9;
    if (n === 0) expect(r.rateCI95[0]).toBe(0);
    else expect(Math.abs(r.rateCI95[0] / (lo / 2) - 1)).toBeLessThan(tol);
    expect(Math.abs(r.rateCI95[1] / (hi / 2) - 1)).toBeLessThan(tol);
  });
});

describe('overdispersedRate', () => {
  const { cases } = readFixture<{ cases: OverdispersedCase[] }>('overdispersed_rate.json');
  it.each(cases)('ratio estimator, spread SE and t interval as scipy: counts $counts', (c) => {
    const r = overdispersedRate(c.counts, c.exposures);
    expect(r.errorModel).toBe('spread');
    // Same sums in another order, exact t quantiles (table to ν = 10): rounding only.
    expect(r.rate).toBeCloseTo(c.rate, 14);
    expect(Math.abs(r.rateStdErr / c.spreadStdErr - 1)).toBeLessThan(1e-12);
    expect(Math.abs(r.rateCI95[0] - Math.max(0, c.ci95[0]))).toBeLessThan(1e-12);
    expect(Math.abs(r.rateCI95[1] / c.ci95[1] - 1)).toBeLessThan(1e-12);
  });

  it('falls back to Poisson with one trajectory, and where the spread is narrower than Poisson', () => {
    expect(overdispersedRate([12], [400])).toEqual({
      ...poissonRate(12, 400),
      errorModel: 'poisson',
    });
    // Counts exactly proportional to exposure: no spread at all, the count's own noise remains.
    const even = overdispersedRate([10, 20, 30], [100, 200, 300]);
    expect(even).toEqual({ ...poissonRate(60, 600), errorModel: 'poisson' });
  });
});

describe('countTransitions on U = x⁴/4 − x²/2 + 0.15x, D = 0.2', () => {
  const expression = 'x^4/4 - x^2/2 + 0.15*x';
  const potential = potentialFromExpression(expression);
  // Cores: x ≤ −0.9 around the deep well (−1.068) and x ≥ 0.75 around the shallow one (0.914).
  const config: TransitionCountingConfig = {
    dynamics: 'overdamped',
    ...sourcesOf(expression),
    D: 0.2,
    gamma: 1,
    dt: 0.005,
    seed: 4,
    cores: [
      { min: Number.NEGATIVE_INFINITY, max: -0.9 },
      { min: 0.75, max: Number.POSITIVE_INFINITY },
    ],
    start: -1,
    duration: 10_000,
  };

  // Both engines (issue 18): the same counts bit for bit (checked below), each within 3 SE.
  it.each(['js', 'wasm'] as const)(
    '%s engine: counted rates equal 1/MFPT between core edges within 3 SE, same numbers for any split',
    (engine) => {
      const on = { ...config, engine };
      const whole = countTransitions({ config: on, firstTrajectory: 0, trajectories: 4 });
      const split = mergeTransitionCounts([
        countTransitions({ config: on, firstTrajectory: 0, trajectories: 1 }),
        countTransitions({ config: on, firstTrajectory: 1, trajectories: 3 }),
      ]);
      expect(split).toEqual(whole);
      expect(whole.engine).toBe(engine);
      expect(whole.failed).toBe(0);
      expect(whole.residence[0]! + whole.residence[1]!).toBeCloseTo(4 * 10_000, 6);
      // Entering core 0 happens at its edge −0.9, so each stay under label 0 is a first passage
      // −0.9 → 0.75 (and 0.75 → −0.9 under label 1): k_01 = 1/T(−0.9 → 0.75). The first stay
      // starts at −1 instead; its effect is one passage in several hundred.
      const exact01 = meanFirstPassageTime({
        potential,
        D: 0.2,
        start: -0.9,
        absorbing: 0.75,
      }).mfpt;
      const exact10 = meanFirstPassageTime({
        potential,
        D: 0.2,
        start: 0.75,
        absorbing: -0.9,
      }).mfpt;
      const k01 = poissonRate(whole.counts[1]!, whole.residence[0]!);
      const k10 = poissonRate(whole.counts[2]!, whole.residence[1]!);
      // Measured (seed 4): 934 and 933 transitions; k01 = 0.03058 ± 0.00100 vs 0.029038 exact,
      // k10 = 0.09867 ± 0.00323 vs 0.102120.
      // Heun + bridge at dt = 0.005: MFPT bias ≲ 0.5% (O(dt), measured +0.04 at dt = 0.01 on
      // an MFPT of 14 in test/simulation/accuracy.test.ts).
      expect(Math.abs(k01.rate * exact01 - 1)).toBeLessThan(3 * k01.rateStdErr * exact01 + 0.005);
      expect(Math.abs(k10.rate * exact10 - 1)).toBeLessThan(3 * k10.rateStdErr * exact10 + 0.005);
      expect(k01.rateCI95[0]).toBeLessThan(k01.rate);
      expect(k01.rateCI95[1]).toBeGreaterThan(k01.rate);
      // Counts alternate: 0 → 1 and 1 → 0 differ by at most one per trajectory.
      expect(Math.abs(whole.counts[1]! - whole.counts[2]!)).toBeLessThanOrEqual(4);
      expect(whole.counts[1]!).toBeGreaterThan(200);
    },
  );

  // The engines share each trajectory's stream and every operation of its path (wasmKernel.ts):
  // the counts, residences and steps must be equal, not close.
  it.each([
    ['overdamped Heun, bridge', {}],
    [
      'overdamped Euler–Maruyama, discrete monitoring',
      { scheme: 'euler-maruyama' as const, monitoring: 'discrete' as const },
    ],
    ['underdamped BAOAB', { dynamics: 'underdamped' as const, dt: 0.01, gamma: 0.5 }],
    [
      'underdamped Euler–Maruyama',
      { dynamics: 'underdamped' as const, dt: 0.005, scheme: 'euler-maruyama' as const },
    ],
  ])('%s: the WebAssembly lanes count what the JavaScript kernels count', (_, change) => {
    const c = { ...config, ...change, duration: 300 };
    const request = { firstTrajectory: 5, trajectories: 9 };
    const js = countTransitions({ ...request, config: { ...c, engine: 'js' } });
    const wasm = countTransitions({ ...request, config: { ...c, engine: 'wasm' } });
    // Each engine asked for ran (else this would compare one engine with itself).
    expect([js.engine, wasm.engine]).toEqual(['js', 'wasm']);
    expect({ ...wasm, engine: 'js' }).toEqual(js);
    expect(js.counts[1]! + js.counts[2]!).toBeGreaterThan(9);
  });

  it('a core entered on the very last step counts and ends the trajectory on both engines', () => {
    // The smallest duration (in steps) whose single trajectory sees one transition: the entry is
    // then on its last step, where a lane would otherwise take one step more.
    const run = (steps: number, engine: 'js' | 'wasm') =>
      countTransitions({
        config: { ...config, engine, duration: steps * config.dt },
        firstTrajectory: 0,
        trajectories: 1,
      });
    let lo = 1;
    let hi = 1 << 16;
    expect(run(hi, 'js').counts[1]).toBeGreaterThan(0);
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (run(mid, 'js').counts[1]! > 0) hi = mid;
      else lo = mid;
    }
    const js = run(hi, 'js');
    expect(js.counts[1]).toBe(1);
    expect(js.steps).toBe(hi);
    expect(js.residenceSteps).toEqual([hi, 0]);
    expect({ ...run(hi, 'wasm'), engine: 'js' }).toEqual(js);
  });

  it('rejects overlapping cores, a start outside every core and a bad duration', () => {
    const run = (c: Partial<TransitionCountingConfig>) =>
      countTransitions({ config: { ...config, ...c }, firstTrajectory: 0, trajectories: 1 });
    expect(() =>
      run({
        cores: [
          { min: -2, max: 0.2 },
          { min: 0.1, max: 2 },
        ],
      }),
    ).toThrow(KramersError);
    expect(() => run({ start: 0 })).toThrow(/lies in no core set/);
    expect(() => run({ duration: 0 })).toThrow(/duration/);
    expect(() => run({ cores: [{ min: -2, max: 2 }] })).toThrow(/at least two/);
  });
});
