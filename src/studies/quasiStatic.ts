import { combineRetcodes, KramersError, type RetCode } from '../core/index.js';
import { timeDependentPotentialFromExpression } from '../expr/index.js';
import { analyzeLandscape } from '../landscape/index.js';
import {
  type EscapeProblem,
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

/**
 * Quasi-static (adiabatic) escape rate Γ(t) of a slowly driven landscape U(x, t): at each frozen
 * time the static rate of every chosen method, following the start well as it moves, with the
 * period average and an adiabaticity check (McNamara & Wiesenfeld 1989; Talkner, New J. Phys.
 * 1 (1999) for the validity: the drive must be slow against intrawell relaxation). Where the
 * drive erases the barrier there is no escape rate: those times are listed and Γ is null.
 */
export function quasiStaticRates(problem: QuasiStaticProblem): QuasiStaticReport {
  if (problem === null || typeof problem !== 'object') {
    throw new KramersError('usage', 'expected a problem object');
  }
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
  const methods = problem.methods ?? DEFAULT_METHODS;
  const driven = timeDependentPotentialFromExpression(source, {
    ...(problem.parameters ? { parameters: problem.parameters } : {}),
  });
  const warnings: string[] = [];
  if (!driven.dependsOnTime) warnings.push('U does not depend on t: Γ(t) is constant');
  const at0 = prepare({ ...problem, potential: driven.at(0) });
  const landscape0 = at0.landscape;
  const from = problem.from ?? 0;
  const well0 = landscape0.wells[from];
  if (!well0) {
    throw new KramersError(
      'invalid_parameter',
      `from = ${from}: the landscape at t = 0 has ${landscape0.wells.length} well(s)`,
    );
  }
  const direction =
    problem.direction ?? (landscape0.wells[from + 1] ? 'right' : ('left' as 'left' | 'right'));
  const nullRates = () => Object.fromEntries(methods.map((m) => [m, null]));
  let position = well0.x;
  let stiffest = Number.POSITIVE_INFINITY;
  const rows: QuasiStaticRow[] = [];
  const erased: number[] = [];
  const codes: RetCode[] = [];
  for (let k = 0; k < samples; k++) {
    const t = (k * T) / samples;
    let frozen: PreparedProblem;
    try {
      frozen = prepare({ ...problem, potential: driven.at(t) });
    } catch (error) {
      // No well left at all at this time: the drive has erased the landscape's minimum.
      if (!(error instanceof KramersError) || error.code !== 'no_well') throw error;
      erased.push(t);
      rows.push({ t, well: null, deltaU: null, rates: nullRates() });
      continue;
    }
    const landscape = frozen.landscape;
    // The well followed: the nearest bottom to where it was (wells move continuously).
    let index = -1;
    let best = Number.POSITIVE_INFINITY;
    landscape.wells.forEach((w, i) => {
      if (Math.abs(w.x - position) < best) {
        best = Math.abs(w.x - position);
        index = i;
      }
    });
    // Escape toward `direction`: to the next well on that side, or to ±∞ over the last barrier
    // when the landscape is open there (a metastable well). Without an explicit direction,
    // toward whichever side has one (after a well is erased the particle has slid into the
    // other one and escapes back).
    const escapeOn = (d: 'left' | 'right') => {
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
      if (neighbour) return { target: j as number | '-inf' | '+inf', barrier };
      const open = d === 'right' ? landscape.edges.right : landscape.edges.left;
      return open === 'open'
        ? { target: d === 'right' ? ('+inf' as const) : ('-inf' as const), barrier }
        : null;
    };
    let side = direction;
    if (!escapeOn(side) && problem.direction === undefined)
      side = side === 'right' ? 'left' : 'right';
    const route = escapeOn(side);
    if (!route) {
      erased.push(t);
      if (index >= 0) position = landscape.wells[index]!.x;
      rows.push({
        t,
        well: null,
        deltaU: null,
        rates: Object.fromEntries(methods.map((m) => [m, null])),
      });
      continue;
    }
    const { target, barrier } = route;
    const well = landscape.wells[index]!;
    position = well.x;
    stiffest = Math.min(stiffest, well.d2U);
    const passage = transitionOf(frozen, { from: index, to: target });
    const results = methods.map((m) => {
      const route = ROUTES[m];
      return route.info.kind === 'exact'
        ? guarded(m, () => route.run(passage))
        : route.run(passage);
    });
    codes.push(...results.map((r) => r.retcode));
    rows.push({
      t,
      well: well.x,
      deltaU: barrier.U - well.U,
      rates: Object.fromEntries(methods.map((m, i) => [m, results[i]!.rate])),
    });
  }
  const periodAverage = Object.fromEntries(
    methods.map((m) => {
      const values = rows.map((r) => r.rates[m]);
      if (values.some((v) => v === null || v === undefined)) return [m, null];
      return [m, (values as number[]).reduce((a, b) => a + b, 0) / samples];
    }),
  ) as Partial<Record<RateMethod, number | null>>;
  if (erased.length > 0) {
    warnings.push(
      `the drive erases the barrier for ${((100 * erased.length) / samples).toFixed(0)}% of the period (from t = ${erased[0]!.toPrecision(4)}): there the motion is deterministic sliding, not activated escape, and no rate is given`,
    );
  }
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
    periodAverage,
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
