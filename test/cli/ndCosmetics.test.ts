import { describe, expect, it } from 'vitest';
import { aboveTolerance } from '../../src/core/index.js';
import { runCli } from './run.js';

// The cosmetics of audit N, item 3: each message says what it means, with the numbers it names.
describe('N-D messages', () => {
  it('a missed tolerance is printed with the digits that show it missed', () => {
    // toPrecision(2) turned 1.003e-4 into "0.00010", read as "0.00010, not the tolerance 0.0001".
    expect(aboveTolerance(1.003e-4, 1e-4)).toBe('0.0001003');
    expect(aboveTolerance(1.00000001e-4, 1e-4)).toBe('0.000100000001');
    expect(aboveTolerance(2.7e-3, 1e-4)).toBe('0.0027');
  });

  it('rate with a friction matrix prints Γ row by row, not "γ = —"', () => {
    const run = runCli([
      'rate',
      'x^4/4 - x^2/2 + y^2',
      '--D',
      '0.1',
      '--domain=-2:2,-2:2',
      '--gamma',
      '1,0.2,0.2,2',
      '--method',
      'langer',
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/D = 0\.1 {3}Γ = \[\[1, 0\.2\], \[0\.2, 2\]\]$/);
  });

  it('a refusal that blames the box says where the saddle outside it lies', () => {
    // (x² − 1)²/4 + (y + 0.8(1 − x²))²: minima (±1, 0), the saddle (0, −0.8) at U = 1/4, just
    // below the box's floor y = −0.75.
    const U = '(x^2-1)^2/4 + (y + 0.8*(1 - x^2))^2';
    for (const extra of [[], ['--to', '1']]) {
      const run = runCli(['rate', U, '--D', '0.1', '--domain=-2:2,-0.75:1', ...extra]);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(
        /a saddle at \(0, -0\.8\) \(U = 0\.25\) lies just outside the box/,
      );
    }
  });
});
