import { combineRetcodes, KramersError, type RetCode } from '../core/index.js';
import {
  type EscapeProblem,
  type PotentialSummary,
  type PreparedProblem,
  prepare,
  transitionOf,
} from '../problem/index.js';
import { ROUTES } from '../routes/index.js';
import {
  rateMatrixFromModes,
  separationWarnings,
  smoluchowskiSpectrum,
  symmetricEigenvalues,
} from '../spectral/index.js';

/** A rate matrix between wells with what follows from it. */
export interface WellRateMatrix {
  /** K[i][j] (i ≠ j): one-way rate from well i to well j (1/time); rows sum to 0. */
  readonly matrix: readonly (readonly number[])[];
  /** Equilibrium well populations (sum to 1). */
  readonly populations: readonly number[];
  /** Relaxation times 1/|μ| of the non-zero eigenvalues μ of K, slowest first. */
  readonly relaxationTimes: readonly number[];
}

export interface RateMatrixReport {
  /** The exact matrix's and the spectrum's outcome (the worse of the two). */
  readonly retcode: RetCode;
  readonly potential: PotentialSummary;
  readonly D: number;
  readonly gamma: number;
  /** Well bottoms, sorted by x (row/column order of the matrices). */
  readonly wells: readonly number[];
  /** From exact mean first-passage times: K_ij = π_j(x_i)/T_i (splitting over MFPT to a neighbour). */
  readonly exact: WellRateMatrix;
  /** From the lowest n Fokker-Planck modes: K = Φ diag(−λ) Φ⁻¹. */
  readonly modes: WellRateMatrix;
  readonly warnings: readonly string[];
}

/**
 * Populations and relaxation times of a detailed-balance rate matrix on a chain of wells:
 * p_{i+1}/p_i = K_{i,i+1}/K_{i+1,i}, and the eigenvalues of the symmetrised √(p_i/p_j) K_ij.
 */
function chainProperties(matrix: number[][], populations?: readonly number[]): WellRateMatrix {
  const n = matrix.length;
  let p = populations ? [...populations] : [1];
  if (!populations) {
    for (let i = 0; i + 1 < n; i++) p.push(p[i]! * (matrix[i]![i + 1]! / matrix[i + 1]![i]!));
    const total = p.reduce((s, v) => s + v, 0);
    p = p.map((v) => v / total);
  }
  const symmetric = matrix.map((row, i) =>
    row.map((k, j) => (i === j ? k : Math.sqrt(k * matrix[j]![i]!))),
  );
  const eigenvalues = symmetricEigenvalues(symmetric);
  // The largest eigenvalue is the zero mode (rows sum to 0); the rest are the relaxation rates.
  const relaxationTimes = eigenvalues
    .slice(0, n - 1)
    .map((mu) => 1 / Math.abs(mu))
    .sort((a, b) => b - a);
  return { matrix, populations: p, relaxationTimes };
}

/**
 * The rate matrix between neighbouring wells from exact mean first-passage times (see
 * {@link wellRateMatrix}), with populations and relaxation times from detailed balance.
 */
export function exactWellRateMatrix(
  prepared: PreparedProblem,
  warnings: string[],
  tolerance?: number,
): WellRateMatrix & { readonly retcode: RetCode } {
  const { landscape } = prepared;
  const n = landscape.wells.length;
  const exact = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const codes: RetCode[] = [];
  for (const t of landscape.transitions) {
    if (typeof t.to !== 'number') continue;
    const passage = transitionOf(prepared, { from: t.from, to: t.to });
    const r = ROUTES.exact.run(passage, tolerance !== undefined ? { tolerance } : {});
    warnings.push(...r.warnings);
    codes.push(r.retcode);
    exact[t.from]![t.to] = r.rate ?? 0;
  }
  for (let i = 0; i < n; i++)
    exact[i]![i] = -exact[i]!.reduce((s, v, j) => (j === i ? s : s + v), 0);
  return { ...chainProperties(exact), retcode: combineRetcodes(codes) };
}

/**
 * The n×n rate matrix between the wells of a confining potential, twice and independently: from
 * exact mean first-passage times (a well with neighbours on both sides escapes to j with rate
 * π_j(x_i)/T_i, the splitting probability over the MFPT to either neighbour; Gardiner) and from
 * the lowest n modes of the Fokker-Planck operator. Both carry equilibrium populations and
 * relaxation times; they agree up to terms that vanish as e^{−ΔU/D}.
 */
export function wellRateMatrix(
  problem: EscapeProblem & { readonly tolerance?: number } = {},
): RateMatrixReport {
  const resolved = prepare(problem);
  const { landscape } = resolved;
  const n = landscape.wells.length;
  if (n < 2) {
    throw new KramersError(
      'no_barrier',
      `a rate matrix needs at least two wells; U = ${resolved.summary.expression} has ${n}`,
      {
        issues: [{ path: 'expression', message: 'fewer than two wells' }],
      },
    );
  }
  if (landscape.edges.left !== 'confining' || landscape.edges.right !== 'confining') {
    throw new KramersError(
      landscape.edges.left === 'open' || landscape.edges.right === 'open'
        ? 'unbounded_below'
        : 'invalid_domain',
      'a rate matrix between wells needs a potential that confines on both sides (or a domain with walls); here U falls away or levels off on a side',
      {
        issues: [{ path: 'expression', message: 'open side' }],
        hint: 'give --domain a:b to put reflecting walls at the ends',
      },
    );
  }
  const warnings = [...resolved.warnings];
  const { retcode, ...exact } = exactWellRateMatrix(resolved, warnings, problem.tolerance);
  const spectrum = smoluchowskiSpectrum({
    potential: resolved.potential,
    D: resolved.D,
    gamma: resolved.gamma,
    n: n + 1,
    ...(landscape.domainSource === 'given'
      ? { domain: landscape.domain }
      : { searchDomain: landscape.domain }),
  });
  warnings.push(...separationWarnings(spectrum.eigenvalues, n, spectrum.warnings));
  const modes = rateMatrixFromModes(
    spectrum,
    landscape.wells.map((w) => w.x),
    landscape.barriers.map((b) => b.x),
    { potential: resolved.potential, D: resolved.D },
  );
  // Elements that are not rates, or not to ELEMENT_TOLERANCE: named, and not_converged.
  warnings.push(...modes.warnings);
  const modesRetcode = modes.warnings.length > 0 ? 'not_converged' : 'success';
  return {
    retcode: combineRetcodes([retcode, spectrum.retcode, modesRetcode]),
    potential: resolved.summary,
    D: resolved.D,
    gamma: resolved.gamma,
    wells: landscape.wells.map((w) => w.x),
    exact,
    modes: {
      matrix: modes.matrix,
      populations: modes.populations,
      relaxationTimes: spectrum.eigenvalues.slice(1, n).map((l) => 1 / l),
    },
    warnings: [...new Set(warnings)],
  };
}
