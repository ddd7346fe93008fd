import { describe, expect, it } from 'vitest';
import {
  budgetedRunner,
  inProcessRunner,
  jobWork,
  KramersError,
  type Runner,
  simulate,
  turnover,
} from '../../src/index.js';

describe('work budget (issue 14, item 2)', () => {
  it('refuses a run past the budget before any job, with the estimate', async () => {
    let ran = 0;
    const counting: Runner = (jobs, options) => {
      ran += jobs.length;
      return inProcessRunner(jobs, options);
    };
    const runner = budgetedRunner(counting, { seconds: 60, workers: 2 });
    // ΔU/D = 20: the exact MFPT is ~1e9, 1000 walkers at dt = 1e-3 are ~1e15 steps.
    const error = await simulate({ potential: '(x^2-1)^2' }, { runner }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KramersError);
    expect((error as KramersError).code).toBe('over_budget');
    expect((error as KramersError).message).toMatch(/e1[45] walker-steps, ≈ .* days/);
    expect(ran).toBe(0);
  });

  it('the estimate is the expected walker-steps: it matches a run within its own spread', async () => {
    let estimate = 0;
    const measuring: Runner = (jobs, options) => {
      estimate += jobs.reduce((sum, job) => sum + jobWork(job), 0);
      return inProcessRunner(jobs, options);
    };
    const report = await simulate({ D: 0.1, walkers: 512, seed: 3 }, { runner: measuring });
    // E[min(τ, tMax)]/dt per walker with τ exponential of the exact mean: 512 walkers give the
    // mean to ±4.4% (one standard error of an exponential sample); the exponential law misses the
    // intrawell start (a few per cent at ΔU/D = 2.5). 20% bounds both with room.
    expect(report.steps / estimate).toBeGreaterThan(0.8);
    expect(report.steps / estimate).toBeLessThan(1.2);
  });

  it('the exact Klein–Kramers column refuses past its budget; without one it runs', async () => {
    const slow = { D: 0.05, gammaMin: 1e-6, gammaMax: 1, points: 4, exact: true };
    const error = await turnover(slow, { budgetSeconds: 10 }).catch((e: unknown) => e);
    expect((error as KramersError).code).toBe('over_budget');
    expect((error as KramersError).message).toMatch(/Klein–Kramers column would take about/);
    const cheap = await turnover({ ...slow, gammaMin: 1, points: 1 }, { budgetSeconds: 60 });
    expect(cheap.rows[0]!.rates.kleinKramers).toBeGreaterThan(0);
  });
});
