import {
  type AmsConfig,
  type AmsPartial,
  amsRuns,
  type ChunkRequest,
  type ChunkResult,
  runChunk,
} from '../simulation/index.js';

/** A task for the worker: a chunk of walkers, or AMS runs. */
export type SimulationTask = ChunkRequest | { readonly ams: AmsConfig };

/**
 * Worker-thread entry: the same pure kernels as in the browser's Web Worker. It imports only the
 * simulation module (no expression parser, no CLI), so each worker starts light; the potential
 * arrives as generated source inside the request.
 */
export default function simulateChunk(task: SimulationTask): ChunkResult | AmsPartial {
  return 'ams' in task ? amsRuns(task.ams) : runChunk(task);
}
