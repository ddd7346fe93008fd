/**
 * kramers/browser: the browser adapters. `createWebWorkerRunner` runs simulation chunks on Web
 * Workers (entry `kramers/browser/worker`), the twin of `createSimulationPool` in kramers/node.
 */
export type { ChunkRequest, ChunkResult, ChunkRunner } from '../simulation/index.js';
export {
  createWebWorkerRunner,
  type WebWorkerRunner,
  type WebWorkerRunnerOptions,
  type WorkerLike,
} from './webWorkerRunner.js';
