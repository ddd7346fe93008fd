import { describe, expect, it } from 'vitest';
import { runCli } from './run.js';

// What a user sees over a flat barrier top (x⁶ − x⁴ − 10⁻⁴x², D = 0.02, ΔU/D = 7.4): the exact
// rate is 1.0520820e-4 (test/fixtures/harmonic_regime.json); the harmonic formulas were −97% and
// +4.5·10⁶% there with retcode success. The numbers are tested in test/rates/harmonicRegime.test.ts.
describe('rate and analyze over a flat barrier top say why Kramers has no number', () => {
  it('rate: the kramers and corrected rows are not_applicable, with ε in the warnings', () => {
    const run = runCli(['rate', 'x^6 - x^4 - 1e-4*x^2', '--D', '0.02']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^\s+kramers\s+—.*not_applicable$/m);
    expect(run.stdout).toMatch(/^\s+corrected\s+—.*not_applicable$/m);
    expect(run.stdout).toMatch(/^\s+exact\s+0\.000105208\s/m);
    expect(run.stdout).toMatch(
      /Kramers \(overdamped\) not applicable: anharmonic barrier \(U″ = -0\.0002\).* is \d+ ≥ 1/,
    );
  });

  it('analyze: no Kramers k in the table, and the same warning', () => {
    const run = runCli(['analyze', 'x^6 - x^4 - 1e-4*x^2', '--D', '0.02']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('3.14369e-6');
    expect(run.stdout).toMatch(/Kramers \(overdamped\) not applicable: anharmonic barrier/);
  });

  it('analyze with a wall at the well bottom (--domain -1:1.5, D = 0.01) says so', () => {
    const run = runCli(['analyze', 'x^4/4 - x^2/2', '--D', '0.01', '--domain', '-1:1.5']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/reflecting wall is 0 thermal widths/);
  });

  it('rate --dynamics underdamped at γ = 0.1: the kramers row warns about friction', () => {
    const run = runCli(['rate', '--dynamics', 'underdamped', '--D', '0.05', '--gamma', '0.1']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/collision rate γ\/m = 0\.1 is not ≫ ω_s = 1/);
  });
});
