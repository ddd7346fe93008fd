import { KramersError } from '../core/index.js';
import { compileSource, type ResolvedConfig, resolveConfig } from './config.js';
import { simulationEngine } from './engine.js';
import { clockedForceSource } from './hoist.js';
import {
  deriveStreamSeed,
  normalOf,
  openUniform,
  ZIGGURAT_KN,
  ZIGGURAT_WN,
  zigguratSlow,
} from './rng.js';
import type { ChunkRequest, ChunkResult, FunctionSource } from './types.js';
import { runChunkOnLanes } from './wasmChunk.js';
import { checkProgram } from './wasmKernel.js';
import { type LaneKernel, laneKernel } from './wasmLanes.js';

/**
 * Lane groups of four walkers per WebAssembly kernel. Measured on chunks of 128 walkers (CPU ns per
 * walker-step, 1 / 2 / 4 groups): Euler–Maruyama 5.4 / 5.9 / 6.8, Heun 6.7 / 6.9 / 7.4, BAOAB
 * 6.3 / 6.5 / 7.1 — more lanes idle longer at the end of a chunk (its last, longest walkers).
 */
export const WASM_GROUPS = 1;
/**
 * Walkers one WebAssembly kernel runs side by side: a job of fewer leaves lanes idle, so studies
 * that make one job per long trajectory batch this many instead.
 */
export const WASM_LANES = 4 * WASM_GROUPS;

/**
 * Advances one walker until it is absorbed (returns 1), meets a non-finite state (2) or reaches
 * step nEnd (0). `s`: xoshiro128** state (int32 words), `st`: [x, v, step count].
 */
type BlockKernel = (s: Int32Array, st: Float64Array, nEnd: number) => number;

/**
 * Steps per kernel call. Walkers run one after another, each in calls of at most this many steps:
 * a small hot function called often stays optimised (docs/stack.md: one long block kernel drifted
 * into deoptimise/re-optimise cycles).
 */
export const BLOCK = 4096;

/** A finite number as a JavaScript literal (inputs are validated finite numbers). */
export function literal(value: number): string {
  if (!Number.isFinite(value)) {
    throw new KramersError('not_finite', `kernel constant is not finite: ${value}`);
  }
  return `(${String(value)})`;
}

/**
 * One xoshiro128** step on the locals s0..s3, leaving the int32 output in `u`; the same
 * arithmetic as `nextInt32` so kernels and `normal` share one sequence.
 */
export const XOSHIRO = `m = Math.imul(s1, 5); u = Math.imul((m << 7) | (m >>> 25), 9);
    t = s1 << 9; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = (s3 << 11) | (s3 >>> 21);`;

/** Ziggurat fast path inline; the rare slow path runs on the state array. */
export const NORMAL = `${XOSHIRO}
    iz = u & 127; j = u >> 7;
    if ((j < 0 ? -j : j) < kn[iz]) { g = j * wn[iz]; } else {
      s[0] = s0; s[1] = s1; s[2] = s2; s[3] = s3;
      g = slow(s, u);
      s0 = s[0]; s1 = s[1]; s2 = s[2]; s3 = s[3];
    }`;

/** Uniform in (0, 1) into `w`. */
export const UNIFORM = `${XOSHIRO}
    w = ((u >>> 0) + 0.5) * 2.3283064365386963e-10;`;

/**
 * Absorption test for an overdamped step x → xn. With bridge monitoring, a step that ends inside
 * still absorbs with the probability that the Brownian bridge between the samples crossed the
 * boundary, exp(−2 d d′ / σ²), σ² = 2 D dt/γ (Gobet 2000). The uniform is drawn only when that
 * probability exceeds e^{−24}, so far from the boundary no random numbers are spent.
 */
function overdampedAbsorb(c: ResolvedConfig): string {
  const variance = (2 * c.D * c.dt) / c.gamma;
  const bridge = c.monitoring === 'bridge';
  const parts: string[] = [];
  const side = (beyond: string, d: string): string =>
    `if (${beyond}) { x = xn; code = 1; break; }` +
    (bridge
      ? `
    dd = ${d};
    if (dd < ${literal(12 * variance)}) {
      ${UNIFORM}
      if (w < Math.exp(-dd * ${literal(2 / variance)})) { x = xn; code = 1; break; }
    }`
      : '');
  if (c.below !== undefined) {
    const b = literal(c.below);
    parts.push(side(`xn <= ${b}`, `(x - ${b}) * (xn - ${b})`));
  }
  if (c.above !== undefined) {
    const a = literal(c.above);
    parts.push(side(`xn >= ${a}`, `(${a} - x) * (${a} - xn)`));
  }
  return parts.join('\n    ');
}

function underdampedAbsorb(c: ResolvedConfig): string {
  const parts: string[] = [];
  if (c.below !== undefined) parts.push(`if (x <= ${literal(c.below)}) { code = 1; break; }`);
  if (c.above !== undefined) parts.push(`if (x >= ${literal(c.above)}) { code = 1; break; }`);
  return parts.join('\n    ');
}

/**
 * How the kernel calls the force: `call(x, k)` is the force at x and t = (n + k)·dt, `clock(k)` the
 * statements to run first at each new time point ('' where the force has no clock). A driven
 * force with a program computes its time-only steps once per time point (hoist.ts); without a
 * program, or with `hoist` off (the tests' switch), every call evaluates the whole force.
 */
interface ForceCalls {
  readonly definition: string;
  readonly declarations: string;
  readonly clock: (k: number) => string;
  readonly call: (x: string, k: number) => string;
}

function forceCalls(c: ResolvedConfig, force: FunctionSource, hoist: boolean): ForceCalls {
  const timed = force.params.length === 2;
  const time = (k: number) => `(n + ${k}) * ${literal(c.dt)}`;
  if (timed && hoist && force.program?.variables === 2) {
    const f = clockedForceSource(checkProgram(force.program, 2));
    return {
      definition: `function force(${f.params.join(', ')}) {\n${f.body}\n}`,
      declarations: `let now = 0.0; ${f.declarations}`,
      clock: (k) => f.clock(time(k)),
      call: (x) => `force(${f.call(x)})`,
    };
  }
  return {
    definition: `function force(${force.params.join(', ')}) {\n${force.body}\n}`,
    declarations: '',
    clock: () => '',
    call: (x, k) => `force(${x}${timed ? `, ${time(k)}` : ''})`,
  };
}

/** The kernel source for one configuration: force body, constants and scheme inlined. */
export function kernelSource(c: ResolvedConfig, force: FunctionSource, hoist = true): string {
  // A time-dependent force U′(x, t) is called at t = (n + k)·dt, n the step count of this walker
  // (every walker starts at t = 0): the drive phase is the same for all walkers.
  const F = forceCalls(c, force, hoist);
  const head = `'use strict';
${F.definition}
return function block(s, st, nEnd) {
  let s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3];
  let m = 0, u = 0, t = 0, iz = 0, j = 0, g = 0.0, w = 0.0, dd = 0.0;
  let x = st[0], v = st[1], n = st[2];
  ${F.declarations}
  ${F.clock(0)}
  let f = ${F.call('x', 0)};
  let code = 0;
  while (n < nEnd) {
    ${NORMAL}`;
  const tail = `
  }
  s[0] = s0; s[1] = s1; s[2] = s2; s[3] = s3;
  st[0] = x; st[1] = v; st[2] = n;
  return code;
};`;
  let body: string;
  if (c.dynamics === 'overdamped') {
    // γ dx = −U′ dt + √(2γD) dW  ⇒  dx = −(U′/γ) dt + √(2D/γ) dW   (docs/conventions.md §0).
    const a = literal(c.dt / c.gamma);
    const b = literal(Math.sqrt((2 * c.D * c.dt) / c.gamma));
    // Heun's predictor force and the step's closing force are both taken at t_{n+1}: one clock.
    const heun = c.scheme === 'heun';
    const update = heun
      ? // Stochastic Heun (predictor–corrector, same increment in both stages): weak order 2
        // for additive noise (Kloeden & Platen 1992, §15.1; Rümelin, SIAM J. Numer. Anal. 1982).
        `${F.clock(1)}
    const xp = x - ${a} * f + ${b} * g;
    const xn = x - ${literal(c.dt / c.gamma / 2)} * (f + ${F.call('xp', 1)}) + ${b} * g;`
      : `const xn = x - ${a} * f + ${b} * g;`;
    body = `${update}
    n++;
    if (!(xn - xn === 0)) { x = xn; code = 2; break; }
    ${overdampedAbsorb(c)}
    x = xn;
    ${heun ? '' : F.clock(0)}
    f = ${F.call('x', 0)};`;
  } else if (c.scheme === 'baoab') {
    // BAOAB (Leimkuhler & Matthews, Appl. Math. Res. Express 2013): half kick, half drift, exact
    // Ornstein–Uhlenbeck velocity update, half drift, half kick. One force evaluation per step.
    const c1 = Math.exp((-c.gamma * c.dt) / c.mass);
    const c2 = Math.sqrt((c.D / c.mass) * (1 - c1 * c1));
    const kick = literal(c.dt / (2 * c.mass));
    const drift = literal(c.dt / 2);
    body = `v -= ${kick} * f;
    x += ${drift} * v;
    v = ${literal(c1)} * v + ${literal(c2)} * g;
    x += ${drift} * v;
    ${F.clock(1)}
    f = ${F.call('x', 1)};
    v -= ${kick} * f;
    n++;
    const z = x + v;
    if (!(z - z === 0)) { code = 2; break; }
    ${underdampedAbsorb(c)}`;
  } else {
    // Euler–Maruyama for dx = v dt, m dv = −U′ dt − γ v dt + √(2γD) dW.
    const h = literal(c.dt);
    const k = literal(c.dt / c.mass);
    const sigma = literal(Math.sqrt(2 * c.gamma * c.D * c.dt) / c.mass);
    body = `const xn = x + ${h} * v;
    v += -${k} * (f + ${literal(c.gamma)} * v) + ${sigma} * g;
    x = xn;
    ${F.clock(1)}
    f = ${F.call('x', 1)};
    n++;
    const z = x + v;
    if (!(z - z === 0)) { code = 2; break; }
    ${underdampedAbsorb(c)}`;
  }
  return `${head}\n    ${body}${tail}`;
}

/** Builds the kernel: one generated function per potential and parameters, monomorphic inside. */
export function buildKernel(c: ResolvedConfig, force: FunctionSource, hoist = true): BlockKernel {
  const factory = new Function('kn', 'wn', 'slow', kernelSource(c, force, hoist)) as (
    kn: Int32Array,
    wn: Float64Array,
    slow: typeof zigguratSlow,
  ) => BlockKernel;
  return factory(ZIGGURAT_KN, ZIGGURAT_WN, zigguratSlow);
}

/** Cells of the inverse-CDF grid for a Boltzmann start. */
const START_CELLS = 4096;

/**
 * Inverse-CDF sampler of ∝ e^{−U/D} on [min, max]: trapezoid masses on a uniform grid, then a
 * uniform position inside the chosen cell (density error O(h), h = (max − min)/4096).
 */
export function boltzmannSampler(
  c: ResolvedConfig,
  potential: FunctionSource,
): (s: Int32Array) => number {
  const U = compileSource('potential', potential);
  const h = (c.startMax - c.startMin) / START_CELLS;
  const u = new Float64Array(START_CELLS + 1);
  let uMin = Number.POSITIVE_INFINITY;
  for (let k = 0; k <= START_CELLS; k++) {
    const value = U(c.startMin + k * h);
    if (!Number.isFinite(value)) {
      throw new KramersError(
        'not_finite',
        `potential is not finite at x = ${c.startMin + k * h} inside the Boltzmann start interval`,
        { issues: [{ path: 'start.boltzmann', message: 'U not finite on the start interval' }] },
      );
    }
    u[k] = value;
    if (value < uMin) uMin = value;
  }
  const cumulative = new Float64Array(START_CELLS + 1);
  // Weights e^{−(U − U_min)/D} ≤ 1: never form e^{−U/D} alone (docs/conventions.md §1).
  let previous = Math.exp(-(u[0]! - uMin) / c.D);
  for (let k = 1; k <= START_CELLS; k++) {
    const next = Math.exp(-(u[k]! - uMin) / c.D);
    cumulative[k] = cumulative[k - 1]! + 0.5 * (previous + next);
    previous = next;
  }
  const total = cumulative[START_CELLS]!;
  return (s) => {
    const target = openUniform(s) * total;
    let lo = 0;
    let hi = START_CELLS;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < target) lo = mid;
      else hi = mid;
    }
    return c.startMin + (lo + openUniform(s)) * h;
  };
}

/** The start sampler: the point, or inverse-CDF Boltzmann sampling on the start interval. */
export function sampleStartOf(
  c: ResolvedConfig,
  potential: FunctionSource,
): (s: Int32Array) => number {
  const point = c.startMin;
  return c.boltzmann ? boltzmannSampler(c, potential) : () => point;
}

interface Prepared {
  readonly config: ResolvedConfig;
  /** The JavaScript kernel, or the WebAssembly lanes (engine 'wasm'). */
  readonly kernel: BlockKernel | LaneKernel;
  readonly sampleStart: (s: Int32Array) => number;
}

/** The last kernel built, reused while a worker receives chunks of the same run. */
let cache: { key: string; prepared: Prepared } | undefined;

function prepare(request: ChunkRequest): Prepared {
  const config = resolveConfig(request.config);
  const key = JSON.stringify(request.config);
  if (cache?.key === key) return cache.prepared;
  const force = request.config.force;
  const kernel =
    simulationEngine(config, force) === 'wasm'
      ? laneKernel(key, config, force.program!, {
          groups: WASM_GROUPS,
          below: config.below !== undefined,
          above: config.above !== undefined,
        })
      : buildKernel(config, force);
  const sampleStart = sampleStartOf(config, request.config.potential);
  const prepared = { config, kernel, sampleStart };
  cache = { key, prepared };
  return prepared;
}

/** The walker range of a request: whole numbers, indices below 2^32. */
function checkWalkers(firstWalker: number, walkers: number): void {
  if (
    !Number.isInteger(firstWalker) ||
    firstWalker < 0 ||
    !Number.isInteger(walkers) ||
    walkers < 0
  ) {
    throw new KramersError(
      'invalid_parameter',
      'firstWalker and walkers must be whole numbers ≥ 0',
      {
        issues: [{ path: 'walkers', message: 'expected whole numbers ≥ 0' }],
      },
    );
  }
  if (firstWalker + walkers > 2 ** 32) {
    throw new KramersError('invalid_parameter', 'walker indices must stay below 2^32', {
      issues: [{ path: 'walkers', message: 'walker index ≥ 2^32' }],
    });
  }
}

/**
 * Runs walkers firstWalker … firstWalker + walkers − 1 to absorption or tMax. Pure and
 * deterministic: walker i draws only from its own xoshiro128** stream seeded by
 * deriveStreamSeed(seed, i) (start position, start velocity, then the noise), so any split into
 * chunks and any number of workers gives bit-identical times — on either engine (`engine`: the
 * WebAssembly lanes do the JavaScript kernel's arithmetic step for step, wasmKernel.ts).
 *
 * A walker absorbed at step n gets the time n·dt. `signal.aborted` is checked between walkers:
 * the chunk then returns the walkers finished so far (shorter arrays) with `aborted: true`.
 *
 * @throws KramersError for an invalid configuration (the parameter is named in `issues`).
 */
export function runChunk(request: ChunkRequest, signal?: { aborted: boolean }): ChunkResult {
  const { firstWalker, walkers } = request;
  checkWalkers(firstWalker, walkers);
  const { config, kernel, sampleStart } = prepare(request);
  const record = request.config.recordFinalState === true;
  if (typeof kernel !== 'function') {
    return runChunkOnLanes(kernel, config, sampleStart, firstWalker, walkers, record, signal);
  }
  return runChunkOnJs(kernel, config, sampleStart, firstWalker, walkers, record, signal);
}

/** `runChunk` on the JavaScript engine: one walker after another, in blocks of BLOCK steps. */
function runChunkOnJs(
  kernel: BlockKernel,
  config: ResolvedConfig,
  sampleStart: (s: Int32Array) => number,
  firstWalker: number,
  walkers: number,
  record: boolean,
  signal?: { aborted: boolean },
): ChunkResult {
  const { dt, tMax } = config;
  const nTotal = Math.ceil(tMax / dt - 1e-9);
  const underdamped = config.dynamics === 'underdamped';
  const thermalSpeed = Math.sqrt(config.D / config.mass);
  const times = new Float64Array(walkers);
  const censored = new Uint8Array(walkers);
  const finalX = record ? new Float64Array(walkers) : undefined;
  const finalV = record ? new Float64Array(walkers) : undefined;
  const st = new Float64Array(3);
  const s = new Int32Array(4);
  let steps = 0;
  let failed = 0;
  let failure: ChunkResult['failure'];
  let done = 0;
  for (; done < walkers; done++) {
    if (signal?.aborted) break;
    const walker = firstWalker + done;
    s.set(deriveStreamSeed(config.seed, walker));
    st[0] = sampleStart(s);
    st[1] = underdamped ? thermalSpeed * normalOf(s) : 0;
    st[2] = 0;
    let code = 0;
    while (code === 0 && st[2]! < nTotal) {
      code = kernel(s, st, Math.min(st[2]! + BLOCK, nTotal));
    }
    const n = st[2]!;
    steps += n;
    if (finalX && finalV) {
      finalX[done] = st[0]!;
      finalV[done] = st[1]!;
    }
    if (code === 1) {
      times[done] = n * dt;
    } else if (code === 2) {
      times[done] = n * dt;
      censored[done] = 1;
      failed++;
      failure ??= {
        walker,
        t: n * dt,
        x: st[0]!,
        reason: `non-finite ${underdamped ? 'position or velocity' : 'position'} (x = ${st[0]}, v = ${st[1]}): the force overflowed or dt is too large`,
      };
    } else {
      times[done] = tMax;
      censored[done] = 1;
    }
  }
  const aborted = done < walkers;
  return {
    engine: 'js',
    times: aborted ? times.slice(0, done) : times,
    censored: aborted ? censored.slice(0, done) : censored,
    steps,
    ...(failure ? { failure } : {}),
    failed,
    aborted,
    ...(finalX && finalV
      ? {
          finalX: aborted ? finalX.slice(0, done) : finalX,
          finalV: aborted ? finalV.slice(0, done) : finalV,
        }
      : {}),
  };
}
