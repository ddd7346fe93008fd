import { describe, expect, it } from 'vitest';
import {
  dhsCriticalForce,
  drawDhsRuptureForces,
  fitDhs,
  type RuptureObservation,
} from '../../src/drive/index.js';
import { openUniform, Xoshiro128 } from '../../src/simulation/index.js';

function synthetic(
  bond: { deltaG: number; xb: number; k0: number; D: number },
  nu: number,
  rates: number[],
  perRate: number,
  seed: number,
): RuptureObservation[] {
  const rng = Xoshiro128.fromSeed(seed);
  const uniform = () => openUniform(rng.s);
  return rates.flatMap((r) =>
    Array.from(drawDhsRuptureForces(bond, nu, r, perRate, uniform), (force) => ({
      loadingRate: r,
      force,
    })),
  );
}

describe('fitDhs: maximum likelihood over the DHS rupture-force density', () => {
  it('inverse-CDF draws follow the DHS survival (Kolmogorov–Smirnov against the closed form)', () => {
    const bond = { deltaG: 15, xb: 0.5, k0: 0.05, D: 1 };
    const r = 10;
    const draws = Array.from(synthetic(bond, 0.5, [r], 4000, 11), (o) => o.force).sort(
      (a, b) => a - b,
    );
    // S(F) = exp(−a(e^{βΔG(1 − u²)} − 1)), a = k0/(βx‡r) (DHS 2006, ν = 1/2).
    const a = bond.k0 / (bond.xb * r);
    const cdf = (F: number) => {
      const u = 1 - (0.5 * F * bond.xb) / bond.deltaG;
      return 1 - Math.exp(-a * Math.expm1(bond.deltaG * (1 - u * u)));
    };
    let ks = 0;
    draws.forEach((F, i) => {
      const c = cdf(F);
      ks = Math.max(ks, Math.abs(c - i / draws.length), Math.abs(c - (i + 1) / draws.length));
    });
    // 1.63/√n is the 1% critical value of the KS statistic; fixed seed, so deterministic.
    expect(ks).toBeLessThan(1.63 / Math.sqrt(draws.length));
    expect(draws.every((F) => F > 0 && F <= dhsCriticalForce(bond, 0.5))).toBe(true);
  });

  it.each([
    { nu: 0.5, seed: 1 },
    { nu: 2 / 3, seed: 2 },
    { nu: 1, seed: 3 },
  ])('recovers ΔG‡, x‡ and k0 within 3 of its standard errors (ν = $nu)', ({ nu, seed }) => {
    const bond = { deltaG: 15, xb: 0.5, k0: 0.05, D: 1 };
    const data = synthetic(bond, nu, [1, 10, 100, 1000], 200, seed);
    const fit = fitDhs({ observations: data, nu });
    expect(fit.retcode).toBe('success');
    for (const [name, truth] of [
      ['deltaG', bond.deltaG],
      ['xb', bond.xb],
      ['k0', bond.k0],
    ] as const) {
      const p = fit[name];
      if (p === null) {
        // Bell's rate has no ΔG‡: nothing to fit, and the fit says so.
        expect(nu).toBe(1);
        continue;
      }
      expect(
        Math.abs(p.value - truth),
        `${name}: fitted ${p.value} ± ${p.stdErr}, true ${truth}`,
      ).toBeLessThan(3 * p.stdErr);
      // and the errors are informative: not the whole parameter range
      expect(p.stdErr).toBeLessThan(0.5 * truth);
      // The 95% profile-likelihood interval holds the estimate and (for these seeds) the truth.
      const [lo, hi] = p.profileCI95;
      expect(lo).toBeLessThan(p.value);
      expect(hi).toBeGreaterThan(p.value);
      expect(lo, `${name} profile CI [${lo}, ${hi}]`).toBeLessThan(truth);
      expect(hi, `${name} profile CI [${lo}, ${hi}]`).toBeGreaterThan(truth);
    }
  });

  it('rejects data it cannot fit', () => {
    expect(() => fitDhs({ observations: [{ loadingRate: 1, force: 1 }] })).toThrow(
      /at least three/,
    );
    expect(() =>
      fitDhs({
        observations: [
          { loadingRate: 1, force: 1 },
          { loadingRate: 0, force: 2 },
          { loadingRate: 1, force: 3 },
        ],
      }),
    ).toThrow(/observations\[1\]\.loadingRate/);
    expect(() =>
      fitDhs({
        observations: [
          { loadingRate: 1, force: 1 },
          { loadingRate: 1, force: -2 },
          { loadingRate: 1, force: 3 },
        ],
      }),
    ).toThrow(/observations\[1\]\.force/);
  });
});
