import { describe, expect, it } from 'vitest';
import { potentialFromExpression, prepareTransition, ROUTES } from '../../src/index.js';
import { rateMatrixFromModes, smoluchowskiSpectrum } from '../../src/spectral/index.js';
import { readFixture } from '../support/fixtures.js';

interface TripleCase {
  expression: string;
  D: number;
  wells: string[];
  barriers: string[];
  populations: string[];
  k01: string;
  k10: string;
  k12: string;
  k21: string;
  shallowBarrierOverD: string;
}
interface AsymmetricCase {
  expression: string;
  D: number;
  barrier: string;
  populations: string[];
}
const fixture = readFixture<{ triple: TripleCase[]; asymmetric: AsymmetricCase[] }>(
  'multiwell_rates.json',
);

describe('spectral route, three wells: each rate accurate relative to itself', () => {
  // test/fixtures/multiwell_rates.py: outer wells' rates 1/MFPT (mpmath), the middle well's by
  // detailed balance with the basin integrals. The rate matrix from the modes is another
  // definition of the same rates: they differ by O(e^{−ΔU/D}) of the lowest barrier out of the
  // middle well (measured 3e-8 at ΔU/D = 18.3, 2e-13 at 30.6), hence 10 e^{−ΔU/D} on top of the
  // reported error. The rates span 1e-33 to 1e-8: before the fix the deep wells' elements were
  // off by 50× to 1e12× (λ2 times the eigenvector error swamped them).
  for (const c of fixture.triple) {
    const definitions = 10 * Math.exp(-Number(c.shallowBarrierOverD));
    for (const [from, to, key] of [
      [0, 1, 'k01'],
      [1, 0, 'k10'],
      [1, 2, 'k12'],
      [2, 1, 'k21'],
    ] as const) {
      it(`${c.expression}, D = ${c.D}: ${from} → ${to}`, () => {
        const t = prepareTransition({ potential: c.expression, D: c.D, from, to });
        const r = ROUTES.spectral.run(t);
        const ref = Number(c[key]);
        expect(r.retcode).toBe('success');
        expect(r.rate).not.toBeNull();
        expect(r.error).not.toBeNull();
        const actual = Math.abs(r.rate! / ref - 1);
        expect(actual).toBeLessThanOrEqual(r.error! / r.rate! + definitions);
        // The error is a small part of the rate (the eigenvectors' rounding through K).
        expect(r.error! / r.rate!).toBeLessThan(1e-6);
        expect(r.warnings.join(' ')).not.toMatch(/not a rate|error above/);
      });
    }
  }

  it('symmetric triple well: K01 = λ1 (the odd mode is the outer wells exchanging)', () => {
    // A symmetric nearest-neighbour chain has λ1 = k01 exactly; ours differs from it by the
    // definitions' O(e^{−ΔU/D}) (ΔU/D = 18.3: e^{−18.3} = 1.1e-8).
    const t = prepareTransition({ potential: fixture.triple[0]!.expression, D: 0.05 });
    const r = ROUTES.spectral.run(t) as { rate: number; lambda1: number };
    expect(Math.abs(r.rate / r.lambda1 - 1)).toBeLessThan(10 * Math.exp(-18.3));
  });
});

describe('rateMatrixFromModes: no deep-well element from noise', () => {
  it('x⁶/6 − 5x⁴/4 + 2x² at D = 0.05: outer wells 0 (not neighbours), all rates positive', () => {
    const c = fixture.triple[0]!;
    const potential = potentialFromExpression(c.expression);
    const s = smoluchowskiSpectrum({
      potential,
      D: c.D,
      n: 4,
      searchDomain: { min: -2.5, max: 2.5 },
    });
    const m = rateMatrixFromModes(s, c.wells.map(Number), c.barriers.map(Number), {
      potential,
      D: c.D,
    });
    expect(m.matrix[0]![2]).toBe(0);
    expect(m.matrix[2]![0]).toBe(0);
    for (const [i, j] of [
      [0, 1],
      [1, 0],
      [1, 2],
      [2, 1],
    ] as const) {
      expect(m.matrix[i]![j]!).toBeGreaterThan(0);
      expect(m.errors[i]![j]!).toBeLessThan(1e-6 * m.matrix[i]![j]!);
    }
    // Populations against mpmath, within their reported errors.
    for (let i = 0; i < 3; i++) {
      const ref = Number(c.populations[i]);
      expect(Math.abs(m.populations[i]! - ref)).toBeLessThanOrEqual(m.populationErrors[i]!);
    }
    expect(m.warnings).toEqual([]);
  });
});

describe('spectral route, two wells: p_b cut at the barrier top, its error in the rate', () => {
  // x⁴/4 − x²/2 + 0.2x (test/fixtures/multiwell_rates.py, mpmath basin integrals). The rate is
  // λ1·p_b: against λ1 (ours, its own error reported) times the reference p_b, the difference is
  // p_b's error, which the route's error must cover. Before: p_b by whole grid cells, 2.1e-3 off
  // at D = 0.1 with a reported 2e-9.
  for (const c of fixture.asymmetric) {
    it(`D = ${c.D}`, () => {
      const t = prepareTransition({ potential: c.expression, D: c.D, from: 0, to: 1 });
      const r = ROUTES.spectral.run(t);
      const rate = r.rate!;
      const error = r.error!;
      const lambda1 = r.lambda1!;
      const populations = r.populations!;
      const pRef = Number(c.populations[1]);
      expect(Math.abs(populations[1]! / pRef - 1)).toBeLessThan(1e-12);
      const actual = Math.abs(rate - lambda1 * pRef);
      expect(actual).toBeLessThanOrEqual(error);
      // Not vacuous: the error is λ1's and p_b's, both small.
      expect(error / rate).toBeLessThan(1e-7);
    });
  }
});
