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
  type PullRow,
  potentialFromExpression,
  pull,
  type RetCode,
  type RuptureForceStatistics,
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

/**
 * The theory at the ladder of rates around the chosen one, in three steps: the library's
 * `pull()`, the second DHS ν beside it, and the landscape the walkers would run in.
 */
async function compute(request: ProblemRequest): Promise<PullView> {
  const started = performance.now();
  const r = request.settings.loadingRate;
  const loadingRates = LADDER.map((k) => (k === 0 ? r : r * 10 ** k));
  const report: PullReport = await pull(
    pullProblemOf(request.settings, request.problem, loadingRates),
  );
  const bond = report.bond;
  // The other of DHS's two ν (1/2 cusp, 2/3 linear-cubic): how much the shape of the barrier matters.
  const nuOther = report.nu === 0.5 ? 2 / 3 : 0.5;
  const other = otherDhs(bond, nuOther, loadingRates);
  const rows = report.rows.map((row, i) => rowView(row, other[i]!, nuOther));
  const at = LADDER.indexOf(0);
  const { expression, parameters } = potentialOf(report, request.problem.potential);
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
    densities: densitiesAt(report, r, other[at]!),
    tilted: tiltedLandscape(report, expression, parameters),
    warnings: report.warnings,
    computeMs: performance.now() - started,
  };
}

/** The library's ⟨F⟩ statistics of DHS at the other ν, over the same rates. */
function otherDhs(
  bond: PullReport['bond'],
  nuOther: number,
  loadingRates: readonly number[],
): RuptureForceStatistics[] {
  const otherEnd = dhsCriticalForce(bond, nuOther);
  return loadingRates.map((rate) =>
    ruptureForceStatistics({
      logRate: (F) => dhsLogRate(bond, nuOther, F),
      loadingRate: rate,
      forceEnd: otherEnd,
    }),
  );
}

/** A method-keyed record: the library row's three columns and the other ν's beside them. */
function withOther<T>(row: { bellEvans: T; dhs: T; exact: T }, dhsOther: T): Record<PullMethod, T> {
  return { bellEvans: row.bellEvans, dhs: row.dhs, dhsOther, exact: row.exact };
}

/** One rate's row as the panel shows it: pull()'s row with the other ν's column and warnings. */
function rowView(row: PullRow, o: RuptureForceStatistics, nuOther: number): PullRowView {
  return {
    loadingRate: row.loadingRate,
    meanForce: withOther<number | null>(row.meanForce, o.meanForce),
    sdForce: withOther<number | null>(row.sdForce, o.sdForce),
    meanForceError: withOther<number | null>(row.meanForceError, o.meanForceError),
    sdForceError: withOther<number | null>(row.sdForceError, o.sdForceError),
    retcode: withOther<RetCode | null>(row.retcode, o.retcode),
    adiabaticity: row.adiabaticity,
    survivalAtCut: row.survivalAtCut,
    warnings: [...row.warnings, ...o.warnings.map((w) => `DHS ν = ${nuOther.toFixed(3)}: ${w}`)],
  };
}

/** p(F) at the chosen rate: the library's curve per method, then the other ν's. */
function densitiesAt(
  report: PullReport,
  r: number,
  o: RuptureForceStatistics,
): PullView['densities'][number][] {
  const densities: PullView['densities'][number][] = report.curves
    .filter((c) => c.loadingRate === r)
    .map((c) => ({
      method: c.method as PullMethod,
      force: Array.from(c.curve.force),
      density: Array.from(c.curve.density),
    }));
  densities.push({
    method: 'dhsOther',
    force: Array.from(o.curve.force),
    density: Array.from(o.curve.density),
  });
  return densities;
}

/** What the walkers integrate: the model's U(x) with its bond, or the sidebar's expression. */
function potentialOf(
  report: PullReport,
  sidebarPotential: string,
): Pick<PullView, 'expression' | 'parameters'> {
  const expression = report.source.kind === 'model' ? report.source.expression : sidebarPotential;
  const parameters: Record<string, number> =
    report.source.kind === 'model'
      ? { dG: report.bond.deltaG, xb: report.bond.xb }
      : { ...report.source.potential.parameters };
  return { expression, parameters };
}

/**
 * U(x) − U(x_a) − F (x − x_a) at five forces from 0 to F_c, on 301 points from below the well to
 * past the broken state (none for Bell: no potential).
 */
function tiltedLandscape(
  report: PullReport,
  expression: string | null,
  parameters: Record<string, number>,
): PullView['tilted'] {
  if (
    expression === null ||
    report.wellX === null ||
    report.brokenX === null ||
    report.criticalForce === null
  ) {
    return null;
  }
  const U = potentialFromExpression(expression, { parameters }).U;
  const a = report.wellX;
  const b = report.brokenX;
  const span = b - a;
  const x: number[] = [];
  for (let i = 0; i <= 300; i++) x.push(a - 0.4 * span + (1.6 * span * i) / 300);
  const U0 = U(a);
  const forces = [0, 0.25, 0.5, 0.75, 1].map((f) => f * report.criticalForce!);
  return { x, forces, U: forces.map((F) => x.map((xi) => U(xi) - U0 - F * (xi - a))) };
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
