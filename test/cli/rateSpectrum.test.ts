import { describe, expect, it } from 'vitest';
import { spectrum } from '../../src/index.js';
import { expectClose, readFixture } from '../support/fixtures.js';
import { runCli } from './run.js';

interface ReferenceCase {
  id: string;
  D: number;
  mfpt_well_to_other_well: string;
  lambda1: string;
  kramers_overdamped: string;
}
const reference = readFixture<{ cases: ReferenceCase[] }>('reference_cases.json');

describe('kramers rate', () => {
  it.each(reference.cases)('--json keeps the documented keys ($id)', (c) => {
    const run = runCli(['rate', '--D', String(c.D), '--json']);
    expect(run.status, run.stderr).toBe(0);
    const { methods } = JSON.parse(run.stdout);
    expectClose(methods.kramers.rate, Number(c.kramers_overdamped), 1e-13, 'kramers');
    expect(typeof methods.corrected.rate).toBe('number');
    expectClose(methods.exact.mfpt, Number(c.mfpt_well_to_other_well), 1e-9, 'exact.mfpt');
    expectClose(methods.exact.rate, 1 / Number(c.mfpt_well_to_other_well), 1e-9, 'exact.rate');
    expect(methods.exact.mfptError).toBeGreaterThan(0);
    expectClose(methods.spectral.lambda1, Number(c.lambda1), 1e-6, 'spectral.lambda1');
    expectClose(methods.spectral.rate, Number(c.lambda1) / 2, 1e-6, 'spectral.rate');
  });

  it('prints a table with every method and its difference to exact', () => {
    const run = runCli(['rate', '--D', '0.05']);
    expect(run.status, run.stderr).toBe(0);
    for (const m of ['kramers', 'corrected', 'exact', 'spectral'])
      expect(run.stdout).toMatch(new RegExp(`^\\s+${m}\\s`, 'm'));
    expect(run.stdout).toMatch(/vs exact/);
    expect(run.stdout).toMatch(/MFPT = /);
  });

  it('accepts --to -inf and a negative --to-x', () => {
    expect(runCli(['rate', 'x^3/3 - x', '--D', '0.1', '--to', '-inf', '--json']).status).toBe(0);
    const run = runCli([
      'rate',
      'x^3/3 - x',
      '--D',
      '0.1',
      '--to-x',
      '-2',
      '--method',
      'exact,kramers',
      '--json',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.to).toEqual({ well: null, x: -2 });
    expect(Object.keys(report.methods).sort()).toEqual(['exact', 'kramers']);
  });

  it.each([
    ['target on the wrong side', ['rate', '--reflect-x', '0.5'], /wrong side|far side/],
    [
      'start outside the domain',
      ['rate', '--from-x', '7', '--to-x', '8', '--reflect-x', '6.5', '--domain', '-2:2'],
      /outside|domain/,
    ],
    [
      'reflecting point past the absorbing one',
      ['rate', '--to-x', '0', '--reflect-x', '0.5'],
      /wrong side|far side/,
    ],
    ['unknown method', ['rate', '--method', 'magic'], /unknown method 'magic'/],
    ['from and from-x', ['rate', '--from', '0', '--from-x', '-1'], /either --from or --from-x/],
    ['bad well index', ['rate', '--from', '1.5'], /whole number/],
  ])('bad input: %s', (_what, args, message) => {
    const run = runCli(args);
    expect(run.status, run.stdout + run.stderr).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout + run.stderr).not.toMatch(/\bNaN\b/);
  });
});

describe('kramers rate at extreme noise', () => {
  it('exits 3 when the exact route does not converge (D = 1e-9), still printing every column', () => {
    const run = runCli(['rate', '--D', '1e-9']);
    expect(run.status, run.stderr).toBe(3);
    expect(run.stdout).toMatch(/not_converged/);
    expect(run.stdout).not.toMatch(/NaN|Infinity/);
  });
  it('exits 0 at ΔU/D = 2500, where only the spectral route gives up', () => {
    const run = runCli(['rate', '--D', '1e-4']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/exact\s+4\.131\d*e-1087/);
  });
});

describe('kramers spectrum', () => {
  it('--dynamics underdamped: the Klein–Kramers slow modes with errors and the two-well rate matrix', () => {
    const run = runCli([
      'spectrum',
      'x^4/4 - x^2/2 + 0.1*x',
      '--D',
      '0.1',
      '--gamma',
      '100',
      '--dynamics',
      'underdamped',
      '--json',
    ]);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    const cases = readFixture<{
      cases: { tilt: number; D: number; gamma: number; lambda1: number }[];
    }>('klein_kramers_reference.json').cases;
    const ref = cases.find((c) => c.tilt === 0.1 && c.D === 0.1 && c.gamma === 100)!;
    expect(report.dynamics).toBe('underdamped');
    expect(report.gap).toBeNull();
    // The solver's own 1e-8 target, against the independent scipy solve.
    expectClose(report.eigenvalues[1], ref.lambda1, 1e-8, 'λ1');
    const [[, kab], [kba]] = report.rateMatrix.matrix;
    // k_ab + k_ba = λ1 and detailed balance p_a k_ab = p_b k_ba, by construction to rounding.
    expectClose(kab + kba, report.eigenvalues[1], 1e-12, 'k_ab + k_ba');
    const [pa, pb] = report.rateMatrix.populations;
    expectClose(pa * kab, pb * kba, 1e-12, 'detailed balance');
  });

  it('--dynamics underdamped on two threads (src/cli.ts): the digits of the library on one', () => {
    // The command solves the ladder's check level on a helper thread (node/kleinKramersHelper.ts)
    // from the same start as on one thread, so its report is the library's, bit for bit.
    const [expr, D, gamma] = ['x^4/4 - x^2/2 + 0.1*x', 0.1, 0.2];
    const run = runCli([
      'spectrum',
      expr,
      '--D',
      `${D}`,
      '--gamma',
      `${gamma}`,
      '--n',
      '2',
      '--dynamics',
      'underdamped',
      '--json',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    const alone = spectrum({ potential: expr, D, gamma, n: 2, dynamics: 'underdamped' });
    expect(report.retcode).toBe('success');
    expect([report.eigenvalues, report.errors]).toEqual([alone.eigenvalues, alone.errors]);
  }, 60_000);

  it('--dynamics underdamped, three wells: eigenvalues with errors and the 3×3 rate matrix (table and --json)', () => {
    const ref = readFixture<{
      cases: { gamma: number; expression: string; matrix: number[][]; matrixErrors: number[][] }[];
    }>('klein_kramers_wells.json').cases.find((c) => c.gamma === 2)!;
    // At 1e-6 (a few seconds a run; the element errors come out near 1e-12 absolute).
    const args = ['spectrum', ref.expression, '--D', '0.2', '--gamma', '2', '--tolerance', '1e-6'];
    const run = runCli([...args, '--dynamics', 'underdamped', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.eigenvalues).toHaveLength(3);
    expect(report.errors).toHaveLength(3);
    // The overdamped rateMatrix's shape (both carry the elements' errors).
    const overdamped = JSON.parse(runCli([...args, '--json']).stdout).rateMatrix;
    expect(Object.keys(report.rateMatrix).sort()).toEqual(Object.keys(overdamped).sort());
    expect(report.rateMatrix.relaxationTimes).toHaveLength(2);
    // Against the finite-difference reference (test/fixtures/klein_kramers_wells.py): actual ≤
    // reported (plus the reference's own ≤ 5e-15).
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const actual = Math.abs(report.rateMatrix.matrix[i][j] - ref.matrix[i]![j]!);
        expect(actual).toBeLessThanOrEqual(
          report.rateMatrix.errors[i][j] + ref.matrixErrors[i]![j]!,
        );
      }
    }
    const table = runCli([...args, '--dynamics', 'underdamped']);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/Rate matrix between wells from the lowest modes/);
    expect(table.stdout).toMatch(/± error of each element/);
    expect(table.stdout).toMatch(/negative rates beyond their errors: K\[0\]\[2\]/);
  });

  it('gives ascending eigenvalues from ≈ 0 and the gap', () => {
    const run = runCli(['spectrum', '--D', '0.1', '--n', '4', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.eigenvalues).toHaveLength(4);
    expect(Math.abs(report.eigenvalues[0])).toBeLessThan(1e-12);
    for (let k = 1; k < 4; k++)
      expect(report.eigenvalues[k]).toBeGreaterThan(report.eigenvalues[k - 1]);
    expectClose(report.eigenvalues[1], 0.0335452873080006, 1e-6, 'λ1 at D = 0.1');
    expectClose(report.gap, report.eigenvalues[2] / report.eigenvalues[1], 1e-12, 'gap');
    expect(report.rateMatrix.matrix).toHaveLength(2);
  });

  it('prints a table', () => {
    const run = runCli(['spectrum', '--D', '0.05']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/gap λ2\/λ1 = /);
    expect(run.stdout).toMatch(/Rate matrix/);
  });
});

describe('kramers analyze gains the exact rate per transition', () => {
  it('rates.exact = 1/MFPT between the well bottoms', () => {
    const run = runCli(['analyze', '--D', '0.25', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const t = JSON.parse(run.stdout).transitions[0];
    expectClose(t.rates.exact, 1 / 14.2777366365081, 1e-9, 'rates.exact at D = 0.25');
  });
});
