import type { ExpressionProgram, ProgramOperand } from '../core/index.js';
import {
  Body,
  encodeModule,
  F64,
  type FunctionType,
  I32,
  KramersError,
  OP,
  SIMD,
  V128,
} from '../core/index.js';
import type { ResolvedConfig } from './config.js';
import { clockFrontier, clockSteps } from './hoist.js';
import { ZIGGURAT_FN, ZIGGURAT_KN, ZIGGURAT_R, ZIGGURAT_WN } from './rng.js';

/**
 * WebAssembly SIMD kernels generated per potential (issue 18). Walkers run in lane groups: each
 * group of four walkers keeps its xoshiro128** states as four i32x4 vectors (one word of four
 * streams per vector) and its positions as two f64x2 vectors, so the random integers come four at
 * a time and the force and the update two at a time. The arithmetic is that of the JavaScript
 * kernels (kernel.ts) step for step — same generator, same ziggurat, same operations in the same
 * order, no fused multiply-add — so a walker's path is the same bit for bit in either engine; the
 * JavaScript engine stays the reference the tests compare against.
 *
 * Every step tests all lanes at once for anything out of the ordinary (a boundary crossed or
 * near enough for the bridge test, a non-finite state, the step limit); only then a scalar routine
 * walks the lanes one by one in the JavaScript kernel's order of tests. The ziggurat's rare slow
 * path (2.7% of draws: layer 1 always, kn[1] = 0 as in Marsaglia & Tsang's zigset) runs for that
 * lane in the module's scalar `slow`, a transcription of rng.ts's `zigguratSlow` (exp and log from
 * the host's Math, which V8 calls directly: the same doubles). It called out to the JavaScript
 * `zigguratSlow` before, the larger part of an Euler–Maruyama step: 5.4 ns, against 2.1 for a
 * timing variant without any slow path (bench/README.md).
 *
 * The stepping loop (`hot`) holds no call: V8 keeps no vector register across a call, so a call
 * anywhere in a loop — even on a branch never taken — spills the loop's state and constants to
 * the stack on every pass (a `fill` loop with the slow path's calls inline: 3.2 ns per normal,
 * 1.2 without them). On a slow draw or a flagged step `hot` saves the lanes to memory and
 * returns; the driver `run` calls `fix` or `edge` and enters `hot` again where it left off.
 */

/** Most lane groups (of four walkers) one module runs; kernel.ts's WASM_GROUPS picks the count. */
export const MAX_GROUPS = 4;
const MAX_LANES = 4 * MAX_GROUPS;

/**
 * Byte offsets in the kernel's memory. The ziggurat table is interleaved (kn as int32, wn as f64,
 * 16 bytes a layer) so one index gives both; fn (the slow path's densities, f64) lies apart, just
 * below `out`. Per-lane f64 arrays hold MAX_LANES values; state word w of lane l is at
 * S + 4·(w·lanes + l), so a group's word is one 16-byte vector.
 */
export const LAYOUT = {
  table: 0,
  s: 2048,
  x: 2048 + 256,
  v: 2048 + 256 + 8 * MAX_LANES,
  n: 2048 + 256 + 16 * MAX_LANES,
  xn: 2048 + 256 + 24 * MAX_LANES,
  nEnd: 2048 + 256 + 32 * MAX_LANES,
  below: 2048 + 256 + 40 * MAX_LANES,
  above: 2048 + 256 + 48 * MAX_LANES,
  g: 2048 + 256 + 56 * MAX_LANES,
  code: 2048 + 256 + 64 * MAX_LANES,
  /** A slow draw's int32 word and whether the lane waits for `fix` (int32 per lane). */
  u: 2048 + 256 + 68 * MAX_LANES,
  pending: 2048 + 256 + 72 * MAX_LANES,
  /** Steps `hot` completed in its last call (int32). */
  done: 2048 + 256 + 76 * MAX_LANES,
  /** ZIGGURAT_FN, 8 bytes a layer. */
  fn: 65536 - 8 * 128,
  /** Output of `fill` (the generator battery): one 64 KiB page of doubles. */
  out: 65536,
} as const;
export const MEMORY_PAGES = 2;

/** What `run` reports per lane in LAYOUT.code. */
export const LANE_ABSORBED = 1;
export const LANE_FAILED = 2;
export const LANE_AT_END = 3;

/** Math functions a program may call, imported from the host's Math (and pow). */
export const MATH_FUNCTIONS = [
  'sin',
  'cos',
  'tan',
  'exp',
  'log',
  'sinh',
  'cosh',
  'tanh',
  'atan',
  'sign',
] as const;
/** Done in SIMD: correctly rounded (sqrt) or exact (abs), as Math.sqrt and Math.abs. */
const SIMD_FUNCTIONS: ReadonlyMap<string, number> = new Map([
  ['sqrt', SIMD.f64x2Sqrt],
  ['abs', SIMD.f64x2Abs],
]);
const BINARY: ReadonlyMap<string, number> = new Map([
  ['+', SIMD.f64x2Add],
  ['-', SIMD.f64x2Sub],
  ['*', SIMD.f64x2Mul],
  ['/', SIMD.f64x2Div],
]);

/** Most steps a program may have. */
export const MAX_PROGRAM_STEPS = 100_000;

function refuse(message: string): never {
  throw new KramersError('invalid_parameter', `force program: ${message}`, {
    issues: [{ path: 'force.program', message }],
  });
}

export function checkOperand(operand: ProgramOperand, steps: number, variables: number): void {
  if (typeof operand !== 'object' || operand === null) refuse('an operand is not an object');
  const keys = Object.keys(operand);
  if (keys.length !== 1) refuse('an operand must have exactly one of t, v, c');
  if ('c' in operand) {
    if (typeof operand.c !== 'number' || !Number.isFinite(operand.c)) refuse('non-finite constant');
    return;
  }
  const [index, limit] =
    't' in operand ? [operand.t, steps] : 'v' in operand ? [operand.v, variables] : [-1, 0];
  if (!Number.isInteger(index) || index < 0 || index >= limit) refuse('operand out of range');
}

/**
 * Checks a program that arrived with a job, as `checkSource` checks generated JavaScript: only
 * whitelisted operations, each step reading earlier steps, inputs or finite constants.
 */
export function checkProgram(program: ExpressionProgram, variables: number): ExpressionProgram {
  if (typeof program !== 'object' || program === null) refuse('expected an object');
  if (program.variables !== variables) refuse(`expected ${variables} variable(s)`);
  const { steps, results } = program;
  if (!Array.isArray(steps) || steps.length > MAX_PROGRAM_STEPS) refuse('too many steps');
  if (!Array.isArray(results) || results.length !== 1) refuse('expected one result');
  steps.forEach((step, i) => {
    if (typeof step !== 'object' || step === null) refuse('a step is not an object');
    if (step.op === 'call') {
      const fn: string = step.fn;
      if (!SIMD_FUNCTIONS.has(fn) && !(MATH_FUNCTIONS as readonly string[]).includes(fn)) {
        refuse(`function '${fn}' is not allowed`);
      }
    } else if (step.op === 'pow' || BINARY.has(step.op)) {
      checkOperand(step.b, i, variables);
    } else if (step.op !== 'neg') {
      refuse(`operation '${String((step as { op: unknown }).op)}' is not allowed`);
    }
    checkOperand(step.a, i, variables);
  });
  checkOperand(results[0]!, steps.length, variables);
  return program;
}

/** Imported functions, in import order (function indices 0 … n−1). */
export const IMPORTS: readonly { name: string; type: FunctionType }[] = [
  ...MATH_FUNCTIONS.map((name) => ({
    name,
    type: { params: [F64], results: [F64] } as FunctionType,
  })),
  { name: 'pow', type: { params: [F64, F64], results: [F64] } },
];
export const FN = Object.fromEntries(IMPORTS.map((f, i) => [f.name, i])) as Record<string, number>;
/**
 * Functions defined in the module come after the imports; `next` first, since `slow` calls it by
 * this index (wasmAms.ts's module keeps that order).
 */
export const NEXT = IMPORTS.length;
export const EDGE = IMPORTS.length + 1;
export const SLOW = IMPORTS.length + 2;
/** `fix` and `hot` keep these indices in every module built on `Lanes` (wasmKernelND.ts too). */
export const FIX = IMPORTS.length + 3;
export const HOT = IMPORTS.length + 4;

/** The module's own signature of one lane group count and configuration. */
export interface KernelShape {
  readonly groups: number;
  readonly below: boolean;
  readonly above: boolean;
}

/** What part of a program `emitProgramResults` emits, and how (hoist.ts's clock). */
export interface ProgramPart {
  /** The steps to emit (the others' temporaries hold their values already); default all. */
  readonly steps?: readonly boolean[];
  /** Every lane holds the same inputs: a host call is made once, on lane 0, and splatted. */
  readonly sameLanes?: boolean;
}

/**
 * Emits one program for each of `inputs.length` vectors, step by step across the vectors, its
 * results r into outs[k][r] (an N-D gradient or target has several results; none: no results).
 */
export function emitProgramResults(
  b: Body,
  program: ExpressionProgram,
  inputs: readonly (readonly number[])[],
  temps: number[][],
  outs: readonly (readonly number[])[],
  part: ProgramPart = {},
): void {
  const K = inputs.length;
  const operand = (k: number, o: ProgramOperand) => {
    if ('c' in o) b.f64x2(o.c);
    else if ('v' in o) b.get(inputs[k]![o.v]!);
    else b.get(temps[k]![o.t]!);
  };
  // A call the vector unit cannot do: once per lane, the results gathered into one vector.
  const lanewise = (k: number, fn: number, a: ProgramOperand, c?: ProgramOperand) => {
    for (let lane = 0; lane < (part.sameLanes ? 1 : 2); lane++) {
      operand(k, a);
      b.simd(SIMD.f64x2ExtractLane, lane);
      if (c) {
        operand(k, c);
        b.simd(SIMD.f64x2ExtractLane, lane);
      }
      b.call(fn);
      if (lane === 0) b.simd(SIMD.f64x2Splat);
      else b.simd(SIMD.f64x2ReplaceLane, 1);
    }
  };
  program.steps.forEach((step, i) => {
    if (part.steps && !part.steps[i]) return;
    for (let k = 0; k < K; k++) {
      while (temps[k]!.length <= i) temps[k]!.push(b.local(V128));
      if (step.op === 'neg') {
        operand(k, step.a);
        b.simd(SIMD.f64x2Neg);
      } else if (step.op === 'call') {
        const simd = SIMD_FUNCTIONS.get(step.fn);
        if (simd !== undefined) {
          operand(k, step.a);
          b.simd(simd);
        } else lanewise(k, FN[step.fn]!, step.a);
      } else if (step.op === 'pow') lanewise(k, FN.pow!, step.a, step.b);
      else {
        operand(k, step.a);
        operand(k, step.b);
        b.simd(BINARY.get(step.op)!);
      }
      b.set(temps[k]![i]!);
    }
  });
  for (let k = 0; k < outs.length; k++) {
    program.results.forEach((result, r) => {
      operand(k, result);
      b.set(outs[k]![r]!);
    });
  }
}

/** Address of state word `w` of a lane group's first lane (a 16-byte vector). */
const wordAt = (lanes: number, w: number, g: number) => LAYOUT.s + 4 * (w * lanes + 4 * g);

/** Locals and emitters shared by `run` and `fill`: the lane groups' generators. */
export class Lanes {
  readonly lanes: number;
  /** s[g][w]: xoshiro128** word w of the four streams of group g. */
  readonly s: number[][];
  /** One normal per lane: g[k] for vector k = two lanes. */
  readonly g: number[];
  private readonly m: number;
  private readonly t: number;
  private readonly u: number;
  private readonly idx: number;
  private readonly j: number;
  private readonly kn: number;
  private readonly accept: number;
  /** The four lanes' layers of the table (16 bytes each: kn, padding, wn). */
  private readonly layer: number[];

  constructor(
    readonly b: Body,
    readonly groups: number,
  ) {
    this.lanes = 4 * groups;
    this.s = Array.from({ length: groups }, () => [0, 1, 2, 3].map(() => b.local(V128)));
    this.g = Array.from({ length: 2 * groups }, () => b.local(V128));
    [this.m, this.t, this.u, this.idx, this.j, this.kn, this.accept] = [0, 0, 0, 0, 0, 0, 0].map(
      () => b.local(V128),
    ) as [number, number, number, number, number, number, number];
    this.layer = [0, 1, 2, 3].map(() => b.local(V128));
  }

  loadStates(groups: readonly number[] = this.s.map((_, g) => g)): void {
    for (const g of groups) {
      for (let w = 0; w < 4; w++)
        this.b
          .i32(0)
          .vload(wordAt(this.lanes, w, g))
          .set(this.s[g]![w]!);
    }
  }

  storeStates(groups: readonly number[] = this.s.map((_, g) => g)): void {
    for (const g of groups) {
      for (let w = 0; w < 4; w++)
        this.b
          .i32(0)
          .get(this.s[g]![w]!)
          .vstore(wordAt(this.lanes, w, g));
    }
  }

  /** x ← (x << k) | (x >>> 32 − k) on the value on the stack, using local `tmp`. */
  private rotl(tmp: number, k: number): void {
    const b = this.b;
    b.tee(tmp).i32(k).simd(SIMD.i32x4Shl);
    b.get(tmp)
      .i32(32 - k)
      .simd(SIMD.i32x4ShrU)
      .simd(SIMD.or);
  }

  /** One xoshiro128** step of group g's four streams; the outputs go to local u (rng.ts). */
  private xoshiro(g: number): void {
    const b = this.b;
    const [s0, s1, s2, s3] = this.s[g] as [number, number, number, number];
    b.get(s1).i32x4(5).simd(SIMD.i32x4Mul);
    this.rotl(this.m, 7);
    b.i32x4(9).simd(SIMD.i32x4Mul).set(this.u);
    b.get(s1).i32(9).simd(SIMD.i32x4Shl).set(this.t);
    const xor = (target: number, other: number) =>
      b.get(target).get(other).simd(SIMD.xor).set(target);
    xor(s2, s0);
    xor(s3, s1);
    xor(s1, s2);
    xor(s0, s3);
    xor(s2, this.t);
    b.get(s3);
    this.rotl(s3, 11);
    b.set(s3);
  }

  /**
   * Four normals for group g into g[2g], g[2g+1]: the ziggurat of rng.ts with each lane's layer
   * of the table loaded whole and the acceptance test done on all four lanes at once. Lanes that
   * fail it leave their word in LAYOUT.u and a flag in LAYOUT.pending for `fix`; then `onSlow`
   * runs.
   */
  normals(g: number, onSlow: () => void): void {
    const b = this.b;
    this.xoshiro(g);
    b.get(this.u).i32x4(127).simd(SIMD.and).i32(4).simd(SIMD.i32x4Shl).set(this.idx);
    b.get(this.u).i32(7).simd(SIMD.i32x4ShrS).set(this.j);
    const [gA, gB] = [this.g[2 * g]!, this.g[2 * g + 1]!];
    // One 16-byte load per lane, then shuffles (unpack patterns that V8 lowers to single
    // instructions): wn of lanes 0, 1 → gA and 2, 3 → gB; kn of all four → kn. 7% faster per
    // Euler–Maruyama step than eight scalar loads into lanes (bench/README.md).
    const L = this.layer as [number, number, number, number];
    L.forEach((layer, lane) => {
      b.get(this.idx).simd(SIMD.i32x4ExtractLane, lane).vload(LAYOUT.table).set(layer);
    });
    const high = [8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31];
    const low32 = [0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23];
    b.get(L[0])
      .get(L[1])
      .simd(SIMD.shuffle, ...high)
      .set(gA);
    b.get(L[2])
      .get(L[3])
      .simd(SIMD.shuffle, ...high)
      .set(gB);
    b.get(L[0])
      .get(L[1])
      .simd(SIMD.shuffle, ...low32);
    b.get(L[2])
      .get(L[3])
      .simd(SIMD.shuffle, ...low32);
    b.simd(SIMD.shuffle, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23).set(this.kn);
    b.get(this.j).simd(SIMD.i32x4Abs).get(this.kn).simd(SIMD.i32x4LtS).set(this.accept);
    b.get(this.j).simd(SIMD.f64x2ConvertLowI32x4S).get(gA).simd(SIMD.f64x2Mul).set(gA);
    b.get(this.j).get(this.j);
    b.simd(SIMD.shuffle, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7);
    b.simd(SIMD.f64x2ConvertLowI32x4S).get(gB).simd(SIMD.f64x2Mul).set(gB);
    b.get(this.accept).simd(SIMD.i32x4AllTrue).op(OP.i32Eqz, OP.if, 0x40);
    b.i32(0)
      .get(this.u)
      .vstore(LAYOUT.u + 16 * g);
    b.i32(0)
      .get(this.accept)
      .simd(SIMD.not)
      .vstore(LAYOUT.pending + 16 * g);
    onSlow();
    b.op(OP.end);
  }

  /** Group g's normals ↔ LAYOUT.g (where `fix` writes the slow draws). */
  moveNormals(store: boolean, g: number): void {
    for (const h of [0, 1]) {
      const local = this.g[2 * g + h]!;
      const at = LAYOUT.g + 32 * g + 16 * h;
      if (store) this.b.i32(0).get(local).vstore(at);
      else this.b.i32(0).vload(at).set(local);
    }
  }
}

/** `fill(count)`: count rounds of normals for every lane into LAYOUT.out (the battery's door). */
function fillFunction(groups: number): Body {
  const b = new Body([I32]);
  const lanes = new Lanes(b, groups);
  const i = b.local(I32);
  lanes.loadStates();
  b.op(OP.block, 0x40, OP.loop, 0x40);
  b.get(i).get(0).op(OP.i32GeU).br(OP.brIf, 1);
  for (let g = 0; g < groups; g++) {
    // Speed does not matter here: `fix` is called in the loop.
    lanes.normals(g, () => {
      lanes.storeStates([g]);
      lanes.moveNormals(true, g);
      b.call(FIX);
      lanes.loadStates([g]);
      lanes.moveNormals(false, g);
    });
    for (const h of [0, 1]) {
      b.get(i)
        .i32(8 * lanes.lanes)
        .op(OP.i32Mul);
      b.get(lanes.g[2 * g + h]!).vstore(LAYOUT.out + 32 * g + 16 * h);
    }
  }
  b.get(i).i32(1).op(OP.i32Add).set(i).br(OP.br, 0);
  b.op(OP.end, OP.end);
  lanes.storeStates();
  return b;
}

/** `next(lane) → u`: one scalar xoshiro128** step of one lane's stream in memory. */
export function nextFunction(lanes: number): Body {
  const b = new Body([I32]);
  const [s0, s1, s2, s3, m, t] = [0, 0, 0, 0, 0, 0].map(() => b.local(I32)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const words = [s0, s1, s2, s3];
  // The lane's byte offset, 4·lane; word w adds 4·w·lanes in the instruction's static offset.
  const at = () => b.get(0).i32(2).op(OP.i32Shl);
  words.forEach((local, w) => {
    at()
      .mem(OP.i32Load, LAYOUT.s + 4 * w * lanes, 2)
      .set(local);
  });
  b.get(s1).i32(5).op(OP.i32Mul).set(m);
  b.get(s1).i32(9).op(OP.i32Shl).set(t);
  const xor = (target: number, other: number) => b.get(target).get(other).op(OP.i32Xor).set(target);
  xor(s2, s0);
  xor(s3, s1);
  xor(s1, s2);
  xor(s0, s3);
  xor(s2, t);
  b.get(s3).i32(11).op(OP.i32Rotl).set(s3);
  words.forEach((local, w) => {
    at()
      .get(local)
      .mem(OP.i32Store, LAYOUT.s + 4 * w * lanes, 2);
  });
  b.get(m).i32(7).op(OP.i32Rotl).i32(9).op(OP.i32Mul);
  return b;
}

/**
 * `slow(lane, u) → normal`: rng.ts's `zigguratSlow` on one lane's stream in memory, operation for
 * operation (wedge test against exp(−x²/2), the base layer's tail by Marsaglia's exponential
 * rejection, a fresh draw's fast test), so its doubles and the stream's state after it are those
 * of the JavaScript engine. The uniforms are `openUniform`'s ((u >>> 0) + 0.5)·2⁻³².
 */
export function slowFunction(): Body {
  const b = new Body([I32, I32]);
  const [lane, u] = [0, 1];
  const [iz, j] = [b.local(I32), b.local(I32)];
  const [x, y, f0] = [b.local(F64), b.local(F64), b.local(F64)];
  const R = ZIGGURAT_R;
  const uniform = () =>
    b
      .get(lane)
      .call(NEXT)
      .op(OP.f64ConvertI32U)
      .f64(0.5)
      .op(OP.f64Add)
      .f64(2 ** -32)
      .op(OP.f64Mul);
  const split = () => {
    b.get(u).i32(127).op(OP.i32And).set(iz);
    b.get(u).i32(7).op(OP.i32ShrS).set(j);
  };
  // j·wn[iz] (layer iz at 16·iz, wn 8 bytes in).
  const scaled = () => {
    b.get(j).op(OP.f64ConvertI32S);
    b.get(iz)
      .i32(4)
      .op(OP.i32Shl)
      .mem(OP.f64Load, LAYOUT.table + 8, 3);
    b.op(OP.f64Mul);
  };
  b.op(OP.loop, F64);
  split();
  scaled();
  b.set(x);
  b.get(iz).op(OP.i32Eqz, OP.if, 0x40);
  // The tail: x = −log(U₁)/R, y = −log(U₂) until 2y ≥ x²; ±(R + x).
  b.op(OP.loop, 0x40);
  uniform();
  b.call(FN.log!).op(OP.f64Neg).f64(R).op(OP.f64Div).set(x);
  uniform();
  b.call(FN.log!).op(OP.f64Neg).set(y);
  b.get(y).get(y).op(OP.f64Add).get(x).get(x).op(OP.f64Mul).op(OP.f64Lt).br(OP.brIf, 0);
  b.op(OP.end);
  b.get(j).i32(0).op(OP.i32GtS, OP.if, F64);
  b.f64(R).get(x).op(OP.f64Add, OP.else);
  b.f64(-R).get(x).op(OP.f64Sub, OP.end, OP.return);
  b.op(OP.end);
  // The wedge: f0 + U·(fn[iz−1] − f0) < exp(−0.5·x·x) accepts x.
  b.get(iz).i32(3).op(OP.i32Shl).mem(OP.f64Load, LAYOUT.fn, 3).set(f0);
  b.get(f0);
  uniform();
  b.get(iz)
    .i32(3)
    .op(OP.i32Shl)
    .mem(OP.f64Load, LAYOUT.fn - 8, 3)
    .get(f0)
    .op(OP.f64Sub);
  b.op(OP.f64Mul, OP.f64Add);
  b.f64(-0.5).get(x).op(OP.f64Mul).get(x).op(OP.f64Mul).call(FN.exp!);
  b.op(OP.f64Lt, OP.if, 0x40).get(x).op(OP.return, OP.end);
  // A fresh draw's fast test |j| < kn[iz]; else round again with it.
  b.get(lane).call(NEXT).set(u);
  split();
  b.i32(0).get(j).op(OP.i32Sub).get(j).get(j).i32(0).op(OP.i32LtS, OP.select);
  b.get(iz).i32(4).op(OP.i32Shl).mem(OP.i32Load, LAYOUT.table, 2);
  b.op(OP.i32LtS, OP.if, 0x40);
  scaled();
  b.op(OP.return, OP.end);
  b.br(OP.br, 0);
  b.op(OP.end);
  return b;
}

/** `fix()`: every pending lane's normal in LAYOUT.g from `slow(lane, u)`; flags cleared. */
export function fixFunction(lanes: number): Body {
  const b = new Body([]);
  const l = b.local(I32);
  b.op(OP.block, 0x40, OP.loop, 0x40);
  b.get(l).i32(lanes).op(OP.i32GeU).br(OP.brIf, 1);
  b.get(l).i32(2).op(OP.i32Shl).mem(OP.i32Load, LAYOUT.pending, 2).op(OP.if, 0x40);
  b.get(l).i32(3).op(OP.i32Shl);
  b.get(l).get(l).i32(2).op(OP.i32Shl).mem(OP.i32Load, LAYOUT.u, 2).call(SLOW);
  b.mem(OP.f64Store, LAYOUT.g, 3);
  b.get(l).i32(2).op(OP.i32Shl).i32(0).mem(OP.i32Store, LAYOUT.pending, 2);
  b.op(OP.end);
  b.get(l).i32(1).op(OP.i32Add).set(l).br(OP.br, 0);
  b.op(OP.end, OP.end);
  return b;
}

/** Steps constants of one configuration (the literals of kernel.ts's generated source). */
function constantsOf(c: ResolvedConfig) {
  const variance = (2 * c.D * c.dt) / c.gamma;
  const c1 = Math.exp((-c.gamma * c.dt) / c.mass);
  return {
    a: c.dt / c.gamma,
    b: Math.sqrt((2 * c.D * c.dt) / c.gamma),
    half: c.dt / c.gamma / 2,
    bridgeNear: 12 * variance,
    bridgeRate: 2 / variance,
    c1,
    c2: Math.sqrt((c.D / c.mass) * (1 - c1 * c1)),
    kick: c.dt / (2 * c.mass),
    drift: c.dt / 2,
    k: c.dt / c.mass,
    sigma: Math.sqrt(2 * c.gamma * c.D * c.dt) / c.mass,
  };
}

/**
 * `edge() → any code`: the scalar tests of every lane after a step in which some lane needed one,
 * in kernel.ts's order — non-finite, then below (crossed, else the bridge draw), then above — and
 * the step limit last. Overdamped lanes read x and xn, underdamped x and v.
 */
function edgeFunction(c: ResolvedConfig, shape: KernelShape): Body {
  const k = constantsOf(c);
  const overdamped = c.dynamics === 'overdamped';
  const bridge = overdamped && c.monitoring === 'bridge';
  const b = new Body([]);
  const [l, code, any] = [b.local(I32), b.local(I32), b.local(I32)];
  const [x, y, dd, bound] = [b.local(F64), b.local(F64), b.local(F64), b.local(F64)];
  const load = (offset: number) => b.get(l).i32(3).op(OP.i32Shl).mem(OP.f64Load, offset, 3);
  const absorb = (depth: number) => b.i32(LANE_ABSORBED).set(code).br(OP.br, depth);
  b.op(OP.block, 0x40, OP.loop, 0x40);
  b.get(l)
    .i32(4 * shape.groups)
    .op(OP.i32GeU)
    .br(OP.brIf, 1);
  load(LAYOUT.x).set(x);
  // y: the new position overdamped, x + v underdamped (only its finiteness is tested).
  if (overdamped) load(LAYOUT.xn).set(y);
  else load(LAYOUT.v).get(x).op(OP.f64Add).set(y);
  const position = overdamped ? y : x;
  b.i32(0).set(code);
  b.op(OP.block, 0x40);
  b.get(y).get(y).op(OP.f64Sub).f64(0).op(OP.f64Ne, OP.if, 0x40);
  b.i32(LANE_FAILED).set(code).br(OP.br, 1).op(OP.end);
  for (const side of ['below', 'above'] as const) {
    if (!shape[side]) continue;
    load(LAYOUT[side]).set(bound);
    b.get(position)
      .get(bound)
      .op(side === 'below' ? OP.f64Le : OP.f64Ge, OP.if, 0x40);
    absorb(1).op(OP.end);
    if (!bridge) continue;
    // dd = (x − b)(xn − b) below, (a − x)(a − xn) above: the same products as kernel.ts.
    if (side === 'below') b.get(x).get(bound).op(OP.f64Sub).get(y).get(bound).op(OP.f64Sub);
    else b.get(bound).get(x).op(OP.f64Sub).get(bound).get(y).op(OP.f64Sub);
    b.op(OP.f64Mul).tee(dd).f64(k.bridgeNear).op(OP.f64Lt, OP.if, 0x40);
    b.get(l).call(NEXT).op(OP.f64ConvertI32U).f64(0.5).op(OP.f64Add);
    b.f64(2.3283064365386963e-10).op(OP.f64Mul);
    b.get(dd).op(OP.f64Neg).f64(k.bridgeRate).op(OP.f64Mul).call(FN.exp!);
    b.op(OP.f64Lt, OP.if, 0x40);
    absorb(2).op(OP.end, OP.end);
  }
  load(LAYOUT.n);
  load(LAYOUT.nEnd);
  b.op(OP.f64Ge, OP.if, 0x40).i32(LANE_AT_END).set(code).op(OP.end);
  b.op(OP.end);
  b.get(l).i32(2).op(OP.i32Shl).get(code).mem(OP.i32Store, LAYOUT.code, 2);
  b.get(any).get(code).op(OP.i32Or).set(any);
  b.get(l).i32(1).op(OP.i32Add).set(l).br(OP.br, 0);
  b.op(OP.end, OP.end);
  b.get(any);
  return b;
}

/** The locals of `run` for K = 2·groups position vectors. */
class Run {
  readonly b: Body;
  readonly lanes: Lanes;
  readonly K: number;
  readonly x: number[];
  readonly v: number[];
  readonly n: number[];
  readonly f: number[];
  readonly xn: number[];
  readonly fp: number[];
  readonly time: number[];
  readonly bound: number[];
  readonly temps: number[][];
  readonly mask: number;
  readonly timed: boolean;
  /** hoist.ts: the steps computed once per time point, and those the rest of the force reads. */
  readonly clock: readonly boolean[];
  readonly frontier: readonly number[];
  /** 1 while every lane's step count is the same (set on entering `hot`): one clock for all. */
  readonly synced: number;
  /** Steps before the nearest step limit (`stepLimit`). */
  readonly limit: number;

  constructor(
    readonly c: ResolvedConfig,
    readonly shape: KernelShape,
    readonly program: ExpressionProgram,
    params: readonly (typeof I32)[] = [I32],
    hoist = true,
  ) {
    this.b = new Body([...params]);
    const b = this.b;
    this.lanes = new Lanes(b, shape.groups);
    this.K = 2 * shape.groups;
    const vectors = () => Array.from({ length: this.K }, () => b.local(V128));
    [this.x, this.v, this.n, this.f, this.xn, this.fp, this.time, this.bound] = [
      vectors(),
      vectors(),
      vectors(),
      vectors(),
      vectors(),
      vectors(),
      vectors(),
      vectors(),
    ];
    this.temps = Array.from({ length: this.K }, () => []);
    this.mask = b.local(V128);
    this.timed = program.variables === 2;
    this.limit = b.local(I32);
    this.clock = hoist ? clockSteps(program) : program.steps.map(() => false);
    this.frontier = clockFrontier(program, this.clock);
    this.synced = b.local(I32);
  }

  /** Whether the force has steps in t alone (then `clockAt` runs before it at each new time). */
  get clocked(): boolean {
    return this.clock.some(Boolean);
  }

  /** synced ← every lane's n equal (lanes step together inside `hot`, so it holds until it returns). */
  checkSynced(): void {
    const b = this.b;
    b.i32(1);
    for (let l = 1; l < 4 * this.shape.groups; l++) {
      b.i32(0).mem(OP.f64Load, LAYOUT.n + 8 * l, 3);
      b.i32(0).mem(OP.f64Load, LAYOUT.n, 3);
      b.op(OP.f64Eq, OP.i32And);
    }
    b.set(this.synced);
  }

  /**
   * time[k] ← (n[k] + shift)·dt and the clock steps at that time: computed once, on lane 0, and
   * copied to every vector when the lanes are in step (the same inputs give the same doubles),
   * else lane by lane.
   */
  clockAt(shift: number): void {
    const b = this.b;
    for (let k = 0; k < this.K; k++) {
      b.get(this.n[k]!);
      if (shift !== 0) b.f64x2(shift).simd(SIMD.f64x2Add);
      b.f64x2(this.c.dt).simd(SIMD.f64x2Mul).set(this.time[k]!);
    }
    if (!this.clocked) return;
    const inputs = this.x.map((x, k) => [x, this.time[k]!]);
    b.get(this.synced).op(OP.if, 0x40);
    emitProgramResults(b, this.program, inputs.slice(0, 1), this.temps, [], {
      steps: this.clock,
      sameLanes: true,
    });
    for (let k = 1; k < this.K; k++) {
      for (const i of this.frontier) {
        while (this.temps[k]!.length <= i) this.temps[k]!.push(b.local(V128));
        b.get(this.temps[0]![i]!).set(this.temps[k]![i]!);
      }
    }
    b.op(OP.else);
    emitProgramResults(b, this.program, inputs, this.temps, [], { steps: this.clock });
    b.op(OP.end);
  }

  /**
   * out[k] = U′(at[k], (n[k] + shift)·dt): kernel.ts's `force(x, (n + shift) * dt)`. With
   * `newTime` false the clock of the last call is still the time's (Heun's closing force at
   * t_{n+1}, after its predictor's).
   */
  force(at: readonly number[], shift: number, out: readonly number[], newTime = true): void {
    if (this.timed && newTime) this.clockAt(shift);
    const inputs = at.map((x, k) => (this.timed ? [x, this.time[k]!] : [x]));
    const rest = this.clock.map((hoisted) => !hoisted);
    emitProgramResults(
      this.b,
      this.program,
      inputs,
      this.temps,
      out.map((local) => [local]),
      {
        steps: rest,
      },
    );
  }

  /** local ← local ± factor·other, written as kernel.ts writes it. */
  axpy(target: number, sign: 1 | -1, factor: number, other: number, from = target): void {
    this.b.get(from).f64x2(factor).get(other).simd(SIMD.f64x2Mul);
    this.b.simd(sign > 0 ? SIMD.f64x2Add : SIMD.f64x2Sub).set(target);
  }

  /** n += 1, where the force reads it; otherwise `leave` adds the steps done to n once. */
  increment(): void {
    if (!this.timed) return;
    for (const n of this.n) this.b.get(n).f64x2(1).simd(SIMD.f64x2Add).set(n);
  }

  /** Memory ↔ locals for the per-lane arrays of the positions. */
  move(store: boolean, pairs: readonly [number, readonly number[]][]): void {
    for (const [offset, locals] of pairs) {
      locals.forEach((local, k) => {
        if (store)
          this.b
            .i32(0)
            .get(local)
            .vstore(offset + 16 * k);
        else
          this.b
            .i32(0)
            .vload(offset + 16 * k)
            .set(local);
      });
    }
  }
}

/** Overdamped Euler–Maruyama or stochastic Heun (kernel.ts), positions into xn. */
function overdampedStep(r: Run): void {
  const k = constantsOf(r.c);
  const b = r.b;
  for (let i = 0; i < r.K; i++) {
    // xn = x − a·f + b·g (Heun: the predictor xp, kept in xn for now).
    r.axpy(r.xn[i]!, -1, k.a, r.f[i]!, r.x[i]!);
    r.axpy(r.xn[i]!, 1, k.b, r.lanes.g[i]!);
  }
  if (r.c.scheme === 'heun') {
    r.force(r.xn, 1, r.fp);
    for (let i = 0; i < r.K; i++) {
      b.get(r.x[i]!).f64x2(k.half).get(r.f[i]!).get(r.fp[i]!).simd(SIMD.f64x2Add);
      b.simd(SIMD.f64x2Mul).simd(SIMD.f64x2Sub).set(r.xn[i]!);
      r.axpy(r.xn[i]!, 1, k.b, r.lanes.g[i]!);
    }
  }
  r.increment();
}

/** BAOAB or Euler–Maruyama with inertia (kernel.ts); the force at the new position into f. */
function underdampedStep(r: Run): void {
  const k = constantsOf(r.c);
  const b = r.b;
  if (r.c.scheme === 'baoab') {
    for (let i = 0; i < r.K; i++) {
      const [x, v, g] = [r.x[i]!, r.v[i]!, r.lanes.g[i]!];
      r.axpy(v, -1, k.kick, r.f[i]!);
      r.axpy(x, 1, k.drift, v);
      b.f64x2(k.c1).get(v).simd(SIMD.f64x2Mul).f64x2(k.c2).get(g).simd(SIMD.f64x2Mul);
      b.simd(SIMD.f64x2Add).set(v);
      r.axpy(x, 1, k.drift, v);
    }
    r.force(r.x, 1, r.f);
    for (let i = 0; i < r.K; i++) r.axpy(r.v[i]!, -1, k.kick, r.f[i]!);
  } else {
    for (let i = 0; i < r.K; i++) {
      const [x, v, g] = [r.x[i]!, r.v[i]!, r.lanes.g[i]!];
      r.axpy(r.xn[i]!, 1, r.c.dt, v, x);
      // v += −k·(f + γ·v) + σ·g
      b.get(v).f64x2(-k.k).get(r.f[i]!).f64x2(r.c.gamma).get(v).simd(SIMD.f64x2Mul);
      b.simd(SIMD.f64x2Add).simd(SIMD.f64x2Mul).f64x2(k.sigma).get(g).simd(SIMD.f64x2Mul);
      b.simd(SIMD.f64x2Add).simd(SIMD.f64x2Add).set(v);
      b.get(r.xn[i]!).set(x);
    }
    r.force(r.x, 1, r.f);
  }
  r.increment();
}

/**
 * mask ← lanes that need the scalar tests after this step: a non-finite state, a boundary
 * reached, or (bridge) a boundary near enough that the crossing probability exceeds e^{−24}. The
 * lanes' step limits are one scalar test in `stepRest`.
 */
function events(r: Run): void {
  const b = r.b;
  const k = constantsOf(r.c);
  const overdamped = r.c.dynamics === 'overdamped';
  const bridge = overdamped && r.c.monitoring === 'bridge';
  for (let i = 0; i < r.K; i++) {
    const position = overdamped ? r.xn[i]! : r.x[i]!;
    // Non-finite: y − y ≠ 0 for y = xn (overdamped) or x + v (underdamped).
    if (overdamped) b.get(position).get(position);
    else b.get(r.x[i]!).get(r.v[i]!).simd(SIMD.f64x2Add).tee(r.fp[i]!).get(r.fp[i]!);
    b.simd(SIMD.f64x2Sub).f64x2(0).simd(SIMD.f64x2Ne);
    for (const side of ['below', 'above'] as const) {
      if (!r.shape[side]) continue;
      b.i32(0)
        .vload(LAYOUT[side] + 16 * i)
        .set(r.bound[i]!);
      b.get(position)
        .get(r.bound[i]!)
        .simd(side === 'below' ? SIMD.f64x2Le : SIMD.f64x2Ge);
      b.simd(SIMD.or);
      if (!bridge) continue;
      const [p, q] = side === 'below' ? [r.x[i]!, r.bound[i]!] : [r.bound[i]!, r.x[i]!];
      b.get(p).get(q).simd(SIMD.f64x2Sub);
      if (side === 'below') b.get(position).get(r.bound[i]!);
      else b.get(r.bound[i]!).get(position);
      b.simd(SIMD.f64x2Sub).simd(SIMD.f64x2Mul).f64x2(k.bridgeNear).simd(SIMD.f64x2Lt);
      b.simd(SIMD.or);
    }
    if (i > 0) b.get(r.mask).simd(SIMD.or);
    b.set(r.mask);
  }
}

/** Reasons `hot` returns for. */
const HOT_STEPS = 0;
const HOT_SLOW = 1;
const HOT_EDGE = 2;

/**
 * Every lane's state to memory, the steps done (counter, + 1 if this step is done) to LAYOUT.done
 * and, where the loop did not count them in n, to n (whole numbers: exact); return `reason`.
 */
function leave(r: Run, counter: number, reason: number, stepDone: boolean): void {
  const b = r.b;
  const steps = () => {
    b.get(counter);
    if (stepDone) b.i32(1).op(OP.i32Add);
  };
  r.lanes.storeStates();
  for (let g = 0; g < r.shape.groups; g++) r.lanes.moveNormals(true, g);
  r.move(true, [
    [LAYOUT.x, r.x],
    [LAYOUT.v, r.v],
    [LAYOUT.xn, r.xn],
  ]);
  r.n.forEach((n, k) => {
    b.i32(0).get(n);
    if (!r.timed) {
      steps();
      b.op(OP.f64ConvertI32S).simd(SIMD.f64x2Splat).simd(SIMD.f64x2Add);
    }
    b.vstore(LAYOUT.n + 16 * k);
  });
  b.i32(0);
  steps();
  b.mem(OP.i32Store, LAYOUT.done, 2);
  b.i32(reason).op(OP.return);
}

/**
 * limit ← the fewest steps any lane has left before its step limit, min(nEnd − n) (whole
 * numbers; idle lanes ∞), capped at 2³⁰: a step with counter + 1 ≥ limit goes to `edge`.
 */
function stepLimit(r: Run, limit: number): void {
  const b = r.b;
  b.f64(2 ** 30);
  for (let l = 0; l < 4 * r.shape.groups; l++) {
    b.i32(0).mem(OP.f64Load, LAYOUT.nEnd + 8 * l, 3);
    b.i32(0).mem(OP.f64Load, LAYOUT.n + 8 * l, 3);
    b.op(OP.f64Sub, OP.f64Min);
  }
  b.f64(0).op(OP.f64Max, OP.i32TruncF64S).set(limit);
}

/**
 * The rest of a step once its normals are drawn: the update, the all-lane test (any lane
 * flagged: leave for `edge`), the force at the new position, the step count (maxSteps: leave).
 */
function stepRest(r: Run, counter: number): void {
  const b = r.b;
  const overdamped = r.c.dynamics === 'overdamped';
  if (overdamped) overdampedStep(r);
  else underdampedStep(r);
  events(r);
  b.get(r.mask).simd(SIMD.anyTrue);
  b.get(counter).i32(1).op(OP.i32Add).get(r.limit).op(OP.i32GeS, OP.i32Or, OP.if, 0x40);
  leave(r, counter, HOT_EDGE, true);
  b.op(OP.end);
  if (overdamped) {
    for (let i = 0; i < r.K; i++) b.get(r.xn[i]!).set(r.x[i]!);
    // Heun's predictor force set the clock at t_{n+1}, which is this force's time.
    r.force(r.x, 0, r.f, r.c.scheme !== 'heun');
  }
  b.get(counter).i32(1).op(OP.i32Add).tee(counter).get(1).op(OP.i32GeU, OP.if, 0x40);
  leave(r, counter, HOT_STEPS, false);
  b.op(OP.end);
}

/**
 * `hot(resume, maxSteps) → reason`: steps every lane from the state in memory until maxSteps
 * steps (HOT_STEPS), a draw for `fix` (HOT_SLOW: the step waits for its normals) or a flagged
 * step (HOT_EDGE: done but for the tests of `edge`). With resume = 1 it first finishes the step
 * whose normals `fix` completed. No calls of its own, so the loop's vectors stay in registers
 * (a force that calls the host's Math still calls it here).
 */
function hotFunction(
  c: ResolvedConfig,
  shape: KernelShape,
  program: ExpressionProgram,
  hoist: boolean,
): Body {
  const r = new Run(c, shape, program, [I32, I32], hoist);
  const b = r.b;
  const counter = b.local(I32);
  const slow = b.local(I32);
  r.lanes.loadStates();
  r.move(false, [
    [LAYOUT.x, r.x],
    [LAYOUT.v, r.v],
    [LAYOUT.n, r.n],
  ]);
  stepLimit(r, r.limit);
  if (r.clocked) r.checkSynced();
  r.force(r.x, 0, r.f);
  b.get(0).op(OP.if, 0x40);
  for (let g = 0; g < shape.groups; g++) r.lanes.moveNormals(false, g);
  stepRest(r, counter);
  b.op(OP.end);
  b.op(OP.loop, 0x40);
  for (let g = 0; g < shape.groups; g++) r.lanes.normals(g, () => b.i32(1).set(slow));
  b.get(slow).op(OP.if, 0x40);
  leave(r, counter, HOT_SLOW, false);
  b.op(OP.end);
  stepRest(r, counter);
  b.br(OP.br, 0).op(OP.end);
  b.i32(HOT_STEPS);
  return b;
}

/**
 * `run(maxSteps) → 1 | 0`: advances every lane until some lane is absorbed, fails or reaches its
 * step limit (1: see LAYOUT.code) or about maxSteps steps have passed (0). Drives `hot`: `fix`
 * for slow draws, `edge` for flagged steps (then x ← xn overdamped, as the step completes).
 * State lives in memory between calls.
 */
function runFunction(c: ResolvedConfig, shape: KernelShape): Body {
  const b = new Body([I32]);
  const [left, reason, resume] = [b.local(I32), b.local(I32), b.local(I32)];
  const overdamped = c.dynamics === 'overdamped';
  for (let g = 0; g < shape.groups; g++)
    b.i32(0)
      .i32x4(0)
      .vstore(LAYOUT.code + 16 * g);
  b.get(0).set(left);
  b.op(OP.loop, 0x40);
  b.get(resume).get(left).call(HOT).set(reason);
  b.get(left).i32(0).mem(OP.i32Load, LAYOUT.done, 2).op(OP.i32Sub).set(left);
  b.i32(0).set(resume);
  b.get(reason).i32(HOT_SLOW).op(OP.i32Eq, OP.if, 0x40);
  b.call(FIX).i32(1).set(resume).br(OP.br, 1);
  b.op(OP.end);
  b.get(reason).i32(HOT_EDGE).op(OP.i32Eq, OP.if, 0x40);
  b.call(EDGE);
  if (overdamped) {
    for (let g = 0; g < 2 * shape.groups; g++)
      b.i32(0)
        .i32(0)
        .vload(LAYOUT.xn + 16 * g)
        .vstore(LAYOUT.x + 16 * g);
  }
  b.op(OP.if, 0x40).i32(1).op(OP.return, OP.end);
  b.get(left).i32(0).op(OP.i32GtS).br(OP.brIf, 1);
  b.op(OP.end);
  b.op(OP.end);
  b.i32(0);
  return b;
}

/** The module for a configuration: `run`, `fill`, and the helpers `next` and `edge`. */
export function kernelModuleBytes(
  c: ResolvedConfig,
  program: ExpressionProgram,
  shape: KernelShape,
  hoist = true,
): Uint8Array {
  if (!Number.isInteger(shape.groups) || shape.groups < 1 || shape.groups > MAX_GROUPS) {
    throw new RangeError(`lane groups must be 1 … ${MAX_GROUPS}`);
  }
  checkProgram(program, program.variables === 2 ? 2 : 1);
  const lanes = 4 * shape.groups;
  return encodeModule({
    imports: IMPORTS,
    memoryPages: MEMORY_PAGES,
    functions: [
      { type: { params: [I32], results: [I32] }, body: nextFunction(lanes) },
      { type: { params: [], results: [I32] }, body: edgeFunction(c, shape) },
      { type: { params: [I32, I32], results: [F64] }, body: slowFunction() },
      { type: { params: [], results: [] }, body: fixFunction(lanes) },
      { type: { params: [I32, I32], results: [I32] }, body: hotFunction(c, shape, program, hoist) },
      { type: { params: [I32], results: [I32] }, body: runFunction(c, shape), export: 'run' },
      { type: { params: [I32], results: [] }, body: fillFunction(shape.groups), export: 'fill' },
    ],
  });
}

/** The ziggurat tables as the kernels read them: kn (int32) and wn (f64) per 16-byte layer; fn. */
export function writeZigguratTable(memory: { readonly buffer: ArrayBuffer }): void {
  const view = new DataView(memory.buffer);
  for (let i = 0; i < ZIGGURAT_KN.length; i++) {
    view.setInt32(LAYOUT.table + 16 * i, ZIGGURAT_KN[i]!, true);
    view.setFloat64(LAYOUT.table + 16 * i + 8, ZIGGURAT_WN[i]!, true);
    view.setFloat64(LAYOUT.fn + 8 * i, ZIGGURAT_FN[i]!, true);
  }
}
