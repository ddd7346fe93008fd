import { type AmsConfig, type AmsPartial, amsRuns } from './ams.js';
import { type AmsConfigND, amsRunsND } from './amsND.js';
import { runChunk } from './kernel.js';
import { runChunkND } from './kernelND.js';
import { type PathRequestND, type PathsResultND, samplePathsND } from './pathsND.js';
import {
  type RelaxationChunk,
  type RelaxationConfig,
  runRelaxationChunk,
} from './populationRelaxation.js';
import {
  sampleTrajectories,
  type TrajectoryRequest,
  type TrajectorySamples,
} from './trajectory.js';
import { countTransitions, type TransitionCounts, type TransitionRequest } from './transitions.js';
import type { ChunkRequest, ChunkResult, Engine } from './types.js';
import type { ChunkRequestND, ChunkResultND } from './typesND.js';

/** A batch of population-relaxation walkers (turnover's simulated points). */
export interface RelaxationRequest {
  readonly config: RelaxationConfig;
  readonly firstWalker: number;
  readonly walkers: number;
}

/** What each kind of job takes and gives back. */
export interface JobTypes {
  /** Walkers to first passage (`runChunk`). */
  readonly chunk: { readonly request: ChunkRequest; readonly result: ChunkResult };
  /** Walkers to first passage in several coordinates (`runChunkND`). */
  readonly chunkND: { readonly request: ChunkRequestND; readonly result: ChunkResultND };
  /** A few N-D walkers' sampled paths to first passage (`samplePathsND`). */
  readonly pathsND: { readonly request: PathRequestND; readonly result: PathsResultND };
  /** Walkers counted on the start side of a barrier over time (`runRelaxationChunk`). */
  readonly relaxation: { readonly request: RelaxationRequest; readonly result: RelaxationChunk };
  /** Independent runs of adaptive multilevel splitting (`amsRuns`). */
  readonly ams: { readonly request: AmsConfig; readonly result: AmsPartial };
  /** Runs of AMS in several coordinates along a reaction coordinate (`amsRunsND`). */
  readonly amsND: { readonly request: AmsConfigND; readonly result: AmsPartial };
  /** Transitions between core sets counted along long trajectories (`countTransitions`). */
  readonly transitions: { readonly request: TransitionRequest; readonly result: TransitionCounts };
  /** Free trajectories sampled on a grid of times (`sampleTrajectories`). */
  readonly trajectory: { readonly request: TrajectoryRequest; readonly result: TrajectorySamples };
}

export type JobKind = keyof JobTypes;

/**
 * One unit of simulation work: plain data (generated source, numbers, seeds) that crosses to a
 * worker thread or a Web Worker as it is. Walker or run i always draws from stream i, so the
 * numbers do not depend on how jobs are spread over workers.
 */
export type SimulationJob = {
  [K in JobKind]: { readonly kind: K; readonly request: JobTypes[K]['request'] };
}[JobKind];

export type JobResult = JobTypes[JobKind]['result'];

/**
 * Runs a job in this thread: the one dispatcher behind every adapter (in-process, Node's
 * worker_threads pool, the browser's Web Workers).
 */
export function runJob(job: SimulationJob, signal?: { aborted: boolean }): JobResult {
  switch (job.kind) {
    case 'chunk':
      return runChunk(job.request, signal);
    case 'chunkND':
      return runChunkND(job.request, signal);
    case 'pathsND':
      return samplePathsND(job.request, signal);
    case 'relaxation':
      return runRelaxationChunk(job.request.config, job.request.firstWalker, job.request.walkers);
    case 'ams':
      return amsRuns(job.request, signal);
    case 'amsND':
      return amsRunsND(job.request, signal);
    case 'transitions':
      return countTransitions(job.request, signal);
    case 'trajectory':
      return sampleTrajectories(job.request, signal);
  }
}

/** Options every runner takes: an abort that keeps finished jobs, and a hook per finished job. */
export interface RunnerOptions {
  readonly signal?: AbortSignal;
  /** Called as each job finishes (in any order), with its index in the request list. */
  readonly onDone?: (index: number, result: JobResult) => void;
}

/**
 * Runs simulation jobs somewhere: in this thread by default, on a worker_threads pool in Node
 * (`createSimulationPool`), on Web Workers in a browser (`createWebWorkerRunner`). Returns one
 * result per job in request order (so the numbers do not depend on the worker count);
 * `undefined` for a job not run because of an abort.
 */
export type Runner = (
  jobs: readonly SimulationJob[],
  options?: RunnerOptions,
) => Promise<(JobResult | undefined)[]>;

/**
 * Runs jobs one after another in this thread, yielding to the event loop between them so that an
 * abort (Ctrl-C, a Stop button) is seen.
 */
export const inProcessRunner: Runner = async (jobs, options = {}) => {
  const results: (JobResult | undefined)[] = [];
  for (const job of jobs) {
    if (options.signal?.aborted) {
      results.push(undefined);
      continue;
    }
    const result = runJob(job, options.signal);
    results.push(result);
    options.onDone?.(results.length - 1, result);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return results;
};

/** The job with its kernels set to `engine`, for the kinds that have a WebAssembly engine. */
function onEngine(job: SimulationJob, engine: Engine): SimulationJob {
  switch (job.kind) {
    case 'chunk':
    case 'chunkND':
    case 'relaxation':
    case 'transitions':
    case 'trajectory': {
      const request = { ...job.request, config: { ...job.request.config, engine } };
      return { ...job, request } as SimulationJob;
    }
    case 'ams':
      return { ...job, request: { ...job.request, engine } };
    default:
      return job;
  }
}

/**
 * A runner that runs every first-passage chunk (in one coordinate or several), population-relaxation
 * batch, transition count, batch of sampled free trajectories and 1-D AMS run on `engine` (the seam
 * every simulating command and the Lab share: a study builds its configurations without knowing
 * the engine). N-D chunks the WebAssembly kernels do not cover (a gradient or target without its
 * program) run on 'js' whatever is asked (`simulationEngineND`). Other job kinds (AMS and sampled paths in several
 * coordinates) have JavaScript kernels only and pass through unchanged. Undefined: the default,
 * the runner as it is.
 */
export function engineRunner(runner: Runner, engine: Engine | undefined): Runner {
  if (engine === undefined) return runner;
  return (jobs, options) =>
    runner(
      jobs.map((job) => onEngine(job, engine)),
      options,
    );
}

/**
 * Runs requests of one kind on a runner (the in-process one by default) and hands back results of
 * that kind: the typed door the studies use.
 */
export async function runJobs<K extends JobKind>(
  runner: Runner | undefined,
  kind: K,
  requests: readonly JobTypes[K]['request'][],
  options: {
    readonly signal?: AbortSignal | undefined;
    readonly onDone?: ((index: number, result: JobTypes[K]['result']) => void) | undefined;
  } = {},
): Promise<(JobTypes[K]['result'] | undefined)[]> {
  const jobs = requests.map((request) => ({ kind, request }) as SimulationJob);
  const { signal, onDone } = options;
  const results = await (runner ?? inProcessRunner)(jobs, {
    ...(signal ? { signal } : {}),
    ...(onDone ? { onDone: (i, r) => onDone(i, r as JobTypes[K]['result']) } : {}),
  });
  return results as (JobTypes[K]['result'] | undefined)[];
}

/** The typed arrays in a result, whose buffers a Web Worker hands over instead of copying. */
export function transferables(result: JobResult): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const value of Object.values(result)) {
    if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) buffers.add(value.buffer);
  }
  return [...buffers];
}
