import { describe, expect, it } from 'vitest';
import {
  KramersError,
  prepare,
  prepareTransition,
  ROUTES,
  transitionOf,
  varyTransition,
} from '../../src/index.js';
import { guarded } from '../../src/routes/index.js';

// Each closed-form route is the formula of rates/ on the passage's barrier; these tests check the
// wiring (curvatures, ΔU, D, γ, m reach the formula) against closed forms of the seed double well
// U = x⁴/4 − x²/2 (U″ = 2 at the wells, −1 at the top, ΔU = 1/4; docs/conventions.md §1, §3).
const prefactor = Math.SQRT2 / (2 * Math.PI);

describe('routes on the seed double well', () => {
  const t = prepareTransition({ D: 0.05, gamma: 2, mass: 0.5 });

  it('arrhenius, tst, kramers: the closed forms, to rounding', () => {
    expect(ROUTES.arrhenius.run(t).rate).toBeCloseTo(Math.exp(-5), 15);
    // TST (ω_a/2π) e^{−ΔU/D} with ω_a = √(2/m) = 2: the mass reaches it.
    expect(ROUTES.tst.run(t).rate! / ((2 / (2 * Math.PI)) * Math.exp(-5)) - 1).toBeLessThan(1e-14);
    // Kramers √(U″_a|U″_s|)/(2πγ) e^{−ΔU/D}: γ = 2 halves it; the mass does not enter.
    expect(
      Math.abs(ROUTES.kramers.run(t).rate! / ((prefactor / 2) * Math.exp(-5)) - 1),
    ).toBeLessThan(1e-14);
  });

  it('corrected: the factor 1 − D(c_a + c_s) with c_a = c_s = 3/4 for this well', () => {
    const r = ROUTES.corrected.run(t);
    expect(r.correctionFactor).toBeCloseTo(1 - 0.05 * 1.5, 14);
  });

  it('spatial diffusion tends to overdamped Kramers at strong friction and to TST at weak', () => {
    const strong = varyTransition(t, { gamma: 1e4 });
    const sd = ROUTES.spatialDiffusion.run(strong).rate!;
    const od = ROUTES.kramers.run(strong).rate!;
    // Relative difference O((ω_s/η_c)²) = (√2/2e4)² ≈ 5e-9 at η_c = 2e4.
    expect(Math.abs(sd / od - 1)).toBeLessThan(1e-7);
    const weak = varyTransition(t, { gamma: 1e-6 });
    expect(
      Math.abs(ROUTES.spatialDiffusion.run(weak).rate! / ROUTES.tst.run(weak).rate! - 1),
    ).toBeLessThan(1e-5);
  });

  it('the turnover carries the mirror-well recrossing factor; energy diffusion is half the sink rate', () => {
    // At Δ → 0, A(Δ)²/A(2Δ) → Δ/2 (Mel'nikov 1991): the turnover meets energy diffusion, which
    // between mirror wells is (Δ/2)·k_TST. Δ = η_c I_s/D with I_s = 4√m/3.
    const weak = varyTransition(t, { gamma: 1e-5 });
    const mm = ROUTES.melnikovMeshkov.run(weak);
    const ed = ROUTES.energyDiffusion.run(weak);
    expect(mm.energyLoss).toBeCloseTo(((1e-5 / 0.5) * ((4 * Math.sqrt(0.5)) / 3)) / 0.05, 12);
    // Next order of A(Δ) at small Δ is O(√Δ) relative: √(2e-4·…) ≈ 1e-2.
    expect(Math.abs(mm.rate! / ed.rate! - 1)).toBeLessThan(0.02);
  });

  it('closed forms do not apply without a barrier between start and absorbing point', () => {
    const short = transitionOf(prepare({ D: 0.05 }), { fromX: -1, toX: -0.5 });
    for (const key of ['tst', 'kramers', 'corrected', 'melnikovMeshkov'] as const) {
      const r = ROUTES[key].run(short);
      expect(r.retcode).toBe('not_applicable');
      expect(r.rate).toBeNull();
    }
    // The exact route still answers: it needs no barrier.
    expect(ROUTES.exact.run(short).retcode).toBe('success');
  });

  it('spectral and Klein–Kramers are not defined to a chosen point', () => {
    const point = transitionOf(prepare({ D: 0.1 }), { toX: 0.5 });
    expect(ROUTES.spectral.run(point).retcode).toBe('not_applicable');
    expect(ROUTES.kleinKramers.run(point).retcode).toBe('not_applicable');
  });
});

describe('guarded: a numerical route that cannot run does not take the others down', () => {
  it('turns a KramersError into not_converged and an infinite log into a flagged null', () => {
    const failed = guarded('spectral', () => {
      throw new KramersError('invalid_parameter', 'grid overflow');
    });
    expect(failed).toMatchObject({ rate: null, retcode: 'not_converged' });
    expect(failed.warnings[0]).toMatch(/spectral route failed: grid overflow/);
    const infinite = guarded('exact', () => ({
      rate: 0,
      logRate: Number.NEGATIVE_INFINITY,
      error: 0,
      retcode: 'success' as const,
      definition: 'd',
      warnings: [],
    }));
    expect(infinite).toMatchObject({ rate: null, logRate: null, retcode: 'not_converged' });
  });

  it('lets anything but a KramersError through (a bug must not look like a numerical outcome)', () => {
    expect(() =>
      guarded('exact', () => {
        throw new TypeError('bug');
      }),
    ).toThrow(TypeError);
  });
});
