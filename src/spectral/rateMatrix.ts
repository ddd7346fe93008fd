import { adaptiveGaussLegendre, KramersError, type Potential1D } from '../core/index.js';
import type { BasinProjections } from './kleinKramersSpectrum.js';
import type { Spectrum } from './smoluchowski.js';

export interface ModeRateMatrix {
  /**
   * K[i][j] (i ≠ j) is the rate from well i to well j (1/time); K[i][i] = −Σ_{j≠i} K[i][j]
   * with both ends reflecting (rows sum to 0; an absorbing end adds a loss). Wells are sorted
   * by position. dp/dt = Kᵀp for the well populations p. Wells that are not neighbours get 0
   * (on a line every passage runs through the wells between), with their noise as the error.
   */
  matrix: number[][];
  /**
   * Absolute error estimate of each element: the eigenvectors' numerical errors (rounding and
   * grid) and the eigenvalues' errors propagated through K = −ΦΛΦ⁻¹,
   * and for an element taken by detailed balance the populations' errors too.
   */
  errors: number[][];
  /** Equilibrium population of each well's basin (sums to 1), split at the barrier tops. */
  populations: number[];
  /** Absolute error of each population. */
  populationErrors: number[];
  /** Elements that are not rates: negative, or with an error not small against them. */
  warnings: string[];
}

/** Optional input of rateMatrixFromModes: the potential, for populations by quadrature. */
export interface ModeRateOptions {
  /** With D: basin populations integrate e^{−U/D} cut exactly at the barrier tops. */
  readonly potential?: Potential1D;
  /** Noise intensity the spectrum was computed at (energy). */
  readonly D?: number;
}

/** An element whose error exceeds this fraction of it is reported as not converged. */
export const ELEMENT_TOLERANCE = 1e-3;

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

/** Checked, sorted wells and the basin boundaries between them (the highest barrier each). */
function wellsAndSplits(spectrum: Spectrum, wellPositions: number[], barrierPositions: number[]) {
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
  const { x, eigenfunctions, equilibriumDensity } = spectrum;
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
  return { wells, splits };
}

/**
 * ∫ e^{−(U − U_ref)/D} over [cuts_i, cuts_{i+1}] in two pieces split at the well bottom (the
 * peak), each by adaptive Gauss–Legendre: a first pass for the scale, a second with an absolute
 * tolerance 1e-15 of the total (a relative one set by a piece's first 20-point estimate misses a
 * narrow peak and exhausts the interval budget: error 4e-7 for a 0.1 basin at D = 0.04).
 */
function quadraturePopulations(potential: Potential1D, D: number, wells: number[], cuts: number[]) {
  const uRef = Math.min(...wells.map((w) => potential.U(w)));
  const weight = (t: number) => Math.exp(-(potential.U(t) - uRef) / D);
  const pieces = (absTol: number) =>
    wells.map((w, i) => {
      const a = adaptiveGaussLegendre(weight, cuts[i]!, w, { relTol: 1e-13, absTol });
      const b = adaptiveGaussLegendre(weight, w, cuts[i + 1]!, { relTol: 1e-13, absTol });
      return { value: a.value + b.value, error: a.error + b.error };
    });
  const rough = pieces(0).reduce((s, q) => s + q.value, 0);
  const parts = pieces(1e-15 * rough);
  const total = parts.reduce((s, q) => s + q.value, 0);
  const totalError = parts.reduce((s, q) => s + q.error, 0);
  const populations = parts.map((q) => q.value / total);
  // δp_i ≤ δZ_i/Z + p_i δZ/Z, plus rounding of the sums (1e-15 relative).
  const errors = parts.map(
    (q, i) => (q.error + populations[i]! * totalError) / total + 1e-15 * populations[i]!,
  );
  return { populations, errors };
}

/**
 * Basin populations cut exactly at the splits. With the potential: e^{−U/D} by adaptive
 * quadrature over [a, b] (the grid's cell faces: the walls, or natural ends where the weight is
 * < 1e-25), errors from the quadrature's estimate plus rounding. Without it: the grid's cells,
 * the cell holding a split shared in proportion, with that cell's whole weight as the error
 * (an O(h) bound). Why the exact cut: whole cells cut at a cell face moved p_b by O(h ρ(x_s)),
 * 2e-3 of the rate of x⁴/4 − x²/2 + 0.2x at D = 0.1, beyond the error the route reported.
 */
function populationsOf(
  spectrum: Spectrum,
  wells: number[],
  splits: number[],
  options: ModeRateOptions,
) {
  const { x, equilibriumDensity: rho } = spectrum;
  const n = x.length;
  const h = n > 2 ? x[2]! - x[1]! : x[1]! - x[0]!;
  const m = splits.length + 1;
  if (options.potential && options.D !== undefined && Number.isFinite(options.D)) {
    return quadraturePopulations(options.potential, options.D, wells, [
      x[0]! - h / 2,
      ...splits,
      x[n - 1]! + h / 2,
    ]);
  }
  const populations = new Array<number>(m).fill(0);
  const errors = new Array<number>(m).fill(0);
  let basin = 0;
  for (let j = 0; j < n; j++) {
    const left = x[j]! - h / 2;
    while (basin < m - 1 && left >= splits[basin]!) basin++;
    const cell = rho[j]! * h;
    const s = splits[basin];
    if (basin < m - 1 && s !== undefined && x[j]! + h / 2 > s) {
      const share = (s - left) / h;
      populations[basin] = populations[basin]! + cell * share;
      populations[basin + 1] = populations[basin + 1]! + cell * (1 - share);
      errors[basin] = errors[basin]! + cell;
      errors[basin + 1] = errors[basin + 1]! + cell;
    } else populations[basin] = populations[basin]! + cell;
  }
  const total = populations.reduce((s, p) => s + p, 0);
  return { populations: populations.map((p) => p / total), errors: errors.map((e) => e / total) };
}

/**
 * ε_ik, the numerical error of φ_k(x_i): the rounding of the cumulative sum that built φ_k from
 * the partner vector (grid points × ε, max |φ_k| = 1: this is what swamped the deep wells' rows)
 * plus, for the grid's O(h²) error, the relative error of λ_k from the same levels. Not included:
 * how far φ_k varies across a basin, which sets how close this K is to other definitions of the
 * rates (O(e^{−ΔU/D}), the difference the route's "vs exact" shows), not its accuracy.
 */
function eigenvectorErrors(spectrum: Spectrum, m: number): number[][] {
  const { x, eigenvalues, errors } = spectrum;
  const floor = x.length * Number.EPSILON;
  const row = eigenvalues
    .slice(0, m)
    .map((l, k) => (k === 0 ? 0 : floor + Math.abs((errors[k] ?? 0) / l)));
  return Array.from({ length: m }, () => [...row]);
}

/**
 * K = −ΦΛΦ⁻¹ and each element's error to first order: δK = −(δΦ Λ + Φ δΛ + K δΦ) Φ⁻¹, bounded
 * with |δΦ_ik| ≤ ε_ik and |δλ_k| ≤ the spectrum's errors.
 */
function rawMatrix(spectrum: Spectrum, wells: number[], eps: number[][]) {
  const m = wells.length;
  const { x, eigenfunctions, eigenvalues, errors } = spectrum;
  const Phi = wells.map((w) => eigenfunctions.slice(0, m).map((f) => at(x, f, w)));
  const identity = wells.map((_, i) => wells.map((__, j) => (i === j ? 1 : 0)));
  const inverse = solve(Phi, identity);
  if (inverse.length === 0) {
    throw invalid('wellPositions', 'the eigenfunctions do not separate these wells (singular Φ)');
  }
  const K = wells.map((_, i) =>
    wells.map((__, j) => {
      let s = 0;
      for (let k = 0; k < m; k++) s += Phi[i]![k]! * -eigenvalues[k]! * inverse[k]![j]!;
      return s;
    }),
  );
  const E = wells.map((_, i) =>
    wells.map((__, k) => {
      let e = eps[i]![k]! * eigenvalues[k]! + Math.abs(Phi[i]![k]!) * (errors[k] ?? 0);
      for (let l = 0; l < m; l++) e += Math.abs(K[i]![l]!) * eps[l]![k]!;
      return e;
    }),
  );
  const dK = wells.map((_, i) =>
    wells.map((__, j) => {
      let e = 0;
      for (let k = 0; k < m; k++) e += E[i]![k]! * Math.abs(inverse[k]![j]!);
      return e;
    }),
  );
  return { K, dK };
}

/**
 * Each pair of neighbouring wells from the better-conditioned side, the other by detailed balance
 * p_i K_ij = p_j K_ji (Risken 1989 §6.1). Why: in a deep well's row K_ij is λ_k times φ_k's tiny
 * value there, so an eigenvector error ε·λ_k swamps a true rate ~e^{−ΔU/D} (seen: 2.9e-18 for
 * 5.4e-20 in x⁶/6 − 5x⁴/4 + 2x² at D = 0.05); the shallow well's row holds the large rate, accurate
 * relative to itself. The side with the smaller relative error is taken. Wells that are not
 * neighbours get 0 with their raw noise as the error.
 */
function balanced(raw: number[][], dK: number[][], p: number[], dp: number[]) {
  const m = p.length;
  const matrix = raw.map((row) => row.map(() => 0));
  const errors = raw.map((row) => row.map(() => 0));
  const relative = (i: number, j: number) =>
    raw[i]![j]! > 0 ? dK[i]![j]! / raw[i]![j]! : Number.POSITIVE_INFINITY;
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      if (j > i + 1) {
        errors[i]![j] = Math.abs(raw[i]![j]!) + dK[i]![j]!;
        errors[j]![i] = Math.abs(raw[j]![i]!) + dK[j]![i]!;
        continue;
      }
      const [a, b] = relative(i, j) <= relative(j, i) ? [i, j] : [j, i];
      const r = relative(a, b);
      matrix[a]![b] = raw[a]![b]!;
      errors[a]![b] = dK[a]![b]!;
      if (!Number.isFinite(r)) {
        // Neither side positive: no rate; the raw values stand, with errors at least as large.
        matrix[b]![a] = raw[b]![a]!;
        errors[a]![b] = Math.max(dK[a]![b]!, Math.abs(raw[a]![b]!));
        errors[b]![a] = Math.max(dK[b]![a]!, Math.abs(raw[b]![a]!));
        continue;
      }
      matrix[b]![a] = (raw[a]![b]! * p[a]!) / p[b]!;
      errors[b]![a] = matrix[b]![a]! * (r + dp[a]! / p[a]! + dp[b]! / p[b]!);
    }
  }
  for (let i = 0; i < m; i++) {
    matrix[i]![i] = -matrix[i]!.reduce((s, v) => s + v, 0);
    errors[i]![i] = errors[i]!.reduce((s, v) => s + v, 0);
  }
  return { matrix, errors };
}

/** What in a balanced matrix is not a rate: negative neighbour elements, or large errors. */
function elementWarnings(matrix: number[][], errors: number[][]): string[] {
  const bad: string[] = [];
  const loose: string[] = [];
  for (let i = 0; i < matrix.length; i++) {
    for (const j of [i - 1, i + 1]) {
      if (j < 0 || j >= matrix.length) continue;
      const v = matrix[i]![j]!;
      const e = errors[i]![j]!;
      const text = `K[${i}][${j}] = ${Number(v.toPrecision(3))} ± ${Number(e.toPrecision(2))}`;
      if (!(v > 0) || !(e < v)) bad.push(text);
      else if (e > ELEMENT_TOLERANCE * v) loose.push(text);
    }
  }
  const out: string[] = [];
  if (bad.length > 0) {
    out.push(
      `${bad.join(', ')}: not a rate (negative, or its error as large as itself): the slow modes do not resolve these wells (too shallow, or too little time-scale separation)`,
    );
  }
  if (loose.length > 0) {
    out.push(
      `${loose.join(', ')}: error above ${ELEMENT_TOLERANCE} of the element (the eigenvectors are not accurate enough for it)`,
    );
  }
  return out;
}

/**
 * The m-well rate matrix from the m slowest modes (m = number of wells): with Φ_{ik} = φ_k(x_i),
 * the backward eigenfunctions at the well bottoms (nearly constant across each basin when the
 * barriers are high), the backward equation K Φ = Φ diag(−λ) gives K = Φ diag(−λ) Φ⁻¹
 * (Schütte & Sarich, Metastability and Markov State Models, 2013; Bovier et al., JEMS 2004 for
 * λ_k ≈ rates of the reduced chain). Each pair of neighbouring wells is then taken from the row
 * whose element is relatively accurate (the shallower well's) and the other element follows from
 * detailed balance p_i K_ij = p_j K_ji (see balanced); wells that are not neighbours get 0.
 * Every element carries an error estimate (see rawMatrix, eigenvectorErrors), and `warnings`
 * names the elements that are not rates or whose error exceeds ELEMENT_TOLERANCE of them.
 * For two wells K_01 + K_10 = λ1 up to the errors and p_0 K_01 = p_1 K_10.
 *
 * @param spectrum from smoluchowskiSpectrum, with n ≥ number of wells.
 * @param wellPositions well bottoms (length units), any order; at least two.
 * @param barrierPositions barrier tops; between each pair of neighbouring wells the one with the
 *   lowest equilibrium density (highest U) splits the basins.
 * @param options the potential and D: populations by quadrature cut at the barrier tops
 *   (without: the grid's cells, an O(h) error, reported).
 * @returns matrix and errors (1/time), populations with errors (dimensionless), warnings;
 *   rows/columns = wells sorted by x.
 * @example
 * rateMatrixFromModes(smoluchowskiSpectrum({ potential: potentialFromExpression('x^4/4 - x^2/2'), D: 0.25, n: 2, tolerance: 1e-10, searchDomain: { min: -1.5, max: 1.5 } }), [-1, 1], [0]).matrix[0][1] * 2; // => 0.187170418087099
 */
export function rateMatrixFromModes(
  spectrum: Spectrum,
  wellPositions: number[],
  barrierPositions: number[],
  options: ModeRateOptions = {},
): ModeRateMatrix {
  const { wells, splits } = wellsAndSplits(spectrum, wellPositions, barrierPositions);
  const { populations, errors: populationErrors } = populationsOf(spectrum, wells, splits, options);
  const eps = eigenvectorErrors(spectrum, wells.length);
  const { K, dK } = rawMatrix(spectrum, wells, eps);
  const { matrix, errors } = balanced(K, dK, populations, populationErrors);
  return {
    matrix,
    errors,
    populations,
    populationErrors,
    warnings: elementWarnings(matrix, errors),
  };
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
