import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import {
  type DenseEngine,
  denseArena,
  type KleinKramersLevelJob,
  type KleinKramersLevelSolved,
  solveKleinKramersLevel,
} from '../spectral/index.js';

/** What the thread posts for each job: its level, or null where the solve threw. */
export interface ThreadAnswer {
  readonly id: number;
  readonly solved: KleinKramersLevelSolved | null;
}

/**
 * Worker-thread entry of createKleinKramersHelper: solves the jobs it is sent, in order, each in
 * one memory kept for the thread's life (denseArena: only the largest level's pages are touched
 * fresh), posts each answer, then raises the shared counter the caller waits on.
 */
const { state, port } = workerData as { state: Int32Array; port: MessagePort };
const arenas = new Map<DenseEngine, ReturnType<typeof denseArena>>();

parentPort!.on('message', ({ id, job }: { id: number; job: KleinKramersLevelJob }) => {
  let solved: KleinKramersLevelSolved | null = null;
  try {
    let arena = arenas.get(job.engine);
    if (!arena) arenas.set(job.engine, (arena = denseArena(job.engine)));
    solved = solveKleinKramersLevel(job, arena);
  } catch {
    // The caller solves the level itself and meets the same error there, with its message.
  }
  port.postMessage({ id, solved } satisfies ThreadAnswer);
  Atomics.store(state, 0, id);
  Atomics.notify(state, 0);
});
Atomics.store(state, 1, 1);
Atomics.notify(state, 1);
