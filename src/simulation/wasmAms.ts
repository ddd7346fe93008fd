import type { ExpressionProgram, ProgramOperand } from '../core/index.js';
import { Body, encodeModule, F64, I32, KramersError, OP } from '../core/index.js';
import {
  checkProgram,
  FN,
  IMPORTS,
  LAYOUT,
  MATH_FUNCTIONS,
  nextFunction,
  slowFunction,
  writeZigguratTable,
} from './wasmKernel.js';
import { wasmApi } from './wasmLanes.js';

/**
 * AMS's excursion kernel (ams.ts) in WebAssembly (issue 18): one walker, scalar f64, the same
 * stochastic Heun step, one-sided Brownian-bridge test at x_b, loop surfaces on the samples, and
 * running-maximum record as the generated JavaScript, operation for operation and draw for draw —
 * so a run's numbers are those of the JavaScript engine bit for bit.
 *
 * Scalar and not the SIMD lanes of wasmKernel.ts: an AMS run is one sequential stream (loops, then
 * replicas, then each iteration's branches, with the parent draws in between), so lanes could hold
 * only different runs in lock step, while each run's bookkeeping between excursions is its own.
 * What the module gains over the JavaScript kernel is a loop without calls into JavaScript per
 * step (the ziggurat's slow path and the bridge's exp are the host's Math, called directly) and
 * wasm's integer arithmetic for the generator (bench/README.md has the figures).
 */

/** Byte offsets: the ziggurat table, the stream and `fn` where wasmKernel.ts has them (one lane). */
const AT = {
  /**
   * x, n, top (f64) and the record count r (i32) of the excursion; then what `hot` leaves for
   * `excursion`: the normal g, the slow draw's word u, and a bridge test's xn, ξ(xn) and dd.
   */
  st: LAYOUT.s + 64,
  g: LAYOUT.s + 96,
  u: LAYOUT.s + 104,
  xn: LAYOUT.s + 112,
  qn: LAYOUT.s + 120,
  dd: LAYOUT.s + 128,
  /** The records of this call: record r is at rec + 8·(r − base). */
  rec: 65536,
} as const;
const PAGE = 65536;

/** The constants of one AMS configuration (the literals of ams.ts's generated source). */
export interface ExcursionConstants {
  readonly D: number;
  readonly gamma: number;
  readonly dt: number;
  readonly xa: number;
  readonly sign: number;
  readonly lb: number;
  /** false: x_b on the samples only (no bridge draws). */
  readonly bridge: boolean;
}

/** Emits a straight-line program of one variable in scalar f64, its result into `out`. */
function emitScalarProgram(b: Body, program: ExpressionProgram, x: number, out: number): void {
  const temps: number[] = [];
  const operand = (o: ProgramOperand) => {
    if ('c' in o) b.f64(o.c);
    else if ('v' in o) b.get(x);
    else b.get(temps[o.t]!);
  };
  const binary: Record<string, number> = {
    '+': OP.f64Add,
    '-': OP.f64Sub,
    '*': OP.f64Mul,
    '/': OP.f64Div,
  };
  for (const step of program.steps) {
    operand(step.a);
    if (step.op === 'neg') b.op(OP.f64Neg);
    else if (step.op === 'call') {
      // sqrt is correctly rounded and abs exact in both, as Math.sqrt and Math.abs.
      if (step.fn === 'sqrt') b.op(OP.f64Sqrt);
      else if (step.fn === 'abs') b.op(OP.f64Abs);
      else b.call(FN[step.fn]!);
    } else {
      operand(step.b);
      if (step.op === 'pow') b.call(FN.pow!);
      else b.op(binary[step.op]!);
    }
    const t = b.local(F64);
    temps.push(t);
    b.set(t);
  }
  operand(program.results[0]!);
  b.set(out);
}

/** Locals of `excursion` and emitters of its pieces. */
class Excursion {
  readonly b = new Body([F64, F64, F64, I32, I32, I32]);
  readonly lo = 0;
  readonly hi = 1;
  readonly nEnd = 2;
  readonly cap = 3;
  readonly base = 4;
  /** HOT_FRESH, HOT_NORMAL (g is in memory) or HOT_TAIL (a bridge test came out: go on). */
  readonly mode = 5;
  readonly s = [0, 1, 2, 3].map(() => this.b.local(I32)) as [number, number, number, number];
  readonly m = this.b.local(I32);
  readonly u = this.b.local(I32);
  readonly t = this.b.local(I32);
  readonly iz = this.b.local(I32);
  readonly j = this.b.local(I32);
  readonly r = this.b.local(I32);
  readonly code = this.b.local(I32);
  readonly x = this.b.local(F64);
  readonly n = this.b.local(F64);
  readonly top = this.b.local(F64);
  readonly q = this.b.local(F64);
  readonly f = this.b.local(F64);
  readonly g = this.b.local(F64);
  readonly dd = this.b.local(F64);
  readonly xp = this.b.local(F64);
  readonly xn = this.b.local(F64);
  readonly qn = this.b.local(F64);

  /** The stream's four words ↔ memory (where `next` and `slow` read them). */
  states(store: boolean): void {
    this.s.forEach((local, w) => {
      if (store)
        this.b
          .i32(0)
          .get(local)
          .mem(OP.i32Store, LAYOUT.s + 4 * w, 2);
      else
        this.b
          .i32(0)
          .mem(OP.i32Load, LAYOUT.s + 4 * w, 2)
          .set(local);
    });
  }

  /** One xoshiro128** step (rng.ts's nextInt32) on the locals; the output into u. */
  xoshiro(): void {
    const b = this.b;
    const [s0, s1, s2, s3] = this.s;
    b.get(s1).i32(5).op(OP.i32Mul).tee(this.m);
    b.i32(7).op(OP.i32Rotl).i32(9).op(OP.i32Mul).set(this.u);
    b.get(s1).i32(9).op(OP.i32Shl).set(this.t);
    const xor = (target: number, other: number) =>
      b.get(target).get(other).op(OP.i32Xor).set(target);
    xor(s2, s0);
    xor(s3, s1);
    xor(s1, s2);
    xor(s0, s3);
    xor(s2, this.t);
    b.get(s3).i32(11).op(OP.i32Rotl).set(s3);
  }

  /**
   * g ← a normal by the ziggurat's fast test; a draw that fails it leaves `hot` (depth: blocks out
   * to the outer block from the step loop) with its word in memory, for `slow`.
   */
  normal(depth: number): void {
    const b = this.b;
    this.xoshiro();
    b.get(this.u).i32(127).op(OP.i32And).set(this.iz);
    b.get(this.u).i32(7).op(OP.i32ShrS).set(this.j);
    // |j| < kn[iz] (layer iz at 16·iz: kn as int32, wn 8 bytes in).
    b.i32(0).get(this.j).op(OP.i32Sub).get(this.j).get(this.j).i32(0).op(OP.i32LtS, OP.select);
    b.get(this.iz).i32(4).op(OP.i32Shl).mem(OP.i32Load, LAYOUT.table, 2);
    b.op(OP.i32LtS, OP.i32Eqz, OP.if, 0x40);
    b.i32(0).get(this.u).mem(OP.i32Store, AT.u, 2);
    this.exit(HOT_SLOW, depth + 1);
    b.op(OP.end);
    b.get(this.j).op(OP.f64ConvertI32S);
    b.get(this.iz)
      .i32(4)
      .op(OP.i32Shl)
      .mem(OP.f64Load, LAYOUT.table + 8, 3);
    b.op(OP.f64Mul).set(this.g);
  }

  /** (v − x_a)·sign, ams.ts's ξ. */
  xi(k: ExcursionConstants, v: number): void {
    this.b.get(v).f64(k.xa).op(OP.f64Sub).f64(k.sign).op(OP.f64Mul);
  }

  /** rec[r − base] ← x; r += 1. */
  record(): void {
    const b = this.b;
    b.get(this.r).get(this.base).op(OP.i32Sub).i32(3).op(OP.i32Shl);
    b.get(this.x).mem(OP.f64Store, AT.rec, 3);
    b.get(this.r).i32(1).op(OP.i32Add).set(this.r);
  }

  /** code ← value, leave the step loop (`depth` blocks out to the outer block). */
  exit(value: number, depth: number): void {
    this.b.i32(value).set(this.code).br(OP.br, depth);
  }
}

/** Why `hot` returned beyond ams.ts's codes 0–5: a slow normal, a bridge test to draw. */
const HOT_SLOW = 6;
const HOT_BRIDGE = 7;
/** How `hot` is entered: afresh, with the normal `slow` drew, after a bridge test that failed. */
const HOT_FRESH = 0;
const HOT_NORMAL = 1;
const HOT_TAIL = 2;

/**
 * The end of a step once x_b was not reached: x ← xn, back at x_a: ξ ≤ lo (2), a new running
 * maximum (record it, or 5 when the buffer is full), ξ ≥ hi (3); then the force at the new
 * position. `depth`: blocks out to the outer block.
 */
function tail(e: Excursion, program: ExpressionProgram, depth: number): void {
  const b = e.b;
  b.get(e.xn).set(e.x);
  b.get(e.qn).set(e.q);
  b.get(e.q).get(e.lo).op(OP.f64Le, OP.if, 0x40);
  e.exit(2, depth + 1);
  b.op(OP.end);
  b.get(e.q).get(e.top).op(OP.f64Gt, OP.if, 0x40);
  b.get(e.r).get(e.cap).op(OP.i32Eq, OP.if, 0x40);
  e.exit(5, depth + 2);
  b.op(OP.end);
  b.get(e.q).set(e.top);
  e.record();
  b.op(OP.end);
  b.get(e.q).get(e.hi).op(OP.f64Ge, OP.if, 0x40);
  e.exit(3, depth + 1);
  b.op(OP.end);
  emitScalarProgram(b, program, e.x, e.f);
}

/**
 * The Heun step and its tests, in ams.ts's order: non-finite (4), x_b reached on the sample (1),
 * near x_b a bridge test (left to `excursion`, which draws its uniform), then `tail`. Inside the
 * step loop, the outer block at depth 1.
 */
function step(e: Excursion, k: ExcursionConstants, program: ExpressionProgram): void {
  const b = e.b;
  const variance = (2 * k.D * k.dt) / k.gamma;
  // The normal: drawn here, or (HOT_NORMAL, once) the one `slow` left in memory.
  b.get(e.mode).i32(HOT_NORMAL).op(OP.i32Eq, OP.if, 0x40);
  b.i32(HOT_FRESH).set(e.mode);
  b.i32(0).mem(OP.f64Load, AT.g, 3).set(e.g);
  b.op(OP.else);
  e.normal(2);
  b.op(OP.end);
  // xp = x − a·f + b·g; xn = x − a/2·(f + U′(xp)) + b·g.
  const noise = () => b.f64(Math.sqrt(variance)).get(e.g).op(OP.f64Mul);
  b.get(e.x)
    .f64(k.dt / k.gamma)
    .get(e.f)
    .op(OP.f64Mul, OP.f64Sub);
  noise();
  b.op(OP.f64Add).set(e.xp);
  emitScalarProgram(b, program, e.xp, e.xn);
  b.get(e.x)
    .f64(k.dt / k.gamma / 2)
    .get(e.f)
    .get(e.xn)
    .op(OP.f64Add, OP.f64Mul, OP.f64Sub);
  noise();
  b.op(OP.f64Add).set(e.xn);
  b.get(e.n).f64(1).op(OP.f64Add).set(e.n);
  b.get(e.xn).get(e.xn).op(OP.f64Sub).f64(0).op(OP.f64Ne, OP.if, 0x40);
  b.get(e.xn).set(e.x);
  e.exit(4, 2);
  b.op(OP.end);
  e.xi(k, e.xn);
  b.tee(e.qn).f64(k.lb).op(OP.f64Ge, OP.if, 0x40);
  b.get(e.xn).set(e.x);
  e.exit(1, 2);
  b.op(OP.end);
  if (k.bridge) {
    b.f64(k.lb).get(e.q).op(OP.f64Sub).f64(k.lb).get(e.qn).op(OP.f64Sub).op(OP.f64Mul);
    b.tee(e.dd)
      .f64(12 * variance)
      .op(OP.f64Lt, OP.if, 0x40);
    for (const [at, local] of [
      [AT.xn, e.xn],
      [AT.qn, e.qn],
      [AT.dd, e.dd],
    ] as const)
      b.i32(0).get(local).mem(OP.f64Store, at, 3);
    e.exit(HOT_BRIDGE, 2);
    b.op(OP.end);
  }
  tail(e, program, 1);
}

/**
 * `hot(lo, hi, nEnd, cap, base, mode) → code`: ams.ts's generated `run` with its state in memory
 * (stream at LAYOUT.s, x/n/top/r at AT.st), records r ≥ base at AT.rec, cap the caller's buffer
 * length. Codes as there — 0 nEnd reached, 1 x_b, 2 ξ ≤ lo, 3 ξ ≥ hi, 4 non-finite, 5 full — and
 * HOT_SLOW, HOT_BRIDGE for `excursion`. No calls but the force's own: as in wasmKernel.ts's `hot`,
 * a call anywhere in the loop (the slow normal, the bridge's exp) cost every step (~20% here).
 */
function hotFunction(k: ExcursionConstants, program: ExpressionProgram): Body {
  const e = new Excursion();
  const b = e.b;
  e.states(false);
  const fields = [
    [AT.st, e.x],
    [AT.st + 8, e.n],
    [AT.st + 16, e.top],
  ] as const;
  for (const [at, local] of fields) b.i32(0).mem(OP.f64Load, at, 3).set(local);
  b.i32(0)
    .mem(OP.i32Load, AT.st + 24, 2)
    .set(e.r);
  // The pending record of a call that stopped on a full buffer is stored on entry (a no-op on
  // other entries: there top ≥ ξ(x)); f is U′(x) again.
  e.xi(k, e.x);
  b.tee(e.q).get(e.top).op(OP.f64Gt, OP.if, 0x40);
  b.get(e.q).set(e.top);
  e.record();
  b.op(OP.end);
  emitScalarProgram(b, program, e.x, e.f);
  b.op(OP.block, 0x40);
  // After a bridge test that did not absorb, the step goes on where it stopped.
  b.get(e.mode).i32(HOT_TAIL).op(OP.i32Eq, OP.if, 0x40);
  b.i32(HOT_FRESH).set(e.mode);
  for (const [at, local] of [
    [AT.xn, e.xn],
    [AT.qn, e.qn],
  ] as const)
    b.i32(0).mem(OP.f64Load, at, 3).set(local);
  tail(e, program, 1);
  b.op(OP.end);
  b.op(OP.loop, 0x40);
  b.get(e.n).get(e.nEnd).op(OP.f64Lt, OP.i32Eqz).br(OP.brIf, 1);
  step(e, k, program);
  b.br(OP.br, 0).op(OP.end, OP.end);
  e.states(true);
  for (const [at, local] of fields) b.i32(0).get(local).mem(OP.f64Store, at, 3);
  b.i32(0)
    .get(e.r)
    .mem(OP.i32Store, AT.st + 24, 2);
  b.get(e.code);
  return b;
}

/** Function indices after the imports: next, slow, hot, excursion. */
const NEXT_FN = IMPORTS.length;
const SLOW_FN = NEXT_FN + 1;
const HOT_FN = NEXT_FN + 2;

/**
 * `excursion(lo, hi, nEnd, cap, base) → code 0–5`: drives `hot`, drawing for it what needs a
 * call — the slow normal (`slow`, rng.ts's zigguratSlow) and the bridge test's uniform and exp,
 * at the point of the stream where ams.ts draws them — and enters it again where it left off.
 */
function excursionFunction(k: ExcursionConstants): Body {
  const b = new Body([F64, F64, F64, I32, I32]);
  const [mode, code] = [b.local(I32), b.local(I32)];
  const variance = (2 * k.D * k.dt) / k.gamma;
  b.op(OP.loop, 0x40);
  for (let p = 0; p < 5; p++) b.get(p);
  b.get(mode).call(HOT_FN).set(code);
  b.get(code).i32(HOT_SLOW).op(OP.i32Eq, OP.if, 0x40);
  b.i32(0).i32(0).i32(0).mem(OP.i32Load, AT.u, 2).call(SLOW_FN).mem(OP.f64Store, AT.g, 3);
  b.i32(HOT_NORMAL).set(mode).br(OP.br, 1);
  b.op(OP.end);
  b.get(code).i32(HOT_BRIDGE).op(OP.i32Eq, OP.if, 0x40);
  // w = ((u >>> 0) + 0.5)·2⁻³² < exp(−dd·2/variance): crossed between the samples; x ← xn.
  b.i32(0).call(NEXT_FN).op(OP.f64ConvertI32U).f64(0.5).op(OP.f64Add);
  b.f64(2.3283064365386963e-10).op(OP.f64Mul);
  b.i32(0).mem(OP.f64Load, AT.dd, 3).op(OP.f64Neg);
  b.f64(2 / variance)
    .op(OP.f64Mul)
    .call(FN.exp!);
  b.op(OP.f64Lt, OP.if, 0x40);
  b.i32(0).i32(0).mem(OP.f64Load, AT.xn, 3).mem(OP.f64Store, AT.st, 3);
  b.i32(1).op(OP.return, OP.end);
  b.i32(HOT_TAIL).set(mode).br(OP.br, 1);
  b.op(OP.end);
  b.op(OP.end);
  b.get(code);
  return b;
}

/** The module: `next` and `slow` of wasmKernel.ts for one lane, `hot`, `excursion` (exported). */
export function amsModuleBytes(k: ExcursionConstants, program: ExpressionProgram): Uint8Array {
  checkProgram(program, 1);
  const excursionType = { params: [F64, F64, F64, I32, I32], results: [I32] } as const;
  return encodeModule({
    imports: IMPORTS,
    memoryPages: 2,
    functions: [
      { type: { params: [I32], results: [I32] }, body: nextFunction(1) },
      { type: { params: [I32, I32], results: [F64] }, body: slowFunction() },
      {
        type: { params: [...excursionType.params, I32], results: [I32] },
        body: hotFunction(k, program),
      },
      { type: excursionType, body: excursionFunction(k), export: 'excursion' },
    ],
  });
}

const api = wasmApi;

/** Compiled modules by configuration (a worker keeps the last few). */
const modules = new Map<string, object>();

/**
 * ams.ts's `Excursion` on the WebAssembly module: (s, st, rec, lo, hi, nEnd) → code, the stream
 * and state copied in and out, the new records copied into `rec`.
 */
export function wasmExcursion(
  k: ExcursionConstants,
  program: ExpressionProgram,
): (
  s: Int32Array,
  st: Float64Array,
  rec: Float64Array,
  lo: number,
  hi: number,
  nEnd: number,
) => number {
  if (!api) throw new KramersError('usage', 'engine wasm: this runtime has no WebAssembly');
  const key = JSON.stringify([k, program]);
  let module = modules.get(key);
  if (module === undefined) {
    module = new api.Module(amsModuleBytes(k, program));
    if (modules.size >= 8) modules.delete(modules.keys().next().value!);
    modules.set(key, module);
  }
  const memory = new api.Memory({ initial: 2 });
  writeZigguratTable(memory);
  const m = { memory, pow: Math.pow } as Record<string, unknown>;
  for (const name of MATH_FUNCTIONS) m[name] = Math[name as 'sin'];
  const instance = new api.Instance(module, { m });
  const excursion = instance.exports.excursion as (
    lo: number,
    hi: number,
    nEnd: number,
    cap: number,
    base: number,
  ) => number;
  let f64 = new Float64Array(memory.buffer);
  let i32 = new Int32Array(memory.buffer);
  const st0 = AT.st / 8;
  return (s, st, rec, lo, hi, nEnd) => {
    const base = st[3]!;
    const bytes = AT.rec + 8 * (rec.length - base);
    if (bytes > memory.buffer.byteLength) {
      memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
      f64 = new Float64Array(memory.buffer);
      i32 = new Int32Array(memory.buffer);
    }
    for (let w = 0; w < 4; w++) i32[LAYOUT.s / 4 + w] = s[w]!;
    f64[st0] = st[0]!;
    f64[st0 + 1] = st[1]!;
    f64[st0 + 2] = st[2]!;
    i32[AT.st / 4 + 6] = base;
    const code = excursion(lo, hi, nEnd, rec.length, base);
    for (let w = 0; w < 4; w++) s[w] = i32[LAYOUT.s / 4 + w]!;
    const r = i32[AT.st / 4 + 6]!;
    st[0] = f64[st0]!;
    st[1] = f64[st0 + 1]!;
    st[2] = f64[st0 + 2]!;
    st[3] = r;
    // A loop, not rec.set(f64.subarray(…)): a few records a call, and no view to collect.
    for (let i = base, at = AT.rec / 8; i < r; i++, at++) rec[i] = f64[at]!;
    return code;
  };
}
