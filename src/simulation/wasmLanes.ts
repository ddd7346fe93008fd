import type { ExpressionProgram } from '../core/index.js';
import { KramersError } from '../core/index.js';
import type { ResolvedConfig } from './config.js';
import {
  type KernelShape,
  kernelModuleBytes,
  LAYOUT,
  MATH_FUNCTIONS,
  MEMORY_PAGES,
  writeZigguratTable,
} from './wasmKernel.js';

/** The part of the WebAssembly JS API the kernels use (Node 20 and every current browser). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (
    module: object,
    imports: Record<string, Record<string, unknown>>,
  ) => { readonly exports: Record<string, unknown> };
  readonly Memory: new (descriptor: {
    initial: number;
  }) => { readonly buffer: ArrayBuffer; grow(pages: number): number };
  validate(bytes: Uint8Array): boolean;
}

/** This runtime's WebAssembly, or undefined: the lanes and the AMS excursion kernel share it. */
export const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
const api = wasmApi;

/** A module with one SIMD instruction (f64x2.splat of 0): validates where SIMD128 is there. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 15, 1, 13, 0, 68, 0, 0, 0, 0,
  0, 0, 0, 0, 253, 20, 11,
]);

let available: boolean | undefined;

/** Whether this runtime runs WebAssembly with 128-bit SIMD (Node ≥ 16.4, current browsers). */
export function wasmSimdAvailable(): boolean {
  if (available === undefined) {
    try {
      available = api?.validate(SIMD_PROBE) === true;
    } catch {
      available = false;
    }
  }
  return available;
}

/**
 * One instance of a generated kernel module and its memory: the lanes' state is read and written
 * here between `run` calls. The module imports the host's Math functions (and pow), so exp and
 * log in its ziggurat slow path and in force programs give the JavaScript engine's doubles.
 */
export class LaneKernel {
  readonly lanes: number;
  private readonly f64: Float64Array;
  private readonly i32: Int32Array;
  private readonly run: (maxSteps: number) => number;
  readonly fill: (count: number) => void;

  constructor(module: object, shape: KernelShape) {
    if (!api) throw new KramersError('usage', 'this runtime has no WebAssembly');
    this.lanes = 4 * shape.groups;
    const memory = new api.Memory({ initial: MEMORY_PAGES });
    this.f64 = new Float64Array(memory.buffer);
    this.i32 = new Int32Array(memory.buffer);
    writeZigguratTable(memory);
    const m = { memory, pow: Math.pow } as Record<string, unknown>;
    for (const name of MATH_FUNCTIONS) {
      m[name] = Math[name as 'sin'];
    }
    const instance = new api.Instance(module, { m });
    this.run = instance.exports.run as (maxSteps: number) => number;
    this.fill = instance.exports.fill as (count: number) => void;
  }

  /** Index (in int32 words) of state word w of a lane. */
  private word(w: number, lane: number): number {
    return LAYOUT.s / 4 + w * this.lanes + lane;
  }

  setState(lane: number, s: Int32Array): void {
    for (let w = 0; w < 4; w++) this.i32[this.word(w, lane)] = s[w]!;
  }
  getState(lane: number, s: Int32Array): void {
    for (let w = 0; w < 4; w++) s[w] = this.i32[this.word(w, lane)]!;
  }

  /** A lane's walker: position, velocity, step count and step limit, boundaries (±∞: none). */
  setLane(
    lane: number,
    x: number,
    v: number,
    n: number,
    nEnd: number,
    below: number,
    above: number,
  ) {
    const f = this.f64;
    f[LAYOUT.x / 8 + lane] = x;
    f[LAYOUT.v / 8 + lane] = v;
    f[LAYOUT.n / 8 + lane] = n;
    f[LAYOUT.nEnd / 8 + lane] = nEnd;
    f[LAYOUT.below / 8 + lane] = below;
    f[LAYOUT.above / 8 + lane] = above;
  }
  setEnd(lane: number, nEnd: number): void {
    this.f64[LAYOUT.nEnd / 8 + lane] = nEnd;
  }
  setBounds(lane: number, below: number, above: number): void {
    this.f64[LAYOUT.below / 8 + lane] = below;
    this.f64[LAYOUT.above / 8 + lane] = above;
  }
  x(lane: number): number {
    return this.f64[LAYOUT.x / 8 + lane]!;
  }
  v(lane: number): number {
    return this.f64[LAYOUT.v / 8 + lane]!;
  }
  n(lane: number): number {
    return this.f64[LAYOUT.n / 8 + lane]!;
  }
  code(lane: number): number {
    return this.i32[LAYOUT.code / 4 + lane]!;
  }
  clearCode(lane: number): void {
    this.i32[LAYOUT.code / 4 + lane] = 0;
  }
  /** Advances all lanes; true when some lane has a code (absorbed, failed, at its end). */
  advance(maxSteps: number): boolean {
    return this.run(maxSteps) !== 0;
  }
  /** Normals written by `fill` (rounds × lanes, round-major). */
  normals(rounds: number): Float64Array {
    // The output area is one 64 KiB page: 8192 doubles.
    if (!(Number.isInteger(rounds) && rounds >= 0 && rounds * this.lanes <= 8192)) {
      throw new RangeError(`normals: rounds must be whole and at most ${8192 / this.lanes}`);
    }
    this.fill(rounds);
    return this.f64.slice(LAYOUT.out / 8, LAYOUT.out / 8 + rounds * this.lanes);
  }
}

/** Compiled modules by configuration (a worker keeps the last few of a run). */
const modules = new Map<string, object>();

/** The kernel for a configuration, compiled once per worker and instantiated per call. */
export function laneKernel(
  key: string,
  c: ResolvedConfig,
  program: ExpressionProgram,
  shape: KernelShape,
): LaneKernel {
  if (!api || !wasmSimdAvailable()) {
    throw new KramersError('usage', 'engine wasm: this runtime has no WebAssembly SIMD');
  }
  const full = `${shape.groups}|${shape.below}|${shape.above}|${key}`;
  let module = modules.get(full);
  if (module === undefined) {
    module = new api.Module(kernelModuleBytes(c, program, shape));
    if (modules.size >= 8) modules.delete(modules.keys().next().value!);
    modules.set(full, module);
  }
  return new LaneKernel(module, shape);
}
