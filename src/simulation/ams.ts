/**
 * Adaptive multilevel splitting (AMS) for overdamped first passage over high barriers, where
 * direct simulation of the mean first-passage time would need ~e^{ΔU/D} steps.
 *
 * Cérou & Guyader, Stoch. Anal. Appl. 25 (2007): the AMS algorithm. Bréhier, Lelièvre & Rousset,
 * ESAIM Probab. Stat. 19 (2015): unbiasedness of p̂ for any k when every replica at the killing
 * level is killed (ties). Cérou, Guyader, Lelièvre & Pommier, J. Chem. Phys. 134 (2011): the MFPT
 * as (mean loop duration)/p.
 */
import { KramersError, type RetCode, requireFinite, requirePositive } from '../core/index.js';
import { checkSource, compileSource } from './config.js';
import { parseEngine, simulationEngine } from './engine.js';
import { deriveStreamSeed, openUniform, ZIGGURAT_KN, ZIGGURAT_WN, zigguratSlow } from './rng.js';
import { logStudentInterval, ROUGH_SAMPLE } from './statistics.js';
import type { Engine, FunctionSource } from './types.js';
import { wasmExcursion } from './wasmAms.js';

export interface AmsConfig {
  /** U′(x) as generated source. */
  readonly force: FunctionSource;
  /** Noise intensity D = k_B T. */
  readonly D: number;
  /** Friction coefficient γ. */
  readonly gamma: number;
  /** Time step of the stochastic Heun scheme. */
  readonly dt: number;
  /** Well bottom x_a. */
  readonly start: number;
  /** Absorbing point x_b (either side of x_a). */
  readonly target: number;
  /** Replicas N per AMS run (e.g. 100–1000); whole number ≥ 2. */
  readonly replicas: number;
  /** Replicas k killed per iteration (default 1; more when several tie at the lowest level). */
  readonly killPerIteration?: number;
  /** uint32 master seed; run r uses the stream deriveStreamSeed(seed, r). */
  readonly seed: number;
  /** ξ(x) = (x − x_a)·sign(x_b − x_a), the signed distance from x_a toward the target. */
  readonly reactionCoordinate?: 'position';
  /**
   * Position x_c of the surface Σ = {ξ = ξ_c} (strictly between x_a and x_b) that defines a loop.
   * Default: x_a moved toward x_b by the thermal width √(D/U″(x_a)) (U″ from the force by a
   * central difference), at most a quarter of the way.
   */
  readonly coreBoundary?: number;
  /** Independent runs R (different derived seeds), for the error bar; default 10, ≥ 2 for one. */
  readonly independentRuns?: number;
  /** Loops simulated directly per run to estimate the mean loop duration; default 2000. */
  readonly loopsPerRun?: number;
  /**
   * Index of the first run (default 0): run r uses the stream deriveStreamSeed(seed, firstRun + r),
   * so runs split over workers give the same numbers as one sequential call.
   */
  readonly firstRun?: number;
  /**
   * 'bridge' (default): x_b is also reached with the Brownian-bridge probability between two
   * samples (Gobet 2000), as in runChunk; 'discrete': on the samples only. The loop surfaces are
   * checked on the samples either way.
   */
  readonly monitoring?: 'bridge' | 'discrete';
  /**
   * The excursion kernel: 'wasm' (a WebAssembly loop generated from the force's program) or 'js'
   * (generated JavaScript); the same numbers bit for bit. Default: the faster one available.
   */
  readonly engine?: Engine;
}

/** One finished AMS run: its mean loop duration and ln p̂. */
export interface AmsRun {
  readonly loopTime: number;
  readonly logProbability: number;
}

/** Runs done by one call of `amsRuns` (plain data: it crosses worker boundaries). */
export interface AmsPartial {
  readonly runs: AmsRun[];
  /** Replicas N per run (what the variance of p̂ scales with; see `combineAmsRuns`). */
  readonly replicas: number;
  readonly steps: number;
  readonly iterations: number;
  /** A trajectory met a non-finite state. */
  readonly failed: boolean;
  /** `signal.aborted` stopped the call; `runs` holds the runs finished before. */
  readonly interrupted: boolean;
  readonly warnings: string[];
  /** The excursion kernel that ran (same numbers on either). */
  readonly engine?: Engine;
}

export interface AmsResult {
  /** Estimate of the MFPT from x_a to x_b (see `adaptiveMultilevelSplitting`). */
  mfpt: number;
  /**
   * Standard error of `mfpt` from the spread of the independent runs (delta method); at least the
   * ideal AMS one when the replicas are few against ln(1/p̂) (see `combineAmsRuns`).
   */
  mfptStdErr: number;
  /**
   * 95% interval exp(ln T ± t_{R−1}·SE/T) (Student t over the R runs, on the log scale); past
   * −ln p̂/N = 0.5 at least ±1.96 ideal AMS standard errors (see `combineAmsRuns`).
   */
  mfptCI95: [number, number];
  /** ln mfpt, computed in logs (p may underflow far below e^{−700}). */
  logMfpt: number;
  /** p̄ = P(reach x_b before x_a | enter Σ from the well), averaged over the runs. */
  probability: number;
  /** Mean loop duration τ̄ (x_a → Σ → back to x_a or on to x_b), averaged over the runs. */
  meanLoopTime: number;
  /** AMS iterations (all runs). */
  iterations: number;
  /** Time steps simulated (all runs, loops and AMS). */
  steps: number;
  retcode: RetCode;
  warnings: string[];
  /** The excursion kernel of every part (absent when parts differ or there are none). */
  engine?: Engine;
}

/**
 * One block of the generated excursion kernel. `st` = [x, step count, running max of ξ, number of
 * records]. Every new running maximum of ξ is appended to `rec` (its position). Returns 0: nEnd
 * reached, 1: reached x_b, 2: ξ ≤ lo (back at x_a), 3: ξ ≥ hi (entered Σ), 4: non-finite state,
 * 5: `rec` is full (grow it and call again: the pending record is stored on entry).
 */
export type Excursion = (
  s: Int32Array,
  st: Float64Array,
  rec: Float64Array,
  lo: number,
  hi: number,
  nEnd: number,
) => number;

const BLOCK = 4096;

function literal(value: number): string {
  if (!Number.isFinite(value)) {
    throw new KramersError('not_finite', `kernel constant is not finite: ${value}`);
  }
  return `(${String(value)})`;
}

/** Same xoshiro128** step and ziggurat as kernel.ts, so one stream serves both. */
const XOSHIRO = `m = Math.imul(s1, 5); u = Math.imul((m << 7) | (m >>> 25), 9);
    t = s1 << 9; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = (s3 << 11) | (s3 >>> 21);`;

/**
 * Stochastic Heun (weak order 2 for additive noise; Kloeden & Platen 1992, §15.1) with ξ tracking.
 * Reaching x_b uses Brownian-bridge monitoring (Gobet, Stoch. Proc. Appl. 2000) as in kernel.ts,
 * which removes the O(√dt) bias of checking the samples only. The loop surfaces (ξ ≤ 0, ξ ≥ ξ_c)
 * are checked on the samples: any consistent rule keeps the renewal identity exact for the
 * discrete chain, since loops and AMS replicas use the same rule.
 */
function excursionSource(
  force: FunctionSource,
  p: {
    D: number;
    gamma: number;
    dt: number;
    xa: number;
    sign: number;
    lb: number;
    bridge: boolean;
  },
): string {
  const variance = (2 * p.D * p.dt) / p.gamma;
  const a = literal(p.dt / p.gamma);
  const a2 = literal(p.dt / p.gamma / 2);
  const b = literal(Math.sqrt(variance));
  const xa = literal(p.xa);
  const sg = literal(p.sign);
  const lb = literal(p.lb);
  return `'use strict';
function force(${force.params[0]}) {
${force.body}
}
return function run(s, st, rec, lo, hi, nEnd) {
  let s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3];
  let m = 0, u = 0, t = 0, iz = 0, j = 0, g = 0.0, w = 0.0, dd = 0.0;
  let x = st[0], n = st[1], top = st[2], r = st[3];
  const cap = rec.length;
  let q = (x - ${xa}) * ${sg};
  if (q > top) { top = q; rec[r++] = x; }
  let f = force(x);
  let code = 0;
  while (n < nEnd) {
    ${XOSHIRO}
    iz = u & 127; j = u >> 7;
    if ((j < 0 ? -j : j) < kn[iz]) { g = j * wn[iz]; } else {
      s[0] = s0; s[1] = s1; s[2] = s2; s[3] = s3;
      g = slow(s, u);
      s0 = s[0]; s1 = s[1]; s2 = s[2]; s3 = s[3];
    }
    const xp = x - ${a} * f + ${b} * g;
    const xn = x - ${a2} * (f + force(xp)) + ${b} * g;
    n++;
    if (!(xn - xn === 0)) { x = xn; code = 4; break; }
    const qn = (xn - ${xa}) * ${sg};
    if (qn >= ${lb}) { x = xn; code = 1; break; }
    ${
      p.bridge
        ? `dd = (${lb} - q) * (${lb} - qn);
    if (dd < ${literal(12 * variance)}) {
      ${XOSHIRO}
      w = ((u >>> 0) + 0.5) * 2.3283064365386963e-10;
      if (w < Math.exp(-dd * ${literal(2 / variance)})) { x = xn; code = 1; break; }
    }`
        : ''
    }
    x = xn;
    q = qn;
    if (q <= lo) { code = 2; break; }
    if (q > top) {
      if (r === cap) { code = 5; break; }
      top = q; rec[r++] = x;
    }
    if (q >= hi) { code = 3; break; }
    f = force(x);
  }
  s[0] = s0; s[1] = s1; s[2] = s2; s[3] = s3;
  st[0] = x; st[1] = n; st[2] = top; st[3] = r;
  return code;
};`;
}

function invalid(path: string, message: string): never {
  throw new KramersError('invalid_parameter', `${path}: ${message}`, {
    issues: [{ path, message }],
  });
}

function wholeNumber(path: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) invalid(path, `expected a whole number ≥ ${min}`);
  return value;
}

/** One replica: positions of its running maxima of ξ, and its level (max ξ, or ξ_b if it hit x_b). */
interface Replica {
  rec: Float64Array;
  count: number;
  level: number;
}

/**
 * Mean first-passage time from the well bottom x_a to the point x_b for overdamped dynamics
 * γ dx = −U′ dt + √(2γD) dW (docs/conventions.md §0), by adaptive multilevel splitting.
 *
 * Estimator (renewal form of Cérou, Guyader, Lelièvre & Pommier, J. Chem. Phys. 2011): with
 * ξ(x) = (x − x_a)·sign(x_b − x_a) and Σ = {ξ = ξ_c}, a loop starts at x_a (ξ ≤ 0), runs until
 * it enters Σ, then until it is back at x_a (ξ ≤ 0) or reaches x_b. By the strong Markov
 * property the number of loops up to the first passage is geometric with success p = P(reach x_b
 * before x_a | enter Σ), and Wald's identity gives exactly
 *   T(x_a → x_b) = E[τ_loop] / p    (= E[τ_loop]·(1/p − 1) + E[τ_reactive loop]),
 * with τ_loop the duration of a loop (reactive ones included). Each run estimates E[τ_loop] by
 * `loopsPerRun` loops of one direct trajectory (which also records the entrance states into Σ),
 * and p by AMS with N replicas started from those entrance states: the level of a replica is the
 * maximum of ξ on its path; each iteration kills every replica at or below the k-th lowest level
 * (ties included, Bréhier, Lelièvre & Rousset 2015) and restarts each from a uniformly chosen
 * survivor at the first step its path exceeded that level, with fresh noise; p̂ = Π_j (1 − K_j/N),
 * K_j the number killed, until all replicas have reached x_b (Cérou & Guyader 2007). p̂ is
 * unbiased; 1/p̂ is not, so runs are combined as T̂ = τ̄/p̄ (means over R runs), whose bias is
 * O(Var p̂/(R p²)), and the standard error follows from the run-to-run spread by the delta method.
 * What is estimated is the MFPT of the time-discretised chain (Heun, bridge-monitored at x_b): its
 * dt bias is that of direct simulation with the same dt.
 *
 * `signal.aborted` is checked between AMS iterations and loops; the runs finished so far are then
 * combined and retcode is 'interrupted'.
 *
 * @throws KramersError for invalid input (the parameter is named in `issues`).
 */
export function adaptiveMultilevelSplitting(
  config: AmsConfig,
  signal?: { aborted: boolean },
): AmsResult {
  return combineAmsRuns([amsRuns(config, signal)], config.independentRuns ?? 10);
}

/** An AMS configuration after validation, with ξ(x) = (x − x_a)·sign and ξ_b = lb. */
interface CheckedAms {
  readonly D: number;
  readonly gamma: number;
  readonly dt: number;
  readonly xa: number;
  readonly xb: number;
  /** Replicas N and replicas killed per iteration k. */
  readonly N: number;
  readonly k: number;
  readonly runs: number;
  readonly firstRun: number;
  readonly loops: number;
  readonly sign: number;
  readonly lb: number;
  /** Brownian-bridge monitoring of x_b. */
  readonly bridge: boolean;
  readonly engine: Engine;
}

/** Validates the configuration of `amsRuns`; each bad parameter is named in `issues`. */
function checkAmsConfig(config: AmsConfig): CheckedAms {
  // AMS needs a time-homogeneous process (its renewal identity and levels assume one).
  checkSource('force', config.force, false);
  const D = requirePositive('D', config.D, 'noise intensity k_B T');
  const gamma = requirePositive('gamma', config.gamma, 'friction coefficient');
  const dt = requirePositive('dt', config.dt, 'time step');
  const xa = requireFinite('start', config.start, 'well bottom x_a');
  const xb = requireFinite('target', config.target, 'absorbing point x_b');
  if (xa === xb) invalid('target', 'the target must differ from the start');
  const N = wholeNumber('replicas', config.replicas, 2);
  const k = wholeNumber('killPerIteration', config.killPerIteration ?? 1, 1);
  if (k >= N) invalid('killPerIteration', `must be less than replicas (${N})`);
  const runs = wholeNumber('independentRuns', config.independentRuns ?? 10, 1);
  const firstRun = wholeNumber('firstRun', config.firstRun ?? 0, 0);
  const loops = wholeNumber('loopsPerRun', config.loopsPerRun ?? 2000, 1);
  if (
    !Number.isInteger(config.seed) ||
    config.seed < 0 ||
    config.seed > 0xffffffff ||
    firstRun + runs > 2 ** 32
  ) {
    invalid('seed', 'expected a whole number in [0, 2^32)');
  }
  if ((config.reactionCoordinate ?? 'position') !== 'position') {
    invalid('reactionCoordinate', "only 'position' is supported");
  }
  const monitoring = config.monitoring ?? 'bridge';
  if (monitoring !== 'bridge' && monitoring !== 'discrete') {
    invalid('monitoring', "expected 'bridge' or 'discrete'");
  }
  const engine = simulationEngine({ engine: parseEngine(config.engine) }, config.force);
  const sign = xb > xa ? 1 : -1;
  const lb = Math.abs(xb - xa);
  const bridge = monitoring === 'bridge';
  return { D, gamma, dt, xa, xb, N, k, runs, firstRun, loops, sign, lb, bridge, engine };
}

/** U″(x_a) by a central difference of the force U′ (NaN or ≤ 0 where x_a is no well bottom). */
export function wellCurvature(forceFn: (x: number) => number, xa: number): number {
  const h = 1e-4 * Math.max(1, Math.abs(xa));
  return (forceFn(xa + h) - forceFn(xa - h)) / (2 * h);
}

/**
 * ξ_c, the level of the surface Σ: from `coreBoundary`, or the thermal width of the well
 * √(D/U″(x_a)) (U″ by a central difference of the force), at most a quarter of the way.
 */
function coreLevel(
  config: AmsConfig,
  c: CheckedAms,
  forceFn: (x: number) => number,
  warnings: string[],
): number {
  if (config.coreBoundary !== undefined) {
    const xc = requireFinite('coreBoundary', config.coreBoundary, 'position of Σ');
    const xiC = (xc - c.xa) * c.sign;
    if (!(xiC > 0 && xiC < c.lb))
      invalid('coreBoundary', 'must lie strictly between start and target');
    return xiC;
  }
  // Thermal width of the well: loops then last about one relaxation time 1/U″ and p is not
  // needlessly small (CGLP 2011 choose Σ close to A for the same reason).
  const curvature = wellCurvature(forceFn, c.xa);
  if (Number.isFinite(curvature) && curvature > 0) {
    return Math.min(Math.sqrt(c.D / curvature), 0.25 * c.lb);
  }
  warnings.push(
    `U″(x_a) = ${curvature} is not positive: start is not a well bottom; Σ placed at 5% of the way`,
  );
  return 0.05 * c.lb;
}

/**
 * The excursion kernel generated for this force, noise, step and pair of points, on the engine
 * chosen (wasmAms.ts: the same operations and draws, so the same numbers).
 */
function compileExcursion(force: FunctionSource, c: CheckedAms): Excursion {
  const { D, gamma, dt, xa, sign, lb, bridge } = c;
  if (c.engine === 'wasm') {
    return wasmExcursion({ D, gamma, dt, xa, sign, lb, bridge }, force.program!);
  }
  const factory = new Function(
    'kn',
    'wn',
    'slow',
    excursionSource(force, { D, gamma, dt, xa, sign, lb, bridge }),
  ) as (kn: Int32Array, wn: Float64Array, slow: typeof zigguratSlow) => Excursion;
  return factory(ZIGGURAT_KN, ZIGGURAT_WN, zigguratSlow);
}

/**
 * The excursion kernel of a configuration on its engine (`config.engine`), for tests and
 * benchmarks that drive it directly: each call continues from `st` (resumable at any nEnd and
 * buffer length).
 */
export function amsExcursionKernel(config: AmsConfig): Excursion {
  return compileExcursion(config.force, checkAmsConfig(config));
}

/** What the steps of one `amsRuns` call share: the kernel, its state vector and the tallies. */
interface AmsState {
  readonly c: CheckedAms;
  readonly run: Excursion;
  /** The kernel's state: [x, step count, running max of ξ, number of records]. */
  readonly st: Float64Array;
  /** Record buffer of the loops (their running maximum starts at +∞: nothing is recorded). */
  readonly scratch: Float64Array;
  steps: number;
  iterations: number;
  failed: boolean;
  interrupted: boolean;
}

/** Sets the kernel state to an excursion at x with running max `top` and `records` records. */
function begin(st: Float64Array, x: number, top: number, records: number): void {
  st[0] = x;
  st[1] = 0;
  st[2] = top;
  st[3] = records;
}

/**
 * Continues an excursion from `state.st` until a code other than 0 (block end) or 5 (buffer
 * full), doubling the record buffer when it is full. Returns the final code and the buffer.
 */
function advance(
  state: AmsState,
  s: Int32Array,
  rec: Float64Array,
  lo: number,
  hi: number,
): { code: number; rec: Float64Array } {
  const { run, st } = state;
  let code = 0;
  let buffer = rec;
  while (code === 0 || code === 5) {
    if (code === 5) {
      const bigger = new Float64Array(buffer.length * 2);
      bigger.set(buffer);
      buffer = bigger;
    }
    const before = st[1]!;
    code = run(s, st, buffer, lo, hi, before + BLOCK);
    state.steps += st[1]! - before;
  }
  return { code, rec: buffer };
}

/**
 * The loops of one run: one trajectory alternating x_a → Σ and Σ → (x_a or x_b); a passage to x_b
 * ends the loop and the trajectory restarts at x_a (a renewal, as the identity assumes). Returns
 * the entrance states into Σ and the mean loop duration, or null if interrupted or failed.
 */
function runLoops(
  state: AmsState,
  s: Int32Array,
  xiC: number,
  signal?: { aborted: boolean },
): { entrances: Float64Array; tauLoop: number } | null {
  const { c, st, scratch } = state;
  const entrances = new Float64Array(c.loops);
  let loopSteps = 0;
  let x = c.xa;
  for (let done = 0; done < c.loops; done++) {
    if (signal?.aborted) {
      state.interrupted = true;
      return null;
    }
    begin(st, x, Number.POSITIVE_INFINITY, 0);
    let { code } = advance(state, s, scratch, Number.NEGATIVE_INFINITY, xiC);
    if (code === 3) {
      entrances[done] = st[0]!;
      ({ code } = advance(state, s, scratch, 0, Number.POSITIVE_INFINITY));
    } else if (code === 1) {
      entrances[done] = c.xb;
    }
    loopSteps += st[1]!;
    if (code === 4) {
      state.failed = true;
      return null;
    }
    x = code === 1 ? c.xa : st[0]!;
  }
  return { entrances, tauLoop: (loopSteps * c.dt) / c.loops };
}

/** Runs the replica set up in `state.st` until it reaches x_b or is back at x_a. */
function finishReplica(state: AmsState, s: Int32Array, rec: Float64Array): Replica {
  const out = advance(state, s, rec, 0, Number.POSITIVE_INFINITY);
  if (out.code === 4) state.failed = true;
  return { rec: out.rec, count: state.st[3]!, level: out.code === 1 ? state.c.lb : state.st[2]! };
}

/** N replicas started from the recorded entrance states (spread over all loops). */
function startReplicas(state: AmsState, s: Int32Array, entrances: Float64Array): Replica[] {
  const { N, loops } = state.c;
  const replicas: Replica[] = [];
  for (let i = 0; i < N; i++) {
    begin(state.st, entrances[Math.floor(((i + 0.5) * loops) / N)]!, Number.NEGATIVE_INFINITY, 0);
    replicas.push(finishReplica(state, s, new Float64Array(16)));
  }
  return replicas;
}

/**
 * A killed replica restarted from `parent` at the first step its path exceeded level z. The
 * killed replica's record buffer is reused when it holds the parent's prefix (its old records are
 * dead): one allocation fewer per branch, the garbage collector's largest share before.
 */
function branch(state: AmsState, s: Int32Array, parent: Replica, z: number, old: Replica): Replica {
  const { xa, sign, lb } = state.c;
  // First record of the parent above z: the first step its path exceeded the level.
  let m = 0;
  while (m < parent.count && (parent.rec[m]! - xa) * sign <= z) m++;
  if (m === parent.count) {
    // Only a parent that reached x_b in the step that crossed z: the clone has too.
    return { rec: parent.rec.slice(), count: parent.count, level: lb };
  }
  const rec = old.rec.length > m + 1 ? old.rec : new Float64Array(Math.max(16, 2 * (m + 1)));
  rec.set(parent.rec.subarray(0, m + 1));
  begin(state.st, parent.rec[m]!, (parent.rec[m]! - xa) * sign, m + 1);
  return finishReplica(state, s, rec);
}

/**
 * The k-th smallest of `a` (k ≥ 1), reordering `a` in place: Hoare's FIND (Comm. ACM 4, 1961),
 * expected O(N) where a full sort per AMS iteration cost more than the excursions at N = 500.
 * The value is the k-th of the sorted order, so the killing level is the one a sort gives.
 */
export function kthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return a[target]!;
  }
  return a[target]!;
}

/**
 * The AMS iterations of one run: kill every replica at or below the k-th lowest level (ties
 * included) and branch each from a uniformly chosen survivor, until all replicas have reached
 * x_b. Returns ln p̂ = Σ_j ln(1 − K_j/N), −∞ on extinction. Killed and surviving indices are
 * kept in index order (the parent is survivors[⌊U·|survivors|⌋]).
 */
function splitReplicas(
  state: AmsState,
  s: Int32Array,
  replicas: Replica[],
  signal?: { aborted: boolean },
): number {
  const { N, k, lb } = state.c;
  let logP = 0;
  const levels = new Float64Array(N);
  const killed = new Int32Array(N);
  const survivors = new Int32Array(N);
  while (!state.failed) {
    if (signal?.aborted) {
      state.interrupted = true;
      break;
    }
    let lowest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < N; i++) {
      const level = replicas[i]!.level;
      levels[i] = level;
      if (level < lowest) lowest = level;
    }
    if (lowest >= lb) break;
    const z = k === 1 ? lowest : kthSmallest(levels, k);
    let nKilled = 0;
    let nSurvivors = 0;
    for (let i = 0; i < N; i++) {
      if (replicas[i]!.level <= z) killed[nKilled++] = i;
      else survivors[nSurvivors++] = i;
    }
    state.iterations++;
    if (nSurvivors === 0) {
      // Extinction: all replicas tie at the killing level; p̂ = 0 (Bréhier et al. 2015).
      return Number.NEGATIVE_INFINITY;
    }
    logP += Math.log1p(-nKilled / N);
    for (let j = 0; j < nKilled; j++) {
      const i = killed[j]!;
      const parent = replicas[survivors[Math.floor(openUniform(s) * nSurvivors)]!]!;
      replicas[i] = branch(state, s, parent, z, replicas[i]!);
    }
  }
  return logP;
}

/**
 * The runs of `adaptiveMultilevelSplitting` (runs firstRun … firstRun + independentRuns − 1)
 * without combining them: the kernel a worker executes. Each run draws from its own stream:
 * loops (mean loop duration, entrance states into Σ), then replicas and AMS iterations (ln p̂).
 *
 * @throws KramersError for invalid input (the parameter is named in `issues`).
 */
export function amsRuns(config: AmsConfig, signal?: { aborted: boolean }): AmsPartial {
  const c = checkAmsConfig(config);
  const warnings: string[] = [];
  const forceFn = compileSource('force', config.force);
  const xiC = coreLevel(config, c, forceFn, warnings);
  const f0 = forceFn(c.xa);
  if (!Number.isFinite(f0)) {
    throw new KramersError('not_finite', `force is not finite at start x = ${c.xa}`);
  }
  const state: AmsState = {
    c,
    run: compileExcursion(config.force, c),
    st: new Float64Array(4),
    scratch: new Float64Array(1),
    steps: 0,
    iterations: 0,
    failed: false,
    interrupted: false,
  };
  const runs: AmsRun[] = [];
  for (let r = 0; r < c.runs && !state.interrupted; r++) {
    const s = new Int32Array(deriveStreamSeed(config.seed >>> 0, c.firstRun + r));
    const loops = runLoops(state, s, xiC, signal);
    if (loops === null) break;
    const replicas = startReplicas(state, s, loops.entrances);
    const logProbability = splitReplicas(state, s, replicas, signal);
    if (state.interrupted || state.failed) break;
    runs.push({ loopTime: loops.tauLoop, logProbability });
  }
  if (state.failed) {
    warnings.push(
      'a trajectory met a non-finite position: the force overflowed or dt is too large',
    );
  }
  const { steps, iterations, failed, interrupted } = state;
  const replicas = c.N;
  return { runs, replicas, steps, iterations, failed, interrupted, warnings, engine: c.engine };
}

/**
 * The relative standard error of T̂ = τ̄/p̄ over R runs by the delta method,
 * Var(ln T) ≈ [Var(τ/τ̄) + Var(p/p̄) − 2 Cov]/R; NaN for one run.
 */
function amsRelativeSe(
  loopTimes: readonly number[],
  tauBar: number,
  ratios: readonly number[],
  meanRatio: number,
): number {
  const R = loopTimes.length;
  if (R < 2) return Number.NaN;
  let vt = 0;
  let vp = 0;
  let c = 0;
  for (let i = 0; i < R; i++) {
    const dtau = loopTimes[i]! / tauBar - 1;
    const dp = ratios[i]! / meanRatio - 1;
    vt += dtau * dtau;
    vp += dp * dp;
    c += dtau * dp;
  }
  return Math.sqrt(Math.max(0, vt + vp - 2 * c) / (R - 1) / R);
}

/** Above this −ln p̂/N the spread of the runs understates the error of p̄ (see `fewReplicas`). */
export const AMS_MAX_LOG_RATIO = 0.5;

const Z975 = 1.959963984540054;

/**
 * The relative SE and 95% interval of T̂ when the replicas N are few against ln(1/p̂), with the
 * warning that says so; null when −ln p̂/N ≤ AMS_MAX_LOG_RATIO, where the runs' spread is kept.
 *
 * In the ideal AMS the number of iterations is Poisson with mean −N ln p (Guyader, Hengartner &
 * Matzner-Løber, Appl. Math. Optim. 64, 2011), so p̂ = (1 − 1/N)^K has relative variance
 * p^{−1/N} − 1 = e^{r} − 1, r = −ln p/N (≈ r, as in Cérou & Guyader 2007), and ln p̂ spreads by
 * √r: at r ≳ 1 the law of p̂ is so skewed that R runs rarely see the rare large p̂ that carry its
 * mean, their spread reads small and p̄ low, so T̂ reads high with an interval too narrow. In that
 * model (R = 10 runs; test/simulation/amsCoverage.test.ts runs it) the Student interval
 * of the spread covers 0.93, 0.92, 0.90, 0.88, 0.78 at r = 0.3, 0.5, 0.75, 1, 2.6, with T̂'s median
 * 1.02, 1.04, 1.06, 1.09, 1.39× the truth; the audit's real runs covered less (34/40 at r ≈ 1,
 * 28/40 at r ≈ 2.6, every miss high). Past r = 0.5 (N < 2·(−ln p̂)) the interval is therefore the
 * wider of the Student one and ±1.96·√((e^{r̂} − 1)/R) on the log scale: the ideal variance is a
 * floor, as a reaction coordinate other than the committor only adds to it (Cérou, Guyader,
 * Lelièvre & Pommier 2011). It covered 0.97–0.99 in the model at r = 0.5–2.6.
 */
function fewReplicas(
  mfpt: number,
  relativeSe: number,
  logPBar: number,
  N: number,
  R: number,
): { relativeSe: number; ci: [number, number]; warning: string } | null {
  const r = -logPBar / N;
  if (!(r > AMS_MAX_LOG_RATIO) || R < 2) return null;
  const ideal = Math.sqrt(Math.expm1(r) / R);
  const student = logStudentInterval(mfpt, relativeSe, R);
  const f = Math.exp(Z975 * ideal);
  const ci: [number, number] = mfpt * f > student[1] ? [mfpt / f, mfpt * f] : student;
  const logP = -logPBar;
  const least = Math.ceil(2 * logP);
  return {
    relativeSe: Math.max(relativeSe, ideal),
    ci,
    warning: `${N} replicas for −ln p̂ = ${logP.toPrecision(3)} (fewer than 2·(−ln p̂) = ${least}): p̂'s law is so skewed that the spread of ${R} runs understates the error and the MFPT likely reads high; the 95% interval spans at least ±1.96 ideal AMS standard errors, √((e^{−ln p̂/N} − 1)/R) on the log scale; use ≥ ${least} replicas`,
  };
}

/**
 * Combines AMS runs (from one call or from several workers, in run order) into the MFPT estimate
 * T̂ = τ̄/p̄ with its delta-method standard error (see `adaptiveMultilevelSplitting`), widened
 * when the replicas are few against ln(1/p̂) (see `fewReplicas`).
 */
export function combineAmsRuns(parts: readonly AmsPartial[], requestedRuns: number): AmsResult {
  const loopTimes = parts.flatMap((p) => p.runs.map((r) => r.loopTime));
  const logProbabilities = parts.flatMap((p) => p.runs.map((r) => r.logProbability));
  const steps = parts.reduce((a, p) => a + p.steps, 0);
  const iterations = parts.reduce((a, p) => a + p.iterations, 0);
  const failed = parts.some((p) => p.failed);
  const R = loopTimes.length;
  const interrupted = !failed && R < requestedRuns;
  const warnings = [...new Set(parts.flatMap((p) => p.warnings))];
  const engines = new Set(parts.map((p) => p.engine));
  const engine = engines.size === 1 ? [...engines][0] : undefined;
  if (interrupted) warnings.push(`interrupted after ${R} of ${requestedRuns} runs`);
  const nan: AmsResult = {
    mfpt: Number.NaN,
    mfptStdErr: Number.NaN,
    mfptCI95: [Number.NaN, Number.NaN],
    logMfpt: Number.NaN,
    probability: Number.NaN,
    meanLoopTime: Number.NaN,
    iterations,
    steps,
    retcode: failed ? 'not_converged' : 'interrupted',
    warnings,
    ...(engine ? { engine } : {}),
  };
  if (R === 0) return nan;
  const maxLog = Math.max(...logProbabilities);
  if (maxLog === Number.NEGATIVE_INFINITY) {
    warnings.push('every AMS run went extinct (p̂ = 0): use more replicas');
    return {
      ...nan,
      retcode: 'not_converged',
      mfpt: Number.POSITIVE_INFINITY,
      logMfpt: Number.POSITIVE_INFINITY,
    };
  }
  // p̄ in logs: p̂ itself may underflow.
  const ratios = logProbabilities.map((l) => Math.exp(l - maxLog));
  const meanRatio = ratios.reduce((a, b) => a + b, 0) / R;
  const logPBar = maxLog + Math.log(meanRatio);
  const tauBar = loopTimes.reduce((a, b) => a + b, 0) / R;
  const logMfpt = Math.log(tauBar) - logPBar;
  const mfpt = Math.exp(logMfpt);
  const spread = amsRelativeSe(loopTimes, tauBar, ratios, meanRatio);
  const N = Math.min(...parts.map((p) => p.replicas));
  const few = fewReplicas(mfpt, spread, logPBar, N, R);
  if (few) warnings.push(few.warning);
  const relativeSe = few ? few.relativeSe : spread;
  if (R < 2) {
    warnings.push(
      'one run gives no error bar (the interval is [0, ∞]): use ≥ 2 runs (independentRuns, --runs), ≥ 10 for a 95% interval that covers',
    );
  } else if (R < ROUGH_SAMPLE) {
    warnings.push(
      `only ${R} AMS runs: the 95% interval (Student t on the log scale) is rough (measured to cover 0.95, 0.96, 0.97 at 2, 3, 5 runs: D = 0.05, 50 replicas, 300 seeds)`,
    );
  }
  if (ratios.some((v) => v === 0)) {
    warnings.push(
      'some AMS runs went extinct (p̂ = 0): the error bar is unreliable; use more replicas',
    );
  }
  return {
    mfpt,
    mfptStdErr: R >= 2 ? mfpt * relativeSe : Number.POSITIVE_INFINITY,
    mfptCI95: few ? few.ci : logStudentInterval(mfpt, relativeSe, R),
    logMfpt,
    probability: Math.exp(logPBar),
    meanLoopTime: tauBar,
    iterations,
    steps,
    retcode: interrupted ? 'interrupted' : failed || R < 2 ? 'not_converged' : 'success',
    warnings,
    ...(engine ? { engine } : {}),
  };
}
