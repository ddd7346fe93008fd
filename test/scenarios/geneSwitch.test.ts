/** Gene switch: Griffith (1968) fixed points (a ± √(a² − 4))/2, bistable iff a > 2. */
import { describe, expect, it } from 'vitest';
import { analyze, geneFixedPoints, runPreset } from '../../src/index.js';
import { resultOf } from './result.js';

describe('gene switch (Griffith 1968)', () => {
  it('fixed points (a ± √(a²−4))/2 and 0; a = 3 gives 1/φ² and φ²', () => {
    const roots = geneFixedPoints(3, 0);
    const phi2 = (3 + Math.sqrt(5)) / 2;
    expect(roots.length).toBe(3);
    expect(Math.abs(roots[0]!)).toBeLessThan(1e-12);
    expect(Math.abs(roots[1]! - 1 / phi2)).toBeLessThan(1e-12);
    expect(Math.abs(roots[2]! - phi2)).toBeLessThan(1e-12);
  });
  it('bistable iff a > 2', () => {
    expect(geneFixedPoints(2.02, 0).length).toBe(3);
    expect(geneFixedPoints(1.98, 0).length).toBe(1);
    expect(() => runPreset('gene-switch', { a: '1.9', a0: '0' })).toThrow(/a > 2/);
  });
  it('the landscape finds the same states; both switching times are exact MFPTs', () => {
    const report = runPreset('gene-switch', { a: '3', a0: '0', D: '0.1' });
    const problem = report.problem;
    const a = analyze({
      potential: problem.potential,
      parameters: problem.parameters,
      D: 0.1,
      domain: problem.domain!,
    });
    expect(a.wells.map((w) => w.x)).toHaveLength(2);
    expect(Math.abs(a.barriers[0]!.x - (3 - Math.sqrt(5)) / 2)).toBeLessThan(1e-9);
    expect(resultOf(report, 'onToOff')).toBeGreaterThan(resultOf(report, 'offToOn'));
  });
});
