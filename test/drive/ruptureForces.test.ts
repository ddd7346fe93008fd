import { describe, expect, it } from 'vitest';
import {
  bellEvansLogRate,
  bellEvansMeanForce,
  dhsApproximateForce,
  dhsCriticalForce,
  dhsIntegratedHazard,
  dhsLogRate,
  ruptureForceStatistics,
  scaledExponentialIntegral,
} from '../../src/drive/index.js';
import { expectClose, readFixture } from '../support/fixtures.js';

interface Case {
  nu: number;
  deltaG: number;
  xb: number;
  k0: number;
  D: number;
  loadingRate: number;
  meanForce: number;
  sdForce: number;
  survivalAtCritical: number;
}
const fixture = readFixture<{ cases: Case[] }>('rupture_forces.json');
/** The same moments over r = 1e-9 … 1e3 for ν = 1/2, 2/3, 1 (slow pulls: ⟨F⟩ ≈ r/k0). */
const sweep = readFixture<{ cases: Case[] }>('rupture_forces_rates.json');

describe('Dudko–Hummer–Szabo rate', () => {
  const bond = { deltaG: 12, xb: 0.7, k0: 0.02, D: 1.3 };
  it('ν = 1 is Bell–Evans at every force', () => {
    for (const F of [0, 0.5, 3, 17, 40]) {
      // Same formula through two code paths: rounding only.
      expectClose(dhsLogRate(bond, 1, F), bellEvansLogRate(bond, F), 1e-14, `F = ${F}`);
    }
    expect(dhsCriticalForce(bond, 1)).toBe(Number.POSITIVE_INFINITY);
  });
  it('ν → 1 approaches Bell–Evans (the limit is continuous, not a special case)', () => {
    // (1 − νFx/ΔG)^{1/ν} → 1 − Fx/ΔG: the difference is O(1 − ν).
    const F = 5;
    const gap = (nu: number) => Math.abs(dhsLogRate(bond, nu, F) - bellEvansLogRate(bond, F));
    expect(gap(0.999)).toBeLessThan(gap(0.99) / 5);
    expect(gap(0.9999)).toBeLessThan(1e-2 * gap(0.99) * 1.5);
  });
  it('stays accurate when F x‡ ≪ ΔG‡ (no cancellation in 1 − u^{1/ν})', () => {
    // ΔG‡ = 1e12: DHS differs from Bell by O(F x‡/ΔG‡) = 1e-12 in ln k; a plain 1 − u² would
    // carry rounding of ΔG‡·1e-16 = 1e-4.
    const huge = { deltaG: 1e12, xb: 1, k0: 1, D: 1 };
    for (const nu of [0.5, 2 / 3]) {
      expect(Math.abs(dhsLogRate(huge, nu, 3) - bellEvansLogRate(huge, 3))).toBeLessThan(1e-10);
      expectClose(dhsIntegratedHazard(huge, nu, 1, 3), Math.expm1(3), 1e-10, `hazard ν = ${nu}`);
    }
  });
  it('the closed-form hazard is the integral of the rate', () => {
    // Independent check of H(F) = ∫0^F k: composite Simpson with 20000 intervals, error ~1e-12.
    for (const nu of [0.5, 2 / 3]) {
      const F = 0.8 * dhsCriticalForce(bond, nu);
      const n = 20000;
      const h = F / n;
      let s = 0;
      for (let i = 0; i <= n; i++) {
        const w = i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2;
        s += w * Math.exp(dhsLogRate(bond, nu, i * h));
      }
      expectClose(dhsIntegratedHazard(bond, nu, 1, F), (s * h) / 3, 1e-10, `ν = ${nu}`);
    }
  });
  it('vanishes at the critical force and is NaN beyond (documented), finite below', () => {
    const Fc = dhsCriticalForce(bond, 0.5);
    expect(Fc).toBeCloseTo(12 / (0.5 * 0.7), 12);
    expect(Number.isFinite(dhsLogRate(bond, 0.5, 0.999 * Fc))).toBe(true);
    expect(dhsLogRate(bond, 0.5, 1.0001 * Fc)).toBeNaN();
  });
  it('rejects ν outside (0, 1] and non-positive parameters', () => {
    expect(() => dhsLogRate(bond, 0, 1)).toThrow(/nu must be in/);
    expect(() => dhsLogRate(bond, 1.5, 1)).toThrow(/nu must be in/);
    expect(() => dhsLogRate({ ...bond, xb: 0 }, 0.5, 1)).toThrow(/xb must be/);
    expect(() => dhsLogRate({ ...bond, xb: -1 }, 0.5, 1)).toThrow(/xb must be/);
    expect(() => dhsLogRate({ ...bond, deltaG: Number.NaN }, 0.5, 1)).toThrow(/deltaG/);
  });
});

/** The quadrature's moments for one DHS case of a fixture (its bond, ν and loading rate). */
function dhsStatistics(c: {
  deltaG: number;
  xb: number;
  k0: number;
  D: number;
  nu: number;
  loadingRate: number;
}) {
  const bond = { deltaG: c.deltaG, xb: c.xb, k0: c.k0, D: c.D };
  return ruptureForceStatistics({
    logRate: (F) => dhsLogRate(bond, c.nu, F),
    loadingRate: c.loadingRate,
    forceEnd: dhsCriticalForce(bond, c.nu),
  });
}

describe('rupture-force moments by quadrature', () => {
  it.each(fixture.cases)(
    'ν = $nu, ΔG = $deltaG, x‡ = $xb, k0 = $k0, D = $D, r = $loadingRate against mpmath',
    (c) => {
      const stats = dhsStatistics(c);
      expect(stats.retcode).toBe('success');
      // The reported error is a bound: it covers the true error as it stands, no margin added.
      const meanError = Math.abs(stats.meanForce - c.meanForce);
      const sdError = Math.abs(stats.sdForce - c.sdForce);
      expect(meanError).toBeLessThanOrEqual(stats.meanForceError);
      expect(sdError).toBeLessThanOrEqual(stats.sdForceError);
      // and the grid of 4096 intervals is accurate to 1e-8 relative on these cases.
      expectClose(stats.meanForce, c.meanForce, 1e-8, 'mean');
      expectClose(stats.sdForce, c.sdForce, 1e-7, 'sd');
    },
  );

  it.each(sweep.cases)(
    'ν = $nu, ΔG = $deltaG, k0 = $k0, r = $loadingRate: resolved at any loading rate (mpmath)',
    (c) => {
      const stats = dhsStatistics(c);
      // A lower bound (no ±, below) is no value of ⟨F⟩: not_converged exactly then.
      expect(stats.retcode).toBe(Number.isNaN(stats.meanForceError) ? 'not_converged' : 'success');
      // Measured: at most 7.7e-10 relative (the exponential law of slow pulls on 4096 intervals);
      // 1e-8 leaves a factor 13. At r = 1e-7 the first fix-less grid was 8× off.
      expectClose(stats.meanForce, c.meanForce, 1e-8, 'mean');
      expectClose(stats.sdForce, c.sdForce, 1e-8, 'sd');
      if (c.survivalAtCritical > 1e-3) {
        // Cut off at F_c: ⟨F⟩ counts the survivors there (the fixture's convention too), a lower
        // bound of the uncut mean, so no ± is given.
        expect(stats.meanForceError).toBeNaN();
        expect(stats.sdForceError).toBeNaN();
        expect(stats.warnings.join(' ')).toMatch(/lower bound/);
      } else {
        // The error is a bound with room to spare: measured true/bound ≤ 0.067 over this sweep, so
        // a factor 5 is asked for (a Richardson estimate |m1 − m2|/15 sat at 0.99 here and fails).
        expect(Math.abs(stats.meanForce - c.meanForce)).toBeLessThanOrEqual(
          stats.meanForceError / 5,
        );
        expect(Math.abs(stats.sdForce - c.sdForce)).toBeLessThanOrEqual(stats.sdForceError / 5);
        // and it is no empty bound: measured ≤ 1.2e-8 relative (15× the true error of slow pulls).
        expect(stats.meanForceError).toBeLessThan(1e-7 * c.meanForce);
      }
    },
  );

  it('Bell–Evans mean from the closed form e^a E1(a) at loading rates over 13 decades', () => {
    const bond = { deltaG: 10, xb: 0.4, k0: 0.05, D: 1.1 };
    // r = 1e-40 and 1e-200: the range is halved down to ⟨F⟩ ≈ r/k0 (a zoom of 8 passes alone
    // stops at 4096^-8 of the first range and failed at 1e-40).
    for (const r of [1e-200, 1e-40, 1e-9, 1e-7, 1e-4, 1e-2, 1, 1e2, 1e4]) {
      const stats = ruptureForceStatistics({
        logRate: (F) => bellEvansLogRate(bond, F),
        loadingRate: r,
      });
      // e^a E1(a) to ~1e-15 (series / continued fraction): the quadrature's own bound must hold.
      const closed = bellEvansMeanForce(bond, r);
      expect(Math.abs(stats.meanForce - closed), `r = ${r}`).toBeLessThanOrEqual(
        stats.meanForceError,
      );
      expectClose(stats.meanForce, closed, 1e-8, `r = ${r}`);
      // Gumbel spread π/√6 · k_BT/x‡ once the bond is pulled much faster than it escapes
      // (a = k0 k_BT/(x‡ r) = 1.4e-5: the cut of the exponential left tail at F = 0 changes the
      // variance by O(a ln²a) ~ 1e-3; at a = 1.4e-3 it is still 2%).
      if (r >= 1e4) expectClose(stats.sdForce, (Math.PI / Math.sqrt(6)) * (1.1 / 0.4), 1e-3, 'sd');
    }
  });

  it('beyond the range of doubles (k(0)/r > e^600) says so instead of a number', () => {
    const bond = { deltaG: 10, xb: 0.4, k0: 0.05, D: 1.1 };
    const stats = ruptureForceStatistics({
      logRate: (F) => bellEvansLogRate(bond, F),
      loadingRate: 1e-280,
    });
    expect(stats.retcode).toBe('not_converged');
    expect(stats.warnings.join(' ')).toMatch(/out of range/);
  });

  it('a distribution far narrower than its distance from F = 0 is zoomed in on, not lost', () => {
    // ln k = s(F − 1), r = 1: Bell's law shifted to F = 1 with x‡/k_BT = s, so
    // ⟨F⟩ − 1 = (1/s)[e^a E1(a) − O(1/s)], a = 1/s (the O(1/s) is the bonds gone before F = 1,
    // ∫0^1 (1 − S) ≈ 1/s²). The width 1/s is 1e-6 … 1e-8 of a range of ~1: one coarse cell.
    for (const s of [1e6, 1e8]) {
      const stats = ruptureForceStatistics({ logRate: (F) => s * (F - 1), loadingRate: 1 });
      expect(stats.retcode, `s = ${s}`).toBe('success');
      const expected = 1 + (scaledExponentialIntegral(1 / s) - 1 / s) / s;
      // The bound is honest here too; and ⟨F⟩ is right to 1e-8 (measured 3.4e-10 at s = 1e8).
      expect(Math.abs(stats.meanForce - expected), `s = ${s}`).toBeLessThanOrEqual(
        stats.meanForceError,
      );
      expectClose(stats.meanForce, expected, 1e-8, `s = ${s}`);
    }
  });

  it('the DHS approximate closed forms agree with the quadrature where they hold', () => {
    // Gumbel-asymptotic forms: errors O(a) and O(1/βΔG(F)); at ΔG = 20 k_BT and a ≤ 1e-3 the
    // mean agrees to 1% and the SD to 5%.
    const bond = { deltaG: 20, xb: 0.5, k0: 0.01, D: 1 };
    for (const nu of [0.5, 2 / 3, 1]) {
      for (const r of [10, 100]) {
        const approx = dhsApproximateForce(bond, nu, r);
        const stats = ruptureForceStatistics({
          logRate: (F) => dhsLogRate(bond, nu, F),
          loadingRate: r,
          forceEnd: dhsCriticalForce(bond, nu),
        });
        expectClose(approx.meanForce, stats.meanForce, 0.01, `mean ν = ${nu}, r = ${r}`);
        expectClose(approx.sdForce, stats.sdForce, 0.05, `sd ν = ${nu}, r = ${r}`);
      }
    }
  });

  it('reports the bonds still intact at the critical force', () => {
    // Pulled so fast that the barrier is gone before a thermal escape: DHS survival at F_c from
    // the closed form, S(F_c) = exp(−a(e^{βΔG} − 1)).
    const bond = { deltaG: 3, xb: 1, k0: 1, D: 1 };
    const r = 1e3;
    const stats = ruptureForceStatistics({
      logRate: (F) => dhsLogRate(bond, 0.5, F),
      loadingRate: r,
      forceEnd: dhsCriticalForce(bond, 0.5),
    });
    const expected = Math.exp(-dhsIntegratedHazard(bond, 0.5, r, 6));
    expectClose(stats.survivalAtEnd, expected, 1e-8, 'survival at F_c');
    expect(stats.warnings.join(' ')).toMatch(/still intact/);
    // ⟨F⟩ is a lower bound then: no quadrature ± that would read as its precision, and no
    // converged value (a number printed `≥` is not one), with the way out in the warning.
    expect(stats.meanForceError).toBeNaN();
    expect(stats.retcode).toBe('not_converged');
    expect(stats.warnings.join(' ')).toMatch(/lower bound .*not converged: pull more slowly/);
    // Given by the caller, the remedy is the caller's.
    const own = ruptureForceStatistics({
      logRate: (F) => dhsLogRate(bond, 0.5, F),
      loadingRate: r,
      forceEnd: dhsCriticalForce(bond, 0.5),
      remedy: 'widen it',
    });
    expect(own.warnings.join(' ')).toMatch(/not converged: widen it$/);
  });
});

describe('bonds intact at the end, with a rate that only rises past it (rateBeyondEnd)', () => {
  // Bell's bond in k_BT units: ln k = F (k0 = 1, x‡ = 1), rising at every F. Cut at forceEnd with
  // rateBeyondEnd = k(forceEnd), the survivors' share is bounded; the uncut distribution is the
  // independent route: ⟨F⟩ from the closed form e^a E1(a), the SD from mpmath (the fixture).
  const bond = { deltaG: 8, xb: 1, k0: 1, D: 1 };
  const r = 100;
  const full = sweep.cases.find((c) => c.nu === 1 && c.deltaG === 8 && c.loadingRate === r)!;
  const cut = (end: number, logRate = (F: number) => bellEvansLogRate(bond, F)) =>
    ruptureForceStatistics({
      logRate,
      loadingRate: r,
      forceEnd: end,
      rateBeyondEnd: Math.exp(logRate(end)),
    });

  it('a few bonds intact (S = 1e-5): a value ± error that covers the uncut moments, success', () => {
    // H(F)/r = (e^F − 1)/r = 11.5 at F = 7.05: S(end) ≈ 1e-5. Before: ⟨F⟩ a lower bound, NaN ±.
    const stats = cut(7.05);
    expect(stats.survivalAtEnd).toBeGreaterThan(1e-6);
    const closed = bellEvansMeanForce(bond, r);
    expect(Math.abs(stats.meanForce - closed)).toBeLessThanOrEqual(stats.meanForceError);
    expect(Math.abs(stats.sdForce - full.sdForce)).toBeLessThanOrEqual(stats.sdForceError);
    // The bound is S·r/k(end) ≈ 1e-5 × 0.087 wide: a value to 1e-6, not a bound in name only.
    expect(stats.meanForceError).toBeLessThan(1e-6 * closed);
    expect(stats.retcode).toBe('success');
    expect(stats.warnings.join(' ')).not.toMatch(/lower bound/);
  });

  it('many bonds intact (S = 0.3): still covered, but loose: not_converged with the remedy', () => {
    // (e^F − 1)/r = 1.2 at F = 4.8: S(end) ≈ 0.3, the bound r/k(end)·S ≈ 0.25 wide.
    const stats = cut(4.8);
    expect(stats.survivalAtEnd).toBeGreaterThan(0.2);
    const closed = bellEvansMeanForce(bond, r);
    expect(Math.abs(stats.meanForce - closed)).toBeLessThanOrEqual(stats.meanForceError);
    expect(Math.abs(stats.sdForce - full.sdForce)).toBeLessThanOrEqual(stats.sdForceError);
    expect(Number.isFinite(stats.meanForceError)).toBe(true);
    expect(stats.retcode).toBe('not_converged');
    expect(stats.warnings.join(' ')).toMatch(/still intact .*not converged: pull more slowly/);
  });

  it('a rate that stays at k(end) past it (the extreme the bound allows) lies inside the error', () => {
    // ln k = min(F, end): exactly the slowest tail the bound admits, so the true ⟨F⟩ is the top
    // of the interval (the midpoint + half its width). Uncut, with its own quadrature error (the
    // kink at `end` costs accuracy, which its error bound reports).
    for (const end of [4.8, 7.05]) {
      const clamped = (F: number) => Math.min(F, end);
      const stats = cut(end, clamped);
      const uncut = ruptureForceStatistics({ logRate: clamped, loadingRate: r });
      expect(uncut.retcode).toBe('success');
      expect(Math.abs(stats.meanForce - uncut.meanForce), `end = ${end}`).toBeLessThanOrEqual(
        stats.meanForceError + uncut.meanForceError,
      );
      expect(Math.abs(stats.sdForce - uncut.sdForce), `sd, end = ${end}`).toBeLessThanOrEqual(
        stats.sdForceError + uncut.sdForceError,
      );
      // At S = 0.3 the true mean sits at the interval's edge: the half-width is no looser than
      // it must be (within 1% of it), which a bound of the wrong size would miss.
      if (end === 4.8) {
        expect(stats.meanForceError).toBeLessThan(
          1.01 * Math.abs(stats.meanForce - uncut.meanForce),
        );
      }
    }
  });

  it('a bound too wide for doubles falls back to the lower bound, never Infinity', () => {
    // r/k_e = 1e202: the SD's bound (∝ (r/k_e)²) overflows; before this guard it printed ∞.
    const stats = ruptureForceStatistics({
      logRate: (F) => F,
      loadingRate: r,
      forceEnd: 4.8,
      rateBeyondEnd: 1e-200,
    });
    expect(Number.isFinite(stats.meanForce) && Number.isFinite(stats.sdForce)).toBe(true);
    expect(stats.meanForceError).toBeNaN();
    expect(stats.retcode).toBe('not_converged');
    expect(stats.warnings.join(' ')).toMatch(/lower bound/);
  });

  it('refuses a rateBeyondEnd that is no positive rate', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() =>
        ruptureForceStatistics({
          logRate: (F) => F,
          loadingRate: r,
          forceEnd: 5,
          rateBeyondEnd: bad,
        }),
      ).toThrow(/rateBeyondEnd/);
    }
  });
});
