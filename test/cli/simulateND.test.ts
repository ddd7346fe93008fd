import { describe, expect, it } from 'vitest';
import { runCli } from './run.js';

// A separable 2-D double well (the seed well in x, a stiff harmonic y): short runs only, the
// accuracy of N-D walkers is tested in test/simulation/langevinND.test.ts.
const U = 'x^4/4 - x^2/2 + 3*y^2/2';
const BOX = ['--domain=-2.5:2.5,-2:2', '--D', '0.1'];
const SHORT = ['simulate', U, ...BOX, '--from-x=-1,0', '--to-region', 'x >= 0.3'];
const CHEAP = [...SHORT, '--walkers', '200', '--tmax', '4', '--seed', '9', '--json'];

describe('kramers simulate in several coordinates', () => {
  it('--json keeps the 1-D keys; the same numbers on 1 and 2 workers', () => {
    const one = runCli([...CHEAP, '--workers', '1']);
    const two = runCli([...CHEAP, '--workers', '2']);
    // A censored run exits by its retcode (exitCodeOf), never 2.
    expect(one.status, one.stderr).not.toBe(2);
    const a = JSON.parse(one.stdout);
    const b = JSON.parse(two.stdout);
    for (const key of ['mfpt', 'mfptStdErr', 'mfptCI95', 'rate', 'rateCI95', 'walkers']) {
      expect(a, key).toHaveProperty(key);
    }
    for (const key of ['censored', 'retcode', 'steps', 'seed', 'coordinates', 'from', 'to']) {
      expect(a, key).toHaveProperty(key);
    }
    expect(a.coordinates).toEqual(['x', 'y']);
    expect(a.from.x).toEqual([-1, 0]);
    // 191 of 200 walkers censored at t = 4 against an MFPT ~50: too few absorbed after t0 and the
    // lag not over, so the censored estimate says it cannot be trusted (exit 3 by its retcode).
    expect(a.retcode).toBe('not_converged');
    expect(one.status).toBe(3);
    expect(a.censored).toBeGreaterThan(0);
    expect(b.mfpt).toBe(a.mfpt);
    expect(b.steps).toBe(a.steps);
  });

  it('--engine js and --engine wasm: the same numbers, the engine that ran in the report', () => {
    const js = runCli([...CHEAP, '--workers', '1', '--engine', 'js']);
    const wasm = runCli([...CHEAP, '--workers', '2', '--engine', 'wasm']);
    expect(js.status, js.stderr).not.toBe(2);
    const a = JSON.parse(js.stdout);
    const b = JSON.parse(wasm.stdout);
    expect([a.engine, b.engine]).toEqual(['js', 'wasm']);
    expect(b.mfpt).toBe(a.mfpt);
    expect(b.steps).toBe(a.steps);
    const text = runCli([...SHORT, '--walkers', '20', '--tmax', '1', '--workers', '1']);
    expect(text.stdout).toContain('(wasm engine)');
    const bad = runCli([...CHEAP, '--engine', 'fast']);
    expect(bad.status).toBe(2);
  });

  it('a table for --to WELL (the core of a minimum) and --ams along --reaction-coordinate', () => {
    const walkers = runCli([
      'simulate',
      U,
      ...BOX,
      '--to',
      '1',
      '--walkers',
      '40',
      '--workers',
      '1',
    ]);
    expect(walkers.status, walkers.stderr).toBe(0);
    expect(walkers.stdout).toContain('into the core of minimum 1');
    expect(walkers.stdout).toMatch(/MFPT\s+\d/);
    const ams = runCli([
      ...SHORT,
      '--ams',
      '--reaction-coordinate',
      'x',
      '--replicas',
      '20',
      '--runs',
      '2',
      '--workers',
      '1',
      '--json',
    ]);
    expect(ams.status, ams.stderr).toBe(0);
    const r = JSON.parse(ams.stdout);
    expect(r.method).toBe('ams');
    expect(r.mfpt).toBeGreaterThan(0);
    expect(r.mfptCI95[0]).toBeLessThan(r.mfpt);
  });

  const bad: [string, string[]][] = [
    ['an empty region', ['simulate', U, ...BOX, '--to-region', 'x >= 9']],
    ['a region holding the start', ['simulate', U, ...BOX, '--to-region', 'x >= -2']],
    ['a start outside the box', ['simulate', U, ...BOX, '--from-x=3,0', '--to-region', 'x >= 1']],
    ['a start of the wrong dimension', ['simulate', U, ...BOX, '--from-x=-1,0,0']],
    ['--to-x in several coordinates', ['simulate', U, ...BOX, '--to-x', '1']],
    ['--to and --to-region together', ['simulate', U, ...BOX, '--to', '1', '--to-region', 'x>=1']],
    ['--ams without ξ into a region', ['simulate', U, ...BOX, '--ams', '--to-region', 'x >= 1']],
    ['--ams underdamped', ['simulate', U, ...BOX, '--ams', '--dynamics', 'underdamped']],
  ];
  for (const [what, args] of bad) {
    it(`${what}: exit 2 with a message, no stack`, () => {
      const run = runCli([...args, '--workers', '1']);
      expect(run.status, run.stdout).toBe(2);
      expect(run.stderr).toMatch(/kramers: error: /);
      expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
    });
  }
});
