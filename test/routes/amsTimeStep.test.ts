import { describe, expect, it } from 'vitest';
import { KramersError, simulate, simulateAms } from '../../src/index.js';
import { readFixture } from '../support/fixtures.js';

// The 1-D AMS route takes the time step of direct overdamped walkers: the default bounded by the
// landscape's stiffness and the same stability check (audit: a fixed dt = 1e-3 read the MFPT of a
// stiff well 78% low with a CI of ±2%, success, and dt = 0.3 on the seed well 24% high, silently).

interface MfptFixture {
  mfpt: { id: string; mfpt: string }[];
}
const seedWell = Number(
  readFixture<MfptFixture>('mfpt_reference.json').mfpt.find(
    (c) => c.id === 'double_well_D0.05_to_other_well',
  )!.mfpt,
);

/** The error a call throws (undefined when it does not). */
async function thrown(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('AMS time step (1-D)', () => {
  it('on a stiff well the default dt follows U″ and the MFPT matches mpmath within 3 SE', async () => {
    // U = s·u, D = s·D₀ is the seed well u = x⁴/4 − x²/2 at D₀ = 0.05 in time t·s: its exact MFPT
    // from −1 to +1 is the mpmath value (mfpt_reference.py) over s = 800.
    const s = 800;
    const exact = seedWell / s;
    const r = await simulateAms({
      potential: `${s}*(x^4/4 - x^2/2)`,
      D: 0.05 * s,
      replicas: 100,
      runs: 10,
      seed: 3,
    });
    // Direct walkers' default: 0.02·γ/max|U″|, U″(±1) = 2s the largest at wells and barrier.
    expect(r.dt).toBeCloseTo(0.02 / (2 * s), 15);
    expect(r.exactMfpt! / exact - 1).toBeLessThan(1e-6);
    expect(r.retcode).toBe('success');
    expect(r.warnings).toEqual([]);
    // 3 SE of the run's own spread (its relative SE is ~7%, so the window is ~±20%); no bias
    // allowance: at this dt (dt·U″ = 0.02 in the well) 20 seeds read +0.8% ± 1.5% on average.
    // The old fixed dt = 1e-3 gave 0.2045 here, −78%, with a relative SE of 1%.
    expect(Math.abs(r.mfpt - exact)).toBeLessThan(3 * r.mfptStdErr);
    expect(r.mfptStdErr / r.mfpt).toBeLessThan(0.15);
  }, 30_000);

  it('a dt beyond the stability limit is refused and a large one warned, as for direct walkers', async () => {
    // Seed well at D = 0.05: the walkers' region reaches x = −2 behind the start, U″(−2) = 11, so
    // dt = 0.3 gives dt·U″ = 3.3 > 2 (unstable) and dt = 0.15 gives 1.65 > 0.2 (biased).
    const ams = await thrown(() => simulateAms({ D: 0.05, dt: 0.3, replicas: 10, runs: 2 }));
    const direct = await thrown(() => simulate({ D: 0.05, dt: 0.3, walkers: 2 }));
    expect(ams).toBeInstanceOf(KramersError);
    expect((ams as KramersError).code).toBe('invalid_parameter');
    expect((ams as KramersError).issues[0]!.path).toBe('dt');
    expect((ams as Error).message).toBe((direct as Error).message);
    const warned = await simulateAms({ D: 0.05, dt: 0.15, replicas: 20, runs: 2, seed: 2 });
    const walkers = await simulate({ D: 0.05, dt: 0.15, walkers: 4, seed: 2 });
    const dtWarning = walkers.warnings.find((w) => w.startsWith('dt = 0.15'));
    expect(dtWarning).toMatch(/> 0\.2 .*time-step bias/);
    expect(warned.warnings).toContain(dtWarning);
  }, 30_000);

  it('refuses underdamped dynamics, which its overdamped excursions do not integrate', async () => {
    const error = await thrown(() =>
      simulateAms({ D: 0.2, dynamics: 'underdamped', replicas: 10, runs: 2 }),
    );
    expect(error).toBeInstanceOf(KramersError);
    expect((error as Error).message).toMatch(/overdamped dynamics only/);
  });
});
