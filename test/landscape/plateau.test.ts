import { describe, expect, it } from 'vitest';
import { analyze, KramersError, rate } from '../../src/index.js';
import { runCli } from '../cli/run.js';
import { expectClose, readFixture } from '../support/fixtures.js';

interface PlateauCase {
  id: string;
  expression: string;
  domain: [number, number] | null;
  D: number;
  gamma: number;
  wells: { x: number; U: number }[];
  plateauRight: number | null;
  deltaURight: number | null;
  toX: number;
  farX: number | null;
  reflectX: number | null;
  mfpt: number;
}
const { cases } = readFixture<{ cases: PlateauCase[] }>('plateau_escape.json');
const problemOf = (c: PlateauCase) => ({
  potential: c.expression,
  D: c.D,
  gamma: c.gamma,
  ...(c.domain ? { domain: { min: c.domain[0], max: c.domain[1] } } : {}),
});

describe('landscapes with plateaus (issue 14, item 1) against mpmath (plateau_escape.py)', () => {
  it.each(cases)('$id: the wells are found, each tail read as a plateau', (c) => {
    const report = analyze(problemOf(c));
    expect(report.wells).toHaveLength(c.wells.length);
    // Brent's method to a few ulps; 1e-9 absolute leaves room for the flat bottom of a well.
    report.wells.forEach((w, i) => {
      expect(Math.abs(w.x - c.wells[i]!.x)).toBeLessThan(1e-9);
      expect(Math.abs(w.U - c.wells[i]!.U)).toBeLessThan(1e-12);
    });
    if (c.plateauRight === null) return;
    expect(report.edges.right).toBe('plateau');
    // The level is U at |x| = 2^k where U′ has turned to round-off (or the extrapolated tail of a
    // 1/x² decay): within 1e-6 of U(∞), far finer than any ΔU/D a user reads.
    expect(Math.abs(report.plateaus.right! - c.plateauRight)).toBeLessThan(1e-6);
    const plateauEscape = report.plateauEscapes.find((e) => e.to === '+inf')!;
    expect(Math.abs(plateauEscape.deltaU - c.deltaURight!)).toBeLessThan(1e-6);
  });

  it.each(cases)('$id: the exact MFPT to x = toX matches the nested quadrature', async (c) => {
    const from = c.wells.length - 1;
    const wall = c.reflectX !== null ? { reflectX: c.reflectX } : {};
    const report = await rate({ ...problemOf(c), ...wall, from, toX: c.toX, methods: ['exact'] });
    if (c.farX !== null) expect(report.farSide).toEqual({ kind: 'absorbing', x: c.farX });
    // The exact route's own error estimate is ~1e-12; 1e-9 relative bounds it with room.
    expectClose(report.methods.exact!.mfpt!, c.mfpt, 1e-9, `${c.id} MFPT`);
  });

  it('escape to a plateau with no barrier between is refused with ΔU and a --to-x hint', async () => {
    const error = await rate({ potential: '-exp(-x^2)' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KramersError);
    expect((error as KramersError).code).toBe('no_barrier');
    expect((error as KramersError).message).toMatch(/ΔU = 1 .*plateau.*no saddle/);
    expect((error as KramersError).hint).toMatch(/--to-x -?\d/);
  });

  it('a barrier before a plateau is an ordinary transition: the wells of two Gaussians', () => {
    const report = analyze({ potential: '-exp(-(x-1)^2) - exp(-(x+1)^2)' });
    expect(report.wells).toHaveLength(2);
    expect(report.barriers).toHaveLength(1);
    expect(report.edges).toEqual({ left: 'plateau', right: 'plateau' });
    expect(report.plateaus).toEqual({ left: 0, right: 0 });
    expect(report.transitions.map((t) => [t.from, t.to])).toEqual([
      [0, 1],
      [1, 0],
    ]);
    // Kramers applies over the barrier; the exact MFPT to the other well is infinite (a walker
    // may wander onto the plateau behind), so that row says why instead of giving a number.
    for (const t of report.transitions) {
      expect(t.rates.kramers).toBeGreaterThan(0);
      expect(t.methods.exact.retcode).toBe('not_applicable');
      expect(t.methods.exact.warnings.join()).toMatch(/infinite mean/);
    }
    expect(report.retcode).toBe('success');
  });

  it('a well that rises without levelling off stays confined (x², no plateau)', () => {
    const report = analyze({ potential: 'x^2 + 0.1*x^4' });
    expect(report.edges).toEqual({ left: 'confining', right: 'confining' });
    expect(report.plateauEscapes).toEqual([]);
  });

  it('the CLI: analyze names the plateau, rate says there is no saddle (exit 2)', () => {
    for (const expr of ['-exp(-(x-1)^2) - exp(-(x+1)^2)', '-exp(-x^2)', '-1/(1+x^2)']) {
      const run = runCli(['analyze', expr]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/levels off at U = 0 .*no saddle/);
      expect(run.stdout).not.toMatch(/NaN|Infinity|stationary points out to/);
    }
    const refused = runCli(['rate', '(1-exp(-x))^2']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/ΔU = 1 and levels off towards \+∞[\s\S]*--to-x 3/);
    const to = runCli(['rate', '(1-exp(-x))^2', '--to-x', '3', '--D', '0.2', '--gamma', '2']);
    expect(to.status).toBe(0);
    expect(to.stdout).toMatch(/MFPT = 825\.21263/);
  });
});
