import { describe, expect, it } from 'vitest';
import { fluxDensity, fluxOverPopulationRate, potentialFromExpression } from '../../src/index.js';

const doubleWell = potentialFromExpression('x^4/4 - x^2/2');

describe('fluxDensity: the stationary density with a source at the well and a sink past the barrier', () => {
  it('U = 0: falls linearly from 1 at the source to 0 at the sink (Kramers 1940 with no force)', () => {
    const flat = potentialFromExpression('0*x');
    const x = [-3, -1, -0.5, 0, 0.25, 1, 1.5];
    const r = fluxDensity({ potential: flat, D: 0.3, well: -1, sink: 1, x });
    // Behind the source P is the Boltzmann density (1 for U = 0); at and past the sink it is 0.
    const expected = [1, 1, 0.75, 0.5, 0.375, 0, 0];
    for (const [i, p] of r.density.entries()) {
      expect(p, `x = ${x[i]}`).toBeCloseTo(expected[i]!, 12);
    }
  });

  it('carries one constant flux: −(D/γ)(P′ + U′P/D) equals J of fluxOverPopulationRate', () => {
    // An independent route: the flux from the density by central differences against J from the
    // flux-over-population quadrature. Near the well J is the small difference of D·P′ and U′P
    // (|U′P|/J ≲ 1e3 at x = −0.8), which amplifies the difference error (h²/6)|P‴| ≈ 2e-11 and
    // the rounding 1e-16/h ≈ 1e-11 to ≲ 1e-7 relative: 1e-6 is the tolerance.
    const D = 0.1;
    const h = 1e-5;
    const points = [-0.8, -0.5, -0.2, 0, 0.3, 0.6, 0.9];
    const x = points.flatMap((p) => [p - h, p, p + h]);
    const { density } = fluxDensity({ potential: doubleWell, D, well: -1, sink: 1, x });
    const J = fluxOverPopulationRate({
      potential: doubleWell,
      D,
      well: -1,
      barrier: 0,
      sink: 1,
    }).flux;
    points.forEach((p, i) => {
      const [lo, mid, hi] = [density[3 * i]!, density[3 * i + 1]!, density[3 * i + 2]!];
      const slope = (hi - lo) / (2 * h);
      const flux = -D * (slope + (doubleWell.dU(p) * mid) / D);
      expect(Math.abs(flux / J - 1), `x = ${p}`).toBeLessThan(1e-6);
    });
  });

  it('stays accurate where P is e^{−ΔU/D} small, with an error estimate that bounds it', () => {
    // ΔU/D = 50: P falls to ~e^{−50}/2 at the barrier top and ~e^{−28}·q past it, where q (the
    // chance to return to the source first) is itself tiny: it is integrated in log space, not
    // formed as 1 − π. The mirror problem (source at +1, sink at −1) must give the same numbers at
    // mirrored points, to the quadrature tolerance 1e-10 (1e-9 with the error estimate's slack).
    const D = 0.005;
    const x = [-0.5, 0, 0.5];
    const right = fluxDensity({ potential: doubleWell, D, well: -1, sink: 1, x });
    for (const [i, p] of right.density.entries()) {
      expect(p).toBeGreaterThan(0);
      expect(right.error[i]!).toBeLessThan(1e-8 * p);
    }
    const mirrored = fluxDensity({
      potential: doubleWell,
      D,
      well: 1,
      sink: -1,
      x: [0.5, 0, -0.5],
    });
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(mirrored.density[i]! / right.density[i]! - 1)).toBeLessThan(1e-9);
    }
  });

  it('refuses a sink on the source', () => {
    expect(() => fluxDensity({ potential: doubleWell, D: 0.1, well: 1, sink: 1, x: [0] })).toThrow(
      /sink must differ/,
    );
  });
});
