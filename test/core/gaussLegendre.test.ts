import { describe, expect, it } from 'vitest';
import { adaptiveGaussLegendre, gaussLegendre, gaussLegendreRule } from '../../src/core/index.js';

describe('Gauss–Legendre quadrature', () => {
  it('weights sum to 2 and the n-point rule integrates x^(2n−1) … x^(2n−2) exactly', () => {
    for (const n of [1, 2, 5, 20, 64]) {
      const { weights } = gaussLegendreRule(n);
      expect(Math.abs(weights.reduce((a, w) => a + w, 0) - 2)).toBeLessThan(1e-13);
      // ∫_0^1 x^k dx = 1/(k+1) for k ≤ 2n − 1.
      const k = 2 * n - 2;
      expect(Math.abs(gaussLegendre((x) => x ** k, 0, 1, n) - 1 / (k + 1))).toBeLessThan(1e-13);
    }
  });
  it('adaptive rule meets its tolerance on a peaked integrand and reports its error', () => {
    // ∫_{−1}^{1} 1/(1e-4 + x²) dx = 2·atan(100)/0.01.
    const exact = (2 * Math.atan(100)) / 0.01;
    const r = adaptiveGaussLegendre((x) => 1 / (1e-4 + x * x), -1, 1, { relTol: 1e-12 });
    expect(r.converged).toBe(true);
    expect(Math.abs(r.value - exact) / exact).toBeLessThan(1e-11);
    expect(r.error).toBeLessThan(1e-9 * exact);
  });
});
