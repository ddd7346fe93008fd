import { describe, expect, it } from 'vitest';
import { prepare, prepareTransition, ROUTES, rate, transitionOf } from '../../src/index.js';

// The route added by following CONTRIBUTING.md's checklist (formula in exact1d/, one route file,
// one line in ROUTES). Its independent check is the exact 1/MFPT route: the two quadratures share
// nothing but the potential, and they differ only by O(e^{−ΔU/D}) (Hänggi, Talkner & Borkovec 1990).
describe('flux over population as a route', () => {
  it('equals the exact 1/MFPT for a symmetric double well with the sink at the mirror well', () => {
    // Exactly equal there (the inner MFPT integral is the well population for every y past the
    // top, by symmetry); both carry quadrature errors ≲ 1e-13.
    for (const D of [0.05, 0.2]) {
      const t = prepareTransition({ D });
      const j = ROUTES.fluxOverPopulation.run(t);
      const exact = ROUTES.exact.run(t);
      expect(Math.abs(j.rate! / exact.rate! - 1), `D = ${D}`).toBeLessThan(1e-12);
      expect(j.relativeError!).toBeLessThan(1e-9);
    }
  });

  it('into a sink: differs from 1/MFPT by O(e^{−ΔU/D}), shrinking as the barrier grows', () => {
    // x³/3 − x, ΔU = 4/3. The difference is the part of the MFPT's inner integral beyond the top,
    // relative size ~e^{−ΔU/D}; measured 8.5e-7 at ΔU/D = 13.3 (e^{−13.3} = 1.6e-6).
    const gap = (D: number) => {
      const t = prepareTransition({ potential: 'x^3/3 - x', D });
      return Math.abs(ROUTES.fluxOverPopulation.run(t).rate! / ROUTES.exact.run(t).rate! - 1);
    };
    const [g1, g2] = [gap(0.1), gap(0.05)];
    expect(g1).toBeLessThan(Math.exp(-4 / 3 / 0.1));
    expect(g2).toBeLessThan(Math.exp(-4 / 3 / 0.05));
    expect(g2).toBeLessThan(g1 * 1e-3);
  });

  it('does not apply from a free start point or with an absorbing neighbour behind the well', () => {
    const p = prepare({ potential: 'x^6/6 - 5*x^4/4 + 2*x^2', D: 0.1 });
    expect(p.landscape.wells).toHaveLength(3);
    const middle = transitionOf(p, { from: 1, to: 2 });
    expect(middle.geometry.far.kind).toBe('absorbing');
    expect(ROUTES.fluxOverPopulation.run(middle).retcode).toBe('not_applicable');
    const free = transitionOf(p, { fromX: -1.8, to: 1 });
    expect(ROUTES.fluxOverPopulation.run(free).retcode).toBe('not_applicable');
  });

  it('is picked up by rate() from the registry alone, compared against exact', async () => {
    const r = await rate({ D: 0.1, methods: ['exact', 'fluxOverPopulation'] });
    expect(Math.abs(r.methods.fluxOverPopulation!.relativeToExact!)).toBeLessThan(1e-12);
  });
});
