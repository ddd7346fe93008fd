import { KramersError, type RetCode } from '../core/index.js';
import { sinkBeyond } from '../landscape/index.js';
import {
  type EscapeProblem,
  type PotentialSummary,
  type PreparedProblem,
  prepare,
} from '../problem/index.js';
import {
  rateMatrixFromModes,
  separationWarnings,
  smoluchowskiSpectrum,
} from '../spectral/index.js';
import { exactWellRateMatrix, type WellRateMatrix } from './rateMatrix.js';

/** How many modes to find, how accurately, and whether to return them. */
export interface SpectrumSettings {
  /** Eigenvalues wanted, λ0 included; default 5. */
  readonly n?: number;
  /** Relative tolerance for λ1; default 1e-8. */
  readonly tolerance?: number;
  /** Also return the eigenfunctions on the grid (for plots); default false. */
  readonly eigenfunctions?: boolean;
}

export interface SpectrumRequest extends EscapeProblem, SpectrumSettings {}

/** The grid, the lowest eigenfunctions (as the solver normalises them) and ρ_eq. */
export interface SpectrumModes {
  readonly x: Float64Array;
  readonly eigenfunctions: readonly Float64Array[];
  readonly equilibriumDensity: Float64Array;
}

export type BoundaryKind = 'natural' | 'reflecting' | 'absorbing';

export interface SpectrumReport {
  readonly potential: PotentialSummary;
  readonly D: number;
  readonly gamma: number;
  /** How each end is treated: natural (U confines), a reflecting wall, or an absorbing sink past an open side. */
  readonly boundaries: {
    readonly left: { kind: BoundaryKind; x: number };
    readonly right: { kind: BoundaryKind; x: number };
  };
  /** Ascending; the first is 0 (stationary state) when no end absorbs. */
  readonly eigenvalues: readonly number[];
  readonly errors: readonly number[];
  /** 1/λ for each non-zero eigenvalue (null for λ0 = 0). */
  readonly relaxationTimes: readonly (number | null)[];
  /** λ2/λ1 (or, with an absorbing end, the ratio of the two slowest decay rates). */
  readonly gap: number;
  /**
   * Wells (sorted by x) and the n×n rate matrix K (K[i][j] = rate i → j, rows sum to 0) from the
   * lowest modes, with populations and relaxation times.
   */
  readonly rateMatrix?: WellRateMatrix & { readonly wells: readonly number[] };
  /** The same matrix from exact mean first-passage times (an independent route). */
  readonly exactRateMatrix?: WellRateMatrix;
  readonly gridPoints: number;
  /** With `eigenfunctions`: the modes behind the eigenvalues. */
  readonly modes?: SpectrumModes;
  readonly retcode: RetCode;
  readonly warnings: readonly string[];
}

function boundaryPlan(resolved: PreparedProblem) {
  const { landscape } = resolved;
  const side = (which: 'left' | 'right') => {
    const open = landscape.edges[which] === 'open';
    const edgeX = which === 'left' ? landscape.domain.min : landscape.domain.max;
    if (!open) {
      return landscape.domainSource === 'given'
        ? { kind: 'reflecting' as const, x: edgeX }
        : { kind: 'natural' as const, x: edgeX };
    }
    const barriers = landscape.barriers;
    const outer = which === 'left' ? barriers[0] : barriers[barriers.length - 1];
    if (!outer) return { kind: 'absorbing' as const, x: edgeX };
    const x = sinkBeyond(
      resolved.potential,
      landscape,
      outer.index,
      which === 'left' ? -1 : 1,
      resolved.D,
    );
    return { kind: 'absorbing' as const, x };
  };
  return { left: side('left'), right: side('right') };
}

/**
 * The lowest eigenvalues of the Smoluchowski operator L P = (1/γ) ∂x[U′P + D ∂x P] (Risken 1989):
 * λ1 is the population relaxation rate (λ1 = k_ab + k_ba for two wells; 2k for a symmetric double
 * well), λ2/λ1 the separation of time scales that makes "a rate" meaningful. Open sides (escape to
 * ±∞) get an absorbing sink 40 D below the outermost barrier top. A prepared problem (its
 * settings given apart) is not parsed or searched again: `spectrum(prepared, { n: 5 })`.
 */
export function spectrum(
  problem: SpectrumRequest | PreparedProblem = {},
  settings: SpectrumSettings = problem as SpectrumSettings,
): SpectrumReport {
  const resolved = prepare(problem);
  const n = settings.n ?? 5;
  if (!Number.isInteger(n) || n < 2 || n > 50) {
    throw new KramersError('invalid_parameter', `n must be a whole number from 2 to 50; got ${n}`, {
      issues: [{ path: 'n', message: 'out of range' }],
    });
  }
  const { landscape } = resolved;
  const plan = boundaryPlan(resolved);
  const natural = plan.left.kind === 'natural' || plan.right.kind === 'natural';
  const domain = { min: plan.left.x, max: plan.right.x };
  const result = smoluchowskiSpectrum({
    potential: resolved.potential,
    D: resolved.D,
    gamma: resolved.gamma,
    n: Math.max(n, landscape.wells.length + 1),
    ...(natural ? { searchDomain: domain } : { domain }),
    boundaries: {
      left: plan.left.kind === 'absorbing' ? 'absorbing' : 'reflecting',
      right: plan.right.kind === 'absorbing' ? 'absorbing' : 'reflecting',
    },
    ...(settings.tolerance !== undefined ? { tolerance: settings.tolerance } : {}),
  });
  const absorbing = plan.left.kind === 'absorbing' || plan.right.kind === 'absorbing';
  let rateMatrix: SpectrumReport['rateMatrix'];
  let exactRateMatrix: WellRateMatrix | undefined;
  const matrixWarnings: string[] = [];
  if (!absorbing && landscape.wells.length >= 2) {
    const { matrix, populations } = rateMatrixFromModes(
      result,
      landscape.wells.map((w) => w.x),
      landscape.barriers.map((b) => b.x),
    );
    rateMatrix = {
      wells: landscape.wells.map((w) => w.x),
      matrix,
      populations,
      relaxationTimes: result.eigenvalues.slice(1, landscape.wells.length).map((l) => 1 / l),
    };
    const { retcode: _, ...exact } = exactWellRateMatrix(
      resolved,
      matrixWarnings,
      settings.tolerance,
    );
    exactRateMatrix = exact;
  }
  const eigenvalues = result.eigenvalues.slice(0, n);
  return {
    potential: resolved.summary,
    D: resolved.D,
    gamma: resolved.gamma,
    boundaries: plan,
    eigenvalues,
    errors: result.errors.slice(0, n),
    relaxationTimes: eigenvalues.map((l) => (l > 0 ? 1 / l : null)),
    gap: result.gap,
    ...(rateMatrix ? { rateMatrix } : {}),
    ...(exactRateMatrix ? { exactRateMatrix } : {}),
    gridPoints: result.gridPoints,
    ...(settings.eigenfunctions
      ? {
          modes: {
            x: result.x,
            eigenfunctions: result.eigenfunctions.slice(0, n),
            equilibriumDensity: result.equilibriumDensity,
          },
        }
      : {}),
    retcode: result.retcode,
    warnings: [
      ...new Set([
        ...resolved.warnings,
        ...separationWarnings(
          result.eigenvalues,
          absorbing ? 1 : landscape.wells.length,
          result.warnings,
        ),
        ...matrixWarnings,
      ]),
    ],
  };
}
