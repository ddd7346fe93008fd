import { describe, expect, it } from 'vitest';
import { readFixture } from '../support/fixtures.js';
import { runCli } from './run.js';

interface Case {
  m: number;
  D: number;
  mfpt: number;
  mfptError: number;
}
const gibbs = readFixture<{ gibbs: { cases: Case[] } }>('drift_mfpt.json').gibbs.cases;
// Bouchet–Reygner prefactor of Maier–Stein on its axis from a scalar Riccati ODE (scipy).
const msPrefactor = readFixture<{ cases: { beta: number; prefactor: number; error: number }[] }>(
  'maier_stein_prefactor.json',
).cases.find((c) => c.beta === 2)!;
const rotated = '-(x^3 - x) - 2*y, 2*(x^3 - x) - y';
const U = 'x^4/4 - x^2/2 + y^2/2';

describe('kramers rate --drift', () => {
  it('--json: methods.exact.{mfpt, mfptError, rate} against the scipy fixture, the prefactor routes beside it', () => {
    const run = runCli([
      'rate',
      U,
      '--drift',
      rotated,
      '--domain',
      '-1.8:1.2,-1.2:1.2',
      '--D',
      '0.1',
      '--from-x',
      '-1,0',
      '--to-region',
      'x >= 1',
      '--grid',
      '126',
      '--tolerance',
      '1e-3',
      '--json',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.retcode).toBe('success');
    expect(Array.isArray(r.warnings)).toBe(true);
    const e = r.methods.exact;
    const ref = gibbs.find((c) => c.m === 2 && c.D === 0.1)!;
    expect(Math.abs(e.mfpt - ref.mfpt)).toBeLessThanOrEqual(e.mfptError + ref.mfptError);
    expect(e.rate).toBe(1 / e.mfpt);
    const ek = r.methods.eyringKramersGibbs;
    expect(ek.retcode).toBe('success');
    expect(Math.abs(ek.relativeToExact - (ek.rate * e.mfpt - 1))).toBeLessThan(1e-9);
    // m = 2: the path spirals out of x_m, integrated there in time (issue 16); the same rate as
    // Eyring–Kramers within its claimed error (measured 1.7e-3, claimed 2.8e-3).
    const br = r.methods.bouchetReygner;
    expect(br.retcode).toBe('success');
    expect(Math.abs(br.rate / ek.rate - 1)).toBeLessThanOrEqual(br.relativeError);
    // ΔΦ is gMAM's (0.25006 here, where U gives 1/4: gMAM's own accuracy, tested elsewhere).
    expect(Math.abs(r.quasiPotential - 0.25)).toBeLessThan(1e-3);
    expect(r.barrierToNoise).toBeCloseTo(r.quasiPotential / 0.1, 12);
  });

  it('the table: rates, MFPT with its error and grids, what each number is', () => {
    const run = runCli([
      'rate',
      '--drift',
      'x - x^3 - 10*x*y^2, -(1+x^2)*y',
      '--domain',
      '-1.6:1.6,-0.8:0.8',
      '--D',
      '0.1',
      '--grid',
      '61',
      '--tolerance',
      '1e-2',
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/into the core of stable point 1 at \(1, 0\)/);
    expect(run.stdout).toMatch(/exact: MFPT = [\d.]+ ± [\d.e−-]+ \(grids .*61×/);
    expect(run.stdout).toMatch(/bouchetReygner\s+—\s+not_applicable/);
    expect(run.stdout).toMatch(/exact 1\/MFPT \[exact\]: 1\/MFPT from \(-1, 0\)/);
  });

  it('--json keeps the Bouchet–Reygner rate in methods.bouchetReygner with its error; the table prints it', () => {
    const args = [
      'rate',
      '--drift',
      'x - x^3 - 2*x*y^2, -(1+x^2)*y',
      '--domain',
      '-1.6:1.6,-0.8:0.8',
      '--D',
      '0.05',
      '--grid',
      '61',
      '--tolerance',
      '1e-2',
    ];
    const run = runCli([...args, '--json']);
    expect(run.status, run.stderr).toBe(0);
    const br = JSON.parse(run.stdout).methods.bouchetReygner;
    expect(br.retcode).toBe('success');
    // The route result shape: rate, logRate, error, relativeError, retcode, definition, warnings.
    for (const key of ['rate', 'logRate', 'error', 'relativeError', 'definition', 'warnings']) {
      expect(br, key).toHaveProperty(key);
    }
    expect(Math.abs(br.prefactor - msPrefactor.prefactor)).toBeLessThanOrEqual(
      br.prefactorError + msPrefactor.error,
    );
    expect(br.rate).toBeCloseTo(br.prefactor * Math.exp(-br.barrierToNoise), 12);
    expect(br.error).toBeCloseTo(br.rate * br.relativeError, 15);
    const table = runCli(args);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(
      /bouchetReygner\s+0\.00325\d*\s+± [\d.e−-]+ rel\.\s+[+−-][\d.]+%\s+success/,
    );
    expect(table.stdout).toMatch(/∫div ℓ dt = -0\.41746\d* ± /);
  });

  it('the ring: two parallel saddles, listed and summed by both prefactor routes', () => {
    // The gradient drift of U = 5(x² + y² − 1)² − x²/2; its two saddles (0, ±1) join the minima.
    // Reference: test/fixtures/parallel_saddles.json (numpy, Langer per saddle, summed). The
    // routes' ΔΦ comes from gMAM with error δ ≈ 5e-7, so the rates are good to δ/D ≈ 1e-5 and BR's
    // Riccati prefactor to its stated 4.6e-4; 2e-3 covers both and fails for one saddle (−50%).
    const ring = readFixture<{ cases: { id: string; sum: { langer: number } }[] }>(
      'parallel_saddles.json',
    ).cases.find((c) => c.id === 'ring_symmetric')!;
    const args = [
      'rate',
      '--drift',
      '-(20*x*(x^2+y^2-1) - x), -(20*y*(x^2+y^2-1))',
      '--domain=-1.6:1.6,-1.6:1.6',
      '--D',
      '0.05',
      // The exact column is not what this test checks: a coarse grid keeps it quick.
      '--grid',
      '61',
      '--tolerance',
      '1e-1',
    ];
    const run = runCli([...args, '--json']);
    // Exit 3 is the coarse exact column's not_converged; the prefactor routes must succeed.
    expect([0, 3], run.stderr).toContain(run.status);
    const report = JSON.parse(run.stdout);
    expect(report.saddles).toHaveLength(2);
    for (const key of ['eyringKramersGibbs', 'bouchetReygner']) {
      expect(report.methods[key].retcode).toBe('success');
      expect(Math.abs(report.methods[key].rate / ring.sum.langer - 1)).toBeLessThan(2e-3);
    }
    const table = runCli(args);
    expect(table.stdout).toMatch(/over 2 parallel saddles \(the prefactor routes sum them\):/);
    expect(table.stdout).toMatch(/summed over 2 parallel saddles/);
  });

  it('bad input exits 2 with a message: component count, no stable point, start outside the box', () => {
    const base = ['rate', '--domain', '-1.5:1.5,-1:1', '--grid', '41'];
    const cases: [string[], RegExp][] = [
      [['--drift', 'x - x^3, -y, 1'], /3 components/],
      [['--drift', 'x, y'], /no stable fixed point/],
      [['--drift', 'x - x^3, -y', '--from-x', '-2,0', '--to-region', 'x >= 1'], /outside the box/],
      [['--drift', 'x - x^3, -y', '--from-x', '-1'], /give 2 numbers/],
      [['--drift', 'x - x^3, -y', '--to-x', '1'], /--to-x does not apply with --drift/],
    ];
    for (const [args, message] of cases) {
      const run = runCli([...base, ...args]);
      expect(run.status, `${args.join(' ')}: ${run.stdout}`).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });
});
