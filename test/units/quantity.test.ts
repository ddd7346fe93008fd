import { describe, expect, it } from 'vitest';
import {
  add,
  asKind,
  constants,
  convert,
  DIMENSIONS,
  formatTime,
  fromReduced,
  inUnit,
  isKramersError,
  overdampedUnits,
  parseQuantity,
  parseUnit,
  type QuantityKind,
  stokesFriction,
  subtract,
  toReduced,
  underdampedUnits,
} from '../../src/index.js';

/** Expects a KramersError with this code whose message contains every fragment. */
function expectError(run: () => unknown, code: string, ...fragments: string[]) {
  try {
    run();
  } catch (error) {
    expect(isKramersError(error)).toBe(true);
    if (!isKramersError(error)) return;
    expect(error.code).toBe(code);
    for (const f of fragments) expect(error.message).toContain(f);
    return;
  }
  throw new Error('expected a KramersError');
}

// Two values computed through exactly defined factors agree to rounding: a few ulp.
const ROUNDING = 4 * Number.EPSILON;
function expectClose(actual: number, expected: number, rel = ROUNDING) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

describe('CODATA 2018 exact constants (SI 2019 definitions)', () => {
  it('k_B, N_A, e, h are the defining values', () => {
    expect(constants.BOLTZMANN).toBe(1.380649e-23);
    expect(constants.AVOGADRO).toBe(6.02214076e23);
    expect(constants.ELEMENTARY_CHARGE).toBe(1.602176634e-19);
    expect(constants.PLANCK).toBe(6.62607015e-34);
  });
  it('R = N_A k_B = 8.314462618153240 J/(mol K), exact to rounding', () => {
    expectClose(constants.GAS_CONSTANT, 8.31446261815324);
  });
  it('Φ0 = h/2e = 2.067833848…e-15 Wb (CODATA 2018 lists it as exact)', () => {
    expectClose(constants.FLUX_QUANTUM, 2.067833848461929e-15);
  });
});

describe('parsing values with units', () => {
  const T = 300;
  const cases: [string, QuantityKind, number][] = [
    ['50kJ/mol', 'energy', 50e3 / 6.02214076e23],
    ['298.15K', 'temperature', 298.15],
    ['1.2e-3Pa*s', 'viscosity', 1.2e-3],
    ['1.2e-3 Pa s', 'viscosity', 1.2e-3],
    ['1cP', 'viscosity', 1e-3],
    ['10nm', 'length', 1e-8],
    ['3uA', 'current', 3e-6],
    ['3µA', 'current', 3e-6],
    ['3μA', 'current', 3e-6],
    ['2h', 'time', 7200],
    ['90min', 'time', 5400],
    ['5yr', 'time', 5 * 365.25 * 86400],
    ['1eV', 'energy', 1.602176634e-19],
    ['25meV', 'energy', 25e-3 * 1.602176634e-19],
    ['1kcal/mol', 'energy', 4184 / 6.02214076e23],
    ['300K', 'energy', 300 * 1.380649e-23],
    ['20kT', 'energy', 20 * 1.380649e-23 * T],
    ['1GHz', 'energy', 1e9 * 6.62607015e-34],
    ['4.2e6erg/cm^3', 'energyDensity', 4.2e5],
    ['1e5nm^2/s', 'diffusion', 1e-13],
    ['5pN', 'force', 5e-12],
    ['20Da', 'mass', 20 * 1.6605390666e-27],
    ['1mA/s', 'currentRate', 1e-3],
    ['2pF', 'capacitance', 2e-12],
    ['100ohm', 'resistance', 100],
    ['-70.6mV', 'voltage', -70.6e-3],
    ['30nS', 'conductance', 30e-9],
    ['0.1uS', 'conductance', 1e-7],
    ['480kA/m', 'magnetization', 4.8e5],
    ['0.5T', 'magneticField', 0.5],
    ['-3.5', 'dimensionless', -3.5],
  ];
  it.each(cases)('%s as %s', (text, kind, expected) => {
    expectClose(asKind(parseQuantity(text), kind, { temperature: T }), expected);
  });
  it('1 Oe of H is 1e-4 T of B in vacuum (μ0 H), to μ0’s CODATA uncertainty', () => {
    expectClose(asKind(parseQuantity('1Oe'), 'magneticField'), 1e-4, 1e-9);
  });
  it('k_BT at 300 K is 25.852 meV (a textbook figure)', () => {
    expect(
      inUnit(asKind(parseQuantity('1kT'), 'energy', { temperature: 300 }), 'energy', 'meV'),
    ).toBeCloseTo(25.852, 3);
  });
});

describe('round trips are exact where the definitions are', () => {
  const trips: [number, string, QuantityKind][] = [
    [50, 'kJ/mol', 'energy'],
    [12, 'kcal/mol', 'energy'],
    [0.8, 'eV', 'energy'],
    [7.3, 'meV', 'energy'],
    [298.15, 'K', 'temperature'],
    [1.2, 'mPa*s', 'viscosity'],
    [3, 'uA', 'current'],
    [2, 'h', 'time'],
    [5, 'yr', 'time'],
    [10, 'nm', 'length'],
    [20, 'kT', 'energy'],
  ];
  it.each(trips)('%s %s → SI → back', (value, unit, kind) => {
    const si = asKind(parseQuantity(`${value}${unit}`), kind, { temperature: 310 });
    expectClose(inUnit(si, kind, unit, { temperature: 310 }), value);
  });
  it('1 eV is exactly 1.602176634e-19 J and 1 kcal/mol is 4.184 kJ/mol', () => {
    expect(convert(parseQuantity('1eV'), 'J')).toBe(1.602176634e-19);
    expectClose(convert(parseQuantity('1kcal/mol'), 'kJ/mol'), 4.184);
    expectClose(convert(parseQuantity('1d'), 's'), 86400);
  });
  it('a kelvin of energy converts through k_B and back', () => {
    const joules = asKind(parseQuantity('100K'), 'energy');
    expectClose(inUnit(joules, 'energy', 'K'), 100);
  });
});

describe('unit mistakes are errors naming both units', () => {
  it('adding kJ/mol to kelvin', () => {
    expectError(
      () => add(parseQuantity('5kJ/mol'), parseQuantity('300K')),
      'unit_mismatch',
      'kJ/mol',
      'K',
    );
    expectError(
      () => subtract(parseQuantity('1s'), parseQuantity('1m')),
      'unit_mismatch',
      's',
      'm',
    );
  });
  it('a temperature given as an energy', () => {
    expectError(
      () => asKind(parseQuantity('5kJ/mol'), 'temperature', { name: 'T' }),
      'unit_mismatch',
      'kJ/mol',
      '(K)',
      'T',
    );
  });
  it('a viscosity given as a length, a pure number for a time', () => {
    expectError(() => asKind(parseQuantity('3nm'), 'viscosity'), 'unit_mismatch', 'nm', 'Pa*s');
    expectError(() => asKind(parseQuantity('3'), 'time'), 'unit_mismatch', 'pure number', '(s)');
  });
  it('the article fits the kind: "an energy", "a viscosity"', () => {
    expect(() => asKind(parseQuantity('3nm'), 'energy', { name: 'dG' })).toThrow(
      'dG = 3nm: nm (length) is not an energy (J)',
    );
    expect(() => asKind(parseQuantity('3nm'), 'viscosity')).toThrow(/is not a viscosity/);
  });
  it('converting metres to seconds', () => {
    expectError(() => convert(parseQuantity('1m'), 's'), 'unit_mismatch', 'm', 's');
  });
  it('same-dimension sums keep the first unit', () => {
    const sum = add(parseQuantity('1kJ/mol'), parseQuantity('1kcal/mol'));
    expect(sum.unit).toBe('kJ/mol');
    expectClose(convert(sum, 'kJ/mol'), 5.184);
  });
});

describe('bad unit text', () => {
  it('unknown units are named', () => {
    expectError(() => parseQuantity('3furlong'), 'unknown_unit', 'furlong');
    expectError(() => parseUnit('kJ/mool'), 'unknown_unit', 'mool');
  });
  it('broken syntax', () => {
    expectError(() => parseUnit('J/'), 'unknown_unit');
    expectError(() => parseUnit('(J'), 'unknown_unit', ')');
    expectError(() => parseUnit('m^x'), 'unknown_unit', 'power');
    expectError(() => parseQuantity('kJ'), 'invalid_parameter', 'not a number');
  });
  it('kT without a temperature', () => {
    expectError(() => asKind(parseQuantity('20kT'), 'energy'), 'invalid_parameter', 'temperature');
  });
  it('powers, parentheses and products', () => {
    expect(parseUnit('J/(mol*K)').dimension).toEqual([1, 2, -2, 0, -1, -1]);
    expect(parseUnit('kg*m^2/s^2').dimension).toEqual([...DIMENSIONS.energy]);
    expectClose(parseUnit('nm³').factor, 1e-27);
  });
});

describe('reduced units', () => {
  it('overdamped time unit γL²/E; values go there and back', () => {
    const units = overdampedUnits({ energy: 4e-21, length: 1e-9, friction: 1e-11 });
    expectClose(units.time, (1e-11 * 1e-18) / 4e-21);
    const rate = 123.4; // 1/s
    const reduced = toReduced(rate, DIMENSIONS.rate, units);
    expectClose(reduced, rate * units.time);
    expectClose(fromReduced(reduced, DIMENSIONS.rate, units), rate);
    // Friction in reduced units is 1 by construction.
    expectClose(toReduced(1e-11, DIMENSIONS.friction, units), 1);
  });
  it('underdamped time unit L√(m/E): the mass is 1 in reduced units', () => {
    const units = underdampedUnits({ energy: 4e-21, length: 1e-10, mass: 3e-26 });
    expectClose(units.time, 1e-10 * Math.sqrt(3e-26 / 4e-21));
    expectClose(toReduced(3e-26, DIMENSIONS.mass, units), 1);
  });
  it('Stokes friction 6πηr', () => {
    expectClose(stokesFriction(1e-3, 1e-9), 6 * Math.PI * 1e-12);
  });
  it('temperatures have no reduced form', () => {
    const units = overdampedUnits({ energy: 1, length: 1, friction: 1 });
    expectError(() => toReduced(1, DIMENSIONS.temperature, units), 'unit_mismatch');
  });
});

describe('times are printed in a readable unit', () => {
  it.each([
    [7200, '2 h'],
    [5 * 365.25 * 86400, '5 yr'],
    [1e-6, '1 µs'],
    [0.0025, '2.5 ms'],
    [90, '90 s'],
    [300, '5 min'],
  ])('%s s → %s', (seconds, text) => {
    expect(formatTime(seconds)).toBe(text);
  });
});
