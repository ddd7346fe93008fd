import { describe, expect, it } from 'vitest';
import { dhsLogRate, ruptureForceStatistics, tiltedRate } from '../../src/drive/index.js';
import { potentialFromExpression } from '../../src/expr/index.js';
import { expectClose } from '../support/fixtures.js';

// Linear-cubic bond of Dudko, Hummer & Szabo (2006), well at 0 and barrier at x‡:
// U = (3/2)ΔG s − 2ΔG s³ + ΔG/2, s = x/x‡ − 1/2.
const dG = 10;
const xb = 1;
const linearCubic = potentialFromExpression(
  `1.5*${dG}*(x/${xb} - 0.5) - 2*${dG}*(x/${xb} - 0.5)^3 + ${dG}/2`,
);

describe('tiltedRate', () => {
  it('Kramers route on the linear-cubic potential is the DHS ν = 2/3 rate at every force', () => {
    // DHS derived ν = 2/3 from exactly this: the tilted linear-cubic has ΔU(F) = ΔG u^{3/2} and
    // √(U″_a|U″_s|) ∝ u^{1/2}, u = 1 − 2Fx‡/(3ΔG). Root finding to ~1e-15 in x: 1e-10 in ln k.
    const t = tiltedRate({
      potential: linearCubic,
      D: 1,
      wellX: 0,
      barrierX: xb,
      brokenX: 1.5 * xb,
      route: 'kramers',
    });
    expectClose(t.criticalForce, (1.5 * dG) / xb, 1e-12, 'F_c = 3ΔG/(2x‡)');
    const k0 = Math.exp(t.logRateAt(0));
    const bond = { deltaG: dG, xb, k0, D: 1 };
    for (const F of [0, 2, 5, 9, 12]) {
      if (F > t.cutForce) continue;
      expect(Math.abs(t.logRateAt(F) - dhsLogRate(bond, 2 / 3, F))).toBeLessThan(1e-10);
      // and the interpolated table agrees with the direct value to its error estimate
      expect(Math.abs(t.logRate(F) - t.logRateAt(F))).toBeLessThan(10 * t.logRateError + 1e-12);
    }
    // the cut: ΔU(F_cut) = 1·D
    expectClose(t.pointAt(t.cutForce).deltaU, 1, 1e-9, 'ΔU at the cut');
  });

  it('exact (MFPT) route approaches the Kramers route at high barrier, and its table is accurate', () => {
    const t = tiltedRate({
      potential: linearCubic,
      D: 1,
      wellX: 0,
      barrierX: xb,
      brokenX: 1.5 * xb,
    });
    const k = tiltedRate({
      potential: linearCubic,
      D: 1,
      wellX: 0,
      barrierX: xb,
      brokenX: 1.5 * xb,
      route: 'kramers',
    });
    // At ΔU = 10 D the Kramers formula is good to O(D/ΔU) ~ 10% (docs/conventions.md §1).
    expect(Math.abs(t.logRateAt(0) - k.logRateAt(0))).toBeLessThan(0.15);
    for (const F of [1.3, 4.1, 7.7]) {
      expect(Math.abs(t.logRate(F) - t.logRateAt(F))).toBeLessThan(10 * t.logRateError + 1e-9);
    }
    // The integral over the tabulated rate is insensitive to the table's error: shifting ln k by
    // its error bound moves ⟨F⟩ by less than 1e-8 relative.
    const s = ruptureForceStatistics({
      logRate: t.logRate,
      loadingRate: 1e-3,
      forceEnd: t.cutForce,
    });
    const shifted = ruptureForceStatistics({
      logRate: (F) => t.logRate(F) + t.logRateError,
      loadingRate: 1e-3,
      forceEnd: t.cutForce,
    });
    expect(Math.abs(s.meanForce - shifted.meanForce)).toBeLessThan(1e-8 * s.meanForce);
    expect(s.survivalAtEnd).toBeLessThan(1e-20);
    // and the tabulation is cheap: a few panels of 17 MFPT quadratures
    expect(t.evaluations).toBeLessThan(500);
  });

  it('1/MFPT rises with F past the cut (what bounds the bonds intact there); Kramers’ does not', () => {
    // The bound on the bonds intact at the cut needs k(F) ≥ k(F_cut) beyond the table. Checked
    // on the direct route between the cut and F_c, for a bond and a double well: the exact
    // 1/MFPT rises at every step, and the table says so; the Kramers formula's prefactor
    // √(U″_a|U″_s|) vanishes at F_c and takes its rate below k(F_cut), so it must not say so.
    const doubleWell = potentialFromExpression('x^4/4 - x^2/2');
    for (const [what, potential, D, wellX, barrierX, brokenX] of [
      ['linear-cubic', linearCubic, 1, 0, xb, 1.5 * xb],
      ['double well', doubleWell, 0.05, -1, 0, 1],
    ] as const) {
      const geometry = { potential, D, wellX, barrierX, brokenX };
      const exact = tiltedRate(geometry);
      expect(exact.risesWithForce, what).toBe(true);
      const past = Array.from(
        { length: 9 },
        (_, i) => exact.cutForce + ((i + 1) / 10) * (exact.criticalForce - exact.cutForce),
      );
      let previous = exact.logRateAt(exact.cutForce);
      for (const F of past) {
        const v = exact.logRateAt(F);
        expect(v, `${what}: ln k at F = ${F}`).toBeGreaterThan(previous);
        previous = v;
      }
      const kramers = tiltedRate({ ...geometry, route: 'kramers' });
      expect(kramers.risesWithForce, what).toBe(false);
      const near = exact.criticalForce * (1 - 1e-6);
      expect(kramers.logRateAt(near), what).toBeLessThan(kramers.logRateAt(kramers.cutForce));
    }
  });
});
