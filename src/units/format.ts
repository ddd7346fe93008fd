import { JULIAN_YEAR } from './constants.js';
import { type Quantity, quantity } from './quantity.js';

/**
 * A number to `digits` significant digits, in exponent form when very small or large. A value
 * that does not exist prints as a dash and an infinite one as ∞: never the words NaN or Infinity,
 * which read as a program's failure (a number we print is a number someone will publish).
 */
export function formatValue(value: number, digits = 4): string {
  if (value === 0) return '0';
  if (Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e6) return String(Number(value.toPrecision(digits)));
  return value.toExponential(digits - 1).replace(/\.?0+e/, 'e');
}

/**
 * Relative distance under which a shorter decimal counts as the value a user typed: a value that
 * went through a unit (10 kT → J → kT) comes back within a few ulps (~1e-15), far below this,
 * while a real seventh digit (298.1534) is far above it.
 */
const GIVEN_TOLERANCE = 1e-9;

/**
 * A value someone gave (a parameter, a default) in the fewest significant digits that give it
 * back, at most `maxDigits`: 298.15 stays `298.15` where `formatValue` would print `298.1`, and
 * 10 kT that came back through joules as 10.000000000000002 prints `10`, not 17 digits of noise.
 * Past `maxDigits` (a value computed from another unit) it prints `maxDigits` digits.
 */
export function formatGiven(value: number, maxDigits = 6): string {
  if (value === 0 || !Number.isFinite(value)) return formatValue(value);
  for (let digits = 1; digits < maxDigits; digits++) {
    const shorter = Number(value.toPrecision(digits));
    if (Math.abs(shorter - value) <= GIVEN_TOLERANCE * Math.abs(value)) {
      return formatValue(value, digits);
    }
  }
  return formatValue(value, maxDigits);
}

/** `value` (SI) printed in `unit`: formatIn(0.05, 'kJ/mol') etc. Dimensions must agree. */
export function formatIn(valueSI: number, unit: string, digits = 4): string {
  const one = quantity(1, unit);
  const text = formatValue(valueSI / one.value, digits);
  return unit === '' ? text : `${text} ${unit}`;
}

const TIME_UNITS: readonly (readonly [string, number])[] = [
  ['fs', 1e-15],
  ['ps', 1e-12],
  ['ns', 1e-9],
  ['µs', 1e-6],
  ['ms', 1e-3],
  ['s', 1],
  ['min', 60],
  ['h', 3600],
  ['d', 86400],
  ['yr', JULIAN_YEAR],
];

/**
 * A time (s) in the largest readable unit not above it: `2.3 ms`, `4.1 h`, `3.2e6 yr`; minutes
 * only from two of them (100 s stays `100 s`).
 */
export function formatTime(seconds: number, digits = 4): string {
  if (Number.isNaN(seconds)) return '—';
  if (!Number.isFinite(seconds)) return `${formatValue(seconds)} s`;
  const magnitude = Math.abs(seconds);
  let chosen = TIME_UNITS[0]!;
  for (const unit of TIME_UNITS) {
    if (magnitude >= (unit[0] === 'min' ? 2 : 1) * unit[1]) chosen = unit;
  }
  return `${formatValue(seconds / chosen[1], digits)} ${chosen[0]}`;
}

/** A rate (1/s) with its unit. */
export function formatRate(perSecond: number, digits = 4): string {
  return `${formatValue(perSecond, digits)} 1/s`;
}

/** A quantity in the unit it was written in. */
export function formatQuantity(q: Quantity, digits = 4): string {
  const one = quantity(1, q.unit);
  const text = formatValue(q.value / one.value, digits);
  return q.unit === '' ? text : `${text} ${q.unit}`;
}

/**
 * The largest |ln x| whose x is a normal double with room to spare (e^709.78 overflows,
 * e^−708.4 is subnormal): past it a value is carried and printed by its logarithm.
 */
export const LOG_DOUBLE_RANGE = 700;

/**
 * A positive quantity given by its natural log, printed as mantissa·10^exponent even when the
 * value itself underflows or overflows a double (a rate e^{−ΔU/D} with ΔU/D = 2500 is
 * `4.13e-1087`). Inside double range the value prints through `inRange` (default `formatValue`);
 * an unknown log (NaN, null) prints as —, and ln = ∓∞ (a value exactly 0 or ∞) as 0 or ∞.
 */
export function formatFromLog(
  logValue: number | null | undefined,
  digits = 4,
  inRange: (value: number, digits: number) => string = formatValue,
): string {
  if (logValue === null || logValue === undefined || Number.isNaN(logValue)) return '—';
  if (logValue === Number.NEGATIVE_INFINITY) return '0';
  if (logValue === Number.POSITIVE_INFINITY) return '∞';
  if (Math.abs(logValue) <= LOG_DOUBLE_RANGE) return inRange(Math.exp(logValue), digits);
  const log10 = logValue / Math.LN10;
  // The mantissa is 10^(log10 − ⌊log10⌋), and the fraction of log10 carries only about
  // 16 − log10(|log10|) digits: once its round-off (|log10|·ε·ln 10, relative, in the mantissa)
  // passes half a unit of the digits asked for, no mantissa is known (at |log10| ~ 1e299 the
  // fraction is 0 and the exponent no integer), so only the power of ten is printed.
  if (Math.abs(log10) * Number.EPSILON * Math.LN10 * 10 ** (digits - 1) > 0.5) {
    return `≈ 10^(${log10 < 0 ? '-' : ''}${formatValue(Math.abs(log10), digits)})`;
  }
  let exponent = Math.floor(log10);
  let mantissa = 10 ** (log10 - exponent);
  if (Number(mantissa.toPrecision(digits)) >= 10) {
    mantissa /= 10;
    exponent += 1;
  }
  return `${String(Number(mantissa.toPrecision(digits)))}e${exponent >= 0 ? '+' : ''}${exponent}`;
}

/** `formatIn` for a quantity given by the natural log of its SI value. */
export function formatInFromLog(logSI: number, unit: string, digits = 4): string {
  if (Number.isNaN(logSI)) return '—';
  const text = formatFromLog(logSI - Math.log(quantity(1, unit).value), digits);
  return unit === '' ? text : `${text} ${unit}`;
}

/**
 * `formatTime` for a time given by its natural log (s): out of double range in years when long
 * (`2.4e+1086 yr`), in femtoseconds when short; an unknown time prints as —.
 */
export function formatTimeFromLog(logSeconds: number, digits = 4): string {
  if (Number.isNaN(logSeconds)) return '—';
  if (Math.abs(logSeconds) <= LOG_DOUBLE_RANGE) return formatTime(Math.exp(logSeconds), digits);
  const unit = logSeconds > 0 ? TIME_UNITS[TIME_UNITS.length - 1]! : TIME_UNITS[0]!;
  return `${formatFromLog(logSeconds - Math.log(unit[1]), digits)} ${unit[0]}`;
}

/** `formatRate` for a rate given by its natural log (1/s). */
export function formatRateFromLog(logPerSecond: number, digits = 4): string {
  if (Number.isNaN(logPerSecond)) return '—';
  return `${formatFromLog(logPerSecond, digits)} 1/s`;
}
