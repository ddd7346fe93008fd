import { describe, expect, it } from 'vitest';
import { runCli } from './run.js';

const WELL = 'x^4/4 - x^2/2 + y^2/2';
const BOX = '-2:2,-1.5:1.5';

describe('kramers rate and spectrum in several coordinates', () => {
  it('rate --json keeps methods.langer.rate and methods.exact.{mfpt, mfptError, rate}', () => {
    const run = runCli([
      'rate',
      WELL,
      '--domain',
      BOX,
      '--D',
      '0.1',
      '--grid',
      '60',
      '--tolerance',
      '1e-3',
      '--json',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.retcode).toBe('success');
    const { langer, exact, tst } = report.methods;
    expect(langer.rate).toBeGreaterThan(0);
    expect(tst.rate).toBeGreaterThan(0);
    expect(exact.rate).toBeCloseTo(1 / exact.mfpt, 12);
    expect(exact.mfptError).toBeLessThan(1e-3 * exact.mfpt);
    // Langer at ΔU/D = 2.5 is within tens of percent of exact (its error is O(D/ΔU)).
    expect(Math.abs(langer.relativeToExact)).toBeLessThan(0.5);
  });

  it('rate --from-x and --to-region: a table with the exact MFPT', () => {
    const run = runCli([
      'rate',
      WELL,
      '--domain',
      BOX,
      '--D',
      '0.1',
      '--from-x',
      '-1,0',
      '--to-region',
      'x >= 0.5',
      '--grid',
      '60',
      '--tolerance',
      '1e-3',
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/exact: MFPT = /);
    expect(run.stdout).toMatch(/into the region x >= 0.5/);
  });

  it('bad input: an empty target region, a start outside the box, a 1-D option (exit 2)', () => {
    for (const args of [
      ['--to-region', 'x >= 5'],
      ['--from-x', '3,0', '--to-region', 'x >= 1'],
      ['--to-x', '1'],
    ]) {
      const run = runCli(['rate', WELL, '--domain', BOX, '--grid', '40', ...args]);
      expect(run.status, run.stdout).toBe(2);
      expect(run.stdout).not.toMatch(/NaN/);
    }
  });

  it('spectrum --json keeps ascending eigenvalues from ≈ 0, with errors', () => {
    const run = runCli([
      'spectrum',
      WELL,
      '--domain',
      BOX,
      '--D',
      '0.1',
      '--n',
      '4',
      '--grid',
      '60',
      '--tolerance',
      '1e-2',
      '--json',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.eigenvalues).toHaveLength(4);
    expect(report.errors).toHaveLength(4);
    expect(Math.abs(report.eigenvalues[0])).toBeLessThan(1e-10);
    for (let k = 1; k < 4; k++)
      expect(report.eigenvalues[k]).toBeGreaterThan(report.eigenvalues[k - 1]);
  });
});
