import { describe, expect, it } from 'vitest';
import type { Potential1D } from '../../src/core/index.js';
import { KramersError } from '../../src/core/index.js';
import { potentialFromExpression, toText } from '../../src/expr/index.js';

describe('potentialFromExpression', () => {
  it('builds U and four exact derivatives of a double well', () => {
    const potential = potentialFromExpression('a*x^4 - b*x^2', {
      parameters: { a: 0.25, b: 0.5, unused: 3 },
    });
    const asPotential: Potential1D = potential;
    expect(asPotential.derivatives).toBe('symbolic');
    expect(potential.description).toBe('a*x^4 - b*x^2');
    expect(potential.source).toBe('a*x^4 - b*x^2');
    expect(potential.usedParameters).toEqual(['a', 'b']);
    expect(potential.tex).toBe('a \\cdot x^{4} - b \\cdot x^{2}'); // names, not values
    expect(potential.derivativeAsts.map(toText)).toEqual(['x^3 - x', '3*x^2 - 1', '6*x', '6']);
    // Exact: every operation here is exact in binary floating point at these points.
    for (const x of [-2, -1, -0.5, 0, 0.5, 1, 2]) {
      expect(potential.U(x)).toBe(x ** 4 / 4 - x ** 2 / 2);
      expect(potential.dU(x)).toBe(x ** 3 - x);
      expect(potential.d2U(x)).toBe(3 * x * x - 1);
      expect(potential.d3U(x)).toBe(6 * x);
      expect(potential.d4U(x)).toBe(6);
    }
  });

  it('passes parse errors through', () => {
    expect(() => potentialFromExpression('x^4 - * x')).toThrow(KramersError);
    expect(() => potentialFromExpression('x', { parameters: { x: 1 } })).toThrow(/clashes/);
  });

  it('returns NaN outside the domain of the expression (for the landscape to report)', () => {
    const potential = potentialFromExpression('sqrt(x) - x');
    expect(potential.U(-1)).toBeNaN();
    expect(potential.dU(-1)).toBeNaN();
    expect(potential.U(4)).toBe(-2);
  });

  it('shows parameters by name in TeX while computing with their values', () => {
    const potential = potentialFromExpression('a*x^4 - b*x^2', { parameters: { a: 0.25, b: 0.5 } });
    expect(potential.tex).toBe('a \\cdot x^{4} - b \\cdot x^{2}');
    expect(potential.U(2)).toBe(0.25 * 16 - 0.5 * 4);
  });
});
