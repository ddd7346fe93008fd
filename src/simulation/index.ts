/**
 * Langevin simulation of first-passage times: generated per-potential kernels (overdamped Euler–
 * Maruyama and stochastic Heun, underdamped BAOAB and Euler–Maruyama) on two engines with the same
 * numbers bit for bit — generated JavaScript, and WebAssembly SIMD lanes (wasmKernel.ts, and
 * wasmKernelND.ts for walkers in several coordinates; the default where the runtime has
 * SIMD) — counter-based per-walker random streams (xoshiro128** +
 * ziggurat), censored first-passage statistics and dt checks.
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
export { type AmsConfigND, amsRunsND } from './amsND.js';
export {
  budgetedRunner,
  jobSeconds,
  jobSpeed,
  jobWork,
  overBudgetError,
  STEPS_PER_SECOND,
  WASM_STEPS_PER_SECOND,
  type WorkBudget,
} from './budget.js';
export { defaultEngine, parseEngine } from './engine.js';
export {
  engineRunner,
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
export { runChunk, WASM_LANES } from './kernel.js';
export { runChunkND } from './kernelND.js';
export {
  type PathEnd,
  type PathRequestND,
  type PathsResultND,
  samplePathsND,
  type WalkerPathND,
} from './pathsND.js';
export {
  type RelaxationChunk,
  type RelaxationConfig,
  type RelaxationEstimate,
  relaxationRate,
  runRelaxationChunk,
  tQuantile975,
} from './populationRelaxation.js';
export {
  deriveStreamSeed,
  nextInt32,
  normal,
  openUniform,
  Xoshiro128,
  ZIGGURAT_LAYERS,
} from './rng.js';
export {
  chiSquareQuantile,
  type ExtrapolatedMfpt,
  extrapolateMfpt,
  extrapolateMfptPaired,
  firstPassageStatistics,
  logStudentInterval,
  type WalkerTimes,
} from './statistics.js';
export { checkTimeStep } from './timeStep.js';
export {
  sampleTrajectories,
  type TrajectoryRequest,
  type TrajectorySamples,
} from './trajectory.js';
export {
  type CoreSet,
  type CountedRate,
  countTransitions,
  mergeTransitionCounts,
  overdispersedRate,
  poissonRate,
  type TrajectoryCounts,
  type TransitionCountingConfig,
  type TransitionCounts,
  type TransitionRequest,
} from './transitions.js';
export type {
  ChunkRequest,
  ChunkResult,
  Dynamics,
  Engine,
  FirstPassageStatistics,
  FunctionSource,
  Scheme,
  SimulationConfig,
} from './types.js';
export type {
  ChunkRequestND,
  ChunkResultND,
  FrictionEigen,
  SimulationConfigND,
  TargetConditionsND,
} from './typesND.js';
