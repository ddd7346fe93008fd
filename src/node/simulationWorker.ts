import {
  type AmsConfig,
  type AmsPartial,
  amsRuns,
  type ChunkRequest,
  type ChunkResult,
  countTransitions,
  runChunk,
  type TransitionCounts,
  type TransitionRequest,
} from '../simulation/index.js';

/** A task for the worker: a chunk of walkers, AMS runs, or transition-counting trajectories. */
export type SimulationTask =
  | ChunkRequest
  | { readonly ams: AmsConfig }
  | { readonly transitions: TransitionRequest };

/**
 * Worker-thread entry: the same pure kernels as in the browser's Web Worker. It imports only the
 * simulation module (no expression parser, no CLI), so each worker starts light; the potential
 * arrives as generated source inside the request.
 */
export default function simulateChunk(
  task: SimulationTask,
): ChunkResult | AmsPartial | TransitionCounts {
  if ('ams' in task) return amsRuns(task.ams);
  if ('transitions' in task) return countTransitions(task.transitions);
  return runChunk(task);
}
