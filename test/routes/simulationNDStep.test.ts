/**
 * The N-D walkers' time-step check covers the region the walkers visit, not only the stationary
 * points (as checkTimeStep scans the walkers' interval in one coordinate). On (x² − 1)² + y² the
 * minima give λ = 8, so dt = 0.2 (dt·λ = 1.6) passed and the MFPT came out 72% low (19.46 ± 0.29
 * against 69.26), dt = 0.1 7% low (64.43 ± 1.03, 4.7 SE), with one generic warning.
 */
import { describe, expect, it } from 'vitest';
import { KramersError, simulateND } from '../../src/index.js';
import { readFixture } from '../support/fixtures.js';

interface StepCase {
  domain: [number, number][];
  D: number;
  from: number[];
  toRegion: string;
  mfpt: number;
  level: number;
  lambdaMax: number;
}

const c = readFixture<StepCase>('nd_step_check.json');
const problem = {
  potential: '(x^2-1)^2 + y^2',
  domain: c.domain.map(([min, max]) => ({ min, max })),
  D: c.D,
  fromX: c.from,
  toRegion: c.toRegion,
  walkers: 4000,
  seed: 21,
};

/** The λ_max a message names. */
const lambdaIn = (text: string) => Number(/λ_max = ([\d.]+)/.exec(text)![1]);

describe('N-D time-step check over the region walkers visit', () => {
  it('refuses dt = 0.2 and 0.1, past the stability limit on the walls of the well', async () => {
    for (const dt of [0.2, 0.1]) {
      const run = simulateND({ ...problem, dt });
      await expect(run).rejects.toThrow(KramersError);
      await expect(run).rejects.toMatchObject({ code: 'invalid_parameter' });
      const message = await run.then(
        () => '',
        (e: Error) => e.message,
      );
      expect(message).toMatch(/is unstable: dt·λ_max\/γ_min = [\d.]+ > 2/);
      // λ_max = 8 + 12√3.5 = 30.45 on U ≤ 3.5 (fixture, closed form); the grid of 141 points in x
      // (spacing 0.029, dλ/dx = 24x ≈ 41 there) finds it up to 1.2 low, never above.
      expect(lambdaIn(message)).toBeLessThanOrEqual(c.lambdaMax);
      expect(lambdaIn(message)).toBeGreaterThan(c.lambdaMax - 1.2);
    }
  });

  it('lets a stable dt run with a warning, and its MFPT holds the exact one', async () => {
    // dt = 0.06: dt·λ_max = 1.8 < 2. Measured 69.71 ± 1.12 (+0.6%); the Heun + bridge bias is
    // within the walkers' noise here, so 3 SE + 2% of the exact MFPT (mpmath, fixture).
    const r = await simulateND({ ...problem, dt: 0.06 });
    const warning = r.warnings.find((w) => w.startsWith('dt = 0.06'))!;
    expect(warning).toMatch(/dt·λ_max\/γ_min = 1\.8\d* > 0\.2/);
    expect(lambdaIn(warning)).toBeGreaterThan(c.lambdaMax - 1.2);
    expect(Math.abs(r.mfpt! - c.mfpt)).toBeLessThan(3 * r.mfptStdErr! + 0.02 * c.mfpt);
    // The default step (0.02/λ at the stationary points, 1e-3 here) draws no step warning.
    const d = await simulateND({ ...problem, walkers: 200 });
    expect(d.dt).toBe(1e-3);
    expect(d.warnings.filter((w) => w.startsWith('dt'))).toEqual([]);
  }, 60_000);
});
