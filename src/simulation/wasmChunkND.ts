import { KramersError } from '../core/index.js';
import { deriveStreamSeed, normalOf } from './rng.js';
import type { ChunkResultND } from './typesND.js';
import { finishedPrefix } from './wasmChunk.js';
import { LAYOUT, MATH_FUNCTIONS, writeZigguratTable } from './wasmKernel.js';
import { type KernelSpecND, kernelModuleBytesND, LayoutND } from './wasmKernelND.js';
import { wasmApi, wasmSimdAvailable } from './wasmLanes.js';

/** Steps per `hot` call at most, so that an abort is seen within a few milliseconds. */
const MAX_STEPS_PER_CALL = 1 << 12;

/**
 * Lane groups of four walkers per module: one. Two groups keep twice the vectors live (n
 * coordinates, forces, noise and the target's values per vector) and were 3–9% slower in every
 * case of bench/simulationND.mjs (3-D Heun: 27.9 against 26.0 ns per walker-step; 42 against 26 in
 * a run at load 12).
 */
export const WASM_GROUPS_ND = 1;

const ABSORBED = 1;
const FAILED = 2;

/** One instance of an N-D module and its memory: the lanes' walkers are set and read here. */
export class LaneKernelND {
  readonly lanes: number;
  readonly layout: LayoutND;
  private readonly f64: Float64Array;
  private readonly i32: Int32Array;
  readonly hot: (maxSteps: number) => number;

  constructor(
    module: object,
    readonly spec: KernelSpecND,
    groups: number,
  ) {
    if (!wasmApi) throw new KramersError('usage', 'this runtime has no WebAssembly');
    this.lanes = 4 * groups;
    this.layout = new LayoutND(this.lanes, spec.n, spec.strict.length * (spec.n + 1));
    const memory = new wasmApi.Memory({ initial: this.layout.pages });
    writeZigguratTable(memory);
    this.f64 = new Float64Array(memory.buffer);
    this.i32 = new Int32Array(memory.buffer);
    const m = { memory, pow: Math.pow } as Record<string, unknown>;
    for (const name of MATH_FUNCTIONS) m[name] = Math[name as 'sin'];
    this.hot = new wasmApi.Instance(module, { m }).exports.hot as (maxSteps: number) => number;
  }

  private at(base: number, c: number, lane: number): number {
    return base / 8 + c * this.lanes + lane;
  }

  /** A lane's walker: generator state, position, velocity (underdamped), step count, step limit. */
  setLane(
    lane: number,
    s: Int32Array,
    q: ArrayLike<number>,
    v: ArrayLike<number>,
    nEnd: number,
  ): void {
    for (let w = 0; w < 4; w++) this.i32[LAYOUT.s / 4 + w * this.lanes + lane] = s[w]!;
    for (let i = 0; i < this.spec.n; i++) {
      this.f64[this.at(this.layout.q, i, lane)] = q[i]!;
      this.f64[this.at(this.layout.v, i, lane)] = v[i]!;
    }
    this.f64[this.at(this.layout.n, 0, lane)] = 0;
    this.f64[this.at(this.layout.nEnd, 0, lane)] = nEnd;
  }
  n(lane: number): number {
    return this.f64[this.at(this.layout.n, 0, lane)]!;
  }
  q(lane: number): number[] {
    return Array.from(
      { length: this.spec.n },
      (_, i) => this.f64[this.at(this.layout.q, i, lane)]!,
    );
  }
  /** The code `edge` left for a lane (it writes every lane's each time it runs). */
  code(lane: number): number {
    return this.i32[this.layout.code / 4 + 2 * lane]!;
  }
}

/** Compiled modules by configuration (a worker keeps the last few of a run). */
const modules = new Map<string, object>();

/** The lanes for a configuration, compiled once per worker and instantiated per call. */
export function laneKernelND(key: string, spec: KernelSpecND, groups: number): LaneKernelND {
  if (!wasmApi || !wasmSimdAvailable()) {
    throw new KramersError('usage', 'engine wasm: this runtime has no WebAssembly SIMD');
  }
  const full = `${groups}|${key}`;
  let module = modules.get(full);
  if (module === undefined) {
    module = new wasmApi.Module(kernelModuleBytesND(spec, groups));
    if (modules.size >= 8) modules.delete(modules.keys().next().value!);
    modules.set(full, module);
  }
  return new LaneKernelND(module, spec, groups);
}

/** Per-walker outcomes, filled in whatever order the lanes finish. */
class OutcomesND {
  readonly times: Float64Array;
  readonly censored: Uint8Array;
  readonly finished: Uint8Array;
  readonly steps: Float64Array;
  readonly failed: Uint8Array;
  failure: ChunkResultND['failure'];
  failureWalker = Number.POSITIVE_INFINITY;

  constructor(walkers: number) {
    this.times = new Float64Array(walkers);
    this.censored = new Uint8Array(walkers);
    this.finished = new Uint8Array(walkers);
    this.steps = new Float64Array(walkers);
    this.failed = new Uint8Array(walkers);
  }

  /** The walkers 0 … done − 1 that all finished (the JavaScript engine's contract). */
  result(): ChunkResultND {
    const { done, aborted, cut } = finishedPrefix(this.finished);
    let steps = 0;
    let failed = 0;
    for (let i = 0; i < done; i++) {
      steps += this.steps[i]!;
      failed += this.failed[i]!;
    }
    const failure = this.failureWalker < done ? this.failure : undefined;
    return {
      engine: 'wasm',
      times: cut(this.times),
      censored: cut(this.censored),
      steps,
      ...(failure ? { failure } : {}),
      failed,
      aborted,
    };
  }
}

/** The run's numbers the driver needs beside the module's. */
export interface LaneRunND {
  readonly seed: number;
  readonly dynamics: 'overdamped' | 'underdamped';
  readonly D: number;
  readonly mass: number;
  readonly dt: number;
  readonly tMax: number;
  readonly start: ArrayLike<number>;
}

/**
 * `runChunkND` on the WebAssembly lanes: they take walkers in index order, each lane that
 * finishes takes the next, idle lanes park at the start with no step limit. Walker i draws from
 * deriveStreamSeed(seed, i) only — underdamped, first its start velocity √(D/m)·ξ per coordinate
 * here, as kernelND.ts does — so its time is the JavaScript engine's bit for bit.
 */
export function runChunkNDOnLanes(
  kernel: LaneKernelND,
  run: LaneRunND,
  firstWalker: number,
  walkers: number,
  signal?: { aborted: boolean },
): ChunkResultND {
  const { dt, tMax } = run;
  const nTotal = Math.ceil(tMax / dt - 1e-9);
  const out = new OutcomesND(walkers);
  const walkerOf = new Int32Array(kernel.lanes).fill(-1);
  const s = new Int32Array(4);
  const v = new Float64Array(run.start.length);
  const thermalSpeed = Math.sqrt(run.D / run.mass);
  let next = 0;
  const assign = (lane: number) => {
    const w = next < walkers ? next++ : -1;
    walkerOf[lane] = w;
    v.fill(0);
    if (w >= 0) {
      s.set(deriveStreamSeed(run.seed, firstWalker + w));
      if (run.dynamics === 'underdamped') {
        for (let i = 0; i < v.length; i++) v[i] = thermalSpeed * normalOf(s);
      }
    }
    kernel.setLane(lane, s, run.start, v, w >= 0 ? nTotal : Number.POSITIVE_INFINITY);
  };
  for (let lane = 0; lane < kernel.lanes; lane++) assign(lane);
  let finished = 0;
  while (finished < walkers && !signal?.aborted) {
    if (kernel.hot(MAX_STEPS_PER_CALL) === 0) continue;
    for (let lane = 0; lane < kernel.lanes; lane++) {
      const code = kernel.code(lane);
      if (code === 0) continue;
      const w = walkerOf[lane]!;
      if (w >= 0) {
        finish(out, w, code, kernel, lane, run, firstWalker);
        finished++;
      }
      assign(lane);
    }
  }
  return out.result();
}

function finish(
  out: OutcomesND,
  w: number,
  code: number,
  kernel: LaneKernelND,
  lane: number,
  run: LaneRunND,
  firstWalker: number,
): void {
  const n = kernel.n(lane);
  out.finished[w] = 1;
  out.steps[w] = n;
  out.times[w] = code === ABSORBED || code === FAILED ? n * run.dt : run.tMax;
  if (code === ABSORBED) return;
  out.censored[w] = 1;
  if (code !== FAILED) return;
  out.failed[w] = 1;
  if (w < out.failureWalker) {
    out.failureWalker = w;
    out.failure = {
      walker: firstWalker + w,
      t: n * run.dt,
      x: kernel.q(lane),
      reason: 'non-finite position or velocity: the force overflowed or dt is too large',
    };
  }
}
