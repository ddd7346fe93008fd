import { type PreparedTransitionDrift, quasiPotentialOf } from '../problem/index.js';
import type { DriftRouteResult } from './eyringKramersGibbs.js';
import type { MethodInfo, RouteDrift } from './method.js';
import { notApplicableResult } from './result.js';

const info: MethodInfo = {
  key: 'bouchetReygner',
  label: 'Bouchet–Reygner (general drift)',
  short: 'BR',
  definition:
    'one-way escape rate (μ_s/2π)√(det Hess Φ(x_m)/|det Hess Φ(x_s)|) e^{−ΔΦ/D − ∫F}, F the prefactor integrand along the minimum action path',
  regime:
    'a general drift with a non-degenerate stable point and saddle, a unique minimum action path without caustics, ΔΦ/D ≫ 1',
  reference: 'Bouchet & Reygner, Ann. Henri Poincaré 17, 3499 (2016), eq. 1.12',
  dynamics: 'overdamped',
  kind: 'closed form',
  colour: '#087f5b',
};

/**
 * The general non-gradient prefactor needs the Hessian of the quasi-potential at both ends (a
 * matrix Riccati equation along the path) and an integral along it. That is not implemented:
 * the route says so, with the barrier ΔΦ it would use, rather than return a number we have not
 * checked. Where the drift keeps a Gibbs density use `eyringKramersGibbs`.
 */
function run(t: PreparedTransitionDrift): DriftRouteResult {
  const qp = quasiPotentialOf(t);
  const why = [
    `${info.label}: the prefactor of a general drift (quasi-potential Hessians by a Riccati equation along the path and the integral of Bouchet & Reygner 2016) is not implemented; the barrier is ΔΦ = ${qp.quasiPotential.toPrecision(8)}, so k ∝ e^{−${(qp.quasiPotential / t.problem.D).toPrecision(6)}}`,
    ...(qp.bifurcation
      ? [
          'the minimum action path has split into several branches (a bifurcation): near it the prefactor is not uniform (Maier & Stein 1997)',
        ]
      : []),
  ];
  const base = notApplicableResult(info, why[0]!);
  return {
    ...base,
    warnings: [...t.warnings, ...why, ...qp.warnings],
    prefactor: null,
    barrier: qp.quasiPotential,
    barrierToNoise: qp.quasiPotential / t.problem.D,
    growthRate: t.saddle.eigenvalues[0]!.re,
  };
}

export const bouchetReygnerRoute: RouteDrift<DriftRouteResult> = { info, run };
