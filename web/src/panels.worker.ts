/**
 * Worker of the Turnover and Physical-presets panels: `turnover()` (theories, the exact
 * Klein–Kramers curve, simulated points) and `runPreset()` of the library, off the page's thread.
 * The page runs slow requests on a worker of their own and terminates it when they are superseded.
 */
import { runPreset, type TurnoverProblem, type TurnoverRow, turnover } from 'kramers';
import type { PanelsReply, PanelsRequest } from './panelsProtocol.js';

const scope = globalThis as unknown as {
  onmessage: ((event: { data: PanelsRequest }) => void) | null;
  postMessage(message: PanelsReply): void;
};

function handle(request: PanelsRequest): PanelsReply {
  if (request.kind === 'preset') {
    return { id: request.id, kind: 'preset', report: runPreset(request.name, request.settings) };
  }
  const started = performance.now();
  const p = request.problem;
  const base: TurnoverProblem = {
    potential: p.potential,
    parameters: p.parameters,
    D: p.D,
    mass: p.mass,
    ...(p.domain ? { domain: p.domain } : {}),
    from: p.from,
    ...(p.to !== undefined ? { to: p.to } : {}),
  };
  const report = turnover({
    ...base,
    ...request.range,
    ...(request.column === 'exact' ? { exact: true } : {}),
    ...(request.column === 'simulate' ? { simulate: { walkers: request.walkers ?? 2000 } } : {}),
    onProgress: (progress) =>
      scope.postMessage({
        id: request.id,
        kind: 'progress',
        stage: progress.stage,
        done: progress.done,
        total: progress.total,
      }),
  });
  let current: TurnoverRow | null = null;
  if (request.column === 'theory') {
    current =
      turnover({ ...base, gammaMin: p.gamma, gammaMax: p.gamma, points: 1 }).rows[0] ?? null;
  }
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
  try {
    scope.postMessage(handle(request));
  } catch (error) {
    const e = error as { message?: string; code?: string };
    scope.postMessage({
      id: request.id,
      kind: 'error',
      error: { message: String(e?.message ?? error), ...(e?.code ? { code: e.code } : {}) },
    });
  }
};
