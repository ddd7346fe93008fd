import {
  MessageChannel,
  type MessagePort,
  receiveMessageOnPort,
  Worker,
} from 'node:worker_threads';
import { requirePositive } from '../core/index.js';
import type {
  KleinKramersHelper,
  KleinKramersLevelJob,
  KleinKramersLevelSolved,
} from '../spectral/index.js';
import type { ThreadAnswer } from './kleinKramersThread.js';

export interface KleinKramersThread extends KleinKramersHelper {
  /** Stops the worker thread (a later job starts a new one). */
  close(): Promise<void>;
}

export interface KleinKramersThreadOptions {
  /** Seconds to wait for one job's answer before giving up on the thread (default 600). */
  readonly timeoutSeconds?: number;
  /** Seconds to wait for the thread to load its code (default 30). */
  readonly startSeconds?: number;
}

interface Thread {
  readonly worker: Worker;
  readonly port: MessagePort;
  /** [0]: the last job answered; [1]: 1 once the thread has loaded. */
  readonly state: Int32Array;
  /** Jobs sent so far (the id of the last). */
  sent: number;
}

/**
 * A worker thread that solves one Klein–Kramers ladder level while the calling thread solves
 * another (kleinKramersSpectrum's `helper`: a full step's check level beside the full step). The
 * ladder is synchronous, so the caller waits with Atomics.wait on a shared counter the thread
 * raises once its answer is posted, and reads the answer with receiveMessageOnPort (Node's
 * synchronous receive). Jobs run in order; the answers of abandoned jobs are skipped. The thread
 * starts with `prepare` (kleinKramersSpectrum calls it before its start level, and the thread then
 * touches the memory of the first job) or with the first job, and does not keep the process alive. Where it fails (its code did not
 * load, a job threw, no answer within the timeout), the job's answer is null and the caller
 * solves the level itself, to the same result; a thread that did not load is not tried again.
 */
export function createKleinKramersHelper(
  options: KleinKramersThreadOptions = {},
): KleinKramersThread {
  const timeout = 1000 * requirePositive('timeoutSeconds', options.timeoutSeconds ?? 600);
  const startTimeout = 1000 * requirePositive('startSeconds', options.startSeconds ?? 30);
  let thread: Thread | null = null;
  // A thread that never loaded its code (a broken install) is not tried again.
  let broken = false;
  const stop = () => {
    const t = thread;
    thread = null;
    if (t) t.port.close();
    return t ? t.worker.terminate().then(() => undefined) : Promise.resolve();
  };
  const wait = (t: Thread, id: number): KleinKramersLevelSolved | null => {
    if (thread !== t) return null;
    if (!until(t.state, 1, 1, startTimeout)) broken = true;
    if (broken || !until(t.state, 0, id, timeout)) {
      if (thread === t) void stop();
      return null;
    }
    return answerOf(t.port, id);
  };
  return {
    start(job: KleinKramersLevelJob) {
      if (broken) return () => null;
      thread ??= open();
      const t = thread;
      const id = ++t.sent;
      t.worker.postMessage({ id, job });
      return () => wait(t, id);
    },
    // Nothing to stop: the thread finishes the job and its answer is skipped when read.
    abandon() {},
    prepare(memory) {
      if (broken) return;
      thread ??= open();
      thread.worker.postMessage({ prepare: memory });
    },
    close: stop,
  };
}

function open(): Thread {
  const state = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  // '../node/': the same file from dist/node and from the CLI's bundle in dist/cli (scripts/bundle-cli.mjs).
  const worker = new Worker(new URL('../node/kleinKramersThread.js', import.meta.url), {
    workerData: { state, port: port2 },
    transferList: [port2],
  });
  // Its failures reach the caller as a missing answer (wait); the thread never holds the process.
  worker.on('error', () => {});
  worker.unref();
  port1.unref();
  return { worker, port: port1, state, sent: 0 };
}

/** Blocks until state[slot] ≥ value or the milliseconds run out; true if it got there. */
function until(state: Int32Array, slot: number, value: number, milliseconds: number): boolean {
  const deadline = Date.now() + milliseconds;
  for (;;) {
    const seen = Atomics.load(state, slot);
    if (seen >= value) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    Atomics.wait(state, slot, seen, Math.min(left, 1000));
  }
}

/** The answer to job `id`: answers come in order, so earlier (abandoned) ones are skipped. */
function answerOf(port: MessagePort, id: number): KleinKramersLevelSolved | null {
  for (;;) {
    const got = receiveMessageOnPort(port);
    if (!got) return null;
    const answer = got.message as ThreadAnswer;
    if (answer.id === id) return answer.solved;
  }
}
