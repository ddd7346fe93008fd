import { describe, expect, it } from 'vitest';
import { createWebWorkerRunner, type WorkerLike } from '../../src/browser/index.js';
import { isKramersError } from '../../src/core/index.js';
import * as door from '../../src/index.js';
import {
  type ChunkRequest,
  type ChunkResult,
  runChunk,
  runJob,
  runJobs,
  type SimulationConfig,
  type SimulationJob,
  sampleTrajectories,
  type TrajectoryRequest,
} from '../../src/simulation/index.js';
import { sourcesOf } from '../simulation/sources.js';

// The runner's scheduling (order, abort, errors) checked in Node against a stand-in worker that runs
// the same kernel on a timer; the real Web Worker is exercised in Chromium by test/e2e/.
const config: SimulationConfig = {
  dynamics: 'overdamped',
  ...sourcesOf('x^4/4 - x^2/2'),
  D: 0.25,
  gamma: 1,
  dt: 1e-3,
  tMax: 100,
  start: { x: -1 },
  absorbing: { above: 1 },
  seed: 99,
};

/** A fake Worker: answers each message after `delay(id)` ms with runJob's result. */
function fakeWorker(delay: (id: number) => number, made: { count: number }): () => WorkerLike {
  return () => {
    made.count++;
    let terminated = false;
    const worker: WorkerLike = {
      onmessage: null,
      onerror: null,
      terminate() {
        terminated = true;
      },
      postMessage(message) {
        // The same dispatch as src/browser/simulationWorker.ts.
        const { id, job } = message as { id: number; job: SimulationJob };
        setTimeout(() => {
          if (terminated) return;
          try {
            const result = runJob(job);
            worker.onmessage?.({ data: { id, result } });
          } catch (error) {
            worker.onmessage?.({ data: { id, error: { message: (error as Error).message } } });
          }
        }, delay(id));
      },
    };
    return worker;
  };
}

const requests: ChunkRequest[] = [0, 10, 20, 30, 40].map((firstWalker) => ({
  config,
  firstWalker,
  walkers: 10,
}));

describe('createWebWorkerRunner', () => {
  it('returns results in request order, equal to one in-process chunk, whatever finishes first', async () => {
    const made = { count: 0 };
    // Later chunks finish first: order must still follow the requests.
    const { runner, close } = createWebWorkerRunner(3, {
      createWorker: fakeWorker((id) => 20 - 4 * id, made),
    });
    const seen: number[] = [];
    const results = (await runJobs(runner, 'chunk', requests, {
      onDone: (i) => seen.push(i),
    })) as (ChunkResult | undefined)[];
    close();
    const whole = runChunk({ config, firstWalker: 0, walkers: 50 });
    expect(results.flatMap((r) => [...r!.times])).toEqual([...whole.times]);
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4]);
    expect(made.count).toBe(3);
  });

  it('runs trajectory-sampling jobs in request order, equal to one in-process job', async () => {
    const { runner, close } = createWebWorkerRunner(2, {
      createWorker: fakeWorker((id) => 12 - 3 * id, { count: 0 }),
    });
    const { absorbing: _a, tMax: _t, ...free } = config;
    const jobs: TrajectoryRequest[] = [0, 2, 4].map((firstTrajectory) => ({
      config: free,
      firstTrajectory,
      trajectories: 2,
      samples: 50,
      every: 10,
    }));
    const seen: number[] = [];
    const results = await runJobs(runner, 'trajectory', jobs, { onDone: (i) => seen.push(i) });
    close();
    const whole = sampleTrajectories({ ...jobs[0]!, trajectories: 6 });
    expect(results.flatMap((r) => [...r!.x])).toEqual([...whole.x]);
    expect(seen.sort()).toEqual([0, 1, 2]);
  });

  it('is reachable from the package door, the typed way to run jobs of one kind', async () => {
    // The Lab runs its test and animation chunks through the package entry, as users do.
    const { runner, close } = createWebWorkerRunner(2, {
      createWorker: fakeWorker(() => 1, { count: 0 }),
    });
    const results = await door.runJobs(runner, 'chunk', requests.slice(0, 2));
    close();
    const whole = runChunk({ config, firstWalker: 0, walkers: 20 });
    expect(results.flatMap((r) => [...r!.times])).toEqual([...whole.times]);
  });

  it('on abort keeps finished chunks and reports the rest as not run', async () => {
    const controller = new AbortController();
    const { runner } = createWebWorkerRunner(1, {
      createWorker: fakeWorker(() => 5, { count: 0 }),
    });
    const results = await runJobs(runner, 'chunk', requests, {
      signal: controller.signal,
      onDone: (i) => {
        if (i === 1) controller.abort();
      },
    });
    expect(results.map((r) => r !== undefined)).toEqual([true, true, false, false, false]);
  });

  it('turns a kernel error into a KramersError and refuses bad worker counts', async () => {
    const { runner } = createWebWorkerRunner(1, {
      createWorker: fakeWorker(() => 0, { count: 0 }),
    });
    const bad = [{ config: { ...config, dt: -1 }, firstWalker: 0, walkers: 1 }];
    await expect(runJobs(runner, 'chunk', bad)).rejects.toSatisfy(isKramersError);
    expect(() => createWebWorkerRunner(0)).toThrow(/workers must be a whole number/);
  });

  it('close() settles chunks in flight instead of leaving them pending', async () => {
    const { runner, close } = createWebWorkerRunner(2, {
      createWorker: fakeWorker(() => 50, { count: 0 }),
    });
    const pending = runJobs(runner, 'chunk', requests);
    setTimeout(close, 5);
    const results = await pending;
    expect(results.every((r) => r === undefined)).toBe(true);
  });
});
