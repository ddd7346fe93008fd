/**
 * Quasi-static rates of a rocked double well U = x⁴/4 − x²/2 − A x cos(2πt/T). Independent
 * routes: the static rate of the frozen landscape written without t, the closed-form critical
 * tilt 2/(3√3) of the quartic double well, and the spectral convergence of the periodic mean.
 */
import { describe, expect, it } from 'vitest';
import { criticalAmplitude, KramersError, quasiStaticRates, rate } from '../../src/index.js';

const T = 1000;
const A = 0.1;
const expression = `x^4/4 - x^2/2 - ${A}*x*cos(2*pi*t/${T})`;

describe('quasiStaticRates', () => {
  it('Γ(t) equals the static rate of the frozen landscape at every sampled t', async () => {
    const r = quasiStaticRates({ potential: expression, D: 0.05, period: T, samples: 8 });
    expect(r.rows).toHaveLength(8);
    for (const row of r.rows) {
      const tilt = A * Math.cos((2 * Math.PI * row.t) / T);
      const frozen = await rate({ potential: `x^4/4 - x^2/2 - (${tilt})*x`, D: 0.05 });
      for (const m of ['kramers', 'corrected', 'exact'] as const) {
        // Same landscape through a different text: equal to rounding of the tilt's digits.
        expect(
          Math.abs(row.rates[m]! / frozen.methods[m]!.rate! - 1),
          `${m} at t = ${row.t}`,
        ).toBeLessThan(1e-9);
      }
    }
    expect(r.adiabaticity.adiabatic).toBe(true);
    expect(r.barrierErased).toEqual([]);
  });

  it('the period average converges spectrally in the number of samples', async () => {
    const coarse = quasiStaticRates({
      potential: expression,
      D: 0.05,
      period: T,
      samples: 16,
      methods: ['kramers'],
    });
    const fine = quasiStaticRates({
      potential: expression,
      D: 0.05,
      period: T,
      samples: 32,
      methods: ['kramers'],
    });
    const a = coarse.periodAverage.kramers!;
    const b = fine.periodAverage.kramers!;
    // The uniform mean of a smooth periodic function converges geometrically: 16 samples
    // agree with 32 to 1.5e-14 (8 samples: 5e-6, measured); the average lies above the static rate
    // (Jensen: Γ is convex in the tilt).
    expect(Math.abs(a / b - 1)).toBeLessThan(1e-10);
    const still = (await rate({ potential: 'x^4/4 - x^2/2', D: 0.05 })).methods.kramers!.rate!;
    expect(b).toBeGreaterThan(still);
  });

  it('a drive above the critical amplitude erases the barrier: no rate there, a warning', async () => {
    const r = quasiStaticRates({
      potential: 'x^4/4 - x^2/2 - 0.5*x*cos(t)',
      D: 0.05,
      period: 2 * Math.PI,
      samples: 8,
    });
    // |cos t| > A_c/A = 0.77 at t = 0 and π only, among the 8 samples.
    expect(r.barrierErased).toEqual([0, Math.PI]);
    expect(r.rows[0]!.rates.exact).toBeNull();
    expect(r.periodAverage.exact).toBeNull();
    expect(r.warnings.join(' ')).toMatch(/erases the barrier/);
    // A period of 2π is only ~3 intrawell relaxation times: not adiabatic.
    expect(r.adiabaticity.adiabatic).toBe(false);
  });

  it('a metastable well escapes to −∞: Γ(t) is its escape rate, not an erased barrier', async () => {
    // x³/3 − x rocked: one well, open to the left. Γ(0) is the static escape rate over the
    // barrier to −∞ of the frozen landscape x³/3 − x − 0.1x.
    const r = quasiStaticRates({
      potential: 'x^3/3 - x - 0.1*x*cos(2*pi*t/1000)',
      D: 0.1,
      period: 1000,
      samples: 4,
    });
    expect(r.barrierErased).toEqual([]);
    const frozen = await rate({ potential: 'x^3/3 - x - 0.1*x', D: 0.1, to: '-inf' });
    expect(Math.abs(r.rows[0]!.rates.exact! / frozen.methods.exact!.rate! - 1)).toBeLessThan(1e-9);
  });

  it('names bad input', async () => {
    expect(() => quasiStaticRates({ potential: expression, period: 0 })).toThrow(KramersError);
    expect(() => quasiStaticRates({ potential: expression, period: 1, samples: 2 })).toThrow(
      /samples/,
    );
  });
});

describe('criticalAmplitude', () => {
  it('quartic double well tilted by A x: A_c = 2/(3√3)', async () => {
    expect(criticalAmplitude('x^4/4 - x^2/2')).toBeCloseTo(2 / (3 * Math.sqrt(3)), 5);
  });
  it('a single well has no barrier to erase', async () => {
    expect(() => criticalAmplitude('x^2/2')).toThrow(/no barrier/);
  });
});
