/**
 * Reaction in a solvent: Eyring prefactor k_BT/h = 6.2510e12 1/s at 300 K (Eyring 1935; CODATA
 * 2018 exact constants); k ∝ 1/η at high viscosity and → TST at low (Kramers 1940); exact
 * overdamped rate vs Kramers within the finite-barrier correction (Hänggi, Talkner & Borkovec
 * 1990; docs/conventions.md §1).
 */
import { describe, expect, it } from 'vitest';
import { constants, runPreset } from '../../src/index.js';
import { rel, resultOf } from './result.js';

const { BOLTZMANN, PLANCK, GAS_CONSTANT } = constants;

describe('reaction in a solvent', () => {
  const report = runPreset('reaction');
  it('Eyring: k = (k_BT/h) e^{−ΔG‡/RT}, k_BT/h = 6.2510e12 1/s at 300 K', () => {
    expect(rel((BOLTZMANN * 300) / PLANCK, 6.251e12)).toBeLessThan(1e-4);
    const expected = ((BOLTZMANN * 300) / PLANCK) * Math.exp(-50e3 / (GAS_CONSTANT * 300));
    expect(rel(resultOf(report, 'eyring'), expected)).toBeLessThan(1e-12);
  });
  const table = report.tables[0]!.rows;
  it('k ∝ 1/η at high viscosity: k·η constant to 1e-4 between 1 and 10 Pa s', () => {
    // Correction to the overdamped limit is O((ω_s/η_c)²) ≈ 1e-5 at η_c/ω_s ≈ 300.
    const [a, b] = [table.at(-2)!, table.at(-1)!];
    expect(rel(a[5]!, b[5]!)).toBeLessThan(1e-4);
  });
  it('Kramers → TST at low viscosity: k/k_TST = 1 − η_c/2ω_s + O((η_c/ω_s)²)', () => {
    const low = runPreset('reaction', { eta: '0.01mPa*s' });
    const ratio = resultOf(low, 'kramers') / resultOf(low, 'tst');
    const x = resultOf(low, 'collisionRate'); // η_c/ω_s
    expect(Math.abs(ratio - (1 - x / 2))).toBeLessThan(x * x);
  });
  it('exact overdamped rate = Kramers × [1 − (5/18)(k_BT/ΔG‡)] to O((k_BT/ΔG‡)²)', () => {
    // Finite-barrier correction (docs/conventions.md §1) for the cubic 3x² − 2x³:
    // c_a = c_s = (5/36)k_BT/ΔG‡.
    const b = resultOf(report, 'barrier');
    const ratio = resultOf(report, 'exact') / resultOf(report, 'overdamped');
    expect(Math.abs(ratio - (1 - 5 / 18 / b))).toBeLessThan(1 / (b * b));
  });
});
