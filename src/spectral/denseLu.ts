import { KramersError } from '../core/index.js';

/**
 * Small dense kernels (row-major Float64Array, k×k) for the Klein–Kramers block elimination:
 * LU with partial pivoting (Golub & Van Loan, Matrix Computations, 4th ed., 2013, alg. 3.4.1),
 * solves with one or k right-hand sides, and a product. Loops run along rows so the inner loop is
 * contiguous.
 */

/**
 * In-place LU of the k×k matrix a (L unit lower, U upper); returns the pivot rows. Right-looking
 * and blocked four columns at a time (LAPACK's dgetrf with a block of 4: Golub & Van Loan 2013,
 * §3.2.11): the panel is factored column by column with the same partial pivoting, then its rows
 * of U, then the trailing rows lose four rank-one terms in one pass (four flops per element load
 * and store instead of one: ~1 GFLOP/s for the rank-one loop at k = 64–112, measured).
 */
export function luFactor(a: Float64Array, k: number, offset = 0): Int32Array {
  const piv = new Int32Array(k);
  blockedLu(a, k, offset, (c, c1) => {
    pivotColumn(a, k, offset, c, piv);
    eliminateColumn(a, k, offset, c, c1);
  });
  return piv;
}

/**
 * In-place LU of the k×k matrix at `offset` without pivoting, for a symmetric positive definite
 * matrix: the same blocked algorithm and packing as luFactor (L unit lower strictly below the
 * diagonal, U on and above it), so where partial pivoting would not swap the two give the same
 * numbers. For a symmetric M this is M = L·Δ·Lᵀ with U = Δ·Lᵀ (U[i][j] = U[i][i]·L[j][i]); an
 * SPD matrix needs no pivoting, its pivots stay positive and the factors bounded (Golub & Van
 * Loan 2013, §4.2). A pivot that is not positive and finite throws: the matrix was not SPD.
 */
export function luFactorNoPivot(a: Float64Array, k: number, offset = 0): void {
  blockedLu(a, k, offset, (c, c1) => {
    requirePositivePivot(a[offset + c * k + c]!, c);
    eliminateColumn(a, k, offset, c, c1);
  });
}

/**
 * LDLᵀ of the symmetric positive definite k×k matrix at `offset`, packed as luFactorNoPivot's (L
 * unit lower strictly below the diagonal, U = Δ·Lᵀ on and above it), from its lower triangle and
 * diagonal 4×4 tiles alone (what lowerProduct writes; the rest is not read). luFactorNoPivot's
 * blocked algorithm with the symmetry used twice: the rows of U right of each panel are the
 * panel's multipliers times its pivots, U[c][j] = U[c][c]·L[j][c], instead of a substitution; and
 * the trailing update stops at each row's diagonal tile (Golub & Van Loan 2013, Algorithm 4.1.2,
 * blocked): 2k³/3 flops become k³/3. Agrees with luFactorNoPivot on a symmetric matrix to
 * rounding. A pivot that is not positive and finite throws.
 */
export function ldltFactor(a: Float64Array, k: number, offset = 0): void {
  blockedLu(
    a,
    k,
    offset,
    (c, c1) => {
      requirePositivePivot(a[offset + c * k + c]!, c);
      eliminateColumn(a, k, offset, c, c1);
    },
    true,
  );
}

/** A no-pivot factor's pivot d of column c must be positive and finite (the matrix SPD). */
function requirePositivePivot(d: number, c: number): void {
  if (!(d > 0 && d < Number.POSITIVE_INFINITY)) {
    throw new KramersError(
      'not_finite',
      `Klein–Kramers block not positive definite: pivot ${c} is ${d}`,
      { hint: 'luFactorNoPivot needs a symmetric positive definite matrix; use luFactor' },
    );
  }
}

/**
 * The blocked right-looking LU of luFactor, with `column(c, c1)` factoring panel column c; with
 * `symmetric`, ldltFactor's (U's rows from the multipliers, the trailing update to the tile).
 */
function blockedLu(
  a: Float64Array,
  k: number,
  offset: number,
  column: (c: number, c1: number) => void,
  symmetric = false,
): void {
  for (let c0 = 0; c0 < k; c0 += 4) {
    const c1 = Math.min(c0 + 4, k);
    for (let c = c0; c < c1; c++) column(c, c1);
    if (c1 === k) break;
    if (symmetric) panelRowsByMirror(a, k, offset, c0, c1);
    else panelRowsBySubstitution(a, k, offset, c0, c1);
    for (let r = c1; r < k; r++) {
      const end = symmetric ? Math.min(k, 4 * Math.floor(r / 4) + 4) : k;
      trailingRow(a, k, offset, r, c0, c1, end);
    }
  }
}

/** Rows c0 … c1−1 of U right of the panel: forward substitution with the panel's unit L. */
function panelRowsBySubstitution(
  a: Float64Array,
  k: number,
  offset: number,
  c0: number,
  c1: number,
) {
  for (let c = c0 + 1; c < c1; c++) {
    const rc = offset + c * k;
    for (let i = c0; i < c; i++) {
      const l = a[rc + i]!;
      const ri = offset + i * k;
      for (let j = c1; j < k; j++) a[rc + j]! -= l * a[ri + j]!;
    }
  }
}

/** Rows c0 … c1−1 of U right of the panel of a symmetric matrix: U[c][j] = U[c][c]·L[j][c]. */
function panelRowsByMirror(a: Float64Array, k: number, offset: number, c0: number, c1: number) {
  for (let c = c0; c < c1; c++) {
    const rc = offset + c * k;
    const d = a[rc + c]!;
    for (let j = c1; j < k; j++) a[rc + j] = d * a[offset + j * k + c]!;
  }
}

/** Column c's pivot: the largest |a[r][c]|, r ≥ c (the first of equals); swaps whole rows. */
function pivotColumn(a: Float64Array, k: number, offset: number, c: number, piv: Int32Array) {
  let p = c;
  let best = Math.abs(a[offset + c * k + c]!);
  for (let r = c + 1; r < k; r++) {
    const v = Math.abs(a[offset + r * k + c]!);
    if (v > best) {
      best = v;
      p = r;
    }
  }
  piv[c] = p;
  if (!(best > 0)) throw new KramersError('not_finite', 'singular Klein–Kramers block');
  const rc = offset + c * k;
  if (p !== c) {
    const rp = offset + p * k;
    for (let j = 0; j < k; j++) {
      const t = a[rc + j]!;
      a[rc + j] = a[rp + j]!;
      a[rp + j] = t;
    }
  }
}

/** Column c of the panel [c, c1), pivot in place: multipliers, then the panel's rest. */
function eliminateColumn(a: Float64Array, k: number, offset: number, c: number, c1: number) {
  const rc = offset + c * k;
  const inv = 1 / a[rc + c]!;
  for (let r = c + 1; r < k; r++) {
    const rr = offset + r * k;
    const l = a[rr + c]! * inv;
    a[rr + c] = l;
    for (let j = c + 1; j < c1; j++) a[rr + j]! -= l * a[rc + j]!;
  }
}

/** Row r, columns c1 … end−1, loses Σ_i L[r][i]·U[i][·] over the panel's columns i ∈ [c0, c1). */
function trailingRow(
  a: Float64Array,
  k: number,
  offset: number,
  r: number,
  c0: number,
  c1: number,
  end: number,
): void {
  const rr = offset + r * k;
  if (c1 - c0 === 4) {
    subtractRows(
      a,
      k,
      rr,
      offset + c0 * k,
      a[rr + c0]!,
      a[rr + c0 + 1]!,
      a[rr + c0 + 2]!,
      a[rr + c0 + 3]!,
      c1,
      end,
    );
    return;
  }
  for (let i = c0; i < c1; i++) {
    const l = a[rr + i]!;
    const ri = offset + i * k;
    for (let j = c1; j < end; j++) a[rr + j]! -= l * a[ri + j]!;
  }
}

/** Solves A x = b in place with the factors of luFactor (b has length k, at bOffset). */
export function luSolve(
  a: Float64Array,
  piv: Int32Array,
  k: number,
  b: Float64Array,
  offset = 0,
  bOffset = 0,
): void {
  for (let c = 0; c < k; c++) {
    const p = piv[c]!;
    if (p !== c) {
      const t = b[bOffset + c]!;
      b[bOffset + c] = b[bOffset + p]!;
      b[bOffset + p] = t;
    }
  }
  for (let r = 1; r < k; r++) {
    const rr = offset + r * k;
    let s = b[bOffset + r]!;
    for (let j = 0; j < r; j++) s -= a[rr + j]! * b[bOffset + j]!;
    b[bOffset + r] = s;
  }
  for (let r = k - 1; r >= 0; r--) {
    const rr = offset + r * k;
    let s = b[bOffset + r]!;
    for (let j = r + 1; j < k; j++) s -= a[rr + j]! * b[bOffset + j]!;
    b[bOffset + r] = s / a[rr + r]!;
  }
}

/** Solves A X = B in place for a k×k B (row-major): row operations, contiguous inner loops. */
export function luSolveMatrix(
  a: Float64Array,
  piv: Int32Array,
  k: number,
  B: Float64Array,
  offset = 0,
): void {
  for (let c = 0; c < k; c++) {
    const p = piv[c]!;
    if (p === c) continue;
    for (let j = 0; j < k; j++) {
      const t = B[c * k + j]!;
      B[c * k + j] = B[p * k + j]!;
      B[p * k + j] = t;
    }
  }
  // Forward (L, unit diagonal) then backward (U) substitution on whole rows, four source rows
  // at a time so each pass over a row does eight flops per store.
  forwardSolveMatrix(a, k, B, offset);
  for (let r = k - 1; r >= 0; r--) {
    const rr = offset + r * k;
    const br = r * k;
    let i = r + 1;
    for (; i + 3 < k; i += 4) {
      subtractRows(B, k, br, i * k, a[rr + i]!, a[rr + i + 1]!, a[rr + i + 2]!, a[rr + i + 3]!);
    }
    for (; i < k; i++) {
      const u = a[rr + i]!;
      const bi = i * k;
      for (let j = 0; j < k; j++) B[br + j]! -= u * B[bi + j]!;
    }
    const inv = 1 / a[rr + r]!;
    for (let j = 0; j < k; j++) B[br + j]! *= inv;
  }
}

/**
 * B ← L⁻¹·B in place for a k×k row-major B, L the unit lower triangle of the factors at `offset`
 * (luFactor's or luFactorNoPivot's; no row swaps, U not read): luSolveMatrix's first half, k³
 * flops. Whole rows, four source rows at a time so each pass over a row does eight flops per store.
 */
export function forwardSolveMatrix(a: Float64Array, k: number, B: Float64Array, offset = 0): void {
  for (let r = 1; r < k; r++) {
    const rr = offset + r * k;
    const br = r * k;
    let i = 0;
    for (; i + 3 < r; i += 4) {
      subtractRows(B, k, br, i * k, a[rr + i]!, a[rr + i + 1]!, a[rr + i + 2]!, a[rr + i + 3]!);
    }
    for (; i < r; i++) {
      const l = a[rr + i]!;
      const bi = i * k;
      for (let j = 0; j < k; j++) B[br + j]! -= l * B[bi + j]!;
    }
  }
}

/**
 * Row br of B minus c0·row b0 − c1·row b0+k − c2·row b0+2k − c3·row b0+3k (absolute offsets),
 * over columns from … to−1.
 */
function subtractRows(
  B: Float64Array,
  k: number,
  br: number,
  b0: number,
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  from = 0,
  to = k,
): void {
  const b1 = b0 + k;
  const b2 = b1 + k;
  const b3 = b2 + k;
  for (let j = from; j < to; j++) {
    B[br + j]! -= c0 * B[b0 + j]! + c1 * B[b1 + j]! + c2 * B[b2 + j]! + c3 * B[b3 + j]!;
  }
}

/** Aᵀ of a k×k row-major A, so that A's rows are read as contiguous columns. */
function transposed(A: Float64Array, k: number): Float64Array {
  const At = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let l = 0; l < k; l++) At[l * k + i] = A[i * k + l]!;
  return At;
}

/** (A·B)[i][j] = Σ_l At[l][i]·B[l][j]: one entry of the product outside the 4×4 blocks. */
function columnDot(At: Float64Array, B: Float64Array, k: number, i: number, j: number): number {
  let sum = 0;
  for (let l = 0; l < k; l++) sum += At[l * k + i]! * B[l * k + j]!;
  return sum;
}

/**
 * out = scale·A·B for k×k row-major matrices, out at outOffset (out may not alias A or B). Each 4×4 block of the product
 * (all but the last k mod 4 rows and columns) is kept in sixteen locals over the whole inner sum (a register
 * micro-kernel, as in Goto & van de Geijn, ACM TOMS 34, 2008): four to five times the speed of
 * the row-update loop in V8 (Node 20, k = 64–148, measured while writing it).
 */
export function matMul(
  A: Float64Array,
  B: Float64Array,
  k: number,
  out: Float64Array,
  outOffset = 0,
  scale = 1,
): void {
  const At = transposed(A, k);
  const k4 = k - (k % 4);
  for (let i = 0; i < k4; i += 4) {
    for (let j = 0; j < k4; j += 4) block4(At, B, k, i, j, out, outOffset, scale);
  }
  // The last k mod 4 rows and columns (a parity sector's K/2 need not be a multiple of 4).
  for (let i = 0; i < k; i++) {
    for (let j = i < k4 ? k4 : 0; j < k; j++) {
      out[outOffset + i * k + j] = scale * columnDot(At, B, k, i, j);
    }
  }
}

/**
 * The lower triangle of out = scale·A·B (k×k row-major, out at outOffset, not aliasing A or B):
 * out[i][j] for j ≤ i, k³ flops instead of matMul's 2k³ — for a product known to be symmetric
 * (Zᵀ·Δ⁻¹·Z in the block elimination), whose upper triangle the caller mirrors. Written: every
 * (i, j) with j < min(4⌊i/4⌋ + 4, k), i.e. the lower triangle and, inside each diagonal 4×4
 * tile, the entries above the diagonal too (with the product's values there); every other entry
 * above the diagonal is left as it was. WasmDenseKernels.lowerProduct writes the same entries.
 */
export function lowerProduct(
  A: Float64Array,
  B: Float64Array,
  k: number,
  out: Float64Array,
  outOffset = 0,
  scale = 1,
): void {
  const At = transposed(A, k);
  const k4 = k - (k % 4);
  for (let i = 0; i < k4; i += 4) {
    for (let j = 0; j <= i; j += 4) block4(At, B, k, i, j, out, outOffset, scale);
  }
  // The last k mod 4 rows: all k columns (their diagonal tile is cut at k).
  for (let i = k4; i < k; i++) {
    for (let j = 0; j < k; j++) {
      out[outOffset + i * k + j] = scale * columnDot(At, B, k, i, j);
    }
  }
}

/** out[i…i+3][j…j+3] = scale·Σ_l A[i…][l] B[l][j…], At = Aᵀ so both reads are contiguous. */
function block4(
  At: Float64Array,
  B: Float64Array,
  k: number,
  i: number,
  j: number,
  out: Float64Array,
  outOffset: number,
  scale: number,
) {
  let c00 = 0,
    c01 = 0,
    c02 = 0,
    c03 = 0,
    c10 = 0,
    c11 = 0,
    c12 = 0,
    c13 = 0;
  let c20 = 0,
    c21 = 0,
    c22 = 0,
    c23 = 0,
    c30 = 0,
    c31 = 0,
    c32 = 0,
    c33 = 0;
  for (let l = 0; l < k; l++) {
    const ab = l * k + i;
    const bb = l * k + j;
    const a0 = At[ab]!,
      a1 = At[ab + 1]!,
      a2 = At[ab + 2]!,
      a3 = At[ab + 3]!;
    const b0 = B[bb]!,
      b1 = B[bb + 1]!,
      b2 = B[bb + 2]!,
      b3 = B[bb + 3]!;
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c03 += a0 * b3;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    c13 += a1 * b3;
    c20 += a2 * b0;
    c21 += a2 * b1;
    c22 += a2 * b2;
    c23 += a2 * b3;
    c30 += a3 * b0;
    c31 += a3 * b1;
    c32 += a3 * b2;
    c33 += a3 * b3;
  }
  let o = outOffset + i * k + j;
  out[o] = scale * c00;
  out[o + 1] = scale * c01;
  out[o + 2] = scale * c02;
  out[o + 3] = scale * c03;
  o += k;
  out[o] = scale * c10;
  out[o + 1] = scale * c11;
  out[o + 2] = scale * c12;
  out[o + 3] = scale * c13;
  o += k;
  out[o] = scale * c20;
  out[o + 1] = scale * c21;
  out[o + 2] = scale * c22;
  out[o + 3] = scale * c23;
  o += k;
  out[o] = scale * c30;
  out[o + 1] = scale * c31;
  out[o + 2] = scale * c32;
  out[o + 3] = scale * c33;
}

/**
 * Panels: k×4 row-major blocks, four right-hand sides side by side (X[i·4 + c]), so each matrix
 * element read feeds four independent sums. A single vector's dot-product loop waits on one sum's
 * add latency each step (1.4–1.7 GFLOP/s measured for matVec and luSolve, k = 64–112); four
 * columns at once keep four sums in flight.
 */
export const PANEL = 4;

/** out[i][·] += scale·Σ_j A[i][j] X[j][·] for a k×k A and k×4 panels X, out at their offsets. */
export function matPanel(
  A: Float64Array,
  k: number,
  X: Float64Array,
  xOffset: number,
  out: Float64Array,
  outOffset: number,
  scale: number,
): void {
  for (let i = 0; i < k; i++) {
    const ai = i * k;
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    for (let j = 0; j < k; j++) {
      const a = A[ai + j]!;
      const x = xOffset + j * 4;
      s0 += a * X[x]!;
      s1 += a * X[x + 1]!;
      s2 += a * X[x + 2]!;
      s3 += a * X[x + 3]!;
    }
    const o = outOffset + i * 4;
    out[o]! += scale * s0;
    out[o + 1]! += scale * s1;
    out[o + 2]! += scale * s2;
    out[o + 3]! += scale * s3;
  }
}

/** out = A·B for a rows×depth A and a depth×cols B (row-major, out not aliasing either). */
export function matRect(
  A: Float64Array,
  rows: number,
  depth: number,
  B: Float64Array,
  cols: number,
  out: Float64Array,
): void {
  out.fill(0, 0, rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let l = 0; l < depth; l++) {
      const a = A[i * depth + l]!;
      for (let j = 0; j < cols; j++) out[i * cols + j]! += a * B[l * cols + j]!;
    }
  }
}

/** Solves A X = B in place for a k×4 panel B at bOffset, with the factors of luFactor. */
export function luSolvePanel(
  a: Float64Array,
  piv: Int32Array,
  k: number,
  B: Float64Array,
  offset: number,
  bOffset: number,
): void {
  for (let c = 0; c < k; c++) {
    const p = piv[c]!;
    if (p === c) continue;
    for (let q = 0; q < 4; q++) {
      const t = B[bOffset + c * 4 + q]!;
      B[bOffset + c * 4 + q] = B[bOffset + p * 4 + q]!;
      B[bOffset + p * 4 + q] = t;
    }
  }
  for (let r = 1; r < k; r++) panelRow(a, offset + r * k, 0, r, B, bOffset, r, 1);
  for (let r = k - 1; r >= 0; r--) {
    panelRow(a, offset + r * k, r + 1, k, B, bOffset, r, 1 / a[offset + r * k + r]!);
  }
}

/** B[r][·] ← (B[r][·] − Σ_{j∈[from,to)} a[row + j] B[j][·])·scale, four sums in flight. */
function panelRow(
  a: Float64Array,
  row: number,
  from: number,
  to: number,
  B: Float64Array,
  bOffset: number,
  r: number,
  scale: number,
): void {
  const o = bOffset + r * 4;
  let s0 = B[o]!,
    s1 = B[o + 1]!,
    s2 = B[o + 2]!,
    s3 = B[o + 3]!;
  for (let j = from; j < to; j++) {
    const l = a[row + j]!;
    const x = bOffset + j * 4;
    s0 -= l * B[x]!;
    s1 -= l * B[x + 1]!;
    s2 -= l * B[x + 2]!;
    s3 -= l * B[x + 3]!;
  }
  B[o] = s0 * scale;
  B[o + 1] = s1 * scale;
  B[o + 2] = s2 * scale;
  B[o + 3] = s3 * scale;
}

/**
 * Doubles of an LDLᵀ factor in packed storage: ldltFactor's unit lower L and its pivots Δ (the
 * diagonal), without U = Δ·Lᵀ, which repeats them. Rows go in panels of four; panel p (rows
 * 4p … 4p+3) holds its columns 0 … min(4p + 4, k) − 1 row-major, so a panel is a plain matrix
 * with one row stride (the update kernels' operand) and the whole takes k²/2 + 2k doubles, half
 * of the k² a full block takes. The upper part of each diagonal 4×4 tile is carried unread.
 */
export function packedSize(k: number): number {
  let size = 0;
  for (let r = 0; r < k; r++) size += packedRowWidth(r, k);
  return size;
}

/** Doubles packed storage keeps of row r: its panel's columns, min(4⌊r/4⌋ + 4, k). */
export function packedRowWidth(r: number, k: number): number {
  return Math.min(4 * Math.floor(r / 4) + 4, k);
}

/** Copies the L and Δ of ldltFactor's k×k block at `offset` into packed storage at `pOffset`. */
export function packLdlt(
  a: Float64Array,
  k: number,
  offset: number,
  packed: Float64Array,
  pOffset: number,
): void {
  let to = pOffset;
  for (let r = 0; r < k; r++) {
    const w = packedRowWidth(r, k);
    const from = offset + r * k;
    packed.set(a.subarray(from, from + w), to);
    to += w;
  }
}

/**
 * Solves M X = B in place for a k×4 panel B at bOffset, M = L·Δ·Lᵀ packed by packLdlt at
 * `offset`: L z = b row by row, then Δ, then Lᵀ x = y from the last row up, each solved row
 * taken out of the rows above it (Lᵀ's rows are L's columns, which packed storage keeps as rows).
 * The same substitutions as luSolvePanel on ldltFactor's full block, summed in another order:
 * equal to rounding.
 */
export function packedSolvePanel(
  packed: Float64Array,
  k: number,
  offset: number,
  B: Float64Array,
  bOffset: number,
): void {
  let row = offset;
  for (let r = 0; r < k; r++) {
    panelRow(packed, row, 0, r, B, bOffset, r, 1);
    row += packedRowWidth(r, k);
  }
  row = offset;
  for (let r = 0; r < k; r++) {
    const inv = 1 / packed[row + r]!;
    for (let q = 0; q < 4; q++) B[bOffset + r * 4 + q]! *= inv;
    row += packedRowWidth(r, k);
  }
  for (let r = k - 1; r > 0; r--) {
    row -= packedRowWidth(r, k);
    const x = bOffset + r * 4;
    const x0 = B[x]!;
    const x1 = B[x + 1]!;
    const x2 = B[x + 2]!;
    const x3 = B[x + 3]!;
    for (let j = 0; j < r; j++) {
      const l = packed[row + j]!;
      const o = bOffset + j * 4;
      B[o]! -= l * x0;
      B[o + 1]! -= l * x1;
      B[o + 2]! -= l * x2;
      B[o + 3]! -= l * x3;
    }
  }
}
