/**
 * Macroscopic quantum tunnelling out of a cubic well (Caldeira & Leggett 1983), each piece of the
 * formula against a route that does not use it (test/fixtures/quantum_tunnelling.py): the WKB
 * bounce action by quadrature, the Ohmic term of the Euclidean action on the bounce by a
 * two-dimensional quadrature, and the exact resonance widths of the cubic oscillator by complex
 * scaling.
 */
import { describe, expect, it } from 'vitest';
import {
  cubicTunnellingRate,
  MIN_BARRIER_TO_QUANTUM,
  OHMIC_DAMPING_COEFFICIENT,
} from '../../src/rates/index.js';
import { expectClose, readFixture } from '../support/fixtures.js';

interface Fixture {
  bounceAction: number;
  dampingCoefficient: number;
  dampingClosedForm: number;
  widths: {
    deltaUOverHbarOmega: number;
    width: number;
    thetaSpread: number;
  }[];
}
const fixture = readFixture<Fixture>('quantum_tunnelling.json');

describe('cubic-well tunnelling rate (Caldeira & Leggett 1983)', () => {
  it('the exponent 36ΔU/5ħω is the WKB action under the cubic barrier (mpmath, 30 digits)', () => {
    const { exponent } = cubicTunnellingRate({ wellCurvature: 1, deltaU: 1, hbar: 1 });
    // Both are 36/5 to rounding: the quadrature of 2∫√(2V)dq/ΔU printed as 7.2.
    expectClose(exponent, fixture.bounceAction, 1e-15, 'B/ΔU');
  });

  it('the damping term 0.8723/Q is the Ohmic action on the undamped bounce (2-D quadrature)', () => {
    // The 2-D real-time quadrature agrees with 45ζ(3)/2π³ to its 15-digit working precision.
    expectClose(OHMIC_DAMPING_COEFFICIENT, fixture.dampingCoefficient, 1e-13, '45ζ(3)/2π³');
    const Q = 20;
    // m = ω = 1: γ = 1/Q.
    const damped = cubicTunnellingRate({ wellCurvature: 1, deltaU: 3, hbar: 1, gamma: 1 / Q });
    expect(damped.quality).toBeCloseTo(Q, 12);
    expectClose(damped.exponent, 7.2 * 3 * (1 + fixture.dampingClosedForm / Q), 1e-14, 'B/ħ');
  });

  it('prefactor: complex-scaling widths of p²/2 + x²/2 − gx³ approach the formula as ħω/ΔU → 0', () => {
    const ratios = fixture.widths.map((w) => {
      // θ-independence of the numerical widths (two angles) bounds their own error.
      expect(w.thetaSpread).toBeLessThan(1e-4);
      const r = cubicTunnellingRate({ wellCurvature: 1, deltaU: w.deltaUOverHbarOmega, hbar: 1 });
      return { x: w.deltaUOverHbarOmega, ratio: w.width / r.rate! };
    });
    for (const { x, ratio } of ratios) {
      // The leading semiclassical order is high by (169/16)g² = 0.196 ħω/ΔU (the cubic
      // oscillator's first correction) plus higher orders: measured 1 − ratio = (0.21…0.27)/x.
      expect((1 - ratio) * x).toBeGreaterThan(0.18);
      expect((1 - ratio) * x).toBeLessThan(0.3);
    }
    // Monotone approach to 1: the error falls as the barrier holds more levels.
    for (let k = 1; k < ratios.length; k++) {
      expect(ratios[k]!.ratio).toBeGreaterThan(ratios[k - 1]!.ratio);
    }
  });

  it('warns below ΔU/ħω = 2 (error > 10%) and for Q < 10; refuses a well without a level', () => {
    const low = cubicTunnellingRate({ wellCurvature: 1, deltaU: 1.5, hbar: 1 });
    expect(low.retcode).toBe('success');
    expect(low.warnings.join(' ')).toMatch(/ΔU\/ħω = 1.5 < 2.*13.3% high/);
    const deep = cubicTunnellingRate({ wellCurvature: 1, deltaU: MIN_BARRIER_TO_QUANTUM, hbar: 1 });
    expect(deep.warnings).toEqual([]);
    const damped = cubicTunnellingRate({ wellCurvature: 1, deltaU: 5, hbar: 1, gamma: 0.2 });
    expect(damped.warnings.join(' ')).toMatch(/Q = 5 < 10: the weak-damping expansion/);
    const none = cubicTunnellingRate({ wellCurvature: 1, deltaU: 0.4, hbar: 1 });
    expect(none.retcode).toBe('not_applicable');
    expect(none.rate).toBeNull();
    expect(none.warnings[0]).toMatch(/ground level ħω\/2 lies above the barrier/);
    const flat = cubicTunnellingRate({ wellCurvature: 0, deltaU: 1, hbar: 1 });
    expect(flat.retcode).toBe('not_applicable');
    expect(Number.isFinite(flat.exponent)).toBe(true);
  });

  it('ln Γ stays finite where Γ underflows, and units follow ħ', () => {
    const r = cubicTunnellingRate({ wellCurvature: 1, deltaU: 200, hbar: 1 });
    expect(r.rate).toBe(0);
    expectClose(
      r.logRate,
      Math.log((12 * Math.sqrt(6 * Math.PI) * Math.sqrt(200)) / (2 * Math.PI)) - 1440,
      1e-14,
      'ln Γ',
    );
    // The same well in other units: ħ and U″ scaled so that ω is 1e9 /s and ΔU/ħω unchanged.
    const si = cubicTunnellingRate({
      wellCurvature: 1e18 * 1e-30,
      deltaU: 3 * 1e-25,
      hbar: 1e-34,
      mass: 1e-30,
    });
    const reduced = cubicTunnellingRate({ wellCurvature: 1, deltaU: 3, hbar: 1 });
    expectClose(si.rate, reduced.rate! * 1e9, 1e-12, 'Γ in 1/s');
  });
});
