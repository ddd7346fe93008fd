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

const arenaOf = (engine: DenseEngine) => {
  let arena = arenas.get(engine);
  if (!arena) arenas.set(engine, (arena = denseArena(engine)));
  return arena;
};

/**
 * The memory of a job to come, grown and written once now, while the caller solves its start
 * level: the first touch of fresh pages is what makes a thread's first level slow (1.7 times the
 * same level solved again, tilted well at D = 0.025, γ = 0.05).
 */
function prepare(memory: { engine: DenseEngine; doubles: number }): void {
  const { engine, doubles } = memory;
  if (engine !== 'wasm' || !(Number.isInteger(doubles) && doubles > 0)) return;
  arenaOf(engine)(doubles).array(doubles, false).fill(0);
}

type Message =
  | { id: number; job: KleinKramersLevelJob }
  | { prepare: { engine: DenseEngine; doubles: number } | undefined };

parentPort!.on('message', (message: Message) => {
  if ('prepare' in message) {
    try {
      if (message.prepare) prepare(message.prepare);
    } catch {
      // Only a head start: the job that follows grows the memory itself.
    }
    return;
  }
  const { id, job } = message;
  let solved: KleinKramersLevelSolved | null = null;
  try {
    solved = solveKleinKramersLevel(job, arenaOf(job.engine));
  } catch {
    // The caller solves the level itself and meets the same error there, with its message.
  }
  port.postMessage({ id, solved } satisfies ThreadAnswer);
  Atomics.store(state, 0, id);
  Atomics.notify(state, 0);
});
Atomics.store(state, 1, 1);
Atomics.notify(state, 1);
