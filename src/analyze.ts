import type { Domain } from './core/index.js';
import type { Barrier, StationaryPoint, TransitionTarget, Well } from './landscape/index.js';
import {
  type EscapeProblem,
  landscapeOf,
  type PotentialSummary,
  potentialSummary,
  resolveProblem,
} from './problem.js';
import { exactTransitionRate } from './rate.js';
import {
  arrheniusFactor,
  kramersOverdamped,
  logArrheniusFactor,
  notApplicable,
  type RateEstimate,
  transitionStateRate,
} from './rates/index.js';

/** Problem of {@link analyze}: see {@link EscapeProblem}. */
export type AnalyzeProblem = EscapeProblem;

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
   * the well bottom to the target well's bottom (or a sink past the barrier), see `rate`.
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
  readonly estimates: { readonly tst: RateEstimate; readonly kramers: RateEstimate };
}

export interface AnalysisReport {
  readonly potential: PotentialSummary;
  readonly D: number;
  readonly gamma: number;
  readonly mass: number;
  readonly domain: Domain;
  readonly domainSource: 'given' | 'automatic';
  readonly edges: { readonly left: 'confining' | 'open'; readonly right: 'confining' | 'open' };
  readonly stationaryPoints: readonly StationaryPoint[];
  readonly wells: readonly Well[];
  readonly barriers: readonly Barrier[];
  readonly transitions: readonly TransitionReport[];
  /** Deduplicated doubts about the numbers above (regime, degeneracy, underflow). */
  readonly warnings: readonly string[];
}

/**
 * Landscape plus closed-form rates for every transition: where the wells and barriers are, how
 * high each barrier is from each side, and the TST and overdamped Kramers escape rates with
 * their validity warnings. Throws a {@link KramersError} on bad input.
 *
 * @example
 * analyze({ potential: 'x^4/4 - x^2/2', D: 0.05, gamma: 1 }).transitions[0].rates.kramers;
 * // => 0.0015165709051696142 (√2/(2π) e^{−5}, Kramers 1940)
 */
export function analyze(problem: AnalyzeProblem = {}): AnalysisReport {
  const resolved = resolveProblem(problem);
  const { D, gamma, mass } = resolved;
  const warnings = [...resolved.warnings];
  const landscape = landscapeOf(resolved);
  warnings.push(...landscape.warnings);

  const transitions = landscape.transitions.map((t): TransitionReport => {
    const well = landscape.wells[t.from]!;
    const barrier = landscape.barriers[t.barrier]!;
    const tst = well.degenerate
      ? notApplicable(
          t.deltaU,
          D,
          `TST not applicable: the well at x = ${well.x} is degenerate (U″ ≈ 0)`,
        )
      : transitionStateRate({ wellCurvature: well.d2U, deltaU: t.deltaU, D, mass });
    const kramers =
      well.degenerate || barrier.degenerate
        ? notApplicable(
            t.deltaU,
            D,
            `Kramers formula not applicable: the ${well.degenerate ? 'well' : 'barrier'} at x = ${well.degenerate ? well.x : barrier.x} is degenerate (U″ ≈ 0); the exact mean first-passage time is needed`,
          )
        : kramersOverdamped({
            wellCurvature: well.d2U,
            barrierCurvature: barrier.d2U,
            deltaU: t.deltaU,
            D,
            gamma,
          });
    const exact = exactTransitionRate(resolved, landscape, t);
    for (const w of [...tst.warnings, ...kramers.warnings, ...exact.warnings]) warnings.push(w);
    return {
      from: t.from,
      to: t.to,
      barrier: t.barrier,
      deltaU: t.deltaU,
      barrierToNoise: t.deltaU / D,
      arrheniusFactor: arrheniusFactor(t.deltaU, D),
      logArrheniusFactor: logArrheniusFactor(t.deltaU, D),
      rates: { tst: tst.rate, kramers: kramers.rate, exact: exact.rate },
      logRates: { tst: tst.logRate, kramers: kramers.logRate, exact: exact.logRate },
      exactRelativeError: exact.rate && exact.error !== null ? exact.error / exact.rate : null,
      estimates: { tst, kramers },
    };
  });

  if (resolved.massGiven) {
    for (const t of transitions) {
      const omegaBarrier = landscape.barriers[t.barrier]!.omega;
      if (gamma / mass < 2 * omegaBarrier) {
        warnings.push(
          `collision rate γ/m = ${Number((gamma / mass).toPrecision(3))} is not ≫ ω_s = ${Number(omegaBarrier.toPrecision(3))} (barrier ${t.barrier}): the overdamped Kramers formula needs strong friction`,
        );
      }
    }
  }

  return {
    potential: potentialSummary(resolved),
    D,
    gamma,
    mass,
    domain: landscape.domain,
    domainSource: landscape.domainSource,
    edges: landscape.edges,
    stationaryPoints: landscape.stationaryPoints,
    wells: landscape.wells,
    barriers: landscape.barriers,
    transitions,
    warnings: [...new Set(warnings)],
  };
}
