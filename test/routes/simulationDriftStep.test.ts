/**
 * Drift walkers check their time step over the box, not only at the fixed points (where the
 * Maier–Stein field at β = 10 has |λ| ≤ 2, so dt = 0.5 passed with a warning).
 */
import { describe, expect, it } from 'vitest';
import { KramersError, simulateDrift } from '../../src/index.js';

const problem = {
  drift: 'x - x^3 - 10*x*y^2, -(1+x^2)*y',
  domain: [
    { min: -1.6, max: 1.5 },
    { min: -0.8, max: 0.8 },
  ],
  D: 0.05,
  fromX: [-1, 0],
  toRegion: 'x >= 1',
  walkers: 10,
  tMax: 5,
};

describe('drift walkers: the step check covers the box', () => {
  it('refuses dt = 0.5 where the Jacobian reaches 17.7 in the box', async () => {
    const run = simulateDrift({ ...problem, dt: 0.5 });
    await expect(run).rejects.toThrow(KramersError);
    const message = await run.then(
      () => '',
      (e: Error) => e.message,
    );
    // numpy's eigvals of J = [[1 − 3x² − 10y², −20xy], [−2xy, −(1 + x²)]] on the same 141 × 141
    // grid give max |λ| = 17.711144765 (an independent evaluation of the code's 2×2 closed
    // form); the message prints 4 digits, so 1e-3 relative.
    const lambda = Number(/\(λ_max = ([\d.]+)/.exec(message)![1]);
    expect(Math.abs(lambda / 17.711144765 - 1)).toBeLessThan(1e-3);
    expect(message).toMatch(/dt·λ_max = 8\.86 > 2/);
  });

  it('lets the default step run without a step warning', async () => {
    const r = await simulateDrift(problem);
    expect(r.dt).toBe(1e-3);
    expect(r.warnings.filter((w) => w.startsWith('dt'))).toEqual([]);
  });
});
