/**
 * Eigenvalues of symmetrised birth-death chains to high RELATIVE accuracy.
 *
 * A chain on m sites hops i → i−1 at rate ℓ_i and i → i+1 at rate r_i; ℓ_0 and r_{m−1} lead out
 * of the chain (killing). Its symmetrised generator is the tridiagonal matrix
 *   M_ii = ℓ_i + r_i,   M_{i,i+1} = −√(r_i ℓ_{i+1}),
 * positive definite when some killing rate is positive. Gaussian elimination of M gives pivots
 *   p_0 = r_0 + t_0,  t_0 = ℓ_0;   t_i = ℓ_i t_{i−1}/p_{i−1},  p_i = r_i + t_i,
 * a recursion in positive quantities only, so M = L D Lᵀ (D = diag p, L_{i+1,i} = −√(r_i ℓ_{i+1})/p_i)
 * is computed to high relative accuracy and determines every eigenvalue of M to high relative
 * accuracy (Demmel & Kahan, SIAM J. Sci. Stat. Comput. 1990, for the bidiagonal factor L D^{1/2}).
 * Sturm counts of L D Lᵀ − σI by the stationary qd transform are mixed relatively stable
 * (Dhillon & Parlett, Linear Algebra Appl. 2004), so bisection finds λ_k to relative accuracy
 * O(mε) however small λ_k/λ_max is; a generic eigensolver gets only O(ε λ_max) absolute accuracy.
 * The inverse M⁻¹ = L⁻ᵀ D⁻¹ L⁻¹ is entrywise positive (M is an M-matrix), so inverse iteration
 * from a positive vector never cancels: it gives the lowest mode directly.
 */

const EPS = Number.EPSILON;

/** L D Lᵀ factor of a birth-death chain, with rates divided by `scale` (so all are O(1)). */
export interface ChainFactor {
  readonly m: number;
  /** Rates were divided by this; eigenvalues of the scaled matrix times `scale` are M's. */
  readonly scale: number;
  /** Pivots p_i (the diagonal D). */
  readonly pivot: Float64Array;
  /** √(r_i ℓ_{i+1}), i < m−1: minus the off-diagonal of M. */
  readonly coupling: Float64Array;
  /** r_i ℓ_{i+1}/p_i = D_i L_i² (the qd variable), i < m−1. */
  readonly qd: Float64Array;
}

/**
 * Factors the scaled chain into the given arrays. Returns false (nothing thrown) if a rate is not
 * a finite number ≥ 0 or a pivot vanishes (no killing: M is singular).
 */
function factorInto(
  toLeft: ArrayLike<number>,
  toRight: ArrayLike<number>,
  m: number,
  pivot: Float64Array,
  coupling: Float64Array,
  qd: Float64Array,
): number {
  let scale = 0;
  for (let i = 0; i < m; i++) {
    const l = toLeft[i]!;
    const r = toRight[i]!;
    if (!(l >= 0 && r >= 0 && l < Infinity && r < Infinity)) return Number.NaN;
    if (l > scale) scale = l;
    if (r > scale) scale = r;
  }
  if (!(scale > 0)) return Number.NaN;
  const inv = 1 / scale;
  let t = toLeft[0]! * inv;
  let p = toRight[0]! * inv + t;
  pivot[0] = p;
  for (let i = 1; i < m; i++) {
    const l = toLeft[i]! * inv;
    const rPrev = toRight[i - 1]! * inv;
    coupling[i - 1] = Math.sqrt(rPrev * l);
    qd[i - 1] = (rPrev * l) / p;
    t = (l * t) / p;
    p = toRight[i]! * inv + t;
    pivot[i] = p;
  }
  if (!(p > 0)) return Number.NaN;
  return scale;
}

/** Factors a chain (allocating its arrays); null if the rates are invalid or M is singular. */
export function factorChain(
  toLeft: ArrayLike<number>,
  toRight: ArrayLike<number>,
): ChainFactor | null {
  const m = toLeft.length;
  if (m < 1 || toRight.length !== m) return null;
  const pivot = new Float64Array(m);
  const coupling = new Float64Array(Math.max(m - 1, 0));
  const qd = new Float64Array(Math.max(m - 1, 0));
  const scale = factorInto(toLeft, toRight, m, pivot, coupling, qd);
  return Number.isNaN(scale) ? null : { m, scale, pivot, coupling, qd };
}

/** y ← M⁻¹ y (scaled matrix): forward and back substitution, all terms added, none subtracted. */
function solveInPlace(pivot: Float64Array, coupling: Float64Array, m: number, y: Float64Array) {
  for (let i = 1; i < m; i++) y[i] = y[i]! + (coupling[i - 1]! / pivot[i - 1]!) * y[i - 1]!;
  y[m - 1] = y[m - 1]! / pivot[m - 1]!;
  for (let i = m - 2; i >= 0; i--) y[i] = (y[i]! + coupling[i]! * y[i + 1]!) / pivot[i]!;
}

/**
 * Number of eigenvalues of the scaled matrix below σ: negative pivots of L D Lᵀ − σI from the
 * stationary qd transform (Dhillon & Parlett 2004, dstqds).
 */
function countBelowScaled(pivot: Float64Array, qd: Float64Array, m: number, sigma: number): number {
  let count = 0;
  let s = -sigma;
  // A zero pivot is replaced by a tiny negative one (LAPACK's pivmin idea) to keep going.
  const tiny = -Number.MIN_VALUE * 2 ** 60;
  for (let i = 0; i < m - 1; i++) {
    let d = pivot[i]! + s;
    if (d < 0) count++;
    else if (d === 0) {
      d = tiny;
      count++;
    }
    s = (qd[i]! * s) / d - sigma;
    if (!Number.isFinite(s)) s = -sigma; // overflow past a near-zero pivot: restart the tail
  }
  if (pivot[m - 1]! + s <= 0) count++;
  return count;
}

/**
 * Lowest eigenvalue of the scaled matrix by inverse iteration from the positive vector y (which
 * ends as the Perron eigenvector, max-normalised) with the Rayleigh quotient ρ = yᵀy / yᵀM⁻¹y,
 * an upper bound on λ_min that decreases monotonically to it at the rate (λ_min/λ_next)².
 */
function lowestScaled(
  pivot: Float64Array,
  coupling: Float64Array,
  m: number,
  y: Float64Array,
  x: Float64Array,
  maxIterations: number,
): number {
  let rho = Number.POSITIVE_INFINITY;
  for (let it = 0; it < maxIterations; it++) {
    let yy = 0;
    for (let i = 0; i < m; i++) {
      x[i] = y[i]!;
      yy += y[i]! * y[i]!;
    }
    solveInPlace(pivot, coupling, m, x);
    let yx = 0;
    let xmax = 0;
    for (let i = 0; i < m; i++) {
      yx += y[i]! * x[i]!;
      if (x[i]! > xmax) xmax = x[i]!;
    }
    // M⁻¹ overflowed: λ_min/λ_max is below the double range (≈ 1e-300).
    if (!(xmax < Number.POSITIVE_INFINITY) || !(yx > 0)) return Number.NaN;
    const next = yy / yx;
    const inv = 1 / xmax;
    for (let i = 0; i < m; i++) y[i] = x[i]! * inv;
    const done = !(next < rho * (1 - 4 * EPS));
    rho = Math.min(rho, next);
    if (done && it > 0) break;
  }
  return rho;
}

/**
 * Lowest eigenvalue of a symmetrised birth-death chain (kernel tier: typed arrays in, no throws,
 * no allocation). `toLeft[i]` is the rate i → i−1 (`toLeft[0]` kills at the left end),
 * `toRight[i]` the rate i → i+1 (`toRight[m−1]` kills at the right end); at least one killing
 * rate must be positive. The matrix is M_ii = ℓ_i + r_i, M_{i,i+1} = −√(r_i ℓ_{i+1}); for the
 * square-root discretisation of the Smoluchowski operator its supersymmetric partner is such a
 * chain (`toLeft` = the forward hop rates a_i, `toRight` = the backward ones b_i), whose lowest
 * eigenvalue is λ1. The result has relative error O(mε) however small λ1/λ_max is
 * (positive inverse iteration on an L D Lᵀ factor computed without cancellation).
 *
 * @param work scratch of length ≥ 5m.
 * @returns λ_min in the units of the rates (1/time), or NaN for invalid rates, a singular chain
 *   (no killing), short work space, or λ_min/λ_max below ≈ 1e-300.
 * @example
 * lowestBirthDeathEigenvalue(new Float64Array([1, 1]), new Float64Array([1, 1]), new Float64Array(10)); // => 1
 */
export function lowestBirthDeathEigenvalue(
  toLeft: Float64Array,
  toRight: Float64Array,
  work: Float64Array,
): number {
  const m = toLeft.length;
  if (m < 1 || toRight.length !== m || work.length < 5 * m) return Number.NaN;
  const pivot = work.subarray(0, m);
  const coupling = work.subarray(m, 2 * m);
  const qd = work.subarray(2 * m, 3 * m);
  const y = work.subarray(3 * m, 4 * m);
  const x = work.subarray(4 * m, 5 * m);
  const scale = factorInto(toLeft, toRight, m, pivot, coupling, qd);
  if (Number.isNaN(scale)) return Number.NaN;
  y.fill(1);
  const rho = lowestScaled(pivot, coupling, m, y, x, 500);
  return rho * scale;
}

/** Lowest eigenpair: eigenvalue of M (unscaled) and the positive max-normalised eigenvector. */
export function lowestMode(factor: ChainFactor): { value: number; vector: Float64Array } {
  const y = new Float64Array(factor.m).fill(1);
  const x = new Float64Array(factor.m);
  const rho = lowestScaled(factor.pivot, factor.coupling, factor.m, y, x, 500);
  return { value: rho * factor.scale, vector: y };
}

/**
 * The k-th eigenvalue (0-based) of M by geometric bisection on Sturm counts, starting from a
 * bracket [lo, hi] (widened as needed), to relative width `relTol`. NaN if no bracket is found.
 */
export function eigenvalueByBisection(
  factor: ChainFactor,
  k: number,
  lo0: number,
  hi0: number,
  relTol: number,
): number {
  const { pivot, qd, m, scale } = factor;
  let lo = lo0 / scale;
  let hi = hi0 / scale;
  if (!(lo > 0)) lo = Number.MIN_VALUE * 2 ** 80;
  if (!(hi > lo)) hi = lo * 2;
  // Widen by squaring the ratio: the bracket may have to span many decades (λ2/λ1 ~ e^{ΔU/D}).
  for (let f = 2; countBelowScaled(pivot, qd, m, lo) > k; f *= f) {
    lo /= f;
    if (!(lo > 0)) return Number.NaN;
  }
  for (let f = 2; countBelowScaled(pivot, qd, m, hi) < k + 1; f *= f) {
    hi *= f;
    if (!(hi < Number.POSITIVE_INFINITY)) return Number.NaN;
  }
  const tol = Math.max(relTol, 4 * EPS);
  for (let it = 0; it < 2000 && hi - lo > tol * hi; it++) {
    // Geometric midpoint while the bracket spans decades, arithmetic once it is narrow.
    const mid = hi > 4 * lo ? Math.sqrt(lo) * Math.sqrt(hi) : lo + (hi - lo) / 2;
    if (!(mid > lo && mid < hi)) break;
    if (countBelowScaled(pivot, qd, m, mid) > k) hi = mid;
    else lo = mid;
  }
  return (lo + (hi - lo) / 2) * scale;
}

/**
 * Eigenvector of M for an eigenvalue σ known to high relative accuracy, from the twisted
 * factorisation L D Lᵀ − σI = N_r Δ_r N_rᵀ at the twist index r where |γ_r| is smallest
 * (Dhillon & Parlett 2004; Parlett & Dhillon, Linear Algebra Appl. 1997). Max-normalised.
 */
export function twistedEigenvector(factor: ChainFactor, sigma0: number): Float64Array {
  const { pivot, qd, coupling, m } = factor;
  const sigma = sigma0 / factor.scale;
  const lPlus = new Float64Array(m);
  const uMinus = new Float64Array(m);
  const sTop = new Float64Array(m);
  const pBottom = new Float64Array(m);
  const tiny = Number.MIN_VALUE * 2 ** 100;
  const nonzero = (d: number) => (d === 0 ? -tiny : d);
  // L_i = −coupling_i/p_i; D_i L_i = −coupling_i.
  let s = -sigma;
  for (let i = 0; i < m - 1; i++) {
    sTop[i] = s;
    const dPlus = nonzero(pivot[i]! + s);
    lPlus[i] = -coupling[i]! / dPlus;
    s = (qd[i]! * s) / dPlus - sigma;
    if (!Number.isFinite(s)) s = -sigma;
  }
  sTop[m - 1] = s;
  let p = pivot[m - 1]! - sigma;
  pBottom[m - 1] = p;
  for (let i = m - 2; i >= 0; i--) {
    const dMinus = nonzero(qd[i]! + p);
    const t = pivot[i]! / dMinus;
    uMinus[i] = (-coupling[i]! / pivot[i]!) * t;
    p = p * t - sigma;
    if (!Number.isFinite(p)) p = -sigma;
    pBottom[i] = p;
  }
  let r = 0;
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < m; i++) {
    const gamma = Math.abs(sTop[i]! + pBottom[i]! + sigma);
    if (gamma < best) {
      best = gamma;
      r = i;
    }
  }
  const z = new Float64Array(m);
  z[r] = 1;
  for (let i = r - 1; i >= 0; i--) z[i] = -lPlus[i]! * z[i + 1]!;
  for (let i = r; i < m - 1; i++) z[i + 1] = -uMinus[i]! * z[i]!;
  let zmax = 0;
  for (let i = 0; i < m; i++) {
    // Growth past a near-zero pivot away from the twist cannot be trusted: drop it.
    if (!Number.isFinite(z[i]!)) z[i] = 0;
    zmax = Math.max(zmax, Math.abs(z[i]!));
  }
  if (zmax > 0 && Number.isFinite(zmax)) for (let i = 0; i < m; i++) z[i] = z[i]! / zmax;
  return z;
}

/** ‖(M − σ)z‖ in the scaled units of the factor (M = L D Lᵀ rebuilt as a tridiagonal). */
function residualScaled(factor: ChainFactor, sigma: number, z: Float64Array): number {
  const { pivot, qd, coupling, m } = factor;
  let sum = 0;
  for (let i = 0; i < m; i++) {
    let r = (pivot[i]! + (i > 0 ? qd[i - 1]! : 0) - sigma) * z[i]!;
    if (i > 0) r -= coupling[i - 1]! * z[i - 1]!;
    if (i < m - 1) r -= coupling[i]! * z[i + 1]!;
    sum += r * r;
  }
  return Math.sqrt(sum);
}

/**
 * Solves (M − σ) y = b for the chain's tridiagonal M (scaled units) by Gaussian elimination with
 * partial pivoting (LAPACK's dgtsv), overwriting b with y; a zero pivot is nudged to ε‖M‖, as
 * inverse iteration wants (Wilkinson, The Algebraic Eigenvalue Problem, 1965, §9.48).
 */
function shiftedSolve(factor: ChainFactor, sigma: number, b: Float64Array): void {
  const { pivot, qd, coupling, m } = factor;
  const d = new Float64Array(m);
  const du = new Float64Array(m);
  const du2 = new Float64Array(m);
  const dl = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    d[i] = pivot[i]! + (i > 0 ? qd[i - 1]! : 0) - sigma;
    if (i < m - 1) du[i] = dl[i] = -coupling[i]!;
  }
  const floor = EPS * Math.max(1, Math.abs(sigma));
  for (let i = 0; i < m - 1; i++) {
    if (Math.abs(d[i]!) >= Math.abs(dl[i]!)) {
      if (d[i] === 0) d[i] = floor;
      const f = dl[i]! / d[i]!;
      d[i + 1]! -= f * du[i]!;
      b[i + 1]! -= f * b[i]!;
      dl[i] = 0;
    } else {
      // Swap rows i and i+1.
      const f = d[i]! / dl[i]!;
      d[i] = dl[i]!;
      const t = d[i + 1]!;
      d[i + 1] = du[i]! - f * t;
      du[i] = t;
      if (i < m - 2) {
        du2[i] = du[i + 1]!;
        du[i + 1] = -f * du2[i]!;
      }
      const bt = b[i]!;
      b[i] = b[i + 1]!;
      b[i + 1] = bt - f * b[i + 1]!;
    }
  }
  if (d[m - 1] === 0) d[m - 1] = floor;
  b[m - 1] = b[m - 1]! / d[m - 1]!;
  if (m > 1) b[m - 2] = (b[m - 2]! - du[m - 2]! * b[m - 1]!) / d[m - 2]!;
  for (let i = m - 3; i >= 0; i--) {
    b[i] = (b[i]! - du[i]! * b[i + 1]! - du2[i]! * b[i + 2]!) / d[i]!;
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** z minus its components along each of `vectors` (not assumed normalised); returns ‖z‖. */
function orthogonaliseAgainst(z: Float64Array, vectors: readonly Float64Array[]): number {
  for (const q of vectors) {
    const qq = dot(q, q);
    const c = qq > 0 ? dot(q, z) / qq : 0;
    for (let i = 0; i < z.length; i++) z[i]! -= c * q[i]!;
  }
  return Math.sqrt(dot(z, z));
}

/** The largest |cos| of the angle between z (of norm `norm`) and each of `vectors`. */
function largestOverlap(z: Float64Array, norm: number, vectors: readonly Float64Array[]): number {
  let overlap = 0;
  for (const q of vectors)
    overlap = Math.max(overlap, Math.abs(dot(q, z)) / Math.sqrt(dot(q, q)) / norm);
  return overlap;
}

/**
 * The eigenvector of M for σ (unscaled, known to high relative accuracy), orthogonal to the
 * eigenvectors already found (`found`, for the lower eigenvalues). The twisted factorisation's
 * vector is kept when it is one (residual ≤ 1e-9·σ, overlap with each of `found` ≤ 1e-9); in a
 * cluster of nearly equal eigenvalues it can return a vector mixed with another member's (the
 * intrawell modes of a deep double well cluster to a relative 1e-3 and below: at x⁴/4 − x²/2,
 * D = 0.005, the mode of λ5 overlapped λ1's by 5e-2), so then inverse iteration on M − σ with
 * the vector kept orthogonal to `found` (LAPACK's dstein: Golub & Van Loan 2013, §8.4.1)
 * replaces it: the shift is within relative 1e-14 of λ, so each step amplifies the wanted mode
 * over a neighbour at relative distance δ by ~δ/1e-14, and three steps separate clusters down
 * to δ ≈ 1e-9. Max-normalised.
 */
export function eigenvectorOrthogonalTo(
  factor: ChainFactor,
  sigma0: number,
  found: readonly Float64Array[],
): Float64Array {
  const sigma = sigma0 / factor.scale;
  const z = twistedEigenvector(factor, sigma0);
  const norm = Math.sqrt(dot(z, z));
  const clean =
    largestOverlap(z, norm, found) <= 1e-9 &&
    residualScaled(factor, sigma, z) <= 1e-9 * Math.abs(sigma) * norm;
  if (clean) return z;
  const y = new Float64Array(factor.m);
  for (let i = 0; i < y.length; i++) y[i] = 1 + 0.5 * Math.sin(1.3 + 2.7 * i);
  for (let step = 0; step < 3; step++) {
    const length = orthogonaliseAgainst(y, found);
    for (let i = 0; i < y.length; i++) y[i] = y[i]! / length;
    shiftedSolve(factor, sigma, y);
  }
  orthogonaliseAgainst(y, found);
  let max = 0;
  for (let i = 0; i < y.length; i++) max = Math.max(max, Math.abs(y[i]!));
  for (let i = 0; i < y.length; i++) y[i] = y[i]! / max;
  return y;
}
