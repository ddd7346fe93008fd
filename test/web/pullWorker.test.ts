import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  dhsCriticalForce,
  dhsLogRate,
  potentialFromExpression,
  pull,
  ruptureForceStatistics,
} from '../../dist/index.js';
import type { PullReply, PullRequest, PullView } from '../../web/src/pullProtocol.js';
import { pullProblemOf } from '../../web/src/pullRun.js';
import { DEFAULT_PULL, type PullSettings } from '../../web/src/pullState.js';
import { DEFAULT_STATE } from '../../web/src/state.js';

/**
 * The Pulling panel's worker answering a 'theory' request, run in Node with the worker's global
 * scope stood in for by globalThis (as test/web/workerProtocol.test.ts does): its reply is the
 * library's pull() over the ladder of rates, the other DHS ν, p(F) at the chosen rate and the
 * tilted landscape, with nothing computed on its own.
 */

// The walkers' nested Web Workers are for 'run' requests only (and need a browser).
vi.mock('../../web/src/nestedWalkers.js', () => ({ nestedWalkerPool: () => () => null }));

const scope = globalThis as unknown as {
  onmessage: ((event: { data: PullRequest }) => void) | null;
  postMessage?: (message: PullReply) => void;
};

beforeAll(async () => {
  // Not a literal: the worker imports Vite's `?worker` modules, which Node's tsconfig cannot type.
  const worker = '../../web/src/pull.worker.js';
  await import(worker);
});

afterAll(() => {
  scope.onmessage = null;
  delete scope.postMessage;
});

function ask(settings: PullSettings): Promise<PullView> {
  return new Promise((resolve, reject) => {
    scope.postMessage = (reply) =>
      reply.kind === 'pull' ? resolve(reply.result) : reject(new Error(JSON.stringify(reply)));
    scope.onmessage!({
      data: { id: 1, kind: 'theory', settings, problem: DEFAULT_STATE.problem },
    });
  });
}

/** The panel's four columns: three of the library's row and the other ν's. */
function columns<T>(row: { bellEvans: T; dhs: T; exact: T }, dhsOther: T) {
  return { bellEvans: row.bellEvans, dhs: row.dhs, dhsOther, exact: row.exact };
}

const LADDER = [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2];

describe("the Pulling panel's worker", () => {
  it("replies pull()'s columns over the ladder of rates and the other DHS ν", async () => {
    const settings = { ...DEFAULT_PULL, loadingRate: 30 };
    const view = await ask(settings);
    const rates = LADDER.map((k) => (k === 0 ? 30 : 30 * 10 ** k));
    const report = await pull(pullProblemOf(settings, DEFAULT_STATE.problem, rates));
    expect(view.ladder.map((row) => row.loadingRate)).toEqual(rates);
    expect(view.chosen).toEqual(view.ladder[4]);
    expect(view.nu).toBe(report.nu);
    expect(view.nuOther).toBe(report.nu === 0.5 ? 2 / 3 : 0.5);
    const forceEnd = dhsCriticalForce(report.bond, view.nuOther);
    report.rows.forEach((row, i) => {
      const shown = view.ladder[i]!;
      const other = ruptureForceStatistics({
        logRate: (F) => dhsLogRate(report.bond, view.nuOther, F),
        loadingRate: row.loadingRate,
        forceEnd,
      });
      expect(shown.meanForce).toEqual(columns(row.meanForce, other.meanForce));
      expect(shown.sdForce).toEqual(columns(row.sdForce, other.sdForce));
      expect(shown.meanForceError).toEqual(columns(row.meanForceError, other.meanForceError));
      expect(shown.sdForceError).toEqual(columns(row.sdForceError, other.sdForceError));
      expect(shown.retcode).toEqual(columns(row.retcode, other.retcode));
      expect(shown.adiabaticity).toBe(row.adiabaticity);
      expect(shown.survivalAtCut).toBe(row.survivalAtCut);
      expect(shown.warnings).toEqual([
        ...row.warnings,
        ...other.warnings.map((w) => `DHS ν = ${view.nuOther.toFixed(3)}: ${w}`),
      ]);
    });
    // p(F) at the chosen rate: the library's curves, then the other ν's.
    const chosen = report.curves.filter((c) => c.loadingRate === 30);
    expect(view.densities.map((d) => d.method)).toEqual([
      ...chosen.map((c) => c.method),
      'dhsOther',
    ]);
    expect(view.densities[0]!.density).toEqual(Array.from(chosen[0]!.curve.density));
    const { computeMs: _, ...rest } = view;
    expect(Object.keys(rest).sort()).toEqual(
      [
        'loadingRate',
        'bond',
        'nu',
        'nuOther',
        'gamma',
        'wellX',
        'barrierX',
        'brokenX',
        'criticalForce',
        'cutForce',
        'dhsCriticalForce',
        'expression',
        'parameters',
        'chosen',
        'ladder',
        'densities',
        'tilted',
        'warnings',
      ].sort(),
    );
    expect(view.warnings).toEqual(report.warnings);
    expect(view.criticalForce).toBe(report.criticalForce);
  });

  it('tilts the sidebar landscape, U(x) − U(x_a) − F (x − x_a), from F = 0 to F_c', async () => {
    const view = await ask({ ...DEFAULT_PULL, model: 'expression', loadingRate: 0.1 });
    const p = DEFAULT_STATE.problem;
    expect(view.expression).toBe(p.potential);
    expect(view.parameters).toEqual(p.parameters);
    const tilted = view.tilted!;
    const a = view.wellX!;
    const span = view.brokenX! - a;
    expect(tilted.x).toHaveLength(301);
    expect(tilted.x[0]).toBe(a - 0.4 * span);
    expect(tilted.x[300]).toBe(a - 0.4 * span + 1.6 * span);
    expect(tilted.forces).toEqual([0, 0.25, 0.5, 0.75, 1].map((f) => f * view.criticalForce!));
    const U = potentialFromExpression(p.potential, { parameters: p.parameters }).U;
    const i = 123;
    const x = tilted.x[i]!;
    expect(tilted.U[3]![i]).toBe(U(x) - U(a) - tilted.forces[3]! * (x - a));
  });
});
