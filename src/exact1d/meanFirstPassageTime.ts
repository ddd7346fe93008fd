import {
  KramersError,
  type Potential1D,
  type RetCode,
  requireFinite,
  requirePositive,
} from '../core/index.js';
import {
  adaptiveSolve,
  leftCumulativeAt,
  type PanelEvaluation,
  panelStartingAt,
  relativeOf,
  scaledExponent,
} from './adaptive.js';
import {
  CHEBYSHEV_DEGREE,
  cumulativeAt,
  logAdd,
  logCumulative,
  type Panel,
  type PanelRegion,
  Resolve,
} from './chebyshevPanels.js';
import { naturalTruncation } from './naturalBoundary.js';

/**
 * An overdamped escape problem γ dx = −U′(x) dt + √(2γD) dW (docs/conventions.md §0) with one
 * absorbing point, and on the far side of the start either a reflecting wall, a natural boundary at
 * ±∞, or a second absorbing point.
 */
export interface MfptProblem {
  readonly potential: Potential1D;
  /** Noise intensity D = k_B T (energy, same units as U). */
  readonly D: number;
  /** Friction coefficient γ (force per velocity); default 1. Times scale as γ. */
  readonly gamma?: number;
  /** Starting point x0. */
  readonly start: number;
  /** Absorbing point (either side of the start). */
  readonly absorbing: number;
  /**
   * Far side of the start from `absorbing`: a reflecting wall at this x, or (default, or ±Infinity)
   * a natural boundary at ±∞, which needs U → +∞ there (a normalisable Boltzmann density).
   */
  readonly reflecting?: number;
  /** Alternatively a second absorbing point on the far side (absorbing at both ends). */
  readonly absorbingOther?: number;
  /** Relative tolerance, default 1e-10 (at least ~1e-14: rounding). */
  readonly tolerance?: number;
}

export interface MfptResult {
  /** Mean first-passage time T(x0), in the time units of γ·length²/energy; may be Infinity. */
  readonly mfpt: number;
  /** ln T, finite for finite input (−Infinity when start = absorbing). */
  readonly logMfpt: number;
  /** Absolute error estimate of `mfpt` (Infinity when `mfpt` overflows: use `relativeError`). */
  readonly error: number;
  /** Relative error estimate (also the absolute error of `logMfpt`). */
  readonly relativeError: number;
  /** 1/T (may underflow to 0; see `logRate`). */
  readonly rate: number;
  /** −ln T. */
  readonly logRate: number;
  readonly retcode: RetCode;
  readonly warnings: string[];
  /** Chebyshev panels of 33 points used, and calls of U. */
  readonly panels: number;
  readonly evaluations: number;
  /** The integration range used: a natural boundary shows as its truncation point. */
  readonly domain: { readonly min: number; readonly max: number };
}

export interface MfptProfile {
  /** Positions, increasing. */
  readonly x: Float64Array;
  readonly mfpt: Float64Array;
  readonly logMfpt: Float64Array;
  /** Absolute and relative error estimates at each position. */
  readonly error: Float64Array;
  readonly relativeError: Float64Array;
  readonly retcode: RetCode;
  readonly warnings: string[];
  readonly panels: number;
  readonly evaluations: number;
  readonly domain: { readonly min: number; readonly max: number };
}

const DEFAULT_TOLERANCE = 1e-10;
const DEFAULT_PROFILE_POINTS = 101;

function invalid(path: string, message: string, hint?: string): KramersError {
  return new KramersError('invalid_parameter', message, {
    issues: [{ path, message }],
    ...(hint === undefined ? {} : { hint }),
  });
}

interface Validated {
  readonly potential: Potential1D;
  readonly D: number;
  readonly gamma: number;
  readonly tolerance: number;
  readonly absorbing: number;
  /** 'wall' and 'natural': reflecting on the far side; 'absorbing': absorbing at both ends. */
  readonly far: { kind: 'wall' | 'absorbing'; x: number } | { kind: 'natural'; side: -1 | 1 };
}

function validateCommon(problem: Omit<MfptProblem, 'start'>): Omit<Validated, 'far'> {
  if (problem === null || typeof problem !== 'object') {
    throw invalid(
      'problem',
      'the problem must be an object { potential, D, start, absorbing, ... }',
    );
  }
  if (typeof problem.potential?.U !== 'function') {
    throw invalid('potential', 'potential must be a Potential1D with a function U(x)');
  }
  const D = requirePositive('D', problem.D, 'noise intensity k_B T');
  const gamma = requirePositive('gamma', problem.gamma ?? 1, 'friction coefficient γ');
  const absorbing = requireFinite('absorbing', problem.absorbing, 'absorbing point');
  const tolerance = requirePositive('tolerance', problem.tolerance ?? DEFAULT_TOLERANCE);
  if (!(tolerance < 1)) throw invalid('tolerance', `tolerance must be below 1; got ${tolerance}`);
  if (problem.reflecting !== undefined && problem.absorbingOther !== undefined) {
    throw invalid(
      'reflecting',
      'give either reflecting (a wall or natural boundary) or absorbingOther (a second absorbing point), not both',
    );
  }
  if (problem.reflecting !== undefined && Number.isNaN(problem.reflecting)) {
    throw invalid(
      'reflecting',
      'reflecting must be a number (±Infinity for a natural boundary); got NaN',
    );
  }
  if (problem.reflecting === absorbing) {
    throw invalid(
      'reflecting',
      `the reflecting wall coincides with the absorbing point ${absorbing}`,
    );
  }
  if (problem.absorbingOther !== undefined) {
    requireFinite('absorbingOther', problem.absorbingOther, 'second absorbing point');
    if (problem.absorbingOther === absorbing) {
      throw invalid('absorbingOther', 'absorbingOther must differ from absorbing');
    }
  }
  return {
    potential: problem.potential,
    D,
    gamma,
    tolerance: Math.max(tolerance, 1e-14),
    absorbing,
  };
}

/** Checks that the far boundary lies on the other side of `start` from the absorbing point. */
function validateSides(problem: MfptProblem): Validated {
  const common = validateCommon(problem);
  const start = requireFinite('start', problem.start, 'starting point x0');
  const { absorbing } = common;
  const toward = Math.sign(absorbing - start) || 1;
  if (problem.absorbingOther !== undefined) {
    const other = problem.absorbingOther;
    if ((other - start) * toward > 0) {
      throw invalid(
        'absorbingOther',
        `absorbingOther = ${other} is on the same side of start = ${start} as absorbing = ${absorbing}: the two absorbing points must bracket the start`,
      );
    }
    return { ...common, far: { kind: 'absorbing', x: other } };
  }
  const reflecting = problem.reflecting;
  if (reflecting === undefined || !Number.isFinite(reflecting)) {
    if (reflecting !== undefined && Math.sign(reflecting) === toward) {
      throw invalid(
        'reflecting',
        `reflecting = ${reflecting} is on the absorbing side of start = ${start}; the natural boundary must be on the far side (${toward > 0 ? '-Infinity' : 'Infinity'})`,
      );
    }
    return { ...common, far: { kind: 'natural', side: toward > 0 ? -1 : 1 } };
  }
  if ((reflecting - start) * toward > 0) {
    const past = (reflecting - absorbing) * toward >= 0;
    throw invalid(
      'reflecting',
      past
        ? `reflecting wall at ${reflecting} lies past the absorbing point ${absorbing} (seen from start = ${start}); it must be on the far side of the start`
        : `reflecting wall at ${reflecting} lies between start = ${start} and the absorbing point ${absorbing}: the target cannot be reached`,
      'the start must lie between the reflecting wall and the absorbing point',
    );
  }
  return { ...common, far: { kind: 'wall', x: reflecting } };
}

/** T and its relative error at canonical breakpoints, plus the bookkeeping of the solve. */
interface ProfileSolution {
  readonly x: number[];
  readonly logT: number[];
  readonly relError: number[];
  readonly retcode: RetCode;
  readonly warnings: string[];
  readonly panels: number;
  readonly evaluations: number;
  readonly domain: { min: number; max: number };
}

/**
 * The solver behind both entries. `points` are in the caller's coordinate and already checked to
 * lie in the range; `count` asks for that many equally spaced points over the whole range instead.
 */
function solve(v: Validated, points: readonly number[] | { count: number }): ProfileSolution {
  const { potential, D, gamma, tolerance, absorbing, far } = v;
  const logPrefactor = Math.log(gamma) - Math.log(D);
  if (far.kind === 'absorbing') {
    const left = Math.min(absorbing, far.x);
    const right = Math.max(absorbing, far.x);
    const xs = 'count' in points ? equallySpaced(left, right, points.count) : [...points];
    return solveTwoAbsorbing(potential, D, logPrefactor, tolerance, left, right, xs);
  }
  // Canonical orientation: the absorbing point on the right (σ = −1 mirrors x → −x).
  const sign: 1 | -1 =
    far.kind === 'natural' ? (far.side < 0 ? 1 : -1) : absorbing > far.x ? 1 : -1;
  const R = sign * absorbing;
  const anchorU = potential.U(absorbing);
  if (!Number.isFinite(anchorU)) {
    throw new KramersError(
      'not_finite',
      `U(x) is not finite at the absorbing point x = ${absorbing}`,
      {
        issues: [{ path: 'absorbing', message: `U(${absorbing}) = ${String(anchorU)}` }],
      },
    );
  }
  const exponent = scaledExponent(potential, D, sign, anchorU);
  const range = reflectingRange(v, points, { sign, R, anchorU });
  const { L, canonical } = range;
  const lowest = Math.min(...canonical);
  const outcome = adaptiveSolve(
    exponent,
    reflectingRegions(L, canonical, R, lowest),
    tolerance,
    anchorU / D,
    profileEvaluation(canonical, R, lowest, logPrefactor, range.logTail),
  );
  const floor = outcome.relativeError - Math.max(0, ...outcome.value.rel);
  // Back to the caller's coordinate, increasing x.
  const order = canonical.map((_, i) => i).sort((i, j) => sign * (canonical[i]! - canonical[j]!));
  return {
    x: order.map((i) => sign * canonical[i]!),
    logT: order.map((i) => outcome.value.logT[i]!),
    relError: order.map((i) =>
      outcome.value.logT[i] === Number.NEGATIVE_INFINITY ? 0 : outcome.value.rel[i]! + floor,
    ),
    retcode: outcome.retcode,
    warnings: outcome.warnings,
    panels: outcome.panels,
    evaluations: 1 + range.evaluations + outcome.evaluations,
    domain: sign > 0 ? { min: L, max: R } : { min: -R, max: -L },
  };
}

/** The canonical orientation of a reflecting problem: σ, the absorbing point σ·x_abs and U there. */
interface Orientation {
  readonly sign: 1 | -1;
  readonly R: number;
  readonly anchorU: number;
}

/**
 * The reflecting end L (a wall, or where a natural boundary is cut, with a bound on the neglected
 * tail) and the points wanted, all in the canonical coordinate.
 */
function reflectingRange(
  v: Validated,
  points: readonly number[] | { count: number },
  { sign, R, anchorU }: Orientation,
): { L: number; logTail: number; evaluations: number; canonical: number[] } {
  const { far } = v;
  const asked = 'count' in points ? [] : points.map((p) => sign * p);
  if (far.kind === 'wall') {
    const L = sign * far.x;
    const canonical = 'count' in points ? equallySpaced(L, R, points.count) : asked;
    return { L, logTail: Number.NEGATIVE_INFINITY, evaluations: 0, canonical };
  }
  const from = Math.min(R, ...asked);
  const scale = R - from > 0 ? R - from : Math.max(1, Math.abs(R));
  const cut = Math.max(50, -Math.log(v.tolerance) + 30);
  const scan = scaledExponent(v.potential, v.D, sign, anchorU, true);
  const truncation = naturalTruncation(scan, from, -1, scale, cut, (x) => sign * x);
  const L = truncation.x;
  if (!('count' in points)) {
    return {
      L,
      logTail: truncation.logTail,
      evaluations: truncation.evaluations,
      canonical: asked,
    };
  }
  // The profile starts where the weight is e^{−25} rather than at the integration cut: T at
  // the cut itself depends on the neglected tail at order (D/U′)²/T, T at e^{−25} does not.
  const inner = naturalTruncation(scan, from, -1, scale, cut - 25, (x) => sign * x);
  return {
    L,
    logTail: truncation.logTail,
    evaluations: truncation.evaluations + inner.evaluations,
    canonical: equallySpaced(Math.max(inner.x, L), R, points.count),
  };
}

/**
 * Panel regions between L, the points wanted and R: only G = ∫e^{−s} is checked left of the lowest
 * point, every integrand of T from there on.
 */
function reflectingRegions(
  L: number,
  canonical: readonly number[],
  R: number,
  lowest: number,
): PanelRegion[] {
  const breaks = [...new Set([L, ...canonical, R])].sort((p, q) => p - q);
  const full = Resolve.minus | Resolve.plus | Resolve.plusTimesLeftMinus;
  const regions: PanelRegion[] = [];
  for (let i = 0; i + 1 < breaks.length; i++) {
    const a = breaks[i]!;
    const b = breaks[i + 1]!;
    regions.push({ a, b, checks: a >= lowest ? full : Resolve.minus });
  }
  return regions;
}

/** ln T and its relative error at each canonical point, on the current panels. */
function profileEvaluation(
  canonical: readonly number[],
  R: number,
  lowest: number,
  logPrefactor: number,
  logTail: number,
): (
  panels: readonly Panel[],
  tailTol: number,
) => PanelEvaluation<{ logT: number[]; rel: number[] }> {
  return (panels, tailTol) => {
    const last = panels.length - 1;
    // G(y) = ∫_L^y e^{−s}: relative accuracy at every node (truncated tail in its error).
    const inner = logCumulative(panels, 0, last, -1, false, tailTol, undefined, logTail);
    const first = panelStartingAt(panels, lowest);
    // T(x) ∝ ∫_x^R e^{s} G: cumulative from the absorbing end, so every breakpoint is read off.
    const outer = logCumulative(panels, first, last, 1, true, tailTol, inner);
    const logT: number[] = [];
    const rel: number[] = [];
    let worst = 0;
    for (const x of canonical) {
      if (x >= R) {
        logT.push(Number.NEGATIVE_INFINITY);
        rel.push(0);
        continue;
      }
      const k = panelStartingAt(panels, x);
      const [lt, le] = cumulativeAt(outer, k, 0);
      const r = relativeOf(lt, le);
      logT.push(logPrefactor + lt);
      rel.push(r);
      worst = Math.max(worst, r);
    }
    return {
      value: { logT, rel },
      relativeError: worst,
      failed: [...inner.failed, ...outer.failed],
    };
  };
}

/**
 * Absorbing at both ends L < x < R, in the cancellation-free Green's-function form
 * T(x) = (γ/D) [S_R(x) A(x) + S_L(x) B(x)] / S, with S_L(x) = ∫_L^x e^{U/D}, S_R(x) = ∫_x^R e^{U/D},
 * S = S_L + S_R, A(x) = ∫_L^x e^{−U(z)/D} S_L(z) dz, B(x) = ∫_x^R e^{−U(z)/D} S_R(z) dz.
 * Integrating Φ(x) = ∫_L^x e^{U/D}G by parts turns Gardiner's (γ/D)[π_R(x)Φ(R) − Φ(x)] into this
 * sum of positive terms: (γ/D)[(1 − π_R)A + π_R B], π_R = S_L/S (Gardiner, Handbook §5.2.7).
 */
function solveTwoAbsorbing(
  potential: Potential1D,
  D: number,
  logPrefactor: number,
  tolerance: number,
  L: number,
  R: number,
  xs: number[],
): ProfileSolution {
  const anchorU = potential.U(xs[0] ?? L);
  if (!Number.isFinite(anchorU)) {
    throw new KramersError('not_finite', `U(x) is not finite at x = ${xs[0] ?? L}`, {
      issues: [{ path: 'start', message: `U = ${String(anchorU)}` }],
    });
  }
  const exponent = scaledExponent(potential, D, 1, anchorU);
  const breaks = [...new Set([L, ...xs, R])].sort((p, q) => p - q);
  const checks =
    Resolve.minus | Resolve.plus | Resolve.minusTimesLeftPlus | Resolve.minusTimesRightPlus;
  const regions: PanelRegion[] = [];
  for (let i = 0; i + 1 < breaks.length; i++) {
    regions.push({ a: breaks[i]!, b: breaks[i + 1]!, checks });
  }
  const sorted = [...xs].sort((p, q) => p - q);
  const outcome = adaptiveSolve(exponent, regions, tolerance, anchorU / D, (panels, tailTol) => {
    const last = panels.length - 1;
    const sL = logCumulative(panels, 0, last, 1, false, tailTol);
    const sR = logCumulative(panels, 0, last, 1, true, tailTol);
    const A = logCumulative(panels, 0, last, -1, false, tailTol, sL);
    const B = logCumulative(panels, 0, last, -1, true, tailTol, sR);
    const [logS, logSError] = cumulativeAt(sL, last, CHEBYSHEV_DEGREE);
    const relS = relativeOf(logS, logSError);
    const logT: number[] = [];
    const rel: number[] = [];
    let worst = 0;
    for (const x of sorted) {
      if (x <= L || x >= R) {
        logT.push(Number.NEGATIVE_INFINITY);
        rel.push(0);
        continue;
      }
      const k = panelStartingAt(panels, x);
      const fromLeft = (c: typeof sL): [number, number] => {
        const [l, e] = leftCumulativeAt(c, k);
        return [l, relativeOf(l, e)];
      };
      const fromRight = (c: typeof sL): [number, number] => {
        const [l, e] = cumulativeAt(c, k, 0);
        return [l, relativeOf(l, e)];
      };
      const [lsL, rsL] = fromLeft(sL);
      const [lsR, rsR] = fromRight(sR);
      const [lA, rA] = fromLeft(A);
      const [lB, rB] = fromRight(B);
      const t1 = lsR + lA;
      const t2 = lsL + lB;
      const sum = logAdd(t1, t2);
      const r = Math.exp(t1 - sum) * (rsR + rA) + Math.exp(t2 - sum) * (rsL + rB) + relS;
      logT.push(logPrefactor + sum - logS);
      rel.push(r);
      worst = Math.max(worst, r);
    }
    const failed = [...sL.failed, ...sR.failed, ...A.failed, ...B.failed];
    return { value: { logT, rel }, relativeError: worst, failed };
  });
  const floor = outcome.relativeError - Math.max(0, ...outcome.value.rel);
  return {
    x: sorted,
    logT: outcome.value.logT,
    relError: outcome.value.logT.map((l, i) =>
      l === Number.NEGATIVE_INFINITY ? 0 : outcome.value.rel[i]! + floor,
    ),
    retcode: outcome.retcode,
    warnings: outcome.warnings,
    panels: outcome.panels,
    evaluations: outcome.evaluations + 1,
    domain: { min: L, max: R },
  };
}

function equallySpaced(a: number, b: number, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(i === count - 1 ? b : a + ((b - a) * i) / (count - 1));
  return out;
}

/**
 * Exact mean first-passage time of overdamped escape γ dx = −U′ dt + √(2γD) dW from x0 to the
 * absorbing point R (Pontryagin, Andronov, Vitt 1933; Gardiner, Handbook of Stochastic Methods,
 * §5.2.7), reflecting at L (a wall, or a natural boundary at −∞), for R > x0:
 *
 *   T(x0) = (γ/D) ∫_{x0}^{R} dy e^{U(y)/D} ∫_{L}^{y} dz e^{−U(z)/D},
 *
 * mirrored when R < x0; with a second absorbing point (`absorbingOther`) the two-sided formula
 * T = (γ/D)[π_R Φ(R) − Φ(x0)] is evaluated in a cancellation-free form (see the source).
 * Which rate: from the bottom x_a of one well to the bottom of the other, 1/T ≈ k, the one-way
 * Kramers rate; to the barrier top x_s, T ≈ 1/(2k) for a symmetric barrier (half the walkers that
 * reach the top fall back); docs/conventions.md §1.
 *
 * Method: adaptive 33-point Chebyshev panels in log space (exponents relative to per-panel
 * references, so ΔU/D up to ~10⁴ is fine; the MFPT overflows to Infinity beyond ΔU/D ≈ 709 but
 * `logMfpt` stays finite). A natural boundary is cut where e^{−(U−U_min)/D} < e^{−50}. Units:
 * time = γ·length²/energy. `relativeError` is an upper estimate (Chebyshev tails plus the rounding
 * floor ε·max|U|/D); `retcode` is 'not_converged' with a warning when the tolerance is not met.
 * start = absorbing gives mfpt 0, logMfpt −Infinity.
 *
 * @throws KramersError `invalid_parameter` (bad D, γ, points on the wrong side), `not_finite` (U not
 *   finite in the range), `unbounded_below`/`invalid_domain` (natural boundary where U does not
 *   rise: the density is not normalisable).
 * @example
 * meanFirstPassageTime({ potential: potentialFromExpression('x^4/4 - x^2/2'), D: 0.25, start: -1, absorbing: 1 }).mfpt; // => 14.2777366365081
 */
export function meanFirstPassageTime(problem: MfptProblem): MfptResult {
  const v = validateSides(problem);
  const start = problem.start;
  if (start === v.absorbing || (v.far.kind === 'absorbing' && v.far.x === start)) {
    return {
      mfpt: 0,
      logMfpt: Number.NEGATIVE_INFINITY,
      error: 0,
      relativeError: 0,
      rate: Number.POSITIVE_INFINITY,
      logRate: Number.POSITIVE_INFINITY,
      retcode: 'success',
      warnings: ['start is on an absorbing point: T = 0'],
      panels: 0,
      evaluations: 0,
      domain: { min: Math.min(start, v.absorbing), max: Math.max(start, v.absorbing) },
    };
  }
  const solution = solve(v, [start]);
  const logMfpt = solution.logT[0]!;
  const relativeError = solution.relError[0]!;
  const mfpt = Math.exp(logMfpt);
  const warnings = [...solution.warnings];
  if (mfpt === Number.POSITIVE_INFINITY) {
    warnings.push(`the MFPT overflows double precision (ln T = ${logMfpt}); use logMfpt`);
  }
  return {
    mfpt,
    logMfpt,
    error: mfpt * relativeError,
    relativeError,
    rate: Math.exp(-logMfpt),
    logRate: -logMfpt,
    retcode: solution.retcode,
    warnings,
    panels: solution.panels,
    evaluations: solution.evaluations,
    domain: solution.domain,
  };
}

/**
 * The MFPT profile T(x) over the whole range [wall, absorbing point] (or between two absorbing
 * points; with a natural boundary, from where e^{−(U−U_min)/D} has fallen to e^{−25}), from one pass of the same quadrature as `meanFirstPassageTime`.
 * `points`: how many equally spaced points (default 101), or the positions wanted. Without a start,
 * the side of a natural boundary defaults to −∞ unless every requested point lies beyond the
 * absorbing point (then +∞); give `reflecting: ±Infinity` to say so.
 *
 * @example
 * mfptProfile({ potential: potentialFromExpression('x^4/4 - x^2/2'), D: 0.25, absorbing: 1 }, [-1, 0]).mfpt[0]; // => 14.2777366365081
 */
export function mfptProfile(
  problem: Omit<MfptProblem, 'start'>,
  points: number | readonly number[] = DEFAULT_PROFILE_POINTS,
): MfptProfile {
  const common = validateCommon(problem);
  const { absorbing } = common;
  let request: readonly number[] | { count: number };
  if (typeof points === 'number') {
    if (!Number.isInteger(points) || points < 2 || points > 100000) {
      throw invalid(
        'points',
        `points must be an integer from 2 to 100000, or an array of x; got ${points}`,
      );
    }
    request = { count: points };
  } else {
    if (!Array.isArray(points) || points.length === 0) {
      throw invalid('points', 'points must be a non-empty array of positions (or a count)');
    }
    for (const [i, p] of points.entries()) requireFinite(`points[${i}]`, p, 'profile position');
    request = [...new Set(points)];
  }
  // A representative start decides the orientation; each point is then checked like a start.
  let start: number;
  if (problem.absorbingOther !== undefined) {
    start = 0.5 * (absorbing + problem.absorbingOther);
  } else if (problem.reflecting !== undefined && !Number.isNaN(problem.reflecting)) {
    start = Number.isFinite(problem.reflecting)
      ? problem.reflecting
      : absorbing + Math.sign(problem.reflecting);
  } else {
    const asked: readonly number[] = Array.isArray(request) ? request : [];
    const beyond = asked.length > 0 && asked.every((p) => p >= absorbing);
    start = beyond && asked.some((p) => p > absorbing) ? absorbing + 1 : absorbing - 1;
  }
  const v = validateSides({ ...problem, start });
  if (Array.isArray(request)) {
    for (const p of request) {
      const ok =
        v.far.kind === 'natural'
          ? (p - absorbing) * v.far.side >= 0
          : (p - absorbing) * (v.far.x - absorbing) >= 0 &&
            Math.abs(p - absorbing) <= Math.abs(v.far.x - absorbing);
      if (!ok) {
        throw invalid(
          'points',
          `profile point ${p} lies outside the range between the far boundary and the absorbing point ${absorbing}`,
        );
      }
    }
  }
  const solution = solve(v, request);
  const n = solution.x.length;
  const x = Float64Array.from(solution.x);
  const logMfpt = Float64Array.from(solution.logT);
  const mfpt = logMfpt.map((l) => Math.exp(l));
  const relativeError = Float64Array.from(solution.relError);
  const error = new Float64Array(n);
  for (let i = 0; i < n; i++) error[i] = mfpt[i]! * relativeError[i]!;
  return {
    x,
    mfpt,
    logMfpt,
    error,
    relativeError,
    retcode: solution.retcode,
    warnings: solution.warnings,
    panels: solution.panels,
    evaluations: solution.evaluations,
    domain: solution.domain,
  };
}
