/**
 * Small dense linear algebra for Hessians and friction matrices (n ≲ 10): symmetric eigenvalues by
 * cyclic Jacobi rotations (accurate to a few ulps of the largest eigenvalue, and to high relative
 * accuracy for well-conditioned ones), Cholesky, and a pivoted solve. Matrices are row-major
 * Float64Arrays of n·n entries.
 */

/** Eigenvalues ascending, with the eigenvectors as the columns of `vectors` (row-major). */
export interface SymmetricEigen {
  readonly values: Float64Array;
  readonly vectors: Float64Array;
}

/**
 * Eigen-decomposition of a symmetric matrix by the cyclic Jacobi method (Golub & Van Loan,
 * Matrix Computations, §8.5): rotations until the off-diagonal mass is below 1e-30 of the total.
 */
export function symmetricEigen(matrix: ArrayLike<number>, n: number): SymmetricEigen {
  const a = Float64Array.from(matrix as ArrayLike<number>);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const x = a[i * n + j]! * a[i * n + j]!;
        total += x;
        if (i !== j) off += x;
      }
    }
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) rotate(a, v, n, p, q);
    }
  }
  return sortedEigen(a, v, n);
}

/** One Jacobi rotation annihilating a[p][q] (the stable formulas of Rutishauser). */
function rotate(a: Float64Array, v: Float64Array, n: number, p: number, q: number): void {
  const apq = a[p * n + q]!;
  if (apq === 0) return;
  const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < n; k++) {
    const akp = a[k * n + p]!;
    const akq = a[k * n + q]!;
    a[k * n + p] = c * akp - s * akq;
    a[k * n + q] = s * akp + c * akq;
  }
  for (let k = 0; k < n; k++) {
    const apk = a[p * n + k]!;
    const aqk = a[q * n + k]!;
    a[p * n + k] = c * apk - s * aqk;
    a[q * n + k] = s * apk + c * aqk;
  }
  for (let k = 0; k < n; k++) {
    const vkp = v[k * n + p]!;
    const vkq = v[k * n + q]!;
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
}

function sortedEigen(a: Float64Array, v: Float64Array, n: number): SymmetricEigen {
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => a[i * n + i]! - a[j * n + j]!,
  );
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((col, k) => {
    values[k] = a[col * n + col]!;
    for (let r = 0; r < n; r++) vectors[r * n + k] = v[r * n + col]!;
  });
  return { values, vectors };
}

/** Column k of a row-major n·n matrix. */
export function column(m: ArrayLike<number>, n: number, k: number): Float64Array {
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) out[r] = m[r * n + k]!;
  return out;
}

/** The lower Cholesky factor L (row-major) of a symmetric positive definite matrix, or null. */
export function cholesky(matrix: ArrayLike<number>, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j]!;
      }
    }
  }
  return l;
}

/**
 * L⁻¹ A L⁻ᵀ for a symmetric A and a lower-triangular L: the symmetric matrix whose eigenvalues are
 * those of (LLᵀ)⁻¹A (Sylvester's law of inertia keeps the count of negative ones).
 */
export function congruence(aMatrix: ArrayLike<number>, l: Float64Array, n: number): Float64Array {
  // X = L⁻¹ A by forward substitution on each column, then (L⁻¹ Xᵀ)ᵀ.
  const x = forwardColumns(l, Float64Array.from(aMatrix as ArrayLike<number>), n);
  const xt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) xt[i * n + j] = x[j * n + i]!;
  const y = forwardColumns(l, xt, n);
  // Symmetrise away the rounding.
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const m = 0.5 * (y[i * n + j]! + y[j * n + i]!);
      y[i * n + j] = m;
      y[j * n + i] = m;
    }
  }
  return y;
}

function forwardColumns(l: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let c = 0; c < n; c++) {
    for (let i = 0; i < n; i++) {
      let sum = b[i * n + c]!;
      for (let k = 0; k < i; k++) sum -= l[i * n + k]! * b[k * n + c]!;
      b[i * n + c] = sum / l[i * n + i]!;
    }
  }
  return b;
}

/** Solves A x = b by Gaussian elimination with partial pivoting; null when A is singular. */
export function solve(
  matrix: ArrayLike<number>,
  rhs: ArrayLike<number>,
  n: number,
): Float64Array | null {
  const a = Float64Array.from(matrix as ArrayLike<number>);
  const b = Float64Array.from(rhs as ArrayLike<number>);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i * n + k]!) > Math.abs(a[p * n + k]!)) p = i;
    if (a[p * n + k] === 0) return null;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j]!;
        a[k * n + j] = a[p * n + j]!;
        a[p * n + j] = t;
      }
      const t = b[k]!;
      b[k] = b[p]!;
      b[p] = t;
    }
    for (let i = k + 1; i < n; i++) {
      const f = a[i * n + k]! / a[k * n + k]!;
      for (let j = k; j < n; j++) a[i * n + j]! -= f * a[k * n + j]!;
      b[i]! -= f * b[k]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i]!;
    for (let j = i + 1; j < n; j++) sum -= a[i * n + j]! * b[j]!;
    b[i] = sum / a[i * n + i]!;
  }
  return b;
}

/** Euclidean norm. */
export function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

/** Euclidean distance. */
export function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
}
