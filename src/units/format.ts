import { JULIAN_YEAR } from './constants.js';
import { type Quantity, quantity } from './quantity.js';

/** A number to `digits` significant digits, in exponent form when very small or large. */
export function formatValue(value: number, digits = 4): string {
  if (value === 0) return '0';
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e6) return String(Number(value.toPrecision(digits)));
  return value.toExponential(digits - 1).replace(/\.?0+e/, 'e');
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
  if (!Number.isFinite(seconds)) return `${seconds} s`;
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
