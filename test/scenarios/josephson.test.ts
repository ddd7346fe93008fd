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
import { findResult, rel, resultOf } from './result.js';

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

/**
 * Thermal escape beside macroscopic quantum tunnelling: the crossover temperature, the T = 0
 * tunnelling rate and the temperature where the two rates are equal, against an independent
 * 30-digit mpmath computation from CODATA constants (test/fixtures/josephson_crossover.py: its own
 * μ = √(ω² + 1/(2RC)²) − 1/2RC, Mel'nikov–Meshkov on the real line, root finder).
 */
describe('Josephson junction: tunnelling below the crossover', () => {
  const fixture = JSON.parse(
    readFileSync(new URL('../fixtures/josephson_crossover.json', import.meta.url), 'utf8'),
  ) as {
    junctions: {
      Ic: number;
      C: number;
      R: number;
      i: number;
      crossover: number;
      tunnellingRate: number;
      equalRateTemperature: number;
      thermalRateAtCrossover: number;
    }[];
  };
  it.each(fixture.junctions)(
    'I_c = $Ic A, C = $C F, R = $R Ω, i = $i: T_cr, Γ_q and the equal-rate temperature',
    (j) => {
      const settings = { Ic: `${j.Ic}A`, C: `${j.C}F`, R: `${j.R}ohm`, i: j.i };
      const report = runPreset('josephson', { ...settings, T: `${j.crossover}K` });
      // Closed forms in double precision against 30 digits: rounding only (~1e-15 relative);
      // Γ_q = e^{−B/ħ} carries B/ħ ≤ 126 times the rounding of its exponent: 1e-12.
      expect(rel(resultOf(report, 'crossover'), j.crossover)).toBeLessThan(1e-13);
      expect(rel(resultOf(report, 'tunnelling'), j.tunnellingRate)).toBeLessThan(1e-12);
      // The thermal rate at T_cr: the library's Mel'nikov–Meshkov quadrature is good to ~1e-12,
      // and ΔU/k_BT ≤ 90 amplifies the rounding of the exponent to ~1e-13.
      expect(rel(resultOf(report, 'rate'), j.thermalRateAtCrossover)).toBeLessThan(1e-10);
      // Bisection to 2^−60 of a 1e6-wide bracket in ln T; the fixture's root to 1e-25.
      expect(rel(resultOf(report, 'equalRates'), j.equalRateTemperature)).toBeLessThan(1e-10);
    },
  );
  it('says which rate dominates on each side, and the T/T_cr scan crosses over', () => {
    const cold = runPreset('josephson', { T: '50mK' });
    const warm = runPreset('josephson', { T: '1K' });
    const text = (r: typeof cold) => r.results.find((x) => x.name === 'quantumToThermal')!.text;
    expect(text(cold)).toMatch(/tunnelling dominates \(T < T_cr\)/);
    expect(text(warm)).toMatch(/thermal escape dominates \(T > T_cr\)/);
    expect(resultOf(cold, 'quantumToThermal')).toBeGreaterThan(0);
    expect(resultOf(warm, 'quantumToThermal')).toBeLessThan(0);
    const scan = warm.tables.find((t) => /crossover/.test(t.title))!;
    const ratio = scan.rows.map((row) => row[4]!);
    // log₁₀(Γ_q/Γ_th) falls with T and changes sign between the rows around T_equal.
    for (let k = 1; k < ratio.length; k++) expect(ratio[k]!).toBeLessThan(ratio[k - 1]!);
    const equal = resultOf(warm, 'equalRates') / resultOf(warm, 'crossover');
    for (const row of scan.rows) expect(Math.sign(row[4]!)).toBe(row[1]! < equal ? 1 : -1);
  });
  it('a well that holds no level: no tunnelling rate, the reason in the warnings', () => {
    // i = 0.9999 at I_c = 1 µA, C = 5 pF: ΔU/ħω_p ≈ 0.04.
    const r = runPreset('josephson', { Ic: '1uA', C: '5pF', i: 0.9999 });
    expect(r.results.some((x) => x.name === 'tunnelling')).toBe(false);
    expect(r.warnings.join(' ')).toMatch(/tunnelling rate: .*ground level ħω\/2 lies above/);
    expect(Number.isFinite(resultOf(r, 'crossover'))).toBe(true);
  });
});

describe('Josephson junction: the damping factor at vanishing Q', () => {
  // CODATA 2018 exact values, written out here so the closed form shares nothing with the library.
  const hbar = 6.62607015e-34 / (2 * Math.PI);
  const e = 1.602176634e-19;
  const kB = 1.380649e-23;
  it.each(['1e-24F', '1e-30F', '1e-200F'])(
    'C = %s: Γ is the overdamped limit (ω_p²RC/2π) e^{−ΔU/k_BT}',
    (C) => {
      // Defaults Ic = 10 µA, R = 100 Ω, T = 1 K, I = 9 µA. At Q ≤ 1.7e-5, a_t = Q(1 − Q² + …)
      // and A(Δ) = 1 to double precision (Δ = 36ΔU/5Qk_BT ≥ 5e6), so Γ = a_t ω_p/2π e^{−ΔU/k_BT}
      // is the closed form to Q² ≤ 3e-10; 1e-9 leaves room for that and the round-off of ln Γ ≈ 12.
      // The old a_t = √(1 + 1/4Q²) − 1/2Q printed 170 500 1/s at C = 1e-30 F (Q0 = 1.7e-8).
      const r = runPreset('josephson', { C });
      const c = Number.parseFloat(C);
      const ic = 10e-6;
      const i = 0.9;
      const omega = Math.sqrt((2 * e * ic) / (hbar * c)) * (1 - i * i) ** 0.25;
      const barrier = (2 * (Math.sqrt(1 - i * i) - i * Math.acos(i)) * hbar * ic) / (2 * e * kB);
      const expected = ((omega * omega * 100 * c) / (2 * Math.PI)) * Math.exp(-barrier);
      expect(rel(resultOf(r, 'rate'), expected)).toBeLessThan(1e-9);
      expect(r.retcode).toBe('success');
    },
  );
  it('the switching current is finite there, and independent of C (Γ ∝ ω_p²C does not depend on C)', () => {
    // At Q0 = 1.7e-5 and 1.7e-8 both rates are the overdamped limit to Q² ≤ 3e-10: the moments agree
    // to that (1e-8 leaves room for the trapezoid sums, identical on both grids).
    const a = runPreset('josephson', { C: '1e-24F' });
    const b = runPreset('josephson', { C: '1e-30F' });
    expect(rel(resultOf(b, 'switchingMean'), resultOf(a, 'switchingMean'))).toBeLessThan(1e-8);
    expect(rel(resultOf(b, 'switchingWidth'), resultOf(a, 'switchingWidth'))).toBeLessThan(1e-8);
  });
});

describe('Josephson junction: the notes say what the numbers model', () => {
  it('energy diffusion at weak damping is in the rate (A(Δ)), and the note says so', () => {
    // R = 10 kΩ: Q ≈ 700, Δ < 1, A(Δ) well below 1; the rate carries it, so no note may call the
    // regime unmodelled.
    const r = runPreset('josephson', { R: '10000ohm', T: '300mK' });
    const notes = r.notes.join(' ');
    expect(notes).not.toMatch(/energy.diffusion[^.]*not modelled/);
    expect(notes).toMatch(/energy diffusion lowers Γ further, which the factor A\(Δ\)/);
    expect(findResult(r, 'rate').method).toMatch(/Mel'nikov–Meshkov \(all damping\)/);
  });
});
