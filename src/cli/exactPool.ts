import { Piscina } from 'piscina';
import type { ExactPointRunner } from '../index.js';

/**
 * Worker threads for the exact turnover column: each thread computes one friction value at a
 * time through the library's `turnoverExactPoint` (exactThread.ts), so `--workers` cores share
 * the Klein–Kramers solves. Threads start with the first point.
 */
export function createExactPool(workers: number): ExactPointRunner & { close(): Promise<void> } {
  const pool = new Piscina({
    filename: new URL('./exactThread.js', import.meta.url).href,
    minThreads: 0,
    maxThreads: workers,
    idleTimeout: 60_000,
  });
  return {
    workers,
    run: (problem, gamma, signal) => pool.run({ problem, gamma }, signal ? { signal } : {}),
    close: () => pool.destroy(),
  };
}
