import { describe, expect, it } from 'vitest';
import { differentiate, generateSource, parseExpression, simplify } from '../../src/expr/index.js';
import {
  budgetedRunner,
  inProcessRunner,
  jobSeconds,
  jobSpeed,
  jobWork,
  KramersError,
  type Runner,
  type SimulationJob,
  STEPS_PER_SECOND,
  simulate,
  simulateAms,
  turnover,
  WASM_STEPS_PER_SECOND,
} from '../../src/index.js';
import { sourcesOf } from './sources.js';

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

  it("an AMS run's estimate follows the well's time scale, 1/U″ (a stiff well is as cheap)", async () => {
    // U = s·(x⁴/4 − x²/2) at D = 0.05·s is the seed well in time t·s: a run spends 1/s of the time
    // in 1/s of the default dt (0.02/U″), so about as many steps for s = 800 as for s = 1. The
    // estimate counted time in the seed well's units: 800× too many steps for s = 800 (the CLI
    // refused `--D 40` on it, ~24 min, for a 3 s run). The steps-to-estimate ratios of the two
    // (measured 0.86 and 0.76, seed 3; 2 runs of a random number of loop steps) agree within 2×.
    const ratio = async (s: number) => {
      let estimate = 0;
      const runner: Runner = (jobs, options) => {
        estimate += jobs.reduce((sum, job) => sum + jobWork(job), 0);
        return inProcessRunner(jobs, options);
      };
      const problem = { potential: `${s}*(x^4/4 - x^2/2)`, D: 0.05 * s, replicas: 50, runs: 2 };
      const report = await simulateAms({ ...problem, seed: 3 }, { runner });
      return report.steps / estimate;
    };
    const stiff = await ratio(800);
    const seed = await ratio(1);
    expect(stiff / seed).toBeGreaterThan(0.5);
    expect(stiff / seed).toBeLessThan(2);
  }, 30_000);

  it('the exact Klein–Kramers column refuses past its budget; without one it runs', async () => {
    const slow = { D: 0.05, gammaMin: 1e-6, gammaMax: 1, points: 4, exact: true };
    const error = await turnover(slow, { budgetSeconds: 10 }).catch((e: unknown) => e);
    expect((error as KramersError).code).toBe('over_budget');
    expect((error as KramersError).message).toMatch(/Klein–Kramers column would take about/);
    const cheap = await turnover({ ...slow, gammaMin: 1, points: 1 }, { budgetSeconds: 60 });
    expect(cheap.rows[0]!.rates.kleinKramers).toBeGreaterThan(0);
  });

  describe("the estimate counts each job at its engine's speed (issue 18)", () => {
    const chunk = (engine: 'js' | 'wasm' | undefined, driven = false): SimulationJob => {
      const variables = ['x', 't'];
      const u = simplify(parseExpression('x^4/4 - x^2/2 - 0.3*x*cos(2*t)', { variables }).ast);
      const sources = driven
        ? {
            potential: generateSource(u, variables),
            force: generateSource(simplify(differentiate(u, 'x')), variables),
          }
        : sourcesOf('x^4/4 - x^2/2');
      return {
        kind: 'chunk',
        request: {
          config: {
            dynamics: 'overdamped',
            ...sources,
            D: 0.25,
            gamma: 1,
            dt: 1e-3,
            tMax: 10,
            start: { x: -1 },
            absorbing: { above: 1 },
            seed: 1,
            ...(engine ? { engine } : {}),
          },
          firstWalker: 0,
          walkers: 1000,
        },
      };
    };

    it('the lanes by default and when asked, JavaScript when asked; a driven force at JS speed', () => {
      expect(jobSpeed(chunk(undefined))).toBe(WASM_STEPS_PER_SECOND);
      expect(jobSpeed(chunk('wasm'))).toBe(WASM_STEPS_PER_SECOND);
      expect(jobSpeed(chunk('js'))).toBe(STEPS_PER_SECOND);
      expect(jobSpeed(chunk(undefined, true))).toBe(STEPS_PER_SECOND);
      expect(jobSeconds(chunk('js'))).toBe(jobWork(chunk('js')) / STEPS_PER_SECOND);
      // The lanes' figure is the faster one, so the same job is estimated shorter there.
      expect(WASM_STEPS_PER_SECOND).toBeGreaterThan(STEPS_PER_SECOND);
    });

    it('a budget between the two estimates lets the lanes run and refuses JavaScript', async () => {
      // 1000 walkers × 1e4 steps: 1e7 steps, 0.29 s on the lanes and 0.4 s on JS at one worker.
      const seconds = (jobSeconds(chunk('wasm')) + jobSeconds(chunk('js'))) / 2;
      const nothing: Runner = async (jobs) => jobs.map(() => undefined);
      const budget = { seconds, workers: 1 };
      await expect(budgetedRunner(nothing, budget)([chunk('wasm')])).resolves.toHaveLength(1);
      const error = await Promise.resolve()
        .then(() => budgetedRunner(nothing, budget)([chunk('js')]))
        .catch((e: unknown) => e);
      expect((error as KramersError).code).toBe('over_budget');
      // The message's speed is the job's own: 2.5e7 steps/s on one worker.
      expect((error as KramersError).message).toMatch(/at 2\.5e7 steps\/s on 1 worker/);
    });
  });
});
