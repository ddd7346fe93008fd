import { describe, expect, it } from 'vitest';
import { pull } from '../../src/index.js';
import { pullProblemOf, simulatedMeanText, simulationOf } from '../../web/src/pullRun.js';
import { DEFAULT_PULL } from '../../web/src/pullState.js';
import { DEFAULT_STATE } from '../../web/src/state.js';

// The Pulling panel's door to pull(): the problem it builds and the simulated column it shows.
describe("the Pulling panel's walkers are pull()'s", () => {
  it('builds the CLI problem for the sidebar expression and for a model bond', () => {
    const p = DEFAULT_STATE.problem;
    const expression = pullProblemOf({ ...DEFAULT_PULL, model: 'expression' }, p, [0.1]);
    expect(expression).toEqual({
      potential: p.potential,
      parameters: p.parameters,
      D: p.D,
      gamma: p.gamma,
      from: p.from,
      loadingRates: [0.1],
    });
    const model = pullProblemOf(DEFAULT_PULL, p, [3]);
    expect(model).toEqual({
      model: 'linear-cubic',
      deltaG: 8,
      xb: 1,
      k0: 1,
      D: 1,
      loadingRates: [3],
    });
  });

  it('shows a lower bound as ≥, with no SE or SD, the warning and not_converged', async () => {
    // The seed double well at r = 0.1 (test/e2e/pull.test.ts: 83 of 200 walkers intact at 2 F_c);
    // 60 walkers keep this fast and still leave some intact (about 40% of them).
    const problem = pullProblemOf(
      { ...DEFAULT_PULL, model: 'expression' },
      DEFAULT_STATE.problem,
      [0.1],
    );
    const report = await pull({ ...problem, simulate: { walkers: 60, seed: 1 } });
    const sim = simulationOf(report)!;
    const column = report.rows[0]!.simulated!;
    expect(column.meanForceIsLowerBound).toBe(true);
    expect(sim.meanForce).toBe(column.meanForce);
    expect(sim.meanForceIsLowerBound).toBe(true);
    expect(sim.meanForceStdErr).toBeNull();
    expect(sim.sdForce).toBeNull();
    expect(sim.meanForceCI95).toEqual(column.meanForceCI95);
    expect(sim.retcode).toBe('not_converged');
    expect(sim.reportRetcode).toBe(report.retcode);
    expect(sim.warnings).toEqual(expect.arrayContaining([...column.warnings]));
    expect(simulatedMeanText(sim, String)).toBe(`≥${column.meanForce}`);
  });

  it('gives no column for a report without walkers (stopped before the first)', async () => {
    const report = await pull({ ...pullProblemOf(DEFAULT_PULL, DEFAULT_STATE.problem, [30]) });
    expect(simulationOf(report)).toBeNull();
  });
});
