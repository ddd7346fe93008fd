import { describe, expect, it } from 'vitest';
import { createSimulationPool } from '../../dist/node/index.js';
import { type AmsProblemND, prepareTransition, ROUTES, simulateAmsND } from '../../src/index.js';
import { readFixture } from '../support/fixtures.js';

// AMS in several coordinates against exact values it does not use: the 1-D exact MFPT of the
// separable U = x⁴/4 − x²/2 + 3y²/2 (the passage into x ≥ 1 depends on x alone) and the
// finite-difference 2-D MFPT of the coupled potential (mfpt_2d_coupled.py). Each check asks the
// exact value to lie in the run's own 95% CI (fixed seeds). The estimator targets the MFPT from
// the loops' entrance law, which differs from the MFPT from the minimum by an intrawell time
// (~1/λ_min ≈ 0.5 here) — under 1% of the MFPTs below, a tenth of their CIs.
const separable = (D: number): AmsProblemND => ({
  potential: 'x^4/4 - x^2/2 + 3*y^2/2',
  coordinates: ['x', 'y'],
  domain: [
    { min: -2.5, max: 2.5 },
    { min: -2, max: 2 },
  ],
  D,
  from: 0,
  replicas: 100,
  runs: 10,
  loopsPerRun: 500,
  dt: 2e-3,
});

const exact1D = (D: number) => ROUTES.exact.run(prepareTransition({ D, fromX: -1, toX: 1 })).mfpt;

function inCI(ci: [number, number], value: number, what: string) {
  expect(value, `${what}: ${value} outside [${ci[0]}, ${ci[1]}]`).toBeGreaterThan(ci[0]);
  expect(value, `${what}: ${value} outside [${ci[0]}, ${ci[1]}]`).toBeLessThan(ci[1]);
}

describe('AMS in several coordinates', () => {
  it('separable, ξ = x into x >= 1: the 1-D exact MFPT lies in the CI', async () => {
    const r = await simulateAmsND({
      ...separable(0.1),
      toRegion: 'x >= 1',
      reactionCoordinate: 'x',
      seed: 3,
    });
    expect(r.retcode).toBe('success');
    inCI(r.mfptCI95, exact1D(0.1), 'separable, D = 0.1');
  });

  it('ΔU/D = 10 into the core of minimum 1 (default ξ: the line between the minima)', async () => {
    // MFPT ≈ 1e5: 1e8 direct steps per walker. The core ½ΔxᵀHΔx ≤ D is entered at x ≈ 0.84,
    // an intrawell time before x = 1: negligible against the 5% CI.
    const r = await simulateAmsND({ ...separable(0.025), to: 1, seed: 3 });
    expect(r.retcode).toBe('success');
    expect(r.mfpt).toBeGreaterThan(5e4);
    inCI(r.mfptCI95, exact1D(0.025), 'separable, D = 0.025');
  });

  it('coupled potential, ξ = x: the finite-difference 2-D MFPT lies in the CI', async () => {
    const f = readFixture<{
      potential: string;
      D: number;
      domain: [number, number][];
      start: number[];
      target: string;
      isotropic: { mfpt: number };
    }>('mfpt_2d_coupled.json');
    const r = await simulateAmsND({
      ...separable(f.D),
      potential: f.potential,
      domain: f.domain.map(([min, max]) => ({ min: min!, max: max! })),
      from: undefined,
      fromX: f.start,
      toRegion: f.target,
      reactionCoordinate: 'x',
      seed: 5,
    });
    expect(r.retcode).toBe('success');
    inCI(r.mfptCI95, f.isotropic.mfpt, 'coupled');
  });

  it('the same numbers on two worker threads; a region without ξ is a usage error', async () => {
    const small = {
      ...separable(0.1),
      toRegion: 'x >= 0.5',
      reactionCoordinate: 'x',
      replicas: 20,
      runs: 3,
      loopsPerRun: 50,
    };
    const here = await simulateAmsND(small);
    const pool = createSimulationPool(2);
    try {
      const there = await simulateAmsND(small, { runner: pool.runner });
      expect(there.mfpt).toBe(here.mfpt);
      expect(there.steps).toBe(here.steps);
    } finally {
      await pool.close();
    }
    const { reactionCoordinate: _, ...noXi } = small;
    await expect(simulateAmsND(noXi)).rejects.toMatchObject({ code: 'usage' });
    await expect(simulateAmsND({ ...small, reactionCoordinate: 'x +' })).rejects.toMatchObject({
      code: 'parse_error',
    });
  });
});
