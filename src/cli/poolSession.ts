import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { KramersError } from '../index.js';
import type { SimulationPool } from '../node/index.js';
import { type CliIO, indexOption } from './options.js';
import { progressBar } from './progress.js';

/** What a long simulation command gets: the pool, an abort signal and an optional progress hook. */
export interface PoolSession {
  readonly pool: SimulationPool;
  readonly workers: number;
  readonly signal: AbortSignal;
  /** Spread into a library call's options: a progress bar on a terminal, nothing otherwise. */
  readonly progress: { onProgress?: (done: number, total: number) => void };
  /** Clears the progress line before printing results. */
  readonly endProgress: () => void;
}

/**
 * Runs `work` with a worker pool on `--workers` threads (default: all cores), a Ctrl-C handler
 * that aborts the work and keeps what was computed (a second Ctrl-C quits), and a progress bar
 * with ETA on stderr when it is a terminal and the output is not JSON. The pool is closed after.
 */
export async function withPoolSession<T>(
  io: CliIO,
  options: { workers?: string; json?: boolean },
  unit: string,
  work: (session: PoolSession) => Promise<T>,
): Promise<T> {
  const workers =
    options.workers !== undefined
      ? indexOption('workers', options.workers)
      : availableParallelism();
  if (workers < 1) throw new KramersError('invalid_parameter', '--workers must be at least 1');
  // Loaded on demand: worker threads and piscina cost start-up time the other commands skip.
  const { createSimulationPool } = await import('../node/index.js');
  const pool = createSimulationPool(workers);
  const controller = new AbortController();
  // Every queued job listens for the abort: lift the default cap of 10 listeners.
  setMaxListeners(0, controller.signal);
  const onSigint = () => {
    io.stderr('\ninterrupted: finishing with the work done so far (Ctrl-C again to quit)\n');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onSigint);
  const bar = process.stderr.isTTY && !options.json ? progressBar(process.stderr, unit) : null;
  try {
    return await work({
      pool,
      workers,
      signal: controller.signal,
      progress: bar ? { onProgress: (done, total) => bar.update(done, total) } : {},
      endProgress: () => bar?.stop(),
    });
  } finally {
    bar?.stop();
    process.removeListener('SIGINT', onSigint);
    await pool.close();
  }
}
