/**
 * The transition-counting study's jobs: trajectories batched so the WebAssembly lanes fill, with
 * the same counts for any batch and on either engine, progress in trajectories, and an abort that
 * keeps the jobs finished. (Rates against exact values: test/cli/simulate.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import {
  engineRunner,
  inProcessRunner,
  type Runner,
  type SimulationJob,
  simulateTransitions,
} from '../../src/index.js';
import { poissonRate } from '../../src/simulation/index.js';
import { readFixture } from '../support/fixtures.js';

interface KleinKramersCase {
  tilt: number;
  D: number;
  gamma: number;
  lambda1: number;
}

const problem = {
  potential: 'x^4/4 - x^2/2 + 0.15*x',
  D: 0.2,
  dt: 0.005,
  duration: 300,
  trajectories: 6,
  seed: 2,
};

describe('simulateTransitions on the runner', () => {
  it('makes jobs of four trajectories; the same counts on the JavaScript engine and in jobs of one', async () => {
    const sizes: number[] = [];
    const counting: Runner = (jobs, options) => {
      for (const job of jobs) if (job.kind === 'transitions') sizes.push(job.request.trajectories);
      return inProcessRunner(jobs, options);
    };
    const progress: [number, number][] = [];
    const wasm = await simulateTransitions(problem, {
      runner: counting,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(sizes).toEqual([4, 2]);
    expect(progress).toEqual([
      [4, 6],
      [6, 6],
    ]);
    expect(wasm.retcode).toBe('success');
    expect(wasm.trajectories).toBe(6);
    expect(wasm.transitions.every((t) => t.count > 0)).toBe(true);
    // Stream i for trajectory i, counts in whole steps: the batch and the engine change nothing.
    const js = await simulateTransitions(problem, { runner: engineRunner(inProcessRunner, 'js') });
    expect(js.transitions).toEqual(wasm.transitions);
    expect(js.steps).toBe(wasm.steps);
    const ones: Runner = (jobs, options) =>
      inProcessRunner(
        jobs.flatMap((job): SimulationJob[] =>
          job.kind === 'transitions'
            ? Array.from({ length: job.request.trajectories }, (_, i) => ({
                ...job,
                request: {
                  ...job.request,
                  firstTrajectory: job.request.firstTrajectory + i,
                  trajectories: 1,
                },
              }))
            : [job],
        ),
        options,
      );
    const single = await simulateTransitions(problem, { runner: ones });
    expect(single.transitions).toEqual(wasm.transitions);
  });

  it('keeps the finished jobs when aborted: interrupted, with their trajectories counted', async () => {
    const controller = new AbortController();
    const r = await simulateTransitions(problem, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    expect(r.retcode).toBe('interrupted');
    expect(r.trajectories).toBe(4);
    expect(r.warnings).toContain('interrupted after 4 of 6 trajectories');
  });
});

/**
 * Weak friction (underdamped, x⁴/4 − x²/2): an activated walker keeps its energy and recrosses
 * core to core in bursts, so counts are over-dispersed against Poisson (the audit measured the
 * spread of the rate over seeds at 1.8× the Poisson SE at γ = 0.05, 95% CI coverage 73%).
 */
describe('simulateTransitions at weak friction', () => {
  const weak = {
    potential: 'x^4/4 - x^2/2',
    D: 0.12,
    gamma: 0.05,
    dynamics: 'underdamped' as const,
  };

  it('covers the rate with its 95% CI in ≥ 85% of 80 estimates where Poisson intervals cover ≤ 80%', async () => {
    // 40 seeds × 8 trajectories × 1000 time units, both directions: 80 estimates of ~100 counts
    // (~12 a trajectory). No exact value exists for the counted core-to-core rate with inertia
    // (it is not λ1/2: see the next test), so the reference is the pooled rate of all 40 seeds,
    // whose own SE (~1/9 of one estimate's, the seeds being independent) shifts coverage by < 1%.
    // Binomial SE of a coverage from 80 estimates: 2.4% at 95%, 5% at 73%: a floor of 85% sits
    // 4 SE below 95% and 2.4 SE above 73%; it separates the two, and the Poisson ceiling of 80%
    // checks that this run is over-dispersed at all. (Measured: 91.25% from the spread on ln k,
    // 88.75% with the symmetric interval it replaced, vs 71% Poisson; without the burn-in and
    // symmetric, 93.75% vs 64%.)
    const all = [];
    for (let seed = 1; seed <= 40; seed++) {
      const r = await simulateTransitions({ ...weak, duration: 1000, trajectories: 8, seed });
      all.push(...r.transitions);
    }
    const pooled = all.reduce((a, t) => a + t.count, 0) / all.reduce((a, t) => a + t.residence, 0);
    const covers = (ci: [number, number]) => ci[0] <= pooled && pooled <= ci[1];
    const coverage = all.filter((t) => covers(t.rateCI95)).length / all.length;
    const poisson =
      all.filter((t) => covers(poissonRate(t.count, t.residence).rateCI95)).length / all.length;
    expect(coverage).toBeGreaterThanOrEqual(0.85);
    expect(poisson).toBeLessThanOrEqual(0.8);
    // The runs are over-dispersed: nearly every interval comes from the spread.
    expect(all.filter((t) => t.errorModel === 'spread').length).toBeGreaterThan(70);
  }, 60_000);

  it('covers the rate at ~3 transitions a trajectory (the interval on ln k)', async () => {
    // 200 seeds × 8 trajectories × 250 time units, both directions: 400 estimates of ~3
    // transitions a trajectory (bench/transitionCoverage.mjs measures this and more). Reference:
    // the counted rate pooled over that script's 1200 runs (seeds 1–200 at durations 250, 620,
    // 1250; ~80000 transitions, relative SE ≈ 0.6% with the measured over-dispersion, which moves
    // coverage by < 0.5%). Covered ~ Binomial(400, 0.95): its 99% band is [368, 390] (scipy
    // binom.ppf). Measured 376 (94.0%); the symmetric interval k ± t·SE covered 365 (91.2%) and
    // fails this, its misses 28 above the reference against 7 below (a low count, a low SE).
    const pooled = 0.024872346698113206;
    let covered = 0;
    let spread = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const r = await simulateTransitions({ ...weak, duration: 250, trajectories: 8, seed });
      for (const t of r.transitions) {
        if (t.rateCI95[0] <= pooled && pooled <= t.rateCI95[1]) covered++;
        if (t.errorModel === 'spread') spread++;
      }
    }
    expect(covered).toBeGreaterThanOrEqual(368);
    expect(covered).toBeLessThanOrEqual(390); // the band's top: not a blanket interval either
    expect(spread).toBeGreaterThan(380); // over-dispersed: the spread gives the interval
  }, 120_000);

  it('sizes the default run at this friction and says the counted rate is not the escape rate', async () => {
    // D = 0.1, γ = 0.05: the exact Klein–Kramers λ1 (test/fixtures/klein_kramers_reference.json).
    const { cases } = readFixture<{ cases: KleinKramersCase[] }>('klein_kramers_reference.json');
    const exact = cases.find((c) => c.tilt === 0 && c.D === 0.1 && c.gamma === 0.05)!;
    const r = await simulateTransitions({ ...weak, D: 0.1, seed: 3 });
    // Sized on Kramers' spatial-diffusion rate (≈ the crossing rate the counts follow): ~200 each
    // way expected; the old overdamped sizing gave a few.
    for (const t of r.transitions) {
      expect(t.count).toBeGreaterThan(100);
      // Recrossings are counted: the rate sits far above the escape rate λ1/2 (×4 measured:
      // 0.0159 and 0.0145 against 0.0039, and the CI excludes it.
      expect(t.rateCI95[0]).toBeGreaterThan(exact.lambda1 / 2);
    }
    expect(r.warnings.some((w) => w.includes('recrosses between the wells'))).toBe(true);
  }, 30_000);

  it('starts at equilibrium in the start well: from either well the same rates', async () => {
    // γ = 0.02, runs of 400 time units (8/γ): a cold start at the well bottom (energy relaxes on
    // 1/γ = 50) made k(0 → 1) from well 0 −26% against the run from well 1 (audit, 2500 units).
    // Pooled over 12 seeds × 8 trajectories each; the difference must lie within 3 combined SE
    // (the SEs from the spread over seeds, which are independent).
    const rateOf = async (from: number) => {
      const rates: number[] = [];
      for (let seed = 1; seed <= 12; seed++) {
        const r = await simulateTransitions({
          ...weak,
          gamma: 0.02,
          duration: 400,
          trajectories: 8,
          seed,
          from,
        });
        rates.push(r.transitions.find((t) => t.from === 0)!.rate ?? Number.NaN);
      }
      const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
      const sd = Math.sqrt(rates.reduce((a, b) => a + (b - mean) ** 2, 0) / (rates.length - 1));
      return { mean, se: sd / Math.sqrt(rates.length) };
    };
    const a = await rateOf(0);
    const b = await rateOf(1);
    expect(Math.abs(a.mean - b.mean)).toBeLessThan(3 * Math.hypot(a.se, b.se));
  }, 60_000);
});
