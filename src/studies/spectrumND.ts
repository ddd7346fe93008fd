import { KramersError, type RetCode } from '../core/index.js';
import { type GridSpectrum, gridSpectrum } from '../multid/index.js';
import {
  boxWallsND,
  checkProblem,
  ESCAPE_ND_KEYS,
  type EscapeProblemND,
  isPreparedND,
  keysOf,
  type PotentialSummary,
  type PreparedProblemND,
  prepareND,
} from '../problem/index.js';
import {
  budgetedLadder,
  DEFAULT_FINEST_NODES,
  gridNotApplicable,
  gridProblemOf,
} from '../routes/index.js';
import { separationWarnings, twoStateGapWarnings } from '../spectral/index.js';
import { networkOf } from './analyzeND.js';

export interface SpectrumRequestND extends EscapeProblemND {
  /** Eigenvalues wanted, λ0 included; default 5. */
  readonly n?: number;
  /** Relative tolerance of λ1…; default 1e-4. */
  readonly tolerance?: number;
  /** Nodes along the longer side of the finest grid (default 126). */
  readonly grid?: number;
  readonly budgetSeconds?: number;
}

/**
 * The keys `spectrumND()` reads: the problem and its settings. Settings given apart are typed as a
 * whole request (and may be one), so they are held to the same keys.
 */
const SPECTRUM_ND_KEYS = keysOf<SpectrumRequestND>()([
  ...ESCAPE_ND_KEYS,
  'n',
  'tolerance',
  'grid',
  'budgetSeconds',
]);

export interface SpectrumReportND {
  readonly retcode: RetCode;
  readonly dimension: number;
  readonly coordinates: readonly string[];
  readonly potential: PotentialSummary;
  readonly D: number;
  readonly gamma: number | readonly number[];
  /** The box; its walls reflect, so λ0 = 0. */
  readonly box: PreparedProblemND['box'];
  /** Eigenvalues of −L (the Smoluchowski generator), ascending: λ0 ≈ 0, then the relaxation rates. */
  readonly eigenvalues: readonly number[];
  readonly errors: readonly number[];
  /** 1/λ for each non-zero eigenvalue (null for λ0). */
  readonly relaxationTimes: readonly (number | null)[];
  /** λ1: the slowest relaxation rate. */
  readonly slowestRelaxationRate: number | null;
  /**
   * The same from the rate network of Langer's rates between the minima (harmonic, O(D/ΔU)); with
   * `notApplicable` (and no rates) where no transition has a Langer rate.
   */
  readonly network: {
    readonly relaxationRates: readonly number[];
    readonly notApplicable: string | null;
  } | null;
  readonly grids: GridSpectrum['grids'];
  readonly warnings: readonly string[];
}

function requireCount(n: number): number {
  if (!Number.isInteger(n) || n < 2 || n > 20) {
    throw new KramersError('invalid_parameter', `n must be a whole number from 2 to 20; got ${n}`, {
      issues: [{ path: 'n', message: 'out of range' }],
    });
  }
  return n;
}

/**
 * The box-wall check of a spectrum: the walls against the deepest minimum and the lowest saddle
 * between minima (the slowest mode's), as a passage's check compares them with its own.
 */
function wallWarnings(p: PreparedProblemND): string[] {
  const { minima, saddles, transitions } = p.landscape;
  const between = transitions.filter((t) => typeof t.to === 'number');
  const saddleUs = between.map((t) => p.potential.U(saddles[t.saddle]!.x));
  const deepest = Math.min(...minima.map((m) => p.potential.U(m.x)));
  const walls = boxWallsND(
    p,
    deepest,
    saddleUs.length > 0 ? Math.min(...saddleUs) : null,
    'the deepest minimum',
  );
  return walls ? [walls.warning] : [];
}

/**
 * The lowest eigenvalues of the 2-D Smoluchowski operator (1/γ)(D∆ − ∇U·∇) on the box with
 * reflecting walls, in the detailed-balance grid discretisation, extrapolated over a ladder of
 * grids with an error for each (docs/exact2d.md); beside them the relaxation rates of the Langer
 * rate network, which they approach as D/ΔU → 0.
 */
export function spectrumND(
  problem: SpectrumRequestND | PreparedProblemND,
  settings: SpectrumRequestND = problem as SpectrumRequestND,
): SpectrumReportND {
  if (!isPreparedND(problem)) checkProblem(problem, SPECTRUM_ND_KEYS, 'spectrumND');
  if (settings !== problem) checkProblem(settings, SPECTRUM_ND_KEYS, 'spectrumND');
  const p = prepareND(problem);
  const n = requireCount(settings.n ?? 5);
  const why = gridNotApplicable(p);
  if (why) throw new KramersError('invalid_parameter', `spectrum: ${why}`);
  const tolerance = settings.tolerance ?? 1e-4;
  const ladder = budgetedLadder(
    p,
    settings.grid ?? DEFAULT_FINEST_NODES,
    'the 2-D Smoluchowski spectrum',
    settings.budgetSeconds,
    3,
  );
  const result = gridSpectrum(gridProblemOf(p), ladder, n, tolerance);
  const network = p.landscape.minima.length > 1 ? networkOf(p, 'langer') : null;
  const warnings = [...p.warnings, ...wallWarnings(p)];
  if (result.retcode !== 'success') {
    warnings.push(
      `the eigenvalues did not all reach the relative tolerance ${tolerance}: give a finer --grid`,
    );
  }
  // λ1 as the rate between wells needs the gap to the intrawell modes: λ2/λ1 for two wells, the
  // n-th over the (n−1)-th for n (the 1-D spectrum's test and words).
  const wells = p.landscape.minima.length;
  const [, l1, l2] = result.eigenvalues;
  if (wells >= 2 && l1 !== undefined && l2 !== undefined && l1 > 0) {
    warnings.push(...separationWarnings(result.eigenvalues, wells, twoStateGapWarnings(l2 / l1)));
  }
  return {
    retcode: result.retcode,
    dimension: p.dimension,
    coordinates: p.coordinates,
    potential: p.summary,
    D: p.D,
    gamma: p.gamma,
    box: p.box,
    eigenvalues: result.eigenvalues,
    errors: result.errors,
    relaxationTimes: result.eigenvalues.map((l, j) => (j === 0 || !(l > 0) ? null : 1 / l)),
    slowestRelaxationRate: result.eigenvalues[1] ?? null,
    network: network
      ? { relaxationRates: network.relaxationRates, notApplicable: network.notApplicable }
      : null,
    grids: result.grids,
    warnings,
  };
}
