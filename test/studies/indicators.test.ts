import { describe, expect, it } from 'vitest';
import { potentialFromExpression, simulateIndicators } from '../../src/index.js';

describe('simulateIndicators on an Ornstein-Uhlenbeck process (exact answers known)', () => {
  // U = x²/2 (k = 1), D = 0.5: stationary variance D/k = 0.5, lag-Δt autocorrelation e^{−kΔt}.
  const potential = potentialFromExpression('x^2/2');
  const lag = 0.5;
  const r = simulateIndicators({ potential, D: 0.5, start: 0, barrier: -100, lag, seed: 3 });
  // Euler–Maruyama with dt = 0.01: stationary variance D/(k(1 − k dt/2)), +0.5%; the sampled
  // autocorrelation (1 − k dt)^{Δt/dt} instead of e^{−kΔt}, −0.25%. Tolerance: 4 SE + that bias.
  it('variance D/k within 4 standard errors', () => {
    expect(r.restarts).toBe(0);
    expect(Math.abs(r.variance - 0.5)).toBeLessThan(4 * r.varianceError + 0.005 * 0.5);
    expect(r.varianceError).toBeLessThan(0.05 * 0.5);
  });
  it('lag-1 autocorrelation e^{−kΔt} within 4 standard errors', () => {
    const exact = Math.exp(-lag);
    expect(Math.abs(r.autocorrelation - exact)).toBeLessThan(
      4 * r.autocorrelationError + 0.0025 * exact,
    );
  });
  it('is reproducible for a seed and rejects too few samples', () => {
    const again = simulateIndicators({ potential, D: 0.5, start: 0, barrier: -100, lag, seed: 3 });
    expect(again.variance).toBe(r.variance);
    expect(() =>
      simulateIndicators({ potential, D: 0.5, start: 0, barrier: -100, lag, samples: 10 }),
    ).toThrow(/samples/);
  });
  it('refuses a series past the step cap before doing any work', () => {
    // lag 1e4 relaxation times: dt = τ/50, so 5e5 steps per sample × 1e4 samples = 5e9 > 5e7.
    const started = Date.now();
    expect(() =>
      simulateIndicators({ potential, D: 0.5, start: 0, barrier: -100, lag: 1e4 }),
    ).toThrow(expect.objectContaining({ code: 'invalid_parameter' }));
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
