import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ChunkResult, ChunkRunner } from '../simulation/index.js';

export interface SimulationPool {
  readonly runner: ChunkRunner;
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
    minThreads: workers,
    maxThreads: workers,
  });
  const runner: ChunkRunner = async (requests, { signal, onChunk }) => {
    const settled = await Promise.allSettled(
      requests.map(async (request, index) => {
        const result = (await pool.run(request, signal ? { signal } : {})) as ChunkResult;
        onChunk?.(index, result);
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
