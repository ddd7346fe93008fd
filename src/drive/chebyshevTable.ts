/**
 * A smooth function tabulated once on Chebyshev–Lobatto panels and interpolated anywhere in
 * [a, b]: panels are bisected until the last two Chebyshev coefficients fall below `tolerance`
 * (Trefethen, Approximation Theory and Approximation Practice, 2013: the tail of the series is the
 * interpolation error of a smooth function). Kernel tier: no checks, never throws.
 */

/** Points per panel − 1. */
const DEGREE = 16;
const MAX_DEPTH = 12;

export interface ChebyshevTable {
  readonly a: number;
  readonly b: number;
  /** Panel left ends (sorted) and, per panel, its coefficients. */
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  readonly coefficients: readonly Float64Array[];
  /** The largest coefficient tail over the panels: the interpolation error estimate. */
  readonly errorEstimate: number;
  readonly evaluations: number;
}

function coefficientsOf(values: Float64Array): Float64Array {
  const n = DEGREE;
  const c = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) {
    let s = 0;
    for (let j = 0; j <= n; j++) {
      const w = j === 0 || j === n ? 0.5 : 1;
      s += w * values[j]! * Math.cos((Math.PI * j * k) / n);
    }
    c[k] = ((k === 0 || k === n ? 1 : 2) * s) / n;
  }
  return c;
}

function panel(f: (x: number) => number, a: number, b: number) {
  const values = new Float64Array(DEGREE + 1);
  for (let j = 0; j <= DEGREE; j++) {
    const t = Math.cos((Math.PI * j) / DEGREE);
    values[j] = f(0.5 * (a + b) + 0.5 * (b - a) * t);
  }
  const c = coefficientsOf(values);
  const tail = Math.abs(c[DEGREE]!) + Math.abs(c[DEGREE - 1]!);
  return { c, tail };
}

/** Tabulates f on [a, b] to an absolute interpolation error ~`tolerance`. */
export function chebyshevTable(
  f: (x: number) => number,
  a: number,
  b: number,
  tolerance: number,
  initialPanels = 4,
): ChebyshevTable {
  const done: { a: number; b: number; c: Float64Array; tail: number }[] = [];
  let evaluations = 0;
  const refine = (lo: number, hi: number, depth: number) => {
    const p = panel(f, lo, hi);
    evaluations += DEGREE + 1;
    if (p.tail <= tolerance || depth >= MAX_DEPTH || !Number.isFinite(p.tail)) {
      done.push({ a: lo, b: hi, c: p.c, tail: p.tail });
      return;
    }
    const mid = 0.5 * (lo + hi);
    refine(lo, mid, depth + 1);
    refine(mid, hi, depth + 1);
  };
  for (let i = 0; i < initialPanels; i++) {
    refine(a + ((b - a) * i) / initialPanels, a + ((b - a) * (i + 1)) / initialPanels, 0);
  }
  done.sort((p, q) => p.a - q.a);
  return {
    a,
    b,
    starts: Float64Array.from(done.map((p) => p.a)),
    ends: Float64Array.from(done.map((p) => p.b)),
    coefficients: done.map((p) => p.c),
    errorEstimate: done.reduce((m, p) => Math.max(m, p.tail), 0),
    evaluations,
  };
}

/** The interpolant at x (Clenshaw); x outside [a, b] is clamped to the nearest end. */
export function evaluateTable(table: ChebyshevTable, x: number): number {
  const { starts, ends } = table;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= x) lo = mid;
    else hi = mid - 1;
  }
  const a = starts[lo]!;
  const b = ends[lo]!;
  const t = Math.min(1, Math.max(-1, (2 * x - a - b) / (b - a)));
  const c = table.coefficients[lo]!;
  let b1 = 0;
  let b2 = 0;
  for (let k = DEGREE; k >= 1; k--) {
    const b0 = 2 * t * b1 - b2 + c[k]!;
    b2 = b1;
    b1 = b0;
  }
  return t * b1 - b2 + c[0]!;
}
