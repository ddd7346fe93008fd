/**
 * Protein under force and viscosity: the Dudko–Hummer–Szabo ν = 2/3 formula (drive/'s
 * dhsLogRate) is the Kramers rate of the linear-cubic surface (PRL 96, 108101, 2006), whose
 * barrier is gone at F = 3ΔG‡/2x‡; k ∝ 1/(η + σ) (Ansari et al. 1992).
 */
import { describe, expect, it } from 'vitest';
import {
  constants,
  findPreset,
  prepareTransition,
  ROUTES,
  resolvePresetValues,
  runPreset,
} from '../../src/index.js';
import { rel, resultOf } from './result.js';

const { BOLTZMANN } = constants;

describe('protein under force and viscosity', () => {
  const report = runPreset('protein');
  const preset = findPreset('protein');
  const values = resolvePresetValues(preset);
  it('its DHS ν = 2/3 column (drive/’s dhsLogRate) is the Kramers route on the surface', () => {
    // Exact identity for the linear-cubic surface (Dudko, Hummer & Szabo 2006); the route locates
    // the stationary points numerically (polished to ~1e-12), so we allow 1e-8.
    const problem = preset.build(values);
    const kT = BOLTZMANN * values['T']!;
    const kramers = (f: number) =>
      ROUTES.kramers.run(
        prepareTransition({ ...problem, parameters: { ...problem.parameters, f } }),
      ).rate! / problem.units.time;
    const rows = report.tables[0]!.rows;
    for (const [forcePn, , dhs] of rows) {
      const k = kramers((forcePn! * 1e-12 * values['xb']!) / kT);
      expect(rel(k, dhs!)).toBeLessThan(1e-8);
    }
    expect(rows.at(-1)![0]).toBeGreaterThan(35); // up to 0.6 F_c = 37 pN
  });
  it('the barrier vanishes at F = 3ΔG‡/2x‡ = 61.75 pN (ΔG‡ = 10 k_BT at 298.15 K, x‡ = 1 nm)', () => {
    expect(Math.abs(resultOf(report, 'criticalForce') - 61.748)).toBeLessThan(0.01);
  });
  it('k ∝ 1/(η + σ): k·(η + σ) is the same at every viscosity', () => {
    const rows = report.tables[1]!.rows;
    for (const row of rows) expect(rel(row[2]!, rows[0]![2]!)).toBeLessThan(1e-12);
  });
  it('exact rate at F = 0 is the Kramers rate × [1 − (5/18)/βΔG‡] to O((βΔG‡)⁻²)', () => {
    const ratio = resultOf(report, 'rate') / resultOf(report, 'dhs');
    expect(Math.abs(ratio - (1 - 5 / 18 / 10))).toBeLessThan(1 / 100);
  });
});
