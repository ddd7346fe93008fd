import type { ChunkRequest, ChunkResult } from './types.js';

/**
 * Runs chunks of walkers: in-process by default, a worker pool in Node (src/node) or Web Workers
 * in the browser. Returns one result per request, in request order (so the numbers do not depend
 * on the worker count); `undefined` for a chunk not run because of an abort. `onChunk` is called
 * as each chunk finishes (any order), with its index in `requests`.
 */
export type ChunkRunner = (
  requests: readonly ChunkRequest[],
  options: { signal?: AbortSignal; onChunk?: (index: number, result: ChunkResult) => void },
) => Promise<(ChunkResult | undefined)[]>;

/**
 * Runs jobs one after another in this thread, yielding to the event loop between them so that an
 * abort (Ctrl-C, a Stop button) is seen; the shape every runner of this module has.
 */
export async function runInProcess<Request, Result>(
  requests: readonly Request[],
  run: (request: Request, signal?: { aborted: boolean }) => Result,
  signal: AbortSignal | undefined,
  onDone: ((index: number, result: Result) => void) | undefined,
): Promise<(Result | undefined)[]> {
  const results: (Result | undefined)[] = [];
  for (const request of requests) {
    if (signal?.aborted) {
      results.push(undefined);
      continue;
    }
    const result = run(request, signal);
    results.push(result);
    onDone?.(results.length - 1, result);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return results;
}
