/**
 * Langevin walkers in n = 2…10 coordinates: generated kernels (overdamped Euler–Maruyama and
 * stochastic Heun, underdamped BAOAB) with scalar friction or a friction matrix, first passage into
 * a region {g_k(x) ≥ 0 for all k}, reflecting box walls, and the per-walker streams of the 1-D
 * engine (walker i draws only from deriveStreamSeed(seed, i): any split into chunks or workers
 * gives bit-identical times).
 */
import { KramersError, requireFinite, requirePositive } from '../core/index.js';
import { simulationEngineND } from './engine.js';
import { BLOCK, literal, NORMAL, UNIFORM } from './kernel.js';
import { deriveStreamSeed, normalOf, ZIGGURAT_KN, ZIGGURAT_WN, zigguratSlow } from './rng.js';
import type { FunctionSource, Scheme } from './types.js';
import type {
  ChunkRequestND,
  ChunkResultND,
  FrictionEigen,
  SimulationConfigND,
} from './typesND.js';
import { laneKernelND, runChunkNDOnLanes, WASM_GROUPS_ND } from './wasmChunkND.js';
import type { KernelSpecND } from './wasmKernelND.js';

/** The most coordinates a kernel is generated for (the problems' limit). */
const MAX_DIMENSION = 10;

/** A validated N-D configuration: matrices of Γ already formed, row by row. */
export interface ResolvedND {
  readonly n: number;
  readonly dynamics: 'overdamped' | 'underdamped';
  readonly scheme: Scheme;
  readonly D: number;
  readonly mass: number;
  readonly dt: number;
  readonly tMax: number;
  readonly start: Float64Array;
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly seed: number;
  readonly bridge: boolean;
  /** γ for isotropic friction, else null (then `eigen` holds Γ). */
  readonly gamma: number | null;
  readonly eigen: FrictionEigen | null;
}

function invalid(path: string, message: string): never {
  throw new KramersError('invalid_parameter', `${path}: ${message}`, {
    issues: [{ path, message }],
  });
}

/** Σ_k V_ik φ(λ_k) V_jk: a function of the symmetric friction matrix, row by row. */
function frictionFunction(e: FrictionEigen, n: number, phi: (lambda: number) => number): number[] {
  const out = new Array<number>(n * n).fill(0);
  for (let k = 0; k < n; k++) {
    const f = phi(e.values[k]!);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++)
        out[i * n + j]! += e.vectors[i * n + k]! * f * e.vectors[j * n + k]!;
    }
  }
  return out;
}

function checkFriction(friction: number | FrictionEigen, n: number) {
  if (typeof friction === 'number') {
    return { gamma: requirePositive('gamma', friction, 'friction coefficient'), eigen: null };
  }
  const ok =
    typeof friction === 'object' &&
    friction !== null &&
    Array.isArray(friction.values) &&
    Array.isArray(friction.vectors) &&
    friction.values.length === n &&
    friction.vectors.length === n * n &&
    friction.values.every((v) => Number.isFinite(v) && v > 0) &&
    friction.vectors.every((v) => Number.isFinite(v));
  if (!ok)
    invalid(
      'friction',
      `expected γ > 0 or Γ's ${n} positive eigenvalues and ${n}×${n} eigenvectors`,
    );
  // The columns must be orthonormal, or Γ's functions formed from them are not Γ's.
  const identity = frictionFunction(friction, n, () => 1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (Math.abs(identity[i * n + j]! - (i === j ? 1 : 0)) > 1e-9) {
        invalid('friction', 'the eigenvectors of Γ are not orthonormal');
      }
    }
  }
  return { gamma: null, eigen: friction };
}

function checkBoxAndStart(config: SimulationConfigND, n: number) {
  const box = config.box;
  if (!Array.isArray(box) || box.length !== n) invalid('box', `expected ${n} intervals`);
  const lo = Float64Array.from(box, (d, i) => requireFinite(`box[${i}].min`, d.min));
  const hi = Float64Array.from(box, (d, i) => requireFinite(`box[${i}].max`, d.max));
  if (!lo.every((v, i) => v < hi[i]!)) invalid('box', 'expected min < max on every coordinate');
  if (!Array.isArray(config.start) || config.start.length !== n) {
    invalid('start', `expected ${n} coordinates`);
  }
  const start = Float64Array.from(config.start, (v, i) => requireFinite(`start[${i}]`, v));
  if (!start.every((v, i) => v >= lo[i]! && v <= hi[i]!)) invalid('start', 'outside the box');
  return { lo, hi, start };
}

function checkScheme(config: SimulationConfigND): Scheme {
  const { dynamics } = config;
  if (dynamics !== 'overdamped' && dynamics !== 'underdamped') {
    invalid('dynamics', `expected 'overdamped' or 'underdamped', got ${String(dynamics)}`);
  }
  const scheme: Scheme = config.scheme ?? (dynamics === 'overdamped' ? 'heun' : 'baoab');
  const allowed = dynamics === 'overdamped' ? ['heun', 'euler-maruyama'] : ['baoab'];
  if (!allowed.includes(scheme)) {
    invalid('scheme', `${dynamics} walkers in several coordinates use ${allowed.join(' or ')}`);
  }
  return scheme;
}

/** Validates an N-D configuration (each bad parameter named in `issues`). */
export function resolveConfigND(config: SimulationConfigND): ResolvedND {
  if (typeof config !== 'object' || config === null) invalid('config', 'expected an object');
  const n = config.dimension;
  if (!Number.isInteger(n) || n < 2 || n > MAX_DIMENSION) {
    invalid('dimension', `expected 2 to ${MAX_DIMENSION} coordinates`);
  }
  const scheme = checkScheme(config);
  checkVectorSource('gradient', config.gradient);
  checkTarget(config);
  const D = requirePositive('D', config.D, 'noise intensity k_B T');
  const mass = requirePositive('mass', config.mass ?? 1, 'mass');
  const dt = requirePositive('dt', config.dt, 'time step');
  const tMax = requirePositive('tMax', config.tMax, 'censoring time');
  if (!(dt <= tMax)) invalid('dt', `time step ${dt} exceeds tMax = ${tMax}`);
  if (!(tMax / dt <= 2 ** 52)) invalid('tMax', 'tMax/dt exceeds 2^52 steps');
  if (!Number.isInteger(config.seed) || config.seed < 0 || config.seed > 0xffffffff) {
    invalid('seed', `expected a whole number in [0, 2^32), got ${config.seed}`);
  }
  const monitoring = config.monitoring ?? 'bridge';
  if (monitoring !== 'bridge' && monitoring !== 'discrete') {
    invalid('monitoring', `expected 'bridge' or 'discrete', got ${String(monitoring)}`);
  }
  const { gamma, eigen } = checkFriction(config.friction, n);
  if (config.engine !== undefined && config.engine !== 'js' && config.engine !== 'wasm') {
    invalid('engine', `expected 'js' or 'wasm', got ${String(config.engine)}`);
  }
  const dynamics = config.dynamics;
  const bridge = monitoring === 'bridge' && dynamics === 'overdamped';
  return {
    n,
    dynamics,
    scheme,
    D,
    mass,
    dt,
    tMax,
    seed: config.seed,
    bridge,
    gamma,
    eigen,
    ...checkBoxAndStart(config, n),
  };
}

function checkVectorSource(path: string, source: FunctionSource): void {
  const ok =
    typeof source === 'object' &&
    source !== null &&
    Array.isArray(source.params) &&
    source.params.length === 2 &&
    source.params[0] === 'p' &&
    source.params[1] === 'out' &&
    typeof source.body === 'string';
  if (!ok) invalid(path, "expected generated vector source { params: ['p', 'out'], body }");
}

function checkTarget(config: SimulationConfigND): void {
  const t = config.target;
  if (typeof t !== 'object' || t === null) invalid('target', 'expected target conditions');
  if (!Number.isInteger(t.count) || t.count < 1 || t.count > 64) {
    invalid('target.count', 'expected 1 to 64 conditions');
  }
  if (!Array.isArray(t.strict) || t.strict.length !== t.count) {
    invalid('target.strict', `expected ${t.count} flags`);
  }
  checkVectorSource('target.source', t.source);
}

/** Code for one component of M·vec (M a row-major constant matrix, or m·I when `scalar`). */
function times(
  i: number,
  n: number,
  matrix: readonly number[] | null,
  scalar: number,
  vec: (j: number) => string,
): string {
  if (matrix === null) return `${literal(scalar)} * ${vec(i)}`;
  const terms: string[] = [];
  for (let j = 0; j < n; j++) {
    const m = matrix[i * n + j]!;
    if (m !== 0) terms.push(`${literal(m)} * ${vec(j)}`);
  }
  return terms.length > 0 ? `(${terms.join(' + ')})` : '0';
}

export const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Mirrors local `y` at the walls of coordinate i (clamped if it overshoots the whole box). */
function reflect(y: string, c: ResolvedND, i: number, flip = ''): string {
  const lo = literal(c.lo[i]!);
  const hi = literal(c.hi[i]!);
  return `if (${y} < ${lo}) { ${y} = ${lo} + ${lo} - ${y};${flip} if (${y} > ${hi}) ${y} = ${hi}; } else if (${y} > ${hi}) { ${y} = ${hi} + ${hi} - ${y};${flip} if (${y} < ${lo}) ${y} = ${lo}; }`;
}

/** n standard normals into the locals g0 … g(n−1). */
function noise(n: number): string {
  return range(n)
    .map((i) => `${NORMAL}\n    g${i} = g;`)
    .join('\n    ');
}

/** A non-finite value among the locals: stop the walker (code 2). */
function finiteCheck(names: string[]): string {
  return `z = ${names.join(' + ')};
    if (!(z - z === 0)) { code = 2; break; }`;
}

/** The mobility Γ⁻¹ (null: scalar 1/γ) and the noise factor √(2D dt)·Γ^{−1/2} (null: scalar). */
function overdampedMatrices(c: ResolvedND) {
  const { n, D, dt, eigen, gamma } = c;
  if (eigen === null) {
    return {
      mobility: null,
      mu: 1 / gamma!,
      noiseMatrix: null,
      sigma: Math.sqrt((2 * D * dt) / gamma!),
    };
  }
  return {
    mobility: frictionFunction(eigen, n, (l) => 1 / l),
    mu: 1,
    noiseMatrix: frictionFunction(eigen, n, (l) => Math.sqrt((2 * D * dt) / l)),
    sigma: 1,
  };
}

/**
 * Absorption after an overdamped step q → qn. Inside every condition: absorbed. With bridge
 * monitoring, a step that ends outside exactly one condition k (and started outside that one
 * only) also absorbs with the probability that the Brownian bridge between the samples crossed
 * the surface g_k = 0, in the half-space approximation of the surface at q (Gobet, Stoch. Proc.
 * Appl. 2000; Mannella 1999): exp(−g_k(q) g_k(qn) / (D dt ∇g_kᵀΓ⁻¹∇g_k)), which is 1-D's
 * exp(−2 d d′/σ²) with d = g/|∇g| and σ² the noise variance 2D dt n̂ᵀΓ⁻¹n̂ along the normal.
 */
function overdampedAbsorb(c: ResolvedND, K: number): string {
  const { n } = c;
  const copy = range(n)
    .map((i) => `q[${i}] = qn[${i}];`)
    .join(' ');
  const absorb = `{ ${copy} code = 1; break; }`;
  if (!c.bridge) return `kv = violations(gn);\n    if (kv === -2) ${absorb}`;
  const { mobility, mu } = overdampedMatrices(c);
  const dg = (j: number) => `gq[${K} + kv * ${n} + ${j}]`;
  const w2 = range(n)
    .map((i) => `${dg(i)} * ${times(i, n, mobility, mu, dg)}`)
    .join(' + ');
  return `kv = violations(gn);
    if (kv === -2) ${absorb}
    if (kv >= 0 && violations(gq) === kv) {
      const gg = gq[kv] * gn[kv];
      const lim = ${literal(c.D * c.dt)} * (${w2});
      if (gg < 24 * lim) {
        ${UNIFORM}
        if (w < Math.exp(-gg / lim)) ${absorb}
      }
    }`;
}

/** One overdamped step: γ dx = −∇U dt + √(2γD) dW, Γ in place of γ (docs/conventions.md §0). */
export function overdampedBody(c: ResolvedND, K: number, accepted = ''): string {
  const { n, dt } = c;
  const { mobility, mu, noiseMatrix, sigma } = overdampedMatrices(c);
  const noiseOf = (i: number) => times(i, n, noiseMatrix, sigma, (j) => `g${j}`);
  const ys = range(n).map((i) => `y${i}`);
  const predictor = range(n)
    .map(
      (i) =>
        `y${i} = q[${i}] - ${literal(dt)} * ${times(i, n, mobility, mu, (j) => `f[${j}]`)} + ${noiseOf(i)};`,
    )
    .join('\n    ');
  let update = predictor;
  if (c.scheme === 'heun') {
    // Stochastic Heun (same increment in both stages): weak order 2 for additive noise
    // (Kloeden & Platen 1992, §15.1), as in one coordinate.
    const reflected = range(n).map((i) => `${reflect(`y${i}`, c, i)} xp[${i}] = y${i};`);
    const corrector = range(n).map(
      (i) =>
        `y${i} = q[${i}] - ${literal(dt / 2)} * ${times(i, n, mobility, mu, (j) => `(f[${j}] + fp[${j}])`)} + ${noiseOf(i)};`,
    );
    update = `${predictor}
    ${finiteCheck(ys)}
    ${reflected.join('\n    ')}
    grad(xp, fp);
    ${corrector.join('\n    ')}`;
  }
  return `${noise(n)}
    ${update}
    n++;
    ${finiteCheck(ys)}
    ${range(n)
      .map((i) => `${reflect(`y${i}`, c, i)} qn[${i}] = y${i};`)
      .join('\n    ')}
    region(qn, gn);
    ${overdampedAbsorb(c, K)}
    for (let i = 0; i < ${n}; i++) q[i] = qn[i];
    for (let i = 0; i < ${K * (n + 1)}; i++) gq[i] = gn[i];
    grad(q, f);${accepted}`;
}

/** BAOAB's O-step e^{−Γdt/m} (c1, or a1·I) and √(D/m)(1 − e^{−2Γdt/m})^{1/2} (c2, or a2·I). */
function underdampedMatrices(c: ResolvedND) {
  const { n, dt, mass, D, eigen, gamma } = c;
  const damp = (l: number) => Math.exp((-l * dt) / mass);
  const spread = (l: number) => Math.sqrt((D / mass) * -Math.expm1((-2 * l * dt) / mass));
  return {
    c1: eigen === null ? null : frictionFunction(eigen, n, damp),
    c2: eigen === null ? null : frictionFunction(eigen, n, spread),
    a1: eigen === null ? damp(gamma!) : 1,
    a2: eigen === null ? spread(gamma!) : 1,
  };
}

/**
 * One BAOAB step (Leimkuhler & Matthews, Appl. Math. Res. Express 2013) with scalar mass m and
 * friction Γ: half kick, half drift, the exact Ornstein–Uhlenbeck velocity update
 * v ← e^{−Γdt/m} v + √(D/m)(1 − e^{−2Γdt/m})^{1/2} ξ, half drift, half kick. A drift that crosses a
 * wall is mirrored and the velocity component reversed (specular reflection).
 */
function underdampedBody(c: ResolvedND): string {
  const { n, dt, mass } = c;
  const { c1, a1, c2, a2 } = underdampedMatrices(c);
  const kick = literal(dt / (2 * mass));
  const h = literal(dt / 2);
  const drift = range(n).map(
    (i) => `y${i} += ${h} * v[${i}]; ${reflect(`y${i}`, c, i, ` v[${i}] = -v[${i}];`)}`,
  );
  const ou = range(n).map(
    (i) =>
      `w${i} = ${times(i, n, c1, a1, (j) => `v[${j}]`)} + ${times(i, n, c2, a2, (j) => `g${j}`)};`,
  );
  const names = [...range(n).map((i) => `y${i}`), ...range(n).map((i) => `v[${i}]`)];
  return `${noise(n)}
    ${range(n)
      .map((i) => `v[${i}] -= ${kick} * f[${i}]; y${i} = q[${i}];`)
      .join('\n    ')}
    ${drift.join('\n    ')}
    ${ou.join('\n    ')}
    ${range(n)
      .map((i) => `v[${i}] = w${i};`)
      .join(' ')}
    ${drift.join('\n    ')}
    n++;
    ${finiteCheck(names)}
    ${range(n)
      .map((i) => `q[${i}] = y${i};`)
      .join(' ')}
    grad(q, f);
    ${range(n)
      .map((i) => `v[${i}] -= ${kick} * f[${i}];`)
      .join(' ')}
    region(q, gq);
    if (violations(gq) === -2) { code = 1; break; }`;
}

/** −2: inside every condition; −1: outside two or more; k: outside condition k only. */
export function violationsSource(strict: readonly boolean[]): string {
  const tests = strict.map(
    (s, k) => `if (!(gv[${k}] ${s ? '>' : '>='} 0)) { count++; which = ${k}; }`,
  );
  return `function violations(gv) {
  let count = 0, which = -1;
  ${tests.join('\n  ')}
  return count === 0 ? -2 : count === 1 ? which : -1;
}`;
}

/**
 * The kernel source: ∇U and the target's conditions as inner functions (their text generated
 * from checked trees), every coordinate unrolled, constants inlined. `block(s, st, q, v, f, gq,
 * nEnd)` advances one walker (q, v its position and velocity, f = ∇U(q), gq the target's values
 * at q, st = [step count]) until absorbed (1), non-finite (2) or step nEnd (0).
 */
export function kernelSourceND(c: ResolvedND, config: SimulationConfigND): string {
  const { n } = c;
  const K = config.target.count;
  const locals = [
    ...range(n).map((i) => `g${i} = 0.0`),
    ...range(n).map((i) => `y${i} = 0.0`),
    ...range(n).map((i) => `w${i} = 0.0`),
  ].join(', ');
  const body = c.dynamics === 'overdamped' ? overdampedBody(c, K) : underdampedBody(c);
  return `'use strict';
function grad(${config.gradient.params.join(', ')}) {
${config.gradient.body}
}
function region(${config.target.source.params.join(', ')}) {
${config.target.source.body}
}
${violationsSource(config.target.strict)}
const xp = new Float64Array(${n}), fp = new Float64Array(${n}), qn = new Float64Array(${n});
const gn = new Float64Array(${K * (n + 1)});
function block(s, st, q, v, f, gq, nEnd) {
  let s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3];
  let m = 0, u = 0, t = 0, iz = 0, j = 0, g = 0.0, w = 0.0, z = 0.0, kv = 0;
  let ${locals};
  let n = st[0];
  let code = 0;
  while (n < nEnd) {
    ${body}
  }
  s[0] = s0; s[1] = s1; s[2] = s2; s[3] = s3;
  st[0] = n;
  return code;
}
function prime(q, f, gq) { grad(q, f); region(q, gq); return violations(gq) === -2; }
return { block, prime };`;
}

type BlockND = (
  s: Int32Array,
  st: Float64Array,
  q: Float64Array,
  v: Float64Array,
  f: Float64Array,
  gq: Float64Array,
  nEnd: number,
) => number;

export interface KernelND {
  readonly block: BlockND;
  /** Sets f = ∇U(q) and the target's values at q; true when q already lies in the target. */
  readonly prime: (q: Float64Array, f: Float64Array, gq: Float64Array) => boolean;
}

/** Builds the kernel: one generated function per potential, target and parameters. */
export function buildKernelND(c: ResolvedND, config: SimulationConfigND): KernelND {
  const factory = new Function('kn', 'wn', 'slow', kernelSourceND(c, config)) as (
    kn: Int32Array,
    wn: Float64Array,
    slow: typeof zigguratSlow,
  ) => KernelND;
  return factory(ZIGGURAT_KN, ZIGGURAT_WN, zigguratSlow);
}

/** The last kernel built, reused while a worker receives chunks of the same run. */
let cache: { key: string; c: ResolvedND; kernel: KernelND } | undefined;

/** The resolved configuration and its kernel, reused while the configuration is the same. */
export function prepareKernelND(config: SimulationConfigND) {
  const key = JSON.stringify(config);
  if (cache?.key === key) return cache;
  const c = resolveConfigND(config);
  cache = { key, c, kernel: buildKernelND(c, config) };
  return cache;
}

/**
 * What the WebAssembly module of a configuration is generated from: the constants and matrices
 * the JavaScript kernel's text is written with (the same doubles), and the checked programs.
 */
export function laneSpecND(c: ResolvedND, config: SimulationConfigND): KernelSpecND {
  const common = {
    n: c.n,
    D: c.D,
    dt: c.dt,
    lo: c.lo,
    hi: c.hi,
    strict: config.target.strict,
    gradient: config.gradient.program!,
    region: config.target.source.program!,
  };
  if (c.dynamics === 'underdamped') {
    const { c1, a1, c2, a2 } = underdampedMatrices(c);
    return {
      ...common,
      dynamics: 'underdamped',
      scheme: 'baoab',
      mass: c.mass,
      damping: { matrix: c1, scalar: a1 },
      spread: { matrix: c2, scalar: a2 },
    };
  }
  const { mobility, mu, noiseMatrix, sigma } = overdampedMatrices(c);
  return {
    ...common,
    dynamics: 'overdamped',
    scheme: c.scheme === 'heun' ? 'heun' : 'euler-maruyama',
    bridge: c.bridge,
    mobility: { matrix: mobility, scalar: mu },
    noise: { matrix: noiseMatrix, scalar: sigma },
  };
}

export function checkWalkers(firstWalker: number, walkers: number): void {
  if (
    !Number.isInteger(firstWalker) ||
    firstWalker < 0 ||
    !Number.isInteger(walkers) ||
    walkers < 0
  ) {
    invalid('walkers', 'firstWalker and walkers must be whole numbers ≥ 0');
  }
  if (firstWalker + walkers > 2 ** 32) invalid('walkers', 'walker indices must stay below 2^32');
}

/**
 * Runs walkers firstWalker … firstWalker + walkers − 1 of an N-D run to first passage into the
 * target or tMax, as `runChunk` in one coordinate: walker i draws only from its own stream
 * deriveStreamSeed(seed, i) (its start velocity, then the noise), a walker absorbed at step n
 * gets n·dt, `signal.aborted` is checked between walkers and keeps those finished. On the
 * WebAssembly engine (`config.engine`, `simulationEngineND`) the lanes give the same times bit for
 * bit (wasmKernelND.ts).
 *
 * @throws KramersError for an invalid configuration, or a start inside the target.
 */
export function runChunkND(request: ChunkRequestND, signal?: { aborted: boolean }): ChunkResultND {
  const { firstWalker, walkers } = request;
  checkWalkers(firstWalker, walkers);
  const { c, kernel, key } = prepareKernelND(request.config);
  if (simulationEngineND(request.config) === 'wasm') {
    const lanes = laneKernelND(key, laneSpecND(c, request.config), WASM_GROUPS_ND);
    const { f, gq } = scratchOf(c, request.config);
    if (walkers > 0 && kernel.prime(Float64Array.from(c.start), f, gq)) {
      invalid('start', 'the start lies inside the target');
    }
    return runChunkNDOnLanes(lanes, c, firstWalker, walkers, signal);
  }
  return runChunkOnJsND(c, kernel, request, signal);
}

function scratchOf(c: ResolvedND, config: SimulationConfigND) {
  return {
    f: new Float64Array(c.n),
    gq: new Float64Array(config.target.count * (c.n + 1)),
  };
}

/** `runChunkND` on the JavaScript kernel: one walker after another, in blocks of BLOCK steps. */
function runChunkOnJsND(
  c: ResolvedND,
  kernel: KernelND,
  request: ChunkRequestND,
  signal?: { aborted: boolean },
): ChunkResultND {
  const { firstWalker, walkers } = request;
  const { n, dt, tMax } = c;
  const nTotal = Math.ceil(tMax / dt - 1e-9);
  const thermalSpeed = Math.sqrt(c.D / c.mass);
  const times = new Float64Array(walkers);
  const censored = new Uint8Array(walkers);
  const q = new Float64Array(n);
  const v = new Float64Array(n);
  const f = new Float64Array(n);
  const gq = new Float64Array(request.config.target.count * (n + 1));
  const st = new Float64Array(1);
  const s = new Int32Array(4);
  let steps = 0;
  let failed = 0;
  let failure: ChunkResultND['failure'];
  let done = 0;
  for (; done < walkers; done++) {
    if (signal?.aborted) break;
    const walker = firstWalker + done;
    s.set(deriveStreamSeed(c.seed, walker));
    q.set(c.start);
    for (let i = 0; i < n; i++)
      v[i] = c.dynamics === 'underdamped' ? thermalSpeed * normalOf(s) : 0;
    if (kernel.prime(q, f, gq)) invalid('start', 'the start lies inside the target');
    st[0] = 0;
    let code = 0;
    while (code === 0 && st[0]! < nTotal)
      code = kernel.block(s, st, q, v, f, gq, Math.min(st[0]! + BLOCK, nTotal));
    const steps1 = st[0]!;
    steps += steps1;
    times[done] = code === 0 ? tMax : steps1 * dt;
    if (code !== 1) censored[done] = 1;
    if (code === 2) {
      failed++;
      failure ??= {
        walker,
        t: steps1 * dt,
        x: Array.from(q),
        reason: 'non-finite position or velocity: the force overflowed or dt is too large',
      };
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
  };
}
