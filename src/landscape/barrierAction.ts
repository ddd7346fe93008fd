import { adaptiveGaussLegendre, KramersError, type Potential1D } from '../core/index.js';
import type { Landscape, Transition } from './landscape.js';

export interface BarrierAction {
  /** I = ∮ p dx = 2∫ √(2m(E − U)) dx over the orbit at the barrier energy (energy × time). */
  readonly action: number;
  /** Estimated absolute error of `action` (quadrature). */
  readonly error: number;
  /** Energy of the orbit, E = U(x_s). */
  readonly energy: number;
  /** Turning points of the orbit: the barrier top and the far wall of the well. */
  readonly turningPoints: readonly [number, number];
}

function noClosedOrbit(why: string): never {
  throw new KramersError(
    'invalid_parameter',
    `no closed orbit at the barrier energy: ${why}, so the action I = ∮ p dx (energy-diffusion and turnover theories) is undefined`,
    {
      issues: [{ path: 'potential', message: 'no closed orbit at the barrier energy' }],
      hint: 'energy diffusion needs a well bounded on its far side above the barrier energy; use the spatial-diffusion (moderate-friction) rate or the exact routes',
    },
  );
}

/** Bisection for U(x) = E on [inside, outside] with U(inside) < E ≤ U(outside). */
function turningPoint(U: (x: number) => number, E: number, inside: number, outside: number) {
  let a = inside;
  let b = outside;
  for (let i = 0; i < 200; i++) {
    const m = 0.5 * (a + b);
    if (m === a || m === b) break;
    // A non-finite U beyond the wall counts as above E (an overflowing, confining wall).
    const u = U(m);
    if (u < E) a = m;
    else b = m;
  }
  return 0.5 * (a + b);
}

/**
 * The action I_s = ∮ p dx, p = √(2m(E − U)), of the orbit at the barrier energy E = U(x_s) inside
 * well `from` of a transition (Kramers 1940; docs/conventions.md §3): twice ∫ √(2m(E − U)) dx from
 * the barrier top to the far turning point. The far turning point, a √-type end of p, is found by
 * bisection; the substitution x = x_s + (x_t − x_s)(1 − cos θ)/2 turns both ends (a simple zero of
 * E − U at the wall, a double zero at the top) into smooth ends of the θ-integrand, which
 * adaptive Gauss–Legendre then integrates to near rounding.
 *
 * Throws when the orbit at the barrier energy is not closed: the far side of the well is lower than
 * the barrier (it spills over another, lower barrier, or U falls away).
 *
 * @example
 * barrierAction(potentialFromExpression('x^4/4 - x^2/2'), analyzeLandscape(potentialFromExpression('x^4/4 - x^2/2')), analyzeLandscape(potentialFromExpression('x^4/4 - x^2/2')).transitions[0]).action;
 * // => 1.3333333333333335 (4√m/3 for m = 1)
 */
export function barrierAction(
  potential: Potential1D,
  landscape: Landscape,
  transition: Transition,
): BarrierAction {
  const well = landscape.wells[transition.from]!;
  const barrier = landscape.barriers[transition.barrier]!;
  const mass = landscape.mass;
  const E = barrier.U;
  const U = (x: number) => potential.U(x);
  const far = barrier.x > well.x ? -1 : 1;
  // The nearest barrier on the far side, if any.
  const farBarriers = landscape.barriers.filter((b) => Math.sign(b.x - well.x) === far);
  const farBarrier =
    far < 0
      ? farBarriers.reduce<(typeof farBarriers)[number] | undefined>(
          (best, b) => (best === undefined || b.x > best.x ? b : best),
          undefined,
        )
      : farBarriers.reduce<(typeof farBarriers)[number] | undefined>(
          (best, b) => (best === undefined || b.x < best.x ? b : best),
          undefined,
        );
  let outside: number;
  if (farBarrier) {
    if (farBarrier.U < E) {
      noClosedOrbit(
        `the barrier on the other side of the well (x = ${Number(farBarrier.x.toPrecision(6))}) is lower than the one crossed, ΔU = ${Number((farBarrier.U - well.U).toPrecision(6))} < ${Number((E - well.U).toPrecision(6))}`,
      );
    }
    outside = farBarrier.x;
  } else {
    const edge = far < 0 ? landscape.edges.left : landscape.edges.right;
    if (edge === 'open') noClosedOrbit('U falls away without bound on the other side of the well');
    // Beyond the last stationary point U rises monotonically: step outward until it reaches E.
    const span = Math.max(Math.abs(barrier.x - well.x), 1e-300);
    let k = 0;
    outside = well.x + far * span;
    while (!(U(outside) >= E) && !(U(outside) === Number.POSITIVE_INFINITY)) {
      if (Number.isNaN(U(outside)) || ++k > 200)
        noClosedOrbit('U never climbs back to the barrier energy on the other side of the well');
      outside = well.x + far * span * 2 ** k;
    }
  }
  const wall = turningPoint(U, E, well.x, outside);
  const L = wall - barrier.x;
  // ∫ √(E − U) dx = (|L|/2) ∫_0^π √(E − U(x(θ))) sin θ dθ.
  const integrand = (theta: number) => {
    const x = barrier.x + 0.5 * L * (1 - Math.cos(theta));
    const gap = E - U(x);
    return gap > 0 ? Math.sqrt(gap) * Math.sin(theta) : 0;
  };
  const q = adaptiveGaussLegendre(integrand, 0, Math.PI, { relTol: 1e-13 });
  const factor = 2 * Math.sqrt(2 * mass) * 0.5 * Math.abs(L);
  return {
    action: factor * q.value,
    error: factor * q.error,
    energy: E,
    turningPoints: [barrier.x, wall],
  };
}
