/**
 * Long free trajectories sampled at fixed intervals (no absorption): the input of spectral
 * measures such as the power spectral density and the response to a periodic drive.
 */
import { KramersError } from '../core/index.js';
import { resolveConfig } from './config.js';
import { buildKernel, sampleStartOf } from './kernel.js';
import { deriveStreamSeed, normalOf } from './rng.js';
import type { SimulationConfig } from './types.js';

export interface TrajectoryRequest {
  /** Absorbing boundaries are ignored; tMax is set from samples × every × dt. */
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
}

function invalid(path: string, message: string): never {
  throw new KramersError('invalid_parameter', `${path}: ${message}`, {
    issues: [{ path, message }],
  });
}

/**
 * Runs trajectories firstTrajectory … firstTrajectory + trajectories − 1 and records x every
 * `every` steps, with the same generated kernels as `runChunk` (a time-dependent force U′(x, t)
 * sees t = n·dt from each trajectory's start). Deterministic for any split over workers.
 *
 * @throws KramersError for invalid sizes or configuration (named in `issues`).
 */
export function sampleTrajectories(
  request: TrajectoryRequest,
  signal?: { aborted: boolean },
): TrajectorySamples {
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
  // No absorption: a boundary far beyond any finite position.
  const config = {
    ...request.config,
    absorbing: { above: Number.MAX_VALUE },
    tMax: samples * every * request.config.dt,
  } as SimulationConfig;
  const resolved = resolveConfig(config);
  const kernel = buildKernel(resolved, config.force);
  const sampleStart = sampleStartOf(resolved, config.potential);
  const underdamped = resolved.dynamics === 'underdamped';
  const thermalSpeed = Math.sqrt(resolved.D / resolved.mass);
  const x = new Float64Array(trajectories * samples);
  const st = new Float64Array(3);
  const s = new Int32Array(4);
  let steps = 0;
  let failed = 0;
  let done = 0;
  for (; done < trajectories; done++) {
    if (signal?.aborted) break;
    s.set(deriveStreamSeed(resolved.seed, firstTrajectory + done));
    st[0] = sampleStart(s);
    st[1] = underdamped ? thermalSpeed * normalOf(s) : 0;
    st[2] = 0;
    const row = done * samples;
    for (let k = 0; k < samples; k++) {
      const code = kernel(s, st, st[2]! + every);
      if (code === 2) {
        failed++;
        break;
      }
      x[row + k] = st[0]!;
    }
    steps += st[2]!;
  }
  return {
    x: done < trajectories ? x.slice(0, done * samples) : x,
    trajectories: done,
    samples,
    steps,
    failed,
    aborted: done < trajectories,
  };
}
