import { type PreparedTransitionDrift, quasiPotentialOf } from '../problem/index.js';
import { nonReversibleEyringKramersRate, type RateEstimate } from '../rates/index.js';
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
}

function withExtras(
  t: PreparedTransitionDrift,
  estimate: RateEstimate,
  barrier: number,
  why: string[],
) {
  return {
    ...fromEstimate(info, estimate),
    warnings: [...t.warnings, ...why, ...estimate.warnings],
    definition: `${info.definition}; from the stable point at (${t.from.x.join(', ')}) over the saddle at (${t.saddle.x.join(', ')})`,
    prefactor: estimate.prefactor,
    barrier,
    barrierToNoise: estimate.barrierToNoise,
    growthRate: t.saddle.eigenvalues[0]!.re,
  };
}

/** −J at a fixed point: the Hessian of U when b = −∇U. */
function minusJacobian(j: readonly number[]): number[] {
  return j.map((v) => -v);
}

/**
 * The non-reversible Eyring–Kramers rate: with a potential given (checked at preparation to be
 * b = −(I + M)∇U), its Hessians, ΔU and the rotation m; with a curl-free drift alone, H = −J at
 * the two points and ΔU = ΔΦ from gMAM (m = 0: Langer's formula).
 */
function run(t: PreparedTransitionDrift): DriftRouteResult {
  const p = t.problem;
  if (p.gibbs) {
    const U = p.gibbs.potential;
    const hm = new Float64Array(4);
    const hs = new Float64Array(4);
    U.hessian(t.from.x, hm);
    U.hessian(t.saddle.x, hs);
    const deltaU = U.U(t.saddle.x) - U.U(t.from.x);
    const estimate = nonReversibleEyringKramersRate({
      wellHessian: Array.from(hm),
      saddleHessian: Array.from(hs),
      rotation: p.gibbs.rotation,
      deltaU,
      D: p.D,
    });
    return withExtras(t, estimate, deltaU, []);
  }
  if (p.gradient) {
    const qp = quasiPotentialOf(t);
    const estimate = nonReversibleEyringKramersRate({
      wellHessian: minusJacobian(t.from.jacobian),
      saddleHessian: minusJacobian(t.saddle.jacobian),
      rotation: 0,
      deltaU: qp.quasiPotential,
      D: p.D,
    });
    return withExtras(t, estimate, qp.quasiPotential, [...qp.warnings]);
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
