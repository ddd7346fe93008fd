import {
  type EscapeProblem,
  type PreparedProblem,
  type PrepareOptions,
  prepare,
} from './prepare.js';
import {
  type EscapeProblemND,
  isNDProblem,
  isPreparedND,
  type PreparedProblemND,
  prepareND,
} from './prepareND.js';
import { type PreparedTransition, type TransitionSpec, transitionOf } from './transition.js';
import {
  type PreparedTransitionND,
  type TransitionSpecND,
  transitionOfND,
} from './transitionND.js';

/**
 * The door for a problem in one coordinate or several (exported from the package as `prepare`):
 * a problem in several coordinates (an N-D potential object, two or more `coordinates`, or a box
 * given as one interval per coordinate) is prepared by {@link prepareND}, any other by the
 * one-coordinate preparation. The studies of one coordinate call that one directly, so a problem
 * in several coordinates reaching them is refused with a KramersError, never half-read.
 *
 * @example
 * prepare({ potential: 'x^4/4 - x^2/2 + y^2', coordinates: ['x', 'y'], domain: [{ min: -2, max: 2 }, { min: -1, max: 1 }] }).landscape.saddles.length;
 * // => 1
 */
export function prepareAny(
  problem: EscapeProblemND | PreparedProblemND,
  options?: PrepareOptions,
): PreparedProblemND;
export function prepareAny(
  problem?: EscapeProblem | PreparedProblem,
  options?: PrepareOptions,
): PreparedProblem;
export function prepareAny(
  problem?: EscapeProblem | EscapeProblemND | PreparedProblem | PreparedProblemND,
  options?: PrepareOptions,
): PreparedProblem | PreparedProblemND;
export function prepareAny(
  problem: EscapeProblem | EscapeProblemND | PreparedProblem | PreparedProblemND = {},
  options: PrepareOptions = {},
): PreparedProblem | PreparedProblemND {
  if (isPreparedND(problem)) return problem;
  if (typeof problem === 'object' && problem !== null && isNDProblem(problem)) {
    return prepareND(problem as EscapeProblemND);
  }
  return prepare(problem as EscapeProblem, options);
}

/** One passage of a prepared problem in one coordinate or several (exported as `transitionOf`). */
export function transitionOfAny(
  prepared: PreparedProblemND,
  spec: TransitionSpecND,
): PreparedTransitionND;
export function transitionOfAny(
  prepared: PreparedProblem,
  spec: TransitionSpec,
): PreparedTransition;
export function transitionOfAny(
  prepared: PreparedProblem | PreparedProblemND,
  spec: TransitionSpec | TransitionSpecND,
): PreparedTransition | PreparedTransitionND {
  if (prepared.dimension === 1) return transitionOf(prepared, spec as TransitionSpec);
  return transitionOfND(prepared, spec as TransitionSpecND);
}
