import { describe, expect, it } from 'vitest';
import { formatFromLog } from '../../src/index.js';
import { fmt, fullFromLog } from '../../web/src/numbers.js';
import { readFixture } from '../support/fixtures.js';

/**
 * The Lab's numbers past double range (web/src/numbers.ts): printed from their natural logs as
 * mpmath prints exp(ln x) (test/fixtures/lab_from_log.py), and where the log carries no mantissa,
 * in the CLI's form ≈ 10^(…) (the library's formatFromLog).
 */

interface FromLogCase {
  name: string;
  log: number;
  log10: string;
  power6: string;
  exponent?: number;
  mantissa?: string;
  mantissa6?: string;
  exponent6?: number;
}

const CASES = readFixture<FromLogCase[]>('lab_from_log.json');
const byName = (name: string) => CASES.find((c) => c.name === name)!;
const exponentText = (e: number) => `e${e < 0 ? '-' : '+'}${Math.abs(e)}`;

describe("the Lab's numbers from their logarithms", () => {
  it.each(['rate at D = 1e-4', 'MFPT at D = 1e-4', 'mantissa 9.99999996'])(
    '%s: six digits, as mpmath rounds exp(ln x)',
    (name) => {
      const c = byName(name);
      // The value as the page holds it: 0 for an underflowing rate, ∞ for an overflowing MFPT.
      const value = c.log < 0 ? 0 : Number.POSITIVE_INFINITY;
      // |log10| ≈ 1e3: the double log carries 12 digits of the mantissa, and none of these
      // mantissas lies within 1e-11 of a rounding boundary, so the six digits agree exactly.
      expect(fmt(value, c.log)).toBe(`${c.mantissa6}${exponentText(c.exponent6!)}`);
    },
  );

  it('|log10 x| = 5e9: the six digits the log still carries, to one unit in the last', () => {
    const c = byName('|log10| = 5e9');
    const [m, e] = fmt(0, c.log).split('e');
    expect(Number(e)).toBe(c.exponent);
    // ln x is known to |ln x|·ε/2 = 1.3e-6 relative in x: one unit of the sixth digit covers it.
    expect(Math.abs(Number(m) - Number(c.mantissa))).toBeLessThanOrEqual(1e-5);
  });

  it.each(['rate at D = 1e-300', '|log10| = 1.3e10'])(
    '%s: no mantissa is known, only the power of ten, as the CLI prints it',
    (name) => {
      const c = byName(name);
      // Before: 1.00000e-1.0857362047581293e+299 (⌊log10⌋ = log10 at that size).
      const text = fmt(0, c.log);
      expect(text).toBe(`≈ 10^(-${c.power6})`);
      expect(text).toBe(formatFromLog(c.log, 6));
    },
  );

  it.each(['rate at D = 1e-4', 'MFPT at D = 1e-4'])(
    '%s for an export: the 12 digits ln x carries, to one unit in the last',
    (name) => {
      const c = byName(name);
      const [m, e] = fullFromLog(c.log).split('e');
      expect(m!.replace('.', '')).toHaveLength(12);
      expect(Number(e)).toBe(c.exponent);
      // Half a unit of the 12th digit from rounding, and the log's own spacing (|ln x|·ε ≈ 6e-13
      // relative in x): one unit (1e-11) covers both.
      expect(Math.abs(Number(m) - Number(c.mantissa))).toBeLessThanOrEqual(1e-11);
    },
  );

  it('for an export past any mantissa: the power of ten to 17 digits', () => {
    const c = byName('rate at D = 1e-300');
    const power = /^≈ 10\^\((-[0-9.e+]+)\)$/.exec(fullFromLog(c.log))![1]!;
    // log10 of the double ln, 17 digits of a double: it differs from mpmath's by the rounding of
    // one division (ε relative).
    expect(Math.abs(Number(power) / Number(c.log10) - 1)).toBeLessThanOrEqual(2 * Number.EPSILON);
  });

  it('numbers in double range print as before', () => {
    expect(fmt(0.00137048124728442, Math.log(0.00137048124728442))).toBe('0.00137048');
    expect(fmt(4.1311e-8)).toBe('4.13110e-8');
    expect(fmt(0)).toBe('0');
    expect(fmt(null)).toBe('—');
  });
});
