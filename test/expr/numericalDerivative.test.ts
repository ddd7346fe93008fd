import { describe, expect, it } from 'vitest';
import { KramersError } from '../../src/core/index.js';
import { numericalDerivative, potentialFromFunction } from '../../src/expr/index.js';

type F = (x: number) => number;

const quartic: F = (x) => x ** 4 / 4 - x ** 2 / 2;
const quarticDerivatives: readonly F[] = [
  (x) => x ** 3 - x,
  (x) => 3 * x * x - 1,
  (x) => 6 * x,
  () => 6,
];

const gaussSine: F = (x) => Math.exp(-x * x) * Math.sin(3 * x);
const gaussSineDerivatives: readonly F[] = [
  (x) => Math.exp(-x * x) * (3 * Math.cos(3 * x) - 2 * x * Math.sin(3 * x)),
  (x) => Math.exp(-x * x) * ((4 * x * x - 11) * Math.sin(3 * x) - 12 * x * Math.cos(3 * x)),
];

const points = [-2.5, -1.3, -1, -0.4, 0, 0.3, 1, 1.6, 3, 7.5, -20];

/**
 * Honesty of Ridders' estimate: the true error must not exceed a few times the estimate. The
 * estimate is a heuristic (differences between neighbouring tableau entries, floored at the
 * rounding error); on smooth functions it was seen to be low by up to ~6×, hence 8×.
 */
const HONESTY = 8;

describe('numericalDerivative (Ridders)', () => {
  it.each([1, 2, 3, 4] as const)('order %d of x^4/4 - x^2/2 is accurate and honest', (order) => {
    for (const x of points) {
      const { value, error } = numericalDerivative(quartic, x, order);
      const truth = quarticDerivatives[order - 1]!(x);
      expect(Math.abs(value - truth)).toBeLessThanOrEqual(HONESTY * error);
      // Accurate, too. Rounding limits an n-th difference to about Σ|cᵢ|·ε·|U|/hⁿ: for n = 4
      // with the default h = 0.03·max(1, |x|), 16·2.2e-16/8.1e-7 ≈ 4e-9 relative to the terms of
      // U (~x⁴), and the tableau goes to smaller h than that; 1e-7 bounds it for every order.
      expect(error).toBeLessThan(1e-7 * (1 + x ** 4));
    }
  });

  it.each([1, 2] as const)('order %d of exp(-x^2)*sin(3x) is honest', (order) => {
    for (const x of points) {
      const { value, error } = numericalDerivative(gaussSine, x, order);
      const truth = gaussSineDerivatives[order - 1]!(x);
      expect(Math.abs(value - truth)).toBeLessThanOrEqual(HONESTY * error);
      expect(error).toBeLessThan(1e-8);
    }
  });

  it('extrapolates far beyond a plain difference quotient', () => {
    // A one-sided-free central difference at h = 1e-3 has truncation error ~h²·|f‴|/6 ≈ 1e-7.
    const x = 0.7;
    const h = 1e-3;
    const plain = (Math.sin(x + h) - Math.sin(x - h)) / (2 * h);
    const ridders = numericalDerivative(Math.sin, x, 1);
    expect(Math.abs(plain - Math.cos(x))).toBeGreaterThan(1e-8);
    expect(Math.abs(ridders.value - Math.cos(x))).toBeLessThan(1e-13);
  });

  it('respects a given initial step', () => {
    const { value, error } = numericalDerivative(Math.exp, 1, 2, { h: 0.5 });
    expect(Math.abs(value - Math.E)).toBeLessThanOrEqual(HONESTY * error);
  });

  it('shrinks the step near a domain edge', () => {
    // log is NaN left of 0; the default stencil at x = 0.004 reaches below 0.
    const { value, error } = numericalDerivative(Math.log, 0.004, 1);
    expect(Math.abs(value - 250)).toBeLessThanOrEqual(HONESTY * error);
    expect(error).toBeLessThan(1e-6 * 250);
  });

  it('reports NaN with infinite error when f is not finite around x', () => {
    const result = numericalDerivative(Math.sqrt, -1, 1);
    expect(result.value).toBeNaN();
    expect(result.error).toBe(Number.POSITIVE_INFINITY);
  });

  it('rejects bad arguments', () => {
    expect(() => numericalDerivative(42 as unknown as F, 0, 1)).toThrow(KramersError);
    expect(() => numericalDerivative(Math.sin, 0, 5 as 1)).toThrow(KramersError);
    expect(() => numericalDerivative(Math.sin, 0, 1, { h: -1 })).toThrow(KramersError);
  });
});

describe('potentialFromFunction', () => {
  it('fills in numerical derivatives that match closed forms', () => {
    const potential = potentialFromFunction((x) => x ** 4 / 4 - x ** 2 / 2);
    expect(potential.derivatives).toBe('numerical');
    expect(potential.description).toBe('function');
    const fns = [potential.dU, potential.d2U, potential.d3U, potential.d4U];
    for (const x of [-1.5, -1, -0.2, 0, 0.5, 1, 1.3]) {
      fns.forEach((fn, index) => {
        const truth = quarticDerivatives[index]!(x);
        // Each value carries its Ridders estimate, below 1e-8 here (see above).
        expect(fn(x)).toBeCloseTo(truth, 7);
        const { error } = numericalDerivative(quartic, x, (index + 1) as 1 | 2 | 3 | 4);
        expect(Math.abs(fn(x) - truth)).toBeLessThanOrEqual(HONESTY * error);
      });
    }
  });

  it('uses supplied derivatives as they are and differentiates the highest one below', () => {
    let calls = 0;
    const dU = (x: number) => {
      calls++;
      return x ** 3 - x;
    };
    const potential = potentialFromFunction(quartic, { dU }, 'quartic');
    expect(potential.description).toBe('quartic');
    expect(potential.dU).toBe(dU);
    calls = 0;
    expect(potential.d2U(0.5)).toBeCloseTo(-0.25, 10);
    // U″ came from U′, not from U.
    expect(calls).toBeGreaterThan(0);
  });

  it("says 'supplied' when all derivatives are given", () => {
    const [dU, d2U, d3U, d4U] = quarticDerivatives as [F, F, F, F];
    expect(potentialFromFunction(quartic, { dU, d2U, d3U, d4U }).derivatives).toBe('supplied');
  });

  it('rejects non-functions', () => {
    const bad = [
      () => potentialFromFunction('x^2' as unknown as F),
      () => potentialFromFunction(quartic, { dU: 3 as unknown as F }),
      () => potentialFromFunction(quartic, null as unknown as object),
    ];
    for (const action of bad) {
      expect(action).toThrow(KramersError);
      try {
        action();
      } catch (error) {
        expect((error as KramersError).code).toBe('invalid_parameter');
      }
    }
  });
});
