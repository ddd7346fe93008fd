/** Parameter values: text with units, numbers in the display unit, reduced parameters. */
import { describe, expect, it } from 'vitest';
import { findPreset, resolvePresetValues, runPreset } from '../../src/index.js';
import { rel } from './result.js';

describe('resolvePresetValues', () => {
  it('a number is read in the parameter’s display unit (what a slider sends)', () => {
    // The same conversion factors from the same text: equal to rounding (1e-15).
    const preset = findPreset('reaction');
    const fromText = resolvePresetValues(preset, { dG: '60kJ/mol', eta: '2mPa*s' });
    const fromNumber = resolvePresetValues(preset, { dG: 60, eta: 2 });
    expect(rel(fromNumber['dG']!, fromText['dG']!)).toBeLessThan(1e-15);
    expect(rel(fromNumber['eta']!, fromText['eta']!)).toBeLessThan(1e-15);
  });
  it('a reduced parameter and the physical one it fixes cannot both be given', () => {
    expect(() => runPreset('josephson', { i: 0.9, I: '9uA' })).toThrow(/either i or I/);
  });
  it('an unknown parameter is named with the ones the preset has', () => {
    expect(() => resolvePresetValues(findPreset('reaction'), { X: 1 })).toThrow(/no parameter 'X'/);
  });
});
