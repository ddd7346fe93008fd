/**
 * Eigenvalues of the small Rayleigh quotient T of the Klein–Kramers orthogonal iteration
 * (kleinKramersSpectrum.ts): T is a real b×b matrix (b ≤ 14) whose eigenvalues μ = 1/(λ + δ) are
 * the Ritz values of the shifted inverse. The slow population modes are real, but the Klein–Kramers
 * operator is not symmetric: the intrawell modes come in complex-conjugate pairs (damped
 * oscillations, η/2 ± i√(ω² − η²/4) in a harmonic well: Risken 1989, §10.2), and at a barrier too
 * low for a rate even the slowest non-zero mode is such a pair.
 */

/** A complex number re + i·im (im ≥ 0: one of a conjugate pair). */
export interface Complex {
  readonly re: number;
  readonly im: number;
}

export interface DominantEigenvalues {
  /** The leading `count` by modulus: the diagonal of the (real) Schur form. */
  readonly values: number[];
  /** The first complex-conjugate pair among the leading `count`, or null (all real). */
  readonly complexPair: Complex | null;
  /** The eigenvalue after the leading `count` (one of a pair where complex), or null. */
  readonly next: Complex | null;
}

/** One step of unshifted QR: A = QR by Gram–Schmidt on columns, then RQ. */
function qrStep(A: number[][]): number[][] {
  const b = A.length;
  const Q = A.map((row) => row.slice());
  const R = A.map(() => new Array<number>(b).fill(0));
  for (let j = 0; j < b; j++) {
    for (let i = 0; i < j; i++) {
      let c = 0;
      for (let l = 0; l < b; l++) c += Q[l]![i]! * Q[l]![j]!;
      R[i]![j] = c;
      for (let l = 0; l < b; l++) Q[l]![j]! -= c * Q[l]![i]!;
    }
    let norm = 0;
    for (let l = 0; l < b; l++) norm += Q[l]![j]! ** 2;
    norm = Math.sqrt(norm);
    R[j]![j] = norm;
    for (let l = 0; l < b; l++) Q[l]![j]! /= norm || 1;
  }
  return R.map((row) => Q[0]!.map((_, j) => row.reduce((s, r, l) => s + r * Q[l]![j]!, 0)));
}

/**
 * The eigenvalue of the diagonal block of A that starts at row i: A[i][i] where the entry below it
 * has vanished (to 1e-10 of the diagonal), else the 2×2 block's pair tr/2 ± √(tr²/4 − det) — a
 * complex pair where the discriminant is negative (unshifted QR never splits a pair of equal
 * moduli, so such a block keeps rotating while its eigenvalues stay put).
 */
function blockAt(A: readonly (readonly number[])[], i: number): Complex {
  const a = A[i]![i]!;
  if (i + 1 >= A.length) return { re: a, im: 0 };
  const [b, c, d] = [A[i]![i + 1]!, A[i + 1]![i]!, A[i + 1]![i + 1]!];
  if (Math.abs(c) <= 1e-10 * (Math.abs(a) + Math.abs(d))) return { re: a, im: 0 };
  const half = (a + d) / 2;
  const disc = half * half - (a * d - b * c);
  return disc < 0 ? { re: half, im: Math.sqrt(-disc) } : { re: a, im: 0 };
}

/**
 * Eigenvalues of largest modulus of a small real matrix, by unshifted QR iteration (which orders
 * the Schur form by modulus): the leading `count`, real and of distinct modulus where the
 * iteration splits them off (500 steps at most); a complex pair among them, which it cannot split,
 * is reported as such; and the one after them, for the gap to the faster modes.
 */
export function dominantEigenvalues(T: readonly (readonly number[])[], count: number) {
  const b = T.length;
  let A = T.map((row) => row.slice());
  let converged = false;
  for (let it = 0; it < 500 && !converged; it++) {
    A = qrStep(A);
    let off = 0;
    for (let j = 0; j < count; j++) for (let i = j + 1; i < b; i++) off += Math.abs(A[i]![j]!);
    converged = off <= 1e-14 * Math.abs(A[count - 1]![count - 1]!);
  }
  let complexPair: Complex | null = null;
  for (let j = 0; j < count && !converged && !complexPair; j++) {
    const block = blockAt(A, j);
    if (block.im > 0) complexPair = block;
  }
  const result: DominantEigenvalues = {
    values: A.slice(0, count).map((row, j) => row[j]!),
    complexPair,
    next: count < b ? blockAt(A, count) : null,
  };
  return result;
}

/** λ = 1/μ − δ for a Ritz value μ of (−L + δ)⁻¹ (complex: its real part and |imaginary part|). */
export function decayRate(mu: Complex, delta: number): Complex {
  const m2 = mu.re * mu.re + mu.im * mu.im;
  return { re: mu.re / m2 - delta, im: mu.im / m2 };
}
