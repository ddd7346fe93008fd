/**
 * Misuse channel (CONTRIBUTING.md, three channels): bad input throws a `KramersError` with a
 * stable `code`, structured `issues` and a hint. Numerical outcomes are retcodes on solutions,
 * never throws.
 */

/** A half-open character range [start, end) into a source text (0-based). */
export interface SourceSpan {
  readonly start: number;
  readonly end: number;
}

export type KramersErrorCode =
  | 'parse_error'
  | 'unknown_name'
  | 'invalid_parameter'
  | 'invalid_domain'
  | 'not_finite'
  | 'no_well'
  | 'no_barrier'
  | 'no_finite_mfpt'
  | 'over_budget'
  | 'unbounded_below'
  | 'domain_not_found'
  | 'unknown_unit'
  | 'unit_mismatch'
  | 'usage';

export interface KramersIssue {
  /** What was wrong, in one sentence. */
  readonly message: string;
  /** Which input it concerns: a parameter name such as `D`, or `expression`. */
  readonly path?: string;
  /** Where in the source text (for expressions). */
  readonly span?: SourceSpan;
}

export class KramersError extends Error {
  readonly code: KramersErrorCode;
  readonly issues: readonly KramersIssue[];
  readonly hint: string | undefined;

  constructor(
    code: KramersErrorCode,
    message: string,
    options: { issues?: readonly KramersIssue[]; hint?: string } = {},
  ) {
    super(message);
    this.name = 'KramersError';
    this.code = code;
    this.issues = options.issues ?? [{ message }];
    this.hint = options.hint;
  }
}

export function isKramersError(value: unknown): value is KramersError {
  return value instanceof KramersError;
}

/**
 * Renders a message that points at a character of the source:
 *
 *     x^4/4 - * x
 *             ^
 */
export function pointAt(source: string, span: SourceSpan): string {
  const start = Math.max(0, Math.min(span.start, source.length));
  const width = Math.max(1, Math.min(span.end, source.length + 1) - start);
  return `  ${source}\n  ${' '.repeat(start)}${'^'.repeat(width)}`;
}
