import { combineRetcodes, type Domain, type RetCode } from '../core/index.js';
import type {
  Barrier,
  EdgeKind,
  PlateauEscape,
  StationaryPoint,
  Transition,
  TransitionTarget,
  Well,
} from '../landscape/index.js';
import {
  checkProblem,
  ESCAPE_KEYS,
  type EscapeProblem,
  isPrepared,
  keysOf,
  type PotentialSummary,
  type PreparedProblem,
  prepare,
  transitionOf,
} from '../problem/index.js';
import {
  type ClosedFormResult,
  type ExactResult,
  guarded,
  ROUTES,
  type RouteResult,
} from '../routes/index.js';

/** Problem of {@link analyze}: see {@link EscapeProblem}. */
export type AnalyzeProblem = EscapeProblem;

/** The keys `analyze()` reads of a plain problem. */
const ANALYZE_KEYS = keysOf<AnalyzeProblem>()([...ESCAPE_KEYS]);

export interface TransitionReport {
  readonly from: number;
  readonly to: TransitionTarget;
  readonly barrier: number;
  readonly deltaU: number;
  /** ΔU/D. */
  readonly barrierToNoise: number;
  /** e^{−ΔU/D} (may underflow to 0: see `logArrheniusFactor`). */
  readonly arrheniusFactor: number;
  readonly logArrheniusFactor: number;
  /**
   * One-way escape rates k (1/time); null where the formula does not apply. `exact` is 1/MFPT from
   * the well bottom to the target well's bottom (or a sink past the barrier), as in `rate`.
   */
  readonly rates: {
    readonly tst: number | null;
    readonly kramers: number | null;
    readonly exact: number | null;
  };
  /** ln k beside each rate, finite where the rate underflows. */
  readonly logRates: {
    readonly tst: number | null;
    readonly kramers: number | null;
    readonly exact: number | null;
  };
  /** Estimated relative error of the exact rate. */
  readonly exactRelativeError: number | null;
  /** Each route's whole result (definition, prefactor, warnings, the exact MFPT). */
  readonly methods: {
    readonly tst: ClosedFormResult;
    readonly kramers: ClosedFormResult;
    readonly exact: ExactResult | RouteResult;
  };
}

export interface AnalysisReport {
  /** `not_converged` when an exact rate of the table did not converge. */
  readonly retcode: RetCode;
  readonly potential: PotentialSummary;
  readonly D: number;
  readonly gamma: number;
  readonly mass: number;
  readonly domain: Domain;
  readonly domainSource: 'given' | 'automatic';
  readonly edges: { readonly left: EdgeKind; readonly right: EdgeKind };
  /** U(±∞) on a side where U levels off (null elsewhere). */
  readonly plateaus: { readonly left: number | null; readonly right: number | null };
  /** Escape from an outermost well to a plateau: no barrier, no saddle; ΔU is the rise. */
  readonly plateauEscapes: readonly PlateauEscape[];
  readonly stationaryPoints: readonly StationaryPoint[];
  readonly wells: readonly Well[];
  readonly barriers: readonly Barrier[];
  readonly transitions: readonly TransitionReport[];
  /** Deduplicated doubts about the numbers above (regime, degeneracy, underflow). */
  readonly warnings: readonly string[];
}

/** TST, Kramers and the exact rate of one landscape transition (the routes `rate` runs too). */
function transitionReport(prepared: PreparedProblem, tr: Transition): TransitionReport {
  const t = transitionOf(prepared, { from: tr.from, to: tr.to });
  const tst = ROUTES.tst.run(t);
  const kramers = ROUTES.kramers.run(t);
  const exact = guarded('exact', () => ROUTES.exact.run(t));
  const arrhenius = ROUTES.arrhenius.run(t);
  return {
    from: tr.from,
    to: tr.to,
    barrier: tr.barrier,
    deltaU: tr.deltaU,
    barrierToNoise: tr.deltaU / prepared.D,
    arrheniusFactor: arrhenius.rate!,
    logArrheniusFactor: arrhenius.logRate!,
    rates: { tst: tst.rate, kramers: kramers.rate, exact: exact.rate },
    logRates: { tst: tst.logRate, kramers: kramers.logRate, exact: exact.logRate },
    exactRelativeError: exact.rate && exact.error !== null ? exact.error / exact.rate : null,
    methods: { tst, kramers, exact },
  };
}

/**
 * The exact column's worst outcome; an exact rate that does not exist (an infinite MFPT beside a
 * plateau) is said in its row and leaves the landscape analysis a success.
 */
function analysisRetcode(transitions: readonly TransitionReport[]): RetCode {
  const code = combineRetcodes(transitions.map((t) => t.methods.exact.retcode));
  return code === 'not_applicable' ? 'success' : code;
}

/** With a mass given, the overdamped Kramers rate needs strong friction at every barrier. */
function inertiaWarnings(prepared: PreparedProblem, transitions: readonly TransitionReport[]) {
  if (!prepared.massGiven) return [];
  const { gamma, mass, landscape } = prepared;
  const warnings: string[] = [];
  for (const t of transitions) {
    const omegaBarrier = landscape.barriers[t.barrier]!.omega;
    if (gamma / mass < 2 * omegaBarrier) {
      warnings.push(
        `collision rate γ/m = ${Number((gamma / mass).toPrecision(3))} is not ≫ ω_s = ${Number(omegaBarrier.toPrecision(3))} (barrier ${t.barrier}): the overdamped Kramers formula needs strong friction`,
      );
    }
  }
  return warnings;
}

/**
 * Landscape plus closed-form rates for every transition: where the wells and barriers are, how
 * high each barrier is from each side, and the TST, overdamped Kramers and exact escape rates
 * with their validity warnings. Throws a {@link KramersError} on bad input.
 *
 * @example
 * analyze({ potential: 'x^4/4 - x^2/2', D: 0.05, gamma: 1 }).transitions[0].rates.kramers;
 * // => 0.0015165709051696142 (√2/(2π) e^{−5}, Kramers 1940)
 */
export function analyze(problem: AnalyzeProblem | PreparedProblem = {}): AnalysisReport {
  if (!isPrepared(problem)) checkProblem(problem, ANALYZE_KEYS, 'analyze');
  const prepared = prepare(problem);
  const { landscape } = prepared;
  const transitions = landscape.transitions.map((tr) => transitionReport(prepared, tr));
  const warnings = [...prepared.warnings];
  for (const t of transitions) {
    const { tst, kramers, exact } = t.methods;
    warnings.push(...tst.warnings, ...kramers.warnings, ...exact.warnings);
  }
  warnings.push(...inertiaWarnings(prepared, transitions));
  return {
    retcode: analysisRetcode(transitions),
    potential: prepared.summary,
    D: prepared.D,
    gamma: prepared.gamma,
    mass: prepared.mass,
    domain: landscape.domain,
    domainSource: landscape.domainSource,
    edges: landscape.edges,
    plateaus: landscape.plateaus,
    plateauEscapes: landscape.plateauEscapes,
    stationaryPoints: landscape.stationaryPoints,
    wells: landscape.wells,
    barriers: landscape.barriers,
    transitions,
    warnings: [...new Set(warnings)],
  };
}
