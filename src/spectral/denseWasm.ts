import { Body, encodeModule, F64, I32, KramersError, OP, SIMD, V128 } from '../core/index.js';
import {
  forwardSolveMatrix,
  ldltFactor,
  lowerProduct,
  luFactor,
  luFactorNoPivot,
  luSolveMatrix,
  luSolvePanel,
  matMul,
  matPanel,
  matRect,
  packedRowWidth,
  packedSolvePanel,
  packLdlt,
} from './denseLu.js';
import { hessenberg, reflector } from './hessenberg.js';

/**
 * WebAssembly SIMD (f64x2) versions of denseLu's kernels for the Klein–Kramers block elimination
 * (issue 13). Every kernel is built from one register-blocked update of R ≤ 4 rows,
 *   C[r][·] ← β·C[r][·] + s·Σ_{l<depth} A[r][l]·B[l][·],
 * over all columns: 4×4 tiles held in eight f64x2 accumulators over the whole sum (the micro-kernel
 * of Goto & van de Geijn, ACM TOMS 34, 2008), then a 2-wide and a scalar column for the remainder.
 * A product is one such update per four rows (β = 0); a triangular solve is one per four rows
 * against the rows already solved, then the small triangle inside the four rows (LAPACK's blocked
 * dtrsm order, Golub & Van Loan, Matrix Computations, 4th ed., 2013, §3.2.11); the LU is denseLu's
 * right-looking block-of-4 LU with its trailing update done by the same kernel; its pivot columns
 * (O(k²) of the O(k³) work) are scalar code doing denseLu's pivotColumn and eliminateColumn
 * operations in its order. The LU without pivoting (for SPD blocks) is the same body without the
 * pivot search; the forward solve is the L half of the triangular sweep; the lower product is the
 * product's update with each block of four rows' columns cut at its last row.
 *
 * No fused multiply-add (relaxed SIMD is not everywhere), but the sums are ordered differently from
 * denseLu's: results agree with it to rounding, not bit for bit, and so the pivots agree wherever
 * the candidates differ by more than rounding (test/spectral/denseLuWasm.test.ts).
 * The module is written with the repository's encoder (core/wasmEncoder.ts) and checked by the
 * engine's validator; the matrices live in one memory per set of kernels, sized when it is made
 * (a memory that grows would detach the arrays handed out), and the kernels take byte addresses.
 */

/** The part of the WebAssembly JS API used here (Node 20 and every current browser). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (
    module: object,
    imports: Record<string, Record<string, unknown>>,
  ) => { readonly exports: Record<string, unknown> };
  readonly Memory: new (descriptor: { initial: number }) => WasmMemory;
  validate(bytes: Uint8Array): boolean;
}

/** A WebAssembly.Memory: growing it detaches `buffer` and every view of it. */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** update(c, a, b, depth, lda, ldb, ldc, cols, s, β): addresses and strides in bytes. */
type Update = (
  c: number,
  a: number,
  b: number,
  depth: number,
  lda: number,
  ldb: number,
  ldc: number,
  cols: number,
  s: number,
  beta: number,
) => void;

const PARAMS = [I32, I32, I32, I32, I32, I32, I32, I32, F64, F64] as const;
const [C, A, B, DEPTH, LDA, LDB, LDC, COLS, S, BETA] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
/**
 * The transposed updates (updateT1, updateT4, rowsT) take one parameter more, STEP: A[r][l] at
 * a + r·lda + l·step instead of a + r·lda + 8l. With lda = 8 and step a row stride that is Aᵀ,
 * so a stored lower triangle serves as its own transpose (packedSolve's Lᵀ substitution).
 */
const STEP = 10;
const PARAMS_T = [...PARAMS, I32] as const;

/** Locals of one update function: pointers, counters and the accumulators. */
interface Frame {
  readonly f: Body;
  readonly rows: number;
  /** A's step along the sum: the parameter STEP (transposed) or 8 bytes. */
  readonly transposed: boolean;
  readonly j: number;
  readonly l: number;
  readonly pa: number[];
  readonly pb: number;
  readonly acc: number[];
  readonly accScalar: number[];
  readonly av: number;
  readonly bv: number[];
  readonly bs: number;
}

function frame(rows: number, transposed: boolean): Frame {
  const f = new Body(transposed ? PARAMS_T : PARAMS);
  const local = (type: typeof I32 | typeof F64 | typeof V128, n: number) =>
    Array.from({ length: n }, () => f.local(type));
  return {
    f,
    rows,
    transposed,
    j: f.local(I32),
    l: f.local(I32),
    pa: local(I32, rows),
    pb: f.local(I32),
    acc: local(V128, 2 * rows),
    accScalar: local(F64, rows),
    av: f.local(V128),
    bv: local(V128, 2),
    bs: f.local(F64),
  };
}

/** pa[q] = a + q·lda, pb = b + j, accumulators zero. */
function tileStart(fr: Frame, width: number): void {
  const { f } = fr;
  for (let q = 0; q < fr.rows; q++) {
    f.get(A);
    if (q > 0) f.get(LDA).i32(q).op(OP.i32Mul).op(OP.i32Add);
    f.set(fr.pa[q]!);
  }
  f.get(B).get(fr.j).op(OP.i32Add).set(fr.pb);
  for (let q = 0; q < fr.rows; q++) {
    if (width === 0) f.f64(0).set(fr.accScalar[q]!);
    for (let w = 0; w < width; w++) f.f64x2(0).set(fr.acc[2 * q + w]!);
  }
  f.get(DEPTH).set(fr.l);
}

/** Σ_l over the depth: `width` f64x2 columns (0: one scalar column) for each of the rows. */
function tileLoop(fr: Frame, width: number): void {
  const { f } = fr;
  f.op(OP.block, 0x40).get(fr.l).op(OP.i32Eqz).br(OP.brIf, 0).op(OP.loop, 0x40);
  if (width === 0) f.get(fr.pb).mem(OP.f64Load, 0, 3).set(fr.bs);
  for (let w = 0; w < width; w++)
    f.get(fr.pb)
      .vload(16 * w)
      .set(fr.bv[w]!);
  for (let q = 0; q < fr.rows; q++) {
    const pa = fr.pa[q]!;
    if (width === 0) {
      f.get(fr.accScalar[q]!).get(pa).mem(OP.f64Load, 0, 3).get(fr.bs).op(OP.f64Mul);
      f.op(OP.f64Add).set(fr.accScalar[q]!);
    } else {
      f.get(pa).simd(SIMD.load64Splat, 3, 0).set(fr.av);
      for (let w = 0; w < width; w++) {
        const acc = fr.acc[2 * q + w]!;
        f.get(acc).get(fr.av).get(fr.bv[w]!).simd(SIMD.f64x2Mul).simd(SIMD.f64x2Add).set(acc);
      }
    }
    f.get(pa);
    if (fr.transposed) f.get(STEP);
    else f.i32(8);
    f.op(OP.i32Add).set(pa);
  }
  f.get(fr.pb).get(LDB).op(OP.i32Add).set(fr.pb);
  f.get(fr.l).i32(1).op(OP.i32Sub).tee(fr.l).br(OP.brIf, 0);
  f.op(OP.end, OP.end);
}

/** C ← β·C + s·acc for the tile at column byte j (C read only where β ≠ 0). */
function tileStore(fr: Frame, width: number): void {
  const { f } = fr;
  const address = (q: number) => {
    f.get(C).get(fr.j).op(OP.i32Add);
    if (q > 0) f.get(LDC).i32(q).op(OP.i32Mul).op(OP.i32Add);
  };
  for (const withC of [true, false]) {
    if (withC) f.get(BETA).f64(0).op(OP.f64Ne).op(OP.if, 0x40);
    else f.op(OP.else);
    for (let q = 0; q < fr.rows; q++) {
      if (width === 0) {
        address(q);
        f.get(fr.accScalar[q]!).get(S).op(OP.f64Mul);
        if (withC) {
          address(q);
          f.mem(OP.f64Load, 0, 3).get(BETA).op(OP.f64Mul).op(OP.f64Add);
        }
        f.mem(OP.f64Store, 0, 3);
      }
      for (let w = 0; w < width; w++) {
        address(q);
        f.get(fr.acc[2 * q + w]!)
          .get(S)
          .simd(SIMD.f64x2Splat)
          .simd(SIMD.f64x2Mul);
        if (withC) {
          address(q);
          f.vload(16 * w)
            .get(BETA)
            .simd(SIMD.f64x2Splat)
            .simd(SIMD.f64x2Mul);
          f.simd(SIMD.f64x2Add);
        }
        f.vstore(16 * w);
      }
    }
  }
  f.op(OP.end);
}

function tile(fr: Frame, width: number): void {
  tileStart(fr, width);
  tileLoop(fr, width);
  tileStore(fr, width);
}

/** The update for `rows` rows: 4-column tiles, then a 2-column one, then a scalar column. */
function updateBody(rows: number, transposed = false): Body {
  const fr = frame(rows, transposed);
  const { f } = fr;
  const cols4 = f.local(I32);
  // cols4 = 8·(cols − cols mod 4) bytes; j runs over it in steps of 32.
  f.get(COLS).i32(-4).op(OP.i32And).i32(3).op(OP.i32Shl).set(cols4);
  f.i32(0).set(fr.j);
  f.op(OP.block, 0x40).op(OP.loop, 0x40);
  f.get(fr.j).get(cols4).op(OP.i32GeS).br(OP.brIf, 1);
  tile(fr, 2);
  f.get(fr.j).i32(32).op(OP.i32Add).set(fr.j).br(OP.br, 0);
  f.op(OP.end, OP.end);
  f.get(COLS).i32(2).op(OP.i32And).op(OP.if, 0x40);
  tile(fr, 1);
  f.get(fr.j).i32(16).op(OP.i32Add).set(fr.j);
  f.op(OP.end);
  f.get(COLS).i32(1).op(OP.i32And).op(OP.if, 0x40);
  tile(fr, 0);
  f.op(OP.end);
  return f;
}

/**
 * Function indices in the module: update1 … update4, then `rows` and `triangular`; after the
 * factorisations, the transposed updateT1, updateT4 and rowsT.
 */
const UPDATE1 = 0;
const UPDATE4 = 3;
const ROWS = 4;
const UPDATE_T1 = 10;
const UPDATE_T4 = 11;
const ROWS_T = 12;

/** Pushes an update's arguments from (c, a) and the rest as locals or constants. */
type Push = (f: Body) => void;

/**
 * rows(n, c, a, b, depth, lda, ldb, ldc, cols, s, β): the update for any number of rows, four at
 * a time and then one at a time, so one call from JavaScript covers a whole matrix. rowsT: the
 * same over the transposed updates, with their STEP last.
 */
function rowsBody(transposed = false): Body {
  const f = new Body(transposed ? [I32, ...PARAMS_T] : [I32, ...PARAMS]);
  const [n, c, a] = [0, 1, 2];
  const rest = transposed ? [3, 4, 5, 6, 7, 8, 9, 10, 11] : [3, 4, 5, 6, 7, 8, 9, 10];
  for (const [step, callee] of [
    [4, transposed ? UPDATE_T4 : UPDATE4],
    [1, transposed ? UPDATE_T1 : UPDATE1],
  ] as const) {
    f.op(OP.block, 0x40, OP.loop, 0x40);
    f.get(n).i32(step).op(OP.i32LtS).br(OP.brIf, 1);
    f.get(c).get(a);
    for (const r of rest) f.get(r);
    f.call(callee);
    // c += step·ldc, a += step·lda (parameters 7 and 5).
    f.get(c).get(7).i32(step).op(OP.i32Mul).op(OP.i32Add).set(c);
    f.get(a).get(5).i32(step).op(OP.i32Mul).op(OP.i32Add).set(a);
    f.get(n).i32(step).op(OP.i32Sub).set(n).br(OP.br, 0);
    f.op(OP.end, OP.end);
  }
  return f;
}

/** Emits `call rows(n, c, a, b, depth, ld, lx, lx, cols, s, β)` or update1 without n. */
function callUpdate(
  f: Body,
  callee: number,
  args: { n?: Push; c: Push; a: Push; b: Push; depth: Push; s: Push; beta: Push },
  strides: { ld: number; lx: number; cols: number },
): void {
  args.n?.(f);
  args.c(f);
  args.a(f);
  args.b(f);
  args.depth(f);
  f.get(strides.ld).get(strides.lx).get(strides.lx).get(strides.cols);
  args.s(f);
  args.beta(f);
  f.call(callee);
}

/** Locals of `triangular`: its parameters, strides, the block of rows and the row in it. */
interface SolveFrame {
  readonly f: Body;
  readonly lu: number;
  readonly k: number;
  readonly x: number;
  readonly cols: number;
  readonly ld: number;
  readonly lx: number;
  readonly r0: number;
  readonly rows: number;
  readonly row: number;
  readonly q: number;
  readonly inv: number;
}

const local = (i: number) => (b: Body) => b.get(i);
const minusOne = (b: Body) => b.f64(-1);
const one = (b: Body) => b.f64(1);

/**
 * triangular(lu, k, x, cols): L then U substitution on the rows of X (`cols` wide, row-major,
 * byte addresses) with the factors of luFactor, pivots already applied: four rows at a time
 * against the rows already solved, then the small triangle inside the four.
 */
function triangularBody(): Body {
  const fr = solveFrame();
  forwardCode(fr);
  backwardCode(fr);
  return fr.f;
}

/** forward(lu, k, x, cols): the L (unit diagonal) half of `triangular` alone. */
function forwardBody(): Body {
  const fr = solveFrame();
  forwardCode(fr);
  return fr.f;
}

/** The parameters (lu, k, x, cols) and locals of a triangular sweep, strides set. */
function solveFrame(): SolveFrame {
  const f = new Body([I32, I32, I32, I32]);
  const i32 = () => f.local(I32);
  const fr: SolveFrame = {
    f,
    lu: 0,
    k: 1,
    x: 2,
    cols: 3,
    ld: i32(),
    lx: i32(),
    r0: i32(),
    rows: i32(),
    row: i32(),
    q: i32(),
    inv: f.local(F64),
  };
  f.get(fr.k).i32(3).op(OP.i32Shl).set(fr.ld);
  f.get(fr.cols).i32(3).op(OP.i32Shl).set(fr.lx);
  return fr;
}

/** rows = min(4, k − r0); row = x + r0·lx. */
function blockStart(fr: SolveFrame): void {
  const { f, k, r0, rows } = fr;
  f.get(k).get(r0).op(OP.i32Sub).tee(rows).i32(4).get(rows).i32(4).op(OP.i32LtS);
  f.op(OP.select).set(rows);
  f.get(fr.x).get(r0).get(fr.lx).op(OP.i32Mul).op(OP.i32Add).set(fr.row);
}

/** L (unit diagonal): blocks r0 = 0, 4, … < k, each against the rows above, then inside. */
function forwardCode(fr: SolveFrame): void {
  const { f, lu, r0, ld, lx, q, row, rows } = fr;
  const strides = { ld, lx, cols: fr.cols };
  f.i32(0).set(r0);
  f.op(OP.block, 0x40, OP.loop, 0x40);
  f.get(r0).get(fr.k).op(OP.i32GeS).br(OP.brIf, 1);
  blockStart(fr);
  const [c, a] = [local(row), (b: Body) => b.get(lu).get(r0).get(ld).op(OP.i32Mul).op(OP.i32Add)];
  const rest = { b: local(fr.x), depth: local(r0), s: minusOne, beta: one };
  callUpdate(f, ROWS, { n: local(rows), c, a, ...rest }, strides);
  f.i32(1).set(q);
  f.op(OP.block, 0x40, OP.loop, 0x40);
  f.get(q).get(rows).op(OP.i32GeS).br(OP.brIf, 1);
  callUpdate(
    f,
    UPDATE1,
    {
      c: (b) => b.get(row).get(q).get(lx).op(OP.i32Mul).op(OP.i32Add),
      // &L[r0 + q][r0] = lu + (r0 + q)·ld + 8·r0
      a: (b) => {
        b.get(lu).get(r0).get(q).op(OP.i32Add).get(ld).op(OP.i32Mul).op(OP.i32Add);
        b.get(r0).i32(3).op(OP.i32Shl).op(OP.i32Add);
      },
      b: local(row),
      depth: local(q),
      s: minusOne,
      beta: one,
    },
    strides,
  );
  f.get(q).i32(1).op(OP.i32Add).set(q).br(OP.br, 0);
  f.op(OP.end, OP.end);
  f.get(r0).i32(4).op(OP.i32Add).set(r0).br(OP.br, 0);
  f.op(OP.end, OP.end);
}

/** U: blocks r0 = 4⌊(k − 1)/4⌋, …, 0, each against the rows below, then inside, bottom up. */
function backwardCode(fr: SolveFrame): void {
  const { f, lu, k, r0, ld, lx, q, row, rows, inv } = fr;
  const strides = { ld, lx, cols: fr.cols };
  f.get(k).i32(1).op(OP.i32Sub).i32(-4).op(OP.i32And).set(r0);
  f.op(OP.block, 0x40, OP.loop, 0x40);
  f.get(r0).i32(0).op(OP.i32LtS).br(OP.brIf, 1);
  blockStart(fr);
  callUpdate(
    f,
    ROWS,
    {
      n: local(rows),
      c: local(row),
      // &U[r0][r0 + rows] = lu + r0·ld + 8·(r0 + rows)
      a: (b) => {
        b.get(lu).get(r0).get(ld).op(OP.i32Mul).op(OP.i32Add);
        b.get(r0).get(rows).op(OP.i32Add).i32(3).op(OP.i32Shl).op(OP.i32Add);
      },
      b: (b) => b.get(row).get(rows).get(lx).op(OP.i32Mul).op(OP.i32Add),
      depth: (b) => b.get(k).get(r0).op(OP.i32Sub).get(rows).op(OP.i32Sub),
      s: minusOne,
      beta: one,
    },
    strides,
  );
  f.get(rows).i32(1).op(OP.i32Sub).set(q);
  f.op(OP.block, 0x40, OP.loop, 0x40);
  f.get(q).i32(0).op(OP.i32LtS).br(OP.brIf, 1);
  // &U[r0 + q][r0 + q]; inv = 1/U[r0 + q][r0 + q]; row r0 + q ← inv·(row − Σ U·rows below).
  const diag = (b: Body) => {
    b.get(lu).get(r0).get(q).op(OP.i32Add).get(ld).op(OP.i32Mul).op(OP.i32Add);
    b.get(r0).get(q).op(OP.i32Add).i32(3).op(OP.i32Shl).op(OP.i32Add);
  };
  f.f64(1);
  diag(f);
  f.mem(OP.f64Load, 0, 3).op(OP.f64Div).set(inv);
  callUpdate(
    f,
    UPDATE1,
    {
      c: (b) => b.get(row).get(q).get(lx).op(OP.i32Mul).op(OP.i32Add),
      a: (b) => {
        diag(b);
        b.i32(8).op(OP.i32Add);
      },
      b: (b) => b.get(row).get(q).i32(1).op(OP.i32Add).get(lx).op(OP.i32Mul).op(OP.i32Add),
      depth: (b) => b.get(rows).i32(1).op(OP.i32Sub).get(q).op(OP.i32Sub),
      s: (b) => b.get(inv).op(OP.f64Neg),
      beta: local(inv),
    },
    strides,
  );
  f.get(q).i32(1).op(OP.i32Sub).set(q).br(OP.br, 0);
  f.op(OP.end, OP.end);
  f.get(r0).i32(4).op(OP.i32Sub).set(r0).br(OP.br, 0);
  f.op(OP.end, OP.end);
}

/**
 * packedSolve(lu, k, x, cols): M X = B on the rows of X (`cols` wide, row-major, byte addresses)
 * for M = L·Δ·Lᵀ in packLdlt's storage at lu (denseLu.packedSize): L's substitution panel by
 * panel as `triangular`'s, each panel with its own row stride; then Δ; then Lᵀ's from the last
 * panel up, right-looking: a panel's rows, once solved inside the panel, are taken out of all
 * the rows above it by the transposed update (Lᵀ's rows are L's columns, stored as rows here).
 */
function packedSolveBody(): Body {
  const fr = solveFrame();
  const pan = fr.f.local(I32);
  packedForward(fr, pan);
  packedDiagonal(fr, pan);
  packedBackward(fr, pan);
  return fr.f;
}

/** blockStart, and ld = 8·min(r0 + 4, k): the row stride of the panel at r0. */
function panelStart(fr: SolveFrame): void {
  const { f, k, r0 } = fr;
  blockStart(fr);
  f.get(r0).i32(4).op(OP.i32Add).get(k);
  f.get(r0).i32(4).op(OP.i32Add).get(k).op(OP.i32LtS);
  f.op(OP.select).i32(3).op(OP.i32Shl).set(fr.ld);
}

/** Loops r0 = 0, 4, … < k with the panel's start and pan ← pan + rows·ld after each. */
function forPanels(fr: SolveFrame, pan: number, body: () => void): void {
  const { f, r0 } = fr;
  f.get(fr.lu).set(pan).i32(0).set(r0);
  f.op(OP.block, 0x40, OP.loop, 0x40);
  f.get(r0).get(fr.k).op(OP.i32GeS).br(OP.brIf, 1);
  panelStart(fr);
  body();
  f.get(pan).get(fr.rows).get(fr.ld).op(OP.i32Mul).op(OP.i32Add).set(pan);
  f.get(r0).i32(4).op(OP.i32Add).set(r0).br(OP.br, 0);
  f.op(OP.end, OP.end);
}

/** Loops q = from, from + step, … while q < rows (step 1) or q ≥ 0 (step −1). */
function forRows(fr: SolveFrame, from: Push, step: 1 | -1, body: () => void): void {
  const { f, q } = fr;
  from(f);
  f.set(q).op(OP.block, 0x40, OP.loop, 0x40);
  if (step === 1) f.get(q).get(fr.rows).op(OP.i32GeS).br(OP.brIf, 1);
  else f.get(q).i32(0).op(OP.i32LtS).br(OP.brIf, 1);
  body();
  f.get(q).i32(step).op(OP.i32Add).set(q).br(OP.br, 0);
  f.op(OP.end, OP.end);
}

/** L z = b: the panel's rows against the rows above, then inside the panel (as forwardCode). */
function packedForward(fr: SolveFrame, pan: number): void {
  const { f, r0, ld, lx, q, row, rows } = fr;
  const strides = { ld, lx, cols: fr.cols };
  forPanels(fr, pan, () => {
    const rest = { s: minusOne, beta: one };
    callUpdate(
      f,
      ROWS,
      { n: local(rows), c: local(row), a: local(pan), b: local(fr.x), depth: local(r0), ...rest },
      strides,
    );
    forRows(
      fr,
      (b) => b.i32(1),
      1,
      () => {
        callUpdate(
          f,
          UPDATE1,
          {
            c: (b) => b.get(row).get(q).get(lx).op(OP.i32Mul).op(OP.i32Add),
            // &L[r0 + q][r0] = pan + q·ld + 8·r0
            a: (b) => {
              b.get(pan).get(q).get(ld).op(OP.i32Mul).op(OP.i32Add);
              b.get(r0).i32(3).op(OP.i32Shl).op(OP.i32Add);
            },
            b: local(row),
            depth: local(q),
            ...rest,
          },
          strides,
        );
      },
    );
  });
}

/** y = Δ⁻¹z: each row times 1/Δ, as an update of depth 0 (C ← β·C with β = 1/Δ). */
function packedDiagonal(fr: SolveFrame, pan: number): void {
  const { f, r0, ld, lx, q, row, inv } = fr;
  forPanels(fr, pan, () => {
    forRows(
      fr,
      (b) => b.i32(0),
      1,
      () => {
        // Δ_{r0+q} at pan + q·ld + 8·(r0 + q)
        f.f64(1).get(pan).get(q).get(ld).op(OP.i32Mul).op(OP.i32Add);
        f.get(r0).get(q).op(OP.i32Add).i32(3).op(OP.i32Shl).op(OP.i32Add);
        f.mem(OP.f64Load, 0, 3).op(OP.f64Div).set(inv);
        callUpdate(
          f,
          UPDATE1,
          {
            c: (b) => b.get(row).get(q).get(lx).op(OP.i32Mul).op(OP.i32Add),
            a: local(pan),
            b: local(row),
            depth: (b) => b.i32(0),
            s: (b) => b.f64(0),
            beta: local(inv),
          },
          { ld, lx, cols: fr.cols },
        );
      },
    );
  });
}

/**
 * Lᵀ x = y from the last panel up: inside the panel bottom-up, then the panel's rows out of all
 * rows above, both by transposed updates (A = L's columns: lda 8, step the panel's row stride).
 */
function packedBackward(fr: SolveFrame, pan: number): void {
  const { f, k, r0, ld, lx, q, row, rows } = fr;
  f.get(k).i32(1).op(OP.i32Sub).i32(-4).op(OP.i32And).set(r0);
  f.op(OP.block, 0x40, OP.loop, 0x40);
  f.get(r0).i32(0).op(OP.i32LtS).br(OP.brIf, 1);
  panelStart(fr);
  f.get(pan).get(rows).get(ld).op(OP.i32Mul).op(OP.i32Sub).set(pan);
  const transposed = (
    callee: number,
    args: { n?: Push; c: Push; a: Push; b: Push; depth: Push },
  ) => {
    args.n?.(f);
    args.c(f);
    args.a(f);
    args.b(f);
    args.depth(f);
    f.i32(8).get(lx).get(lx).get(fr.cols).f64(-1).f64(1).get(ld).call(callee);
  };
  forRows(
    fr,
    (b) => b.get(rows).i32(2).op(OP.i32Sub),
    -1,
    () => {
      transposed(UPDATE_T1, {
        c: (b) => b.get(row).get(q).get(lx).op(OP.i32Mul).op(OP.i32Add),
        // &L[r0 + q + 1][r0 + q] = pan + (q + 1)·ld + 8·(r0 + q)
        a: (b) => {
          b.get(pan).get(q).i32(1).op(OP.i32Add).get(ld).op(OP.i32Mul).op(OP.i32Add);
          b.get(r0).get(q).op(OP.i32Add).i32(3).op(OP.i32Shl).op(OP.i32Add);
        },
        b: (b) => b.get(row).get(q).i32(1).op(OP.i32Add).get(lx).op(OP.i32Mul).op(OP.i32Add),
        depth: (b) => b.get(rows).i32(1).op(OP.i32Sub).get(q).op(OP.i32Sub),
      });
    },
  );
  transposed(ROWS_T, {
    n: local(r0),
    c: local(fr.x),
    a: local(pan),
    b: local(row),
    depth: local(rows),
  });
  f.get(r0).i32(4).op(OP.i32Sub).set(r0).br(OP.br, 0);
  f.op(OP.end, OP.end);
}

/** Locals of the LU: `lu(a, k, piv)`'s parameters and its counters and scalars. */
interface LuFrame {
  readonly f: Body;
  /** Partial pivoting (`lu`), or none (`luNoPivot`, which has no `piv` parameter). */
  readonly pivot: boolean;
  readonly a: number;
  readonly k: number;
  readonly piv: number;
  readonly c0: number;
  readonly c1: number;
  readonly c: number;
  readonly r: number;
  readonly j: number;
  readonly p: number;
  readonly ld: number;
  readonly best: number;
  readonly v: number;
  readonly inv: number;
  readonly l: number;
}

/** Pushes the byte address of a[row][col] (row and col are locals). */
function element(fr: LuFrame, row: number, col: number): void {
  fr.f.get(fr.a).get(row).get(fr.ld).op(OP.i32Mul).op(OP.i32Add);
  fr.f.get(col).i32(3).op(OP.i32Shl).op(OP.i32Add);
}

/** `for (i = from; i < to; i++) body()`, from and to pushed by the callers. */
function forUp(f: Body, i: number, from: () => void, to: () => void, body: () => void): void {
  from();
  f.set(i);
  f.op(OP.block, 0x40, OP.loop, 0x40);
  f.get(i);
  to();
  f.op(OP.i32GeS).br(OP.brIf, 1);
  body();
  f.get(i).i32(1).op(OP.i32Add).set(i).br(OP.br, 0);
  f.op(OP.end, OP.end);
}

/** Pivot search down column c: p = argmax |a[r][c]|, r ≥ c (the first of equals, as denseLu). */
function pivotSearch(fr: LuFrame): void {
  const { f } = fr;
  f.get(fr.c).set(fr.p);
  element(fr, fr.c, fr.c);
  f.mem(OP.f64Load, 0, 3).op(OP.f64Abs).set(fr.best);
  forUp(
    f,
    fr.r,
    () => f.get(fr.c).i32(1).op(OP.i32Add),
    () => f.get(fr.k),
    () => {
      element(fr, fr.r, fr.c);
      f.mem(OP.f64Load, 0, 3).op(OP.f64Abs).tee(fr.v).get(fr.best).op(OP.f64Gt);
      f.op(OP.if, 0x40).get(fr.v).set(fr.best).get(fr.r).set(fr.p).op(OP.end);
    },
  );
}

/**
 * Column c of the panel [c, c1) (denseLu's pivotColumn then eliminateColumn, the same operations
 * in the same order): pivot, swap whole rows, multipliers, update the panel's rest. Returns c from
 * `lu` where the column has no nonzero (or a NaN) pivot; without pivoting, from `luNoPivot` where
 * the pivot a[c][c] is not positive and finite (denseLu.luFactorNoPivot's test).
 */
function panelColumnCode(fr: LuFrame): void {
  const { f } = fr;
  if (!fr.pivot) {
    element(fr, fr.c, fr.c);
    f.mem(OP.f64Load, 0, 3).tee(fr.v).f64(0).op(OP.f64Gt);
    f.get(fr.v).f64(Number.POSITIVE_INFINITY).op(OP.f64Lt).op(OP.i32And).op(OP.i32Eqz);
    f.op(OP.if, 0x40).get(fr.c).op(OP.return).op(OP.end);
    eliminateCode(fr);
    return;
  }
  pivotSearch(fr);
  f.get(fr.piv).get(fr.c).i32(2).op(OP.i32Shl).op(OP.i32Add).get(fr.p).mem(OP.i32Store, 0, 2);
  f.get(fr.best).f64(0).op(OP.f64Gt).op(OP.i32Eqz).op(OP.if, 0x40).get(fr.c).op(OP.return);
  f.op(OP.end);
  f.get(fr.p).get(fr.c).op(OP.i32Ne).op(OP.if, 0x40);
  forUp(
    f,
    fr.j,
    () => f.i32(0),
    () => f.get(fr.k),
    () => {
      element(fr, fr.c, fr.j);
      f.mem(OP.f64Load, 0, 3).set(fr.v);
      element(fr, fr.c, fr.j);
      element(fr, fr.p, fr.j);
      f.mem(OP.f64Load, 0, 3).mem(OP.f64Store, 0, 3);
      element(fr, fr.p, fr.j);
      f.get(fr.v).mem(OP.f64Store, 0, 3);
    },
  );
  f.op(OP.end);
  eliminateCode(fr);
}

/** Multipliers of column c below the pivot a[c][c], then the rest of the panel [c, c1). */
function eliminateCode(fr: LuFrame): void {
  const { f } = fr;
  f.f64(1);
  element(fr, fr.c, fr.c);
  f.mem(OP.f64Load, 0, 3).op(OP.f64Div).set(fr.inv);
  forUp(
    f,
    fr.r,
    () => f.get(fr.c).i32(1).op(OP.i32Add),
    () => f.get(fr.k),
    () => {
      element(fr, fr.r, fr.c);
      element(fr, fr.r, fr.c);
      f.mem(OP.f64Load, 0, 3).get(fr.inv).op(OP.f64Mul).tee(fr.l).mem(OP.f64Store, 0, 3);
      forUp(
        f,
        fr.j,
        () => f.get(fr.c).i32(1).op(OP.i32Add),
        () => f.get(fr.c1),
        () => {
          element(fr, fr.r, fr.j);
          element(fr, fr.r, fr.j);
          f.mem(OP.f64Load, 0, 3).get(fr.l);
          element(fr, fr.c, fr.j);
          f.mem(OP.f64Load, 0, 3).op(OP.f64Mul).op(OP.f64Sub).mem(OP.f64Store, 0, 3);
        },
      );
    },
  );
}

/**
 * lu(a, k, piv) → −1, or the column whose pivot is zero or NaN: denseLu's blocked LU with the
 * rows of U right of each panel and the trailing rank-4 update by the update kernels. Without
 * pivoting, luNoPivot(a, k) → −1, or the column whose pivot is not positive and finite.
 */
function luBody(pivot: boolean, symmetric = false): Body {
  const f = new Body(pivot ? [I32, I32, I32] : [I32, I32]);
  const i32 = () => f.local(I32);
  const fr: LuFrame = {
    f,
    pivot,
    a: 0,
    k: 1,
    piv: pivot ? 2 : -1,
    c0: i32(),
    c1: i32(),
    c: i32(),
    r: i32(),
    j: i32(),
    p: i32(),
    ld: i32(),
    best: f.local(F64),
    v: f.local(F64),
    inv: f.local(F64),
    l: f.local(F64),
  };
  f.get(fr.k).i32(3).op(OP.i32Shl).set(fr.ld);
  f.i32(0).set(fr.c0);
  f.op(OP.block, 0x40, OP.loop, 0x40);
  f.get(fr.c0).get(fr.k).op(OP.i32GeS).br(OP.brIf, 1);
  // c1 = min(c0 + 4, k)
  f.get(fr.c0).i32(4).op(OP.i32Add).tee(fr.c1).get(fr.k).get(fr.c1).get(fr.k).op(OP.i32LtS);
  f.op(OP.select).set(fr.c1);
  forUp(
    f,
    fr.c,
    () => f.get(fr.c0),
    () => f.get(fr.c1),
    () => panelColumnCode(fr),
  );
  if (symmetric) symmetricTrailingCode(fr);
  else trailingCode(fr);
  f.get(fr.c0).i32(4).op(OP.i32Add).set(fr.c0).br(OP.br, 0);
  f.op(OP.end, OP.end);
  f.i32(-1);
  return f;
}

/** Rows c0 … c1−1 of U right of the panel (unit-L substitution), then the trailing update. */
function trailingCode(fr: LuFrame): void {
  const { f } = fr;
  const rest = () => f.get(fr.ld).get(fr.ld).get(fr.ld).get(fr.k).get(fr.c1).op(OP.i32Sub);
  forUp(
    f,
    fr.c,
    () => f.get(fr.c0).i32(1).op(OP.i32Add),
    () => f.get(fr.c1),
    () => {
      element(fr, fr.c, fr.c1);
      element(fr, fr.c, fr.c0);
      element(fr, fr.c0, fr.c1);
      f.get(fr.c).get(fr.c0).op(OP.i32Sub);
      rest();
      f.f64(-1).f64(1).call(UPDATE1);
    },
  );
  f.get(fr.k).get(fr.c1).op(OP.i32Sub);
  element(fr, fr.c1, fr.c1);
  element(fr, fr.c1, fr.c0);
  element(fr, fr.c0, fr.c1);
  f.get(fr.c1).get(fr.c0).op(OP.i32Sub);
  rest();
  f.f64(-1).f64(1).call(ROWS);
}

/**
 * ldlt's step after each panel (denseLu.ldltFactor): the rows of U right of the panel from its
 * multipliers, U[c][j] = U[c][c]·L[j][c], then the trailing update by blocks of four rows r, each
 * over columns c1 … min(r + 4, k) − 1 (the lower triangle and the diagonal tile).
 */
function symmetricTrailingCode(fr: LuFrame): void {
  const { f } = fr;
  forUp(
    f,
    fr.c,
    () => f.get(fr.c0),
    () => f.get(fr.c1),
    () => {
      element(fr, fr.c, fr.c);
      f.mem(OP.f64Load, 0, 3).set(fr.v);
      forUp(
        f,
        fr.j,
        () => f.get(fr.c1),
        () => f.get(fr.k),
        () => {
          element(fr, fr.c, fr.j);
          element(fr, fr.j, fr.c);
          f.mem(OP.f64Load, 0, 3).get(fr.v).op(OP.f64Mul).mem(OP.f64Store, 0, 3);
        },
      );
    },
  );
  f.get(fr.c1).set(fr.r);
  f.op(OP.block, 0x40, OP.loop, 0x40);
  f.get(fr.r).get(fr.k).op(OP.i32GeS).br(OP.brIf, 1);
  // p = min(4, k − r) rows, over columns c1 … r + p − 1.
  f.get(fr.k).get(fr.r).op(OP.i32Sub).tee(fr.p).i32(4).get(fr.p).i32(4).op(OP.i32LtS);
  f.op(OP.select).set(fr.p);
  f.get(fr.p);
  element(fr, fr.r, fr.c1);
  element(fr, fr.r, fr.c0);
  element(fr, fr.c0, fr.c1);
  f.get(fr.c1).get(fr.c0).op(OP.i32Sub);
  f.get(fr.ld).get(fr.ld).get(fr.ld);
  f.get(fr.r).get(fr.p).op(OP.i32Add).get(fr.c1).op(OP.i32Sub);
  f.f64(-1).f64(1).call(ROWS);
  f.get(fr.r).i32(4).op(OP.i32Add).set(fr.r).br(OP.br, 0);
  f.op(OP.end, OP.end);
}

let moduleBytes: Uint8Array | undefined;

/**
 * The module: update1 … update4 (a fixed number of rows), rows, triangular, lu, luNoPivot,
 * forward, ldlt, updateT1, updateT4, rowsT, packedSolve; memory imported. The updates and the
 * two `rows` keep their indices (the bodies call them).
 */
export function denseModuleBytes(): Uint8Array {
  if (!moduleBytes) {
    const type = { params: PARAMS, results: [] };
    moduleBytes = encodeModule({
      imports: [],
      functions: [
        ...[1, 2, 3, 4].map((rows) => ({
          type,
          body: updateBody(rows),
          export: `update${rows}`,
        })),
        { type: { params: [I32, ...PARAMS], results: [] }, body: rowsBody(), export: 'rows' },
        {
          type: { params: [I32, I32, I32, I32], results: [] },
          body: triangularBody(),
          export: 'triangular',
        },
        { type: { params: [I32, I32, I32], results: [I32] }, body: luBody(true), export: 'lu' },
        {
          type: { params: [I32, I32], results: [I32] },
          body: luBody(false),
          export: 'luNoPivot',
        },
        {
          type: { params: [I32, I32, I32, I32], results: [] },
          body: forwardBody(),
          export: 'forward',
        },
        {
          type: { params: [I32, I32], results: [I32] },
          body: luBody(false, true),
          export: 'ldlt',
        },
        ...[1, 4].map((rows) => ({
          type: { params: PARAMS_T, results: [] },
          body: updateBody(rows, true),
          export: `updateT${rows}`,
        })),
        {
          type: { params: [I32, ...PARAMS_T] as const, results: [] },
          body: rowsBody(true),
          export: 'rowsT',
        },
        {
          type: { params: [I32, I32, I32, I32], results: [] },
          body: packedSolveBody(),
          export: 'packedSolve',
        },
      ],
      memoryPages: 1,
    });
  }
  return moduleBytes;
}

let compiled: object | null | undefined;

/** The compiled module, or null where this runtime has no WebAssembly SIMD. */
function denseModule(): object | null {
  if (compiled === undefined) {
    try {
      const bytes = denseModuleBytes();
      compiled = api?.validate(bytes) ? new api.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Whether the WebAssembly SIMD kernels run here (their module validates). */
export function wasmDenseAvailable(): boolean {
  return denseModule() !== null;
}

/** Which kernels run the block elimination: WebAssembly SIMD, or the JavaScript reference. */
export type DenseEngine = 'js' | 'wasm';

/**
 * Rows of the solved part that forwardSolveHessenberg takes per update: a longer chunk wastes
 * more of the zero triangle (w/2 columns a row), a shorter one stores the accumulators more often.
 */
const CHUNK = 32;

/**
 * The dense kernels on WebAssembly memory: arrays come from `array` (views of the one memory, made
 * before any kernel runs on them) and the kernels have denseLu's signatures and results.
 */
export class WasmDenseKernels {
  private readonly memory: WasmMemory;
  private readonly rows: (n: number, ...update: Parameters<Update>) => void;
  private readonly triangularSweep: (lu: number, k: number, x: number, cols: number) => void;
  private readonly lu: (a: number, k: number, piv: number) => number;
  private readonly luNoPivot: (a: number, k: number) => number;
  private readonly ldlt: (a: number, k: number) => number;
  private readonly forward: (lu: number, k: number, x: number, cols: number) => void;
  private readonly packedSolve: (lu: number, k: number, x: number, cols: number) => void;
  /** Room for the pivots of any k×k matrix that fits (k² ≤ doubles), at address 0. */
  private pivots: Int32Array;
  private next = 0;
  /** Whether the memory held earlier arrays (reuse): then `array` zeroes what it hands out. */
  private reused = false;

  /** Room for `doubles` float64s in all (each array rounded up to a 16-byte boundary). */
  constructor(doubles: number) {
    const module = denseModule();
    if (!api || !module) {
      throw new KramersError('invalid_parameter', 'this runtime has no WebAssembly SIMD', {
        hint: "use engine: 'js'",
      });
    }
    const { pivots, pages } = layout(doubles);
    this.memory = new api.Memory({ initial: pages });
    this.pivots = new Int32Array(this.memory.buffer, 0, pivots);
    this.next = 4 * pivots;
    const { exports } = new api.Instance(module, { m: { memory: this.memory } });
    this.rows = exports.rows as WasmDenseKernels['rows'];
    this.triangularSweep = exports.triangular as WasmDenseKernels['triangularSweep'];
    this.lu = exports.lu as WasmDenseKernels['lu'];
    this.luNoPivot = exports.luNoPivot as WasmDenseKernels['luNoPivot'];
    this.ldlt = exports.ldlt as WasmDenseKernels['ldlt'];
    this.forward = exports.forward as WasmDenseKernels['forward'];
    this.packedSolve = exports.packedSolve as WasmDenseKernels['packedSolve'];
  }

  /**
   * The same kernels with room for `doubles` float64s, the memory grown if it must be: every
   * array handed out before is given up (growing detaches them; otherwise new arrays overlap
   * them). A ladder's levels reuse one memory: a fresh one for each costs the first touch of
   * every page (122 MB: 48–96 ms, against 17–20 ms to write it again; 129 MB: 313–340 ms on the
   * VM of the 2026-12-07 evening benches; bench/README.md). Between solves: lendArena.
   */
  reuse(doubles: number): this {
    const { pivots, pages } = layout(doubles);
    const have = this.memory.buffer.byteLength / 65536;
    if (pages > have) this.memory.grow(pages - have);
    this.pivots = new Int32Array(this.memory.buffer, 0, pivots);
    this.next = 4 * pivots;
    this.reused = true;
    return this;
  }

  /**
   * An array of `length` float64s in the kernels' memory, zeroed (`zeroed: false` on a reused
   * memory leaves what an earlier array left there, for arrays the caller writes before reading).
   */
  array(length: number, zeroed = true): Float64Array {
    const view = new Float64Array(this.memory.buffer, this.next, length);
    this.next += 16 * Math.ceil((8 * length) / 16);
    if (this.reused && zeroed) view.fill(0);
    return view;
  }

  /** The byte address of element `offset` of an array from `array`. */
  private at(a: Float64Array, offset: number): number {
    if (a.buffer !== this.memory.buffer) {
      throw new KramersError('invalid_parameter', 'dense kernels: array not in this memory');
    }
    return a.byteOffset + 8 * offset;
  }

  /** C[r0 + q][·] ← β·C + s·Σ_l A[q][l] B[l][·] for q < rows, all rows in blocks of four. */
  private update(
    rows: number,
    c: number,
    a: number,
    b: number,
    depth: number,
    strides: readonly [number, number, number],
    cols: number,
    s: number,
    beta: number,
  ): void {
    const [lda, ldb, ldc] = strides;
    this.rows(rows, c, a, b, depth, lda, ldb, ldc, cols, s, beta);
  }

  /** out = scale·A·B for k×k row-major matrices (denseLu.matMul). */
  matMul(A: Float64Array, B: Float64Array, k: number, out: Float64Array, outOffset = 0, scale = 1) {
    const [c, a, b] = [this.at(out, outOffset), this.at(A, 0), this.at(B, 0)];
    this.update(k, c, a, b, k, [8 * k, 8 * k, 8 * k], k, scale, 0);
  }

  /** out[i][·] += scale·Σ_j A[i][j] X[j][·], k×4 panels (denseLu.matPanel). */
  matPanel(
    A: Float64Array,
    k: number,
    X: Float64Array,
    xOffset: number,
    out: Float64Array,
    outOffset: number,
    scale: number,
  ): void {
    const [c, a, b] = [this.at(out, outOffset), this.at(A, 0), this.at(X, xOffset)];
    this.update(k, c, a, b, k, [8 * k, 32, 32], 4, scale, 1);
  }

  /**
   * matPanel for a Hessenberg A, its zeros skipped: `lower` (A[i][j] = 0 for j > i + 1) sums each
   * block of four rows to column r0 + 4, `upper` (A[i][j] = 0 for j < i − 1) from column r0 − 1.
   * The skipped terms are exact zeros, so the entries equal matPanel's.
   */
  matPanelHessenberg(
    A: Float64Array,
    k: number,
    X: Float64Array,
    xOffset: number,
    out: Float64Array,
    outOffset: number,
    scale: number,
    shape: Hessenberg,
  ): void {
    const [c, a, b] = [this.at(out, outOffset), this.at(A, 0), this.at(X, xOffset)];
    const ld = 8 * k;
    for (let r0 = 0; r0 < k; r0 += 4) {
      const rows = Math.min(4, k - r0);
      const [from, to] = shape === 'lower' ? [0, Math.min(k, r0 + 5)] : [Math.max(0, r0 - 1), k];
      const [ar, br] = [a + r0 * ld + 8 * from, b + 32 * from];
      this.update(rows, c + 32 * r0, ar, br, to - from, [ld, 32, 32], 4, scale, 1);
    }
  }

  /** out = A·B for a rows×depth A and a depth×cols B, row-major (denseLu.matRect). */
  matRect(
    A: Float64Array,
    rows: number,
    depth: number,
    B: Float64Array,
    cols: number,
    out: Float64Array,
  ): void {
    const [c, a, b] = [this.at(out, 0), this.at(A, 0), this.at(B, 0)];
    this.update(rows, c, a, b, depth, [8 * depth, 8 * cols, 8 * cols], cols, 1, 0);
  }

  /** Solves A X = B in place for a k×k B (denseLu.luSolveMatrix). */
  luSolveMatrix(a: Float64Array, piv: Int32Array, k: number, B: Float64Array, offset = 0): void {
    swapRows(B, 0, piv, k, k);
    this.triangularSweep(this.at(a, offset), k, this.at(B, 0), k);
  }

  /** Solves A X = B in place for a k×4 panel at bOffset (denseLu.luSolvePanel). */
  luSolvePanel(
    a: Float64Array,
    piv: Int32Array,
    k: number,
    B: Float64Array,
    offset: number,
    bOffset: number,
  ): void {
    swapRows(B, bOffset, piv, k, 4);
    this.triangularSweep(this.at(a, offset), k, this.at(B, bOffset), 4);
  }

  /** Solves M X = B for a k×4 panel at bOffset, M packed by packLdlt (denseLu.packedSolvePanel). */
  packedSolvePanel(
    packed: Float64Array,
    k: number,
    offset: number,
    B: Float64Array,
    bOffset: number,
  ): void {
    this.packedSolve(this.at(packed, offset), k, this.at(B, bOffset), 4);
  }

  /**
   * ldltFactor's L and Δ at `offset` into packed storage at `pOffset` (denseLu.packLdlt): row by
   * row within the one memory (copyWithin: `set` from a view of the same buffer copies it first).
   */
  packLdlt(
    a: Float64Array,
    k: number,
    offset: number,
    packed: Float64Array,
    pOffset: number,
  ): void {
    const whole = new Float64Array(this.memory.buffer);
    let from = this.at(a, offset) / 8;
    let to = this.at(packed, pOffset) / 8;
    for (let r = 0; r < k; r++) {
      const w = packedRowWidth(r, k);
      whole.copyWithin(to, from, from + w);
      from += k;
      to += w;
    }
  }

  /**
   * In-place LU of the k×k matrix at `offset`, pivot rows returned (denseLu.luFactor): the same
   * panels of four and the same pivots, the updates right of each panel by the kernel.
   */
  luFactor(a: Float64Array, k: number, offset = 0): Int32Array {
    const singular = this.lu(this.at(a, offset), k, 0);
    if (singular >= 0) throw new KramersError('not_finite', 'singular Klein–Kramers block');
    return this.pivots.slice(0, k);
  }

  /**
   * In-place LU without pivoting of the symmetric positive definite k×k matrix at `offset`
   * (denseLu.luFactorNoPivot): lu's body without the pivot search, so on a matrix where partial
   * pivoting does not swap it gives luFactor's numbers.
   */
  luFactorNoPivot(a: Float64Array, k: number, offset = 0): void {
    this.positivePivots(a, k, offset, this.luNoPivot(this.at(a, offset), k));
  }

  /** LDLᵀ of the SPD k×k matrix at `offset` from its lower triangle (denseLu.ldltFactor). */
  ldltFactor(a: Float64Array, k: number, offset = 0): void {
    this.positivePivots(a, k, offset, this.ldlt(this.at(a, offset), k));
  }

  /** The error for a no-pivot factor that stopped at `column` (−1: it did not). */
  private positivePivots(a: Float64Array, k: number, offset: number, column: number): void {
    if (column >= 0) {
      const d = a[offset + column * k + column];
      throw new KramersError(
        'not_finite',
        `Klein–Kramers block not positive definite: pivot ${column} is ${d}`,
        { hint: 'luFactorNoPivot needs a symmetric positive definite matrix; use luFactor' },
      );
    }
  }

  /** B ← L⁻¹·B in place for a k×k B, L the unit lower factor at `offset` (denseLu's). */
  forwardSolveMatrix(a: Float64Array, k: number, B: Float64Array, offset = 0): void {
    this.forward(this.at(a, offset), k, this.at(B, 0), k);
  }

  /**
   * forwardSolveMatrix for a lower Hessenberg B (B[r][j] = 0 for j > r + 1, and so L⁻¹B): the
   * zeros are never read or written, k³/3 flops instead of k³. Each block of four rows is updated
   * from the rows above a chunk at a time (rows c0 … c0+w−1 are zero right of column c0 + w), then
   * inside the block. The sums are ordered by chunk, so it agrees with forwardSolveMatrix to
   * rounding, not bit for bit.
   */
  forwardSolveHessenberg(a: Float64Array, k: number, B: Float64Array, offset = 0): void {
    const [lu, x] = [this.at(a, offset), this.at(B, 0)];
    const ld = 8 * k;
    const strides = [ld, ld, ld] as const;
    for (let r0 = 0; r0 < k; r0 += 4) {
      const rows = Math.min(4, k - r0);
      const c = x + r0 * ld;
      for (let c0 = 0; c0 < r0; c0 += CHUNK) {
        const w = Math.min(CHUNK, r0 - c0);
        const cols = Math.min(k, c0 + w + 1);
        this.update(rows, c, lu + r0 * ld + 8 * c0, x + c0 * ld, w, strides, cols, -1, 1);
      }
      for (let q = 1; q < rows; q++) {
        const cols = Math.min(k, r0 + q + 1);
        this.update(1, c + q * ld, lu + (r0 + q) * ld + 8 * r0, c, q, strides, cols, -1, 1);
      }
    }
  }

  /**
   * lowerProduct for an A whose row i is zero left of column i − 1 (Zᵀ for the Z of
   * forwardSolveHessenberg): each block of rows r0 … r0+3 sums from l = r0 − 1, k³/3 flops
   * instead of k³. The skipped terms are exact zeros, so the entries equal lowerProduct's.
   */
  lowerProductHessenberg(
    A: Float64Array,
    B: Float64Array,
    k: number,
    out: Float64Array,
    outOffset = 0,
    scale = 1,
  ): void {
    this.lowerBlocks(A, B, k, out, outOffset, scale, true);
  }

  /**
   * hessenberg.ts's reduction in this memory: A ← H = QᵀAQ (upper Hessenberg, exact zeros below
   * the subdiagonal) and Q, with `work` 3k float64s. The same reflectors (hessenberg.reflector)
   * applied in the same order, each product or rank-1 update by the kernel; the sums are ordered
   * differently, so H and Q agree with the JavaScript ones to rounding.
   */
  hessenbergReduce(A: Float64Array, k: number, Q: Float64Array, work: Float64Array): void {
    Q.fill(0);
    for (let i = 0; i < k; i++) Q[i * k + i] = 1;
    const v = work.subarray(0, k);
    const [w, s] = [this.at(work, k), this.at(work, 2 * k)];
    const [a, q, ld] = [this.at(A, 0), this.at(Q, 0), 8 * k];
    for (let j = 0; j + 2 < k; j++) {
      const beta = reflector(A, k, j, v);
      if (beta === 0) continue;
      const [m, pv] = [k - j - 1, this.at(v, j + 1)];
      // Left, rows j+1 … on columns j …: w = vᵀA, A −= β·v·wᵀ.
      const block = a + (j + 1) * ld + 8 * j;
      this.update(1, w, pv, block, m, [8, ld, ld], k - j, 1, 0);
      this.update(m, block, pv, w, 1, [8, ld, ld], k - j, -beta, 1);
      // Right, every row on columns j+1 …: s = M·v, M −= β·s·vᵀ (M = A, then Q).
      for (const base of [a, q]) {
        this.update(k, s, base + 8 * (j + 1), pv, m, [ld, 8, 8], 1, 1, 0);
        this.update(k, base + 8 * (j + 1), s, pv, 1, [8, 8, ld], m, -beta, 1);
      }
      for (let i = j + 2; i < k; i++) A[i * k + j] = 0;
    }
  }

  /**
   * The lower triangle of out = scale·A·B (denseLu.lowerProduct, the same entries written): one
   * update per block of four rows r0 … r0+3 over columns 0 … min(r0 + 4, k) − 1, so each block
   * also writes the entries above the diagonal inside its own diagonal 4×4 tile.
   */
  lowerProduct(
    A: Float64Array,
    B: Float64Array,
    k: number,
    out: Float64Array,
    outOffset = 0,
    scale = 1,
  ): void {
    this.lowerBlocks(A, B, k, out, outOffset, scale, false);
  }

  /** lowerProduct's blocks of four rows, each summed from l = r0 − 1 where A is Hessenberg. */
  private lowerBlocks(
    A: Float64Array,
    B: Float64Array,
    k: number,
    out: Float64Array,
    outOffset: number,
    scale: number,
    hessenberg: boolean,
  ): void {
    const [c, a, b] = [this.at(out, outOffset), this.at(A, 0), this.at(B, 0)];
    const ld = 8 * k;
    for (let r0 = 0; r0 < k; r0 += 4) {
      const end = Math.min(r0 + 4, k);
      const from = hessenberg ? Math.max(0, r0 - 1) : 0;
      const [ar, br] = [a + r0 * ld + 8 * from, b + from * ld];
      this.update(end - r0, c + r0 * ld, ar, br, k - from, [ld, ld, ld], end, scale, 0);
    }
  }
}

/** Pivot room (int32s) and memory pages for `doubles` float64s of arrays. */
function layout(doubles: number): { pivots: number; pages: number } {
  const pivots = 4 * Math.ceil((Math.sqrt(doubles) + 1) / 4);
  return { pivots, pages: Math.ceil((8 * doubles + 4 * pivots + 16 * 64) / 65536) + 1 };
}

/** Row c of the (k × cols) block at offset swaps with row piv[c], in order (LAPACK's dlaswp). */
function swapRows(B: Float64Array, offset: number, piv: Int32Array, k: number, cols: number): void {
  for (let c = 0; c < k; c++) {
    const p = piv[c]!;
    if (p === c) continue;
    const rc = offset + c * cols;
    const rp = offset + p * cols;
    for (let j = 0; j < cols; j++) {
      const t = B[rc + j]!;
      B[rc + j] = B[rp + j]!;
      B[rp + j] = t;
    }
  }
}

/** denseLu's kernels, on arrays made by `array` (for WebAssembly: in its memory). */
export interface DenseKernels {
  /** Zeroed unless `zeroed` is false (then possibly an earlier array's values). */
  array(length: number, zeroed?: boolean): Float64Array;
  luFactor(a: Float64Array, k: number, offset?: number): Int32Array;
  luFactorNoPivot(a: Float64Array, k: number, offset?: number): void;
  ldltFactor(a: Float64Array, k: number, offset?: number): void;
  forwardSolveMatrix(a: Float64Array, k: number, B: Float64Array, offset?: number): void;
  /** forwardSolveMatrix for a lower Hessenberg B, whose zeros it may skip. */
  forwardSolveHessenberg(a: Float64Array, k: number, B: Float64Array, offset?: number): void;
  lowerProduct(
    A: Float64Array,
    B: Float64Array,
    k: number,
    out: Float64Array,
    outOffset?: number,
    scale?: number,
  ): void;
  /** lowerProduct for an A whose row i is zero left of column i − 1, which it may skip. */
  lowerProductHessenberg(
    A: Float64Array,
    B: Float64Array,
    k: number,
    out: Float64Array,
    outOffset?: number,
    scale?: number,
  ): void;
  luSolveMatrix(
    a: Float64Array,
    piv: Int32Array,
    k: number,
    B: Float64Array,
    offset?: number,
  ): void;
  luSolvePanel(
    a: Float64Array,
    piv: Int32Array,
    k: number,
    B: Float64Array,
    offset: number,
    bOffset: number,
  ): void;
  /** ldltFactor's L and Δ into packed storage (denseLu.packedSize doubles a block). */
  packLdlt(a: Float64Array, k: number, offset: number, packed: Float64Array, pOffset: number): void;
  /** Solves M X = B for a k×4 panel, M = L·Δ·Lᵀ packed by packLdlt. */
  packedSolvePanel(
    packed: Float64Array,
    k: number,
    offset: number,
    B: Float64Array,
    bOffset: number,
  ): void;
  matMul(
    A: Float64Array,
    B: Float64Array,
    k: number,
    out: Float64Array,
    outOffset?: number,
    scale?: number,
  ): void;
  matPanel(
    A: Float64Array,
    k: number,
    X: Float64Array,
    xOffset: number,
    out: Float64Array,
    outOffset: number,
    scale: number,
  ): void;
  /** out = A·B for a rows×depth A and a depth×cols B, row-major. */
  matRect(
    A: Float64Array,
    rows: number,
    depth: number,
    B: Float64Array,
    cols: number,
    out: Float64Array,
  ): void;
  /** A ← H = QᵀAQ upper Hessenberg and Q orthogonal (hessenberg.ts), `work` 3k float64s. */
  hessenbergReduce(A: Float64Array, k: number, Q: Float64Array, work: Float64Array): void;
  /** matPanel for a Hessenberg A of the given shape, whose zeros it may skip. */
  matPanelHessenberg(
    A: Float64Array,
    k: number,
    X: Float64Array,
    xOffset: number,
    out: Float64Array,
    outOffset: number,
    scale: number,
    shape: Hessenberg,
  ): void;
}

/** Where a Hessenberg matrix's zeros are: right of the superdiagonal, or left of the subdiagonal. */
export type Hessenberg = 'lower' | 'upper';

const JS_KERNELS: DenseKernels = {
  array: (length) => new Float64Array(length),
  luFactor,
  luFactorNoPivot,
  ldltFactor,
  forwardSolveMatrix,
  // The JavaScript reference reads the zeros too: they add exactly nothing, so the entries are
  // the structured kernels' (forwardSolveHessenberg's up to the order of its sums).
  forwardSolveHessenberg: forwardSolveMatrix,
  lowerProduct,
  lowerProductHessenberg: lowerProduct,
  luSolveMatrix,
  luSolvePanel,
  packLdlt,
  packedSolvePanel,
  matMul,
  matPanel,
  matRect,
  matPanelHessenberg: (A, k, X, xOffset, out, outOffset, scale) =>
    matPanel(A, k, X, xOffset, out, outOffset, scale),
  hessenbergReduce: (A, k, Q) => {
    const reduced = hessenberg(A, k);
    A.set(reduced.H);
    Q.set(reduced.Q);
  },
};

/** The engine asked for, or WebAssembly where its SIMD module validates, else JavaScript. */
export function denseEngine(engine?: DenseEngine): DenseEngine {
  if (engine !== undefined && engine !== 'js' && engine !== 'wasm') {
    throw new KramersError('invalid_parameter', `engine must be 'js' or 'wasm'; got ${engine}`, {
      issues: [{ path: 'engine', message: 'unknown engine' }],
    });
  }
  return engine ?? (wasmDenseAvailable() ? 'wasm' : 'js');
}

/** Kernels of one engine with room for `doubles` float64s of arrays. */
export function denseKernels(engine: DenseEngine, doubles: number): DenseKernels {
  return engine === 'js' ? JS_KERNELS : new WasmDenseKernels(doubles);
}

/** Kernels for one factor at a time: each call gives up the arrays of the call before. */
export type DenseArena = (doubles: number) => DenseKernels;

interface KeptArena {
  readonly arena: DenseArena;
  lent: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const keptArenas = new Map<DenseEngine, KeptArena>();

/** Milliseconds a kept memory waits for its next solve before it is let go. */
const KEEP_MS = 3000;

/**
 * This thread's arena of one engine, lent to one solve at a time and kept between solves until
 * KEEP_MS pass without one: a fresh memory costs the first touch of every page again, and on
 * this machine that was half of a Klein–Kramers point's factorisations (tilted well, D = 0.025,
 * γ = 0.05, one thread: 0.19/0.32/0.33 s for its three levels, 0.06/0.15/0.22 s in kept memory).
 * `giveBack()` when the solve ends; nothing it returns may point into the memory (the arena's
 * arrays are given up by the next solve). A solve that asks while the arena is lent (none does:
 * the solves are synchronous) gets a fresh one.
 */
export function lendArena(engine: DenseEngine): { arena: DenseArena; giveBack(): void } {
  let kept = keptArenas.get(engine);
  if (kept?.lent) return { arena: denseArena(engine), giveBack() {} };
  if (!kept) {
    kept = { arena: denseArena(engine), lent: false, timer: undefined };
    keptArenas.set(engine, kept);
  }
  const entry = kept;
  if (entry.timer !== undefined) clearTimeout(entry.timer);
  entry.lent = true;
  return {
    arena: entry.arena,
    giveBack() {
      entry.lent = false;
      const timer = setTimeout(() => {
        if (keptArenas.get(engine) === entry && !entry.lent) keptArenas.delete(engine);
      }, KEEP_MS);
      // A kept memory never holds a Node process open.
      (timer as { unref?: () => void }).unref?.();
      entry.timer = timer;
    },
  };
}

/**
 * denseKernels for solves made one after another: each call's kernels reuse the memory of the
 * call before (WasmDenseKernels.reuse), whose arrays must no longer be used.
 */
export function denseArena(engine: DenseEngine): DenseArena {
  let last: WasmDenseKernels | undefined;
  return (doubles) => {
    if (engine === 'js') return JS_KERNELS;
    last = last ? last.reuse(doubles) : new WasmDenseKernels(doubles);
    return last;
  };
}
