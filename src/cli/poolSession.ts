import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { budgetedRunner, engineRunner, KramersError, parseEngine, type Runner } from '../index.js';
import type { SimulationPool } from '../node/index.js';
import { type CliIO, indexOption } from './options.js';
import { type Progress, progressBar, progressLines } from './progress.js';

/** What a long simulation command gets: the pool, an abort signal and an optional progress hook. */
export interface PoolSession {
  readonly pool: SimulationPool;
  /** The pool's runner behind the work budget (refuses a batch past it, unless --yes). */
  readonly runner: Runner;
  readonly workers: number;
  readonly signal: AbortSignal;
  /** Spread into a library call's options: the progress reporter's hook. */
  readonly progress: { onProgress?: (done: number, total: number) => void };
  /** Clears the progress line before printing results. */
  readonly endProgress: () => void;
  /** Spread into a study's options: the budget of its exact solves (none with --yes). */
  readonly budget: { readonly budgetSeconds?: number };
}

/** What the session says about its work: the unit progress counts, what to do past the budget. */
export interface SessionPlan {
  readonly unit: string;
  /** The command's cheaper alternatives, for a refusal (--yes is added). */
  readonly hint: string;
}

/** The options every simulating command shares. */
export interface SessionOptions {
  workers?: string;
  /** --engine: js or wasm (default: the faster one this runtime has). */
  engine?: string;
  json?: boolean;
  yes?: boolean;
}

/**
 * The work budget in seconds of estimated wall time: KRAMERS_BUDGET, default 120 (a run that
 * would take longer is refused with its estimate unless --yes).
 */
export function budgetSeconds(): number {
  const text = process.env['KRAMERS_BUDGET'];
  const seconds = text === undefined ? 120 : Number(text);
  if (!(seconds > 0)) {
    throw new KramersError(
      'usage',
      `KRAMERS_BUDGET must be a positive number of seconds; got '${text}'`,
    );
  }
  return seconds;
}

/**
 * `--engine js|wasm`, one option for every simulating command (declared beside --workers, applied
 * by `withPoolSession`): the kernels that run first-passage walkers, population relaxation,
 * transition counting and 1-D AMS (same numbers either way; default the faster one available, wasm
 * where the runtime has WebAssembly SIMD). Walkers in several coordinates have wasm kernels when
 * overdamped with scalar friction (BAOAB and a friction matrix run on js); AMS and sampled paths
 * in several coordinates have JavaScript kernels only.
 */
export const ENGINE_OPTION = [
  '--engine <engine>',
  'simulation kernels: js or wasm (WebAssembly SIMD); same numbers, default the faster available',
] as const;

/** The checked --workers (default: all cores). */
export function workersOption(text: string | undefined): number {
  const workers = text !== undefined ? indexOption('workers', text) : availableParallelism();
  if (workers < 1) throw new KramersError('invalid_parameter', '--workers must be at least 1');
  if (workers > 256) {
    throw new KramersError('invalid_parameter', `--workers ${workers} is more than 256 threads`, {
      hint: `this machine has ${availableParallelism()} cores`,
    });
  }
  return workers;
}

/** The budget of a study's exact solves, as its options take it: none with --yes. */
export function exactBudget(options: SessionOptions): { budgetSeconds?: number } {
  return options.yes ? {} : { budgetSeconds: budgetSeconds() };
}

/** A progress bar on a terminal, progress lines every few seconds otherwise (even under --json). */
export function progressOf(io: CliIO, unit: string): Progress {
  return process.stderr.isTTY ? progressBar(process.stderr, unit) : progressLines(io.stderr, unit);
}

/**
 * Runs `work` with a worker pool on `--workers` threads (default: all cores) behind a work
 * budget (refusal with the estimate past `budgetSeconds()`, unless --yes), a Ctrl-C handler that
 * aborts the work and keeps what was computed (a second Ctrl-C quits), and progress on stderr.
 * The pool is closed after.
 */
export async function withPoolSession<T>(
  io: CliIO,
  options: SessionOptions,
  plan: SessionPlan,
  work: (session: PoolSession) => Promise<T>,
): Promise<T> {
  const workers = workersOption(options.workers);
  const engine = parseEngine(options.engine);
  const seconds = options.yes ? Number.POSITIVE_INFINITY : budgetSeconds();
  // Loaded on demand: worker threads and piscina cost start-up time the other commands skip.
  const { createSimulationPool } = await import('../node/index.js');
  const pool = createSimulationPool(workers);
  // The budget sees each job with the engine it will run on (its speed depends on it).
  const runner = engineRunner(
    budgetedRunner(pool.runner, {
      seconds,
      workers,
      hint: `${plan.hint}; or --yes to run it anyway`,
    }),
    engine,
  );
  const controller = new AbortController();
  // Every queued job listens for the abort: lift the default cap of 10 listeners.
  setMaxListeners(0, controller.signal);
  const onSigint = () => {
    io.stderr('\ninterrupted: finishing with the work done so far (Ctrl-C again to quit)\n');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onSigint);
  const bar = progressOf(io, plan.unit);
  try {
    return await work({
      pool,
      runner,
      workers,
      signal: controller.signal,
      progress: { onProgress: (done, total) => bar.update(done, total) },
      endProgress: () => bar.stop(),
      budget: exactBudget(options),
    });
  } finally {
    bar.stop();
    process.removeListener('SIGINT', onSigint);
    await pool.close();
  }
}
