import { describe, expect, it } from 'vitest';
import {
  CHEBYSHEV_DEGREE,
  CHEBYSHEV_NODES,
  chebyshevTail,
  logAdd,
  panelIntegral,
  panelTotal,
} from '../../src/exact1d/chebyshevPanels.js';

describe('Chebyshev panel machinery', () => {
  it('integrates polynomials up to degree n exactly, from the left and from the right', () => {
    for (const k of [0, 1, 5, CHEBYSHEV_DEGREE]) {
      const v = CHEBYSHEV_NODES.map((t) => t ** k);
      const left = panelIntegral(v, 1, false);
      const right = panelIntegral(v, 1, true);
      CHEBYSHEV_NODES.forEach((t, j) => {
        const exact = (t ** (k + 1) - (-1) ** (k + 1)) / (k + 1);
        const total = (1 - (-1) ** (k + 1)) / (k + 1);
        // A sum of 33 terms of size ≤ 1: a few ulps (1e-14 absolute).
        expect(Math.abs(left[j]! - exact)).toBeLessThan(1e-14);
        expect(Math.abs(right[j]! - (total - exact))).toBeLessThan(1e-14);
      });
      expect(Math.abs(panelTotal(v, 1) - (1 - (-1) ** (k + 1)) / (k + 1))).toBeLessThan(1e-14);
    }
  });

  it('the chopping tail sees an unresolved exponential and not a resolved one', () => {
    expect(chebyshevTail(CHEBYSHEV_NODES.map((t) => Math.exp(2 * t)))).toBeLessThan(1e-15);
    expect(chebyshevTail(CHEBYSHEV_NODES.map((t) => Math.exp(60 * t)))).toBeGreaterThan(1e-6);
  });

  it('logAdd is ln(e^a + e^b) without overflow, with −∞ as the log of zero', () => {
    expect(logAdd(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAdd(Number.NEGATIVE_INFINITY, 3)).toBe(3);
    expect(logAdd(Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY)).toBe(
      Number.NEGATIVE_INFINITY,
    );
  });
});
