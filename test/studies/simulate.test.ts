import { describe, expect, it } from 'vitest';
import { KramersError, simulate, simulateDrift, simulateND } from '../../src/index.js';

// D = 0.25 on the seed double well (exact MFPT −1 → +1: 14.2777366365081,
// test/fixtures/reference_cases.json).
describe('simulate (library, in-process runner)', () => {
  it('agrees with the exact MFPT within 3 standard errors plus the dt bias', async () => {
    const r = await simulate({ D: 0.25, walkers: 600, seed: 3 });
    expect(r.exactMfpt).toBeCloseTo(14.2777366365081, 9);
    // Heun with the bridge check: measured bias +0.04 at dt = 0.01 (test/simulation); the default
    // dt here is 1e-3, so 0.1 bounds it generously.
    expect(Math.abs(r.mfpt! - r.exactMfpt!)).toBeLessThan(3 * r.mfptStdErr! + 0.1);
    expect(r.retcode).toBe('success');
    expect(r.walkers).toBe(600);
  });

  it('underdamped walkers have no exact MFPT: the overdamped one is named overdampedMfpt', async () => {
    // The overdamped MFPT scales with γ (time t/γ in γ dx = −U′dt + √(2γD)dW), so at γ = 0.5 it is
    // half the fixture's γ = 1 value; the underdamped walkers' own MFPT is another number.
    const r = await simulate({ D: 0.25, gamma: 0.5, dynamics: 'underdamped', walkers: 64 });
    expect(r.exactMfpt).toBeNull();
    expect(r.overdampedMfpt).toBeCloseTo(0.5 * 14.2777366365081, 8);
    expect(r.warnings.join('\n')).toMatch(/overdampedMfpt\) is not this dynamics/);
    const over = await simulate({ D: 0.25, gamma: 0.5, walkers: 64 });
    expect(over.exactMfpt).toBeCloseTo(0.5 * 14.2777366365081, 8);
    expect(over.overdampedMfpt).toBeUndefined();
  });

  it('no walker escaped: no estimate (null, not MFPT ∞ and rate 0) and the lower bound as a field', async () => {
    // tMax = 0.5 against an MFPT of 14.3: nobody escapes. Before, the result carried mfpt = ∞,
    // rate = 0 and logRate = −∞, which read as an estimate of "never".
    const r = await simulate({ D: 0.25, walkers: 64, seed: 1, tMax: 0.5 });
    expect(r.censored).toBe(64);
    expect(r.retcode).toBe('not_converged');
    expect(r.estimator).toBe('none');
    expect(r.mfpt).toBeNull();
    expect(r.mfptStdErr).toBeNull();
    expect(r.rate).toBeNull();
    expect(r.logRate).toBeNull();
    expect(r.error).toBeNull();
    expect(r.relativeError).toBeNull();
    // MFPT > c·0.05^{1/N} with c = tMax (every walker censored there): to rounding of c.
    expect(r.mfptLowerBound).toBeCloseTo(0.5 * 0.05 ** (1 / 64), 9);
    expect(r.mfptCI95[0]).toBe(r.mfptLowerBound);
    // An estimate carries no bound.
    const ok = await simulate({ D: 0.25, walkers: 64, seed: 1 });
    expect(ok.mfpt).toBeGreaterThan(0);
    expect(ok.mfptLowerBound).toBeNull();
  });

  it('an aborted run returns what it computed with retcode interrupted', async () => {
    const controller = new AbortController();
    const r = await simulate(
      { D: 0.25, walkers: 1024, seed: 3 },
      {
        signal: controller.signal,
        onProgress: (done) => {
          if (done >= 256) controller.abort();
        },
      },
    );
    expect(r.retcode).toBe('interrupted');
    expect(r.walkers).toBeGreaterThanOrEqual(256);
    expect(r.walkers).toBeLessThan(1024);
    expect(r.warnings.join()).toMatch(/interrupted/);
  });

  it('two-dt extrapolation reports the dt → 0 MFPT with its error', async () => {
    const r = await simulate({ D: 0.25, walkers: 300, seed: 5, dt: 0.01, extrapolate: true });
    const e = r.extrapolated!;
    expect(e.mfptStdErr).toBeGreaterThan(r.mfptStdErr!);
    expect(Math.abs(e.mfpt - 14.2777366365081)).toBeLessThan(3 * e.mfptStdErr);
  });

  it('refuses a target that walkers cannot be sure to reach', async () => {
    // x³/3 − x: from the well at 1 to x = 2, while U falls to −∞ on the left.
    await expect(simulate({ potential: 'x^3/3 - x', D: 0.1, toX: 2 })).rejects.toThrowError(
      /not reached with certainty/,
    );
  });

  it('simulates a potential in x and t; the frozen t = 0 landscape gives the geometry', async () => {
    // A slow strong rocking (A = 0.3 near the critical tilt 0.385) lowers the barrier for part of
    // each period, so the mean passage is far faster than the static 66.27 at D = 0.1.
    const driven = await simulate({
      potential: 'x^4/4 - x^2/2 - 0.3*x*cos(0.05*t)',
      D: 0.1,
      walkers: 300,
      seed: 2,
    });
    expect(driven.exactMfpt).toBeNull();
    expect(driven.warnings.join(' ')).toMatch(/time-dependent potential/);
    expect(driven.mfpt! + 3 * driven.mfptStdErr!).toBeLessThan(66.27 / 2);
    // The same drive with zero amplitude gives the static problem's numbers (same streams).
    const still = await simulate({
      potential: 'x^4/4 - x^2/2 - 0*x*cos(0.05*t)',
      D: 0.1,
      walkers: 50,
      seed: 2,
    });
    const plain = await simulate({ potential: 'x^4/4 - x^2/2', D: 0.1, walkers: 50, seed: 2 });
    expect(still.mfpt).toBe(plain.mfpt);
  });

  it('names impossible parameters', async () => {
    await expect(simulate({ walkers: 0 })).rejects.toThrowError(KramersError);
    await expect(simulate({ dt: -1 })).rejects.toThrowError(/dt/);
  });
});

describe('underdamped censoring time', () => {
  it('is sized from the turnover rate, not the overdamped MFPT', async () => {
    // γ = 0.05, ΔU/D = 2.5: the overdamped MFPT is ~3.3 but the inertial passage takes ~185.
    const report = await simulate({
      dynamics: 'underdamped',
      D: 0.1,
      gamma: 0.05,
      walkers: 200,
      dt: 0.01,
    });
    expect(report.tMax).toBeGreaterThan(1000);
    expect(report.censored).toBe(0);
  });

  it('to a point beyond the barrier (toX) as to a well: turnover-sized, not the overdamped MFPT', async () => {
    // The same passage to the point x = 1: before, a point target fell back to 20× the
    // overdamped MFPT (tMax = 66) and 151 of 200 walkers were censored (`censored`, an
    // extrapolated MFPT of 205 ± 33). Sized by Mel'nikov–Meshkov, tMax is the well target's.
    const settings = {
      dynamics: 'underdamped',
      D: 0.1,
      gamma: 0.05,
      walkers: 200,
      dt: 0.01,
    } as const;
    const well = await simulate(settings);
    const point = await simulate({ ...settings, toX: 1 });
    expect(point.tMax).toBe(well.tMax);
    expect(point.censored).toBe(0);
    expect(point.retcode).toBe('success');
    // A point short of the barrier has no crossing: the overdamped scale still sizes it.
    const short = await simulate({ ...settings, toX: -0.5 });
    expect(short.tMax).toBeCloseTo(20 * short.overdampedMfpt!, 9);
  });
});

describe('refusals and interruptions say what happened', () => {
  const box = [
    { min: -2, max: 2 },
    { min: -1.5, max: 1.5 },
  ];
  const nd = {
    potential: '(x^2-1)^2 + y^2',
    domain: box,
    fromX: [-1, 0],
    toRegion: 'x >= 1',
  };

  it('a barrier too high for walkers names the barrier and AMS, not a tMax nobody gave', async () => {
    // D = 0.005: exact MFPT ≈ 2.3e22, so 20 of them at dt = 1e-3 are ~5e26 steps, past 2^52.
    // The refusal read "tMax/dt exceeds 2^52 steps" though no tMax was given.
    const one = simulate({ D: 0.005, walkers: 10 });
    await expect(one).rejects.toThrow(/too high for direct walkers/);
    await expect(one).rejects.toMatchObject({ hint: expect.stringMatching(/--method ams/) });
    await expect(simulateND({ ...nd, D: 0.005, walkers: 10 })).rejects.toThrow(
      /too high for direct walkers/,
    );
    // A tMax that was given is named as such.
    await expect(simulate({ D: 0.25, walkers: 10, tMax: 1e20 })).rejects.toThrow(
      /tMax\/dt = 1\.00e\+23 steps per walker, past 2\^52/,
    );
  });

  it('an interrupt before any walker finished is an interrupted report, not bad input', async () => {
    // It was a KramersError 'usage' (exit 2); interrupted exits 3 (exitCodeOf).
    const signal = AbortSignal.abort();
    const reports = [
      await simulate({ D: 0.25, walkers: 300 }, { signal }),
      await simulateND({ ...nd, D: 0.25, walkers: 300 }, { signal }),
      await simulateDrift(
        {
          drift: 'x - x^3, -y',
          domain: box,
          D: 0.25,
          fromX: [-1, 0],
          toRegion: 'x >= 1',
          walkers: 300,
        },
        { signal },
      ),
    ];
    for (const r of reports) {
      expect(r.retcode).toBe('interrupted');
      expect(r.walkers).toBe(0);
      expect(r.warnings.join(' ')).toMatch(/interrupted: statistics from 0 of 300 walkers/);
    }
  });
});
