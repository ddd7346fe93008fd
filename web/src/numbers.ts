/** Numbers as the Lab shows them (no DOM here: tests import it in Node). */

/**
 * How many significant digits of the mantissa 10^(l10 − ⌊l10⌋) a double l10 = log10 x carries: its
 * fraction is known to |l10|·ε, a relative |l10|·ε·ln 10 in the mantissa, and a digit counts while
 * that stays under half its unit. The library's formatFromLog (src/units/format.ts) prints by the
 * same rule; 17 digits are all a double holds.
 */
export function digitsCarried(l10: number): number {
  const relative = Math.abs(l10) * Number.EPSILON * Math.LN10;
  if (relative === 0) return 17;
  return Math.max(0, Math.min(17, Math.floor(1 + Math.log10(0.5 / relative))));
}

/**
 * A positive number given by its natural log, even where the number itself underflows or
 * overflows a double: `digits` significant digits in exponent form (4.13110e-1087). Where the log
 * carries fewer digits than that (|log10| past ~1e10 for six) no mantissa is known and only the
 * power of ten is printed, in the CLI's form `≈ 10^(-1.08574e+299)`: at D = 1e-300 the Lab wrote
 * `1.00000e-1.0857362047581293e+299` (⌊l10⌋ = l10 there, and the exponent was no integer).
 */
export function fromLog(log: number, digits = 6): string {
  const l10 = log / Math.LN10;
  if (digitsCarried(l10) < digits) {
    const power = Math.abs(l10);
    const text = digits >= 17 ? String(power) : fmt(Number(power.toPrecision(digits)));
    return `≈ 10^(${l10 < 0 ? '-' : ''}${text})`;
  }
  let exponent = Math.floor(l10);
  let mantissa = 10 ** (l10 - exponent);
  // A mantissa of 9.9999996 rounds to 10.0000: carry it into the exponent.
  if (Number(mantissa.toPrecision(digits)) >= 10) {
    mantissa /= 10;
    exponent += 1;
  }
  return `${mantissa.toPrecision(digits)}e${exponent < 0 ? '-' : '+'}${Math.abs(exponent)}`;
}

/**
 * Every digit of the number that its natural log carries (12 at |log10| ≈ 1e3), for exports: the
 * text a spreadsheet gets where the value itself underflowed to 0. Where the log carries none, the
 * power of ten to a double's 17 digits.
 */
export function fullFromLog(log: number): string {
  const digits = digitsCarried(log / Math.LN10);
  return fromLog(log, digits >= 1 ? digits : 17);
}

/**
 * Six significant digits. A number that leaves double range (a rate that underflows to 0, an
 * MFPT that overflows to ∞) is printed from its natural log `log` when one is given.
 */
export function fmt(value: number | null | undefined, log?: number | null): string {
  if (value === null || value === undefined) return '—';
  const outOfRange = value === 0 || !Number.isFinite(value);
  if (outOfRange && log !== null && log !== undefined && Number.isFinite(log)) return fromLog(log);
  if (!Number.isFinite(value)) return String(value);
  const a = Math.abs(value);
  if (a !== 0 && (a < 1e-4 || a >= 1e6)) return value.toExponential(5);
  return String(Number(value.toPrecision(6)));
}

export function pct(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  const p = value * 100;
  const s = Math.abs(p) < 0.01 ? p.toExponential(1) : p.toPrecision(3);
  return `${p > 0 ? '+' : ''}${s}%`;
}
