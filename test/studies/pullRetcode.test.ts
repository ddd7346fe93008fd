import { describe, expect, it, vi } from 'vitest';

/**
 * The report's retcode is the worst of the columns the user asked for. No real input makes the
 * closed-form columns fail once the grid brackets S itself, so the Bell–Evans column is made to
 * fail here: `ruptureForceStatistics` is wrapped to report `not_converged` for the call without a
 * `forceEnd` (only Bell–Evans integrates to no end) at the loading rate 12 (where every column resolves).
 */
vi.mock('../../src/drive/index.js', async (original) => {
  const drive = await original<typeof import('../../src/drive/index.js')>();
  return {
    ...drive,
    ruptureForceStatistics: (input: Parameters<typeof drive.ruptureForceStatistics>[0]) => {
      const stats = drive.ruptureForceStatistics(input);
      if (input.loadingRate !== 12 || input.forceEnd !== undefined) return stats;
      return { ...stats, retcode: 'not_converged', warnings: [...stats.warnings, 'made to fail'] };
    },
  };
});

const { pull } = await import('../../src/index.js');

describe('pull: the report carries every column’s retcode and warnings', () => {
  it('a failing Bell–Evans column makes the report not_converged and says why', async () => {
    const report = await pull({
      model: 'linear-cubic',
      deltaG: 8,
      xb: 1,
      k0: 1,
      loadingRates: [1, 12],
    });
    const [ok, bad] = report.rows;
    expect(ok!.retcode).toEqual({ bellEvans: 'success', dhs: 'success', exact: 'success' });
    expect(bad!.retcode.bellEvans).toBe('not_converged');
    expect(bad!.retcode.exact).toBe('success');
    expect(bad!.warnings).toContain('Bell–Evans: made to fail');
    expect(report.retcode).toBe('not_converged');
  });

  it('all columns succeeding is success', async () => {
    const report = await pull({ model: 'bell', deltaG: 8, xb: 1, k0: 1, loadingRates: [1] });
    expect(report.retcode).toBe('success');
  });
});
