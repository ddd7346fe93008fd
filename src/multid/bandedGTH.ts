/**
 * A banded system of the form of a Markov generator with killing:
 *
 *   (a_i + Σ_{j≠i} p_ij) x_i − Σ_{j≠i} p_ij x_j = r_i,   p_ij ≥ 0, a_i ≥ 0,
 *
 * with p_ij ≠ 0 only for |i − j| ≤ b. It is what the backward equation of a detailed-balance
 * discretisation becomes (p the jump rates between grid nodes, a the rate of being absorbed), and
 * what a shift-invert step solves (a = the shift).
 */
export interface BandedGenerator {
  readonly n: number;
  readonly bandwidth: number;
  /** Couplings above the diagonal: p_ij for j = i+1…i+b at i·b + (j − i − 1). */
  readonly upper: Float64Array;
  /** Couplings below the diagonal: p_ij for j = i−b…i−1 at i·b + (j − i + b). */
  readonly lower: Float64Array;
  /** The killing (absorption) rate a_i of each row. */
  readonly absorption: Float64Array;
}

/** An empty banded generator of n rows and half-bandwidth b. */
export function bandedGenerator(n: number, bandwidth: number): BandedGenerator {
  return {
    n,
    bandwidth,
    upper: new Float64Array(n * bandwidth),
    lower: new Float64Array(n * bandwidth),
    absorption: new Float64Array(n),
  };
}

/** Adds the coupling p_ij (i ≠ j, |i − j| ≤ b). */
export function addCoupling(g: BandedGenerator, i: number, j: number, p: number): void {
  const b = g.bandwidth;
  if (j > i) g.upper[i * b + (j - i - 1)]! += p;
  else g.lower[i * b + (j - i + b)]! += p;
}

/** The factors of a banded generator: pivots, multipliers and the reduced upper couplings. */
export interface BandedFactors {
  readonly n: number;
  readonly bandwidth: number;
  readonly pivot: Float64Array;
  /** p_ij/d_j below the diagonal (j < i), stored like `lower`. */
  readonly multipliers: Float64Array;
  readonly upper: Float64Array;
}

/** Eliminates pivot k from the rows below it (the Schur complement keeps every entry ≥ 0). */
function eliminate(
  k: number,
  b: number,
  n: number,
  up: Float64Array,
  low: Float64Array,
  a: Float64Array,
  pivot: Float64Array,
): void {
  const dk = pivot[k]!;
  const last = Math.min(n - 1, k + b);
  const rowK = k * b;
  for (let i = k + 1; i <= last; i++) {
    const at = i * b + (k - i + b);
    const pik = low[at]!;
    if (pik === 0) continue;
    const m = pik / dk;
    low[at] = m;
    a[i]! += m * a[k]!;
    const rowI = i * b;
    // Columns k+1 … i−1 land below the diagonal of row i.
    for (let j = k + 1; j < i; j++) low[rowI + (j - i + b)]! += m * up[rowK + (j - k - 1)]!;
    // Column i is the diagonal, never stored: the pivot is recomputed from the row (GTH).
    for (let j = i + 1; j <= last; j++) up[rowI + (j - i - 1)]! += m * up[rowK + (j - k - 1)]!;
  }
}

/**
 * Gaussian elimination without pivoting in the Grassmann–Taksar–Heyman form (Grassmann, Taksar
 * & Heyman, Oper. Res. 33, 1107, 1985): every pivot is the sum a_k + Σ_{j>k} p_kj of non-negative
 * terms, never a difference, so a system whose solution grows like e^{ΔU/D} is solved to a few
 * ulps whatever the barrier. Cost n·b² multiply-adds; the input is overwritten.
 */
export function factorBanded(g: BandedGenerator): BandedFactors {
  const { n, bandwidth: b, upper: up, lower: low, absorption: a } = g;
  const pivot = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let d = a[k]!;
    const rowK = k * b;
    const width = Math.min(b, n - 1 - k);
    for (let s = 0; s < width; s++) d += up[rowK + s]!;
    pivot[k] = d;
    if (d > 0) eliminate(k, b, n, up, low, a, pivot);
  }
  return { n, bandwidth: b, pivot, multipliers: low, upper: up };
}

/**
 * Solves the factored system for one right-hand side r ≥ 0 (overwritten by the solution). With
 * r ≥ 0 both sweeps add non-negative terms only. A row with no coupling and no killing (a node
 * that nothing reaches) gets 0.
 */
export function solveBanded(f: BandedFactors, r: Float64Array): Float64Array {
  const { n, bandwidth: b, pivot, multipliers: m, upper: up } = f;
  for (let i = 0; i < n; i++) {
    const first = Math.max(0, i - b);
    let s = r[i]!;
    for (let k = first; k < i; k++) s += m[i * b + (k - i + b)]! * r[k]!;
    r[i] = s;
  }
  for (let k = n - 1; k >= 0; k--) {
    const width = Math.min(b, n - 1 - k);
    let s = r[k]!;
    for (let t = 0; t < width; t++) s += up[k * b + t]! * r[k + 1 + t]!;
    r[k] = pivot[k]! > 0 ? s / pivot[k]! : 0;
  }
  return r;
}
