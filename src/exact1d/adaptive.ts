import { aboveTolerance, KramersError, type Potential1D, type RetCode } from '../core/index.js';
import {
  buildPanels,
  CHEBYSHEV_DEGREE,
  cumulativeAt,
  type LogCumulative,
  type Panel,
  type PanelRegion,
  Resolve,
} from './chebyshevPanels.js';

const EPS = 2.220446049250313e-16;

/** Panel budget: ~660 000 evaluations of U at most, a fraction of a second; never a hang. */
export const MAX_PANELS = 20000;
/** Tightening rounds after the first build when the error estimate is above the tolerance. */
const MAX_ROUNDS = 5;

/**
 * The scaled exponent s(x) = (U(σx) − U_anchor)/D of a problem written in canonical orientation
 * (σ = −1 mirrors it so the absorbing end is on the right). Throws KramersError where U is not
 * finite (naming x in the caller's coordinate) or where D is so small that U/D overflows.
 * `allowInfinite` lets +∞ through (an infinite wall seen by the outward scan of a natural boundary).
 */
export function scaledExponent(
  potential: Potential1D,
  D: number,
  sign: 1 | -1,
  anchorU: number,
  allowInfinite = false,
): (x: number) => number {
  return (x: number) => {
    const u = potential.U(sign * x);
    if (!Number.isFinite(u) && !(allowInfinite && u === Number.POSITIVE_INFINITY)) {
      throw new KramersError(
        'not_finite',
        `U(x) is not finite at x = ${sign * x} (got ${String(u)}) inside the integration range`,
        {
          issues: [{ path: 'potential', message: `U(${sign * x}) = ${String(u)}` }],
          hint: 'keep the range where U is defined: move the reflecting wall or the absorbing point',
        },
      );
    }
    const s = (u - anchorU) / D;
    if (Number.isNaN(s) || (s === Number.POSITIVE_INFINITY && Number.isFinite(u))) {
      throw new KramersError(
        'invalid_parameter',
        `D = ${D} is too small: (U(x) − U(anchor))/D overflows double precision at x = ${sign * x}`,
        { issues: [{ path: 'D', message: 'U/D overflows' }] },
      );
    }
    return s;
  };
}

/** What a problem's evaluation over the current panels reports back to the driver. */
export interface PanelEvaluation<T> {
  readonly value: T;
  /** Largest relative error estimate of the quantities asked for (discretisation only). */
  readonly relativeError: number;
  /** Panels whose actual integrands are not resolved: split them next round. */
  readonly failed: readonly number[];
}

export interface AdaptiveOutcome<T> {
  readonly value: T;
  /** Discretisation estimate plus the rounding floor. */
  readonly relativeError: number;
  readonly panels: number;
  readonly evaluations: number;
  readonly retcode: RetCode;
  readonly warnings: string[];
  readonly finalPanels: readonly Panel[];
}

const MINUS_LIKE =
  Resolve.minus |
  Resolve.plusTimesLeftMinus |
  Resolve.minusTimesLeftPlus |
  Resolve.minusTimesRightPlus;
const PLUS_LIKE =
  Resolve.plus |
  Resolve.plusTimesLeftMinus |
  Resolve.minusTimesLeftPlus |
  Resolve.minusTimesRightPlus;

/**
 * max |U|/D over the values of U that carry weight: between the lowest U where e^{−U/D} is
 * integrated and the highest U where e^{+U/D} is. (Beyond that, e.g. in the tail cut off at a
 * natural boundary, the weights are below e^{−50} and their rounding cannot matter.) |U| on an
 * interval of U values is largest at one of its ends.
 */
function largestRelevantExponent(panels: readonly Panel[], anchorOverD: number): number {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const panel of panels) {
    for (const s of panel.s) {
      if (panel.checks & MINUS_LIKE) low = Math.min(low, s);
      if (panel.checks & PLUS_LIKE) high = Math.max(high, s);
    }
  }
  let largest = 0;
  if (low < Number.POSITIVE_INFINITY) largest = Math.max(largest, Math.abs(anchorOverD + low));
  if (high > Number.NEGATIVE_INFINITY) largest = Math.max(largest, Math.abs(anchorOverD + high));
  return largest;
}

/**
 * Past this total variation of U/D over the integration range the panels cannot resolve the
 * weights: a panel spans a change of U/D of order ten, so MAX_PANELS cover ~1e5–1e6; at 1e9 the
 * build would spend its whole panel budget (tens of seconds) and still not converge.
 */
const MAX_EXPONENT_VARIATION = 1e9;

/** Refuses before any panel is built an exponent that varies far more than the panels resolve. */
function requireResolvable(exponent: (x: number) => number, regions: readonly PanelRegion[]) {
  let variation = 0;
  for (const { a, b } of regions) {
    let previous = exponent(a);
    for (let i = 1; i <= 256; i++) {
      const next = exponent(a + ((b - a) * i) / 256);
      if (Number.isFinite(next) && Number.isFinite(previous))
        variation += Math.abs(next - previous);
      previous = next;
    }
  }
  if (variation > MAX_EXPONENT_VARIATION) {
    throw new KramersError(
      'invalid_parameter',
      `U/D varies by ${variation.toExponential(1)} over the integration range, past the ${MAX_EXPONENT_VARIATION.toExponential(0)} the quadrature resolves: D is too small against the variation of U`,
      {
        issues: [{ path: 'D', message: 'too small against U' }],
        hint: 'raise D or narrow the domain',
      },
    );
  }
}

/**
 * Builds panels, evaluates, and tightens until the estimated relative error is below `tolerance`.
 * The rounding floor ε·(8 max|U|/D + 4√panels + 16) is added to the estimate: U itself carries a
 * rounding error of order ε|U|, and the answer depends on U through e^{±U/D}, so no quadrature can
 * do better than ε·|U|/D over the weighted range (the condition number of the problem in U; it is
 * what limits the ΔU/D = 1000 case to ~1e-12).
 */
export function adaptiveSolve<T>(
  exponent: (x: number) => number,
  regions: readonly PanelRegion[],
  tolerance: number,
  anchorOverD: number,
  evaluate: (panels: readonly Panel[], tailTolerance: number) => PanelEvaluation<T>,
): AdaptiveOutcome<T> {
  requireResolvable(exponent, regions);
  let tailTolerance = Math.max(tolerance / 20, 64 * EPS);
  let build = buildPanels(exponent, regions, tailTolerance, MAX_PANELS, anchorOverD);
  let evaluations = build.evaluations;
  let unresolved = build.unresolved;
  let capped = build.capped;
  for (let round = 0; ; round++) {
    const panels = build.panels;
    const result = evaluate(panels, tailTolerance);
    const maxAbs = largestRelevantExponent(panels, anchorOverD);
    const floor = EPS * (8 * maxAbs + 4 * Math.sqrt(panels.length) + 16);
    const relativeError = result.relativeError + floor;
    const settled = relativeError <= tolerance && result.failed.length === 0;
    const stuck =
      capped || round >= MAX_ROUNDS || (floor > tolerance / 2 && result.failed.length === 0);
    if (settled || stuck) {
      const warnings: string[] = [];
      unresolved = panels.filter((p) => p.unresolved).length;
      if (unresolved > 0) {
        const where = panels.find((p) => p.unresolved)!;
        warnings.push(
          capped
            ? `panel budget of ${MAX_PANELS} reached before the integrands were resolved (D very small against the variation of U?); the result is not converged`
            : `${unresolved} panel(s) could not be resolved (first near x = ${where.a}): U is not smooth there, or D is too small`,
        );
      }
      // Each number above the tolerance with the digits that show it above: at two digits a
      // relative error of 1.03e-13 read "1e-13 is above the tolerance 1e-13".
      if (floor > tolerance) {
        warnings.push(
          `rounding of U/D (|U|/D up to ${Number(maxAbs.toPrecision(3))}) limits the relative accuracy to about ${aboveTolerance(floor, tolerance)}, above the tolerance ${tolerance}`,
        );
      } else if (relativeError > tolerance) {
        warnings.push(
          `estimated relative error ${aboveTolerance(relativeError, tolerance)} is above the tolerance ${tolerance}`,
        );
      }
      const ok = relativeError <= tolerance && unresolved === 0;
      return {
        value: result.value,
        relativeError,
        panels: panels.length,
        evaluations,
        retcode: ok ? 'success' : 'not_converged',
        warnings,
        finalPanels: panels,
      };
    }
    if (result.relativeError > tolerance / 2)
      tailTolerance = Math.max(tailTolerance / 32, 16 * EPS);
    const split = new Set(result.failed.map((i) => panels[i]!));
    build = buildPanels(exponent, regions, tailTolerance, MAX_PANELS, anchorOverD, panels, split);
    evaluations += build.evaluations;
    capped ||= build.capped;
  }
}

/** Index of the panel whose left end is exactly x (x is a breakpoint of the regions). */
export function panelStartingAt(panels: readonly Panel[], x: number): number {
  let lo = 0;
  let hi = panels.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (panels[mid]!.a < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A left-cumulative integral (from `logCumulative`) read at the left end of panel k: the last node
 * of panel k − 1, whose error bound covers exactly the panels to the left; zero at the first panel.
 */
export function leftCumulativeAt(cumulative: LogCumulative, k: number): [number, number] {
  if (k === 0) return [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  return cumulativeAt(cumulative, k - 1, CHEBYSHEV_DEGREE);
}

/** Relative size e^{logError − log} of an error bound, 0 for an exactly zero quantity. */
export function relativeOf(log: number, logError: number): number {
  if (log === Number.NEGATIVE_INFINITY) return logError === Number.NEGATIVE_INFINITY ? 0 : Infinity;
  return Math.exp(logError - log);
}
