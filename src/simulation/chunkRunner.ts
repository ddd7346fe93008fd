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
