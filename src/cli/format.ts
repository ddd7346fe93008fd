/** Plain-text formatting for people: numbers with their precision, aligned tables. */
import { formatFromLog as formatFromLogShared } from '../index.js';

/** A number to `digits` significant digits, in exponent form when very small or large; NaN as —, ±∞. */
export function formatNumber(value: number | null | undefined, digits = 6): string {
  if (value === null || value === undefined) return '—';
  if (value === 0) return '0';
  // A value that does not exist prints as a dash, an infinite one (a CI's open end) as ∞: never
  // the words NaN or Infinity, which read as a program's failure.
  if (Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e7) return String(Number(value.toPrecision(digits)));
  return value.toExponential(digits - 1).replace(/\.?0+e/, 'e');
}

/**
 * A positive quantity given by its natural log (the shared `formatFromLog` of the units module,
 * with this module's in-range digits): the value even where it leaves double range.
 */
export function formatFromLog(logValue: number | null | undefined, digits = 6): string {
  return formatFromLogShared(logValue, digits, formatNumber);
}

/** Left-aligned columns separated by two spaces, with a header row. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** The closing "Warnings" block of a table report: a blank line, the heading, one line each. */
/** What a simulated MFPT carries: value, standard error, 95% CIs of it and of the rate. */
export interface MfptEstimate {
  /** Null where there is no estimate (no walker escaped, or none finished). */
  readonly mfpt: number | null;
  readonly mfptStdErr: number | null;
  readonly mfptCI95: readonly [number, number];
  /** No walker escaped: MFPT > this at 95% (the simulation route's field). */
  readonly mfptLowerBound?: number | null;
  readonly rate: number | null;
  readonly rateCI95: readonly [number, number];
}

/**
 * The MFPT and 1/MFPT rows every simulation table starts with; where no walker escaped
 * (`noEscape`) the MFPT has only its lower bound and 1/MFPT its upper one, the CIs' ends, said as
 * such.
 */
export function mfptRateRows(r: MfptEstimate, noEscape = false): string[][] {
  return [
    [
      'MFPT',
      noEscape
        ? `> ${formatNumber(r.mfptLowerBound ?? r.mfptCI95[0], 6)} (no escape)`
        : formatNumber(r.mfpt, 6),
      noEscape ? '' : `± ${formatNumber(r.mfptStdErr, 2)}`,
      `[${formatNumber(r.mfptCI95[0], 6)}, ${formatNumber(r.mfptCI95[1], 6)}]`,
    ],
    [
      'rate 1/MFPT',
      // No escape: no rate estimate (0 would read as one), only the bound the MFPT's gives.
      noEscape ? `< ${formatNumber(r.rateCI95[1], 6)} (no escape)` : formatNumber(r.rate, 6),
      '',
      `[${formatNumber(r.rateCI95[0], 6)}, ${formatNumber(r.rateCI95[1], 6)}]`,
    ],
  ];
}

/** The table of a simulated MFPT: its rows and any further ones (a probability, an exact value). */
export function mfptTable(r: MfptEstimate, noEscape = false, more: string[][] = []): string {
  return table(
    ['quantity', 'value', 'std. error', '95% CI'],
    [...mfptRateRows(r, noEscape), ...more],
  );
}

export function warningLines(warnings: readonly string[]): string[] {
  return warnings.length > 0 ? ['', 'Warnings', ...warnings.map((w) => `  - ${w}`)] : [];
}

/** `1 point`, `3 points`. */
export const countOf = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
