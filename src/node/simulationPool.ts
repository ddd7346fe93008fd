import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { KramersError } from '../core/index.js';
import type { JobResult, Runner } from '../simulation/index.js';
import type { WorkerFailure } from './simulationWorker.js';

export interface SimulationPool {
  /** Runs every kind of simulation job on the pool's threads (the studies' `runner` option). */
  readonly runner: Runner;
  readonly workers: number;
  close(): Promise<void>;
}

/**
 * A worker_threads pool (piscina) running simulation jobs on all cores. Results come back in
 * request order, so a run gives the same numbers for any worker count; an abort cancels the
 * jobs not yet finished and keeps the ones that are.
 */
export function createSimulationPool(workers: number = availableParallelism()): SimulationPool {
  const pool = new Piscina({
    // '../node/': the same file from dist/node and from the CLI's bundle in dist/cli.
    filename: new URL('../node/simulationWorker.js', import.meta.url).href,
    // Threads start with the first task, not with the pool: a command that stops on bad input
    // never loads a worker (destroying a pool whose worker was still instantiating its module
    // crashed Node 20 under load), and they stay for the run's later batches.
    minThreads: 0,
    maxThreads: workers,
    idleTimeout: 60_000,
  });
  /** Runs jobs in request order; a job cancelled by the abort gives undefined. */
  const runner: Runner = async (jobs, { signal, onDone } = {}) => {
    const settled = await Promise.allSettled(
      jobs.map(async (job, index) => {
        const result = (await pool.run(job, signal ? { signal } : {})) as JobResult | WorkerFailure;
        if ('kramersError' in result) {
          const { code, message, issues, hint } = result.kramersError;
          throw new KramersError(code, message, { issues, ...(hint ? { hint } : {}) });
        }
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
  return { runner, workers, close: () => pool.destroy() };
}
