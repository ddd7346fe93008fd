import { createWebWorkerRunner, type WebWorkerRunner, type WorkerLike } from 'kramers/browser';
import SimulationWorker from 'kramers/browser/worker?worker';

/**
 * The walkers' Web Workers nested in a tab's own worker (Drive, Pull), kept between runs: the
 * function gives the pool of `workers` threads, made anew (the old one closed) when that changes.
 */
export function nestedWalkerPool(): (workers: number) => WebWorkerRunner {
  let pool: WebWorkerRunner | null = null;
  return (workers) => {
    if (!pool || pool.workers !== workers) {
      pool?.close();
      pool = createWebWorkerRunner(workers, {
        createWorker: () => new SimulationWorker() as unknown as WorkerLike,
      });
    }
    return pool;
  };
}
