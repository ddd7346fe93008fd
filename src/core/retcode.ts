import type { RetCode } from './types.js';

/**
 * How bad each outcome is for a report that collects several: a route that does not apply is not
 * a failure of the report (it says so in its own warning), a censored or interrupted run is a
 * partial answer, and a solver that did not converge is the worst (SciML's return codes).
 */
const SEVERITY: Readonly<Record<RetCode, number>> = {
  success: 0,
  not_applicable: 0,
  censored: 1,
  interrupted: 2,
  not_converged: 3,
};

/**
 * The retcode of a report made of parts: the most severe part's; `success` for no parts, and
 * `not_applicable` only when every part is.
 */
export function combineRetcodes(codes: Iterable<RetCode>): RetCode {
  let worst: RetCode = 'success';
  let all = true;
  let any = false;
  for (const code of codes) {
    any = true;
    if (code !== 'not_applicable') all = false;
    if (SEVERITY[code] > SEVERITY[worst]) worst = code;
  }
  return any && all ? 'not_applicable' : worst;
}
