import { describe, expect, it } from 'vitest';
import { KramersError, type Potential1D } from '../../src/core/index.js';
import { meanFirstPassageTime } from '../../src/exact1d/index.js';
import { gridLadder, gridMfpt, gridSpectrum } from '../../src/multid/index.js';
import {
  prepare,
  prepareND,
  transitionOf,
  transitionOfND,
  varyProblemND,
} from '../../src/problem/index.js';
import { exactNDRoute, ND_ROUTES, ROUTES, spectralNDRoute } from '../../src/routes/index.js';
import { smoluchowskiSpectrum, twoStateGapWarnings } from '../../src/spectral/index.js';
import { spectrumND } from '../../src/studies/index.js';
import { readFixture } from '../support/fixtures.js';

const doubleWell: Potential1D = {
  U: (x) => x ** 4 / 4 - x ** 2 / 2,
  dU: (x) => x ** 3 - x,
  d2U: (x) => 3 * x * x - 1,
  d3U: (x) => 6 * x,
  d4U: () => 6,
  description: 'x^4/4 - x^2/2',
  derivatives: 'supplied',
};
const harmonic: Potential1D = {
  U: (y) => (y * y) / 2,
  dU: (y) => y,
  d2U: () => 1,
  d3U: () => 0,
  d4U: () => 0,
  description: 'y^2/2',
  derivatives: 'supplied',
};
const BOX = [
  { min: -2, max: 2 },
  { min: -1.5, max: 1.5 },
];
const separable = (x: number, y: number) => doubleWell.U(x) + harmonic.U(y);

describe('exact 2-D MFPT on grids (detailed-balance scheme, Richardson)', () => {
  // U(x, y) = u(x) + y²/2 with the target a half-plane x ≥ b: T does not depend on y and equals
  // the 1-D MFPT from x0 to b with a reflecting wall at −2 (Pontryagin's quadrature, 1e-10).
  // b = 0.93 and 0.7 fall between grid lines, so the cut-cell stencil is exercised.
  for (const [D, b] of [
    [0.1, 0.93],
    [0.05, 0.7],
    [0.2, -0.3],
  ] as const) {
    it(`separable potential equals the 1-D exact MFPT (D = ${D}, target x ≥ ${b})`, () => {
      const ref = meanFirstPassageTime({
        potential: doubleWell,
        D,
        start: -1,
        absorbing: b,
        reflecting: -2,
      });
      const r = gridMfpt(
        { U: separable, D, gamma: 1, box: BOX, target: (x) => x >= b },
        [-1, 0.1],
        gridLadder(4, 3, 126),
        1e-4,
      );
      const actual = Math.abs(r.mfpt - ref.mfpt);
      expect(actual).toBeLessThanOrEqual(r.error);
      expect(r.relativeError).toBeLessThan(1e-4);
      expect(r.retcode).toBe('success');
    });
  }

  it('times scale as γ', () => {
    const at = (gamma: number) =>
      gridMfpt(
        { U: separable, D: 0.1, gamma, box: BOX, target: (x) => x >= 0.5 },
        [-1, 0],
        gridLadder(4, 3, 60),
        1,
      ).mfpt;
    expect(at(3) / at(1)).toBeCloseTo(3, 12);
  });

  it('a coupled potential against central differences + scipy spsolve (test/fixtures/exact2d_coupled.py)', () => {
    const ref = readFixture<{
      expression: string;
      box: [number, number][];
      D: number;
      start: [number, number];
      region: string;
      mfpt: number;
      errorBound: number;
    }>('exact2d_coupled.json');
    const p = prepareND({
      potential: ref.expression,
      domain: ref.box.map(([min, max]) => ({ min, max })),
      D: ref.D,
    });
    const t = transitionOfND(p, { fromX: ref.start, toRegion: ref.region });
    const r = exactNDRoute.run(t);
    if (!('mfpt' in r)) throw new Error('no MFPT');
    expect(r.retcode).toBe('success');
    // Our error plus the reference's own bound (its Richardson correction) covers the difference.
    expect(Math.abs(r.mfpt - ref.mfpt)).toBeLessThanOrEqual(r.mfptError + ref.errorBound);
    expect(Math.abs(r.mfpt - ref.mfpt) / ref.mfpt).toBeLessThan(1e-4);
  });

  it("Langer's rate over exact 1/MFPT tends to 1 linearly in D/ΔU", () => {
    // Symmetric double well in x, harmonic in y: ΔU = 1/4. The MFPT from one minimum into the
    // core of the other is ≈ 1/k (docs/conventions.md §0); Langer's error is O(D/ΔU).
    const base = prepareND({ potential: 'x^4/4 - x^2/2 + y^2/2', domain: BOX, D: 0.05 });
    const rows = [0.05, 0.025, 0.0125].map((D) => {
      const t = transitionOfND(varyProblemND(base, { D }), { from: 0, to: 1 });
      // 1e-3 is plenty for a deviation of 2–10%; the default grid keeps each solve to seconds.
      const exact = exactNDRoute.run(t, { grid: 126, tolerance: 1e-3 });
      const langer = ND_ROUTES.langer.run(t);
      return { x: D / 0.25, deviation: langer.rate! / exact.rate! - 1 };
    });
    const slopes = rows.map((r) => r.deviation / r.x);
    // Linear: the slope (r − 1)/(D/ΔU) changes by less than a quarter when D/ΔU halves twice
    // (the next order is O((D/ΔU)²), 5–20% of the first at these D).
    expect(Math.abs(slopes[2]! / slopes[1]! - 1)).toBeLessThan(0.15);
    expect(Math.abs(slopes[1]! / slopes[0]! - 1)).toBeLessThan(0.25);
    expect(Math.abs(rows[2]!.deviation)).toBeLessThan(0.05);
  }, 60_000);
});

describe('2-D Smoluchowski spectrum on grids', () => {
  it('a separable potential: the eigenvalues are sums of the 1-D ones (an independent 1-D solver)', () => {
    const D = 0.1;
    const sx = smoluchowskiSpectrum({ potential: doubleWell, D, gamma: 1, n: 5, domain: BOX[0]! });
    const sy = smoluchowskiSpectrum({ potential: harmonic, D, gamma: 1, n: 5, domain: BOX[1]! });
    const sums = sx.eigenvalues
      .flatMap((a) => sy.eigenvalues.map((b) => a + b))
      .sort((a, b) => a - b);
    const r = gridSpectrum({ U: separable, D, gamma: 1, box: BOX }, gridLadder(4, 3, 80), 5, 1e-4);
    expect(r.eigenvalues[0]).toBeLessThan(1e-12);
    for (let j = 1; j < 5; j++) {
      // Each error is the Richardson estimate; the 1-D spectra are good to ~1e-10.
      expect(Math.abs(r.eigenvalues[j]! - sums[j]!)).toBeLessThanOrEqual(r.errors[j]!);
      expect(r.errors[j]! / sums[j]!).toBeLessThan(1e-4);
    }
  });

  it('Müller–Brown at low kT: λ1 from the grid against the slowest rate of the Langer network', () => {
    const mb = readFixture<{ expression: string }>('mueller_brown.json');
    const box = [
      { min: -1.5, max: 1.2 },
      { min: -0.2, max: 2 },
    ];
    const deviations = [4, 2].map((D) => {
      const report = spectrumND({
        potential: mb.expression,
        domain: box,
        D,
        n: 3,
        tolerance: 1e-3,
      });
      const lambda1 = report.slowestRelaxationRate!;
      expect(report.errors[1]! / lambda1).toBeLessThan(1e-3);
      return report.network!.relaxationRates[0]! / lambda1 - 1;
    });
    // The network is harmonic (Langer): its error is O(D/ΔU), ΔU/D ≈ 9–26 here (8% and 4%
    // measured); halving D about halves it.
    expect(Math.abs(deviations[0]!)).toBeLessThan(0.12);
    expect(Math.abs(deviations[1]!)).toBeLessThan(0.65 * Math.abs(deviations[0]!));
  }, 60_000);
});

describe('the spectral route in two coordinates', () => {
  it('a symmetric separable double well: λ1·p_b = λ1(x)/2 of the independent 1-D spectrum', () => {
    // U = u(x) + y²/2: the slowest mode lives in x alone (the y modes start at ≈ 1), and by
    // symmetry p_b = 1/2, so k = λ1(x)/2 with λ1(x) from the 1-D solver with reflecting walls.
    const D = 0.1;
    const sx = smoluchowskiSpectrum({ potential: doubleWell, D, gamma: 1, n: 3, domain: BOX[0]! });
    const p = prepareND({ potential: 'x^4/4 - x^2/2 + y^2/2', domain: BOX, D });
    const r = spectralNDRoute.run(transitionOfND(p, { from: 0, to: 1 }), { grid: 80 });
    if (!('lambda1' in r)) throw new Error('not applicable');
    expect(r.retcode).toBe('success');
    const k = sx.eigenvalues[1]! / 2;
    expect(Math.abs(r.rate! - k)).toBeLessThanOrEqual(r.error!);
    expect(r.relativeError!).toBeLessThan(1e-4);
  }, 30_000);

  it('each definition says which p_b it uses: plateaus in 2-D, the basin mass in 1-D', () => {
    // They differ by O(e^{−ΔU/D}): 0.31% for x⁴/4 − x²/2 + 0.1x at D = 0.05 (55× the 2-D error),
    // so a reader comparing the two routes must know which population each multiplies λ1 by.
    const p = prepareND({ potential: 'x^4/4 - x^2/2 + y^2/2', domain: BOX, D: 0.1 });
    const nd = spectralNDRoute.run(transitionOfND(p, { from: 0, to: 1 }), { grid: 40 });
    expect(nd.definition).toMatch(/p_b = c_a\/\(c_a − c_b\) .*plateaus.*O\(e\^\{−ΔU\/D\}\)/);
    const one = ROUTES.spectral.run(transitionOf(prepare({ D: 0.1 }), {}));
    expect(one.definition).toMatch(
      /p_b the Boltzmann mass of the target basin.*O\(e\^\{−ΔU\/D\}\)/,
    );
  });

  it("λ2/λ1 below 10 (D = 0.2): the 1-D spectrum's warning, and the gap from the separable 1-D spectra", () => {
    // U = u(x) + y²/2 is separable, so the 2-D eigenvalues are sums of 1-D ones (independent 1-D
    // solver): λ1 = μ1(x), λ2 = min(μ2(x), ν1(y)). At D = 0.2 (ΔU/D = 1.25) that is 7.5: the rate
    // λ1·p_b is 23% off 1/MFPT here (`kramers rate … --D 0.2`), so it must say so.
    const D = 0.2;
    const sx = smoluchowskiSpectrum({ potential: doubleWell, D, gamma: 1, n: 3, domain: BOX[0]! });
    const sy = smoluchowskiSpectrum({ potential: harmonic, D, gamma: 1, n: 2, domain: BOX[1]! });
    const gap = Math.min(sx.eigenvalues[2]!, sy.eigenvalues[1]!) / sx.eigenvalues[1]!;
    const p = prepareND({ potential: 'x^4/4 - x^2/2 + y^2/2', domain: BOX, D });
    const r = spectralNDRoute.run(transitionOfND(p, { from: 0, to: 1 }), { grid: 80 });
    if (!('lambda1' in r)) throw new Error('not applicable');
    // Both eigenvalues to the grid's 1e-4 relative tolerance: the ratio to 3e-4.
    expect(Math.abs(r.gap! / gap - 1)).toBeLessThan(3e-4);
    expect(gap).toBeLessThan(10);
    // The same words as the 1-D route, from the one helper.
    expect(r.warnings).toEqual(twoStateGapWarnings(gap));
    expect(r.warnings[0]).toMatch(/^λ2\/λ1 = 7\.\d: no clean separation of time scales/);
    expect(sx.warnings.some((w) => w.startsWith('λ2/λ1 = '))).toBe(true);
    // `spectrum` reports λ1 as the slowest rate: the same warning there.
    const report = spectrumND(p, { n: 3, grid: 80 } as never);
    expect(report.warnings).toContain(r.warnings[0]);
  }, 60_000);

  it('λ2/λ1 above 10 (D = 0.1): no warning', () => {
    const p = prepareND({ potential: 'x^4/4 - x^2/2 + y^2/2', domain: BOX, D: 0.1 });
    const r = spectralNDRoute.run(transitionOfND(p, { from: 0, to: 1 }), { grid: 80 });
    if (!('lambda1' in r)) throw new Error('not applicable');
    expect(r.gap!).toBeGreaterThan(10);
    expect(r.warnings).toEqual([]);
  }, 30_000);

  it('is not applicable into a region or with three minima', () => {
    const p = prepareND({ potential: 'x^4/4 - x^2/2 + y^2/2', domain: BOX, D: 0.1 });
    const r = spectralNDRoute.run(transitionOfND(p, { from: 0, toRegion: 'x >= 1' }));
    expect(r.retcode).toBe('not_applicable');
  });
});

describe('bad input for the grid routes', () => {
  const p = prepareND({ potential: 'x^4/4 - x^2/2 + y^2/2', domain: BOX, D: 0.1 });
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (e instanceof KramersError) return e.code;
      throw e;
    }
    return 'no error';
  };

  it('a target region empty in the box', () => {
    const t = transitionOfND(p, { from: 0, toRegion: 'x >= 3' });
    expect(code(() => exactNDRoute.run(t))).toBe('no_finite_mfpt');
  });

  it('a start outside the box, or inside the target', () => {
    expect(code(() => transitionOfND(p, { fromX: [3, 0], toRegion: 'x >= 1' }))).toBe(
      'invalid_parameter',
    );
    expect(code(() => transitionOfND(p, { fromX: [1.5, 0], toRegion: 'x >= 1' }))).toBe(
      'invalid_parameter',
    );
  });

  it('a potential not finite in the box', () => {
    expect(() =>
      gridMfpt(
        { U: (x) => Math.log(x), D: 0.1, gamma: 1, box: BOX, target: (x) => x >= 1 },
        [-1, 0],
        gridLadder(4, 3, 40),
        1e-4,
      ),
    ).toThrow(KramersError);
  });

  it('a grid past the budget is refused before any work', () => {
    const t = transitionOfND(p, { from: 0, to: 1 });
    expect(code(() => exactNDRoute.run(t, { grid: 2001, budgetSeconds: 60 }))).toBe('over_budget');
    expect(code(() => spectrumND(p, { grid: 2001, budgetSeconds: 60 } as never))).toBe(
      'over_budget',
    );
  });

  it('3-D, inertial dynamics and a friction matrix are not applicable (with the reason)', () => {
    const p3 = prepareND({
      potential: 'x^4/4 - x^2/2 + y^2/2 + z^2/2',
      domain: [...BOX, { min: -1, max: 1 }],
      D: 0.1,
    });
    const r3 = exactNDRoute.run(transitionOfND(p3, { from: 0, to: 1 }));
    expect(r3.retcode).toBe('not_applicable');
    expect(r3.warnings[0]).toMatch(/3-D/);
    const pm = prepareND({
      potential: 'x^4/4 - x^2/2 + y^2/2',
      domain: BOX,
      D: 0.1,
      gamma: [2, 0.5, 0.5, 1],
    });
    expect(exactNDRoute.run(transitionOfND(pm, { from: 0, to: 1 })).retcode).toBe('not_applicable');
  });
});
