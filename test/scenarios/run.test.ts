/** runPreset: the report's outcome (retcode) from the routes behind its answers. */
import { describe, expect, it } from 'vitest';
import { parseQuantity, presetCatalog, rate, runPreset } from '../../src/index.js';
import { rateProblem } from './result.js';

describe('runPreset', () => {
  it('an exact rate that did not converge makes the report not_converged, numbers kept', () => {
    // Δ = 1e5 k_BT: the MFPT quadrature cannot reach its 1e-10 tolerance (the rounding of
    // U/D ~ 1e5 alone costs ~2e-10), so the exact route says not_converged; the report keeps
    // its closed-form answers and says why in its warnings.
    const report = runPreset('memory-bit', { Delta: 1e5 });
    expect(report.retcode).toBe('not_converged');
    expect(report.warnings.join(' ')).toMatch(/not converged/);
    expect(report.results.find((r) => r.name === 'Delta')!.value).toBe(1e5);
  });
  it('a scan’s escapes count too: the worst of every exact rate computed', async () => {
    // Tipping at c = 0.99, D = 1e-5: its own barrier is ΔU/D = 133, which converges; the scan's
    // row at c = 0 has ΔU/D = 1.3e5, which does not (rounding of U/D as above).
    const report = runPreset('tipping', { c: 0.99, D: 1e-5 });
    const own = await rate({ ...rateProblem(report.problem), methods: ['exact'] });
    expect(own.retcode).toBe('success');
    expect(report.retcode).toBe('not_converged');
  });

  it('prints each parameter with the digits it was given: T = 298.15 K, not 298.1 K', () => {
    // The reference is the catalogue's own default text, read back by parseQuantity: the shown
    // text must give the same number. 1e-9 relative is far above a unit conversion's round-off
    // (~1e-15: 1 mA/s shown as 0.001 A/s, 10 kT through joules) and far below a dropped digit
    // (298.1 vs 298.15 is 1.7e-4).
    for (const preset of presetCatalog()) {
      const report = runPreset(preset.name);
      for (const p of preset.parameters) {
        const given = parseQuantity(p.default);
        const shown = parseQuantity(report.parameters[p.name]!.text.replace(' ', ''));
        expect(shown.thermal, `${preset.name} ${p.name}`).toBe(given.thermal);
        expect(
          Math.abs(shown.value - given.value),
          `${preset.name} ${p.name}: ${report.parameters[p.name]!.text}`,
        ).toBeLessThanOrEqual(1e-9 * Math.abs(given.value));
      }
    }
    expect(runPreset('protein').parameters['T']!.text).toBe('298.15 K');
    // At most six digits: a seventh is cut, and a value computed from another unit (25 kJ/mol
    // in k_BT at 298.15 K = 25e3/(8.314462618·298.15) = 10.08489…) is no 17-digit string.
    expect(runPreset('protein', { T: '298.1534K' }).parameters['T']!.text).toBe('298.153 K');
    expect(runPreset('protein', { dG: '25kJ/mol' }).parameters['dG']!.text).toBe('10.0849 kT');
  });
});
