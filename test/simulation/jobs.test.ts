import { afterAll, describe, expect, it } from 'vitest';
// The pool loads its worker from the built package (dist/node/simulationWorker.js).
import { createSimulationPool } from '../../dist/node/index.js';
import { isKramersError } from '../../src/core/index.js';
import {
  type AmsConfig,
  type ChunkRequest,
  inProcessRunner,
  type JobResult,
  type RelaxationRequest,
  runJob,
  runJobs,
  type SimulationJob,
  type TrajectoryRequest,
  type TransitionRequest,
} from '../../src/simulation/index.js';
import { sourcesOf } from './sources.js';

// One runner type for every kind of simulation job: the same job gives the same numbers in this
// thread, on a worker_threads pool of any size (walker or run i draws from stream i), and
// through the typed door runJobs.
const double = sourcesOf('x^4/4 - x^2/2');
const base = { ...double, D: 0.25, gamma: 1, dt: 2e-3, seed: 5 };
const chunk: ChunkRequest = {
  config: { dynamics: 'overdamped', ...base, tMax: 50, start: { x: -1 }, absorbing: { above: 0 } },
  firstWalker: 3,
  walkers: 20,
};
const relaxation: RelaxationRequest = {
  config: {
    dynamics: 'underdamped',
    ...base,
    mass: 1,
    divide: 0,
    start: { min: -3, max: 0 },
    sampleEvery: 50,
    samples: 10,
  },
  firstWalker: 0,
  walkers: 16,
};
const ams: AmsConfig = {
  force: double.force,
  D: 0.1,
  gamma: 1,
  dt: 2e-3,
  start: -1,
  target: 0,
  replicas: 20,
  seed: 2,
  independentRuns: 1,
  firstRun: 1,
};
const trajectory: TrajectoryRequest = {
  config: { dynamics: 'overdamped', ...base, start: { x: -1 } },
  firstTrajectory: 1,
  trajectories: 2,
  samples: 20,
  every: 5,
};
const transitions: TransitionRequest = {
  config: {
    dynamics: 'overdamped',
    ...base,
    cores: [
      { min: Number.NEGATIVE_INFINITY, max: -0.8 },
      { min: 0.8, max: Number.POSITIVE_INFINITY },
    ],
    start: -1,
    duration: 20,
  },
  firstTrajectory: 0,
  trajectories: 2,
};
const jobs: SimulationJob[] = [
  { kind: 'chunk', request: chunk },
  { kind: 'relaxation', request: relaxation },
  { kind: 'ams', request: ams },
  { kind: 'trajectory', request: trajectory },
  { kind: 'transitions', request: transitions },
];

/** Typed arrays as plain arrays, so that results from a worker thread compare with local ones. */
function plain(result: JobResult | undefined): unknown {
  return JSON.parse(
    JSON.stringify(result, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)),
  );
}

const pool = createSimulationPool(2);
afterAll(() => pool.close());

describe('one runner for every job kind', () => {
  it('in-process, and on a pool of two threads: the same numbers, in request order', async () => {
    const local = await inProcessRunner(jobs);
    const pooled = await pool.runner(jobs);
    expect(local.map(plain)).toEqual(jobs.map((job) => plain(runJob(job))));
    expect(pooled.map(plain)).toEqual(local.map(plain));
  }, 60_000);

  it('runJobs hands back results typed by kind and reports each job as it finishes', async () => {
    const seen: number[] = [];
    const requests = [chunk, { ...chunk, firstWalker: 23 }];
    const results = await runJobs(pool.runner, 'chunk', requests, { onDone: (i) => seen.push(i) });
    expect(results.map((r) => r!.times.length)).toEqual([20, 20]);
    expect(seen.sort()).toEqual([0, 1]);
  });

  it('bad input found in a worker thread arrives as the KramersError it was', async () => {
    // A thread boundary keeps an Error's message but not its class: the worker sends it as data
    // and the pool raises it again, so the CLI reports misuse (exit 2), not an internal error.
    const bad = { ...ams, replicas: 1 };
    // (The pool is the built package's, so its KramersError is dist's class: check by name/code.)
    const error = await runJobs(pool.runner, 'ams', [bad]).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'KramersError', code: 'invalid_parameter' });
    expect((error as Error).message).toMatch(/replicas: expected a whole number ≥ 2/);
    await expect(runJobs(undefined, 'ams', [bad])).rejects.toSatisfy(isKramersError);
  });

  it('an abort keeps finished jobs and leaves the rest undefined', async () => {
    const controller = new AbortController();
    const many = Array.from({ length: 6 }, (_, i) => ({ ...chunk, firstWalker: 20 * i }));
    const results = await runJobs(undefined, 'chunk', many, {
      signal: controller.signal,
      onDone: (i) => {
        if (i === 1) controller.abort();
      },
    });
    expect(results.map((r) => r !== undefined)).toEqual([true, true, false, false, false, false]);
  });
});
