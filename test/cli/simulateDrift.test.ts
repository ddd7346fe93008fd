import { describe, expect, it } from 'vitest';
import { runCli, runCliAsync } from './run.js';

// Maier–Stein at β = 10 (a drift with a curl): short runs only; the accuracy of walkers with a
// drift is tested against exact MFPTs in test/simulation/langevinDrift.test.ts.
const MS = ['--drift', 'x - x^3 - 10*x*y^2, -(1+x^2)*y'];
const BOX = ['--domain=-1.6:1.5,-0.8:0.8', '--D', '0.05'];
const SHORT = ['simulate', ...MS, ...BOX, '--from-x=-1,0', '--to-region', 'x >= 0'];
const CHEAP = [...SHORT, '--walkers', '200', '--tmax', '10', '--seed', '9', '--json'];

describe('kramers simulate --drift', () => {
  it('--json keeps the keys of simulate in several coordinates; the same numbers on 1 and 2 workers', () => {
    const one = runCli([...CHEAP, '--workers', '1']);
    const two = runCli([...CHEAP, '--workers', '2']);
    // A censored run exits by its retcode (exitCodeOf), never 2.
    expect(one.status, one.stderr).not.toBe(2);
    const a = JSON.parse(one.stdout);
    const b = JSON.parse(two.stdout);
    for (const key of ['retcode', 'warnings', 'mfpt', 'mfptStdErr', 'mfptCI95', 'rate']) {
      expect(a, key).toHaveProperty(key);
    }
    for (const key of ['walkers', 'workers', 'censored', 'steps', 'coordinates', 'drift']) {
      expect(a, key).toHaveProperty(key);
    }
    expect(a.workers).toBe(1);
    expect(b.workers).toBe(2);
    expect(a.from.x).toEqual([-1, 0]);
    expect(a.to.description).toBe('the region x >= 0');
    expect(a.retcode).toBe('censored');
    expect(a.censored).toBeGreaterThan(0);
    expect(b.mfpt).toBe(a.mfpt);
    expect(b.steps).toBe(a.steps);
  });

  it('a table into the core of the other stable point (--to 1)', () => {
    const run = runCli([
      'simulate',
      ...MS,
      '--domain=-1.6:1.6,-0.8:0.8',
      '--D',
      '0.1',
      '--to',
      '1',
      '--walkers',
      '40',
      '--tmax',
      '400',
      '--workers',
      '1',
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/b\(x, y\) = \(x - x\^3 - 10\*x\*y\^2, -\(1\+x\^2\)\*y\)/);
    expect(run.stdout).toMatch(/into the core of stable point 1 at \(1, 0\)/);
    expect(run.stdout).toMatch(/MFPT\s+\d/);
    expect(run.stdout).toMatch(/retcode: success/);
  });

  // Case (c) of the audit: the box's walls, not the saddle, set the escape (docs/drift.md). The
  // default censoring time was once 20× the saddle's scale, t = 1531 against the box's MFPT 8.4e5
  // into the core of (1, 0): exit 3 with a censored MFPT of 3.9e4 and its 95% CI far below.
  const CASE_C = ['simulate', '--drift', 'x - x^3, -y + 2*y^3', '--domain=-2:2,-1.5:1.5'];
  const C = [...CASE_C, '--D', '0.1', '--workers', '1'];

  it("case (c): sized by the box's exact MFPT, a run of hours is refused with its estimate", () => {
    const run = runCli([...C, '--walkers', '200']);
    expect(run.status, run.stdout).toBe(2);
    expect(run.stderr).toMatch(/this simulation would take about .* walker-steps.*past the budget/);
    expect(run.stderr).toMatch(/--tmax to censor at; or --yes/);
  }, 120_000);

  it('case (c) with the exact solve past the budget: no guess, the run asks for --tmax', async () => {
    // 20 walkers at the old t = 1531 fitted a 1 s budget and ran (exit 3).
    const run = await runCliAsync([...C, '--walkers', '20'], { env: { KRAMERS_BUDGET: '1' } });
    expect(run.status, run.stdout).toBe(2);
    expect(run.stderr).toMatch(/no credible time sizes the default censoring time/);
    expect(run.stderr).toMatch(/hint: give tMax \(--tmax\)/);
  });

  it('case (c) into x ≥ 1: the exact MFPT that sized the run stands beside the walkers', () => {
    const run = runCli([...C, '--to-region', 'x >= 1', '--walkers', '100', '--seed', '3']);
    expect(run.status, run.stderr).toBe(0);
    // 66.27 by the exact grid route (test/routes/boxWalls.test.ts checks it against walkers).
    expect(run.stdout).toMatch(/exact MFPT\s+66\.2\d/);
  }, 120_000);

  const bad: [string, string[]][] = [
    ['one component for two coordinates', ['simulate', '--drift', 'x - x^3', ...BOX]],
    ['no box', ['simulate', ...MS, '--to-region', 'x >= 1']],
    ['an empty region', ['simulate', ...MS, ...BOX, '--to-region', 'x >= 9']],
    ['a start outside the box', ['simulate', ...MS, ...BOX, '--from-x=3,0', '--to-region', 'x>=1']],
    ['a bad drift text', ['simulate', '--drift', 'x - , y', ...BOX, '--to-region', 'x >= 1']],
    [
      'underdamped',
      ['simulate', ...MS, ...BOX, '--to-region', 'x>=1', '--dynamics', 'underdamped'],
    ],
    ['--ams', ['simulate', ...MS, ...BOX, '--to-region', 'x >= 1', '--ams']],
    ['--gamma', ['simulate', ...MS, ...BOX, '--to-region', 'x >= 1', '--gamma', '2']],
    ['--to-x', ['simulate', ...MS, ...BOX, '--to-x', '1']],
    ['a saddle as the target', ['simulate', ...MS, ...BOX, '--to', '2']],
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
