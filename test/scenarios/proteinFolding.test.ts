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
import { readFixture } from '../support/fixtures.js';
import { findResult, rel, resultOf } from './result.js';

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
    for (const [forcePn, , , dhs] of rows) {
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
  it('its ΔU/k_BT column is the linear-cubic barrier ΔG‡(1 − F/F_c)^{3/2}, F_c = 3ΔG‡/2x‡', () => {
    // Closed form of b(1.5x − 2x³) − fx (Dudko, Hummer & Szabo 2006); the landscape polishes its
    // stationary points to ~1e-12, so 1e-9 on ΔU ≈ 2.5 … 10.
    const fc = 61.748; // pN, ΔG‡ = 10 k_BT at 298.15 K, x‡ = 1 nm (checked above to 0.01)
    for (const [forcePn, barrier] of report.tables[0]!.rows) {
      const expected = 10 * (1 - forcePn! / resultOf(report, 'criticalForce')) ** 1.5;
      expect(Math.abs(barrier! - expected)).toBeLessThan(1e-9);
      expect(forcePn! / fc).toBeLessThan(0.61);
    }
  });
  it('a warning names the force rows where ΔU/k_BT < 5 (DHS and Bell unreliable), and only those', () => {
    // Rows at F = j·0.1·F_c, j = 0…6: ΔU/k_BT = 10(1 − j/10)^{3/2} is below 5 from j = 4 on
    // (4.65, 3.54, 2.53); there DHS is 13.6% above the exact rate at j = 6.
    const fc = resultOf(report, 'criticalForce');
    const low = [4, 5, 6].map(
      (j) =>
        `F = ${Number(((j * fc) / 10).toPrecision(3))} pN (${Number((10 * (1 - j / 10) ** 1.5).toPrecision(3))})`,
    );
    const warning = report.warnings.find((w) => w.startsWith('Rate vs force:'));
    expect(warning).toBe(
      `Rate vs force: ΔU/k_BT < 5 at ${low.join(', ')}: the DHS and Bell columns are asymptotic in ΔU/k_BT there and unreliable (leading-order error of order 1/(ΔU/k_BT)); the exact column stands`,
    );
    // ΔG‡ = 40 k_BT: the lowest row has ΔU = 40·0.4^{3/2} = 10.1 k_BT, no row to name.
    const high = runPreset('protein', { dG: '40kT' });
    expect(high.warnings.some((w) => w.startsWith('Rate vs force:'))).toBe(false);
  });
  it('its exact column is 1/MFPT to a sink 40 k_BT below the top, as its label says (scipy)', () => {
    // test/fixtures/protein_sink.py: the same passage by scipy quadrature to 1e-12, the sink at
    // the root of U = U_top − 40. The route puts its sink on a 4096-step grid past the barrier, up
    // to one step beyond that root, which lengthens the MFPT by the slide over that step:
    // measured 1.8e-9 (F = 0) … 9.1e-7 (37 pN) below the fixture; 3e-6 bounds it.
    const fixture = readFixture<{ rows: { deltaU: number; rateToSink: number }[] }>(
      'protein_sink.json',
    );
    const time = preset.build(values).units.time;
    report.tables[0]!.rows.forEach((row, j) => {
      expect(rel(row[2]! * time, fixture.rows[j]!.rateToSink)).toBeLessThan(3e-6);
      expect(Math.abs(row[1]! - fixture.rows[j]!.deltaU)).toBeLessThan(1e-9);
    });
    expect(findResult(report, 'rate').method).toMatch(
      /^1\/MFPT to a sink 40 k_BT below the barrier top, relative error /,
    );
    expect(report.notes[0]).toMatch(
      /^The exact rate is 1\/MFPT from the folded well to an absorbing point 40 k_BT below/,
    );
  });
  it('exact rate at F = 0 is the Kramers rate × [1 − (5/18)/βΔG‡] to O((βΔG‡)⁻²)', () => {
    const ratio = resultOf(report, 'rate') / resultOf(report, 'dhs');
    expect(Math.abs(ratio - (1 - 5 / 18 / 10))).toBeLessThan(1 / 100);
  });
});
