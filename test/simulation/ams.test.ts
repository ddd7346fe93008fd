/**
 * Adaptive multilevel splitting against the exact MFPT (Pontryagin quadrature) on the double well
 * U = x⁴/4 − x²/2, ΔU = 1/4, at D = 1/60 (ΔU/D = 15: direct simulation would need ~10⁷ time units
 * per passage). Seeds are fixed, so the tests are deterministic.
 */
import { describe, expect, it } from 'vitest';
import { KramersError } from '../../src/core/index.js';
import { meanFirstPassageTime } from '../../src/exact1d/index.js';
import { potentialFromExpression } from '../../src/expr/index.js';
import {
  adaptiveMultilevelSplitting,
  amsRuns,
  combineAmsRuns,
} from '../../src/simulation/index.js';
import { sourcesOf } from './sources.js';

const expression = 'x^4/4 - x^2/2';
const { force } = sourcesOf(expression);
const D = 1 / 60;

/**
 * Allowance for the time-step bias at dt = 2e-3 (Heun, weak order 2, bridge-monitored target)
 * plus the O(Var p̂/(R p²)) bias of τ̄/p̄. Not a derived bound: at N = 500, R = 20 and seeds 1–3
 * the ratios AMS/exact were 1.006, 0.995, 0.964 (target 0) and 0.980, 0.990, 0.967 (target +1).
 */
const BIAS = 0.04;

describe('adaptiveMultilevelSplitting', () => {
  // On both excursion kernels (issue 18): amsEngine.test.ts shows they agree bit for bit, and
  // this runs the estimate the default engine (wasm) gives against the exact MFPT as well.
  for (const [target, engine] of [
    [0, 'wasm'],
    [1, 'wasm'],
    [0, 'js'],
    [1, 'js'],
  ] as const) {
    it(`MFPT from −1 to ${target} at ΔU/D = 15 matches the exact value (${engine} engine)`, () => {
      const exact = meanFirstPassageTime({
        potential: potentialFromExpression(expression),
        D,
        start: -1,
        absorbing: target,
      }).mfpt;
      const result = adaptiveMultilevelSplitting({
        force,
        D,
        gamma: 1,
        dt: 2e-3,
        start: -1,
        target,
        replicas: 300,
        seed: 7,
        independentRuns: 10,
        engine,
      });
      expect(result.engine).toBe(engine);
      expect(result.retcode).toBe('success');
      expect(result.warnings).toEqual([]);
      const error = Math.abs(result.mfpt - exact);
      expect(error).toBeLessThanOrEqual(3 * result.mfptStdErr + BIAS * exact);
      expect(error).toBeLessThanOrEqual(0.15 * exact);
      expect(result.mfptStdErr / result.mfpt).toBeLessThan(0.1);
      expect(result.logMfpt).toBeCloseTo(Math.log(result.mfpt), 10);
      expect(result.mfptCI95[0]).toBeLessThan(result.mfpt);
      expect(result.mfptCI95[1]).toBeGreaterThan(result.mfpt);
      // Renewal identity T = τ_loop/p.
      expect(result.mfpt).toBeCloseTo(result.meanLoopTime / result.probability, -2);
    }, 30_000);
  }

  it('is deterministic for a fixed seed and mirrors a target on the left', () => {
    const base = {
      force,
      D: 1 / 20,
      gamma: 1,
      dt: 2e-3,
      replicas: 50,
      seed: 3,
      independentRuns: 3,
      loopsPerRun: 200,
    };
    const a = adaptiveMultilevelSplitting({ ...base, start: -1, target: 0 });
    const b = adaptiveMultilevelSplitting({ ...base, start: -1, target: 0 });
    expect(b.mfpt).toBe(a.mfpt);
    expect(b.steps).toBe(a.steps);
    // The potential is even: from +1 to 0 has the same exact MFPT as from −1 to 0.
    const mirrored = adaptiveMultilevelSplitting({ ...base, start: 1, target: 0, seed: 4 });
    expect(mirrored.retcode).toBe('success');
    expect(Math.abs(mirrored.mfpt - a.mfpt)).toBeLessThan(
      4 * Math.hypot(a.mfptStdErr, mirrored.mfptStdErr),
    );
  });

  it('runs split into jobs (as over workers) give the numbers of one sequential call', () => {
    const base = {
      force,
      D: 1 / 20,
      gamma: 1,
      dt: 2e-3,
      start: -1,
      target: 0,
      replicas: 40,
      seed: 5,
      loopsPerRun: 100,
    };
    const whole = adaptiveMultilevelSplitting({ ...base, independentRuns: 4 });
    const jobs = [0, 1, 2, 3].map((r) => amsRuns({ ...base, independentRuns: 1, firstRun: r }));
    const split = combineAmsRuns(jobs, 4);
    expect(split.mfpt).toBe(whole.mfpt);
    expect(split.mfptStdErr).toBe(whole.mfptStdErr);
    expect(split.steps).toBe(whole.steps);
    // A missing job (cancelled by an abort) is reported, not hidden.
    const partial = combineAmsRuns(jobs.slice(0, 3), 4);
    expect(partial.retcode).toBe('interrupted');
    expect(partial.warnings).toContain('interrupted after 3 of 4 runs');
    expect(Number.isFinite(partial.mfpt)).toBe(true);
    // One run has no spread: no interval, not_converged; below 10 runs the interval is called rough.
    const one = combineAmsRuns(jobs.slice(0, 1), 1);
    expect(one.retcode).toBe('not_converged');
    expect(one.mfptCI95).toEqual([0, Number.POSITIVE_INFINITY]);
    expect(one.warnings.join(' ')).toMatch(/one run gives no error bar/);
    const three = combineAmsRuns(jobs.slice(0, 3), 3);
    expect(three.retcode).toBe('success');
    expect(three.mfptCI95[0]).toBeGreaterThan(0);
    expect(three.warnings.join(' ')).toMatch(/only 3 AMS runs: .* rough/);
  });

  it('rejects invalid input and honours an abort', () => {
    const base = { force, D, gamma: 1, dt: 2e-3, start: -1, target: 0, replicas: 10, seed: 1 };
    expect(() => adaptiveMultilevelSplitting({ ...base, target: -1 })).toThrow(KramersError);
    expect(() => adaptiveMultilevelSplitting({ ...base, replicas: 1 })).toThrow(KramersError);
    expect(() => adaptiveMultilevelSplitting({ ...base, killPerIteration: 10 })).toThrow(
      KramersError,
    );
    expect(() => adaptiveMultilevelSplitting({ ...base, coreBoundary: 0.5 })).toThrow(KramersError);
    const aborted = adaptiveMultilevelSplitting(base, { aborted: true });
    expect(aborted.retcode).toBe('interrupted');
    expect(Number.isNaN(aborted.mfpt)).toBe(true);
  });
});
