import { Piscina } from 'piscina';
import type { PointOutcome } from '../index.js';

/** Worker threads that run sweep points: each runs one point at a time. */
export interface PointPool {
  readonly workers: number;
  /** Runs one point's arguments; rejects with an AbortError when `signal` aborts it. */
  run(args: readonly string[], signal?: AbortSignal): Promise<PointOutcome>;
  close(): Promise<void>;
}

/**
 * A piscina pool of `workers` threads, each loading the CLI once and running points through it.
 * Threads start with the first point, so bad input found before any work loads none.
 */
export function createPointPool(workers: number): PointPool {
  const pool = new Piscina({
    filename: new URL('./pointThread.js', import.meta.url).href,
    minThreads: 0,
    maxThreads: workers,
    idleTimeout: 60_000,
  });
  return {
    workers,
    run: (args, signal) => pool.run([...args], signal ? { signal } : {}) as Promise<PointOutcome>,
    close: () => pool.destroy(),
  };
}
