import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exactSeries, writeTurnoverPlot } from '../../src/cli/turnoverPlot.js';
import { type TurnoverReport, turnover } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'kramers-turnover-plot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A real report whose exact value at one friction is marked as the capped solver would leave it. */
const base = turnover({ D: 0.1, gammaMin: 1, gammaMax: 100, points: 5, exact: true });
async function withUnconverged(index: number): Promise<TurnoverReport> {
  const r = await base;
  const rows = r.rows.map((row, i) =>
    i === index
      ? {
          ...row,
          rates: { ...row.rates, kleinKramers: row.rates.kleinKramers! / 4 },
          errors: { ...row.errors, kleinKramers: row.rates.kleinKramers! },
          retcodes: { ...row.retcodes, kleinKramers: 'not_converged' as const },
        }
      : row,
  );
  return { ...r, rows };
}

describe('turnover plot: unconverged exact values are points with error bars, not part of the curve', () => {
  it('splits the exact curve at an unconverged value and keeps its error', async () => {
    const report = await withUnconverged(2);
    const { segments, unconverged } = exactSeries(report);
    expect(segments.map((p) => p.gamma)).toEqual([0, 1, 3, 4].map((i) => report.rows[i]!.gamma));
    // Two segments: the line never joins the values on either side through the bad one.
    expect(new Set(segments.map((p) => p.segment)).size).toBe(2);
    expect(unconverged).toHaveLength(1);
    const p = unconverged[0]!;
    const row = report.rows[2]!;
    expect(p.gamma).toBe(row.gamma);
    expect(p.rate).toBe(row.rates.kleinKramers);
    // hi = rate + error in floating point: (rate + error) − rate is error to a rounding of hi.
    const ulps = 4 * Number.EPSILON * p.hi;
    expect(Math.abs(p.hi - p.rate - row.errors.kleinKramers!)).toBeLessThanOrEqual(ulps);
    expect(Math.abs(p.rate - p.lo - row.errors.kleinKramers!)).toBeLessThanOrEqual(ulps);
  });

  it('draws them, with a legend line that says so', async () => {
    const svg = join(dir, 'turnover.svg');
    await writeTurnoverPlot(await withUnconverged(0), svg);
    expect(readFileSync(svg, 'utf8')).toMatch(/○ exact, not converged/);
    const clean = join(dir, 'clean.svg');
    const converged = await turnover({
      D: 0.1,
      gammaMin: 1,
      gammaMax: 100,
      points: 3,
      exact: true,
    });
    expect(exactSeries(converged).unconverged).toHaveLength(0);
    await writeTurnoverPlot(converged, clean);
    expect(readFileSync(clean, 'utf8')).not.toMatch(/not converged/);
  });
});
