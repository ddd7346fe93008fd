import { KramersError, type Potential1D } from '../core/index.js';

export type DerivativeOrder = 1 | 2 | 3 | 4;

export interface NumericalDerivative {
  /** The extrapolated derivative. */
  readonly value: number;
  /** Ridders' error estimate (never below the rounding error of the difference quotients). */
  readonly error: number;
}

/**
 * Initial step per derivative order, relative to max(1, |x|). Ridders' method wants a step over
 * which f changes appreciably (Numerical Recipes §5.7) but still inside the region where the
 * h² error series holds; too wide a start lets the tableau settle on a false plateau. These
 * values were chosen on smooth test potentials varying on a length scale ≳ 0.3 (e.g.
 * exp(−x²)·sin 3x, cos 5x, log(1 + x²) on −5…5): the true error stayed below 6× the estimate.
 * Rounding error grows like ε/hⁿ, so higher orders start wider. Pass `options.h` for potentials
 * with finer structure.
 */
export const DEFAULT_STEPS: Readonly<Record<DerivativeOrder, number>> = {
  1: 0.005,
  2: 0.01,
  3: 0.02,
  4: 0.03,
};

/** Step shrink factor between tableau columns (Ridders; Numerical Recipes `CON`). */
const SHRINK = 1.4;
/** Number of step sizes tried (Numerical Recipes `NTAB`). */
const TABLE_SIZE = 10;
/** Stop when the error grows by this factor (Numerical Recipes `SAFE`). */
const SAFE = 2;

/** A central difference with a bound on its rounding error. */
interface Difference {
  readonly value: number;
  readonly rounding: number;
}

/**
 * Rounding noise of one evaluation of f near x. Beyond ε|f| itself, f's own arithmetic rounds
 * its argument (cos(5x) rounds 5x), which shows as an error of about ε|x·f′|; the slope is
 * estimated from the ±h points of the stencil.
 */
function noise(value: number, x: number, slope: number): number {
  return Number.EPSILON * (Math.abs(value) + Math.abs(x * slope));
}

/**
 * Central differences whose truncation error is a series in h² (so each extrapolation step
 * removes one power of h²), with the rounding error Σ|cᵢ|·noise(fᵢ) / denominator.
 */
function centralDifference(
  f: (x: number) => number,
  x: number,
  h: number,
  order: DerivativeOrder,
): Difference {
  const p1 = f(x + h);
  const m1 = f(x - h);
  const slope = (p1 - m1) / (2 * h);
  const n = (value: number, at: number) => noise(value, at, slope);
  switch (order) {
    case 1:
      return { value: slope, rounding: (n(p1, x + h) + n(m1, x - h)) / (2 * h) };
    case 2: {
      const c = f(x);
      const rounding = (n(p1, x + h) + 2 * n(c, x) + n(m1, x - h)) / (h * h);
      return { value: (p1 - 2 * c + m1) / (h * h), rounding };
    }
    case 3: {
      const p2 = f(x + 2 * h);
      const m2 = f(x - 2 * h);
      const h3 = 2 * h * h * h;
      const sum = n(p2, x + 2 * h) + 2 * n(p1, x + h) + 2 * n(m1, x - h) + n(m2, x - 2 * h);
      return { value: (p2 - 2 * p1 + 2 * m1 - m2) / h3, rounding: sum / h3 };
    }
    case 4: {
      const p2 = f(x + 2 * h);
      const c = f(x);
      const m2 = f(x - 2 * h);
      const h4 = h * h * h * h;
      const sum =
        n(p2, x + 2 * h) + 4 * n(p1, x + h) + 6 * n(c, x) + 4 * n(m1, x - h) + n(m2, x - 2 * h);
      return { value: (p2 - 4 * p1 + 6 * c - 4 * m1 + m2) / h4, rounding: sum / h4 };
    }
  }
}

/** A step that is exactly representable as a difference (x + h) − x, so rounding of x + h is not
 * mistaken for part of the derivative (Numerical Recipes §5.7). */
function exactStep(x: number, h: number): number {
  const sum = x + h;
  return sum - x;
}

/**
 * The n-th derivative of f at x (n = 1…4) by Ridders' method (C. J. F. Ridders, Adv. Eng.
 * Software 4, 75 (1982); Numerical Recipes 3rd ed. §5.7): central differences at steps
 * h, h/1.4, h/1.4², … are Richardson-extrapolated to h → 0 in a Neville tableau, stopping once
 * the higher-order estimates begin to diverge. The error estimate is the difference between the
 * best estimate and its neighbours in the tableau, floored at the rounding error of the
 * difference quotient at the smallest step used.
 *
 * If f is not finite at the initial stencil (a domain edge nearby), the starting step is
 * quartered up to ten times before giving up with NaN and an infinite error.
 *
 * @param options.h initial step; default DEFAULT_STEPS[order]·max(1, |x|).
 */
export function numericalDerivative(
  f: (x: number) => number,
  x: number,
  order: DerivativeOrder,
  options: { h?: number } = {},
): NumericalDerivative {
  if (typeof f !== 'function') {
    throw new KramersError('invalid_parameter', 'numericalDerivative needs a function', {
      issues: [{ path: 'f', message: 'not a function' }],
    });
  }
  if (order !== 1 && order !== 2 && order !== 3 && order !== 4) {
    throw new KramersError(
      'invalid_parameter',
      `derivative order must be 1, 2, 3 or 4; got ${String(order)}`,
      {
        issues: [{ path: 'order', message: 'expected 1, 2, 3 or 4' }],
      },
    );
  }
  let h = options.h ?? DEFAULT_STEPS[order] * Math.max(1, Math.abs(x));
  if (!(h > 0) || !Number.isFinite(h)) {
    throw new KramersError(
      'invalid_parameter',
      `step h must be a finite positive number; got ${String(h)}`,
      {
        issues: [{ path: 'h', message: 'expected h > 0' }],
      },
    );
  }
  if (!Number.isFinite(x)) return { value: Number.NaN, error: Number.POSITIVE_INFINITY };

  let first = centralDifference(f, x, exactStep(x, h), order);
  for (let attempt = 0; attempt < 10 && !Number.isFinite(first.value); attempt++) {
    h /= 4;
    first = centralDifference(f, x, exactStep(x, h), order);
  }
  if (!Number.isFinite(first.value)) return { value: Number.NaN, error: Number.POSITIVE_INFINITY };

  // tableau[j] holds the column of extrapolation order j for the previous and current step.
  let previous: number[] = [first.value];
  let best = first.value;
  let error = Number.POSITIVE_INFINITY;
  let rounding = first.rounding;
  let bestRounding = first.rounding;
  for (let i = 1; i < TABLE_SIZE; i++) {
    h /= SHRINK;
    const step = centralDifference(f, x, exactStep(x, h), order);
    if (!Number.isFinite(step.value)) break;
    rounding = Math.max(rounding, step.rounding);
    const current: number[] = [step.value];
    let factor = SHRINK * SHRINK;
    for (let j = 1; j <= i; j++) {
      // Richardson: the error is a series in h², so eliminate the (h²)^j term.
      current[j] = (current[j - 1]! * factor - previous[j - 1]!) / (factor - 1);
      factor *= SHRINK * SHRINK;
      const candidate = Math.max(
        Math.abs(current[j]! - current[j - 1]!),
        Math.abs(current[j]! - previous[j - 1]!),
      );
      if (candidate <= error) {
        error = candidate;
        best = current[j]!;
        bestRounding = rounding;
      }
    }
    // Higher order is worse by a significant factor: stop (Ridders' criterion).
    if (Math.abs(current[i]! - previous[i - 1]!) >= SAFE * error) break;
    previous = current;
  }
  return { value: best, error: Math.max(error, bestRounding, Number.EPSILON * Math.abs(best)) };
}

/** Optional exact derivatives to go with a user function. */
export interface SuppliedDerivatives {
  readonly dU?: (x: number) => number;
  readonly d2U?: (x: number) => number;
  readonly d3U?: (x: number) => number;
  readonly d4U?: (x: number) => number;
}

/**
 * Wraps a plain JavaScript U(x) as a Potential1D. Supplied derivatives are used as they are; each
 * missing one is computed by `numericalDerivative` from the highest-order supplied function
 * below it (e.g. U″ as the first derivative of a supplied U′), which is more accurate than
 * differentiating U n times.
 *
 * @throws KramersError `invalid_parameter` if U or a supplied derivative is not a function.
 */
export function potentialFromFunction(
  U: (x: number) => number,
  derivatives: SuppliedDerivatives = {},
  description = 'function',
): Potential1D {
  if (typeof U !== 'function') {
    throw new KramersError('invalid_parameter', `U must be a function of x; got ${typeof U}`, {
      issues: [{ path: 'U', message: 'not a function' }],
    });
  }
  if (derivatives === null || typeof derivatives !== 'object') {
    throw new KramersError('invalid_parameter', 'derivatives must be an object { dU, d2U, ... }', {
      issues: [{ path: 'derivatives', message: 'not an object' }],
    });
  }
  const names = ['dU', 'd2U', 'd3U', 'd4U'] as const;
  const known: Array<((x: number) => number) | undefined> = [U];
  for (const name of names) {
    const fn = Object.hasOwn(derivatives, name) ? derivatives[name] : undefined;
    if (fn !== undefined && typeof fn !== 'function') {
      throw new KramersError(
        'invalid_parameter',
        `${name} must be a function of x; got ${typeof fn}`,
        {
          issues: [{ path: name, message: 'not a function' }],
        },
      );
    }
    known.push(fn);
  }
  let numerical = false;
  const resolved = known.map((fn, order) => {
    if (fn !== undefined) return fn;
    numerical = true;
    let base = order - 1;
    while (known[base] === undefined) base--;
    const source = known[base]!;
    const n = (order - base) as DerivativeOrder;
    return (x: number) => numericalDerivative(source, x, n).value;
  });
  return {
    U,
    dU: resolved[1]!,
    d2U: resolved[2]!,
    d3U: resolved[3]!,
    d4U: resolved[4]!,
    description,
    derivatives: numerical ? 'numerical' : 'supplied',
  };
}
