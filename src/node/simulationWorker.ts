import {
  type AmsConfig,
  type AmsPartial,
  amsRuns,
  type ChunkRequest,
  type ChunkResult,
  countTransitions,
  runChunk,
  sampleTrajectories,
  type TrajectoryRequest,
  type TrajectorySamples,
  type TransitionCounts,
  type TransitionRequest,
} from '../simulation/index.js';

/** A task for the worker: a chunk of walkers, AMS runs, transition counts or sampled paths. */
export type SimulationTask =
  | ChunkRequest
  | { readonly ams: AmsConfig }
  | { readonly transitions: TransitionRequest }
  | { readonly trajectory: TrajectoryRequest };

/**
 * Worker-thread entry: the same pure kernels as in the browser's Web Worker. It imports only the
 * simulation module (no expression parser, no CLI), so each worker starts light; the potential
 * arrives as generated source inside the request.
 */
export default function simulateChunk(
  task: SimulationTask,
): ChunkResult | AmsPartial | TransitionCounts | TrajectorySamples {
  if ('ams' in task) return amsRuns(task.ams);
  if ('trajectory' in task) return sampleTrajectories(task.trajectory);
  if ('transitions' in task) return countTransitions(task.transitions);
  return runChunk(task);
}
