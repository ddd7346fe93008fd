import { type Domain, KramersError, type Potential1D, requirePositive } from './core/index.js';
import { potentialFromExpression } from './expr/index.js';
import {
  analyzeLandscape,
  type Barrier,
  type StationaryPoint,
  type TransitionTarget,
  type Well,
} from './landscape/index.js';
import {
  arrheniusFactor,
  kramersOverdamped,
  logArrheniusFactor,
  notApplicable,
  type RateEstimate,
  transitionStateRate,
} from './rates/index.js';

/** The seed's double well (physics.md §1): wells at ±1, barrier at 0, ΔU = 1/4. */
export const DEFAULT_POTENTIAL = 'x^4/4 - x^2/2';
/** Default noise intensity for `analyze`: ΔU/D = 5 on the default potential. */
export const DEFAULT_NOISE = 0.05;

export interface AnalyzeProblem {
  /** An expression in x (string) or a potential object; default {@link DEFAULT_POTENTIAL}. */
  readonly potential?: string | Potential1D;
  /** Named parameters of the expression, e.g. { a: 1, b: 2 } for `a*x^4 - b*x^2`. */
  readonly parameters?: Readonly<Record<string, number>>;
  /** Noise intensity D = k_B T (energy); default 0.05. */
  readonly D?: number;
  /** Friction coefficient γ; default 1. */
  readonly gamma?: number;
  /** Mass m (enters TST and the frequencies ω); default 1 (reduced units). */
  readonly mass?: number;
  /** Search domain [min, max]; found automatically when absent. */
  readonly domain?: Domain;
}

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
  /** One-way escape rates k (1/time); null where the formula does not apply. */
  readonly rates: { readonly tst: number | null; readonly kramers: number | null };
  /** ln k beside each rate, finite where the rate underflows. */
  readonly logRates: { readonly tst: number | null; readonly kramers: number | null };
  readonly estimates: { readonly tst: RateEstimate; readonly kramers: RateEstimate };
}

export interface AnalysisReport {
  readonly potential: {
    readonly expression: string;
    readonly tex?: string;
    readonly parameters: Readonly<Record<string, number>>;
  };
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

function resolvePotential(problem: AnalyzeProblem): {
  potential: Potential1D;
  tex?: string;
  warnings: string[];
} {
  const source = problem.potential ?? DEFAULT_POTENTIAL;
  if (typeof source !== 'string') return { potential: source, warnings: [] };
  const parameters = problem.parameters ?? {};
  const potential = potentialFromExpression(source, { parameters });
  const unused = Object.keys(parameters).filter((name) => !potential.usedParameters.includes(name));
  const warnings = unused.map((name) => `parameter ${name} is not used in U = ${source}`);
  return { potential, tex: potential.tex, warnings };
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
  if (problem === null || typeof problem !== 'object') {
    throw new KramersError('usage', 'analyze expects a problem object');
  }
  const D = requirePositive('D', problem.D ?? DEFAULT_NOISE, 'noise intensity k_B T');
  const gamma = requirePositive('gamma', problem.gamma ?? 1, 'friction coefficient γ');
  const mass = requirePositive('mass', problem.mass ?? 1, 'm');
  const { potential, tex, warnings } = resolvePotential(problem);
  const landscape = analyzeLandscape(potential, {
    mass,
    ...(problem.domain ? { domain: problem.domain } : {}),
  });
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
    for (const w of [...tst.warnings, ...kramers.warnings]) warnings.push(w);
    return {
      from: t.from,
      to: t.to,
      barrier: t.barrier,
      deltaU: t.deltaU,
      barrierToNoise: t.deltaU / D,
      arrheniusFactor: arrheniusFactor(t.deltaU, D),
      logArrheniusFactor: logArrheniusFactor(t.deltaU, D),
      rates: { tst: tst.rate, kramers: kramers.rate },
      logRates: { tst: tst.logRate, kramers: kramers.logRate },
      estimates: { tst, kramers },
    };
  });

  if (problem.mass !== undefined) {
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
    potential: {
      expression:
        typeof problem.potential === 'string' || problem.potential === undefined
          ? (problem.potential ?? DEFAULT_POTENTIAL)
          : potential.description,
      ...(tex !== undefined ? { tex } : {}),
      parameters: { ...(problem.parameters ?? {}) },
    },
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
