/**
 * The maximum of a curve known only at tabulated points (turnover over friction, stochastic
 * resonance over noise): a parabola through the largest point and its neighbours, and how far it
 * may be off from the spread of other estimates one order higher (cubics through four points).
 */

/** A point of a sampled curve in the coordinates it is interpolated in (e.g. ln γ, ln k). */
export type CurvePoint = readonly [number, number];

/** How the interpolation coordinates map back to the reported ones (exp for a log axis). */
export interface BackTransform {
  readonly x: (x: number) => number;
  readonly y: (y: number) => number;
}

/** The vertex of the parabola through three points; the middle point when it does not open down. */
export function parabolaPeak(
  [x0, y0]: CurvePoint,
  [x1, y1]: CurvePoint,
  [x2, y2]: CurvePoint,
): [number, number] {
  const d1 = (y1 - y0) / (x1 - x0);
  const d2 = (y2 - y1) / (x2 - x1);
  const curvature = (d2 - d1) / (0.5 * (x2 - x0));
  if (!(curvature < 0)) return [x1, y1];
  const xm = 0.5 * (x0 + x1) - d1 / curvature;
  // y at xm from the parabola: Taylor about x1 with the slope there.
  const slope = d1 + curvature * (x1 - 0.5 * (x0 + x1));
  return [xm, y1 + slope * (xm - x1) + 0.5 * curvature * (xm - x1) ** 2];
}

/** The largest value of the cubic through four points on [lo, hi]: [x, y]. */
export function cubicPeak(pts: readonly CurvePoint[], lo: number, hi: number): [number, number] {
  // Newton form about x0, expanded into c0 + c1 t + c2 t² + c3 t³ with t = x − x0.
  const [x0, x1, x2, x3] = pts.map((p) => p[0]) as [number, number, number, number];
  const [y0, y1, y2, y3] = pts.map((p) => p[1]) as [number, number, number, number];
  const f01 = (y1 - y0) / (x1 - x0);
  const f12 = (y2 - y1) / (x2 - x1);
  const f23 = (y3 - y2) / (x3 - x2);
  const f012 = (f12 - f01) / (x2 - x0);
  const f0123 = ((f23 - f12) / (x3 - x1) - f012) / (x3 - x0);
  const [d1, d2] = [x1 - x0, x2 - x0];
  const c = [y0, f01 - f012 * d1 + f0123 * d1 * d2, f012 - f0123 * (d1 + d2), f0123] as const;
  const at = (x: number) => {
    const t = x - x0;
    return c[0] + t * (c[1] + t * (c[2] + t * c[3]));
  };
  // Stationary points: c1 + 2c2 t + 3c3 t² = 0; the ends of [lo, hi] are candidates too.
  const candidates = [lo, hi];
  const [qa, qb, qc] = [3 * c[3], 2 * c[2], c[1]];
  if (Math.abs(qa) < 1e-300) {
    if (qb !== 0) candidates.push(x0 - qc / qb);
  } else {
    const disc = qb * qb - 4 * qa * qc;
    if (disc >= 0) {
      const r = Math.sqrt(disc);
      candidates.push(x0 + (-qb + r) / (2 * qa), x0 + (-qb - r) / (2 * qa));
    }
  }
  let best: [number, number] = [lo, at(lo)];
  for (const x of candidates) if (x >= lo && x <= hi && at(x) > best[1]) best = [x, at(x)];
  return best;
}

/**
 * The interpolation uncertainty of the parabola's peak through points i−1, i, i+1, in the reported
 * coordinates: the largest distance to the peak of either cubic through four neighbouring points
 * (an independent estimate from the same values, one order higher) and to any `others` (further
 * estimates, already in the reported coordinates). With three points only no cubic exists: the
 * largest tabulated point is then one of the estimates (a cruder bound).
 */
export function peakSpread(
  pts: readonly CurvePoint[],
  i: number,
  peak: CurvePoint,
  back: BackTransform,
  others: readonly CurvePoint[] = [],
): { readonly xError: number; readonly yError: number } {
  const lo = pts[i - 1]![0];
  const hi = pts[i + 1]![0];
  const cubics: CurvePoint[] = [];
  if (i >= 2) cubics.push(cubicPeak(pts.slice(i - 2, i + 2), lo, hi));
  if (i + 2 < pts.length) cubics.push(cubicPeak(pts.slice(i - 1, i + 3), lo, hi));
  if (cubics.length === 0) cubics.push(pts[i]!);
  const [xm, ym] = [back.x(peak[0]), back.y(peak[1])];
  let xError = 0;
  let yError = 0;
  for (const [x, y] of [...cubics.map(([x, y]) => [back.x(x), back.y(y)]), ...others]) {
    xError = Math.max(xError, Math.abs(x! - xm));
    yError = Math.max(yError, Math.abs(y! - ym));
  }
  return { xError, yError };
}

/** The third divided difference f[x0, x1, x2, x3] of four points (f‴/6 somewhere among them). */
function thirdDifference(p: readonly CurvePoint[]): number {
  const d = (a: CurvePoint, b: CurvePoint) => (b[1] - a[1]) / (b[0] - a[0]);
  const [p0, p1, p2, p3] = p as [CurvePoint, CurvePoint, CurvePoint, CurvePoint];
  const f012 = (d(p1, p2) - d(p0, p1)) / (p2[0] - p0[0]);
  const f123 = (d(p2, p3) - d(p1, p2)) / (p3[0] - p1[0]);
  return (f123 - f012) / (p3[0] - p0[0]);
}

/** The largest |g| over 64 equal steps of [a, b]: g is a cubic or its derivative, smooth there. */
function largestOn(g: (x: number) => number, a: number, b: number): number {
  let m = 0;
  for (let k = 0; k <= 64; k++) m = Math.max(m, Math.abs(g(a + ((b - a) * k) / 64)));
  return m;
}

/**
 * How far the parabola's peak (xm, ym) through points i−1, i, i+1 may lie from the curve's own
 * maximum (x*, y*), in the interpolation coordinates; null where the grid cannot say (fewer than
 * two points on either side of the largest: one cubic or none, and nothing checks it).
 *
 * Newton's remainder: f − p = f[x_{i−1}, x_i, x_{i+1}, x]·ω(x), ω = (x − x_{i−1})(x − x_i)(x −
 * x_{i+1}). The two cubics sample that third divided difference on either side (f3L, f3R); their
 * difference is the next order's share, counted twice as it is itself a two-sample estimate:
 * F = max(|f3L|, |f3R|) + 2|f3R − f3L| stands for it over the bracket. Both maxima lie in the
 * bracket (the curve falls on both sides of x_i; p's vertex lies between the midpoints, where p′
 * equals the chords' slopes). The value: |y* − ym| ≤ sup|f − p| ≤ F·sup|ω|. The place: p′ is
 * linear, so |x* − xm| = |p′(x*)|/|p″| = |(f − p)′(x*)|/|p″| ≤ F·sup|ω′|/|p″|.
 * This is an estimate of the remainder, not a proof; against dense scans of the double well's
 * turnover (D = 0.03, 0.05, 0.1, 0.2; 5 to 25 log-spaced points over 0.01…100) the misses were at
 * most 0.90 of it (k* and γ* both at D = 0.03), where the cubics' peaks alone (peakSpread, which
 * see xm only, where ω may vanish) missed by up to 1.7 times at D = 0.05. With 4 points (a factor
 * 21.5 in γ per step) one cubic only exists, and its spread missed k* by 4.7 times: no bound.
 */
export function peakBound(
  pts: readonly CurvePoint[],
  i: number,
  peak: CurvePoint,
): { readonly x: number; readonly y: number } | null {
  if (i < 2 || i + 2 >= pts.length) return null;
  const f3L = thirdDifference(pts.slice(i - 2, i + 2));
  const f3R = thirdDifference(pts.slice(i - 1, i + 3));
  const F = Math.max(Math.abs(f3L), Math.abs(f3R)) + 2 * Math.abs(f3R - f3L);
  const [a, b, c] = [pts[i - 1]![0], pts[i]![0], pts[i + 1]![0]];
  const omega = (x: number) => (x - a) * (x - b) * (x - c);
  const slope = (x: number) => (x - b) * (x - c) + (x - a) * (x - c) + (x - a) * (x - b);
  // p″ of the parabola: twice its second divided difference.
  const d = (p: CurvePoint, q: CurvePoint) => (q[1] - p[1]) / (q[0] - p[0]);
  const curvature = Math.abs((2 * (d(pts[i]!, pts[i + 1]!) - d(pts[i - 1]!, pts[i]!))) / (c - a));
  const y = F * largestOn(omega, a, c);
  const x = (F * largestOn(slope, a, c)) / curvature;
  return Number.isFinite(x) && Number.isFinite(y) && peak.every(Number.isFinite) ? { x, y } : null;
}

/** Where the curve's maximum may lie, in the reported coordinates: [lo, hi] in x and in y. */
export interface PeakRegion {
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

/**
 * The parabola's peak through points i−1, i, i+1 widened by peakBound on either side and carried
 * back to the reported coordinates (on a log axis e^{±b} are unequal sides); null where peakBound
 * is (the grid cannot say).
 */
export function peakRegion(
  pts: readonly CurvePoint[],
  i: number,
  back: BackTransform,
): PeakRegion | null {
  const peak = parabolaPeak(pts[i - 1]!, pts[i]!, pts[i + 1]!);
  const bound = peakBound(pts, i, peak);
  if (!bound) return null;
  const span = (f: (v: number) => number, v: number, b: number): [number, number] => {
    const [lo, hi] = [f(v - b), f(v + b)];
    return [Math.min(lo, hi), Math.max(lo, hi)];
  };
  return { x: span(back.x, peak[0], bound.x), y: span(back.y, peak[1], bound.y) };
}

/**
 * How far the reported peak `at` may be from the curve's maximum if the maximum lies in at least
 * one of `regions` (each one interpolation model's peakRegion): the largest distance from `at` to
 * an end of any of them, in x and in y. Two models of the same points bound their remainders from
 * different third differences; where one model's estimate fails (a peak narrow against the
 * spacing), the union holds if the other's does.
 */
export function reachOf(
  at: CurvePoint,
  regions: readonly PeakRegion[],
): { readonly x: number; readonly y: number } {
  let x = 0;
  let y = 0;
  for (const r of regions) {
    x = Math.max(x, Math.abs(r.x[0] - at[0]), Math.abs(r.x[1] - at[0]));
    y = Math.max(y, Math.abs(r.y[0] - at[1]), Math.abs(r.y[1] - at[1]));
  }
  return { x, y };
}

/**
 * Errors of the tabulated values (in the interpolation's y coordinate) carried to the parabola's
 * peak at xm by its Lagrange weights: Σ|L_j(xm)|·e_j over j = i−1, i, i+1.
 */
export function carriedError(
  pts: readonly CurvePoint[],
  errors: readonly number[],
  i: number,
  xm: number,
): number {
  let sum = 0;
  for (let j = i - 1; j <= i + 1; j++) {
    let weight = 1;
    for (let l = i - 1; l <= i + 1; l++) {
      if (l !== j) weight *= (xm - pts[l]![0]) / (pts[j]![0] - pts[l]![0]);
    }
    sum += Math.abs(weight) * errors[j]!;
  }
  return sum;
}

/** What a scan is over, for the note on a maximum outside it. */
export interface ScanAxis {
  /** The curve's symbol (k, η) and the scanned variable's (γ, D). */
  readonly y: string;
  readonly x: string;
  /** The variable in words ('friction', 'noise') and its CLI option stem ('gamma', 'D'). */
  readonly name: string;
  readonly option: string;
}

/**
 * Why a largest value at an end of the range is no maximum: the curve still rises towards that
 * end, so its maximum lies beyond it (a maximum needs the curve to fall on both sides).
 */
export function outsideRangeNote(what: string, axis: ScanAxis, at: number, lowEnd: boolean) {
  const v = Number(at.toPrecision(4));
  const end = lowEnd ? 'smallest' : 'largest';
  const widen = lowEnd ? `a smaller --${axis.option}-min` : `a larger --${axis.option}-max`;
  return `${what}: ${axis.y} rises towards ${axis.x} = ${v} (the ${end} ${axis.name} of the range): the maximum lies outside the range; widen it (${widen})`;
}
