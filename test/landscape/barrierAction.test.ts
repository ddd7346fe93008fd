import { describe, expect, it } from 'vitest';
import { isKramersError } from '../../src/core/index.js';
import { potentialFromExpression } from '../../src/expr/index.js';
import { analyzeLandscape, barrierAction } from '../../src/landscape/index.js';
import { expectClose } from '../support/fixtures.js';

describe('barrier action I_s = ∮ p dx', () => {
  // p = √(2m(E − U)), E = 0: p = √m·x√(1 − x²/2) on 0 ≤ x ≤ √2, so with u = x²/2
  // I = 2√m ∫_0^1 √(1 − u) du = 4√m/3.
  it.each([1, 2, 0.3])('x⁴/4 − x²/2 at E_b = 0, m = %s: 4√m/3', (mass) => {
    const p = potentialFromExpression('x^4/4 - x^2/2');
    const L = analyzeLandscape(p, { mass });
    for (const t of L.transitions) {
      const a = barrierAction(p, L, t);
      // Quadrature to a relative 1e-13 plus bisection of the turning point to rounding.
      expectClose(a.action, (4 * Math.sqrt(mass)) / 3, 1e-12, `I_s, well ${t.from}`);
      expect(a.error).toBeLessThan(1e-12);
    }
  });
  it('metastable cubic x³/3 − x: E − U = (x+1)²(2−x)/3, I = 2√2·∫_{−1}^{2}(x+1)√((2−x)/3) dx = 4.8√2', () => {
    const p = potentialFromExpression('x^3/3 - x');
    const L = analyzeLandscape(p);
    const a = barrierAction(p, L, L.transitions[0]!);
    expectClose(a.action, 4.8 * Math.SQRT2, 1e-12, 'I_s');
    expectClose(a.turningPoints[1], 2, 1e-12, 'far turning point');
  });
  it('refuses a well whose orbit at the barrier energy spills over a lower barrier', () => {
    // Washboard: escape to the left over the high barrier; at that energy the orbit passes the
    // lower barrier on the right, so it is not closed.
    const p = potentialFromExpression('-cos(x) - 0.5*x');
    const L = analyzeLandscape(p, { domain: { min: -4, max: 8 } });
    const t = L.transitions.find((tr) => tr.from === 0 && tr.to === '-inf')!;
    let error: unknown;
    try {
      barrierAction(p, L, t);
    } catch (e) {
      error = e;
    }
    expect(isKramersError(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/no closed orbit at the barrier energy/);
  });
});
