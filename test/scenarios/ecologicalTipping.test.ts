/**
 * Ecological tipping: ΔU = (4/3)μ^{3/2} of the fold (Strogatz, Nonlinear Dynamics and Chaos,
 * 1994; docs/conventions.md §6); exact collapse time vs Kramers; rising variance and lag-1
 * autocorrelation (Scheffer et al. 2009), linearised and simulated.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, findPreset, resolvePresetValues, runPreset } from '../../src/index.js';
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
  it('the OU variance D/U″ is the in-well variance of e^{−U/D} to within 5% at ΔU/D = 27', () => {
    expect(rel(resultOf(report, 'variance'), boltzmannVariance())).toBeLessThan(0.05);
  });
});

describe('ecological tipping: simulated variance at lag 1 d (series of 25–40 relaxation times)', () => {
  // Boltzmann in-well variance by adaptive quadrature (test/fixtures/tipping_variance.py).
  const fixture = JSON.parse(
    readFileSync(new URL('../fixtures/tipping_variance.json', import.meta.url), 'utf8'),
  ) as { rows: { c: number; variance: number }[] };
  const report = runPreset('tipping', { lag: '1d' });
  const rows = report.tables[0]!.rows;
  it('each row with a trusted SE is within 4 SE of the exact variance', () => {
    // The SEs rest on 5–9 jackknife batches: P(|t₄| > 4) = 1.6%. Euler–Maruyama's bias U″dt/2
    // is below 1e-4 relative at dt = 5.5e-5 τ. The old 20 fixed batches put these rows
    // −5.4…−8.6 printed SEs away (the SE was 3–5.5× too small).
    let checked = 0;
    for (const { c, variance } of fixture.rows) {
      const row = rows.find((r) => r[0] === c)!;
      const flagged = new RegExp(`c = ${c}[,:].*too few`);
      if (report.warnings.some((w) => flagged.test(w))) continue;
      expect(Math.abs(row[6]! - variance)).toBeLessThan(4 * row[7]!);
      checked++;
    }
    expect(checked).toBe(4); // c = 0, 0.2, 0.4, 0.5; c = 0.6 is flagged (next test)
  });
  it('flags the rows whose series is too short for its autocorrelation time', () => {
    expect(report.retcode).toBe('not_converged');
    expect(report.warnings.join('\n')).toMatch(
      /c = 0\.6.*too few of its own autocorrelation times/,
    );
  });
});
