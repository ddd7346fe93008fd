import { KramersError } from '../core/index.js';
import type { JobResult, Runner, SimulationJob } from '../simulation/index.js';

/** The slice of the DOM Worker this adapter uses (keeps the module free of DOM lib types). */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface WebWorkerRunnerOptions {
  /**
   * Makes one worker. Default: a module Worker on this package's `simulationWorker.js`
   * (`new Worker(new URL('./simulationWorker.js', import.meta.url), { type: 'module' })`, the
   * form bundlers such as Vite recognise and bundle).
   */
  readonly createWorker?: () => WorkerLike;
}

export interface WebWorkerRunner {
  /** Runs every kind of simulation job (the `runner` option of every simulating study). */
  readonly runner: Runner;
  readonly workers: number;
  /** Terminates every worker; chunks still running are reported as not run (undefined). */
  close(): void;
}

interface Reply {
  readonly id: number;
  readonly result?: JobResult;
  readonly error?: { message: string; code?: string };
}

function defaultWorker(): WorkerLike {
  const WorkerCtor = (globalThis as unknown as { Worker?: new (u: URL, o: object) => WorkerLike })
    .Worker;
  if (!WorkerCtor) {
    throw new KramersError('usage', 'Web Workers are not available here (no global Worker)', {
      hint: 'in Node use createSimulationPool from kramers/node',
    });
  }
  return new WorkerCtor(new URL('./simulationWorker.js', import.meta.url), { type: 'module' });
}

/**
 * Runs simulation jobs on `n` browser Web Workers: the browser twin of the Node pool
 * (`createSimulationPool` in kramers/node), with the same {@link Runner} contract. Results come
 * back in request order and each walker draws from its own counter-based stream, so one seed gives
 * bit-identical numbers here, in Node and in-process, for any worker count. An abort stops handing
 * out chunks and terminates busy workers (they are replaced on the next run); finished chunks are
 * kept.
 */
export function createWebWorkerRunner(
  n: number,
  options: WebWorkerRunnerOptions = {},
): WebWorkerRunner {
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new KramersError(
      'invalid_parameter',
      `workers must be a whole number from 1 to 64; got ${n}`,
      {
        issues: [{ path: 'workers', message: 'out of range' }],
      },
    );
  }
  const make = options.createWorker ?? defaultWorker;
  const slots: (WorkerLike | null)[] = new Array(n).fill(null);
  let closed = false;
  let nextId = 0;
  /** Settles every chunk in flight as not run (used by close()). */
  const inFlight = new Set<() => void>();

  const runOn = (slot: number, job: SimulationJob, signal?: AbortSignal) =>
    new Promise<JobResult | undefined>((resolve, reject) => {
      let worker = slots[slot];
      if (!worker) {
        worker = make();
        slots[slot] = worker;
      }
      const id = nextId++;
      const w = worker;
      const settle = () => {
        inFlight.delete(notRun);
        signal?.removeEventListener('abort', onAbort);
      };
      const notRun = () => {
        settle();
        resolve(undefined);
      };
      const onAbort = () => {
        // A chunk cannot be interrupted inside the worker's loop: end the worker instead.
        w.terminate();
        slots[slot] = null;
        notRun();
      };
      inFlight.add(notRun);
      signal?.addEventListener('abort', onAbort, { once: true });
      w.onmessage = (event) => {
        const reply = event.data as Reply;
        if (reply.id !== id) return;
        settle();
        if (reply.error) {
          reject(new KramersError('usage', reply.error.message));
        } else resolve(reply.result);
      };
      w.onerror = (event) => {
        settle();
        w.terminate();
        slots[slot] = null;
        const message = (event as { message?: string })?.message ?? 'worker failed';
        reject(new KramersError('usage', `simulation worker failed: ${message}`));
      };
      w.postMessage({ id, job });
    });

  /** Hands jobs to the lanes in order; results in request order, undefined where not run. */
  const runner: Runner = async (jobs, { signal, onDone } = {}) => {
    if (closed) throw new KramersError('usage', 'this Web Worker runner was closed');
    const results: (JobResult | undefined)[] = new Array(jobs.length).fill(undefined);
    let next = 0;
    const lane = async (slot: number) => {
      while (next < jobs.length && !signal?.aborted && !closed) {
        const index = next++;
        const result = await runOn(slot, jobs[index]!, signal);
        if (result === undefined) return;
        results[index] = result;
        onDone?.(index, result);
      }
    };
    await Promise.all(Array.from({ length: Math.min(n, jobs.length) }, (_, i) => lane(i)));
    return results;
  };
  return {
    runner,
    workers: n,
    close() {
      closed = true;
      for (const notRun of [...inFlight]) notRun();
      for (let i = 0; i < slots.length; i++) {
        slots[i]?.terminate();
        slots[i] = null;
      }
    },
  };
}
