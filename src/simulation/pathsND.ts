/**
 * Sampled paths of N-D first-passage walkers: the positions of a few walkers of a run at a stride
 * of steps, until each one's first passage into the target (or the censoring time), drawn by the
 * same generated kernel from the same per-walker streams as `runChunkND`. A path therefore ends
 * exactly where that walker's first passage is recorded by `runChunkND` (the kernel's state does
 * not depend on where a block of steps is cut: every draw comes from the walker's own stream).
 */
import { KramersError } from '../core/index.js';
import { BLOCK } from './kernel.js';
import { checkWalkers, prepareKernelND } from './kernelND.js';
import { deriveStreamSeed, normalOf } from './rng.js';
import type { SimulationConfigND } from './typesND.js';

export interface PathRequestND {
  readonly config: SimulationConfigND;
  /** Walker i draws from deriveStreamSeed(config.seed, i), as in `runChunkND`. */
  readonly firstWalker: number;
  readonly walkers: number;
  /** Time steps between recorded positions (doubled while a path outgrows `maxPoints`). */
  readonly every: number;
  /** The most positions kept per path (≥ 16): a longer path keeps every other one, and so on. */
  readonly maxPoints: number;
}

/** How a sampled path ended. */
export type PathEnd = 'absorbed' | 'censored' | 'failed';

/** One walker's path: times and positions (point k at x[k·n … k·n + n − 1]), start and end included. */
export interface WalkerPathND {
  readonly walker: number;
  readonly t: Float64Array;
  readonly x: Float64Array;
  /** The time of the last point: the first-passage time when `end` is 'absorbed'. */
  readonly tEnd: number;
  readonly end: PathEnd;
  /**
   * Whether the last point lies in the target. False for an absorbed walker means the bridge
   * correction saw the path cross into the target between the last two samples (Gobet 2000).
   */
  readonly endInTarget: boolean;
  /** Time steps between the recorded points (after any thinning). */
  readonly every: number;
}

export interface PathsResultND {
  readonly paths: readonly WalkerPathND[];
  readonly steps: number;
  readonly aborted: boolean;
}

function invalid(path: string, message: string): never {
  throw new KramersError('invalid_parameter', `${path}: ${message}`, {
    issues: [{ path, message }],
  });
}

/** A growable list of time-stamped points that keeps every other one when it fills up. */
class ThinnedPath {
  t: number[] = [];
  x: number[] = [];
  constructor(
    private readonly n: number,
    private readonly max: number,
    public every: number,
  ) {}

  push(time: number, q: Float64Array): void {
    // Full: keep points 0, 2, 4, … and double the stride, so the memory stays bounded. Thinned
    // before the new point goes in, so the last point (a walker's first passage) is always kept.
    if (this.t.length >= this.max) {
      const n = this.n;
      this.t = this.t.filter((_, k) => k % 2 === 0);
      this.x = this.x.filter((_, j) => Math.floor(j / n) % 2 === 0);
      this.every *= 2;
    }
    this.t.push(time);
    for (let i = 0; i < this.n; i++) this.x.push(q[i]!);
  }
}

function checkPathRequest(request: PathRequestND): void {
  checkWalkers(request.firstWalker, request.walkers);
  if (!Number.isInteger(request.every) || request.every < 1) {
    invalid('every', 'expected a whole number of steps ≥ 1');
  }
  if (!Number.isInteger(request.maxPoints) || request.maxPoints < 16) {
    invalid('maxPoints', 'expected a whole number ≥ 16');
  }
  if (request.walkers * request.maxPoints > 2 ** 24) {
    invalid('walkers', 'walkers × maxPoints exceeds 2^24 points: ask for fewer paths');
  }
}

/**
 * Runs walkers firstWalker … firstWalker + walkers − 1 of an N-D run, recording each one's
 * position at t = 0 and every `every` steps, and its last position at first passage (or at the
 * censoring time, or where it failed). Walker i's path ends at the time `runChunkND` gives walker i.
 *
 * @throws KramersError for an invalid request or configuration, or a start inside the target.
 */
export function samplePathsND(
  request: PathRequestND,
  signal?: { aborted: boolean },
): PathsResultND {
  checkPathRequest(request);
  const { c, kernel } = prepareKernelND(request.config);
  const { n, dt, tMax } = c;
  // The same step count and start draws as runChunkND, so the streams line up step for step.
  const nTotal = Math.ceil(tMax / dt - 1e-9);
  const thermalSpeed = Math.sqrt(c.D / c.mass);
  const q = new Float64Array(n);
  const v = new Float64Array(n);
  const f = new Float64Array(n);
  const gq = new Float64Array(request.config.target.count * (n + 1));
  const probe = new Float64Array(gq.length);
  const scratch = new Float64Array(n);
  const st = new Float64Array(1);
  const s = new Int32Array(4);
  const paths: WalkerPathND[] = [];
  let steps = 0;
  for (let k = 0; k < request.walkers; k++) {
    if (signal?.aborted) break;
    const walker = request.firstWalker + k;
    s.set(deriveStreamSeed(c.seed, walker));
    q.set(c.start);
    for (let i = 0; i < n; i++)
      v[i] = c.dynamics === 'underdamped' ? thermalSpeed * normalOf(s) : 0;
    if (kernel.prime(q, f, gq)) invalid('start', 'the start lies inside the target');
    const path = new ThinnedPath(n, request.maxPoints, request.every);
    path.push(0, q);
    st[0] = 0;
    let code = 0;
    let next = path.every;
    while (code === 0 && st[0]! < nTotal) {
      const stop = Math.min(next, st[0]! + BLOCK, nTotal);
      code = kernel.block(s, st, q, v, f, gq, stop);
      if (code === 0 && st[0] === next) {
        path.push(st[0]! * dt, q);
        next = st[0]! + path.every;
      }
    }
    const last = st[0]!;
    steps += last;
    const tEnd = code === 0 ? tMax : last * dt;
    if (path.t[path.t.length - 1] !== tEnd) path.push(tEnd, q);
    // The target's test on the last point, on copies: f and gq of the walker are left alone.
    scratch.set(q);
    const endInTarget = kernel.prime(scratch, new Float64Array(n), probe);
    paths.push({
      walker,
      t: Float64Array.from(path.t),
      x: Float64Array.from(path.x),
      tEnd,
      end: code === 1 ? 'absorbed' : code === 2 ? 'failed' : 'censored',
      endInTarget,
      every: path.every,
    });
  }
  return { paths, steps, aborted: paths.length < request.walkers };
}
