import {
  formatFromLog,
  formatInFromLog,
  formatTimeFromLog,
  LOG_DOUBLE_RANGE,
  quantity,
} from '../units/index.js';
import type { PresetResult, PresetTable } from './types.js';

/**
 * Answers known by their logarithm. Escape rates and times are e^{±ΔU/k_BT} and leave double
 * range long before a barrier stops being physical (ΔU/k_BT = 710); the routes return ln k, and a
 * preset carries ln to the report so that `value` is finite or null and `log10Value` keeps the
 * number, and the text prints it (`4.13e-1087 1/s`). Nothing here ever prints NaN or Infinity.
 */

/** A result's fields other than its number. */
export interface ResultFields {
  readonly name: string;
  readonly label: string;
  readonly method?: string;
}

/** `value`/`log10Value` of a quantity whose natural log in its display unit is `log`. */
function valueFromLog(log: number): { value: number | null; log10Value?: number } {
  if (Number.isNaN(log)) return { value: null };
  if (log === Number.NEGATIVE_INFINITY) return { value: 0 };
  if (Math.abs(log) <= LOG_DOUBLE_RANGE) return { value: Math.exp(log) };
  return Number.isFinite(log) ? { value: null, log10Value: log / Math.LN10 } : { value: null };
}

/** ln of one `unit` in SI (ln(3600) for `h`). */
function logUnit(unit: string): number {
  return Math.log(quantity(1, unit).value);
}

/** A result in `unit` from the natural log of its SI value (`formatIn` text). */
export function resultFromLog(
  fields: ResultFields,
  logSI: number,
  unit: string,
  digits = 4,
): PresetResult {
  return {
    ...fields,
    ...valueFromLog(logSI - logUnit(unit)),
    unit,
    text: formatInFromLog(logSI, unit, digits),
  };
}

/** A time result, its value in `unit`, printed in the readable unit (`formatTime`). */
export function timeFromLog(fields: ResultFields, logSeconds: number, unit: string): PresetResult {
  return {
    ...fields,
    ...valueFromLog(logSeconds - logUnit(unit)),
    unit,
    text: formatTimeFromLog(logSeconds),
  };
}

/** A table cell known by its natural log (in the column's unit). */
export interface LogCell {
  readonly log: number;
}

/** A cell given by ln of its value in the column's unit. */
export function logCell(log: number): LogCell {
  return { log };
}

/** A table of plain numbers and cells known by their log: `log10Rows` only when one leaves range. */
export function presetTable(
  title: string,
  columns: readonly string[],
  cells: readonly (readonly (number | LogCell)[])[],
): PresetTable {
  const rows = cells.map((row) =>
    row.map((c) =>
      typeof c === 'number' ? (Number.isFinite(c) ? c : null) : valueFromLog(c.log).value,
    ),
  );
  const outside = cells.some((row) =>
    row.some((c) => typeof c !== 'number' && valueFromLog(c.log).log10Value !== undefined),
  );
  if (!outside) return { title, columns, rows };
  const log10Rows = cells.map((row) =>
    row.map((c) => (typeof c !== 'number' && Number.isFinite(c.log) ? c.log / Math.LN10 : null)),
  );
  return { title, columns, rows, log10Rows };
}

/** The text of table cell (i, j) with `digits` digits, whether plain or known by its log. */
export function tableCellText(
  table: PresetTable,
  i: number,
  j: number,
  inRange: (value: number, digits: number) => string,
  digits = 5,
): string {
  const value = table.rows[i]?.[j] ?? null;
  if (value !== null) return inRange(value, digits);
  const log10 = table.log10Rows?.[i]?.[j] ?? null;
  return log10 === null ? '—' : formatFromLog(log10 * Math.LN10, digits, inRange);
}

/** A relative error as the methods print it (`2.5e-12`), or `—` where there is none. */
export function relativeErrorText(relativeError: number): string {
  return Number.isFinite(relativeError) ? relativeError.toExponential(1) : '—';
}
