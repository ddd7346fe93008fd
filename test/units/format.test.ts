import { describe, expect, it } from 'vitest';
import {
  formatFromLog,
  formatGiven,
  formatInFromLog,
  formatTimeFromLog,
  formatValue,
} from '../../src/units/format.js';

/**
 * Numbers known by their log, past double range: the expected strings are mpmath at 30 digits
 * (`mp.e**-2500` = 1.83567e-1086, `mp.e**1e4/(365.25*86400)` = 2.791e+4335,
 * `mp.e**-800/1e-15` = 3.668e-333), not this module's arithmetic.
 */
describe('formatting from logarithms', () => {
  it('prints e^{±2500} in extended range and in-range values as formatValue does', () => {
    expect(formatFromLog(-2500, 6)).toBe('1.83567e-1086');
    expect(formatFromLog(2500, 6)).toBe('5.44759e+1085');
    expect(formatFromLog(Math.log(0.25))).toBe(formatValue(0.25));
    expect(formatFromLog(Number.NaN)).toBe('—');
    expect(formatFromLog(null)).toBe('—');
    expect(formatFromLog(Number.NEGATIVE_INFINITY)).toBe('0');
  });

  it('keeps a mantissa while ln x still knows one, and prints only the power of ten past that', () => {
    // mpmath at 50 digits: e^(−1e10) = 9.2785844e-4342944820, e^(−1e11) = 4.7295218e-43429448191.
    expect(formatFromLog(-1e10)).toBe('9.279e-4342944820');
    expect(formatFromLog(-1e11)).toBe('4.73e-43429448191');
    // D = 1e-300 on the seed well: ln k ≈ −2.5e299, log10 k ≈ −1.085736205e299 (mpmath). A double
    // near 1e299 has no fraction, so the old "1e-1.0857362047581293e+299" lost the mantissa
    // and made the exponent a non-integer.
    expect(formatFromLog(-2.5e299)).toBe('≈ 10^(-1.086e+299)');
    expect(formatFromLog(2.5e299, 6)).toBe('≈ 10^(1.08574e+299)');
  });

  it('a time past double range in years when long, in femtoseconds when short', () => {
    expect(formatTimeFromLog(1e4)).toBe('2.791e+4335 yr');
    expect(formatTimeFromLog(-800)).toBe('3.668e-333 fs');
    expect(formatTimeFromLog(Math.log(7200))).toBe('2 h');
    expect(formatTimeFromLog(Number.NaN)).toBe('—');
  });

  it('a quantity in a unit from the log of its SI value; none prints as — alone', () => {
    expect(formatInFromLog(-2500, '1/s', 6)).toBe('1.83567e-1086 1/s');
    // 1 kHz = 1e3 1/s: the log shifts by ln 1000.
    expect(formatInFromLog(-2500 + Math.log(1e3), 'kHz', 6)).toBe('1.83567e-1086 kHz');
    expect(formatInFromLog(Number.NaN, 'Hz')).toBe('—');
  });

  it('formatValue never prints NaN or Infinity', () => {
    expect(formatValue(Number.NaN)).toBe('—');
    expect(formatValue(Number.POSITIVE_INFINITY)).toBe('∞');
    expect(formatValue(Number.NEGATIVE_INFINITY)).toBe('−∞');
  });
});

describe('formatGiven', () => {
  it('keeps the digits a value was given with, up to six, and drops conversion round-off', () => {
    expect(formatGiven(298.15)).toBe('298.15');
    expect(formatGiven(300)).toBe('300');
    expect(formatGiven(13500)).toBe('13500');
    expect(formatGiven(0.001)).toBe('0.001');
    expect(formatGiven(-60)).toBe('-60');
    // 10 kT back from joules: 0.1 + 0.2 style round-off (one ulp) prints as the value given.
    expect(formatGiven(10.000000000000002)).toBe('10');
    expect(formatGiven(0.1 + 0.2)).toBe('0.3');
    // A seventh digit and an irrational value stop at six digits.
    expect(formatGiven(298.1534)).toBe('298.153');
    expect(formatGiven(Math.PI)).toBe('3.14159');
    expect(formatGiven(1e-9)).toBe('1e-9');
    expect(formatGiven(0)).toBe('0');
    expect(formatGiven(Number.NaN)).toBe('—');
  });
});
