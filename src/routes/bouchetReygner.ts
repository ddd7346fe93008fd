import {
  type FixedPointND,
  instantonPrefactor,
  type TransverseCurvature,
} from '../multid/index.js';
import {
  type PreparedTransitionDrift,
  quasiPotentialHessian,
  quasiPotentialOver,
} from '../problem/index.js';
import { bouchetReygnerRate, type RateEstimate } from '../rates/index.js';
import {
  type DriftRouteResult,
  mismatchResult,
  overWords,
  sumChannels,
  wallsResult,
} from './eyringKramersGibbs.js';
import type { MethodInfo, RouteDrift } from './method.js';
import { notApplicableResult } from './result.js';

const info: MethodInfo = {
  key: 'bouchetReygner',
  label: 'Bouchet–Reygner (general drift)',
  short: 'BR',
  definition:
    'one-way escape rate (μ_s/2π)√(det Hess V(x_m)/|det Hess V(x_s)|) e^{−∫div ℓ dt} e^{−ΔΦ/D}, b = −∇V + ℓ, the integral along the minimum action path',
  regime:
    'a general drift with a non-degenerate stable point and saddle, a unique minimum action path without caustics, ΔΦ/D ≫ 1',
  reference: 'Bouchet & Reygner, Ann. Henri Poincaré 17, 3499 (2016), eq. 1.12',
  dynamics: 'overdamped',
  kind: 'closed form',
  colour: '#087f5b',
};

/** The drift route result with the path quantities the prefactor came from. */
export interface BouchetReygnerResult extends DriftRouteResult {
  /** Estimated absolute error of `prefactor` (the integral's and Hess V(x_s)'s, not ΔΦ's). */
  readonly prefactorError?: number;
  /** ∫ div ℓ(φ(t)) dt along the minimum action path, and its estimated error. */
  readonly integral?: number;
  readonly integralError?: number;
  /** Hess V at the saddle (row-major 2×2) on the branch the path arrives on. */
  readonly saddleHessian?: readonly number[];
  /** The quasi-potential's curvature across the path (least h, least h³/h′²): the regime check. */
  readonly transverse?: TransverseCurvature;
}

/**
 * The largest √(D/h)·|h′|/h (tube width over the length on which h changes) at which the route
 * does not warn. Calibrated on Maier–Stein at D = 0.02 (test/routes/bouchetReygner.test.ts): the
 * ratio is 0.15, 0.24, 0.52, 1.9, 8.0 at β = 2, 3, 3.5, 3.9, 3.99, and BR/exact 1/MFPT is 1.10,
 * 1.24, 1.53, 3.03, 9.3 there; the part above the formula's O(D/ΔΦ) = 8% (β = 2) grows like the
 * square of the ratio, ≈ 1.5× it, so 0.4 lets through an extra error of about 25%.
 */
export const TRANSVERSE_WIDTH_LIMIT = 0.4;

/**
 * The regime warning: the prefactor takes V as quadratic across a tube √(D/h) wide with h fixed
 * across it (Bouchet & Reygner 2016, the Laplace step); near a bifurcation (Maier–Stein as β → 4)
 * h dips to 0 and changes within that width, and the error is O(D·h′²/h³), not O(D/ΔΦ).
 */
function transverseWarnings(transverse: TransverseCurvature | undefined, D: number): string[] {
  if (!transverse) return [];
  const ratio = transverse.crossoverD > 0 ? Math.sqrt(D / transverse.crossoverD) : Infinity;
  if (ratio <= TRANSVERSE_WIDTH_LIMIT) return [];
  const at = transverse.at.map((v) => Number(v.toPrecision(3))).join(', ');
  const reach = Number.isFinite(ratio) ? `reaches ${ratio.toPrecision(2)}` : 'is unbounded';
  return [
    `${info.label}: the quasi-potential's curvature across the path falls to h = ${transverse.min.toPrecision(3)} at (${at}) and changes within the noise's tube around the path: √(D/h)·|h′|/h ${reach} > ${TRANSVERSE_WIDTH_LIMIT} (h′ = dh/ds along it), as near a bifurcation of the path; the formula holds only for D ≪ h³/h′² = ${transverse.crossoverD.toPrecision(2)} (its least along the path), and at D = ${D} its asymptotic error is not small (3× the exact rate on Maier–Stein at β = 3.9, D = 0.02). The stated ± is the error of the numerics (ΔΦ, the integral, Hess V(x_s)) only, not this error`,
  ];
}

/** The route's answer where it gives no number: why, with the barrier it would use. */
function withoutNumber(
  t: PreparedTransitionDrift,
  saddle: FixedPointND,
  why: string,
  retcode: 'not_applicable' | 'not_converged',
): DriftRouteResult {
  const qp = quasiPotentialOver(t, saddle);
  const where = t.channels.length > 1 ? ` (over the saddle at (${saddle.x.join(', ')}))` : '';
  return {
    ...notApplicableResult(info, `${info.label}: ${why}${where}`),
    retcode,
    warnings: [...t.warnings, `${info.label}: ${why}${where}`, ...qp.warnings],
    prefactor: null,
    barrier: qp.quasiPotential,
    barrierToNoise: qp.quasiPotential / t.problem.D,
    growthRate: t.saddle.eigenvalues[0]!.re,
  };
}

type Channel =
  | {
      readonly ok: true;
      readonly saddle: FixedPointND;
      readonly estimate: RateEstimate;
      readonly barrier: number;
      readonly relativeError: number;
      readonly pathWords: string;
      readonly extras: Partial<BouchetReygnerResult>;
      readonly warnings: readonly string[];
    }
  | { readonly ok: false; readonly result: DriftRouteResult };

/** The rate over one saddle: gMAM to it, then the prefactor along its path. */
function overSaddle(t: PreparedTransitionDrift, saddle: FixedPointND): Channel {
  const qp = quasiPotentialOver(t, saddle);
  const D = t.problem.D;
  const fail = (why: string, code: 'not_applicable' | 'not_converged') => ({
    ok: false as const,
    result: withoutNumber(t, saddle, why, code),
  });
  if (qp.bifurcation) {
    return fail(
      'the minimum action path has split into several branches (a bifurcation, as Maier–Stein past β = 4): the prefactor of one path is not the rate, and near the split it is not uniform (Maier & Stein 1997)',
      'not_applicable',
    );
  }
  if (!qp.converged) return fail('gMAM did not converge', 'not_converged');
  const hm = quasiPotentialHessian(t.from.jacobian);
  const path = instantonPrefactor(
    t.problem.drift,
    qp.ladder,
    { hessian: hm, jacobian: t.from.jacobian },
    saddle.jacobian,
  );
  if (path.breakdown !== null) return fail(path.breakdown, 'not_applicable');
  const estimate = bouchetReygnerRate({
    wellHessian: hm,
    saddleHessian: path.saddleHessian,
    growthRate: saddle.eigenvalues[0]!.re,
    integral: path.limit ? 0 : path.integral,
    deltaPhi: qp.quasiPotential,
    deltaPhiError: qp.error,
    D,
    ...(path.limit ? { logPathFactor: path.limit.logFactor } : {}),
  });
  if (estimate.rate === null) return fail(estimate.warnings[0]!, 'not_applicable');
  const prefactorError = path.limit
    ? path.limit.error
    : path.integralError + 0.5 * path.saddleLogDetError;
  const pathWords = path.limit
    ? `Hess V(x_s) = 0 (the path arrives along the saddle's stable eigenvector), ln lim e^{−∫div ℓ dt}/√|det Hess V| = ${path.limit.logFactor.toPrecision(6)} ± ${path.limit.error.toPrecision(2)}`
    : `∫div ℓ dt = ${path.integral.toPrecision(6)} ± ${path.integralError.toPrecision(2)}`;
  return {
    ok: true,
    saddle,
    estimate,
    barrier: qp.quasiPotential,
    relativeError: prefactorError + qp.error / D,
    pathWords,
    extras: {
      prefactorError: estimate.prefactor! * prefactorError,
      ...(path.limit
        ? {}
        : {
            integral: path.integral,
            integralError: path.integralError,
            saddleHessian: path.saddleHessian,
            ...(path.transverse ? { transverse: path.transverse } : {}),
          }),
    },
    warnings: [...qp.warnings, ...transverseWarnings(path.transverse, D)],
  };
}

/**
 * The Bouchet–Reygner rate (src/rates/bouchetReygner.ts): ΔΦ and the path from gMAM, Hess V at the
 * stable point from the Lyapunov equation, the integral and Hess V at the saddle from the Riccati
 * equation along gMAM's ladder of paths (src/multid/instanton.ts). Its relative error adds the
 * integral's, half that of ln|det Hess V(x_s)| and ΔΦ's error over D; the formula's own
 * asymptotic error, O(D/ΔΦ), is not in it (as for every closed form here). Over parallel saddles
 * (the passage's `channels`) one gMAM path and prefactor each, summed (parallel channels add); a
 * channel without a number leaves the sum without one; the relative error is the channels', each
 * weighted by its share of the rate (their errors may add); the path extras are the first
 * saddle's (the chosen one).
 */
function run(t: PreparedTransitionDrift): BouchetReygnerResult {
  if (t.mismatch) return mismatchResult(info, t);
  const walls = wallsResult(info, t);
  if (walls) return walls;
  const parts = t.channels.map((s) => overSaddle(t, s));
  const failed = parts.find((q) => !q.ok);
  if (failed && !failed.ok) return failed.result;
  const good = parts.filter((q) => q.ok);
  const sum = sumChannels(t, good);
  const estimate = sum.estimate;
  const top = Math.max(...good.map((q) => q.estimate.logRate!));
  const weights = good.map((q) => Math.exp(q.estimate.logRate! - top));
  const total = weights.reduce((a, w) => a + w, 0);
  const relativeError = good.reduce((a, q, i) => a + (weights[i]! / total) * q.relativeError, 0);
  const first = good[0]!;
  const pathWords =
    good.length === 1
      ? first.pathWords
      : good.map((q) => `saddle ${q.saddle.index}: ${q.pathWords}`).join('; ');
  return {
    rate: estimate.rate,
    logRate: estimate.logRate,
    error: estimate.rate! * relativeError,
    relativeError,
    retcode: estimate.retcode,
    definition: `${info.definition}; ${overWords(t, sum.channels)}; ${pathWords}; the accuracy is the numerics' (ΔΦ, the integral, Hess V(x_s)), not the formula's O(D/ΔΦ)`,
    warnings: [
      ...new Set([...t.warnings, ...estimate.warnings, ...good.flatMap((q) => q.warnings)]),
    ],
    prefactor: estimate.prefactor,
    ...first.extras,
    ...(good.length > 1 ? { prefactorError: estimate.prefactor! * relativeError } : {}),
    barrier: sum.barrier,
    barrierToNoise: sum.barrier / t.problem.D,
    growthRate: t.saddle.eigenvalues[0]!.re,
    saddles: sum.saddles,
  };
}

export const bouchetReygnerRoute: RouteDrift<BouchetReygnerResult> = { info, run };
