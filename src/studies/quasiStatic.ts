import { combineRetcodes, KramersError, type RetCode } from '../core/index.js';
import {
  type TimeDependentPotential,
  timeDependentPotentialFromExpression,
} from '../expr/index.js';
import { analyzeLandscape, type Landscape, type TransitionTarget } from '../landscape/index.js';
import {
  checkProblem,
  ESCAPE_KEYS,
  type EscapeProblem,
  keysOf,
  type PreparedProblem,
  prepare,
  transitionOf,
} from '../problem/index.js';
import { guarded, ROUTES, type RouteKey } from '../routes/index.js';

type RateMethod = RouteKey;

export interface QuasiStaticProblem extends EscapeProblem {
  /** Drive period T: Γ(t) is sampled over one period [0, T). */
  readonly period: number;
  /** Samples per period (uniform, so the mean is the spectrally accurate periodic average). */
  readonly samples?: number;
  /** Start well at t = 0 (index); default 0. It is followed continuously in time. */
  readonly from?: number;
  /** Escape toward the next well on this side; default the side of the first neighbour. */
  readonly direction?: 'left' | 'right';
  /** Rate methods; default kramers, corrected and exact. */
  readonly methods?: readonly RateMethod[];
}

/** The keys `quasiStaticRates()` reads: the problem, the period and the start. */
const QUASI_STATIC_KEYS = keysOf<QuasiStaticProblem>()([
  ...ESCAPE_KEYS,
  'period',
  'samples',
  'from',
  'direction',
  'methods',
]);

export interface QuasiStaticRow {
  readonly t: number;
  /** Position of the followed well bottom, or null where the drive has erased it. */
  readonly well: number | null;
  /** Barrier seen from the followed well, or null. */
  readonly deltaU: number | null;
  /** Γ(t) per method; null where no barrier exists (the rate is not an escape rate there). */
  readonly rates: Partial<Record<RateMethod, number | null>>;
}

export interface QuasiStaticReport {
  /** `not_converged` when a sampled exact rate did not converge; an erased barrier is physics, not a failure. */
  readonly retcode: RetCode;
  readonly expression: string;
  readonly D: number;
  readonly gamma: number;
  readonly period: number;
  readonly rows: readonly QuasiStaticRow[];
  /** (1/T)∫Γ dt per method; null when the barrier vanishes during the period. */
  readonly periodAverage: Partial<Record<RateMethod, number | null>>;
  /** Times at which the drive erased the barrier (no two-well landscape). */
  readonly barrierErased: readonly number[];
  /**
   * The quasi-static picture needs the landscape to change slowly against intrawell relaxation:
   * period ≫ γ/U″(x_a). `ratio` = period / (γ / min U″ at the well over the period).
   */
  readonly adiabaticity: {
    readonly intrawellRelaxationTime: number;
    readonly ratio: number;
    readonly adiabatic: boolean;
  };
  readonly warnings: readonly string[];
}

const DEFAULT_METHODS: readonly RateMethod[] = ['kramers', 'corrected', 'exact'];

type Side = 'left' | 'right';

/** Step 1: the driven expression, the period, the samples and the methods. */
/** Called after `checkProblem`, which has refused what is not an object. */
function requireQuasiStatic(problem: QuasiStaticProblem) {
  const source = problem.potential;
  if (typeof source !== 'string') {
    throw new KramersError('usage', 'quasi-static rates need U(x, t) as an expression in x and t');
  }
  const T = problem.period;
  if (!(T > 0) || !Number.isFinite(T)) {
    throw new KramersError('invalid_parameter', `period must be positive; got ${T}`, {
      issues: [{ path: 'period', message: 'not positive' }],
    });
  }
  const samples = problem.samples ?? 64;
  if (!Number.isInteger(samples) || samples < 4 || samples > 10_000) {
    throw new KramersError('invalid_parameter', `samples must be a whole number from 4 to 10000`);
  }
  return { source, T, samples, methods: problem.methods ?? DEFAULT_METHODS };
}

/** Step 2: the start well at t = 0 and the side it escapes to (default: toward a neighbour). */
function startAt0(problem: QuasiStaticProblem, at0: PreparedProblem) {
  const wells = at0.landscape.wells;
  const from = problem.from ?? 0;
  const well0 = wells[from];
  if (!well0) {
    throw new KramersError(
      'invalid_parameter',
      `from = ${from}: the landscape at t = 0 has ${wells.length} well(s)`,
    );
  }
  const direction: Side = problem.direction ?? (wells[from + 1] ? 'right' : 'left');
  return { position: well0.x, direction };
}

/** The well followed: the bottom nearest to where it was (wells move continuously); −1 if none. */
function nearestWell(landscape: Landscape, position: number): number {
  let index = -1;
  let best = Number.POSITIVE_INFINITY;
  landscape.wells.forEach((w, i) => {
    if (Math.abs(w.x - position) < best) {
      best = Math.abs(w.x - position);
      index = i;
    }
  });
  return index;
}

/**
 * Escape from well `index` toward side `d`: to the next well on that side, or to ±∞ over the
 * last barrier when the landscape is open there (a metastable well); null when there is none.
 */
function escapeOn(landscape: Landscape, index: number, d: Side) {
  if (index < 0) return null;
  const x = landscape.wells[index]!.x;
  const j = d === 'right' ? index + 1 : index - 1;
  const neighbour = landscape.wells[j];
  const between = landscape.barriers.filter((b) =>
    d === 'right'
      ? b.x > x && (!neighbour || b.x < neighbour.x)
      : b.x < x && (!neighbour || b.x > neighbour.x),
  );
  const barrier = d === 'right' ? between[0] : between[between.length - 1];
  if (!barrier) return null;
  if (neighbour) return { target: j as TransitionTarget, barrier };
  const open = d === 'right' ? landscape.edges.right : landscape.edges.left;
  // Past the outermost barrier U falls away (open) or down to a plateau: escape to ±∞.
  return open !== 'confining'
    ? { target: (d === 'right' ? '+inf' : '-inf') as TransitionTarget, barrier }
    : null;
}

/** One sampled time: its row, where the followed well now is, and its stiffness. */
interface FrozenTime {
  readonly row: QuasiStaticRow;
  /** The followed well's position (null: no well left, keep the last one). */
  readonly wellX: number | null;
  /** U″ at the well when a barrier exists (the adiabaticity check takes the smallest). */
  readonly stiffness: number | null;
  readonly erased: boolean;
  readonly codes: readonly RetCode[];
}

/**
 * Step 3: the frozen landscape at time t and every method's static rate over the barrier the
 * followed well sees toward `direction`. Without an explicit direction it escapes toward
 * whichever side has a barrier (after a well is erased the particle has slid into the other one
 * and escapes back). No well or no barrier: the drive has erased it, and there is no rate.
 */
function frozenTime(
  problem: QuasiStaticProblem,
  driven: TimeDependentPotential,
  t: number,
  position: number,
  direction: Side,
  methods: readonly RateMethod[],
): FrozenTime {
  const erasedRow = { t, well: null, deltaU: null, rates: nullRates(methods) };
  let frozen: PreparedProblem;
  try {
    frozen = prepare({ ...problem, potential: driven.at(t) });
  } catch (error) {
    if (!(error instanceof KramersError) || error.code !== 'no_well') throw error;
    return { row: erasedRow, wellX: null, stiffness: null, erased: true, codes: [] };
  }
  const landscape = frozen.landscape;
  const index = nearestWell(landscape, position);
  let side = direction;
  if (!escapeOn(landscape, index, side) && problem.direction === undefined) {
    side = side === 'right' ? 'left' : 'right';
  }
  const route = escapeOn(landscape, index, side);
  if (!route) {
    const wellX = index >= 0 ? landscape.wells[index]!.x : null;
    return { row: erasedRow, wellX, stiffness: null, erased: true, codes: [] };
  }
  const well = landscape.wells[index]!;
  const passage = transitionOf(frozen, { from: index, to: route.target });
  const results = methods.map((m) => {
    const r = ROUTES[m];
    return r.info.kind === 'exact' ? guarded(m, () => r.run(passage)) : r.run(passage);
  });
  const row = {
    t,
    well: well.x,
    deltaU: route.barrier.U - well.U,
    rates: Object.fromEntries(methods.map((m, i) => [m, results[i]!.rate])),
  };
  const codes = results.map((r) => r.retcode);
  return { row, wellX: well.x, stiffness: well.d2U, erased: false, codes };
}

const nullRates = (methods: readonly RateMethod[]) =>
  Object.fromEntries(methods.map((m) => [m, null]));

/** Step 4: (1/T)∫Γ dt per method by the uniform mean; null when a sample has no rate. */
function periodAverageOf(
  rows: readonly QuasiStaticRow[],
  methods: readonly RateMethod[],
  samples: number,
): Partial<Record<RateMethod, number | null>> {
  return Object.fromEntries(
    methods.map((m) => {
      const values = rows.map((r) => r.rates[m]);
      if (values.some((v) => v === null || v === undefined)) return [m, null];
      return [m, (values as number[]).reduce((a, b) => a + b, 0) / samples];
    }),
  );
}

/**
 * Quasi-static (adiabatic) escape rate Γ(t) of a slowly driven landscape U(x, t): at each frozen
 * time the static rate of every chosen method, following the start well as it moves, with the
 * period average and an adiabaticity check (McNamara & Wiesenfeld 1989; Talkner, New J. Phys.
 * 1 (1999) for the validity: the drive must be slow against intrawell relaxation). Where the
 * drive erases the barrier there is no escape rate: those times are listed and Γ is null.
 */
export function quasiStaticRates(problem: QuasiStaticProblem): QuasiStaticReport {
  checkProblem(problem, QUASI_STATIC_KEYS, 'quasiStaticRates');
  const { source, T, samples, methods } = requireQuasiStatic(problem);
  const driven = timeDependentPotentialFromExpression(source, {
    ...(problem.parameters ? { parameters: problem.parameters } : {}),
  });
  const warnings: string[] = [];
  if (!driven.dependsOnTime) warnings.push('U does not depend on t: Γ(t) is constant');
  const at0 = prepare({ ...problem, potential: driven.at(0) });
  const start = startAt0(problem, at0);
  const direction = start.direction;
  let position = start.position;
  let stiffest = Number.POSITIVE_INFINITY;
  const rows: QuasiStaticRow[] = [];
  const erased: number[] = [];
  const codes: RetCode[] = [];
  for (let k = 0; k < samples; k++) {
    const t = (k * T) / samples;
    const step = frozenTime(problem, driven, t, position, direction, methods);
    rows.push(step.row);
    codes.push(...step.codes);
    if (step.erased) erased.push(t);
    if (step.wellX !== null) position = step.wellX;
    if (step.stiffness !== null) stiffest = Math.min(stiffest, step.stiffness);
  }
  if (erased.length > 0) {
    warnings.push(
      `the drive erases the barrier for ${((100 * erased.length) / samples).toFixed(0)}% of the period (from t = ${erased[0]!.toPrecision(4)}): there the motion is deterministic sliding, not activated escape, and no rate is given`,
    );
  }
  // Step 5: the drive must be slow against intrawell relaxation γ/U″ (≳ 100×).
  const relaxation = Number.isFinite(stiffest) ? at0.gamma / stiffest : Number.NaN;
  const ratio = T / relaxation;
  const adiabatic = ratio >= 100;
  if (!adiabatic) {
    warnings.push(
      `period ${T} is only ${ratio.toPrecision(3)}× the intrawell relaxation time γ/U″ = ${relaxation.toPrecision(3)}: the quasi-static rate needs a much slower drive (≳ 100×)`,
    );
  }
  return {
    retcode: combineRetcodes(codes),
    expression: source,
    D: at0.D,
    gamma: at0.gamma,
    period: T,
    rows,
    periodAverage: periodAverageOf(rows, methods, samples),
    barrierErased: erased,
    adiabaticity: { intrawellRelaxationTime: relaxation, ratio, adiabatic },
    warnings,
  };
}

/**
 * The smallest amplitude A > 0 at which the drive −A φ(x) (at its extreme, either sign) erases a
 * barrier of U₀: the landscape U₀ ∓ A φ loses a well. Bisection on the number of wells, to a
 * relative 1e-6. For U₀ = x⁴/4 − x²/2 and φ = x it is 2/(3√3) = 0.3849.
 */
export function criticalAmplitude(
  potential: string,
  coupling = 'x',
  parameters: Readonly<Record<string, number>> = {},
  domain?: { readonly min: number; readonly max: number },
): number {
  // Memoised: the Lab and stochasticResonance ask again for every change of noise or frequency.
  const key = JSON.stringify([potential, coupling, parameters, domain ?? null]);
  const known = criticalCache.get(key);
  if (known !== undefined) return known;
  const wellsAt = (A: number): number => {
    let fewest = Number.POSITIVE_INFINITY;
    for (const sign of [1, -1]) {
      const frozen = timeDependentPotentialFromExpression(
        `(${potential}) - (${sign * A})*(${coupling})`,
        { parameters },
      ).at(0);
      let wells = 0;
      try {
        wells = analyzeLandscape(frozen, domain ? { domain } : {}).wells.length;
      } catch (error) {
        if (!(error instanceof KramersError) || error.code !== 'no_well') throw error;
      }
      fewest = Math.min(fewest, wells);
    }
    return fewest;
  };
  const base = wellsAt(0);
  if (base < 2) {
    throw new KramersError('no_barrier', 'U₀ has no barrier between two wells: nothing to erase');
  }
  let lo = 0;
  let hi = 1;
  let grow = 0;
  while (wellsAt(hi) >= base) {
    lo = hi;
    hi *= 2;
    if (++grow > 60) {
      throw new KramersError('no_barrier', 'no amplitude up to 2^60 erases the barrier');
    }
  }
  while (hi - lo > 1e-6 * hi) {
    const mid = 0.5 * (lo + hi);
    if (wellsAt(mid) >= base) lo = mid;
    else hi = mid;
  }
  const critical = 0.5 * (lo + hi);
  if (criticalCache.size >= 64) criticalCache.clear();
  criticalCache.set(key, critical);
  return critical;
}

const criticalCache = new Map<string, number>();
