/**
 * Adaptive Chebyshev panels for the exponential integrands of 1-D escape problems, e^{±U/D} and
 * nested products of them, integrated in log space so that ΔU/D of 1000 neither overflows nor
 * underflows.
 *
 * Each panel holds the scaled exponent s = (U − U_anchor)/D at the n + 1 = 33 Chebyshev extreme
 * points (Clenshaw–Curtis nodes). A function sampled there is integrated through the spectral
 * integration matrix of its interpolant (Clenshaw & Curtis, Numer. Math. 1960; Trefethen,
 * "Approximation Theory and Approximation Practice", 2013, ch. 19): the indefinite integral is
 * known at every node, so a nested integral ∫dy f(y) ∫^y g(z) dz costs one pass over the panels.
 * A panel is split in half until the last Chebyshev coefficients of every test function are below
 * the tolerance relative to the panel's own maximum ("chopping", Aurentz & Trefethen, ACM TOMS
 * 2017). Relative-per-panel resolution makes every cumulative integral relatively accurate at
 * every node, which the nested integrals need: the outer integrand multiplies the inner integral by
 * e^{U/D}, which is huge exactly where the inner integral is small.
 *
 * Kernel tier: takes numbers and a function, never throws (the caller validates).
 */

/** Polynomial degree on a panel: n + 1 = 33 Clenshaw–Curtis points. */
export const CHEBYSHEV_DEGREE = 32;
const N = CHEBYSHEV_DEGREE;
const M = N + 1;
const EPS = 2.220446049250313e-16;

/** Ascending nodes t_j = −cos(πj/N) on [−1, 1]. */
export const CHEBYSHEV_NODES = new Float64Array(M);
/** LEFT[j·M + m] = ∫_{−1}^{t_j} ℓ_m(t) dt, ℓ_m the Lagrange basis on the nodes. */
const LEFT = new Float64Array(M * M);
/** Clenshaw–Curtis weights on [−1, 1] (the last row of LEFT). */
const WEIGHTS = new Float64Array(M);
/** Rows N−3..N of the values → Chebyshev-coefficients map: the tail the chopping test reads. */
const TAIL_ROWS = 4;
const TAIL = new Float64Array(TAIL_ROWS * M);

(() => {
  for (let j = 0; j < M; j++) CHEBYSHEV_NODES[j] = -Math.cos((Math.PI * j) / N);
  // T_k(t_j) = cos(k θ_j) with θ_j = π(N − j)/N; ℓ_m = Σ_k a_k(m) T_k with
  // a_k(m) = (2/N) w_m T_k(t_m) (halved for k = 0 and k = N), w_m = 1/2 at the ends.
  const cheb = (k: number, j: number) => Math.cos((Math.PI * k * (N - j)) / N);
  // Q_k(t_j) = ∫_{−1}^{t_j} T_k.
  const q = new Float64Array(M * M);
  for (let j = 0; j < M; j++) {
    const t = CHEBYSHEV_NODES[j]!;
    for (let k = 0; k < M; k++) {
      let value: number;
      if (k === 0) value = t + 1;
      else if (k === 1) value = (t * t - 1) / 2;
      else {
        const tk1 = Math.cos((k + 1) * Math.acos(Math.max(-1, Math.min(1, t))));
        const tkm = Math.cos((k - 1) * Math.acos(Math.max(-1, Math.min(1, t))));
        const sign = k % 2 === 0 ? -1 : 1; // T_{k±1}(−1) = (−1)^{k±1}
        value =
          tk1 / (2 * (k + 1)) - tkm / (2 * (k - 1)) - (sign / (2 * (k + 1)) - sign / (2 * (k - 1)));
      }
      q[j * M + k] = value;
    }
  }
  for (let m = 0; m < M; m++) {
    const wm = m === 0 || m === N ? 0.5 : 1;
    for (let k = 0; k < M; k++) {
      const ak = ((2 / N) * wm * cheb(k, m)) / (k === 0 || k === N ? 2 : 1);
      for (let j = 0; j < M; j++) LEFT[j * M + m] = (LEFT[j * M + m] ?? 0) + ak * q[j * M + k]!;
      const row = k - (N - TAIL_ROWS + 1);
      if (row >= 0) TAIL[row * M + m] = ak;
    }
  }
  for (let m = 0; m < M; m++) WEIGHTS[m] = LEFT[N * M + m]!;
})();

/** Node positions of the panel [a, b]. */
export function panelNodes(a: number, b: number): Float64Array {
  const x = new Float64Array(M);
  const mid = 0.5 * (a + b);
  const half = 0.5 * (b - a);
  for (let j = 0; j < M; j++) x[j] = mid + half * CHEBYSHEV_NODES[j]!;
  x[0] = a;
  x[N] = b;
  return x;
}

/** max |a_k| over the last four Chebyshev coefficients, relative to max |v|. */
export function chebyshevTail(v: Float64Array): number {
  let scale = 0;
  for (let j = 0; j < M; j++) scale = Math.max(scale, Math.abs(v[j]!));
  if (scale === 0) return 0;
  let tail = 0;
  for (let r = 0; r < TAIL_ROWS; r++) {
    let sum = 0;
    for (let m = 0; m < M; m++) sum += TAIL[r * M + m]! * v[m]!;
    tail = Math.max(tail, Math.abs(sum));
  }
  return tail / scale;
}

/**
 * Indefinite integral of the interpolant of v at every node, times the half-width h: from the left
 * end (∫_a^{x_j}) or from the right end (∫_{x_j}^b, by the reflection t → −t).
 */
export function panelIntegral(
  v: Float64Array,
  half: number,
  fromRight: boolean,
  out: Float64Array = new Float64Array(M),
): Float64Array {
  for (let j = 0; j < M; j++) {
    let sum = 0;
    if (fromRight) {
      const row = (N - j) * M;
      for (let m = 0; m < M; m++) sum += LEFT[row + N - m]! * v[m]!;
    } else {
      const row = j * M;
      for (let m = 0; m < M; m++) sum += LEFT[row + m]! * v[m]!;
    }
    out[j] = half * sum;
  }
  return out;
}

/** Clenshaw–Curtis integral of the interpolant over the panel (weights are positive). */
export function panelTotal(v: Float64Array, half: number): number {
  let sum = 0;
  for (let m = 0; m < M; m++) sum += WEIGHTS[m]! * v[m]!;
  return half * sum;
}

/** ln(e^a + e^b) without overflow; −Infinity is the log of zero. */
export function logAdd(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** A panel [a, b] with the scaled exponent s = (U − U_anchor)/D at its nodes. */
export interface Panel {
  readonly a: number;
  readonly b: number;
  readonly x: Float64Array;
  readonly s: Float64Array;
  /** Which test functions must be resolved on this panel (`Resolve` flags). */
  readonly checks: number;
  /**
   * Rounding level of the chopping tail on this panel, 8ε(1 + max|U|/D): U carries an error of
   * order ε|U|, so e^{±U/D} carries ε|U|/D relative, and no tail can be asked to go below that.
   */
  readonly noise: number;
  /** The panel could not be resolved (too narrow to split, or the panel budget ran out). */
  unresolved: boolean;
}

/** Test functions of the chopping criterion; combine with `|`. */
export const Resolve = {
  /** e^{−s}: the Boltzmann weight (populations, inner MFPT integral). */
  minus: 1,
  /** e^{+s}: the inverse weight (flux integrals, splitting probabilities). */
  plus: 2,
  /** e^{+s}(y) ∫_a^y e^{−s}: the outer MFPT integrand with a reflecting end on the left. */
  plusTimesLeftMinus: 4,
  /** e^{−s}(y) ∫_a^y e^{+s}: the two-absorbing-ends integrand from the left. */
  minusTimesLeftPlus: 8,
  /** e^{−s}(y) ∫_y^b e^{+s}: the two-absorbing-ends integrand from the right. */
  minusTimesRightPlus: 16,
} as const;

const NESTED =
  Resolve.plusTimesLeftMinus | Resolve.minusTimesLeftPlus | Resolve.minusTimesRightPlus;
/**
 * Largest spread of s over a panel that carries a nested integrand. An inner integral at a node has
 * an absolute rounding error of ε times the panel's largest weight, and the outer factor e^{±s}
 * magnifies it by up to e^{spread}: e^{12} ε ≈ 4e-11 keeps every node's nested value accurate to
 * the default tolerance (without the cap, the first panel at a natural-boundary cut, where e^{s}
 * varies by e^{50}, gave T there to only ~1e-5).
 */
const MAX_NESTED_SPREAD = 12;

/** Largest chopping tail over the test functions a panel must resolve (relative to each max). */
export function panelResolution(s: Float64Array, checks: number, half: number): number {
  let sMin = Number.POSITIVE_INFINITY;
  let sMax = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < M; j++) {
    sMin = Math.min(sMin, s[j]!);
    sMax = Math.max(sMax, s[j]!);
  }
  if (checks & NESTED && sMax - sMin > MAX_NESTED_SPREAD) return Number.POSITIVE_INFINITY;
  const minus = new Float64Array(M);
  const plus = new Float64Array(M);
  for (let j = 0; j < M; j++) {
    minus[j] = Math.exp(-(s[j]! - sMin));
    plus[j] = Math.exp(s[j]! - sMax);
  }
  let tail = 0;
  if (checks & Resolve.minus) tail = Math.max(tail, chebyshevTail(minus));
  if (checks & Resolve.plus) tail = Math.max(tail, chebyshevTail(plus));
  const product = new Float64Array(M);
  const integral = new Float64Array(M);
  const productTail = (outer: Float64Array, inner: Float64Array, fromRight: boolean) => {
    panelIntegral(inner, half, fromRight, integral);
    for (let j = 0; j < M; j++) product[j] = outer[j]! * integral[j]!;
    return chebyshevTail(product);
  };
  if (checks & Resolve.plusTimesLeftMinus) tail = Math.max(tail, productTail(plus, minus, false));
  if (checks & Resolve.minusTimesLeftPlus) tail = Math.max(tail, productTail(minus, plus, false));
  if (checks & Resolve.minusTimesRightPlus) tail = Math.max(tail, productTail(minus, plus, true));
  return tail;
}

/** An interval to cover with panels, and the test functions its panels must resolve. */
export interface PanelRegion {
  readonly a: number;
  readonly b: number;
  readonly checks: number;
}

export interface PanelBuild {
  /** Panels in increasing x, covering the regions without gaps. */
  readonly panels: Panel[];
  /** Calls of the exponent function. */
  readonly evaluations: number;
  /** How many panels were accepted unresolved. */
  readonly unresolved: number;
  /** The panel budget ran out. */
  readonly capped: boolean;
}

/** The smallest panel worth splitting: below this the nodes coincide in double precision. */
function tooNarrow(a: number, b: number): boolean {
  return b - a <= 1e3 * EPS * Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);
}

/**
 * Covers the regions with panels, bisecting every panel whose test functions are not resolved to
 * `tailTolerance` (relative; never below the panel's rounding level). `exponent(x)` returns s(x) = (U(x) − U_anchor)/D; it may throw
 * (the caller's validation of U), which propagates. `existing` panels are re-checked against the
 * (possibly tighter) tolerance and reused without new evaluations when they pass; those in
 * `mustSplit` (an actual nested integrand was not resolved on them) are split regardless.
 */
export function buildPanels(
  exponent: (x: number) => number,
  regions: readonly PanelRegion[],
  tailTolerance: number,
  maxPanels: number,
  anchorOverD: number,
  existing: readonly Panel[] = [],
  mustSplit: ReadonlySet<Panel> = new Set(),
): PanelBuild {
  let evaluations = 0;
  const make = (a: number, b: number, checks: number): Panel => {
    const x = panelNodes(a, b);
    const s = new Float64Array(M);
    let largest = 0;
    for (let j = 0; j < M; j++) {
      s[j] = exponent(x[j]!);
      largest = Math.max(largest, Math.abs(anchorOverD + s[j]!));
    }
    evaluations += M;
    return { a, b, x, s, checks, noise: 8 * EPS * (1 + largest), unresolved: false };
  };
  const pending: Panel[] = [];
  if (existing.length > 0) pending.push(...existing);
  else {
    const total = regions.reduce((sum, r) => sum + (r.b - r.a), 0);
    for (const region of regions) {
      if (!(region.b > region.a)) continue;
      // A few equal panels per region to start with, so the first chopping test sees the shape.
      const pieces = Math.max(1, Math.min(16, Math.round((16 * (region.b - region.a)) / total)));
      for (let i = 0; i < pieces; i++) {
        const a = i === 0 ? region.a : region.a + ((region.b - region.a) * i) / pieces;
        const b =
          i === pieces - 1 ? region.b : region.a + ((region.b - region.a) * (i + 1)) / pieces;
        pending.push(make(a, b, region.checks));
      }
    }
  }
  const accepted: Panel[] = [];
  let unresolved = 0;
  let capped = false;
  while (pending.length > 0) {
    const panel = pending.pop()!;
    const tail = mustSplit.has(panel)
      ? Number.POSITIVE_INFINITY
      : panelResolution(panel.s, panel.checks, 0.5 * (panel.b - panel.a));
    if (!(tail > Math.max(tailTolerance, panel.noise))) {
      accepted.push(panel);
      continue;
    }
    const budgetLeft = accepted.length + pending.length + 2 <= maxPanels;
    if (!budgetLeft || tooNarrow(panel.a, panel.b)) {
      capped ||= !budgetLeft;
      panel.unresolved = true;
      unresolved++;
      accepted.push(panel);
      continue;
    }
    const mid = 0.5 * (panel.a + panel.b);
    pending.push(make(panel.a, mid, panel.checks), make(mid, panel.b, panel.checks));
  }
  accepted.sort((p, q) => p.a - q.a);
  return { panels: accepted, evaluations, unresolved, capped };
}

/**
 * Cumulative integrals at every node of a run of panels, as a log scale per panel times ratios in
 * [0, 1] (the cumulative is monotone, so the scale is its value at the panel's far end): nested
 * integrals then need one exponential per node instead of a log and an exponential.
 */
export interface LogCumulative {
  /** ln of the cumulative at the panel's far end (its largest value there); per panel index. */
  readonly scale: Float64Array;
  /** Node values divided by e^{scale}; undefined outside the run. */
  readonly ratio: Array<Float64Array | undefined>;
  /** ln of an absolute error bound, valid at every node of the panel (accumulated through it). */
  readonly logError: Float64Array;
  /** ln of each panel's integral and of its error bound. */
  readonly panelLog: Float64Array;
  readonly panelLogError: Float64Array;
  /** Largest chopping tail met on the actual integrands (for the caller's refinement). */
  readonly worstTail: number;
  /** Panel indices whose integrand failed the tolerance passed in. */
  readonly failed: number[];
}

/** ln of a cumulative integral at node j of panel p, and ln of its error bound. */
export function cumulativeAt(c: LogCumulative, p: number, j: number): [number, number] {
  const scale = c.scale[p]!;
  const log = scale === Number.NEGATIVE_INFINITY ? scale : scale + Math.log(c.ratio[p]![j]!);
  return [log, c.logError[p]!];
}

/**
 * ∫ e^{sign·s(x)} W(x) dx cumulatively over panels first..last, from the left or the right end; W
 * is an optional weight, a previous cumulative (this is how nested integrals are built). The error
 * bound of each panel is 2h·(chopping tail + 4ε) times its scale (Trefethen 2013, ch. 19: the
 * integration error is below the L¹ norm of the neglected part of the series), plus the weight's
 * error integrated with the positive Clenshaw–Curtis weights. `logInitialError` starts the error
 * (a truncated tail).
 */
export function logCumulative(
  panels: readonly Panel[],
  first: number,
  last: number,
  sign: 1 | -1,
  fromRight: boolean,
  tailTolerance: number,
  weight?: LogCumulative,
  logInitialError = Number.NEGATIVE_INFINITY,
): LogCumulative {
  const count = panels.length;
  const ratio: Array<Float64Array | undefined> = new Array(count);
  const scale = new Float64Array(count).fill(Number.NEGATIVE_INFINITY);
  const logError = new Float64Array(count).fill(Number.NEGATIVE_INFINITY);
  const panelLog = new Float64Array(count).fill(Number.NEGATIVE_INFINITY);
  const panelLogError = new Float64Array(count).fill(Number.NEGATIVE_INFINITY);
  const failed: number[] = [];
  let worstTail = 0;
  let accLog = Number.NEGATIVE_INFINITY;
  let accErr = logInitialError;
  const e = new Float64Array(M);
  const v = new Float64Array(M);
  const integral = new Float64Array(M);
  for (let step = 0; step <= last - first; step++) {
    const p = fromRight ? last - step : first + step;
    const panel = panels[p]!;
    const half = 0.5 * (panel.b - panel.a);
    // e^{sign·s − m} with m the panel's largest exponent: the bare weight, then times W's ratios.
    let m = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < M; j++) m = Math.max(m, sign * panel.s[j]!);
    for (let j = 0; j < M; j++) e[j] = Math.exp(sign * panel.s[j]! - m);
    const wRatio = weight?.ratio[p];
    const c = m + (weight ? weight.scale[p]! : 0);
    let panelLogValue = Number.NEGATIVE_INFINITY;
    let panelLogErr = Number.NEGATIVE_INFINITY;
    const nodes = new Float64Array(M);
    if (c > Number.NEGATIVE_INFINITY) {
      for (let j = 0; j < M; j++) v[j] = wRatio ? e[j]! * wRatio[j]! : e[j]!;
      panelIntegral(v, half, fromRight, integral);
      const tail = chebyshevTail(v);
      worstTail = Math.max(worstTail, tail);
      if (tail > Math.max(tailTolerance, panel.noise)) failed.push(p);
      let peak = 0;
      for (let j = 0; j < M; j++) peak = Math.max(peak, v[j]!);
      const total = Math.max(fromRight ? integral[0]! : integral[N]!, 0);
      panelLogValue = c + Math.log(total);
      panelLogErr = c + Math.log(2 * half * (tail + 4 * EPS) * peak);
      if (weight) {
        // The weight's own error (one bound per panel), integrated with positive weights.
        const wErr = weight.logError[p]!;
        if (wErr > Number.NEGATIVE_INFINITY) {
          panelLogErr = logAdd(panelLogErr, wErr + m + Math.log(panelTotal(e, half)));
        }
      }
    }
    const end = logAdd(accLog, panelLogValue);
    if (end > Number.NEGATIVE_INFINITY) {
      const before = Math.exp(accLog - end);
      const within = c > Number.NEGATIVE_INFINITY ? Math.exp(c - end) : 0;
      for (let j = 0; j < M; j++) nodes[j] = before + within * Math.max(integral[j]!, 0);
    }
    ratio[p] = nodes;
    scale[p] = end;
    accErr = logAdd(accErr, panelLogErr);
    logError[p] = accErr;
    panelLog[p] = panelLogValue;
    panelLogError[p] = panelLogErr;
    accLog = end;
  }
  return { scale, ratio, logError, panelLog, panelLogError, worstTail, failed };
}

/** ln Σ over panels first..last of e^{values[p]}. */
export function logSumRange(values: Float64Array, first: number, last: number): number {
  let acc = Number.NEGATIVE_INFINITY;
  for (let p = first; p <= last; p++) acc = logAdd(acc, values[p]!);
  return acc;
}
