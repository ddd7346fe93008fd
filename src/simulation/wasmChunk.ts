import type { ResolvedConfig } from './config.js';
import { deriveStreamSeed, normalOf } from './rng.js';
import type { ChunkResult } from './types.js';
import { LANE_ABSORBED, LANE_FAILED } from './wasmKernel.js';
import type { LaneKernel } from './wasmLanes.js';

/** Steps per `run` call at most, so that an abort is seen within a few milliseconds. */
const MAX_STEPS_PER_CALL = 1 << 14;

/**
 * The walkers 0 … done − 1 that all finished, in index order (both engines' contract: an aborted
 * chunk keeps a prefix, so any split into chunks stays the same walkers), and a cut of a
 * per-walker array to them.
 */
export function finishedPrefix(finished: Uint8Array) {
  let done = 0;
  while (done < finished.length && finished[done] === 1) done++;
  const aborted = done < finished.length;
  const cut = <T extends Float64Array | Uint8Array>(a: T) =>
    aborted ? (a.slice(0, done) as T) : a;
  return { done, aborted, cut };
}

/** Per-walker results of a chunk, filled in whatever order the lanes finish. */
class Outcomes {
  readonly times: Float64Array;
  readonly censored: Uint8Array;
  readonly finished: Uint8Array;
  readonly steps: Float64Array;
  readonly finalX: Float64Array | undefined;
  readonly finalV: Float64Array | undefined;
  /** Walkers that met a non-finite state; the first of them (by index) is `failure`. */
  readonly failed = new Set<number>();
  failure: ChunkResult['failure'];
  failureWalker = Number.POSITIVE_INFINITY;

  constructor(walkers: number, record: boolean) {
    this.times = new Float64Array(walkers);
    this.censored = new Uint8Array(walkers);
    this.finished = new Uint8Array(walkers);
    this.steps = new Float64Array(walkers);
    this.finalX = record ? new Float64Array(walkers) : undefined;
    this.finalV = record ? new Float64Array(walkers) : undefined;
  }

  /** The result for the walkers 0 … done − 1 that all finished (the JS engine's contract). */
  result(): ChunkResult {
    const { done, aborted, cut } = finishedPrefix(this.finished);
    let steps = 0;
    let failed = 0;
    for (let i = 0; i < done; i++) {
      steps += this.steps[i]!;
      if (this.failed.has(i)) failed++;
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
      ...(this.finalX && this.finalV ? { finalX: cut(this.finalX), finalV: cut(this.finalV) } : {}),
    };
  }
}

/**
 * The lanes' scheduler every study on the WebAssembly engine shares: lanes take walkers in index
 * order (`begin(lane, w)` seeds the lane's stream and state); a lane that reports a code (absorbed,
 * failed, at its step limit) hands it to `event(lane, w, code)`, which returns true when walker w
 * is finished — the lane then takes the next walker — or re-arms the lane (new step limit or
 * boundaries) and returns false. A walker draws from its own stream only, so what it does is
 * independent of which lane runs it and when. Returns the walkers finished (fewer when aborted).
 */
export function driveLanes(
  kernel: LaneKernel,
  walkers: number,
  parkAt: number,
  begin: (lane: number, w: number) => void,
  event: (lane: number, w: number, code: number) => boolean,
  signal?: { aborted: boolean },
): number {
  const walkerOf = new Int32Array(kernel.lanes).fill(-1);
  let next = 0;
  const assign = (lane: number) => {
    if (next >= walkers) {
      // An idle lane: no boundaries, no step limit, parked at a harmless point.
      walkerOf[lane] = -1;
      kernel.setLane(lane, parkAt, 0, 0, Infinity, -Infinity, Infinity);
      return;
    }
    const w = next++;
    begin(lane, w);
    walkerOf[lane] = w;
  };
  for (let lane = 0; lane < kernel.lanes; lane++) assign(lane);
  let finished = 0;
  while (finished < walkers && !signal?.aborted) {
    if (!kernel.advance(MAX_STEPS_PER_CALL)) continue;
    for (let lane = 0; lane < kernel.lanes; lane++) {
      const code = kernel.code(lane);
      if (code === 0) continue;
      kernel.clearCode(lane);
      const w = walkerOf[lane]!;
      if (w < 0) assign(lane);
      else if (event(lane, w, code)) {
        finished++;
        assign(lane);
      }
    }
  }
  return finished;
}

/**
 * `runChunk` on the WebAssembly engine: the lanes take walkers in index order and each lane that
 * finishes takes the next. A walker draws from its own stream only (start, velocity, noise), so
 * its path — and the chunk's numbers — are those of the JavaScript engine, bit for bit.
 */
export function runChunkOnLanes(
  kernel: LaneKernel,
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
  const below = config.below ?? Number.NEGATIVE_INFINITY;
  const above = config.above ?? Number.POSITIVE_INFINITY;
  const out = new Outcomes(walkers, record);
  const s = new Int32Array(4);
  const begin = (lane: number, w: number) => {
    s.set(deriveStreamSeed(config.seed, firstWalker + w));
    const x0 = sampleStart(s);
    const v0 = underdamped ? thermalSpeed * normalOf(s) : 0;
    kernel.setState(lane, s);
    kernel.setLane(lane, x0, v0, 0, nTotal, below, above);
  };
  driveLanes(
    kernel,
    walkers,
    config.startMin,
    begin,
    (lane, w, code) => {
      finish(out, w, code, kernel, lane, config, firstWalker);
      return true;
    },
    signal,
  );
  return out.result();
}

function finish(
  out: Outcomes,
  w: number,
  code: number,
  kernel: LaneKernel,
  lane: number,
  config: ResolvedConfig,
  firstWalker: number,
): void {
  const n = kernel.n(lane);
  const x = kernel.x(lane);
  out.finished[w] = 1;
  out.steps[w] = n;
  if (out.finalX && out.finalV) {
    out.finalX[w] = x;
    out.finalV[w] = kernel.v(lane);
  }
  if (code === LANE_ABSORBED) {
    out.times[w] = n * config.dt;
    return;
  }
  out.censored[w] = 1;
  if (code !== LANE_FAILED) {
    out.times[w] = config.tMax;
    return;
  }
  out.times[w] = n * config.dt;
  out.failed.add(w);
  if (w < out.failureWalker) {
    const underdamped = config.dynamics === 'underdamped';
    out.failureWalker = w;
    out.failure = {
      walker: firstWalker + w,
      t: n * config.dt,
      x,
      reason: `non-finite ${underdamped ? 'position or velocity' : 'position'} (x = ${x}, v = ${kernel.v(lane)}): the force overflowed or dt is too large`,
    };
  }
}
