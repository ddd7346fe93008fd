/**
 * The Pulling panel's worker: `pull()` of the library (Bell–Evans, DHS, the exact quasi-static
 * route) for a ladder of loading rates around the chosen one, the second DHS ν, and the tilted
 * landscape U(x) − F x, off the page's thread; and on Run, `pull()` with its walkers at the
 * chosen rate (as `kramers pull --simulate`), their chunks on nested Web Workers.
 */
import {
  dhsCriticalForce,
  dhsLogRate,
  type PullReport,
  potentialFromExpression,
  pull,
  ruptureForceStatistics,
} from 'kramers';
import { nestedWalkerPool } from './nestedWalkers.js';
import type {
  PullMethod,
  PullReply,
  PullRequest,
  PullRowView,
  PullRunReply,
  PullView,
} from './pullProtocol.js';
import { pullProblemOf, simulationOf } from './pullRun.js';
import { errorReply } from './workerProtocol.js';

const scope = globalThis as unknown as {
  onmessage: ((event: { data: PullRequest }) => void) | null;
  postMessage(message: PullReply | PullRunReply): void;
};

type ProblemRequest = Exclude<PullRequest, { kind: 'abort' }>;

/** ⟨F⟩ against ln r: the chosen rate and two decades either side, half a decade apart. */
const LADDER = [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2];

async function compute(request: ProblemRequest): Promise<PullView> {
  const started = performance.now();
  const s = request.settings;
  const p = request.problem;
  const r = s.loadingRate;
  const loadingRates = LADDER.map((k) => (k === 0 ? r : r * 10 ** k));
  const report: PullReport = await pull(pullProblemOf(s, p, loadingRates));
  const bond = report.bond;
  // The other of DHS's two ν (1/2 cusp, 2/3 linear-cubic): how much the shape of the barrier matters.
  const nuOther = report.nu === 0.5 ? 2 / 3 : 0.5;
  const otherEnd = dhsCriticalForce(bond, nuOther);
  const other = loadingRates.map((rate) =>
    ruptureForceStatistics({
      logRate: (F) => dhsLogRate(bond, nuOther, F),
      loadingRate: rate,
      forceEnd: otherEnd,
    }),
  );
  const rows: PullRowView[] = report.rows.map((row, i) => {
    const o = other[i]!;
    return {
      loadingRate: row.loadingRate,
      meanForce: {
        bellEvans: row.meanForce.bellEvans,
        dhs: row.meanForce.dhs,
        dhsOther: o.meanForce,
        exact: row.meanForce.exact,
      },
      sdForce: {
        bellEvans: row.sdForce.bellEvans,
        dhs: row.sdForce.dhs,
        dhsOther: o.sdForce,
        exact: row.sdForce.exact,
      },
      meanForceError: {
        bellEvans: row.meanForceError.bellEvans,
        dhs: row.meanForceError.dhs,
        dhsOther: o.meanForceError,
        exact: row.meanForceError.exact,
      },
      sdForceError: {
        bellEvans: row.sdForceError.bellEvans,
        dhs: row.sdForceError.dhs,
        dhsOther: o.sdForceError,
        exact: row.sdForceError.exact,
      },
      retcode: {
        bellEvans: row.retcode.bellEvans,
        dhs: row.retcode.dhs,
        dhsOther: o.retcode,
        exact: row.retcode.exact,
      },
      adiabaticity: row.adiabaticity,
      survivalAtCut: row.survivalAtCut,
      warnings: [...row.warnings, ...o.warnings.map((w) => `DHS ν = ${nuOther.toFixed(3)}: ${w}`)],
    };
  });
  const at = LADDER.indexOf(0);
  const densities: PullView['densities'][number][] = report.curves
    .filter((c) => c.loadingRate === r)
    .map((c) => ({
      method: c.method as PullMethod,
      force: Array.from(c.curve.force),
      density: Array.from(c.curve.density),
    }));
  const o = other[at]!;
  densities.push({
    method: 'dhsOther',
    force: Array.from(o.curve.force),
    density: Array.from(o.curve.density),
  });

  const expression = report.source.kind === 'model' ? report.source.expression : p.potential;
  const parameters: Record<string, number> =
    report.source.kind === 'model'
      ? { dG: bond.deltaG, xb: bond.xb }
      : { ...report.source.potential.parameters };
  let tilted: PullView['tilted'] = null;
  if (
    expression !== null &&
    report.wellX !== null &&
    report.brokenX !== null &&
    report.criticalForce !== null
  ) {
    const U = potentialFromExpression(expression, { parameters }).U;
    const a = report.wellX;
    const b = report.brokenX;
    const span = b - a;
    const x: number[] = [];
    for (let i = 0; i <= 300; i++) x.push(a - 0.4 * span + (1.6 * span * i) / 300);
    const U0 = U(a);
    const forces = [0, 0.25, 0.5, 0.75, 1].map((f) => f * report.criticalForce!);
    tilted = { x, forces, U: forces.map((F) => x.map((xi) => U(xi) - U0 - F * (xi - a))) };
  }
  return {
    loadingRate: r,
    bond,
    nu: report.nu,
    nuOther,
    gamma: report.gamma,
    wellX: report.wellX,
    barrierX: report.barrierX,
    brokenX: report.brokenX,
    criticalForce: report.criticalForce,
    cutForce: report.cutForce,
    dhsCriticalForce: report.dhsCriticalForce,
    expression,
    parameters,
    chosen: rows[at]!,
    ladder: rows,
    densities,
    tilted,
    warnings: report.warnings,
    computeMs: performance.now() - started,
  };
}

const walkersOf = nestedWalkerPool();
const runs = new Map<number, AbortController>();

/**
 * Walkers at the chosen rate: `pull()` with `simulate` at that one rate, so that the page shows
 * the library's simulated column (a lower bound when walkers are still intact at the ramp's end,
 * its warning and retcode) and not numbers of its own. Stop aborts: what finished is kept.
 */
async function runWalkers(request: ProblemRequest): Promise<PullRunReply> {
  const { id, settings: s } = request;
  const workers = request.workers ?? 2;
  const pool = walkersOf(workers);
  const controller = new AbortController();
  runs.set(id, controller);
  try {
    const report = await pull(
      {
        ...pullProblemOf(s, request.problem, [s.loadingRate]),
        simulate: { walkers: s.walkers, seed: s.seed },
      },
      {
        runner: pool.runner,
        signal: controller.signal,
        // pull() counts the theory as one step besides the walkers: report the walkers only.
        onProgress: (done, total) =>
          scope.postMessage({
            id,
            kind: 'progress',
            done: Math.max(0, done - 1),
            total: total - 1,
          }),
      },
    );
    const result = simulationOf(report);
    return { id, kind: 'run', result, retcode: report.retcode, warnings: [...report.warnings] };
  } finally {
    runs.delete(id);
  }
}

async function answer(request: ProblemRequest): Promise<PullReply | PullRunReply> {
  if (request.kind === 'run') return runWalkers(request);
  return { id: request.id, kind: 'pull', result: await compute(request) };
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.kind === 'abort') {
    runs.get(request.id)?.abort();
    return;
  }
  answer(request).then(
    (reply) => scope.postMessage(reply),
    (error: unknown) => scope.postMessage(errorReply(request.id, error)),
  );
};
