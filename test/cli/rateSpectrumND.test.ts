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

  it('rate --simulate adds methods.simulation: walkers into the same target, within 3.5 SE of exact', () => {
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
      '--simulate',
      '--walkers',
      '600',
      '--seed',
      '7',
      '--workers',
      '2',
      '--json',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.retcode).toBe('success');
    const { exact, simulation } = report.methods;
    expect(simulation.walkers).toBe(600);
    expect(simulation.rate).toBeCloseTo(1 / simulation.mfpt, 12);
    // Fixed seed, so this cannot flake; 3.5 SE of the sample mean (600 walkers: SE ≈ 4%) plus
    // the exact route's own error and 1% for the time step (Heun with the bridge test: the
    // dt-bias at the default step is well under 1% in test/simulation/langevinND.test.ts).
    const allowed = 3.5 * simulation.mfptStdErr + exact.mfptError + 0.01 * exact.mfpt;
    expect(Math.abs(simulation.mfpt - exact.mfpt)).toBeLessThan(allowed);
    expect(simulation.relativeToExact).toBeCloseTo(exact.mfpt / simulation.mfpt - 1, 10);
  });

  it('rate over a ring with two saddles says it summed them and lists both; one saddle stays one line', () => {
    const ring = runCli([
      'rate',
      '5*(x^2+y^2-1)^2 - 0.5*x^2 - 0.05*y',
      '--domain=-1.6:1.6,-1.6:1.6',
      '--D',
      '0.05',
      '--method',
      'langer',
    ]);
    expect(ring.status, ring.stderr).toBe(0);
    expect(ring.stdout).toMatch(/over 2 parallel saddles \(the harmonic rates sum them\):/);
    expect(ring.stdout).toMatch(/^ {2}saddle 0 at \(.*\): ΔU = 0\.463718/m);
    expect(ring.stdout).toMatch(/^ {2}saddle 1 at \(.*\): ΔU = 0\.563718/m);
    // test/fixtures/parallel_saddles.json: ring_tilted sums to 1.69874e-5 (one saddle: 1.48645e-5).
    expect(ring.stdout).toMatch(/langer +1\.69874e-5/);
    const well = runCli(['rate', WELL, '--domain', BOX, '--D', '0.1', '--method', 'langer']);
    expect(well.status, well.stderr).toBe(0);
    expect(well.stdout).toMatch(/^over saddle 0 at \(.*\): ΔU = 0\.25,/m);
    expect(well.stdout).not.toMatch(/parallel/);
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

  it('ΔU/D = 1250: the grid route says its MFPT is not finite (— and not_converged), never NaN', () => {
    const run = runCli(['rate', WELL, '--domain', BOX, '--D', '2e-4', '--grid', '40', '--json']);
    expect(run.status, run.stderr).toBe(3);
    expect(run.stdout).not.toMatch(/NaN|Infinity/);
    const report = JSON.parse(run.stdout);
    expect(report.methods.exact.rate).toBeNull();
    expect(report.methods.exact.retcode).toBe('not_converged');
    expect(report.methods.exact.warnings.join(' ')).toMatch(/not finite at D = 0.0002/);
    // Langer's rate is still there, by its logarithm: (√2/2π)·e^{−1250}·… never underflows to 0.
    expect(report.methods.langer.logRate).toBeLessThan(-1200);
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
