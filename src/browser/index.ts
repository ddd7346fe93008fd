/**
 * kramers/browser: the browser adapter. `createWebWorkerRunner` runs simulation jobs on Web
 * Workers (entry `kramers/browser/worker`), the twin of `createSimulationPool` in kramers/node:
 * its `runner` is the `runner` option of every simulating study.
 */
export type { JobResult, Runner, RunnerOptions, SimulationJob } from '../simulation/index.js';
export {
  createWebWorkerRunner,
  type WebWorkerRunner,
  type WebWorkerRunnerOptions,
  type WorkerLike,
} from './webWorkerRunner.js';
