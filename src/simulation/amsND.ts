/**
 * Adaptive multilevel splitting in several coordinates along a reaction coordinate ξ(x) given as
 * an expression: the 1-D algorithm of ams.ts (Cérou & Guyader 2007; Cérou, Guyader, Lelièvre &
 * Pommier, J. Chem. Phys. 2011; ties killed as in Bréhier, Lelièvre & Rousset 2015) with
 * positions as vectors, the overdamped N-D kernel of kernelND.ts (Heun, bridge-monitored target,
 * reflecting walls) and the target any region.
 */
import { KramersError, requirePositive } from '../core/index.js';
import type { AmsPartial, AmsRun } from './ams.js';
import { BLOCK } from './kernel.js';
import {
  overdampedBody,
  type ResolvedND,
  range,
  resolveConfigND,
  violationsSource,
} from './kernelND.js';
import { deriveStreamSeed, openUniform, ZIGGURAT_KN, ZIGGURAT_WN, zigguratSlow } from './rng.js';
import type { FunctionSource } from './types.js';
import type { FrictionEigen, TargetConditionsND } from './typesND.js';

export interface AmsConfigND {
  readonly dimension: number;
  /** ∇U as generated vector source. */
  readonly gradient: FunctionSource;
  readonly target: TargetConditionsND;
  readonly box: readonly { readonly min: number; readonly max: number }[];
  readonly D: number;
  readonly friction: number | FrictionEigen;
  readonly dt: number;
  /** The start x_a (a minimum): A = {ξ ≤ ξ(x_a)}. */
  readonly start: readonly number[];
  /** ξ(x) as generated vector source with one output. */
  readonly reactionCoordinate: FunctionSource;
  /** ξ_c − ξ(x_a) > 0: the surface Σ = {ξ = ξ_c} that defines a loop. */
  readonly coreWidth: number;
  readonly replicas: number;
  readonly killPerIteration?: number;
  readonly seed: number;
  readonly independentRuns?: number;
  readonly loopsPerRun?: number;
  readonly firstRun?: number;
}

/** codes: 0 block end, 1 target, 2 non-finite, 3 ξ ≤ lo, 4 ξ ≥ hi, 5 record buffer full. */
type ExcursionND = (
  s: Int32Array,
  st: Float64Array,
  q: Float64Array,
  f: Float64Array,
  gq: Float64Array,
  rec: Float64Array,
  lo: number,
  hi: number,
  nEnd: number,
) => number;

interface KernelAms {
  readonly run: ExcursionND;
  /** f = ∇U(q), the target's values at q; true when q lies in the target. */
  readonly prime: (q: Float64Array, f: Float64Array, gq: Float64Array) => boolean;
  readonly xi: (q: Float64Array) => number;
}

function invalid(path: string, message: string): never {
  throw new KramersError('invalid_parameter', `${path}: ${message}`, {
    issues: [{ path, message }],
  });
}

/**
 * The excursion kernel: the overdamped N-D step, then ξ at the new point; every new running
 * maximum of ξ is appended to `rec` as n coordinates and ξ. `st` = [steps, running max, records].
 */
function excursionSource(c: ResolvedND, config: AmsConfigND): string {
  const { n } = c;
  const K = config.target.count;
  const w = n + 1;
  const record = `${range(n)
    .map((i) => `rec[r * ${w} + ${i}] = q[${i}];`)
    .join(' ')} rec[r * ${w} + ${n}] = xq; r++;`;
  const accepted = `
    xq = xi(q);
    if (xq <= lo) { code = 3; break; }
    if (xq > top) { if (r === cap) { code = 5; break; } top = xq; ${record} }
    if (xq >= hi) { code = 4; break; }`;
  const locals = [
    ...range(n).map((i) => `g${i} = 0.0`),
    ...range(n).map((i) => `y${i} = 0.0`),
  ].join(', ');
  return `'use strict';
function grad(${config.gradient.params.join(', ')}) {
${config.gradient.body}
}
function region(${config.target.source.params.join(', ')}) {
${config.target.source.body}
}
function xiOut(${config.reactionCoordinate.params.join(', ')}) {
${config.reactionCoordinate.body}
}
const xo = new Float64Array(1);
function xi(p) { xiOut(p, xo); return xo[0]; }
${violationsSource(config.target.strict)}
const xp = new Float64Array(${n}), fp = new Float64Array(${n}), qn = new Float64Array(${n});
const gn = new Float64Array(${K * (n + 1)});
function run(s, st, q, f, gq, rec, lo, hi, nEnd) {
  let s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3];
  let m = 0, u = 0, t = 0, iz = 0, j = 0, g = 0.0, w = 0.0, z = 0.0, kv = 0;
  let ${locals};
  let n = st[0], top = st[1], r = st[2];
  const cap = (rec.length / ${w}) | 0;
  let xq = xi(q);
  if (xq > top) { top = xq; ${record} }
  let code = 0;
  while (n < nEnd) {
    ${overdampedBody(c, K, accepted)}
  }
  s[0] = s0; s[1] = s1; s[2] = s2; s[3] = s3;
  st[0] = n; st[1] = top; st[2] = r;
  return code;
}
function prime(q, f, gq) { grad(q, f); region(q, gq); return violations(gq) === -2; }
return { run, prime, xi };`;
}

function wholeNumber(path: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) invalid(path, `expected a whole number ≥ ${min}`);
  return value;
}

/** A validated AMS configuration: the kernel's parameters and the splitting's counts. */
function checkAmsND(config: AmsConfigND) {
  const c = resolveConfigND({
    dimension: config.dimension,
    dynamics: 'overdamped',
    gradient: config.gradient,
    target: config.target,
    box: config.box,
    D: config.D,
    friction: config.friction,
    dt: config.dt,
    tMax: config.dt * 2 ** 40,
    start: config.start,
    seed: config.seed,
  });
  const rc = config.reactionCoordinate;
  if (typeof rc !== 'object' || rc === null || rc.params?.[0] !== 'p' || rc.params[1] !== 'out') {
    invalid(
      'reactionCoordinate',
      "expected generated vector source { params: ['p', 'out'], body }",
    );
  }
  const width = requirePositive('coreWidth', config.coreWidth, 'ξ_c − ξ(x_a)');
  const N = wholeNumber('replicas', config.replicas, 2);
  const k = wholeNumber('killPerIteration', config.killPerIteration ?? 1, 1);
  if (k >= N) invalid('killPerIteration', `must be less than replicas (${N})`);
  const runs = wholeNumber('independentRuns', config.independentRuns ?? 10, 1);
  const firstRun = wholeNumber('firstRun', config.firstRun ?? 0, 0);
  const loops = wholeNumber('loopsPerRun', config.loopsPerRun ?? 2000, 1);
  if (firstRun + runs > 2 ** 32) invalid('firstRun', 'run indices must stay below 2^32');
  return { c, width, N, k, runs, firstRun, loops };
}

type Checked = ReturnType<typeof checkAmsND>;

/** One replica: its records (n coordinates and ξ each), and its level (+∞ once in the target). */
interface ReplicaND {
  rec: Float64Array;
  count: number;
  level: number;
}

interface StateND {
  readonly a: Checked;
  readonly kernel: KernelAms;
  readonly st: Float64Array;
  readonly q: Float64Array;
  readonly f: Float64Array;
  readonly gq: Float64Array;
  readonly scratch: Float64Array;
  /** ξ(x_a): A = {ξ ≤ xiA}, Σ = {ξ ≥ xiA + width}. */
  readonly xiA: number;
  steps: number;
  iterations: number;
  failed: boolean;
  interrupted: boolean;
}

/** Sets the walker to x with running max `top` and `records` records kept. */
function begin(state: StateND, x: ArrayLike<number>, top: number, records: number): void {
  state.q.set(x);
  state.kernel.prime(state.q, state.f, state.gq);
  state.st[0] = 0;
  state.st[1] = top;
  state.st[2] = records;
}

/** Continues until a code other than 0 or 5, doubling the record buffer when full. */
function advance(state: StateND, s: Int32Array, rec: Float64Array, lo: number, hi: number) {
  const { st, q, f, gq } = state;
  let code = 0;
  let buffer = rec;
  while (code === 0 || code === 5) {
    if (code === 5) {
      const bigger = new Float64Array(buffer.length * 2);
      bigger.set(buffer);
      buffer = bigger;
    }
    const before = st[0]!;
    code = state.kernel.run(s, st, q, f, gq, buffer, lo, hi, before + BLOCK);
    state.steps += st[0]! - before;
  }
  if (code === 2) state.failed = true;
  return { code, rec: buffer };
}

/**
 * The loops of one run, as in one coordinate: x_a → Σ, then Σ → A or the target; a passage
 * restarts at x_a. Returns the entrance states into Σ (null entries: reached the target first)
 * and the mean loop duration.
 */
function runLoopsND(state: StateND, s: Int32Array, signal?: { aborted: boolean }) {
  const { a, q, xiA } = state;
  const entrances: (Float64Array | null)[] = [];
  let loopSteps = 0;
  const start = state.a.c.start;
  let x: Float64Array = start;
  for (let done = 0; done < a.loops; done++) {
    if (signal?.aborted) {
      state.interrupted = true;
      return null;
    }
    begin(state, x, Number.POSITIVE_INFINITY, 0);
    let { code } = advance(state, s, state.scratch, Number.NEGATIVE_INFINITY, xiA + a.width);
    if (code === 4) {
      entrances.push(Float64Array.from(q));
      ({ code } = advance(state, s, state.scratch, xiA, Number.POSITIVE_INFINITY));
    } else if (code === 1) {
      entrances.push(null);
    }
    loopSteps += state.st[0]!;
    if (state.failed) return null;
    x = code === 1 ? start : Float64Array.from(q);
  }
  return { entrances, tauLoop: (loopSteps * a.c.dt) / a.loops };
}

function finishReplica(state: StateND, s: Int32Array, rec: Float64Array): ReplicaND {
  const out = advance(state, s, rec, state.xiA, Number.POSITIVE_INFINITY);
  const level = out.code === 1 ? Number.POSITIVE_INFINITY : state.st[1]!;
  return { rec: out.rec, count: state.st[2]!, level };
}

function startReplicasND(state: StateND, s: Int32Array, entrances: (Float64Array | null)[]) {
  const { N, c } = state.a;
  const width = c.n + 1;
  const replicas: ReplicaND[] = [];
  for (let i = 0; i < N; i++) {
    const x = entrances[Math.floor(((i + 0.5) * entrances.length) / N)]!;
    if (x === null) {
      replicas.push({ rec: new Float64Array(width), count: 0, level: Number.POSITIVE_INFINITY });
      continue;
    }
    begin(state, x, Number.NEGATIVE_INFINITY, 0);
    replicas.push(finishReplica(state, s, new Float64Array(16 * width)));
  }
  return replicas;
}

/** A killed replica restarted from `parent` at the first record above level z. */
function branchND(state: StateND, s: Int32Array, parent: ReplicaND, z: number): ReplicaND {
  const w = state.a.c.n + 1;
  let m = 0;
  while (m < parent.count && parent.rec[m * w + w - 1]! <= z) m++;
  if (m === parent.count) {
    // Only a parent that reached the target in the step that crossed z: the clone has too.
    return { rec: parent.rec.slice(), count: parent.count, level: Number.POSITIVE_INFINITY };
  }
  const rec = new Float64Array(Math.max(16, 2 * (m + 1)) * w);
  rec.set(parent.rec.subarray(0, (m + 1) * w));
  begin(state, parent.rec.subarray(m * w, m * w + w - 1), parent.rec[m * w + w - 1]!, m + 1);
  return finishReplica(state, s, rec);
}

/** The splitting iterations of one run; ln p̂ (−∞ on extinction). */
function splitND(
  state: StateND,
  s: Int32Array,
  replicas: ReplicaND[],
  signal?: { aborted: boolean },
): number {
  const { N, k } = state.a;
  let logP = 0;
  const levels = new Float64Array(N);
  while (!state.failed) {
    if (signal?.aborted) {
      state.interrupted = true;
      break;
    }
    for (let i = 0; i < N; i++) levels[i] = replicas[i]!.level;
    levels.sort();
    if (levels[0] === Number.POSITIVE_INFINITY) break;
    const z = levels[k - 1]!;
    const killed: number[] = [];
    const survivors: number[] = [];
    for (let i = 0; i < N; i++) (replicas[i]!.level <= z ? killed : survivors).push(i);
    state.iterations++;
    if (survivors.length === 0) return Number.NEGATIVE_INFINITY;
    logP += Math.log1p(-killed.length / N);
    for (const i of killed) {
      const parent = replicas[survivors[Math.floor(openUniform(s) * survivors.length)]!]!;
      replicas[i] = branchND(state, s, parent, z);
    }
  }
  return logP;
}

function buildAmsKernel(c: ResolvedND, config: AmsConfigND): KernelAms {
  const factory = new Function('kn', 'wn', 'slow', excursionSource(c, config)) as (
    kn: Int32Array,
    wn: Float64Array,
    slow: typeof zigguratSlow,
  ) => KernelAms;
  return factory(ZIGGURAT_KN, ZIGGURAT_WN, zigguratSlow);
}

/**
 * Runs firstRun … firstRun + independentRuns − 1 of N-D AMS (each on its own stream
 * deriveStreamSeed(seed, run)): the job a worker executes; `combineAmsRuns` combines the parts
 * into T̂ = τ̄/p̄ with its CI. In several coordinates loops re-enter A anywhere on {ξ = ξ(x_a)},
 * so the loops form a stationary sequence rather than i.i.d. renewals: τ̄/p̄ is then the MFPT from
 * the loops' quasi-stationary entrance law, which differs from the MFPT from x_a by an intrawell
 * time (small against the escape time at the barriers AMS is meant for).
 *
 * @throws KramersError for invalid input, or a start inside the target or beyond Σ.
 */
export function amsRunsND(config: AmsConfigND, signal?: { aborted: boolean }): AmsPartial {
  const a = checkAmsND(config);
  const { c } = a;
  const kernel = buildAmsKernel(c, config);
  const q = Float64Array.from(c.start);
  const f = new Float64Array(c.n);
  const gq = new Float64Array(config.target.count * (c.n + 1));
  if (kernel.prime(q, f, gq)) invalid('start', 'the start lies inside the target');
  const xiA = kernel.xi(q);
  if (!Number.isFinite(xiA)) invalid('reactionCoordinate', 'ξ is not finite at the start');
  const state: StateND = {
    a,
    kernel,
    st: new Float64Array(3),
    q,
    f,
    gq,
    scratch: new Float64Array(c.n + 1),
    xiA,
    steps: 0,
    iterations: 0,
    failed: false,
    interrupted: false,
  };
  const runs: AmsRun[] = [];
  for (let r = 0; r < a.runs && !state.interrupted && !state.failed; r++) {
    const s = new Int32Array(deriveStreamSeed(c.seed, a.firstRun + r));
    const loops = runLoopsND(state, s, signal);
    if (loops === null) break;
    const replicas = startReplicasND(state, s, loops.entrances);
    const logProbability = splitND(state, s, replicas, signal);
    if (state.interrupted || state.failed) break;
    runs.push({ loopTime: loops.tauLoop, logProbability });
  }
  const warnings = state.failed
    ? ['a trajectory met a non-finite position: the force overflowed or dt is too large']
    : [];
  const { steps, iterations, failed, interrupted } = state;
  return { runs, replicas: a.N, steps, iterations, failed, interrupted, warnings };
}
