/**
 * The maximum of a curve that can be evaluated anywhere (a theory column: linear response,
 * two-state), each value with a bound on its own error: Brent's search from a grid's bracket, then
 * a certificate of where the exact curve's maximum lies. Unlike gridPeak (a curve known only at
 * tabulated points) nothing here is interpolated: the stated ± comes from evaluated values and
 * their errors.
 */

/** A value of the curve at x (the search coordinate, e.g. ln D) with the bound on its error. */
export interface PeakSample {
  readonly x: number;
  readonly y: number;
  /** |y − exact curve| ≤ error at x. */
  readonly error: number;
}

/** The curve at x; null where it has no trusted value (the search then gives up). */
export type PeakEvaluate = (x: number) => PeakSample | null;

export interface FoundPeak {
  /** The largest value evaluated: the reported maximum (a value of the curve, not a model's). */
  readonly best: PeakSample;
  /** The exact curve's maximum lies in [low, high] (x), proven by evaluated values: see certify. */
  readonly low: number;
  readonly high: number;
  /** Bound on |best.y − the exact curve's maximum value|: its error plus `searchError`. */
  readonly yError: number;
  /** How much the computed curve may rise above best.y inside the search's last bracket. */
  readonly searchError: number;
  readonly evaluations: number;
}

/** Golden-section fraction of Brent's step, (3 − √5)/2. */
const GOLDEN = 0.381966011250105;
/** The resolution of x where nothing else limits it: √(machine ε) relative (Brent 1973, ch. 5). */
const X_RESOLUTION = 1.5e-8;

/** The curvature |y″| of the parabola through three samples (0 where it does not open down). */
export function parabolaCurvature(p: PeakSample, q: PeakSample, r: PeakSample): number {
  const [s0, s1, s2] = [p, q, r].sort((u, v) => u.x - v.x) as [PeakSample, PeakSample, PeakSample];
  const d1 = (s1.y - s0.y) / (s1.x - s0.x);
  const d2 = (s2.y - s1.y) / (s2.x - s1.x);
  const c = (2 * (d2 - d1)) / (s2.x - s0.x);
  return c < 0 && Number.isFinite(c) ? -c : 0;
}

/**
 * How far an error ε in y moves the apparent maximum of a peak of curvature c: if the exact curve
 * g has its maximum at x* and |f − g| ≤ ε, f's maximum x̂ has g(x*) − g(x̂) ≤ 2ε, and near x*
 * g(x*) − g(x̂) ≈ ½c(x̂ − x*)², so |x̂ − x*| ≤ 2√(ε/c). (Half of that, √(2ε/c)·…, would need
 * the errors at x* and x̂ to be one and the same.)
 */
export function flatness(error: number, curvature: number): number {
  return 2 * Math.sqrt(error / curvature);
}

/** Where the search stands: Brent's bracket [a, b] and his three best points x ≥ w ≥ v. */
interface BrentState {
  a: number;
  b: number;
  x: PeakSample;
  w: PeakSample;
  v: PeakSample;
  /** The step before last (e) and the last step (d): Brent's guard against slow parabolas. */
  e: number;
  d: number;
}

/** Brent's next point: the parabola's vertex through x, w, v if it is safe, else a golden step. */
function brentStep(s: BrentState, tol: number): number {
  const { a, b, x, w, v } = s;
  const mid = 0.5 * (a + b);
  let parabolic = false;
  if (Math.abs(s.e) > tol) {
    // Vertex of the parabola through x, w, v (maximising: the minimiser's formulas on −y).
    const r = (x.x - w.x) * (v.y - x.y);
    let q = (x.x - v.x) * (w.y - x.y);
    let p = (x.x - v.x) * q - (x.x - w.x) * r;
    q = 2 * (q - r);
    if (q > 0) p = -p;
    q = Math.abs(q);
    const before = s.e;
    s.e = s.d;
    if (Math.abs(p) < Math.abs(0.5 * q * before) && p > q * (a - x.x) && p < q * (b - x.x)) {
      s.d = p / q;
      const u = x.x + s.d;
      if (u - a < 2 * tol || b - u < 2 * tol) s.d = mid > x.x ? tol : -tol;
      parabolic = true;
    }
  }
  if (!parabolic) {
    s.e = x.x >= mid ? a - x.x : b - x.x;
    s.d = GOLDEN * s.e;
  }
  return x.x + (Math.abs(s.d) >= tol ? s.d : s.d > 0 ? tol : -tol);
}

/**
 * Brent's update with a new sample u: the bracket keeps a point at least as high as its ends (the
 * computed curve's maximum stays inside, if the curve has one maximum in the first bracket).
 */
function brentUpdate(s: BrentState, u: PeakSample): void {
  const { x, w, v } = s;
  if (u.y >= x.y) {
    if (u.x >= x.x) s.a = x.x;
    else s.b = x.x;
    [s.v, s.w, s.x] = [w, x, u];
    return;
  }
  if (u.x < x.x) s.a = u.x;
  else s.b = u.x;
  if (u.y >= w.y || w.x === x.x) [s.v, s.w] = [w, u];
  else if (u.y >= v.y || v.x === x.x || v.x === w.x) s.v = u;
}

/**
 * Brent's search for the maximum (Brent 1973, "Algorithms for minimization without derivatives",
 * ch. 5: parabolic steps guarded by golden sections) from a bracket lo < mid < hi with mid.y ≥
 * lo.y, hi.y. Its first step is the parabola through the three (the grid's own estimate). It stops
 * when x is within `tol(x)` ·2 of both ends of the bracket, or after `maxEvaluations`; null where
 * an evaluation has no value.
 */
function brentMaximum(
  lo: PeakSample,
  mid: PeakSample,
  hi: PeakSample,
  evaluate: PeakEvaluate,
  tol: (s: BrentState) => number,
  maxEvaluations: number,
  samples: PeakSample[],
): BrentState | null {
  const [w, v] = lo.y >= hi.y ? [lo, hi] : [hi, lo];
  // e = the bracket's width: the first parabola is let through.
  const s: BrentState = { a: lo.x, b: hi.x, x: mid, w, v, e: hi.x - lo.x, d: 0 };
  for (let n = 0; n < maxEvaluations; n++) {
    const t = tol(s);
    if (Math.max(s.x.x - s.a, s.b - s.x.x) <= 2 * t) break;
    const u = evaluate(brentStep(s, t));
    if (!u || !Number.isFinite(u.y)) return null;
    samples.push(u);
    brentUpdate(s, u);
  }
  return s;
}

/**
 * The certificate: if the exact curve g has one maximum here and |f − g| ≤ error at the samples,
 * a sample p beside the best m with f(p) + ε_p < f(m) − ε_m has g(p) < g(m), so g does not still
 * rise from m to p: g's maximum lies on m's side of p. The nearest such p on either side close in
 * on it; where none is near (within `reach` of m), one is evaluated at m ± reach, widened by 1.5
 * up to four times. Null where a side finds none.
 */
function certify(
  best: PeakSample,
  samples: PeakSample[],
  evaluate: PeakEvaluate,
  reach: number,
): { low: number; high: number } | null {
  const below = (p: PeakSample) => p.y + p.error < best.y - best.error;
  const side = (sign: 1 | -1): number | null => {
    const nearest = () => {
      let at: number | null = null;
      for (const p of samples) {
        const dist = sign * (p.x - best.x);
        if (dist > 0 && below(p) && (at === null || dist < at)) at = dist;
      }
      return at;
    };
    let found = nearest();
    for (let k = 0, r = reach; k < 5 && (found === null || found > r); k++, r *= 1.5) {
      const p = evaluate(best.x + sign * r);
      if (!p || !Number.isFinite(p.y)) return found;
      samples.push(p);
      found = nearest();
    }
    return found;
  };
  const left = side(-1);
  const right = side(1);
  return left === null || right === null ? null : { low: best.x - left, high: best.x + right };
}

export interface PeakSearchOptions {
  /** Evaluations Brent's steps may make (the certificate adds one a side, at most five). */
  readonly maxEvaluations: number;
}

/**
 * The maximum of a curve from a bracket lo < mid < hi (mid.y ≥ lo.y, hi.y; the curve assumed to
 * have one maximum there), located to the accuracy its own errors allow.
 *
 * Where: Brent's search closes the bracket to an eighth of the flatness 2√(ε/c) (ε the best
 * sample's error, c the grid parabola's curvature): past that the curve's own error, not the
 * search, decides where its maximum is. The certificate then proves, from evaluated values, an
 * interval [low, high] holding the exact curve's maximum (see certify); its first try is
 * 1.2·flatness plus the bracket's larger side from the best point, far enough to drop 2ε below.
 * How high: the exact maximum g* satisfies f(m) − ε ≤ g(m) ≤ g* ≤ max f + ε, and the computed
 * curve's maximum lies in the final bracket, within w (its larger side from m) of m, so max f −
 * f(m) ≤ ½·c″·w² with c″ the curve's largest curvature there: twice the larger of the grid's and
 * the last parabola's curvature (the tail of a peak is flatter than its top, and the term is below
 * ε/16 at the stopping width anyway). Null where an evaluation has no value or a side cannot be
 * certified (the caller keeps the grid's estimate).
 */
export function searchPeak(
  lo: PeakSample,
  mid: PeakSample,
  hi: PeakSample,
  evaluate: PeakEvaluate,
  { maxEvaluations }: PeakSearchOptions,
): FoundPeak | null {
  const gridCurvature = parabolaCurvature(lo, mid, hi);
  if (!(gridCurvature > 0)) return null;
  const samples: PeakSample[] = [lo, mid, hi];
  const resolution = (x: number) => X_RESOLUTION * Math.max(1, Math.abs(x));
  const tol = (s: BrentState) =>
    Math.max(resolution(s.x.x), flatness(s.x.error, gridCurvature) / 16);
  const s = brentMaximum(lo, mid, hi, evaluate, tol, maxEvaluations, samples);
  if (!s) return null;
  const best = s.x;
  const w = Math.max(best.x - s.a, s.b - best.x);
  const local = s.w.x !== s.x.x && s.v.x !== s.x.x ? parabolaCurvature(s.x, s.w, s.v) : 0;
  const curvature = Math.max(gridCurvature, local);
  const reach = 1.2 * flatness(best.error, curvature) + w + resolution(best.x);
  const at = certify(best, samples, evaluate, reach);
  if (!at) return null;
  const searchError = curvature * w * w;
  // The errors of the samples inside the certified interval stand for ε over it.
  let error = best.error;
  for (const p of samples) if (p.x >= at.low && p.x <= at.high) error = Math.max(error, p.error);
  return {
    best,
    ...at,
    yError: error + searchError,
    searchError,
    evaluations: samples.length - 3,
  };
}
