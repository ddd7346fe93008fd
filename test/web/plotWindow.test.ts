import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/index.js';
import { plotWindow } from '../../web/src/plotWindow.js';

/**
 * The Lab's landscape plot window (web/src/plotWindow.ts): each well's thermally populated region,
 * where U − U_min ≤ 7D (the Boltzmann weight e^{−(U−U_min)/D} ≥ e^{−7} ≈ 9e-4), must be inside it.
 * For U = x²/2 that region is |x| ≤ √(14D) exactly: the independent route here is this closed
 * form, not the curvature the window reads from the analysis.
 */
const thermalHalfWidth = (D: number) => Math.sqrt(14 * D);

describe('the plot window of a landscape', () => {
  it.each([1, 0.25])('a single quadratic well x²/2 at D = %s shows |x| ≤ √(14D)', (D) => {
    const w = plotWindow(analyze({ potential: 'x^2/2', D, gamma: 1 }));
    const r = thermalHalfWidth(D);
    // The well's curvature is found numerically (U″ = 1 to ~1e-8 relative): 1e-6 of the
    // half-width is ample and still far below any change of the window that matters.
    expect(w.min).toBeLessThanOrEqual(-r * (1 - 1e-6));
    expect(w.max).toBeGreaterThanOrEqual(r * (1 - 1e-6));
    // …and not much more: the density is below 1e-3 of its peak at the edges, and the plot
    // spends its width on the well (a window 10% wider than the region is the most we allow).
    expect(w.min).toBeGreaterThanOrEqual(-1.1 * r);
    expect(w.max).toBeLessThanOrEqual(1.1 * r);
    const U = (x: number) => (x * x) / 2;
    expect(Math.exp(-U(w.min) / D)).toBeLessThan(1e-3);
    expect(Math.exp(-U(w.max) / D)).toBeLessThan(1e-3);
  });

  it('clips the thermal region to a given domain', () => {
    const w = plotWindow(
      analyze({ potential: 'x^2/2', D: 1, gamma: 1, domain: { min: -1, max: 2 } }),
    );
    expect(w).toEqual({ min: -1, max: 2 });
  });

  it('keeps the stationary points and their margin where that is wider (double well, small D)', () => {
    // x⁴/4 − x²/2: wells at ±1 (U″ = 2), barrier at 0. At D = 0.01 the thermal half-width
    // √(14·0.01/2) = 0.26 is inside the 35% margin of the span 2 (0.7): the window is ±1.7.
    const w = plotWindow(analyze({ potential: 'x^4/4 - x^2/2', D: 0.01, gamma: 1 }));
    expect(w.min).toBeCloseTo(-1.7, 6);
    expect(w.max).toBeCloseTo(1.7, 6);
  });

  it('widens a double well to its thermal region at large D', () => {
    // At D = 1 the quartic wells are populated far past the margin: the window reaches at least
    // the harmonic estimate 1 + √(14/2) = 3.65 (U rises faster than the parabola out there, so
    // the true 7D region, |x| ≤ √(1 + √28) ≈ 2.51, lies inside).
    const w = plotWindow(analyze({ potential: 'x^4/4 - x^2/2', D: 1, gamma: 1 }));
    expect(w.max).toBeGreaterThanOrEqual(Math.sqrt(1 + Math.sqrt(28)));
    expect(w.min).toBeLessThanOrEqual(-Math.sqrt(1 + Math.sqrt(28)));
    expect(w.max).toBeCloseTo(1 + Math.sqrt(7), 5);
  });
});
