import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type {
  AmsConfig,
  AmsPartial,
  AmsRunner,
  ChunkRequest,
  ChunkResult,
  ChunkRunner,
  TrajectoryRequest,
  TrajectoryRunner,
  TrajectorySamples,
  TransitionCounts,
  TransitionRequest,
  TransitionRunner,
} from '../simulation/index.js';

export interface SimulationPool {
  readonly runner: ChunkRunner;
  /** AMS jobs on the same threads (give one run per job to spread runs over the cores). */
  readonly amsRunner: AmsRunner;
  /** Transition-counting trajectories on the same threads. */
  readonly transitionRunner: TransitionRunner;
  /** Sampled free trajectories (stochastic resonance) on the same threads. */
  readonly trajectoryRunner: TrajectoryRunner;
  readonly workers: number;
  close(): Promise<void>;
}

/**
 * A worker_threads pool (piscina) running simulation chunks on all cores. Results come back in
 * request order, so a run gives the same numbers for any worker count; an abort cancels the
 * chunks not yet finished and keeps the ones that are.
 */
export function createSimulationPool(workers: number = availableParallelism()): SimulationPool {
  const pool = new Piscina({
    filename: new URL('./simulationWorker.js', import.meta.url).href,
    // Threads start with the first task, not with the pool: a command that stops on bad input
    // never loads a worker (destroying a pool whose worker was still instantiating its module
    // crashed Node 20 under load), and they stay for the run's later batches.
    minThreads: 0,
    maxThreads: workers,
    idleTimeout: 60_000,
  });
  /** Runs tasks in request order; a task cancelled by the abort gives undefined. */
  const runAll = async <T, R>(
    tasks: readonly T[],
    signal: AbortSignal | undefined,
    onDone: ((index: number, result: R) => void) | undefined,
  ): Promise<(R | undefined)[]> => {
    const settled = await Promise.allSettled(
      tasks.map(async (task, index) => {
        const result = (await pool.run(task, signal ? { signal } : {})) as R;
        onDone?.(index, result);
        return result;
      }),
    );
    return settled.map((s) => {
      if (s.status === 'fulfilled') return s.value;
      if (signal?.aborted) return undefined;
      throw s.reason;
    });
  };
  const runner: ChunkRunner = (requests, { signal, onChunk }) =>
    runAll<ChunkRequest, ChunkResult>(requests, signal, onChunk);
  const amsRunner: AmsRunner = (configs, { signal, onJob }) =>
    runAll<{ ams: AmsConfig }, AmsPartial>(
      configs.map((ams) => ({ ams })),
      signal,
      onJob,
    );
  const transitionRunner: TransitionRunner = (requests, { signal, onJob }) =>
    runAll<{ transitions: TransitionRequest }, TransitionCounts>(
      requests.map((transitions) => ({ transitions })),
      signal,
      onJob,
    );
  const trajectoryRunner: TrajectoryRunner = (requests, { signal, onJob }) =>
    runAll<{ trajectory: TrajectoryRequest }, TrajectorySamples>(
      requests.map((trajectory) => ({ trajectory })),
      signal,
      onJob,
    );
  return {
    runner,
    amsRunner,
    transitionRunner,
    trajectoryRunner,
    workers,
    close: () => pool.destroy(),
  };
}
