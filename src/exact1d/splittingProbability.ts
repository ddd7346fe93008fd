import { KramersError, type Potential1D, requireFinite, requirePositive } from '../core/index.js';
import {
  adaptiveSolve,
  leftCumulativeAt,
  panelStartingAt,
  relativeOf,
  scaledExponent,
} from './adaptive.js';
import {
  cumulativeAt,
  logAdd,
  logCumulative,
  type PanelRegion,
  Resolve,
} from './chebyshevPanels.js';

export interface SplittingProblem {
  readonly potential: Potential1D;
  /** Noise intensity D = k_B T (energy). */
  readonly D: number;
  /** The two absorbing points, left < right. */
  readonly left: number;
  readonly right: number;
  /** Where the walker starts: one position or several (left ≤ x ≤ right). */
  readonly x: number | readonly number[];
  /** Relative tolerance of the two integrals, default 1e-10. */
  readonly tolerance?: number;
}

export interface SplittingResult<P> {
  /** π_R(x): probability of reaching `right` before `left`. */
  readonly probability: P;
  /** 1 − π_R(x), computed as its own ratio (accurate where π_R is close to 1). */
  readonly probabilityLeft: P;
  /** Absolute error estimate of `probability` (π_R). */
  readonly error: P;
  /** Absolute error estimate of `probabilityLeft` (π_L): its own, far smaller where π_L ≪ 1. */
  readonly errorLeft: P;
  readonly retcode: import('../core/index.js').RetCode;
  readonly warnings: string[];
  readonly panels: number;
  readonly evaluations: number;
}

/**
 * Splitting probability (committor) of overdamped motion γ dx = −U′ dt + √(2γD) dW between two
 * absorbing points L < R (Gardiner, Handbook of Stochastic Methods, §5.2.8):
 *
 *   π_R(x) = ∫_L^x e^{U(y)/D} dy / ∫_L^R e^{U(y)/D} dy,
 *
 * the probability of reaching R before L; it does not depend on γ. Both ∫_L^x and ∫_x^R are
 * integrated (in log space, exponents relative to per-panel references), so π_R and 1 − π_R are
 * each accurate even when one is ~1e-300. For U = 0, π_R = (x − L)/(R − L).
 *
 * @example
 * splittingProbability({ potential: potentialFromExpression('x^4/4 - x^2/2'), D: 0.1, left: -1, right: 1, x: 0 }).probability; // => 0.5
 */
export function splittingProbability(
  problem: SplittingProblem & { x: number },
): SplittingResult<number>;
export function splittingProbability(
  problem: SplittingProblem & { x: readonly number[] },
): SplittingResult<Float64Array>;
export function splittingProbability(
  problem: SplittingProblem,
): SplittingResult<number> | SplittingResult<Float64Array>;
export function splittingProbability(
  problem: SplittingProblem,
): SplittingResult<number> | SplittingResult<Float64Array> {
  const { D, left, right, tolerance, scalar, xs } = checkedProblem(problem);
  const anchorU = problem.potential.U(left);
  if (!Number.isFinite(anchorU)) {
    throw new KramersError('not_finite', `U(x) is not finite at x = ${left}`, {
      issues: [{ path: 'left', message: `U = ${String(anchorU)}` }],
    });
  }
  const exponent = scaledExponent(problem.potential, D, 1, anchorU);
  const breaks = [...new Set([left, ...xs, right])].sort((p, q) => p - q);
  const regions: PanelRegion[] = [];
  for (let i = 0; i + 1 < breaks.length; i++) {
    regions.push({ a: breaks[i]!, b: breaks[i + 1]!, checks: Resolve.plus });
  }
  const outcome = adaptiveSolve(exponent, regions, tolerance, anchorU / D, (panels, tailTol) =>
    committorAt(panels, tailTol, xs, right),
  );
  const { err, errLeft } = errorsOf(outcome, xs, left, right);
  const common = {
    retcode: outcome.retcode,
    warnings: outcome.warnings,
    panels: outcome.panels,
    evaluations: outcome.evaluations + 1,
  };
  if (scalar) {
    const o = outcome.value[0]!;
    const error = err[0]!;
    return { probability: o.p, probabilityLeft: o.q, error, errorLeft: errLeft[0]!, ...common };
  }
  return {
    probability: Float64Array.from(outcome.value, (o) => o.p),
    probabilityLeft: Float64Array.from(outcome.value, (o) => o.q),
    error: Float64Array.from(err),
    errorLeft: Float64Array.from(errLeft),
    ...common,
  };
}

/** The problem's numbers, checked: D > 0, left < right, starting points inside [left, right]. */
function checkedProblem(problem: SplittingProblem) {
  if (typeof problem?.potential?.U !== 'function') {
    throw new KramersError(
      'invalid_parameter',
      'potential must be a Potential1D with a function U(x)',
      {
        issues: [{ path: 'potential', message: 'missing U(x)' }],
      },
    );
  }
  const D = requirePositive('D', problem.D, 'noise intensity k_B T');
  const left = requireFinite('left', problem.left, 'left absorbing point');
  const right = requireFinite('right', problem.right, 'right absorbing point');
  const tolerance = Math.max(requirePositive('tolerance', problem.tolerance ?? 1e-10), 1e-14);
  if (!(right > left)) {
    throw new KramersError(
      'invalid_parameter',
      `need left < right; got left = ${left}, right = ${right}`,
      {
        issues: [{ path: 'right', message: 'right must exceed left' }],
      },
    );
  }
  const scalar = typeof problem.x === 'number';
  const xs = scalar ? [problem.x as number] : [...(problem.x as readonly number[])];
  if (xs.length === 0) {
    throw new KramersError('invalid_parameter', 'x must be a number or a non-empty array', {
      issues: [{ path: 'x', message: 'empty' }],
    });
  }
  xs.forEach((x, i) => {
    requireFinite(scalar ? 'x' : `x[${i}]`, x, 'starting point');
    if (x < left || x > right) {
      throw new KramersError(
        'invalid_parameter',
        `x = ${x} lies outside [left, right] = [${left}, ${right}]`,
        {
          issues: [{ path: scalar ? 'x' : `x[${i}]`, message: 'outside [left, right]' }],
        },
      );
    }
  });
  return { D, left, right, tolerance, scalar, xs };
}

/** π_R = p and π_L = q at one x, the relative errors of their integrals, their log scale. */
interface Committor {
  readonly p: number;
  readonly q: number;
  readonly relL: number;
  readonly relR: number;
  readonly logScale: number;
}

/** π_R and π_L at each x from one set of panels, with the integrals' relative errors. */
function committorAt(
  panels: Parameters<typeof logCumulative>[0],
  tailTol: number,
  xs: readonly number[],
  right: number,
): { value: Committor[]; relativeError: number; failed: number[] } {
  const last = panels.length - 1;
  const sL = logCumulative(panels, 0, last, 1, false, tailTol);
  const sR = logCumulative(panels, 0, last, 1, true, tailTol);
  const out = xs.map((x): Committor => {
    if (x === right) return { p: 1, q: 0, relL: 0, relR: 0, logScale: 0 };
    const k = panelStartingAt(panels, x);
    const [lL, eL] = leftCumulativeAt(sL, k);
    const [lR, eR] = cumulativeAt(sR, k, 0);
    const total = logAdd(lL, lR);
    return {
      p: Math.exp(lL - total),
      q: Math.exp(lR - total),
      relL: relativeOf(lL, eL),
      relR: relativeOf(lR, eR),
      // exp(l − total) carries the rounding of the logs' difference, ε(|l| + |total|).
      logScale: Math.max(Math.abs(lL), Math.abs(lR)) + Math.abs(total) + 1,
    };
  });
  // π = S_L/(S_L + S_R): relative errors r_L, r_R move it by at most π(1 − π)(r_L + r_R).
  return { value: out, relativeError: worstOf(out), failed: [...sL.failed, ...sR.failed] };
}

/** The largest r_L + r_R where both probabilities are nonzero. */
const worstOf = (out: readonly Committor[]) =>
  Math.max(0, ...out.map((o) => (o.p === 0 || o.q === 0 ? 0 : o.relL + o.relR)));

/**
 * Absolute errors of π_R and π_L. Each of them is exp(l − total), good to ε(|l| + |total| + 1)
 * relative, so each gets its own rounding term (one error for both, scaled by min(p, q), missed
 * the rounding of the probability near 1: π_R of x³/3 − x at D = 0.05 from x = 1 was 3.3e-16 off
 * with an error of 7.2e-24; scaled by max(p, q) it swamped the tiny one, π_L ~ e^{−ΔU/D}, that
 * fluxDensity and the exact route's uphill escape use). At the absorbing points π is exact;
 * elsewhere a π that rounded to 1 still carries this rounding.
 */
function errorsOf(
  outcome: { value: readonly Committor[]; relativeError: number },
  xs: readonly number[],
  left: number,
  right: number,
) {
  const floor = outcome.relativeError - worstOf(outcome.value);
  const errorOf = (own: (o: Committor) => number) =>
    outcome.value.map((o, i) =>
      xs[i] === left || xs[i] === right
        ? 0
        : o.p * o.q * (o.relL + o.relR + 2 * floor) + 1.2e-16 * o.logScale * own(o),
    );
  return { err: errorOf((o) => o.p), errLeft: errorOf((o) => o.q) };
}
