import { adaptiveGaussLegendre, KramersError, type Potential1D } from '../core/index.js';
import type { BasinProjections } from './kleinKramersSpectrum.js';
import type { Spectrum } from './smoluchowski.js';

export interface ModeRateMatrix {
  /**
   * K[i][j] (i ≠ j) ≥ 0 is the rate from well i to well j (1/time); K[i][i] = −Σ_{j≠i} K[i][j]
   * with both ends reflecting (rows sum to 0; an absorbing end adds a loss). Wells are sorted
   * by position. dp/dt = Kᵀp for the well populations p.
   */
  matrix: number[][];
  /** Equilibrium population of each well's basin (sums to 1), split at the barrier tops. */
  populations: number[];
}

function invalid(path: string, message: string): KramersError {
  return new KramersError('invalid_parameter', message, { issues: [{ path, message }] });
}

/** Linear interpolation of grid values at x (clamped to the grid). */
function at(x: Float64Array, f: Float64Array, position: number): number {
  const n = x.length;
  if (position <= x[0]!) return f[0]!;
  if (position >= x[n - 1]!) return f[n - 1]!;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid]! <= position) lo = mid;
    else hi = mid;
  }
  const t = (position - x[lo]!) / (x[hi]! - x[lo]!);
  return f[lo]! + t * (f[hi]! - f[lo]!);
}

/** Solves A X = B (small dense, partial pivoting); A is m×m, B m×m; returns X. */
function solve(A: number[][], B: number[][]): number[][] {
  const m = A.length;
  const a = A.map((row, i) => [...row, ...B[i]!]);
  for (let col = 0; col < m; col++) {
    let piv = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[piv]![col]!)) piv = r;
    [a[col], a[piv]] = [a[piv]!, a[col]!];
    const d = a[col]![col]!;
    if (!(Math.abs(d) > 0)) return [];
    for (let r = 0; r < m; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / d;
      if (f === 0) continue;
      for (let c = col; c < 2 * m; c++) a[r]![c] = a[r]![c]! - f * a[col]![c]!;
    }
  }
  return a.map((row, i) => row.slice(m).map((v) => v / a[i]![i]!));
}

/**
 * The m-well rate matrix from the m slowest modes (m = number of wells): with Φ_{ik} = φ_k(x_i),
 * the backward eigenfunctions at the well bottoms (nearly constant across each basin when the
 * barriers are high), the backward equation K Φ = Φ diag(−λ) gives K = Φ diag(−λ) Φ⁻¹
 * (Schütte & Sarich, Metastability and Markov State Models, 2013; Bovier et al., JEMS 2004 for
 * λ_k ≈ rates of the reduced chain). The slowest m eigenvalues must be well separated from the
 * rest (spectrum.gap, or the (m+1)-th eigenvalue ≫ the m-th); K_ij ≥ 0 then holds for i ≠ j.
 * For two wells K_01 + K_10 = λ1 and p_0 K_01 = p_1 K_10 (detailed balance).
 *
 * @param spectrum from smoluchowskiSpectrum, with n ≥ number of wells.
 * @param wellPositions well bottoms (length units), any order; at least two.
 * @param barrierPositions barrier tops; between each pair of neighbouring wells the one with the
 *   lowest equilibrium density (highest U) splits the basins.
 * @returns matrix (1/time) and populations (dimensionless), rows/columns = wells sorted by x.
 * @example
 * rateMatrixFromModes(smoluchowskiSpectrum({ potential: potentialFromExpression('x^4/4 - x^2/2'), D: 0.25, n: 2, tolerance: 1e-10, searchDomain: { min: -1.5, max: 1.5 } }), [-1, 1], [0]).matrix[0][1] * 2; // => 0.187170418087099
 */
export function rateMatrixFromModes(
  spectrum: Spectrum,
  wellPositions: number[],
  barrierPositions: number[],
): ModeRateMatrix {
  if (!Array.isArray(wellPositions) || wellPositions.length < 2) {
    throw invalid('wellPositions', 'wellPositions needs at least two wells');
  }
  if (!Array.isArray(barrierPositions)) {
    throw invalid('barrierPositions', 'barrierPositions must be an array of positions');
  }
  for (const w of [...wellPositions, ...barrierPositions]) {
    if (!Number.isFinite(w)) throw invalid('wellPositions', `positions must be finite; got ${w}`);
  }
  const wells = [...wellPositions].sort((p, q) => p - q);
  const m = wells.length;
  const { x, eigenfunctions, eigenvalues, equilibriumDensity } = spectrum;
  if (eigenfunctions.length < m) {
    throw invalid(
      'wellPositions',
      `${m} wells need n ≥ ${m} modes; the spectrum has ${eigenfunctions.length}`,
    );
  }
  const lo = x[0]!;
  const hi = x[x.length - 1]!;
  if (wells[0]! < lo || wells[m - 1]! > hi) {
    throw invalid('wellPositions', `wells must lie on the spectrum's grid [${lo}, ${hi}]`);
  }
  for (let i = 1; i < m; i++) {
    if (!(wells[i]! > wells[i - 1]!)) throw invalid('wellPositions', 'well positions must differ');
  }
  // Basin boundaries: the barrier of highest U (lowest density) between neighbouring wells.
  const splits: number[] = [];
  for (let i = 0; i + 1 < m; i++) {
    const between = barrierPositions.filter((s) => s > wells[i]! && s < wells[i + 1]!);
    if (between.length === 0) {
      throw invalid(
        'barrierPositions',
        `no barrier between the wells at ${wells[i]} and ${wells[i + 1]}`,
      );
    }
    between.sort((p, q) => at(x, equilibriumDensity, p) - at(x, equilibriumDensity, q));
    splits.push(between[0]!);
  }
  // Populations: the density integrated (midpoint rule on the cells) over each basin.
  const populations = new Array<number>(m).fill(0);
  const h = x.length > 2 ? x[2]! - x[1]! : x[1]! - x[0]!;
  let basin = 0;
  for (let j = 0; j < x.length; j++) {
    while (basin < m - 1 && x[j]! > splits[basin]!) basin++;
    populations[basin] = populations[basin]! + equilibriumDensity[j]! * h;
  }
  const total = populations.reduce((s, p) => s + p, 0);
  for (let i = 0; i < m; i++) populations[i] = populations[i]! / total;

  const Phi = wells.map((w) => eigenfunctions.slice(0, m).map((f) => at(x, f, w)));
  const identity = wells.map((_, i) => wells.map((__, j) => (i === j ? 1 : 0)));
  const inverse = solve(Phi, identity);
  if (inverse.length === 0) {
    throw invalid('wellPositions', 'the eigenfunctions do not separate these wells (singular Φ)');
  }
  const matrix = wells.map((_, i) =>
    wells.map((__, j) => {
      let s = 0;
      for (let k = 0; k < m; k++) s += Phi[i]![k]! * -eigenvalues[k]! * inverse[k]![j]!;
      return s;
    }),
  );
  return { matrix, populations };
}

export interface ProjectedRateMatrix {
  /** K[i][j] (i ≠ j): rate from well i to well j (1/time), rows summing to 0; wells by position. */
  readonly matrix: number[][];
  /** Absolute error estimate of each element (eigenvalue errors and eigenvector changes). */
  readonly errors: number[][];
}

/**
 * K from basin projections Q (basins × modes) and the slow decay rates: the populations of the
 * basins relax as p(t) = Σ_k a_k Q_{·k} e^{−λ_k t} once the fast modes have died, so a Markov
 * chain dp/dt = Kᵀp over the basins reproducing them has Kᵀ Q = −Q Λ, K = (−Q Λ Q⁻¹)ᵀ (the
 * overdamped rateMatrixFromModes is the same construction from the backward side: Schütte &
 * Sarich 2013; Bovier et al., JEMS 2004). Column 0 is the exact equilibrium (the populations,
 * λ0 = 0), so Kᵀp = 0; the columns k ≥ 1 lose their sum (Σ_i Q_ik = 0 exactly, the right
 * eigenvectors being orthogonal to the constant left one; the discretisation leaves ~1e-12), so
 * rows sum to 0. For two wells this is k_ab = λ1 p_b, k_ba = λ1 p_a whatever Q.
 */
function assemble(modes: number[][], lambda: readonly number[], p: readonly number[]) {
  const m = p.length;
  const Q = p.map((pi, i) =>
    modes.map((q, k) => {
      if (k === 0) return pi;
      const total = q.reduce((s, v) => s + v, 0);
      return q[i]! - total * pi;
    }),
  );
  const identity = p.map((_, i) => p.map((__, j) => (i === j ? 1 : 0)));
  const inverse = solve(Q, identity);
  if (inverse.length === 0) return null;
  const term = (i: number, j: number, k: number) => Q[j]![k]! * inverse[k]![i]!;
  const matrix = p.map((_, i) =>
    p.map((__, j) => {
      let s = 0;
      for (let k = 1; k < m; k++) s -= term(i, j, k) * lambda[k]!;
      return s;
    }),
  );
  for (let i = 0; i < m; i++) {
    matrix[i]![i] = 0;
    matrix[i]![i] = -matrix[i]!.reduce((s, v) => s + v, 0);
  }
  return { matrix, term };
}

/**
 * The n-well rate matrix of the Klein–Kramers operator from its n slowest modes (see assemble).
 * Why it holds although the operator is not self-adjoint: the slow eigenvalues are real (they
 * continue the overdamped ones, Risken 1989 §10.4; the solver finds them real), and the left
 * eigenvectors of the slow modes are ≈ constant on each basin in x and v (the committor-like
 * functions of metastability: Schütte & Sarich 2013, Bovier et al. 2004), so projecting the
 * right eigenvectors' position marginals on the basins loses only the small barrier regions;
 * detailed balance p_i K_ij = p_j K_ji then holds to the same order, from the dynamics'
 * time-reversal symmetry v → −v (Risken 1989 §6.1). Errors: each λ_k's error through ∂K/∂λ_k,
 * plus the change of K between the level behind the eigenvalues and each level refined from it.
 *
 * @param modes Q[k][i]: mode k's position marginal integrated over basin i (k = 0: equilibrium).
 * @param populations equilibrium basin populations (sum to 1).
 */
export function rateMatrixFromProjections(
  projections: BasinProjections,
  eigenvalues: readonly number[],
  errors: readonly number[],
  populations: readonly number[],
): ProjectedRateMatrix {
  const m = populations.length;
  if (projections.base.length !== m || eigenvalues.length < m || errors.length < m) {
    throw invalid('modes', `${m} wells need ${m} slow modes; got ${projections.base.length}`);
  }
  const base = assemble(projections.base, eigenvalues, populations);
  if (!base) {
    throw invalid('modes', 'the slow modes do not separate the basins (singular projection)');
  }
  const elementErrors = base.matrix.map((row, i) =>
    row.map((_, j) => {
      let e = 0;
      for (let k = 1; k < m; k++) e += Math.abs(base.term(i, j, k)) * errors[k]!;
      return e;
    }),
  );
  // A refinement the caps left out: the projections' change in it is taken as large as the
  // eigenvalues' relative error (both come from the same truncation), and the result says
  // not_converged anyway.
  if (!projections.complete) {
    const relative = Math.max(...errors.slice(1, m).map((e, k) => e / eigenvalues[k + 1]!));
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        let scale = 0;
        for (let k = 1; k < m; k++) scale += Math.abs(base.term(i, j, k)) * eigenvalues[k]!;
        elementErrors[i]![j]! += relative * scale;
      }
    }
  }
  for (const modes of projections.refined) {
    const other = assemble(modes, eigenvalues, populations);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        const change = other ? Math.abs(other.matrix[i]![j]! - base.matrix[i]![j]!) : Infinity;
        elementErrors[i]![j]! += change;
      }
    }
  }
  return { matrix: base.matrix, errors: elementErrors };
}

/**
 * Basin boundaries of wells on a line: between neighbouring wells the barrier of highest U (as
 * rateMatrixFromModes splits the overdamped basins), ascending.
 */
export function basinSplits(
  wells: readonly number[],
  barriers: readonly { readonly x: number; readonly U: number }[],
): number[] {
  const xs = [...wells].sort((a, b) => a - b);
  return xs.slice(1).map((right, i) => {
    const between = barriers.filter((b) => b.x > xs[i]! && b.x < right);
    if (between.length === 0) {
      throw invalid('barrierPositions', `no barrier between the wells at ${xs[i]} and ${right}`);
    }
    return between.reduce((a, b) => (b.U > a.U ? b : a)).x;
  });
}

/**
 * Equilibrium populations ∫ e^{−(U − uRef)/D} over [cuts_i, cuts_{i+1}], normalised to sum 1
 * (uRef, e.g. the lowest well bottom, only keeps the weights in range).
 */
export function basinPopulations(
  potential: Potential1D,
  D: number,
  cuts: readonly number[],
  uRef: number,
): number[] {
  const weight = (x: number) => Math.exp(-(potential.U(x) - uRef) / D);
  const parts = cuts
    .slice(1)
    .map((b, i) => adaptiveGaussLegendre(weight, cuts[i]!, b, { relTol: 1e-12 }).value);
  const total = parts.reduce((a, b) => a + b, 0);
  return parts.map((p) => p / total);
}
