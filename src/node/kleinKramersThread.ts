import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import {
  type DenseEngine,
  denseArena,
  type KleinKramersLevelFactors,
  type KleinKramersLevelJob,
  type KleinKramersLevelSolved,
  type KleinKramersPreparedLevel,
  prepareKleinKramersLevel,
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

/** Factors made ahead for the next job (prepare with a level), in that engine's arena. */
let prepared: KleinKramersPreparedLevel | null = null;

/**
 * The memory of a job to come, grown and written once now, while the caller solves its start
 * level: the first touch of fresh pages is what makes a thread's first level slow (1.7 times the
 * same level solved again, tilted well at D = 0.025, γ = 0.05). With the job's level, its factors
 * are made now (they write that memory), and the job, which can only be sent once the caller's
 * start level is solved (it starts from that level's basis), then only iterates.
 */
function prepare(memory: PrepareMessage): void {
  const { engine, doubles, level } = memory;
  prepared = null;
  if (level) {
    prepared = prepareKleinKramersLevel(level, arenaOf(level.engine));
    return;
  }
  if (engine !== 'wasm' || !(Number.isInteger(doubles) && doubles > 0)) return;
  arenaOf(engine)(doubles).array(doubles, false).fill(0);
}

type PrepareMessage = {
  engine: DenseEngine;
  doubles: number;
  level?: KleinKramersLevelFactors;
};

type Message = { id: number; job: KleinKramersLevelJob } | { prepare: PrepareMessage | undefined };

parentPort!.on('message', (message: Message) => {
  if ('prepare' in message) {
    try {
      if (message.prepare) prepare(message.prepare);
    } catch {
      // Only a head start: the job that follows grows the memory and factors itself.
      prepared = null;
    }
    return;
  }
  const { id, job } = message;
  let solved: KleinKramersLevelSolved | null = null;
  // The factors made ahead serve this job only if it is their level (compared value by value);
  // either way the arena is used by this job, so they are gone after it.
  const ahead = prepared;
  prepared = null;
  try {
    solved = solveKleinKramersLevel(job, arenaOf(job.engine), ahead);
  } catch {
    // The caller solves the level itself and meets the same error there, with its message.
  }
  port.postMessage({ id, solved } satisfies ThreadAnswer);
  Atomics.store(state, 0, id);
  Atomics.notify(state, 0);
});
Atomics.store(state, 1, 1);
Atomics.notify(state, 1);
