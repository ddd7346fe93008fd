/** runPreset: the report's outcome (retcode) from the routes behind its answers. */
import { describe, expect, it } from 'vitest';
import { rate, runPreset } from '../../src/index.js';
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
});
