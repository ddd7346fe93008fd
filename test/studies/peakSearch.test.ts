/**
 * The maximum of a curve evaluated anywhere with a bounded error (src/studies/peakSearch.ts)
 * against closed forms: the exact curve g and its maximum are known, the search sees g plus an
 * error of at most ε (smooth, oscillating or a step: the last is near the worst case, it moves
 * the apparent maximum by about the flatness 2√(ε/|g″|)).
 */
import { describe, expect, it } from 'vitest';
import { flatness, type PeakSample, searchPeak } from '../../src/studies/peakSearch.js';

interface Case {
  readonly name: string;
  /** The exact curve, its maximum (x*, g*) and |g″(x*)|. */
  readonly g: (x: number) => number;
  readonly xStar: number;
  readonly gStar: number;
  readonly curvature: number;
  /** The error added to g, |e| ≤ ε. */
  readonly e: (x: number) => number;
  readonly epsilon: number;
  /** The grid bracket: three x with the middle value the largest. */
  readonly grid: readonly [number, number, number];
}

// x e^{−x}: maximum 1/e at x = 1, g″(1) = −1/e. exp(−u − e^{−u}), u = x − 0.5 (Gumbel's density,
// skewed): maximum 1/e at x = 0.5, g″ = −1/e.
const xExp = (x: number) => x * Math.exp(-x);
const gumbel = (x: number) => Math.exp(-(x - 0.5) - Math.exp(-(x - 0.5)));
const CASES: readonly Case[] = [
  {
    name: 'x e^−x, smooth error 1e-4',
    g: xExp,
    xStar: 1,
    gStar: Math.exp(-1),
    curvature: Math.exp(-1),
    e: (x) => 1e-4 * Math.cos(0.7 * x),
    epsilon: 1e-4,
    grid: [0.3, 1.1, 2.5],
  },
  {
    name: 'x e^−x, oscillating error 1e-4',
    g: xExp,
    xStar: 1,
    gStar: Math.exp(-1),
    curvature: Math.exp(-1),
    e: (x) => 1e-4 * Math.sin(40 * x + 0.3),
    epsilon: 1e-4,
    grid: [0.5, 0.9, 1.6],
  },
  {
    name: 'Gumbel, a step of error at the maximum (near the worst case)',
    g: gumbel,
    xStar: 0.5,
    gStar: Math.exp(-1),
    curvature: Math.exp(-1),
    e: (x) => 1e-5 * Math.tanh(200 * (x - 0.5)),
    epsilon: 1e-5,
    grid: [-1, 0.6, 3],
  },
  {
    name: 'Gumbel, rounding only (ε = 1e-12 of g)',
    g: gumbel,
    xStar: 0.5,
    gStar: Math.exp(-1),
    curvature: Math.exp(-1),
    e: () => 0,
    epsilon: 1e-12 * Math.exp(-1),
    grid: [-0.5, 0.2, 1.5],
  },
];

function samplerOf(c: Case) {
  let calls = 0;
  const evaluate = (x: number): PeakSample => {
    calls++;
    return { x, y: c.g(x) + c.e(x), error: c.epsilon };
  };
  return { evaluate, calls: () => calls };
}

describe('searchPeak', () => {
  for (const c of CASES) {
    it(`${c.name}: the interval holds x*, the ± covers g*, both within a few flatnesses`, () => {
      const { evaluate, calls } = samplerOf(c);
      const [lo, mid, hi] = c.grid.map((x) => ({ x, y: c.g(x) + c.e(x), error: c.epsilon }));
      const peak = searchPeak(lo!, mid!, hi!, evaluate, { maxEvaluations: 40 })!;
      expect(peak).not.toBeNull();
      // Coverage: the exact maximum is inside the proven interval, its value within the ±.
      expect(peak.low).toBeLessThanOrEqual(c.xStar);
      expect(peak.high).toBeGreaterThanOrEqual(c.xStar);
      expect(Math.abs(peak.best.y - c.gStar)).toBeLessThanOrEqual(peak.yError);
      // Tightness, from the exact curvature: the interval's first try reaches 1.2·flatness plus
      // the last bracket's side (≤ flatness/8) from the best point, so within 2 flatnesses of it
      // unless it had to widen. η's ± is ε plus the search's c·w², ε/16 at the grid's curvature;
      // the step's kink raises the last parabola's curvature (measured: ε/4 more), which is safe.
      const reach = Math.max(peak.best.x - peak.low, peak.high - peak.best.x);
      expect(reach).toBeLessThanOrEqual(2 * flatness(c.epsilon, c.curvature));
      expect(peak.yError).toBeLessThanOrEqual(1.5 * c.epsilon);
      // The count it reports is the count it made, within Brent's budget and the certificate's.
      expect(peak.evaluations).toBe(calls());
      expect(calls()).toBeLessThanOrEqual(40 + 10);
    });
  }

  it('an evaluation without a value, or a bracket that does not open down, gives no maximum', () => {
    const c = CASES[0]!;
    const [lo, mid, hi] = c.grid.map((x) => ({ x, y: c.g(x), error: c.epsilon }));
    expect(searchPeak(lo!, mid!, hi!, () => null, { maxEvaluations: 10 })).toBeNull();
    // A straight line through the three (no maximum among them).
    const line = [0, 1, 2].map((x) => ({ x, y: x, error: 0 }));
    expect(
      searchPeak(line[0]!, line[1]!, line[2]!, samplerOf(c).evaluate, { maxEvaluations: 10 }),
    ).toBeNull();
  });

  it('errors as large as the peak itself: no interval can be proven, so none is given', () => {
    // ε = 1 against a peak of height 1/e: no value falls 2ε below the best one.
    const c = CASES[0]!;
    const evaluate = (x: number) => ({ x, y: c.g(x), error: 1 });
    const [lo, mid, hi] = c.grid.map((x) => ({ x, y: c.g(x), error: 1 }));
    expect(searchPeak(lo!, mid!, hi!, evaluate, { maxEvaluations: 20 })).toBeNull();
  });
});
