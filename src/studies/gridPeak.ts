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
