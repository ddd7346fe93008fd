import { type RouteResult, type TurnoverProblem, turnoverExactPoint } from '../index.js';

/** Worker-thread entry of the exact pool: one friction value of the exact turnover column. */
export default function exactPoint(job: {
  readonly problem: TurnoverProblem;
  readonly gamma: number;
}): RouteResult {
  return turnoverExactPoint(job.problem, job.gamma);
}
