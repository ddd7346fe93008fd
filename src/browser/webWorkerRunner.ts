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
  requireWorkerCount(n);
  const pool: Pool = {
    make: options.createWorker ?? defaultWorker,
    slots: new Array(n).fill(null),
    inFlight: new Set(),
    nextId: 0,
    closed: false,
  };
  /** Hands jobs to the lanes in order; results in request order, undefined where not run. */
  const runner: Runner = async (jobs, { signal, onDone } = {}) => {
    if (pool.closed) throw new KramersError('usage', 'this Web Worker runner was closed');
    const results: (JobResult | undefined)[] = new Array(jobs.length).fill(undefined);
    let next = 0;
    const lane = async (slot: number) => {
      while (next < jobs.length && !signal?.aborted && !pool.closed) {
        const index = next++;
        const result = await runChunk(pool, slot, jobs[index]!, signal);
        if (result === undefined) return;
        results[index] = result;
        onDone?.(index, result);
      }
    };
    await Promise.all(Array.from({ length: Math.min(n, jobs.length) }, (_, i) => lane(i)));
    return results;
  };
  return { runner, workers: n, close: () => closePool(pool) };
}

function requireWorkerCount(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new KramersError(
      'invalid_parameter',
      `workers must be a whole number from 1 to 64; got ${n}`,
      {
        issues: [{ path: 'workers', message: 'out of range' }],
      },
    );
  }
}

/** The runner's workers, one per lane (made when first needed, dropped when they fail). */
interface Pool {
  readonly make: () => WorkerLike;
  readonly slots: (WorkerLike | null)[];
  /** Settles every chunk in flight as not run (used by close()). */
  readonly inFlight: Set<() => void>;
  nextId: number;
  closed: boolean;
}

/**
 * One chunk on the lane's worker: its result, undefined where it was not run (aborted, or the
 * runner closed), a KramersError where the job failed or the worker died.
 */
function runChunk(
  pool: Pool,
  slot: number,
  job: SimulationJob,
  signal?: AbortSignal,
): Promise<JobResult | undefined> {
  return new Promise((resolve, reject) => {
    const w = (pool.slots[slot] ??= pool.make());
    const id = pool.nextId++;
    const drop = () => {
      w.terminate();
      pool.slots[slot] = null;
    };
    const settle = () => {
      pool.inFlight.delete(notRun);
      signal?.removeEventListener('abort', onAbort);
    };
    const notRun = () => {
      settle();
      resolve(undefined);
    };
    // A chunk cannot be interrupted inside the worker's loop: end the worker instead.
    const onAbort = () => {
      drop();
      notRun();
    };
    pool.inFlight.add(notRun);
    signal?.addEventListener('abort', onAbort, { once: true });
    w.onmessage = (event) => {
      const reply = event.data as Reply;
      if (reply.id !== id) return;
      settle();
      if (reply.error) reject(new KramersError('usage', reply.error.message));
      else resolve(reply.result);
    };
    w.onerror = (event) => {
      settle();
      drop();
      const message = (event as { message?: string })?.message ?? 'worker failed';
      reject(new KramersError('usage', `simulation worker failed: ${message}`));
    };
    w.postMessage({ id, job });
  });
}

/** Closes the runner: chunks in flight settle as not run, every worker is terminated. */
function closePool(pool: Pool): void {
  pool.closed = true;
  for (const notRun of [...pool.inFlight]) notRun();
  for (let i = 0; i < pool.slots.length; i++) {
    pool.slots[i]?.terminate();
    pool.slots[i] = null;
  }
}
