import { describe, expect, it } from 'vitest';
import { KramersError, parseDomain, pointAt, requirePositive } from '../../src/core/index.js';

describe('validators', () => {
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('rejects D = %s and names it', (value) => {
    expect(() => requirePositive('D', value)).toThrowError(/^D must be a finite positive number/);
  });
  it('accepts a positive number', () => {
    expect(requirePositive('gamma', 0.5)).toBe(0.5);
  });
  it('parses and checks a:b domains', () => {
    expect(parseDomain('-4:8')).toEqual({ min: -4, max: 8 });
    expect(() => parseDomain('3:1')).toThrowError(/inverted/);
    expect(() => parseDomain('1:1')).toThrowError(/empty/);
    expect(() => parseDomain('abc')).toThrowError(KramersError);
  });
  it('points at a character', () => {
    expect(pointAt('x^4 - * x', { start: 6, end: 7 })).toBe('  x^4 - * x\n        ^');
  });
});
