import { KramersError } from '../core/index.js';
import { AVOGADRO, BOLTZMANN, PLANCK, VACUUM_PERMEABILITY } from './constants.js';
import {
  DIMENSIONS,
  type Dimension,
  type DimensionName,
  describeDimension,
  dimensionPower,
  dimensionTimes,
  sameDimension,
} from './dimension.js';
import { parseUnit, type Unit } from './unit.js';

/**
 * A value with its dimension, held in SI (plain data). `unit` is the unit it was written in, kept
 * for messages and for printing it back. `thermal` is the power of k_BT still to be applied (a
 * value written in `kT` has no size in joules until a temperature is known).
 */
export interface Quantity {
  readonly value: number;
  readonly dimension: Dimension;
  readonly unit: string;
  readonly thermal: number;
}

const NUMBER = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*?)\s*$/s;

/** A quantity from a number and a unit text: `quantity(50, 'kJ/mol')`. */
export function quantity(value: number, unit: string | Unit = ''): Quantity {
  const u = typeof unit === 'string' ? parseUnit(unit) : unit;
  return { value: value * u.factor, dimension: u.dimension, unit: u.text, thermal: u.thermal };
}

/**
 * Reads `50kJ/mol`, `298.15 K`, `1.2e-3Pa*s`, `10nm`, `3uA`, `2h`, `5yr`, `20kT`, or a bare
 * number (dimensionless). Throws a KramersError for text that is not a number with a unit.
 *
 * @example
 * parseQuantity('2h').value; // => 7200
 */
export function parseQuantity(text: string, name = 'value'): Quantity {
  if (typeof text !== 'string') {
    throw new KramersError('invalid_parameter', `${name}: expected text such as '300K'`);
  }
  const match = NUMBER.exec(text);
  if (!match) {
    throw new KramersError(
      'invalid_parameter',
      `${name}: '${text}' is not a number with a unit (e.g. 50kJ/mol, 300K, 1.2e-3Pa*s)`,
      { issues: [{ path: name, message: `not a number with a unit: '${text}'` }] },
    );
  }
  const value = Number(match[1]);
  let unit: Unit;
  try {
    unit = parseUnit(match[2]!);
  } catch (error) {
    if (error instanceof KramersError) {
      throw new KramersError(error.code, `${name}: ${error.message}`, {
        issues: error.issues.map((i) => ({ ...i, path: name })),
        ...(error.hint ? { hint: error.hint } : {}),
      });
    }
    throw error;
  }
  return quantity(value, unit);
}

/** The words for a quantity's unit in messages: `kJ/mol (energy per amount)`. */
function describe(q: Quantity): string {
  const what = q.thermal !== 0 ? 'energy' : describeDimension(q.dimension);
  return q.unit === '' ? `a pure number (${what})` : `${q.unit} (${what})`;
}

function mismatch(verb: string, a: Quantity, b: Quantity): KramersError {
  return new KramersError(
    'unit_mismatch',
    `cannot ${verb} ${a.unit || 'a pure number'} and ${b.unit || 'a pure number'}: ${describe(a)} and ${describe(b)} have different dimensions`,
    { issues: [{ path: 'unit', message: `${a.unit || '1'} vs ${b.unit || '1'}` }] },
  );
}

function sameKind(a: Quantity, b: Quantity): boolean {
  return sameDimension(a.dimension, b.dimension) && a.thermal === b.thermal;
}

/** a + b, in a's unit; adding kJ/mol to K is an error naming both units. */
export function add(a: Quantity, b: Quantity): Quantity {
  if (!sameKind(a, b)) throw mismatch('add', a, b);
  return { ...a, value: a.value + b.value };
}

/** a − b, in a's unit. */
export function subtract(a: Quantity, b: Quantity): Quantity {
  if (!sameKind(a, b)) throw mismatch('subtract', a, b);
  return { ...a, value: a.value - b.value };
}

export function multiply(a: Quantity, b: Quantity): Quantity {
  return {
    value: a.value * b.value,
    dimension: dimensionTimes(a.dimension, b.dimension),
    unit: [a.unit, b.unit].filter((u) => u !== '').join('*'),
    thermal: a.thermal + b.thermal,
  };
}

export function divide(a: Quantity, b: Quantity): Quantity {
  return {
    value: a.value / b.value,
    dimension: dimensionTimes(a.dimension, dimensionPower(b.dimension, -1)),
    unit: `${a.unit || '1'}/${b.unit.includes('*') || b.unit.includes('/') ? `(${b.unit})` : b.unit || '1'}`,
    thermal: a.thermal - b.thermal,
  };
}

/**
 * The number of `unit`s in q (`convert(parseQuantity('1kcal/mol'), 'kJ/mol')` = 4.184): the
 * dimensions must agree, and a k_BT unit on either side needs `temperature` (K).
 *
 * @example
 * convert(parseQuantity('1kcal/mol'), 'kJ/mol'); // => 4.184
 */
export function convert(q: Quantity, unit: string, temperature?: number): number {
  const target = quantity(1, unit);
  if (!sameDimension(q.dimension, target.dimension)) throw mismatch('convert', q, target);
  const kT = q.thermal !== 0 || target.thermal !== 0 ? thermalEnergy(temperature, q) : 1;
  return (q.value * kT ** q.thermal) / (target.value * kT ** target.thermal);
}

function thermalEnergy(temperature: number | undefined, q: Quantity): number {
  if (temperature === undefined || !(temperature > 0) || !Number.isFinite(temperature)) {
    throw new KramersError(
      'invalid_parameter',
      `${q.unit || 'kT'} needs a temperature: k_BT has no size in joules without one`,
      { hint: 'give the temperature (e.g. T=300K) first' },
    );
  }
  return BOLTZMANN * temperature;
}

/** What a preset parameter measures: a named dimension, with the few conversions each allows. */
export type QuantityKind = DimensionName;

/**
 * The SI value of q as a `kind`, accepting the conversions people mean:
 * - an energy may be written per mole (kJ/mol, kcal/mol: divided by N_A, per molecule), in
 *   kelvin (times k_B), as a frequency (times h, e.g. GHz for a qubit) or in kT (at `temperature`);
 * - a magnetic field B may be written as H in A/m or Oe (times μ0).
 * Any other dimension mismatch (`T=5kJ/mol`) is a `unit_mismatch` KramersError naming both units.
 *
 * @example
 * asKind(parseQuantity('300K'), 'energy'); // => 4.141947e-21
 */
export function asKind(
  q: Quantity,
  kind: QuantityKind,
  options: { readonly temperature?: number; readonly name?: string } = {},
): number {
  const want = DIMENSIONS[kind];
  const name = options.name ?? kind;
  if (q.thermal !== 0) {
    if (kind !== 'energy' || !sameDimension(q.dimension, want)) throw wrongKind(q, kind, name);
    return q.value * thermalEnergy(options.temperature, q) ** q.thermal;
  }
  if (sameDimension(q.dimension, want)) return q.value;
  if (kind === 'energy') {
    if (sameDimension(q.dimension, DIMENSIONS.molarEnergy)) return q.value / AVOGADRO;
    if (sameDimension(q.dimension, DIMENSIONS.temperature)) return q.value * BOLTZMANN;
    if (sameDimension(q.dimension, DIMENSIONS.rate)) return q.value * PLANCK;
  }
  if (kind === 'magneticField' && sameDimension(q.dimension, DIMENSIONS.magnetization)) {
    return q.value * VACUUM_PERMEABILITY;
  }
  throw wrongKind(q, kind, name);
}

/**
 * A SI value of a `kind` expressed in `unit` (the inverse of {@link asKind}, with the same
 * conversions): inUnit(8.3e-20, 'energy', 'kJ/mol') is about 50.
 *
 * @example
 * inUnit(1e-3, 'viscosity', 'cP'); // => 1
 */
export function inUnit(
  valueSI: number,
  kind: QuantityKind,
  unit: string,
  options: { readonly temperature?: number } = {},
): number {
  return valueSI / asKind(quantity(1, unit), kind, { ...options, name: unit });
}

/** The SI unit each kind is reported in when no other is chosen. */
export const SI_UNIT: Readonly<Record<QuantityKind, string>> = {
  dimensionless: '',
  mass: 'kg',
  length: 'm',
  time: 's',
  current: 'A',
  temperature: 'K',
  amount: 'mol',
  area: 'm^2',
  volume: 'm^3',
  rate: '1/s',
  diffusion: 'm^2/s',
  energy: 'J',
  molarEnergy: 'J/mol',
  force: 'N',
  viscosity: 'Pa*s',
  friction: 'kg/s',
  energyDensity: 'J/m^3',
  magneticField: 'T',
  magnetization: 'A/m',
  capacitance: 'F',
  resistance: 'ohm',
  currentRate: 'A/s',
  voltage: 'V',
  conductance: 'S',
  gyromagneticRatio: '1/(s*T)',
};

function wrongKind(q: Quantity, kind: QuantityKind, name: string): KramersError {
  const expected = kind.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
  const unit = SI_UNIT[kind] || 'a pure number';
  const given = q.unit === '' ? String(q.value) : `${q.value / parseUnit(q.unit).factor}${q.unit}`;
  return new KramersError(
    'unit_mismatch',
    `${name} = ${given}: ${describe(q)} is not ${/^[aeiou]/.test(expected) ? 'an' : 'a'} ${expected} (${unit})`,
    {
      issues: [{ path: name, message: `${q.unit || '1'} given where ${unit} was expected` }],
      hint: `give ${name} in a unit of ${expected}, e.g. ${name}=1${unit === 'a pure number' ? '' : unit}`,
    },
  );
}
