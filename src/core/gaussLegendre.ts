/**
 * Gauss–Legendre quadrature: a small self-contained rule for the closed forms that need an
 * integral (the barrier action, the Mel'nikov–Meshkov depopulation factor). It lives in core so
 * rates/ can use it without importing exact1d/, whose MFPT integrals are the independent route the
 * rate formulas are checked against.
 */

const cache = new Map<number, { nodes: Float64Array; weights: Float64Array }>();

/**
 * Nodes and weights of the n-point Gauss–Legendre rule on [−1, 1], by Newton's method on the
 * Legendre recurrence from Tricomi's initial guesses (Golub & Welsch 1969 give the same rule).
 */
export function gaussLegendreRule(n: number): { nodes: Float64Array; weights: Float64Array } {
  const hit = cache.get(n);
  if (hit) return hit;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      if (n === 1) p0 = 1;
      // P_n' from P_n and P_{n−1}.
      dp = (n * (x * p1 - p0)) / (x * x - 1);
      const step = p1 / dp;
      x -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    const w = 2 / ((1 - x * x) * dp * dp);
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  const rule = { nodes, weights };
  cache.set(n, rule);
  return rule;
}

/** ∫_a^b f with the n-point Gauss–Legendre rule. */
export function gaussLegendre(f: (x: number) => number, a: number, b: number, n = 20): number {
  const { nodes, weights } = gaussLegendreRule(n);
  const half = 0.5 * (b - a);
  const mid = 0.5 * (a + b);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i]! * f(mid + half * nodes[i]!);
  return sum * half;
}

export interface QuadratureResult {
  readonly value: number;
  /** Estimated absolute error (difference of the 20- and 2×20-point rules, summed). */
  readonly error: number;
  /** False when the interval budget ran out before the tolerance was met. */
  readonly converged: boolean;
}

/**
 * Adaptive Gauss–Legendre: each interval is integrated with one 20-point rule and with two on its
 * halves; where they differ by more than the interval's share of the tolerance it is split. For
 * integrands that are analytic on each closed interval (put singular endpoints through a
 * substitution first) the 20-point rule is exact to rounding almost everywhere.
 */
export function adaptiveGaussLegendre(
  f: (x: number) => number,
  a: number,
  b: number,
  options: { absTol?: number; relTol?: number; maxIntervals?: number } = {},
): QuadratureResult {
  const relTol = options.relTol ?? 1e-13;
  const absTol = options.absTol ?? 0;
  const maxIntervals = options.maxIntervals ?? 2000;
  const whole = gaussLegendre(f, a, b);
  const stack: [number, number, number][] = [[a, b, whole]];
  let value = 0;
  let error = 0;
  let intervals = 1;
  let converged = true;
  // A running scale for the relative tolerance: the whole-interval estimate, refined as we go.
  const scale = Math.abs(whole);
  while (stack.length > 0) {
    const [lo, hi, coarse] = stack.pop()!;
    const mid = 0.5 * (lo + hi);
    const left = gaussLegendre(f, lo, mid);
    const right = gaussLegendre(f, mid, hi);
    const fine = left + right;
    const diff = Math.abs(fine - coarse);
    const share = (hi - lo) / (b - a);
    const tol = Math.max(absTol, relTol * scale) * share;
    if (diff <= tol || intervals >= maxIntervals || hi - lo <= 1e-15 * Math.abs(b - a)) {
      if (diff > tol) converged = false;
      value += fine;
      error += diff;
    } else {
      intervals++;
      stack.push([lo, mid, left], [mid, hi, right]);
    }
  }
  return { value, error, converged };
}
