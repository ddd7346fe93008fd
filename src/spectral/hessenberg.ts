/**
 * Orthogonal reduction to upper Hessenberg form, Qᵀ A Q = H with H[i][j] = 0 for i > j + 1, by
 * Householder reflections (Golub & Van Loan, Matrix Computations, 4th ed., 2013, Algorithm 7.4.2;
 * backward stable: H is the exact reduction of A + E, ‖E‖ = O(ε‖A‖), and Q is orthogonal to
 * rounding). The Klein–Kramers block elimination uses it to make its coupling block Hessenberg,
 * which a third of the elimination's work then never touches (kleinKramersSpectrum.ts).
 *
 * Row-major k×k. Each reflection P = I − β v vᵀ acts on rows j+1 … k−1 from the left and on the
 * same columns from the right; every pass reads rows contiguously (the left product as a sum of
 * rows). The entries below the subdiagonal are set to exactly zero, so a caller may skip them.
 * 10/3 k³ flops for H and 4/3 k³ for Q.
 */
export function hessenberg(A: Float64Array, k: number): { H: Float64Array; Q: Float64Array } {
  const H = Float64Array.from(A);
  const Q = new Float64Array(k * k);
  for (let i = 0; i < k; i++) Q[i * k + i] = 1;
  const v = new Float64Array(k);
  const w = new Float64Array(k);
  for (let j = 0; j + 2 < k; j++) {
    const beta = reflector(H, k, j, v);
    if (beta === 0) continue;
    reflectRows(H, k, j, v, w, beta);
    reflectColumns(H, k, j, v, beta);
    reflectColumns(Q, k, j, v, beta);
    for (let i = j + 2; i < k; i++) H[i * k + j] = 0;
  }
  return { H, Q };
}

/**
 * The reflector that zeroes H[j+2 …][j]: v (in v[j+1 …]) with v[j+1] = x₀ + sign(x₀)‖x‖ (no
 * cancellation), β = 2/vᵀv; 0 when the column is already zero below the subdiagonal.
 */
export function reflector(H: Float64Array, k: number, j: number, v: Float64Array): number {
  let norm = 0;
  for (let i = j + 1; i < k; i++) {
    v[i] = H[i * k + j]!;
    norm = Math.hypot(norm, v[i]!);
  }
  let tail = 0;
  for (let i = j + 2; i < k; i++) tail += v[i]! * v[i]!;
  if (tail === 0) return 0;
  const x0 = v[j + 1]!;
  v[j + 1] = x0 + (x0 >= 0 ? norm : -norm);
  return 2 / (v[j + 1]! * v[j + 1]! + tail);
}

/** H ← P H on rows j+1 … k−1, columns j … k−1: w = vᵀH, then H[i][·] −= β v_i w. */
function reflectRows(
  H: Float64Array,
  k: number,
  j: number,
  v: Float64Array,
  w: Float64Array,
  beta: number,
): void {
  w.fill(0, j, k);
  for (let i = j + 1; i < k; i++) {
    const vi = v[i]!;
    const row = i * k;
    for (let c = j; c < k; c++) w[c]! += vi * H[row + c]!;
  }
  for (let i = j + 1; i < k; i++) {
    const s = beta * v[i]!;
    const row = i * k;
    for (let c = j; c < k; c++) H[row + c]! -= s * w[c]!;
  }
}

/** M ← M P on columns j+1 … k−1, every row: M[r][·] −= β (M[r][·]·v) vᵀ. */
function reflectColumns(M: Float64Array, k: number, j: number, v: Float64Array, beta: number) {
  for (let r = 0; r < k; r++) {
    const row = r * k;
    let s = 0;
    for (let c = j + 1; c < k; c++) s += M[row + c]! * v[c]!;
    s *= beta;
    for (let c = j + 1; c < k; c++) M[row + c]! -= s * v[c]!;
  }
}
