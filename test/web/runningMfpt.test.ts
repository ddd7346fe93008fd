import { describe, expect, it } from 'vitest';
// The library as built (dist/): the module the Lab's running curve imports as 'kramers'.
import { type CompletedChunk, simulate } from '../../dist/index.js';
import { runningMfpt } from '../../web/src/runningMfpt.js';

// The Simulation panel's running MFPT curve in Node: with censored walkers its last point is the
// library's estimate for the same walkers (the censored exponential MLE and its χ² interval),
// not the normal approximation mean ± 1.96·mean/√absorbed the Lab used to compute itself.
describe("the Lab's running MFPT", () => {
  it("ends on the report's MFPT and 95% CI when walkers are censored (same walkers, same numbers)", async () => {
    const chunks: CompletedChunk[] = [];
    // Seed double well at D = 0.25: the exact MFPT from −1 to the far well is well above
    // tMax = 6, so most walkers are censored (measured 726 of 1000).
    const report = await simulate(
      { potential: 'x^4/4 - x^2/2', D: 0.25, walkers: 1000, seed: 11, tMax: 6 },
      { onChunkDone: (chunk) => chunks.push(chunk) },
    );
    expect(report.estimator).toBe('exponential-censored-mle');
    expect(report.exactMfpt!).toBeGreaterThan(2 * report.tMax);
    expect(report.censored).toBeGreaterThan(300);
    // Chunks arrive in any order on a pool; the curve sorts them by walker.
    const { points } = runningMfpt([...chunks].reverse(), report.tMax);
    expect(points.map((p) => p.walkers)).toEqual([128, 256, 384, 512, 640, 768, 896, 1000]);
    const last = points[points.length - 1]!;
    // The same function on the same walkers in the same order: equal to the last bit.
    expect(last.mfpt).toBe(report.mfpt);
    expect(last.ci95).toEqual(report.mfptCI95);
    // What the Lab used to draw differs: the χ² interval is asymmetric about the MLE (it leans
    // up, as 1/χ² does): with 274 absorbed its upper end lies 1.1% of the MFPT above the normal
    // one (measured: [17.39, 22.04] against 19.51 ± 2.31).
    const absorbed = report.walkers - report.censored;
    const normal = 1.96 * (report.mfpt! / Math.sqrt(absorbed));
    const [lo, hi] = report.mfptCI95;
    expect(hi - report.mfpt!).toBeGreaterThan(report.mfpt! - lo);
    expect(Math.abs(hi - (report.mfpt! + normal)) / report.mfpt!).toBeGreaterThan(0.005);
  });

  it("gives the library's one-sided bound where every walker is censored (MFPT = ∞)", async () => {
    const chunks: CompletedChunk[] = [];
    // tMax = 0.05 ≪ the MFPT: nobody crosses, the library gives MFPT = ∞ and a lower bound.
    const report = await simulate(
      { potential: 'x^4/4 - x^2/2', D: 0.25, walkers: 200, seed: 2, tMax: 0.05 },
      { onChunkDone: (chunk) => chunks.push(chunk) },
    );
    const { points, last } = runningMfpt(chunks, report.tMax);
    expect(report.censored).toBe(200);
    expect(last!.estimator).toBe('none');
    expect(points[points.length - 1]!.mfpt).toBe(Number.POSITIVE_INFINITY);
    expect(points[points.length - 1]!.ci95).toEqual(report.mfptCI95);
    // MFPT > tMax·0.05^(1/200), the distribution-free bound (statistics.ts noEscapeBound).
    expect(report.mfptCI95[0]).toBeCloseTo(0.05 * 0.05 ** (1 / 200), 12);
  });

  it('has no points before the first chunk', () => {
    expect(runningMfpt([]).points).toEqual([]);
    expect(runningMfpt([]).last).toBeNull();
  });
});
