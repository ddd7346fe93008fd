/**
 * Josephson junction: E_J/k_B = 23.84 K per µA (Φ0 I_c/2π k_B; Tinkham, Introduction to
 * Superconductivity, 1996); ΔU(i) = 2E_J[√(1−i²) − i arccos i] and ω_p ∝ (1−i²)^{1/4} from the
 * landscape (docs/conventions.md §6); the escape rate against the library's Mel'nikov–Meshkov
 * turnover; the switching width ∝ T^{2/3} (Kurkijärvi 1972) and scipy's switching moments.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  analyze,
  constants,
  depopulationFactor,
  findPreset,
  junctionEscapeRate,
  junctionScales,
  resolvePresetValues,
  runPreset,
  switchingDistribution,
  turnover,
  washboardBarrier,
} from '../../src/index.js';
import { rel, resultOf } from './result.js';

describe('Josephson junction', () => {
  it('E_J/k_B = Φ0 I_c/(2π k_B) = 23.84 K for I_c = 1 µA', () => {
    const r = runPreset('josephson', { Ic: '1uA', I: '0.5uA' });
    const expected = (2.067833848461929e-15 * 1e-6) / (2 * Math.PI * 1.380649e-23);
    expect(rel(resultOf(r, 'EJ'), expected)).toBeLessThan(1e-12);
    expect(Math.abs(resultOf(r, 'EJ') - 23.84)).toBeLessThan(0.005);
  });
  it.each([0.3, 0.9, 0.99])('i = %s: the landscape’s barrier and ω_p are the closed forms', (i) => {
    const problem = findPreset('josephson').build(
      resolvePresetValues(findPreset('josephson'), { i }),
    );
    const a = analyze({
      potential: problem.potential,
      parameters: problem.parameters,
      D: problem.D,
      domain: problem.domain!,
    });
    const t = a.transitions.find((x) => x.to === '+inf')!;
    // Stationary points are polished to ~1e-12; ΔU then to ~1e-12 absolute.
    expect(Math.abs(t.deltaU - washboardBarrier(i))).toBeLessThan(1e-9);
    expect(Math.abs(a.wells[0]!.d2U - Math.sqrt(1 - i * i))).toBeLessThan(1e-8);
  });
  it.each([
    ['100ohm', 0.9],
    ['100ohm', 0.98],
    ['10000ohm', 0.9],
    ['10000ohm', 0.95],
  ] as const)(
    'R = %s, i = %s: escape rate = turnover() of the reduced problem (exact barrier action)',
    async (R, i) => {
      // The preset takes Δ = 36ΔU/(5Qk_BT) from the cubic approximation of the washboard; the
      // library's Mel'nikov–Meshkov rate integrates the action of the actual −cos φ − iφ. Measured
      // 1.5e-7 … 1.3e-4 apart (largest at i = 0.9, high Q, where the cubic is least good).
      // R = 10 kΩ (Q ≈ 1000) is underdamped: A(Δ) ≈ 0.09 at i = 0.95, T = 0.3 K.
      const v = resolvePresetValues(findPreset('josephson'), { T: '300mK', R });
      const { energy, omega0, quality } = junctionScales(v);
      const reduced = await turnover({
        potential: '-cos(x) - i*x',
        parameters: { i },
        D: (constants.BOLTZMANN * 0.3) / energy,
        mass: 1,
        gammaMin: 1 / quality,
        gammaMax: 1 / quality,
        points: 1,
        to: '+inf',
        domain: { min: -2, max: 4 },
      });
      const expected = reduced.rows[0]!.rates.melnikovMeshkov! * omega0;
      expect(rel(junctionEscapeRate(v, i, depopulationFactor), expected)).toBeLessThan(5e-4);
    },
  );
  it('near i → 1, ΔU ≈ (4√2/3)E_J(1−i)^{3/2} with relative error O(1 − i)', () => {
    for (const i of [0.99, 0.999]) {
      const cubic = ((4 * Math.SQRT2) / 3) * (1 - i) ** 1.5;
      expect(rel(cubic, washboardBarrier(i))).toBeLessThan(1 - i);
    }
  });
  // Same model, independent numerics: scipy adaptive quadrature for the survival exponent and
  // the moments (test/fixtures/josephson_switching.py). Our trapezoid rule has ~80 points per
  // width σ_I, an error ~(h/σ)²/12 ≈ 1e-5 of σ_I: we allow 1e-4 σ_I on the mean and the width.
  const switching = JSON.parse(
    readFileSync(new URL('../fixtures/josephson_switching.json', import.meta.url), 'utf8'),
  ) as { cases: { T: number; mean: number; std: number }[] };
  it.each(switching.cases)(
    'switching mean and width at T = $T K match scipy',
    ({ T, mean, std }) => {
      const d = switchingDistribution(resolvePresetValues(findPreset('josephson'), { T: `${T}K` }));
      expect(Math.abs(d.mean - mean)).toBeLessThan(1e-4 * std);
      expect(Math.abs(d.std - std)).toBeLessThan(1e-4 * std);
    },
  );
  it('switching distribution: normalised, width ∝ T^{2/3} (Kurkijärvi 1972)', () => {
    const p = findPreset('josephson');
    const cold = switchingDistribution(resolvePresetValues(p, { T: '0.25K' }));
    const warm = switchingDistribution(resolvePresetValues(p, { T: '2K' }));
    // Trapezoid rule on ~80 points per width: the mass is 1 to 1e-4.
    expect(Math.abs(cold.norm + cold.survivalAtIc - 1)).toBeLessThan(1e-4);
    // 8× the temperature → 4× the width, up to the slowly varying factor
    // [ln(ω_p I_c/2π İ …)]^{−1/3} of Kurkijärvi's formula (a few per cent here): within 7%.
    expect(Math.abs(warm.std / cold.std / 4 - 1)).toBeLessThan(0.07);
  });
});
