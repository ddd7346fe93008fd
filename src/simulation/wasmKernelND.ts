import type { ExpressionProgram } from '../core/index.js';
import { Body, encodeModule, F64, I32, KramersError, OP, SIMD, V128 } from '../core/index.js';
import {
  checkOperand,
  EDGE,
  emitProgramResults,
  FIX,
  FN,
  fixFunction,
  IMPORTS,
  Lanes,
  MATH_FUNCTIONS,
  NEXT,
  nextFunction,
  slowFunction,
} from './wasmKernel.js';

/**
 * WebAssembly SIMD kernels for walkers in n = 2…10 coordinates (issue 18, item 4): kernelND.ts's
 * overdamped Euler–Maruyama and stochastic Heun steps and its underdamped BAOAB step (scalar
 * mass), with scalar friction or a friction matrix, reflecting box walls and first passage into
 * {g_k(x) ≥ 0}, generated from the same checked syntax trees (the gradient's and the target's
 * `ExpressionProgram`s, which `generateVectorSource` emits beside the JavaScript). Walkers run in
 * lane groups of four (wasmKernel.ts's `Lanes`: four xoshiro128** streams per i32x4 vector, the
 * vectorised ziggurat), every coordinate as two f64x2 vectors.
 *
 * The arithmetic is the JavaScript kernel's, operation for operation and in its order (no fused
 * multiply-add; box reflection by lane selects of the same differences), so a walker's path and
 * its first-passage time are the same bit for bit on either engine. Each step tests all lanes at
 * once for anything that needs kernelND.ts's scalar logic — a non-finite state, a step that ends
 * inside every condition, a condition near enough for the bridge draw (g_k(q)·g_k(qn) below
 * 24·D dt ∇g_kᵀΓ⁻¹∇g_k, the JavaScript test's own bound for every k), the step limit — and only
 * then calls `edge`, which walks the lanes in kernelND.ts's order of tests and draws the bridge's
 * uniform from that lane's stream. Unlike the 1-D `hot` loop this one calls `fix` (the ziggurat's
 * slow path) in place, as `fill` does: a step draws n normals per walker, and resuming in the
 * middle of them would need n entry points.
 */

/**
 * kernelND.ts's `times`: M·vec for a row-major constant matrix M, or scalar·vec when `matrix` is
 * null (scalar friction).
 */
export interface LinearND {
  readonly matrix: readonly number[] | null;
  readonly scalar: number;
}

interface CommonSpecND {
  readonly n: number;
  readonly D: number;
  readonly dt: number;
  readonly lo: ArrayLike<number>;
  readonly hi: ArrayLike<number>;
  readonly strict: readonly boolean[];
  readonly gradient: ExpressionProgram;
  readonly region: ExpressionProgram;
}

/** Overdamped walkers: the mobility Γ⁻¹ and the noise factor √(2D dt)·Γ^{−1/2} (kernelND.ts). */
export interface OverdampedSpecND extends CommonSpecND {
  readonly dynamics: 'overdamped';
  readonly scheme: 'heun' | 'euler-maruyama';
  readonly bridge: boolean;
  readonly mobility: LinearND;
  readonly noise: LinearND;
}

/**
 * Underdamped BAOAB walkers of scalar mass: the O-step's e^{−Γdt/m} (`damping`) and
 * √(D/m)(1 − e^{−2Γdt/m})^{1/2} (`spread`), as kernelND.ts forms them.
 */
export interface UnderdampedSpecND extends CommonSpecND {
  readonly dynamics: 'underdamped';
  readonly scheme: 'baoab';
  readonly mass: number;
  readonly damping: LinearND;
  readonly spread: LinearND;
}

/** What a module is generated for: a resolved configuration's numbers (see kernelND.ts). */
export type KernelSpecND = OverdampedSpecND | UnderdampedSpecND;

/** Most lane groups (of four walkers) per module. */
export const MAX_GROUPS_ND = 2;

/**
 * Per-lane f64 arrays above the 1-D layout's first page (its ziggurat table, generator states and
 * `fix`'s slots, which `Lanes` uses): component c of lane l at base + 8·(c·lanes + l), so vector
 * v of a component is one 16-byte load.
 */
export class LayoutND {
  readonly q: number;
  /** Velocities (read and written by underdamped modules only). */
  readonly v: number;
  readonly qn: number;
  readonly gq: number;
  readonly gn: number;
  readonly n: number;
  readonly nEnd: number;
  readonly predictorFailed: number;
  readonly failed: number;
  readonly code: number;
  readonly pages: number;

  constructor(
    readonly lanes: number,
    dimension: number,
    regionValues: number,
  ) {
    let at = 65536;
    const take = (components: number) => {
      const start = at;
      at += 8 * components * lanes;
      return start;
    };
    this.q = take(dimension);
    this.v = take(dimension);
    this.qn = take(dimension);
    this.gq = take(regionValues);
    this.gn = take(regionValues);
    this.n = take(1);
    this.nEnd = take(1);
    this.predictorFailed = take(1);
    this.failed = take(1);
    this.code = take(1);
    this.pages = Math.ceil(at / 65536);
  }

  /** Byte offset of component c of vector v (lanes 2v, 2v + 1). */
  vector(base: number, c: number, v: number): number {
    return base + 8 * c * this.lanes + 16 * v;
  }
}

function refuse(path: string, message: string): never {
  throw new KramersError('invalid_parameter', `${path}: ${message}`, {
    issues: [{ path, message }],
  });
}

/** Checks a vector program that arrived with a job: `variables` inputs, `results` outputs. */
export function checkProgramND(
  path: string,
  program: ExpressionProgram,
  variables: number,
  results: number,
): ExpressionProgram {
  if (typeof program !== 'object' || program === null) refuse(path, 'expected an object');
  if (program.variables !== variables) refuse(path, `expected ${variables} variables`);
  const { steps } = program;
  if (!Array.isArray(steps) || steps.length > 100_000) refuse(path, 'too many steps');
  if (!Array.isArray(program.results) || program.results.length !== results) {
    refuse(path, `expected ${results} results`);
  }
  const allowed = new Set<string>([...MATH_FUNCTIONS, 'sqrt', 'abs']);
  steps.forEach((step, i) => {
    if (typeof step !== 'object' || step === null) refuse(path, 'a step is not an object');
    if (step.op === 'call') {
      if (!allowed.has(step.fn)) refuse(path, `function '${String(step.fn)}' is not allowed`);
    } else if (['+', '-', '*', '/', 'pow'].includes(step.op)) {
      checkOperand(step.b, i, variables);
    } else if (step.op !== 'neg') refuse(path, `operation '${String(step.op)}' is not allowed`);
    checkOperand(step.a, i, variables);
  });
  for (const r of program.results) checkOperand(r, steps.length, variables);
  return program;
}

/**
 * Emits kernelND.ts's `times(i, …)`: scalar·vec(i), or Σ_j M_ij·vec(j) over the entries M_ij ≠ 0
 * summed left to right (0 when there are none), in f64x2 lanes or, `scalar`, in one f64.
 */
function times(
  b: Body,
  map: LinearND,
  n: number,
  i: number,
  vec: (j: number) => void,
  scalar = false,
): void {
  const constant = (x: number) => (scalar ? b.f64(x) : b.f64x2(x));
  const mul = () => (scalar ? b.op(OP.f64Mul) : b.simd(SIMD.f64x2Mul));
  if (map.matrix === null) {
    constant(map.scalar);
    vec(i);
    mul();
    return;
  }
  let terms = 0;
  for (let j = 0; j < n; j++) {
    const m = map.matrix[i * n + j]!;
    if (m === 0) continue;
    constant(m);
    vec(j);
    mul();
    if (terms++ > 0) scalar ? b.op(OP.f64Add) : b.simd(SIMD.f64x2Add);
  }
  if (terms === 0) constant(0);
}

/**
 * `a * times(i, …)` as JavaScript evaluates kernelND.ts's text: with a scalar map `a * (s) * vec`
 * is (a·s)·vec, left to right (a·s formed here once when `a` is a constant: the same double);
 * with a matrix a·(Σ…).
 */
function leftTimes(
  b: Body,
  a: number | (() => void),
  map: LinearND,
  n: number,
  i: number,
  vec: (j: number) => void,
  scalar = false,
): void {
  const mul = () => (scalar ? b.op(OP.f64Mul) : b.simd(SIMD.f64x2Mul));
  const constant = (x: number) => (scalar ? b.f64(x) : b.f64x2(x));
  if (map.matrix === null && typeof a === 'number') {
    constant(a * map.scalar);
    vec(i);
    mul();
    return;
  }
  if (typeof a === 'number') constant(a);
  else a();
  if (map.matrix === null) {
    constant(map.scalar);
    mul();
    vec(i);
    mul();
    return;
  }
  times(b, map, n, i, vec, scalar);
  mul();
}

/** The locals of `hot`: per vector v, arrays over coordinates or target values. */
class HotLocals {
  readonly V: number;
  readonly q: number[][];
  readonly f: number[][];
  readonly y: number[][];
  readonly fp: number[][];
  readonly noise: number[][];
  /** Velocities (underdamped only). */
  readonly vel: number[][];
  readonly gq: number[][];
  readonly gn: number[][];
  readonly steps: number[];
  readonly nEnd: number[];
  readonly predictorFailed: number[];
  readonly failed: number[];
  readonly temps: number[][];
  readonly mask: number;
  readonly r1: number;
  readonly r2: number;
  readonly z: number;

  constructor(b: Body, groups: number, n: number, R: number, underdamped: boolean) {
    this.V = 2 * groups;
    const per = (count: number) =>
      Array.from({ length: this.V }, () => Array.from({ length: count }, () => b.local(V128)));
    const one = () => Array.from({ length: this.V }, () => b.local(V128));
    [this.q, this.f, this.y, this.fp, this.noise] = [per(n), per(n), per(n), per(n), per(n)];
    this.vel = underdamped ? per(n) : [];
    [this.gq, this.gn] = [per(R), per(R)];
    [this.steps, this.nEnd, this.predictorFailed, this.failed] = [one(), one(), one(), one()];
    this.temps = Array.from({ length: this.V }, () => []);
    [this.mask, this.r1, this.r2, this.z] = [0, 0, 0, 0].map(() => b.local(V128)) as [
      number,
      number,
      number,
      number,
    ];
  }
}

/**
 * kernelND.ts's `reflect` on local y (lo, hi the walls): mirrored, clamped if it overshoots; with
 * `vel`, that velocity is reversed where y was outside (BAOAB's specular reflection).
 */
function reflect(b: Body, h: HotLocals, y: number, lo: number, hi: number, vel?: number): void {
  if (vel !== undefined) {
    b.get(vel).simd(SIMD.f64x2Neg).get(vel);
    b.get(y).f64x2(lo).simd(SIMD.f64x2Lt).get(y).f64x2(hi).simd(SIMD.f64x2Gt).simd(SIMD.or);
    b.simd(SIMD.bitselect).set(vel);
  }
  b.f64x2(lo + lo)
    .get(y)
    .simd(SIMD.f64x2Sub)
    .set(h.r1);
  b.f64x2(hi).get(h.r1).get(h.r1).f64x2(hi).simd(SIMD.f64x2Gt).simd(SIMD.bitselect).set(h.r1);
  b.f64x2(hi + hi)
    .get(y)
    .simd(SIMD.f64x2Sub)
    .set(h.r2);
  b.f64x2(lo).get(h.r2).get(h.r2).f64x2(lo).simd(SIMD.f64x2Lt).simd(SIMD.bitselect).set(h.r2);
  b.get(h.r1).get(h.r2).get(y).get(y).f64x2(hi).simd(SIMD.f64x2Gt).simd(SIMD.bitselect);
  b.get(y).f64x2(lo).simd(SIMD.f64x2Lt).simd(SIMD.bitselect).set(y);
}

/** out ← lanes whose y0 + y1 + … is not finite (kernelND.ts's `finiteCheck`, same sum). */
function nonFinite(b: Body, h: HotLocals, ys: readonly number[], out: number): void {
  b.get(ys[0]!);
  for (let i = 1; i < ys.length; i++) b.get(ys[i]!).simd(SIMD.f64x2Add);
  b.tee(h.z).get(h.z).simd(SIMD.f64x2Sub).f64x2(0).simd(SIMD.f64x2Ne).set(out);
}

/**
 * y ← q − dt·Γ⁻¹(f [+ fp]) + noise, as kernelND.ts's predictor and corrector lines (Heun's
 * corrector with dt/2).
 */
function update(b: Body, k: OverdampedSpecND, h: HotLocals, v: number, corrector: boolean): void {
  const drift = (j: number) => {
    b.get(h.f[v]![j]!);
    if (corrector) b.get(h.fp[v]![j]!).simd(SIMD.f64x2Add);
  };
  for (let i = 0; i < k.n; i++) {
    b.get(h.q[v]![i]!);
    leftTimes(b, corrector ? k.dt / 2 : k.dt, k.mobility, k.n, i, drift);
    b.simd(SIMD.f64x2Sub);
    times(b, k.noise, k.n, i, (j) => b.get(h.noise[v]![j]!));
    b.simd(SIMD.f64x2Add).set(h.y[v]![i]!);
  }
}

/** Draws n normals for every lane, coordinate by coordinate (kernelND.ts's `noise`). */
function drawNoise(b: Body, n: number, h: HotLocals, lanes: Lanes, groups: number): void {
  for (let i = 0; i < n; i++) {
    for (let g = 0; g < groups; g++) {
      lanes.normals(g, () => {
        lanes.storeStates([g]);
        lanes.moveNormals(true, g);
        b.call(FIX);
        lanes.loadStates([g]);
        lanes.moveNormals(false, g);
      });
      b.get(lanes.g[2 * g]!).set(h.noise[2 * g]![i]!);
      b.get(lanes.g[2 * g + 1]!).set(h.noise[2 * g + 1]![i]!);
    }
  }
}

/**
 * kernelND.ts's BAOAB step of every vector, operation for operation: kick (B), drift (A) with
 * specular walls, the O-step into fp (kernelND.ts's w), drift again, n + 1, the finite check on
 * y and v, then ∇U(y) → f, the second kick and region(y) → gn. A lane that failed runs the rest
 * of the step on its non-finite values; `edge` then keeps its q, as the JavaScript kernel stops
 * before q ← y.
 */
function baoabStep(b: Body, k: UnderdampedSpecND, h: HotLocals): void {
  const { n } = k;
  const kick = k.dt / (2 * k.mass);
  const half = k.dt / 2;
  const axpy = (target: number, sign: 1 | -1, factor: number, other: number, from: number) =>
    b
      .get(from)
      .f64x2(factor)
      .get(other)
      .simd(SIMD.f64x2Mul)
      .simd(sign > 0 ? SIMD.f64x2Add : SIMD.f64x2Sub)
      .set(target);
  const drift = (v: number, i: number, from: number) => {
    axpy(h.y[v]![i]!, 1, half, h.vel[v]![i]!, from);
    reflect(b, h, h.y[v]![i]!, k.lo[i]!, k.hi[i]!, h.vel[v]![i]!);
  };
  for (let v = 0; v < h.V; v++) {
    for (let i = 0; i < n; i++) {
      axpy(h.vel[v]![i]!, -1, kick, h.f[v]![i]!, h.vel[v]![i]!);
      drift(v, i, h.q[v]![i]!);
    }
    for (let i = 0; i < n; i++) {
      times(b, k.damping, n, i, (j) => b.get(h.vel[v]![j]!));
      times(b, k.spread, n, i, (j) => b.get(h.noise[v]![j]!));
      b.simd(SIMD.f64x2Add).set(h.fp[v]![i]!);
    }
    for (let i = 0; i < n; i++) b.get(h.fp[v]![i]!).set(h.vel[v]![i]!);
    for (let i = 0; i < n; i++) drift(v, i, h.y[v]![i]!);
    b.get(h.steps[v]!).f64x2(1).simd(SIMD.f64x2Add).set(h.steps[v]!);
    nonFinite(b, h, [...h.y[v]!, ...h.vel[v]!], h.failed[v]!);
  }
  emitProgramResults(b, k.gradient, h.y, h.temps, h.f);
  for (let v = 0; v < h.V; v++) {
    for (let i = 0; i < n; i++) axpy(h.vel[v]![i]!, -1, kick, h.f[v]![i]!, h.vel[v]![i]!);
  }
  emitProgramResults(b, k.region, h.y, h.temps, h.gn);
}

/**
 * The step of every vector up to the target's values at the new point: noise drawn; overdamped,
 * predictor (Heun: checked, reflected, ∇U there, corrector), n + 1, checked, reflected,
 * region(qn) → gn; underdamped, `baoabStep`.
 */
function step(b: Body, k: KernelSpecND, h: HotLocals, lanes: Lanes, groups: number): void {
  drawNoise(b, k.n, h, lanes, groups);
  if (k.dynamics === 'underdamped') {
    baoabStep(b, k, h);
    return;
  }
  for (let v = 0; v < h.V; v++) update(b, k, h, v, false);
  if (k.scheme === 'heun') {
    for (let v = 0; v < h.V; v++) {
      nonFinite(b, h, h.y[v]!, h.predictorFailed[v]!);
      for (let i = 0; i < k.n; i++) reflect(b, h, h.y[v]![i]!, k.lo[i]!, k.hi[i]!);
    }
    emitProgramResults(b, k.gradient, h.y, h.temps, h.fp);
    for (let v = 0; v < h.V; v++) update(b, k, h, v, true);
  }
  for (let v = 0; v < h.V; v++) {
    b.get(h.steps[v]!).f64x2(1).simd(SIMD.f64x2Add).set(h.steps[v]!);
    nonFinite(b, h, h.y[v]!, h.failed[v]!);
    for (let i = 0; i < k.n; i++) reflect(b, h, h.y[v]![i]!, k.lo[i]!, k.hi[i]!);
  }
  emitProgramResults(b, k.region, h.y, h.temps, h.gn);
}

/**
 * mask ← lanes for `edge`: failed, inside every condition, near a condition for the bridge (the
 * JavaScript test gq_k·gn_k < 24·lim_k for every k, its kv among them), or at the step limit.
 */
function events(b: Body, k: KernelSpecND, h: HotLocals): void {
  const { n } = k;
  const K = k.strict.length;
  for (let v = 0; v < h.V; v++) {
    b.get(h.failed[v]!);
    if (k.scheme === 'heun') b.get(h.predictorFailed[v]!).simd(SIMD.or);
    k.strict.forEach((strict, j) => {
      b.get(h.gn[v]![j]!)
        .f64x2(0)
        .simd(strict ? SIMD.f64x2Gt : SIMD.f64x2Ge);
      if (j > 0) b.simd(SIMD.and);
    });
    b.simd(SIMD.or);
    if (k.dynamics === 'overdamped' && k.bridge) {
      for (let j = 0; j < K; j++) {
        const dg = (i: number) => b.get(h.gq[v]![K + j * n + i]!);
        b.get(h.gq[v]![j]!).get(h.gn[v]![j]!).simd(SIMD.f64x2Mul);
        b.f64x2(24).f64x2(k.D * k.dt);
        // kernelND.ts's w2 = Σ_i ∂_i g · (Γ⁻¹∇g)_i, written `dg_i * times(i, …)`.
        for (let i = 0; i < n; i++) {
          leftTimes(b, () => dg(i), k.mobility, n, i, dg);
          if (i > 0) b.simd(SIMD.f64x2Add);
        }
        b.simd(SIMD.f64x2Mul).simd(SIMD.f64x2Mul).simd(SIMD.f64x2Lt).simd(SIMD.or);
      }
    }
    b.get(h.steps[v]!).get(h.nEnd[v]!).simd(SIMD.f64x2Ge).simd(SIMD.or);
    if (v > 0) b.get(h.mask).simd(SIMD.or);
    b.set(h.mask);
  }
}

/** Locals ↔ memory for the per-lane arrays `edge` reads and the driver sets. */
function move(b: Body, lay: LayoutND, store: boolean, pairs: [number, number[][]][]): void {
  for (const [base, vectors] of pairs) {
    vectors.forEach((components, v) => {
      components.forEach((local, c) => {
        if (store)
          b.i32(0)
            .get(local)
            .vstore(lay.vector(base, c, v));
        else
          b.i32(0)
            .vload(lay.vector(base, c, v))
            .set(local);
      });
    });
  }
}

const single = (locals: number[]) => locals.map((l) => [l]);

/**
 * `hot(maxSteps) → 1 | 0`: steps every lane from the state in memory until `edge` gives some
 * lane a code (1: see the code array) or maxSteps steps have passed (0); the state goes back to
 * memory either way.
 */
function hotFunction(k: KernelSpecND, lay: LayoutND, groups: number): Body {
  const b = new Body([I32]);
  const R = k.strict.length * (k.n + 1);
  const lanes = new Lanes(b, groups);
  const underdamped = k.dynamics === 'underdamped';
  const h = new HotLocals(b, groups, k.n, R, underdamped);
  const counter = b.local(I32);
  // Underdamped walkers carry v; their target values at q serve no bridge and are not kept.
  const velocities: [number, number[][]][] = underdamped ? [[lay.v, h.vel]] : [];
  lanes.loadStates();
  move(b, lay, false, [
    [lay.q, h.q],
    ...velocities,
    [lay.n, single(h.steps)],
    [lay.nEnd, single(h.nEnd)],
  ]);
  emitProgramResults(b, k.gradient, h.q, h.temps, h.f);
  if (!underdamped) emitProgramResults(b, k.region, h.q, h.temps, h.gq);
  b.op(OP.loop, 0x40);
  step(b, k, h, lanes, groups);
  events(b, k, h);
  b.get(h.mask).simd(SIMD.anyTrue).op(OP.if, 0x40);
  lanes.storeStates();
  move(b, lay, true, [
    [lay.q, h.q],
    [lay.qn, h.y],
    ...velocities,
    ...(underdamped ? [] : ([[lay.gq, h.gq]] as [number, number[][]][])),
    [lay.gn, h.gn],
    [lay.n, single(h.steps)],
    [lay.predictorFailed, single(h.predictorFailed)],
    [lay.failed, single(h.failed)],
  ]);
  b.call(EDGE).op(OP.if, 0x40).i32(1).op(OP.return, OP.end);
  lanes.loadStates();
  b.op(OP.end);
  for (let v = 0; v < h.V; v++) {
    for (let i = 0; i < k.n; i++) b.get(h.y[v]![i]!).set(h.q[v]![i]!);
    if (!underdamped) for (let j = 0; j < R; j++) b.get(h.gn[v]![j]!).set(h.gq[v]![j]!);
  }
  // BAOAB has ∇U at the new point already (its second kick needs it).
  if (!underdamped) emitProgramResults(b, k.gradient, h.q, h.temps, h.f);
  b.get(counter).i32(1).op(OP.i32Add).tee(counter).get(0).op(OP.i32GeU, OP.if, 0x40);
  lanes.storeStates();
  move(b, lay, true, [[lay.q, h.q], ...velocities, [lay.n, single(h.steps)]]);
  b.i32(0).op(OP.return, OP.end);
  b.br(OP.br, 0).op(OP.end);
  b.i32(0);
  return b;
}

/** Emits kernelND.ts's `violations` of lane l's values at `base`: −2, −1 or the one k. */
function violations(b: Body, lay: LayoutND, strict: readonly boolean[], base: number, l: number) {
  const [count, which] = [b.local(I32), b.local(I32)];
  return () => {
    b.i32(0).set(count).i32(-1).set(which);
    strict.forEach((s, k) => {
      b.get(l)
        .i32(3)
        .op(OP.i32Shl)
        .mem(OP.f64Load, base + 8 * k * lay.lanes, 3);
      b.f64(0).op(s ? OP.f64Gt : OP.f64Ge, OP.i32Eqz, OP.if, 0x40);
      b.get(count).i32(1).op(OP.i32Add).set(count).i32(k).set(which).op(OP.end);
    });
    // count = 0 ? −2 : (count = 1 ? which : −1)
    b.i32(-2).get(which).i32(-1).get(count).i32(1).op(OP.i32Eq, OP.select);
    b.get(count).op(OP.i32Eqz, OP.select);
  };
}

/**
 * The bridge draw of lane l outside condition kv only (kernelND.ts's `overdampedAbsorb`):
 * gg = g(q)·g(qn), lim = D dt Σ_i ∂_i g·(Γ⁻¹∇g)_i; when gg < 24·lim a uniform from the lane's
 * stream, absorbed (code ← 1) when it falls below exp(−gg/lim).
 */
function bridgeDraw(
  b: Body,
  k: OverdampedSpecND,
  lay: LayoutND,
  l: number,
  kv: number,
  code: number,
) {
  const K = k.strict.length;
  const [at, gg, lim] = [b.local(I32), b.local(F64), b.local(F64)];
  const lane8 = () => b.get(l).i32(3).op(OP.i32Shl);
  // at = 8·(kv·lanes + l): value kv of lane l; then 8·((K + kv·n)·lanes + l): its gradient.
  b.get(kv).i32(lay.lanes).op(OP.i32Mul).get(l).op(OP.i32Add).i32(3).op(OP.i32Shl).set(at);
  b.get(at).mem(OP.f64Load, lay.gq, 3).get(at).mem(OP.f64Load, lay.gn, 3).op(OP.f64Mul).set(gg);
  b.get(kv)
    .i32(k.n)
    .op(OP.i32Mul)
    .i32(K)
    .op(OP.i32Add)
    .i32(lay.lanes)
    .op(OP.i32Mul)
    .i32(3)
    .op(OP.i32Shl);
  lane8().op(OP.i32Add).set(at);
  b.f64(k.D * k.dt);
  const dg = (i: number) => b.get(at).mem(OP.f64Load, lay.gq + 8 * i * lay.lanes, 3);
  for (let i = 0; i < k.n; i++) {
    leftTimes(b, () => dg(i), k.mobility, k.n, i, dg, true);
    if (i > 0) b.op(OP.f64Add);
  }
  b.op(OP.f64Mul).set(lim);
  b.get(gg).f64(24).get(lim).op(OP.f64Mul, OP.f64Lt, OP.if, 0x40);
  b.get(l).call(NEXT).op(OP.f64ConvertI32U).f64(0.5).op(OP.f64Add);
  b.f64(2.3283064365386963e-10).op(OP.f64Mul);
  b.get(gg).op(OP.f64Neg).get(lim).op(OP.f64Div).call(FN.exp!);
  b.op(OP.f64Lt, OP.if, 0x40).i32(1).set(code).op(OP.end);
  b.op(OP.end);
}

/**
 * `edge() → any code`: every lane in kernelND.ts's order — Heun's predictor non-finite (the step
 * not counted), non-finite, inside every condition, the bridge draw — then q ← qn for a lane
 * that did not fail, and the step limit last. Codes: 1 absorbed, 2 failed, 3 at its end.
 */
function edgeFunction(k: KernelSpecND, lay: LayoutND): Body {
  const b = new Body([]);
  const [l, code, any, kv] = [b.local(I32), b.local(I32), b.local(I32), b.local(I32)];
  const lane8 = () => b.get(l).i32(3).op(OP.i32Shl);
  const atQn = violations(b, lay, k.strict, lay.gn, l);
  const atQ = violations(b, lay, k.strict, lay.gq, l);
  b.op(OP.block, 0x40, OP.loop, 0x40);
  b.get(l).i32(lay.lanes).op(OP.i32GeU).br(OP.brIf, 1);
  b.i32(0).set(code);
  b.op(OP.block, 0x40);
  if (k.scheme === 'heun') {
    lane8().mem(OP.i32Load, lay.predictorFailed, 2).op(OP.if, 0x40);
    lane8().get(l).i32(3).op(OP.i32Shl).mem(OP.f64Load, lay.n, 3).f64(1).op(OP.f64Sub);
    b.mem(OP.f64Store, lay.n, 3);
    b.i32(2).set(code).br(OP.br, 1).op(OP.end);
  }
  lane8().mem(OP.i32Load, lay.failed, 2).op(OP.if, 0x40);
  b.i32(2).set(code).br(OP.br, 1).op(OP.end);
  atQn();
  b.tee(kv).i32(-2).op(OP.i32Eq, OP.if, 0x40).i32(1).set(code);
  if (k.dynamics === 'overdamped' && k.bridge) {
    b.op(OP.else);
    b.get(kv).i32(0).op(OP.i32GeS, OP.if, 0x40);
    atQ();
    b.get(kv).op(OP.i32Eq, OP.if, 0x40);
    bridgeDraw(b, k, lay, l, kv, code);
    b.op(OP.end, OP.end);
  }
  b.op(OP.end);
  for (let i = 0; i < k.n; i++) {
    lane8()
      .get(l)
      .i32(3)
      .op(OP.i32Shl)
      .mem(OP.f64Load, lay.qn + 8 * i * lay.lanes, 3);
    b.mem(OP.f64Store, lay.q + 8 * i * lay.lanes, 3);
  }
  b.get(code).op(OP.i32Eqz, OP.if, 0x40);
  lane8().mem(OP.f64Load, lay.n, 3);
  lane8().mem(OP.f64Load, lay.nEnd, 3);
  b.op(OP.f64Ge, OP.if, 0x40).i32(3).set(code).op(OP.end, OP.end);
  b.op(OP.end);
  lane8().get(code).mem(OP.i32Store, lay.code, 2);
  b.get(any).get(code).op(OP.i32Or).set(any);
  b.get(l).i32(1).op(OP.i32Add).set(l).br(OP.br, 0);
  b.op(OP.end, OP.end);
  b.get(any);
  return b;
}

/** A step's constant map: finite, n × n when a matrix (kernelND.ts forms them; checked here). */
function checkLinear(map: LinearND, n: number): void {
  const values = map.matrix ?? [map.scalar];
  if (!(values.length === (map.matrix ? n * n : 1) && values.every(Number.isFinite))) {
    refuse('friction', 'a step constant is not finite or not n × n');
  }
}

/** The module of one N-D configuration: `hot` and its helpers `next`, `edge`, `slow`, `fix`. */
export function kernelModuleBytesND(k: KernelSpecND, groups: number): Uint8Array {
  if (!Number.isInteger(groups) || groups < 1 || groups > MAX_GROUPS_ND) {
    throw new RangeError(`lane groups must be 1 … ${MAX_GROUPS_ND}`);
  }
  const K = k.strict.length;
  checkProgramND('gradient.program', k.gradient, k.n, k.n);
  checkProgramND('target.source.program', k.region, k.n, K * (k.n + 1));
  const maps = k.dynamics === 'overdamped' ? [k.mobility, k.noise] : [k.damping, k.spread];
  for (const map of maps) checkLinear(map, k.n);
  const lanes = 4 * groups;
  const lay = new LayoutND(lanes, k.n, K * (k.n + 1));
  return encodeModule({
    imports: IMPORTS,
    memoryPages: lay.pages,
    functions: [
      { type: { params: [I32], results: [I32] }, body: nextFunction(lanes) },
      { type: { params: [], results: [I32] }, body: edgeFunction(k, lay) },
      { type: { params: [I32, I32], results: [F64] }, body: slowFunction() },
      { type: { params: [], results: [] }, body: fixFunction(lanes) },
      { type: { params: [I32], results: [I32] }, body: hotFunction(k, lay, groups), export: 'hot' },
    ],
  });
}
