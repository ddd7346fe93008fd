/**
 * Langevin simulation of first-passage times: generated per-potential kernels (overdamped Euler–
 * Maruyama and stochastic Heun, underdamped BAOAB and Euler–Maruyama), counter-based per-walker
 * random streams (xoshiro128** + ziggurat), censored first-passage statistics and dt checks.
 * Imports only ../core: the same code runs in Node worker_threads and browser Web Workers.
 */

export {
  type AmsConfig,
  type AmsPartial,
  type AmsResult,
  type AmsRun,
  adaptiveMultilevelSplitting,
  amsRuns,
  combineAmsRuns,
} from './ams.js';
export {
  budgetedRunner,
  jobWork,
  overBudgetError,
  STEPS_PER_SECOND,
  type WorkBudget,
} from './budget.js';
export {
  inProcessRunner,
  type JobKind,
  type JobResult,
  type JobTypes,
  type RelaxationRequest,
  type Runner,
  type RunnerOptions,
  runJob,
  runJobs,
  type SimulationJob,
  transferables,
} from './jobs.js';
export { runChunk } from './kernel.js';
export {
  type RelaxationChunk,
  type RelaxationConfig,
  type RelaxationEstimate,
  relaxationRate,
  runRelaxationChunk,
} from './populationRelaxation.js';
export {
  deriveStreamSeed,
  nextInt32,
  normal,
  openUniform,
  Xoshiro128,
  ZIGGURAT_LAYERS,
} from './rng.js';
export { extrapolateMfpt, firstPassageStatistics } from './statistics.js';
export { checkTimeStep } from './timeStep.js';
export {
  sampleTrajectories,
  type TrajectoryRequest,
  type TrajectorySamples,
} from './trajectory.js';
export {
  type CoreSet,
  countTransitions,
  mergeTransitionCounts,
  poissonRate,
  type TransitionCountingConfig,
  type TransitionCounts,
  type TransitionRequest,
} from './transitions.js';
export type {
  ChunkRequest,
  ChunkResult,
  Dynamics,
  FirstPassageStatistics,
  FunctionSource,
  Scheme,
  SimulationConfig,
} from './types.js';
