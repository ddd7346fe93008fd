import type { PresetReport, RateProblem, ReducedProblem } from '../../src/index.js';

/** The value of a preset report's named result (a missing name fails the test, not NaN). */
export function resultOf(report: PresetReport, name: string): number {
  const r = report.results.find((x) => x.name === name);
  if (!r) throw new Error(`no result ${name} in ${report.preset}`);
  return r.value;
}

/** |a − b|/|b|. */
export function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

/** The reduced problem as `rate()` takes it (mass aside, like its `kramers rate` line). */
export function rateProblem(problem: ReducedProblem): RateProblem {
  return {
    potential: problem.potential,
    parameters: problem.parameters,
    D: problem.D,
    gamma: problem.gamma,
    ...(problem.domain ? { domain: problem.domain } : {}),
    ...(problem.from !== undefined ? { from: problem.from } : {}),
    ...(problem.to !== undefined ? { to: problem.to } : {}),
  };
}
