import type { FixedPointND } from '../multid/index.js';
import {
  type PreparedTransitionDrift,
  quasiPotentialOver,
  wallsGovernDrift,
} from '../problem/index.js';
import { nonReversibleEyringKramersRate, type RateEstimate, summedRate } from '../rates/index.js';
import type { MethodInfo, RouteDrift } from './method.js';
import { fromEstimate, notApplicableResult, type RouteResult } from './result.js';

const info: MethodInfo = {
  key: 'eyringKramersGibbs',
  label: 'Eyring–Kramers, non-reversible',
  short: 'EK-nr',
  definition:
    'one-way escape rate (μ_s/2π)√(det H_m/|det H_s|) e^{−ΔU/D} for b = −(I + M)∇U, M antisymmetric: μ_s the unstable eigenvalue of −(I + M)H_s',
  regime:
    'a drift that keeps the Gibbs density e^{−U/D} (a gradient, or a gradient with a constant antisymmetric rotation), ΔU/D ≫ 1, non-degenerate stable point and saddle',
  reference:
    'Bouchet & Reygner, Ann. Henri Poincaré 17, 3499 (2016); Lee & Seo, Probab. Theory Relat. Fields 182, 849 (2022)',
  dynamics: 'overdamped',
  kind: 'closed form',
  colour: '#a61e4d',
};

export interface DriftRouteResult extends RouteResult {
  readonly prefactor: number | null;
  /** The barrier used: ΔU of the Gibbs potential, or ΔΦ from gMAM for a plain gradient drift. */
  readonly barrier: number | null;
  readonly barrierToNoise: number | null;
  /** μ_s, the unstable eigenvalue of the drift's Jacobian at the saddle. */
  readonly growthRate: number | null;
  /**
   * The saddles the rate sums over (parallel channels add), lowest barrier first, each with its
   * own share; one entry for a single saddle; absent where the route gives no number.
   */
  readonly saddles?: readonly DriftChannel[];
}

/** One saddle of a drift rate: where it is, its barrier and its own rate. */
export interface DriftChannel {
  /** Its index among the fixed points (`analyze --drift`). */
  readonly index: number;
  readonly x: readonly number[];
  readonly barrier: number;
  readonly rate: number | null;
  readonly logRate: number | null;
}

/**
 * The words of a drift rate's definition for where it goes: over one saddle, summed over
 * several, or over a given saddle alone although others are parallel to it.
 */
export function overWords(t: PreparedTransitionDrift, channels: readonly FixedPointND[]): string {
  const at = (q: FixedPointND) => `(${q.x.join(', ')})`;
  const from = `from the stable point at ${at(t.from)}`;
  if (channels.length > 1) {
    return `${from}, summed over ${channels.length} parallel saddles at ${channels.map(at).join(', ')} (parallel channels add)`;
  }
  const alone = t.explicitSaddle ? ' only (the saddle given)' : '';
  return `${from} over the saddle at ${at(channels[0]!)}${alone}`;
}

/**
 * A drift route's answer where the saddle does not lead to the stable point asked for: no number,
 * since the formula would describe another escape (the exact route gives the passage's).
 */
export function mismatchResult(info: MethodInfo, t: PreparedTransitionDrift): DriftRouteResult {
  return {
    ...notApplicableResult(info, `${info.label} not applicable: ${t.mismatch}`),
    warnings: [...t.warnings, `${info.label} not applicable: ${t.mismatch}`],
    prefactor: null,
    barrier: null,
    barrierToNoise: null,
    growthRate: null,
  };
}

/**
 * A drift route's answer where the box's walls, not the saddle, set the escape (wallsGovernDrift):
 * no number, since a saddle formula would be off by orders of magnitude (case (c) of the audit:
 * k = 0.0185 over the saddle against the box's exact 1.09e-6); null where the saddle governs.
 */
export function wallsResult(info: MethodInfo, t: PreparedTransitionDrift): DriftRouteResult | null {
  const why = wallsGovernDrift(t);
  if (why === null) return null;
  const message = `${info.label} not applicable: ${why}`;
  return {
    ...notApplicableResult(info, message),
    warnings: [...t.warnings, message],
    prefactor: null,
    barrier: null,
    barrierToNoise: null,
    growthRate: null,
  };
}

/** Per-saddle estimates summed into one (rates/summedRate), lowest barrier first. */
export function sumChannels(
  t: PreparedTransitionDrift,
  parts: readonly { saddle: FixedPointND; estimate: RateEstimate; barrier: number }[],
) {
  const sorted = [...parts].sort((a, b) => a.barrier - b.barrier);
  const estimate = summedRate(
    sorted.map((q) => q.estimate),
    sorted.map((q) => q.barrier),
    t.problem.D,
  );
  const saddles: DriftChannel[] = sorted.map((q) => ({
    index: q.saddle.index,
    x: [...q.saddle.x],
    barrier: q.barrier,
    rate: q.estimate.rate,
    logRate: q.estimate.logRate,
  }));
  return { estimate, barrier: sorted[0]!.barrier, saddles, channels: sorted.map((q) => q.saddle) };
}

/** −J at a fixed point: the Hessian of U when b = −∇U. */
function minusJacobian(j: readonly number[]): number[] {
  return j.map((v) => -v);
}

/** One saddle's estimate: with the Gibbs potential its ΔU, else (a gradient) ΔΦ from gMAM. */
function overSaddle(t: PreparedTransitionDrift, saddle: FixedPointND) {
  const p = t.problem;
  if (p.gibbs) {
    const U = p.gibbs.potential;
    const hm = new Float64Array(4);
    const hs = new Float64Array(4);
    U.hessian(t.from.x, hm);
    U.hessian(saddle.x, hs);
    const barrier = U.U(saddle.x) - U.U(t.from.x);
    const estimate = nonReversibleEyringKramersRate({
      wellHessian: Array.from(hm),
      saddleHessian: Array.from(hs),
      rotation: p.gibbs.rotation,
      deltaU: barrier,
      D: p.D,
    });
    return { saddle, estimate, barrier, warnings: [] as readonly string[] };
  }
  const qp = quasiPotentialOver(t, saddle);
  const estimate = nonReversibleEyringKramersRate({
    wellHessian: minusJacobian(t.from.jacobian),
    saddleHessian: minusJacobian(saddle.jacobian),
    rotation: 0,
    deltaU: qp.quasiPotential,
    D: p.D,
  });
  return { saddle, estimate, barrier: qp.quasiPotential, warnings: qp.warnings };
}

/**
 * The non-reversible Eyring–Kramers rate: with a potential given (checked at preparation to be
 * b = −(I + M)∇U), its Hessians, ΔU and the rotation m; with a curl-free drift alone, H = −J at
 * the two points and ΔU = ΔΦ from gMAM (m = 0: Langer's formula). Summed over the passage's
 * parallel saddles (`channels`), each with its own barrier and prefactor.
 */
function run(t: PreparedTransitionDrift): DriftRouteResult {
  const p = t.problem;
  if (t.mismatch) return mismatchResult(info, t);
  if (p.gibbs || p.gradient) {
    const walls = wallsResult(info, t);
    if (walls) return walls;
    const parts = t.channels.map((s) => overSaddle(t, s));
    const sum = sumChannels(t, parts);
    return {
      ...fromEstimate(info, sum.estimate),
      warnings: [
        ...new Set([...t.warnings, ...parts.flatMap((q) => q.warnings), ...sum.estimate.warnings]),
      ],
      definition: `${info.definition}; ${overWords(t, sum.channels)}`,
      prefactor: sum.estimate.prefactor,
      barrier: sum.barrier,
      barrierToNoise: sum.estimate.barrierToNoise,
      growthRate: t.saddle.eigenvalues[0]!.re,
      saddles: sum.saddles,
    };
  }
  return {
    ...notApplicableResult(
      info,
      `${info.label} not applicable: the drift has a curl and no potential was given whose Gibbs density it keeps (give U beside the drift — 'potential' in the library, the positional expression or --expr on the command line — if b = −(I + M)∇U with M antisymmetric); see the Bouchet–Reygner route`,
    ),
    prefactor: null,
    barrier: null,
    barrierToNoise: null,
    growthRate: null,
  };
}

/** The route (its catalogue entry and `run`). */
export const eyringKramersGibbsRoute: RouteDrift<DriftRouteResult> = { info, run };
