/**
 * Long free trajectories sampled at fixed intervals (no absorption): the input of spectral
 * measures such as the power spectral density and the response to a periodic drive.
 */
import { KramersError } from '../core/index.js';
import { type ResolvedConfig, resolveConfig } from './config.js';
import { simulationEngine } from './engine.js';
import { buildKernel, sampleStartOf, WASM_GROUPS } from './kernel.js';
import { deriveStreamSeed, normalOf } from './rng.js';
import type { Engine, SimulationConfig } from './types.js';
import { driveLanes } from './wasmChunk.js';
import { LANE_AT_END } from './wasmKernel.js';
import { laneKernel } from './wasmLanes.js';

export interface TrajectoryRequest {
  /**
   * Absorbing boundaries are ignored; tMax is set from samples × every × dt. `engine`: the
   * kernels, 'wasm' (WebAssembly SIMD lanes) or 'js'; the same samples bit for bit. Default: the
   * faster one this runtime has.
   */
  readonly config: Omit<SimulationConfig, 'absorbing' | 'tMax' | 'recordFinalState'>;
  /** Trajectory i uses the stream deriveStreamSeed(seed, i). */
  readonly firstTrajectory: number;
  readonly trajectories: number;
  /** Samples per trajectory, the first at t = every·dt. */
  readonly samples: number;
  /** Time steps between samples. */
  readonly every: number;
}

export interface TrajectorySamples {
  /** x at t = (k + 1)·every·dt, trajectory after trajectory (trajectories × samples values). */
  readonly x: Float64Array;
  readonly trajectories: number;
  readonly samples: number;
  readonly steps: number;
  /** Trajectories stopped by a non-finite state: their remaining samples are NaN-free zeros. */
  readonly failed: number;
  readonly aborted: boolean;
  /** The kernels that ran (the same samples on either). */
  readonly engine: Engine;
}

function invalid(path: string, message: string): never {
  throw new KramersError('invalid_parameter', `${path}: ${message}`, {
    issues: [{ path, message }],
  });
}

/**
 * No absorption: one boundary beyond every finite position. A state that reaches it (x = the
 * largest double, overflow a step away) counts as failed, like a non-finite one, on both engines.
 */
const NO_BOUNDARY = Number.MAX_VALUE;

/** What both engines need: the checked request, its resolved configuration and start sampler. */
interface Sampling {
  readonly request: TrajectoryRequest;
  readonly config: SimulationConfig;
  readonly resolved: ResolvedConfig;
  readonly sampleStart: (s: Int32Array) => number;
  readonly thermalSpeed: number;
  /** The samples, trajectory after trajectory (zeros where a trajectory failed). */
  readonly x: Float64Array;
}

function prepareSampling(request: TrajectoryRequest): Sampling {
  const { firstTrajectory, trajectories, samples, every } = request;
  for (const [name, value, min] of [
    ['firstTrajectory', firstTrajectory, 0],
    ['trajectories', trajectories, 0],
    ['samples', samples, 1],
    ['every', every, 1],
  ] as const) {
    if (!Number.isInteger(value) || value < min) invalid(name, `expected a whole number ≥ ${min}`);
  }
  if (firstTrajectory + trajectories > 2 ** 32) invalid('trajectories', 'indices must stay < 2^32');
  if (trajectories * samples > 2 ** 27) {
    invalid('samples', 'trajectories × samples exceeds 2^27 values: split the request');
  }
  const config = {
    ...request.config,
    absorbing: { above: NO_BOUNDARY },
    tMax: samples * every * request.config.dt,
  } as SimulationConfig;
  const resolved = resolveConfig(config);
  return {
    request,
    config,
    resolved,
    sampleStart: sampleStartOf(resolved, config.potential),
    thermalSpeed: resolved.dynamics === 'underdamped' ? Math.sqrt(resolved.D / resolved.mass) : 0,
    x: new Float64Array(trajectories * samples),
  };
}

/**
 * Runs trajectories firstTrajectory … firstTrajectory + trajectories − 1 and records x every
 * `every` steps, with the same generated kernels as `runChunk` (a time-dependent force U′(x, t)
 * sees t = n·dt from each trajectory's start). Trajectory i draws only from stream i, so the
 * samples are the same for any split over jobs and workers — and on either engine
 * (`config.engine`, default wasm where it runs): the WebAssembly lanes run several trajectories
 * side by side, each to its next sample time, with the JavaScript kernel's arithmetic step for
 * step. `signal.aborted` keeps the first trajectories finished (the JavaScript engine checks it
 * between trajectories, the lanes every 2^14 steps).
 *
 * @throws KramersError for invalid sizes or configuration (named in `issues`).
 */
export function sampleTrajectories(
  request: TrajectoryRequest,
  signal?: { aborted: boolean },
): TrajectorySamples {
  const p = prepareSampling(request);
  return simulationEngine(p.resolved, p.config.force) === 'wasm'
    ? sampleOnLanes(p, signal)
    : sampleOnJs(p, signal);
}

/** The JavaScript engine: one trajectory after another, one kernel call per sample interval. */
function sampleOnJs(p: Sampling, signal?: { aborted: boolean }): TrajectorySamples {
  const { trajectories, samples, every, firstTrajectory } = p.request;
  const kernel = buildKernel(p.resolved, p.config.force);
  const st = new Float64Array(3);
  const s = new Int32Array(4);
  let steps = 0;
  let failed = 0;
  let done = 0;
  for (; done < trajectories; done++) {
    if (signal?.aborted) break;
    s.set(deriveStreamSeed(p.resolved.seed, firstTrajectory + done));
    st[0] = p.sampleStart(s);
    st[1] = p.thermalSpeed > 0 ? p.thermalSpeed * normalOf(s) : 0;
    st[2] = 0;
    const row = done * samples;
    for (let k = 0; k < samples; k++) {
      // 0: at the sample time; 1 (the far boundary) or 2 (non-finite): failed.
      if (kernel(s, st, st[2]! + every) !== 0) {
        failed++;
        break;
      }
      p.x[row + k] = st[0]!;
    }
    steps += st[2]!;
  }
  return samplesOf(p, done, steps, failed, 'js');
}

/**
 * The WebAssembly engine: the lanes take trajectories in index order; a lane at its step limit
 * records x and gets the next sample time as its new limit, and at the last sample takes the next
 * trajectory. The results are kept per trajectory, so an abort keeps the first ones finished.
 */
function sampleOnLanes(p: Sampling, signal?: { aborted: boolean }): TrajectorySamples {
  const { trajectories, samples, every, firstTrajectory } = p.request;
  const kernel = laneKernel(
    `trajectory|${JSON.stringify(p.request.config)}`,
    p.resolved,
    p.config.force.program!,
    { groups: WASM_GROUPS, below: false, above: true },
  );
  const sampleOf = new Int32Array(kernel.lanes);
  const stepsOf = new Float64Array(trajectories);
  const failedOf = new Uint8Array(trajectories);
  const finished = new Uint8Array(trajectories);
  const s = new Int32Array(4);
  const begin = (lane: number, w: number) => {
    s.set(deriveStreamSeed(p.resolved.seed, firstTrajectory + w));
    const x0 = p.sampleStart(s);
    const v0 = p.thermalSpeed > 0 ? p.thermalSpeed * normalOf(s) : 0;
    kernel.setState(lane, s);
    kernel.setLane(lane, x0, v0, 0, every, Number.NEGATIVE_INFINITY, NO_BOUNDARY);
    sampleOf[lane] = 0;
  };
  const event = (lane: number, w: number, code: number) => {
    if (code === LANE_AT_END) {
      const k = sampleOf[lane]!;
      p.x[w * samples + k] = kernel.x(lane);
      if (k + 1 < samples) {
        sampleOf[lane] = k + 1;
        kernel.setEnd(lane, (k + 2) * every);
        return false;
      }
    } else failedOf[w] = 1;
    stepsOf[w] = kernel.n(lane);
    finished[w] = 1;
    return true;
  };
  driveLanes(kernel, trajectories, p.resolved.startMin, begin, event, signal);
  let done = 0;
  while (done < trajectories && finished[done] === 1) done++;
  let steps = 0;
  let failed = 0;
  for (let i = 0; i < done; i++) {
    steps += stepsOf[i]!;
    failed += failedOf[i]!;
  }
  return samplesOf(p, done, steps, failed, 'wasm');
}

/** The report of the first `done` trajectories (all of them unless aborted). */
function samplesOf(
  p: Sampling,
  done: number,
  steps: number,
  failed: number,
  engine: Engine,
): TrajectorySamples {
  const { trajectories, samples } = p.request;
  const aborted = done < trajectories;
  return {
    x: aborted ? p.x.slice(0, done * samples) : p.x,
    trajectories: done,
    samples,
    steps,
    failed,
    aborted,
    engine,
  };
}
