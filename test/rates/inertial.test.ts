import { describe, expect, it } from 'vitest';
import {
  depopulationFactor,
  energyDiffusionRate,
  kramersOverdamped,
  kramersSpatialDiffusion,
  melnikovMeshkovRate,
  transitionStateRate,
} from '../../src/rates/index.js';
import { expectClose, readFixture } from '../support/fixtures.js';

// Seed double well U = x⁴/4 − x²/2: U″_a = 2, U″_s = −1, ΔU = 1/4, I_s = 4√m/3.
const WELL = { wellCurvature: 2, barrierCurvature: -1, deltaU: 0.25 };

describe('depopulation factor A(Δ) against mpmath (y-form, 30 digits)', () => {
  const fixture = readFixture<{ cases: { delta: number; A: string }[] }>(
    'depopulation_factor.json',
  );
  // ln A is integrated to a relative 1e-14 of |ln A| ≤ 19: the absolute error of ln A, and so the
  // relative error of A, stays below ~1e-12.
  it.each(fixture.cases)('Δ = $delta', ({ delta, A }) => {
    expectClose(depopulationFactor(delta), Number(A), 1e-12, `A(${delta})`);
  });
  it('A(Δ)/Δ → 1 as Δ → 0 and A → 1 as Δ → ∞', () => {
    expectClose(depopulationFactor(1e-10) / 1e-10, 1, 1e-4, 'A(Δ)/Δ at Δ = 1e-10');
    expectClose(depopulationFactor(1000), 1, 1e-15, 'A(1000)');
  });
});

describe('spatial diffusion, energy diffusion and the turnover', () => {
  const D = 0.05;
  const action = 4 / 3;
  const tst = transitionStateRate({ wellCurvature: 2, deltaU: 0.25, D }).rate!;
  const gammas = Array.from({ length: 41 }, (_, i) => 10 ** (-4 + (8 * i) / 40));

  it('spatial diffusion: (ω_a/2πω_s)(√(η²/4+ω_s²) − η/2)e^{−ΔU/D} by hand at γ = 1', () => {
    const k = kramersSpatialDiffusion({ ...WELL, D, gamma: 1 }).rate!;
    expectClose(
      k,
      (Math.SQRT2 / (2 * Math.PI)) * (Math.sqrt(1.25) - 0.5) * Math.exp(-5),
      1e-14,
      'k_SD',
    );
    // m = 2: ω_a = 1, ω_s = √(1/2), η_c = 1/2.
    const k2 = kramersSpatialDiffusion({ ...WELL, D, gamma: 1, mass: 2 }).rate!;
    const ws = Math.SQRT1_2;
    expectClose(
      k2,
      (1 / (2 * Math.PI * ws)) * (Math.sqrt(1 / 16 + 0.5) - 0.25) * Math.exp(-5),
      1e-14,
      'k_SD, m = 2',
    );
  });

  it('TST is an upper bound of spatial diffusion and of the turnover rate at every γ', () => {
    for (const gamma of gammas) {
      const sd = kramersSpatialDiffusion({ ...WELL, D, gamma }).rate!;
      const mm = melnikovMeshkovRate({ ...WELL, D, gamma, action }).rate!;
      expect(sd).toBeLessThanOrEqual(tst * (1 + 1e-15));
      expect(mm).toBeLessThan(sd * (1 + 1e-15));
    }
  });

  it('spatial diffusion tends to TST as γ → 0 and to overdamped Kramers as γ → ∞', () => {
    // The relative gaps are η_c/(2ω_s) and (ω_s/η_c)² to leading order.
    const low = kramersSpatialDiffusion({ ...WELL, D, gamma: 1e-9 }).rate!;
    expectClose(low, tst, 1e-8, 'k_SD(γ = 1e-9) vs TST');
    const high = kramersSpatialDiffusion({ ...WELL, D, gamma: 1e5 }).rate!;
    const od = kramersOverdamped({ ...WELL, D, gamma: 1e5 }).rate!;
    expectClose(high, od, 1e-9, 'k_SD(γ = 1e5) vs overdamped');
  });

  it('log-log slopes of the turnover curve: +1 at weak friction, −1 at strong friction', () => {
    const slope = (g: number) => {
      const k1 = melnikovMeshkovRate({ ...WELL, D, gamma: g, action }).logRate!;
      const k2 = melnikovMeshkovRate({ ...WELL, D, gamma: g * 1.01, action }).logRate!;
      return (k2 - k1) / Math.log(1.01);
    };
    // Corrections: O(√Δ) at weak friction (A(Δ) = Δ(1 − 0.82√Δ …)), O(ω_s²/η_c²) at strong.
    expect(Math.abs(slope(1e-8) - 1)).toBeLessThan(1e-3);
    expect(Math.abs(slope(1e4) + 1)).toBeLessThan(1e-3);
    // The energy-diffusion formula itself is linear in γ and the overdamped one ∝ 1/γ.
    const ed = (g: number) => energyDiffusionRate({ ...WELL, D, gamma: g, action }).logRate!;
    expectClose((ed(0.02) - ed(0.01)) / Math.LN2, 1, 1e-12, 'energy-diffusion slope');
    const od = (g: number) => kramersOverdamped({ ...WELL, D, gamma: g }).logRate!;
    expectClose((od(20) - od(10)) / Math.LN2, -1, 1e-12, 'overdamped slope');
  });

  it('the turnover rate tends to energy diffusion at weak friction (sink and double well)', () => {
    const gamma = 1e-8;
    const ed = energyDiffusionRate({ ...WELL, D, gamma, action }).rate!;
    const mm = melnikovMeshkovRate({ ...WELL, D, gamma, action }).rate!;
    // A(Δ)/Δ = 1 − O(√Δ), Δ = 2.7e-7: within 1e-3.
    expectClose(mm, ed, 1e-3, 'MM vs ED, sink');
    const mm2 = melnikovMeshkovRate({
      ...WELL,
      D,
      gamma,
      action,
      geometry: 'symmetric-double-well',
    }).rate!;
    const ed2 = energyDiffusionRate({
      ...WELL,
      D,
      gamma,
      action,
      geometry: 'symmetric-double-well',
    }).rate!;
    expectClose(ed2, ed / 2, 1e-14, 'ED double well = ED sink / 2');
    expectClose(mm2, ed2, 1e-3, 'MM vs ED, double well');
  });

  it('names the regime and its distance from the turnover rate', () => {
    const at = (gamma: number) => melnikovMeshkovRate({ ...WELL, D, gamma, action });
    expect(energyDiffusionRate({ ...WELL, D, gamma: 1e-5, action }).regime).toBe(
      'energy-diffusion',
    );
    expect(at(1e-5).regime).toBe('energy-diffusion');
    expect(at(0.05).regime).toBe('turnover');
    expect(at(1).regime).toBe('spatial-diffusion');
    expect(at(100).regime).toBe('overdamped');
    const ed = energyDiffusionRate({ ...WELL, D, gamma: 0.05, action });
    expect(ed.regimeError).toBeGreaterThan(0.1);
    expect(ed.warnings.join(' ')).toMatch(/not ≪ 1/);
    expect(at(1).finiteBarrierError).toBeCloseTo(0.2, 15);
  });

  it('explains γ = 0 and refuses m ≤ 0', () => {
    for (const bad of [
      () => kramersSpatialDiffusion({ ...WELL, D, gamma: 0 }),
      () => energyDiffusionRate({ ...WELL, D, gamma: 0, action }),
      () => melnikovMeshkovRate({ ...WELL, D, gamma: 0, action }),
    ]) {
      expect(bad).toThrow(/no escape|never escapes/);
    }
    expect(() => kramersSpatialDiffusion({ ...WELL, D, gamma: 1, mass: 0 })).toThrow(/mass/);
    expect(() => melnikovMeshkovRate({ ...WELL, D, gamma: 1, mass: -1, action })).toThrow(/mass/);
    expect(() => energyDiffusionRate({ ...WELL, D, gamma: 1, action: 0 })).toThrow(/action/);
    expect(() => depopulationFactor(Number.NaN)).toThrow(/energyLoss/);
  });
});
