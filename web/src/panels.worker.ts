/**
 * Worker of the Turnover and Physical-presets panels: `turnover()` (theories, the exact
 * Klein–Kramers curve, simulated points) and `runPreset()` of the library, off the page's thread.
 * The page runs slow requests on a worker of their own and terminates it when they are superseded
 * (which ends the simulation workers it started too).
 */
import { runPreset, type TurnoverProblem, type TurnoverRow, turnover } from 'kramers';
import { createWebWorkerRunner, type WorkerLike } from 'kramers/browser';
import SimulationWorker from 'kramers/browser/worker?worker';
import { exactPointRunner } from './exactRunner.js';
import type { PanelsReply, PanelsRequest } from './panelsProtocol.js';
import type { LabProblem } from './protocol.js';
import { errorReply } from './workerProtocol.js';

const scope = globalThis as unknown as {
  onmessage: ((event: { data: PanelsRequest }) => void) | null;
  postMessage(message: PanelsReply): void;
};

type TurnoverRequest = Extract<PanelsRequest, { kind: 'turnover' }>;

function turnoverProblem(p: LabProblem): TurnoverProblem {
  return {
    potential: p.potential,
    parameters: p.parameters,
    D: p.D,
    mass: p.mass,
    ...(p.domain ? { domain: p.domain } : {}),
    from: p.from,
    ...(p.to !== undefined ? { to: p.to } : {}),
  };
}

/** The simulated points' walkers run on Web Workers of their own (same numbers for any count). */
function simulationRunner(workers: number) {
  return createWebWorkerRunner(workers, {
    createWorker: () => new SimulationWorker() as unknown as WorkerLike,
  }).runner;
}

/** The turnover requests running, each stoppable: an abort returns the points finished. */
const runs = new Map<number, AbortController>();

/** The sweep with the column asked for, its progress posted per friction value. */
async function sweep(request: TurnoverRequest, signal: AbortSignal) {
  const { id, column } = request;
  return turnover(
    {
      ...turnoverProblem(request.problem),
      ...request.range,
      ...(column === 'exact' ? { exact: true } : {}),
      ...(column === 'simulate' ? { simulate: { walkers: request.walkers ?? 2000 } } : {}),
    },
    {
      signal,
      ...(column === 'simulate' ? { runner: simulationRunner(request.workers ?? 2) } : {}),
      ...(column === 'exact' ? { exactRunner: exactPointRunner(request.workers ?? 2) } : {}),
      onProgress: (done, total, step) =>
        scope.postMessage({
          id,
          kind: 'progress',
          stage: step?.stage ?? (column === 'exact' ? 'exact' : 'simulate'),
          done: step?.done ?? done,
          total: step?.total ?? total,
        }),
    },
  );
}

/** The theories at the sidebar's own γ (its regime and rates), beside the sweep. */
async function currentRow(request: TurnoverRequest): Promise<TurnoverRow | null> {
  if (request.column !== 'theory') return null;
  const gamma = request.problem.gamma;
  const single = { ...turnoverProblem(request.problem), gammaMin: gamma, gammaMax: gamma };
  return (await turnover({ ...single, points: 1 })).rows[0] ?? null;
}

async function handle(request: Exclude<PanelsRequest, { kind: 'abort' }>): Promise<PanelsReply> {
  if (request.kind === 'preset') {
    return { id: request.id, kind: 'preset', report: runPreset(request.name, request.settings) };
  }
  const started = performance.now();
  const controller = new AbortController();
  runs.set(request.id, controller);
  // turnover() keeps the finished points when its signal aborts (retcode 'interrupted').
  const report = await sweep(request, controller.signal).finally(() => runs.delete(request.id));
  const current = await currentRow(request);
  return {
    id: request.id,
    kind: 'turnover',
    report,
    current,
    computeMs: performance.now() - started,
  };
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.kind === 'abort') {
    runs.get(request.id)?.abort();
    return;
  }
  handle(request).then(
    (reply) => scope.postMessage(reply),
    (error: unknown) => {
      scope.postMessage(errorReply(request.id, error));
    },
  );
};
