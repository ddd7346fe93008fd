import { combineRetcodes, KramersError, type RetCode } from '../core/index.js';
import { crossing, prepare, prepareTransition } from '../problem/index.js';
import { barrierWarnings } from '../rates/index.js';
import { guarded, ROUTES } from '../routes/index.js';
import { type IndicatorEstimate, simulateIndicators } from '../studies/index.js';
import { formatIn } from '../units/index.js';
import type { ReducedProblem } from './types.js';

/** Rates of a reduced problem, from the library's routes (reduced units). */
export interface EscapeNumbers {
  /** Barrier seen from the start well (NaN where the passage has no barrier). */
  readonly deltaU: number;
  /** Overdamped Kramers k (reduced 1/time), ln k. */
  readonly kramers: number;
  readonly logKramers: number;
  /** Exact overdamped 1/MFPT well bottom → target, its log, relative error. */
  readonly exact: number;
  readonly logExact: number;
  readonly exactRelativeError: number;
  /** The worse of the two routes' outcomes (an exact rate that did not converge, above all). */
  readonly retcode: RetCode;
  readonly warnings: readonly string[];
}

/** The passage of a reduced problem (its own parameters unless `parameters` overrides them). */
function passageOf(problem: ReducedProblem, parameters?: Readonly<Record<string, number>>) {
  return prepareTransition({
    potential: problem.potential,
    parameters: parameters ?? problem.parameters,
    D: problem.D,
    gamma: problem.gamma,
    ...(problem.mass !== undefined ? { mass: problem.mass } : {}),
    ...(problem.domain ? { domain: problem.domain } : {}),
    ...(problem.from !== undefined ? { from: problem.from } : {}),
    ...(problem.to !== undefined ? { to: problem.to } : {}),
  });
}

/**
 * ln k of a route's estimate, or NaN unless it succeeded: a rate that did not converge is not a
 * number to print (its outcome and warnings say why), even where the route left one.
 */
export function convergedLog(estimate: {
  readonly retcode: RetCode;
  readonly logRate?: number | null;
}): number {
  return estimate.retcode === 'success' ? (estimate.logRate ?? Number.NaN) : Number.NaN;
}

/**
 * Exact and Kramers overdamped escape on a reduced problem, through the library's routes (the
 * same numbers `kramers rate` prints for the scenario's `command` line). A route that gives no
 * converged number gives NaN here, and its outcome is in `retcode` (a numerical outcome, not a misuse).
 */
export function reducedEscape(
  problem: ReducedProblem,
  parameters?: Readonly<Record<string, number>>,
): EscapeNumbers {
  const passage = passageOf(problem, parameters);
  const kramers = ROUTES.kramers.run(passage);
  const exact = guarded('exact', () => ROUTES.exact.run(passage));
  const logExact = convergedLog(exact);
  const logKramers = convergedLog(kramers);
  return {
    deltaU: crossing(passage)?.transition.deltaU ?? Number.NaN,
    kramers: Math.exp(logKramers),
    logKramers,
    exact: Math.exp(logExact),
    logExact,
    exactRelativeError: exact.relativeError ?? Number.NaN,
    retcode: combineRetcodes([kramers.retcode, exact.retcode]),
    warnings: [...new Set([...passage.problem.warnings, ...kramers.warnings, ...exact.warnings])],
  };
}

/**
 * What the escapes behind a scenario's answers add to its report: their worst outcome, and the
 * warnings of those that did not succeed (a converged route's doubts are the scenario's to word;
 * a failed one's must reach the report whatever the scenario prints).
 */
export function escapeOutcome(escapes: readonly EscapeNumbers[]): {
  readonly retcode: RetCode;
  readonly warnings: readonly string[];
} {
  const failed = escapes.filter((e) => e.retcode !== 'success');
  return {
    retcode: combineRetcodes(escapes.map((e) => e.retcode)),
    warnings: failed.flatMap((e) => e.warnings),
  };
}

/**
 * Variance and lag-1 autocorrelation of a simulated series sampled every `lag` (reduced time)
 * in the start well of a reduced overdamped problem, with standard errors (fixed seed): the
 * simulated early-warning indicators (Scheffer et al. 2009).
 */
export function reducedIndicators(
  problem: ReducedProblem,
  options: {
    readonly lag: number;
    readonly samples?: number;
    readonly seed?: number;
    /** Lengthen the series to this many OU autocorrelation times (`simulateIndicators`). */
    readonly autocorrelationTimes?: number;
  },
): IndicatorEstimate {
  const { landscape, potential, D, gamma } = prepare({
    potential: problem.potential,
    parameters: problem.parameters,
    D: problem.D,
    gamma: problem.gamma,
    ...(problem.domain ? { domain: problem.domain } : {}),
  });
  const from = problem.from ?? 0;
  const well = landscape.wells[from];
  const transition = landscape.transitions.find((t) => t.from === from);
  if (!well || !transition) {
    throw new KramersError('invalid_parameter', 'the start well has no barrier to watch');
  }
  return simulateIndicators({
    potential,
    D,
    gamma,
    start: well.x,
    barrier: landscape.barriers[transition.barrier]!.x,
    lag: options.lag,
    ...(options.samples !== undefined ? { samples: options.samples } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.autocorrelationTimes !== undefined
      ? { autocorrelationTimes: options.autocorrelationTimes }
      : {}),
  });
}

/** A table row by what it is scanned over (`F = 37 pN`, `c = 0.8`) and its barrier. */
export interface BarrierRow {
  readonly row: string;
  readonly deltaU: number;
  readonly D: number;
}

/**
 * One warning naming the rows of a table where the barrier is too low for the asymptotic
 * formulas in `columns` (the rates library's `barrierWarnings`, ΔU/D < 5, decides which, so the
 * threshold is the one every rate formula warns at): a table prints every row alike, and a
 * warning about the headline alone says nothing of the rows scanned past it.
 */
export function lowBarrierRows(
  table: string,
  rows: readonly BarrierRow[],
  columns: string,
  symbol = 'ΔU/D',
): string[] {
  const low = rows.filter((r) => barrierWarnings(r.deltaU, r.D).length > 0);
  if (low.length === 0) return [];
  const list = low.map((r) => `${r.row} (${formatIn(r.deltaU / r.D, '', 3)})`).join(', ');
  return [
    `${table}: ${symbol} < 5 at ${list}: ${columns} asymptotic in ${symbol} there and unreliable (leading-order error of order 1/(${symbol})); the exact column stands`,
  ];
}
