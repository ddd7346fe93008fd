import { KramersError } from './errors.js';

/**
 * Validators written as `!(x > 0)` so that NaN fails them (a NaN compares false to everything).
 * Each names the parameter so the message says which input is impossible.
 */

export function requirePositive(name: string, value: number, meaning = ''): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !(value > 0)) {
    throw new KramersError(
      'invalid_parameter',
      `${name} must be a finite positive number${meaning ? ` (${meaning})` : ''}; got ${String(value)}`,
      { issues: [{ path: name, message: `expected a finite number > 0, got ${String(value)}` }] },
    );
  }
  return value;
}

export function requireFinite(name: string, value: number, meaning = ''): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new KramersError(
      'invalid_parameter',
      `${name} must be a finite number${meaning ? ` (${meaning})` : ''}; got ${String(value)}`,
      { issues: [{ path: name, message: `expected a finite number, got ${String(value)}` }] },
    );
  }
  return value;
}

export function requireNonNegative(name: string, value: number, meaning = ''): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !(value >= 0)) {
    throw new KramersError(
      'invalid_parameter',
      `${name} must be a finite number ≥ 0${meaning ? ` (${meaning})` : ''}; got ${String(value)}`,
      { issues: [{ path: name, message: `expected a finite number ≥ 0, got ${String(value)}` }] },
    );
  }
  return value;
}

/** An interval [a, b] with a < b, both finite. */
export interface Domain {
  readonly min: number;
  readonly max: number;
}

export function requireDomain(domain: Domain): Domain {
  const { min, max } = domain;
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    throw new KramersError(
      'invalid_domain',
      `domain ends must be finite numbers; got ${String(min)}:${String(max)}`,
      { issues: [{ path: 'domain', message: 'non-finite end' }] },
    );
  }
  if (!(max > min)) {
    throw new KramersError(
      'invalid_domain',
      `domain ${min}:${max} is ${max === min ? 'empty' : 'inverted'}: write it as a:b with a < b`,
      { issues: [{ path: 'domain', message: max === min ? 'empty' : 'inverted' }] },
    );
  }
  return domain;
}

/** Parses "a:b" (as on the command line). */
export function parseDomain(text: string): Domain {
  const match = /^\s*([^:]+?)\s*:\s*([^:]+?)\s*$/.exec(text);
  const min = match ? Number(match[1]) : Number.NaN;
  const max = match ? Number(match[2]) : Number.NaN;
  if (!match || Number.isNaN(min) || Number.isNaN(max)) {
    throw new KramersError(
      'invalid_domain',
      `cannot read domain '${text}': write it as a:b, e.g. -2:2`,
      {
        issues: [{ path: 'domain', message: 'expected a:b' }],
      },
    );
  }
  return requireDomain({ min, max });
}

/**
 * A count: a whole number from `min` to `max`. The upper limit is where a count stops being a
 * request and becomes a crash (arrays past 2^32 entries, memory per walker); `why` says which.
 */
export function requireCount(
  name: string,
  value: number,
  limit: { readonly min?: number; readonly max: number; readonly why: string },
): number {
  const min = limit.min ?? 1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new KramersError(
      'invalid_parameter',
      `${name} must be a whole number ≥ ${min}; got ${String(value)}`,
      {
        issues: [{ path: name, message: `expected a whole number ≥ ${min}` }],
      },
    );
  }
  if (value > limit.max) {
    throw new KramersError(
      'invalid_parameter',
      `${name} = ${value} is past the limit of ${limit.max} (${limit.why})`,
      {
        issues: [{ path: name, message: `at most ${limit.max}` }],
      },
    );
  }
  return value;
}

/** A box in n coordinates: one interval per coordinate. */
export type Box = readonly Domain[];

/**
 * Parses "a:b,c:d[,…]" (as on the command line: one interval per coordinate, in order).
 * @throws KramersError `invalid_domain` naming the interval that cannot be read.
 */
export function parseBox(text: string, dimension?: number): Box {
  const parts = text.split(',');
  if (dimension !== undefined && parts.length !== dimension) {
    throw new KramersError(
      'invalid_domain',
      `domain '${text}' has ${parts.length} interval${parts.length === 1 ? '' : 's'}; the potential has ${dimension} coordinates: write one a:b per coordinate, e.g. -2:1.5,-0.5:2.5`,
      { issues: [{ path: 'domain', message: `expected ${dimension} intervals` }] },
    );
  }
  return parts.map((part) => parseDomain(part));
}
