import { KramersError, type RetCode } from '../core/index.js';
import { sinkBeyond } from '../landscape/index.js';
import {
  checkProblem,
  ESCAPE_KEYS,
  type EscapeProblem,
  isPrepared,
  keysOf,
  type PotentialSummary,
  type PreparedProblem,
  prepare,
} from '../problem/index.js';
import {
  basinPopulations,
  basinSplits,
  kleinKramersSpectrum,
  rateMatrixFromModes,
  rateMatrixFromProjections,
  type Spectrum,
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
  /** Also return the eigenfunctions on the grid (for plots; overdamped only); default false. */
  readonly eigenfunctions?: boolean;
  /**
   * 'underdamped': the Klein–Kramers operator (inertial dynamics, with the problem's γ and m)
   * instead of the Smoluchowski one; default overdamped. Only the slow modes, one per well.
   */
  readonly dynamics?: 'overdamped' | 'underdamped';
}

export interface SpectrumRequest extends EscapeProblem, SpectrumSettings {}

/** The settings' keys, checked on their own when they come apart from the problem. */
const SETTINGS_KEYS = keysOf<SpectrumSettings>()(['n', 'tolerance', 'eigenfunctions', 'dynamics']);

/** The keys `spectrum()` reads of a plain problem: the problem and its settings. */
const SPECTRUM_KEYS = keysOf<SpectrumRequest>()([...ESCAPE_KEYS, ...SETTINGS_KEYS]);

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
  /** Which Fokker–Planck operator: Smoluchowski (overdamped) or Klein–Kramers (underdamped). */
  readonly dynamics: 'overdamped' | 'underdamped';
  /** Mass m (underdamped only). */
  readonly mass?: number;
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
  /**
   * λ2/λ1 (or, with an absorbing end, the ratio of the two slowest decay rates). Null for
   * underdamped dynamics: past the slow modes the Klein–Kramers spectrum holds complex pairs.
   */
  readonly gap: number | null;
  /**
   * Wells (sorted by x) and the n×n rate matrix K (K[i][j] = rate i → j, rows sum to 0) from the
   * lowest modes, with populations and relaxation times.
   */
  readonly rateMatrix?: Omit<WellRateMatrix, 'matrix'> & {
    /**
     * K[i][j] (i ≠ j): one-way rate from well i to well j (1/time); rows sum to 0. Null where the
     * modes give no rate (negative, or its error as large as itself: see the warnings).
     */
    readonly matrix: readonly (readonly (number | null)[])[];
    readonly wells: readonly number[];
    /**
     * Absolute error of each element (overdamped: eigenvector and eigenvalue errors through
     * K = −ΦΛΦ⁻¹, and the populations' for an element by detailed balance; underdamped:
     * eigenvalue errors and eigenvector changes).
     */
    readonly errors?: readonly (readonly number[])[];
  };
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
  if (!isPrepared(problem)) checkProblem(problem, SPECTRUM_KEYS, 'spectrum');
  if (settings !== problem) checkProblem(settings, SETTINGS_KEYS, 'spectrum');
  const resolved = prepare(problem);
  if (settings.dynamics === 'underdamped') return underdampedSpectrum(resolved, settings);
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
  let matrixRetcode: RetCode = 'success';
  if (!absorbing && landscape.wells.length >= 2) {
    const overdamped = overdampedMatrices(resolved, result, matrixWarnings, settings.tolerance);
    rateMatrix = overdamped.rateMatrix;
    exactRateMatrix = overdamped.exactRateMatrix;
    matrixRetcode = overdamped.retcode;
  }
  const eigenvalues = result.eigenvalues.slice(0, n);
  return {
    potential: resolved.summary,
    D: resolved.D,
    gamma: resolved.gamma,
    dynamics: 'overdamped',
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
    retcode: result.retcode === 'success' ? matrixRetcode : result.retcode,
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

/**
 * The overdamped matrix from the lowest modes (rateMatrixFromModes, populations by quadrature
 * cut at the barrier tops) beside the exact one. An element that is not a rate (not positive, or
 * its error as large as itself) is printed as null; its warning says why, and it and an element
 * whose error exceeds ELEMENT_TOLERANCE of it make the report not_converged.
 */
function overdampedMatrices(
  resolved: PreparedProblem,
  result: Spectrum,
  warnings: string[],
  tolerance: number | undefined,
) {
  const { landscape } = resolved;
  const modes = rateMatrixFromModes(
    result,
    landscape.wells.map((w) => w.x),
    landscape.barriers.map((b) => b.x),
    { potential: resolved.potential, D: resolved.D },
  );
  const { matrix, errors, populations } = modes;
  warnings.push(...modes.warnings, ...matrixWarnings(matrix, errors, populations));
  const shown: (number | null)[][] = matrix.map((row) => [...row]);
  for (let i = 0; i < matrix.length; i++) {
    for (const j of [i - 1, i + 1]) {
      if (j < 0 || j >= matrix.length) continue;
      if (!(matrix[i]![j]! > 0) || !(errors[i]![j]! < matrix[i]![j]!)) shown[i]![j] = null;
    }
  }
  const rateMatrix = {
    wells: landscape.wells.map((w) => w.x),
    matrix: shown,
    errors,
    populations,
    relaxationTimes: result.eigenvalues.slice(1, landscape.wells.length).map((l) => 1 / l),
  };
  const { retcode: _, ...exact } = exactWellRateMatrix(resolved, warnings, tolerance);
  const retcode: RetCode = modes.warnings.length > 0 ? 'not_converged' : 'success';
  return { rateMatrix, exactRateMatrix: exact, retcode };
}

/**
 * What the n-well matrix does not satisfy beyond its errors: off-diagonal rates ≥ 0 and detailed
 * balance p_i K_ij = p_j K_ji. Both hold only up to the weight of the barrier regions, which the
 * basin projection cannot assign (the overdamped construction shares this): a rate between wells
 * that are not neighbours comes out ≈ 0 of either sign, and detailed balance within ~1e-3 of the
 * largest flux at ΔU/D ≈ 5 (measured against the scipy reference of the same construction).
 */
function matrixWarnings(
  matrix: readonly (readonly number[])[],
  errors: readonly (readonly number[])[],
  populations: readonly number[],
): string[] {
  const m = matrix.length;
  const pairs = Array.from({ length: m * m }, (_, q) => [Math.floor(q / m), q % m] as const).filter(
    ([i, j]) => i !== j,
  );
  const flux = (i: number, j: number) => populations[i]! * matrix[i]![j]!;
  const scale = Math.max(...pairs.map(([i, j]) => Math.abs(flux(i, j))));
  const negative = pairs.filter(([i, j]) => matrix[i]![j]! < -errors[i]![j]!);
  const unbalanced = pairs.filter(([i, j]) => {
    const slack = populations[i]! * errors[i]![j]! + populations[j]! * errors[j]![i]!;
    return i < j && Math.abs(flux(i, j) - flux(j, i)) > slack + 1e-3 * scale;
  });
  const out: string[] = [];
  if (negative.length > 0) {
    const list = negative.map(
      ([i, j]) => `K[${i}][${j}] = ${Number(matrix[i]![j]!.toPrecision(3))}`,
    );
    out.push(
      `negative rates beyond their errors: ${list.join(', ')}: the basin projection leaves rates between wells that are not neighbours at the level of the barrier regions' weight; read them as ≈ 0`,
    );
  }
  if (unbalanced.length > 0) {
    const worst = Math.max(...unbalanced.map(([i, j]) => Math.abs(flux(i, j) - flux(j, i))));
    out.push(
      `detailed balance p_i K_ij = p_j K_ji holds only to ${Number((worst / scale).toPrecision(2))} of the largest flux (wells ${unbalanced.map(([i, j]) => `${i}–${j}`).join(', ')}): the wells are not metastable enough for a sharp rate matrix`,
    );
  }
  return out;
}

/**
 * The slow Klein–Kramers modes (one per well) with errors, and the rate matrix between the wells
 * from them (rateMatrixFromProjections; for two wells k_ab = λ1 p_b, k_ba = λ1 p_a, λ1 = k_ab + k_ba
 * with detailed balance p_a k_ab = p_b k_ba). Natural boundaries only: inertial dynamics at a
 * wall or a sink is not covered.
 */
function underdampedSpectrum(
  resolved: PreparedProblem,
  settings: SpectrumSettings,
): SpectrumReport {
  const { landscape } = resolved;
  const plan = boundaryPlan(resolved);
  if (plan.left.kind !== 'natural' || plan.right.kind !== 'natural') {
    throw new KramersError(
      'invalid_parameter',
      'the underdamped spectrum needs a potential that confines on both sides (natural boundaries), without a given domain',
      {
        issues: [
          { path: 'dynamics', message: 'walls and sinks are not covered for inertial dynamics' },
        ],
      },
    );
  }
  const wells = landscape.wells.length;
  const splits =
    wells >= 2
      ? basinSplits(
          landscape.wells.map((w) => w.x),
          landscape.barriers,
        )
      : undefined;
  const result = kleinKramersSpectrum({
    potential: resolved.potential,
    D: resolved.D,
    gamma: resolved.gamma,
    mass: resolved.mass,
    searchDomain: landscape.domain,
    modes: Math.max(2, wells),
    ...(splits ? { splits } : {}),
    ...(settings.tolerance !== undefined ? { tolerance: settings.tolerance } : {}),
  });
  const warnings = [...resolved.warnings, ...result.warnings];
  let rateMatrix: SpectrumReport['rateMatrix'];
  if (wells >= 2 && result.basinProjections) {
    const cuts = [result.domain.min, ...splits!, result.domain.max];
    const uRef = Math.min(...landscape.wells.map((w) => w.U));
    const populations = basinPopulations(resolved.potential, resolved.D, cuts, uRef);
    const { matrix, errors } = rateMatrixFromProjections(
      result.basinProjections,
      result.eigenvalues,
      result.errors,
      populations,
    );
    rateMatrix = {
      wells: landscape.wells.map((w) => w.x).sort((a, b) => a - b),
      matrix,
      errors,
      populations,
      relaxationTimes: result.eigenvalues.slice(1, wells).map((l) => 1 / l),
    };
    warnings.push(...matrixWarnings(matrix, errors, populations));
  }
  const last = result.levels[result.levels.length - 1];
  return {
    potential: resolved.summary,
    D: resolved.D,
    gamma: resolved.gamma,
    dynamics: 'underdamped',
    mass: resolved.mass,
    boundaries: plan,
    eigenvalues: result.eigenvalues,
    errors: result.errors,
    relaxationTimes: result.eigenvalues.map((l, k) => (k > 0 && l > 0 ? 1 / l : null)),
    gap: null,
    ...(rateMatrix ? { rateMatrix } : {}),
    gridPoints: last?.points ?? 0,
    retcode: result.retcode,
    warnings: [...new Set(warnings)],
  };
}
