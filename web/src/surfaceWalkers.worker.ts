/**
 * "Run walkers" of the 2-D tab, off the page: the library's `walkerPathsND` (a few walkers' paths
 * to animate) and then `simulateND` (the MFPT of the run with its CI), the same two calls and
 * seed as in Node, so the page shows the numbers `simulateND` gives there. A {kind: 'stop'}
 * message aborts the run between two walkers; the walkers finished by then give the statistics
 * (retcode `interrupted`).
 */
import {
  budgetedRunner,
  isKramersError,
  type JobResult,
  type JobTypes,
  type Runner,
  runJob,
  type SimulateProblemND,
  simulateND,
  walkerPathsND,
} from 'kramers';
import { problemND } from './surfaceProblem.js';
import type { WalkersReply, WalkersRequest, WalkerTrack } from './surfaceProtocol.js';

const scope = globalThis as unknown as {
  onmessage: ((event: { data: WalkersRequest | { kind: 'stop' } }) => void) | null;
  postMessage(message: WalkersReply): void;
};

/** The longest the worker computes without reading its messages (a Stop waits at most this). */
const SLICE_MS = 40;
/** Points kept per animated path: smooth at the map's size, light to post. */
const TRACK_POINTS = 1500;
/** Estimated seconds past which a run waits for a second press (as the 1-D tab's Start). */
const CONFIRM_SECONDS = 60;

let controller: AbortController | null = null;

/** Lets queued messages (a Stop) in: a macrotask, as a MessageChannel posts one. */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

type Chunk = JobTypes['chunkND']['result'];
type Paths = JobTypes['pathsND']['result'];

/** Chunks of one walker each, back in one result (walker order, as the library assembles). */
function mergeChunks(parts: readonly Chunk[], aborted: boolean): Chunk {
  const times = new Float64Array(parts.reduce((n, r) => n + r.times.length, 0));
  const censored = new Uint8Array(times.length);
  let at = 0;
  for (const r of parts) {
    times.set(r.times, at);
    censored.set(r.censored, at);
    at += r.times.length;
  }
  const failure = parts.find((r) => r.failure)?.failure;
  return {
    times,
    censored,
    steps: parts.reduce((n, r) => n + r.steps, 0),
    failed: parts.reduce((n, r) => n + (r.failed ?? 0), 0),
    ...(failure ? { failure } : {}),
    aborted,
  };
}

function mergePaths(parts: readonly Paths[], aborted: boolean): Paths {
  return {
    paths: parts.flatMap((r) => r.paths),
    steps: parts.reduce((n, r) => n + r.steps, 0),
    aborted,
  };
}

/**
 * The in-worker runner: each job of walkers is run one walker at a time (walker i keeps its own
 * stream, so the numbers are those of any other split), and the worker reads its messages every
 * SLICE_MS, so that a Stop is seen within a walker's run rather than after a chunk of 128.
 */
const slicedRunner: Runner = async (jobs, options = {}) => {
  const results: (JobResult | undefined)[] = [];
  let lastYield = performance.now();
  for (const [index, job] of jobs.entries()) {
    if (options.signal?.aborted || (job.kind !== 'chunkND' && job.kind !== 'pathsND')) {
      results.push(options.signal?.aborted ? undefined : runJob(job, options.signal));
      continue;
    }
    const parts: JobResult[] = [];
    const { firstWalker, walkers } = job.request;
    for (let k = 0; k < walkers && !options.signal?.aborted; k++) {
      const one = { ...job.request, firstWalker: firstWalker + k, walkers: 1 };
      parts.push(runJob({ kind: job.kind, request: one } as typeof job));
      if (performance.now() - lastYield > SLICE_MS) {
        await yieldToMessages();
        lastYield = performance.now();
      }
    }
    const aborted = parts.length < walkers;
    const result =
      job.kind === 'chunkND'
        ? mergeChunks(parts as Chunk[], aborted)
        : mergePaths(parts as Paths[], aborted);
    results.push(parts.length > 0 ? result : undefined);
    if (parts.length > 0) options.onDone?.(index, result);
  }
  return results;
};

function tracksOf(paths: Awaited<ReturnType<typeof walkerPathsND>>['paths']): WalkerTrack[] {
  return paths.map((p) => ({
    walker: p.walker,
    t: p.t,
    x: p.x.map((q) => q[0]!),
    y: p.x.map((q) => q[1]!),
    tEnd: p.tEnd,
    end: p.end,
  }));
}

/** What the probe's inner runner throws: the estimate is within the budget. */
const WITHIN_BUDGET = new Error('within the budget');

/**
 * The library's estimate of the statistics run (`jobWork` of its jobs, as the CLI's budget),
 * made before any walker moves: the refusal's text when it is past CONFIRM_SECONDS on this one
 * worker, else null. simulateND prepares its jobs and hands them to the budgeted probe, which
 * refuses them or stops the run before a step.
 */
async function costRefusal(problem: SimulateProblemND): Promise<string | null> {
  const probe = budgetedRunner(
    () => {
      throw WITHIN_BUDGET;
    },
    { seconds: CONFIRM_SECONDS, workers: 1 },
  );
  try {
    await simulateND(problem, { runner: probe });
  } catch (error) {
    if (error === WITHIN_BUDGET) return null;
    if (isKramersError(error) && error.code === 'over_budget') return error.message;
    throw error;
  }
  return null;
}

async function run(request: WalkersRequest, signal: AbortSignal): Promise<void> {
  const problem: SimulateProblemND = {
    ...problemND(request.problem),
    from: request.from,
    to: request.to,
    walkers: request.walkers,
    seed: request.seed,
  };
  if (!request.confirmed) {
    const refusal = await costRefusal(problem);
    if (refusal !== null) {
      scope.postMessage({ kind: 'costly', message: refusal });
      return;
    }
  }
  const options = { runner: slicedRunner, signal };
  const paths = await walkerPathsND(
    { ...problem, paths: Math.min(request.paths, request.walkers), maxPoints: TRACK_POINTS },
    options,
  );
  scope.postMessage({ kind: 'paths', tracks: tracksOf(paths.paths) });
  if (signal.aborted) {
    scope.postMessage({ kind: 'stopped' });
    return;
  }
  const report = await simulateND(problem, {
    ...options,
    onProgress: (done, total) => scope.postMessage({ kind: 'progress', done, total }),
  });
  scope.postMessage({
    kind: 'mfpt',
    stats: {
      retcode: report.retcode,
      walkers: report.walkers,
      censored: report.censored,
      mfpt: report.mfpt,
      mfptStdErr: report.mfptStdErr,
      mfptCI95: report.mfptCI95,
      rate: report.rate,
      rateCI95: report.rateCI95,
      dt: report.dt,
      tMax: report.tMax,
      seed: report.seed,
      target: report.to.description,
      warnings: report.warnings,
    },
  });
}

scope.onmessage = (event) => {
  const message = event.data;
  if (message.kind === 'stop') {
    controller?.abort();
    return;
  }
  controller = new AbortController();
  const { signal } = controller;
  run(message, signal).catch((error: unknown) => {
    // Stopped before a single walker of the statistics finished: nothing to report but that.
    if (signal.aborted && isKramersError(error) && /interrupted/.test(error.message)) {
      scope.postMessage({ kind: 'stopped' });
      return;
    }
    const e = error as { message?: string; code?: string };
    scope.postMessage({
      kind: 'error',
      error: { message: String(e?.message ?? error), ...(e?.code ? { code: e.code } : {}) },
    });
  });
};
