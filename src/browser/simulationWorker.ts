import { type ChunkRequest, type ChunkResult, runChunk } from '../simulation/index.js';

/**
 * Web Worker entry: the same pure kernel as the Node worker_threads pool (src/node). It imports
 * only the simulation module, so a worker starts light; the potential arrives as generated source
 * inside the request (built from the checked syntax tree on the page, never from user text).
 *
 * Protocol: { id, request } in; { id, result } or { id, error: { message, code } } out. The typed
 * arrays of the result are transferred, not copied.
 */
interface Incoming {
  readonly id: number;
  readonly request: ChunkRequest;
}

const scope = globalThis as unknown as {
  onmessage: ((event: { data: Incoming }) => void) | null;
  postMessage(message: unknown, transfer?: ArrayBufferLike[]): void;
};

scope.onmessage = (event) => {
  const { id, request } = event.data;
  try {
    const result: ChunkResult = runChunk(request);
    const transfer: ArrayBufferLike[] = [result.times.buffer, result.censored.buffer];
    if (result.finalX) transfer.push(result.finalX.buffer);
    if (result.finalV) transfer.push(result.finalV.buffer);
    scope.postMessage({ id, result }, transfer);
  } catch (error) {
    const e = error as { message?: string; code?: string };
    scope.postMessage({ id, error: { message: String(e?.message ?? error), code: e?.code } });
  }
};
