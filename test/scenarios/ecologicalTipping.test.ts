/**
 * Ecological tipping: ΔU = (4/3)μ^{3/2} of the fold (Strogatz, Nonlinear Dynamics and Chaos,
 * 1994; docs/conventions.md §6); exact collapse time vs Kramers; rising variance and lag-1
 * autocorrelation (Scheffer et al. 2009), linearised and simulated.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { potentialFromExpression } from '../../src/expr/index.js';
import {
  analyze,
  findPreset,
  resolvePresetValues,
  runPreset,
  simulateIndicators,
} from '../../src/index.js';
import { MAX_LENGTHENED_STEPS } from '../../src/studies/index.js';
import { rel, resultOf } from './result.js';

/** Variance of e^{−U/D}, U = x³/3 − x, D = 0.05, over the basin x > −1 (trapezoid, h = 1e-4). */
function boltzmannVariance(): number {
  let z = 0;
  let m1 = 0;
  let m2 = 0;
  const h = 1e-4;
  for (let x = -1 + h; x < 4; x += h) {
    const w = Math.exp(-(x ** 3 / 3 - x) / 0.05);
    z += w;
    m1 += w * x;
    m2 += w * x * x;
  }
  return m2 / z - (m1 / z) ** 2;
}

describe('ecological tipping', () => {
  it.each([0, 0.5, 0.9])('c = %s: the landscape barrier is (4/3)μ^{3/2}', (c) => {
    const problem = findPreset('tipping').build(resolvePresetValues(findPreset('tipping'), { c }));
    const a = analyze({ potential: problem.potential, parameters: problem.parameters, D: 0.05 });
    expect(Math.abs(a.transitions[0]!.deltaU - (4 / 3) * (1 - c) ** 1.5)).toBeLessThan(1e-9);
  });
  const report = runPreset('tipping', { c: 0 });
  it('exact collapse time = Kramers × [1 + (5/24)D/μ^{3/2}] to O((D/ΔU)²)', () => {
    const ratio = resultOf(report, 'collapse') / resultOf(report, 'collapseKramers');
    const dOverU = 0.05 / (4 / 3);
    expect(Math.abs(ratio - (1 + (5 / 24) * 0.05))).toBeLessThan(2 * dOverU * dOverU);
  });
  it('a warning names the driver rows where ΔU/D < 5 (the Kramers column unreliable)', () => {
    // ΔU/D = (4/3)(1 − c)^{3/2}/0.05: 6.75 at c = 0.6, 4.38 at c = 0.7, so c = 0.7 … 0.95.
    const low = [0.7, 0.8, 0.9, 0.95].map(
      (c) => `c = ${c} (${Number((((4 / 3) * (1 - c) ** 1.5) / 0.05).toPrecision(3))})`,
    );
    expect(report.warnings).toContain(
      `Collapse time vs driver: ΔU/D < 5 at ${low.join(', ')}: the collapse Kramers column is asymptotic in ΔU/D there and unreliable (leading-order error of order 1/(ΔU/D)); the exact column stands`,
    );
  });
  it('early warnings rise toward the fold (variance and lag-1 autocorrelation)', () => {
    const rows = report.tables[0]!.rows;
    for (let k = 1; k < rows.length; k++) {
      expect(rows[k]![4]!).toBeGreaterThan(rows[k - 1]![4]!);
      expect(rows[k]![5]!).toBeGreaterThan(rows[k - 1]![5]!);
    }
  });
  it('simulated indicators rise from c = 0 to c = 0.6 by many standard errors', () => {
    const rows = report.tables[0]!.rows;
    const [first, later] = [rows[0]!, rows[4]!]; // c = 0 and c = 0.6
    expect(later[0]).toBe(0.6);
    expect(later[6]! - first[6]!).toBeGreaterThan(4 * Math.hypot(later[7]!, first[7]!));
    expect(later[8]! - first[8]!).toBeGreaterThan(4 * Math.hypot(later[9]!, first[9]!));
  });
  it('the simulated variance at c = 0 is the Boltzmann in-well variance within 4 SE', () => {
    const row = report.tables[0]!.rows[0]!;
    // Reference: trapezoid moments of e^{−U/D} over the basin x > −1 (below). Euler–Maruyama
    // adds a relative bias ≈ U″dt/2 = 2·0.0016/2 ≈ 0.2%, included in the tolerance.
    const reference = boltzmannVariance();
    expect(Math.abs(row[6]! - reference)).toBeLessThan(4 * row[7]! + 0.002 * reference);
  });
  it('at the default lag (30 d) every series already spans 200 τ: 10000 samples, as before', () => {
    // The longest OU time, at c = 0.95: coth(Δt·2√0.05/2)/2 ≈ 27 samples, 200 of them 5450.
    const label = report.results.find((r) => r.name === 'varianceSimulated')!.label;
    expect(label).toBe('variance, simulated (10000 samples)');
    expect(report.retcode).toBe('success');
  });
  it('the OU variance D/U″ is the in-well variance of e^{−U/D} to within 5% at ΔU/D = 27', () => {
    expect(rel(resultOf(report, 'variance'), boltzmannVariance())).toBeLessThan(0.05);
  });
});

describe('ecological tipping: simulated indicators at lag 1 d (series sized to 200 τ)', () => {
  // Boltzmann in-well variance by adaptive quadrature (test/fixtures/tipping_variance.py).
  const fixture = JSON.parse(
    readFileSync(new URL('../fixtures/tipping_variance.json', import.meta.url), 'utf8'),
  ) as { rows: { c: number; variance: number }[] };
  const report = runPreset('tipping', { lag: '1d' });
  const rows = report.tables[0]!.rows;
  it('every row is within 4 SE of the exact variance, and none is flagged', () => {
    // Each series spans ≥ 200 OU autocorrelation times, so its SE rests on ≥ 20 jackknife
    // batches: P(|t₁₉| > 4) < 1e-3. Euler–Maruyama's bias U″dt/2 is below 1e-4 relative at
    // dt = 5.5e-5 τ. Measured −0.75…+0.33 SE. With 10000 samples at every lag (before) the
    // c = 0.6 row spanned too few autocorrelation times and the report was not_converged.
    for (const { c, variance } of fixture.rows) {
      const row = rows.find((r) => r[0] === c)!;
      expect(Math.abs(row[6]! - variance)).toBeLessThan(4 * row[7]!);
    }
    expect(report.retcode).toBe('success');
    expect(report.warnings.join('\n')).not.toMatch(/autocorrelation times|jackknife batches/);
  });
  it('the series spans at least 200 autocorrelation times of the linearised walker', () => {
    // OU at c = 0.5: relaxation time 1/U″(x_a) = 1/(2√0.5); sampled every Δt its integrated
    // autocorrelation time is Σ_{k∈ℤ} e^{−|k|Δt/τ}/2 = coth(Δt/2τ)/2 samples (a geometric sum).
    const samples = Math.ceil((200 * (1 / Math.tanh(LAG_1D / (2 * RELAX_05)))) / 2);
    expect(samples).toBe(51655);
    const label = report.results.find((r) => r.name === 'varianceSimulated')!.label;
    const n = Number(/\((\d+) samples\)/.exec(label)![1]);
    // Measured 64976: the walker's own τ̂ was longer than the OU one (next test).
    expect(n).toBeGreaterThanOrEqual(samples);
  });
});

/** The tipping preset's lag of 1 d in its time unit τ = 1 yr, and 1/U″(x_a) at c = 0.5. */
const LAG_1D = 86400 / (365.25 * 86400);
const RELAX_05 = 1 / (2 * Math.sqrt(0.5));

describe('simulated indicators: the lengthened series and its cap', () => {
  const harmonic = potentialFromExpression('x^2/2');
  it('past the step cap the series is capped, warned about and not_converged', () => {
    // U = x²/2, lag 1e-4: 200 τ_int = 200·coth(5e-5)/2 ≈ 2e6 samples of 50 steps, past the 2e7
    // steps of MAX_LENGTHENED_STEPS (≈ 1 s here).
    const r = simulateIndicators({
      potential: harmonic,
      D: 0.1,
      start: 0,
      barrier: -10,
      lag: 1e-4,
      autocorrelationTimes: 200,
    });
    expect(r.samplesWanted).toBe(Math.ceil((200 * (1 / Math.tanh(5e-5))) / 2));
    expect(r.samples).toBeLessThan(r.samplesWanted!);
    // 2e7 steps less the burn-in of ten relaxation times (5e6 steps), 50 steps per sample.
    expect(r.samples).toBe((MAX_LENGTHENED_STEPS - 5e6) / 50);
    expect(r.retcode).toBe('not_converged');
    expect(r.warnings.join(' ')).toMatch(/capped at 300000 samples .* of the 200 asked/);
  });
  it('lengthens the series further where its own autocorrelation time is longer than OU', () => {
    // The cubic at c = 0.5 (μ = 0.5), lag 1 d, seed 1, as the preset's own row: the OU sizing
    // gives 51655 samples, over which the walker's τ̂ came out 325 samples against OU's 258, so
    // the series is lengthened to 200·325 samples. The final τ̂ (273 on the longer series) is
    // itself an estimate (±20% at this length), so the span is checked against 160, not 200.
    const potential = potentialFromExpression('x^3/3 - 0.5*x');
    const r = simulateIndicators({
      potential,
      D: 0.05,
      start: Math.sqrt(0.5),
      barrier: -Math.sqrt(0.5),
      lag: LAG_1D,
      seed: 1,
      autocorrelationTimes: 200,
    });
    expect(r.samples).toBeGreaterThan(
      Math.ceil((200 * (1 / Math.tanh(LAG_1D / (2 * RELAX_05)))) / 2),
    );
    expect(r.samples / r.autocorrelationTime).toBeGreaterThan(160);
    expect(r.retcode).toBe('success');
    expect(r.warnings).toEqual([]);
  });
  it('never shortens a series below its samples', () => {
    // lag 0.5 on U = x²/2: 200 τ_int = 200·coth(0.25)/2 ≈ 408 samples, fewer than the 10000.
    const r = simulateIndicators({
      potential: harmonic,
      D: 0.1,
      start: 0,
      barrier: -10,
      lag: 0.5,
      autocorrelationTimes: 200,
    });
    expect(r.samples).toBe(10000);
    expect(r.samplesWanted).toBeUndefined();
    expect(r.retcode).toBe('success');
  });
});
