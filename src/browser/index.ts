/**
 * kramers/browser: the browser adapters. `createWebWorkerRunner` runs simulation chunks on Web
 * Workers (entry `kramers/browser/worker`), the twin of `createSimulationPool` in kramers/node; its
 * `trajectoryRunner` runs sampled trajectories (stochastic resonance) on the same workers.
 */
export type {
  ChunkRequest,
  ChunkResult,
  ChunkRunner,
  TrajectoryRequest,
  TrajectoryRunner,
  TrajectorySamples,
} from '../simulation/index.js';
export {
  createWebWorkerRunner,
  type WebWorkerRunner,
  type WebWorkerRunnerOptions,
  type WorkerLike,
} from './webWorkerRunner.js';
