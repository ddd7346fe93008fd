import { type CompletedChunk, type FirstPassageStatistics, firstPassageStatistics } from 'kramers';

/** One point of the running MFPT curve: the estimate over the first `walkers` walkers. */
export interface RunningPoint {
  readonly walkers: number;
  readonly mfpt: number;
  readonly ci95: readonly [number, number];
}

export interface RunningMfpt {
  readonly points: RunningPoint[];
  /** The library's statistics of all walkers so far (null before the first chunk). */
  readonly last: FirstPassageStatistics | null;
  /** All walkers so far in walker order: time (tMax when censored) and censoring flag. */
  readonly times: Float64Array;
  readonly censored: Uint8Array;
}

/**
 * The running MFPT over completed chunks in walker order, one point per chunk, each the library's
 * `firstPassageStatistics` of the walkers so far: the same estimator and interval as the report
 * (sample mean, or the censored exponential MLE with its χ² interval), so the curve's last point
 * is the report's MFPT and CI. The Lab keeps no statistics of its own. Each call is O(n log n) in
 * the walkers so far (it sorts the absorbed times), once per chunk.
 *
 * `tMax` (the censoring time) only enters the exponential fit's check; without it the largest
 * time stands in, which is tMax whenever a walker was censored and unused otherwise.
 */
export function runningMfpt(chunks: readonly CompletedChunk[], tMax?: number): RunningMfpt {
  const sorted = [...chunks].sort((a, b) => a.firstWalker - b.firstWalker);
  const n = sorted.reduce((s, c) => s + c.result.times.length, 0);
  const times = new Float64Array(n);
  const censored = new Uint8Array(n);
  let k = 0;
  for (const c of sorted) {
    times.set(c.result.times, k);
    censored.set(c.result.censored, k);
    k += c.result.times.length;
  }
  const horizon = tMax ?? times.reduce((a, b) => Math.max(a, b), 0);
  const points: RunningPoint[] = [];
  let last: FirstPassageStatistics | null = null;
  k = 0;
  for (const c of sorted) {
    k += c.result.times.length;
    last = firstPassageStatistics(times.subarray(0, k), censored.subarray(0, k), horizon);
    points.push({ walkers: k, mfpt: last.mfpt, ci95: last.mfptCI95 });
  }
  return { points, last, times, censored };
}
