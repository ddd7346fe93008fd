import type { Potential1D } from '../core/index.js';
import type { Landscape } from './landscape.js';

/** How far below the barrier top a sink point for escape to ±∞ is placed, in units of D. */
export const SINK_DEPTH = 40;

/**
 * The absorbing point standing for "escape to ±∞" past barrier `barrierIndex`: the first place
 * beyond the barrier where U has fallen SINK_DEPTH·D below its top. A walker there returns over
 * the barrier with probability ~e^{−40}, so the escape is decided; what the MFPT leaves out is the
 * deterministic slide on from the sink (γ∫dx/|U′|: finite where U falls faster than linearly,
 * 0.56 τ for the fold x³/3 − 0.05x, and infinite where it does not), which is why the exact route
 * is defined to the sink. It never goes past the domain edge on a given domain (escape there
 * means leaving the domain); beyond an automatic domain it is searched out to 64 domain widths
 * (one width cut the fold at c = 0.95 at 14 D, 1.5 % off the 40 D rate, without a warning).
 * Where U levels off at a plateau less than SINK_DEPTH·D below the top, the sink goes where U has
 * come down 99% of the way to the plateau (a walker on a one-sided plateau of infinite length
 * would come back).
 */
export function sinkBeyond(
  potential: Potential1D,
  landscape: Landscape,
  barrierIndex: number,
  side: -1 | 1,
  D: number,
): number {
  const { min, max } = landscape.domain;
  const span = max - min;
  const edge = side < 0 ? min : max;
  const xs = landscape.barriers[barrierIndex]!.x;
  const top = potential.U(xs);
  const plateau = side < 0 ? landscape.plateaus.left : landscape.plateaus.right;
  const target = Math.max(
    top - SINK_DEPTH * D,
    plateau !== null && plateau < top ? plateau + 0.01 * (top - plateau) : Number.NEGATIVE_INFINITY,
  );
  if (landscape.domainSource === 'given') return firstBelow(potential, xs, edge, target).x;
  // Out to 1, 4, 16, 64 widths past the edge, each reach scanned at the same resolution per width.
  let from = xs;
  for (const widths of [1, 4, 16, 64]) {
    const found = firstBelow(potential, from, edge + side * widths * span, target);
    if (found.reached || !found.finite) return found.x;
    from = found.x;
  }
  return from;
}

/**
 * Where U first falls to `target` between `from` and `to` (reached: the crossing in the first of
 * 4096 even steps where U ≤ target, bisected to rounding, so the sink is 40 D down and not up to a
 * step further, whose slide time moved the MFPT by up to 8e-6 relative), or the last point where U
 * is finite (not finite), or `to`.
 */
function firstBelow(potential: Potential1D, from: number, to: number, target: number) {
  const steps = 4096;
  const h = (to - from) / steps;
  for (let i = 1; i <= steps; i++) {
    const x = i === steps ? to : from + i * h;
    const u = potential.U(x);
    if (!Number.isFinite(u)) return { x: from + (i - 1) * h, reached: false, finite: false };
    if (u <= target)
      return { x: crossing(potential, from + (i - 1) * h, x, target), reached: true, finite: true };
  }
  return { x: to, reached: false, finite: true };
}

/** Bisection for U = target between `above` (U > target) and `below` (U ≤ target). */
function crossing(potential: Potential1D, above: number, below: number, target: number): number {
  let [a, b] = [above, below];
  for (let i = 0; i < 60 && a !== b; i++) {
    const m = (a + b) / 2;
    if (m === a || m === b) break;
    if (potential.U(m) <= target) b = m;
    else a = m;
  }
  return b;
}
