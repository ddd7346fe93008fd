/** Plain-text formatting for people: numbers with their precision, aligned tables. */

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
 * A positive quantity given by its natural log, printed as mantissa·10^exponent even when the
 * value itself underflows or overflows a double (ΔU/D up to 10⁴ and beyond).
 */
export function formatFromLog(logValue: number | null | undefined, digits = 6): string {
  if (logValue === null || logValue === undefined || Number.isNaN(logValue)) return '—';
  if (logValue === Number.NEGATIVE_INFINITY) return '0';
  if (logValue === Number.POSITIVE_INFINITY) return '∞';
  const value = Math.exp(logValue);
  if (value > 0 && Number.isFinite(value)) return formatNumber(value, digits);
  const log10 = logValue / Math.LN10;
  let exponent = Math.floor(log10);
  let mantissa = 10 ** (log10 - exponent);
  if (Number(mantissa.toPrecision(digits)) >= 10) {
    mantissa /= 10;
    exponent += 1;
  }
  return `${String(Number(mantissa.toPrecision(digits)))}e${exponent}`;
}

/** Left-aligned columns separated by two spaces, with a header row. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** The closing "Warnings" block of a table report: a blank line, the heading, one line each. */
export function warningLines(warnings: readonly string[]): string[] {
  return warnings.length > 0 ? ['', 'Warnings', ...warnings.map((w) => `  - ${w}`)] : [];
}
