import { KramersError, type Potential1D, type RetCode } from './core/index.js';
import { meanFirstPassageTime, splittingProbability } from './exact1d/index.js';
import {
  type Landscape,
  sinkBeyond,
  type Transition,
  type TransitionTarget,
} from './landscape/index.js';
import {
  type EscapeProblem,
  landscapeOf,
  type PotentialSummary,
  potentialSummary,
  type ResolvedProblem,
  resolveProblem,
} from './problem.js';
import { kramersCorrected, kramersOverdamped, type RateEstimate } from './rates/index.js';
import { rateMatrixFromModes, separationWarnings, smoluchowskiSpectrum } from './spectral/index.js';

export type RateMethod = 'kramers' | 'corrected' | 'exact' | 'spectral';
export const RATE_METHODS: readonly RateMethod[] = ['kramers', 'corrected', 'exact', 'spectral'];

export interface RateProblem extends EscapeProblem {
  /** Start well index (from `analyze`); default 0. */
  readonly from?: number;
  /** Start position instead of a well bottom. */
  readonly fromX?: number;
  /** Target: a well index or escape to '-inf'/'+inf'; default the first neighbour of `from`. */
  readonly to?: TransitionTarget;
  /** Absorbing point instead of a target well. */
  readonly toX?: number;
  /** A reflecting wall on the far side of the start (default: the natural boundary or the next absorbing state). */
  readonly reflectX?: number;
  /** Which methods to run; default all. */
  readonly methods?: readonly RateMethod[];
  /** Relative tolerance of the exact and spectral routes (default 1e-10 and 1e-8). */
  readonly tolerance?: number;
}

/** One method's answer. `rate` is a one-way escape rate k (1/time) unless `definition` says otherwise. */
export interface MethodResult {
  readonly rate: number | null;
  readonly logRate: number | null;
  /** Estimated absolute error of `rate` (null for closed forms, whose error is the asymptotics'). */
  readonly error: number | null;
  /** Estimated relative error (finite where `rate` under- or overflows). */
  readonly relativeError?: number | null;
  /** (rate − exact)/exact, when the exact route ran. */
  readonly relativeToExact?: number | null;
  readonly retcode: RetCode;
  /** What this number is, in words (which rate definition). */
  readonly definition: string;
  readonly warnings: readonly string[];
  readonly [extra: string]: unknown;
}

export interface RateReport {
  readonly potential: PotentialSummary;
  readonly D: number;
  readonly gamma: number;
  /** Start: a well index (or null for a free start point) and its position. */
  readonly from: { readonly well: number | null; readonly x: number };
  /** Target: a well index, '-inf'/'+inf', or null for a point; `x` is the absorbing point. */
  readonly to: { readonly well: TransitionTarget | null; readonly x: number };
  /** The barrier crossed (closed-form methods), with ΔU seen from the start well. */
  readonly barrier: { readonly index: number; readonly x: number; readonly deltaU: number } | null;
  /** What bounds the far side: a reflecting wall, a natural boundary, or a second absorbing point. */
  readonly farSide: {
    readonly kind: 'reflecting' | 'natural' | 'absorbing';
    readonly x: number | null;
  };
  /** Each route's answer; `simulation` only when asked for (it is the slow, statistical route). */
  readonly methods: Partial<Record<RateMethod | 'simulation', MethodResult>>;
  readonly warnings: readonly string[];
}

export interface Geometry {
  /** Doubts about the geometry itself (a sink too close to the barrier top). */
  readonly warnings: readonly string[];
  readonly x0: number;
  readonly fromWell: number | null;
  readonly target: { readonly well: TransitionTarget | null; readonly x: number };
  readonly transition: Transition | null;
  readonly far: {
    readonly kind: 'reflecting' | 'natural' | 'absorbing';
    readonly x: number | null;
  };
}

/**
 * What bounds the far side of a start well: the neighbouring well bottom or sink (absorbing), the
 * edge of a given domain (a reflecting wall), or, on an automatic domain where U confines, a
 * natural boundary at ±∞.
 */
function farSideOf(
  landscape: Landscape,
  well: number,
  side: -1 | 1,
  potential: Potential1D,
  D: number,
): Geometry['far'] {
  const t = landscape.transitions.find(
    (tr) =>
      tr.from === well &&
      Math.sign(landscape.barriers[tr.barrier]!.x - landscape.wells[well]!.x) === side,
  );
  if (!t) {
    if (landscape.domainSource === 'automatic') return { kind: 'natural', x: null };
    return { kind: 'reflecting', x: side < 0 ? landscape.domain.min : landscape.domain.max };
  }
  if (typeof t.to === 'number') return { kind: 'absorbing', x: landscape.wells[t.to]!.x };
  return { kind: 'absorbing', x: sinkBeyond(potential, landscape, t.barrier, side, D) };
}

/** A sink shallower than this many D below the barrier top changes the exact rate noticeably. */
const SHALLOW_SINK = 5;

export function resolveGeometry(
  problem: RateProblem,
  resolved: ResolvedProblem,
  landscape: Landscape,
): Geometry {
  const { potential, D } = resolved;
  const wells = landscape.wells;
  const geometryWarnings: string[] = [];
  let fromWell: number | null = null;
  let x0: number;
  if (problem.fromX !== undefined) {
    if (!Number.isFinite(problem.fromX)) {
      throw new KramersError(
        'invalid_parameter',
        `from-x must be a finite number; got ${problem.fromX}`,
      );
    }
    x0 = problem.fromX;
    const { min, max } = landscape.domain;
    if (landscape.domainSource === 'given' && (x0 < min || x0 > max)) {
      throw new KramersError(
        'invalid_parameter',
        `the start x = ${x0} lies outside the domain ${min}:${max}`,
        {
          issues: [{ path: 'from-x', message: 'outside the domain' }],
        },
      );
    }
    // The well whose basin holds the start point (between the barriers around it).
    const basin = wells.findIndex((w, i) => {
      const left = landscape.barriers.filter((b) => b.x < w.x).at(-1)?.x ?? -Infinity;
      const right = landscape.barriers.find((b) => b.x > w.x)?.x ?? Infinity;
      return x0 > left && x0 < right && i >= 0;
    });
    fromWell = basin >= 0 ? basin : null;
  } else {
    const index = problem.from ?? 0;
    if (!Number.isInteger(index) || index < 0 || index >= wells.length) {
      throw new KramersError(
        'invalid_parameter',
        `from = ${index} is not a well index: wells are 0…${wells.length - 1}`,
        {
          issues: [{ path: 'from', message: 'no such well' }],
          hint: 'run kramers analyze to list the wells',
        },
      );
    }
    fromWell = index;
    x0 = wells[index]!.x;
  }

  // Target and the transition (barrier) the closed forms use.
  let transition: Transition | null = null;
  let target: Geometry['target'];
  const fromTransitions = landscape.transitions.filter((t) => t.from === fromWell);
  if (problem.toX !== undefined) {
    if (!Number.isFinite(problem.toX)) {
      throw new KramersError(
        'invalid_parameter',
        `to-x must be a finite number; got ${problem.toX}`,
      );
    }
    const toX = problem.toX;
    if (toX === x0)
      throw new KramersError('invalid_parameter', 'the absorbing point equals the start point', {
        issues: [{ path: 'to-x', message: 'equals the start' }],
      });
    target = { well: null, x: toX };
    const side = Math.sign(toX - x0);
    // The closed forms apply when the absorbing point lies beyond the first barrier on that side.
    transition =
      fromTransitions.find((t) => {
        const xb = landscape.barriers[t.barrier]!.x;
        return Math.sign(xb - x0) === side && Math.abs(toX - x0) > Math.abs(xb - x0);
      }) ?? null;
  } else {
    if (fromWell === null) {
      throw new KramersError(
        'invalid_parameter',
        'the start point is in no well basin: give --to-x',
        { issues: [{ path: 'from-x', message: 'no basin' }] },
      );
    }
    if (fromTransitions.length === 0) {
      throw new KramersError(
        'no_barrier',
        `well ${fromWell} has no barrier to cross: the potential confines it on both sides`,
        {
          issues: [{ path: 'from', message: 'no transition' }],
        },
      );
    }
    const wanted = problem.to;
    transition =
      wanted === undefined
        ? fromTransitions[0]!
        : (fromTransitions.find((t) => t.to === wanted) ?? null);
    if (!transition) {
      throw new KramersError(
        'invalid_parameter',
        `no transition from well ${fromWell} to ${String(wanted)}: from well ${fromWell} one can reach ${fromTransitions.map((t) => String(t.to)).join(', ')}`,
        { issues: [{ path: 'to', message: 'not a neighbour' }] },
      );
    }
    const xs = landscape.barriers[transition.barrier]!.x;
    const side = Math.sign(xs - x0) as -1 | 1;
    if (typeof transition.to === 'number') {
      target = { well: transition.to, x: wells[transition.to]!.x };
    } else {
      target = {
        well: transition.to,
        x: sinkBeyond(potential, landscape, transition.barrier, side, D),
      };
      const depth = (potential.U(xs) - potential.U(target.x)) / D;
      if (depth < SHALLOW_SINK) {
        geometryWarnings.push(
          `the sink at x = ${Number(target.x.toPrecision(6))} (domain edge) lies only ${Number(depth.toPrecision(2))} D below the barrier top: the exact rate counts arrivals near the top (up to 2k for a symmetric top); widen the domain for the escape rate`,
        );
      }
    }
  }

  // Far side: a reflecting wall if given, else the neighbouring absorbing state or a natural boundary.
  const side = Math.sign(target.x - x0) as -1 | 1;
  let far: Geometry['far'];
  if (problem.reflectX !== undefined) {
    const r = problem.reflectX;
    if (!Number.isFinite(r))
      throw new KramersError('invalid_parameter', `reflect-x must be a finite number; got ${r}`);
    if (Math.sign(r - x0) === side || r === x0) {
      throw new KramersError(
        'invalid_parameter',
        `the reflecting wall at x = ${r} must lie on the far side of the start x = ${x0} from the absorbing point x = ${target.x}`,
        { issues: [{ path: 'reflect-x', message: 'on the wrong side' }] },
      );
    }
    far = { kind: 'reflecting', x: r };
  } else if (fromWell !== null && problem.toX === undefined) {
    far = farSideOf(landscape, fromWell, -side as -1 | 1, potential, D);
  } else {
    far = { kind: 'natural', x: null };
  }
  return { warnings: geometryWarnings, x0, fromWell, target, transition, far };
}

function closedForm(
  method: 'kramers' | 'corrected',
  resolved: ResolvedProblem,
  landscape: Landscape,
  transition: Transition | null,
): MethodResult {
  if (!transition) {
    return {
      rate: null,
      logRate: null,
      error: null,
      retcode: 'not_applicable',
      definition: 'one-way escape rate over the barrier',
      warnings: [
        'no barrier lies between the start and the absorbing point: the closed forms do not apply',
      ],
    };
  }
  const well = landscape.wells[transition.from]!;
  const barrier = landscape.barriers[transition.barrier]!;
  const { potential, D, gamma } = resolved;
  const base = {
    wellCurvature: well.d2U,
    barrierCurvature: barrier.d2U,
    deltaU: transition.deltaU,
    D,
    gamma,
  };
  let estimate: RateEstimate & { correctionFactor?: number | null };
  if (well.degenerate || barrier.degenerate) {
    return {
      rate: null,
      logRate: null,
      error: null,
      retcode: 'not_applicable',
      definition: 'one-way escape rate over the barrier',
      warnings: [
        `${method === 'kramers' ? 'Kramers formula' : 'finite-barrier correction'} not applicable: a degenerate ${well.degenerate ? 'well' : 'barrier'} (U″ ≈ 0); use the exact method`,
      ],
    };
  }
  if (method === 'kramers') estimate = kramersOverdamped(base);
  else {
    estimate = kramersCorrected({
      ...base,
      wellThirdDerivative: potential.d3U(well.x),
      wellFourthDerivative: potential.d4U(well.x),
      barrierThirdDerivative: potential.d3U(barrier.x),
      barrierFourthDerivative: potential.d4U(barrier.x),
    });
  }
  return {
    rate: estimate.rate,
    logRate: estimate.logRate,
    error: null,
    retcode: estimate.retcode,
    definition:
      method === 'kramers'
        ? 'one-way escape rate, leading order √(U″_a|U″_s|)/(2πγ) e^{−ΔU/D} (Kramers 1940)'
        : 'one-way escape rate with the first finite-barrier correction, k_Kramers·[1 − D(c_a + c_s)]',
    warnings: estimate.warnings,
    ...(estimate.correctionFactor !== undefined
      ? { correctionFactor: estimate.correctionFactor }
      : {}),
  };
}

export function exactRoute(
  resolved: ResolvedProblem,
  geometry: Geometry,
  tolerance: number | undefined,
): MethodResult {
  const { potential, D, gamma } = resolved;
  const { x0, target, far } = geometry;
  const base = {
    potential,
    D,
    gamma,
    start: x0,
    absorbing: target.x,
    ...(tolerance !== undefined ? { tolerance } : {}),
  };
  if (far.kind === 'absorbing' && far.x !== null) {
    const passage = meanFirstPassageTime({ ...base, absorbingOther: far.x });
    const left = Math.min(target.x, far.x);
    const right = Math.max(target.x, far.x);
    const split = splittingProbability({ potential, D, left, right, x: x0 });
    const toTarget =
      target.x > x0 ? (split.probability as number) : 1 - (split.probability as number);
    const logRate = Math.log(toTarget) - passage.logMfpt;
    const rate = Math.exp(logRate);
    return {
      rate,
      logRate,
      error: rate * (passage.relativeError + split.error / Math.max(toTarget, Number.MIN_VALUE)),
      relativeError: passage.relativeError + split.error / Math.max(toTarget, Number.MIN_VALUE),
      retcode: passage.retcode,
      definition:
        'one-way rate k = π_target(x_a)/T: splitting probability over the mean first-passage time to either neighbouring absorbing state (Gardiner §5.2.8)',
      warnings: [...geometry.warnings, ...passage.warnings],
      mfpt: passage.mfpt,
      logMfpt: passage.logMfpt,
      mfptError: passage.error,
      splittingProbability: toTarget,
    };
  }
  const passage = meanFirstPassageTime({
    ...base,
    ...(far.kind === 'reflecting' && far.x !== null ? { reflecting: far.x } : {}),
  });
  return {
    rate: passage.rate,
    logRate: passage.logRate,
    error: passage.rate * passage.relativeError,
    relativeError: passage.relativeError,
    retcode: passage.retcode,
    definition:
      target.well === null
        ? `1/MFPT from x = ${x0} to the absorbing point x = ${target.x} (Pontryagin, Andronov & Vitt 1933)`
        : typeof target.well === 'number'
          ? "1/MFPT from the well bottom to the other well's bottom (≈ k; to the barrier top it would be ≈ 1/(2k))"
          : '1/MFPT from the well bottom to a sink 40 D below the barrier top',
    warnings: [...geometry.warnings, ...passage.warnings],
    mfpt: passage.mfpt,
    logMfpt: passage.logMfpt,
    mfptError: passage.error,
  };
}

function spectralRoute(
  resolved: ResolvedProblem,
  landscape: Landscape,
  geometry: Geometry,
  tolerance: number | undefined,
): MethodResult {
  const { potential, D, gamma } = resolved;
  const notApplicable = (why: string): MethodResult => ({
    rate: null,
    logRate: null,
    error: null,
    retcode: 'not_applicable',
    definition: 'rate from the lowest Fokker-Planck eigenvalues',
    warnings: [why],
  });
  const { fromWell, target, transition } = geometry;
  if (fromWell === null || target.well === null || !transition) {
    return notApplicable('the spectral rate is defined between wells, not to a chosen point');
  }
  const tol = tolerance !== undefined ? { tolerance: Math.max(tolerance, 1e-12) } : {};
  const confined = landscape.edges.left === 'confining' && landscape.edges.right === 'confining';
  if (typeof target.well === 'number' && confined) {
    const n = landscape.wells.length;
    const spectrum = smoluchowskiSpectrum({
      potential,
      D,
      gamma,
      n: Math.max(n, 2) + 1,
      // A given domain is a pair of reflecting walls (as for the exact route); otherwise the
      // boundaries are natural, found from the landscape's search domain.
      ...(landscape.domainSource === 'given'
        ? { domain: landscape.domain }
        : { searchDomain: landscape.domain }),
      ...tol,
    });
    const lambda1 = spectrum.eigenvalues[1]!;
    const { matrix, populations } = rateMatrixFromModes(
      spectrum,
      landscape.wells.map((w) => w.x),
      landscape.barriers.map((b) => b.x),
    );
    const rate = n === 2 ? lambda1 * populations[target.well]! : matrix[fromWell]![target.well]!;
    return {
      rate,
      logRate: Math.log(rate),
      error: n === 2 ? rate * (spectrum.errors[1]! / lambda1) : null,
      retcode: spectrum.retcode,
      definition:
        n === 2
          ? 'k_ab = λ1·p_b from λ1 = k_ab + k_ba and detailed balance p_a k_ab = p_b k_ba (λ1/2 for a symmetric double well)'
          : 'element of the rate matrix K = Φ diag(−λ) Φ⁻¹ built from the lowest n modes',
      warnings: separationWarnings(spectrum.eigenvalues, n, spectrum.warnings),
      lambda1,
      lambda1Error: spectrum.errors[1],
      gap: spectrum.gap,
      populations,
    };
  }
  if (typeof target.well === 'string' && landscape.wells.length === 1) {
    const side = target.well === '-inf' ? 'left' : 'right';
    const otherOpen =
      side === 'left' ? landscape.edges.right === 'open' : landscape.edges.left === 'open';
    if (otherOpen)
      return notApplicable(
        'the well is open on both sides: the spectral escape rate over one barrier alone is not defined',
      );
    const domain =
      side === 'left'
        ? { min: target.x, max: landscape.domain.max }
        : { min: landscape.domain.min, max: target.x };
    const spectrum = smoluchowskiSpectrum({
      potential,
      D,
      gamma,
      n: 3,
      searchDomain: domain,
      boundaries: { [side]: 'absorbing' },
      ...tol,
    });
    const rate = spectrum.eigenvalues[0]!;
    return {
      rate,
      logRate: Math.log(rate),
      error: spectrum.errors[0] ?? null,
      retcode: spectrum.retcode,
      definition:
        'λ1 with an absorbing end at the sink: the decay rate of the quasi-stationary well population',
      warnings: spectrum.warnings,
      lambda1: rate,
      lambda1Error: spectrum.errors[0],
      gap: spectrum.gap,
    };
  }
  return notApplicable(
    'the spectral route covers confined wells and a single metastable well; use the exact method here',
  );
}

/**
 * A numerical route that cannot run on these parameters (e.g. the spectral grid overflowing at
 * D = 1e-9) must not take the other routes down with it: its KramersError becomes this method's
 * `not_converged` result with the message as warning. A rate that under- or overflows a double,
 * or is not a number, is reported the same way, never as NaN.
 */
function guarded(route: () => MethodResult, name: RateMethod): MethodResult {
  let result: MethodResult;
  try {
    result = route();
  } catch (error) {
    if (!(error instanceof KramersError)) throw error;
    return {
      rate: null,
      logRate: null,
      error: null,
      retcode: 'not_converged',
      definition: `${name} route`,
      warnings: [`${name} route failed: ${error.message}`],
    };
  }
  if (result.logRate !== null && !Number.isFinite(result.logRate)) {
    return {
      ...result,
      rate: null,
      logRate: null,
      error: null,
      retcode: 'not_converged',
      warnings: [
        ...result.warnings,
        `${name} route: the rate is outside double precision (ln k = ${result.logRate}); use the exact method's logRate`,
      ],
    };
  }
  return result;
}

/**
 * One escape, every route side by side: the Kramers formula, its finite-barrier correction, the
 * exact mean first-passage time and the Fokker-Planck spectrum, each with its definition, error and
 * relative difference to exact.
 */
export function rate(problem: RateProblem = {}): RateReport {
  const resolved = resolveProblem(problem);
  const landscape = landscapeOf(resolved);
  const geometry = resolveGeometry(problem, resolved, landscape);
  const wanted = new Set(problem.methods ?? RATE_METHODS);
  for (const m of wanted) {
    if (!RATE_METHODS.includes(m)) {
      throw new KramersError(
        'invalid_parameter',
        `unknown method '${m}': choose from ${RATE_METHODS.join(', ')} or all`,
        { issues: [{ path: 'method', message: 'unknown' }] },
      );
    }
  }
  const methods: Partial<Record<RateMethod, MethodResult>> = {};
  if (wanted.has('kramers'))
    methods.kramers = closedForm('kramers', resolved, landscape, geometry.transition);
  if (wanted.has('corrected'))
    methods.corrected = closedForm('corrected', resolved, landscape, geometry.transition);
  if (wanted.has('exact')) {
    methods.exact = guarded(() => exactRoute(resolved, geometry, problem.tolerance), 'exact');
  }
  if (wanted.has('spectral'))
    methods.spectral = guarded(
      () => spectralRoute(resolved, landscape, geometry, problem.tolerance),
      'spectral',
    );
  // Relative differences from the logarithms, so they survive rates that underflow a double.
  const logExact = methods.exact?.retcode === 'success' ? (methods.exact.logRate ?? null) : null;
  if (logExact !== null) {
    for (const key of RATE_METHODS) {
      const m = methods[key];
      if (!m || key === 'exact') continue;
      methods[key] = {
        ...m,
        relativeToExact: m.logRate === null ? null : Math.expm1(m.logRate - logExact),
      };
    }
  }
  const warnings = [...resolved.warnings, ...landscape.warnings];
  for (const m of Object.values(methods)) warnings.push(...m.warnings);
  const t = geometry.transition;
  return {
    potential: potentialSummary(resolved),
    D: resolved.D,
    gamma: resolved.gamma,
    from: { well: geometry.fromWell, x: geometry.x0 },
    to: geometry.target,
    barrier: t ? { index: t.barrier, x: landscape.barriers[t.barrier]!.x, deltaU: t.deltaU } : null,
    farSide: geometry.far,
    methods,
    warnings: [...new Set(warnings)],
  };
}

/**
 * The exact one-way rate of one landscape transition (the same definition as `rate`'s exact
 * column), for `analyze`'s per-transition table.
 */
export function exactTransitionRate(
  resolved: ResolvedProblem,
  landscape: Landscape,
  transition: Transition,
  tolerance?: number,
): MethodResult {
  const geometry = resolveGeometry(
    { from: transition.from, to: transition.to },
    resolved,
    landscape,
  );
  return exactRoute(resolved, geometry, tolerance);
}
