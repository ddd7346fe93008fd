/** Parameter values: text with units, numbers in the display unit, reduced parameters. */
import { describe, expect, it } from 'vitest';
import { findPreset, PRESETS, resolvePresetValues, runPreset } from '../../src/index.js';
import { runCli } from '../cli/run.js';
import { presetRefusal, rel } from './result.js';

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

/**
 * Each setting the audit found accepted with a blank or NaN answer and exit 0, or refused with a
 * message naming an internal quantity (T=0K: "energyLoss … got Infinity"), with the parameter,
 * its unit and the allowed values the refusal must name.
 */
const OUT_OF_DOMAIN = [
  ['josephson', 'ramp', '-1mA/s', '> 0 A/s'],
  ['josephson', 'ramp', '0A/s', '> 0 A/s'],
  ['josephson', 'T', '0K', '> 0 K'],
  ['josephson', 'T', '-1K', '> 0 K'],
  ['josephson', 'R', '0ohm', '> 0 ohm'],
  ['gene-switch', 'life', '-1h', '> 0 h'],
  ['memory-bit', 'tret', '-1yr', '> 0 yr'],
  ['memory-bit', 'f0', '0Hz', '> 0 GHz'],
  ['neel-brown', 'alpha', '0', '> 0'],
  ['neel-brown', 'tm', '-1s', '> 0 s'],
  ['tipping', 'c', '1', '< 1'],
  ['protein', 'F', '-1pN', '≥ 0 pN'],
] as const;

describe('parameter domains are enforced at the door', () => {
  it.each(OUT_OF_DOMAIN)(
    '%s --set %s=%s is refused: must be %s',
    (preset, name, value, allowed) => {
      const e = presetRefusal(preset, { [name]: value });
      expect(e.code).toBe('invalid_parameter');
      expect(e.message).toBe(
        `preset ${preset}: ${name} must be ${allowed}; got ${value} (${name} is the ${
          findPreset(preset).parameters.find((p) => p.name === name)!.description
        })`,
      );
      expect(e.issues).toEqual([{ path: name, message: `expected ${allowed}` }]);
    },
  );
  it('the CLI exits 2 with that message, for the audit’s cases', () => {
    for (const [preset, name, value, allowed] of OUT_OF_DOMAIN.slice(0, 10)) {
      const run = runCli(['preset', preset, '--set', `${name}=${value}`]);
      expect(run.status, `${preset} ${name}=${value}`).toBe(2);
      expect(run.stderr).toContain(`${name} must be ${allowed}; got ${value}`);
      expect(run.stdout).toBe('');
    }
  });
  it('a number (a slider value) is checked the same way, in the display unit', () => {
    expect(() => resolvePresetValues(findPreset('josephson'), { ramp: -1 })).toThrow(
      /ramp must be > 0 A\/s; got -1 A\/s/,
    );
  });
  it('every default and both ends of every slider lie in the parameter’s domain', () => {
    // Bounds are open or closed as the model needs; a slider end outside would be refused.
    for (const preset of PRESETS) {
      expect(() => resolvePresetValues(preset)).not.toThrow();
      for (const p of preset.parameters) {
        for (const end of p.range) {
          expect(
            () => resolvePresetValues(preset, { [p.name]: end }),
            `${p.name}=${end}`,
          ).not.toThrow();
        }
      }
    }
  });
  it('values at the edge of the domain but inside it are accepted', () => {
    // I = 0 (no bias) and a0 = 0 (no leak) are closed ends; C = 1e-30 F is tiny but positive.
    expect(() =>
      resolvePresetValues(findPreset('josephson'), { I: '0uA', C: '1e-30F' }),
    ).not.toThrow();
    expect(() => resolvePresetValues(findPreset('gene-switch'), { a0: 0 })).not.toThrow();
  });
});
