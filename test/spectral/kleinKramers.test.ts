import { describe, expect, it } from 'vitest';
import { potentialFromExpression } from '../../src/expr/index.js';
import { kleinKramersLambda1, smoluchowskiSpectrum } from '../../src/spectral/index.js';
import { expectClose } from '../support/fixtures.js';

describe('Klein–Kramers λ1', () => {
  it.each([
    [1, 3],
    [1, 2.5],
    [2, 10],
  ])(
    'harmonic well ω = %s, η = %s: λ1 = η/2 − √(η²/4 − ω²) exactly (Risken §10.2)',
    (omega, eta) => {
      // U = ω²x²/2, m = 1: the eigenvalues are n₊λ₊ + n₋λ₋; for η > 2ω the slowest is λ₋, real.
      const p = potentialFromExpression(`${omega * omega}*x^2/2`);
      const r = kleinKramersLambda1({
        potential: p,
        D: 0.5,
        gamma: eta,
        searchDomain: { min: -1, max: 1 },
        tolerance: 1e-5,
      });
      const exact = eta / 2 - Math.sqrt((eta * eta) / 4 - omega * omega);
      // The reported error (Richardson remainder + Hermite change) must cover the true error; the
      // 1e-6 floor allows the Richardson step's own O(h⁴) remainder.
      expect(Math.abs(r.lambda1 - exact)).toBeLessThanOrEqual(Math.max(3 * r.error, 1e-6 * exact));
      expectClose(r.lambda1, exact, 1e-5, 'λ1');
      expect(r.retcode).toBe('success');
    },
  );

  it('tends to the Smoluchowski λ1 as friction grows (x⁴/4 − x²/2, D = 0.1)', () => {
    const p = potentialFromExpression('x^4/4 - x^2/2');
    const gaps = [5, 50].map((gamma) => {
      const kk = kleinKramersLambda1({
        potential: p,
        D: 0.1,
        gamma,
        searchDomain: { min: -1.5, max: 1.5 },
      });
      const sm = smoluchowskiSpectrum({
        potential: p,
        D: 0.1,
        gamma,
        n: 3,
        searchDomain: { min: -1.5, max: 1.5 },
      });
      expect(kk.error / kk.lambda1).toBeLessThan(1e-4);
      return Math.abs(kk.lambda1 / sm.eigenvalues[1]! - 1);
    });
    // Inertial corrections are O((ω/η_c)²): 100× smaller at 10× the friction (within a factor 2).
    expect(gaps[0]!).toBeLessThan(0.05);
    expect(gaps[1]!).toBeLessThan(gaps[0]! / 50);
  });

  it('converges in the Hermite functions at weak friction (η_c = 0.2)', () => {
    const p = potentialFromExpression('x^4/4 - x^2/2');
    const r = kleinKramersLambda1({
      potential: p,
      D: 0.1,
      gamma: 0.2,
      searchDomain: { min: -1.5, max: 1.5 },
      tolerance: 1e-3,
    });
    expect(r.retcode).toBe('success');
    const hermite = r.levels.map((l) => l.hermite);
    expect(Math.max(...hermite)).toBeGreaterThan(30);
    expect(r.error / r.lambda1).toBeLessThan(1e-3);
  });

  it('refuses a potential that does not confine', () => {
    const p = potentialFromExpression('x^3/3 - x');
    expect(() =>
      kleinKramersLambda1({ potential: p, D: 0.1, gamma: 1, searchDomain: { min: -2, max: 2 } }),
    ).toThrow(/confining/);
    expect(() =>
      kleinKramersLambda1({
        potential: potentialFromExpression('x^2'),
        D: 0.1,
        gamma: 0,
        searchDomain: { min: -1, max: 1 },
      }),
    ).toThrow(/gamma/);
  });
});
