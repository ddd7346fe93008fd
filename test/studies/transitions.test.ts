/**
 * The transition-counting study's jobs: trajectories batched so the WebAssembly lanes fill, with
 * the same counts for any batch and on either engine, progress in trajectories, and an abort that
 * keeps the jobs finished. (Rates against exact values: test/cli/simulate.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import {
  engineRunner,
  inProcessRunner,
  type Runner,
  type SimulationJob,
  simulateTransitions,
} from '../../src/index.js';

const problem = {
  potential: 'x^4/4 - x^2/2 + 0.15*x',
  D: 0.2,
  dt: 0.005,
  duration: 300,
  trajectories: 6,
  seed: 2,
};

describe('simulateTransitions on the runner', () => {
  it('makes jobs of four trajectories; the same counts on the JavaScript engine and in jobs of one', async () => {
    const sizes: number[] = [];
    const counting: Runner = (jobs, options) => {
      for (const job of jobs) if (job.kind === 'transitions') sizes.push(job.request.trajectories);
      return inProcessRunner(jobs, options);
    };
    const progress: [number, number][] = [];
    const wasm = await simulateTransitions(problem, {
      runner: counting,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(sizes).toEqual([4, 2]);
    expect(progress).toEqual([
      [4, 6],
      [6, 6],
    ]);
    expect(wasm.retcode).toBe('success');
    expect(wasm.trajectories).toBe(6);
    expect(wasm.transitions.every((t) => t.count > 0)).toBe(true);
    // Stream i for trajectory i, counts in whole steps: the batch and the engine change nothing.
    const js = await simulateTransitions(problem, { runner: engineRunner(inProcessRunner, 'js') });
    expect(js.transitions).toEqual(wasm.transitions);
    expect(js.steps).toBe(wasm.steps);
    const ones: Runner = (jobs, options) =>
      inProcessRunner(
        jobs.flatMap((job): SimulationJob[] =>
          job.kind === 'transitions'
            ? Array.from({ length: job.request.trajectories }, (_, i) => ({
                ...job,
                request: {
                  ...job.request,
                  firstTrajectory: job.request.firstTrajectory + i,
                  trajectories: 1,
                },
              }))
            : [job],
        ),
        options,
      );
    const single = await simulateTransitions(problem, { runner: ones });
    expect(single.transitions).toEqual(wasm.transitions);
  });

  it('keeps the finished jobs when aborted: interrupted, with their trajectories counted', async () => {
    const controller = new AbortController();
    const r = await simulateTransitions(problem, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    expect(r.retcode).toBe('interrupted');
    expect(r.trajectories).toBe(4);
    expect(r.warnings).toContain('interrupted after 4 of 6 trajectories');
  });
});
