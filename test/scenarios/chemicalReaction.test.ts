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
  it('the viscosity rows outside the overdamped limit are named, and those above TST', () => {
    // Closed forms (Kramers 1940), x = η_c/ω_s: the overdamped rate over the spatial-diffusion one
    // is 1/(x(√(x²/4 + 1) − x/2)), and the exact column is the overdamped formula times
    // 1 − (5/18)k_BT/ΔG‡ (the test above). A row is flagged where exact/Kramers > 1.05: predicted
    // here from x alone (1.09 at x = 2.93, 0.987 at x = 29.3: far from the threshold).
    const b = resultOf(report, 'barrier');
    const omegaS = table[2]![1]! / resultOf(report, 'collisionRate'); // row 2: the default 1 mPa·s
    const predicted = table
      .map((row) => {
        const x = row[1]! / omegaS;
        return {
          eta: row[0]!,
          flag: (1 - 5 / 18 / b) / (x * (Math.sqrt((x * x) / 4 + 1) - x / 2)) > 1.05,
        };
      })
      .filter((r) => r.flag)
      .map((r) => String(Number(r.eta.toPrecision(4))));
    expect(predicted).toEqual(['0.01', '0.1', '1']);
    const warning = report.warnings.find((w) => w.startsWith('Rate vs solvent viscosity'));
    expect(warning).toContain(`at η = ${predicted.join(', ')} mPa*s`);
    // TST is the upper bound at any friction: the overdamped column is above it at 0.01 and 0.1.
    expect(table.slice(0, 3).map((row) => row[4]! > row[2]!)).toEqual([true, true, false]);
    expect(warning).toContain('at 0.01, 0.1 it is even above TST');
  });
});
