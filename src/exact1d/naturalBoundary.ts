import { KramersError } from '../core/index.js';

/** Where a natural boundary at ±∞ is replaced by a finite end, and what that neglects. */
export interface Truncation {
  /** The finite end (in the caller's coordinate). */
  readonly x: number;
  /** ln of a bound on the neglected ∫ e^{−s} beyond x, s = (U − U_anchor)/D. */
  readonly logTail: number;
  /** Calls of the exponent function. */
  readonly evaluations: number;
}

const GROWTH = 1.5;
const MAX_STEPS = 120;
/** Keep scanning this far (relative to where the weight first became negligible) to make sure a
 * lower well further out is not cut off. */
const VERIFY_FACTOR = 16;

/**
 * Finds where a natural boundary at −∞ (direction −1) or +∞ (+1) can be replaced by a finite end:
 * stepping outward from `from` in geometrically growing steps, the first point beyond which the
 * Boltzmann weight e^{−s} stays below e^{−cut} relative to the lowest weight met (s rising), checked
 * on to `VERIFY_FACTOR` times that distance so that a deeper well further out restarts the search.
 * The tail beyond is bounded by e^{−s(x)}·|x − from| (it is smaller by about the cut exponent when s
 * keeps rising at least linearly). `exponent` may return +Infinity (an infinite wall: negligible).
 *
 * Throws KramersError when the weight does not decay: U falling (`unbounded_below`) or flat
 * (`invalid_domain`) toward the boundary, so the stationary density is not normalisable there.
 */
export function naturalTruncation(
  exponent: (x: number) => number,
  from: number,
  direction: -1 | 1,
  scale: number,
  cut: number,
  describe: (x: number) => number,
): Truncation {
  const scan = scanOutward(exponent, from, direction, scale, cut);
  const { firstGood, lowest } = scan;
  if (firstGood === null || !(scan.farS - lowest >= cut)) {
    throw notNormalisable(direction, scan.farS < scan.s0, describe(scan.farX));
  }
  const bracket = bisectToCut(
    exponent,
    { lo: scan.lastBad, sLo: scan.lastBadS, hi: firstGood.x, sHi: firstGood.s },
    lowest,
    cut,
  );
  const evaluations = scan.evaluations + bracket.evaluations;
  const { lo, sLo, hi, sHi } = bracket;
  if (sHi === Number.POSITIVE_INFINITY) {
    return { x: hi, logTail: Number.NEGATIVE_INFINITY, evaluations };
  }
  // Tail beyond the cut: e^{−s(cut)}/s′ for s rising at least at the secant slope s′ of the last
  // bracket (convex s), with a factor 2 of safety; never more than e^{−s(cut)}·|cut − from|, which
  // holds whenever s keeps rising at its average rate since the start of the scan.
  const slope = (sHi - sLo) / Math.abs(hi - lo);
  const width = slope > 0 ? Math.min(2 / slope, Math.abs(hi - from)) : Math.abs(hi - from);
  return { x: hi, logTail: -sHi + Math.log(width), evaluations };
}

/** What the outward scan found: the lowest exponent, the last place it mattered, the first it did not. */
interface OutwardScan {
  readonly s0: number;
  readonly lowest: number;
  /** The last point whose weight was not negligible, and its exponent. */
  readonly lastBad: number;
  readonly lastBadS: number;
  /** The first point of the final negligible stretch (null: the weight never stayed negligible). */
  readonly firstGood: { x: number; s: number; distance: number } | null;
  /** The farthest point scanned, and its exponent. */
  readonly farX: number;
  readonly farS: number;
  readonly evaluations: number;
}

/**
 * Steps outward from `from` in geometrically growing steps until the weight has stayed below
 * e^{−cut} (relative to the lowest met, s rising) for `VERIFY_FACTOR` times the distance at which
 * it first became so, or until `MAX_STEPS`.
 */
function scanOutward(
  exponent: (x: number) => number,
  from: number,
  direction: -1 | 1,
  scale: number,
  cut: number,
): OutwardScan {
  let evaluations = 1;
  const s0 = exponent(from);
  let lowest = s0;
  let previous = s0;
  let lastBad = from;
  let lastBadS = s0;
  let firstGood: { x: number; s: number; distance: number } | null = null;
  const step0 = 1e-3 * scale;
  let farX = from;
  let farS = s0;
  for (let k = 0; k < MAX_STEPS; k++) {
    const distance = step0 * GROWTH ** k;
    const x = from + direction * distance;
    const s = exponent(x);
    evaluations++;
    farX = x;
    farS = s;
    if (s < lowest) lowest = s;
    const negligible = s - lowest >= cut && s >= previous;
    previous = s;
    if (!negligible) {
      lastBad = x;
      lastBadS = s;
      firstGood = null;
      continue;
    }
    if (firstGood === null) firstGood = { x, s, distance };
    if (distance >= VERIFY_FACTOR * firstGood.distance) break;
    if (s === Number.POSITIVE_INFINITY) break;
  }
  return { s0, lowest, lastBad, lastBadS, firstGood, farX, farS, evaluations };
}

/** The error of a natural boundary whose Boltzmann weight does not decay (U falling or flat). */
function notNormalisable(direction: -1 | 1, falling: boolean, where: number): KramersError {
  return new KramersError(
    falling ? 'unbounded_below' : 'invalid_domain',
    `the Boltzmann weight e^{−U/D} does not decay toward ${direction < 0 ? '−∞' : '+∞'} on the reflecting side (U ${falling ? 'falls' : 'does not rise'} out to x = ${where}): the stationary density is not normalisable there, so the natural boundary has no finite mean first-passage time`,
    {
      issues: [{ path: 'reflecting', message: 'natural boundary without a normalisable density' }],
      hint: 'give a reflecting wall (reflecting: x), or put the absorbing point on that side',
    },
  );
}

/** A bracket [lo, hi] of the cut with the exponents at its ends. */
interface CutBracket {
  readonly lo: number;
  readonly sLo: number;
  readonly hi: number;
  readonly sHi: number;
}

/**
 * Bisects between the last point with a non-negligible weight and the first negligible one, so
 * the cut sits near s − lowest = cut instead of up to a growth step beyond it.
 */
function bisectToCut(
  exponent: (x: number) => number,
  start: CutBracket,
  lowest: number,
  cut: number,
): CutBracket & { evaluations: number } {
  let { lo, sLo, hi, sHi } = start;
  let evaluations = 0;
  for (let i = 0; i < 60 && !(sHi - lowest <= 1.5 * cut); i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    const s = exponent(mid);
    evaluations++;
    if (s - lowest >= cut) {
      hi = mid;
      sHi = s;
    } else {
      lo = mid;
      sLo = s;
    }
  }
  return { lo, sLo, hi, sHi, evaluations };
}
