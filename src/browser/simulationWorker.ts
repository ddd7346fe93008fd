import {
  type ChunkRequest,
  type ChunkResult,
  runChunk,
  sampleTrajectories,
  type TrajectoryRequest,
} from '../simulation/index.js';

/**
 * Web Worker entry: the same pure kernel as the Node worker_threads pool (src/node). It imports
 * only the simulation module, so a worker starts light; the potential arrives as generated source
 * inside the request (built from the checked syntax tree on the page, never from user text).
 *
 * Protocol: { id, request } (a chunk of walkers, `runChunk`) or { id, trajectory } (sampled free
 * trajectories, `sampleTrajectories`) in; { id, result } or { id, error: { message, code } } out.
 * The typed arrays of the result are transferred, not copied.
 */
type Incoming =
  | { readonly id: number; readonly request: ChunkRequest }
  | { readonly id: number; readonly trajectory: TrajectoryRequest };

const scope = globalThis as unknown as {
  onmessage: ((event: { data: Incoming }) => void) | null;
  postMessage(message: unknown, transfer?: ArrayBufferLike[]): void;
};

scope.onmessage = (event) => {
  const message = event.data;
  const { id } = message;
  try {
    if ('trajectory' in message) {
      const samples = sampleTrajectories(message.trajectory);
      scope.postMessage({ id, result: samples }, [samples.x.buffer]);
      return;
    }
    const result: ChunkResult = runChunk(message.request);
    const transfer: ArrayBufferLike[] = [result.times.buffer, result.censored.buffer];
    if (result.finalX) transfer.push(result.finalX.buffer);
    if (result.finalV) transfer.push(result.finalV.buffer);
    scope.postMessage({ id, result }, transfer);
  } catch (error) {
    const e = error as { message?: string; code?: string };
    scope.postMessage({ id, error: { message: String(e?.message ?? error), code: e?.code } });
  }
};
