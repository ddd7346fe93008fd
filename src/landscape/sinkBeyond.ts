import type { Potential1D } from '../core/index.js';
import type { Landscape } from './landscape.js';

/** How far below the barrier top a sink point for escape to ±∞ is placed, in units of D. */
export const SINK_DEPTH = 40;

/**
 * The absorbing point standing for "escape to ±∞" past barrier `barrierIndex`: the first place
 * beyond the barrier where U has fallen SINK_DEPTH·D below its top, so that moving the sink
 * further out changes the MFPT by a relative e^{−40}. It never goes past the domain edge on a
 * given domain (escape there means leaving the domain), nor past one domain width beyond the edge
 * of an automatic domain (a potential that falls more slowly is cut there). Where U levels off at
 * a plateau less than SINK_DEPTH·D below the top, the sink goes where U has come down 99% of the
 * way to the plateau (a walker on a one-sided plateau of infinite length would come back).
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
  const limit = landscape.domainSource === 'given' ? edge : edge + side * span;
  const xs = landscape.barriers[barrierIndex]!.x;
  const top = potential.U(xs);
  const plateau = side < 0 ? landscape.plateaus.left : landscape.plateaus.right;
  const target = Math.max(
    top - SINK_DEPTH * D,
    plateau !== null && plateau < top ? plateau + 0.01 * (top - plateau) : Number.NEGATIVE_INFINITY,
  );
  const steps = 4096;
  const h = (limit - xs) / steps;
  for (let i = 1; i <= steps; i++) {
    const x = i === steps ? limit : xs + i * h;
    const u = potential.U(x);
    if (!Number.isFinite(u)) return xs + (i - 1) * h;
    if (u <= target) return x;
  }
  return limit;
}
