import {
  type Domain,
  KramersError,
  type Potential1D,
  requireDomain,
  requirePositive,
} from '../core/index.js';
import { type ScanResult, type StationaryPoint, scanStationaryPoints } from './stationaryPoints.js';

/** A well bottom or a barrier top, numbered along x among its own kind. */
export interface Extremum {
  readonly index: number;
  readonly x: number;
  readonly U: number;
  readonly d2U: number;
  /**
   * √(|U″|/m): ω_a, the frequency of small oscillations at a well bottom, or ω_s, the barrier
   * frequency at a barrier top.
   */
  readonly omega: number;
  /** U″ ≈ 0 here: harmonic (Kramers, TST) prefactors do not apply. */
  readonly degenerate: boolean;
}

/** A local minimum of U: a metastable or stable state (x_a). */
export type Well = Extremum;

/** A local maximum of U: the top of a barrier (the saddle x_s of 1-D escape). */
export type Barrier = Extremum;

/** Where a transition ends: a well index, or escape past the outermost barrier. */
export type TransitionTarget = number | '-inf' | '+inf';

/** Escape from well `from` over barrier `barrier` towards `to`. */
export interface Transition {
  readonly from: number;
  readonly to: TransitionTarget;
  readonly barrier: number;
  /** ΔU = U(x_s) − U(x_a), seen from the well being left. */
  readonly deltaU: number;
}

/**
 * Behaviour of U beyond the outermost stationary point on one side: rising without bound or to
 * the domain's wall (confining), falling without bound or out of the domain (open), or levelling
 * off at a finite value (plateau: found by the automatic search only).
 */
export type EdgeKind = 'confining' | 'open' | 'plateau';

/**
 * Escape from the outermost well towards a plateau with no barrier between: U rises from the well
 * and levels off, so there is no saddle and no closed-form rate; ΔU is the rise to the plateau.
 */
export interface PlateauEscape {
  readonly from: number;
  readonly to: '-inf' | '+inf';
  /** U(±∞) − U(x_a): the plateau's height above the well. */
  readonly deltaU: number;
}

export interface Landscape {
  readonly domain: Domain;
  readonly domainSource: 'given' | 'automatic';
  readonly mass: number;
  readonly stationaryPoints: readonly StationaryPoint[];
  readonly wells: readonly Well[];
  readonly barriers: readonly Barrier[];
  readonly transitions: readonly Transition[];
  /** 'open': U falls without bound (or to the domain edge) on that side, so escape is possible. */
  readonly edges: { readonly left: EdgeKind; readonly right: EdgeKind };
  /** U(±∞) on a plateau side (null elsewhere). */
  readonly plateaus: { readonly left: number | null; readonly right: number | null };
  /** Wells that can reach a plateau without crossing a barrier (no saddle on the way). */
  readonly plateauEscapes: readonly PlateauEscape[];
  readonly warnings: readonly string[];
}

export interface LandscapeOptions {
  /** Search domain; found automatically when absent (see `findDomain`). */
  readonly domain?: Domain;
  /** Mass for the frequencies ω = √(|U″|/m); 1 in reduced units. */
  readonly mass?: number;
}

/** Intervals of the search grid over a given domain (refined adaptively where needed). */
const GIVEN_DOMAIN_INTERVALS = 8192;
/** Grid intervals per octave of the automatic search. */
const OCTAVE_INTERVALS = 2048;
/** The automatic search looks out to |x| = 2^MAX_OCTAVE ≈ 10⁶. */
const MAX_OCTAVE = 20;
/** More stationary points than this without a domain: the potential is periodic or oscillating. */
const MAX_AUTOMATIC_POINTS = 200;
const EPS = 2.220446049250313e-16;
/**
 * U′ is read as round-off where, over the distance |x|, it would change U by fewer than this many
 * units in the last place of the landscape's energy scale: U's own values cannot tell such a
 * stretch from a constant (the tail of e^{−x²}, where U′ ends in exact zeros of underflow).
 */
const FLAT_ULPS = 64;
/**
 * A side that never turns flat still levels off when U's changes over the last octaves shrink at
 * least twofold per octave (U′ decaying like 1/x² or faster) and their geometric sum, U's change
 * beyond the search, is below this fraction of the energy scale (−1/(1 + x²) levels off at 0).
 */
const PLATEAU_TAIL = 1e-4;

function fmt(x: number): string {
  return Number(x.toPrecision(6)).toString();
}

function nonFiniteError(potential: Potential1D, where: NonNullable<ScanResult['nonFinite']>) {
  const value = Number.isFinite(where.U) ? where.dU : where.U;
  const what = Number.isFinite(where.U) ? 'U′' : 'U';
  const state = Number.isNaN(value)
    ? 'undefined (not a number)'
    : `infinite (${value > 0 ? '+' : '−'}∞)`;
  return new KramersError(
    'not_finite',
    `${what}(x) is ${state} at x = ${fmt(where.x)} for U = ${potential.description}`,
    {
      issues: [{ path: 'domain', message: `${what} is ${state} at x = ${fmt(where.x)}` }],
      hint: 'restrict the domain to where the potential is defined, e.g. --domain 0.1:5',
    },
  );
}

/** One side of the automatic search: where it stopped, and U(±∞) when U levels off there. */
interface SideSearch {
  readonly bound: number;
  readonly plateau: number | null;
}

/** The landscape's energy scale: the largest |U| on the core [−1, 1] (sets the round-off of U). */
function energyScale(potential: Potential1D): number {
  let scale = 0;
  for (let i = 0; i <= 64; i++) {
    const u = Math.abs(potential.U(-1 + i / 32));
    if (Number.isFinite(u)) scale = Math.max(scale, u);
  }
  return scale > 0 ? scale : Number.MIN_VALUE;
}

/**
 * Whether U levels off beyond the last octave on one side: its changes over the last two octaves
 * shrink at least twofold, and their geometric continuation is below PLATEAU_TAIL of the energy
 * scale. Returns U(±∞) so extrapolated, or null (U keeps rising or falling).
 */
function levelsOff(potential: Potential1D, side: -1 | 1, scale: number): number | null {
  const [u18, u19, u20] = [18, 19, 20].map((k) => potential.U(side * 2 ** k)) as [
    number,
    number,
    number,
  ];
  const d1 = u19 - u18;
  const d2 = u20 - u19;
  if (d2 === 0) return u20;
  const ratio = d2 / d1;
  if (!(ratio > 0 && ratio <= 0.5)) return null;
  const tail = (d2 * ratio) / (1 - ratio);
  return Math.abs(tail) <= PLATEAU_TAIL * scale ? u20 + tail : null;
}

/** Scans the octaves of one side outward until U overflows, turns flat, or |x| = 2^MAX_OCTAVE. */
function searchSide(
  potential: Potential1D,
  side: -1 | 1,
  scale: number,
  add: (scan: ScanResult) => void,
): SideSearch {
  const { bound, plateau } = scanSide(potential, side, scale, add);
  // A level within round-off of zero is zero (e^{−x²} at |x| = 16 is 1e−112, not a plateau value).
  const roundOff = FLAT_ULPS * EPS * scale;
  return { bound, plateau: plateau !== null && Math.abs(plateau) <= roundOff ? 0 : plateau };
}

/** The octave scan of `searchSide`, before its level is rounded. */
function scanSide(
  potential: Potential1D,
  side: -1 | 1,
  scale: number,
  add: (scan: ScanResult) => void,
): SideSearch {
  // Over a distance |x|, a slope below this changes U by fewer than FLAT_ULPS ulps of its scale.
  const flatSlope = (x: number) => (FLAT_ULPS * EPS * scale) / Math.max(1, Math.abs(x));
  let bound: number = side;
  for (let k = 1; k <= MAX_OCTAVE; k++) {
    const inner = side * 2 ** (k - 1);
    const outer = side * 2 ** k;
    // Scan from the inner edge outward so a non-finite value is met at its innermost place.
    const scan = scanStationaryPoints(potential, inner, outer, OCTAVE_INTERVALS, { flatSlope });
    if (scan.nonFinite) {
      const { U: u, dU: du } = scan.nonFinite;
      if (Number.isNaN(u) || Number.isNaN(du)) throw nonFiniteError(potential, scan.nonFinite);
      // Overflow: the last finite place bounds the domain on this side.
      add(scan);
      return { bound: scan.nonFinite.x, plateau: null };
    }
    add(scan);
    // A whole octave of round-off: U has levelled off (a plateau), nothing further out to find.
    if (scan.allFlat) return { bound: outer, plateau: potential.U(outer) };
    bound = outer;
  }
  return { bound, plateau: levelsOff(potential, side, scale) };
}

/**
 * Whether U takes one value at every stationary point found: a constant potential (`5`, `0*x`)
 * has U′ = 0 everywhere, so every grid point counts as stationary; it is not periodic.
 */
function isConstant(potential: Potential1D, points: readonly StationaryPoint[]): boolean {
  const u0 = potential.U(points[0]!.x);
  return points.every((p) => potential.U(p.x) === u0);
}

function constantError(potential: Potential1D): KramersError {
  return new KramersError(
    'invalid_parameter',
    `U = ${potential.description} is constant: it has no wells or barriers, so there is no escape to compute`,
    {
      issues: [{ path: 'potential', message: 'U does not depend on x' }],
      hint: 'write a potential in x, e.g. x^4/4 - x^2/2',
    },
  );
}

/**
 * Automatic domain (documented rule): scan [−1, 1] and then each octave 2^(k−1) ≤ |x| ≤ 2^k,
 * k = 1 … 20, on both sides, with a fixed number of grid points per octave (so resolution is
 * relative to |x|), collecting every stationary point. A side stops early where U overflows to
 * +∞ (confining) or −∞ (open), or where a whole octave is flat (U′ below the round-off of U's
 * energy scale: a plateau); NaN is an error (the potential is undefined there). A side that
 * reaches |x| = 2^20 is a plateau too when U's changes there die out (`levelsOff`). More than 200
 * points means a periodic or oscillating potential: an error asking for an explicit domain. The
 * domain is then [x_first − p, x_last + p] with p = half the span of the stationary points (1 when
 * there is a single point), clipped to the finite region.
 */
export function findDomain(potential: Potential1D): {
  domain: Domain;
  points: StationaryPoint[];
  plateaus: { left: number | null; right: number | null };
} {
  const points: StationaryPoint[] = [];
  const add = (scan: ScanResult): void => {
    points.push(...scan.points);
    if (points.length > MAX_AUTOMATIC_POINTS) {
      if (isConstant(potential, points)) throw constantError(potential);
      throw new KramersError(
        'domain_not_found',
        `more than ${MAX_AUTOMATIC_POINTS} stationary points out to |x| = ${fmt(Math.max(...points.map((p) => Math.abs(p.x))))}: U = ${potential.description} looks periodic or oscillating`,
        {
          issues: [{ path: 'domain', message: 'no finite domain contains every stationary point' }],
          hint: 'give a finite domain, e.g. --domain -4:8',
        },
      );
    }
  };
  const core = scanStationaryPoints(potential, -1, 1, 2 * OCTAVE_INTERVALS);
  if (core.nonFinite) throw nonFiniteError(potential, core.nonFinite);
  add(core);
  const scale = energyScale(potential);
  const left = searchSide(potential, -1, scale, add);
  const right = searchSide(potential, 1, scale, add);
  const [lo, hi] = [left.bound, right.bound];
  const plateaus = { left: left.plateau, right: right.plateau };
  points.sort((p, q) => p.x - q.x);
  const unique = points.filter((p, i) => i === 0 || p.x !== points[i - 1]!.x);
  if (unique.length === 0) {
    return { domain: { min: lo, max: hi }, points: unique, plateaus };
  }
  const first = unique[0]!.x;
  const last = unique[unique.length - 1]!.x;
  const pad = last > first ? 0.5 * (last - first) : 1;
  // Keep a margin inside an overflow boundary: the scan stopped at the first non-finite point.
  const min = Math.max(first - pad, lo + 0.01 * (first - lo));
  const max = Math.min(last + pad, hi - 0.01 * (hi - last));
  return { domain: { min, max }, points: unique, plateaus };
}

/** The stationary points on the given domain, or on one found automatically (`findDomain`). */
function stationaryPointsOf(
  potential: Potential1D,
  given: Domain | undefined,
): ReturnType<typeof findDomain> {
  if (!given) return findDomain(potential);
  const domain = requireDomain(given);
  const scan = scanStationaryPoints(potential, domain.min, domain.max, GIVEN_DOMAIN_INTERVALS);
  if (scan.nonFinite) throw nonFiniteError(potential, scan.nonFinite);
  // As on an automatic domain: past 200 points every transition's exact rate is a quadrature of
  // its own, and the landscape is better read on a narrower domain.
  if (scan.points.length > MAX_AUTOMATIC_POINTS) {
    if (isConstant(potential, scan.points)) throw constantError(potential);
    throw new KramersError(
      'domain_not_found',
      `${scan.points.length} stationary points on the domain ${fmt(domain.min)}:${fmt(domain.max)} (more than ${MAX_AUTOMATIC_POINTS}): U oscillates too fast to analyse every transition`,
      {
        issues: [{ path: 'domain', message: 'too many stationary points' }],
        hint: 'give a narrower --domain',
      },
    );
  }
  return { domain, points: scan.points, plateaus: { left: null, right: null } };
}

/**
 * Minima become wells and maxima barriers (numbered along x, with ω = √(|U″|/m)); inflection
 * points and degenerate extrema get a warning.
 */
function classify(points: readonly StationaryPoint[], mass: number, warnings: string[]) {
  const wells: Well[] = [];
  const barriers: Barrier[] = [];
  for (const p of points) {
    const omega = Math.sqrt(Math.abs(p.d2U) / mass);
    const { x, U, d2U, degenerate } = p;
    if (p.kind === 'minimum') wells.push({ index: wells.length, x, U, d2U, omega, degenerate });
    else if (p.kind === 'maximum')
      barriers.push({ index: barriers.length, x, U, d2U, omega, degenerate });
    else
      warnings.push(
        `x = ${fmt(p.x)} is an inflection point with U′ = U″ = 0: neither a well nor a barrier`,
      );
    if (p.degenerate && p.kind !== 'inflection') {
      warnings.push(
        p.kind === 'minimum'
          ? `well at x = ${fmt(p.x)} is degenerate (U″ ≈ 0): harmonic rate formulas (TST, Kramers) do not apply to escape from it`
          : `barrier at x = ${fmt(p.x)} is degenerate (U″ ≈ 0, a flat top): the Kramers formula does not apply over it (TST needs only the well)`,
      );
    }
  }
  return { wells, barriers };
}

/** The error for a landscape without a well: unbounded below, or no minimum where searched. */
function noWellError(
  potential: Potential1D,
  found: { domain: Domain; domainSource: Landscape['domainSource'] },
  points: readonly StationaryPoint[],
  barriers: readonly Barrier[],
  open: { left: boolean; right: boolean },
): KramersError {
  const { domain, domainSource } = found;
  const where =
    domainSource === 'given' ? `in the domain ${fmt(domain.min)}:${fmt(domain.max)}` : 'anywhere';
  const what =
    barriers.length > 0
      ? `; it has only barrier tops at x = ${barriers.map((b) => fmt(b.x)).join(', ')}`
      : points.length > 0
        ? '; it has only inflection points'
        : '; U′ never vanishes (U is monotone there)';
  if (domainSource === 'automatic' && (open.left || open.right)) {
    return new KramersError(
      'unbounded_below',
      `U = ${potential.description} has no well and is unbounded below (U → −∞ as x → ${open.left && open.right ? '±∞' : open.left ? '−∞' : '+∞'}): there is no state to escape from`,
      {
        issues: [{ path: 'expression', message: 'no local minimum' }],
        hint: 'a potential needs at least one local minimum (a well)',
      },
    );
  }
  return new KramersError('no_well', `no well (local minimum of U) ${where}${what}`, {
    issues: [
      { path: domainSource === 'given' ? 'domain' : 'expression', message: 'no local minimum' },
    ],
    hint:
      domainSource === 'given'
        ? 'widen the domain, or check the sign of the potential'
        : 'check the sign of the potential: a well is a minimum of U',
  });
}

/**
 * Every transition: wells paired with the barriers beside them along x (inflection points
 * skipped), to the well beyond or, past the outermost barrier on an open side, to ±∞.
 */
function transitionsOf(
  points: readonly StationaryPoint[],
  open: { left: boolean; right: boolean },
): Transition[] {
  const extrema = points.filter((p) => p.kind !== 'inflection');
  const transitions: Transition[] = [];
  let wellIndex = 0;
  let barrierIndex = 0;
  const indexOf = extrema.map((p) => (p.kind === 'minimum' ? wellIndex++ : barrierIndex++));
  for (let i = 0; i < extrema.length; i++) {
    const p = extrema[i]!;
    if (p.kind !== 'minimum') continue;
    const from = indexOf[i]!;
    for (const step of [-1, 1] as const) {
      const neighbour = extrema[i + step];
      if (neighbour?.kind !== 'maximum') continue;
      const beyond = extrema[i + 2 * step];
      let to: TransitionTarget;
      if (beyond && beyond.kind === 'minimum') to = indexOf[i + 2 * step]!;
      else if (step < 0 && open.left) to = '-inf';
      else if (step > 0 && open.right) to = '+inf';
      else continue;
      transitions.push({ from, to, barrier: indexOf[i + step]!, deltaU: neighbour.U - p.U });
    }
  }
  return transitions;
}

/**
 * Each side's kind: a plateau where the automatic search found U levelling off; elsewhere, since
 * U′ keeps one sign beyond the outermost stationary point, open where U falls towards the edge.
 */
function edgesOf(
  potential: Potential1D,
  domain: Domain,
  plateaus: Landscape['plateaus'],
): Landscape['edges'] {
  const kind = (plateau: number | null, falling: boolean): EdgeKind =>
    plateau !== null ? 'plateau' : falling ? 'open' : 'confining';
  return {
    left: kind(plateaus.left, potential.dU(domain.min) > 0),
    right: kind(plateaus.right, potential.dU(domain.max) < 0),
  };
}

/** The outermost wells with no barrier between them and a plateau: escape without a saddle. */
function plateauEscapesOf(
  points: readonly StationaryPoint[],
  wells: readonly Well[],
  plateaus: Landscape['plateaus'],
): PlateauEscape[] {
  const extrema = points.filter((p) => p.kind !== 'inflection');
  const escapes: PlateauEscape[] = [];
  if (plateaus.left !== null && extrema[0]?.kind === 'minimum') {
    escapes.push({ from: 0, to: '-inf', deltaU: plateaus.left - wells[0]!.U });
  }
  const last = wells.length - 1;
  if (plateaus.right !== null && extrema.at(-1)?.kind === 'minimum') {
    escapes.push({ from: last, to: '+inf', deltaU: plateaus.right - wells[last]!.U });
  }
  return escapes;
}

/** What a plateau means for escape: with a barrier before it a sink, without one no saddle. */
function plateauWarnings(
  wells: readonly Well[],
  escapes: readonly PlateauEscape[],
  plateaus: Landscape['plateaus'],
): string[] {
  return escapes.map((e) => {
    const level = e.to === '-inf' ? plateaus.left! : plateaus.right!;
    return `U levels off at U = ${fmt(level)} as x → ${e.to === '-inf' ? '−∞' : '+∞'}, ΔU = ${fmt(e.deltaU)} above well ${e.from} (x = ${fmt(wells[e.from]!.x)}) with no barrier between: escape to a plateau has no saddle, so Kramers and TST do not apply; the exact mean first-passage time to a chosen distance does (rate --to-x X)`;
  });
}

/**
 * Landscape analysis: stationary points, wells and barriers with curvatures and frequencies, and
 * every transition (well → neighbouring well over the barrier between them, or well → ±∞ over the
 * outermost barrier where U falls away beyond it), with ΔU seen from the well being left.
 *
 * @example
 * analyzeLandscape(potentialFromExpression('x^3/3 - x')).transitions[0].deltaU;
 * // => 1.3333333333333335 (well at 1, barrier at −1, escape to −∞: ΔU = 4/3)
 */
export function analyzeLandscape(
  potential: Potential1D,
  options: LandscapeOptions = {},
): Landscape {
  const mass = requirePositive('mass', options.mass ?? 1, 'm');
  const domainSource = options.domain ? 'given' : 'automatic';
  const { domain, points, plateaus } = stationaryPointsOf(potential, options.domain);
  const edges = edgesOf(potential, domain, plateaus);
  const open = { left: edges.left === 'open', right: edges.right === 'open' };
  const warnings: string[] = [];
  const { wells, barriers } = classify(points, mass, warnings);
  if (wells.length === 0) {
    throw noWellError(potential, { domain, domainSource }, points, barriers, open);
  }
  // Past the outermost barrier U falls away on an open side, and on a plateau side too (down to
  // the plateau): escape over that barrier is a transition with a saddle.
  const transitions = transitionsOf(points, {
    left: edges.left !== 'confining',
    right: edges.right !== 'confining',
  });
  const plateauEscapes = plateauEscapesOf(points, wells, plateaus);
  warnings.push(...plateauWarnings(wells, plateauEscapes, plateaus));
  if (transitions.length === 0 && plateauEscapes.length === 0) {
    warnings.push(
      wells.length === 1
        ? `the well at x = ${fmt(wells[0]!.x)} has no barrier to cross: the potential confines it on both sides (stable state, no escape)`
        : 'no well has a barrier to cross',
    );
  }
  return {
    domain,
    domainSource,
    mass,
    stationaryPoints: points,
    wells,
    barriers,
    transitions,
    edges,
    plateaus,
    plateauEscapes,
    warnings,
  };
}
