import { KramersError } from '../core/index.js';
import { CALORIE, DALTON, DAY, ELEMENTARY_CHARGE, JULIAN_YEAR } from './constants.js';
import {
  DIMENSIONLESS,
  DIMENSIONS,
  type Dimension,
  dimensionPower,
  dimensionTimes,
} from './dimension.js';

/**
 * Units written the way people write them: `kJ/mol`, `Pa*s`, `J/m^3`, `erg/cm^3`, `uA`, `µs`,
 * `1/s`, `nm^3`. Hand-written rather than a units library: what the presets need beyond SI
 * (energies per mole, in kelvin, or in k_BT at the problem's temperature; years, poise, dalton)
 * would have to be added to any general library by hand, the table and grammar here are ~150
 * lines with no dependency in browsers, and the errors can name the two units in conflict.
 * mathjs has units but costs ~2 s of import time (docs/stack.md). (We did not survey the smaller
 * npm units libraries; any of them would still need the k_BT and per-molecule rules above.)
 */
export interface Unit {
  /** The text as written (trimmed), used when the unit is printed back. */
  readonly text: string;
  /** Multiply a value in this unit by `factor` to get SI. */
  readonly factor: number;
  readonly dimension: Dimension;
  /**
   * Power of k_BT in the unit (1 for `kT`, 0 for others): such a unit needs a temperature before
   * it has a value in joules.
   */
  readonly thermal: number;
}

interface Atom {
  readonly factor: number;
  readonly dimension: Dimension;
  /** Whether SI prefixes apply (`kJ`, `nm`, `uA`; not `min` or `h`). */
  readonly prefixable: boolean;
  readonly thermal?: number;
}

const D = DIMENSIONS;
const ENERGY = D.energy;

/** Unit symbols (exact-match first, then prefix + prefixable symbol). */
const ATOMS: Readonly<Record<string, Atom>> = {
  // SI base units (the kilogram is built from the gram so that prefixes work on it).
  m: { factor: 1, dimension: D.length, prefixable: true },
  g: { factor: 1e-3, dimension: D.mass, prefixable: true },
  s: { factor: 1, dimension: D.time, prefixable: true },
  A: { factor: 1, dimension: D.current, prefixable: true },
  K: { factor: 1, dimension: D.temperature, prefixable: true },
  mol: { factor: 1, dimension: D.amount, prefixable: true },
  // Derived SI units.
  J: { factor: 1, dimension: ENERGY, prefixable: true },
  N: { factor: 1, dimension: D.force, prefixable: true },
  Pa: { factor: 1, dimension: [1, -1, -2, 0, 0, 0], prefixable: true },
  W: { factor: 1, dimension: [1, 2, -3, 0, 0, 0], prefixable: true },
  Hz: { factor: 1, dimension: D.rate, prefixable: true },
  C: { factor: 1, dimension: [0, 0, 1, 1, 0, 0], prefixable: true },
  V: { factor: 1, dimension: D.voltage, prefixable: true },
  S: { factor: 1, dimension: D.conductance, prefixable: true }, // siemens, 1/ohm
  F: { factor: 1, dimension: D.capacitance, prefixable: true },
  ohm: { factor: 1, dimension: D.resistance, prefixable: true },
  Ω: { factor: 1, dimension: D.resistance, prefixable: true },
  T: { factor: 1, dimension: D.magneticField, prefixable: true },
  Wb: { factor: 1, dimension: [1, 2, -2, -1, 0, 0], prefixable: true },
  L: { factor: 1e-3, dimension: D.volume, prefixable: true },
  rad: { factor: 1, dimension: DIMENSIONLESS, prefixable: false },
  // Outside the SI, common in the fields of the presets.
  eV: { factor: ELEMENTARY_CHARGE, dimension: ENERGY, prefixable: true },
  cal: { factor: CALORIE, dimension: ENERGY, prefixable: true },
  erg: { factor: 1e-7, dimension: ENERGY, prefixable: false },
  Da: { factor: DALTON, dimension: D.mass, prefixable: true },
  P: { factor: 0.1, dimension: D.viscosity, prefixable: true }, // poise; cP = mPa·s
  G: { factor: 1e-4, dimension: D.magneticField, prefixable: false }, // gauss
  Oe: { factor: 1000 / (4 * Math.PI), dimension: D.magnetization, prefixable: false }, // A/m
  Å: { factor: 1e-10, dimension: D.length, prefixable: false },
  angstrom: { factor: 1e-10, dimension: D.length, prefixable: false },
  min: { factor: 60, dimension: D.time, prefixable: false },
  h: { factor: 3600, dimension: D.time, prefixable: false },
  d: { factor: DAY, dimension: D.time, prefixable: false },
  day: { factor: DAY, dimension: D.time, prefixable: false },
  week: { factor: 7 * DAY, dimension: D.time, prefixable: false },
  yr: { factor: JULIAN_YEAR, dimension: D.time, prefixable: true },
  year: { factor: JULIAN_YEAR, dimension: D.time, prefixable: false },
  // Thermal energy k_BT: its value needs the temperature of the problem.
  kT: { factor: 1, dimension: ENERGY, prefixable: false, thermal: 1 },
  kBT: { factor: 1, dimension: ENERGY, prefixable: false, thermal: 1 },
};

const PREFIXES: Readonly<Record<string, number>> = {
  Y: 1e24,
  Z: 1e21,
  E: 1e18,
  P: 1e15,
  T: 1e12,
  G: 1e9,
  M: 1e6,
  k: 1e3,
  c: 1e-2,
  m: 1e-3,
  u: 1e-6,
  µ: 1e-6, // U+00B5 micro sign
  μ: 1e-6, // U+03BC Greek mu
  n: 1e-9,
  p: 1e-12,
  f: 1e-15,
  a: 1e-18,
  z: 1e-21,
  y: 1e-24,
};

function unknownUnit(text: string, symbol: string): KramersError {
  return new KramersError('unknown_unit', `unknown unit '${symbol}' in '${text}'`, {
    issues: [{ path: 'unit', message: `unknown unit '${symbol}'` }],
    hint: 'units are SI symbols with prefixes (kJ, nm, uA, mPa*s), eV, cal, kT, K, Da, P (poise), G, Oe, min, h, d, yr; combine with * / ^ and parentheses',
  });
}

function atomFor(text: string, symbol: string): Atom {
  const exact = ATOMS[symbol];
  if (exact) return exact;
  // A prefix is one character (µ/μ included); the rest must be a prefixable symbol.
  const prefix = PREFIXES[symbol.slice(0, 1)];
  const base = ATOMS[symbol.slice(1)];
  if (prefix !== undefined && base?.prefixable) {
    return { ...base, factor: prefix * base.factor, prefixable: false };
  }
  throw unknownUnit(text, symbol);
}

interface Parsed {
  factor: number;
  dimension: Dimension;
  thermal: number;
}

const ONE: Parsed = { factor: 1, dimension: DIMENSIONLESS, thermal: 0 };

function combine(a: Parsed, b: Parsed, sign: 1 | -1): Parsed {
  return {
    factor: sign === 1 ? a.factor * b.factor : a.factor / b.factor,
    dimension: dimensionTimes(a.dimension, dimensionPower(b.dimension, sign)),
    thermal: a.thermal + sign * b.thermal,
  };
}

/**
 * Parses a unit expression: products (`*`, `·` or a space), quotients (`/`, left to right, so
 * `J/mol/K` is J/(mol·K)), integer powers (`^2`, `^-1`, `²`, `³`) and parentheses. `1/s` is a
 * rate. Throws a KramersError (`unknown_unit`) naming the symbol it does not know.
 */
export function parseUnit(text: string): Unit {
  const source = text.trim();
  if (source === '') return { text: '', ...ONE };
  const reader = new UnitReader(source);
  const result = reader.product();
  if (reader.peek() !== undefined) reader.fail(`unexpected '${reader.peek()}'`);
  return { text: source, ...result };
}

/** Recursive descent over the tokens of one unit expression: products of powers of atoms. */
class UnitReader {
  private readonly tokens: readonly string[];
  private pos = 0;

  constructor(private readonly source: string) {
    this.tokens = source.match(/[A-Za-zµμΩÅ]+|\d+|[-+*/^()·²³]|\s+|./gu) ?? [];
  }

  /** The next token, skipping white space (undefined at the end). */
  peek(): string | undefined {
    while (this.pos < this.tokens.length && /^\s+$/.test(this.tokens[this.pos]!)) this.pos++;
    return this.tokens[this.pos];
  }

  fail(what: string): never {
    throw new KramersError('unknown_unit', `cannot read the unit '${this.source}': ${what}`, {
      issues: [{ path: 'unit', message: what }],
      hint: 'write units like kJ/mol, Pa*s, J/m^3, 1/s',
    });
  }

  /** Factors joined by `*`, `·`, `/` (left to right) or a space. */
  product(): Parsed {
    let value = this.atom();
    for (;;) {
      const t = this.peek();
      if (t === '*' || t === '·') {
        this.pos++;
        value = combine(value, this.atom(), 1);
      } else if (t === '/') {
        this.pos++;
        value = combine(value, this.atom(), -1);
      } else if (t !== undefined && t !== ')' && /^[A-Za-zµμΩÅ(]/u.test(t)) {
        // Juxtaposition with a space: `Pa s`, `kg m^2`.
        value = combine(value, this.atom(), 1);
      } else {
        return value;
      }
    }
  }

  /** A symbol, `1` or a parenthesised product, raised to its power. */
  private atom(): Parsed {
    const t = this.peek();
    if (t === undefined) return this.fail('unit missing at the end');
    let base: Parsed;
    if (t === '(') {
      this.pos++;
      base = this.product();
      if (this.peek() !== ')') return this.fail("missing ')'");
      this.pos++;
    } else if (t === '1') {
      this.pos++;
      base = ONE;
    } else if (/^[A-Za-zµμΩÅ]+$/u.test(t)) {
      this.pos++;
      const a = atomFor(this.source, t);
      base = { factor: a.factor, dimension: a.dimension, thermal: a.thermal ?? 0 };
    } else {
      return this.fail(`unexpected '${t}'`);
    }
    const p = this.exponent();
    return p === 1
      ? base
      : {
          factor: base.factor ** p,
          dimension: dimensionPower(base.dimension, p),
          thermal: base.thermal * p,
        };
  }

  /** The power after an atom: `^n`, `^-n`, `²`, `³`, or 1 when none is written. */
  private exponent(): number {
    const t = this.peek();
    if (t === '²') {
      this.pos++;
      return 2;
    }
    if (t === '³') {
      this.pos++;
      return 3;
    }
    if (t !== '^') return 1;
    this.pos++;
    let sign = 1;
    if (this.peek() === '-') {
      sign = -1;
      this.pos++;
    } else if (this.peek() === '+') this.pos++;
    const digits = this.peek();
    if (digits === undefined || !/^\d+$/.test(digits)) {
      return this.fail('expected a whole power after ^');
    }
    this.pos++;
    return sign * Number(digits);
  }
}
