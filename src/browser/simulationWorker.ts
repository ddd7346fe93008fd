import { runJob, type SimulationJob, transferables } from '../simulation/index.js';

/**
 * Web Worker entry: the same pure dispatcher (`runJob`) as the Node worker_threads pool
 * (src/node). It imports only the simulation module, so a worker starts light; the potential
 * arrives as generated source inside the job (built from the checked syntax tree on the page,
 * never from user text).
 *
 * Protocol: { id, job } in; { id, result } or { id, error: { message, code } } out. The typed
 * arrays of the result are transferred, not copied.
 */
interface Incoming {
  readonly id: number;
  readonly job: SimulationJob;
}

const scope = globalThis as unknown as {
  onmessage: ((event: { data: Incoming }) => void) | null;
  postMessage(message: unknown, transfer?: ArrayBufferLike[]): void;
};

scope.onmessage = (event) => {
  const { id, job } = event.data;
  try {
    const result = runJob(job);
    scope.postMessage({ id, result }, transferables(result));
  } catch (error) {
    const e = error as { message?: string; code?: string };
    scope.postMessage({ id, error: { message: String(e?.message ?? error), code: e?.code } });
  }
};
