import {
  KramersError,
  type Potential1D,
  requirePositive,
  requireWithinBudget,
} from '../core/index.js';
import { brentRoot, meanFirstPassageTime } from '../exact1d/index.js';
import { kramersOverdamped } from '../rates/index.js';
import { type ChebyshevTable, chebyshevTable, evaluateTable } from './chebyshevTable.js';

/** How k(F) of the tilted potential is computed. */
export type TiltedRateRoute = 'mfpt' | 'kramers';

export interface TiltedRateProblem {
  /** U(x) at zero force; the force pulls towards +x: U(x) − F x. */
  readonly potential: Potential1D;
  readonly D: number;
  readonly gamma?: number;
  /** Well bottom x_a and barrier top x_s at F = 0, with x_s > x_a. */
  readonly wellX: number;
  readonly barrierX: number;
  /** Where the bond counts as broken (absorbing), beyond the barrier: x > x_s. */
  readonly brokenX: number;
  /**
   * 'mfpt' (default): k(F) = 1/T(F), T the exact mean first-passage time from the tilted well's
   * bottom to `brokenX` (Pontryagin, Andronov & Vitt 1933), natural boundary on the far side.
   * 'kramers': the overdamped Kramers formula on the tilted landscape (Kramers 1940).
   */
  readonly route?: TiltedRateRoute;
  /** Stop where the tilted barrier falls to this many D (default 1): beyond, k(F) is no escape rate. */
  readonly minBarrier?: number;
  /** Refuse (over_budget) an exact table whose estimated time is past this many seconds. */
  readonly budgetSeconds?: number;
}

/**
 * Estimated seconds of the exact ('mfpt') table for a zero-force barrier of b = ΔU/D: about
 * 30·ln b Chebyshev nodes, each an MFPT quadrature whose panels grow like b (measured on a shared
 * 2-core machine for the linear-cubic bond: b = 10³ 2.7 s, 3·10³ 10 s, 10⁴ 60 s under load).
 */
export function tiltedTableSeconds(b: number): number {
  return 4.2e-4 * b * Math.log(Math.max(b, Math.E));
}

export interface TiltedPoint {
  readonly force: number;
  readonly wellX: number;
  readonly barrierX: number;
  /** ΔU(F) = [U(x_s) − F x_s] − [U(x_a) − F x_a]. */
  readonly deltaU: number;
}

export interface TiltedRate {
  readonly route: TiltedRateRoute;
  /** F_c = max U′ between well and barrier: the force at which the barrier vanishes. */
  readonly criticalForce: number;
  /** Where ΔU(F) = minBarrier·D: the tabulation and the rupture-force integral end here. */
  readonly cutForce: number;
  readonly minBarrier: number;
  /** ln k(F) interpolated from the table, F in [0, cutForce]. */
  readonly logRate: (force: number) => number;
  /** Interpolation error estimate of ln k (absolute) plus the route's own relative error. */
  readonly logRateError: number;
  /**
   * True when k(F) ≥ k(cutForce) at every F past the cut, so that the bonds still intact there
   * can be bounded (`rateBeyondEnd` of `ruptureForceStatistics`): the 'mfpt' route, whose table
   * and tilted well were checked to rise with F (see `risesWithForce`); never 'kramers'.
   */
  readonly risesWithForce: boolean;
  /** Calls of the route (MFPT quadratures or Kramers formulas). */
  readonly evaluations: number;
  /** The tilted well and barrier at force F (0 ≤ F < F_c). */
  readonly pointAt: (force: number) => TiltedPoint;
  /** ln k evaluated directly (not interpolated), for checks. */
  readonly logRateAt: (force: number) => number;
  readonly warnings: readonly string[];
}

function tilt(potential: Potential1D, force: number): Potential1D {
  const { U, dU, d2U, d3U, d4U } = potential;
  return {
    U: (x) => U(x) - force * x,
    dU: (x) => dU(x) - force,
    d2U,
    d3U,
    d4U,
    description: `${potential.description} − ${force}·x`,
    derivatives: potential.derivatives,
  };
}

/** The maximum of U′ on [a, b]: a dense scan, then golden-section refinement. */
function maxSlope(dU: (x: number) => number, a: number, b: number): { x: number; value: number } {
  const n = 2000;
  let best = a;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let i = 0; i <= n; i++) {
    const x = a + ((b - a) * i) / n;
    const v = dU(x);
    if (v > bestValue) {
      bestValue = v;
      best = x;
    }
  }
  let lo = Math.max(a, best - (b - a) / n);
  let hi = Math.min(b, best + (b - a) / n);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 100 && hi - lo > 1e-15 * (Math.abs(lo) + Math.abs(hi) + 1e-300); i++) {
    const x1 = hi - g * (hi - lo);
    const x2 = lo + g * (hi - lo);
    if (dU(x1) > dU(x2)) hi = x2;
    else lo = x1;
  }
  const x = 0.5 * (lo + hi);
  return { x, value: Math.max(dU(x), bestValue) };
}

/**
 * The force-dependent escape rate k(F) of an actual potential U(x) − F x, for a force ramped
 * slowly enough that the rate at each instant is that of the frozen, tilted landscape (the
 * quasi-static picture of Evans & Ritchie 1997 and Dudko, Hummer & Szabo 2006, here without
 * their model shapes). The tilted well and barrier are followed as the roots of U′(x) = F on each
 * side of the inflection point, and the barrier vanishes at F_c = max U′: there k(F) stops
 * being an escape rate, so the table ends earlier, where ΔU(F) = minBarrier·D. ln k is tabulated
 * on Chebyshev panels to 1e-9 and interpolated.
 */
export function tiltedRate(problem: TiltedRateProblem): TiltedRate {
  const { potential, wellX, barrierX, brokenX } = problem;
  const D = requirePositive('D', problem.D, 'noise intensity k_B T');
  const gamma = requirePositive('gamma', problem.gamma ?? 1, 'friction coefficient γ');
  const route = problem.route ?? 'mfpt';
  const minBarrier = requirePositive('minBarrier', problem.minBarrier ?? 1, 'in units of D');
  checkPullingSide(wellX, barrierX, brokenX);
  const inflection = maxSlope(potential.dU, wellX, barrierX);
  const criticalForce = inflection.value;
  const pointAt = tiltedPointAt(potential, wellX, barrierX, inflection.x);
  const barrier0 = pointAt(0).deltaU;
  if (!(barrier0 > minBarrier * D)) {
    throw new KramersError(
      'no_barrier',
      `the barrier at zero force is ΔU = ${barrier0.toPrecision(4)} = ${(barrier0 / D).toPrecision(3)} D, not above ${minBarrier} D: there is no activated escape to pull on`,
      { issues: [{ path: 'D', message: 'barrier not high against the noise' }] },
    );
  }
  if (route === 'mfpt') {
    requireWithinBudget(
      'the exact k(F) table',
      tiltedTableSeconds(barrier0 / D),
      problem.budgetSeconds,
      {
        basis: `ΔU/D = ${Number((barrier0 / D).toPrecision(3))} at zero force: each MFPT quadrature grows with it`,
        hint: "use route 'kramers' (--route kramers) or a smaller barrier against D",
      },
    );
  }
  // ΔU(F) falls monotonically (dΔU/dF = −(x_s − x_a) < 0): the cut is one bracketed root.
  const cutForce = brentRoot(
    (F) => pointAt(F).deltaU - minBarrier * D,
    0,
    criticalForce * (1 - 1e-12),
  );
  const routeError = { worst: 0 };
  const logRateAt = directLogRate({ potential, D, gamma, route, brokenX }, pointAt, routeError);
  const table: ChebyshevTable = chebyshevTable(logRateAt, 0, cutForce, 1e-9);
  const warnings: string[] = [];
  if (!Number.isFinite(table.errorEstimate) || table.errorEstimate > 1e-6) {
    warnings.push(
      `ln k(F) is tabulated only to ± ${table.errorEstimate.toPrecision(2)}: the rate is not smooth in F`,
    );
  }
  const logRate = (force: number) => evaluateTable(table, force);
  const logRateError = table.errorEstimate + routeError.worst;
  const rises = route === 'mfpt' && risesWithForce(logRate, logRateError, pointAt, cutForce);
  if (route === 'mfpt' && !rises) {
    warnings.push(
      'the exact k(F) does not rise with F at every force of its table (a well that jumps as the force grows): bonds still intact at the cut are not bounded',
    );
  }
  return {
    route,
    criticalForce,
    cutForce,
    minBarrier,
    logRate,
    logRateError,
    risesWithForce: rises,
    evaluations: table.evaluations,
    pointAt,
    logRateAt,
    warnings,
  };
}

/** Forces at which `risesWithForce` samples the table and the tilted well. */
const RISE_SAMPLES = 512;

/**
 * Whether the exact k(F) = 1/T(F) rises with F, so that past the cut k(F) ≥ k(F_cut). By
 * Pontryagin's formula (Pontryagin, Andronov & Vitt 1933; Gardiner, Handbook §5.2.7), natural
 * boundary on the left, tilted potential V = U − F x:
 *   T(F) = (γ/D) ∫_{x_a(F)}^{x_b} dy ∫_{−∞}^{y} dz exp{[U(y) − U(z) − F (y − z)]/D}.
 * As z ≤ y the integrand falls as F grows; the target x_b is fixed; and the tilted well x_a(F)
 * moves towards it (dx_a/dF = 1/U″(x_a) > 0), shrinking the range. So T falls and k rises, up
 * to F_c; past F_c, for any start at or beyond x_a(F_cut) the same integrand gives a T no longer
 * than T(F_cut). (Pathwise: the drift −U′ + F grows with F, and by the comparison theorem of
 * Ikeda & Watanabe 1977 a walker pulled harder is never behind.) What the argument assumes is
 * checked on the table: x_a(F) never moves back (a potential with a shoulder between well and
 * inflection point can make the root jump) and ln k never falls by more than its error. The
 * Kramers formula has no such property: its prefactor √(U″_a|U″_s|) vanishes at F_c.
 */
function risesWithForce(
  logRate: (force: number) => number,
  logRateError: number,
  pointAt: (force: number) => TiltedPoint,
  cutForce: number,
): boolean {
  let previous = { logRate: logRate(0), wellX: pointAt(0).wellX };
  for (let i = 1; i <= RISE_SAMPLES; i++) {
    const F = (cutForce * i) / RISE_SAMPLES;
    const here = { logRate: logRate(F), wellX: pointAt(F).wellX };
    if (!(here.logRate >= previous.logRate - 2 * logRateError)) return false;
    if (!(here.wellX >= previous.wellX)) return false;
    previous = here;
  }
  return true;
}

/** The force pulls towards +x: the barrier must lie right of the well, the broken state beyond it. */
function checkPullingSide(wellX: number, barrierX: number, brokenX: number): void {
  if (!(barrierX > wellX)) {
    throw new KramersError(
      'usage',
      `the force pulls towards +x, so the barrier (x = ${barrierX}) must lie to the right of the well (x = ${wellX})`,
      {
        issues: [{ path: 'from', message: 'no barrier on the pulling side of this well' }],
        hint: 'mirror the potential (x → −x) to pull the other way',
      },
    );
  }
  if (!(brokenX > barrierX)) {
    throw new KramersError(
      'usage',
      `the broken state (x = ${brokenX}) must lie beyond the barrier (x = ${barrierX})`,
      { issues: [{ path: 'to', message: 'target not beyond the barrier' }] },
    );
  }
}

/**
 * The tilted well and barrier at force F: the roots of U′(x) = F on each side of the inflection
 * point x_i (where U′ is largest), and the barrier ΔU(F) between them.
 */
function tiltedPointAt(
  potential: Potential1D,
  wellX: number,
  barrierX: number,
  xi: number,
): (force: number) => TiltedPoint {
  const { U, dU } = potential;
  return (force: number): TiltedPoint => {
    const g = (x: number) => dU(x) - force;
    const xa = force <= 0 ? wellX : brentRoot(g, wellX, xi);
    const xs = force <= 0 ? barrierX : brentRoot(g, xi, barrierX);
    return { force, wellX: xa, barrierX: xs, deltaU: U(xs) - U(xa) - force * (xs - xa) };
  };
}

/** What the route needs to compute ln k of the tilted landscape at one force. */
interface TiltedRoute {
  readonly potential: Potential1D;
  readonly D: number;
  readonly gamma: number;
  readonly route: TiltedRateRoute;
  readonly brokenX: number;
}

/**
 * ln k(F) by the route itself (not interpolated): Kramers' formula on the tilted well and barrier,
 * or −ln T of the exact MFPT from the tilted well to `brokenX`, whose largest relative error is
 * kept in `routeError.worst`.
 */
function directLogRate(
  { potential, D, gamma, route, brokenX }: TiltedRoute,
  pointAt: (force: number) => TiltedPoint,
  routeError: { worst: number },
): (force: number) => number {
  return (force: number): number => {
    const p = pointAt(force);
    if (route === 'kramers') {
      const estimate = kramersOverdamped({
        wellCurvature: potential.d2U(p.wellX),
        barrierCurvature: potential.d2U(p.barrierX),
        deltaU: p.deltaU,
        D,
        gamma,
      });
      return estimate.logRate ?? Number.NaN;
    }
    const result = meanFirstPassageTime({
      potential: tilt(potential, force),
      D,
      gamma,
      start: p.wellX,
      absorbing: brokenX,
      tolerance: 1e-10,
    });
    routeError.worst = Math.max(routeError.worst, result.relativeError);
    return result.logRate;
  };
}
