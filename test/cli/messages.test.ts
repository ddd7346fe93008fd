import { describe, expect, it } from 'vitest';
import { runCli } from './run.js';

describe('error messages say what is wrong', () => {
  it.each([[['analyze', '5']], [['rate', '0*x']], [['analyze', '5', '--domain=-1:1']]])(
    'a constant potential is constant, not "periodic" (%j)',
    (args) => {
      const run = runCli(args);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/is constant: it has no wells or barriers/);
      expect(run.stderr).not.toMatch(/periodic|oscillat/);
    },
  );

  it('a periodic potential is still called periodic', () => {
    expect(runCli(['analyze', 'sin(x)']).stderr).toMatch(/looks periodic or oscillating/);
  });

  it.each(['-5K', '0K'])('preset --set T=%s: the temperature must be positive', (t) => {
    const run = runCli(['preset', 'reaction', '--set', `T=${t}`]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/T must be > 0 K; got /);
    expect(run.stderr).not.toMatch(/energy unit/);
  });

  it('t outside simulate: unknown, and where t is allowed', () => {
    const run = runCli(['rate', 'x^4/4 - x^2/2 + 0.1*x*cos(t)']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/Unknown name 't'/);
    expect(run.stderr).toMatch(/t \(time\) may appear only in simulate/);
    // Another unknown name keeps the parameter hint.
    expect(runCli(['rate', 'x^4/4 - a*x^2']).stderr).toMatch(/--param a=1/);
  });

  it('rate --D 1e-300: the rate prints as a power of ten, not "1e-1.0857…e+299"', () => {
    const run = runCli(['rate', '--D', '1e-300', '--method', 'kramers']);
    // log10 k = −0.25/(1e-300·ln 10) + O(1) = −1.085736e299 (mpmath); the O(1) prefactor is lost.
    expect(run.stdout).toMatch(/≈ 10\^\(-1\.08574e\+299\)/);
    expect(run.stdout).not.toMatch(/\de-1\.0857/);
  });
});
